/** The contract of a scoring phase, after Coral Talk's moderation phases. */
import type { Reason, VerdictClass } from '../domain/verdict.js';
import type { ScoringContext } from './context.js';

/** What a phase contributes: reasons with weights, and optionally a final class that ends the pipeline. */
export interface PhaseResult {
  readonly reasons?: readonly Reason[];
  /** A class that no later phase can change (e.g. an allow-listed author → `ham`). */
  readonly final?: VerdictClass;
  /**
   * The least class the verdict may have, whatever the score (e.g. an operator's suspect word → at least `review`).
   * The score still sums the weights; only the class is raised.
   */
  readonly atLeast?: VerdictClass;
}

/**
 * A named pure function of the context. Returning undefined means "no opinion". `earlier` holds the reasons of the
 * phases before it, for the few rules that only count together with other evidence (the language rule).
 */
export interface Phase {
  readonly name: string;
  run(ctx: ScoringContext, earlier: readonly Reason[]): PhaseResult | undefined;
}
