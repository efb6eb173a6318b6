/**
 * The scoring worker's one write after a verdict (src/store/scored.ts), against a real Redis: verdict, moderation
 * fields, campaign indexes, the day's stats and the reputation memory in one script, conditional on the revision; and
 * the comments queue that deletes completed jobs, so it stays bounded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { silentLogger } from '../../src/platform/logger.js';
import { createMetrics } from '../../src/platform/metrics.js';
import { createQueues, type Queues } from '../../src/queue/queues.js';
import { connectRedis, whenReady } from '../../src/platform/redis.js';
import { fixedScorers } from '../../src/scorers.js';
import { loadDefaultScorer } from '../../src/scoring/default-scorer.js';
import type { CampaignKey } from '../../src/scoring/campaign.js';
import { ALL_SITES } from '../../src/store/campaigns.js';
import { createStore, type Store } from '../../src/store/index.js';
import { dayOf } from '../../src/store/stats.js';
import type { Verdict, VerdictClass } from '../../src/domain/verdict.js';
import { startScoreCommentWorker } from '../../workers/score-comment.js';
import { deletePrefix, inspector, testConfig, TEST_REDIS_URL, uniquePrefix } from '../helpers/env.js';

const prefix = uniquePrefix('scored-write');
const config = testConfig(prefix);
const NOW = new Date('2026-11-22T01:00:00Z');
let redis: Redis;
let store: Store;
let site: string;
let n = 0;

/** Stores a fresh comment as the API does; returns its id and revision. */
async function accept(content = 'Cheap pills at pillz4u.example, order now', id = `c${++n}`): Promise<{ id: string; rev: number }> {
  const accepted = await store.comments.accept(site, { id, postId: 'post-1', content, contentType: 'text', author: { name: 'Spam Bot' } }, NOW);
  return { id, rev: accepted.revision };
}

function verdictOf(id: string, verdict: VerdictClass, score: number): Verdict {
  return {
    id,
    site,
    status: 'scored',
    verdict,
    discard: false,
    score,
    reasons: [{ code: 'test.reason', weight: 2, message: 'a test reason' }],
    model: 'test',
    receivedAt: NOW.toISOString(),
    scoredAt: NOW.toISOString(),
  };
}

const CAMPAIGN: CampaignKey[] = [
  { kind: 'domain', value: 'pillz4u.example' },
  { kind: 'author', value: 'spam bot' },
];

/** Counts the scripts a call sends. */
async function scriptsSentBy(fn: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const evalsha = redis.evalsha.bind(redis);
  const evalRaw = redis.eval.bind(redis);
  (redis as unknown as { evalsha: unknown }).evalsha = (...args: Parameters<Redis['evalsha']>) => (count++, evalsha(...args));
  (redis as unknown as { eval: unknown }).eval = (...args: Parameters<Redis['eval']>) => (count++, evalRaw(...args));
  try {
    await fn();
  } finally {
    delete (redis as unknown as { evalsha?: unknown }).evalsha;
    delete (redis as unknown as { eval?: unknown }).eval;
  }
  return count;
}

before(() => {
  redis = inspector();
  store = createStore(redis, prefix);
});
after(async () => {
  await deletePrefix(redis, prefix);
  await redis.quit();
});

