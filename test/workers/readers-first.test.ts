/**
 * Readers first (issue 14, findings 2–4), through the real score-comment use case against a real Redis: readers who
 * share a link, an address or a subnet with each other or with spam are never rejected for it; earlier comments are
 * pulled back only when the flood they belong to is rejected, never those the CMS vouched for, and the CMS hears of it.
 * The last test runs the scenarios with many readers and prints the figures docs/RELIABILITY.md reports.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullPrefix, QUEUE_NAMES, type DeliveryJob } from '../../src/queue/queues.js';
import type { Store } from '../../src/store/index.js';
import type { Verdict } from '../../src/domain/verdict.js';
import { testConfig, uniquePrefix } from '../helpers/env.js';
import { startScoringWorker, type ScoringWorker } from '../helpers/scoring-worker.js';
import { READER_NAMES as READERS } from '../helpers/words.js';

const prefix = uniquePrefix('readers');
const config = testConfig(prefix);
const T0 = Date.parse('2026-11-21T09:00:00Z');
const HOUR = 3_600_000;
let worker: ScoringWorker;
let redis: Redis;
let store: Store;
const post = (site: string, comment: Record<string, unknown>, at: number): Promise<Verdict> => worker.post(site, comment, new Date(at));

const verdictOf = async (site: string, id: string): Promise<Verdict> => (await store.comments.get(site, id))!.verdict!;
const codes = (v: Verdict): string => `${v.id}: ${v.verdict} ${v.score} ${v.reasons.map((r) => `${r.code}:${r.weight}`).join(',')}`;

const SAYINGS = [
  'Good piece, the council should read this before the vote.',
  'Here is the original report for anyone interested:',
  'The same thing happened in our town last year, see',
  'Thanks for covering this, more context here:',
  'Please write more about Syria, thank you!',
];
const CASINO = ['온라인카지노 첫충 20% 우리카지노 바카라 사이트 가입머니 지급 카톡 문의', '카지노사이트 추천 슬롯 바카라 첫충 보너스 24시간 상담 텔레그램'];

/** The deliveries the CMS of `site` was sent (every state), by comment id. */
async function deliveriesOf(site: string): Promise<DeliveryJob[]> {
  const queue = new Queue(QUEUE_NAMES.deliveries, { connection: redis, prefix: bullPrefix(prefix) });
  try {
    const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized']);
    return jobs.filter(Boolean).map((j) => j.data as DeliveryJob).filter((d) => d.site === site);
  } finally {
    await queue.close();
  }
}

