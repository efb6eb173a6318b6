/**
 * Model size, run in a child process (`--expose-gc`, nothing else on the heap): for each training-set size, synthesise
 * that many comments, train a model (timed: features, counting, pruning, as `trainModel` does for `sluice train`),
 * measure the heap it holds, and time scoring real comments through the full pipeline with it.
 */
import { FeatureVector, featureVectorOfComment } from '../src/classifier/features.js';
import { trainModel } from '../src/classifier/train.js';
import { commentOf } from '../src/evaluation/pipeline.js';
import { loadLexicon } from '../src/scoring/lexicon-files.js';
import { defaultPhases } from '../src/scoring/pipeline.js';
import { createScorer } from '../src/scoring/scorer.js';
import { synthesize } from './synth.js';
import { DEFAULT_SETTINGS, loadCorpora } from './support/data.js';
import { timeLoop, type LoopBudget } from './support/timing.js';

/** Figures for one training-set size. */
export interface ModelSizePoint {
  readonly examples: number;
  /** Distinct tokens kept after training (dedupe and prune included). */
  readonly tokens: number;
  readonly trainMs: number;
  /** Heap held by the trained model, MiB. */
  readonly heapMb: number;
  /** Full pipeline, mean µs per real YouTube comment. */
  readonly pipelineUs: number;
  /** Classifier alone from raw text, mean µs per comment. */
  readonly classifierUs: number;
}

/** Arguments of the child task. */
export interface ModelGrowthArgs {
  readonly sizes: readonly number[];
  readonly budget: LoopBudget;
}

/** The child task: one point per size, smallest first. */
export async function modelGrowthTask(args: ModelGrowthArgs): Promise<ModelSizePoint[]> {
  const gc = globalThis.gc!;
  const corpora = await loadCorpora();
  if ('missing' in corpora) throw new Error(corpora.missing);
  const lexicon = loadLexicon();
  const comments = corpora.youtube.map(commentOf);
  const now = new Date();
  const points: ModelSizePoint[] = [];
  for (const size of args.sizes) {
    const examples = synthesize(corpora.youtube, size);
    gc();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const model = trainModel(examples);
    const trainMs = performance.now() - t0;
    gc();
    const heapMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    const scorer = createScorer(defaultPhases({ lexicon, model }));
    const pipeline = timeLoop(comments, (c) => scorer.score(c, DEFAULT_SETTINGS, now), args.budget);
    const vector = new FeatureVector();
    const classifier = timeLoop(corpora.youtube, (e) => model.score(featureVectorOfComment(e, vector)), args.budget);
    points.push({ examples: size, tokens: model.size, trainMs, heapMb, pipelineUs: pipeline.us.mean, classifierUs: classifier.us.mean });
  }
  return points;
}
