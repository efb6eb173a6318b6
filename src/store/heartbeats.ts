/**
 * Worker heartbeats: each scoring worker process records, every few seconds, that it runs and reaches Redis, under its
 * host name and pid. `sluice health --worker` (a container's healthcheck) reads whether a worker of its own host beat
 * recently; a worker that stops cleanly removes its entry, and entries older than an hour are dropped.
 */
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

/** Entries silent for longer than this are removed by the next heartbeat of any worker. */
const FORGET_AFTER_MS = 3_600_000;

/** One worker process. */
export interface WorkerIdentity {
  readonly host: string;
  readonly pid: number;
}

/** A worker's last heartbeat. */
export interface Heartbeat extends WorkerIdentity {
  readonly at: number;
}

const member = (w: WorkerIdentity): string => `${w.host}\n${w.pid}`;

export class HeartbeatStore {
  constructor(
    private readonly redis: Redis,
    private readonly k: Keys,
  ) {}

  /** Records that `worker` is alive at `nowMs`. */
  async beat(worker: WorkerIdentity, nowMs: number): Promise<void> {
    await this.redis
      .multi()
      .zadd(this.k.workerHeartbeats(), nowMs, member(worker))
      .zremrangebyscore(this.k.workerHeartbeats(), '-inf', nowMs - FORGET_AFTER_MS)
      .exec();
  }

  /** Removes `worker`'s entry (it stopped). */
  async forget(worker: WorkerIdentity): Promise<void> {
    await this.redis.zrem(this.k.workerHeartbeats(), member(worker));
  }

  /** The workers of `host` that beat at or after `sinceMs`, newest first. */
  async recent(host: string, sinceMs: number): Promise<Heartbeat[]> {
    const flat = await this.redis.zrevrangebyscore(this.k.workerHeartbeats(), '+inf', sinceMs, 'WITHSCORES');
    const beats: Heartbeat[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const [h, pid] = flat[i]!.split('\n') as [string, string];
      if (h === host) beats.push({ host: h, pid: Number(pid), at: Number(flat[i + 1]) });
    }
    return beats;
  }
}
