/**
 * A moderator's decision, the use case: store it with the verdict it makes (history kept, last one wins), move the
 * comment in its campaigns, count it, tell the CMS, hand the labelled comment to the training corpus — which
 * forgets the previous label first when the decision changed one — and update the campaign and reputation memories.
 * What it replaces in each of them is read first and kept for the undo window, so src/use-cases/undo.ts can put it back.
 */
import { AppError, errors } from '../platform/errors.js';
import type { Principal, StaffRole } from '../store/credentials.js';
import type { Decision, HumanVerdict, Recorded, UndoState } from '../store/decisions.js';
import { dayOf, type StatField } from '../store/stats.js';
import { exampleText, recordLabel } from './label.js';
import type { Verdict } from '../domain/verdict.js';
import { tellCms } from './tell-cms.js';
import { rememberLabel } from './remember.js';
import type { ModerationDeps } from './deps.js';

/** A staff principal (decisions are made by people). */
export type Staff = Extract<Principal, { role: StaffRole }>;

/** What to decide. */
export interface DecisionInput {
  readonly site: string;
  readonly id: string;
  readonly verdict: HumanVerdict;
  readonly note?: string | undefined;
}

/** What a decision did. */
export interface DecisionOutcome {
  readonly verdict: Verdict;
  readonly decision: Decision;
  /** Whether the corpus changed (a repeated identical decision teaches nothing new). */
  readonly learned: boolean;
  /** Whether a callback to the CMS was enqueued. */
  readonly notified: boolean;
}

/** Decides one comment. Throws `not_found` or `not_scored` (AppErrors) when it cannot be decided. */
export async function decideComment(deps: ModerationDeps, input: DecisionInput, by: Staff): Promise<DecisionOutcome> {
  const { store } = deps;
  const record = await store.comments.get(input.site, input.id);
  if (!record) throw errors.notFound(`Comment "${input.id}" on site "${input.site}"`);
  if (!record.verdict) throw errors.notScored(input.id);
  const [site, fields] = await Promise.all([store.sites.get(input.site), store.decisions.fields(input.site, input.id)]);
  const at = deps.now().toISOString();
  const decision: Decision = {
    verdict: input.verdict,
    ...(input.note ? { note: input.note } : {}),
    by: { id: by.tokenId, name: by.name, role: by.role },
    at,
    rev: record.comment.revision,
    before: { verdict: record.verdict.verdict, status: record.status },
    machine: fields.machine ?? record.verdict.verdict,
    ...(fields.heldAt !== undefined ? { heldAt: fields.heldAt } : {}),
  };
  const verdict: Verdict = { ...record.verdict, status: 'decided', verdict: input.verdict, discard: false, decidedBy: by.name, decidedAt: at };
  const undo = await undoStateOf(deps, input.site, input.id, at);
  const recorded = await store.decisions.record(verdict, decision, undo, deps.config.undoWindowSeconds + UNDO_SLACK_SECONDS);
  if (!recorded) throw errors.conflict(`Comment "${input.id}" was edited while you decided; look at it again.`);
  deps.logger.info({ site: input.site, commentId: input.id, verdict: input.verdict, before: decision.before.verdict, decision: recorded.count, by: decision.by }, 'comment decided');
  await store.campaigns.setState(record.comment, input.verdict === 'spam' ? 'spam' : 'none');
  await countDecision(deps, input.site, input.id, decision, recorded);
  const notified = await tellCms(deps.queues, site, record.comment, verdict, `d${recorded.count}`);
  const learned = await recordLabel(deps, {
    site: input.site,
    id: input.id,
    label: input.verdict,
    source: 'moderator',
    by: by.name,
    at: new Date(at),
    text: exampleText(record.comment),
  });
  // The next comment of the campaign is held at once: the campaign memory takes the decision in (replacing an earlier one).
  await rememberLabel(store, input.site, site, record.comment, input.verdict, deps.now());
  // A moderator's spam vouches for its domain, IP, email and brand in the reputation memory; a ham takes them out.
  if (input.verdict === 'spam') await store.reputation.confirmSpam(record.comment, deps.now());
  else await store.reputation.forget(record.comment);
  return { verdict, decision, learned, notified };
}

/** The undo record outlives the window a little, so an undo sent at its last second still finds it. */
const UNDO_SLACK_SECONDS = 60;

/** What a decision at `at` will replace outside the comment's hash and queues, read from each store that keeps it. */
async function undoStateOf(deps: ModerationDeps, site: string, id: string, at: string): Promise<UndoState> {
  const { store } = deps;
  const [campaign, corpus, memory, reputation, hadQueueTime] = await Promise.all([
    store.campaigns.stateOf(site, id),
    store.corpus.snapshot(site, id),
    store.memory.snapshot({ site, id }),
    store.reputation.confirmationsOf({ site, id }),
    store.stats.hasQueueTime(site, dayOf(at), id),
  ]);
  return { campaign, corpus, memory, reputation, hadQueueTime };
}

/** One comment of a bulk decision that could not be decided, and why. */
export interface Skipped {
  readonly site: string;
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

/** The outcome of deciding many comments. */
export interface BulkOutcome {
  /** `at`: the decision's time, which names it for an undo (POST /v1/comments/:id/undo). */
  readonly decided: Array<{ site: string; id: string; verdict: HumanVerdict; at: string }>;
  readonly skipped: Skipped[];
}

/** Decides many comments, a few at a time; those that cannot be decided are listed, not fatal. */
export async function decideMany(
  deps: ModerationDeps,
  targets: ReadonlyArray<{ site: string; id: string }>,
  verdict: HumanVerdict,
  note: string | undefined,
  by: Staff,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { decided: [], skipped: [] };
  const queue = [...targets];
  const work = async (): Promise<void> => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      try {
        const { decision } = await decideComment(deps, { ...t, verdict, note }, by);
        outcome.decided.push({ ...t, verdict, at: decision.at });
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        outcome.skipped.push({ ...t, code: err.code, message: err.message });
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, work));
  return outcome;
}

/** The counters one decision adds (and takes away again when a later decision on the same revision supersedes it). */
export function decisionDelta(d: Pick<Decision, 'verdict' | 'machine'>, sign: 1 | -1): Partial<Record<StatField, number>> {
  return {
    decided: sign,
    [d.verdict === 'ham' ? 'approved' : 'rejected']: sign,
    ...(d.machine === 'spam' && d.verdict === 'ham' ? { falsePositives: sign } : {}),
    ...(d.machine === 'ham' && d.verdict === 'spam' ? { falseNegatives: sign } : {}),
  };
}

/** Counts a decision in the day's stats, undoing the one it supersedes, and the time the comment spent held. */
async function countDecision(deps: ModerationDeps, site: string, id: string, decision: Decision, recorded: Recorded): Promise<void> {
  const { stats } = deps.store;
  const previous = recorded.previous;
  if (previous && previous.rev === decision.rev) await stats.add(site, dayOf(previous.at), decisionDelta(previous, -1));
  await stats.add(site, dayOf(decision.at), decisionDelta(decision, 1));
  const wasHeld = decision.before.status === 'scored' && decision.before.verdict === 'review';
  if (wasHeld && decision.heldAt !== undefined) {
    await stats.addQueueTime(site, dayOf(decision.at), id, (Date.parse(decision.at) - decision.heldAt) / 1000);
  }
}
