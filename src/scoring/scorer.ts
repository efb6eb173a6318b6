/** The scorer: the whole pure scoring core behind one function, as workers and the offline CLI use it. */
import type { CommentInput } from '../domain/comment.js';
import { buildContext, type ContextExtras, type ScoringContext, type SiteSettings } from './context.js';
import type { Phase } from './phase.js';
import { runPipeline, type ScoreResult } from './pipeline.js';

/** Scores comments with a fixed set of phases (and so a fixed model version). */
export interface Scorer {
  /** Version of the classifier model inside, or `none`. */
  readonly model: string;
  /** `extras`: what the worker gathered from Redis (flood signals, the site's lists, the receipt time). */
  score(comment: CommentInput, settings: SiteSettings, now: Date, extras?: ContextExtras): ScoreResult;
  /** Scores a context already built (the worker builds it once and also derives its flood and campaign keys from it). */
  run(ctx: ScoringContext): ScoreResult;
}

/** Builds a scorer from phases. */
export function createScorer(phases: readonly Phase[], model = 'none'): Scorer {
  return {
    model,
    score: (comment, settings, now, extras) => runPipeline(phases, buildContext(comment, settings, now, extras)),
    run: (ctx) => runPipeline(phases, ctx),
  };
}
