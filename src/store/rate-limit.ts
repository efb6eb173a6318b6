/**
 * Ingest token buckets in Redis, shared by every API process: one script takes a token from each bucket a request
 * falls under (its site, its author's IP, the caller's address) or from none of them, atomically, on Redis's clock,
 * so several API processes behind a load balancer enforce one limit and their clocks never disagree.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimit } from '../platform/config.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';

/**
 * The Lua function `takeTokens(k0, a0)`: takes one token from each bucket KEYS[k0..#KEYS] or from none of them.
 * Bucket i (1-based from k0) has its refill rate in tokens per millisecond at ARGV[a0 + 2i - 1] and its burst
 * (capacity) at ARGV[a0 + 2i]. Returns 0, 0 when one token was taken from every bucket, or wait ms, i when bucket i
 * (the one that frees up last) has less than one token; then nothing is taken from any bucket.
 * A bucket that does not exist is full; each expires once it would be full again, so idle buckets cost nothing.
 * Shared by the script below and by the comment upsert of the webhook (src/store/comments.ts), which takes the tokens
 * and stores the comment in one round trip.
 */
export const TAKE_TOKENS_LUA = `
local function takeTokens(k0, a0)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local levels = {}
  local wait, blocked = 0, 0
  for i = 1, #KEYS - k0 + 1 do
    local rate, burst = tonumber(ARGV[a0 + 2 * i - 1]), tonumber(ARGV[a0 + 2 * i])
    local h = redis.call('HMGET', KEYS[k0 + i - 1], 'tokens', 'ts')
    local tokens = tonumber(h[1]) or burst
    local ts = tonumber(h[2]) or now
    tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
    levels[i] = tokens
    if tokens < 1 then
      local w = math.ceil((1 - tokens) / rate)
      if w > wait then wait, blocked = w, i end
    end
  end
  if blocked > 0 then return wait, blocked end
  for i = 1, #KEYS - k0 + 1 do
    local rate, burst = tonumber(ARGV[a0 + 2 * i - 1]), tonumber(ARGV[a0 + 2 * i])
    redis.call('HSET', KEYS[k0 + i - 1], 'tokens', tostring(levels[i] - 1), 'ts', now)
    redis.call('PEXPIRE', KEYS[k0 + i - 1], math.ceil(burst / rate) + 1000)
  end
  return 0, 0
end
`;

/**
 * takeTokens — KEYS[1..N] the buckets (hashes: tokens, ts); ARGV[2i-1], ARGV[2i] bucket i's rate and burst.
 * Returns {1, 0, 0} when one token was taken from every bucket, or {0, wait ms, i} when bucket i refused (see above).
 */
const takeScript = `${TAKE_TOKENS_LUA}
local wait, blocked = takeTokens(1, 0)
if blocked > 0 then return {0, wait, blocked} end
return {1, 0, 0}
`;

/** The scopes a request is limited in: a comment's site, author IP and caller; a site key's labels (src/http/label-admission.ts). */
export type RateScope = 'site' | 'ip' | 'client' | 'label';

/** One bucket a request falls under. */
export interface BucketRequest {
  readonly scope: RateScope;
  /** The site id (scopes `site`, `label`), or an address (hashed before it becomes part of a key name). */
  readonly id: string;
  readonly limit: RateLimit;
}

/** The outcome of {@link RateLimitStore.take}. */
export type TakeResult = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number; readonly scope: RateScope };

/** Buckets ready for a script: their keys, and two arguments (rate per ms, burst) each; the disabled ones left out. */
export interface PreparedBuckets {
  readonly keys: readonly string[];
  readonly args: readonly number[];
  readonly scopes: readonly RateScope[];
}

/** Addresses never appear in key names in clear (privacy): a short hash stands for them. */
const hashed = (value: string): string => createHash('sha256').update(value.trim().toLowerCase()).digest('base64url').slice(0, 22);

/** The ingest token buckets of one installation (see the file header). */
export class RateLimitStore {
  private readonly script: LuaScript[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Takes one token from each bucket, or none; buckets whose limit is 0 (disabled) are left out. */
  async take(buckets: readonly BucketRequest[]): Promise<TakeResult> {
    const prepared = this.prepare(buckets);
    if (prepared.keys.length === 0) return { allowed: true };
    const [allowed, wait, index] = (await this.scriptFor(prepared.keys.length).run(this.redis, prepared.keys, prepared.args)) as [number, number, number];
    if (allowed === 1) return { allowed: true };
    return { allowed: false, retryAfterMs: wait, scope: prepared.scopes[index - 1]! };
  }

  /** The keys and arguments of the enabled buckets among `buckets`, for {@link TAKE_TOKENS_LUA}. */
  prepare(buckets: readonly BucketRequest[]): PreparedBuckets {
    const keys: string[] = [];
    const args: number[] = [];
    const scopes: RateScope[] = [];
    for (const b of buckets) {
      if (b.limit.perSecond <= 0) continue;
      keys.push(this.keys.rateBucket(b.scope, b.scope === 'site' || b.scope === 'label' ? b.id : hashed(b.id)));
      args.push(b.limit.perSecond / 1000, b.limit.burst);
      scopes.push(b.scope);
    }
    return { keys, args, scopes };
  }

  /** LuaScript checks its key count, so there is one per number of buckets (the source, and so the SHA, is shared). */
  private scriptFor(n: number): LuaScript {
    return (this.script[n] ??= new LuaScript(`takeTokens${n}`, n, takeScript));
  }
}
