/**
 * Training and evaluation: what `sluice train`, `sluice eval`, the retrain worker and the default-model build call.
 */
import { createHash } from 'node:crypto';
import type { LabelledExample } from './dataset.js';
import { FeatureVector, featureVectorOfComment } from './features.js';
import { evaluatePairs, type EvaluationReport, type ScoredLabel } from './metrics.js';
import { CountModel, type ModelOptions, type PruneOptions } from './model.js';

/**
 * Turns an example into features; the default is `featureVectorOfComment` (the features of `featuresOfComment`,
 * hashed without building their strings). Injectable so callers can cache.
 */
export type Featurizer = (example: LabelledExample) => readonly string[] | FeatureVector;

/** The default featurizer: one feature vector reused (learn and score read it before the next example is made). */
function defaultFeaturizer(): Featurizer {
  const vector = new FeatureVector();
  return (example) => featureVectorOfComment(example, vector);
}

/** Options of `trainModel`. */
export interface TrainOptions {
  readonly model?: Partial<ModelOptions>;
  /** Learn each distinct (label, author, content) once. Default true: copy-paste floods would otherwise dominate. */
  readonly dedupe?: boolean;
  /** Prune after training. Default `{ minCount: 2, graceDocs: 0 }`, i.e. drop tokens seen once. `false` keeps all. */
  readonly prune?: PruneOptions | false;
  readonly featurize?: Featurizer;
}

/** A trained model's words of a writing system count from this many token occurrences per class (ModelOptions). */
export const CORPUS_MIN_GROUP_MASS = 1000;

/** Builds a model from labelled examples. */
export function trainModel(examples: readonly LabelledExample[], options: TrainOptions = {}): CountModel {
  const model = new CountModel({ minGroupMass: CORPUS_MIN_GROUP_MASS, ...options.model });
  const featurize = options.featurize ?? defaultFeaturizer();
  const seen = new Set<string>();
  for (const ex of examples) {
    if (options.dedupe !== false) {
      const key = `${ex.label}\u0000${ex.author.name ?? ''}\u0000${ex.content}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    model.learn(featurize(ex), ex.label);
  }
  if (options.prune !== false) model.prune(options.prune ?? { minCount: 2, graceDocs: 0 });
  return model;
}

/** One example with the model's spam probability. */
export interface ScoredExample extends ScoredLabel {
  readonly example: LabelledExample;
  readonly abstained: boolean;
}

/** Scores every example (for reports listing the worst mistakes). */
export function scoreExamples(
  model: CountModel,
  examples: readonly LabelledExample[],
  featurize: Featurizer = defaultFeaturizer(),
): ScoredExample[] {
  return examples.map((example) => {
    const r = model.score(featurize(example));
    return { example, label: example.label, probability: r.probability, abstained: r.abstained };
  });
}

/** Precision, recall, F1, FPR, MCC, confusion matrix, threshold sweep and PR curve of a model on examples. */
export function evaluateModel(
  model: CountModel,
  examples: readonly LabelledExample[],
  options: { threshold?: number; featurize?: Featurizer } = {},
): EvaluationReport {
  return evaluatePairs(scoreExamples(model, examples, options.featurize), options.threshold ?? 0.5);
}

/** The headline figures of one evaluation. */
export type Figures = Pick<EvaluationReport, 'precision' | 'recall' | 'f1' | 'fpr' | 'accuracy' | 'mcc' | 'averagePrecision'>;

/** One rotation of a cross-source evaluation. */
export interface Rotation {
  /** The source held out for testing. */
  readonly heldOut: string;
  readonly trainSize: number;
  readonly report: EvaluationReport;
}

/** Per-rotation reports and their mean figures. */
export interface CrossEvaluation {
  readonly threshold: number;
  readonly rotations: readonly Rotation[];
  readonly mean: Figures;
}

/**
 * Cross-source evaluation: for each distinct `source` (for the YouTube collection, each video), train on all the other
 * sources plus `extraTraining` and test on it. The honest split for comments, since one campaign recurs within a video.
 */
export function crossSourceEvaluation(
  examples: readonly LabelledExample[],
  options: TrainOptions & { threshold?: number; extraTraining?: readonly LabelledExample[] } = {},
): CrossEvaluation {
  const threshold = options.threshold ?? 0.5;
  const sources = [...new Set(examples.map((e) => e.source))].sort();
  const rotations: Rotation[] = sources.map((heldOut) => {
    const train = examples.filter((e) => e.source !== heldOut).concat(options.extraTraining ?? []);
    const test = examples.filter((e) => e.source === heldOut);
    const model = trainModel(train, options);
    const evalOptions = options.featurize === undefined ? { threshold } : { threshold, featurize: options.featurize };
    return { heldOut, trainSize: train.length, report: evaluateModel(model, test, evalOptions) };
  });
  return { threshold, rotations, mean: meanFigures(rotations.map((r) => r.report)) };
}

/** Arithmetic mean of the headline figures (macro-average over rotations). */
export function meanFigures(reports: readonly EvaluationReport[]): Figures {
  const keys = ['precision', 'recall', 'f1', 'fpr', 'accuracy', 'mcc', 'averagePrecision'] as const;
  const out: Record<(typeof keys)[number], number> = { precision: 0, recall: 0, f1: 0, fpr: 0, accuracy: 0, mcc: 0, averagePrecision: 0 };
  for (const r of reports) for (const k of keys) out[k] += r[k] / reports.length;
  return out;
}

/**
 * SHA-256 (hex) of a training set, independent of example order, ids and sources: two sets that train the same model
 * hash the same. Each example is hashed as a JSON array of label, content type, author name and URL, content.
 */
export function hashExamples(examples: readonly LabelledExample[]): string {
  const lines = examples.map((e) => JSON.stringify([e.label, e.contentType, e.author.name ?? '', e.author.url ?? '', e.content]));
  lines.sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line).update('\n');
  return hash.digest('hex');
}
