/**
 * Undo, trust and moderators' blocks end to end: real service, real Redis and BullMQ, a real HTTP receiver standing in
 * for the CMS. The central claim — deciding then undoing leaves every Redis key of the comment's site as it was — is
 * checked by comparing every key under the test's prefix (content, not TTLs) before the decision and after the undo.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { verifySignature } from '../../src/delivery/sign.js';
import type { TrainingJob } from '../../src/queue/queues.js';
import { exampleText } from '../../src/use-cases/label.js';
import { as, casinoCopy, configureSite, HOLD_ALL, jobsOf, MODERATION_ENV, readerComment, submit, submitHeld } from '../helpers/moderation.js';
import { keysUnder, newSite } from '../helpers/env.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { startTestService, type TestService } from '../helpers/service.js';

/**
 * Keys a decision and its undo may change without changing any fact: the job queues (the undo's callback and training
 * job are jobs), the live site model (relearned by the training worker: its bytes carry a build time), the corpus
 * labelling sequence (a counter) and the lists' version counter.
 */
const NOT_STATE = [/:bull:/, /:heartbeat:/, /:model:site(-rev)?:/, /:corpus:seq$/, /:lists:version$/];

/** Every key under the prefix with its content (hash fields, set and sorted-set members with scores, lists, strings), sorted. */
async function snapshot(redis: Redis, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of await keysUnder(redis, prefix)) {
    if (NOT_STATE.some((re) => re.test(key))) continue;
    const type = await redis.type(key);
    let value: unknown;
    if (type === 'hash') value = Object.entries(await redis.hgetall(key)).sort();
    else if (type === 'zset') value = await redis.zrange(key, '0', '-1', 'WITHSCORES');
    else if (type === 'set') value = (await redis.smembers(key)).sort();
    else if (type === 'list') value = await redis.lrange(key, 0, -1);
    else value = await redis.get(key);
    out.set(key.slice(prefix.length), JSON.stringify(value));
  }
  return out;
}

/** The keys whose content differs between two snapshots, with both contents (the decision history is expected to). */
function differences(a: Map<string, string>, b: Map<string, string>, allowed: (key: string) => boolean): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k) && !allowed(k)).map((k) => `${k}\n  before: ${a.get(k)}\n  after:  ${b.get(k)}`);
}

