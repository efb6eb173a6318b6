/** Comments and their verdicts in Redis. */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CommentInput, CommentVia, StoredComment } from '../comment.js';
import type { CommentStatus, Verdict } from '../verdict.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';

/**
 * upsertComment — KEYS[1] the comment hash, KEYS[2] the retention index.
 * ARGV[1] content hash, ARGV[2] comment JSON (without revision), ARGV[3] receivedAt ISO, ARGV[4] receivedAt ms,
 * ARGV[5] retention index member (`site\nid`), or '' when the author has no IP or email to forget later.
 * Returns { created (1 new or edited, 0 same content), status, rev }.
 * A re-post with the same content changes nothing; an edit bumps `rev`, drops the old verdict and re-queues.
 */
const upsertScript = new LuaScript(
  'upsertComment',
  2,
  `
local old = redis.call('HGET', KEYS[1], 'hash')
if old == ARGV[1] then
  return {0, redis.call('HGET', KEYS[1], 'status'), tonumber(redis.call('HGET', KEYS[1], 'rev'))}
end
local rev = 0
if old then rev = tonumber(redis.call('HGET', KEYS[1], 'rev')) + 1 end
redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'comment', ARGV[2], 'rev', rev, 'status', 'queued', 'receivedAt', ARGV[3])
redis.call('HDEL', KEYS[1], 'verdict')
if ARGV[5] ~= '' then redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5]) end
return {1, 'queued', rev}
`,
);

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
  readonly status: CommentStatus;
  readonly revision: number;
}

/** A comment record as read back. */
export interface CommentRecord {
  readonly comment: StoredComment;
  readonly status: CommentStatus;
  readonly verdict?: Verdict;
}

/** The retention index member of a comment whose author has an IP or email to forget later, else ''. */
const retentionMember = (site: string, c: CommentInput): string => (c.author.ip || c.author.email ? `${site}\n${c.id}` : '');

/** Fingerprint of what scoring reads: a re-post with the same fingerprint is not scored again. */
export function contentHash(c: CommentInput): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([c.content, c.contentType, c.author, c.honeypot ?? null, c.lang ?? null]));
  return h.digest('base64url');
}

export class CommentStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Stores a comment (or its edit) atomically and says whether it needs scoring. */
  async accept(site: string, input: CommentInput, receivedAt: Date, via: CommentVia = { via: 'webhook' }): Promise<AcceptResult> {
    const body = JSON.stringify({ ...input, site, receivedAt: receivedAt.toISOString(), ...via });
    const res = (await upsertScript.run(
      this.redis,
      [this.keys.comment(site, input.id), this.keys.received()],
      [contentHash(input), body, receivedAt.toISOString(), receivedAt.getTime(), retentionMember(site, input)],
    )) as [number, string, number];
    return { changed: res[0] === 1, status: res[1] as CommentStatus, revision: res[2] };
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
    return stored === 1;
  }
}
