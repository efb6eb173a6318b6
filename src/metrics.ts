/** Prometheus metrics. One registry per process, created by the entry point and passed to what records into it. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly jobs: Counter<'queue' | 'outcome'>;
  readonly verdicts: Counter<'verdict'>;
  /** Seconds from receipt to stored verdict. */
  readonly verdictLatency: Histogram;
  /** Set the function that reports queue depth at scrape time (the API knows the queues). */
  setDepthSource(source: () => Promise<number>): void;
}

/** Creates a registry with Sluice's metrics and Node's defaults. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sluice_' });
  let depthSource: (() => Promise<number>) | undefined;
  new Gauge({
    name: 'sluice_queue_depth',
    help: 'Comments waiting, active or delayed in the scoring queue.',
    registers: [registry],
    async collect() {
      if (depthSource) this.set(await depthSource().catch(() => -1));
    },
  });
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
      help: 'Jobs processed, by queue and outcome (completed, failed, stale).',
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
    setDepthSource(source) {
      depthSource = source;
    },
  };
}
