/**
 * `sluice health --worker | --api`: the healthchecks of docker-compose.yml (and any supervisor's). Exit 0 when healthy,
 * 1 otherwise, with one line saying why. `--worker`: a scoring worker of this host (this container) beat in Redis
 * within `--within` seconds (workers/heartbeat.ts). `--api`: the API on this host's PORT answers GET /healthz.
 */
import { hostname } from 'node:os';
import type { Config } from '../platform/config.js';
import { connectRedis, redisAnswers, redisLabel, whenReady } from '../platform/redis.js';
import { HeartbeatStore } from '../store/heartbeats.js';
import { keys } from '../store/keys.js';
import { UsageError } from './io.js';

const TIMEOUT_MS = 2_000;

export interface HealthArgs {
  readonly worker: boolean;
  readonly api: boolean;
  /** Seconds (default 30). */
  readonly within: string | undefined;
}

export async function healthCommand(config: Config, values: HealthArgs): Promise<number> {
  if (values.worker === values.api) throw new UsageError('health needs one of --worker or --api');
  const within = Number(values.within ?? 30);
  if (!(within > 0)) throw new UsageError(`--within must be a number of seconds above 0, not "${values.within}"`);
  const problem = values.worker ? await workerProblem(config, within) : await apiProblem(config);
  if (problem) process.stderr.write(`sluice health: ${problem}\n`);
  else process.stdout.write('ok\n');
  return problem ? 1 : 0;
}

/** Why no worker of this host counts as healthy, or undefined when one does. */
async function workerProblem(config: Config, withinSeconds: number): Promise<string | undefined> {
  if (!(await redisAnswers(config.redisUrl, TIMEOUT_MS))) return `no Redis answers at ${redisLabel(config.redisUrl)}`;
  const redis = connectRedis(config.redisUrl, 'command', 'sluice-health');
  redis.on('error', () => undefined);
  try {
    await whenReady(redis, TIMEOUT_MS);
    const host = hostname();
    const beats = await new HeartbeatStore(redis, keys(config.redisPrefix)).recent(host, Date.now() - withinSeconds * 1_000);
    return beats.length ? undefined : `no scoring worker on ${host} has beaten in the last ${withinSeconds} s`;
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

/** Why the API of this host does not answer /healthz, or undefined when it does. */
async function apiProblem(config: Config): Promise<string | undefined> {
  const host = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}/healthz`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    return res.ok ? undefined : `${url} answered ${res.status}`;
  } catch (err) {
    return `${url} does not answer (${(err as Error).message})`;
  }
}
