/**
 * /metrics, wherever it is served: on the API's port (src/http/routes/health.ts) or on its own listener
 * (METRICS_PORT, {@link startMetricsServer}), in every process. With METRICS_TOKEN set, a scrape must send
 * `Authorization: Bearer <METRICS_TOKEN>` (Prometheus: `authorization: { credentials: … }`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../platform/config.js';
import { errors, type AppError } from '../platform/errors.js';
import type { Metrics } from '../platform/metrics.js';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Whether `authorization` (the header) carries the token; always true without a token. Constant-time. */
export function metricsAuthorized(token: string | undefined, authorization: string | undefined): boolean {
  if (token === undefined) return true;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

/** The scrape's answer: the registry's text, or the 401 to send. */
export async function scrape(metrics: Metrics, token: string | undefined, authorization: string | undefined): Promise<{ type: string; body: string } | AppError> {
  if (!metricsAuthorized(token, authorization)) return errors.unauthorized();
  return { type: metrics.registry.contentType, body: await metrics.registry.metrics() };
}

/** A listener serving `GET /metrics` only, at METRICS_HOST:METRICS_PORT; resolves with its URL once listening. */
export async function startMetricsServer(metrics: Metrics, config: Pick<Config, 'metrics'>): Promise<{ url: string; server: Server }> {
  const { token, port, host } = config.metrics;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      const err = errors.routeNotFound(req.method ?? 'GET', path ?? '/');
      res.writeHead(err.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(err.toJSON()));
      return;
    }
    scrape(metrics, token, req.headers.authorization).then(
      (answer) => {
        if ('body' in answer) res.writeHead(200, { 'Content-Type': answer.type }).end(req.method === 'HEAD' ? undefined : answer.body);
        else res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.toJSON()));
      },
      (err: unknown) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(err)),
    );
  });
  // Scrapes are short; an idle scraper's connection should not hold a shutdown.
  server.keepAliveTimeout = 5_000;
  server.listen(port ?? 0, host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return { url, server };
}
