/**
 * The score-comment use case against a real Redis under a test's prefix, with the bundled model and a clock the test
 * sets per comment: tests post comments at chosen instants and read the verdicts the worker stored.
 */
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import type { Config } from '../../src/platform/config.js';
import { silentLogger } from '../../src/platform/logger.js';
import { createMetrics } from '../../src/platform/metrics.js';
import { createQueues, type Queues } from '../../src/queue/queues.js';
import { fixedScorers } from '../../src/scorers.js';
import { loadDefaultScorer } from '../../src/scoring/default-scorer.js';
import { createStore, type Store } from '../../src/store/index.js';
import type { Verdict } from '../../src/domain/verdict.js';
import { scoreComment, type ScoreCommentDeps } from '../../workers/score-comment.js';
import { deletePrefix, inspector } from './env.js';

export interface ScoringWorker {
  readonly redis: Redis;
  readonly store: Store;
  readonly queues: Queues;
  /** Stores a comment as the API would, at `at`, scores it at the same instant, and returns the stored verdict. */
  post(site: string, comment: Record<string, unknown>, at: Date): Promise<Verdict>;
  /** Closes the queues, deletes the prefix's keys and the connection. */
  close(): Promise<void>;
}

export function startScoringWorker(config: Config): ScoringWorker {
  const redis = inspector();
  const store = createStore(redis, config.redisPrefix);
  const queues = createQueues(redis, config.redisPrefix, config.jobAttempts, silentLogger());
  let clock = new Date(0);
  const deps: ScoreCommentDeps = { config, store, scorers: fixedScorers(loadDefaultScorer(config.modelFile)), queues, metrics: createMetrics(), logger: silentLogger(), now: () => clock };
  return {
    redis,
    store,
    queues,
    async post(site, comment, at) {
      clock = at;
      const input = { contentType: 'text' as const, author: {}, ...comment } as Parameters<Store['comments']['accept']>[1];
      const accepted = await store.comments.accept(site, input, at);
      assert.equal(await scoreComment(deps, { site, id: input.id, rev: accepted.revision }, silentLogger()), 'scored');
      return (await store.comments.get(site, input.id))!.verdict!;
    },
    async close() {
      await queues.close();
      await deletePrefix(redis, config.redisPrefix);
      await redis.quit();
    },
  };
}
