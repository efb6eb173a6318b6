/**
 * The ingest fast path: a site key's principal and its site's record are reused for INGEST_CACHE_MS per API process
 * (changes made elsewhere are seen within that time, changes made through the process at once, staff tokens never
 * cached), and the rate-limit tokens are taken by the same script that stores the comment (a refusal stores nothing
 * and takes nothing).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, test } from 'node:test';
import request from 'supertest';
import { silentLogger } from '../../src/platform/logger.js';
import { startService, type RunningService } from '../../src/service.js';
import { createStore } from '../../src/store/index.js';
import { RecentReads } from '../../src/store/recent.js';
import type { Site } from '../../src/store/sites.js';
import { deletePrefix, inspector, newSite, testConfig, uniquePrefix } from '../helpers/env.js';

const prefix = uniquePrefix('ingest-cache');
const redis = inspector();
const store = createStore(redis, prefix);
const running: RunningService[] = [];
after(async () => {
  for (const s of running) await s.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

async function api(env: Record<string, string> = {}): Promise<RunningService> {
  const service = await startService({ config: testConfig(prefix, env), logger: silentLogger(), api: true, worker: false });
  running.push(service);
  return service;
}


let n = 0;
const post = (service: RunningService, key: string, author: object = {}) =>
  request(service.url!).post('/v1/comments').set('Authorization', `Bearer ${key}`).send({ id: `c${++n}`, postId: 'p', content: `Comment ${n}.`, author });

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Posts until the answer has `status`; returns how long that took (ms), or fails after `limitMs`. */
async function untilStatus(service: RunningService, key: string, status: number, limitMs: number): Promise<number> {
  const start = Date.now();
  for (;;) {
    const res = await post(service, key);
    if (res.status === status) return Date.now() - start;
    assert.ok(Date.now() - start < limitMs, `still ${res.status} after ${limitMs} ms`);
    await sleep(20);
  }
}

test('When a site key is deleted from Redis by another process, then the API refuses it within INGEST_CACHE_MS', async () => {
  const service = await api({ INGEST_CACHE_MS: '300' });
  const { key } = await newSite(store, 'deleted key');
  await post(service, key).expect(202);
  // Straight in Redis, as another process would: this process's stores are not told.
  await redis.del(`${prefix}:cred:${sha256(key)}`);
  const took = await untilStatus(service, key, 401, 2_000);
  assert.ok(took <= 1_500, `refused after ${took} ms`);
  await post(service, key).expect(401);
});

test('When INGEST_CACHE_MS is 0, then a deleted site key is refused at once', async () => {
  const service = await api({ INGEST_CACHE_MS: '0' });
  const { key } = await newSite(store, 'uncached key');
  await post(service, key).expect(202);
  await redis.del(`${prefix}:cred:${sha256(key)}`);
  await post(service, key).expect(401);
});

test('When a staff token is deleted, then it is refused at once (staff tokens are never cached)', async () => {
  const service = await api({ INGEST_CACHE_MS: '60000' });
  const { token } = await store.credentials.issueToken('operator', 'ops', new Date());
  await request(service.url!).get('/v1/sites').set('Authorization', `Bearer ${token}`).expect(200);
  await redis.del(`${prefix}:cred:${sha256(token)}`);
  await request(service.url!).get('/v1/sites').set('Authorization', `Bearer ${token}`).expect(401);
});

test("When a site's settings change in another process, then ingest applies them within INGEST_CACHE_MS; through this process at once", async () => {
  const service = await api({ INGEST_CACHE_MS: '300' });
  const { site, key } = await newSite(store, 'changing site');
  await post(service, key).expect(202);
  // Another process requires signed webhooks (written straight in Redis).
  const record = JSON.parse((await redis.get(`${prefix}:site:${site}`))!) as Site;
  assert.ok(record.id === site, 'the site key name is as assumed');
  await redis.set(`${prefix}:site:${site}`, JSON.stringify({ ...record, requireSignedWebhooks: true }));
  const took = await untilStatus(service, key, 401, 2_000);
  assert.ok(took <= 1_500, `applied after ${took} ms`);
  // Through a store of this process: seen by the very next request, with a cache far longer than the test.
  const long = await api({ INGEST_CACHE_MS: '60000' });
  await post(long, key).expect(401);
  await store.sites.update(site, (s) => ({ site: { ...s, requireSignedWebhooks: false } }));
  await post(long, key).expect(202);
  await store.sites.update(site, (s) => ({ site: { ...s, requireSignedWebhooks: true } }));
  await post(long, key).expect(401);
});

test('When a bucket refuses a comment, then the one script stores nothing and takes no token from the other buckets', async () => {
  const service = await api({ RATE_IP_PER_MINUTE: '1', RATE_IP_BURST: '1', RATE_SITE_PER_SECOND: '1', RATE_SITE_BURST: '5' });
  const { site, key } = await newSite(store, 'one script');
  await post(service, key, { ip: '192.0.2.80' }).expect(202);
  const refused = await post(service, key, { ip: '192.0.2.80' }).expect(429);
  assert.ok(Number(refused.headers['retry-after']) >= 1);
  assert.equal(await store.comments.get(site, `c${n}`), undefined, 'the refused comment is not stored');
  // The site bucket gave one token (the first comment), not two: four more comments from other authors pass.
  for (let i = 0; i < 4; i++) await post(service, key, { ip: `192.0.2.${90 + i}` }).expect(202);
  await post(service, key, { ip: '192.0.2.99' }).expect(429);
});

test('When many requests miss the cache at once, then they share one read; absent values and failures are not kept', async () => {
  const cache = new RecentReads<string>();
  let reads = 0;
  const load = async () => {
    reads++;
    await sleep(10);
    return 'v';
  };
  const values = await Promise.all(Array.from({ length: 20 }, () => cache.read('k', 1_000, load)));
  assert.deepEqual(new Set(values), new Set(['v']));
  assert.equal(reads, 1);
  await cache.read('k', 1_000, load);
  assert.equal(reads, 1, 'a fresh entry is reused');
  cache.forget('k');
  await cache.read('k', 1_000, load);
  assert.equal(reads, 2, 'a forgotten entry is read again');
  await cache.read('k', 0, load);
  assert.equal(reads, 3, 'maxAgeMs 0 always reads');

  let absent = 0;
  await cache.read('a', 1_000, async () => (absent++, undefined));
  await cache.read('a', 1_000, async () => (absent++, undefined));
  assert.equal(absent, 2, 'an absent record is not kept');
  await assert.rejects(cache.read('f', 1_000, async () => Promise.reject(new Error('down'))));
  assert.equal(await cache.read('f', 1_000, async () => 'back'), 'back', 'a failed read is not kept');
  let kept = 0;
  await cache.read('s', 1_000, async () => (kept++, 'staff'), () => false);
  await cache.read('s', 1_000, async () => (kept++, 'staff'), () => false);
  assert.equal(kept, 2, 'values refused by keep() are read every time');
});
