/**
 * The `training` queue processor, one job at a time per process:
 * - `learn`: a site's live model forgets what a labelling replaced and learns the new label (compare-and-set, retried);
 * - `retrain`: a candidate from the bundled model plus the global training set (src/use-cases/global-corpus.ts: staff
 *   labels, trusted sites' labels, each site capped), evaluated through the full pipeline against the active model on
 *   the newest slice of each source group and on the frozen evaluation set (src/use-cases/frozen-set.ts), then promoted
 *   or kept as rejected, with the figures and the reason.
 */
import { createHash } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { LabelledExample } from '../src/classifier/dataset.js';
import { FEATURES_VERSION, featuresOfComment } from '../src/classifier/features.js';
import { serializeModel } from '../src/classifier/format.js';
import { loadModelBytes, type LoadedModel } from '../src/classifier/model-file.js';
import { CountModel } from '../src/classifier/model.js';
import { decidePromotion } from '../src/evaluation/promotion.js';
import { hashExamples, trainModel } from '../src/classifier/train.js';
import type { Config } from '../src/platform/config.js';
import { scoreThroughPipeline, verdictFigures } from '../src/evaluation/pipeline.js';
import type { Logger } from '../src/platform/logger.js';
import type { Metrics } from '../src/platform/metrics.js';
import { QUEUE_NAMES, bullPrefix, type LabelledText, type TrainingJob } from '../src/queue/queues.js';
import type { Lexicon } from '../src/scoring/lexicon.js';
import { TOKENIZER_VERSION } from '../src/scoring/tokenize.js';
import { siteSettings } from '../src/use-cases/site-settings.js';
import type { CorpusExample } from '../src/store/corpus.js';
import type { Store } from '../src/store/index.js';
import type { ModelRecord } from '../src/store/models.js';
import { globalCorpus, sourceGroup, splitBySource } from '../src/use-cases/global-corpus.js';
import { compareOnFrozen, loadFrozenSet } from '../src/use-cases/frozen-set.js';

export interface TrainModelDeps {
  readonly config: Config;
  readonly store: Store;
  readonly lexicon: Lexicon;
  /** The bundled model file's bytes: the base of every candidate, and the active model until one is promoted. */
  readonly bundled: Buffer;
  /** Its name (the file name without `.model`), which makes its version as the workers report it. */
  readonly bundledName: string;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly now: () => Date;
}

/** What a retrain job returns (also stored in the candidate's record). */
export interface RetrainOutcome {
  readonly version: string;
  readonly promoted: boolean;
  readonly reason: string;
}

const featuresOf = (t: LabelledText): string[] => featuresOfComment(t);

/** Applies one labelling to a site's live model. */
export async function learnForSite(deps: TrainModelDeps, job: Extract<TrainingJob, { kind: 'learn' }>): Promise<number> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const { revision, bytes } = await deps.store.models.siteModel(job.site);
    const model = bytes ? loadModelBytes(bytes, job.site).model : new CountModel({ minPerClass: deps.config.modelMinPerClass });
    if (job.forget) model.unlearn(featuresOf(job.forget), job.forget.label);
    if (job.learn) model.learn(featuresOf(job.learn), job.learn.label);
    const docs = model.documents;
    const out = serializeModel(model, {
      created: deps.now().toISOString(),
      tokenizerVersion: TOKENIZER_VERSION,
      featuresVersion: FEATURES_VERSION,
      trainingSet: { size: docs.spam + docs.ham, sha256: '' },
      metrics: {},
    });
    if (await deps.store.models.saveSiteModel(job.site, revision, out)) return revision + 1;
  }
  throw new Error(`site model of ${job.site} kept changing under the training worker`);
}

const asExample = (e: CorpusExample): LabelledExample => ({
  id: e.id,
  content: e.content,
  contentType: e.contentType,
  author: e.author,
  label: e.label,
  source: e.site,
});

