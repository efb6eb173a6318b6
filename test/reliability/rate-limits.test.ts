/**
 * Ingest limits with real Redis and two API instances on one prefix (as two API processes behind a load balancer):
 * token buckets per site, per author IP and per caller address answer 429 with Retry-After, and the queue-depth
 * ceiling answers 503 with Retry-After. A refused comment is not stored.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import request from 'supertest';
import { silentLogger } from '../../src/platform/logger.js';
import { createQueues } from '../../src/queue/queues.js';
import { startService, type RunningService } from '../../src/service.js';
import { createStore } from '../../src/store/index.js';
import { deletePrefix, inspector, newSite, testConfig, uniquePrefix } from '../helpers/env.js';

const prefix = uniquePrefix('rate');
const redis = inspector();
const store = createStore(redis, prefix);
const running: RunningService[] = [];
after(async () => {
  for (const s of running) await s.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

/** An API instance (no worker, so nothing leaves the queue) with the given limits. */
async function api(env: Record<string, string>): Promise<RunningService> {
  const service = await startService({ config: testConfig(prefix, env), logger: silentLogger(), api: true, worker: false });
  running.push(service);
  return service;
}

const post = (service: RunningService, key: string, id: string, author: object = {}) =>
  request(service.url!).post('/v1/comments').set('Authorization', `Bearer ${key}`).send({ id, postId: 'p', content: `Comment ${id}.`, author });

function assertLimited(res: request.Response, code = 'rate_limited'): void {
  assert.equal(res.status, code === 'rate_limited' ? 429 : 503, JSON.stringify(res.body));
  assert.equal(res.body.error.code, code);
  assert.ok(Number(res.headers['retry-after']) >= 1, 'Retry-After in whole seconds');
}

test('When a site posts faster than its bucket allows, then the API answers 429 with Retry-After, whichever API instance it reaches', async () => {
  const env = { RATE_SITE_PER_SECOND: '0.5', RATE_SITE_BURST: '3' };
  const [a, b] = [await api(env), await api(env)];
  const { site, key } = await newSite(store, 'site bucket');
  for (const id of ['s1', 's2']) assert.equal((await post(a, key, id)).status, 202);
  assert.equal((await post(b, key, 's3')).status, 202);
  const refused = await post(b, key, 's4');
  assertLimited(refused);
  assert.ok(Number(refused.headers['retry-after']) <= 2, 'one token comes back within two seconds at 0.5/s');
  assertLimited(await post(a, key, 's5'));
  assert.equal(await store.comments.get(site, 's4'), undefined, 'a refused comment is not stored');
  // Another site has its own bucket.
  const other = await newSite(store, 'other site');
  assert.equal((await post(a, other.key, 'o1')).status, 202);
});

test('When one author IP posts too often, then its comments get 429, on the webhook and on Akismet, while other authors go through', async () => {
  const service = await api({ RATE_IP_PER_MINUTE: '1', RATE_IP_BURST: '2' });
  const { key } = await newSite(store, 'ip bucket');
  const flooder = { ip: '203.0.113.9' };
  assert.equal((await post(service, key, 'i1', flooder)).status, 202);
  assert.equal((await post(service, key, 'i2', flooder)).status, 202);
  assertLimited(await post(service, key, 'i3', flooder));
  assert.equal((await post(service, key, 'i4', { ip: '203.0.113.10' })).status, 202);
  const akismet = await request(service.url!)
    .post('/1.1/comment-check')
    .type('form')
    .send({ api_key: key, blog: 'https://news.example.org', user_ip: flooder.ip, comment_content: 'Again me.' });
  assertLimited(akismet);
});

test('When one author writes the same address another way (IPv4-mapped, uncompressed IPv6) or moves within an IPv6 /64, then it is still the same bucket', async () => {
  const service = await api({ RATE_IP_PER_MINUTE: '1', RATE_IP_BURST: '2' });
  const { key } = await newSite(store, 'ip spellings');
  assert.equal((await post(service, key, 'v1', { ip: '203.0.113.200' })).status, 202);
  assert.equal((await post(service, key, 'v2', { ip: '203.0.113.200' })).status, 202);
  assertLimited(await post(service, key, 'v3', { ip: '::ffff:203.0.113.200' }));
  assertLimited(await post(service, key, 'v4', { ip: '0:0:0:0:0:ffff:cb00:71c8' }));
  assertLimited(await post(service, key, 'v5', { ip: ' 203.0.113.200' }));
  assert.equal((await post(service, key, 'w1', { ip: '2001:db8:1:2::1' })).status, 202);
  assert.equal((await post(service, key, 'w2', { ip: '2001:db8:1:2:aaaa::7' })).status, 202);
  assertLimited(await post(service, key, 'w3', { ip: '2001:DB8:1:2:ffff:ffff:ffff:ffff' }));
  assert.equal((await post(service, key, 'w4', { ip: '2001:db8:1:3::1' })).status, 202, 'the next /64 is another bucket');
});

test('When one caller address sends too many comments, then it gets 429 whatever site key it uses', async () => {
  const service = await api({ RATE_CLIENT_PER_SECOND: '0.1', RATE_CLIENT_BURST: '2' });
  const one = await newSite(store, 'client one');
  const two = await newSite(store, 'client two');
  assert.equal((await post(service, one.key, 'c1')).status, 202);
  assert.equal((await post(service, two.key, 'c2')).status, 202);
  assertLimited(await post(service, one.key, 'c3'));
});

test('When more comments wait to be scored than MAX_QUEUE_DEPTH, then ingest answers 503 with Retry-After instead of storing more', async () => {
  const queues = createQueues(redis, prefix, 1, silentLogger());
  const env = { MAX_QUEUE_DEPTH: String((await queues.depth()) + 3) };
  await queues.close();
  const filler = await api(env);
  const { site, key } = await newSite(store, 'deep queue');
  for (const id of ['q1', 'q2', 'q3']) assert.equal((await post(filler, key, id)).status, 202);
  // A fresh instance reads the depth now (each instance caches it for a second).
  const fresh = await api(env);
  assertLimited(await post(fresh, key, 'q4'), 'unavailable');
  assert.equal(await store.comments.get(site, 'q4'), undefined);
});

test('When a burst arrives at once with MAX_QUEUE_DEPTH=30, then exactly 30 are accepted by one API process and the rest answer 503', async () => {
  const queues = createQueues(redis, prefix, 1, silentLogger());
  const before = await queues.depth();
  await queues.close();
  const service = await api({ MAX_QUEUE_DEPTH: String(before + 30) });
  const { site, key } = await newSite(store, 'burst queue');
  const ids = Array.from({ length: 46 }, (_, i) => `b${i}`);
  const answers = await Promise.all(ids.map((id) => post(service, key, id)));
  const statuses = answers.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 202).length, 30, statuses.join(' '));
  assert.equal(statuses.filter((s) => s === 503).length, 16, statuses.join(' '));
  const stored = await Promise.all(ids.map((id) => store.comments.get(site, id)));
  assert.equal(stored.filter(Boolean).length, 30, 'what was refused was not stored');
});
