/** The one error handler of the HTTP layer: every failure becomes `{ error: { code, message } }` with its status. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, errors } from '../platform/errors.js';
import { isRedisUnavailable } from '../platform/redis.js';
import { noteFailure } from './request-log.js';

/** Maps anything thrown to an AppError. Unknown errors become 500 and keep their stack for the log. */
export function toAppError(err: unknown, limit: number): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; message?: string };
  // body-parser marks its errors with a `type`.
  switch (e?.type) {
    case 'entity.parse.failed':
      return errors.badJson(e.message ?? 'parse error');
    case 'entity.too.large':
      return errors.payloadTooLarge(limit);
    case 'entity.too.deep':
      return errors.tooDeep((e as { max?: number }).max ?? 0);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return errors.unsupportedMediaType();
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return errors.validation('The request body was incomplete or malformed.');
  }
  if (isRedisUnavailable(err)) return errors.unavailable('The store is unreachable; retry shortly.');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new AppError('bad_request', e.status, e.message ?? 'Bad request.');
  }
  return errors.internal();
}

/** Final error middleware. */
export function errorHandler(limit: number): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const appError = toAppError(err, limit);
    // The request's log line carries it: 5xx at error with the original stack, 4xx at info.
    noteFailure(res, appError.status >= 500 ? err : appError);
    if (res.headersSent) return;
    res.status(appError.status).set(appError.headers).json(appError.toJSON());
  };
}

/** 404 for anything no route matched. */
export const notFound: RequestHandler = (req) => {
  throw errors.routeNotFound(req.method, req.path);
};
