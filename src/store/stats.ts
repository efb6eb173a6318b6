/**
 * Daily counters per site: a hash per (site, UTC day) incremented where each event happens (O(1) per event), and a
 * sorted set of the seconds each decided comment spent held, whose middle element is the day's median time in queue.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Verdict, VerdictClass } from '../domain/verdict.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';

/**
 * The counters of a day. `falsePositives`: the machine said spam, a human ham; `falseNegatives`: the reverse.
 * `caughtByMemory`: comments whose first machine verdict was `review` or `spam` with at least one campaign-memory
 * reason (`memory.*`: the comment resembles comments the site's moderators rejected); counted once per comment, with
 * `received` (see {@link caughtByMemory}). `reflagged`: comments first published (`ham`) and held for review later,
 * when a flood they belong to was rejected (src/flood-steps.ts): the machine holds `review` + `reflagged` in all.
 */
export const STAT_FIELDS = [
  'received',
  'ham',
  'review',
  'spam',
  'reported',
  'decided',
  'approved',
  'rejected',
  'falsePositives',
  'falseNegatives',
  'caughtByMemory',
  'reflagged',
] as const;
export type StatField = (typeof STAT_FIELDS)[number];

/** One site's (or all sites') numbers of one day. */
export type DayStats = { readonly date: string } & Record<StatField, number> & {
    /** Median seconds from held to the first human decision, of the comments decided that day (null: none). */
    readonly medianQueueSeconds: number | null;
  };

/** Counters are kept this long. */
export const STATS_TTL_SECONDS = 400 * 24 * 3600;

/** Whether a machine verdict counts as caught by the campaign memory: held or rejected, with a `memory.*` reason. */
export function caughtByMemory(verdict: Pick<Verdict, 'verdict' | 'reasons'>): boolean {
  return verdict.verdict !== 'ham' && verdict.reasons.some((r) => r.code.startsWith('memory.'));
}

/**
 * countScoredOnce — KEYS[1] the comment hash, KEYS[2] the day's stats hash.
 * ARGV[1] the verdict class, ARGV[2] TTL seconds, ARGV[3] '1' to count `caughtByMemory` too. Counts `received` and the
 * class the first time a comment is scored (the `counted` field marks it), so job retries and re-scored edits count
 * once. Returns 1 when counted.
 */
const countScoredScript = new LuaScript(
  'countScoredOnce',
  2,
  `
if redis.call('HSETNX', KEYS[1], 'counted', '1') == 0 then return 0 end
redis.call('HINCRBY', KEYS[2], 'received', 1)
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[2], 'caughtByMemory', 1) end
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1
`,
);

/**
 * addStats — KEYS[1] the day's stats hash. ARGV[1] TTL seconds, then field, delta pairs. A counter that falls to 0 is
 * removed, so that counting and un-counting a decision leaves the hash as it was.
 */
const addScript = new LuaScript(
  'addStats',
  1,
  `
for i = 2, #ARGV, 2 do
  if redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) == 0 then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return 1
`,
);

/** The UTC day of a time, `YYYY-MM-DD`. */
/**
 * anonymiseQueueTime — KEYS[1] a day's queue times. ARGV[1] a comment id, ARGV[2] the member to put in its place.
 * Returns 1 when the id had a queue time (now kept under ARGV[2], same seconds), else 0.
 */
const anonymiseScript = new LuaScript(
  'anonymiseQueueTime',
  1,
  `
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not s then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], s, ARGV[2])
return 1
`,
);

export const dayOf = (at: Date | string): string => new Date(at).toISOString().slice(0, 10);

export class StatsStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /**
   * Counts a machine verdict, once per comment whatever the retries and edits; `memory`: it was caught by the campaign
   * memory ({@link caughtByMemory}).
   */
  async countScored(site: string, id: string, verdict: VerdictClass, day: string, memory = false): Promise<void> {
    await countScoredScript.run(this.redis, [this.keys.comment(site, id), this.keys.stats(site, day)], [verdict, STATS_TTL_SECONDS, memory ? '1' : '0']);
  }

  /** Adds `delta` (which may be negative, to undo a superseded decision) to a day's counters. */
  async add(site: string, day: string, delta: Partial<Record<StatField, number>>): Promise<void> {
    const args: Array<string | number> = [STATS_TTL_SECONDS];
    for (const [field, by] of Object.entries(delta)) if (by) args.push(field, by);
    await addScript.run(this.redis, [this.keys.stats(site, day)], args);
  }

  /** Records how long a comment was held before its first decision (later decisions keep the first time). */
  async addQueueTime(site: string, day: string, id: string, seconds: number): Promise<void> {
    const key = this.keys.queueTimes(site, day);
    await this.redis.multi().zadd(key, 'NX', Math.max(0, Math.round(seconds)), id).expire(key, STATS_TTL_SECONDS).exec();
  }

  /** Whether a comment has a queue time on a day already. */
  async hasQueueTime(site: string, day: string, id: string): Promise<boolean> {
    return (await this.redis.zscore(this.keys.queueTimes(site, day), id)) !== null;
  }

  /** Takes a comment's queue time out of a day (its decision was undone). */
  async removeQueueTime(site: string, day: string, id: string): Promise<void> {
    await this.redis.zrem(this.keys.queueTimes(site, day), id);
  }

  /**
   * Keeps an erased comment's queue times as numbers only: each day's entry of `id` is renamed to a random member with
   * the same seconds (the median stays; the id goes). Returns how many entries were renamed.
   */
  async anonymiseQueueTimes(site: string, id: string, days: readonly string[]): Promise<number> {
    let n = 0;
    for (const day of new Set(days)) {
      n += Number(await anonymiseScript.run(this.redis, [this.keys.queueTimes(site, day)], [id, `erased:${randomUUID()}`]));
    }
    return n;
  }

  /** The counters of `sites` added together, for each day of `days` (oldest first). */
  async days(sites: readonly string[], days: readonly string[]): Promise<DayStats[]> {
    const pipe = this.redis.pipeline();
    for (const day of days) {
      for (const site of sites) {
        pipe.hgetall(this.keys.stats(site, day));
        pipe.zrange(this.keys.queueTimes(site, day), '0', '-1', 'WITHSCORES');
      }
    }
    const results = (await pipe.exec()) ?? [];
    return days.map((date, d) => {
      const totals = Object.fromEntries(STAT_FIELDS.map((f) => [f, 0])) as Record<StatField, number>;
      const seconds: number[] = [];
      sites.forEach((_, s) => {
        const base = (d * sites.length + s) * 2;
        const [hashErr, hash] = results[base] ?? [null, {}];
        const [timesErr, times] = results[base + 1] ?? [null, []];
        if (hashErr || timesErr) throw hashErr ?? timesErr;
        for (const f of STAT_FIELDS) totals[f] += Number((hash as Record<string, string>)[f] ?? 0);
        const flat = times as string[];
        for (let i = 1; i < flat.length; i += 2) seconds.push(Number(flat[i]));
      });
      return { date, ...totals, medianQueueSeconds: median(seconds) };
    });
  }
}

/** The median of a list of numbers, or null when it is empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
