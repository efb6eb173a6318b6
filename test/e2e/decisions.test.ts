/** Decisions end to end: real service, real Redis and BullMQ, a real HTTP receiver standing in for the CMS. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifySignature } from '../../src/delivery/sign.js';
import type { TrainingJob } from '../../src/queue/queues.js';
import { as, casinoCopy, configureSite, HOLD_ALL, jobsOf, MODERATION_ENV, readerComment, submit, submitHeld } from '../helpers/moderation.js';
import { keysUnder, newSite } from '../helpers/env.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { startTestService, type TestService } from '../helpers/service.js';

describe('decisions', () => {
  let t: TestService;
  let cms: Receiver;
  let mod: ReturnType<typeof as>;
  before(async () => {
    t = await startTestService('decisions', { env: MODERATION_ENV });
    cms = await startReceiver();
    await configureSite(t, { callbackUrl: cms.url, thresholds: HOLD_ALL });
    mod = as(t, t.moderatorToken);
  });
  after(async () => {
    await t.stop();
    await cms.close();
  });

  const callbacksFor = (id: string) => cms.received.filter((r) => r.body['id'] === id);
  const learnJobsFor = async (id: string) =>
    (await jobsOf<TrainingJob>(t, 'training')).filter((j) => j.kind === 'learn' && j.id === id) as Array<Extract<TrainingJob, { kind: 'learn' }>>;

  test('When a moderator decides a held comment spam, then it is decided, leaves the queue, is in its history, and the CMS gets a signed callback', async () => {
    await submitHeld(t, casinoCopy(1));
    const before = cms.received.length;
    const res = await mod.post('/v1/comments/casino-1/decision', { site: t.site, verdict: 'spam', note: 'casino' }).expect(200);
    assert.equal(res.body.verdict.status, 'decided');
    assert.equal(res.body.verdict.verdict, 'spam');
    assert.equal(res.body.verdict.decidedBy, 'mod');
    assert.equal(res.body.notified, true);

    const stored = await t.store.comments.get(t.site, 'casino-1');
    assert.equal(stored?.status, 'decided');
    assert.equal(stored?.verdict?.decidedBy, 'mod');
    assert.equal(await t.redis.zscore(t.store.keys.review(t.site), 'casino-1'), null);
    const history = await mod.get(`/v1/comments/casino-1/decisions?site=${t.site}`).expect(200);
    assert.deepEqual(
      history.body.decisions.map((d: { verdict: string; note: string; by: { name: string }; machine: string }) => [d.verdict, d.note, d.by.name, d.machine]),
      [['spam', 'casino', 'mod', 'review']],
    );

    const [callback] = (await cms.waitFor(before + 1)).slice(before);
    assert.ok(callback);
    assert.deepEqual(Object.keys(callback.body).sort(), ['at', 'decidedBy', 'discard', 'id', 'postId', 'reasons', 'score', 'verdict']);
    assert.equal(callback.body['verdict'], 'spam');
    assert.equal(callback.body['decidedBy'], 'mod');
    const site = await t.store.sites.get(t.site);
    const signature = String(callback.headers['sluice-signature']);
    assert.match(signature, /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.ok(verifySignature(signature, callback.raw, site!.webhookSecret, new Date()), 'signature verifies with the site secret');
    assert.ok(!verifySignature(signature, callback.raw, 'whsec_wrong', new Date()));
  });

  test('When the same decision is made twice, then the history has both but the corpus changes once and one training job is queued', async () => {
    await submitHeld(t, casinoCopy(2));
    await mod.post('/v1/comments/casino-2/decision', { site: t.site, verdict: 'spam' }).expect(200);
    const again = await mod.post('/v1/comments/casino-2/decision', { site: t.site, verdict: 'spam' }).expect(200);
    assert.equal(again.body.learned, false);
    const history = await t.store.decisions.history(t.site, 'casino-2');
    assert.equal(history.length, 2);
    assert.equal((await t.store.corpus.get(t.site, 'casino-2'))?.label, 'spam');
    const jobs = await learnJobsFor('casino-2');
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0]!.learn?.label, 'spam');
    assert.equal(jobs[0]!.forget, undefined);
  });

  test('When a decision is reversed, then the last one wins everywhere and the model forgets the first label before learning the second', async () => {
    await submitHeld(t, casinoCopy(3));
    await mod.post('/v1/comments/casino-3/decision', { site: t.site, verdict: 'spam' }).expect(200);
    await mod.post('/v1/comments/casino-3/decision', { site: t.site, verdict: 'ham' }).expect(200);
    assert.equal((await t.store.comments.get(t.site, 'casino-3'))?.verdict?.verdict, 'ham');
    assert.equal((await t.store.corpus.get(t.site, 'casino-3'))?.label, 'ham');
    const jobs = await learnJobsFor('casino-3');
    assert.equal(jobs.length, 2);
    const reversal = jobs.find((j) => j.learn?.label === 'ham');
    assert.equal(reversal?.forget?.label, 'spam');
    // Approved: it leaves its campaigns.
    const keys = await t.store.campaigns.keysOf(t.site, 'casino-3');
    const domain = keys.find((k) => k.kind === 'domain')!;
    const members = await t.store.campaigns.members(t.site, domain, 'members', 100);
    assert.ok(!members.some((m) => m.id === 'casino-3'));
  });

  test('When a moderator rejects a comment, then its domain enters the reputation memory; approving it takes the domain out', async () => {
    const comment = { ...casinoCopy(30), content: 'More at https://fresh-promo-site.xyz today' };
    await submitHeld(t, comment);
    await mod.post('/v1/comments/casino-30/decision', { site: t.site, verdict: 'spam' }).expect(200);
    assert.ok(await t.store.reputation.confirmedAt('domain', 'fresh-promo-site.xyz'));
    await mod.post('/v1/comments/casino-30/decision', { site: t.site, verdict: 'ham' }).expect(200);
    assert.equal(await t.store.reputation.confirmedAt('domain', 'fresh-promo-site.xyz'), undefined);
  });

  test('When a comment is approved, then rejected, then approved again, then the reputation memory and the corpus are as if it had only been approved', async () => {
    const domain = 'undo-promo-site.xyz';
    const other = { ...casinoCopy(40), content: `Great offers at https://${domain} right now` };
    const target = { ...casinoCopy(41), content: `I saved a lot with https://${domain}/deals` };
    await submitHeld(t, other);
    await mod.post('/v1/comments/casino-40/decision', { site: t.site, verdict: 'spam' }).expect(200);
    const otherTime = (await t.store.reputation.confirmedAt('domain', domain))?.getTime();
    assert.ok(otherTime);
    await submitHeld(t, target);
    await mod.post('/v1/comments/casino-41/decision', { site: t.site, verdict: 'ham' }).expect(200);
    const approvedOnly = { reputation: await reputationState(), example: withoutTime(await t.store.corpus.get(t.site, 'casino-41')) };
    assert.equal(approvedOnly.example?.label, 'ham');

    await new Promise((r) => setTimeout(r, 5)); // a later confirmation time than the other comment's
    await mod.post('/v1/comments/casino-41/decision', { site: t.site, verdict: 'spam' }).expect(200);
    assert.ok((await t.store.reputation.confirmedAt('domain', domain))!.getTime() > otherTime, 'the rejection confirmed the domain again');
    assert.ok(await t.store.reputation.confirmedAt('ip', target.author.ip));
    await mod.post('/v1/comments/casino-41/decision', { site: t.site, verdict: 'ham' }).expect(200);

    assert.equal((await t.store.reputation.confirmedAt('domain', domain))?.getTime(), otherTime, 'back to the other comment’s confirmation');
    assert.equal(await t.store.reputation.confirmedAt('ip', target.author.ip), undefined);
    assert.deepEqual(await reputationState(), approvedOnly.reputation, 'no trace of the rejection in the reputation memory');
    const example = await t.store.corpus.get(t.site, 'casino-41');
    assert.equal(example?.label, 'ham');
    assert.deepEqual(withoutTime(example), approvedOnly.example, 'the corpus holds the approval only (its time aside)');
  });

  /** Every reputation key of the service (rep, rep-by, rep-of) with its DUMP. */
  async function reputationState(): Promise<Array<[string, string]>> {
    const keys = (await keysUnder(t.redis, t.config.redisPrefix)).filter((k) => /:rep(-by|-of)?:/.test(k.slice(t.config.redisPrefix.length)));
    return Promise.all(keys.map(async (k) => [k, ((await t.redis.dumpBuffer(k)) ?? Buffer.alloc(0)).toString('hex')] as [string, string]));
  }
  const withoutTime = <T extends { at: string }>(e: T | undefined) => e && { ...e, at: '' };

  test('When many ids are decided at once, then each is decided and unknown ones are listed as skipped', async () => {
    await submitHeld(t, casinoCopy(4));
    await submitHeld(t, casinoCopy(5));
    const res = await mod.post('/v1/decisions', { site: t.site, ids: ['casino-4', 'casino-5', 'nope'], verdict: 'spam' }).expect(200);
    assert.deepEqual(res.body.decided.map((d: { id: string }) => d.id).sort(), ['casino-4', 'casino-5']);
    assert.deepEqual(res.body.skipped.map((s: { id: string; code: string }) => [s.id, s.code]), [['nope', 'not_found']]);
    for (const id of ['casino-4', 'casino-5']) assert.equal((await t.store.comments.get(t.site, id))?.status, 'decided');
  });

  test("When a campaign is decided, then all of its held comments across posts are rejected and other comments stay", async () => {
    for (const n of [10, 11, 12]) await submitHeld(t, casinoCopy(n, `post-${n}`));
    const reader = await submit(t, readerComment(1));
    assert.equal(reader.verdict, 'ham');
    const listed = await mod.get(`/v1/campaigns?site=${t.site}`).expect(200);
    const domain = listed.body.campaigns.find((c: { kind: string; value: string }) => c.kind === 'domain' && c.value === 'woori-casino.xyz');
    assert.ok(domain, JSON.stringify(listed.body.campaigns));
    assert.equal(domain.held, 3);
    assert.ok(domain.posts >= 3);
    assert.equal(domain.sites[t.site] >= 3, true);
    assert.ok(domain.examples.length > 0);

    const res = await mod.post('/v1/decisions', { site: t.site, campaign: { kind: 'domain', value: 'woori-casino.xyz' }, verdict: 'spam' }).expect(200);
    assert.deepEqual(res.body.decided.map((d: { id: string }) => d.id).sort(), ['casino-10', 'casino-11', 'casino-12']);
    assert.equal(await t.redis.zcard(t.store.keys.review(t.site)), 0);
    assert.equal((await t.store.comments.get(t.site, readerComment(1).id))?.status, 'scored');
  });

  test('When a moderator rejects and blocks a domain, then the site list has it and the held comments sharing it are rejected', async () => {
    for (const n of [20, 21]) await submitHeld(t, casinoCopy(n));
    const res = await mod.post('/v1/comments/casino-20/block', { site: t.site, target: 'domain' }).expect(200);
    assert.deepEqual(res.body.blocked, { list: 'blocked-domains', value: 'woori-casino.xyz', added: true });
    assert.deepEqual(res.body.decided.map((d: { id: string }) => d.id).sort(), ['casino-20', 'casino-21']);
    assert.deepEqual(await t.store.lists.values(t.site, 'blocked-domains'), ['woori-casino.xyz']);
    const email = await mod.post('/v1/comments/casino-20/block', { site: t.site, target: 'email' }).expect(200);
    assert.equal(email.body.blocked.value, 'lee20@mail.example');
    const none = await mod.post(`/v1/comments/${readerComment(1).id}/block`, { site: t.site, target: 'ip' }).expect(409);
    assert.equal(none.body.error.code, 'nothing_to_block');
  });

  test('When a moderator tries to block the article\'s own domain, one of the site\'s domains, a popular domain or an allow-listed e-mail, then it is refused (409 block_refused, saying why) and nothing changes', async () => {
    const { site, key } = await newSite(t.store, 'block safety daily');
    const story = { postId: 'harbour-story', permalink: 'https://www.harbour-news.net/story', author: { name: 'Ann Reader', email: 'ann@reader.example' } };
    await submit(t, { ...story, id: 'article-link', content: 'The full report is at https://harbour-news.net/story#data, worth a read.' }, key);
    await submit(t, { ...story, id: 'own-link', content: 'Their other paper covers it too: https://harbour-weekly.com/x' }, key);
    await submit(t, { ...story, id: 'popular-link', content: 'The BBC has the longer version: https://www.bbc.co.uk/news/1' }, key);
    await as(t, t.operatorToken).patch(`/v1/sites/${site}`, { domains: ['harbour-weekly.com'] }).expect(200);
    await t.store.lists.add(site, 'allowed-emails', 'ann@reader.example');
    const before = [await t.store.lists.values(site, 'blocked-domains'), await t.store.lists.values(site, 'blocked-emails')];
    for (const [id, target, why] of [
      ['article-link', 'domain', /article's own domain/],
      ['own-link', 'domain', /site's own domains/],
      ['article-link', 'email', /allow list/],
    ] as const) {
      const res = await mod.post(`/v1/comments/${id}/block`, { site, target }).expect(409);
      assert.equal(res.body.error.code, 'block_refused', `${id} ${target}`);
      assert.match(res.body.error.message, why);
      assert.notEqual((await t.store.comments.get(site, id))?.verdict?.decidedBy, 'mod', 'not decided');
    }
    // A popular domain is never a campaign's domain, so there is nothing to block by domain at all.
    assert.equal((await mod.post('/v1/comments/popular-link/block', { site, target: 'domain' }).expect(409)).body.error.code, 'nothing_to_block');
    assert.deepEqual([await t.store.lists.values(site, 'blocked-domains'), await t.store.lists.values(site, 'blocked-emails')], before);
  });

  test('When the CMS reports a published comment, then it is back in the queue with the reason reported', async () => {
    await submit(t, readerComment(2));
    const res = await as(t, t.apiKey).post(`/v1/comments/${readerComment(2).id}/report`, { reason: 'abusive' }).expect(200);
    assert.equal(res.body.outcome, 'held');
    const queue = await mod.get(`/v1/review?site=${t.site}`).expect(200);
    const item = queue.body.items.find((i: { id: string }) => i.id === readerComment(2).id);
    assert.ok(item);
    const reported = item.verdict.reasons.find((r: { code: string }) => r.code === 'reported');
    assert.deepEqual(reported, { code: 'reported', weight: 0, message: 'Reported by the CMS: abusive' });
    const again = await as(t, t.apiKey).post(`/v1/comments/${readerComment(2).id}/report`, {}).expect(200);
    assert.equal(again.body.outcome, 'already-held');
    await as(t, t.apiKey).post('/v1/comments/casino-20/report', {}).expect(409);
    await mod.post(`/v1/comments/${readerComment(2).id}/report`, {}).expect(403);
  });

  test('When decisions are made, then the day’s stats count them, with overturns and the time in queue', async () => {
    await submit(t, readerComment(3));
    await mod.post(`/v1/comments/${readerComment(3).id}/decision`, { site: t.site, verdict: 'spam' }).expect(200);
    const res = await mod.get(`/v1/stats?site=${t.site}&days=2`).expect(200);
    assert.equal(res.body.days.length, 2);
    const today = res.body.days[1];
    assert.equal(today.date, new Date().toISOString().slice(0, 10));
    // Thirteen casino copies held, three readers published.
    assert.equal(today.received, 16, JSON.stringify(today));
    assert.equal(today.review, 13);
    // Copies that came after an earlier copy was rejected were held by the campaign memory too.
    let caught = 0;
    for (const key of await t.redis.keys(t.store.keys.comment(t.site, '*'))) {
      const v = (await t.store.comments.get(t.site, key.slice(t.store.keys.comment(t.site, '').length)))?.verdict;
      if (v?.reasons.some((r) => r.code.startsWith('memory.'))) caught++;
    }
    assert.ok(caught > 0, 'later casino copies resemble the rejected ones');
    assert.ok(today.caughtByMemory > 0 && today.caughtByMemory <= caught, JSON.stringify(today));
    assert.ok(today.falseNegatives >= 1, 'machine ham, human spam');
    assert.equal(today.reported, 1);
    assert.equal(today.decided, today.approved + today.rejected);
    assert.equal(typeof today.medianQueueSeconds, 'number');
    // casino-3 was rejected then approved: it counts once, as approved.
    assert.ok(today.approved >= 1);
  });

  describe('bad requests', () => {
    const cases: Array<[string, () => Promise<{ status: number; body: { error: { code: string } } }>, number, string]> = [
      ['a decision without a site', () => mod.post('/v1/comments/casino-1/decision', { verdict: 'spam' }), 400, 'validation_failed'],
      ['a decision with an unknown verdict', () => mod.post('/v1/comments/casino-1/decision', { site: 'x', verdict: 'maybe' }), 400, 'validation_failed'],
      ['a decision on an unknown comment', () => mod.post('/v1/comments/none/decision', { site: 'x', verdict: 'ham' }), 404, 'not_found'],
      ['a bulk decision with ids and a campaign', () => mod.post('/v1/decisions', { site: 'x', ids: ['a'], campaign: { kind: 'domain', value: 'a.b' }, verdict: 'ham' }), 400, 'validation_failed'],
      ['a bulk decision of ids without a site', () => mod.post('/v1/decisions', { ids: ['a'], verdict: 'ham' }), 400, 'validation_failed'],
      ['a CMS key deciding', () => as(t, t.apiKey).post('/v1/comments/casino-1/decision', { site: 'x', verdict: 'ham' }), 403, 'forbidden'],
      ['no credentials', () => as(t, 'st-nothing-at-all').post('/v1/decisions', {}), 401, 'unauthorized'],
    ];
    for (const [what, send, status, code] of cases) {
      test(`When a request has ${what}, then it gets ${status} ${code}`, async () => {
        const res = await send();
        assert.equal(res.status, status);
        assert.equal(res.body.error.code, code);
      });
    }
  });
});
