/**
 * Everything the scoring worker writes once it has a verdict, in one script — one round trip, atomic: the verdict
 * (conditional on the revision, announced on the verdict channel), the moderation fields (machine verdict, heldAt,
 * the shadow set), the comment's campaign indexes, the day's stats, and the reputation values of near-certain spam.
 * Before, these were a script, a MULTI, one script per campaign key and scope, a script for the stats and a MULTI for
 * the reputation: 7–12 round trips per comment, which cost the worker more CPU than scoring (bench/end-to-end.ts).
 * Each part does what the separate stores do (decisions.noteScored, campaigns.index, stats.countScored,
 * reputation.remember, comments.saveVerdict), plus the published-ham index; those stay for the other callers (holds, re-flags, decisions).
 */
import type { Redis } from 'ioredis';
import type { CampaignKey } from '../scoring/campaign.js';
import type { Verdict } from '../domain/verdict.js';
import { ALL_SITES, CAMPAIGN_TTL_SECONDS, MOVE_CAMPAIGN_MEMBER_LUA, type CampaignState } from './campaigns.js';
import { CommentIndexStore, FILE_COMMENT_LUA } from './comment-index.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';
import { CONFIRM_REPUTATION_LUA, REPUTATION_KEEP_MS, type ReputationValue } from './reputation.js';
import { STATS_TTL_SECONDS, caughtByMemory, dayOf } from './stats.js';

/** Keys per campaign key: six for the site's scope, six for all sites. */
const KEYS_PER_CAMPAIGN = 12;
/** Fixed keys before the campaign keys. */
const FIXED_KEYS = 5;

/**
 * recordScoredVerdict — KEYS[1] the comment hash, KEYS[2] the site's review set, KEYS[3] its shadow set, KEYS[4] the
 * day's stats hash, KEYS[5] the site's published-ham index, then 12 keys per campaign move (members, held, posts, sites, index all, index held: site scope,
 * then all-sites scope), then R reputation sets (one per value), then R `rep-by` sets (the comments that confirmed each
value), then, when R > 0, the comment's `rep-of` set (the values it confirmed).
 * ARGV[1] 'save' (store the verdict: refused when the revision has one) or 'redo' (it is stored: a recovered job
 * repeats the steps after it), ARGV[2] revision, ARGV[3] verdict JSON, ARGV[4] status, ARGV[5] '1' to put it in the
 * review set, ARGV[6] receivedAt ms, ARGV[7] id, ARGV[8] verdict channel, ARGV[9] its message, ARGV[10] machine verdict
 * class, ARGV[11] heldAt ms or '', ARGV[12] '1' when shadow mode keeps it in the shadow set, ARGV[13] stats TTL,
 * ARGV[14] campaign keys JSON, ARGV[15] the campaign JSON expected in the hash ('' none), ARGV[16] campaign member
 * `site\nid`, ARGV[17] `site\npostId`, ARGV[18] site, ARGV[19] campaign TTL, ARGV[20] M campaign moves, ARGV[21] R
 * reputation values, ARGV[22] now ms, ARGV[23] reputation cutoff ms, ARGV[24] '1' when the comment was caught by the campaign memory
(counted in the stats' `caughtByMemory` with `received`), ARGV[25] '1' when the comment is published ham to learn
later (src/use-cases/learn-published.ts; indexed at ARGV[22]), then M pairs (state, `kind\nvalue`), then R pairs (kind, value).
The reputation values are recorded as this comment's confirmations (`site\nid`, ARGV[16]), so that a moderator's ham
decision forgets exactly them (src/store/reputation.ts).
 * Then the comment index (src/store/comment-index.ts, fileComment): after the reputation keys, the 12 state sets, the O
 * old term sets and the N new ones; after the reputation pairs, ARGV the `ix` field expected in the hash, the new `ix`,
 * O, N and the site's view channel. The comment is filed as the hash stands once everything above is written (which
 * announces its move between views on that channel).
 * Returns {1} when done; {0} when the revision is stale, or (save) has a verdict already, or (redo) is no longer the
 * machine's; {-1, stored campaign JSON} when the hash's campaign keys are not the expected ones, {-2, stored `ix`}
 * when its index terms are not (nothing written in either case: the caller retries with them).
 */
