/**
 * The published-ham sweeper of a worker process: every LEARN_PUBLISHED_INTERVAL_MS (and once at start) it learns, for
 * each site, the comments published and unreported for LEARN_PUBLISHED_AFTER_HOURS (src/use-cases/learn-published.ts). A lock
 * in Redis lets one worker of many sweep at a time; off when LEARN_PUBLISHED_AFTER_HOURS is 0.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../src/platform/config.js';
import type { Logger } from '../src/platform/logger.js';
import type { Queues } from '../src/queue/queues.js';
import type { Store } from '../src/store/index.js';
import { sweepPublished, type PublishedSweepResult } from '../src/use-cases/learn-published.js';

/** What the sweeper needs. */
export interface PublishedDeps {
  readonly config: Pick<Config, 'learnPublished' | 'modelMinPerClass'>;
  readonly store: Store;
  readonly queues: Pick<Queues, 'enqueueTraining'>;
  readonly logger: Logger;
  readonly now: () => Date;
}

/** A running sweeper. `close()` stops the timer and waits for a sweep in progress. */
export interface PublishedSweeper {
  /** Runs one sweep now (under the lock); undefined when another worker holds the lock (or learning is off). */
  sweep(): Promise<PublishedSweepResult | undefined>;
  close(): Promise<void>;
}

/** Starts sweeping at once and then every `config.learnPublished.intervalMs`; does nothing when it is off. */
export function startPublishedSweeper(deps: PublishedDeps): PublishedSweeper {
  const { afterHours, intervalMs } = deps.config.learnPublished;
  if (afterHours <= 0) return { sweep: async () => undefined, close: async () => undefined };
  const owner = randomUUID();
  let running: Promise<PublishedSweepResult | undefined> = Promise.resolve(undefined);
  const sweep = async (): Promise<PublishedSweepResult | undefined> => {
    // The lock outlives a normal sweep but not the next interval, so a dead holder delays one sweep at most.
    if (!(await deps.store.published.lock(owner, intervalMs))) return undefined;
    try {
      const result = await sweepPublished(deps, deps.now());
      if (result.learned || result.expired) deps.logger.info(result, 'published ham: unreported comments learned for their sites');
      return result;
    } finally {
      await deps.store.published.unlock(owner);
    }
  };
  const tick = (): void => {
    running = running.then(sweep).catch((err: unknown) => {
      deps.logger.warn({ err: { message: (err as Error).message } }, 'published-ham sweep failed; the next one retries');
      return undefined;
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    sweep: () => (running = running.then(sweep)),
    async close() {
      clearInterval(timer);
      await running.catch(() => undefined);
    },
  };
}
