/** createApp(deps): the Express application without listen(), so tests drive it in-process with supertest. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { VERSION } from '../version.js';
import { requireRoles, principalFor } from './auth.js';
import { guardBody } from './body-guard.js';
import type { AppDeps } from './deps.js';
import { errorHandler, notFound } from './errors.js';
import { buildOpenApi } from './openapi.js';
import type { BodyParser, Route } from './route.js';
import { securityHeaders } from './security-headers.js';
import { commentRoutes } from './routes/comments.js';
import { decisionRoutes } from './routes/decisions.js';
import { deliveryRoutes } from './routes/deliveries.js';
import { akismetRoutes } from './routes/akismet.js';
import { coralRoutes } from './routes/coral.js';
import { healthRoutes } from './routes/health.js';
import { listRoutes } from './routes/lists.js';
import { moderateRoutes } from './routes/moderate.js';
import { modelRoutes } from './routes/models.js';
import { reviewRoutes } from './routes/review.js';
import { siteRoutes } from './routes/sites.js';
import { statsRoutes } from './routes/stats.js';

/** Every route of the API, in one table (the OpenAPI document is generated from it). */
export function routeTable(deps: AppDeps): Route[] {
  return [
    ...commentRoutes(deps),
    ...modelRoutes(deps),
    ...reviewRoutes(deps),
    ...decisionRoutes(deps),
    ...siteRoutes(deps),
    ...listRoutes(deps),
    ...deliveryRoutes(deps),
    ...statsRoutes(deps),
    ...moderateRoutes(deps),
    ...akismetRoutes(deps),
    ...coralRoutes(deps),
    ...healthRoutes(deps),
  ];
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function createApp(deps: AppDeps): Express {
  const { config, logger, metrics } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders);

  app.use(
    pinoHttp({
      logger,
      genReqId(req: IncomingMessage, res: ServerResponse) {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Addresses, headers and query strings stay out of the logs: they carry IPs and credentials.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  app.use(recordLatency(metrics.httpDuration));

  // Every parser keeps the raw bytes (signatures) and refuses bodies nested deeper than MAX_JSON_DEPTH.
  const verify = guardBody(config.maxJsonDepth);
  const parsers: Record<BodyParser, RequestHandler> = {
    json: express.json({ limit: config.maxBodyBytes, strict: true, verify }),
    text: express.text({ limit: config.maxBodyBytes, type: ['text/*', 'application/x-ndjson', 'application/jsonl'], verify }),
    form: express.urlencoded({ limit: config.maxBodyBytes, extended: false, parameterLimit: 1000 }),
    // For signed bodies: the signature covers the bytes, so the route parses them itself.
    raw: express.raw({ limit: config.maxBodyBytes, type: () => true, verify }),
  };
  const routes = routeTable(deps);
  const openapi = buildOpenApi([...routes, openApiRoute], VERSION);
  for (const route of [...routes, { ...openApiRoute, handler: openApiHandler(openapi) }]) {
    const chain: RequestHandler[] = [];
    if (route.auth !== 'public') chain.push(requireRoles(deps.store.credentials, route.auth));
    const parser = route.parser ?? (route.body ? 'json' : undefined);
    if (parser) chain.push(parsers[parser]);
    chain.push(async (req, res) => route.handler(req, res, principalFor(req)));
    app[route.method](route.path, ...chain);
  }

  app.use(notFound);
  app.use(errorHandler(config.maxBodyBytes));
  return app;
}

const openApiRoute: Route = {
  method: 'get',
  path: '/openapi.json',
  auth: 'public',
  tag: 'operations',
  summary: 'This document.',
  responses: { 200: { description: 'OpenAPI 3.1 JSON.' } },
  handler: () => undefined,
};

const openApiHandler =
  (doc: Record<string, unknown>): Route['handler'] =>
  (_req, res) => {
    res.json(doc);
  };

function recordLatency(histogram: AppDeps['metrics']['httpDuration']): RequestHandler {
  return (req, res, next) => {
    const end = histogram.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
