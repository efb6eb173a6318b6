/**
 * The comment index in Redis: per site, each comment's moderation state as sorted sets by age and by score (the views
 * of GET /v1/review are unions of states), and an inverted index of search terms (src/store/index-terms.ts),
 * each term a sorted set of ids by receivedAt. A page is read from the sets after a cursor, without reading the
 * comments that are not on it; a search or filter intersects the term sets with a state set inside one script.
 *
 * One writer: fileComment (FILE_COMMENT_LUA) files a comment from what its hash says now (status, verdict, review and
 * shadow membership) with the terms computed from its comment, verdict and campaign keys. The scoring worker runs it
 * inside its one write (src/store/scored.ts); {@link CommentIndexStore.sync} runs it, compare-and-set against what it
 * read, right after every other store method that changes those facts (edits, verdicts, decisions, holds, re-flags,
 * retention).
 * `sluice reindex` runs it over every stored comment (the backfill; idempotent).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { StoredComment } from '../domain/comment.js';
import { indexTerms } from './index-terms.js';
import type { CampaignKey } from '../scoring/campaign.js';
import type { Verdict } from '../domain/verdict.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';

/**
 * The moderation states a comment with a verdict is in exactly one of: held for review, rejected by the machine,
 * passed (published ham, not decided), shadow (a shadow-mode site's would-have-held or rejected), approved and spam
 * (decided by people).
 */
/** Bumped when the filing changes so that the start-up backfill files every comment again (2: author ids, `u:`). */
export const INDEX_VERSION = 2;

export const INDEX_STATES = ['held', 'rejected', 'passed', 'shadow', 'approved', 'spam'] as const;
export type IndexState = (typeof INDEX_STATES)[number];

const FIXED_KEYS = 3 + 2 * INDEX_STATES.length;

/**
 * fileComment(c, review, shadow, first, o, n, id, at, ix, site, channel) — files the comment of hash key `c` as the
 * hash stands: its state (from status, verdict, and membership of the `review` and `shadow` sets) in the 12 state sets
 * KEYS[first .. first + 11] (INDEX_STATES order, age then score), out of the o old term sets that follow, into the n
 * new ones after them (by receivedAt ms `at`), and `ix` (the new terms' JSON) in the hash. When the state changed, it
 * publishes `{site, id, from, to, at}` on `channel` (the site's keys.viewChannel; `from`/`to` '' for no state, `at` ms
 * by Redis's clock): the one place every move of a comment between views is announced (the live streams,
 * src/store/view-events.ts). Shared by the index's script and the scoring worker's one write (src/store/scored.ts).
 */
export const FILE_COMMENT_LUA = `
local INDEX_STATE_NAMES = {${INDEX_STATES.map((s) => `'${s}'`).join(', ')}}
local function fileComment(c, review, shadow, first, o, n, id, at, ix, site, channel)
  local h = redis.call('HMGET', c, 'comment', 'verdict', 'status')
  local state, score = 0, 0
  if h[2] then
    local v = cjson.decode(h[2])
    score = v.score
    if h[3] == 'decided' then
      if v.verdict == 'ham' then state = 5 else state = 6 end
    elseif h[3] == 'scored' then
      if redis.call('ZSCORE', review, id) then state = 1
      elseif redis.call('ZSCORE', shadow, id) then state = 4
      elseif v.verdict == 'spam' then state = 2
      else state = 3 end
    end
  end
  local was = 0
  for s = 1, ${INDEX_STATES.length} do
    local age, by = KEYS[first + 2 * (s - 1)], KEYS[first + 2 * (s - 1) + 1]
    if s == state then
      if redis.call('ZADD', age, at, id) == 0 then was = s end
      redis.call('ZADD', by, score, id)
    else
      if redis.call('ZREM', age, id) == 1 then was = s end
      redis.call('ZREM', by, id)
    end
  end
  if was ~= state then
    local t = redis.call('TIME')
    local moved = {site = site, id = id, from = INDEX_STATE_NAMES[was] or '', to = INDEX_STATE_NAMES[state] or '', at = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)}
    redis.call('PUBLISH', channel, cjson.encode(moved))
  end
  local terms = first + ${2 * INDEX_STATES.length}
  for i = 0, o - 1 do redis.call('ZREM', KEYS[terms + i], id) end
  for i = 0, n - 1 do redis.call('ZADD', KEYS[terms + o + i], at, id) end
  if h[1] then redis.call('HSET', c, 'ix', ix) end
end
`;

