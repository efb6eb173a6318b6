/**
 * Flood windows and the reputation memory in Redis, shared by every worker. One script per comment — one round trip —
 * records the comment in each of its windows (per site and across sites), trims the windows, and returns what each
 * window holds, with the reputation hits of its values. The worker calls it before the pipeline and hands the result
 * to the pure phases as `signals`.
 */
import type { Redis } from 'ioredis';
import type { Verdict } from '../verdict.js';
import type { FloodKeys } from '../scoring/flood-keys.js';
import type { FloodCount, FloodKind, FloodScope, ReputationHit, ScoringSignals } from '../scoring/signals.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';

/**
 * reflagComment — KEYS[1] the comment hash, KEYS[2] the site's review set.
 * ARGV[1] revision, ARGV[2] the scoredAt of the verdict that was read, ARGV[3] new verdict JSON, ARGV[4] '1' to hold
 * (add to the review set), ARGV[5] receivedAt ms, ARGV[6] comment id, ARGV[7] channel, ARGV[8] message.
 * Like saveVerdict, but only while the comment still has that machine verdict, `ham`, and no human decided it.
 * Returns 1 when re-flagged, 0 otherwise.
 */
const reflagScript = new LuaScript(
  'reflagComment',
  2,
  `
local h = redis.call('HMGET', KEYS[1], 'rev', 'status', 'verdict')
if not h[1] or tonumber(h[1]) ~= tonumber(ARGV[1]) or h[2] ~= 'scored' or not h[3] then return 0 end
local old = cjson.decode(h[3])
if old['verdict'] ~= 'ham' or old['scoredAt'] ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'verdict', ARGV[3])
if ARGV[4] == '1' then redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6]) end
redis.call('PUBLISH', ARGV[7], ARGV[8])
return 1
`,
);

/**
 * recordFlood — KEYS[1..N] the windows, KEYS[N+1..N+R] the reputation sets, KEYS[N+R+1] the first-seen set of domains.
 * ARGV[1] now ms, ARGV[2] window ms, ARGV[3] member, ARGV[4] simhash ('' without), ARGV[5] max SimHash distance,
 * ARGV[6] members returned per window, ARGV[7] how long first sightings are kept (ms), ARGV[8] N, ARGV[9] R,
 * then N pairs (window kind: d domain, t text band, o other; value), then R reputation values.
 * Returns { { {total, ageMs or -1, {members…}} per window }, { last confirmed ms or false per value } }.
 * Text-band members start with the text's SimHash; only those within the distance count, returned without it.
 */
const SCRIPT = `
local now = tonumber(ARGV[1])
local win = tonumber(ARGV[2])
local me = ARGV[3]
local sim = ARGV[4]
local maxd = tonumber(ARGV[5])
local limit = tonumber(ARGV[6])
local nw = tonumber(ARGV[8])
local nr = tonumber(ARGV[9])
local seen = KEYS[nw + nr + 1]
local function pop(x)
  local c = 0
  while x ~= 0 do x = bit.band(x, x - 1); c = c + 1 end
  return c
end
local function dist(a, b)
  local d = 0
  for i = 1, 16, 4 do
    d = d + pop(bit.bxor(tonumber(string.sub(a, i, i + 3), 16), tonumber(string.sub(b, i, i + 3), 16)))
  end
  return d
end
local out = {}
for i = 1, nw do
  local key = KEYS[i]
  local kind = ARGV[8 + 2 * i]
  local value = ARGV[9 + 2 * i]
  local member = me
  if kind == 't' then member = sim .. '\\t' .. me end
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, win * 2)
  local total = redis.call('ZCARD', key)
  -- Trimmed only when it holds others: most windows hold this comment alone (three calls, nothing read back).
  if total > 1 then total = total - redis.call('ZREMRANGEBYSCORE', key, '-inf', now - win) end
  local recent
  if total == 1 then
    recent = {member}
  else
    recent = redis.call('ZREVRANGEBYSCORE', key, '+inf', now - win, 'LIMIT', 0, limit)
  end
  if kind == 't' then
    local kept = {}
    for _, m in ipairs(recent) do
      if dist(sim, string.sub(m, 1, 16)) <= maxd then kept[#kept + 1] = string.sub(m, 18) end
    end
    recent = kept
    total = #kept
  end
  local age = -1
  if kind == 'd' then
    redis.call('ZADD', seen, 'NX', now, value)
    age = now - tonumber(redis.call('ZSCORE', seen, value))
  end
  out[i] = {total, age, recent}
end
redis.call('ZREMRANGEBYSCORE', seen, '-inf', now - tonumber(ARGV[7]))
local rep = {}
for j = 1, nr do
  rep[j] = redis.call('ZSCORE', KEYS[nw + j], ARGV[9 + 2 * nw + j])
end
return {out, rep}
`;

/** Options of the flood store. */
export interface FloodOptions {
  /** Sliding window length (default 10 minutes). */
  readonly windowMs: number;
  /** Largest SimHash distance that counts as a near-duplicate (default 7 bits: one word changed in a short text). */
  readonly maxDistance: number;
  /** Members read back per window (bounds the work in a huge flood; counts of authors saturate there). */
  readonly limit: number;
  /** How long a first sighting of a domain is remembered (default 90 days). */
  readonly seenMs: number;
  /** How long confirmed spam stays in the reputation memory (default 180 days). */
  readonly reputationMs: number;
}

