/** Bearer-token authentication and role checks, one middleware per route built from its declared roles. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { errors } from '../platform/errors.js';
import type { CredentialStore, Principal, Role } from '../store/credentials.js';

const principals = new WeakMap<Request, Principal>();

/** The principal attached to a request by {@link requireRoles}, if any. */
export function principalFor(req: Request): Principal | undefined {
  return principals.get(req);
}

/** Reads `Authorization: Bearer <secret>`. */
export function bearerOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer[ \t]+([\x21-\x7e]{1,256})[ \t]*$/i.exec(header);
  return match?.[1];
}

/**
 * 401 without valid credentials; 403 when the principal's role is not among `roles`. A site key's principal read at
 * most `maxAgeMs` ago by this process is reused (INGEST_CACHE_MS; staff tokens are read every time).
 */
export function requireRoles(credentials: CredentialStore, roles: readonly Role[], maxAgeMs = 0): RequestHandler {
  const options = { maxAgeMs };
  return async (req: Request, _res: Response, next: NextFunction) => {
    const secret = bearerOf(req);
    const principal = secret ? await credentials.authenticate(secret, options) : undefined;
    if (!principal) throw errors.unauthorized();
    if (!roles.includes(principal.role)) {
      throw errors.forbidden(`This route is for the ${roles.join(' or ')} role; your credentials are ${principal.role}.`);
    }
    principals.set(req, principal);
    next();
  };
}
