/**
 * Site lists in Redis: one set per (site, kind), values already in canonical form (src/scoring/site-lists.ts).
 * Minimal for now — moderators' "spam and block" adds to the blocked lists; the list routes and the lists phase of the
 * scoring work read and edit the same sets.
 */
import type { Redis } from 'ioredis';
import type { ListKind } from '../scoring/site-lists.js';
import type { Keys } from './keys.js';

export class ListStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Adds a canonical value to a site's list; returns false when it was there already. */
  async add(site: string, kind: ListKind, value: string): Promise<boolean> {
    return (await this.redis.sadd(this.keys.list(site, kind), value)) === 1;
  }

  /** A site's list, sorted. */
  async values(site: string, kind: ListKind): Promise<string[]> {
    return (await this.redis.smembers(this.keys.list(site, kind))).sort();
  }
}
