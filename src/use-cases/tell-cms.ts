/**
 * Telling the CMS: a final verdict becomes a `deliveries` job. In shadow mode the CMS is only ever told `ham`, at once,
 * whatever the machine thought, and hears nothing of later human decisions (it has published the comment already).
 * Comments that came in by the Akismet or Coral door are never called back: the CMS never sent their ids to
 * `POST /v1/comments`, and it got its verdict in the protocol's own answer.
 */
import type { StoredComment } from '../domain/comment.js';
import type { CallbackBody, Queues } from '../queue/queues.js';
import { siteMode, type Site } from '../store/sites.js';
import type { Verdict } from '../domain/verdict.js';

/** The body the CMS receives for `verdict`. */
export function callbackBody(comment: Pick<StoredComment, 'id' | 'postId'>, verdict: Verdict): CallbackBody {
  return {
    id: comment.id,
    postId: comment.postId,
    verdict: verdict.verdict,
    discard: verdict.discard,
    score: verdict.score,
    reasons: verdict.reasons,
    decidedBy: verdict.decidedBy ?? null,
    at: verdict.decidedAt ?? verdict.scoredAt ?? verdict.receivedAt,
  };
}

/** Whether the CMS sent this comment to `POST /v1/comments` (comments stored before `via` existed did). */
export function calledBack(comment: Pick<StoredComment, 'via'>): boolean {
  return comment.via === undefined || comment.via === 'webhook';
}

/** The verdict as a CMS may see it: in shadow mode always `ham`, never discarded. */
export function asToldToCms(verdict: Verdict, site: Site | undefined): Verdict {
  return siteMode(site) === 'shadow' ? { ...verdict, verdict: 'ham', discard: false } : verdict;
}

/**
 * Enqueues the callback of a verdict that just became final, if the site has a callback URL. `tag` names the event
 * (`m<rev>` machine, `d<n>` n-th decision) so a retried step enqueues it once. Returns whether a callback was enqueued.
 */
export async function tellCms(
  queues: Pick<Queues, 'enqueueDelivery'>,
  site: Site | undefined,
  comment: StoredComment,
  verdict: Verdict,
  tag: string,
): Promise<boolean> {
  if (!site?.callbackUrl || !calledBack(comment)) return false;
  const shadow = siteMode(site) === 'shadow';
  const machine = !verdict.decidedBy;
  if (shadow && !machine) return false;
  if (!shadow && machine && verdict.verdict === 'review') return false;
  await queues.enqueueDelivery({ site: site.id, body: callbackBody(comment, asToldToCms(verdict, site)) }, tag);
  return true;
}

/**
 * Enqueues the callback of an undone decision, if the site has a callback URL and its CMS heard of the decision (a
 * shadow-mode CMS never does): the verdict the comment has again, with event `undone`. `tag` is `u<n>` for the n-th
 * decision, so a retried undo tells the CMS once. Returns whether a callback was enqueued.
 */
export async function tellCmsUndone(
  queues: Pick<Queues, 'enqueueDelivery'>,
  site: Site | undefined,
  comment: StoredComment,
  verdict: Verdict,
  tag: string,
): Promise<boolean> {
  if (!site?.callbackUrl || siteMode(site) === 'shadow' || !calledBack(comment)) return false;
  await queues.enqueueDelivery({ site: site.id, body: { ...callbackBody(comment, verdict), event: 'undone' } }, tag);
  return true;
}
