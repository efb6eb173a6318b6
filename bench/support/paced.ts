/**
 * An open-loop load at a steady rate: requests leave on a fixed schedule (every 1/rate s), whether or not earlier
 * ones were answered, and each latency is measured from its scheduled time, so a stall shows as latency instead of
 * silently lowering the rate (coordinated omission). autocannon's own rate limit sends each second's quota
 * back-to-back at the start of the second: a burst test, not a steady rate, so fixed rates use this instead.
 */
import { Agent, request } from 'node:http';
import type { LoadFigures } from './load.js';
import { distribution } from './stats.js';

/** Options of {@link runPaced}. */
export interface PacedOptions {
  readonly url: string;
  readonly apiKey: string;
  /** Request bodies, in turn; `[<id>]` in a body is replaced by a unique id. */
  readonly bodies: readonly string[];
  readonly rate: number;
  readonly seconds: number;
  /** Most requests in flight (sockets); further requests wait for a socket, their wait counted as latency. */
  readonly maxSockets?: number;
}

/** Sends `rate × seconds` POST /v1/comments at a steady pace and waits (at most 10 s) for the answers. */
export async function runPaced(options: PacedOptions): Promise<LoadFigures> {
  const target = new URL('/v1/comments', options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 });
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let pending = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  const settle = () => {
    pending--;
    if (pending === 0 && sent === total) done();
  };
  const send = (i: number, scheduled: number) => {
    const body = options.bodies[i % options.bodies.length]!.replaceAll('[<id>]', `paced-${runId}-${i}`);
    pending++;
    const req = request(
      target,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}`, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - scheduled);
          if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) ok++;
          else non2xx++;
          settle();
        });
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      errors++;
      settle();
    });
    req.end(body);
  };
  const start = performance.now();
  const interval = 1000 / options.rate;
  let sent = 0;
  // A 1 ms tick sends every request whose time has come; each keeps its own scheduled time for its latency.
  while (sent < total) {
    const now = performance.now();
    while (sent < total && start + sent * interval <= now) {
      send(sent, start + sent * interval);
      sent++;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  // unref: once every answer is in, the 10 s cap must not keep the process alive.
  if (pending > 0) await Promise.race([finished, new Promise((r) => setTimeout(r, 10_000).unref())]);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  const d = distribution(latencies);
  return {
    rate: options.rate,
    connections: options.maxSockets ?? 256,
    ok,
    non2xx,
    errors: errors + pending,
    seconds,
    perSecond: ok / Math.max(seconds, options.seconds),
    latencyMs: { mean: d.mean, p50: d.p50, p99: d.p99, p999: d.p999, max: d.max },
  };
}
