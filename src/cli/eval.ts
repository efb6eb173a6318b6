/**
 * `sluice eval --pipeline [--data FILE…] [--test FILE…]`: the whole pipeline (heuristics + classifier) on labelled
 * data, printed as one JSON document. Without `--data`, the cross-video rotation on the YouTube Spam Collection in
 * ../shared/data (train the classifier on three videos and the seed corpus, score the fourth through every phase),
 * plus the SMS Spam Collection as an out-of-domain check (train on all of YouTube and the seed, test on SMS).
 * With `--data`, each file is one source of the rotation; each `--test` file is scored by a model trained on all of
 * them. Offline: no Redis, so no flood windows or site lists.
 */
import { join } from 'node:path';
import { loadSeedCorpus } from '../evaluation/sources.js';
import { findSharedData, loadExamples, YOUTUBE_FILES, type LabelledExample } from '../classifier/dataset.js';
import type { BinaryMetrics } from '../classifier/metrics.js';
import { trainModel } from '../classifier/train.js';
import type { Config } from '../platform/config.js';
import { crossSourcePipelineEvaluation, scoreThroughPipeline, verdictFigures, type VerdictFigures } from '../evaluation/pipeline.js';
import { fromRoot } from '../platform/paths.js';
import { loadLexicon } from '../scoring/lexicon-files.js';
import type { SiteSettings } from '../scoring/context.js';
import { printJson, UsageError } from './io.js';
import { startProgress } from './progress.js';
import { loadAll } from './train.js';

export interface EvalPipelineOptions {
  /** Files whose sources rotate (default: the four YouTube files). */
  readonly data: readonly string[];
  /** Out-of-domain files (default, with the default data: the SMS collection). */
  readonly test: readonly string[];
  /** Site languages the rules assume (default `en`, the data's language). */
  readonly languages?: readonly string[];
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

function figures(m: BinaryMetrics) {
  return { precision: round(m.precision), recall: round(m.recall), f1: round(m.f1), fpr: round(m.fpr), confusion: m.confusion };
}

function report(f: VerdictFigures) {
  return { n: f.n, spam: figures(f.spam), spamOrReview: figures(f.spamOrReview), verdicts: f.verdicts };
}

/** Runs the evaluation and prints it; returns the exit code. */
export async function evalPipelineCommand(config: Config, options: EvalPipelineOptions): Promise<number> {
  const started = performance.now();
  let data = options.data;
  let test = options.test;
  if (data.length === 0) {
    const shared = findSharedData();
    if (!shared) throw new UsageError('No --data given and ../shared/data is absent: eval --pipeline --data FILE… [--test FILE…]');
    data = YOUTUBE_FILES.map((f) => join(shared, 'youtube-spam-collection', f));
    if (test.length === 0) test = [join(shared, 'sms-spam-collection', 'SMSSpamCollection')];
  }
  const progress = startProgress('sluice eval', 'examples');
  const examples = await loadAll(data, progress);
  if (new Set(examples.map((e) => e.source)).size < 2) throw new UsageError('eval --pipeline needs at least two --data files to rotate over');
  const seed = await loadSeedCorpus(fromRoot('models', 'seed'));
  const lexicon = loadLexicon();
  const settings: SiteSettings = { thresholds: config.thresholds, languages: options.languages ?? ['en'] };
  progress.step('cross-source rotation through the pipeline');
  const cross = crossSourcePipelineEvaluation(examples, { lexicon, settings, extraTraining: seed });
  const outOfDomain = [];
  if (test.length) {
    const model = trainModel(examples.concat(seed));
    for (const file of test) {
      progress.step(`scoring ${file}`);
      const held: LabelledExample[] = await loadExamples(file);
      progress.add(held.length);
      outOfDomain.push({ file: held[0]?.source ?? file, ...report(verdictFigures(scoreThroughPipeline(held, { lexicon, model, settings }))) });
    }
  }
  progress.done(`through the pipeline (${data.length} rotating file${data.length === 1 ? '' : 's'}, ${test.length} out-of-domain)`);
  await printJson({
    evaluation: 'cross-source: train the classifier on the other sources + the seed corpus, score the held-out source through the full pipeline',
    thresholds: settings.thresholds,
    rotations: cross.rotations.map((r) => ({ heldOut: r.heldOut, ...report(r.figures) })),
    pooled: report(cross.pooled),
    outOfDomain,
    seconds: round((performance.now() - started) / 1000),
  });
  return 0;
}
