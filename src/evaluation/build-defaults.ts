/**
 * `sluice build-defaults` (`npm run build:model`): rebuilds what Sluice ships, from every shared labelled source in
 * ../shared/data plus the team's seed corpus (models/seed/), never copying the data:
 * 1. the honest figures first: the cross-source evaluation, each source held out in turn with the weights fitted and
 *    the classifier trained on the others (cross-source.ts);
 * 2. the reasons' weights, fitted on every source (fit-weights.ts), written to src/scoring/data/weights.json under
 *    `fitted`, with `fit` saying how, on what, and the figures of step 1;
 * 3. the classifier, trained on every source, written to models/default.model with the same figures in its header.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FEATURES_VERSION } from '../classifier/features.js';
import { readModelHeader, serializeModel } from '../classifier/format.js';
import { hashExamples } from '../classifier/train.js';
import { fromRoot } from '../platform/paths.js';
import type { Lexicon } from '../scoring/lexicon.js';
import { loadRuleData, RULE_DATA_DIR, type WeightsFile } from '../scoring/rule-data.js';
import { TOKENIZER_VERSION } from '../scoring/tokenize.js';
import type { Thresholds } from '../domain/verdict.js';
import { crossSourceEvaluation, fitGroupsOf, fittedPreparation, TARGETS, type HeldOutFigures } from './cross-source.js';
import { fitRuleWeights, ModelCache, OPERATING_POINT, type FitGroup } from './fit-weights.js';
import { loadSeedCorpus, loadSharedSources } from './sources.js';

/** Where to read and write; defaults are the project's own files. */
export interface BuildDefaultsOptions {
  readonly dataDir: string;
  readonly lexicon: Lexicon;
  readonly thresholds: Thresholds;
  readonly seedDir?: string;
  readonly weightsFile?: string;
  readonly modelFile?: string;
  readonly now?: Date;
  readonly log?: (line: string) => void;
}

/** The figures kept with the artefacts: per held-out source, what the evaluation printed. */
export function summary(f: HeldOutFigures) {
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    n: f.n,
    spam: f.spam,
    heldRecall: r(f.heldRecall),
    spamRecall: r(f.spamRecall),
    readersRejected: r(f.readersRejected),
    readersHeld: r(f.readersHeld),
    recallAtTarget: r(f.recallAtTarget),
    brier: r(f.calibration.brier),
  };
}

/** Runs the three steps; returns the evaluation's figures. */
export async function buildDefaults(options: BuildDefaultsOptions): Promise<{ sources: Record<string, ReturnType<typeof summary>> }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const weightsPath = options.weightsFile ?? join(RULE_DATA_DIR, 'weights.json');
  const modelPath = options.modelFile ?? fromRoot('models', 'default.model');
  const sources = await loadSharedSources(options.dataDir);
  const seed = await loadSeedCorpus(options.seedDir ?? fromRoot('models', 'seed'));
  log(`sources: ${sources.map((s) => `${s.spec.name} ${s.examples.length}`).join(', ')}, seed ${seed.length}`);

  const base = loadRuleData();
  const models = new ModelCache();
  const started = performance.now();
  const evaluation = crossSourceEvaluation(sources, {
    lexicon: options.lexicon,
    thresholds: options.thresholds,
    seed,
    prepare: fittedPreparation({ lexicon: options.lexicon, rules: base }, models),
  });
  const figures = Object.fromEntries([...evaluation.sources, evaluation.pooled].map((f) => [f.name, summary(f)]));
  const videos = Object.fromEntries(evaluation.videos.map((v) => [v.name, { heldF1: round(v.heldF1), readersHeld: round(v.readersHeld), spamF1: round(v.spamF1), readersRejected: round(v.readersRejected) }]));
  for (const f of evaluation.sources) {
    log(`  held out ${f.name}: held recall ${f.heldRecall.toFixed(3)}, readers rejected ${pct(f.readersRejected)}, readers held ${pct(f.readersHeld)}`);
  }
  log(`cross-source evaluation: ${Math.round((performance.now() - started) / 1000)} s`);

  const groups: FitGroup[] = [...sources.flatMap((s) => fitGroupsOf(s)), { name: 'seed', languages: [], examples: seed, constrains: false }];
  const fit = fitRuleWeights(groups, { lexicon: options.lexicon, base, models });
  const created = (options.now ?? new Date()).toISOString();
  const file = JSON.parse(await readFile(weightsPath, 'utf8')) as WeightsFile;
  const record = {
    method:
      'L2-regularised logistic regression over reason strengths (src/evaluation/fit-weights.ts): each weight pulled towards its hand-set value with strength λ, spam rules ≥ 0, every source and both classes weighing the same; the classifier strength of each comment from a model trained without its source; λ chosen leave-one-source-out; the prior then set for the operating point',
    created,
    lambda: fit.lambda,
    lambdaSelection: fit.selection,
    operatingPoint: OPERATING_POINT,
    priorShift: fit.priorShift,
    groups: fit.groups,
    evaluation: { method: 'cross-source: each source held out, weights fitted and classifier trained on the others + seed', targets: TARGETS, sources: figures, youtubeByVideo: videos },
  };
  await writeFile(weightsPath, `${JSON.stringify({ ...file, fit: record, fitted: fit.fitted }, null, 2)}\n`);
  log(`wrote ${weightsPath}: ${Object.keys(fit.fitted).length} weights fitted, λ ${fit.lambda}, prior ${fit.fitted.prior}`);

  const training = groups.flatMap((g) => g.examples);
  const model = models.get(groups);
  const buf = serializeModel(model, {
    created,
    tokenizerVersion: TOKENIZER_VERSION,
    featuresVersion: FEATURES_VERSION,
    trainingSet: { size: training.length, sha256: hashExamples(training), sources: groups.map((g) => g.name) },
    metrics: { evaluation: record.evaluation.method, sources: figures, youtubeByVideo: videos },
  });
  await writeFile(modelPath, buf);
  log(`wrote ${modelPath}: ${buf.length} bytes, ${model.size} tokens (${readModelHeader(buf).trainingSet.size} comments)`);
  return { sources: figures };
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;
const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;
