/**
 * The campaign memory: fingerprints (src/scoring/fingerprints.ts) of the comments a site's moderators rejected — and
 * of those they approved, which outweigh them — so that the next comment of a rejected campaign is held at once, on
 * every worker, with no retraining. What rspamd's fuzzy storage does for mail, for comments.
 *
 * Per scope (a site, or `*` for the sites that share theirs): one sorted set per fingerprint and decision (`r`
 * rejected, `a` approved) of the comments that carried it, by decision time; text fingerprints by SimHash band, so a
 * near-duplicate meets the rejected text in at least one band and is compared bit by bit in the script. Bounded:
 * members expire after `keepMs` and at most `perFingerprint` are kept per set; a site's memory holds its latest
 * `maxDecisions` decisions, older ones forgotten. A record per decided comment says what its decision wrote, so a
 * later decision (or the bound) removes exactly that, and nothing else (the record expires with what it wrote).
 *
 * Lookups are one script per comment (`recall`), sent with the flood script, before the pipeline.
 */
import type { Redis } from 'ioredis';
import { SIMHASH_BANDS } from '../scoring/flood-keys.js';
import type { Fingerprint } from '../scoring/fingerprints.js';
import type { MemoryHit } from '../scoring/signals.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';

/** The scope of the sites that share their memory. Site ids are slugs, so it cannot clash with one. */
export const SHARED_MEMORY = '*';

/** Limits of the memory. */
export interface MemoryOptions {
  /** A decision is remembered this long (default 30 days). */
  readonly keepMs: number;
  /** Comments kept per fingerprint and decision, the newest (default 100). */
  readonly perFingerprint: number;
  /** Decisions remembered per site, at most (default 100,000): past it, the oldest are forgotten. */
  readonly maxDecisions: number;
  /** Largest SimHash distance between near-duplicates, for texts of at least `longText` tokens (default 7 bits)… */
  readonly maxDistance: number;
  /** …and for shorter ones (default 3 bits). */
  readonly maxDistanceShort: number;
  readonly longText: number;
}

export const DEFAULT_MEMORY_OPTIONS: MemoryOptions = {
  keepMs: 30 * 86_400_000,
  perFingerprint: 100,
  maxDecisions: 100_000,
  maxDistance: 7,
  maxDistanceShort: 3,
  longText: 8,
};

/** A decision as the memory sees it. */
export type MemoryState = 'rejected' | 'approved' | 'none';

/** The comment a decision is about. */
export interface MemoryRef {
  readonly site: string;
  readonly id: string;
}

const WEEK_MS = 7 * 86_400_000;
const EXAMPLES = 3;

/**
 * recallMemory — KEYS: per entry, text: 2·B band keys (B rejected, then B approved); other: the rejected and the
 * approved set. ARGV[1] oldest counted ms, ARGV[2] start of the week ms, ARGV[3] this comment's member `site\nid`,
 * ARGV[4] examples, ARGV[5] B, then per entry: kind (`t` text, `f` other), SimHash ('' for `f`), max distance.
 * Returns per entry { rejected, rejected this week, approved, { newest rejected examples } }.
 */
const recallScript = new LuaScript(
  'recallMemory',
  -1,
  `
local since = tonumber(ARGV[1])
local week = tonumber(ARGV[2])
local me = ARGV[3]
local nex = tonumber(ARGV[4])
local nb = tonumber(ARGV[5])
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
-- The comments of some band sets within maxd bits of sim: { ref → time }.
local function near(from, to, sim, maxd)
  local found = {}
  for k = from, to do
    local got = redis.call('ZRANGEBYSCORE', KEYS[k], since, '+inf', 'WITHSCORES')
    for j = 1, #got, 2 do
      local m = got[j]
      local ref = string.sub(m, 18)
      if ref ~= me and not found[ref] and dist(sim, string.sub(m, 1, 16)) <= maxd then found[ref] = tonumber(got[j + 1]) end
    end
  end
  return found
end
local out = {}
local k = 1
local a = 6
while ARGV[a] do
  local kind, sim, maxd = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2])
  if kind == 't' then
    local rejected = near(k, k + nb - 1, sim, maxd)
    local approved = near(k + nb, k + 2 * nb - 1, sim, maxd)
    local list = {}
    local n, w, na = 0, 0, 0
    for ref, at in pairs(rejected) do
      n = n + 1
      if at >= week then w = w + 1 end
      list[#list + 1] = {at, ref}
    end
    for _ in pairs(approved) do na = na + 1 end
    table.sort(list, function(x, y) return x[1] > y[1] end)
    local ex = {}
    for j = 1, math.min(nex, #list) do ex[j] = list[j][2] end
    out[#out + 1] = {n, w, na, ex}
    k = k + 2 * nb
  else
    local n = redis.call('ZCOUNT', KEYS[k], since, '+inf')
    local ex = {}
    local w = 0
    if n > 0 then
      if redis.call('ZSCORE', KEYS[k], me) then n = n - 1 end
      w = redis.call('ZCOUNT', KEYS[k], week, '+inf')
      for _, ref in ipairs(redis.call('ZREVRANGEBYSCORE', KEYS[k], '+inf', since, 'LIMIT', 0, nex + 1)) do
        if ref ~= me and #ex < nex then ex[#ex + 1] = ref end
      end
    end
    out[#out + 1] = {n, w, redis.call('ZCOUNT', KEYS[k + 1], since, '+inf'), ex}
    k = k + 2
  end
  a = a + 3
end
return out
`,
);