describe('readers first: network evidence never rejects a reader', () => {
  before(async () => {
    worker = startScoringWorker(config);
    ({ redis, store } = worker);
    for (const name of ['site a', 'site b', 'site c']) await store.sites.create({ name, callbackUrl: 'https://cms.example.org/sluice' }, new Date(T0));
  });
  after(async () => worker.close());

  it('When four readers of different names and addresses link the same article on a news site within ten minutes, then none is rejected, none held, and none pulled back', async () => {
    const at = T0;
    const vs: Verdict[] = [];
    for (let i = 0; i < 4; i++) {
      const content = `${SAYINGS[i]} https://www.theguardian.com/world/2026/nov/20/ceasefire-talks-resume`;
      vs.push(await post('site-a', { id: `news${i}`, postId: 'p1', content, author: { name: READERS[i], ip: `203.0.113.${10 + i}` } }, at + i * 60_000));
    }
    for (const v of vs) {
      assert.equal(v.verdict, 'ham', codes(v));
      assert.ok(!v.reasons.some((r) => r.code === 'flood.domain'), codes(v));
    }
    for (let i = 0; i < 4; i++) assert.equal((await verdictOf('site-a', `news${i}`)).verdict, 'ham');
  });

  it('When readers link the article they comment on, on a domain no list knows, then that is no flood', async () => {
    const at = T0 + HOUR;
    const permalink = 'https://riverside-gazette.com/2026/11/bridge-closure';
    for (let i = 0; i < 5; i++) {
      const v = await post('site-a', { id: `art${i}`, postId: 'p2', permalink, content: `${SAYINGS[i % 4]} https://riverside-gazette.com/2026/11/bridge-closure#comments`, author: { name: READERS[i + 4], ip: `198.18.${i}.9` } }, at + i * 60_000);
      assert.ok(!v.reasons.some((r) => r.code.endsWith('.domain')), codes(v));
      assert.equal(v.verdict, 'ham', codes(v));
    }
  });

  it('When three spam comments on site B link a domain, then a reader on site A linking it is not rejected, and the other sites weigh half', async () => {
    const at = T0 + 2 * HOUR;
    for (let i = 0; i < 3; i++) {
      const v = await post('site-b', { id: `bspam${i}`, postId: 'q', content: `${CASINO[i % 2]} https://harbor-bargains.com/promo${i}`, author: { name: `우리카지노${i}`, ip: `192.0.2.${30 + i}` } }, at + i * 30_000);
      assert.equal(v.verdict, 'spam', codes(v));
    }
    const reader = await post('site-a', { id: 'cross1', postId: 'p3', content: 'I bought my kayak there and it was fine: https://harbor-bargains.com/kayaks', author: { name: 'Lena Horvat', ip: '203.0.113.77' } }, at + 2 * 60_000);
    assert.notEqual(reader.verdict, 'spam', codes(reader));
    const flood = reader.reasons.find((r) => r.code === 'flood.domain');
    assert.ok(flood, codes(reader));
    assert.equal((flood.data as { scope: string }).scope, 'all');
    assert.ok(flood.weight <= 4, `a window across sites weighs half: ${flood.weight}`);
  });

  it('When spam on site B is rejected for a flood of a domain a reader on site A linked earlier, then A\'s reader is not pulled back', async () => {
    const at = T0 + 2 * HOUR + 30 * 60_000;
    const reader = await post('site-a', { id: 'dock1', postId: 'p3', content: 'Got my mooring lines here, decent prices: https://dockside-supplies.com/lines', author: { name: 'Ben Cho', ip: '203.0.113.79' } }, at);
    assert.equal(reader.verdict, 'ham', codes(reader));
    const spam: Verdict[] = [];
    for (let i = 0; i < 3; i++) spam.push(await post('site-b', { id: `dockspam${i}`, postId: 'q', content: `${CASINO[i % 2]} https://dockside-supplies.com/vip${i}`, author: { name: `바카라${i}`, ip: `192.0.2.${40 + i}` } }, at + (i + 1) * 20_000));
    assert.ok(spam.some((v) => v.verdict === 'spam' && v.reasons.some((r) => r.code === 'flood.domain')), spam.map(codes).join('\n'));
    assert.equal((await verdictOf('site-a', 'dock1')).verdict, 'ham', 'another site\'s spam never pulls back what site A published');
  });

  it('When a blatant spam also links a big news site, then that domain is not remembered as spam, and the next reader linking it on another site is published', async () => {
    const at = T0 + 3 * HOUR;
    const spam = await post('site-b', { id: 'blatant1', postId: 'q', content: `${CASINO[0]} 💰💰 https://www.bbc.co.uk/news/world-1 https://casino-first-charge.xyz/join`, author: { name: '우리카지노 VIP', ip: '192.0.2.99', email: 'vip@casino-first-charge.xyz' } }, at);
    assert.equal(spam.verdict, 'spam', codes(spam));
    assert.equal(await redis.zscore(store.keys.reputation('domain'), 'bbc.co.uk'), null, 'bbc.co.uk is not in the reputation memory');
    const reader = await post('site-a', { id: 'bbc1', postId: 'p4', content: 'The BBC has a good explainer: https://www.bbc.co.uk/news/world-1', author: { name: 'Omar Haddad', ip: '203.0.113.88' } }, at + HOUR);
    assert.equal(reader.verdict, 'ham', codes(reader));
  });

  it('When a reader posts from an address a casino comment came from, then the reader is not rejected', async () => {
    const at = T0 + 4 * HOUR;
    const ip = '100.64.7.20';
    const casino = await post('site-a', { id: 'nat-spam', postId: 'p5', content: `${CASINO[1]} https://slot-bonus-house.top/vip`, author: { name: '카지노사이트', ip } }, at);
    assert.equal(casino.verdict, 'spam', codes(casino));
    for (let i = 0; i < 4; i++) {
      const v = await post('site-a', { id: `nat${i}`, postId: 'p5', content: SAYINGS[4 - (i % 2)]!.replace(/:$/, '.'), author: { name: READERS[10 + i], ip } }, at + (i + 1) * 60_000);
      assert.notEqual(v.verdict, 'spam', codes(v));
    }
    // The reputation of the address may hold the first of them (network evidence holds), never reject.
    const syria = await verdictOf('site-a', 'nat0');
    assert.ok(syria.reasons.some((r) => r.code === 'reputation.ip'), codes(syria));
  });

  it('When a spam burst comes from the /24 of earlier readers, then the readers are not pulled back (an address is no evidence against them)', async () => {
    const at = T0 + 5 * HOUR;
    for (let i = 0; i < 4; i++) await post('site-a', { id: `sub${i}`, postId: 'p6', content: SAYINGS[i]!.replace(/:$/, '.'), author: { name: READERS[i], ip: `198.51.100.${20 + i}` } }, at + i * 30_000);
    for (let i = 0; i < 8; i++) {
      const v = await post('site-a', { id: `burst${i}`, postId: `p6-${i}`, content: `${CASINO[i % 2]} https://burst-casino-${i}.top`, author: { name: `카지노 ${i}호`, ip: `198.51.100.${100 + i}` } }, at + 3 * 60_000 + i * 10_000);
      assert.equal(v.verdict, 'spam', codes(v));
    }
    for (let i = 0; i < 4; i++) assert.equal((await verdictOf('site-a', `sub${i}`)).verdict, 'ham', `sub${i} stays published`);
  });

  it('When a flood promoting a new domain is rejected, then its earlier published comments are held (never rejected), the CMS is sent a signed "reflagged" callback, and the day\'s stats count them; a comment whose author the CMS vouched for stays', async () => {
    const at = T0 + 6 * HOUR;
    const domain = 'https://northgate-partners.com/apply';
    await post('site-c', { id: 'seed0', postId: 'r', content: `They answered my question within a day ${domain}`, author: { name: 'Lisa Grant', ip: '198.18.50.1' } }, at);
    await post('site-c', { id: 'seed1', postId: 'r', content: `Their report on the harbour is worth a read ${domain}`, author: { name: 'Mark Dean', ip: '198.18.51.1' } }, at + 20_000);
    const admin = await post('site-c', { id: 'staff', postId: 'r', content: `Staff note: we are checking this source ${domain}`, author: { name: 'Site Editor', ip: '198.18.52.1', role: 'administrator' } }, at + 40_000);
    assert.equal(admin.verdict, 'ham');
    for (const id of ['seed0', 'seed1']) assert.equal((await verdictOf('site-c', id)).verdict, 'ham', codes(await verdictOf('site-c', id)));
    const loans = [
      'Urgent loan approved in 5 minutes, no credit check, whatsapp +1 555 0100 now',
      'Fast cash loan guaranteed approval, bad credit ok, contact whatsapp +1 555 0101',
      'Instant payday loan no credit check, apply today, whatsapp +1 555 0102',
    ];
    const rejected: Verdict[] = [];
    for (let i = 0; i < loans.length; i++) rejected.push(await post('site-c', { id: `loan${i}`, postId: 'r', content: `${loans[i]} ${domain}`, author: { name: `Loan Agent ${i}`, ip: `203.0.113.${150 + i}` } }, at + 60_000 + i * 10_000));
    assert.ok(rejected.some((v) => v.verdict === 'spam' && v.reasons.some((r) => r.code === 'flood.domain')), rejected.map(codes).join('\n'));
    for (const id of ['seed0', 'seed1']) {
      const v = await verdictOf('site-c', id);
      assert.equal(v.verdict, 'review', `${id} held, not rejected`);
      assert.match(v.reasons[v.reasons.length - 1]?.message ?? '', /found after this comment was scored/);
    }
    assert.equal((await verdictOf('site-c', 'staff')).verdict, 'ham', 'the CMS vouched for its administrator');
    const told = (await deliveriesOf('site-c')).filter((d) => d.body.event === 'reflagged');
    assert.equal(told.length, 2, JSON.stringify(told.map((d) => d.body.id)));
    assert.deepEqual(told.map((d) => d.body.id).sort(), ['seed0', 'seed1']);
    for (const d of told) assert.equal(d.body.verdict, 'review');
    const [day] = await store.stats.days(['site-c'], [new Date(at).toISOString().slice(0, 10)]);
    assert.ok(day);
    assert.equal(day.reflagged, 2);
    const queued = await redis.zcard(store.keys.review('site-c'));
    assert.equal(day.review + day.reflagged, queued, 'the stats\' held count agrees with the queue');
  });

  it('When a site\'s comments all arrive from one address under many names (a CMS behind a proxy), then the site is flagged once, its address signals are ignored, and the flag goes once readers\' addresses arrive again', async () => {
    const at = T0 + 7 * HOUR;
    const proxy = '192.0.2.200';
    await store.sites.create({ name: 'proxied news' }, new Date(at));
    const vs: Verdict[] = [];
    let raisedAt = -1;
    for (let i = 0; i < 30; i++) {
      const v = await post('proxied-news', { id: `px${i}`, postId: `p${i % 3}`, content: SAYINGS[i % 5]!.replace(/:$/, '.'), author: { name: `${READERS[i % 20]} ${i}`, ip: proxy } }, at + i * 20_000);
      vs.push(v);
      if (raisedAt < 0 && (await store.readers.warnings(['proxied-news'])).length) raisedAt = i;
    }
    assert.equal(raisedAt, 19, 'flagged at the 20th comment');
    assert.ok(vs[10]!.reasons.some((r) => r.code === 'flood.ip'), `before the flag the shared address counted: ${codes(vs[10]!)}`);
    for (const v of vs.slice(20)) {
      assert.notEqual(v.verdict, 'spam', codes(v));
      assert.ok(!v.reasons.some((r) => r.code === 'flood.ip' || r.code === 'flood.subnet' || r.code === 'reputation.ip'), codes(v));
    }
    const [warning] = await store.readers.warnings(['proxied-news']);
    assert.equal(warning?.code, 'site.proxy-address');
    assert.equal(warning?.address, proxy);
    assert.match(warning?.message ?? '', /proxy/);
    // The CMS is fixed: readers' own addresses arrive, and the flag goes.
    for (let i = 0; i < 3; i++) await post('proxied-news', { id: `fixed${i}`, postId: 'p', content: SAYINGS[i]!.replace(/:$/, '.'), author: { name: READERS[i]!, ip: `198.18.${100 + i}.4` } }, at + HOUR + i * 20_000);
    assert.deepEqual(await store.readers.warnings(['proxied-news']), []);
  });

  it('When 57 readers link news, the article, a domain spam used on another site, and post behind an address or /24 that spam used, then none is rejected (the figures docs/RELIABILITY.md reports)', async (t) => {
    const at = T0 + 10 * HOUR;
    for (const name of ['scenario a', 'scenario b']) await store.sites.create({ name }, new Date(at));
    const readers: Array<{ scenario: string; id: string }> = [];
    let n = 0;
    const reader = async (scenario: string, comment: Record<string, unknown>, when: number) => {
      const id = `${scenario}-${n++}`;
      readers.push({ scenario, id });
      return post('scenario-a', { id, postId: `s${n % 4}`, ...comment }, when);
    };
    const name = (i: number) => `${READERS[i % 20]} ${String.fromCharCode(65 + (i % 26))}.`;
    // What readers write differs from one to the next (a campaign's copies are what repeat).
    const FIRST = ['My grandmother lived through the last war there.', 'Our school board argued about this for weeks.', 'I teach history and my students asked about it.',
      'We drove past the site on Sunday morning.', 'Honestly the mayor dodged every question.', 'The photos in this piece say more than words.',
      'My neighbour works at the port and disagrees.', 'Numbers from the ministry never match reality.', 'Nobody in my family trusts these promises anymore.',
      'I volunteered at the shelter during the storm.'];
    const SECOND = ['Worth reading the source', 'Details are in the original', 'Background reading for the curious', 'Here is what I read first',
      'The full interview is linked', 'Longer version'];
    const said = (i: number) => `${FIRST[i % 10]} ${SECOND[Math.floor(i / 10) % 6]}`;
    // Links: news sites readers link every day, within ten minutes.
    const news = ['https://www.nytimes.com/2026/11/21/world/ceasefire.html', 'https://www.bbc.co.uk/news/world-67', 'https://www.reuters.com/world/talks-resume', 'https://www.theguardian.com/world/live', 'https://www.lemonde.fr/international/article/2026/11/21'];
    for (let i = 0; i < 15; i++) await reader('news', { content: `${said(i)} ${news[i % 5]}`, author: { name: name(i), ip: `203.0.${i}.${i + 1}` } }, at + i * 30_000);
    // Links: the article itself, on a domain no list knows.
    const permalink = 'https://valley-courier-local.org/2026/11/flood-defences';
    for (let i = 0; i < 10; i++) await reader('article', { permalink, content: `${said(i + 15)} ${permalink}#c${i}`, author: { name: name(i + 15), ip: `198.18.${i}.1` } }, at + HOUR + i * 30_000);
    // Links across sites: spam on site B linked a domain, readers on site A link it too.
    for (let i = 0; i < 3; i++) await post('scenario-b', { id: `b-spam-${i}`, postId: 'q', content: `${CASINO[i % 2]} https://marina-outlet.com/deal${i}`, author: { name: `카지노${i}`, ip: `192.0.2.${60 + i}` } }, at + 2 * HOUR + i * 20_000);
    for (let i = 0; i < 5; i++) await reader('cross-site', { content: `${said(i + 25)}, about the sailing jackets: https://marina-outlet.com/jackets/${i}`, author: { name: name(i + 25), ip: `198.19.${i}.2` } }, at + 2 * HOUR + 90_000 + i * 20_000);
    // Links: blatant spam that also links a big news site; readers link the news site later.
    await post('scenario-b', { id: 'b-blatant', postId: 'q', content: `${CASINO[0]} 💰 https://www.bbc.co.uk/news/world-99 https://first-charge-casino.xyz`, author: { name: '우리카지노 VIP', ip: '192.0.2.77', email: 'vip@first-charge-casino.xyz' } }, at + 3 * HOUR);
    for (let i = 0; i < 5; i++) await reader('reputation', { content: `${said(i + 30)} at the BBC: https://www.bbc.co.uk/news/world-99#${i}`, author: { name: name(i + 30), ip: `198.20.${i}.3` } }, at + 4 * HOUR + i * 60_000);
    // Addresses: a casino comment from a carrier NAT address, then readers behind it.
    await post('scenario-a', { id: 'nat-casino', postId: 'n', content: `${CASINO[1]} https://slot-house-vip.top`, author: { name: '카지노사이트', ip: '100.64.9.9' } }, at + 5 * HOUR);
    for (let i = 0; i < 10; i++) await reader('shared-ip', { content: i === 0 ? SAYINGS[4]! : said(i + 35).replace(/ [A-Z][^.]*$/, ''), author: { name: name(i + 35), ip: '100.64.9.9' } }, at + 5 * HOUR + (i + 1) * 40_000);
    // Addresses: readers in a /24, a spam burst from it, more readers from it.
    for (let i = 0; i < 8; i++) await reader('subnet', { content: said(i + 45).replace(/ [A-Z][^.]*$/, ''), author: { name: name(i + 45), ip: `198.51.7.${10 + i}` } }, at + 6 * HOUR + i * 20_000);
    for (let i = 0; i < 8; i++) await post('scenario-a', { id: `burst-${i}`, postId: `b${i}`, content: `${CASINO[i % 2]} https://burst-${i}-casino.top`, author: { name: `카지노 ${i}호`, ip: `198.51.7.${100 + i}` } }, at + 6 * HOUR + 200_000 + i * 10_000);
    for (let i = 0; i < 4; i++) await reader('subnet', { content: said(i + 53).replace(/ [A-Z][^.]*$/, ''), author: { name: name(i + 53), ip: `198.51.7.${30 + i}` } }, at + 6 * HOUR + 300_000 + i * 20_000);
    assert.ok(readers.length >= 50, String(readers.length));
    // Counted at the end: a reader re-flagged after it was scored counts as what it is now.
    const figures: Record<string, { readers: number; rejected: number; held: number }> = {};
    for (const r of readers) {
      const v = await verdictOf('scenario-a', r.id);
      const f = (figures[r.scenario] ??= { readers: 0, rejected: 0, held: 0 });
      f.readers++;
      if (v.verdict === 'spam') {
        f.rejected++;
        t.diagnostic(codes(v));
      }
      if (v.verdict === 'review') f.held++;
    }
    t.diagnostic(`readers-first figures ${JSON.stringify(figures)}`);
    for (const [scenario, f] of Object.entries(figures)) assert.equal(f.rejected, 0, `${scenario}: ${JSON.stringify(f)}`);
  });
});
