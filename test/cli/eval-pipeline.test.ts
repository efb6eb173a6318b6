/** `sluice eval --pipeline` and `sluice lists`: the operator's commands of the heuristics. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sharedDataDir } from '../../src/platform/paths.js';
import { runCli } from '../helpers/cli.js';
import { deletePrefix, inspector, TEST_REDIS_URL, uniquePrefix } from '../helpers/env.js';

const youtube = join(sharedDataDir, 'youtube-spam-collection');
const skip = existsSync(youtube) ? false : `shared data not found at ${youtube}`;

const cli = runCli;

interface Figures { precision: number; recall: number; f1: number; fpr: number }

test('When eval --pipeline rotates over two videos with a third as out-of-domain test, then it prints spam and spam-or-review figures', { skip }, async () => {
  const files = ['Youtube01-Psy.csv', 'Youtube02-KatyPerry.csv'].flatMap((f) => ['--data', join(youtube, f)]);
  const r = await cli(['eval', '--pipeline', ...files, '--test', join(youtube, 'Youtube04-Eminem.csv')]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { rotations: Array<{ heldOut: string; spam: Figures; spamOrReview: Figures }>; pooled: { n: number; spam: Figures }; outOfDomain: Array<{ file: string; spam: Figures }> };
  assert.deepEqual(out.rotations.map((x) => x.heldOut), ['Youtube01-Psy.csv', 'Youtube02-KatyPerry.csv']);
  assert.equal(out.pooled.n, 700);
  for (const x of out.rotations) {
    assert.ok(x.spam.precision >= 0.95 && x.spam.fpr <= 0.02, JSON.stringify(x.spam));
    assert.ok(x.spamOrReview.recall >= x.spam.recall);
  }
  assert.equal(out.outOfDomain[0]?.file, 'Youtube04-Eminem.csv');
});

test('When eval --pipeline gets a single source, then it is a usage error (exit 2)', { skip }, async () => {
  const r = await cli(['eval', '--pipeline', '--data', join(youtube, 'Youtube01-Psy.csv')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /at least two/);
});

test('When an operator uses sluice lists, then values are stored canonical, global without --site, and bad ones refused', async () => {
  const prefix = uniquePrefix('lists-cli');
  const env = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, EMBEDDED_REDIS: 'never' };
  const redis = inspector();
  try {
    const added = await cli(['lists', 'add', 'blocked-ips', '203.0.113.7/24', '2001:DB8::1'], env);
    assert.equal(added.code, 0, added.stderr);
    assert.deepEqual(JSON.parse(added.stdout), { site: '*', kind: 'blocked-ips', values: ['2001:db8::1', '203.0.113.0/24'] });
    const removed = await cli(['lists', 'remove', 'blocked-ips', '2001:db8::1'], env);
    assert.deepEqual(JSON.parse(removed.stdout).values, ['203.0.113.0/24']);
    const bad = await cli(['lists', 'add', 'blocked-ips', 'nonsense'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not an IP address/);
    assert.equal((await cli(['lists', 'add', 'nope', 'x'], env)).code, 2);
    assert.equal((await cli(['lists', 'get', 'banned-words', '--site', 'missing'], env)).code, 2);
  } finally {
    await deletePrefix(redis, prefix);
    await redis.quit();
  }
});
