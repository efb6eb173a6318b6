/** Callbacks to the CMS through the deliveries queue: retries, failures operators see and replay, the SSRF guard. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Queue, QueueEvents, UnrecoverableError } from 'bullmq';
import { bullPrefix, commentHash, QUEUE_NAMES } from '../../src/queue/queues.js';
import { silentLogger } from '../../src/platform/logger.js';
import { createMetrics } from '../../src/platform/metrics.js';
import { verifySignature } from '../../src/delivery/sign.js';
import { deliverCallback } from '../../workers/deliver-callback.js';
import { as, configureSite, MODERATION_ENV, readerComment, submit } from '../helpers/moderation.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { startTestService, type TestService } from '../helpers/service.js';

describe('deliveries', () => {
  let t: TestService;
  let cms: Receiver;
  let events: QueueEvents;
  let queue: Queue;
  let op: ReturnType<typeof as>;
  before(async () => {
    t = await startTestService('deliveries', { env: MODERATION_ENV });
    cms = await startReceiver();
    // A host name, so the address is resolved and pinned rather than given.
    await configureSite(t, { callbackUrl: cms.url.replace('127.0.0.1', 'localhost') });
    const connection = { url: t.config.redisUrl };
    events = new QueueEvents(QUEUE_NAMES.deliveries, { connection, prefix: bullPrefix(t.config.redisPrefix) });
    queue = new Queue(QUEUE_NAMES.deliveries, { connection, prefix: bullPrefix(t.config.redisPrefix) });
    await events.waitUntilReady();
    op = as(t, t.operatorToken);
  });
  after(async () => {
    await events.close();
    await queue.close();
    await t.stop();
    await cms.close();
  });

  /** Waits until the machine-verdict delivery of a comment has completed or failed for good. */
  const settled = async (id: string) => {
    const jobId = `${commentHash(t.site, id)}-m0`;
    // The verdict is answered before the delivery is queued: wait for it to be added if it is not there yet.
    const added = new Promise<void>((resolve) => {
      const onAdded = (e: { jobId: string }) => e.jobId === jobId && (events.off('added', onAdded), resolve());
      events.on('added', onAdded);
      void queue.getJob(jobId).then((j) => j && (events.off('added', onAdded), resolve()));
    });
    await added;
    const job = await queue.getJob(jobId);
    assert.ok(job, `a delivery job for ${id}`);
    return job.waitUntilFinished(events, 10_000).then(
      () => 'completed',
      (err: Error) => err.message,
    );
  };

  test('When the CMS fails twice then succeeds, then it gets exactly one successful delivery, signed, on the third try', async () => {
    cms.answers = [500, 503];
    const comment = readerComment(1);
    assert.equal((await submit(t, comment)).verdict, 'ham');
    assert.equal(await settled(comment.id), 'completed');
    const mine = cms.received.filter((r) => r.body['id'] === comment.id);
    assert.deepEqual(mine.map((r) => r.status), [500, 503, 200]);
    assert.equal(cms.delivered().filter((r) => r.body['id'] === comment.id).length, 1);
    assert.deepEqual(mine.map((r) => r.headers['sluice-attempt']), ['1', '2', '3']);
    assert.equal(new Set(mine.map((r) => r.headers['sluice-delivery'])).size, 1, 'one delivery id across tries');
    const site = await t.store.sites.get(t.site);
    assert.ok(verifySignature(String(mine[2]!.headers['sluice-signature']), mine[2]!.raw, site!.webhookSecret, new Date()));
    assert.deepEqual(mine[2]!.body['decidedBy'], null);
  });

  test('When the CMS keeps failing, then the delivery is listed as failed, and a replay delivers it', async () => {
    cms.answers = [500, 500, 500, 500];
    const comment = readerComment(2);
    await submit(t, comment);
    assert.match(await settled(comment.id), /answered 500/);
    const failed = await op.get('/v1/deliveries?state=failed').expect(200);
    const listed = failed.body.deliveries.find((d: { commentId: string }) => d.commentId === comment.id);
    assert.ok(listed, JSON.stringify(failed.body));
    assert.equal(listed.attempts, 4);
    assert.equal(listed.site, t.site);
    assert.match(listed.lastError, /The CMS answered 500/);

    const replay = await op.post(`/v1/deliveries/${listed.id}/replay`).expect(202);
    assert.deepEqual(replay.body, { id: listed.id, state: 'waiting' });
    assert.equal(await settled(comment.id), 'completed');
    assert.equal(cms.delivered().filter((r) => r.body['id'] === comment.id).length, 1);
    const again = await op.post(`/v1/deliveries/${listed.id}/replay`).expect(409);
    assert.equal(again.body.error.code, 'not_replayable');
  });

  test('When the CMS answers with a redirect, then it is not followed and counts as a failure', async () => {
    cms.answers = [302, 302, 302, 302];
    const comment = readerComment(3);
    await submit(t, comment);
    assert.match(await settled(comment.id), /redirects are not followed/);
    assert.equal(cms.received.filter((r) => r.body['id'] === comment.id).length, 4);
  });

  test('When private callback addresses are not allowed, then a delivery to one fails at once without retries', async () => {
    const strict = { ...t.config, callbackAllowPrivate: false };
    const deps = { config: strict, store: t.store, metrics: createMetrics(), logger: silentLogger(), now: () => new Date() };
    const job = { site: t.site, body: { id: 'x', postId: 'p', verdict: 'ham' as const, discard: false, score: 0, reasons: [], decidedBy: null, at: '' } };
    const before = cms.received.length;
    await assert.rejects(deliverCallback(deps, job, { deliveryId: 'd', attempt: 1 }, silentLogger()), UnrecoverableError);
    assert.equal(cms.received.length, before, 'nothing was sent');
  });

  test('When an operator or a moderator lists deliveries with a bad state, then 400, and moderators may not at all', async () => {
    const bad = await op.get('/v1/deliveries?state=lost').expect(400);
    assert.equal(bad.body.error.code, 'validation_failed');
    await as(t, t.moderatorToken).get('/v1/deliveries').expect(403);
    const missing = await op.post('/v1/deliveries/nope/replay').expect(404);
    assert.equal(missing.body.error.code, 'not_found');
  });
});
