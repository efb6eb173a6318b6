/**
 * The "works on a fresh machine" default: when nothing answers at REDIS_URL and redis-server is installed, start a
 * private one on that address with its data under DATA_DIR (append-only file on), and stop it with the service.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { redisAnswers } from './redis.js';

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

/** Makes sure a Redis answers at config.redisUrl; returns the embedded one it started, if any. */
export async function ensureRedis(config: Config, logger: Logger): Promise<EmbeddedRedis | undefined> {
  if (await redisAnswers(config.redisUrl)) return undefined;
  const url = new URL(config.redisUrl);
  const help =
    `No Redis answers at ${url.host}. Start one with "docker compose up -d redis", ` +
    'or install it with "apt-get install redis-server" (Sluice then starts a private one by itself).';
  if (config.embeddedRedis === 'never' || !LOCAL_HOSTS.has(url.hostname)) throw new NoRedisError(help);
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new NoRedisError(help);

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
  throw new NoRedisError(`redis-server did not start on port ${port}. ${help}`);
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM'); // redis-server flushes its append-only file on SIGTERM
  await exited;
}
