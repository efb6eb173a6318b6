/** The contract of a scoring phase, after Coral Talk's moderation phases. */
import type { Reason, VerdictClass } from '../verdict.js';
import type { ScoringContext } from './context.js';

/** What a phase contributes: reasons with weights, and optionally a final class that ends the pipeline. */
export interface PhaseResult {
  readonly reasons?: readonly Reason[];
  /** A class that no later phase can change (e.g. an allow-listed author → `ham`). */
  readonly final?: VerdictClass;
}

/** A named pure function of the context. Returning undefined means "no opinion". */
export interface Phase {
  readonly name: string;
  run(ctx: ScoringContext): PhaseResult | undefined;
}
