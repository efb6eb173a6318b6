/**
 * "Spam and block": a moderator rejects a comment and blocks what made it spam — one of its link domains, its
 * author's email or IP address — in the site's lists (noting who, when and for which comment), then rejects the
 * comments still held that share it. What may be blocked, and what may not, is src/use-cases/list-targets.ts.
 */
import type { StoredComment } from '../domain/comment.js';
import { errors } from '../platform/errors.js';
import type { ListKind } from '../scoring/site-lists.js';
import { decideComment, decideMany, type BulkOutcome, type Staff } from './decide.js';
import type { ModerationDeps } from './deps.js';
import { BLOCK_LIST, defaultBlockValue, LIST_TARGETS, valuesOf, whyNotBlock, type ListTarget } from './list-targets.js';

export const BLOCK_TARGETS = LIST_TARGETS;
export type BlockTarget = ListTarget;

/** What a block did. */
export interface BlockOutcome extends BulkOutcome {
  readonly blocked: { readonly list: ListKind; readonly value: string; readonly added: boolean };
}

/** The held comments of a site that share `value` as their `target`, the banned one left out. */
async function heldSharing(deps: ModerationDeps, site: string, target: BlockTarget, value: string): Promise<string[]> {
  if (target === 'domain') {
    const members = await deps.store.campaigns.members(site, { kind: 'domain', value }, 'held', 1000);
    return members.map((m) => m.id);
  }
  const queued = await deps.store.decisions.queued(site, 'review');
  const records = await Promise.all(queued.map((q) => deps.store.comments.get(site, q.id)));
  const field = (c: StoredComment) => (target === 'email' ? c.author.email : c.author.ip)?.trim().toLowerCase();
  return records.filter((r) => r && field(r.comment) === value).map((r) => r!.comment.id);
}

/**
 * The value to block or trust: the one asked for, which must be the comment's own (400 otherwise), or the one `pick`
 * chooses (409 `nothing_to_block` / `nothing_to_trust` when there is none).
 */
export function chosenValue(
  comment: StoredComment,
  target: ListTarget,
  asked: string | undefined,
  pick: (c: StoredComment, t: ListTarget) => string | undefined,
  action: 'block' | 'trust' = 'block',
): string {
  if (asked === undefined) {
    const value = pick(comment, target);
    const what = target === 'ip' ? 'IP address' : target;
    if (!value) throw action === 'block' ? errors.nothingToBlock(comment.id, what) : errors.nothingToTrust(comment.id, what);
    return value;
  }
  const values = valuesOf(comment, target);
  const value = asked.trim().toLowerCase();
  if (!values.includes(value)) throw errors.validation(`"${asked}" is not a ${target} of comment "${comment.id}" (it has: ${values.join(', ') || 'none'}).`);
  return value;
}

/** Rejects a comment, blocks its `target` (`value`, or its default one) on the site, and rejects the held comments that share it. */
export async function spamAndBlock(
  deps: ModerationDeps,
  input: { site: string; id: string; target: BlockTarget; value?: string | undefined; note?: string | undefined },
  by: Staff,
): Promise<BlockOutcome> {
  const record = await deps.store.comments.get(input.site, input.id);
  if (!record) throw errors.notFound(`Comment "${input.id}" on site "${input.site}"`);
  const value = chosenValue(record.comment, input.target, input.value, defaultBlockValue);
  const why = await whyNotBlock(deps.store, record.comment, input.target, value);
  if (why) throw errors.blockRefused(value, why);
  const { decision } = await decideComment(deps, { site: input.site, id: input.id, verdict: 'spam', note: input.note }, by);
  const list = BLOCK_LIST[input.target];
  const added = await deps.store.lists.add(input.site, list, value, { by: by.name, at: decision.at, commentId: input.id });
  const others = (await heldSharing(deps, input.site, input.target, value)).filter((id) => id !== input.id);
  const note = input.note ?? `Blocked ${input.target} ${value}`;
  const rest = await decideMany(deps, others.map((id) => ({ site: input.site, id })), 'spam', note, by);
  return { blocked: { list, value, added }, decided: [{ site: input.site, id: input.id, verdict: 'spam', at: decision.at }, ...rest.decided], skipped: rest.skipped };
}
