/** A CMS in miniature: a real HTTP server on 127.0.0.1 that records callbacks and answers as told. */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One callback as the CMS received it. */
export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly body: Record<string, unknown>;
  /** The status the receiver answered with. */
  readonly status: number;
}

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** Statuses to answer with, in order; once used up, 200. */
  answers: number[];
  /** Resolves once `count` callbacks (of any status) have arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  /** The callbacks answered 2xx. */
  delivered(): Received[];
  close(): Promise<void>;
}

export async function startReceiver(path = '/sluice-callback'): Promise<Receiver> {
  const received: Received[] = [];
  const waiters: Array<{ count: number; done: () => void }> = [];
  const receiver: Receiver = {
    url: '',
    received,
    answers: [],
    waitFor(count, timeoutMs = 10_000) {
      if (received.length >= count) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${count} callbacks arrived`)), timeoutMs);
        waiters.push({ count, done: () => (clearTimeout(timer), resolve(received)) });
      });
    },
    delivered: () => received.filter((r) => r.status >= 200 && r.status < 300),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const status = receiver.answers.shift() ?? 200;
      received.push({ headers: req.headers, raw, body: JSON.parse(raw || '{}') as Record<string, unknown>, status });
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
      for (const w of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done();
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  (receiver as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}
