/**
 * The retention index and its sweep in Redis: comments whose author's IP or email is still in clear, by receivedAt,
 * and the compare-and-set that replaces them with pseudonyms once they are old enough.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CommentIndexStore } from './comment-index.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';
import { ReputationStore } from './reputation.js';

/**
 * forgetAuthor — KEYS[1] the comment hash, KEYS[2] the retention index.
 * ARGV[1] the comment JSON that was read ('' when it was gone), ARGV[2] its replacement ('' to change nothing),
 * ARGV[3] the verdict JSON that was read ('' none), ARGV[4] its replacement ('' none), ARGV[5] the new content hash,
 * ARGV[6] the index member.
 * Returns 1 when done (replaced, or nothing to replace: the comment just leaves the index), 0 when the comment changed
 * since it was read (an edit, or its verdict arrived): it stays in the index and the next sweep reads it again.
 */
const forgetScript = new LuaScript(
  'forgetAuthor',
  2,
  `
local h = redis.call('HMGET', KEYS[1], 'comment', 'verdict')
if (h[1] or '') ~= ARGV[1] or (h[2] or '') ~= ARGV[3] then return 0 end
if h[1] and ARGV[2] ~= '' then
  redis.call('HSET', KEYS[1], 'comment', ARGV[2], 'hash', ARGV[5])
  if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'verdict', ARGV[4]) end
end
redis.call('ZREM', KEYS[2], ARGV[6])
return 1
`,
);

/** A comment due for the sweep, with what was read of it. */
export interface DueComment {
  readonly site: string;
  readonly id: string;
  /** The index member, to remove once done. */
  readonly member: string;
  /** The raw comment and verdict JSON (undefined when the comment is gone or has no verdict). */
  readonly comment: string | undefined;
  readonly verdict: string | undefined;
}

/** What replaces a due comment's fields. */
export interface Forgotten {
  readonly comment: string;
  readonly verdict: string | undefined;
  readonly hash: string;
}

/** The retention index, the pseudonym key and the sweep lock of one installation. */
export class RetentionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Up to `limit` comments received before `cutoffMs` whose author data is still in clear, oldest first. */
  async due(cutoffMs: number, limit: number): Promise<DueComment[]> {
    const members = await this.redis.zrangebyscore(this.keys.received(), '-inf', cutoffMs, 'LIMIT', 0, limit);
    return Promise.all(
      members.map(async (member) => {
        const cut = member.indexOf('\n');
        const site = member.slice(0, cut);
        const id = member.slice(cut + 1);
        const [comment, verdict] = await this.redis.hmget(this.keys.comment(site, id), 'comment', 'verdict');
        return { site, id, member, comment: comment ?? undefined, verdict: verdict ?? undefined };
      }),
    );
  }

  /** Replaces a due comment's fields (undefined: none) if it is still as read, and drops it from the index; false when it changed meanwhile. */
  async forget(due: DueComment, replacement: Forgotten | undefined): Promise<boolean> {
    const read = [due.comment ?? '', due.verdict ?? ''] as const;
    const args = replacement
      ? [read[0], replacement.comment, read[1], replacement.verdict ?? '', replacement.hash, due.member]
      : [read[0], '', read[1], '', '', due.member];
    const done = (await forgetScript.run(this.redis, [this.keys.comment(due.site, due.id), this.keys.received()], args)) === 1;
    // The clear e-mail and IP leave the search index; their pseudonyms take their place.
    if (done && replacement) await new CommentIndexStore(this.redis, this.keys).sync(due.site, due.id);
    return done;
  }

  /** Drops reputation memory entries (`ip`, `email`) last confirmed before `cutoffMs`; returns how many. */
  async trimReputation(kinds: readonly string[], cutoffMs: number): Promise<number> {
    // With their confirming comments' records (src/store/reputation.ts): the values leave every structure.
    return new ReputationStore(this.redis, this.keys).trim(kinds, cutoffMs);
  }

  /** The installation's pseudonym key, created (32 random bytes) the first time it is asked for. */
  async pseudonymKey(): Promise<Buffer> {
    const key = this.keys.retentionKey();
    await this.redis.set(key, randomBytes(32).toString('base64'), 'NX');
    return Buffer.from((await this.redis.get(key)) ?? '', 'base64');
  }

  /** Takes the sweep lock for `ttlMs` (one sweeper at a time across workers); false when another holds it. */
  async lock(owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.retentionLock(), owner, 'PX', ttlMs, 'NX')) === 'OK';
  }

  /** Releases the lock if `owner` still holds it. */
  async unlock(owner: string): Promise<void> {
    await this.redis.eval(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
      1,
      this.keys.retentionLock(),
      owner,
    );
  }
}
