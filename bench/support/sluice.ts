/**
 * The service as production runs it: `node dist/src/cli.js serve|api|worker` processes with their environment, logs
 * going to a file (as to a log collector), and the API's URL read from its `sluice started` JSON log line.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../../src/platform/paths.js';
import { memoryOf, runCommand, stopChild, track } from './processes.js';

/** The compiled CLI, as `npm start` runs it. */
export const CLI = fromRoot('dist', 'src', 'cli.js');

/** Where a benchmarked service keeps its data. */
export interface ServiceEnv {
  readonly redisUrl: string;
  readonly prefix: string;
  /** More environment variables (e.g. WORKER_CONCURRENCY). */
  readonly extra?: Readonly<Record<string, string>>;
}

/** One running `sluice` process. */
export interface SluiceProcess {
  readonly role: 'serve' | 'api' | 'worker';
  readonly pid: number;
  /** The API's base URL (serve and api). */
  readonly url: string | undefined;
  /** Current and peak resident memory in MiB. */
  memory(): Promise<{ rssMb: number; peakRssMb: number } | undefined>;
  /** SIGTERM (graceful shutdown), SIGKILL after the grace period. */
  stop(): Promise<void>;
}

/** With BENCH_PROFILE_DIR set, every service process writes a CPU profile there when it stops (`node --cpu-prof`). */
function profiling(): string[] {
  const dir = process.env['BENCH_PROFILE_DIR'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

const UNLIMITED = ['RATE_SITE_PER_SECOND', 'RATE_SITE_BURST', 'RATE_IP_PER_MINUTE', 'RATE_IP_BURST', 'RATE_CLIENT_PER_SECOND', 'RATE_CLIENT_BURST'];

function envOf(service: ServiceEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    REDIS_URL: service.redisUrl,
    REDIS_PREFIX: service.prefix,
    EMBEDDED_REDIS: 'never',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    // The per-site, per-address and per-client rate limits would refuse a load test by design: they are raised out
    // of the way (their Redis round trip is still made and measured).
    ...Object.fromEntries(UNLIMITED.map((name) => [name, '100000'])),
    ...service.extra,
  };
}

/** Starts `sluice <role>` and waits (at most `timeoutMs`) for its `sluice started` log line. */
export async function startSluice(
  role: SluiceProcess['role'],
  service: ServiceEnv,
  logDir: string,
  timeoutMs = 30_000,
): Promise<SluiceProcess> {
  const server = await startNodeServer({ script: CLI, args: [role], nodeArgs: profiling(), env: envOf(service), logDir, name: `${service.prefix}-${role}`, timeoutMs });
  return { role, ...server };
}

/** What {@link startNodeServer} needs. */
export interface NodeServerOptions {
  readonly script: string;
  readonly args: readonly string[];
  /** Options for node itself, before the script. */
  readonly nodeArgs?: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly logDir: string;
  /** Names the log file. */
  readonly name: string;
  /** The `msg` of the JSON log line that says it is up (with `url`). Default `sluice started`. */
  readonly readyMsg?: string;
  readonly timeoutMs: number;
}

/** Starts a Node script whose JSON log lines go to a file, and waits for its ready line. */
export async function startNodeServer(options: NodeServerOptions): Promise<Omit<SluiceProcess, 'role'>> {
  const logFile = join(options.logDir, `${options.name}-${Date.now()}.log`);
  const fd = openSync(logFile, 'a');
  const child = track(spawn(process.execPath, [...(options.nodeArgs ?? []), options.script, ...options.args], { env: options.env, stdio: ['ignore', fd, fd] }));
  closeSync(fd);
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const started = startedLine(readFileSync(logFile, 'utf8'), options.readyMsg);
    if (started) {
      const pid = child.pid!;
      return { pid, url: started.url, memory: () => memoryOf(pid), stop: () => stopChild(child, 30_000) };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopChild(child);
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-10).join('\n');
      throw new Error(`${options.name} did not start (log ${logFile}):\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The ready record (`msg` = `readyMsg`) among JSON log lines, if it is there yet. */
export function startedLine(log: string, readyMsg = 'sluice started'): { url: string | undefined } | undefined {
  for (const line of log.split('\n')) {
    if (!line.includes(readyMsg)) continue;
    try {
      const record = JSON.parse(line) as { msg?: string; url?: string };
      if (record.msg === readyMsg) return { url: record.url };
    } catch {
      // A line still being written: read again on the next poll.
    }
  }
  return undefined;
}

/** Creates a site with `sluice sites add` and returns its id and API key. */
export async function addSite(service: ServiceEnv, name: string): Promise<{ site: string; apiKey: string }> {
  const result = await runCommand(process.execPath, [CLI, 'sites', 'add', name], { env: envOf(service), timeoutMs: 30_000 });
  if (result.code !== 0) throw new Error(`sluice sites add failed: ${result.stderr.trim()}`);
  const { site, apiKey } = JSON.parse(result.stdout) as { site: string; apiKey: string };
  return { site, apiKey };
}
