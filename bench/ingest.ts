/**
 * Section 3, ingest: `POST /v1/comments` on a `sluice api` process against the private Redis, at fixed overall rates
 * and at saturation (autocannon), next to the two ceilings on the same machine: a bare Express handler (the
 * framework) and `redis-benchmark` (Redis itself).
 */
import { fromRoot } from '../src/paths.js';
import { addSite, startNodeServer, startSluice } from './support/sluice.js';
import { runLoad, type LoadFigures } from './support/load.js';
import { runCommand, type PrivateRedis } from './support/processes.js';

/** One redis-benchmark line. */
export interface RedisCeiling {
  readonly test: string;
  /** Commands per request sent together (`-P`). */
  readonly pipeline: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** What section 3 reports. */
export interface IngestResult {
  readonly sluice: { readonly fixed: readonly LoadFigures[]; readonly saturation: LoadFigures };
  readonly bareExpress: LoadFigures;
  readonly redis: readonly RedisCeiling[];
  /** Sluice's saturation throughput over the bare handler's. */
  readonly shareOfBare: number;
}

/** Settings of section 3. */
export interface IngestOptions {
  readonly rates: readonly number[];
  readonly seconds: number;
  readonly connections: number;
  /** Requests per redis-benchmark test. */
  readonly redisRequests: number;
}

/** Where section 3 runs. */
export interface IngestEnv {
  readonly redis: PrivateRedis;
  readonly logDir: string;
  readonly bodies: readonly string[];
}

/** Parses `redis-benchmark --csv` output. */
export function parseRedisBenchmark(csv: string, pipeline: number): RedisCeiling[] {
  const out: RedisCeiling[] = [];
  for (const line of csv.split('\n')) {
    const cells = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    if (cells.length < 7 || cells[0] === 'test' || !Number.isFinite(Number(cells[1]))) continue;
    out.push({ test: cells[0]!, pipeline, perSecond: Number(cells[1]), p50Ms: Number(cells[4]), p99Ms: Number(cells[6]) });
  }
  return out;
}

async function redisCeiling(redis: PrivateRedis, requests: number): Promise<RedisCeiling[]> {
  const out: RedisCeiling[] = [];
  for (const pipeline of [1, 16]) {
    const tests = pipeline === 1 ? 'set,get,hset,zadd,lpush' : 'set';
    const args = ['-h', '127.0.0.1', '-p', String(redis.port), '-c', '50', '-n', String(requests), '-P', String(pipeline), '-t', tests, '--csv'];
    const r = await runCommand('redis-benchmark', args, { timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`redis-benchmark failed: ${r.stderr.trim()}`);
    out.push(...parseRedisBenchmark(r.stdout, pipeline));
  }
  await redis.flush();
  return out;
}

/** Runs section 3. */
export async function ingestSection(env: IngestEnv, options: IngestOptions): Promise<IngestResult> {
  const service = { redisUrl: env.redis.url, prefix: 'bench-ingest' };
  const { apiKey } = await addSite(service, 'Bench ingest');
  const api = await startSluice('api', service, env.logDir);
  const load = (url: string, rate?: number, seconds = options.seconds) =>
    runLoad({ url, apiKey, bodies: env.bodies, connections: options.connections, seconds, ...(rate === undefined ? {} : { rate }) });
  let sluice: IngestResult['sluice'];
  try {
    // A short warm-up, so the JIT has compiled the request path before anything is measured.
    await load(api.url!, undefined, 2);
    const fixed: LoadFigures[] = [];
    for (const rate of options.rates) fixed.push(await load(api.url!, rate));
    sluice = { fixed, saturation: await load(api.url!) };
  } finally {
    await api.stop();
  }
  await env.redis.flush();

  const bare = await startNodeServer({
    script: fromRoot('dist', 'bench', 'bare-express.js'),
    args: [],
    env: { PATH: process.env['PATH'] },
    logDir: env.logDir,
    name: 'bare-express',
    readyMsg: 'bare express listening',
    timeoutMs: 30_000,
  });
  let bareExpress: LoadFigures;
  try {
    await load(bare.url!, undefined, 2);
    bareExpress = await load(bare.url!);
  } finally {
    await bare.stop();
  }
  const redis = await redisCeiling(env.redis, options.redisRequests);
  return { sluice, bareExpress, redis, shareOfBare: sluice.saturation.perSecond / bareExpress.perSecond };
}
