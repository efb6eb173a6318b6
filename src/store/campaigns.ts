/**
 * Campaign indexes: held and rejected comments grouped by the keys that copies of one spam campaign share
 * (src/scoring/campaign.ts), per site and across all sites, so a moderator can see — and clear — forty copies at once.
 * Ham never enters an index; a comment leaves it when a moderator approves it.
 */
import type { Redis } from 'ioredis';
import type { CampaignKey, CampaignKind } from '../scoring/campaign.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';

/** Where a comment stands in its campaigns: held for review, rejected, or out (ham). */
export type CampaignState = 'held' | 'spam' | 'none';

/** The scope of all sites together. Site ids are slugs, so it cannot clash with one. */
export const ALL_SITES = '*';

/** Campaigns go quiet: a campaign untouched for this long expires. */
export const CAMPAIGN_TTL_SECONDS = 30 * 24 * 3600;

/**
 * The Lua function that moves one comment in one scope's campaign index, shared by moveCampaignMember and the scoring
 * worker's one write (src/store/scored.ts). `moveCampaignMember(k, member, want, at, post, site, im, ttl)` reads
 * KEYS[k] members (zset), KEYS[k+1] held (zset), KEYS[k+2] posts (hash), KEYS[k+3] sites (hash), KEYS[k+4] the scope's
 * index of all campaigns (zset), KEYS[k+5] its index by held count (zset); `member` is `site\nid`, `want`
 * held|spam|none, `at` receivedAt ms, `post` `site\npostId`, `im` the index member `kind\nvalue`, `ttl` seconds.
 * Idempotent: the current state is read from the sets, and counters move only when membership does.
 */
export const MOVE_CAMPAIGN_MEMBER_LUA = `
local function decrField(key, field)
  if redis.call('HINCRBY', key, field, -1) <= 0 then redis.call('HDEL', key, field) end
end
local function bumpMember(key, m, by)
  if tonumber(redis.call('ZINCRBY', key, by, m)) <= 0 then redis.call('ZREM', key, m) end
end
local function moveCampaignMember(k, member, want, at, post, site, im, ttl)
  local inMembers = redis.call('ZSCORE', KEYS[k], member)
  local inHeld = redis.call('ZSCORE', KEYS[k + 1], member)
  if want ~= 'none' and not inMembers then
    redis.call('ZADD', KEYS[k], at, member)
    redis.call('HINCRBY', KEYS[k + 2], post, 1)
    redis.call('HINCRBY', KEYS[k + 3], site, 1)
    bumpMember(KEYS[k + 4], im, 1)
  elseif want == 'none' and inMembers then
    redis.call('ZREM', KEYS[k], member)
    decrField(KEYS[k + 2], post)
    decrField(KEYS[k + 3], site)
    bumpMember(KEYS[k + 4], im, -1)
  end
  if want == 'held' and not inHeld then
    redis.call('ZADD', KEYS[k + 1], at, member)
    bumpMember(KEYS[k + 5], im, 1)
  elseif want ~= 'held' and inHeld then
    redis.call('ZREM', KEYS[k + 1], member)
    bumpMember(KEYS[k + 5], im, -1)
  end
  if want ~= 'none' then
    for i = 0, 3 do redis.call('EXPIRE', KEYS[k + i], ttl) end
  end
end
`;

/**
 * moveCampaignMember — KEYS[1..6] one scope's keys as {@link MOVE_CAMPAIGN_MEMBER_LUA} reads them from k = 1.
 * ARGV[1] member `site\nid`, ARGV[2] target state held|spam|none, ARGV[3] receivedAt ms, ARGV[4] `site\npostId`,
 * ARGV[5] site, ARGV[6] index member `kind\nvalue`, ARGV[7] TTL seconds. Returns nothing.
 */
const moveScript = new LuaScript(
  'moveCampaignMember',
  6,
  `${MOVE_CAMPAIGN_MEMBER_LUA}
moveCampaignMember(1, ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7])
`,
);

/** The comment a campaign operation is about. */
export interface CampaignMemberRef {
  readonly site: string;
  readonly id: string;
  readonly postId: string;
  readonly receivedAt: string;
}

/** A campaign's size in a scope (one site, or all sites). */
export interface CampaignSummary extends CampaignKey {
  /** Held and rejected comments. */
  readonly comments: number;
  /** Of which still held for review. */
  readonly held: number;
  /** Distinct posts they were left on. */
  readonly posts: number;
  /** Comments per site (across all sites, even in a site's scope: a campaign rarely targets one site). */
  readonly sites: Readonly<Record<string, number>>;
}

/** A comment of a campaign, as `{ site, id }`. */
export interface CampaignMember {
  readonly site: string;
  readonly id: string;
}

const splitMember = (m: string): CampaignMember => {
  const cut = m.indexOf('\n');
  return { site: m.slice(0, cut), id: m.slice(cut + 1) };
};

