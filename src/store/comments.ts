/** Comments and their verdicts in Redis. */
import * as crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CommentInput, CommentVia, StoredComment } from '../domain/comment.js';
import type { CommentStatus, Verdict } from '../domain/verdict.js';
import { CommentIndexStore } from './comment-index.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';
import { TAKE_TOKENS_LUA, type PreparedBuckets, type RateScope } from './rate-limit.js';

/**
 * upsertComment — KEYS[1] the comment hash, KEYS[2] the retention index.
 * ARGV[1] content hash, ARGV[2] comment JSON (without revision), ARGV[3] receivedAt ISO, ARGV[4] receivedAt ms,
 * ARGV[5] retention index member (`site\nid`), or '' when the author has no IP or email to forget later,
 * ARGV[6] when this version was signed (ms), or '' when it was not.
 * Returns { created (1 new or edited, 0 same content, -2 an edit signed before the stored version), status, rev }.
 * A re-post with the same content changes nothing; an edit bumps `rev`, drops the old verdict and re-queues; an
 * older signed version (a replay within the signature window) changes nothing either.
 */
const UPSERT_LUA = `
local old = redis.call('HGET', KEYS[1], 'hash')
if old == ARGV[1] then
  return {0, redis.call('HGET', KEYS[1], 'status'), tonumber(redis.call('HGET', KEYS[1], 'rev'))}
end
local signed = tonumber(redis.call('HGET', KEYS[1], 'signedAt'))
if old and signed and ARGV[6] ~= '' and tonumber(ARGV[6]) < signed then
  return {-2, redis.call('HGET', KEYS[1], 'status'), tonumber(redis.call('HGET', KEYS[1], 'rev'))}
end
local rev = 0
if old then rev = tonumber(redis.call('HGET', KEYS[1], 'rev')) + 1 end
redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'comment', ARGV[2], 'rev', rev, 'status', 'queued', 'receivedAt', ARGV[3])
if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'signedAt', ARGV[6]) end
redis.call('HDEL', KEYS[1], 'verdict')
if ARGV[5] ~= '' then redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5]) end
return {1, 'queued', rev}
`;
const upsertScript = new LuaScript('upsertComment', 2, UPSERT_LUA);

/**
 * admitAndUpsertComment — the webhook's one round trip: KEYS[1], KEYS[2] and ARGV[1..6] as upsertComment; KEYS[3..]
 * the ingest token buckets, ARGV[7..] two arguments per bucket (src/store/rate-limit.ts, TAKE_TOKENS_LUA).
 * Takes a token from every bucket, then upserts as upsertComment; or, when a bucket is empty, returns
 * {-1, wait ms, bucket index} having taken and stored nothing.
 */
const ADMIT_UPSERT_LUA = `${TAKE_TOKENS_LUA}
local wait, blocked = takeTokens(3, 6)
if blocked > 0 then return {-1, wait, blocked} end
${UPSERT_LUA}`;
/** One per bucket count (LuaScript checks its key count); the source, and so the SHA, is shared. */
const admitUpsertScripts: LuaScript[] = [];
const admitUpsertScript = (buckets: number): LuaScript =>
  (admitUpsertScripts[buckets] ??= new LuaScript(`admitAndUpsertComment${buckets}`, 2 + buckets, ADMIT_UPSERT_LUA));

/**
 * saveVerdict — KEYS[1] the comment hash, KEYS[2] the site's review set.
 * ARGV[1] revision the verdict was computed for, ARGV[2] verdict JSON, ARGV[3] status, ARGV[4] 'review' or '',
 * ARGV[5] receivedAt ms (review set score), ARGV[6] comment id, ARGV[7] channel, ARGV[8] message.
 * Returns 1 when stored, 0 when the comment was edited (newer revision) or deleted meanwhile: a stale verdict is dropped;
 * 0 as well when that revision has a verdict already (a recovered job ran twice): the first verdict stands.
 */
const saveVerdictScript = new LuaScript(
  'saveVerdict',
  2,
  `
local rev = redis.call('HGET', KEYS[1], 'rev')
if not rev or tonumber(rev) ~= tonumber(ARGV[1]) then return 0 end
if redis.call('HEXISTS', KEYS[1], 'verdict') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'verdict', ARGV[2], 'status', ARGV[3])
if ARGV[4] == 'review' then
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6])
else
  redis.call('ZREM', KEYS[2], ARGV[6])
end
redis.call('PUBLISH', ARGV[7], ARGV[8])
return 1
`,
);

/** What {@link CommentStore.accept} did. */
export interface AcceptResult {
  /** False when the same content was already stored: nothing new to score. */
  readonly changed: boolean;
  /** True when a newer signed version is stored: this one was not (and `changed` is false). */
  readonly stale: boolean;
  readonly status: CommentStatus;
  readonly revision: number;
}

/** What {@link CommentStore.admitAndAccept} did: stored (as {@link AcceptResult}), or refused by a token bucket. */
export type AdmitResult =
  | ({ readonly admitted: true } & AcceptResult)
  | { readonly admitted: false; readonly retryAfterMs: number; readonly scope: RateScope };

/** A comment record as read back. */
export interface CommentRecord {
  readonly comment: StoredComment;
  readonly status: CommentStatus;
  readonly verdict?: Verdict;
}

/** The retention index member of a comment whose author has an IP or email to forget later, else ''. */
const retentionMember = (site: string, c: CommentInput): string => (c.author.ip || c.author.email ? `${site}\n${c.id}` : '');

