/**
 * The soak: a real `sluice serve` process under a steady load from several clients (one site each, with the
 * production rate limits), on loopback, for a bounded time. It records every answer, the process's resident memory
 * from start to end, and whether every accepted comment ended with a verdict once the load stopped.
 * `npm run soak` runs it for 60 s (bench/soak.ts); `npm test` runs a short one (test/reliability/soak.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createStore } from '../src/store/index.js';
import { deletePrefix } from '../test/helpers/env.js';
import { readerText } from '../test/helpers/words.js';
import { runPaced } from './support/paced.js';
import { startSluice } from './support/sluice.js';

/** Options of {@link runSoak}. */
export interface SoakOptions {
  readonly redisUrl: string;
  readonly seconds: number;
  /** Requests per second, all clients together. */
  readonly rate: number;
  readonly clients: number;
  /** How long the queue may take to drain after the load (ms). */
  readonly drainMs?: number;
}

/** What a soak measured. */
export interface SoakFigures {
  readonly seconds: number;
  readonly rate: number;
  readonly clients: number;
  readonly sent: number;
  /** 2xx answers (the comment was stored). */
  readonly accepted: number;
  /** Answers that were not 2xx (4xx or 5xx), and requests that got no answer. */
  readonly non2xx: number;
  readonly errors: number;
  /** Accepted comments with a verdict once the queue drained, and those without. */
  readonly scored: number;
  readonly unscored: number;
  /** From the end of the load until the last verdict. */
  readonly drainMs: number;
  /** Resident memory of the service in MiB: once started, after a tenth of the run, at the end, and its peak. */
  readonly rssMb: { readonly start: number; readonly warm: number; readonly end: number; readonly peak: number };
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

/** The production limits (README defaults): the soak stays under them, and their Redis round trip is measured. */
const DEFAULT_LIMITS = {
  RATE_SITE_PER_SECOND: '50',
  RATE_SITE_BURST: '500',
  RATE_IP_PER_MINUTE: '20',
  RATE_IP_BURST: '40',
  RATE_CLIENT_PER_SECOND: '200',
  RATE_CLIENT_BURST: '1000',
};

/** Readers' comments, each from its own address, with `[<id>]` for the load generator to fill in. */
function bodies(client: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const ip = `2001:db8:${client.toString(16)}:${i.toString(16)}::1`;
    return `{"id":"[<id>]","postId":"soak-${i % 50}","content":${JSON.stringify(readerText(client * n + i))},"author":{"name":"Reader ${i}","ip":"${ip}"}}`;
  });
}

/** Counts a prefix's comments with and without a verdict. */
async function verdicts(redis: Redis, prefix: string): Promise<{ scored: number; total: number }> {
  let scored = 0;
  let total = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:c:*`, 'COUNT', 1000);
    cursor = next;
    const statuses = await Promise.all(keys.map((k) => redis.hget(k, 'status')));
    total += keys.length;
    scored += statuses.filter((s) => s === 'scored' || s === 'decided').length;
  } while (cursor !== '0');
  return { scored, total };
}

/** Runs one soak and cleans up after it (its Redis keys, its log directory, its process). */
export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const prefix = `soak-${randomBytes(4).toString('hex')}`;
  const logDir = mkdtempSync(join(tmpdir(), 'sluice-soak-'));
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
  const store = createStore(redis, prefix);
  const serve = await startSluice('serve', { redisUrl: options.redisUrl, prefix, extra: DEFAULT_LIMITS }, logDir);
  try {
    const keys: string[] = [];
    for (let c = 0; c < options.clients; c++) {
      const site = (await store.sites.create({ name: `soak ${c}` }, new Date()))!;
      keys.push(await store.credentials.issueSiteKey(site.id));
    }
    const rss = async (): Promise<number> => (await serve.memory())?.rssMb ?? NaN;
    const start = await rss();
    let warm = start;
    const warmTimer = setTimeout(() => void rss().then((v) => (warm = v)), options.seconds * 100);
    const perClient = options.rate / options.clients;
    const runs = await Promise.all(
      keys.map((apiKey, c) => runPaced({ url: serve.url!, apiKey, bodies: bodies(c, Math.ceil(perClient * options.seconds)), rate: perClient, seconds: options.seconds, maxSockets: 32 })),
    );
    clearTimeout(warmTimer);
    const loadEnd = Date.now();
    const accepted = runs.reduce((s, r) => s + r.ok, 0);
    // The queue drains: count verdicts until every stored comment has one (or the drain time is up).
    let count = await verdicts(redis, prefix);
    while (count.scored < count.total && Date.now() - loadEnd < (options.drainMs ?? 60_000)) {
      await new Promise((r) => setTimeout(r, 250));
      count = await verdicts(redis, prefix);
    }
    const drainMs = Date.now() - loadEnd;
    const end = await rss();
    const peak = (await serve.memory())?.peakRssMb ?? NaN;
    const worst = (pick: (r: (typeof runs)[number]) => number): number => Math.max(...runs.map(pick));
    return {
      seconds: options.seconds,
      rate: options.rate,
      clients: options.clients,
      sent: runs.reduce((s, r) => s + r.ok + r.non2xx + r.errors, 0),
      accepted,
      non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
      errors: runs.reduce((s, r) => s + r.errors, 0),
      scored: Math.min(count.scored, accepted),
      unscored: count.total - count.scored,
      drainMs,
      rssMb: { start, warm, end, peak },
      latencyMs: { p50: worst((r) => r.latencyMs.p50), p99: worst((r) => r.latencyMs.p99), max: worst((r) => r.latencyMs.max) },
    };
  } finally {
    await serve.stop();
    await deletePrefix(redis, prefix);
    await redis.quit();
    rmSync(logDir, { recursive: true, force: true });
  }
}

/** The figures as one line of the RELIABILITY.md table. */
export function soakRow(f: SoakFigures): string {
  const mb = (v: number): string => v.toFixed(0);
  return (
    `| ${f.seconds} s | ${f.rate}/s, ${f.clients} clients | ${f.sent} | ${f.accepted} | ${f.non2xx} | ${f.errors} | ${f.scored} / ${f.accepted} ` +
    `(drained in ${(f.drainMs / 1000).toFixed(1)} s) | ${mb(f.rssMb.start)} → ${mb(f.rssMb.warm)} → ${mb(f.rssMb.end)} (peak ${mb(f.rssMb.peak)}) | ` +
    `${f.latencyMs.p50.toFixed(1)} / ${f.latencyMs.p99.toFixed(1)} |`
  );
}
