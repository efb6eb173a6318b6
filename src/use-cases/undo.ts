/**
 * Undoing a moderator's decision, the use case: within the undo window, the comment's last decision is taken back and
 * everything it changed is as before it — the verdict, status and place in the review queue, its campaigns, the day's
 * counts, the training corpus (the live model forgets the decision's label and relearns the one before), the campaign
 * and reputation memories. The CMS is told the verdict the comment has again; the history keeps the decision, marked
 * `undone`. What the decision replaced outside the comment's hash was read and kept when it was made (decide.ts).
 */
import { AppError, errors } from '../platform/errors.js';
import type { Decision, UndoRecord } from '../store/decisions.js';
import { dayOf } from '../store/stats.js';
import type { LabelledText } from '../queue/queues.js';
import type { CorpusExample } from '../store/corpus.js';
import type { Verdict } from '../domain/verdict.js';
import { tellCmsUndone } from './tell-cms.js';
import { decisionDelta, type Staff } from './decide.js';
import type { ModerationDeps } from './deps.js';

/** Which decision to undo: the comment's last, named by its `at` (what the decision's response gave). */
export interface UndoInput {
  readonly site: string;
  readonly id: string;
  readonly at: string;
}

/** What an undo did. */
export interface UndoOutcome {
  /** The verdict the comment has again. */
  readonly verdict: Verdict;
  /** The decision, marked undone. */
  readonly undone: Decision;
  /** Whether a callback to the CMS was enqueued. */
  readonly notified: boolean;
}

/**
 * Undoes a comment's last decision. Throws `not_found`, `undo_nothing` (no decision, or undone already), `undo_stale`
 * (a later decision, an edit or a report came since) or `undo_expired` (older than the window).
 */
export async function undoDecision(
  deps: ModerationDeps,
  input: UndoInput,
  by: Staff,
): Promise<UndoOutcome> {
  const { store } = deps;
  const record = await store.comments.get(input.site, input.id);
  if (!record) throw errors.notFound(`Comment "${input.id}" on site "${input.site}"`);
  const history = await store.decisions.history(input.site, input.id);
  const last = lastDecision(input, history);
  const kept = await undoRecordOf(deps, input, last);
  const undone: Decision = { ...last, undone: { by: { id: by.tokenId, name: by.name, role: by.role }, at: deps.now().toISOString() } };
  const result = await store.decisions.undo(input.site, input.id, last, undone.undone!);
  if (!result.ok) {
    if (result.why === 'gone') throw errors.undoExpired(input.id, deps.config.undoWindowSeconds);
    throw errors.undoStale(input.id, 'it changed since (a later decision, an edit or a report)');
  }
  const { state } = kept;
  await store.campaigns.setState(record.comment, state.campaign);
  await uncount(deps, input, last, history.slice(0, -1), state.hadQueueTime);
  const site = await store.sites.get(input.site);
  const notified = await tellCmsUndone(deps.queues, site, record.comment, result.verdict, `u${result.position}`);
  await unlearn(deps, input, state.corpus);
  await store.memory.restore({ site: input.site, id: input.id }, state.memory, deps.now());
  await store.reputation.restore({ site: input.site, id: input.id }, state.reputation);
  return { verdict: result.verdict, undone, notified };
}

/** The decision `input` names, which must be the comment's last and not undone yet. */
function lastDecision(input: UndoInput, history: readonly Decision[]): Decision {
  const last = history.at(-1);
  if (!last) throw errors.undoNothing(input.id, 'no moderator has decided it');
  if (last.at !== input.at) {
    const named = history.find((d) => d.at === input.at);
    throw errors.undoStale(input.id, named ? 'a later decision was made' : `it has no decision made at ${input.at}`);
  }
  if (last.undone) throw errors.undoNothing(input.id, `the decision made at ${input.at} was undone already`);
  return last;
}

/** The undo record of `last`, if it is within the window. */
async function undoRecordOf(deps: ModerationDeps, input: UndoInput, last: Decision): Promise<UndoRecord> {
  const window = deps.config.undoWindowSeconds;
  const age = (deps.now().getTime() - Date.parse(last.at)) / 1000;
  const kept = await deps.store.decisions.undoRecord(input.site, input.id);
  if (age > window || !kept || kept.at !== last.at) throw errors.undoExpired(input.id, window);
  return kept;
}

/**
 * Takes the decision out of its day's counts, and counts again the decision it had superseded on the same revision
 * (decide.ts took that one out); its queue time goes when the decision was the one that added it.
 */
async function uncount(deps: ModerationDeps, input: UndoInput, last: Decision, earlier: readonly Decision[], hadQueueTime: boolean): Promise<void> {
  const { stats } = deps.store;
  await stats.add(input.site, dayOf(last.at), decisionDelta(last, -1));
  const previous = [...earlier].reverse().find((d) => !d.undone);
  if (previous && previous.rev === last.rev) await stats.add(input.site, dayOf(previous.at), decisionDelta(previous, 1));
  const wasHeld = last.before.status === 'scored' && last.before.verdict === 'review';
  if (wasHeld && last.heldAt !== undefined && !hadQueueTime) await stats.removeQueueTime(input.site, dayOf(last.at), input.id);
}

/** Puts the corpus back as it was; the live model forgets the decision's label and learns the one before, if any. */
async function unlearn(deps: ModerationDeps, input: UndoInput, snapshot: UndoRecord['state']['corpus']): Promise<void> {
  const { replaced, restored } = await deps.store.corpus.restore(input.site, input.id, snapshot);
  if (!replaced && !restored) return;
  if (replaced && restored && sameText(replaced, restored)) return;
  await deps.queues.enqueueTraining({
    kind: 'learn',
    site: input.site,
    id: input.id,
    ...(restored ? { learn: labelled(restored) } : {}),
    ...(replaced ? { forget: labelled(replaced) } : {}),
  });
}

const labelled = (e: CorpusExample): LabelledText => ({ label: e.label, content: e.content, contentType: e.contentType, author: e.author });
const sameText = (a: CorpusExample, b: CorpusExample): boolean => JSON.stringify(labelled(a)) === JSON.stringify(labelled(b));

/** One comment of a bulk undo that was not undone, and why. */
export interface UndoSkipped {
  readonly site: string;
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

/** Undoes the last decisions of many comments, a few at a time; those that cannot be undone are listed, not fatal. */
export async function undoMany(
  deps: ModerationDeps,
  targets: readonly UndoInput[],
  by: Staff,
): Promise<{ undone: Array<{ site: string; id: string }>; skipped: UndoSkipped[] }> {
  const outcome: { undone: Array<{ site: string; id: string }>; skipped: UndoSkipped[] } = { undone: [], skipped: [] };
  const queue = [...targets];
  const work = async (): Promise<void> => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      try {
        await undoDecision(deps, t, by);
        outcome.undone.push({ site: t.site, id: t.id });
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        outcome.skipped.push({ site: t.site, id: t.id, code: err.code, message: err.message });
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, work));
  return outcome;
}
