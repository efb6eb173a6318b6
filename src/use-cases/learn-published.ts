/**
 * Published ham: a comment the machine found ham, that was published and that nobody reported or labelled for
 * LEARN_PUBLISHED_AFTER_HOURS, is learned as ham for its site (source `published`). This is what gives a site whose
 * moderators only ever reject (the usual case: approvals are rare, since ham is published without them) a second
 * class, so its live model can score at all instead of leaving the global model alone.
 *
 * - Never over a human: only a comment with no label at all is labelled (atomically, in the corpus script), and a
 *   later decision replaces the published label like any relabelling (the model forgets it first).
 * - Never a reported comment: a report puts it back in the queue (verdict `review`) and so out of the candidates; the
 *   comment is read again at learn time and must still be the machine's `ham`, without a `reported` reason.
 * - Balanced: a site's published-ham labels stay at most max(its spam labels, MODEL_MIN_PER_CLASS), so a busy site
 *   with a few rejections does not drown them in easy ham. Comments beyond that wait in the index, oldest first,
 *   for more spam to be rejected; after KEEP_DAYS they are dropped unlearned.
 * - Bounded: at most MAX_PER_SWEEP comments are examined per sweep; the rest wait for the next.
 */
import type { Config } from '../platform/config.js';
import type { Queues } from '../queue/queues.js';
import type { Store } from '../store/index.js';
import type { Verdict } from '../domain/verdict.js';
import { exampleText, recordLabel } from './label.js';

/** How long a due comment may wait for room under the balance before it is dropped from the index. */
export const PUBLISHED_KEEP_DAYS = 30;
/** Comments examined per sweep, all sites together. */
export const MAX_PER_SWEEP = 500;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What one sweep did. */
export interface PublishedSweepResult {
  /** Comments learned as ham. */
  readonly learned: number;
  /** Due comments dropped without learning (reported, decided, labelled, edited into non-ham, gone, test). */
  readonly skipped: number;
  /** Comments dropped because they waited more than PUBLISHED_KEEP_DAYS for room under the balance. */
  readonly expired: number;
  /** Sites with due comments left waiting because their published ham is at the balance cap. */
  readonly capped: number;
}

/** The most published-ham labels a site may hold: as many as its spam labels, or `minPerClass` if more. */
export function publishedHamCap(spamLabels: number, minPerClass: number): number {
  return Math.max(spamLabels, minPerClass);
}

/** Why a due comment cannot be learned as published ham, or undefined when it can. */
export function notLearnable(record: { status: string; verdict?: Pick<Verdict, 'verdict' | 'reasons'>; comment: { test?: boolean } } | undefined): string | undefined {
  if (!record) return 'gone';
  if (record.comment.test) return 'test';
  if (record.status !== 'scored' || !record.verdict) return 'not-scored';
  if (record.verdict.verdict !== 'ham') return 'not-ham';
  if (record.verdict.reasons.some((r) => r.code === 'reported')) return 'reported';
  return undefined;
}

/**
 * Learns every site's due published ham (indexed more than `afterHours` before `now`) within the balance cap and the
 * per-sweep bound. Idempotent; meant to run under the sweep lock (two at once could pass the cap by a batch).
 */
export async function sweepPublished(
  deps: { store: Store; queues: Pick<Queues, 'enqueueTraining'>; config: Pick<Config, 'learnPublished' | 'modelMinPerClass'> },
  now: Date,
  maxPerSweep = MAX_PER_SWEEP,
): Promise<PublishedSweepResult> {
  const { store, config } = deps;
  let learned = 0;
  let skipped = 0;
  let expired = 0;
  let capped = 0;
  const hours = config.learnPublished.afterHours;
  if (hours <= 0) return { learned, skipped, expired, capped };
  const cutoff = now.getTime() - hours * HOUR;
  let budget = maxPerSweep;
  for (const site of await store.published.sites()) {
    if (budget <= 0) break;
    expired += await store.published.trim(site, cutoff - PUBLISHED_KEEP_DAYS * DAY);
    const counts = await store.corpus.counts(site);
    const room = publishedHamCap(counts.spam, config.modelMinPerClass) - (counts.bySource['published:ham'] ?? 0);
    if (room <= 0) {
      if ((await store.published.due(site, cutoff, 1)).length > 0) capped++;
      continue;
    }
    const due = await store.published.due(site, cutoff, Math.min(room, budget));
    budget -= due.length;
    for (const entry of due) {
      const record = await store.comments.get(site, entry.id);
      const why = notLearnable(record);
      if (why === undefined && record) {
        const changed = await recordLabel(deps, {
          site,
          id: entry.id,
          label: 'ham',
          source: 'published',
          by: `published, unreported for ${hours} h`,
          at: now,
          text: exampleText(record.comment),
          onlyIfUnlabelled: true,
        });
        if (changed) learned++;
        else skipped++;
      } else skipped++;
      await store.published.drop(site, entry);
    }
  }
  return { learned, skipped, expired, capped };
}
