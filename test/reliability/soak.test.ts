/**
 * A short soak (the 60-second one is `npm run soak`, figures in docs/RELIABILITY.md): a real `sluice serve` under a
 * steady load from four clients on loopback, with the production rate limits. Every request is answered 2xx, every
 * accepted comment ends with a verdict, and resident memory stays within bounds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSoak } from '../../bench/soak-run.js';
import { TEST_REDIS_URL } from '../helpers/env.js';

test('When four clients post 80 comments a second for eight seconds, then every answer is 2xx and every accepted comment is scored', async (t) => {
  const f = await runSoak({ redisUrl: TEST_REDIS_URL, seconds: 8, rate: 80, clients: 4, drainMs: 30_000 });
  t.diagnostic(`sent ${f.sent}, accepted ${f.accepted}, scored ${f.scored}; RSS start ${f.rssMb.start.toFixed(0)} MiB, end ${f.rssMb.end.toFixed(0)} MiB; p99 ${f.latencyMs.p99.toFixed(1)} ms`);
  assert.equal(f.sent, 640);
  assert.equal(f.non2xx, 0, 'no 4xx or 5xx');
  assert.equal(f.errors, 0, 'every request answered');
  assert.equal(f.scored, f.accepted);
  assert.equal(f.unscored, 0);
  // A guard against runaway growth, not a measurement: eight seconds are too short to judge flatness finely.
  assert.ok(f.rssMb.end < 2 * f.rssMb.warm + 50, `RSS ${f.rssMb.warm.toFixed(0)} → ${f.rssMb.end.toFixed(0)} MiB`);
});
