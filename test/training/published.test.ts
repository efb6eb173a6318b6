/**
 * Published ham, the sweep alone over a real Redis: due comments are learned as ham for their site, balanced against
 * its spam labels; test, reported and labelled comments never are; a later human label replaces the published one.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { silentLogger } from '../../src/platform/logger.js';
import { createQueues } from '../../src/queue/queues.js';
import { createStore } from '../../src/store/index.js';
import { recordLabel } from '../../src/use-cases/label.js';
import { publishedHamCap, sweepPublished } from '../../src/use-cases/learn-published.js';
import type { Verdict } from '../../src/domain/verdict.js';
import { deletePrefix, inspector, uniquePrefix } from '../helpers/env.js';

const prefix = uniquePrefix('published');
const redis = inspector();
const store = createStore(redis, prefix);
const queues = createQueues(redis, prefix, 1, silentLogger());
after(async () => {
  await queues.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

const HOUR = 3_600_000;
const T0 = new Date('2026-03-02T10:00:00Z');
const at = (hours: number): Date => new Date(T0.getTime() + hours * HOUR);
const config = { learnPublished: { afterHours: 48, intervalMs: 1000 }, modelMinPerClass: 20 };
const deps = { store, queues, config };

/** Stores a comment with a machine `ham` verdict scored at `when`, indexed as published ham as the worker does. */
async function publishedHam(site: string, id: string, when: Date, test = false, edit = ''): Promise<Verdict> {
  const input = { id, postId: 'p', content: `Komentar pembaca nomor ${id} tentang anggaran kota.${edit}`, contentType: 'text' as const, author: { name: `Pembaca ${id}` } };
  const { revision } = await store.comments.accept(site, input, when, test ? { via: 'akismet', test: true } : { via: 'webhook' });
  const verdict: Verdict = { id, site, status: 'scored', verdict: 'ham', discard: false, score: 0.05, reasons: [{ code: 'prior', weight: -3, message: 'prior' }], model: 'm', receivedAt: when.toISOString(), scoredAt: when.toISOString() };
  assert.equal(await store.scored.record({ verdict, revision, mode: 'save', shadow: false, postId: 'p', campaign: [], remember: [], now: when, publishedHam: true }), true);
  return verdict;
}

const label = (site: string, id: string, l: 'spam' | 'ham', when = T0) =>
  recordLabel(deps, { site, id, label: l, source: 'moderator', by: 'mod', at: when, text: { content: `rejected ${id}`, contentType: 'text', author: {} } });
const publishedCount = async (site: string): Promise<number> => (await store.corpus.counts(site)).bySource['published:ham'] ?? 0;

test('When published ham is old enough, then it is learned up to max(spam labels, MODEL_MIN_PER_CLASS), the rest waits for more spam, and test, reported and labelled comments never are', async () => {
  const site = (await store.sites.create({ name: 'published' }, T0))!.id;
  // Three that must never be learned, oldest (first in line).
  await publishedHam(site, 'test-1', at(-3), true);
  const reported = await publishedHam(site, 'reported-1', at(-3));
  await store.decisions.hold({ ...reported, verdict: 'review', reasons: [...reported.reasons, { code: 'reported', weight: 0, message: 'Reported by the CMS.' }] }, 0, false, at(1));
  await publishedHam(site, 'labelled-1', at(-3));
  await label(site, 'labelled-1', 'ham');
  for (let i = 1; i <= 30; i++) await publishedHam(site, `r-${i}`, T0);
  await label(site, 's-1', 'spam');
  await label(site, 's-2', 'spam');

  assert.deepEqual(await sweepPublished(deps, at(44)), { learned: 0, skipped: 0, expired: 0, capped: 0 }, 'not yet 48 h');
  const first = await sweepPublished(deps, at(49));
  assert.deepEqual(first, { learned: 17, skipped: 3, expired: 0, capped: 0 }, 'room for 20: the three first in line are skipped');
  assert.equal((await sweepPublished(deps, at(49))).learned, 3);
  assert.equal(await publishedCount(site), publishedHamCap(2, 20));
  assert.deepEqual(await sweepPublished(deps, at(50)), { learned: 0, skipped: 0, expired: 0, capped: 1 }, 'a quiet site does not drown its two rejections');
  assert.equal(await store.published.size(site), 10, 'the rest waits');

  assert.equal(await store.corpus.get(site, 'test-1'), undefined);
  assert.equal(await store.corpus.get(site, 'reported-1'), undefined);
  assert.equal((await store.corpus.get(site, 'labelled-1'))?.source, 'moderator');
  const learned = await store.corpus.get(site, 'r-1');
  assert.equal(learned?.source, 'published');
  assert.equal(learned?.label, 'ham');

  // More rejections make room.
  for (let i = 3; i <= 27; i++) await label(site, `s-${i}`, 'spam');
  assert.equal((await sweepPublished(deps, at(51))).learned, 7);
  assert.equal(await publishedCount(site), 27);

  // A moderator's later decision replaces the published label (and the model forgets it): one fewer published, one more spam.
  assert.equal(await label(site, 'r-1', 'spam', at(52)), true);
  assert.equal((await store.corpus.get(site, 'r-1'))?.source, 'moderator');
  assert.deepEqual(await store.corpus.counts(site).then((c) => [c.spam, c.bySource['published:ham']]), [28, 26]);
  assert.equal((await sweepPublished(deps, at(53))).learned, 2);
  assert.equal(await publishedCount(site), 28);
  assert.equal(await store.published.size(site), 1);

  // What waits too long for room is dropped.
  const expired = await sweepPublished(deps, at(48 + 31 * 24));
  assert.equal(expired.expired, 1);
  assert.equal(await store.published.size(site), 0);
});

test('When LEARN_PUBLISHED_AFTER_HOURS is 0, then the sweep learns nothing', async () => {
  const site = (await store.sites.create({ name: 'published off' }, T0))!.id;
  await publishedHam(site, 'x', T0);
  const off = { ...deps, config: { ...config, learnPublished: { afterHours: 0, intervalMs: 1000 } } };
  assert.deepEqual(await sweepPublished(off, at(1000)), { learned: 0, skipped: 0, expired: 0, capped: 0 });
});

test('When a published comment is edited and found ham again, then it is indexed anew and waits its own delay', async () => {
  const site = (await store.sites.create({ name: 'published edit' }, T0))!.id;
  await publishedHam(site, 'e', T0);
  const due = await store.published.due(site, at(49).getTime(), 10);
  assert.equal(due.length, 1);
  await publishedHam(site, 'e', at(40), false, ' (diedit)'); // the edit, re-scored
  assert.equal(await store.published.drop(site, due[0]!), false, 'the entry read before the edit is not removed');
  assert.equal(await store.published.has(site, 'e'), true);
});
