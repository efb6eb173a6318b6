/**
 * Importing labelled examples into the corpus (operator API and `sluice train import`): each is stored with its
 * source, label and time; examples for a site also update that site's live model through the training queue.
 */
import type { LabelledExample } from '../classifier/dataset.js';
import type { Queues } from '../queue/queues.js';
import type { Store } from '../store/index.js';

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
  options: { site: string | undefined; by: string; at: Date },
): Promise<ImportOutcome> {
  let imported = 0;
  let unchanged = 0;
  let learnJobs = 0;
  const site = options.site ?? GLOBAL_CORPUS_SITE;
  for (const e of examples) {
    const text = { content: e.content, contentType: e.contentType, author: e.author };
    const { changed, previous } = await deps.store.corpus.label({
      site,
      id: e.id,
      label: e.label,
      source: 'import',
      by: options.by,
      at: options.at.toISOString(),
      ...text,
    });
    if (!changed) {
      unchanged++;
      continue;
    }
    imported++;
    if (options.site) {
      const forget = previous && { label: previous.label, content: previous.content, contentType: previous.contentType, author: previous.author };
      await deps.queues.enqueueTraining({ kind: 'learn', site, id: e.id, learn: { label: e.label, ...text }, ...(forget ? { forget } : {}) });
      learnJobs++;
    }
  }
  return { imported, unchanged, learnJobs };
}
