/** Probes and metrics for orchestrators and Prometheus. */
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { errors } from '../../platform/errors.js';
import { scrape } from '../metrics-endpoint.js';
import type { Route } from '../route.js';
import { errorSchema } from './schemas.js';

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
      // Public unless METRICS_TOKEN is set; the token is not a site key nor a staff token, so the route checks it itself.
      auth: 'public',
      tag: 'operations',
      summary:
        'Prometheus metrics: HTTP latency, jobs by outcome, verdicts by class, queue depth per queue, deliveries per state, held comments per site, the active model, Redis up. With METRICS_TOKEN set, send `Authorization: Bearer <METRICS_TOKEN>`; with METRICS_PORT set, served on that port only.',
      responses: {
        200: { description: 'Prometheus text format.', type: 'text/plain' },
        401: { description: 'METRICS_TOKEN is set and the request does not carry it (`unauthorized`).', schema: errorSchema },
        404: { description: 'METRICS_PORT is set: the metrics are served on that listener, not here (`route_not_found`).', schema: errorSchema },
      },
      async handler(req, res) {
        const { metrics: where } = deps.config;
        if (where.port !== undefined) throw errors.routeNotFound('GET', `${req.path} (metrics are served on METRICS_PORT)`);
        const answer = await scrape(deps.metrics, where.token, req.headers.authorization);
        if (!('body' in answer)) throw answer;
        res.type(answer.type).send(answer.body);
      },
    },
  ];
}
