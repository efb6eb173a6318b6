/**
 * Learning from the machine's own verdicts (opt-in, AUTO_LEARN): only when the heuristics and the classifier agree
 * with high confidence, so the model does not learn its own mistakes; and only while the class stays balanced, so a
 * stream of easy ham does not drown the rare spam (or the reverse during a flood).
 */
import type { StoredComment } from '../domain/comment.js';
import type { Queues } from '../queue/queues.js';
import type { Store } from '../store/index.js';
import type { Reason, Verdict } from '../domain/verdict.js';
import { exampleText, recordLabel } from './label.js';

/** Thresholds of agreement. */
export const AUTO_LEARN_POLICY = {
  /** Spam: final score at least this, classifier at least `classifierSpam`, heuristics alone at least `heuristicsSpam` log-odds. */
  spamScore: 0.99,
  classifierSpam: 0.9,
  heuristicsSpam: 2,
  /** Ham: final score at most this, classifier at most `classifierHam`, no heuristic pushing towards spam by more than `heuristicsHamMax`. */
  hamScore: 0.02,
  classifierHam: 0.1,
  heuristicsHamMax: 0.5,
  /** A class may run ahead of the other by at most this many auto-learned examples. */
  balanceSlack: 25,
} as const;

const heuristic = (r: Reason): boolean => r.code !== 'prior' && r.code !== 'bayes';

/** The label to learn from a verdict, or undefined when heuristics and classifier do not agree confidently. */
export function autoLabel(verdict: Pick<Verdict, 'score' | 'reasons' | 'status'>): 'spam' | 'ham' | undefined {
  if (verdict.status !== 'scored') return undefined;
  const bayes = verdict.reasons.find((r) => r.code === 'bayes')?.data?.['probability'];
  if (typeof bayes !== 'number') return undefined; // the classifier abstained: nothing to agree with
  const heuristics = verdict.reasons.filter(heuristic);
  const p = AUTO_LEARN_POLICY;
  if (verdict.score >= p.spamScore && bayes >= p.classifierSpam && heuristics.reduce((s, r) => s + r.weight, 0) >= p.heuristicsSpam) return 'spam';
  if (verdict.score <= p.hamScore && bayes <= p.classifierHam && heuristics.every((r) => r.weight <= p.heuristicsHamMax)) return 'ham';
  return undefined;
}

/** The auto-learning step of the scoring worker: label the comment when the policy agrees and the classes stay balanced. */
export async function autoLearn(
  deps: { store: Store; queues: Pick<Queues, 'enqueueTraining'> },
  comment: StoredComment,
  verdict: Verdict,
  now: Date,
): Promise<'spam' | 'ham' | undefined> {
  const label = autoLabel(verdict);
  if (!label || comment.test) return undefined;
  if (!(await deps.store.corpus.reserveAutoLabel(verdict.site, label, AUTO_LEARN_POLICY.balanceSlack))) return undefined;
  await recordLabel(deps, { site: verdict.site, id: verdict.id, label, source: 'auto', by: `auto (${verdict.model})`, at: now, text: exampleText(comment) });
  return label;
}
