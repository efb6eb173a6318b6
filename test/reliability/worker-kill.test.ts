/**
 * A worker killed with SIGKILL in the middle of its jobs (real processes, real Redis): the jobs it held are found by
 * another worker's stalled check and finished there; every comment ends with one verdict, announced once, and the CMS
 * gets one callback per comment (a retried POST carries the same Sluice-Delivery id, so the CMS can drop the repeat).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Queue } from 'bullmq';
import { silentLogger } from '../../src/platform/logger.js';
import { bullPrefix, createQueues, QUEUE_NAMES } from '../../src/queue/queues.js';
import { createStore } from '../../src/store/index.js';
import { deletePrefix, inspector, TEST_REDIS_URL, uniquePrefix } from '../helpers/env.js';
import { faultRunFigures, sluiceEnv, startSluice, VerdictListener } from '../helpers/processes.js';
import { startReceiver } from '../helpers/receiver.js';
import { readerText } from '../helpers/words.js';

const prefix = uniquePrefix('kill');
const redis = inspector();
const store = createStore(redis, prefix);
after(async () => {
  await deletePrefix(redis, prefix);
  await redis.quit();
});

// Short locks and frequent stalled checks keep the recovery within a second or two.
const env = sluiceEnv(TEST_REDIS_URL, prefix, { STALLED_INTERVAL_MS: '300', LOCK_DURATION_MS: '1000', CALLBACK_ALLOW_PRIVATE: 'true', DELIVERY_BACKOFF_MS: '50', DELIVERY_BACKOFF_MAX_MS: '200' });

test('When a worker is killed with SIGKILL mid-job, then another worker finishes its jobs: one verdict and one callback per comment', async (t) => {
  const receiver = await startReceiver();
  const queues = createQueues(redis, prefix, 5, silentLogger());
  const comments = new Queue(QUEUE_NAMES.comments, { connection: redis, prefix: bullPrefix(prefix) });
  const site = (await store.sites.create({ name: 'kill', callbackUrl: receiver.url }, new Date()))!.id;
  const listener = await VerdictListener.start(TEST_REDIS_URL, store, site);
  try {
    const ids = Array.from({ length: 400 }, (_, i) => `k${i}`);
    for (const id of ids) {
      const accepted = await store.comments.accept(site, { id, postId: 'p', content: readerText(ids.indexOf(id)), contentType: 'text', author: {} }, new Date());
      await queues.enqueueScore({ site, id, rev: accepted.revision });
    }

    const first = await startSluice('worker', env);
    await first.waitForLog('scored', 30);
    first.child.kill('SIGKILL');
    assert.equal(await first.exited, null, 'killed by the signal');
    const orphans = (await comments.getActive()).map((j) => j.data.id);
    assert.ok(orphans.length > 0, 'the killed worker left jobs in flight');

    const second = await startSluice('worker', env);
    await listener.until(ids, 30_000);
    assert.equal((await faultRunFigures(t, 'SIGKILL of a worker mid-job, a second worker finishes', store, site, ids)).lost, 0);
    const records = await Promise.all(ids.map((id) => store.comments.get(site, id)));
    assert.ok(records.every((r) => r?.status === 'scored'), 'every comment is scored');
    for (const id of ids) assert.equal(listener.announced.get(id) ?? 1, 1, `${id}: one verdict, announced once`);

    // Final verdicts (ham and spam; held ones wait for a moderator) each reach the CMS once.
    const told = ids.filter((_, i) => records[i]!.verdict!.verdict !== 'review');
    const deliveries = new Map<string, Set<string>>();
    const count = (): number => {
      deliveries.clear();
      for (const r of receiver.delivered()) {
        const id = String(r.body['id']);
        deliveries.set(id, (deliveries.get(id) ?? new Set()).add(String(r.headers['sluice-delivery'])));
      }
      return deliveries.size;
    };
    while (count() < told.length) await receiver.waitFor(receiver.received.length + 1, 15_000);
    assert.deepEqual([...deliveries.keys()].sort(), [...told].sort());
    for (const [id, deliveryIds] of deliveries) assert.equal(deliveryIds.size, 1, `${id}: one delivery id`);
    const counted = await redis.hget(store.keys.stats(site, new Date().toISOString().slice(0, 10)), 'received');
    assert.equal(Number(counted), ids.length, 'each comment counted once in the stats');

    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0);
  } finally {
    listener.close();
    await comments.close();
    await queues.close();
    await receiver.close();
  }
});
