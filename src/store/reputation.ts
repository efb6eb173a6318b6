/**
 * The local reputation memory: domains, addresses, emails and brand tokens of confirmed spam, by the time spam with
 * them was last confirmed. Fed by the worker when a rule rejects a comment with near certainty, and by moderators
 * (`confirmSpam`); a moderator's ham decision takes the values out again (`forget`). Later comments are checked
 * against it in the flood script (src/store/flood.ts), entries older than the flood store's `reputationMs` ignored.
 */
import type { Redis } from 'ioredis';
import type { CommentInput } from '../comment.js';
import { buildContext } from '../scoring/context.js';
import { floodKeysOf } from '../scoring/flood-keys.js';
import type { ReputationKind } from '../scoring/signals.js';
import type { Keys } from './keys.js';

/** One remembered value. */
export interface ReputationValue {
  readonly kind: ReputationKind;
  readonly value: string;
}

const NO_SETTINGS = { thresholds: { review: 0.5, spam: 0.9 }, languages: [] };
export const REPUTATION_KEEP_MS = 365 * 86_400_000;

/** The values of a comment the reputation memory keeps: its promoted domains, address, email and brand token. */
export function reputationValuesOf(comment: CommentInput): ReputationValue[] {
  return [...floodKeysOf(buildContext(comment, NO_SETTINGS, new Date(0)), Infinity).reputation];
}

export class ReputationStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Remembers the values of a comment confirmed as spam (by a moderator or a near-certain rule). */
  async confirmSpam(comment: CommentInput, now: Date): Promise<ReputationValue[]> {
    const values = reputationValuesOf(comment);
    await this.remember(values, now);
    return values;
  }

  /** Remembers values as confirmed spam at `now`. */
  async remember(values: readonly ReputationValue[], now: Date): Promise<void> {
    if (values.length === 0) return;
    const multi = this.redis.multi();
    for (const v of values) {
      multi.zadd(this.keys.reputation(v.kind), now.getTime(), v.value);
      multi.zremrangebyscore(this.keys.reputation(v.kind), '-inf', now.getTime() - REPUTATION_KEEP_MS);
    }
    await multi.exec();
  }

  /** Forgets the values of a comment a moderator found to be ham. */
  async forget(comment: CommentInput): Promise<ReputationValue[]> {
    const values = reputationValuesOf(comment);
    if (values.length === 0) return values;
    const multi = this.redis.multi();
    for (const v of values) multi.zrem(this.keys.reputation(v.kind), v.value);
    await multi.exec();
    return values;
  }

  /** When spam with this value was last confirmed, or undefined. */
  async confirmedAt(kind: ReputationKind, value: string): Promise<Date | undefined> {
    const at = await this.redis.zscore(this.keys.reputation(kind), value);
    return at === null ? undefined : new Date(Number(at));
  }
}
