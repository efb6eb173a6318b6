/**
 * Section 4, end to end: the all-in-one `sluice serve` alone (one process scores) and with one more `sluice worker`
 * (two processes score), on the private Redis. Each configuration is warmed up, then gets a steady 500 comments/s
 * (verdict latency), then a flood of N comments posted as fast as they are accepted (time until the last verdict is
 * stored). Queue depth is sampled throughout the flood; latencies are read back from the stored verdicts
 * (`scoredAt − receivedAt`, millisecond timestamps written by the service itself).
 */
import type { Redis } from 'ioredis';
import { silentLogger } from '../src/platform/logger.js';
import { createQueues, type Queues } from '../src/queue/queues.js';
import { connectRedis, whenReady } from '../src/platform/redis.js';
import { keys } from '../src/store/keys.js';
import type { Verdict } from '../src/domain/verdict.js';
import { runLoad, type LoadFigures } from './support/load.js';
import { runPaced } from './support/paced.js';
import { parseCommandStats, type CommandTime, type PrivateRedis } from './support/processes.js';
import { addSite, startSluice, type SluiceProcess } from './support/sluice.js';
import { distribution, type Distribution } from './support/stats.js';

/** One flood. */
export interface FloodRun {
  /** Processes that score: 1 (`serve`) or 2 (`serve` + `worker`). */
  readonly workers: number;
  readonly comments: number;
  readonly post: LoadFigures;
  /** Verdicts found stored for the flood's comments. */
  readonly scored: number;
  /** From the flood's start to the last verdict stored (its scoredAt), seconds. */
  readonly lastVerdictSeconds: number;
  /** comments / lastVerdictSeconds. */
  readonly sustainedPerSecond: number;
  readonly latencyMs: Distribution;
  /** [seconds since the flood's start, comments queued] every sample. */
  readonly depth: ReadonlyArray<readonly [number, number]>;
  /**
   * Redis's own time per accepted comment during the flood (µs, all commands, scripts included), and the five
   * commands that took most of it: where a flood's Redis work goes.
   */
  readonly redisUsPerComment: number;
  readonly redisTop: readonly CommandTime[];
  /** CPU time (user + system, from /proc) of each scoring process per accepted comment during the flood, µs: serve first. */
  readonly cpuUsPerComment?: readonly number[];
}

/** User + system CPU time of a process so far, µs (Linux, 100 clock ticks a second; undefined elsewhere). */
async function cpuUs(pid: number): Promise<number | undefined> {
  try {
    const { readFile } = await import('node:fs/promises');
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
  } catch {
    return undefined;
  }
}

/** A steady rate, for verdict latency. */
export interface SteadyRun {
  readonly workers: number;
  readonly post: LoadFigures;
  readonly scored: number;
  readonly latencyMs: Distribution;
}

/** What section 4 reports. */
export interface EndToEndResult {
  readonly floods: readonly FloodRun[];
  readonly steady: readonly SteadyRun[];
  /** Peak resident memory (VmHWM) per role, MiB, over all runs. */
  readonly peakRssMb: { readonly serve: number; readonly worker: number };
}

/** Settings of section 4. */
export interface EndToEndOptions {
  readonly floodComments: number;
  readonly steadyRate: number;
  readonly steadySeconds: number;
  readonly connections: number;
  /** Longest wait for a queue to drain before giving up on a run. */
  readonly drainTimeoutMs: number;
  readonly sampleMs: number;
}

/** Where section 4 runs. */
export interface EndToEndEnv {
  readonly redis: PrivateRedis;
  readonly logDir: string;
  readonly bodies: readonly string[];
}

/** Receipt and scoring times (ms) of every verdict of a site received within [from, to]. */
async function verdictTimes(redis: Redis, prefix: string, site: string, from: number, to: number): Promise<Array<[number, number]>> {
  const out: Array<[number, number]> = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', keys(prefix).comment(site, '*'), 'COUNT', 2000);
    cursor = next;
    const pipeline = redis.pipeline();
    for (const key of found) pipeline.hget(key, 'verdict');
    for (const [, raw] of (await pipeline.exec()) ?? []) {
      if (typeof raw !== 'string') continue;
      const v = JSON.parse(raw) as Pick<Verdict, 'receivedAt' | 'scoredAt'>;
      const received = Date.parse(v.receivedAt);
      if (v.scoredAt !== undefined && received >= from && received <= to) out.push([received, Date.parse(v.scoredAt)]);
    }
  } while (cursor !== '0');
  return out;
}

/** Samples queue depth until it is empty (after `posting` settles) or the time limit; returns the samples. */
async function watchDepth(queues: Queues, posting: Promise<unknown>, start: number, options: EndToEndOptions): Promise<Array<[number, number]>> {
  let posted = false;
  void posting.then(() => (posted = true), () => (posted = true));
  const samples: Array<[number, number]> = [];
  const deadline = Date.now() + options.drainTimeoutMs;
  while (Date.now() < deadline) {
    const depth = await queues.depth();
    samples.push([(Date.now() - start) / 1000, depth]);
    if (posted && depth === 0) break;
    await new Promise((r) => setTimeout(r, options.sampleMs));
  }
  return samples;
}

