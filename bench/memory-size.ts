/**
 * `npm run bench:memory`: what the campaign memory costs in Redis. Every spam comment of the shared sources is
 * rejected by a moderator of one site (fingerprints read as the service reads them), in a private redis-server; prints
 * the fingerprints per comment, the sets, Redis's own memory growth per rejected comment and per 100,000, and the time
 * of one lookup (`recall`, the worker's one extra script per comment) next to a PING on the same connection.
 * The same again for a site that shares its memory (every decision written twice).
 */
import { Redis } from 'ioredis';
import { commentOf } from '../src/evaluation/pipeline.js';
import { loadSharedSources } from '../src/evaluation/sources.js';
import { sharedDataDir } from '../src/platform/paths.js';
import { buildContext } from '../src/scoring/context.js';
import { fingerprintsOf, type Fingerprint } from '../src/scoring/fingerprints.js';
import { keys } from '../src/store/keys.js';
import { DEFAULT_MEMORY_OPTIONS, MemoryStore, SHARED_MEMORY } from '../src/store/memory.js';
import { DEFAULT_SETTINGS } from './support/data.js';
import { startRedis } from './support/processes.js';

const sources = await loadSharedSources(sharedDataDir);
const spam = sources.flatMap((s) => s.examples.filter((e) => e.label === 'spam'));
if (spam.length === 0) throw new Error(`no labelled spam under ${sharedDataDir}`);
const now = new Date('2026-12-01T12:00:00Z');
const rejected = spam.map((e, i) => ({ id: `c${i}`, fingerprints: fingerprintsOf(buildContext(commentOf(e), DEFAULT_SETTINGS, now)) }));
const fingerprints = rejected.reduce((n, r) => n + r.fingerprints.length, 0);

const server = await startRedis();
const redis = new Redis(server.url);
const used = async (): Promise<number> => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
const out = (line: string) => process.stdout.write(`${line}\n`);
try {
  out(`campaign memory: ${rejected.length} rejected spam comments of ${sources.map((s) => s.spec.name).join(', ')}; ${(fingerprints / rejected.length).toFixed(2)} fingerprints each (a text is kept in 4 band sets)`);
  for (const scopes of [['site'], ['site', SHARED_MEMORY]]) {
    await redis.flushall();
    const memory = new MemoryStore(redis, keys('bench'), DEFAULT_MEMORY_OPTIONS);
    const before = await used();
    for (const [i, r] of rejected.entries()) await memory.apply({ site: 'site', id: r.id }, 'rejected', r.fingerprints, scopes, new Date(now.getTime() + i * 1000));
    const bytes = (await used()) - before;
    const sets = (await redis.keys('bench:mem:*')).length;
    const per = bytes / rejected.length;
    const later = new Date(now.getTime() + rejected.length * 1000);
    const lookups = rejected.slice(0, 2000);
    const t0 = performance.now();
    for (const r of lookups) await memory.recall({ site: 'site', id: `new-${r.id}` }, r.fingerprints as Fingerprint[], scopes, 12, later);
    const recallUs = ((performance.now() - t0) * 1000) / lookups.length;
    const t1 = performance.now();
    for (let i = 0; i < lookups.length; i++) await redis.ping();
    const pingUs = ((performance.now() - t1) * 1000) / lookups.length;
    out(
      `${scopes.length === 1 ? 'one site          ' : 'a sharing site    '}: ${sets} keys, ${Math.round(per)} bytes per rejected comment, ` +
        `${((per * 100_000) / 1048576).toFixed(1)} MiB per 100,000 rejected; recall ${recallUs.toFixed(0)} µs per comment (PING ${pingUs.toFixed(0)} µs)`,
    );
  }
} finally {
  await redis.quit();
  await server.stop();
}
