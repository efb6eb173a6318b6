/**
 * Queue names, job payloads and options. With workers/, the only importer of bullmq.
 * Queues live under `<REDIS_PREFIX>:bull` so one Redis can host several installations (and test files).
 */
import { createHash } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

export const QUEUE_NAMES = { comments: 'comments' } as const;

/** Payload of a `comments` job: which comment, and which revision of it, to score. */
export interface ScoreCommentJob {
  readonly site: string;
  readonly id: string;
  readonly rev: number;
}

/** BullMQ's key prefix for an installation prefix. */
export const bullPrefix = (redisPrefix: string): string => `${redisPrefix}:bull`;

/**
 * Job id for one revision of one comment. BullMQ ignores an `add` whose job id exists, which makes re-enqueueing
 * after a failed request idempotent. CMS ids may contain `:`, which BullMQ forbids, so the id is hashed.
 */
export function scoreJobId(job: ScoreCommentJob): string {
  const h = createHash('sha256').update(`${job.site}\u0000${job.id}`).digest('base64url').slice(0, 22);
  return `${h}-${job.rev}`;
}

/** Options shared by every job: retries with backoff, bounded history (BullMQ's production advice). */
export function defaultJobOptions(attempts: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: 3_600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3_600 },
  };
}

/** The producer side of the queues, as the API uses it. */
export interface Queues {
  readonly comments: Queue<ScoreCommentJob>;
  /** Enqueues scoring of one comment revision (a no-op when that revision is already queued). */
  enqueueScore(job: ScoreCommentJob): Promise<void>;
  /** Waiting + active + delayed jobs of the comments queue. */
  depth(): Promise<number>;
  close(): Promise<void>;
}

/** Creates the producers over an existing connection (BullMQ shares it; it is not closed here). */
export function createQueues(connection: Redis, redisPrefix: string, attempts: number, logger: Logger): Queues {
  const comments = new Queue<ScoreCommentJob>(QUEUE_NAMES.comments, {
    connection,
    prefix: bullPrefix(redisPrefix),
    defaultJobOptions: defaultJobOptions(attempts),
  });
  // BullMQ's advice: always listen for errors, or a Redis blip becomes an unhandled 'error' event.
  comments.on('error', (err) => logger.warn({ err, queue: QUEUE_NAMES.comments }, 'queue error'));
  return {
    comments,
    async enqueueScore(job) {
      await comments.add('score', job, { jobId: scoreJobId(job) });
    },
    async depth() {
      const c = await comments.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(c).reduce((a, b) => a + b, 0);
    },
    close: () => comments.close(),
  };
}