/**
 * indexComment — KEYS[1] the comment hash, KEYS[2] the site's review set, KEYS[3] its shadow set, KEYS[4..15] the
 * state sets (age, score) in INDEX_STATES order, then the terms' sets: the O old ones, then the N new ones.
 * ARGV[1] SHA-1 of the comment, verdict and campaign fields as read (joined by NUL), ARGV[2] the `ix` field as read,
 * ARGV[3] the new `ix` field, ARGV[4] id, ARGV[5] receivedAt ms, ARGV[6] O, ARGV[7] N, ARGV[8] site, ARGV[9] its view channel.
 * Returns 0 when the hash changed since it was read (the caller reads it again), else 1.
 */
const indexScript = new LuaScript(
  'indexComment',
  -1,
  `${FILE_COMMENT_LUA}
local h = redis.call('HMGET', KEYS[1], 'comment', 'verdict', 'campaign', 'ix')
if (h[4] or '') ~= ARGV[2] then return 0 end
if redis.sha1hex((h[1] or '') .. '\\0' .. (h[2] or '') .. '\\0' .. (h[3] or '')) ~= ARGV[1] then return 0 end
fileComment(KEYS[1], KEYS[2], KEYS[3], 4, tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[4], ARGV[5], ARGV[3], ARGV[8], ARGV[9])
return 1
`,
);

/**
 * unfileComment — KEYS[1] the comment hash, KEYS[2..13] the state sets (age, score) in INDEX_STATES order, then the
 * term sets it is filed under. ARGV[1] id, ARGV[2] site, ARGV[3] its view channel.
 * Takes the comment out of every state set and term set (erasure: src/use-cases/erase-person.ts), drops its `ix`
 * field, and announces the move out of its view (`to` '') as fileComment does. Returns how many sets held it.
 */
const unfileScript = new LuaScript(
  'unfileComment',
  -1,
  `
local INDEX_STATE_NAMES = {${INDEX_STATES.map((s) => `'${s}'`).join(', ')}}
local was, n = 0, 0
for i = 2, #KEYS do
  if redis.call('ZREM', KEYS[i], ARGV[1]) == 1 then
    n = n + 1
    if i <= ${1 + 2 * INDEX_STATES.length} and (i % 2) == 0 then was = i / 2 end
  end
end
redis.call('HDEL', KEYS[1], 'ix')
if was > 0 then
  local t = redis.call('TIME')
  redis.call('PUBLISH', ARGV[3], cjson.encode({site = ARGV[2], id = ARGV[1], from = INDEX_STATE_NAMES[was], to = '', at = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)}))
end
return n
`,
);

/** A term set larger than this is checked member by member along the page rather than intersected whole. */
export const WALK_FROM = 10_000;
/** Members a walk examines before it gives up for the whole intersection (the view is sparse in the term). */
const WALK_BUDGET = 20_000;
/** A walked listing counts its matches up to this many (ZINTERCARD's LIMIT): the total is then at least this. */
export const TOTAL_CAP = 10_000;

/**
 * pageIndex — KEYS[1] the sorted set to page, KEYS[2] a set to restrict by score range (or any key when unused),
 * KEYS[3] and KEYS[4] scratch keys, KEYS[5..] term sets every listed member must be in.
 * ARGV[1] 'asc' or 'desc', ARGV[2] lowest score, ARGV[3] highest (the filter's range), ARGV[4] where to start (a
 * score bound, after the cursor), ARGV[5] and ARGV[6] the range KEYS[2] is restricted to ('' no restriction),
 * ARGV[7] the cursor's score when members tied with it may follow it ('' none), ARGV[8] 'all' (every tie follows) or
 * 'after' (ties after the member ARGV[9] follow), ARGV[10] page size.
 * With term sets all larger than WALK_FROM (a common word) and no range at all, the page is read along KEYS[1]
 * checking each member's terms (at most WALK_BUDGET members; past that, as below), and the matches are counted up to
 * TOTAL_CAP; otherwise the term sets (and the restricted range) are intersected with KEYS[1] first.
 * Returns {matches in the range, 1 when that count stopped at TOTAL_CAP else 0, then member, score pairs}. Scratch
 * keys are deleted before returning.
 */
