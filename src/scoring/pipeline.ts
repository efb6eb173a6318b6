/**
 * The pipeline: phases run in order over one context; their reasons add up, in log-odds, to the score.
 * A phase may end the pipeline with a final class (first final wins), as in Coral Talk's `compose`.
 */
import { classify, sigmoid, type Evidence, type Reason, type Thresholds, type VerdictClass } from '../verdict.js';
import type { ScoringContext } from './context.js';
import type { CountModel } from '../classifier/model.js';
import type { Lexicon } from './lexicon.js';
import type { Phase } from './phase.js';
import { bayesPhase } from './rules/bayes.js';
import { lexiconPhase } from './rules/lexicon.js';
import { linkPhase } from './rules/links.js';

/**
 * Log-odds of spam before any evidence: sigmoid(-2.5) ≈ 0.076. Reported as the `prior` reason so that
 * the reasons always sum to the score's log-odds.
 */
export const PRIOR_LOG_ODDS = -2.5;

/** A counterfactual item: a reason that, removed with the others listed, would make the comment `ham`. */
export interface CounterfactualItem {
  readonly code: string;
  readonly evidence?: readonly Evidence[];
}

/** The pure outcome of scoring. */
export interface ScoreResult {
  readonly score: number;
  readonly verdict: VerdictClass;
  readonly discard: boolean;
  readonly reasons: readonly Reason[];
  readonly counterfactual?: readonly CounterfactualItem[];
}

const prior: Reason = { code: 'prior', weight: PRIOR_LOG_ODDS, message: 'Base rate before any evidence.' };

/** Runs the phases and combines their reasons into a score and a verdict. */
export function runPipeline(phases: readonly Phase[], ctx: ScoringContext): ScoreResult {
  const reasons: Reason[] = [prior];
  let final: VerdictClass | undefined;
  for (const phase of phases) {
    const result = phase.run(ctx);
    if (!result) continue;
    if (result.reasons) reasons.push(...result.reasons);
    if (result.final) {
      final = result.final;
      break;
    }
  }
  const logOdds = reasons.reduce((sum, r) => sum + r.weight, 0);
  const score = round(sigmoid(logOdds));
  const { thresholds } = ctx.settings;
  const verdict = final ?? classify(score, thresholds);
  const result: ScoreResult = { score, verdict, discard: isBlatant(verdict, score, reasons), reasons };
  if (verdict === 'ham' || final) return result;
  return { ...result, counterfactual: counterfactual(reasons, logOdds, thresholds) };
}

/** Blatant: rejected with near certainty by at least three strong signals from different rule families. */
function isBlatant(verdict: VerdictClass, score: number, reasons: readonly Reason[]): boolean {
  if (verdict !== 'spam' || score < 0.99) return false;
  const families = new Set(reasons.filter((r) => r.weight >= 1.5).map((r) => r.code.split('.')[0]));
  return families.size >= 3;
}

/**
 * The fewest reasons whose removal brings the score under the review threshold. Removing the largest positive
 * weights first is optimal for the count, since every removal only lowers the sum by its own weight.
 */
function counterfactual(reasons: readonly Reason[], logOdds: number, t: Thresholds): CounterfactualItem[] {
  const target = Math.log(t.review / (1 - t.review));
  const positive = reasons.filter((r) => r.weight > 0).sort((a, b) => b.weight - a.weight);
  const picked: CounterfactualItem[] = [];
  let sum = logOdds;
  for (const r of positive) {
    if (sum < target) break;
    sum -= r.weight;
    picked.push(r.evidence ? { code: r.code, evidence: r.evidence } : { code: r.code });
  }
  return picked;
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** The inputs the default phases need, loaded at the edge and passed in. */
export interface PhaseDeps {
  readonly lexicon: Lexicon;
  /** The classifier; without one the `bayes` phase is left out. */
  readonly model?: CountModel;
  /** A global model smoothing `model` (when `model` is a site's own). */
  readonly priorModel?: CountModel;
}

/**
 * The default phases, in order. Cheap, decisive phases first so that a final verdict skips the rest:
 * 1. links — count, density, link-only comments, the author's website;
 * 2. lexicon — campaign vocabulary in the author name, the text and the linked domains;
 * 3. bayes — the classifier's reading of the whole comment.
 */
export function defaultPhases(deps: PhaseDeps): Phase[] {
  const phases = [linkPhase, lexiconPhase(deps.lexicon)];
  if (deps.model) phases.push(bayesPhase(deps.model, deps.priorModel));
  return phases;
}
