/**
 * One callback POST with Node's own http/https: to the address the SSRF guard checked (the host name still goes in
 * the Host header and the TLS server name), never following redirects, with a timeout on the whole exchange.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveTarget, type Target } from './ssrf.js';

/** The answer of the CMS. */
export interface PostResult {
  readonly status: number;
  /** The start of the response body, for the failure message. */
  readonly excerpt: string;
}

/** Options of {@link postJson}. */
export interface PostOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Allow loopback and private addresses (tests, private networks). */
  readonly allowPrivate: boolean;
}

/** A lookup that answers with the checked address whatever DNS would say now. */
const pinned =
  (target: Target): LookupFunction =>
  (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [target]);
    } else {
      callback(null, target.address, target.family);
    }
  };

/** POSTs `body` as JSON to `url`; resolves with the status of any answer, rejects on network failure or timeout. */
export async function postJson(url: URL, body: string, options: PostOptions): Promise<PostResult> {
  const target = await resolveTarget(url, options.allowPrivate);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<PostResult>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup: pinned(target),
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...options.headers },
        timeout: options.timeoutMs,
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (res) => {
        let excerpt = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (excerpt.length < 200) excerpt += chunk.slice(0, 200 - excerpt.length);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, excerpt }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
