/**
 * Section 3, ingest: `POST /v1/comments` on a `sluice api` process against the private Redis, at steady rates (an
 * open-loop paced load, bench/support/paced.ts) and at saturation (autocannon), next to the two ceilings on the same machine: a bare Express handler (the
 * framework) and `redis-benchmark` (Redis itself).
 */
import { fromRoot } from '../src/platform/paths.js';
import { addSite, startNodeServer, startSluice } from './support/sluice.js';
import { runLoad, type LoadFigures } from './support/load.js';
import { runPaced } from './support/paced.js';
import { parseCommandStats, runCommand, type CommandTime, type PrivateRedis } from './support/processes.js';

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
  readonly sluice: {
    readonly fixed: readonly LoadFigures[];
    readonly saturation: LoadFigures;
    /** Redis's own time per accepted request at saturation (µs), and the commands that took most of it. */
    readonly redisUsPerRequest: number;
    readonly redisTop: readonly CommandTime[];
    /** CPU time of the API process per answered request at saturation (µs, user + system), whatever else runs. */
    readonly cpuUsPerRequest?: number;
  };
  readonly bareExpress: LoadFigures;
  /** The same for the bare handler. */
  readonly bareCpuUsPerRequest?: number;
  /** The bare handler at the steady rate of the latency target: what the machine itself adds to the tail. */
  readonly bareExpressAt1000: LoadFigures;
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

/** User + system CPU time of a process so far, in µs (Linux: /proc/<pid>/stat), or NaN elsewhere. */
async function cpuUsOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return NaN;
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the 14th
  // field of the line, stime the 15th, in clock ticks (100 per second on Linux).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

/** Runs `run` and measures the CPU time `pid` spent meanwhile, per 2xx answer. */
async function withCpu(pid: number, run: () => Promise<LoadFigures>): Promise<{ figures: LoadFigures; cpuUsPerRequest: number }> {
  const before = await cpuUsOf(pid);
  const figures = await run();
  const cpuUsPerRequest = ((await cpuUsOf(pid)) - before) / Math.max(1, figures.ok);
  return { figures, cpuUsPerRequest };
}

/** Runs section 3. */
export async function ingestSection(env: IngestEnv, options: IngestOptions): Promise<IngestResult> {
  const service = { redisUrl: env.redis.url, prefix: 'bench-ingest' };
  const { apiKey } = await addSite(service, 'Bench ingest');
  const api = await startSluice('api', service, env.logDir);
  // Saturation: autocannon, as many requests as `connections` closed loops get answered.
  const load = (url: string, seconds = options.seconds) => runLoad({ url, apiKey, bodies: env.bodies, connections: options.connections, seconds });
  let sluice: IngestResult['sluice'];
  try {
    // A short warm-up, so the JIT has compiled the request path before anything is measured.
    await load(api.url!, 2);
    const fixed: LoadFigures[] = [];
    for (const rate of options.rates) fixed.push(await runPaced({ url: api.url!, apiKey, bodies: env.bodies, rate, seconds: options.seconds }));
    await env.redis.cli('config', 'resetstat');
    const { figures: saturation, cpuUsPerRequest } = await withCpu(api.pid, () => load(api.url!));
    const commands = parseCommandStats(await env.redis.cli('info', 'commandstats'));
    const redisUsPerRequest = commands.reduce((sum, c) => sum + c.usec, 0) / Math.max(1, saturation.ok);
    sluice = { fixed, saturation, redisUsPerRequest, redisTop: commands.slice(0, 5), cpuUsPerRequest };
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
  let bareExpressAt1000: LoadFigures;
  let bareCpuUsPerRequest: number;
  try {
    await load(bare.url!, 2);
    ({ figures: bareExpress, cpuUsPerRequest: bareCpuUsPerRequest } = await withCpu(bare.pid, () => load(bare.url!)));
    bareExpressAt1000 = await runPaced({ url: bare.url!, apiKey: 'none', bodies: env.bodies, rate: 1_000, seconds: options.seconds });
  } finally {
    await bare.stop();
  }
  const redis = await redisCeiling(env.redis, options.redisRequests);
  // Outside the report's tables (which print req/s): CPU per request does not move with what else the machine runs.
  process.stderr.write(`  ingest CPU per answered request at saturation: sluice api ${Math.round(sluice.cpuUsPerRequest ?? NaN)} µs, bare express ${Math.round(bareCpuUsPerRequest)} µs\n`);
  return {
    sluice,
    bareExpress,
    bareCpuUsPerRequest,
    bareExpressAt1000,
    redis,
    shareOfBare: sluice.saturation.perSecond / bareExpress.perSecond,
  };
}
