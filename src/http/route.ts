/**
 * A route is data: method, path, who may call it, its schemas and its handler. The app mounts the table and the
 * OpenAPI document is generated from the same table, so the two cannot drift apart.
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { ZodType } from 'zod';
import type { Principal, Role } from '../store/credentials.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** How a route's body is read: JSON (the default when `body` is set), text (JSON lines), a form, or raw bytes. */
export type BodyParser = 'json' | 'text' | 'form' | 'raw';

/** A documented response of a route. */
export interface ResponseDoc {
  readonly description: string;
  readonly schema?: ZodType;
  /** Media type, default application/json. */
  readonly type?: string;
}

/** The request as a handler sees it: the Express request plus the authenticated principal (if the route has roles). */
export type Handler = (req: Request, res: Response, principal: Principal | undefined) => Promise<void> | void;

export interface Route {
  readonly method: Method;
  /** Express path syntax, e.g. `/v1/comments/:id`. */
  readonly path: string;
  /** Roles allowed to call it, or `public`. */
  readonly auth: readonly Role[] | 'public';
  readonly summary: string;
  readonly tag: string;
  /** The OpenAPI operationId; derived from method and path when absent (see operationIdOf in openapi.ts). */
  readonly operationId?: string;
  readonly body?: ZodType;
  /** Body parser; defaults to `json` when `body` is given, none otherwise. */
  readonly parser?: BodyParser;
  /** Media type of the body for the OpenAPI document, when not JSON. */
  readonly bodyType?: string;
  readonly query?: ZodType;
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  readonly handler: Handler;
  /**
   * Answers the route's own errors (its body parser's included) in another protocol than Sluice's JSON errors, e.g.
   * Akismet's; what it does not answer goes on to the app's error handler.
   */
  readonly onError?: ErrorRequestHandler;
}

/** Narrows the principal of a route that has roles (the auth middleware guarantees it is present). */
export function principalOf(principal: Principal | undefined): Principal {
  if (!principal) throw new Error('route declared roles but no principal was attached');
  return principal;
}
