/**
 * Evaluation of the whole system (heuristics + classifier), as `sluice eval` and the benchmarks run it:
 * for each source (video), train the classifier on the other sources, score the held-out one through the full
 * pipeline, and count how the verdicts fare against the labels.
 */
import type { LabelledExample } from '../classifier/dataset.js';
import { metricsFromConfusion, type BinaryMetrics, type ConfusionMatrix } from '../classifier/metrics.js';
import type { CountModel } from '../classifier/model.js';
import { trainModel, type TrainOptions } from '../classifier/train.js';
import type { CommentInput } from '../domain/comment.js';
import { buildContext, type SiteSettings } from '../scoring/context.js';
import type { Lexicon } from '../scoring/lexicon.js';
import { defaultPhases, runPipeline, type ScoreResult } from '../scoring/pipeline.js';
import type { RuleData } from '../scoring/rule-data.js';
import type { VerdictClass } from '../domain/verdict.js';

/** An example turned into the webhook's comment shape. */
export function commentOf(example: LabelledExample): CommentInput {
  const author: CommentInput['author'] = {};
  if (example.author.name !== undefined) author.name = example.author.name;
  if (example.author.url !== undefined) author.url = example.author.url;
  return { id: example.id, postId: example.source, content: example.content, contentType: example.contentType, author };
}

/** One scored example. */
export interface VerdictOutcome {
  readonly example: LabelledExample;
  readonly result: ScoreResult;
}

/** Figures of the `spam` verdict alone and of `spam or review` (what a moderator would see held). */
export interface VerdictFigures {
  readonly n: number;
  readonly spam: BinaryMetrics;
  readonly spamOrReview: BinaryMetrics;
  readonly verdicts: Readonly<Record<VerdictClass, number>>;
}

function confusion(outcomes: readonly VerdictOutcome[], positive: (v: VerdictClass) => boolean): ConfusionMatrix {
  const m = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const { example, result } of outcomes) {
    const predicted = positive(result.verdict);
    if (example.label === 'spam') predicted ? m.tp++ : m.fn++;
    else predicted ? m.fp++ : m.tn++;
  }
  return m;
}

/** Counts the verdicts of scored examples against their labels. */
export function verdictFigures(outcomes: readonly VerdictOutcome[]): VerdictFigures {
  const verdicts = { ham: 0, review: 0, spam: 0 };
  for (const o of outcomes) verdicts[o.result.verdict]++;
  return {
    n: outcomes.length,
    spam: metricsFromConfusion(confusion(outcomes, (v) => v === 'spam'), NaN),
    spamOrReview: metricsFromConfusion(confusion(outcomes, (v) => v !== 'ham'), NaN),
    verdicts,
  };
}

/** Scores examples through the full pipeline with a given model. */
export function scoreThroughPipeline(
  examples: readonly LabelledExample[],
  deps: { lexicon: Lexicon; model?: CountModel | undefined; rules?: RuleData | undefined; settings: SiteSettings },
): VerdictOutcome[] {
  const phases = defaultPhases({
    lexicon: deps.lexicon,
    ...(deps.model ? { model: deps.model } : {}),
    ...(deps.rules ? { rules: deps.rules } : {}),
  });
  const now = new Date(0);
  return examples.map((example) => ({
    example,
    result: runPipeline(phases, buildContext(commentOf(example), deps.settings, now)),
  }));
}

/** One held-out source. */
export interface PipelineRotation {
  readonly heldOut: string;
  readonly figures: VerdictFigures;
  readonly outcomes: readonly VerdictOutcome[];
}

/** Cross-source evaluation of the full pipeline; see the module comment. */
export function crossSourcePipelineEvaluation(
  examples: readonly LabelledExample[],
  options: { lexicon: Lexicon; settings: SiteSettings; extraTraining?: readonly LabelledExample[]; train?: TrainOptions },
): { rotations: PipelineRotation[]; pooled: VerdictFigures } {
  const sources = [...new Set(examples.map((e) => e.source))].sort();
  const rotations = sources.map((heldOut) => {
    const train = examples.filter((e) => e.source !== heldOut).concat(options.extraTraining ?? []);
    const model = trainModel(train, options.train);
    const outcomes = scoreThroughPipeline(
      examples.filter((e) => e.source === heldOut),
      { lexicon: options.lexicon, model, settings: options.settings },
    );
    return { heldOut, figures: verdictFigures(outcomes), outcomes };
  });
  return { rotations, pooled: verdictFigures(rotations.flatMap((r) => r.outcomes)) };
}
