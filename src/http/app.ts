/** createApp(deps): the Express application without listen(), so tests drive it in-process with supertest. */
import express, { type Express, type Request, type RequestHandler } from 'express';
import { VERSION } from '../platform/version.js';
import { requireRoles, principalFor } from './auth.js';
import { guardBody, isPlainJsonType } from './body-guard.js';
import type { AppDeps } from './deps.js';
import { errorHandler, notFound } from './errors.js';
import { buildOpenApi } from './openapi.js';
import { requestLog } from './request-log.js';
import type { BodyParser, Route } from './route.js';
import { securityHeaders } from './security-headers.js';
import { commentRoutes } from './routes/comments.js';
import { blockRoutes } from './routes/blocks.js';
import { decisionRoutes } from './routes/decisions.js';
import { deliveryRoutes } from './routes/deliveries.js';
import { akismetRoutes } from './routes/akismet.js';
import { coralRoutes } from './routes/coral.js';
import { healthRoutes } from './routes/health.js';
import { listRoutes } from './routes/lists.js';
import { liveRoutes } from './routes/live.js';
import { moderateRoutes } from './routes/moderate.js';
import { peopleRoutes } from './routes/people.js';
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
    ...liveRoutes(deps),
    ...decisionRoutes(deps),
    ...blockRoutes(deps),
    ...siteRoutes(deps),
    ...listRoutes(deps),
    ...deliveryRoutes(deps),
    ...statsRoutes(deps),
    ...peopleRoutes(deps),
    ...moderateRoutes(deps),
    ...akismetRoutes(deps),
    ...coralRoutes(deps),
    ...healthRoutes(deps),
  ];
}

export function createApp(deps: AppDeps): Express {
  const { config, logger, metrics } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // Answers are JSON for programs: no ETag (a SHA-1 of every body, for conditional GETs nobody makes).
  app.set('etag', false);
  app.use(securityHeaders);
  // One line per request (method, path, status, duration, request id) and the latency histogram.
  app.use(requestLog(logger, metrics.httpDuration));

  // Every parser keeps the raw bytes (signatures) and refuses bodies nested deeper than MAX_JSON_DEPTH.
  const verify = guardBody(config.maxJsonDepth);
  const parsers: Record<BodyParser, RequestHandler> = {
    // `type`: what the default ('application/json') matches, with the common spellings matched without type-is.
    json: express.json({
      limit: config.maxBodyBytes,
      strict: true,
      verify,
      type: (req) => isPlainJsonType(req.headers['content-type']) || Boolean((req as Request).is('application/json')),
    }),
    text: express.text({ limit: config.maxBodyBytes, type: ['text/*', 'application/x-ndjson', 'application/jsonl'], verify }),
    form: express.urlencoded({ limit: config.maxBodyBytes, extended: false, parameterLimit: 1000 }),
    // For signed bodies: the signature covers the bytes, so the route parses them itself.
    raw: express.raw({ limit: config.maxBodyBytes, type: () => true, verify }),
  };
  const routes = routeTable(deps);
  const openapi = buildOpenApi([...routes, openApiRoute], VERSION);
  for (const route of [...routes, { ...openApiRoute, handler: openApiHandler(openapi) }]) {
    const chain: RequestHandler[] = [];
    if (route.auth !== 'public') chain.push(requireRoles(deps.store.credentials, route.auth, config.ingestCacheMs));
    const parser = route.parser ?? (route.body ? 'json' : undefined);
    if (parser) chain.push(parsers[parser]);
    // Not async: Express 5 forwards a sync throw and a rejected returned promise alike, without one more promise.
    chain.push((req, res) => route.handler(req, res, principalFor(req)));
    app[route.method](route.path, ...chain, ...(route.onError ? [route.onError] : []));
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
