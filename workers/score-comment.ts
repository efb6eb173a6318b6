/**
 * The `comments` queue processor: load the comment, score it with the pure pipeline, store the verdict.
 * Idempotent: a job for a revision that an edit has replaced does nothing, and storing is conditional on the revision,
 * so a retried or recovered job never leaves two verdicts.
 */
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../src/config.js';
import { floodStepsFor } from '../src/flood-steps.js';
import type { Logger } from '../src/logger.js';
import type { Metrics } from '../src/metrics.js';
import { autoLearn } from '../src/training/auto-learn.js';
import { campaignKeysOf, recordScored } from '../src/moderation/scored.js';
import { QUEUE_NAMES, bullPrefix, type Queues, type ScoreCommentJob } from '../src/queue/queues.js';
import type { ScorerSource } from '../src/scorers.js';
import { siteSettings } from '../src/site-settings.js';
import type { Store } from '../src/store/index.js';
import { siteMode } from '../src/store/sites.js';
import type { Verdict } from '../src/verdict.js';

export interface ScoreCommentDeps {
  readonly config: Config;
  readonly store: Store;
  /** Gives the scorer for a site's next comment (it changes when a model is promoted or a site's model learns). */
  readonly scorers: ScorerSource;
  /** Final verdicts are sent to the CMS through the deliveries queue; auto-learned labels through the training queue. */
  readonly queues: Pick<Queues, 'enqueueDelivery' | 'enqueueTraining'>;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly now: () => Date;
}

export type ScoreOutcome = 'scored' | 'stale';

/** The use case, without BullMQ: exported for tests and for the offline paths. */
export async function scoreComment(deps: ScoreCommentDeps, job: ScoreCommentJob, log: Logger): Promise<ScoreOutcome> {
  const record = await deps.store.comments.get(job.site, job.id);
  if (!record || record.comment.revision !== job.rev) return 'stale';
  const site = await deps.store.sites.get(job.site);
  const scorer = await deps.scorers.forSite(job.site);
  const now = deps.now();
  const settings = siteSettings(site, deps.config);
  const flood = floodStepsFor(deps.store);
  const gathered = await flood.gather(job.site, record.comment, settings, now);
  const result = scorer.score(record.comment, settings, now, gathered.extras);
  const verdict: Verdict = {
    id: job.id,
    site: job.site,
    status: 'scored',
    ...result,
    model: scorer.model,
    receivedAt: record.comment.receivedAt,
    scoredAt: now.toISOString(),
  };
  // Shadow mode: nothing is held; the moderation step keeps the would-have-held view instead.
  if (!(await deps.store.comments.saveVerdict(verdict, job.rev, { hold: siteMode(site) !== 'shadow' }))) return 'stale';
  const campaign = campaignKeysOf(record.comment, settings, now);
  await recordScored(deps, { site, comment: record.comment, verdict, campaign, now });
  const reflagged = await flood.after(deps, verdict, gathered, now);
  if (reflagged.length) log.info({ reflagged: reflagged.length }, 'earlier comments of the flood held for review');
  if (deps.config.autoLearn) await autoLearn(deps, record.comment, verdict, now);
  deps.metrics.verdicts.inc({ verdict: verdict.verdict });
  deps.metrics.verdictLatency.observe((now.getTime() - Date.parse(verdict.receivedAt)) / 1000);
  log.info({ verdict: verdict.verdict, score: verdict.score }, 'scored');
  return 'scored';
}

/** Starts a BullMQ worker on the `comments` queue. Close it with `worker.close()` (waits for jobs in flight). */
export function startScoreCommentWorker(deps: ScoreCommentDeps, connection: Redis): Worker<ScoreCommentJob> {
  const worker = new Worker<ScoreCommentJob, ScoreOutcome>(
    QUEUE_NAMES.comments,
    async (job: Job<ScoreCommentJob>) => {
      const log = deps.logger.child({ jobId: job.id, commentId: job.data.id, site: job.data.site, attempt: job.attemptsMade + 1 });
      return scoreComment(deps, job.data, log);
    },
    { connection, prefix: bullPrefix(deps.config.redisPrefix), concurrency: deps.config.workerConcurrency, autorun: true },
  );
  worker.on('completed', (_job, outcome) => deps.metrics.jobs.inc({ queue: QUEUE_NAMES.comments, outcome }));
  worker.on('failed', (job, err) => {
    deps.metrics.jobs.inc({ queue: QUEUE_NAMES.comments, outcome: 'failed' });
    deps.logger.warn({ err, jobId: job?.id, attempt: job?.attemptsMade }, 'scoring job failed');
  });
  worker.on('error', (err) => deps.logger.error({ err }, 'worker error'));
  return worker;
}