export const DEFAULT_FLOOD_OPTIONS: FloodOptions = {
  windowMs: 10 * 60_000,
  maxDistance: 7,
  limit: 50,
  seenMs: 90 * 86_400_000,
  reputationMs: 180 * 86_400_000,
};

const KIND_CODE: Record<FloodKind, string> = { domain: 'd', text: 't', ip: 'o', subnet: 'o', author: 'o', brand: 'o' };
const SCOPES: readonly FloodScope[] = ['site', 'all'];

type WindowReply = [number, number, string[]];

export class FloodStore {
  private sha: string | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    readonly options: FloodOptions = DEFAULT_FLOOD_OPTIONS,
  ) {}

  /** Records comment `site`/`id` in its windows at `now` and returns the signals for scoring. Idempotent per comment. */
  async record(site: string, id: string, fk: FloodKeys, now: Date): Promise<ScoringSignals> {
    const o = this.options;
    const windows = fk.windows.flatMap((w) => SCOPES.map((scope) => ({ ...w, scope })));
    const keys = [
      ...windows.map((w) => this.keys.flood(w.scope === 'site' ? site : '*', w.kind, w.value)),
      ...fk.reputation.map((r) => this.keys.reputation(r.kind)),
      this.keys.floodSeen('domain'),
    ];
    const member = `${fk.author}\t${fk.ip}\t${fk.post}\t${site}\n${id}`;
    const args: Array<string | number> = [now.getTime(), o.windowMs, member, fk.simhash ?? '', o.maxDistance, o.limit, o.seenMs, windows.length, fk.reputation.length];
    for (const w of windows) args.push(KIND_CODE[w.kind], w.value);
    for (const r of fk.reputation) args.push(r.value);
    const [replies, rep] = (await this.eval(keys, args)) as [WindowReply[], Array<string | null>];
    const self = `${site}\n${id}`;
    // Text bands of one scope merge into one window: the union of their near-duplicates.
    const merged = new Map<string, { kind: FloodKind; value: string; scope: FloodScope; total: number; age: number; members: Set<string> }>();
    windows.forEach((w, i) => {
      const [total, age, members] = replies[i] ?? [0, -1, []];
      const value = w.kind === 'text' ? (fk.simhash ?? w.value) : w.value;
      const key = `${w.scope}\n${w.kind}\n${value}`;
      const entry = merged.get(key) ?? { kind: w.kind, value, scope: w.scope, total: 0, age, members: new Set<string>() };
      for (const m of members) entry.members.add(m);
      entry.total = w.kind === 'text' ? entry.members.size : Math.max(entry.total, total);
      merged.set(key, entry);
    });
    const floods: FloodCount[] = [...merged.values()].map((e) => ({
      kind: e.kind,
      value: e.value,
      scope: e.scope,
      comments: e.total,
      ...countMembers([...e.members], self),
      ...(e.age >= 0 ? { ageMs: e.age } : {}),
    }));
    const reputation: ReputationHit[] = [];
    fk.reputation.forEach((r, j) => {
      const at = rep[j];
      if (at !== null && at !== undefined && now.getTime() - Number(at) < o.reputationMs) reputation.push({ ...r, confirmedAt: Number(at) });
    });
    return { windowMs: o.windowMs, floods, reputation };
  }

  /**
   * Replaces the machine verdict `expected` of an earlier comment (still `scored` and `ham`, never decided by a
   * human) with `verdict`, holding it for review when `hold`. Returns false when anything changed meanwhile.
   */
  async reflag(expected: Verdict, verdict: Verdict, revision: number, hold: boolean): Promise<boolean> {
    const k = this.keys;
    const done = await reflagScript.run(
      this.redis,
      [k.comment(verdict.site, verdict.id), k.review(verdict.site)],
      [revision, expected.scoredAt ?? '', JSON.stringify(verdict), hold ? '1' : '0', Date.parse(verdict.receivedAt), verdict.id, k.verdictChannel(), `${verdict.site}\n${verdict.id}`],
    );
    return done === 1;
  }

  private async eval(keys: string[], args: Array<string | number>): Promise<unknown> {
    if (this.sha) {
      try {
        return await this.redis.evalsha(this.sha, keys.length, ...keys, ...args);
      } catch (err) {
        if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      }
    }
    this.sha = (await this.redis.script('LOAD', SCRIPT)) as string;
    return this.redis.evalsha(this.sha, keys.length, ...keys, ...args);
  }
}

/** Distinct authors, posts and sites among a window's members (this comment included), and the earlier ones. */
function countMembers(members: readonly string[], self: string): Pick<FloodCount, 'authors' | 'posts' | 'sites' | 'earlier'> {
  const authors = new Set<string>();
  const posts = new Set<string>();
  const sites = new Set<string>();
  const earlier: string[] = [];
  for (const m of members) {
    const [author = '', , post = '', ...rest] = m.split('\t');
    const ref = rest.join('\t');
    authors.add(author);
    posts.add(post);
    sites.add(ref.slice(0, ref.indexOf('\n')));
    if (ref !== self) earlier.push(ref);
  }
  return { authors: authors.size, posts: posts.size, sites: sites.size, earlier };
}
