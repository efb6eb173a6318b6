/**
 * What a comment's move between moderation states means to the views of GET /v1/review: the views it left and the
 * views it entered (a held comment approved leaves `held` and enters `approved` and `decided`; one re-flagged leaves
 * `approved` and enters `held`). The live streams (GET /v1/review/events) send one `change` per view.
 */
import type { IndexState } from '../store/comment-index.js';
import type { StateMove } from '../store/view-events.js';
import { REVIEW_VIEWS, VIEW_STATES, type ReviewView } from '../use-cases/review-list.js';

/** A comment entering or leaving one view. */
export interface ViewChange {
  readonly site: string;
  readonly id: string;
  readonly view: ReviewView;
  readonly change: 'entered' | 'left';
  /** ISO time of the move. */
  readonly at: string;
}

const viewsOf = (state: IndexState | undefined): ReviewView[] => (state ? REVIEW_VIEWS.filter((v) => VIEW_STATES[v].includes(state)) : []);

/** The views a move leaves, then those it enters (none when it stays in the same views). */
export function viewChanges(move: StateMove): ViewChange[] {
  const before = viewsOf(move.from);
  const after = viewsOf(move.to);
  const at = new Date(move.at).toISOString();
  const change = (view: ReviewView, change: 'entered' | 'left'): ViewChange => ({ site: move.site, id: move.id, view, change, at });
  return [...before.filter((v) => !after.includes(v)).map((v) => change(v, 'left')), ...after.filter((v) => !before.includes(v)).map((v) => change(v, 'entered'))];
}
