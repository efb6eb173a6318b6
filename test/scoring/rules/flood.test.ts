/** The flood phase over hand-made signals (pure): what readers link is no flood, and other sites' windows weigh less. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentInputSchema } from '../../../src/domain/comment.js';
import { buildContext } from '../../../src/scoring/context.js';
import { floodKeysOf } from '../../../src/scoring/flood-keys.js';
import type { FloodCount, MemoryHit, ScoringSignals } from '../../../src/scoring/signals.js';
import { reason, score } from './helpers.js';

const window = (over: Partial<FloodCount>): FloodCount => ({ kind: 'domain', value: 'harbour-news.net', scope: 'site', comments: 4, authors: 4, posts: 2, sites: 1, ageMs: 0, earlier: [], ...over });
const signals = (floods: FloodCount[], memory: MemoryHit[] = []): ScoringSignals => ({ windowMs: 600_000, floods, reputation: [], memory });
const comment = { content: 'The harbour report is here https://harbour-news.net/report', author: { name: 'Ann Reader' } };

test('When four authors link a new domain on this site, then flood.domain fires; when this site\'s moderators approved comments with it twice, then it does not', () => {
  assert.ok(reason(score(comment, { signals: signals([window({})]) }), 'flood.domain'));
  const approved: MemoryHit = { kind: 'domain', value: 'harbour-news.net', scope: 'site', rejected: 0, week: 0, approved: 2, examples: [] };
  assert.equal(reason(score(comment, { signals: signals([window({})], [approved]) }), 'flood.domain'), undefined);
  assert.ok(reason(score(comment, { signals: signals([window({})], [{ ...approved, approved: 1 }]) }), 'flood.domain'), 'one approval is not enough');
});

test('When the only window that fires spans other sites, then it weighs half of the same window on this site', () => {
  const own = reason(score(comment, { signals: signals([window({})]) }), 'flood.domain')!;
  const other = reason(score(comment, { signals: signals([window({ scope: 'all', sites: 2 })]) }), 'flood.domain')!;
  assert.equal(other.weight, own.weight / 2);
  // Both windows fire: the stronger weight wins (this site's own).
  const both = reason(score(comment, { signals: signals([window({ scope: 'all', sites: 2, authors: 6, comments: 6 }), window({})]) }), 'flood.domain')!;
  assert.equal(both.weight, own.weight);
});

test('When readers link a popular news site, or the article they comment on, then it is no flood window at all', () => {
  const ctx = (content: string, permalink?: string) =>
    buildContext(commentInputSchema.parse({ id: '1', postId: 'p', content, ...(permalink ? { permalink } : {}) }), { thresholds: { review: 0.5, spam: 0.9 }, languages: [] }, new Date(0));
  const domains = (c: ReturnType<typeof ctx>) => floodKeysOf(c, 6).windows.filter((w) => w.kind === 'domain').map((w) => w.value);
  for (const url of ['https://www.nytimes.com/a', 'https://www.bbc.co.uk/news/1', 'https://www.reuters.com/x', 'https://www.lemonde.fr/y', 'https://www.spiegel.de/z']) {
    assert.deepEqual(domains(ctx(`see ${url}`)), [], url);
  }
  assert.deepEqual(domains(ctx('see https://t.me/somegroup and https://bit.ly/x')), ['t.me'], 'messenger hosts stay (shorteners are never counted)');
  assert.deepEqual(domains(ctx('see https://riverside-gazette.com/a#c')), ['riverside-gazette.com']);
  assert.deepEqual(domains(ctx('see https://riverside-gazette.com/a#c', 'https://riverside-gazette.com/a')), [], 'the article\'s own domain');
  const ownSite = buildContext(commentInputSchema.parse({ id: '1', postId: 'p', content: 'see https://shop.riverside-gazette.com/x' }), { thresholds: { review: 0.5, spam: 0.9 }, languages: [], domains: ['riverside-gazette.com'] }, new Date(0));
  assert.deepEqual(floodKeysOf(ownSite, 6).reputation.filter((r) => r.kind === 'domain'), [], 'nor a reputation');
  assert.deepEqual(domains(ownSite), [], 'the site\'s own domains (a site setting)');
});

test('When only another site confirmed spam with this comment\'s e-mail, then reputation.email weighs half of what this site\'s own confirmation weighs, and says so', () => {
  const mail = { content: 'Thanks for the report on the harbour.', author: { name: 'Ann Reader', email: 'ann@example.org' } };
  const hit = { kind: 'email', value: 'ann@example.org', confirmedAt: 0 } as const;
  const withHit = (here: boolean): ScoringSignals => ({ windowMs: 600_000, floods: [], reputation: [{ ...hit, here }], memory: [] });
  const own = reason(score(mail, { signals: withHit(true) }), 'reputation.email')!;
  const other = reason(score(mail, { signals: withHit(false) }), 'reputation.email')!;
  assert.ok(own.weight > 0);
  assert.equal(other.weight, Math.round((own.weight / 2) * 1000) / 1000);
  assert.match(other.message, /on another site/);
  assert.doesNotMatch(own.message, /another site/);
});
