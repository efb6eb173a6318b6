/**
 * One log line per request, and the latency histogram, from one listener: method, path (without the query string,
 * which may carry credentials), status, duration in ms and the request id — the fields pino-http wrote, in the same
 * shape (`req.id`, `req.method`, `req.path`, `res.statusCode`, `responseTime`, `request completed` / `request errored`),
 * without its per-request child loggers and serialisers (a seventh of the API's CPU at ingest saturation). 5xx lines
 * are written at `error` with the original error and its stack (`err`); 4xx at `info` with `error: { code, message }`,
 * as the answer said. The line is built only from those fields, none of them personal, so it goes through a child
 * logger without the redaction pass; 5xx lines go through the root logger, redaction included.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';

/** A request id given by the caller is kept when it looks like one; anything else is replaced by a UUID. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The id of a request (set by {@link requestLog}). */
const ids = new WeakMap<IncomingMessage, string>();
export const requestIdOf = (req: IncomingMessage): string | undefined => ids.get(req);

/** The error a request ended with, set by the error middleware for the request's log line. */
const failures = new WeakMap<ServerResponse, unknown>();
export function noteFailure(res: ServerResponse, err: unknown): void {
  failures.set(res, err);
}

interface Coded {
  readonly code?: unknown;
  readonly message?: unknown;
}

export function requestLog(logger: Logger, histogram: Metrics['httpDuration']): RequestHandler {
  // `redact: []`: the access line carries only the fields below (see the header), none of them personal.
  const access = logger.child({}, { redact: [] });
  return (req, res, next) => {
    const start = performance.now();
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    ids.set(req, id);
    res.setHeader('X-Request-Id', id);
    // `close` follows `finish` (on the next tick), and comes alone when the connection drops first: one listener
    // (`on`, not `once`: a response closes once, and `once` wraps the listener in one more closure per request).
    res.on('close', () => {
      const ms = performance.now() - start;
      const status = res.statusCode;
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      histogram.observe({ method: req.method, route, status: String(status) }, ms / 1000);
      const url = req.originalUrl;
      const q = url.indexOf('?');
      const line = {
        req: { id, method: req.method, path: q < 0 ? url : url.slice(0, q) },
        res: { statusCode: status },
        responseTime: Math.round(ms * 10) / 10,
      };
      const err = failures.get(res);
      if (status >= 500) {
        logger.error({ ...line, err: err ?? new Error(`failed with status code ${status}`) }, 'request errored');
      } else if (err !== undefined) {
        const { code, message } = err as Coded;
        access.info({ ...line, error: { code, message } }, 'request errored');
      } else if (!res.writableFinished) {
        // The caller went away before the answer was sent.
        access.info({ ...line, aborted: true }, 'request aborted');
      } else {
        access.info(line, 'request completed');
      }
    });
    next();
  };
}
