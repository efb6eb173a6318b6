/**
 * The views over comments (held, rejected, approved, decided, all), their filters and counts, search, the author
 * history and the index's backfill, through the real service and Redis.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { silentLogger } from '../../src/platform/logger.js';
import { reindexComments } from '../../src/use-cases/reindex.js';
import { INDEX_VERSION } from '../../src/store/comment-index.js';
import { sweepRetention } from '../../src/use-cases/sweep-retention.js';
import { as, casinoCopy, configureSite, HOLD_ALL, readerComment, submit } from '../helpers/moderation.js';
import { keysMatching, newSite } from '../helpers/env.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { startIndexBackfill } from '../../workers/backfill-index.js';

interface Item {
  id: string;
  site: string;
  status: string;
  comment: { postId: string; content: string; author: { email?: string; ip?: string } };
  verdict: { score: number; verdict: string };
}
interface Page {
  items: Item[];
  total: number;
  nextCursor: string | null;
  counts: Record<string, number>;
}

/** Thresholds that reject what HOLD_ALL holds (the casino copies score at least 0.5 there). */
const REJECT_ALL = { review: 0.5, spam: 0.5 } as const;

describe('views, search and author history', () => {
  let t: TestService;
  let mod: ReturnType<typeof as>;
  let other: { site: string; key: string };
  const styled = { id: 'styled-1', postId: 'post-9', content: 'Best 𝗰𝗮𝘀𝗶𝗻𝗼 𝗯𝗼𝗻𝘂𝘀 of the year, claim it', author: { name: 'Kim' } };

  before(async () => {
    t = await startTestService('views');
    mod = as(t, t.moderatorToken);
    other = await newSite(t.store, 'views other daily');
    for (const s of [t.site, other.site]) await configureSite(t, { thresholds: HOLD_ALL }, s);
    for (const n of [1, 2, 3]) assert.equal((await submit(t, casinoCopy(n, `post-${n}`))).verdict, 'review');
    assert.equal((await submit(t, styled)).verdict, 'review');
    assert.equal((await submit(t, casinoCopy(4), other.key)).verdict, 'review');
    for (const n of [1, 2]) assert.equal((await submit(t, readerComment(n))).verdict, 'ham');
    await configureSite(t, { thresholds: REJECT_ALL });
    assert.equal((await submit(t, casinoCopy(5, 'post-5'))).verdict, 'spam');
    await configureSite(t, { thresholds: HOLD_ALL });
  });
  after(async () => t.stop());

  const list = async (query: string): Promise<Page> => (await mod.get(`/v1/review?${query}`).expect(200)).body;
  const ids = async (query: string): Promise<string[]> => (await list(query)).items.map((i) => i.id);

  test('When each view is read, then it lists the comments in that state, with counts per view for the tabs', async () => {
    assert.deepEqual(await ids(`site=${t.site}`), ['casino-1', 'casino-2', 'casino-3', 'styled-1']);
    assert.deepEqual(await ids(`site=${t.site}&view=rejected`), ['casino-5']);
    assert.deepEqual(await ids(`site=${t.site}&view=approved`), ['reader-1', 'reader-2']);
    assert.deepEqual(await ids(`site=${t.site}&view=decided`), []);
    const all = await list(`site=${t.site}&view=all`);
    assert.deepEqual(all.items.map((i) => i.id), ['casino-1', 'casino-2', 'casino-3', 'styled-1', 'reader-1', 'reader-2', 'casino-5']);
    assert.deepEqual(all.counts, { held: 4, rejected: 1, approved: 2, decided: 0, all: 7, 'would-have-held': 0 });
    assert.equal(all.total, 7);
    assert.equal((await list('view=held')).counts['held'], 5, 'every site when none is named');
  });

  test('When a comment is decided and the decision reversed, then it moves between the views each time', async () => {
    await mod.post('/v1/comments/casino-5/decision', { site: t.site, verdict: 'ham' }).expect(200);
    assert.deepEqual(await ids(`site=${t.site}&view=rejected`), []);
    assert.deepEqual(await ids(`site=${t.site}&view=approved`), ['reader-1', 'reader-2', 'casino-5']);
    const decided = await list(`site=${t.site}&view=decided`);
    assert.deepEqual([decided.items.map((i) => [i.id, i.status]), decided.counts['decided']], [[['casino-5', 'decided']], 1]);
    await mod.post('/v1/comments/casino-5/decision', { site: t.site, verdict: 'spam' }).expect(200);
    assert.deepEqual(await ids(`site=${t.site}&view=approved`), ['reader-1', 'reader-2']);
    assert.deepEqual(await ids(`site=${t.site}&view=decided`), ['casino-5']);
    assert.equal((await list(`site=${t.site}&view=all`)).total, 7, 'nothing lost or doubled on the way');
  });

  test('When a reader reports a published comment, then it leaves the approved view for the held queue', async () => {
    await as(t, t.apiKey).post('/v1/comments/reader-2/report', { reason: 'insults my family' }).expect(200);
    assert.deepEqual(await ids(`site=${t.site}&view=approved`), ['reader-1']);
    assert.deepEqual(await ids(`site=${t.site}&q=council`), ['reader-2']);
  });

  test('When a comment is edited, then its old words stop finding it and its new words find it once it is scored again', async () => {
    const edited = { ...readerComment(1), content: 'Correction: the library budget passed in March, not April.' };
    assert.equal((await submit(t, edited)).verdict, 'ham');
    assert.deepEqual(await ids(`site=${t.site}&view=all&q=paragraph`), ['reader-2']);
    assert.deepEqual(await ids(`site=${t.site}&view=approved&q=library+march`), ['reader-1']);
  });

  test('When filters are given, then each narrows the view: post, reason family, campaign, dates, score', async () => {
    assert.deepEqual(await ids(`site=${t.site}&post=post-2`), ['casino-2']);
    assert.deepEqual(await ids(`site=${t.site}&view=all&post=post-1`), ['casino-1', 'reader-2', 'reader-1'], 'an edit is received anew');
    assert.deepEqual(await ids(`site=${t.site}&reason=lexicon&campaign=domain:woori-casino.xyz`), ['casino-1', 'casino-2', 'casino-3']);
    const sorted = (await list(`view=all&campaign=domain:woori-casino.xyz`)).items.map((i) => [i.site, i.id]);
    assert.equal(sorted.length, 5);
    assert.ok(sorted.some(([site]) => site === other.site));
    const heldAt = (await list(`site=${t.site}`)).items;
    const third = (await t.store.comments.get(t.site, 'casino-3'))!.comment.receivedAt;
    assert.deepEqual(await ids(`site=${t.site}&since=${encodeURIComponent(third)}`), ['casino-3', 'styled-1', 'reader-2']);
    assert.deepEqual(await ids(`site=${t.site}&until=${encodeURIComponent(third)}`), ['casino-1', 'casino-2', 'casino-3']);
    const scores = heldAt.map((i) => i.verdict.score).sort((a, b) => b - a);
    const byScore = await list(`site=${t.site}&sort=score&minScore=${scores[1]}`);
    assert.ok(byScore.items.length >= 2 && byScore.items.every((i) => i.verdict.score >= scores[1]!));
    assert.deepEqual(byScore.items.map((i) => i.verdict.score), [...byScore.items.map((i) => i.verdict.score)].sort((a, b) => b - a));
    const dated = await list(`site=${t.site}&sort=score&until=${encodeURIComponent(third)}`);
    assert.deepEqual(dated.items.map((i) => i.id).sort(), ['casino-1', 'casino-2', 'casino-3']);
  });

  test('When a moderator searches, then words match their styled and spaced-out spellings, and e-mails, IPs and domains match exactly', async () => {
    assert.deepEqual(await ids(`site=${t.site}&q=casino+bonus`), ['styled-1']);
    assert.deepEqual(await ids(`site=${t.site}&q=${encodeURIComponent('C A S I N O')}`), ['styled-1']);
    assert.deepEqual(await ids(`site=${t.site}&view=all&q=lee2%40mail.example`), ['casino-2']);
    assert.deepEqual(await ids(`site=${t.site}&view=all&q=198.51.100.3`), ['casino-3']);
    assert.deepEqual(await ids(`site=${t.site}&view=all&q=woori-casino.xyz`), ['casino-1', 'casino-2', 'casino-3', 'casino-5']);
    assert.deepEqual(await ids(`site=${t.site}&view=all&q=council+budget`), ['reader-2']);
    assert.deepEqual(await ids(`site=${t.site}&view=all&q=kim`), ['styled-1'], 'author name words');
    assert.deepEqual(await ids(`site=${t.site}&view=all&q=council+casino`), [], 'every word must be there');
    assert.deepEqual((await list(`site=${t.site}&q=the`)).items, [], 'only stop-words: nothing searchable');
  });

  test("When a site is named, then search and the author history never show another site's comments", async () => {
    assert.deepEqual((await list(`site=${t.site}&view=all&q=lee4%40mail.example`)).items, []);
    assert.deepEqual(await ids(`site=${other.site}&view=all&q=woori-casino.xyz`), ['casino-4']);
    const own = (await mod.get(`/v1/comments/casino-1/related?site=${t.site}&everywhere=false`).expect(200)).body;
    assert.ok(own.items.length > 0 && own.items.every((i: Item) => i.site === t.site));
    await as(t, t.apiKey).get(`/v1/comments/casino-1/related?site=${t.site}`).expect(403);
    await as(t, other.key).get(`/v1/review?site=${t.site}&q=casino`).expect(403);
  });

  test("When a comment's author history is read, then the other comments sharing its name, e-mail, IP or domain come newest first with what they matched", async () => {
    const res = (await mod.get(`/v1/comments/casino-1/related?site=${t.site}`).expect(200)).body;
    assert.deepEqual(
      res.author.map((a: { key: string }) => a.key),
      ['name', 'email', 'ip', 'domain'],
    );
    const found = res.items.map((i: Item & { matched: string[] }) => [i.site, i.id, i.matched]);
    assert.deepEqual(found, [
      [t.site, 'casino-5', ['domain']],
      [other.site, 'casino-4', ['domain']],
      [t.site, 'casino-3', ['domain']],
      [t.site, 'casino-2', ['domain']],
    ]);
    assert.equal(res.items[0].verdict.verdict, 'spam');
    const first = (await mod.get(`/v1/comments/casino-1/related?site=${t.site}&limit=3`).expect(200)).body;
    const rest = (await mod.get(`/v1/comments/casino-1/related?site=${t.site}&limit=3&cursor=${first.nextCursor}`).expect(200)).body;
    assert.deepEqual([...first.items, ...rest.items].map((i: Item) => i.id), ['casino-5', 'casino-4', 'casino-3', 'casino-2']);
    const byEmail = (await mod.get(`/v1/comments/casino-1/related?site=${t.site}&by=email,ip`).expect(200)).body;
    assert.deepEqual(byEmail.items, []);
    await mod.get(`/v1/comments/nope/related?site=${t.site}`).expect(404);
    assert.equal((await mod.get(`/v1/comments/casino-1/related?site=${t.site}&by=shoe`).expect(400)).body.error.code, 'validation_failed');
  });

  test('When the retention period ends, then the clear e-mail and IP leave the index and their pseudonyms are found instead', async () => {
    await sweepRetention(t.store, { retention: { days: 1 } } as Parameters<typeof sweepRetention>[1], new Date(Date.now() + 2 * 86_400_000));
    assert.deepEqual(await ids(`site=${t.site}&view=all&q=lee2%40mail.example`), []);
    assert.deepEqual(await ids(`site=${t.site}&view=all&q=198.51.100.3`), []);
    const pseudonym = (await t.store.comments.get(t.site, 'casino-2'))!.comment.author.email!;
    assert.match(pseudonym, /^anon:/);
    assert.deepEqual(await ids(`site=${t.site}&view=all&q=${encodeURIComponent(pseudonym)}`), ['casino-2']);
  });

  test('When comments were stored before the index existed, then a starting worker files them once, and sluice reindex again changes nothing', async () => {
    const before = await list(`site=${t.site}&view=all`);
    for (const key of await keysMatching(t.redis, `${t.config.redisPrefix}:ix:*`)) await t.redis.del(key);
    for (const i of before.items) await t.redis.hdel(t.store.keys.comment(t.site, i.id), 'ix');
    assert.equal((await list(`site=${t.site}&view=all`)).total, 0);
    assert.equal(await t.store.index.backfilled(INDEX_VERSION), false);
    await startIndexBackfill({ store: t.store, logger: silentLogger() }).done;
    assert.equal(await t.store.index.backfilled(INDEX_VERSION), true);
    const again = await list(`site=${t.site}&view=all`);
    assert.deepEqual([again.items.map((i) => i.id), again.counts], [before.items.map((i) => i.id), before.counts]);
    // A second start finds the mark and files nothing; a reindex by hand files every comment the same again.
    for (const i of before.items) await t.redis.hdel(t.store.keys.comment(t.site, i.id), 'ix');
    await startIndexBackfill({ store: t.store, logger: silentLogger() }).done;
    assert.equal(await t.redis.hget(t.store.keys.comment(t.site, before.items[0]!.id), 'ix'), null);
    assert.deepEqual(await reindexComments(t.store), { sites: 2, comments: 8, finished: true });
    assert.deepEqual((await list(`site=${t.site}&view=all`)).counts, before.counts);
    assert.deepEqual(await ids(`site=${t.site}&q=casino+bonus`), ['styled-1']);
  });

  test('When a view is read in pages of 200 while comments leave it, then the cursor keeps its place: nothing repeated, nothing skipped', async () => {
    const { site, key: apiKey } = await newSite(t.store, 'views paging daily');
    await configureSite(t, { thresholds: HOLD_ALL }, site);
    const n = 230;
    for (let i = 0; i < n; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => submit(t, { ...casinoCopy(i + j), id: `p-${String(i + j).padStart(3, '0')}` }, apiKey)));
    }
    const first = await list(`site=${site}&limit=200`);
    assert.equal(first.items.length, 200);
    assert.equal(first.total, n);
    const unread = (await list(`site=${site}&limit=200&cursor=${first.nextCursor}`)).items.map((i) => i.id);
    assert.equal(unread.length, 30);
    // Ten on the first page and every third not yet read leave the queue before the next page is read.
    const leaving = [...first.items.slice(0, 10).map((i) => i.id), ...unread.filter((_, i) => i % 3 === 0)];
    for (const id of leaving) await mod.post(`/v1/comments/${id}/decision`, { site, verdict: 'spam' }).expect(200);
    const second = await list(`site=${site}&limit=200&cursor=${first.nextCursor}`);
    assert.deepEqual(second.items.map((i) => i.id), unread.filter((id) => !leaving.includes(id)));
    assert.equal(second.nextCursor, null);
    assert.equal(new Set([...first.items, ...second.items].map((i) => i.id)).size, 200 + 20);
    assert.equal(second.counts['held'], n - leaving.length);
    assert.deepEqual((await list(`site=${site}&view=decided&limit=200`)).items.map((i) => i.id).sort(), [...leaving].sort());
  });

  test('When the query is malformed, then the answer is 400 naming the problem', async () => {
    for (const q of ['view=nothing', 'campaign=shoe:x', 'campaign=domain', 'until=tomorrow', `q=${'x'.repeat(300)}`]) {
      const res = await mod.get(`/v1/review?${q}`).expect(400);
      assert.equal(res.body.error.code, 'validation_failed', q);
    }
  });
});
