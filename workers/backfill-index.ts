/**
 * The comment index's start-up backfill: comments stored before the index existed (an upgrade), or under an older
 * filing (INDEX_VERSION), are filed once, in the background, by one worker at a time (a lock renewed per batch).
 * Until it ends those comments are missing from the views; new ones are filed as they are written. A worker that
 * stops mid-way leaves the mark unset, so the next start resumes (filing is idempotent).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../src/platform/logger.js';
import { reindexComments } from '../src/use-cases/reindex.js';
import { INDEX_VERSION } from '../src/store/comment-index.js';
import type { Store } from '../src/store/index.js';

/** How long the lock outlives the last batch: a dead holder delays another worker's backfill by this much. */
const LOCK_MS = 60_000;

/** A running backfill; `close()` stops it between batches and waits. */
export interface IndexBackfill {
  /** Settles when the backfill ended, was not needed, or was left to another worker. */
  readonly done: Promise<void>;
  close(): Promise<void>;
}

export function startIndexBackfill(deps: { readonly store: Store; readonly logger: Logger }): IndexBackfill {
  const { store, logger } = deps;
  const owner = randomUUID();
  let stopping = false;
  const run = async (): Promise<void> => {
    if ((await store.index.backfilled(INDEX_VERSION)) || !(await store.index.lockBackfill(owner, LOCK_MS))) return;
    logger.info({ version: INDEX_VERSION }, 'comment index: filing stored comments in the views and search index');
    const result = await reindexComments(store, undefined, async () => !stopping && (await store.index.renewBackfill(owner, LOCK_MS)));
    if (result.finished) {
      await store.index.markBackfilled(INDEX_VERSION);
      logger.info(result, 'comment index: every stored comment filed');
    }
  };
  const done = run().catch((err: unknown) => {
    logger.warn({ err: { message: (err as Error).message } }, 'comment index backfill failed; the next start resumes it');
  });
  return {
    done,
    close: async () => {
      stopping = true;
      await done;
    },
  };
}