const script = new LuaScript(
  'recordScoredVerdict',
  -1,
  `${MOVE_CAMPAIGN_MEMBER_LUA}
${CONFIRM_REPUTATION_LUA}
${FILE_COMMENT_LUA}
local c = KEYS[1]
local h = redis.call('HMGET', c, 'rev', 'verdict', 'status', 'campaign', 'ix')
if not h[1] or tonumber(h[1]) ~= tonumber(ARGV[2]) then return {0} end
if ARGV[1] == 'save' then
  if h[2] then return {0} end
elseif not h[2] or h[3] ~= 'scored' then
  return {0}
end
if (h[4] or '') ~= ARGV[15] then return {-1, h[4] or ''} end
local m = tonumber(ARGV[20])
local r = tonumber(ARGV[21])
local ixArg = 26 + 2 * m + 2 * r
if (h[5] or '') ~= ARGV[ixArg] then return {-2, h[5] or ''} end
local id = ARGV[7]
if ARGV[1] == 'save' then
  redis.call('HSET', c, 'verdict', ARGV[3], 'status', ARGV[4])
  if ARGV[5] == '1' then redis.call('ZADD', KEYS[2], ARGV[6], id) else redis.call('ZREM', KEYS[2], id) end
  redis.call('PUBLISH', ARGV[8], ARGV[9])
end
-- moderation fields (decisions.noteScored)
if ARGV[11] ~= '' then redis.call('HSET', c, 'machine', ARGV[10], 'heldAt', ARGV[11]) else redis.call('HSET', c, 'machine', ARGV[10]) end
if ARGV[12] == '1' then redis.call('ZADD', KEYS[3], ARGV[6], id) else redis.call('ZREM', KEYS[3], id) end
-- stats, once per comment (stats.countScored)
if redis.call('HSETNX', c, 'counted', '1') == 1 then
  redis.call('HINCRBY', KEYS[4], 'received', 1)
  redis.call('HINCRBY', KEYS[4], ARGV[10], 1)
  if ARGV[24] == '1' then redis.call('HINCRBY', KEYS[4], 'caughtByMemory', 1) end
  redis.call('EXPIRE', KEYS[4], ARGV[13])
end
-- campaigns (campaigns.index: moveCampaignMember in each scope)
local member, post, site, ttl = ARGV[16], ARGV[17], ARGV[18], ARGV[19]
for i = 1, m do
  local want, im = ARGV[24 + 2 * i], ARGV[25 + 2 * i]
  local k = ${FIXED_KEYS + 1} + (i - 1) * ${KEYS_PER_CAMPAIGN}
  moveCampaignMember(k, member, want, ARGV[6], post, site, im, ttl)
  moveCampaignMember(k + 6, member, want, ARGV[6], post, site, im, ttl)
end
redis.call('HSET', c, 'campaign', ARGV[14])
-- published ham, learned for the site once nobody reported it for a while (src/use-cases/learn-published.ts)
if ARGV[25] == '1' then redis.call('ZADD', KEYS[5], ARGV[22], id) else redis.call('ZREM', KEYS[5], id) end
-- reputation (reputation.remember), as this comment's confirmations
local base = ${FIXED_KEYS} + m * ${KEYS_PER_CAMPAIGN}
for j = 1, r do
  local kind, value = ARGV[24 + 2 * m + 2 * j], ARGV[25 + 2 * m + 2 * j]
  confirmReputation(KEYS[base + j], KEYS[base + r + j], KEYS[base + 2 * r + 1], value, kind .. '\\n' .. value, member, ARGV[22], ARGV[23])
end
-- the comment index (src/store/comment-index.ts), as the hash now stands
local first = base + 2 * r + 1
if r > 0 then first = first + 1 end
fileComment(c, KEYS[2], KEYS[3], first, tonumber(ARGV[ixArg + 2]), tonumber(ARGV[ixArg + 3]), id, ARGV[6], ARGV[ixArg + 1], site, ARGV[ixArg + 4])
return {1}
`,
);

/** What {@link ScoredStore.record} writes. */
export interface ScoredWrite {
  readonly verdict: Verdict;
  readonly revision: number;
  /** `save`: store the verdict (refused when the revision has one); `redo`: it is stored, repeat the steps after it. */
  readonly mode: 'save' | 'redo';
  /** Shadow mode: nothing held; a held or rejected comment goes to the shadow set. */
  readonly shadow: boolean;
  readonly postId: string;
  readonly campaign: readonly CampaignKey[];
  /** Values of near-certain spam for the reputation memory (usually none). */
  readonly remember: readonly ReputationValue[];
  /**
   * Index the comment as published ham, to be learned for its site once old enough and unreported (the caller
   * decides: a scored `ham`, not a test comment, learning of published ham on). False or absent takes it out of the index.
   */
  readonly publishedHam?: boolean;
  /**
   * The comment's search terms (src/store/index-terms.ts: indexTerms, from the content as scoring read it); absent:
   * the terms it is filed under stay as they are.
   */
  readonly terms?: readonly string[];
  readonly now: Date;
}