const pageScript = new LuaScript(
  'pageIndex',
  -1,
  `
-- byte order, as Redis orders members of equal score (Lua's < on strings follows the server's locale)
local function before(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = a:byte(i), b:byte(i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
local asc, n = ARGV[1] == 'asc', tonumber(ARGV[10])
-- up to n members of set after the cursor that accept(); false when the budget ran out first
local function collect(set, accept, budget)
  local items, got, seen = {}, 0, 0
  if ARGV[7] ~= '' then
    local off = 0
    repeat
      local t
      if asc then t = redis.call('ZRANGEBYSCORE', set, ARGV[7], ARGV[7], 'LIMIT', off, 256)
      else t = redis.call('ZREVRANGEBYSCORE', set, ARGV[7], ARGV[7], 'LIMIT', off, 256) end
      for _, m in ipairs(t) do
        seen = seen + 1
        if got < n and (ARGV[8] == 'all' or (asc and before(ARGV[9], m)) or (not asc and before(m, ARGV[9]))) and accept(m) then
          items[#items + 1] = m
          items[#items + 1] = ARGV[7]
          got = got + 1
        end
      end
      if seen >= budget then return items, false end
      off = off + 256
    until #t < 256 or got >= n
  end
  local off = 0
  while got < n do
    local r
    if asc then r = redis.call('ZRANGEBYSCORE', set, ARGV[4], ARGV[3], 'WITHSCORES', 'LIMIT', off, 256)
    else r = redis.call('ZREVRANGEBYSCORE', set, ARGV[4], ARGV[2], 'WITHSCORES', 'LIMIT', off, 256) end
    for j = 1, #r, 2 do
      seen = seen + 1
      if got < n and accept(r[j]) then
        items[#items + 1] = r[j]
        items[#items + 1] = r[j + 1]
        got = got + 1
      end
    end
    if #r < 512 then break end
    if seen >= budget then return items, false end
    off = off + 256
  end
  return items, true
end
local function always() return true end
local function reply(total, capped, items)
  local out = {total, capped}
  for _, x in ipairs(items) do out[#out + 1] = x end
  return out
end
local terms = {}
for i = 5, #KEYS do terms[#terms + 1] = KEYS[i] end
if #terms > 0 and ARGV[5] == '' and ARGV[2] == '-inf' and ARGV[3] == '+inf' then
  local smallest = math.huge
  for _, k in ipairs(terms) do smallest = math.min(smallest, redis.call('ZCARD', k)) end
  if smallest > ${WALK_FROM} then
    local function has(m)
      for _, k in ipairs(terms) do
        if not redis.call('ZSCORE', k, m) then return false end
      end
      return true
    end
    local items, complete = collect(KEYS[1], has, ${WALK_BUDGET})
    if complete then
      local args = {'ZINTERCARD', #terms + 1, KEYS[1]}
      for _, k in ipairs(terms) do args[#args + 1] = k end
      args[#args + 1] = 'LIMIT'
      args[#args + 1] = ${TOTAL_CAP}
      local total = redis.call(unpack(args))
      if total >= ${TOTAL_CAP} then return reply(total, 1, items) end
      return reply(total, 0, items)
    end
  end
end
local set = KEYS[1]
local inter = {}
if ARGV[5] ~= '' then
  redis.call('ZRANGESTORE', KEYS[3], KEYS[2], ARGV[5], ARGV[6], 'BYSCORE')
  inter[#inter + 1] = KEYS[3]
end
for _, k in ipairs(terms) do inter[#inter + 1] = k end
if #inter > 0 then
  local args = {'ZINTERSTORE', KEYS[4], #inter + 1, set}
  for _, k in ipairs(inter) do args[#args + 1] = k end
  args[#args + 1] = 'WEIGHTS'
  args[#args + 1] = 1
  for _ = 1, #inter do args[#args + 1] = 0 end
  redis.call(unpack(args))
  set = KEYS[4]
end
local items = collect(set, always, math.huge)
local total = redis.call('ZCOUNT', set, ARGV[2], ARGV[3])
if #inter > 0 then redis.call('DEL', KEYS[3], KEYS[4]) end
return reply(total, 0, items)
`,
);

/** A position in a listing: the sort value, the site, the id (ties are ordered by site, then id). */
export type IndexPosition = readonly [number, string, string];

