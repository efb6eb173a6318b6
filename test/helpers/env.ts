/** Test configuration: a real Redis (REDIS_URL or the local default), a unique key prefix per test file. */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { deletePrefix } from '../../src/platform/redis.js';
import type { Store } from '../../src/store/index.js';

export { deletePrefix };

/** The Redis the tests use: REDIS_URL when set (CI), else the machine's default. */
export const TEST_REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Creates a site and issues its API key. */
export async function newSite(store: Store, name: string): Promise<{ site: string; key: string }> {
  const site = (await store.sites.create({ name }, new Date()))!.id;
  return { site, key: await store.credentials.issueSiteKey(site) };
}

/** A unique prefix, so test files never see each other's keys or queues. */
export function uniquePrefix(name: string): string {
  return `test-${name}-${randomBytes(4).toString('hex')}`;
}

/** A config for tests: silent logs, port 0, no embedded Redis, plus overrides (env var names). */
export function testConfig(prefix: string, overrides: Record<string, string> = {}): Config {
  return loadConfig({
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    EMBEDDED_REDIS: 'never',
    WORKER_CONCURRENCY: '4',
    ...overrides,
  });
}

/** Every key under `prefix:`, sorted, for asserting what a request left behind. */
export function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  return keysMatching(redis, `${prefix}:*`);
}

/** Every key matching a SCAN pattern, sorted. */
export async function keysMatching(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found.sort();
}

/** A plain connection for inspecting state in tests. */
export function inspector(): Redis {
  return new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
}
