/**
 * Moderation state of a comment: the machine's own verdict kept apart (for the overturn counts), the review queue and
 * the shadow-mode "would have held" set, and the audit history of human decisions (every decision is kept; the last wins).
 */
import type { Redis } from 'ioredis';
import type { StaffRole } from './credentials.js';
import { CommentIndexStore } from './comment-index.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';
import type { CommentStatus, Verdict, VerdictClass } from '../domain/verdict.js';
import type { CampaignState } from './campaigns.js';
import type { CorpusSnapshot } from './corpus.js';
import type { MemorySnapshot } from './memory.js';
import type { Confirmation } from './reputation.js';

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
  /** Set when the decision was undone (src/use-cases/undo.ts): who undid it, and when. Kept in the history. */
  readonly undone?: { readonly by: { readonly id: string; readonly name: string; readonly role: StaffRole }; readonly at: string };
}

/**
 * What a decision changes that the comment's hash and queues do not keep, read just before it (by the stores that own
 * each fact), so that undoing it restores them exactly. Kept with the undo record, as JSON.
 */
export interface UndoState {
  readonly campaign: CampaignState;
  readonly corpus: CorpusSnapshot | null;
  readonly memory: MemorySnapshot | null;
  readonly reputation: readonly Confirmation[];
  /** Whether the day of the decision had a queue time for the comment already (the decision then added none). */
  readonly hadQueueTime: boolean;
}

/** A decision's undo record: its time and {@link UndoState} (the verdict, status and queues before it stay in Redis). */
export interface UndoRecord {
  readonly at: string;
  readonly state: UndoState;
}

/** What undoing did: the verdict restored, or why nothing was. */
export type UndoResult =
  | { readonly ok: true; readonly verdict: Verdict; readonly position: number }
  | { readonly ok: false; readonly why: 'stale' | 'gone' };

/** Moderation fields of a comment hash. */
export interface ModerationFields {
  /** The machine's verdict class of the current revision. */
  readonly machine: VerdictClass | undefined;
  /** When it was last put in the review queue (ms). */
  readonly heldAt: number | undefined;
}

/**
 * recordDecision — KEYS[1] the comment hash, KEYS[2] its decision list, KEYS[3] the site's review set,
 * KEYS[4] the site's shadow set, KEYS[5] the comment's undo record (hash). ARGV[1] expected revision, ARGV[2] new
 * verdict JSON, ARGV[3] decision JSON, ARGV[4] id, ARGV[5] the decision's time, ARGV[6] the UndoState JSON, ARGV[7]
 * seconds the undo record is kept.
 * The undo record keeps what the decision replaces: the verdict and status, the review and shadow scores ('' when not
 * in), and the verdict it wrote (an undo checks that nothing changed it since).
 * Returns {-1, ''} when the comment was edited meanwhile; else {length of the history, the last decision not undone
 * before this one, or ''}.
 */
const recordScript = new LuaScript(
  'recordDecision',
  5,
  `
local rev = redis.call('HGET', KEYS[1], 'rev')
if not rev or tonumber(rev) ~= tonumber(ARGV[1]) then return {-1, ''} end
local previous = ''
for i = redis.call('LLEN', KEYS[2]) - 1, 0, -1 do
  local d = redis.call('LINDEX', KEYS[2], i)
  if not string.find(d, '"undone":', 1, true) then previous = d; break end
end
local before = redis.call('HMGET', KEYS[1], 'verdict', 'status')
redis.call('DEL', KEYS[5])
redis.call('HSET', KEYS[5], 'at', ARGV[5], 'state', ARGV[6], 'verdict', before[1] or '', 'status', before[2] or '',
  'review', redis.call('ZSCORE', KEYS[3], ARGV[4]) or '', 'shadow', redis.call('ZSCORE', KEYS[4], ARGV[4]) or '', 'after', ARGV[2])
redis.call('EXPIRE', KEYS[5], ARGV[7])
redis.call('HSET', KEYS[1], 'verdict', ARGV[2], 'status', 'decided')
redis.call('ZREM', KEYS[3], ARGV[4])
redis.call('ZREM', KEYS[4], ARGV[4])
return {redis.call('RPUSH', KEYS[2], ARGV[3]), previous}
`,
);