/** One sorted set to page, with what restricts it. */
export interface IndexSource {
  readonly site: string;
  /** A state set (`state`, sorted `by`), or a term's set (by receivedAt). */
  readonly set: { readonly state: IndexState; readonly by: 'age' | 'score' } | { readonly term: string };
  /** Term sets every member must also be in. */
  readonly terms?: readonly string[];
  /** Only members whose sort value is in this range. */
  readonly range?: readonly [number, number];
  /** For a state set: only members whose value in the other sort (score for `age`, age for `score`) is in this range. */
  readonly other?: readonly [number, number];
}

/** What {@link CommentIndexStore.page} found in one source. */
export interface SourcePage {
  /** Entries in the source's range; with `capped`, at least this many (a common word's count stops at TOTAL_CAP). */
  readonly total: number;
  readonly capped: boolean;
  readonly entries: Array<{ site: string; id: string; at: IndexPosition }>;
}

const bound = (n: number): string => (n === Infinity ? '+inf' : n === -Infinity ? '-inf' : String(n));

/** The fingerprint {@link indexScript} compares: SHA-1 of the comment, verdict and campaign fields joined by NUL. */
const fingerprint = (comment: string, verdict: string, campaign: string): string =>
  createHash('sha1').update(`${comment}\0${verdict}\0${campaign}`).digest('hex');

const siteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class CommentIndexStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /**
   * Files a comment as its hash stands: its state set and search terms (a comment without a verdict is in no state;
   * its terms are filed all the same). Returns false when there is no such comment, or it is not this site's (a
   * backfill guessing ids from key names).
   */
  async sync(site: string, id: string): Promise<boolean> {
    const k = this.keys;
    for (let attempt = 0; attempt < 5; attempt++) {
      const [comment, verdict, campaign, ix] = await this.redis.hmget(k.comment(site, id), 'comment', 'verdict', 'campaign', 'ix');
      if (!comment) return false;
      const stored = JSON.parse(comment) as StoredComment;
      if (stored.site !== site || stored.id !== id) return false;
      const parsed = verdict ? (JSON.parse(verdict) as Verdict) : undefined;
      const terms = indexTerms(stored, parsed, campaign ? (JSON.parse(campaign) as CampaignKey[]) : []);
      const old = ix ? (JSON.parse(ix) as string[]) : [];
      const keys = [k.comment(site, id), k.review(site), k.shadow(site), ...this.fileKeys(site, old, terms)];
      const args = [fingerprint(comment, verdict ?? '', campaign ?? ''), ix ?? '', JSON.stringify(terms), id, Date.parse(stored.receivedAt), old.length, terms.length, site, k.viewChannel(site)];
      if ((await indexScript.run(this.redis, keys, args)) === 1) return true;
    }
    throw new Error(`indexComment: comment ${id} kept changing`);
  }

  /** The keys fileComment (FILE_COMMENT_LUA) writes: the state sets, then the old terms' sets, then the new ones'. */
  fileKeys(site: string, old: readonly string[], terms: readonly string[]): string[] {
    const keys: string[] = [];
    for (const state of INDEX_STATES) keys.push(this.keys.viewIndex(site, state, 'age'), this.keys.viewIndex(site, state, 'score'));
    for (const t of [...old, ...terms]) keys.push(this.keys.term(site, t));
    return keys;
  }

  /**
   * Takes a comment out of the index entirely — its state and every term it is filed under (read from its `ix` field,
   * and `extraTerms`, the terms its content gives) — for an erasure. Returns how many index entries went.
   */
  async unfile(site: string, id: string, extraTerms: readonly string[] = []): Promise<number> {
    const k = this.keys;
    const ix = await this.redis.hget(k.comment(site, id), 'ix');
    const terms = [...new Set([...(ix ? (JSON.parse(ix) as string[]) : []), ...extraTerms])];
    const keys = [k.comment(site, id), ...this.fileKeys(site, [], terms)];
    return Number(await unfileScript.run(this.redis, keys, [id, site, k.viewChannel(site)]));
  }

  /** The comments of a site filed under a term (an author's e-mail, address, name…), newest first, at most `limit`. */
  async idsUnder(site: string, term: string, limit = 100_000): Promise<string[]> {
    return this.redis.zrevrange(this.keys.term(site, term), 0, limit - 1);
  }

  /** How many comments each state of each site holds. */
  async counts(sites: readonly string[]): Promise<Record<IndexState, number>> {
    const multi = this.redis.multi();
    for (const site of sites) for (const state of INDEX_STATES) multi.zcard(this.keys.viewIndex(site, state, 'age'));
    const res = (await multi.exec()) ?? [];
    const counts = Object.fromEntries(INDEX_STATES.map((s) => [s, 0])) as Record<IndexState, number>;
    res.forEach(([err, n], i) => {
      if (err) throw err;
      counts[INDEX_STATES[i % INDEX_STATES.length]!] += Number(n);
    });
    return counts;
  }

  /**
   * Up to `limit` entries of each source strictly after `cursor` in the order (`asc`: value, site, id; `desc` the
   * reverse), with how many entries each source has in its range. One script per source, in one round trip.
   */
  async page(sources: readonly IndexSource[], order: 'asc' | 'desc', limit: number, cursor: IndexPosition | undefined): Promise<SourcePage[]> {
    const k = this.keys;
    const sign = order === 'asc' ? 1 : -1;
    const pipeline = sources.map((s) => {
      const set = 'term' in s.set ? k.term(s.site, s.set.term) : k.viewIndex(s.site, s.set.state, s.set.by);
      const other = 'state' in s.set ? k.viewIndex(s.site, s.set.state, s.set.by === 'age' ? 'score' : 'age') : set;
      const [lo, hi] = s.range ?? [-Infinity, Infinity];
      let start = order === 'asc' ? bound(lo) : bound(hi);
      let tie: [string, string, string] = ['', '', ''];
      if (cursor) {
        const [v, cursorSite, cursorId] = cursor;
        const rel = sign * siteOrder(s.site, cursorSite);
        const inRange = v >= lo && v <= hi;
        const beyond = order === 'asc' ? v > hi : v < lo;
        if (beyond) start = order === 'asc' ? `(${bound(hi)}` : `(${bound(lo)}`;
        else if (inRange) {
          start = `(${bound(v)}`;
          if (rel >= 0) tie = [bound(v), rel > 0 ? 'all' : 'after', cursorId];
        }
      }
      const keys = [set, other, k.indexScratch('range'), k.indexScratch('inter'), ...(s.terms ?? []).map((t) => k.term(s.site, t))];
      const restrict = s.other ? [bound(s.other[0]), bound(s.other[1])] : ['', ''];
      const args = [order, bound(lo), bound(hi), start, ...restrict, ...tie, limit];
      return pageScript.run(this.redis, keys, args) as Promise<Array<string | number>>;
    });
    const results = await Promise.all(pipeline);
    return results.map((r, i) => {
      const site = sources[i]!.site;
      const entries: SourcePage['entries'] = [];
      for (let j = 2; j < r.length; j += 2) entries.push({ site, id: String(r[j]), at: [Number(r[j + 1]), site, String(r[j])] });
      return { total: Number(r[0]), capped: Number(r[1]) === 1, entries };
    });
  }

  /** Whether every stored comment has been filed under index `version` (the start-up backfill ran to its end). */
  async backfilled(version: number): Promise<boolean> {
    return Number(await this.redis.get(this.keys.indexBackfilled())) >= version;
  }

  /** Records that a backfill under `version` ran to its end. */
  async markBackfilled(version: number): Promise<void> {
    await this.redis.set(this.keys.indexBackfilled(), String(version));
  }

  /** Takes the backfill lock for `ttlMs`; false when another worker holds it. */
  async lockBackfill(owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.indexBackfillLock(), owner, 'PX', ttlMs, 'NX')) === 'OK';
  }

  /** Extends the backfill lock while `owner` holds it; false when it was lost. */
  async renewBackfill(owner: string, ttlMs: number): Promise<boolean> {
    const held = await this.redis.eval(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0",
      1,
      this.keys.indexBackfillLock(),
      owner,
      ttlMs,
    );
    return held === 1;
  }

  /** The site's comment ids as key names show them (for the backfill; {@link sync} checks each). */
  async *storedIds(site: string): AsyncGenerator<string[]> {
    const head = this.keys.comment(site, '');
    const pattern = `${head.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (found.length) yield found.map((key) => key.slice(head.length));
    } while (cursor !== '0');
  }
}
