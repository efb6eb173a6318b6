/**
 * Graceful shutdown under load (complements test/e2e/shutdown.test.ts, which sends one request at a time): SIGTERM
 * reaches `sluice serve` while four clients post as fast as it answers. No answer is a 5xx, the process exits 0, and
 * every comment that got a 202 is scored — by the process before it exits or by the next worker.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { silentLogger } from '../../src/platform/logger.js';
import { startService } from '../../src/service.js';
import { createStore } from '../../src/store/index.js';
import { deletePrefix, inspector, testConfig, TEST_REDIS_URL, uniquePrefix } from '../helpers/env.js';
import { faultRunFigures, sluiceEnv, startSluice, VerdictListener } from '../helpers/processes.js';
import { readerText } from '../helpers/words.js';

const prefix = uniquePrefix('shutdown-load');
const redis = inspector();
const store = createStore(redis, prefix);
after(async () => {
  await deletePrefix(redis, prefix);
  await redis.quit();
});

test('When SIGTERM arrives while four clients keep posting, then no answer is a 5xx, the exit code is 0 and every accepted comment is scored', async (t) => {
  const site = (await store.sites.create({ name: 'shutdown load' }, new Date()))!.id;
  const key = await store.credentials.issueSiteKey(site);
  const listener = await VerdictListener.start(TEST_REDIS_URL, store, site);
  const serve = await startSluice('serve', sluiceEnv(TEST_REDIS_URL, prefix, { WORKER_CONCURRENCY: '2' }));
  const accepted: string[] = [];
  const statuses = new Map<number, number>();
  let n = 0;
  let signalled = false;
  const client = async (): Promise<void> => {
    // Each client posts until the server stops answering: connection refused or reset once it has closed.
    for (;;) {
      const id = `l${n++}`;
      let status: number;
      try {
        const res = await fetch(`${serve.url}/v1/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ id, postId: 'p', content: readerText(n) }),
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        if (signalled) return;
        throw new Error('a request failed before the shutdown');
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 202 || status === 200) accepted.push(id);
      if (!signalled && accepted.length >= 200) {
        signalled = true;
        serve.child.kill('SIGTERM');
      }
    }
  };
  try {
    await Promise.all([client(), client(), client(), client()]);
    assert.equal(await serve.exited, 0);
    assert.deepEqual([...statuses.keys()].filter((s) => s >= 500), [], `statuses: ${JSON.stringify([...statuses])}`);
    assert.ok(accepted.length >= 200);

    const worker = await startService({ config: testConfig(prefix), logger: silentLogger(), api: false, worker: true });
    try {
      await listener.until(accepted, 30_000);
      assert.equal((await faultRunFigures(t, 'SIGTERM to serve under four posting clients', store, site, accepted)).lost, 0);
    } finally {
      await worker.close();
    }
  } finally {
    listener.close();
  }
});
