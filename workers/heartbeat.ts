/**
 * A worker process's heartbeat: every HEARTBEAT_INTERVAL_MS, while its scoring worker runs, it records itself (host
 * name and pid) in Redis, so `sluice health --worker` can tell a container's healthcheck that this host's worker is
 * alive and reaches Redis. Stopping removes the entry at once.
 */
import { hostname } from 'node:os';
import type { Logger } from '../src/platform/logger.js';
import type { HeartbeatStore, WorkerIdentity } from '../src/store/heartbeats.js';

/** How often a worker beats; `sluice health --worker` allows six missed beats by default. */
export const HEARTBEAT_INTERVAL_MS = 5_000;

export interface HeartbeatDeps {
  readonly heartbeats: HeartbeatStore;
  /** True while the scoring worker takes jobs. */
  readonly isRunning: () => boolean;
  readonly logger: Logger;
}

/** A running heartbeat. `close()` stops it and removes the worker's entry. */
export interface RunningHeartbeat {
  readonly identity: WorkerIdentity;
  /** Settles once the first beat has been written (or has failed). */
  readonly first: Promise<void>;
  close(): Promise<void>;
}

/** Beats at once and then every {@link HEARTBEAT_INTERVAL_MS}. */
export function startHeartbeat(deps: HeartbeatDeps, intervalMs = HEARTBEAT_INTERVAL_MS): RunningHeartbeat {
  const identity: WorkerIdentity = { host: hostname(), pid: process.pid };
  let failing = false;
  const beat = async (): Promise<void> => {
    if (!deps.isRunning()) return;
    try {
      await deps.heartbeats.beat(identity, Date.now());
      failing = false;
    } catch (err) {
      // Redis is away: the missing beats are what the healthcheck reports; log the first failure only.
      if (!failing) deps.logger.warn({ err: { message: (err as Error).message } }, 'worker heartbeat failed');
      failing = true;
    }
  };
  const first = beat();
  let last = first;
  const timer = setInterval(() => (last = beat()), intervalMs);
  timer.unref();
  return {
    identity,
    first,
    async close() {
      clearInterval(timer);
      await last;
      await deps.heartbeats.forget(identity).catch(() => undefined);
    },
  };
}