/**
 * applyMemory — KEYS[1] the comment's record (what its last decision wrote), KEYS[2] its site's index of remembered
 * decisions, then the O keys its last decision wrote, then the N keys to write. ARGV[1] the record as read ('' when
 * absent: compare-and-set), ARGV[2] the new record ('' to delete it), ARGV[3] O, ARGV[4] N, ARGV[5] now ms, ARGV[6]
 * keep ms, ARGV[7] members per set (text buckets excepted), ARGV[8] decisions remembered per site, ARGV[9] the comment id, then the O + N
 * members. Returns {1, decisions over the bound}, or {0} when the record changed meanwhile.
 */
const applyScript = new LuaScript(
  'applyMemory',
  -1,
  `
local field = redis.call('GET', KEYS[1]) or ''
if field ~= ARGV[1] then return {0} end
local o, n = tonumber(ARGV[3]), tonumber(ARGV[4])
local now, keep, per, max = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
for i = 1, o do redis.call('ZREM', KEYS[2 + i], ARGV[9 + i]) end
for i = o + 1, o + n do
  local key = KEYS[2 + i]
  redis.call('ZADD', key, now, ARGV[9 + i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - keep)
  if not string.find(key, ':text:', 1, true) then redis.call('ZREMRANGEBYRANK', key, 0, -per - 1) end
  redis.call('PEXPIRE', key, keep)
end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[9])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', keep)
  redis.call('ZADD', KEYS[2], now, ARGV[9])
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - keep)
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], keep) end
return {1, math.max(0, redis.call('ZCARD', KEYS[2]) - max)}
`,
);

/** What a decision wrote, as stored (compact: its keys and members are made again from it, to take them out exactly). */
interface Record {
  readonly state: Exclude<MemoryState, 'none'>;
  readonly scopes: readonly string[];
  readonly fingerprints: ReadonlyArray<Pick<Fingerprint, 'kind' | 'value'>>;
}

/** What the memory holds for a comment, as {@link MemoryStore.snapshot} read it: its record and when it was written (ms). */
export interface MemorySnapshot {
  readonly record: string;
  readonly at: number;
}

/** One written member of one set. */
interface Entry {
  readonly key: string;
  readonly member: string;
}

/**
 * The sets a text is kept in: one per 16-bit band of its SimHash (two texts within 3 bits share a band, most within 7
 * do), bucketed by the band's first 12 bits, so a scope has at most 4 × 4,096 text sets however much it remembers
 * (a set per distinct band cost ~4 keys per rejected comment); the script compares whole SimHashes anyway.
 */
const bandsOf = (sim: string): string[] => Array.from({ length: SIMHASH_BANDS }, (_, b) => `b${b}:${sim.slice(4 * b, 4 * b + 3)}`);

