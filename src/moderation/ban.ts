/**
 * "Spam and block": a moderator rejects a comment and blocks what made it spam — its link domain, its author's email
 * or IP address — in the site's lists, then rejects the comments still held that share it.
 */
import type { StoredComment } from '../comment.js';
import { errors } from '../errors.js';
import { COMMON_DOMAINS } from '../scoring/campaign.js';
import { parseLinkTarget } from '../scoring/links.js';
import { normalizeListValue, type ListKind } from '../scoring/site-lists.js';
import { decideComment, decideMany, type BulkOutcome, type Staff } from './decide.js';
import type { ModerationDeps } from './deps.js';

export const BLOCK_TARGETS = ['domain', 'email', 'ip'] as const;
export type BlockTarget = (typeof BLOCK_TARGETS)[number];

const LIST_OF: Record<BlockTarget, ListKind> = { domain: 'blocked-domains', email: 'blocked-emails', ip: 'blocked-ips' };

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

/** The value of `target` a comment has, lowercased. */
async function valueOf(deps: ModerationDeps, comment: StoredComment, target: BlockTarget): Promise<string | undefined> {
  if (target === 'email') return comment.author.email?.trim().toLowerCase() || undefined;
  if (target === 'ip') return comment.author.ip?.trim().toLowerCase() || undefined;
  const keys = await deps.store.campaigns.keysOf(comment.site, comment.id);
  return keys.find((k) => k.kind === 'domain')?.value;
}

const ALLOW_OF: Record<BlockTarget, ListKind> = { domain: 'allowed-domains', email: 'allowed-emails', ip: 'allowed-ips' };

/**
 * Why blocking `value` would punish readers, if it would: readers link popular sites, the article they comment on and
 * the site's own domains, and an operator vouched for what is on an allow list. Undefined when the block is safe.
 */
async function whyNotBlock(deps: ModerationDeps, comment: StoredComment, target: BlockTarget, value: string): Promise<string | undefined> {
  const allowed = await deps.store.lists.values(comment.site, ALLOW_OF[target]);
  if (allowed.includes(value)) return "it is on the site's allow list";
  if (target !== 'domain') return undefined;
  if (COMMON_DOMAINS.has(value)) return 'it is a popular domain readers link';
  const article = comment.permalink ? parseLinkTarget(comment.permalink)?.domain.toLowerCase() : undefined;
  if (value === article) return "it is the article's own domain";
  const site = await deps.store.sites.get(comment.site);
  if (site?.domains?.includes(value)) return "it is one of the site's own domains";
  return undefined;
}

/** Rejects a comment, blocks its `target` on the site, and rejects the held comments that share it. */
export async function spamAndBlock(
  deps: ModerationDeps,
  input: { site: string; id: string; target: BlockTarget; note?: string | undefined },
  by: Staff,
): Promise<BlockOutcome> {
  const record = await deps.store.comments.get(input.site, input.id);
  if (!record) throw errors.notFound(`Comment "${input.id}" on site "${input.site}"`);
  const value = await valueOf(deps, record.comment, input.target);
  if (!value) throw errors.nothingToBlock(input.id, input.target === 'ip' ? 'IP address' : input.target);
  const why = await whyNotBlock(deps, record.comment, input.target, value);
  if (why) throw errors.blockRefused(value, why);
  const { decision } = await decideComment(deps, { site: input.site, id: input.id, verdict: 'spam', note: input.note }, by);
  const list = LIST_OF[input.target];
  const canonical = normalizeListValue(list, value);
  const added = 'value' in canonical && (await deps.store.lists.add(input.site, list, canonical.value));
  const others = (await heldSharing(deps, input.site, input.target, value)).filter((id) => id !== input.id);
  const note = input.note ?? `Blocked ${input.target} ${value}`;
  const rest = await decideMany(deps, others.map((id) => ({ site: input.site, id })), 'spam', note, by);
  return { blocked: { list, value, added }, decided: [{ site: input.site, id: input.id, verdict: 'spam', at: decision.at }, ...rest.decided], skipped: rest.skipped };
}