describe('the scoring worker writes a verdict and what follows from it in one script', () => {
  before(async () => {
    site = (await store.sites.create({ name: 'scored write' }, NOW))!.id;
  });

  it('When a held verdict is written, then the verdict, the review queue, the moderation fields, both campaign scopes, the day stats and the reputation memory are stored by one script', async () => {
    await store.scored.record({ verdict: verdictOf('warm-up', 'ham', 0.01), revision: 0, mode: 'save', shadow: false, postId: 'p', campaign: [], remember: [], now: NOW }); // loads the script
    const { id, rev } = await accept();
    const before = (await store.stats.days([site], [dayOf(NOW)]))[0]!;
    const sent = await scriptsSentBy(() =>
      store.scored
        .record({ verdict: verdictOf(id, 'review', 0.7), revision: rev, mode: 'save', shadow: false, postId: 'post-1', campaign: CAMPAIGN, remember: [{ kind: 'domain', value: 'pillz4u.example' }], terms: ['w:pillz'], now: NOW })
        .then((ok) => assert.equal(ok, true)),
    );
    assert.equal(sent, 1, 'one script, one round trip');
    const k = store.keys;
    assert.notEqual(await redis.zscore(k.viewIndex(site, 'held', 'age'), id), null, 'filed in the held view');
    assert.equal(Number(await redis.zscore(k.viewIndex(site, 'held', 'score'), id)), 0.7);
    assert.notEqual(await redis.zscore(k.term(site, 'w:pillz'), id), null, 'and under its terms');

    const record = (await store.comments.get(site, id))!;
    assert.equal(record.status, 'scored');
    assert.equal(record.verdict?.verdict, 'review');
    assert.ok((await store.decisions.queued(site, 'review')).some((q) => q.id === id), 'held in the review queue');
    assert.deepEqual(await store.decisions.fields(site, id), { machine: 'review', heldAt: NOW.getTime() });
    for (const scope of [site, ALL_SITES]) {
      const summaries = await store.campaigns.summaries(scope, CAMPAIGN);
      for (const s of summaries) {
        assert.equal(s.comments, 1, `${scope} ${s.kind}`);
        assert.equal(s.held, 1, `${scope} ${s.kind}`);
        assert.equal(s.posts, 1);
        assert.deepEqual(s.sites, { [site]: 1 });
      }
    }
    assert.deepEqual(await store.campaigns.keysOf(site, id), CAMPAIGN);
    const day = (await store.stats.days([site], [dayOf(NOW)]))[0]!;
    assert.equal(day.received, before.received + 1);
    assert.equal(day.review, before.review + 1);
    assert.equal((await store.reputation.confirmedAt('domain', 'pillz4u.example'))?.getTime(), NOW.getTime());
  });

  it('When a revision that has a verdict is saved again, then nothing changes; a redo repeats the steps without counting twice; a replaced revision gets nothing', async () => {
    const { id, rev } = await accept('Another ordinary remark on the vote', `again-${++n}`);
    const write = (verdict: Verdict, mode: 'save' | 'redo', revision = rev) =>
      store.scored.record({ verdict, revision, mode, shadow: false, postId: 'post-1', campaign: [], remember: [], now: NOW });
    assert.equal(await write(verdictOf(id, 'ham', 0.02), 'save'), true);
    const day = (await store.stats.days([site], [dayOf(NOW)]))[0]!;
    assert.equal(await write(verdictOf(id, 'spam', 0.99), 'save'), false, 'the first verdict stands');
    assert.equal((await store.comments.get(site, id))!.verdict?.verdict, 'ham');
    assert.equal(await write(verdictOf(id, 'ham', 0.02), 'redo'), true);
    assert.deepEqual((await store.stats.days([site], [dayOf(NOW)]))[0], day, 'counted once');

    const edited = await accept('The edited remark, different now', id);
    assert.equal(edited.rev, rev + 1);
    assert.equal(await write(verdictOf(id, 'spam', 0.99), 'save', rev), false, 'stale revision');
    const after = (await store.comments.get(site, id))!;
    assert.equal(after.verdict, undefined);
    assert.equal(after.status, 'queued');
  });

  it('When an edit changes the campaign keys, then the comment leaves the campaigns of its earlier revision', async () => {
    const { id, rev } = await accept('Buy at pillz4u.example', `edit-${++n}`);
    const old: CampaignKey[] = [{ kind: 'domain', value: `old-${n}.example` }];
    const fresh: CampaignKey[] = [{ kind: 'domain', value: `new-${n}.example` }];
    assert.equal(await store.scored.record({ verdict: verdictOf(id, 'spam', 0.99), revision: rev, mode: 'save', shadow: false, postId: 'post-1', campaign: old, remember: [], now: NOW }), true);
    assert.equal((await store.campaigns.summaries(site, old))[0]!.comments, 1);
    const edited = await accept('Buy at the other shop', id);
    assert.equal(await store.scored.record({ verdict: verdictOf(id, 'spam', 0.99), revision: edited.rev, mode: 'save', shadow: false, postId: 'post-1', campaign: fresh, remember: [], now: NOW }), true);
    for (const scope of [site, ALL_SITES]) {
      assert.equal((await store.campaigns.summaries(scope, old))[0]!.comments, 0, `left the old campaign (${scope})`);
      assert.equal((await store.campaigns.summaries(scope, fresh))[0]!.comments, 1, `joined the new one (${scope})`);
    }
    assert.deepEqual(await store.campaigns.keysOf(site, id), fresh);
  });

  it('When a shadow-mode site gets spam, then nothing is held: the comment is in the shadow set and in no campaign', async () => {
    const { id, rev } = await accept('Cheap pills again at pillz4u.example', `shadow-${++n}`);
    const campaign: CampaignKey[] = [{ kind: 'domain', value: `shadow-${n}.example` }];
    assert.equal(await store.scored.record({ verdict: verdictOf(id, 'spam', 0.99), revision: rev, mode: 'save', shadow: true, postId: 'post-1', campaign, remember: [], now: NOW }), true);
    assert.ok(!(await store.decisions.queued(site, 'review')).some((q) => q.id === id));
    assert.ok((await store.decisions.queued(site, 'shadow')).some((q) => q.id === id));
    assert.equal((await store.campaigns.summaries(site, campaign))[0]!.comments, 0);
  });
});

describe('the comments queue stays bounded', () => {
  let queues: Queues;
  let workerRedis: Redis;
  before(async () => {
    site = (await store.sites.create({ name: 'bounded queue' }, NOW))!.id;
    queues = createQueues(redis, prefix, config.jobAttempts, silentLogger());
    workerRedis = connectRedis(TEST_REDIS_URL, 'worker');
    await whenReady(workerRedis);
  });
  after(async () => {
    await queues.close();
    workerRedis.disconnect();
  });

  it('When jobs are scored, then each comment has its verdict and no completed job is kept', async () => {
    const scorer = loadDefaultScorer(config.modelFile);
    const deps = { config, store, scorers: fixedScorers(scorer), queues, metrics: createMetrics(), logger: silentLogger(), now: () => new Date() };
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { id, rev } = await accept(`An ordinary remark number ${i} on the budget vote`, `bounded-${i}`);
      await queues.enqueueScore({ site, id, rev });
      ids.push(id);
    }
    const worker = startScoreCommentWorker(deps, workerRedis);
    try {
      const deadline = Date.now() + 20_000;
      let missing = ids;
      while (missing.length && Date.now() < deadline) {
        const records = await Promise.all(missing.map((id) => store.comments.get(site, id)));
        missing = missing.filter((_, i) => !records[i]?.verdict);
        if (missing.length) await new Promise((r) => setTimeout(r, 50));
      }
      assert.deepEqual(missing, []);
      // The worker deletes a job right after it completes: wait for the last one to leave the active list.
      while (((await queues.comments.getJobCounts('active'))['active'] ?? 0) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const counts = await queues.comments.getJobCounts('completed', 'active', 'waiting', 'failed');
      assert.deepEqual(counts, { completed: 0, active: 0, waiting: 0, failed: 0 });
    } finally {
      await worker.close();
    }
  });
});
