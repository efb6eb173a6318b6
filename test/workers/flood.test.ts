/**
 * Flood detection through the real score-comment use case against a real Redis: one new domain promoted under many
 * names and addresses within ten minutes (the clock is injected), and near-duplicate texts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { familyOf } from '../../src/scoring/pipeline.js';
import type { Store } from '../../src/store/index.js';
import { logit, type Verdict } from '../../src/domain/verdict.js';
import { testConfig, uniquePrefix } from '../helpers/env.js';
import { startScoringWorker, type ScoringWorker } from '../helpers/scoring-worker.js';
import { READER_NAMES as NAMES } from '../helpers/words.js';

const config = testConfig(uniquePrefix('flood'));
const T0 = Date.parse('2026-11-20T12:00:00Z');
let worker: ScoringWorker;
let redis: Redis;
let store: Store;
const post = (site: string, comment: Record<string, unknown>, at: Date): Promise<Verdict> => worker.post(site, comment, at);

const OPENERS = ['Interesting point about the budget.', 'I agree with the council here.', 'Not sure the numbers add up.', 'Good summary of the vote.', 'The mayor should answer this.'];

describe('flood detection through the score-comment worker', () => {
  before(async () => {
    worker = startScoringWorker(config);
    ({ redis, store } = worker);
    await store.sites.create({ name: 'flood news' }, new Date(T0));
    await store.sites.create({ name: 'other news' }, new Date(T0));
  });
  after(async () => worker.close());

  it('When 20 comments over 10 minutes promote one new domain under different names and IPs, then all but the first two are held naming the flood (a shared link is network evidence: it holds; they are rejected only once their texts repeat and the rest of their evidence reaches the spam threshold alone), and the first two are re-flagged for review once one of the flood is rejected', async () => {
    const verdicts: Verdict[] = [];
    for (let i = 0; i < 20; i++) {
      const at = new Date(T0 + i * 30_000);
      const content = `${OPENERS[i % OPENERS.length]} More background here: https://cityhall-report.com/story/${i}`;
      verdicts.push(await post('flood-news', { id: `c${i}`, postId: `post-${i % 4}`, content, author: { name: NAMES[i], ip: `203.0.${i}.${10 + i}` } }, at));
    }
    assert.deepEqual(verdicts.slice(0, 2).map((v) => v.verdict), ['ham', 'ham'], 'the first two look like readers when they arrive');
    for (const v of verdicts.slice(2)) {
      // Rejected only once their texts repeat too (evidence about the comment itself) and that evidence alone reaches spam.
      const own = v.reasons.filter((r) => familyOf(r.code) !== 'network').reduce((sum, r) => sum + r.weight, 0);
      const rejectable = v.reasons.some((r) => r.code === 'flood.text') && own >= logit(config.thresholds.spam);
      assert.equal(v.verdict, rejectable ? 'spam' : 'review', `${v.id}: ${v.score} ${v.reasons.map((r) => `${r.code}:${r.weight}`).join(',')}`);
      const flood = v.reasons.find((r) => r.code === 'flood.domain');
      assert.ok(flood, `${v.id} names the flood`);
      assert.match(flood.message, /cityhall-report\.com/);
      assert.ok(v.counterfactual?.some((c) => c.code === 'flood.domain' && c.message.startsWith('ham without')));
    }
    assert.ok(verdicts.some((v) => v.verdict === 'spam'), 'one of the flood is rejected: that is what re-flags the earlier ones');
    for (const id of ['c0', 'c1']) {
      const record = (await store.comments.get('flood-news', id))!;
      assert.equal(record.verdict?.verdict, 'review', `${id} re-flagged`);
      assert.equal(record.status, 'scored');
      const reason = record.verdict!.reasons.at(-1)!;
      assert.equal(reason.code, 'flood.domain');
      assert.match(reason.message, /found after this comment was scored/);
      const sum = record.verdict!.reasons.reduce((s, r) => s + r.weight, 0);
      assert.ok(Math.abs(1 / (1 + Math.exp(-sum)) - record.verdict!.score) < 1e-3, 'the reasons still add up to the score');
      assert.notEqual(await redis.zscore(store.keys.review('flood-news'), id), null, `${id} is in the review queue`);
    }
  });

  it('When comments promoting one domain are further apart than the window, then they are no flood, and the window keeps only the recent one', async () => {
    const at = T0 + 10 * 3_600_000;
    const vs: Verdict[] = [];
    for (let i = 0; i < 4; i++) {
      const content = `${OPENERS[i]} https://spaced-out-shop.com/x${i}`;
      vs.push(await post('other-news', { id: `w${i}`, postId: 'p', content, author: { name: NAMES[i], ip: `198.51.100.${i + 1}` } }, new Date(at + i * 11 * 60_000)));
    }
    for (const v of vs) assert.ok(!v.reasons.some((r) => r.code === 'flood.domain'), `${v.id}: ${v.reasons.map((r) => r.code).join(',')}`);
    const members = await redis.zrange(store.keys.flood('other-news', 'domain', 'spaced-out-shop.com'), '0', '-1');
    assert.deepEqual(members.map((m) => m.slice(m.lastIndexOf('\n') + 1)), ['w3'], 'the older ones were trimmed');
    // One site posted within the window: its windows are the all-sites ones, and those are not written.
    assert.deepEqual(await redis.keys(`${store.keys.flood('\\*', 'domain', 'spaced-out-shop.com').replace('\\*:', '\\**:')}`), []);
  });

  it('When a second site starts posting, then the all-sites window holds the first site\'s earlier comments too, and a flood across both sites is found', async () => {
    const at = T0 + 20 * 3_600_000;
    const domain = 'cross-site-deals.com';
    const vs: Verdict[] = [];
    const sites = ['flood-news', 'flood-news', 'other-news', 'other-news'];
    for (const [i, site] of sites.entries()) {
      vs.push(await post(site, { id: `x${i}`, postId: `p${i}`, content: `${OPENERS[i]} Look: https://${domain}/d${i}`, author: { name: NAMES[i + 5], ip: `198.18.${i}.7` } }, new Date(at + i * 20_000)));
    }
    for (const v of vs.slice(0, 2)) assert.ok(!v.reasons.some((r) => r.code === 'flood.domain'), `${v.id}: one site alone, two authors`);
    const flood = vs[2]!.reasons.find((r) => r.code === 'flood.domain');
    assert.ok(flood, vs[2]!.reasons.map((r) => r.code).join(','));
    assert.equal((flood.data as { scope: string; sites: number }).scope, 'all');
    assert.equal((flood.data as { scope: string; sites: number }).sites, 2);
    assert.match(flood.message, /across 2 sites/);
    const all = await redis.keys(store.keys.flood('\\*', 'domain', domain).replace('\\*:', '\\**:'));
    assert.equal(all.length, 1, 'one all-sites window of this generation');
    assert.equal(await redis.zcard(all[0]!), 4, 'both sites\' comments, the earlier ones included');
    assert.equal(await redis.zcard(store.keys.flood('flood-news', 'domain', domain)), 2);
    for (const key of [all[0]!, store.keys.flood('other-news', 'domain', domain)]) assert.ok((await redis.pttl(key)) > 0, `${key} expires`);
  });

  it('When readers link the same established domain, then it is not a flood', async () => {
    // The domain was first seen long ago (older than the new-domain window), and only a few readers link it.
    const old = new Date(T0 - 30 * 86_400_000);
    await post('other-news', { id: 'seed', postId: 'p', content: 'Source: https://citypaper-archive.org/a', author: { name: 'Early Reader' } }, old);
    const later = new Date(T0 + 3_600_000);
    const vs: Verdict[] = [];
    for (let i = 0; i < 4; i++) {
      vs.push(await post('other-news', { id: `r${i}`, postId: 'p', content: `${OPENERS[i]} See https://citypaper-archive.org/b${i}`, author: { name: NAMES[i] } }, new Date(later.getTime() + i * 10_000)));
    }
    for (const v of vs) assert.ok(!v.reasons.some((r) => r.code === 'flood.domain'), v.reasons.map((r) => r.code).join(','));
  });

  it('When near-identical texts arrive from different authors, then the third names the text flood, even with a word changed', async () => {
    const base = 'Earn money from home with this simple method, thousands of people already joined and they are happy';
    const variants = [base, base.replace('simple', 'easy'), base.replace('happy', 'very happy')];
    const at = T0 + 7_200_000;
    const vs: Verdict[] = [];
    for (let i = 0; i < variants.length; i++) {
      vs.push(await post('other-news', { id: `t${i}`, postId: `p${i}`, content: variants[i], author: { name: `Helper ${i}`, ip: `192.0.2.${i + 1}` } }, new Date(at + i * 5_000)));
    }
    const flood = vs[2]!.reasons.find((r) => r.code === 'flood.text');
    assert.ok(flood, vs[2]!.reasons.map((r) => r.code).join(','));
    assert.equal(vs[2]!.verdict, 'spam');
  });

  it('When more than a thousand sites post within the window, then an all-sites window built from theirs counts each of them', async () => {
    const at = T0 + 40 * 3_600_000;
    const keysOf = (domain: string, i: number) => ({ windows: [{ kind: 'domain' as const, value: domain }], simhash: undefined, author: `a${i}`, ip: '', post: 'p', reputation: [] });
    for (let i = 0; i < 1_205; i++) await store.flood.record(`s${i}`, 'c', keysOf(`own-${i}.example`, i), new Date(at + i));
    const first = await store.flood.record('s7', 'x', keysOf('shared.example', 7), new Date(at + 2_000));
    const second = await store.flood.record('s1200', 'y', keysOf('shared.example', 1200), new Date(at + 2_001));
    const all = (signals: typeof first) => signals.floods.find((f) => f.scope === 'all')!;
    assert.equal(all(first).comments, 1);
    assert.deepEqual([all(second).comments, all(second).sites, all(second).authors], [2, 2, 2]);
    assert.deepEqual(all(second).earlier, ['s7\nx']);
    assert.equal(second.floods.find((f) => f.scope === 'site')!.comments, 1);
  });

  it('When spam is confirmed, then a later comment linking the same domain meets the reputation memory', async () => {
    await store.reputation.confirmSpam({ site: 'other-news', id: 'x', postId: 'p', content: 'see https://pills-express.net', contentType: 'text', author: {} }, new Date(T0));
    const v = await post('other-news', { id: 'rep1', postId: 'p', content: 'I found cheaper ones at https://pills-express.net/shop', author: { name: 'Ann' } }, new Date(T0 + 86_400_000));
    const hit = v.reasons.find((r) => r.code === 'reputation.domain');
    assert.ok(hit, v.reasons.map((r) => r.code).join(','));
    assert.match(hit.message, /pills-express\.net/);
  });
});
