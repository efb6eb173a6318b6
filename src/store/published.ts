/**
 * The published-ham index in Redis: per site, the comments the machine found ham, by when their verdict was stored
 * (written by the scoring worker's one post-verdict script, src/store/scored.ts), and the lock of the sweep that
 * learns them once old enough (src/use-cases/learn-published.ts).
 */
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';

/**
 * dropPublished — KEYS[1] the site's published index. ARGV[1] id, ARGV[2] the score that was read.
 * Removes the entry only if its score is still the one read: a comment edited and found ham again meanwhile was
 * indexed anew (a later score) and waits its own delay.
 */
const dropScript = new LuaScript(
  'dropPublished',
  1,
  `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0
`,
);

/** One entry of the index: the comment id and its score as stored (ms, as Redis spells it). */
export interface PublishedEntry {
  readonly id: string;
  readonly score: string;
}

export class PublishedStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Every site id (the sweep visits each). */
  sites(): Promise<string[]> {
    return this.redis.smembers(this.keys.sites());
  }

  /** Up to `limit` of a site's entries indexed at or before `cutoffMs`, oldest first. */
  async due(site: string, cutoffMs: number, limit: number): Promise<PublishedEntry[]> {
    if (limit <= 0) return [];
    const flat = await this.redis.zrangebyscore(this.keys.published(site), '-inf', cutoffMs, 'WITHSCORES', 'LIMIT', 0, limit);
    const out: PublishedEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ id: flat[i]!, score: flat[i + 1]! });
    return out;
  }

  /** Removes an entry if it is still as read; false when it was re-indexed (or removed) meanwhile. */
  async drop(site: string, entry: PublishedEntry): Promise<boolean> {
    return (await dropScript.run(this.redis, [this.keys.published(site)], [entry.id, entry.score])) === 1;
  }

  /** Drops a site's entries indexed before `beforeMs` (waited too long for room under the balance); returns how many. */
  trim(site: string, beforeMs: number): Promise<number> {
    return this.redis.zremrangebyscore(this.keys.published(site), '-inf', `(${beforeMs}`);
  }

  /** Number of entries a site has waiting (due or not). */
  size(site: string): Promise<number> {
    return this.redis.zcard(this.keys.published(site));
  }

  /** Takes a comment out of its site's index whatever its entry (an erasure); whether it was in. */
  async erase(site: string, id: string): Promise<boolean> {
    return (await this.redis.zrem(this.keys.published(site), id)) === 1;
  }

  /** Whether a comment is in its site's index. */
  async has(site: string, id: string): Promise<boolean> {
    return (await this.redis.zscore(this.keys.published(site), id)) !== null;
  }

  /** Takes the sweep lock for `ttlMs` (one sweeper at a time across workers); false when another holds it. */
  async lock(owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.publishedLock(), owner, 'PX', ttlMs, 'NX')) === 'OK';
  }

  /** Releases the lock if `owner` still holds it. */
  async unlock(owner: string): Promise<void> {
    await this.redis.eval(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
      1,
      this.keys.publishedLock(),
      owner,
    );
  }
}
