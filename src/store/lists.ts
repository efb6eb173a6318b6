/**
 * Site lists in Redis: one set per (scope, kind), values already in canonical form (src/scoring/site-lists.ts).
 * `scope` is a site id, or {@link GLOBAL_SCOPE} for the lists every site shares. Every change bumps one version
 * counter, which workers read once per job (src/list-cache.ts), so a change applies to the next comment everywhere
 * without a restart. Moderators' "spam and block" and "trust" add to the blocked and allowed lists through
 * {@link ListStore.add}, which notes who added the value, when, and for which comment (a per-site hash, kept while the
 * value is on its list), so moderators can list and remove what they added (src/moderation/blocks.ts).
 */
import type { Redis } from 'ioredis';
import { LIST_KINDS, type ListKind, type ListValues } from '../scoring/site-lists.js';
import type { Keys } from './keys.js';

/** The scope of the lists that apply to every site. Site ids never contain `*`. */
export const GLOBAL_SCOPE = '*';

/** Most values one list may hold: matching stays linear, but a list is also loaded into every worker. */
export const MAX_LIST_SIZE = 10_000;

/** Who put a value on a list, when, and deciding which comment (values an operator listed have none). */
export interface ListEntryOrigin {
  readonly by: string;
  readonly at: string;
  readonly commentId?: string;
}

/** One value of one list, with its origin when a moderator added it. */
export interface ListEntry {
  readonly list: ListKind;
  readonly value: string;
  readonly origin?: ListEntryOrigin;
}

const entryField = (kind: ListKind, value: string): string => `${kind}\n${value}`;

export class ListStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /**
   * Adds a canonical value to a scope's list; returns false when it was there already. `origin`: a moderator added it
   * (noted only when the value is new: the list's first author stays its author).
   */
  async add(scope: string, kind: ListKind, value: string, origin?: ListEntryOrigin): Promise<boolean> {
    const added = (await this.addMany(scope, kind, [value])) === 1;
    if (added && origin) await this.redis.hset(this.keys.listOrigins(scope), entryField(kind, value), JSON.stringify(origin));
    return added;
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
    const res = await this.redis
      .multi()
      .srem(this.keys.list(scope, kind), ...values)
      .hdel(this.keys.listOrigins(scope), ...values.map((v) => entryField(kind, v)))
      .incr(this.keys.listsVersion())
      .exec();
    return Number(res?.[0]?.[1] ?? 0);
  }

  /** Replaces a list with `values` (empty clears it). */
  async set(scope: string, kind: ListKind, values: readonly string[]): Promise<void> {
    const key = this.keys.list(scope, kind);
    const keep = new Set(values);
    const gone = (await this.redis.smembers(key)).filter((v) => !keep.has(v)).map((v) => entryField(kind, v));
    const multi = this.redis.multi().del(key);
    if (gone.length) multi.hdel(this.keys.listOrigins(scope), ...gone);
    if (values.length) multi.sadd(key, ...values);
    await multi.incr(this.keys.listsVersion()).exec();
  }

  /** A scope's list, sorted. */
  async values(scope: string, kind: ListKind): Promise<string[]> {
    return (await this.redis.smembers(this.keys.list(scope, kind))).sort();
  }

  /** Every value of `kinds` in a scope, sorted by list then value, with who added it when a moderator did. */
  async entries(scope: string, kinds: readonly ListKind[]): Promise<ListEntry[]> {
    const [origins, ...lists] = await Promise.all([this.redis.hgetall(this.keys.listOrigins(scope)), ...kinds.map((k) => this.values(scope, k))]);
    return kinds.flatMap((list, i) =>
      lists[i]!.map((value) => {
        const raw = origins[entryField(list, value)];
        return raw ? { list, value, origin: JSON.parse(raw) as ListEntryOrigin } : { list, value };
      }),
    );
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