/**
 * undoDecision — KEYS[1] the comment hash, KEYS[2] its decision list, KEYS[3] the site's review set, KEYS[4] its
 * shadow set, KEYS[5] the comment's undo record. ARGV[1] the last decision as read (JSON), ARGV[2] it marked undone,
 * ARGV[3] id.
 * Puts back the verdict, status and queue places the undo record kept, and marks the decision undone in the history,
 * if the decision is still the last one, the record is its own, and the verdict is still the one it wrote.
 * Returns {1, the decision's position (1-based), the verdict restored}, {0} when something changed since, or {-1} when
 * the record is gone (expired).
 */
const undoScript = new LuaScript(
  'undoDecision',
  5,
  `
if redis.call('LINDEX', KEYS[2], -1) ~= ARGV[1] then return {0} end
local u = redis.call('HMGET', KEYS[5], 'at', 'verdict', 'status', 'review', 'shadow', 'after')
if not u[1] or u[2] == '' then return {-1} end
if u[1] ~= cjson.decode(ARGV[1])['at'] then return {-1} end
if redis.call('HGET', KEYS[1], 'verdict') ~= u[6] then return {0} end
redis.call('HSET', KEYS[1], 'verdict', u[2], 'status', u[3])
if u[4] ~= '' then redis.call('ZADD', KEYS[3], u[4], ARGV[3]) end
if u[5] ~= '' then redis.call('ZADD', KEYS[4], u[5], ARGV[3]) end
redis.call('LSET', KEYS[2], -1, ARGV[2])
redis.call('DEL', KEYS[5])
return {1, redis.call('LLEN', KEYS[2]), u[2]}
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

  /**
   * Stores a decision and the verdict it makes, atomically, if the comment is still at `decision.rev`, with the undo
   * record that lets {@link undo} put back what it replaced for `keepSeconds`. `previous` is the last decision not undone.
   */
  async record(verdict: Verdict, decision: Decision, undo: UndoState, keepSeconds: number): Promise<Recorded | undefined> {
    const k = this.keys;
    const [count, previous] = (await recordScript.run(
      this.redis,
      [k.comment(verdict.site, verdict.id), k.decisions(verdict.site, verdict.id), k.review(verdict.site), k.shadow(verdict.site), k.undo(verdict.site, verdict.id)],
      [decision.rev, JSON.stringify(verdict), JSON.stringify(decision), verdict.id, decision.at, JSON.stringify(undo), Math.max(1, keepSeconds)],
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

  /** The undo record of a comment's last decision, while it is kept. */
  async undoRecord(site: string, id: string): Promise<UndoRecord | undefined> {
    const [at, state] = await this.redis.hmget(this.keys.undo(site, id), 'at', 'state');
    return at && state ? { at, state: JSON.parse(state) as UndoState } : undefined;
  }

  /**
   * Undoes `last`, the comment's last decision as read: its verdict, status and place in the review or shadow queue
   * back to what they were before it, and the decision marked `undone` in the history. `stale`: another decision, an
   * edit or a report came since; `gone`: its undo record expired.
   */
  async undo(site: string, id: string, last: Decision, undone: NonNullable<Decision['undone']>): Promise<UndoResult> {
    const k = this.keys;
    const res = (await undoScript.run(
      this.redis,
      [k.comment(site, id), k.decisions(site, id), k.review(site), k.shadow(site), k.undo(site, id)],
      [JSON.stringify(last), JSON.stringify({ ...last, undone }), id],
    )) as [number, number?, string?];
    if (res[0] !== 1) return { ok: false, why: res[0] === 0 ? 'stale' : 'gone' };
    await new CommentIndexStore(this.redis, this.keys).sync(site, id);
    return { ok: true, position: res[1]!, verdict: JSON.parse(res[2]!) as Verdict };
  }

  /**
   * Erases a comment's moderation state: its decision history, its undo record, and its places in the review queue and
   * the shadow set. Returns how many decisions the history held.
   */
  async erase(site: string, id: string): Promise<number> {
    const k = this.keys;
    const res = await this.redis
      .multi()
      .llen(k.decisions(site, id))
      .del(k.decisions(site, id), k.undo(site, id))
      .zrem(k.review(site), id)
      .zrem(k.shadow(site), id)
      .exec();
    return Number(res?.[0]?.[1] ?? 0);
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
