/**
 * The day's `caughtByMemory` counter (issue 13), against a real Redis: a comment whose first machine verdict holds or
 * rejects it with a campaign-memory reason (`memory.*`) counts once — in the scoring worker's one write
 * (src/store/scored.ts) and in the step-by-step writers' `countScored` — whatever the retries and re-scores.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createStore, type Store } from '../../src/store/index.js';
import { caughtByMemory, dayOf, STAT_FIELDS } from '../../src/store/stats.js';
import type { Reason, Verdict, VerdictClass } from '../../src/domain/verdict.js';
import { deletePrefix, inspector, uniquePrefix } from '../helpers/env.js';

const prefix = uniquePrefix('stats-memory');
const NOW = new Date('2026-11-22T09:00:00Z');
let redis: Redis;
let store: Store;
let site: string;

const MEMORY: Reason = {
  code: 'memory.text',
  weight: 2.5,
  message: 'Like 12 comments you rejected this week.',
  data: { value: 'abc', rejected: 12, week: 12, examples: [{ site: 's', id: 'x' }], scope: 'site' },
};
const OTHER: Reason = { code: 'test.reason', weight: 1, message: 'a test reason' };

function verdictOf(id: string, verdict: VerdictClass, reasons: Reason[]): Verdict {
  return {
    id,
    site,
    status: 'scored',
    verdict,
    discard: false,
    score: verdict === 'ham' ? 0.1 : verdict === 'review' ? 0.7 : 0.95,
    reasons,
    model: 'test',
    receivedAt: NOW.toISOString(),
    scoredAt: NOW.toISOString(),
  };
}

async function scored(id: string, verdict: VerdictClass, reasons: Reason[]): Promise<void> {
  const accepted = await store.comments.accept(site, { id, postId: 'p', content: `Comment ${id} about the vote`, contentType: 'text', author: { name: 'A' } }, NOW);
  const w = { verdict: verdictOf(id, verdict, reasons), revision: accepted.revision, shadow: false, postId: 'p', campaign: [], remember: [], now: NOW };
  assert.equal(await store.scored.record({ ...w, mode: 'save' }), true);
  assert.equal(await store.scored.record({ ...w, mode: 'redo' }), true, 'a recovered job repeats the steps');
}

const today = async () => (await store.stats.days([site], [dayOf(NOW)]))[0]!;

before(async () => {
  redis = inspector();
  store = createStore(redis, prefix);
  site = (await store.sites.create({ name: 'stats memory' }, NOW))!.id;
});
after(async () => {
  await deletePrefix(redis, prefix);
  await redis.quit();
});

describe('comments caught by the campaign memory are counted once', () => {
  it('is a stats field', () => {
    assert.ok((STAT_FIELDS as readonly string[]).includes('caughtByMemory'));
    assert.equal(caughtByMemory(verdictOf('x', 'review', [OTHER, MEMORY])), true);
    assert.equal(caughtByMemory(verdictOf('x', 'spam', [{ ...MEMORY, code: 'memory.domain' }])), true);
    assert.equal(caughtByMemory(verdictOf('x', 'ham', [MEMORY])), false, 'published: not caught');
    assert.equal(caughtByMemory(verdictOf('x', 'review', [OTHER, { ...OTHER, code: 'memoryless.x' }])), false);
  });

  it('When the worker writes a held verdict with a memory.* reason, then the day counts it once; verdicts without one, or published, are not counted', async () => {
    await scored('m1', 'review', [OTHER, MEMORY]);
    let day = await today();
    assert.deepEqual([day.received, day.review, day.caughtByMemory], [1, 1, 1]);

    await scored('m2', 'spam', [{ ...MEMORY, code: 'memory.brand' }, { ...MEMORY, code: 'memory.author' }]);
    await scored('m3', 'review', [OTHER]);
    await scored('m4', 'ham', [MEMORY]);
    day = await today();
    assert.deepEqual([day.received, day.ham, day.review, day.spam, day.caughtByMemory], [4, 1, 2, 1, 2], 'two memory reasons, one comment');

    // A second count of a comment (a hold, a re-flag) counts nothing again.
    await store.stats.countScored(site, 'm1', 'review', dayOf(NOW), true);
    assert.equal((await today()).caughtByMemory, 2);
  });

  it('When a step-by-step writer counts a first verdict caught by the memory, then it counts too', async () => {
    await store.comments.accept(site, { id: 'm5', postId: 'p', content: 'Another comment about the vote', contentType: 'text', author: {} }, NOW);
    await store.stats.countScored(site, 'm5', 'review', dayOf(NOW), caughtByMemory(verdictOf('m5', 'review', [MEMORY])));
    await store.stats.countScored(site, 'm5', 'review', dayOf(NOW), true);
    const day = await today();
    assert.deepEqual([day.received, day.caughtByMemory], [5, 3]);
  });
});
