/**
 * A JSON answer written straight to the response, as Express's `res.status(n).json(v)` writes it for a POST (same
 * status, `Content-Type: application/json; charset=utf-8`, `Content-Length`, body `JSON.stringify(v)`) without its
 * per-call work (the `Content-Type` lookup and charset rewriting, the freshness check a POST never passes). For the
 * webhook's hot path; other routes keep `res.json`.
 */
import type { ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
