/**
 * Privacy: an author's IP address and email are kept in clear only for the retention period (RETENTION_DAYS, from the
 * comment's last revision). Then they are replaced by pseudonyms — a keyed hash, the same for the same value, so a
 * moderator can still see that two old comments share an address — in the comment and wherever its verdict quotes
 * them (reasons and evidence). The reputation memory forgets addresses and emails after the same period.
 */
import { createHmac } from 'node:crypto';
import type { Config } from '../platform/config.js';
import type { DueComment, Forgotten } from '../store/retention.js';
import type { Store } from '../store/index.js';

/** Prefix of a pseudonym: `anon:` and 32 hex digits of HMAC-SHA256 (never a valid IP address or email). */
export const PSEUDONYM_PREFIX = 'anon:';

/** Comments read per round of a sweep. */
const BATCH = 200;

/** The pseudonym of `value` under `key`. */
export function pseudonym(key: Buffer, value: string): string {
  return `${PSEUDONYM_PREFIX}${createHmac('sha256', key).update(value).digest('hex').slice(0, 32)}`;
}

/** The author fields that are personal data, as they appear in a stored comment. */
interface AuthorData {
  ip?: string;
  email?: string;
}

/**
 * The replacement of a due comment: author IP and email become pseudonyms, in the comment and (every quotation, as
 * JSON text) in its verdict. Undefined when there is nothing in clear left to replace.
 */
export function forgetAuthorData(due: DueComment, key: Buffer): Forgotten | undefined {
  if (!due.comment) return undefined;
  const comment = JSON.parse(due.comment) as { author?: AuthorData };
  const author = comment.author ?? {};
  const clear = (['ip', 'email'] as const).filter((f) => typeof author[f] === 'string' && author[f] !== '' && !author[f]!.startsWith(PSEUDONYM_PREFIX));
  if (clear.length === 0) return undefined;
  let verdict = due.verdict;
  for (const field of clear) {
    const value = author[field]!;
    const hidden = pseudonym(key, value);
    author[field] = hidden;
    // The verdict is JSON: replace the value as JSON escapes it, wherever a reason or its evidence quotes it.
    if (verdict) verdict = verdict.split(JSON.stringify(value).slice(1, -1)).join(hidden);
  }
  // The content hash covers the author too; keyed, it can no longer confirm a guessed address.
  const hash = createHmac('sha256', key).update(JSON.stringify(comment)).digest('base64url');
  return { comment: JSON.stringify({ ...comment, author }), verdict, hash };
}

/** What one sweep did. */
export interface SweepResult {
  /** Comments whose author data was pseudonymised. */
  readonly forgotten: number;
  /** Reputation entries (IPs, emails) dropped. */
  readonly reputation: number;
}

/**
 * Pseudonymises the author data of every comment received more than the retention period before `now`, in batches,
 * and trims the reputation memory of IPs and emails. Idempotent; safe to run from several workers at once.
 */
export async function sweepRetention(store: Store, config: Pick<Config, 'retention'>, now: Date): Promise<SweepResult> {
  const cutoff = now.getTime() - config.retention.days * 86_400_000;
  const key = await store.retention.pseudonymKey();
  let forgotten = 0;
  // Bounded: a comment that keeps changing under the sweep is left for the next one.
  for (let round = 0; round < 1_000; round++) {
    const due = await store.retention.due(cutoff, BATCH);
    let done = 0;
    for (const d of due) {
      const replacement = forgetAuthorData(d, key);
      if (await store.retention.forget(d, replacement)) {
        done++;
        if (replacement) forgotten++;
      }
    }
    if (due.length < BATCH || done === 0) break;
  }
  const reputation = await store.retention.trimReputation(['ip', 'email'], cutoff);
  return { forgotten, reputation };
}
