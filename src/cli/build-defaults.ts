/** `sluice build-defaults`: refits the reasons' weights and retrains the default model (src/evaluation/build-defaults.ts). */
import { findSharedData } from '../classifier/dataset.js';
import type { Config } from '../platform/config.js';
import { buildDefaults } from '../evaluation/build-defaults.js';
import { loadLexicon } from '../scoring/lexicon-files.js';
import { UsageError } from './io.js';

export async function buildDefaultsCommand(config: Config): Promise<number> {
  const dataDir = findSharedData();
  if (!dataDir) throw new UsageError('build-defaults reads ../shared/data beside the project, which is absent');
  await buildDefaults({ dataDir, lexicon: loadLexicon(), thresholds: config.thresholds, log: (line) => process.stderr.write(`${line}\n`) });
  return 0;
}
