/**
 * The local reputation memory: domains, addresses, emails and brand tokens of confirmed spam, by the time spam with
 * them was last confirmed. Fed by the worker when a rule rejects a comment with near certainty (src/store/scored.ts),
 * and by moderators (`confirmSpam`); a moderator's ham decision on a comment forgets that comment's confirmations
 * (`forget`), its own only. Later comments are checked against it in the flood script (src/store/flood.ts: one ZSCORE
 * per value), entries older than the flood store's `reputationMs` ignored.
 *
 * Three structures, kept together by Lua scripts so that undoing a decision is exact:
 * - `rep:<kind>`: value → the latest confirmation still standing (ms) — what the flood script reads;
 * - `rep-by:<kind>:<value>`: the comments (`site\nid`) that confirmed the value → when (ms);
 * - `rep-of:<site>:<id>`: the values (`kind\nvalue`) a comment confirmed.
 * Forgetting a comment takes its ref out of each of its values' `rep-by` sets and sets the value's score to the latest
 * remaining confirmation, or removes the value when none remain: the memory is as if the comment had never been
 * confirmed (key TTLs aside). A `rep-by` set keeps the {@link MAX_CONFIRMATIONS} latest comments, and every structure
 * lets go of confirmations older than {@link REPUTATION_KEEP_MS}, as the main sets always did.
 */
import type { Redis } from 'ioredis';
import type { CommentInput } from '../domain/comment.js';
import { buildContext } from '../scoring/context.js';
import { floodKeysOf } from '../scoring/flood-keys.js';
import type { ReputationKind } from '../scoring/signals.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';

/** One remembered value. */
export interface ReputationValue {
  readonly kind: ReputationKind;
  readonly value: string;
}

/** One confirmation a comment made: the value, and when (ms). */
export interface Confirmation extends ReputationValue {
  readonly at: number;
}

/** The comment a confirmation comes from. */
export interface ConfirmingComment {
  readonly site: string;
  readonly id: string;
}

const NO_SETTINGS = { thresholds: { review: 0.5, spam: 0.9 }, languages: [] };
export const REPUTATION_KEEP_MS = 365 * 86_400_000;
/** Confirming comments kept per value (the latest): forgetting all of them forgets the value. */
export const MAX_CONFIRMATIONS = 1_000;
/** Values the retention trim handles per script run. */
const TRIM_BATCH = 200;

/** The values of a comment the reputation memory keeps: its promoted domains, address, email and brand token. */
export function reputationValuesOf(comment: CommentInput): ReputationValue[] {
  return [...floodKeysOf(buildContext(comment, NO_SETTINGS, new Date(0)), Infinity).reputation];
}

/** A comment's ref in the `rep-by` sets: `site\nid`. */
export const confirmationRef = (c: ConfirmingComment): string => `${c.site}\n${c.id}`;

/**
 * Lua: `confirmReputation(main, by, of, value, member, ref, now, cutoff)` records that comment `ref` confirmed `value`
 * (`member` = `kind\nvalue`) at `now` — in its `rep-by` set `by` (trimmed to `cutoff` and the latest
 * MAX_CONFIRMATIONS), in the comment's `rep-of` set `of` — and sets the value's score in `main` to its latest
 * confirmation. Shared by the confirm script here and the scoring worker's write (src/store/scored.ts).
 */
export const CONFIRM_REPUTATION_LUA = `
local function confirmReputation(main, by, of, value, member, ref, now, cutoff)
  redis.call('ZADD', by, now, ref)
  redis.call('ZREMRANGEBYSCORE', by, '-inf', cutoff)
  redis.call('ZREMRANGEBYRANK', by, 0, -${MAX_CONFIRMATIONS + 1})
  redis.call('PEXPIRE', by, ${REPUTATION_KEEP_MS})
  local top = redis.call('ZRANGE', by, -1, -1, 'WITHSCORES')
  if top[1] then redis.call('ZADD', main, top[2], value) end
  redis.call('ZREMRANGEBYSCORE', main, '-inf', cutoff)
  redis.call('SADD', of, member)
  redis.call('PEXPIRE', of, ${REPUTATION_KEEP_MS})
end
`;

/**
 * confirmReputation — KEYS[1] the comment's `rep-of` set, then R main sets, then R `rep-by` sets.
 * ARGV[1] ref `site\nid`, ARGV[2] now ms, ARGV[3] cutoff ms, then R pairs (kind, value).
 */
const confirmScript = new LuaScript(
  'confirmReputation',
  -1,
  `${CONFIRM_REPUTATION_LUA}
local r = (#KEYS - 1) / 2
for j = 1, r do
  local kind, value = ARGV[2 + 2 * j], ARGV[3 + 2 * j]
  confirmReputation(KEYS[1 + j], KEYS[1 + r + j], KEYS[1], value, kind .. '\\n' .. value, ARGV[1], ARGV[2], ARGV[3])
end
return r
`,
);

/**
 * forgetReputation — KEYS[1] the comment's `rep-of` set. ARGV[1] its ref `site\nid`, ARGV[2] the main sets' prefix
 * (`…:rep:`), ARGV[3] the `rep-by` sets' prefix (`…:rep-by:`).
 * Takes the comment out of each of its values' `rep-by` sets; a value's score becomes its latest remaining
 * confirmation (never re-added when something else — retention, age — removed it already), or the value goes when
 * none remain. Returns the comment's values as `kind\nvalue`.
 */
