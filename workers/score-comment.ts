/**
 * The `comments` queue processor: load the comment, score it with the pure pipeline, store the verdict.
 * Idempotent: a job for a revision that an edit has replaced does nothing, and storing is conditional on the revision,
 * so a retried or recovered job never leaves two verdicts.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../src/platform/config.js';
import { floodStepsFor } from '../src/flood-steps.js';
import type { Logger } from '../src/platform/logger.js';
import type { Metrics } from '../src/platform/metrics.js';
import { indexTerms } from '../src/store/index-terms.js';
import { holdUnscorable, tryState } from '../src/moderation/unscorable.js';
import { stalledOptions } from '../src/queue/stalled.js';
import { autoLearn } from '../src/use-cases/auto-learn.js';
import { tellCms } from '../src/use-cases/tell-cms.js';
import { buildContext, withExtras } from '../src/scoring/context.js';
import { QUEUE_NAMES, bullPrefix, type Queues, type ScoreCommentJob } from '../src/queue/queues.js';
import type { ScorerSource } from '../src/scorers.js';
import { siteSettings } from '../src/use-cases/site-settings.js';
import type { Store } from '../src/store/index.js';
import { memoryScopes, siteMode } from '../src/store/sites.js';
import type { Verdict } from '../src/domain/verdict.js';

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

/** The fields of a scoring job's log lines. */
export interface JobBindings {
  readonly jobId: string | undefined;
  readonly commentId: string;
  readonly site: string;
  readonly attempt: number;
}

/** A logger that becomes `logger.child(bindings)` on its first use. */
function lazyChild(logger: Logger, bindings: JobBindings): Logger {
  let child: Logger | undefined;
  return new Proxy(logger, {
    get(_target, prop) {
      child ??= logger.child(bindings);
      const value: unknown = Reflect.get(child, prop, child);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(child) : value;
    },
  });
}

/** `held`: the pipeline kept failing, and the comment was held for review with the reason `error.pipeline`. */
export type ScoreOutcome = 'scored' | 'stale' | 'held';

/** The use case, without BullMQ: exported for tests and for the offline paths. */
export async function scoreComment(deps: ScoreCommentDeps, job: ScoreCommentJob, log: Logger, bindings?: JobBindings): Promise<ScoreOutcome> {
  const flood = floodStepsFor(deps.store);
  // The comment, its site, its scorer and its lists do not depend on each other: their requests leave together (one
  // round trip; the scorer and the compiled lists are usually cached).
  const [record, site, scorer, lists] = await Promise.all([
    deps.store.comments.get(job.site, job.id),
    deps.store.sites.get(job.site),
    deps.scorers.forSite(job.site),
    flood.listsFor(job.site),
  ]);
  if (!record || record.comment.revision !== job.rev) return 'stale';
  // A recovered job whose worker died after storing the verdict keeps that verdict (never a second, different one)
  // and finishes the steps after it, which are idempotent. A decision made since then has the last word.
  const stored = record.verdict;
  if (stored && stored.status !== 'scored') return 'stale';
  const now = deps.now();
  const settings = siteSettings(site, deps.config);
  // The comment is normalised and tokenised once: flood keys, scoring and campaign keys all read this context.
  const ctx = buildContext(record.comment, settings, now);
  const gathered = await flood.gather(job.site, ctx, now, lists, memoryScopes(site ?? { id: job.site }));
  if (gathered.proxy?.raised) {
    log.warn({ site: job.site, address: gathered.proxy.address }, "the site's comments all arrive from one address (a proxy?): its address signals are ignored until it forwards the reader's address");
  } else if (gathered.proxy?.lowered) log.info({ site: job.site }, "the site's comments arrive from several addresses again: its address signals count again");
  const verdict: Verdict = stored ?? {
    id: job.id,
    site: job.site,
    status: 'scored',
    ...scorer.run(withExtras(ctx, gathered.extras)),
    model: scorer.model,
    receivedAt: record.comment.receivedAt,
    scoredAt: now.toISOString(),
  };
  // One atomic write: the verdict (conditional on the revision), the moderation fields, campaigns, stats, reputation.
  // Shadow mode: nothing is held; the would-have-held view is kept instead.
  const written = await deps.store.scored.record({
    verdict,
    revision: job.rev,
    mode: stored ? 'redo' : 'save',
    shadow: siteMode(site) === 'shadow',
    postId: record.comment.postId,
    campaign: gathered.campaign,
    remember: flood.toRemember(verdict, gathered),
    // Learned as ham for the site once published and unreported for LEARN_PUBLISHED_AFTER_HOURS (never test comments).
    publishedHam: deps.config.learnPublished.afterHours > 0 && verdict.verdict === 'ham' && record.comment.test !== true,
    // Filed for the views and search in the same write, from the content as scoring read it.
    terms: indexTerms(record.comment, verdict, gathered.campaign, ctx),
    now,
  });
  if (!written) return 'stale';
  await tellCms(deps.queues, site, record.comment, verdict, `m${record.comment.revision}`);
  const reflagged = await flood.reflag(deps, verdict, gathered, now);
  if (reflagged.length) log.info({ reflagged: reflagged.length }, 'earlier comments of the flood held for review');
  if (deps.config.autoLearn) await autoLearn(deps, record.comment, verdict, now);
  if (stored) return 'scored';
  deps.metrics.verdicts.inc({ verdict: verdict.verdict });
  deps.metrics.verdictLatency.observe((now.getTime() - Date.parse(verdict.receivedAt)) / 1000);
  if (bindings) deps.logger.info({ ...bindings, verdict: verdict.verdict, score: verdict.score }, 'scored');
  else log.info({ verdict: verdict.verdict, score: verdict.score }, 'scored');
  return 'scored';
}

