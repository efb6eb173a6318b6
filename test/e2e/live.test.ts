/**
 * Live updates of the views (GET /v1/review/events) against real `sluice api` and `sluice worker` processes and real
 * Redis: the moves come from whichever process made them (the worker holding a comment, the API deciding or taking a
 * report), through Redis, to the streams of the sites asked for; the streams outlive the HTTP timeouts, get their
 * heartbeats, are capped per process, and end promptly when the API shuts down.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createStore } from '../../src/store/index.js';
import { deletePrefix, inspector, newSite, TEST_REDIS_URL, uniquePrefix } from '../helpers/env.js';
import { changesOf, openLive, type LiveReader } from '../helpers/live.js';
import { HOLD_ALL } from '../helpers/moderation.js';
import { sluiceEnv, startSluice, type SluiceProcess } from '../helpers/processes.js';

const prefix = uniquePrefix('live');
const redis = inspector();
const store = createStore(redis, prefix);
const CAP = 4;
const HEARTBEAT_MS = 250;
// Timeouts far below the time a stream stays open here: they must not cut it.
const env = sluiceEnv(TEST_REDIS_URL, prefix, {
  LIVE_MAX_STREAMS: String(CAP),
  LIVE_HEARTBEAT_MS: String(HEARTBEAT_MS),
  HTTP_HEADERS_TIMEOUT_MS: '300',
  HTTP_REQUEST_TIMEOUT_MS: '500',
  HTTP_KEEPALIVE_TIMEOUT_MS: '300',
  SHUTDOWN_TIMEOUT_MS: '20000',
});
let api: SluiceProcess;
let worker: SluiceProcess;
let news: { site: string; key: string };
let other: { site: string; key: string };
let moderator: string;
const open: LiveReader[] = [];

before(async () => {
  news = await newSite(store, 'live news');
  other = await newSite(store, 'live other');
  for (const s of [news.site, other.site]) await store.sites.update(s, (site) => ({ site: { ...site, thresholds: HOLD_ALL } }));
  moderator = (await store.credentials.issueToken('moderator', 'mod', new Date())).token;
  [api, worker] = await Promise.all([startSluice('api', env), startSluice('worker', env)]);
});
after(async () => {
  for (const r of open) r.close();
  for (const p of [api, worker]) if (p?.child.exitCode === null) p.child.kill('SIGTERM');
  await Promise.all([api?.exited, worker?.exited]);
  await deletePrefix(redis, prefix);
  await redis.quit();
});

const live = async (site?: string): Promise<LiveReader> => {
  const r = await openLive(api.url!, moderator, site);
  open.push(r);
  return r;
};

const post = (path: string, token: string, body: object) =>
  fetch(`${api.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

const casino = (id: string) => ({ id, postId: 'p1', content: 'Great read, more at https://woori-casino.xyz today', author: { name: `Lee ${id}` } });

let newsStream: LiveReader;
let everyStream: LiveReader;
let otherStream: LiveReader;

test('When a stream opens, then it is an event stream with a retry hint and a heartbeat, and outlives the HTTP timeouts', async () => {
  newsStream = await live(news.site);
  everyStream = await live();
  otherStream = await live(other.site);
  assert.equal(newsStream.status, 200);
  assert.match(newsStream.headers.get('content-type') ?? '', /^text\/event-stream/);
  assert.equal(newsStream.headers.get('cache-control'), 'no-store');
  await newsStream.waitForComments(1 + 4, 5_000); // `: connected`, then heartbeats
  assert.ok(newsStream.retries[0]! > 0, 'a retry hint first');
  assert.equal(newsStream.comments[0], 'connected');
  assert.deepEqual(new Set(newsStream.comments.slice(1)), new Set(['heartbeat']));
  // Well past HTTP_REQUEST_TIMEOUT_MS and the keep-alive timeout: still open, still beating.
  const seen = newsStream.comments.length;
  await new Promise((r) => setTimeout(r, 1_200));
  assert.ok(newsStream.comments.length >= seen + 3, `heartbeats kept coming: ${newsStream.comments.length - seen}`);
});

test('When the worker holds a comment, then the streams of its site and of every site hear it enter `held`, and no other site’s stream does', async () => {
  const res = await post('/v1/comments', news.key, casino('held-1'));
  assert.equal(res.status, 202);
  const held = (e: { event: string; data: string }) => e.event === 'change' && JSON.parse(e.data).id === 'held-1';
  const event = JSON.parse((await newsStream.waitFor(held)).data);
  assert.deepEqual({ ...event, at: undefined }, { site: news.site, id: 'held-1', view: 'held', change: 'entered', at: undefined });
  assert.ok(Math.abs(Date.parse(event.at) - Date.now()) < 10_000, event.at);
  await everyStream.waitFor(held);
  // Something of the other site reaches its stream after this: had `held-1` been sent there, it would have come first.
  assert.equal((await post('/v1/comments', other.key, casino('other-1'))).status, 202);
  await otherStream.waitFor((e) => e.event === 'change' && JSON.parse(e.data).id === 'other-1');
  assert.deepEqual([...new Set(changesOf(otherStream).map((c) => `${c.site}/${c.id}`))], [`${other.site}/other-1`]);
  await everyStream.waitFor((e) => e.event === 'change' && JSON.parse(e.data).id === 'other-1');
  assert.ok(!changesOf(newsStream).some((c) => c.id === 'other-1'), 'not on the news stream');
});

test('When a moderator decides a held comment, then its site’s stream hears it leave `held` and enter `approved` and `decided`', async () => {
  const res = await post('/v1/comments/held-1/decision', moderator, { site: news.site, verdict: 'ham' });
  assert.equal(res.status, 200, await res.text());
  const decided = (e: { event: string; data: string }) => e.event === 'change' && JSON.parse(e.data).id === 'held-1' && JSON.parse(e.data).view === 'decided';
  await newsStream.waitFor(decided);
  const moves = changesOf(newsStream).filter((c) => c.id === 'held-1').map((c) => `${c.change} ${c.view}`);
  assert.deepEqual(moves, ['entered held', 'entered all', 'left held', 'entered approved', 'entered decided']);
});

test('When the CMS reports a published comment, then it is heard entering `held` again', async () => {
  const res = await post('/v1/comments/held-1/report', news.key, { reason: 'a reader flagged it' });
  assert.equal(res.status, 200, await res.text());
  const heldTwice = () => changesOf(newsStream).filter((c) => c.id === 'held-1' && c.change === 'entered' && c.view === 'held').length === 2;
  await newsStream.waitFor(heldTwice);
  const moves = changesOf(newsStream).filter((c) => c.id === 'held-1').map((c) => `${c.change} ${c.view}`);
  assert.deepEqual(moves.slice(5).sort(), ['entered held', 'left approved', 'left decided']);
});

test('When more streams than LIVE_MAX_STREAMS are asked for, then the excess is answered 503 with Retry-After, and a slot frees when one closes', async () => {
  const fourth = await live();
  assert.equal(fourth.status, 200);
  const refused = await live();
  assert.equal(refused.status, 503);
  assert.equal(refused.refusal?.error.code, 'too_many_streams');
  assert.ok(Number(refused.headers.get('retry-after')) > 0);
  fourth.close();
  const deadline = Date.now() + 5_000;
  let again = await live();
  while (again.status === 503 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    again = await live();
  }
  assert.equal(again.status, 200, 'a slot freed');
  again.close();
});

test('When the API is stopped with streams open, then the streams end and it exits 0 promptly', async () => {
  const streams = open.filter((r) => r.status === 200);
  const start = Date.now();
  api.child.kill('SIGTERM');
  const code = await api.exited;
  const took = Date.now() - start;
  assert.equal(code, 0);
  assert.ok(took < 3_000, `exited after ${took} ms (the shutdown timeout is 20 s)`);
  await Promise.all(streams.map((s) => s.ended));
});
