/**
 * Queue names, job payloads and options. With workers/, the only importer of bullmq.
 * Queues live under `<REDIS_PREFIX>:bull` so one Redis can host several installations (and test files).
 */
import { createHash } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../platform/logger.js';
import type { ExampleText, Label } from '../store/corpus.js';
import type { Reason, VerdictClass } from '../domain/verdict.js';

export const QUEUE_NAMES = { comments: 'comments', training: 'training', deliveries: 'deliveries' } as const;

/** Payload of a `comments` job: which comment, and which revision of it, to score. */
export interface ScoreCommentJob {
  readonly site: string;
  readonly id: string;
  readonly rev: number;
}

/**
 * Payload of a `training` job. `learn`: apply one labelling to the live model of its site, forgetting what it replaced
 * (the texts travel in the job, so the order of jobs alone decides the outcome; the training worker runs one at a time).
 * (An undone decision whose comment had no label before only forgets: `learn` is absent then.)
 * `retrain`: build a candidate model from the whole corpus, evaluate it against the active one, promote it or not.
 */
export type TrainingJob =
  | { readonly kind: 'learn'; readonly site: string; readonly id: string; readonly learn?: LabelledText; readonly forget?: LabelledText }
  | { readonly kind: 'retrain'; readonly requestedBy: string };

/** A text with its label, as the model learns it. */
export interface LabelledText extends ExampleText {
  readonly label: Label;
}

/** What the CMS receives at its callback URL when a verdict becomes final. */
export interface CallbackBody {
  readonly id: string;
  readonly postId: string;
  readonly verdict: VerdictClass;
  readonly discard: boolean;
  readonly score: number;
  readonly reasons: readonly Reason[];
  /** The moderator's token name, or null for the machine. */
  readonly decidedBy: string | null;
  /** When the verdict became final. */
  readonly at: string;
  /**
   * `reflagged`: a comment the CMS was told is `ham` is held for review now, because a flood it belongs to was found
   * after it (the CMS may unpublish it until a moderator decides). `undone`: a moderator undid their decision, and
   * the comment has the verdict it had before (held: `review`; or the machine's, or an earlier decision's). Absent on verdicts.
   */
  readonly event?: 'reflagged' | 'undone';
}

/** Payload of a `deliveries` job: one callback to POST (signed when it is sent). */
export interface DeliveryJob {
  readonly site: string;
  readonly body: CallbackBody;
}

/** Backoff type of deliveries: exponential, capped (the strategy is the deliveries worker's). */
export const DELIVERY_BACKOFF = 'capped-exponential';

/** BullMQ's key prefix for an installation prefix. */
export const bullPrefix = (redisPrefix: string): string => `${redisPrefix}:bull`;

/**
 * Job id for one revision of one comment. BullMQ ignores an `add` whose job id exists, which makes re-enqueueing
 * after a failed request idempotent. CMS ids may contain `:`, which BullMQ forbids, so the id is hashed.
 */
export function scoreJobId(job: ScoreCommentJob): string {
  return `${commentHash(job.site, job.id)}-${job.rev}`;
}

/** A short hash of (site, comment id), safe inside BullMQ job ids. */
export function commentHash(site: string, id: string): string {
  return createHash('sha256').update(`${site}\u0000${id}`).digest('base64url').slice(0, 22);
}

/** Options shared by every job: retries with backoff (`backoffMs`, doubling), bounded history (BullMQ's production advice). */
export function defaultJobOptions(attempts: number, backoffMs = 1_000): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    removeOnComplete: { age: 3_600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3_600 },
  };
}

/** The producer side of the queues, as the API uses it. */
export interface Queues {
  readonly comments: Queue<ScoreCommentJob>;
  /** Enqueues scoring of one comment revision (a no-op when that revision is already queued). */
  enqueueScore(job: ScoreCommentJob): Promise<void>;
  readonly training: Queue<TrainingJob>;
  /** Enqueues a training job. */
  enqueueTraining(job: TrainingJob): Promise<string>;
  readonly deliveries: Queue<DeliveryJob>;
  /**
   * Enqueues a callback. `tag` names the event (`m<rev>` for a machine verdict, `d<n>` for the n-th decision), so
   * enqueueing the same event twice sends one callback.
   */
  enqueueDelivery(job: DeliveryJob, tag: string): Promise<void>;
  /** Waiting + active + delayed jobs of the comments queue. */
  depth(): Promise<number>;
  /** Waiting + active + delayed jobs of the training queue. */
  trainingDepth(): Promise<number>;
  close(): Promise<void>;
}

/** What {@link eraseJobsOf} did. */
export interface ErasedJobs {
  /** Jobs removed, with the comment payloads they carried. */
  readonly removed: number;
  /** Jobs left: running now (a worker holds them), or training jobs queued before the erasure (see below). */
  readonly left: number;
}

