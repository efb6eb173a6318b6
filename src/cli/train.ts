/**
 * `sluice train --data FILE… --out FILE`: trains a model file offline from YouTube CSV, JSON lines or SMS files.
 * `sluice train import FILE… [--site S]`: stores labelled examples in the corpus in Redis (the next retrain uses them;
 * with --site, that site's live model learns them at once).
 */
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { loadExamples, type LabelledExample } from '../classifier/dataset.js';
import { FEATURES_VERSION } from '../classifier/features.js';
import { serializeModel } from '../classifier/format.js';
import { hashExamples, trainModel } from '../classifier/train.js';
import type { Config } from '../platform/config.js';
import { silentLogger } from '../platform/logger.js';
import { createQueues } from '../queue/queues.js';
import { TOKENIZER_VERSION } from '../scoring/tokenize.js';
import { importExamples } from '../use-cases/import-examples.js';
import { withStore } from './admin.js';
import { printJson, UsageError } from './io.js';
import { startProgress, type Progress } from './progress.js';

/** Reads every file in turn, counting what was read on `progress`. */
export async function loadAll(files: readonly string[], progress?: Progress): Promise<LabelledExample[]> {
  if (files.length === 0) throw new UsageError('give at least one --data FILE (YouTube CSV, JSON lines or SMS collection)');
  const all: LabelledExample[] = [];
  for (const f of files) {
    progress?.step(`reading ${basename(f)}`);
    const examples = await loadExamples(f);
    all.push(...examples);
    progress?.add(examples.length);
  }
  return all;
}

/** `sluice train --data FILE… --out FILE [--min-per-class N]`. */
export async function trainCommand(config: Config, args: { data: readonly string[]; out: string | undefined }): Promise<number> {
  if (!args.out) throw new UsageError('train --data FILE… --out FILE');
  const started = Date.now();
  const progress = startProgress('sluice train', 'examples');
  const examples = await loadAll(args.data, progress);
  progress.step('training');
  const model = trainModel(examples, { model: { minPerClass: config.modelMinPerClass } });
  const bytes = serializeModel(model, {
    created: new Date().toISOString(),
    tokenizerVersion: TOKENIZER_VERSION,
    featuresVersion: FEATURES_VERSION,
    trainingSet: { size: examples.length, sha256: hashExamples(examples), sources: args.data.map((f) => basename(f)) },
    metrics: {},
  });
  await writeFile(args.out, bytes);
  progress.done(`from ${args.data.length} file${args.data.length === 1 ? '' : 's'}`);
  const docs = model.documents;
  await printJson({ out: args.out, examples: examples.length, spam: docs.spam, ham: docs.ham, tokens: model.size, bytes: bytes.length, ms: Date.now() - started });
  return 0;
}

/** `sluice train import FILE… [--site S]`. */
export async function trainImportCommand(config: Config, args: { files: readonly string[]; site: string | undefined }): Promise<number> {
  if (args.files.length === 0) throw new UsageError('give at least one FILE to import (YouTube CSV, JSON lines or SMS collection)');
  return withStore(config, async (store, redis) => {
    const examples = await loadAll(args.files);
    if (args.site && !(await store.sites.get(args.site))) throw new UsageError(`No site "${args.site}".`);
    const queues = createQueues(redis, config.redisPrefix, config.jobAttempts, silentLogger());
    try {
      const progress = startProgress('sluice import', 'examples');
      const outcome = await importExamples({ store, queues }, examples, { site: args.site, by: 'cli import', at: new Date(), onProgress: () => progress.add(1) });
      progress.done();
      await printJson(outcome);
      return 0;
    } finally {
      await queues.close();
    }
  });
}