const forgetScript = new LuaScript(
  'forgetReputation',
  1,
  `
local members = redis.call('SMEMBERS', KEYS[1])
for _, m in ipairs(members) do
  local cut = string.find(m, '\\n', 1, true)
  local kind, value = string.sub(m, 1, cut - 1), string.sub(m, cut + 1)
  local main, by = ARGV[2] .. kind, ARGV[3] .. kind .. ':' .. value
  if redis.call('ZREM', by, ARGV[1]) == 1 then
    local top = redis.call('ZRANGE', by, -1, -1, 'WITHSCORES')
    if not top[1] then
      redis.call('ZREM', main, value)
    elseif redis.call('ZSCORE', main, value) then
      redis.call('ZADD', main, top[2], value)
    end
  end
end
redis.call('DEL', KEYS[1])
return members
`,
);

/**
 * trimReputation — KEYS[1] the main set of one kind. ARGV[1] the kind, ARGV[2] cutoff ms, ARGV[3] the `rep-by`
 * prefix, ARGV[4] the `rep-of` prefix (`…:rep-of:`), ARGV[5] at most this many values.
 * Removes values last confirmed at or before the cutoff, with their `rep-by` sets and their entries in the confirming
 * comments' `rep-of` sets (so an address or email leaves every structure). Returns how many values went.
 */
const trimScript = new LuaScript(
  'trimReputation',
  1,
  `
local values = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[5]))
for _, value in ipairs(values) do
  local by = ARGV[3] .. ARGV[1] .. ':' .. value
  for _, ref in ipairs(redis.call('ZRANGE', by, 0, -1)) do
    local cut = string.find(ref, '\\n', 1, true)
    if cut then redis.call('SREM', ARGV[4] .. string.sub(ref, 1, cut - 1) .. ':' .. string.sub(ref, cut + 1), ARGV[1] .. '\\n' .. value) end
  end
  redis.call('DEL', by)
  redis.call('ZREM', KEYS[1], value)
end
return #values
`,
);

export class ReputationStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Remembers the values of a comment confirmed as spam (by a moderator), as that comment's confirmations. */
  async confirmSpam(comment: CommentInput & { readonly site: string }, now: Date): Promise<ReputationValue[]> {
    const values = reputationValuesOf(comment);
    await this.remember(values, now, comment);
    return values;
  }

  /** Remembers values as confirmed spam at `now` by comment `by` (whose {@link forget} takes them out again). */
  async remember(values: readonly ReputationValue[], now: Date, by: ConfirmingComment): Promise<void> {
    if (values.length === 0) return;
    const k = this.keys;
    const keys = [k.reputationOf(by.site, by.id), ...values.map((v) => k.reputation(v.kind)), ...values.map((v) => k.reputationBy(v.kind, v.value))];
    const args: Array<string | number> = [confirmationRef(by), now.getTime(), now.getTime() - REPUTATION_KEEP_MS];
    for (const v of values) args.push(v.kind, v.value);
    await confirmScript.run(this.redis, keys, args);
  }

  /**
   * Forgets a comment's confirmations (a moderator found it to be ham): only its own — other comments' confirmations
   * of the same values stand, each value scored by the latest of them. Returns the values it had confirmed.
   */
  async forget(comment: ConfirmingComment): Promise<ReputationValue[]> {
    const k = this.keys;
    const members = (await forgetScript.run(
      this.redis,
      [k.reputationOf(comment.site, comment.id)],
      [confirmationRef(comment), k.reputation(''), k.reputationBy('', '').slice(0, -1)],
    )) as string[];
    return members.map((m) => {
      const cut = m.indexOf('\n');
      return { kind: m.slice(0, cut) as ReputationKind, value: m.slice(cut + 1) };
    });
  }

  /** The confirmations a comment made that still stand, with their times (to {@link restore} them later). */
  async confirmationsOf(comment: ConfirmingComment): Promise<Confirmation[]> {
    const k = this.keys;
    const members = (await this.redis.smembers(k.reputationOf(comment.site, comment.id))).sort();
    const ref = confirmationRef(comment);
    const out: Confirmation[] = [];
    for (const m of members) {
      const cut = m.indexOf('\n');
      const kind = m.slice(0, cut) as ReputationKind;
      const value = m.slice(cut + 1);
      const at = await this.redis.zscore(k.reputationBy(kind, value), ref);
      if (at !== null) out.push({ kind, value, at: Number(at) });
    }
    return out;
  }

  /**
   * Makes a comment's confirmations exactly `confirmations` (as {@link confirmationsOf} read them), each at its own
   * time: undoing a decision, which confirmed or forgot them.
   */
  async restore(comment: ConfirmingComment, confirmations: readonly Confirmation[]): Promise<void> {
    await this.forget(comment);
    const byTime = new Map<number, ReputationValue[]>();
    for (const c of confirmations) byTime.set(c.at, [...(byTime.get(c.at) ?? []), { kind: c.kind, value: c.value }]);
    for (const [at, values] of byTime) await this.remember(values, new Date(at), comment);
  }

  /**
   * Drops the values of `kinds` last confirmed at or before `cutoffMs`, everywhere they are kept (the retention sweep:
   * addresses and emails); returns how many.
   */
  async trim(kinds: readonly string[], cutoffMs: number): Promise<number> {
    const k = this.keys;
    let removed = 0;
    for (const kind of kinds) {
      for (;;) {
        const n = Number(
          await trimScript.run(this.redis, [k.reputation(kind)], [kind, cutoffMs, k.reputationBy('', '').slice(0, -1), k.reputationOf('', '').slice(0, -1), TRIM_BATCH]),
        );
        removed += n;
        if (n < TRIM_BATCH) break;
      }
    }
    return removed;
  }

  /** When spam with this value was last confirmed, or undefined. */
  async confirmedAt(kind: ReputationKind, value: string): Promise<Date | undefined> {
    const at = await this.redis.zscore(this.keys.reputation(kind), value);
    return at === null ? undefined : new Date(Number(at));
  }
}