/** Runs one configuration: warm-up, steady rate, flood. */
async function runConfiguration(env: EndToEndEnv, workers: number, options: EndToEndOptions, peak: { serve: number; worker: number }) {
  const prefix = `bench-e2e-${workers}`;
  const service = { redisUrl: env.redis.url, prefix };
  const { site, apiKey } = await addSite(service, `Bench e2e ${workers}`);
  const processes: SluiceProcess[] = [await startSluice('serve', service, env.logDir)];
  const redis = connectRedis(env.redis.url, 'worker', 'bench-e2e');
  const queues = createQueues(redis, prefix, 5, silentLogger());
  try {
    for (let i = 1; i < workers; i++) processes.push(await startSluice('worker', service, env.logDir));
    await whenReady(redis);
    const url = processes[0]!.url!;
    // A steady rate is paced (open loop); a flood is autocannon's closed loops, as fast as the API accepts.
    const post = (extra: { rate?: number; seconds?: number; amount?: number }) =>
      extra.rate !== undefined
        ? runPaced({ url, apiKey, bodies: env.bodies, rate: extra.rate, seconds: extra.seconds ?? 5 })
        : runLoad({ url, apiKey, bodies: env.bodies, connections: options.connections, ...extra });
    // Redis's command statistics are read as soon as the queue is empty, before the verdicts are read back: that read
    // SCANs every key of the installation (≈ 2 ms per call), which is the benchmark's cost, not the service's.
    const phase = async (extra: { rate?: number; seconds?: number; amount?: number }) => {
      const start = Date.now();
      const posting = post(extra);
      const depth = await watchDepth(queues, posting, start, options);
      const figures = await posting;
      const commandStats = await env.redis.cli('info', 'commandstats');
      const times = await verdictTimes(redis, prefix, site, start, Date.now());
      return { start, figures, depth, times, commandStats };
    };
    await phase({ amount: 1_000 }); // warm-up: JIT, connections, scorer caches
    const s = await phase({ rate: options.steadyRate, seconds: options.steadySeconds });
    const steady: SteadyRun = { workers, post: s.figures, scored: s.times.length, latencyMs: distribution(s.times.map(([r, d]) => d - r)) };
    await env.redis.cli('config', 'resetstat');
    const cpuBefore = await Promise.all(processes.map((p) => cpuUs(p.pid)));
    const f = await phase({ amount: options.floodComments });
    const cpuAfter = await Promise.all(processes.map((p) => cpuUs(p.pid)));
    const cpuUsPerComment = cpuAfter.map((a, i) => Math.round(((a ?? 0) - (cpuBefore[i] ?? 0)) / Math.max(1, f.figures.ok)));
    process.stderr.write(`  flood with ${workers} scoring process(es): CPU µs per comment ${cpuUsPerComment.join(' + ')} (serve first)\n`);
    const commands = parseCommandStats(f.commandStats);
    const last = Math.max(...f.times.map(([, d]) => d));
    const lastVerdictSeconds = (last - f.start) / 1000;
    const flood: FloodRun = {
      workers,
      comments: options.floodComments,
      post: f.figures,
      scored: f.times.length,
      lastVerdictSeconds,
      sustainedPerSecond: f.times.length / lastVerdictSeconds,
      latencyMs: distribution(f.times.map(([r, d]) => d - r)),
      depth: f.depth,
      redisUsPerComment: commands.reduce((sum, c) => sum + c.usec, 0) / Math.max(1, f.figures.ok),
      redisTop: commands.slice(0, 5),
      cpuUsPerComment,
    };
    for (const p of processes) {
      const m = await p.memory();
      if (m) peak[p.role === 'worker' ? 'worker' : 'serve'] = Math.max(peak[p.role === 'worker' ? 'worker' : 'serve'], m.peakRssMb);
    }
    return { steady, flood };
  } finally {
    await queues.close();
    redis.disconnect();
    for (const p of processes.reverse()) await p.stop();
    await env.redis.flush();
  }
}

/** Runs section 4 with 1 and 2 scoring processes. */
export async function endToEndSection(env: EndToEndEnv, options: EndToEndOptions): Promise<EndToEndResult> {
  const peak = { serve: 0, worker: 0 };
  const floods: FloodRun[] = [];
  const steady: SteadyRun[] = [];
  for (const workers of [1, 2]) {
    const run = await runConfiguration(env, workers, options, peak);
    floods.push(run.flood);
    steady.push(run.steady);
  }
  return { floods, steady, peakRssMb: peak };
}
