/**
 * Importing labelled examples into the corpus (operator API and `sluice train import`): each is stored with its
 * source, label and time; examples for a site also update that site's live model through the training queue.
 */
import type { LabelledExample } from '../classifier/dataset.js';
import type { Queues } from '../queue/queues.js';
import type { Store } from '../store/index.js';
import { exampleText, recordLabel } from './label.js';

/** The corpus site of examples that belong to no site: they feed the global model at the next retrain. */
export const GLOBAL_CORPUS_SITE = '*';

export interface ImportOutcome {
  readonly imported: number;
  readonly unchanged: number;
  /** Learn jobs queued for site models. */
  readonly learnJobs: number;
}

/** Stores examples in the corpus; `site` undefined means the global corpus. */
export async function importExamples(
  deps: { store: Store; queues: Pick<Queues, 'enqueueTraining'> },
  examples: readonly LabelledExample[],
  options: { site: string | undefined; by: string; at: Date; onProgress?: () => void },
): Promise<ImportOutcome> {
  let imported = 0;
  let unchanged = 0;
  let learnJobs = 0;
  const site = options.site ?? GLOBAL_CORPUS_SITE;
  for (const e of examples) {
    const changed = await recordLabel(
      deps,
      { site, id: e.id, label: e.label, source: 'import', by: options.by, at: options.at, text: exampleText(e) },
      options.site !== undefined, // the global corpus waits for the next retrain
    );
    if (!changed) unchanged++;
    else {
      imported++;
      if (options.site) learnJobs++;
    }
    options.onProgress?.();
  }
  return { imported, unchanged, learnJobs };
}
