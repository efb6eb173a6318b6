/**
 * `npm run bench:review`: the review list over a queue of 1,000,000 held comments, in a private redis-server.
 *
 * 1. The index's cost per comment: 20,000 real comments of the shared sources (with a verdict of three reasons and
 *    one campaign key) filed by the index's one writer (`CommentIndexStore.sync`): Redis's memory growth per comment
 *    (state sets and search terms, the comment hashes excluded) and µs per filing.
 * 2. A page: 1,000,000 held comments of one site (the hashes written directly, the state sets as `sync` fills them,
 *    a post term per 200 comments, a rare word per 1,000 and one word in every comment), then `listReview` (the use
 *    case behind GET /v1/review, in-process: the HTTP layer adds its own ~1 ms) for the first page of 50, a page deep
 *    into the queue (by cursor), by score, filtered by post, searched by a rare word and by the word in every comment,
 *    and the counts. Each next to its peer measured in the same run on the same connection: a bare ZRANGEBYSCORE of
 *    50 plus the 50 HGETALLs a page has to read, and (before the index) the whole queue read as ids, which the old
 *    listing did before reading every comment.
 * Medians of 20 runs each (the whole-queue read: 3), after two warm-ups. Target: < 50 ms a page (issue 15).
 */
import { Redis } from 'ioredis';
import { commentOf } from '../src/evaluation/pipeline.js';
import { loadSharedSources } from '../src/evaluation/sources.js';
import { listReview } from '../src/use-cases/review-list.js';
import { sharedDataDir } from '../src/platform/paths.js';
import { createStore } from '../src/store/index.js';
import type { Verdict } from '../src/domain/verdict.js';
import { startRedis } from './support/processes.js';
import { quantileSorted } from './support/stats.js';

const HELD = Number(process.env['BENCH_REVIEW_HELD'] ?? 1_000_000);
const SAMPLE = 20_000;
const RUNS = 20;
const TARGET_MS = 50;
const out = (line: string) => process.stdout.write(`${line}\n`);

const sources = await loadSharedSources(sharedDataDir);
const examples = sources.flatMap((s) => s.examples);
if (examples.length === 0) throw new Error(`no labelled comments under ${sharedDataDir}`);

const server = await startRedis();
const redis = new Redis(server.url);
const store = createStore(redis, 'bench');
const k = store.keys;
const used = async (): Promise<number> => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
const start = Date.parse('2026-11-01T00:00:00Z');

function verdictOf(site: string, id: string, at: number, score: number): Verdict {
  return {
    id,
    site,
    status: 'scored',
    verdict: 'review',
    discard: false,
    score,
    reasons: [
      { code: 'prior', weight: -2, message: 'prior' },
      { code: 'lexicon.domain', weight: 3.1, message: 'a link to a casino domain' },
      { code: 'bayes', weight: 0.4, message: 'the classifier' },
    ],
    model: 'bench',
    receivedAt: new Date(at).toISOString(),
  } as Verdict;
}

/** Milliseconds of `fn`, median and p90 of `runs` runs after two warm-ups. */
async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<{ p50: number; p90: number }> {
  for (let i = 0; i < 2; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: quantileSorted(ms, 0.5), p90: quantileSorted(ms, 0.9) };
}

const fmt = (t: { p50: number; p90: number }): string => `${t.p50.toFixed(2).padStart(8)} ms (p90 ${t.p90.toFixed(2)})`;

