/**
 * Moderation state of a comment: the machine's own verdict kept apart (for the overturn counts), the review queue and
 * the shadow-mode "would have held" set, and the audit history of human decisions (every decision is kept; the last wins).
 */
import type { Redis } from 'ioredis';
import type { StaffRole } from './credentials.js';
import { CommentIndexStore } from './comment-index.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';
import type { CommentStatus, Verdict, VerdictClass } from '../verdict.js';

/** What a moderator can decide. */
export type HumanVerdict = 'ham' | 'spam';

/** One human decision, as kept in a comment's history. */
export interface Decision {
  readonly verdict: HumanVerdict;
  readonly note?: string;
  /** The staff token that decided: its id, name and role. */
  readonly by: { readonly id: string; readonly name: string; readonly role: StaffRole };
  readonly at: string;
  /** The revision of the comment decided on. */
  readonly rev: number;
  /** The verdict the comment had just before. */
  readonly before: { readonly verdict: VerdictClass; readonly status: CommentStatus };
  /** What the machine said about this revision. */
  readonly machine: VerdictClass;
  /** When the comment entered the review queue (ms), if it was held. */
  readonly heldAt?: number;
}

/** Moderation fields of a comment hash. */
export interface ModerationFields {
  /** The machine's verdict class of the current revision. */
  readonly machine: VerdictClass | undefined;
  /** When it was last put in the review queue (ms). */
  readonly heldAt: number | undefined;
}

/**
 * recordDecision — KEYS[1] the comment hash, KEYS[2] its decision list, KEYS[3] the site's review set,
 * KEYS[4] the site's shadow set. ARGV[1] expected revision, ARGV[2] new verdict JSON, ARGV[3] decision JSON, ARGV[4] id.
 * Returns {-1, ''} when the comment was edited meanwhile; else {length of the history, the decision before or ''}.
 */
const recordScript = new LuaScript(
  'recordDecision',
  4,
  `
local rev = redis.call('HGET', KEYS[1], 'rev')
if not rev or tonumber(rev) ~= tonumber(ARGV[1]) then return {-1, ''} end
local previous = redis.call('LINDEX', KEYS[2], -1) or ''
redis.call('HSET', KEYS[1], 'verdict', ARGV[2], 'status', 'decided')
redis.call('ZREM', KEYS[3], ARGV[4])
redis.call('ZREM', KEYS[4], ARGV[4])
return {redis.call('RPUSH', KEYS[2], ARGV[3]), previous}
`,
);

/**
 * holdComment — KEYS[1] the comment hash, KEYS[2] the set to hold it in (review, or shadow for a shadow-mode site).
 * ARGV[1] expected revision, ARGV[2] verdict JSON, ARGV[3] receivedAt ms, ARGV[4] id, ARGV[5] heldAt ms.
 * Returns 1 when held, 0 when the comment was edited meanwhile.
 */
const holdScript = new LuaScript(
  'holdComment',
  2,
  `
local rev = redis.call('HGET', KEYS[1], 'rev')
if not rev or tonumber(rev) ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'verdict', ARGV[2], 'status', 'scored', 'heldAt', ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return 1
`,
);

/** What recording a decision did. */
export interface Recorded {
  /** How many decisions the comment has had, this one included. */
  readonly count: number;
  /** The decision this one supersedes, if any. */
  readonly previous: Decision | undefined;
}

export class DecisionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /**
   * Notes what the machine said about a freshly scored revision; in shadow mode, a held or rejected comment goes to the
   * "would have held" set instead of the review queue (saveVerdict was told not to hold it).
   */
  async noteScored(verdict: Verdict, at: Date, shadow: boolean): Promise<void> {
    const k = this.keys;
    const multi = this.redis.multi().hset(k.comment(verdict.site, verdict.id), 'machine', verdict.verdict);
    if (verdict.verdict === 'review') multi.hset(k.comment(verdict.site, verdict.id), 'heldAt', at.getTime());
    if (shadow && verdict.verdict !== 'ham') multi.zadd(k.shadow(verdict.site), Date.parse(verdict.receivedAt), verdict.id);
    else multi.zrem(k.shadow(verdict.site), verdict.id);
    await multi.exec();
    await new CommentIndexStore(this.redis, this.keys).sync(verdict.site, verdict.id);
  }

  /** The moderation fields of a comment. */
  async fields(site: string, id: string): Promise<ModerationFields> {
    const [machine, heldAt] = await this.redis.hmget(this.keys.comment(site, id), 'machine', 'heldAt');
    return { machine: (machine ?? undefined) as VerdictClass | undefined, heldAt: heldAt ? Number(heldAt) : undefined };
  }

  /** Stores a decision and the verdict it makes, atomically, if the comment is still at `decision.rev`. */
  async record(verdict: Verdict, decision: Decision): Promise<Recorded | undefined> {
    const k = this.keys;
    const [count, previous] = (await recordScript.run(
      this.redis,
      [k.comment(verdict.site, verdict.id), k.decisions(verdict.site, verdict.id), k.review(verdict.site), k.shadow(verdict.site)],
      [decision.rev, JSON.stringify(verdict), JSON.stringify(decision), verdict.id],
    )) as [number, string];
    if (count < 0) return undefined;
    await new CommentIndexStore(this.redis, this.keys).sync(verdict.site, verdict.id);
    return { count, previous: previous ? (JSON.parse(previous) as Decision) : undefined };
  }

  /** Puts a comment (back) in the review queue, or the shadow set, with `verdict`. False when it was edited meanwhile. */
  async hold(verdict: Verdict, revision: number, shadow: boolean, at: Date): Promise<boolean> {
    const k = this.keys;
    const held = await holdScript.run(
      this.redis,
      [k.comment(verdict.site, verdict.id), shadow ? k.shadow(verdict.site) : k.review(verdict.site)],
      [revision, JSON.stringify(verdict), Date.parse(verdict.receivedAt), verdict.id, at.getTime()],
    );
    if (held === 1) await new CommentIndexStore(this.redis, this.keys).sync(verdict.site, verdict.id);
    return held === 1;
  }

  /** Every decision about a comment, oldest first. */
  async history(site: string, id: string): Promise<Decision[]> {
    return (await this.redis.lrange(this.keys.decisions(site, id), 0, -1)).map((r) => JSON.parse(r) as Decision);
  }

  /** Ids in a site's review queue (or shadow set), with their receivedAt ms, oldest first. */
  async queued(site: string, view: 'review' | 'shadow'): Promise<Array<{ id: string; receivedAt: number }>> {
    const key = view === 'review' ? this.keys.review(site) : this.keys.shadow(site);
    const flat = await this.redis.zrange(key, '0', '-1', 'WITHSCORES');
    const out: Array<{ id: string; receivedAt: number }> = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ id: flat[i]!, receivedAt: Number(flat[i + 1]) });
    return out;
  }
}
