/**
 * Prometheus metrics. One registry per process, created by the entry point and passed to what records into it. The
 * gauges of the installation's state (queues, held comments, model, Redis) are read at scrape time from the sources
 * the API process sets ({@link ScrapeSources}); a process without them (a worker alone) reports its counters only.
 *
 * Cardinality: `sluice_held_comments` has one series per site (fine for tens, even hundreds of sites; a site is
 * created by an operator, never by a request); `sluice_model_info` one per active version (one at a time);
 * `sluice_queue_depth` and `sluice_deliveries` a fixed few.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The BullMQ states a delivery can be in, as `sluice_deliveries{state}` reports them. */
export const DELIVERY_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** What the state gauges read at scrape time. Each may fail: its gauge is then left out of that scrape (Redis-up says why). */
export interface ScrapeSources {
  /** Per BullMQ queue name, its jobs waiting, active or delayed (prioritized included). */
  queueDepths(): Promise<Readonly<Record<string, number>>>;
  /** The deliveries queue's jobs per state. */
  deliveries(): Promise<Readonly<Record<DeliveryState, number>>>;
  /** Held comments (awaiting review) per site id. */
  heldBySite(): Promise<Readonly<Record<string, number>>>;
  /** The version of the active global model (the bundled model's name before the first promotion). */
  modelVersion(): Promise<string>;
  /** Whether Redis answers a PING (within a short timeout). */
  redisUp(): Promise<boolean>;
}

export interface Metrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly jobs: Counter<'queue' | 'outcome'>;
  readonly verdicts: Counter<'verdict'>;
  /** Seconds from receipt to stored verdict. */
  readonly verdictLatency: Histogram;
  /** Set what the state gauges read at scrape time (the API knows the queues and the store). */
  setSources(sources: ScrapeSources): void;
}

/** Sets a labelled gauge to exactly `values` (series of labels no longer present are dropped). */
function setAll(gauge: Gauge<string>, label: string, values: Readonly<Record<string, number>>): void {
  gauge.reset();
  for (const [value, n] of Object.entries(values)) gauge.set({ [label]: value }, n);
}

/** Creates a registry with Sluice's metrics and Node's defaults. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sluice_' });
  let sources: ScrapeSources | undefined;
  /** A gauge whose value(s) `read` sets from the sources at each scrape; dropped from the scrape when reading fails. */
  const stateGauge = (name: string, help: string, labelNames: string[], read: (gauge: Gauge<string>, s: ScrapeSources) => Promise<void>): Gauge<string> =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        if (!sources) return;
        await read(this, sources).catch(() => this.reset());
      },
    });
  stateGauge('sluice_queue_depth', 'Jobs waiting, active or delayed, per BullMQ queue (comments: scoring; training; deliveries: callbacks).', ['queue'], async (g, s) =>
    setAll(g, 'queue', await s.queueDepths()),
  );
  stateGauge('sluice_deliveries', 'Callbacks to CMSs per state: waiting, delayed (backing off before a retry), active, failed (every try used; replay them).', ['state'], async (g, s) =>
    setAll(g, 'state', await s.deliveries()),
  );
  stateGauge('sluice_held_comments', 'Comments held for review, per site id (one series per site).', ['site'], async (g, s) =>
    setAll(g, 'site', await s.heldBySite()),
  );
  stateGauge('sluice_model_info', 'The active global model: 1, with its version as a label.', ['version'], async (g, s) =>
    setAll(g, 'version', { [await s.modelVersion()]: 1 }),
  );
  stateGauge('sluice_redis_up', 'Whether Redis answered a PING at scrape time (1) or not within the timeout (0).', [], async (g, s) =>
    g.set((await s.redisUp().catch(() => false)) ? 1 : 0),
  );
  return {
    registry,
    httpDuration: new Histogram({
      name: 'sluice_http_request_duration_seconds',
      help: 'HTTP request latency by route.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'sluice_jobs_total',
      help: 'Jobs processed, by queue and outcome (completed, failed: for good, every try used; retried: a try that failed and will be retried; stale).',
      labelNames: ['queue', 'outcome'],
      registers: [registry],
    }),
    verdicts: new Counter({
      name: 'sluice_verdicts_total',
      help: 'Machine verdicts stored, by class.',
      labelNames: ['verdict'],
      registers: [registry],
    }),
    verdictLatency: new Histogram({
      name: 'sluice_verdict_latency_seconds',
      help: 'Time from receipt of a comment to its stored verdict.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    setSources(next) {
      sources = next;
    },
  };
}
