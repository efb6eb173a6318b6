/**
 * Section 1, the scoring core in-process on one core: the full pipeline (normalise, rules, classifier) exactly as a
 * worker builds it, and the classifier alone from raw text, over the YouTube and SMS comments; and the memory of the
 * loaded default model (measured in a child process with the collector exposed).
 */
import type { LabelledExample } from '../src/classifier/dataset.js';
import { FeatureVector, featureVectorOfComment } from '../src/classifier/features.js';
import { loadModelFile } from '../src/classifier/model-file.js';
import { commentOf } from '../src/evaluation/pipeline.js';
import { fromRoot } from '../src/platform/paths.js';
import { loadLexicon } from '../src/scoring/lexicon-files.js';
import { defaultPhases } from '../src/scoring/pipeline.js';
import { createScorer } from '../src/scoring/scorer.js';
import { runChildTask } from './support/child.js';
import { DEFAULT_SETTINGS, type Corpora } from './support/data.js';
import { timeLoop, type LoopBudget, type LoopFigures } from './support/timing.js';

/** The model file workers load by default (MODEL_FILE's default). */
export const DEFAULT_MODEL_FILE = 'models/default.model';

/** Throughput of one scorer on one corpus. */
export interface CorpusThroughput extends LoopFigures {
  readonly corpus: 'youtube' | 'sms';
  readonly comments: number;
}

/** What section 1 reports. */
export interface ScoringResult {
  readonly model: { readonly version: string; readonly tokens: number; readonly heapMb: number };
  readonly pipeline: readonly CorpusThroughput[];
  readonly classifier: readonly CorpusThroughput[];
}

/** Heap taken by a loaded model file (run in a child: `node --expose-gc`). */
export async function modelHeapTask(args: { file: string }): Promise<{ heapMb: number; tokens: number }> {
  const gc = globalThis.gc!;
  gc();
  const before = process.memoryUsage().heapUsed;
  const loaded = loadModelFile(fromRoot(args.file));
  gc();
  const heapMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  return { heapMb, tokens: loaded.model.size };
}

/** Runs section 1. */
export async function scoringSection(corpora: Corpora, budget: LoopBudget): Promise<ScoringResult> {
  const loaded = loadModelFile(fromRoot(DEFAULT_MODEL_FILE));
  // The same construction as a worker's LiveScorers with the bundled model: default phases, shipped lexicons.
  const scorer = createScorer(defaultPhases({ lexicon: loadLexicon(), model: loaded.model }), loaded.version);
  const now = new Date();
  const pipeline: CorpusThroughput[] = [];
  const classifier: CorpusThroughput[] = [];
  let sink = 0;
  for (const corpus of ['youtube', 'sms'] as const) {
    const examples: readonly LabelledExample[] = corpora[corpus];
    const comments = examples.map(commentOf);
    const p = timeLoop(comments, (c) => scorer.score(c, DEFAULT_SETTINGS, now), budget, (r) => (sink += r.score));
    pipeline.push({ corpus, comments: comments.length, ...p });
    // The classifier's own path from raw text: normalise, tokenise, hash the features into a reused vector, score.
    const vector = new FeatureVector();
    const c = timeLoop(examples, (e) => loaded.model.score(featureVectorOfComment(e, vector)), budget, (r) => (sink += r.probability));
    classifier.push({ corpus, comments: examples.length, ...c });
  }
  if (Number.isNaN(sink)) throw new Error('scores were NaN');
  const memory = await runChildTask<{ heapMb: number; tokens: number }>('model-heap', { file: DEFAULT_MODEL_FILE });
  return { model: { version: loaded.version, ...memory }, pipeline, classifier };
}