export class MemoryStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    readonly options: MemoryOptions = DEFAULT_MEMORY_OPTIONS,
  ) {}

  /**
   * What the memory holds about a comment's fingerprints, in each scope (its site; and the shared scope when the site
   * shares). One script. `tokens` is the comment's token count (short texts must be closer to match).
   */
  async recall(ref: MemoryRef, fingerprints: readonly Fingerprint[], scopes: readonly string[], tokens: number, now: Date): Promise<MemoryHit[]> {
    if (fingerprints.length === 0) return [];
    const o = this.options;
    const k = this.keys;
    const keys: string[] = [];
    const args: Array<string | number> = [now.getTime() - o.keepMs, now.getTime() - WEEK_MS, `${ref.site}\n${ref.id}`, EXAMPLES, SIMHASH_BANDS];
    const asked: Array<{ fp: Fingerprint; scope: string }> = [];
    const maxd = tokens >= o.longText ? o.maxDistance : o.maxDistanceShort;
    for (const scope of scopes) {
      for (const fp of fingerprints) {
        asked.push({ fp, scope });
        if (fp.kind === 'text') {
          for (const part of ['r', 'a'] as const) for (const band of bandsOf(fp.value)) keys.push(k.memory(scope, part, 'text', band));
          args.push('t', fp.value, maxd);
        } else {
          keys.push(k.memory(scope, 'r', fp.kind, fp.value), k.memory(scope, 'a', fp.kind, fp.value));
          args.push('f', '', 0);
        }
      }
    }
    const replies = (await recallScript.run(this.redis, keys, args)) as Array<[number, number, number, string[]]>;
    const hits: MemoryHit[] = [];
    replies.forEach(([rejected, week, approved, examples], i) => {
      if (rejected <= 0 && approved <= 0) return;
      const { fp, scope } = asked[i]!;
      hits.push({
        kind: fp.kind,
        value: fp.value,
        scope: scope === SHARED_MEMORY ? 'shared' : 'site',
        rejected,
        week,
        approved,
        examples: examples.map(splitRef),
        ...(fp.evidence ? { evidence: fp.evidence } : {}),
      });
    });
    return hits;
  }

  /**
   * Makes the memory hold `state` for a comment: its earlier decision's entries are taken out, and (unless `none`) its
   * fingerprints put in under the new one, in each scope. Exact: taking a decision back leaves the memory as if it
   * had never been made. Retries when another decision on the same comment landed meanwhile.
   */
  async apply(ref: MemoryRef, state: MemoryState, fingerprints: readonly Fingerprint[], scopes: readonly string[], now: Date): Promise<void> {
    const over = await this.write(ref, state, fingerprints, scopes, now);
    // Past the bound, the site's oldest decisions are forgotten, exactly as if taken back.
    if (over > 0) {
      for (const id of await this.redis.zrange(this.keys.memoryIndex(ref.site), '0', String(over - 1))) await this.write({ site: ref.site, id }, 'none', [], [], now);
    }
  }

  /** What the memory holds for a comment now (null: nothing), for {@link restore} to put back. */
  async snapshot(ref: MemoryRef): Promise<MemorySnapshot | null> {
    const [record, at] = await Promise.all([this.redis.get(this.keys.memoryOf(ref.site, ref.id)), this.redis.zscore(this.keys.memoryIndex(ref.site), ref.id)]);
    return record && at !== null ? { record, at: Number(at) } : null;
  }

  /**
   * Makes the memory hold for a comment what a {@link snapshot} read, written at the time it was (so the entries are
   * the very ones that were there), or nothing (`null`): undoing a decision.
   */
  async restore(ref: MemoryRef, snapshot: MemorySnapshot | null, now: Date): Promise<void> {
    if (!snapshot) {
      await this.write(ref, 'none', [], [], now);
      return;
    }
    const record = JSON.parse(snapshot.record) as Record;
    await this.write(ref, record.state, record.fingerprints as Fingerprint[], record.scopes, new Date(snapshot.at));
  }

  /** One decision's write; returns how many decisions the site holds past the bound. */
  private async write(ref: MemoryRef, state: MemoryState, fingerprints: readonly Fingerprint[], scopes: readonly string[], now: Date): Promise<number> {
    const recordKey = this.keys.memoryOf(ref.site, ref.id);
    const o = this.options;
    const record: Record | undefined =
      state === 'none' || fingerprints.length === 0 ? undefined : { state, scopes: [...new Set(scopes)], fingerprints: fingerprints.map(({ kind, value }) => ({ kind, value })) };
    const written = record ? this.entriesOf(ref, record) : [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const field = (await this.redis.get(recordKey)) ?? '';
      const old = field ? this.entriesOf(ref, JSON.parse(field) as Record) : [];
      const entries = [...old, ...written];
      const args: Array<string | number> = [field, record ? JSON.stringify(record) : '', old.length, written.length, now.getTime(), o.keepMs, o.perFingerprint, o.maxDecisions, ref.id];
      for (const e of entries) args.push(e.member);
      const keys = [recordKey, this.keys.memoryIndex(ref.site), ...entries.map((e) => e.key)];
      const [done, over] = (await applyScript.run(this.redis, keys, args)) as [number, number?];
      if (done === 1) return over ?? 0;
    }
    throw new Error(`campaign memory of ${ref.site}/${ref.id} kept changing`);
  }

  /** The sets and members a decision writes. */
  private entriesOf(ref: MemoryRef, record: Record): Entry[] {
    const part = record.state === 'rejected' ? 'r' : 'a';
    const member = `${ref.site}\n${ref.id}`;
    const entries: Entry[] = [];
    for (const scope of record.scopes) {
      for (const fp of record.fingerprints) {
        if (fp.kind === 'text') for (const band of bandsOf(fp.value)) entries.push({ key: this.keys.memory(scope, part, 'text', band), member: `${fp.value}\t${member}` });
        else entries.push({ key: this.keys.memory(scope, part, fp.kind, fp.value), member });
      }
    }
    return entries;
  }
}

const splitRef = (m: string): MemoryRef => {
  const cut = m.indexOf('\n');
  return { site: m.slice(0, cut), id: m.slice(cut + 1) };
};
