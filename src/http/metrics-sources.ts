/**
 * Where the API process's state gauges read from (src/platform/metrics.ts's ScrapeSources): BullMQ's job counts of each
 * queue, the held comments of each site, the model registry, and a PING. Every read is bounded by a short timeout, so
 * a scrape while Redis is away answers quickly with `sluice_redis_up 0` rather than hanging.
 */
import type { Redis } from 'ioredis';
import type { DeliveryState, ScrapeSources } from '../platform/metrics.js';
import type { Queues } from '../queue/queues.js';
import type { Store } from '../store/index.js';

/** How long a scrape waits for Redis, per read. */
export const SCRAPE_TIMEOUT_MS = 1_000;

function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The sources over the API's queues, store and command connection; `bundledModel` names the model used before any promotion. */
export function scrapeSources(deps: { readonly queues: Queues; readonly store: Store; readonly redis: Redis; readonly bundledModel: string }, timeoutMs = SCRAPE_TIMEOUT_MS): ScrapeSources {
  const { queues, store, redis } = deps;
  const pendingStates = ['waiting', 'active', 'delayed', 'prioritized'] as const;
  return {
    async queueDepths() {
      const all = [queues.comments, queues.training, queues.deliveries];
      const counts = await within(timeoutMs, Promise.all(all.map((q) => q.getJobCounts(...pendingStates))));
      return Object.fromEntries(all.map((q, i) => [q.name, Object.values(counts[i]!).reduce((a, b) => a + b, 0)]));
    },
    async deliveries() {
      const c = await within(timeoutMs, queues.deliveries.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed'));
      return { waiting: (c['waiting'] ?? 0) + (c['prioritized'] ?? 0), delayed: c['delayed'] ?? 0, active: c['active'] ?? 0, failed: c['failed'] ?? 0 } satisfies Record<DeliveryState, number>;
    },
    async heldBySite() {
      const sites = await within(timeoutMs, store.sites.list());
      const held = await within(timeoutMs, Promise.all(sites.map((s) => store.index.counts([s.id]))));
      return Object.fromEntries(sites.map((s, i) => [s.id, held[i]!.held]));
    },
    async modelVersion() {
      return (await within(timeoutMs, store.models.activeVersion())) ?? deps.bundledModel;
    },
    async redisUp() {
      return (await within(timeoutMs, redis.ping()).catch(() => undefined)) === 'PONG';
    },
  };
}
