/**
 * Child processes for the benchmark: one-shot commands with a time limit, long-running servers stopped by pid, a
 * private redis-server on a free loopback port, and the resident memory of a process read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** What a finished command printed and how it ended. */
export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Options of {@link runCommand}. */
export interface CommandOptions {
  /** Written to standard input, then closed. */
  readonly input?: string;
  /** Killed (SIGKILL) after this long; the result then has code null. */
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** Runs a command to completion (or its time limit) and collects its output. Never rejects on a non-zero exit. */
export async function runCommand(command: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  const started = performance.now();
  const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  // A child that dies before reading its input must not crash the benchmark with EPIPE.
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: performance.now() - started };
}

/** True when `command` can be started (it answers `--version` within five seconds). */
export async function onPath(command: string): Promise<boolean> {
  try {
    return (await runCommand(command, ['--version'], { timeoutMs: 5_000 })).code !== null;
  } catch {
    return false;
  }
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Resident and peak resident memory of a process, in MiB (Linux /proc). */
export async function memoryOf(pid: number): Promise<{ rssMb: number; peakRssMb: number } | undefined> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  if (status === undefined) return undefined;
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

// Every long-running child this process started, so that an interrupted benchmark can stop them all.
const running = new Set<ChildProcess>();

/** Remembers a long-running child until it exits (see {@link stopTracked}). */
export function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Stops every tracked child still running (on SIGINT/SIGTERM of the benchmark). */
export async function stopTracked(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child, 5_000)));
}

/** Stops a child: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** A redis-server this benchmark started. */
export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  readonly version: string;
  /** Deletes every key (between measurements that must not see each other's data). */
  flush(): Promise<void>;
  /** Runs a redis-cli command and returns what it printed. */
  cli(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** Starts `redis-server` on a free loopback port, without persistence, and waits until it answers. */
export async function startRedis(timeoutMs = 10_000): Promise<PrivateRedis> {
  const port = await freePort();
  const child = track(
    spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }),
  );
  const cli = (...args: string[]) => runCommand('redis-cli', ['-p', String(port), ...args], { timeoutMs: 5_000 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    if ((await cli('ping')).stdout.trim() === 'PONG') break;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`redis-server did not answer on port ${port} within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const info = (await cli('info', 'server')).stdout;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    version: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    async flush() {
      await cli('flushall');
    },
    cli: async (...args) => (await cli(...args)).stdout,
    stop: () => stopChild(child),
  };
}

/** Time Redis spent per command since the last `CONFIG RESETSTAT`, from `INFO commandstats`. */
export interface CommandTime {
  readonly command: string;
  readonly calls: number;
  /** Microseconds in total. */
  readonly usec: number;
}

/** Parses `INFO commandstats` (`cmdstat_evalsha:calls=12,usec=345,…`), most time first. */
export function parseCommandStats(info: string): CommandTime[] {
  const out: CommandTime[] = [];
  for (const m of info.matchAll(/^cmdstat_(\S+?):calls=(\d+),usec=(\d+)/gm)) out.push({ command: m[1]!, calls: Number(m[2]), usec: Number(m[3]) });
  return out.sort((a, b) => b.usec - a.usec);
}
