/**
 * The retention sweeper of a worker process: every RETENTION_INTERVAL_MS (and once at start) it pseudonymises the
 * author data of comments past the retention period. A lock in Redis lets one worker of many sweep at a time; the
 * sweep is idempotent, so a lock that lapses mid-sweep costs only repeated work.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../src/platform/config.js';
import type { Logger } from '../src/platform/logger.js';
import { sweepRetention, type SweepResult } from '../src/use-cases/sweep-retention.js';
import type { Store } from '../src/store/index.js';

/** What the sweeper needs. */
export interface RetentionDeps {
  readonly config: Pick<Config, 'retention'>;
  readonly store: Store;
  readonly logger: Logger;
  readonly now: () => Date;
}

/** A running sweeper. `close()` stops the timer and waits for a sweep in progress. */
export interface RetentionSweeper {
  /** Runs one sweep now (under the lock); undefined when another worker holds the lock. */
  sweep(): Promise<SweepResult | undefined>;
  close(): Promise<void>;
}

/** Starts sweeping at once and then every `config.retention.intervalMs`. */
export function startRetentionSweeper(deps: RetentionDeps): RetentionSweeper {
  const owner = randomUUID();
  let running: Promise<SweepResult | undefined> = Promise.resolve(undefined);
  const sweep = async (): Promise<SweepResult | undefined> => {
    // The lock outlives a normal sweep but not the next interval, so a dead holder delays one sweep at most.
    if (!(await deps.store.retention.lock(owner, deps.config.retention.intervalMs))) return undefined;
    try {
      const result = await sweepRetention(deps.store, deps.config, deps.now());
      if (result.forgotten || result.reputation) deps.logger.info(result, 'retention: old authors’ IPs and emails pseudonymised');
      return result;
    } finally {
      await deps.store.retention.unlock(owner);
    }
  };
  const tick = (): void => {
    running = running.then(sweep).catch((err: unknown) => {
      deps.logger.warn({ err: { message: (err as Error).message } }, 'retention sweep failed; the next one retries');
      return undefined;
    });
  };
  const timer = setInterval(tick, deps.config.retention.intervalMs);
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
