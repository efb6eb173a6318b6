/**
 * Site lists in Redis: one set per (scope, kind), values already in canonical form (src/scoring/site-lists.ts).
 * `scope` is a site id, or {@link GLOBAL_SCOPE} for the lists every site shares. Every change bumps one version
 * counter, which workers read once per job (src/list-cache.ts), so a change applies to the next comment everywhere
 * without a restart. Moderators' "spam and block" adds to the blocked lists through {@link ListStore.add}.
 */
import type { Redis } from 'ioredis';
import { LIST_KINDS, type ListKind, type ListValues } from '../scoring/site-lists.js';
import type { Keys } from './keys.js';

/** The scope of the lists that apply to every site. Site ids never contain `*`. */
export const GLOBAL_SCOPE = '*';

/** Most values one list may hold: matching stays linear, but a list is also loaded into every worker. */
export const MAX_LIST_SIZE = 10_000;

export class ListStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Adds a canonical value to a scope's list; returns false when it was there already. */
  async add(scope: string, kind: ListKind, value: string): Promise<boolean> {
    return (await this.addMany(scope, kind, [value])) === 1;
  }

  /** Adds canonical values; returns how many were new. */
  async addMany(scope: string, kind: ListKind, values: readonly string[]): Promise<number> {
    if (values.length === 0) return 0;
    const res = await this.redis.multi().sadd(this.keys.list(scope, kind), ...values).incr(this.keys.listsVersion()).exec();
    return Number(res?.[0]?.[1] ?? 0);
  }

  /** Removes values; returns how many were there. */
  async removeMany(scope: string, kind: ListKind, values: readonly string[]): Promise<number> {
    if (values.length === 0) return 0;
    const res = await this.redis.multi().srem(this.keys.list(scope, kind), ...values).incr(this.keys.listsVersion()).exec();
    return Number(res?.[0]?.[1] ?? 0);
  }

  /** Replaces a list with `values` (empty clears it). */
  async set(scope: string, kind: ListKind, values: readonly string[]): Promise<void> {
    const key = this.keys.list(scope, kind);
    const multi = this.redis.multi().del(key);
    if (values.length) multi.sadd(key, ...values);
    await multi.incr(this.keys.listsVersion()).exec();
  }

  /** A scope's list, sorted. */
  async values(scope: string, kind: ListKind): Promise<string[]> {
    return (await this.redis.smembers(this.keys.list(scope, kind))).sort();
  }

  /** How many values a list holds. */
  size(scope: string, kind: ListKind): Promise<number> {
    return this.redis.scard(this.keys.list(scope, kind));
  }

  /** The version counter: it changes whenever any list changes. */
  async version(): Promise<number> {
    return Number((await this.redis.get(this.keys.listsVersion())) ?? 0);
  }

  /** Every list of the given scopes, read in one round trip, with the version they were read at. */
  async load(scopes: readonly string[]): Promise<{ version: number; lists: ListValues[] }> {
    const multi = this.redis.multi().get(this.keys.listsVersion());
    for (const scope of scopes) for (const kind of LIST_KINDS) multi.smembers(this.keys.list(scope, kind));
    const res = (await multi.exec()) ?? [];
    const version = Number(res[0]?.[1] ?? 0);
    const lists = scopes.map((_, s) => {
      const values: Partial<Record<ListKind, string[]>> = {};
      LIST_KINDS.forEach((kind, k) => {
        const members = res[1 + s * LIST_KINDS.length + k]?.[1] as string[] | undefined;
        if (members?.length) values[kind] = members;
      });
      return values;
    });
    return { version, lists };
  }
}