export class ScoredStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /**
   * Writes a scored verdict and everything that follows from it, atomically. Returns false when nothing was written:
   * the revision was replaced, or (save) it has a verdict already, or (redo) the machine's verdict was replaced.
   */
  async record(w: ScoredWrite): Promise<boolean> {
    const v = w.verdict;
    const k = this.keys;
    const state: CampaignState = w.shadow || v.verdict === 'ham' ? 'none' : v.verdict === 'review' ? 'held' : 'spam';
    const campaignJson = JSON.stringify(w.campaign);
    const member = `${v.site}\n${v.id}`;
    // The usual comment has no campaign keys stored yet; an edit's earlier ones come back from the first try.
    let expected = '';
    // Likewise its index terms: none for a new comment; an edit's were filed when it was stored.
    let expectedIx = '';
    for (let attempt = 0; attempt < 5; attempt++) {
      const oldTerms = expectedIx ? (JSON.parse(expectedIx) as string[]) : [];
      const terms = w.terms ?? oldTerms;
      const old = expected ? (JSON.parse(expected) as CampaignKey[]) : [];
      const moves: Array<{ key: CampaignKey; state: CampaignState }> = [
        ...old.filter((o) => !w.campaign.some((c) => c.kind === o.kind && c.value === o.value)).map((key) => ({ key, state: 'none' as const })),
        ...w.campaign.map((key) => ({ key, state })),
      ];
      const keys = [k.comment(v.site, v.id), k.review(v.site), k.shadow(v.site), k.stats(v.site, dayOf(v.receivedAt)), k.published(v.site)];
      for (const { key } of moves) {
        for (const scope of [v.site, ALL_SITES]) {
          keys.push(
            k.campaign('members', scope, key.kind, key.value),
            k.campaign('held', scope, key.kind, key.value),
            k.campaign('posts', scope, key.kind, key.value),
            k.campaign('sites', scope, key.kind, key.value),
            k.campaignIndex('all', scope),
            k.campaignIndex('held', scope),
          );
        }
      }
      for (const r of w.remember) keys.push(k.reputation(r.kind));
      for (const r of w.remember) keys.push(k.reputationBy(r.kind, r.value));
      if (w.remember.length) keys.push(k.reputationOf(v.site, v.id));
      keys.push(...new CommentIndexStore(this.redis, k).fileKeys(v.site, oldTerms, terms));
      const received = Date.parse(v.receivedAt);
      const args: Array<string | number> = [
        w.mode,
        w.revision,
        JSON.stringify(v),
        v.status,
        v.status === 'scored' && !w.shadow && v.verdict === 'review' ? '1' : '0',
        received,
        v.id,
        k.verdictChannel(),
        member,
        v.verdict,
        v.verdict === 'review' ? w.now.getTime() : '',
        w.shadow && v.verdict !== 'ham' ? '1' : '0',
        STATS_TTL_SECONDS,
        campaignJson,
        expected,
        member,
        `${v.site}\n${w.postId}`,
        v.site,
        CAMPAIGN_TTL_SECONDS,
        moves.length,
        w.remember.length,
        w.now.getTime(),
        w.now.getTime() - REPUTATION_KEEP_MS,
        caughtByMemory(v) ? '1' : '0',
        w.publishedHam === true && v.status === 'scored' && v.verdict === 'ham' ? '1' : '0',
      ];
      for (const m of moves) args.push(m.state, `${m.key.kind}\n${m.key.value}`);
      for (const r of w.remember) args.push(r.kind, r.value);
      args.push(expectedIx, JSON.stringify(terms), oldTerms.length, terms.length, k.viewChannel(v.site));
      const [done, stored] = (await script.run(this.redis, keys, args)) as [number, string?];
      if (done === -1) expected = stored ?? '';
      else if (done === -2) expectedIx = stored ?? '';
      else return done === 1;
    }
    throw new Error('recordScoredVerdict: the comment campaign keys or index terms kept changing');
  }
}