export class CampaignStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /**
   * Stores a comment's campaign keys (replacing those of an earlier revision, which it leaves) and puts it in `state`
   * in each of its campaigns.
   */
  async index(ref: CampaignMemberRef, campaign: readonly CampaignKey[], state: CampaignState): Promise<void> {
    const old = await this.keysOf(ref.site, ref.id);
    const gone = old.filter((o) => !campaign.some((k) => k.kind === o.kind && k.value === o.value));
    await Promise.all(gone.map((k) => this.move(ref, k, 'none')));
    await this.redis.hset(this.keys.comment(ref.site, ref.id), 'campaign', JSON.stringify(campaign));
    await Promise.all(campaign.map((k) => this.move(ref, k, state)));
  }

  /** Moves a comment to `state` in every campaign stored for it. */
  async setState(ref: CampaignMemberRef, state: CampaignState): Promise<void> {
    const campaign = await this.keysOf(ref.site, ref.id);
    await Promise.all(campaign.map((k) => this.move(ref, k, state)));
  }

  /** Where a comment stands in its campaigns (read from its first one, in its site's scope: it moves in all at once). */
  async stateOf(site: string, id: string): Promise<CampaignState> {
    const [first] = await this.keysOf(site, id);
    if (!first) return 'none';
    const member = `${site}\n${id}`;
    const [held, member_] = await Promise.all([
      this.redis.zscore(this.keys.campaign('held', site, first.kind, first.value), member),
      this.redis.zscore(this.keys.campaign('members', site, first.kind, first.value), member),
    ]);
    return held !== null ? 'held' : member_ !== null ? 'spam' : 'none';
  }

  /** The campaign keys stored for a comment. */
  async keysOf(site: string, id: string): Promise<CampaignKey[]> {
    const raw = await this.redis.hget(this.keys.comment(site, id), 'campaign');
    return raw ? (JSON.parse(raw) as CampaignKey[]) : [];
  }

  /** Sizes of the given campaigns in a scope (a site id or {@link ALL_SITES}). */
  async summaries(scope: string, campaigns: readonly CampaignKey[]): Promise<CampaignSummary[]> {
    const k = this.keys;
    const pipe = this.redis.pipeline();
    for (const { kind, value } of campaigns) {
      pipe.zcard(k.campaign('members', scope, kind, value));
      pipe.zcard(k.campaign('held', scope, kind, value));
      pipe.hlen(k.campaign('posts', scope, kind, value));
      pipe.hgetall(k.campaign('sites', ALL_SITES, kind, value));
    }
    const results = (await pipe.exec()) ?? [];
    const at = (i: number): unknown => {
      const [err, value] = results[i] ?? [null, null];
      if (err) throw err;
      return value;
    };
    return campaigns.map(({ kind, value }, n) => {
      const sites = Object.fromEntries(Object.entries(at(n * 4 + 3) as Record<string, string>).map(([s, c]) => [s, Number(c)]));
      return { kind, value, comments: at(n * 4) as number, held: at(n * 4 + 1) as number, posts: at(n * 4 + 2) as number, sites };
    });
  }

  /**
   * The largest campaigns of a scope, largest first: by held comments (`held`, what a moderator can still act on)
   * or by all comments (`all`). Campaigns smaller than `min` are left out.
   */
  async largest(scope: string, which: 'held' | 'all', min: number, limit: number): Promise<CampaignSummary[]> {
    const index = this.keys.campaignIndex(which, scope);
    const members = await this.redis.zrevrangebyscore(index, '+inf', min, 'LIMIT', 0, limit);
    const campaigns = members.map((m) => {
      const cut = m.indexOf('\n');
      return { kind: m.slice(0, cut) as CampaignKind, value: m.slice(cut + 1) };
    });
    const found = await this.summaries(scope, campaigns);
    // Expired campaigns leave their index entry behind; drop it when seen.
    const expired = members.filter((_, i) => found[i]!.comments === 0);
    if (expired.length) await this.redis.zrem(index, ...expired);
    return found.filter((c) => c.comments > 0);
  }

  /** Comments of a campaign in a scope, newest first: the held ones, or all (held and rejected). */
  async members(scope: string, key: CampaignKey, which: 'held' | 'members', limit: number): Promise<CampaignMember[]> {
    const raw = await this.redis.zrevrange(this.keys.campaign(which, scope, key.kind, key.value), 0, limit - 1);
    return raw.map(splitMember);
  }

  /** Moves one comment in one campaign, in its site's scope and in the all-sites scope. */
  private async move(ref: CampaignMemberRef, key: CampaignKey, state: CampaignState): Promise<void> {
    const k = this.keys;
    const member = `${ref.site}\n${ref.id}`;
    const indexMember = `${key.kind}\n${key.value}`;
    await Promise.all(
      [ref.site, ALL_SITES].map((scope) =>
        moveScript.run(
          this.redis,
          [
            k.campaign('members', scope, key.kind, key.value),
            k.campaign('held', scope, key.kind, key.value),
            k.campaign('posts', scope, key.kind, key.value),
            k.campaign('sites', scope, key.kind, key.value),
            k.campaignIndex('all', scope),
            k.campaignIndex('held', scope),
          ],
          [member, state, Date.parse(ref.receivedAt), `${ref.site}\n${ref.postId}`, ref.site, indexMember, CAMPAIGN_TTL_SECONDS],
        ),
      ),
    );
  }
}