try {
  // 1. What filing costs, on real comments.
  const sample = Array.from({ length: SAMPLE }, (_, i) => examples[i % examples.length]!);
  let pipe = redis.pipeline();
  for (const [i, e] of sample.entries()) {
    const id = `s${i}`;
    const at = start + i * 1000;
    const comment = { ...commentOf(e), id, postId: `post-${i % 100}`, site: 'sample', receivedAt: new Date(at).toISOString() };
    pipe.hset(k.comment('sample', id), 'comment', JSON.stringify(comment), 'rev', 0, 'status', 'scored', 'verdict', JSON.stringify(verdictOf('sample', id, at, 0.7)));
    pipe.hset(k.comment('sample', id), 'campaign', JSON.stringify([{ kind: 'domain', value: 'woori-casino.xyz' }]));
    pipe.zadd(k.review('sample'), at, id);
    if (i % 1000 === 999) {
      await pipe.exec();
      pipe = redis.pipeline();
    }
  }
  await pipe.exec();
  const before = await used();
  const t0 = performance.now();
  for (let i = 0; i < SAMPLE; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => store.index.sync('sample', `s${i + j}`)));
  const syncUs = ((performance.now() - t0) * 1000) / SAMPLE;
  const perComment = ((await used()) - before) / SAMPLE;
  const terms = (await Promise.all(sample.slice(0, 2000).map((_, i) => redis.hget(k.comment('sample', `s${i}`), 'ix')))).map((ix) => (JSON.parse(ix ?? '[]') as string[]).length);
  out(`index: ${SAMPLE} real comments filed; ${(terms.reduce((a, b) => a + b, 0) / terms.length).toFixed(1)} terms each, ${Math.round(perComment)} bytes per comment in Redis (${((perComment * 1_000_000) / 1048576).toFixed(0)} MiB per 1,000,000), ${syncUs.toFixed(0)} µs per filing (50 at a time)`);

  // 2. A queue of HELD held comments, filled as the index's writer leaves it.
  const site = 'big';
  const fill0 = performance.now();
  for (let from = 0; from < HELD; from += 5000) {
    const p = redis.pipeline();
    for (let i = from; i < Math.min(HELD, from + 5000); i++) {
      const id = `c${i}`;
      const at = start + i * 100;
      const score = 0.5 + ((i * 7919) % 4999) / 10_000;
      const comment = { id, site, postId: `post-${i % 5000}`, content: `Comment ${i} about the news, see rare${i % 1000}`, author: { name: `Reader ${i}` }, receivedAt: new Date(at).toISOString() };
      p.hset(k.comment(site, id), 'comment', JSON.stringify(comment), 'rev', 0, 'status', 'scored', 'verdict', JSON.stringify(verdictOf(site, id, at, score)));
      p.zadd(k.review(site), at, id);
      p.zadd(k.viewIndex(site, 'held', 'age'), at, id);
      p.zadd(k.viewIndex(site, 'held', 'score'), score, id);
      p.zadd(k.term(site, `p:post-${i % 5000}`), at, id);
      p.zadd(k.term(site, `w:rare${i % 1000}`), at, id);
      p.zadd(k.term(site, 'w:news'), at, id);
    }
    await p.exec();
  }
  out(`queue: ${HELD.toLocaleString('en')} held comments of one site filled in ${((performance.now() - fill0) / 1000).toFixed(0)} s`);
  const query = { sites: [site], view: 'held', sort: 'age', order: 'asc', limit: 50 } as const;
  const second = (await listReview(store, { ...query, limit: 200 })).nextCursor ?? undefined;
  // A cursor half-way down: the position of the middle comment, as a client holds it after paging there.
  const middle = Buffer.from(JSON.stringify([start + Math.floor(HELD / 2) * 100, site, `c${Math.floor(HELD / 2)}`])).toString('base64url');
  const rows: Array<[string, { p50: number; p90: number }, string, { p50: number; p90: number }]> = [];
  const ids = await redis.zrange(k.review(site), '0', '49');
  const peerPage = () => Promise.all([redis.zrangebyscore(k.review(site), '-inf', '+inf', 'LIMIT', 0, 50), ...ids.map((id) => redis.hgetall(k.comment(site, id)))]);
  const peer = await time(peerPage);
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['first page, oldest first', () => listReview(store, query)],
    ['page after a cursor half-way', () => listReview(store, { ...query, cursor: middle })],
    ['page after the first 200', () => listReview(store, { ...query, cursor: second })],
    ['first page by score', () => listReview(store, { ...query, sort: 'score', order: 'desc' })],
    ['filtered by post (200 comments)', () => listReview(store, { ...query, post: 'post-42' })],
    ['search, a rare word (1,000)', () => listReview(store, { ...query, q: 'rare42' })],
    ['search, a word in every comment', () => listReview(store, { ...query, q: 'news' })],
  ];
  for (const [name, fn] of cases) rows.push([name, await time(fn), 'ZRANGEBYSCORE 50 + 50 HGETALL', peer]);
  const counts = await time(() => store.index.counts([site]));
  // Last, and three times only: a million-member reply takes seconds and its memory churn would disturb the others.
  const whole = await time(() => redis.zrange(k.review(site), '0', '-1', 'WITHSCORES'), 3);
  out('');
  out(`review list over ${HELD.toLocaleString('en')} held comments (listReview in-process, median of ${RUNS}; target < ${TARGET_MS} ms a page)`);
  for (const [name, t, peerName, p] of rows) out(`  ${name.padEnd(34)} ${fmt(t)}   ${t.p50 < TARGET_MS ? 'PASS' : 'FAIL'}   peer ${peerName}: ${fmt(p)}`);
  out(`  ${'counts per view'.padEnd(34)} ${fmt(counts)}`);
  out(`  before the index: the whole queue read as ids first (ZRANGE 0 -1): ${fmt(whole)}, then every comment read`);
} finally {
  await redis.quit();
  await server.stop();
}
