/**
 * `sluice dev-receiver [--port 8090] [--host 127.0.0.1] [--secret whsec_…]`: a stand-in CMS for trying Sluice on one
 * machine. It listens for callbacks (any path), checks each one's `Sluice-Signature` with the site's webhook secret
 * (src/delivery/sign.ts, as a CMS does) and prints it: a summary line, then the body as received. It answers 204, or
 * 401 when the signature does not match (Sluice then retries, as it would with a real CMS). Runs until SIGINT/SIGTERM.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, verifySignature } from '../delivery/sign.js';
import { UsageError } from './io.js';

export const DEV_RECEIVER_PORT = 8090;

/** What the receiver says of a callback's signature. */
export type SignatureCheck = 'verified' | 'INVALID' | 'missing' | 'not checked (no --secret)';

/** Checks `header` over `body` with `secret` (none: not checked). */
export function checkSignature(header: string | undefined, body: string, secret: string | undefined, now: Date): SignatureCheck {
  if (!secret) return 'not checked (no --secret)';
  if (!header) return 'missing';
  return verifySignature(header, body, secret, now) ? 'verified' : 'INVALID';
}

/** The summary line of one callback. */
export function describeCallback(body: string, check: SignatureCheck, delivery: string | undefined, attempt: string | undefined): string {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    // printed as received below
  }
  const what = [parsed['event'], parsed['verdict']].filter((v) => typeof v === 'string').join(' ') || 'a callback';
  const by = typeof parsed['decidedBy'] === 'string' ? `decided by ${parsed['decidedBy']}` : 'decided by the machine';
  return `callback for comment ${String(parsed['id'] ?? '?')}: ${what} (${by}) · signature ${check} · delivery ${delivery ?? '?'} try ${attempt ?? '?'}`;
}

export interface DevReceiverArgs {
  readonly port: string | undefined;
  readonly host: string | undefined;
  readonly secret: string | undefined;
}

export async function devReceiverCommand(values: DevReceiverArgs): Promise<number> {
  const port = Number(values.port ?? DEV_RECEIVER_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a port number, not "${values.port}"`);
  const secret = values.secret;

  const server = createServer((req, res) => void receive(req, res, secret));
  server.listen(port, values.host ?? '127.0.0.1');
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([err]) => {
      throw new UsageError(`dev-receiver cannot listen on port ${port}: ${(err as Error).message}`);
    }),
  ]);
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/sluice-callback`;
  process.stdout.write(
    `dev-receiver listening on ${url}\n` +
      (secret ? 'signatures are checked with the secret given\n' : 'no --secret: signatures are not checked\n'),
  );
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
  return 0;
}

async function receive(req: IncomingMessage, res: ServerResponse, secret: string | undefined): Promise<void> {
  if (req.method !== 'POST') {
    res.writeHead(405, { Allow: 'POST' }).end();
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const header = req.headers[SIGNATURE_HEADER.toLowerCase()];
  const check = checkSignature(Array.isArray(header) ? header.join(',') : header, body, secret, new Date());
  const one = (name: string): string | undefined => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  process.stdout.write(`${describeCallback(body, check, one('sluice-delivery'), one('sluice-attempt'))}\n${body}\n`);
  res.writeHead(check === 'INVALID' || check === 'missing' ? 401 : 204).end();
}
