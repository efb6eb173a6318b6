/**
 * How workers hold their jobs, and how a job whose worker died is recovered. A worker renews its lock on each job in
 * flight; a job whose lock lapses (the process was killed, or froze) is found by the stalled check of any live worker
 * and put back in the queue. Scoring and deliveries are idempotent, so running a recovered job again is safe.
 */
import type { WorkerOptions } from 'bullmq';
import type { Config } from '../platform/config.js';

/**
 * Stalls tolerated before BullMQ fails a job for good. Kept above the scoring worker's own limit (see
 * src/moderation/unscorable.ts), which holds a comment that keeps crashing its workers instead of failing it.
 */
export const MAX_STALLED_COUNT = 10;

/** The lock and stalled-check options of every worker. */
export function stalledOptions(config: Pick<Config, 'stalled'>): Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'> {
  return { lockDuration: config.stalled.lockDurationMs, stalledInterval: config.stalled.intervalMs, maxStalledCount: MAX_STALLED_COUNT };
}