describe('undo, trust and blocks', () => {
  let t: TestService;
  let cms: Receiver;
  let mod: ReturnType<typeof as>;
  let offsetMs = 0;
  before(async () => {
    t = await startTestService('undo', { env: MODERATION_ENV, now: () => new Date(Date.now() + offsetMs) });
    cms = await startReceiver();
    await configureSite(t, { callbackUrl: cms.url, thresholds: HOLD_ALL });
    mod = as(t, t.moderatorToken);
  });
  after(async () => {
    await t.stop();
    await cms.close();
  });

  const prefix = () => t.config.redisPrefix;
  const isHistory = (id: string) => (k: string) => k === `:decisions:${t.site}:${id}`;
  const decide = async (id: string, verdict: 'ham' | 'spam', site = t.site) =>
    (await mod.post(`/v1/comments/${id}/decision`, { site, verdict }).expect(200)).body as { decision: { at: string } };
  const undo = (id: string, at: string, site = t.site) => mod.post(`/v1/comments/${id}/undo`, { site, at });
  const learnJobsFor = async (id: string) =>
    (await jobsOf<TrainingJob>(t, 'training')).filter((j) => j.kind === 'learn' && j.id === id) as Array<Extract<TrainingJob, { kind: 'learn' }>>;
  /** Waits until the queues are quiet (the worker has run what the last request enqueued). */
  const settle = async () => {
    for (let i = 0; i < 100; i++) {
      const counts = await Promise.all((['training', 'deliveries'] as const).map(async (q) => (await jobsOf<unknown>(t, q)).length));
      await new Promise((r) => setTimeout(r, 50));
      const again = await Promise.all((['training', 'deliveries'] as const).map(async (q) => (await jobsOf<unknown>(t, q)).length));
      if (counts.join() === again.join()) return;
    }
  };

  test('When a held comment is rejected and the rejection undone, then every key of the site is as before it: queue, stats, comment, memory, reputation, campaigns, corpus', async () => {
    await submitHeld(t, casinoCopy(1));
    await submitHeld(t, casinoCopy(2));
    await settle();
    const before = await snapshot(t.redis, prefix());
    const { decision } = await decide('casino-1', 'spam');
    assert.equal(await t.redis.zscore(t.store.keys.review(t.site), 'casino-1'), null, 'the decision took it out of the queue');
    assert.ok(await t.store.corpus.get(t.site, 'casino-1'), 'the decision labelled it');
    const res = await undo('casino-1', decision.at).expect(200);
    assert.equal(res.body.verdict.verdict, 'review');
    assert.equal(res.body.verdict.status, 'scored');
    assert.equal(res.body.undone.undone.by.name, 'mod');
    await settle();
    assert.deepEqual(differences(before, await snapshot(t.redis, prefix()), isHistory('casino-1')), []);
    const history = await mod.get(`/v1/comments/casino-1/decisions?site=${t.site}`).expect(200);
    assert.equal(history.body.decisions.length, 1);
    assert.equal(history.body.decisions[0].undone.by.name, 'mod');
    const jobs = await learnJobsFor('casino-1');
    assert.equal(jobs.length, 2);
    assert.ok(jobs.some((j) => j.forget?.label === 'spam' && j.learn === undefined), 'the live model forgets the label, and learns nothing: there was none before');
  });

  test('When a comment the memories knew of is approved and the approval undone, then its reputation confirmations and its earlier label are back, exactly', async () => {
    await submitHeld(t, casinoCopy(3));
    const record = await t.store.comments.get(t.site, 'casino-3');
    await t.store.reputation.remember([{ kind: 'domain', value: 'woori-casino.xyz' }], new Date(Date.now() - 3_600_000), { site: t.site, id: 'casino-3' });
    await t.store.corpus.label({ site: t.site, id: 'casino-3', label: 'spam', source: 'akismet', by: 'akismet', at: new Date(Date.now() - 60_000).toISOString(), ...exampleText(record!.comment) });
    await settle();
    const before = await snapshot(t.redis, prefix());
    const { decision } = await decide('casino-3', 'ham');
    assert.equal(await t.store.reputation.confirmedAt('domain', 'woori-casino.xyz'), undefined, 'the approval forgot the confirmation');
    await undo('casino-3', decision.at).expect(200);
    await settle();
    assert.deepEqual(differences(before, await snapshot(t.redis, prefix()), isHistory('casino-3')), []);
    const jobs = await learnJobsFor('casino-3');
    assert.ok(jobs.some((j) => j.forget?.label === 'ham' && j.learn?.label === 'spam'), 'the model forgets the approval and relearns the earlier label');
  });

  test('When a decision reverses an earlier one and is undone, then everything is as after the earlier one (the reversal re-applies its label, memory and counts)', async () => {
    await submitHeld(t, casinoCopy(4));
    await decide('casino-4', 'spam');
    await settle();
    const afterFirst = await snapshot(t.redis, prefix());
    const { decision } = await decide('casino-4', 'ham');
    const res = await undo('casino-4', decision.at).expect(200);
    assert.equal(res.body.verdict.verdict, 'spam');
    assert.equal(res.body.verdict.status, 'decided');
    await settle();
    // The undo record of the first decision was replaced by the second's, which the undo used up: only the last decision can be undone.
    const allowed = (k: string) => isHistory('casino-4')(k) || k === `:undo:${t.site}:casino-4`;
    assert.deepEqual(differences(afterFirst, await snapshot(t.redis, prefix()), allowed), []);
    // A new decision after the undo supersedes the first one, not the undone one: the counts stay right.
    const day = new Date().toISOString().slice(0, 10);
    const [stats0] = await t.store.stats.days([t.site], [day]);
    await decide('casino-4', 'ham');
    const [stats1] = await t.store.stats.days([t.site], [day]);
    assert.deepEqual([stats1!.decided - stats0!.decided, stats1!.approved - stats0!.approved, stats1!.rejected - stats0!.rejected], [0, 1, -1]);
  });

  test('When a comment the machine rejected is approved and the approval undone, then it is the machine-rejected comment again, everywhere', async () => {
    const { site, key } = await newSite(t.store, 'undo machine daily');
    await t.store.lists.add(site, 'blocked-domains', 'woori-casino.xyz');
    const verdict = await submit(t, casinoCopy(5), key);
    assert.equal(verdict.verdict, 'spam');
    await settle();
    const before = await snapshot(t.redis, prefix());
    const { decision } = await decide('casino-5', 'ham', site);
    const res = await undo('casino-5', decision.at, site).expect(200);
    assert.deepEqual([res.body.verdict.verdict, res.body.verdict.status, res.body.notified], ['spam', 'scored', false]);
    await settle();
    assert.deepEqual(differences(before, await snapshot(t.redis, prefix()), (k) => k === `:decisions:${site}:casino-5`), []);
  });

  test('When a shadow-mode site\'s would-have-held comment is decided and the decision undone, then it is back in the would-have-held set, everything else as before, and its CMS hears nothing', async () => {
    const { site, key } = await newSite(t.store, 'undo shadow daily');
    await configureSite(t, { thresholds: HOLD_ALL, mode: 'shadow', callbackUrl: cms.url }, site);
    assert.equal((await submit(t, casinoCopy(40), key)).verdict, 'ham', 'a shadow-mode CMS is told ham');
    await settle();
    assert.equal((await t.store.comments.get(site, 'casino-40'))?.verdict?.verdict, 'review');
    assert.notEqual(await t.redis.zscore(t.store.keys.shadow(site), 'casino-40'), null);
    const before = await snapshot(t.redis, prefix());
    const { decision } = await decide('casino-40', 'spam', site);
    const res = await undo('casino-40', decision.at, site).expect(200);
    assert.equal(res.body.notified, false);
    await settle();
    assert.deepEqual(differences(before, await snapshot(t.redis, prefix()), (k) => k === `:decisions:${site}:casino-40`), []);
    assert.equal(cms.received.filter((r) => r.body['id'] === 'casino-40' && r.body['event'] === 'undone').length, 0);
  });

  test('When a decision is undone, then the CMS gets a signed callback with the verdict restored and event "undone"', async () => {
    await submitHeld(t, casinoCopy(6));
    const { decision } = await decide('casino-6', 'spam');
    await cms.waitFor(cms.received.filter((r) => r.body['id'] === 'casino-6').length);
    const count = cms.received.length;
    const res = await undo('casino-6', decision.at).expect(200);
    assert.equal(res.body.notified, true);
    const callback = (await cms.waitFor(count + 1)).slice(count).find((r) => r.body['id'] === 'casino-6');
    assert.ok(callback);
    assert.equal(callback.body['event'], 'undone');
    assert.equal(callback.body['verdict'], 'review');
    assert.equal(callback.body['decidedBy'], null);
    const site = await t.store.sites.get(t.site);
    assert.ok(verifySignature(String(callback.headers['sluice-signature']), callback.raw, site!.webhookSecret, new Date()));
  });

  test('When an undo names a decision that is not the last, none, one undone already, or one past the window, then it is refused with 409 and nothing changes', async () => {
    await submitHeld(t, casinoCopy(7));
    assert.equal((await undo('casino-7', new Date().toISOString()).expect(409)).body.error.code, 'undo_nothing');
    const first = await decide('casino-7', 'spam');
    const second = await decide('casino-7', 'ham');
    const stale = await undo('casino-7', first.decision.at).expect(409);
    assert.equal(stale.body.error.code, 'undo_stale');
    assert.equal((await t.store.comments.get(t.site, 'casino-7'))?.verdict?.verdict, 'ham', 'the later decision stands');
    await undo('casino-7', second.decision.at).expect(200);
    assert.equal((await undo('casino-7', second.decision.at).expect(409)).body.error.code, 'undo_nothing');

    await submitHeld(t, casinoCopy(8));
    const late = await decide('casino-8', 'spam');
    offsetMs = (t.config.undoWindowSeconds + 1) * 1000;
    try {
      const expired = await undo('casino-8', late.decision.at).expect(409);
      assert.equal(expired.body.error.code, 'undo_expired');
      assert.match(expired.body.error.message, /decide the comment again/);
    } finally {
      offsetMs = 0;
    }
    assert.equal((await t.store.comments.get(t.site, 'casino-8'))?.verdict?.verdict, 'spam');
    assert.equal((await undo('nope', late.decision.at).expect(404)).body.error.code, 'not_found');
  });

  test('When many decisions are undone at once, then each is undone or skipped with why', async () => {
    for (const n of [9, 10]) await submitHeld(t, casinoCopy(n));
    const a = await decide('casino-9', 'spam');
    const b = await decide('casino-10', 'spam');
    const both = [{ site: t.site, id: 'casino-9', at: a.decision.at }, { site: t.site, id: 'casino-10', at: b.decision.at }];
    const res = await mod.post('/v1/decisions/undo', { comments: both }).expect(200);
    assert.deepEqual(res.body.undone.map((u: { id: string }) => u.id).sort(), ['casino-10', 'casino-9']);
    assert.deepEqual(res.body.skipped, []);
    for (const id of ['casino-9', 'casino-10']) assert.notEqual(await t.redis.zscore(t.store.keys.review(t.site), id), null, `${id} is held again`);
    const again = await mod.post('/v1/decisions/undo', { comments: [...both, { site: t.site, id: 'nope', at: a.decision.at }] }).expect(200);
    assert.deepEqual(again.body.undone, []);
    assert.deepEqual(again.body.skipped.map((s: { id: string; code: string }) => [s.id, s.code]).sort(), [['casino-10', 'undo_nothing'], ['casino-9', 'undo_nothing'], ['nope', 'not_found']]);
  });

  test('When a moderator previews what to block or trust, then every link domain, the email and the IP are listed with why each would be refused', async () => {
    await submitHeld(t, { id: 'two-links', postId: 'post-1', content: 'See https://woori-casino.xyz and https://lucky-slots.net and https://www.youtube.com/watch?v=1', author: { name: 'Kim', email: 'kim@gmail.com', ip: '203.0.113.9' } });
    const res = await mod.get(`/v1/comments/two-links/block-targets?site=${t.site}`).expect(200);
    const row = (rows: Array<{ target: string; value: string; list: string; refused?: string }>, value: string) => rows.find((r) => r.value === value);
    assert.deepEqual(res.body.block.map((r: { value: string }) => r.value), ['woori-casino.xyz', 'lucky-slots.net', 'youtube.com', 'kim@gmail.com', '203.0.113.9']);
    assert.equal(row(res.body.block, 'lucky-slots.net')?.refused, undefined);
    assert.match(row(res.body.block, 'youtube.com')?.refused ?? '', /popular/);
    assert.equal(row(res.body.trust, 'kim@gmail.com')?.list, 'allowed-emails');
    assert.equal(row(res.body.trust, 'kim@gmail.com')?.refused, undefined, 'trusting one address is fine');
    assert.match(row(res.body.trust, 'youtube.com')?.refused ?? '', /popular/);

    const chosen = await mod.post('/v1/comments/two-links/block', { site: t.site, target: 'domain', value: 'lucky-slots.net' }).expect(200);
    assert.deepEqual(chosen.body.blocked, { list: 'blocked-domains', value: 'lucky-slots.net', added: true });
    const foreign = await mod.post('/v1/comments/two-links/block', { site: t.site, target: 'domain', value: 'elsewhere.example' }).expect(400);
    assert.match(foreign.body.error.message, /not a domain of comment/);
    const after = await mod.get(`/v1/comments/two-links/block-targets?site=${t.site}`).expect(200);
    assert.match(row(after.body.trust, 'lucky-slots.net')?.refused ?? '', /block list/);
  });

  test('When a moderator approves and trusts, then the comment is approved (undoably) and the value allowed; a free-mail or popular domain is refused', async () => {
    await submitHeld(t, { id: 'trusted', postId: 'post-1', content: 'Thanks for the info, I found more at https://harbour-rowing.xyz today and at https://gmail.com', author: { name: 'Rower', email: 'rower@club.example' } });
    const refused = await mod.post('/v1/comments/trusted/trust', { site: t.site, target: 'domain', value: 'gmail.com' }).expect(409);
    assert.equal(refused.body.error.code, 'trust_refused');
    assert.match(refused.body.error.message, /free-mail/);
    const res = await mod.post('/v1/comments/trusted/trust', { site: t.site, target: 'domain', value: 'harbour-rowing.xyz' }).expect(200);
    assert.deepEqual(res.body.trusted, { list: 'allowed-domains', value: 'harbour-rowing.xyz', added: true });
    assert.deepEqual(res.body.decided, [{ site: t.site, id: 'trusted', verdict: 'ham', at: res.body.decision.at }]);
    assert.deepEqual(res.body.skipped, []);
    assert.equal((await t.store.comments.get(t.site, 'trusted'))?.verdict?.verdict, 'ham');
    const email = await mod.post('/v1/comments/trusted/trust', { site: t.site, target: 'email' }).expect(200);
    assert.equal(email.body.trusted.value, 'rower@club.example');
    assert.equal((await mod.post('/v1/comments/trusted/trust', { site: t.site, target: 'ip' }).expect(409)).body.error.code, 'nothing_to_trust');
    await undo('trusted', email.body.decision.at).expect(200);
    assert.equal((await t.store.comments.get(t.site, 'trusted'))?.verdict?.verdict, 'ham', 'back to the first trust’s approval');
  });

  test('When a moderator lists blocks, then each entry says who added it for which comment (operators’ entries say nothing); deleting one and undoing the block’s decisions restores everything', async () => {
    const { site, key } = await newSite(t.store, 'undo blocks daily');
    await configureSite(t, { thresholds: HOLD_ALL }, site);
    await as(t, t.operatorToken).patch(`/v1/lists/blocked-ips?site=${site}`, { add: ['192.0.2.1'] }).expect(200);
    for (const n of [30, 31]) {
      const v = await submit(t, casinoCopy(n), key);
      assert.equal(v.verdict, 'review');
    }
    await settle();
    const before = await snapshot(t.redis, prefix());
    const block = await mod.post('/v1/comments/casino-30/block', { site, target: 'domain' }).expect(200);
    assert.deepEqual(block.body.decided.map((d: { id: string }) => d.id).sort(), ['casino-30', 'casino-31']);
    const listed = await mod.get(`/v1/blocks?site=${site}`).expect(200);
    const mine = listed.body.entries.find((e: { value: string }) => e.value === 'woori-casino.xyz');
    assert.deepEqual([mine.site, mine.list, mine.by, mine.commentId, typeof mine.at], [site, 'blocked-domains', 'mod', 'casino-30', 'string']);
    assert.deepEqual(listed.body.entries.find((e: { value: string }) => e.value === '192.0.2.1'), { site, list: 'blocked-ips', value: '192.0.2.1' });

    // The page's "undo block": remove the entry (it was added), then undo each decided comment's decision.
    assert.equal(block.body.blocked.added, true);
    assert.deepEqual((await mod.delete('/v1/blocks', { site, list: 'blocked-domains', value: 'woori-casino.xyz' }).expect(200)).body, { removed: true });
    const ats = await Promise.all(
      block.body.decided.map(async (d: { id: string }) => ({ site, id: d.id, at: (await t.store.decisions.history(site, d.id)).at(-1)!.at })),
    );
    const undone = await mod.post('/v1/decisions/undo', { comments: ats }).expect(200);
    assert.equal(undone.body.undone.length, 2, JSON.stringify(undone.body.skipped));
    await settle();
    assert.deepEqual(differences(before, await snapshot(t.redis, prefix()), (k) => k.startsWith(`:decisions:${site}:`)), []);
    assert.deepEqual((await mod.delete('/v1/blocks', { site, list: 'blocked-domains', value: 'woori-casino.xyz' }).expect(200)).body, { removed: false });
    assert.equal((await mod.delete('/v1/blocks', { site, list: 'banned-words', value: 'x' }).expect(400)).body.error.code, 'validation_failed');
  });
});