/** Builds, evaluates and (maybe) promotes a candidate model. */
export async function retrain(deps: TrainModelDeps, requestedBy: string): Promise<RetrainOutcome> {
  const { config, store } = deps;
  const corpus: CorpusExample[] = [];
  for await (const e of store.corpus.all()) corpus.push(e);
  const base = loadModelBytes(deps.bundled, deps.bundledName);
  const trusted = new Set((await store.sites.list()).filter((s) => s.trusted).map((s) => s.id));
  const baseDocs = base.model.documents;
  const global = globalCorpus(corpus, { trusted, siteShare: config.retrainSiteShare, baseDocuments: baseDocs.spam + baseDocs.ham });
  const split = splitBySource(global.examples, sourceGroup, config.retrainHoldoutFraction);
  const train = split.train.map(asExample);
  const heldOut = split.heldOut.map(asExample);

  const candidate = withBase(trainModel(train, { model: base.model.options, prune: false, dedupe: true }), base.model);

  const active = await activeModel(deps, base);
  const settings = siteSettings(undefined, config);
  const scoring = (model: CountModel) => ({ lexicon: deps.lexicon, model, settings });
  const candidateFigures = verdictFigures(scoreThroughPipeline(heldOut, scoring(candidate)));
  const activeFigures = verdictFigures(scoreThroughPipeline(heldOut, scoring(active.model)));
  const frozenSet = loadFrozenSet();
  const verdictsOn = (model: CountModel) => scoreThroughPipeline(frozenSet.examples, scoring(model)).map((o) => o.result.verdict);
  const frozen = compareOnFrozen(frozenSet, verdictsOn(candidate), verdictsOn(active.model), config.retrainMaxFrozenChanges);
  const onHeldOut = decidePromotion(candidateFigures, activeFigures, {
    f1Margin: config.retrainF1Margin,
    minHeldOutPerClass: config.retrainMinHeldOutPerClass,
  });
  const decision = onHeldOut.promote && !frozen.pass ? { promote: false, reason: frozen.reason } : onHeldOut;

  const now = deps.now();
  const trainingSet = { size: train.length, sha256: hashExamples(train) };
  const evaluation = {
    heldOut: heldOut.length,
    candidate: candidateFigures,
    active: { version: active.version, ...activeFigures },
    frozen,
    corpus: { used: global.examples.length, left: global.left, siteCap: global.siteCap, trustedSites: trusted.size },
  };
  const bytes = serializeModel(candidate, {
    created: now.toISOString(),
    tokenizerVersion: TOKENIZER_VERSION,
    featuresVersion: FEATURES_VERSION,
    trainingSet,
    metrics: evaluation,
  });
  const version = `m${now.toISOString().replace(/[-:TZ.]/g, '').slice(0, 14)}-${createHash('sha256').update(bytes).digest('hex').slice(0, 8)}`;
  const record: ModelRecord = {
    version,
    state: decision.promote ? 'candidate' : 'rejected',
    created: now.toISOString(),
    trainingSet,
    evaluation,
    reason: decision.reason,
  };
  await store.models.add(record, bytes);
  if (decision.promote) await store.models.activate(version, `retrain by ${requestedBy}`, now);
  return { version, promoted: decision.promote, reason: decision.reason };
}

/**
 * The active model. The first time, the bundled model is registered (and activated) under its own version, so that
 * operators can roll back to it like to any other.
 */
async function activeModel(deps: TrainModelDeps, base: LoadedModel): Promise<LoadedModel> {
  const { models } = deps.store;
  const version = await models.activeVersion();
  const bytes = version ? await models.bytes(version) : undefined;
  if (version && bytes) return loadModelBytes(bytes, version, version);
  const now = deps.now();
  const header = base.header;
  await models.add(
    { version: base.version, state: 'candidate', created: header.created, trainingSet: { size: header.trainingSet.size, sha256: header.trainingSet.sha256 }, reason: 'the bundled model' },
    deps.bundled,
  );
  await models.activate(base.version, 'bundled model, registered at the first retrain', now);
  return base;
}

/** A model with the counts of both (the candidate keeps what the bundled model knew). */
function withBase(model: CountModel, base: CountModel): CountModel {
  const docs = model.documents;
  const baseDocs = base.documents;
  const merged = new Map<string, { spam: number; ham: number; lastSeen: number }>();
  for (const t of base.entries()) merged.set(t.token, { spam: t.spam, ham: t.ham, lastSeen: 0 });
  for (const t of model.entries()) {
    const m = merged.get(t.token);
    merged.set(t.token, { spam: t.spam + (m?.spam ?? 0), ham: t.ham + (m?.ham ?? 0), lastSeen: t.lastSeen });
  }
  const out = new CountModel(model.options);
  out.load(
    { spam: docs.spam + baseDocs.spam, ham: docs.ham + baseDocs.ham },
    model.learnedCount + base.learnedCount,
    [...merged].map(([token, c]) => ({ token, ...c })),
  );
  return out;
}

/** Starts the training worker (concurrency 1: learn jobs of one site apply in order). */
export function startTrainModelWorker(deps: TrainModelDeps, connection: Redis): Worker<TrainingJob> {
  const worker = new Worker<TrainingJob, unknown>(
    QUEUE_NAMES.training,
    async (job: Job<TrainingJob>) => {
      const log = deps.logger.child({ jobId: job.id, kind: job.data.kind, attempt: job.attemptsMade + 1 });
      if (job.data.kind === 'learn') {
        const revision = await learnForSite(deps, job.data);
        log.info({ site: job.data.site, revision }, 'site model learned');
        return { revision };
      }
      const outcome = await retrain(deps, job.data.requestedBy);
      log.info(outcome, outcome.promoted ? 'candidate promoted' : 'candidate rejected');
      return outcome;
    },
    { connection, prefix: bullPrefix(deps.config.redisPrefix), concurrency: 1 },
  );
  worker.on('completed', () => deps.metrics.jobs.inc({ queue: QUEUE_NAMES.training, outcome: 'completed' }));
  worker.on('failed', (job, err) => {
    deps.metrics.jobs.inc({ queue: QUEUE_NAMES.training, outcome: 'failed' });
    deps.logger.warn({ err, jobId: job?.id }, 'training job failed');
  });
  worker.on('error', (err) => deps.logger.error({ err }, 'training worker error'));
  return worker;
}