/**
 * Removes the jobs that carry one of `refs`' payloads (an erasure): scoring jobs and callbacks in every state but
 * running; training jobs that are done (completed, failed). Training jobs still queued are left to run: the site's
 * live model learns and forgets in queue order, and the erasure's own job, queued behind them, makes it forget the
 * comment. Reads each queue's job list once (every queue is bounded by its retention settings).
 */
export async function eraseJobsOf(queues: Pick<Queues, 'comments' | 'training' | 'deliveries'>, refs: ReadonlyArray<{ site: string; id: string }>): Promise<ErasedJobs> {
  const wanted = new Set(refs.map((r) => `${r.site}\n${r.id}`));
  let removed = 0;
  let left = 0;
  const sweep = async (queue: Queue, refOf: (data: never) => string | undefined, removable: (state: string) => boolean): Promise<void> => {
    for (const state of ['waiting', 'delayed', 'prioritized', 'completed', 'failed', 'active'] as const) {
      const jobs = await queue.getJobs([state]);
      for (const job of jobs) {
        if (!job || !wanted.has(refOf(job.data as never) ?? '')) continue;
        if (!removable(state)) {
          left++;
          continue;
        }
        try {
          await job.remove();
          removed++;
        } catch {
          left++; // taken by a worker meanwhile
        }
      }
    }
  };
  await sweep(queues.comments, (d: ScoreCommentJob) => `${d.site}\n${d.id}`, (s) => s !== 'active');
  await sweep(queues.deliveries, (d: DeliveryJob) => `${d.site}\n${d.body?.id}`, (s) => s !== 'active');
  await sweep(queues.training, (d: TrainingJob) => (d.kind === 'learn' ? `${d.site}\n${d.id}` : undefined), (s) => s === 'completed' || s === 'failed');
  return { removed, left };
}

/**
 * Queues a training job that leaves nothing behind once run (an erasure's `forget`: the texts it carries are the
 * person's): removed when it completes or finally fails.
 */
export async function enqueueEphemeralTraining(queues: Pick<Queues, 'training'>, job: TrainingJob): Promise<void> {
  await queues.training.add(job.kind, job, { removeOnComplete: true, removeOnFail: true });
}

/** Waiting + active + delayed (+ prioritized) jobs of a queue. */
async function pending(queue: Queue): Promise<number> {
  const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  return Object.values(c).reduce((a, b) => a + b, 0);
}

/** Creates the producers over an existing connection (BullMQ shares it; it is not closed here). */
export function createQueues(
  connection: Redis,
  redisPrefix: string,
  attempts: number,
  logger: Logger,
  deliveryAttempts = 15,
  backoffMs = 1_000,
): Queues {
  // A scoring job's outcome is the verdict stored on the comment: a completed job is deleted at once, so the queue's
  // completed set neither grows nor costs its trimming on every job (measured: finishing a job took a third less of
  // Redis's time). Failed ones are kept (a week) for operators. A re-enqueued revision whose job completed is scored
  // again harmlessly: the stored verdict stands (workers/score-comment.ts).
  const comments = new Queue<ScoreCommentJob>(QUEUE_NAMES.comments, {
    connection,
    prefix: bullPrefix(redisPrefix),
    defaultJobOptions: { ...defaultJobOptions(attempts, backoffMs), removeOnComplete: true },
  });
  const training = new Queue<TrainingJob>(QUEUE_NAMES.training, {
    connection,
    prefix: bullPrefix(redisPrefix),
    defaultJobOptions: defaultJobOptions(attempts, backoffMs),
  });
  // A CMS may be down for hours: many tries, the failures kept a month for operators to replay.
  const deliveries = new Queue<DeliveryJob>(QUEUE_NAMES.deliveries, {
    connection,
    prefix: bullPrefix(redisPrefix),
    defaultJobOptions: {
      ...defaultJobOptions(deliveryAttempts),
      backoff: { type: DELIVERY_BACKOFF },
      removeOnComplete: { age: 24 * 3_600, count: 10_000 },
      removeOnFail: { age: 30 * 24 * 3_600 },
    },
  });
  // BullMQ's advice: always listen for errors, or a Redis blip becomes an unhandled 'error' event.
  for (const q of [comments, training, deliveries]) q.on('error', (err) => logger.warn({ err, queue: q.name }, 'queue error'));
  return {
    comments,
    training,
    async enqueueTraining(job) {
      const added = await training.add(job.kind, job);
      return added.id ?? '';
    },
    deliveries,
    async enqueueDelivery(job, tag) {
      await deliveries.add('callback', job, { jobId: `${commentHash(job.site, job.body.id)}-${tag}` });
    },
    async enqueueScore(job) {
      await comments.add('score', job, { jobId: scoreJobId(job) });
    },
    depth: () => pending(comments),
    trainingDepth: () => pending(training),
    close: async () => {
      await Promise.all([comments.close(), training.close(), deliveries.close()]);
    },
  };
}
