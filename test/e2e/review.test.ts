/** The review queue and the campaigns as moderators read them, over two sites. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { as, casinoCopy, configureSite, HOLD_ALL, readerComment, submit, submitHeld } from '../helpers/moderation.js';
import { startTestService, type TestService } from '../helpers/service.js';

interface Item {
  id: string;
  site: string;
  comment: { postId: string; content: string };
  verdict: { score: number; reasons: Array<{ code: string; evidence?: Array<{ field: string; match: string }> }> };
  campaigns: Array<{ kind: string; value: string; held: number; comments: number; sites: Record<string, number> }>;
}

describe('review queue and campaigns', () => {
  let t: TestService;
  let mod: ReturnType<typeof as>;
  let other: { site: string; apiKey: string };
  const slots = { id: 'slots-1', postId: 'post-slots', content: 'Nice post, check my site https://best-slots-online.net', author: { name: 'John' } };

  before(async () => {
    t = await startTestService('review');
    mod = as(t, t.moderatorToken);
    const site = await t.store.sites.create({ name: 'review other daily' }, new Date());
    other = { site: site!.id, apiKey: await t.store.credentials.issueSiteKey(site!.id) };
    for (const s of [t.site, other.site]) await configureSite(t, { thresholds: HOLD_ALL }, s);
    for (const n of [1, 2, 3]) await submitHeld(t, casinoCopy(n, `post-${n}`));
    await submitHeld(t, slots);
    await submit(t, readerComment(1));
    assert.equal((await submit(t, casinoCopy(4), other.apiKey)).verdict, 'review');
  });
  after(async () => t.stop());

  const items = async (query: string): Promise<{ items: Item[]; total: number; nextCursor: string | null }> =>
    (await mod.get(`/v1/review?${query}`).expect(200)).body;

  test('When a moderator reads the queue of a site, then it lists the held comments oldest first with reasons, evidence and campaigns', async () => {
    const page = await items(`site=${t.site}`);
    assert.deepEqual(page.items.map((i) => i.id), ['casino-1', 'casino-2', 'casino-3', 'slots-1']);
    assert.equal(page.total, 4);
    const casino = page.items[0]!;
    const domain = casino.verdict.reasons.find((r) => r.code === 'lexicon.domain');
    assert.ok(domain?.evidence?.some((e) => e.field === 'content' && casino.comment.content.includes(e.match)));
    const campaign = casino.campaigns.find((c) => c.kind === 'domain');
    assert.deepEqual([campaign?.value, campaign?.held, campaign?.sites], ['woori-casino.xyz', 3, { [t.site]: 3, [other.site]: 1 }]);
  });

  test('When no site is named, then the queue covers every site', async () => {
    const page = await items('');
    assert.equal(page.total, 5);
    assert.ok(page.items.some((i) => i.site === other.site));
  });

  test('When filters are given, then only matching comments are listed', async () => {
    assert.deepEqual((await items(`site=${t.site}&post=post-slots`)).items.map((i) => i.id), ['slots-1']);
    const byReason = await items(`site=${t.site}&reason=lexicon`);
    assert.equal(byReason.total, 4);
    assert.equal((await items(`site=${t.site}&reason=no.such.reason`)).total, 0);
    const top = (await items(`site=${t.site}&sort=score`)).items.map((i) => i.verdict.score);
    assert.deepEqual(top, [...top].sort((a, b) => b - a));
    const min = top[1]!;
    assert.ok((await items(`site=${t.site}&minScore=${min}`)).items.every((i) => i.verdict.score >= min));
    assert.equal((await items(`site=${t.site}&since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).total, 0);
  });

  test('When the queue is read in pages, then the cursor walks it without repeats, even when comments leave meanwhile', async () => {
    const first = await items(`site=${t.site}&limit=2`);
    assert.deepEqual(first.items.map((i) => i.id), ['casino-1', 'casino-2']);
    assert.ok(first.nextCursor);
    await mod.post('/v1/comments/casino-1/decision', { site: t.site, verdict: 'spam' }).expect(200);
    const second = await items(`site=${t.site}&limit=2&cursor=${first.nextCursor}`);
    assert.deepEqual(second.items.map((i) => i.id), ['casino-3', 'slots-1']);
    assert.equal(second.nextCursor, null);
  });

  test('When campaigns are listed across sites, then the largest comes first with its held count per site and examples', async () => {
    const res = await mod.get('/v1/campaigns?state=all').expect(200);
    const first = res.body.campaigns[0];
    assert.equal(first.comments, 4);
    assert.deepEqual(first.sites, { [t.site]: 3, [other.site]: 1 });
    assert.equal(first.held, 3, 'one was rejected since');
    assert.ok(first.examples.length >= 1 && first.examples.length <= 3);
    const held = await mod.get('/v1/campaigns?min=1&limit=50').expect(200);
    assert.ok(held.body.campaigns.every((c: { held: number }) => c.held >= 1));
  });

  test('When the query is malformed, then the answer is 400 naming the problem', async () => {
    for (const q of ['sort=random', 'minScore=2', 'limit=0', 'cursor=garbage', 'view=everything', 'since=yesterday']) {
      const res = await mod.get(`/v1/review?${q}`).expect(400);
      assert.equal(res.body.error.code, 'validation_failed', q);
    }
    assert.equal((await mod.get('/v1/review?site=nope').expect(404)).body.error.code, 'not_found');
    await as(t, t.apiKey).get('/v1/review').expect(403);
  });
});
