/** Probes and metrics for orchestrators and Prometheus. */
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import type { Route } from '../route.js';

const readySchema = z.object({ ready: z.boolean(), redis: z.boolean(), workers: z.boolean() });

export function healthRoutes(deps: AppDeps): Route[] {
  return [
    {
      method: 'get',
      path: '/healthz',
      auth: 'public',
      tag: 'operations',
      summary: 'Liveness: the process is up.',
      responses: { 200: { description: 'Up.', schema: z.object({ ok: z.literal(true) }) } },
      handler(_req, res) {
        res.json({ ok: true });
      },
    },
    {
      method: 'get',
      path: '/readyz',
      auth: 'public',
      tag: 'operations',
      summary: 'Readiness: Redis answers and at least one scoring worker is connected.',
      responses: {
        200: { description: 'Ready.', schema: readySchema },
        503: { description: 'Not ready; the body says what is missing.', schema: readySchema },
      },
      async handler(_req, res) {
        const redis = await deps.readiness.redis().catch(() => false);
        const workers = redis && (await deps.readiness.workers().catch(() => false));
        res.status(redis && workers ? 200 : 503).json({ ready: redis && workers, redis, workers });
      },
    },
    {
      method: 'get',
      path: '/metrics',
      auth: 'public',
      tag: 'operations',
      summary: 'Prometheus metrics: HTTP latency, jobs by outcome, verdicts by class, queue depth.',
      responses: { 200: { description: 'Prometheus text format.', type: 'text/plain' } },
      async handler(_req, res) {
        const { registry } = deps.metrics;
        res.type(registry.contentType).send(await registry.metrics());
      },
    },
  ];
}
