/** Re-posts and edits, observed in the real BullMQ queue (no worker runs, so jobs stay countable). */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Queue } from 'bullmq';
import request from 'supertest';
import { QUEUE_NAMES, bullPrefix } from '../../src/queue/queues.js';
import { startTestService, type TestService } from '../helpers/service.js';

let t: TestService;
let queue: Queue;
before(async () => {
  t = await startTestService('idempotency', { worker: false });
  queue = new Queue(QUEUE_NAMES.comments, { connection: t.redis, prefix: bullPrefix(t.config.redisPrefix) });
});
after(async () => {
  await queue.close();
  await t.stop();
});

const comment = { id: 'edit:me/1', postId: 'p1', content: 'First version of my comment.' };
const post = (body: object) => request(t.url).post('/v1/comments').set('Authorization', `Bearer ${t.apiKey}`).send(body);

test('When the same comment is posted twice, then one job is queued; when it is edited, then a second one is', async () => {
  await post(comment).expect(202);
  await post(comment).expect(202);
  assert.equal(await queue.getWaitingCount(), 1);

  const edited = await post({ ...comment, content: 'Second version, edited.' }).expect(202);
  assert.equal(edited.body.status, 'queued');
  const jobs = await queue.getWaiting();
  assert.deepEqual(jobs.map((j) => j.data.rev).sort(), [0, 1]);
  const stored = await t.store.comments.get(t.site, comment.id);
  assert.equal(stored?.comment.content, 'Second version, edited.');
  assert.equal(stored?.comment.revision, 1);
});

test('When a queued comment is re-posted after its job vanished, then the job is queued again (nothing accepted is lost)', async () => {
  const c = { id: 'lost-job', postId: 'p1', content: 'Accepted, but the enqueue failed.' };
  await post(c).expect(202);
  await queue.drain(); // simulates an enqueue that never happened
  assert.equal(await queue.getWaitingCount(), 0);
  await post(c).expect(202);
  const jobs = await queue.getWaiting();
  assert.deepEqual(jobs.map((j) => j.data.id), ['lost-job']);
});