/** Starts a BullMQ worker on the `comments` queue. Close it with `worker.close()` (waits for jobs in flight). */
export function startScoreCommentWorker(deps: ScoreCommentDeps, connection: Redis): Worker<ScoreCommentJob> {
  const worker = new Worker<ScoreCommentJob, ScoreOutcome>(
    QUEUE_NAMES.comments,
    async (job: Job<ScoreCommentJob>) => {
      // The job's fields, bound to a child logger only when a line other than `scored` is written (logging was ≈ 9 % of
      // the worker's time, a child logger per job part of it); the `scored` line carries them in its one object.
      const bindings: JobBindings = { jobId: job.id, commentId: job.data.id, site: job.data.site, attempt: job.attemptsMade + 1 };
      return scoreOrHold(deps, job, lazyChild(deps.logger, bindings), bindings);
    },
    { connection, prefix: bullPrefix(deps.config.redisPrefix), concurrency: deps.config.workerConcurrency, autorun: true, ...stalledOptions(deps.config) },
  );
  worker.on('completed', (_job, outcome) => deps.metrics.jobs.inc({ queue: QUEUE_NAMES.comments, outcome }));
  worker.on('failed', (job, err) => {
    deps.metrics.jobs.inc({ queue: QUEUE_NAMES.comments, outcome: 'failed' });
    deps.logger.warn({ err, jobId: job?.id, attempt: job?.attemptsMade }, 'scoring job failed');
    // Second line of defence: a job that failed for good although its last try holds the comment (holding failed
    // too, e.g. Redis went away at that moment) gets one more chance to end with a verdict.
    if (job && (err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1))) {
      const { site, id, rev } = job.data;
      holdUnscorable(deps, site, id, rev, { tries: job.attemptsMade, error: err.message }).catch((e: unknown) =>
        deps.logger.error({ err: e, jobId: job.id }, 'could not hold a comment whose scoring failed'),
      );
    }
  });
  worker.on('error', (err) => deps.logger.error({ err }, 'worker error'));
  return worker;
}

/**
 * Scores the job's comment. A comment that still fails on its last try, or whose job keeps dying with its worker, is
 * held for review with the reason `error.pipeline`: retried a bounded number of times, never dropped, and (failed
 * tries wait out their backoff in the delayed set) never in the way of the comments behind it.
 */
async function scoreOrHold(deps: ScoreCommentDeps, job: Job<ScoreCommentJob>, log: Logger, bindings: JobBindings): Promise<ScoreOutcome> {
  const state = tryState(job);
  const { site, id, rev } = job.data;
  const hold = async (error: string): Promise<ScoreOutcome> =>
    (await holdUnscorable(deps, site, id, rev, { tries: state.tries, error })) ? 'held' : 'stale';
  if (state.crashed) {
    log.error('the job was started again and again without finishing; held for review without scoring');
    return hold('the job kept stopping its worker');
  }
  try {
    return await scoreComment(deps, job.data, log, bindings);
  } catch (err) {
    if (!state.last) throw err;
    log.error({ err }, 'scoring failed on the last try; held for review');
    return hold(err instanceof Error ? err.message : String(err));
  }
}
