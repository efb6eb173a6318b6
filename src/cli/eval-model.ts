/**
 * `sluice eval --model FILE --data FILE… [--threshold T] [--report FILE.html]`: the classifier alone on labelled data.
 * Prints JSON: precision, recall, F1, false-positive rate, MCC, the confusion matrix and a threshold sweep.
 */
import { writeFile } from 'node:fs/promises';
import { evaluatePairs } from '../classifier/metrics.js';
import { loadModelFile } from '../classifier/model-file.js';
import { renderReport } from '../classifier/report.js';
import { scoreExamples } from '../classifier/train.js';
import { printJson, UsageError } from './io.js';
import { startProgress } from './progress.js';
import { loadAll } from './train.js';

export interface EvalModelArgs {
  readonly model: string;
  readonly data: readonly string[];
  readonly threshold: number;
  readonly report: string | undefined;
}

export async function evalModelCommand(args: EvalModelArgs): Promise<number> {
  if (args.data.length === 0) throw new UsageError('eval --model FILE --data FILE… [--report FILE.html]');
  const loaded = loadModelFile(args.model);
  const progress = startProgress('sluice eval', 'examples');
  const examples = await loadAll(args.data, progress);
  progress.step('scoring');
  const scored = scoreExamples(loaded.model, examples);
  progress.done(`scored from ${args.data.length} file${args.data.length === 1 ? '' : 's'}`);
  const report = evaluatePairs(scored, args.threshold);
  if (args.report) await writeFile(args.report, renderReport(`Evaluation of ${loaded.version}`, report, scored));
  const { prCurve: _curve, ...figures } = report;
  await printJson({ model: loaded.version, data: args.data, ...figures, ...(args.report ? { report: args.report } : {}) });
  return 0;
}
