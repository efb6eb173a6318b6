/** Redis connections. Each user gets its own, with options fit for its use; none is a module-level singleton. */
import { Redis } from 'ioredis';

/**
 * `command`: request/response work in the API. Fails fast while Redis is away (no offline queue), so the
 * API can answer 503 instead of holding requests; reconnects forever in the background.
 * `worker`: BullMQ workers, which need `maxRetriesPerRequest: null` for their blocking commands.
 * `subscriber`: pub/sub listeners.
 */
export type ConnectionPurpose = 'command' | 'worker' | 'subscriber';

const retry = (times: number): number => Math.min(100 * 2 ** Math.min(times, 6), 3_000);

/** `url` as messages may show it: the password (and user) masked, e.g. `redis://***@cache.internal:6379/0`. */
export function redisLabel(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
      return u.href.replace('//', '//***@').replace(/\/$/, '');
    }
    return u.href.replace(/\/$/, '');
  } catch {
    return '(REDIS_URL is not a URL)';
  }
}

/** Opens a connection to `url` for `purpose`. Call `.quit()` when done. */
export function connectRedis(url: string, purpose: ConnectionPurpose, name = `sluice-${purpose}`): Redis {
  if (purpose === 'command') {
    return new Redis(url, {
      connectionName: name,
      retryStrategy: retry,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2_000,
    });
  }
  return new Redis(url, { connectionName: name, retryStrategy: retry, maxRetriesPerRequest: null });
}

/** Resolves once the connection is ready, or rejects after `timeoutMs`. */
export function whenReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      const { host, port } = redis.options;
      reject(new Error(`Redis at ${host ?? '?'}:${port ?? '?'} not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = (): void => {
      cleanup();
      resolve();
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}

/** True for errors that mean "Redis is unreachable right now" rather than a bug: the API answers 503 for them. */
export function isRedisUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const text = `${err.name} ${err.message}`;
  return /MaxRetriesPerRequest|Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|ETIMEDOUT|enableOfflineQueue|LOADING|READONLY/.test(
    text,
  );
}

/** Pings Redis at `url` once; true when it answers within `timeoutMs`. Leaves no connection behind. */
export async function redisAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    // disconnect() waits this long for a socket that has already closed (a refused one): it would hold a CLI open.
    disconnectTimeout: 50,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Deletes every key under `prefix:` (SCAN, never KEYS): a throwaway installation's keys (evaluation streams, tests). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}
