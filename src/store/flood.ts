/**
 * Flood windows and the reputation memory in Redis, shared by every worker. One script per comment — one round trip —
 * records the comment in each of its windows (per site and across sites), trims the windows, and returns what each
 * window holds, with the reputation hits of its values. The worker calls it before the pipeline and hands the result
 * to the pure phases as `signals`.
 */
import type { Redis } from 'ioredis';
import type { Verdict } from '../domain/verdict.js';
import type { FloodKeys } from '../scoring/flood-keys.js';
import type { FloodCount, FloodKind, FloodScope, ReputationHit, ScoringSignals } from '../scoring/signals.js';
import { CommentIndexStore } from './comment-index.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';
import { dayOf, STATS_TTL_SECONDS } from './stats.js';

/**
 * reflagComment — KEYS[1] the comment hash, KEYS[2] the site's review set, KEYS[3] the stats hash of its day.
 * ARGV[1] revision, ARGV[2] the scoredAt of the verdict that was read, ARGV[3] new verdict JSON, ARGV[4] '1' to hold
 * (add to the review set), ARGV[5] receivedAt ms, ARGV[6] comment id, ARGV[7] channel, ARGV[8] message, ARGV[9] stats
 * TTL seconds. Like saveVerdict, but only while the comment still has that machine verdict, `ham`, and no human decided
 * it; counts `reflagged` in the day's stats (once: the verdict is no longer `ham` after). Returns 1 when re-flagged.
 */
const reflagScript = new LuaScript(
  'reflagComment',
  3,
  `
local h = redis.call('HMGET', KEYS[1], 'rev', 'status', 'verdict')
if not h[1] or tonumber(h[1]) ~= tonumber(ARGV[1]) or h[2] ~= 'scored' or not h[3] then return 0 end
local old = cjson.decode(h[3])
if old['verdict'] ~= 'ham' or old['scoredAt'] ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'verdict', ARGV[3])
if ARGV[4] == '1' then redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6]) end
redis.call('HINCRBY', KEYS[3], 'reflagged', 1)
redis.call('EXPIRE', KEYS[3], ARGV[9])
redis.call('PUBLISH', ARGV[7], ARGV[8])
return 1
`,
);