const oneShotHash = (crypto as Partial<typeof crypto>).hash;

/** Fingerprint of what scoring reads: a re-post with the same fingerprint is not scored again. */
export function contentHash(c: CommentInput): string {
  const text = JSON.stringify([c.content, c.contentType, c.author, c.honeypot ?? null, c.lang ?? null]);
  // One-shot crypto.hash where there is one (Node ≥ 20.12): the same digest, without a Hash object per comment.
  if (typeof oneShotHash === 'function') return oneShotHash('sha256', text, 'base64url');
  return crypto.createHash('sha256').update(text).digest('base64url');
}

export class CommentStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Stores a comment (or its edit) atomically and says whether it needs scoring. */
  async accept(site: string, input: CommentInput, receivedAt: Date, via: CommentVia = { via: 'webhook' }): Promise<AcceptResult> {
    const res = (await upsertScript.run(this.redis, this.upsertKeys(site, input), this.upsertArgs(site, input, receivedAt, via))) as [number, string, number];
    await this.reindexEdit(site, input.id, res[0] === 1, res[2]);
    return { changed: res[0] === 1, stale: false, status: res[1] as CommentStatus, revision: res[2] };
  }

  /**
   * Takes a token from each of `buckets` (RateLimitStore.prepare) and stores the comment as {@link accept} does, in one
   * script: atomically both, or neither when a bucket is empty. `signedAt` (ms), when the webhook was signed: a
   * version signed before the stored one is not stored (`stale`).
   */
  async admitAndAccept(
    site: string,
    input: CommentInput,
    receivedAt: Date,
    buckets: PreparedBuckets,
    via: CommentVia = { via: 'webhook' },
    signedAt?: number,
  ): Promise<AdmitResult> {
    const keys = [...this.upsertKeys(site, input), ...buckets.keys];
    const args = [...this.upsertArgs(site, input, receivedAt, via, signedAt), ...buckets.args];
    const res = (await admitUpsertScript(buckets.keys.length).run(this.redis, keys, args)) as [number, string | number, number];
    if (res[0] === -1) return { admitted: false, retryAfterMs: res[1] as number, scope: buckets.scopes[res[2] - 1]! };
    await this.reindexEdit(site, input.id, res[0] === 1, res[2]);
    return { admitted: true, changed: res[0] === 1, stale: res[0] === -2, status: res[1] as CommentStatus, revision: res[2] };
  }

  /**
   * An edit drops the verdict: the comment leaves its view and is filed under its new words at once. A new comment is
   * filed when its verdict is stored (the ingest path stays one round trip).
   */
  private async reindexEdit(site: string, id: string, changed: boolean, revision: number): Promise<void> {
    if (changed && revision > 0) await new CommentIndexStore(this.redis, this.keys).sync(site, id);
  }

  private upsertKeys(site: string, input: CommentInput): string[] {
    return [this.keys.comment(site, input.id), this.keys.received()];
  }

  private upsertArgs(site: string, input: CommentInput, receivedAt: Date, via: CommentVia, signedAt?: number): Array<string | number> {
    const at = receivedAt.toISOString();
    const body = JSON.stringify({ ...input, site, receivedAt: at, ...via });
    return [contentHash(input), body, at, receivedAt.getTime(), retentionMember(site, input), signedAt ?? ''];
  }

  /**
   * Erases a comment: its hash (content, verdict, content hash, campaign keys, moderation fields) and its place in the
   * retention index. The other stores take out what they keep of it first (src/use-cases/erase-person.ts). Returns
   * whether there was a comment.
   */
  async erase(site: string, id: string): Promise<boolean> {
    const [[, gone]] = (await this.redis.multi().del(this.keys.comment(site, id)).zrem(this.keys.received(), `${site}\n${id}`).exec()) as [[unknown, number]];
    return gone === 1;
  }

  /** Reads a comment with its verdict, or undefined. */
  async get(site: string, id: string): Promise<CommentRecord | undefined> {
    const h = await this.redis.hgetall(this.keys.comment(site, id));
    if (!h['comment']) return undefined;
    const comment = { ...(JSON.parse(h['comment']) as Omit<StoredComment, 'revision'>), revision: Number(h['rev']) };
    const record: CommentRecord = { comment, status: (h['status'] ?? 'queued') as CommentStatus };
    return h['verdict'] ? { ...record, verdict: JSON.parse(h['verdict']) as Verdict } : record;
  }

  /**
   * Stores the verdict computed for `revision` and announces it on the verdict channel.
   * Returns false (and stores nothing) when a newer edit has replaced that revision, or when it has a verdict already.
   * `hold: false` keeps a `review` verdict out of the review queue (shadow mode: nothing is held).
   */
  async saveVerdict(verdict: Verdict, revision: number, { hold = true }: { hold?: boolean } = {}): Promise<boolean> {
    const k = this.keys;
    const stored = await saveVerdictScript.run(
      this.redis,
      [k.comment(verdict.site, verdict.id), k.review(verdict.site)],
      [
        revision,
        JSON.stringify(verdict),
        verdict.status,
        verdict.status === 'scored' && hold ? verdict.verdict : '',
        Date.parse(verdict.receivedAt),
        verdict.id,
        k.verdictChannel(),
        `${verdict.site}\n${verdict.id}`,
      ],
    );
    if (stored === 1) await new CommentIndexStore(this.redis, this.keys).sync(verdict.site, verdict.id);
    return stored === 1;
  }
}
