/**
 * The last resort of scoring: a comment that the pipeline could not score after every try (a "poison" comment that
 * makes a phase throw, or one whose job crashed its workers again and again) is held for a moderator with the reason
 * `error.pipeline`, instead of failing silently and staying `queued` forever. An accepted comment always ends with a
 * verdict; this is the verdict when the machine has none.
 */
import type { StoredComment } from '../domain/comment.js';
import type { Queues } from '../queue/queues.js';
import type { Store } from '../store/index.js';
import { siteMode } from '../store/sites.js';
import type { Verdict } from '../domain/verdict.js';
import { recordScored } from './scored.js';

/** The reason code of a comment held because scoring failed. */
export const PIPELINE_ERROR = 'error.pipeline';

/** What {@link holdUnscorable} needs. */
export interface UnscorableDeps {
  readonly store: Store;
  readonly queues: Pick<Queues, 'enqueueDelivery'>;
  readonly now: () => Date;
}

/** Why scoring gave up: how many tries, and the last error. */
export interface GiveUp {
  readonly tries: number;
  readonly error: string;
}

/** The verdict of a comment the machine could not score: held, with a score of 0.5 and one reason of weight 0. */
export function pipelineErrorVerdict(comment: StoredComment, giveUp: GiveUp, now: Date): Verdict {
  // Weight 0 and score 0.5 keep the invariant that the weights sum to the score's log-odds.
  const error = giveUp.error.replace(/\s+/g, ' ').slice(0, 200);
  return {
    id: comment.id,
    site: comment.site,
    status: 'scored',
    verdict: 'review',
    discard: false,
    score: 0.5,
    reasons: [
      {
        code: PIPELINE_ERROR,
        weight: 0,
        message: `Scoring failed ${giveUp.tries} time${giveUp.tries === 1 ? '' : 's'} (${error}); held for a moderator.`,
      },
    ],
    model: 'none',
    receivedAt: comment.receivedAt,
    scoredAt: now.toISOString(),
  };
}

/**
 * Holds revision `rev` of a comment with the `error.pipeline` verdict. Returns false when there is nothing to hold:
 * the comment is gone, was edited meanwhile (the edit has its own job), or already has a verdict.
 */
export async function holdUnscorable(deps: UnscorableDeps, site: string, id: string, rev: number, giveUp: GiveUp): Promise<boolean> {
  const record = await deps.store.comments.get(site, id);
  if (!record || record.comment.revision !== rev || record.verdict) return false;
  const siteRecord = await deps.store.sites.get(site);
  const now = deps.now();
  const verdict = pipelineErrorVerdict(record.comment, giveUp, now);
  if (!(await deps.store.comments.saveVerdict(verdict, rev, { hold: siteMode(siteRecord) !== 'shadow' }))) return false;
  // No campaign keys: computing them runs the same normalisation that may have thrown.
  await recordScored(deps, { site: siteRecord, comment: record.comment, verdict, campaign: [], now });
  return true;
}

/** Starts of a job that ended with its worker dead (stalls) before the job is taken for a comment that crashes workers. */
export const MAX_CRASHES = 3;

/** Where a job stands in its tries, from BullMQ's counters as the processor sees them. */
export interface TryState {
  /** This try, from 1. */
  readonly tries: number;
  /** No retry follows a failure of this try. */
  readonly last: boolean;
  /** The job was started MAX_CRASHES times without finishing: it is held without running the pipeline again. */
  readonly crashed: boolean;
}

/** The try state of a job: `attemptsMade` counts finished (failed) tries, `attemptsStarted` every start, this one included. */
export function tryState(job: { readonly attemptsMade: number; readonly attemptsStarted: number; readonly opts: { readonly attempts?: number | undefined } }): TryState {
  const tries = job.attemptsMade + 1;
  const crashes = job.attemptsStarted - tries;
  return { tries, last: tries >= (job.opts.attempts ?? 1), crashed: crashes >= MAX_CRASHES };
}
