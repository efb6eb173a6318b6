/**
 * HTTP load with autocannon: `POST /v1/comments` bodies made from real comments, each request with a fresh comment id
 * (autocannon's `[<id>]` replacement), at a fixed overall rate or as fast as the server answers, for a bounded time
 * or number of requests.
 */
import autocannon from 'autocannon';
import type { LabelledExample } from '../../src/classifier/dataset.js';
import type { Distribution } from './stats.js';

/** One load run's outcome. */
export interface LoadFigures {
  /** Overall rate asked for (req/s), or null for saturation. */
  readonly rate: number | null;
  readonly connections: number;
  /** 2xx answers. */
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly seconds: number;
  /** 2xx answers per second over the run. */
  readonly perSecond: number;
  /** Milliseconds from request sent to response read. */
  readonly latencyMs: Omit<Distribution, 'n'>;
}

/** Options of {@link runLoad}. */
export interface LoadOptions {
  readonly url: string;
  readonly apiKey: string;
  /** Request bodies, sent in turn across all connections (so the order does not depend on the connection count). */
  readonly bodies: readonly string[];
  readonly connections: number;
  /** Requests per second across all connections; omitted: as fast as answered. */
  readonly rate?: number;
  /** Stop after this long (seconds)… */
  readonly seconds?: number;
  /** …or after this many requests. */
  readonly amount?: number;
}

/**
 * Webhook bodies, one per example (`[<id>]` is replaced by a unique id per request), as distinct readers' comments on
 * a busy day: each from its own author (the name gets a number) and its own /64 of the IPv6 documentation range, so
 * the flood detector sees ordinary traffic. Only the texts repeat where the data itself repeats them.
 */
export function commentBodies(examples: readonly LabelledExample[]): string[] {
  return examples.map((e, i) => {
    const content = e.content.replaceAll('[<id>]', '');
    const ip = `2001:db8:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}::1`;
    const name = `${e.author.name ?? 'reader'} ${i}`;
    return (
      `{"id":"[<id>]","postId":"bench-post-${i % 97}","content":${JSON.stringify(content)},"contentType":"${e.contentType}",` +
      `"author":{"name":${JSON.stringify(name)},"ip":"${ip}"}}`
    );
  });
}

/** Runs one load against `POST <url>/v1/comments`. */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` };
  let next = 0;
  const limit = options.amount === undefined ? { duration: options.seconds ?? 5 } : { amount: options.amount };
  const result = await autocannon({
    url: `${options.url}/v1/comments`,
    connections: options.connections,
    ...(options.rate === undefined ? {} : { overallRate: options.rate }),
    ...limit,
    // Answers after 10 s count as errors: nothing here should take that long.
    timeout: 10,
    idReplacement: true,
    requests: [{ method: 'POST', path: '/v1/comments', headers, setupRequest: (req) => ({ ...req, body: options.bodies[next++ % options.bodies.length]! }) }],
  });
  const l = result.latency;
  return {
    rate: options.rate ?? null,
    connections: options.connections,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    seconds: result.duration,
    perSecond: result['2xx'] / result.duration,
    latencyMs: { mean: l.mean, p50: l.p50, p99: l.p99, p999: l.p99_9, max: l.max },
  };
}
