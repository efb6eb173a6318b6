/**
 * Baseline security headers on every response. The API answers JSON that no browser should render, sniff, frame or
 * run script in, so the default policy allows nothing; the moderator page replaces the CSP with its own (scripts and
 * styles from 'self' only, still no inline script, still no framing).
 */
import type { RequestHandler } from 'express';

/** The CSP of everything but the moderator page: nothing may load, run or frame it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The headers set on every response before its route runs (a route may override them). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': API_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const ENTRIES = Object.entries(SECURITY_HEADERS);

/** Sets {@link SECURITY_HEADERS} (plain `setHeader`: Express's `res.set` re-checks every value on every request). */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  for (const [name, value] of ENTRIES) res.setHeader(name, value);
  next();
};
