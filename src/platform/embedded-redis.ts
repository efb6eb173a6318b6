/**
 * The "works on a fresh machine" default: when nothing answers at REDIS_URL and redis-server is installed, start a
 * private one on that address with its data under DATA_DIR (append-only file on), and stop it with the service.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { redisAnswers, redisLabel } from './redis.js';

/** A Redis the service started itself. */
export interface EmbeddedRedis {
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** Raised when there is no Redis and none can be started; its message says how to get one. */
export class NoRedisError extends Error {
  override readonly name = 'NoRedisError';
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Why no Redis is there and what to do, for the case at hand. It never names `docker compose up -d redis`: compose
 * does not publish Redis's port to the host (only its own services reach it), so that advice could not work.
 */
export function noRedisAdvice(redisUrl: string, reason: 'never' | 'remote' | 'not-installed'): string {
  const url = new URL(redisUrl);
  const tried = `No Redis answers at ${redisLabel(redisUrl)} (REDIS_URL).`;
  const dockerRun = `docker run -d -p 127.0.0.1:${url.port || '6379'}:6379 redis:7-alpine`;
  switch (reason) {
    case 'never':
      return `${tried} EMBEDDED_REDIS=never, so Sluice does not start one: start Redis at that address (on this machine: ${dockerRun}) or set REDIS_URL to one that runs.`;
    case 'remote':
      return `${tried} Sluice starts a private Redis only for a local address (127.0.0.1, localhost, ::1): check that Redis runs at that address and that this machine reaches it, or set REDIS_URL.`;
    case 'not-installed':
      return `${tried} redis-server is not installed, so Sluice cannot start a private one: install it (apt-get install redis-server; Sluice then starts one on that address by itself, data in DATA_DIR/redis), or run one: ${dockerRun}.`;
  }
}

/** Makes sure a Redis answers at config.redisUrl; returns the embedded one it started, if any. */
export async function ensureRedis(config: Config, logger: Logger): Promise<EmbeddedRedis | undefined> {
  if (await redisAnswers(config.redisUrl)) return undefined;
  const url = new URL(config.redisUrl);
  if (config.embeddedRedis === 'never') throw new NoRedisError(noRedisAdvice(config.redisUrl, 'never'));
  if (!LOCAL_HOSTS.has(url.hostname)) throw new NoRedisError(noRedisAdvice(config.redisUrl, 'remote'));
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new NoRedisError(noRedisAdvice(config.redisUrl, 'not-installed'));

  const dir = resolve(config.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = url.port || '6379';
  const child = spawn(
    'redis-server',
    ['--port', port, '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(config.redisUrl, 200)) {
      logger.info({ port: Number(port), dir, pid: child.pid }, 'started a private redis-server (no Redis was answering)');
      return { pid: child.pid, stop: () => stopChild(child, exited) };
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new NoRedisError(
    `No Redis answers at ${redisLabel(config.redisUrl)} (REDIS_URL), and the private redis-server Sluice started on port ${port} ` +
      `(data in ${dir}) did not come up: run "redis-server --port ${port} --dir ${dir}" to see why, or set REDIS_URL to a Redis that runs.`,
  );
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM'); // redis-server flushes its append-only file on SIGTERM
  await exited;
}