/**
 * recordFlood — KEYS[1..N] the comment's site windows, KEYS[N+1..N+R] the reputation sets, KEYS[N+R+1] the first-seen
 * set of domains, KEYS[N+R+2] the sites that posted within the window, KEYS[N+R+3] the all-sites generation hash,
 * KEYS[N+R+4..N+2R+3] the reputation values' confirming comments (`rep-by`).
 * ARGV[1] now ms, ARGV[2] window ms, ARGV[3] member, ARGV[4] simhash ('' without), ARGV[5] max SimHash distance,
 * ARGV[6] members returned per window, ARGV[7] how long first sightings are kept (ms), ARGV[8] N, ARGV[9] R,
 * ARGV[10] the site, ARGV[11] the flood key prefix (`<prefix>:flood:`), then N triples (window kind: d domain, t text
 * band, o other; value; `kind:value` of its key), then R reputation values, then the oldest confirmation that counts (ms).
 * Returns { { {total, ageMs or -1, {members…}} per site window, then per all-sites window when several sites post },
 * { {last confirmed ms or false, 1 when a counting confirmation came from this site else 0} per value } }.
 * Text-band members start with the text's SimHash; only those within the distance count, returned without it.
 *
 * The all-sites windows are the union of the site windows. While one site alone posted within the window (every
 * single-site install, always) they equal its windows: nothing is written to them and nothing returned. Once several
 * sites post, a new generation of all-sites windows starts; each is built from the union of the active sites'
 * windows the first time it is touched, and written with them after that. So the counts are those of windows written
 * by every comment all along, at half the writes on one site.
 * (The script names the other sites' window keys itself: fine on one Redis, as the rest of the store assumes.)
 * A window's expiry is renewed when it is created (holds this comment alone) or when trimming removed someone: a
 * window that is written keeps its live members (whatever is left unrenewed for 2 windows is older than a window).
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
local site = ARGV[10]
local base = ARGV[11]
local seen = KEYS[nw + nr + 1]
local sites = KEYS[nw + nr + 2]
local gens = KEYS[nw + nr + 3]
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
local function window(key, kind, member)
  redis.call('ZADD', key, now, member)
  local total = redis.call('ZCARD', key)
  local renew = total == 1
  -- Trimmed only when it holds others: most windows hold this comment alone.
  if total > 1 then
    local gone = redis.call('ZREMRANGEBYSCORE', key, '-inf', now - win)
    if gone > 0 then total = total - gone; renew = true end
  end
  if renew then redis.call('PEXPIRE', key, win * 2) end
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
  return total, recent
end
redis.call('ZADD', sites, 'GT', now, site)
redis.call('ZREMRANGEBYSCORE', sites, '-inf', now - win)
local multi = redis.call('ZCARD', sites) > 1
local gen = false
if multi then
  gen = redis.call('HGET', gens, 'on')
  if not gen then
    gen = tostring(redis.call('HINCRBY', gens, 'n', 1))
    redis.call('HSET', gens, 'on', gen)
  end
else
  redis.call('HDEL', gens, 'on')
end
local out = {}
local ages = {}
for i = 1, nw do
  local kind = ARGV[9 + 3 * i]
  local value = ARGV[10 + 3 * i]
  local member = me
  if kind == 't' then member = sim .. '\\t' .. me end
  local total, recent = window(KEYS[i], kind, member)
  local age = -1
  if kind == 'd' then
    redis.call('ZADD', seen, 'NX', now, value)
    age = now - tonumber(redis.call('ZSCORE', seen, value))
  end
  ages[i] = age
  out[i] = {total, age, recent}
end
if multi then
  local active = false
  for i = 1, nw do
    local kind = ARGV[9 + 3 * i]
    local suffix = ARGV[11 + 3 * i]
    local key = base .. '*' .. gen .. ':' .. suffix
    local member = me
    if kind == 't' then member = sim .. '\\t' .. me end
    if redis.call('EXISTS', key) == 0 then
      if not active then active = redis.call('ZRANGE', sites, 0, -1) end
      -- In chunks (Lua's unpack has a limit): each later chunk adds to what the earlier ones stored.
      for from = 1, #active, 1000 do
        local src = {}
        if from > 1 then src[1] = key end
        for j = from, math.min(#active, from + 999) do src[#src + 1] = base .. active[j] .. ':' .. suffix end
        redis.call('ZUNIONSTORE', key, #src, unpack(src))
      end
      redis.call('PEXPIRE', key, win * 2)
    end
    local total, recent = window(key, kind, member)
    out[nw + i] = {total, ages[i], recent}
  end
end
redis.call('ZREMRANGEBYSCORE', seen, '-inf', now - tonumber(ARGV[7]))
-- Reputation: when a value was last confirmed, and whether a confirmation still counting came from this site.
local rep = {}
local here = ARGV[10] .. '\\n'
local since = ARGV[12 + 3 * nw + nr]
for j = 1, nr do
  local at = redis.call('ZSCORE', KEYS[nw + j], ARGV[11 + 3 * nw + j])
  local mine = 0
  if at then
    for _, ref in ipairs(redis.call('ZRANGEBYSCORE', KEYS[nw + nr + 3 + j], since, '+inf')) do
      if string.sub(ref, 1, #here) == here then mine = 1 break end
    end
  end
  rep[j] = {at, mine}
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
const SITE_ONLY: readonly FloodScope[] = ['site'];

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
    const k = this.keys;
    const n = fk.windows.length;
    const keys = [
      ...fk.windows.map((w) => k.flood(site, w.kind, w.value)),
      ...fk.reputation.map((r) => k.reputation(r.kind)),
      k.floodSeen('domain'),
      k.floodSites(),
      k.floodGeneration(),
      ...fk.reputation.map((r) => k.reputationBy(r.kind, r.value)),
    ];
    const member = `${fk.author}\t${fk.ip}\t${fk.post}\t${site}\n${id}`;
    const args: Array<string | number> = [now.getTime(), o.windowMs, member, fk.simhash ?? '', o.maxDistance, o.limit, o.seenMs, n, fk.reputation.length, site, k.flood('', '', '').slice(0, -2)];
    for (const w of fk.windows) args.push(KIND_CODE[w.kind], w.value, `${w.kind}:${w.value}`);
    for (const r of fk.reputation) args.push(r.value);
    args.push(now.getTime() - o.reputationMs);
    const [replies, rep] = (await this.eval(keys, args)) as [WindowReply[], Array<[string | null, number]>];
    const self = `${site}\n${id}`;
    // The all-sites windows come back only when several sites post (else they equal the site's). In the order of
    // before (each window's site scope, then its all-sites scope), which decides between equally strong windows.
    const scopes: readonly FloodScope[] = replies.length > n ? SCOPES : SITE_ONLY;
    // Text bands of one scope merge into one window: the union of their near-duplicates.
    const merged = new Map<string, { kind: FloodKind; value: string; scope: FloodScope; total: number; age: number; members: Set<string> }>();
    fk.windows.forEach((w, i) => {
      for (const scope of scopes) {
        const [total, age, members] = replies[scope === 'site' ? i : n + i] ?? [0, -1, []];
        const value = w.kind === 'text' ? (fk.simhash ?? w.value) : w.value;
        const key = `${scope}\n${w.kind}\n${value}`;
        const entry = merged.get(key) ?? { kind: w.kind, value, scope, total: 0, age, members: new Set<string>() };
        for (const m of members) entry.members.add(m);
        entry.total = w.kind === 'text' ? entry.members.size : Math.max(entry.total, total);
        merged.set(key, entry);
      }
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
      const [at, mine] = rep[j] ?? [null, 0];
      if (at !== null && now.getTime() - Number(at) < o.reputationMs) reputation.push({ ...r, confirmedAt: Number(at), here: mine === 1 });
    });
    return { windowMs: o.windowMs, floods, reputation };
  }

  /**
   * Replaces the machine verdict `expected` of an earlier comment (still `scored` and `ham`, never decided by a
   * human) with `verdict`, holding it for review when `hold`, and counts it in the stats' `reflagged`. Returns false
   * when anything changed meanwhile.
   */
  async reflag(expected: Verdict, verdict: Verdict, revision: number, hold: boolean): Promise<boolean> {
    const k = this.keys;
    const done = await reflagScript.run(
      this.redis,
      [k.comment(verdict.site, verdict.id), k.review(verdict.site), k.stats(verdict.site, dayOf(verdict.receivedAt))],
      [revision, expected.scoredAt ?? '', JSON.stringify(verdict), hold ? '1' : '0', Date.parse(verdict.receivedAt), verdict.id, k.verdictChannel(), `${verdict.site}\n${verdict.id}`, STATS_TTL_SECONDS],
    );
    if (done === 1) await new CommentIndexStore(this.redis, this.keys).sync(verdict.site, verdict.id);
    return done === 1;
  }

  /**
   * Takes comment `site`/`id` out of its flood windows (an erasure): `candidates` are its flood keys as scoring may
   * have computed them (src/use-cases/erase-person.ts computes them with and without the site's own domains). Its
   * member leaves the site's windows and those of the all-sites generations still alive. Returns how many members went.
   */
  async erase(site: string, id: string, candidates: readonly FloodKeys[]): Promise<number> {
    const k = this.keys;
    const [on, last] = await this.redis.hmget(k.floodGeneration(), 'on', 'n');
    const newest = Number(on ?? last ?? 0);
    // A generation's windows live two windows at most: the few latest cover every one still in Redis.
    const scopes = [site, ...Array.from({ length: Math.min(newest, 8) }, (_, i) => `*${newest - i}`)];
    const multi = this.redis.multi();
    let calls = 0;
    for (const fk of candidates) {
      const member = `${fk.author}\t${fk.ip}\t${fk.post}\t${site}\n${id}`;
      for (const w of fk.windows) {
        const m = w.kind === 'text' ? `${fk.simhash ?? ''}\t${member}` : member;
        for (const scope of scopes) {
          multi.zrem(k.flood(scope, w.kind, w.value), m);
          calls++;
        }
      }
    }
    if (calls === 0) return 0;
    const res = (await multi.exec()) ?? [];
    return res.reduce((sum, [err, n]) => (err ? sum : sum + Number(n)), 0);
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
