/**
 * Scoring within the request, for the protocols that expect an answer at once (Akismet's comment-check, Coral's
 * moderation phase): the same use case as the worker's, run inline. The comment is stored like any other, so it shows
 * in the moderation queue and in stats.
 */
import { scoreComment, type ScoreCommentDeps } from '../../workers/score-comment.js';
import type { CommentInput, CommentVia } from '../domain/comment.js';
import { errors } from '../platform/errors.js';
import { asToldToCms } from './tell-cms.js';
import type { Queues } from '../queue/queues.js';
import type { Verdict } from '../domain/verdict.js';

/** Stores a comment, scores it now, and returns its verdict. */
export type ScoreNow = (site: string, input: CommentInput, via: CommentVia) => Promise<Verdict>;

export function createScoreNow(deps: ScoreCommentDeps, queues: Pick<Queues, 'enqueueScore'>): ScoreNow {
  return async (site, input, via) => {
    const accepted = await deps.store.comments.accept(site, input, deps.now(), via);
    const job = { site, id: input.id, rev: accepted.revision };
    if (accepted.changed || accepted.status === 'queued') {
      try {
        await scoreComment(deps, job, deps.logger.child({ commentId: input.id, site, via: via.via }));
      } catch (err) {
        // Accepted means never lost: hand it to the workers before failing the request.
        await queues.enqueueScore(job);
        throw err;
      }
    }
    const verdict = (await deps.store.comments.get(site, input.id))?.verdict;
    if (!verdict) throw errors.unavailable('The comment was stored but its verdict is not ready; retry shortly.');
    // These doors answer the CMS itself: in shadow mode it is told ham, like everywhere else.
    return asToldToCms(verdict, await deps.store.sites.get(site));
  };
}
