/**
 * Real processes for the reliability tests: `sluice serve|api|worker` as child processes, a private redis-server on a
 * spare port, and waiting for verdicts by listening on the verdict channel (no polling).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { fromRoot } from '../../src/platform/paths.js';
import type { Store } from '../../src/store/index.js';

/** A running `sluice` child process. */
export interface SluiceProcess {
  readonly child: ChildProcess;
  /** The API's base URL (`api` and `serve`). */
  readonly url: string | undefined;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** The last 2000 log lines. */
  readonly lines: string[];
  /** Resolves once `count` log entries (counting those already written) have a message `msg`. */
  waitForLog(msg: string, count: number, timeoutMs?: number): Promise<void>;
}

/** The environment of a sluice child: the test's Redis and prefix, port 0, JSON logs at info. */
export function sluiceEnv(redisUrl: string, prefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    PORT: '0',
    HOST: '127.0.0.1',
    EMBEDDED_REDIS: 'never',
    LOG_LEVEL: 'info',
    WORKER_CONCURRENCY: '4',
    ...extra,
  };
}

/** Starts `sluice <command>` and resolves once it logged "sluice started". */
export async function startSluice(command: 'serve' | 'api' | 'worker', env: NodeJS.ProcessEnv): Promise<SluiceProcess> {
  const child = spawn(process.execPath, [fromRoot('dist/src/cli.js'), command], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const lines: string[] = [];
  const seen = new Map<string, number>();
  const waiters: Array<{ msg: string; count: number; done: () => void }> = [];
  let resolveStarted: (url: string | undefined) => void = () => undefined;
  const started = new Promise<string | undefined>((resolve) => (resolveStarted = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    if (lines.length > 2_000) lines.shift();
    const entry = parseLine(line);
    const msg = typeof entry?.msg === 'string' ? entry.msg : '';
    seen.set(msg, (seen.get(msg) ?? 0) + 1);
    for (const w of waiters.filter((w) => w.msg === msg && (seen.get(msg) ?? 0) >= w.count)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.done();
    }
    if (entry?.msg === 'sluice started') resolveStarted(typeof entry.url === 'string' ? entry.url : undefined);
  });
  const url = await Promise.race([
    started,
    exited.then((code) => {
      throw new Error(`sluice ${command} exited with ${code} before starting:\n${lines.join('\n')}`);
    }),
  ]);
  const waitForLog = (msg: string, count: number, timeoutMs = 30_000): Promise<void> => {
    if ((seen.get(msg) ?? 0) >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${seen.get(msg) ?? 0} of ${count} "${msg}" log lines`)), timeoutMs);
      waiters.push({ msg, count, done: () => (clearTimeout(timer), resolve()) });
    });
  };
  return { child, url, exited, lines, waitForLog };
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** A private redis-server with the append-only file on. */
export interface RedisServer {
  readonly url: string;
  /** SIGTERM (Redis writes its AOF and exits), resolved once it has exited. */
  stop(): Promise<void>;
}

/** Starts redis-server on `port` with its data in `dir` (AOF fsynced on every write) and waits until it is ready. */
export async function startRedisServer(port: number, dir: string): Promise<RedisServer> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--loglevel', 'notice'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit');
  const out: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      out.push(line);
      if (/Ready to accept connections/.test(line)) resolve();
    });
    void exited.then(() => reject(new Error(`redis-server exited:\n${out.join('\n')}`)));
  });
  child.stdout!.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Listens on the verdict channel: counts each comment's announcements, and waits for verdicts without polling. */
export class VerdictListener {
  /** How many times each comment's verdict was announced since the listener started. */
  readonly announced = new Map<string, number>();
  private readonly subscriber: Redis;
  private wake: (id: string) => void = () => undefined;

  private constructor(
    redisUrl: string,
    private readonly store: Store,
    private readonly site: string,
  ) {
    this.subscriber = new Redis(redisUrl);
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, message: string) => {
      const [s, id] = message.split('\n') as [string, string];
      if (s !== this.site) return;
      this.announced.set(id, (this.announced.get(id) ?? 0) + 1);
      this.wake(id);
    });
  }

  /** Subscribes; announcements from then on are counted. */
  static async start(redisUrl: string, store: Store, site: string): Promise<VerdictListener> {
    const listener = new VerdictListener(redisUrl, store, site);
    await listener.subscriber.subscribe(store.keys.verdictChannel());
    return listener;
  }

  /** Resolves once each of `ids` has a stored verdict; rejects after `timeoutMs` naming some missing ones. */
  async until(ids: readonly string[], timeoutMs = 30_000): Promise<void> {
    const records = await Promise.all(ids.map((id) => this.store.comments.get(this.site, id)));
    const missing = new Set(ids.filter((_, i) => !records[i]?.verdict));
    for (const id of this.announced.keys()) missing.delete(id);
    if (missing.size === 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no verdict for ${missing.size} comments: ${[...missing].slice(0, 5).join(', ')}`)), timeoutMs);
      this.wake = (id) => {
        missing.delete(id);
        if (missing.size > 0) return;
        clearTimeout(timer);
        resolve();
      };
    });
  }

  close(): void {
    this.subscriber.disconnect();
  }
}

/**
 * The figures of a fault run (docs/RELIABILITY.md): how many comments were accepted, how many have a stored verdict,
 * and how many were lost (must be 0). Printed as a test diagnostic (`fault-run figures {…}`) and returned.
 */
export async function faultRunFigures(
  t: { diagnostic(message: string): void },
  run: string,
  store: Store,
  site: string,
  accepted: readonly string[],
): Promise<{ accepted: number; verdicts: number; lost: number }> {
  const records = await Promise.all(accepted.map((id) => store.comments.get(site, id)));
  const verdicts = records.filter((r) => r?.verdict).length;
  const figures = { accepted: accepted.length, verdicts, lost: accepted.length - verdicts };
  t.diagnostic(`fault-run figures ${JSON.stringify({ run, ...figures })}`);
  return figures;
}
