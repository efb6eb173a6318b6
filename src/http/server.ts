/**
 * The HTTP server around the app, hardened against slow clients: a request's headers and the whole request must
 * arrive in time (Node answers 408 and closes), idle keep-alive connections close, and one address may hold only so
 * many connections at once (the excess is answered 503 and closed before anything is read). At shutdown,
 * {@link closeQuietConnections} closes every connection not answering a request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';
import type { Config } from '../platform/config.js';
import { errors } from '../platform/errors.js';

/** How often Node looks for requests past their timeouts (its default, 30 s, would let a slow client stay that long). */
const CHECK_INTERVAL_MS = 250;

/** Per server: its open connections, and those answering a request now. */
const tracked = new WeakMap<Server, { readonly open: Set<Socket>; readonly busy: Set<Socket> }>();

/**
 * Closes the server's connections that are not answering a request: idle keep-alive ones, and those that never sent
 * one (a client's spare connection; Node's closeIdleConnections leaves these, and stops timing them out once closing,
 * so they would hold a shutdown until the client drops them).
 */
export function closeQuietConnections(server: Server): void {
  const t = tracked.get(server);
  if (t) for (const socket of t.open) if (!t.busy.has(socket)) socket.destroy();
}

/** A server for `app` with the timeouts and the per-address connection cap of `config.http`. */
export function createHttpServer(app: Express, config: Pick<Config, 'http'>): Server {
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, maxConnectionsPerIp } = config.http;
  const server = createServer(
    { headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs, keepAliveTimeout: keepAliveTimeoutMs, connectionsCheckingInterval: Math.min(CHECK_INTERVAL_MS, headersTimeoutMs) },
    app,
  );
  const open = new Map<string, number>();
  const sockets = { open: new Set<Socket>(), busy: new Set<Socket>() };
  tracked.set(server, sockets);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    sockets.busy.add(req.socket);
    res.once('close', () => sockets.busy.delete(req.socket));
  });
  const refusal = JSON.stringify(errors.tooManyConnections(maxConnectionsPerIp).toJSON());
  server.on('connection', (socket: Socket) => {
    // Addresses as the kernel reports them; an IPv4 client of a dual-stack socket counts as its IPv4 address.
    const address = (socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.)/, '');
    const count = (open.get(address) ?? 0) + 1;
    if (count > maxConnectionsPerIp) {
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(refusal)}\r\n\r\n${refusal}`,
      );
      socket.destroySoon();
      return;
    }
    open.set(address, count);
    sockets.open.add(socket);
    socket.once('close', () => {
      sockets.open.delete(socket);
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
  return server;
}
