/**
 * What a moderator can block or trust from a comment: its link domains (all of them), its author's email and IP
 * address, each with the site list it would go on — and why doing so would be wrong, when it would: blocking what
 * readers use (popular domains, the article's and the site's own domains, allow-listed values, the site's proxy
 * address), or trusting what anyone can use (popular and free-mail domains) or what the site blocks.
 */
import type { StoredComment } from '../domain/comment.js';
import { COMMON_DOMAINS } from '../scoring/campaign.js';
import { buildContext } from '../scoring/context.js';
import { parseLinkTarget } from '../scoring/links.js';
import { normalizeListValue, type ListKind } from '../scoring/site-lists.js';
import { GLOBAL_SCOPE } from '../store/lists.js';
import type { Store } from '../store/index.js';

export const LIST_TARGETS = ['domain', 'email', 'ip'] as const;
export type ListTarget = (typeof LIST_TARGETS)[number];

export const BLOCK_LIST: Record<ListTarget, ListKind> = { domain: 'blocked-domains', email: 'blocked-emails', ip: 'blocked-ips' };
export const ALLOW_LIST: Record<ListTarget, ListKind> = { domain: 'allowed-domains', email: 'allowed-emails', ip: 'allowed-ips' };

/** One value a comment has, the list it would go on, and why it must not, if it must not. */
export interface TargetOption {
  readonly target: ListTarget;
  readonly value: string;
  readonly list: ListKind;
  readonly refused?: string;
}

// Link domains read the comment alone: no thresholds or languages are involved.
const NO_SETTINGS = { thresholds: { review: 0.5, spam: 0.9 }, languages: [] };

/** The values of `target` a comment has, canonical (as its list keeps them): every link domain, the email, the IP. */
export function valuesOf(comment: StoredComment, target: ListTarget): string[] {
  const raw =
    target === 'domain'
      ? (() => {
          const ctx = buildContext(comment, NO_SETTINGS, new Date(0));
          return [ctx.authorLink, ...ctx.links].flatMap((l) => (l ? [l.domain] : []));
        })()
      : [target === 'email' ? comment.author.email : comment.author.ip].flatMap((v) => (v?.trim() ? [v] : []));
  const out: string[] = [];
  for (const v of raw) {
    const canonical = normalizeListValue(BLOCK_LIST[target], v);
    if ('value' in canonical && !out.includes(canonical.value)) out.push(canonical.value);
  }
  return out;
}

/** The value a block takes by default: the first link domain readers do not commonly link; the email; the IP. */
export function defaultBlockValue(comment: StoredComment, target: ListTarget): string | undefined {
  const values = valuesOf(comment, target);
  return target === 'domain' ? values.find((v) => !COMMON_DOMAINS.has(v)) : values[0];
}

/** Whether `value` (or a parent domain, or for an email its domain) is on a site's list or the global one. */
async function listed(store: Store, site: string, list: ListKind, target: ListTarget, value: string): Promise<boolean> {
  const values = new Set([...(await store.lists.values(site, list)), ...(await store.lists.values(GLOBAL_SCOPE, list))]);
  if (values.has(value)) return true;
  if (target === 'ip') return false;
  const host = target === 'email' ? value.slice(value.lastIndexOf('@') + 1) : value;
  const parts = host.split('.');
  return parts.some((_, i) => values.has(parts.slice(i).join('.')));
}

/** Whether `ip` is the address all of a site's comments arrive from (a proxy in front of its CMS). */
async function isProxy(store: Store, site: string, ip: string): Promise<boolean> {
  const [warning] = await store.readers.warnings([site]);
  return warning !== undefined && canonicalIp(warning.address) === ip;
}

const canonicalIp = (ip: string): string | undefined => {
  const c = normalizeListValue('blocked-ips', ip);
  return 'value' in c ? c.value : undefined;
};

/**
 * Why blocking `value` would punish readers, if it would: readers link popular sites, the article they comment on and
 * the site's own domains, an operator vouched for what is on an allow list, and a proxy's address is everyone's.
 */
export async function whyNotBlock(store: Store, comment: StoredComment, target: ListTarget, value: string): Promise<string | undefined> {
  if (await listed(store, comment.site, ALLOW_LIST[target], target, value)) return "it is on the site's allow list";
  if (target === 'ip') return (await isProxy(store, comment.site, value)) ? "it is the address all the site's comments arrive from (a proxy)" : undefined;
  if (target !== 'domain') return undefined;
  if (COMMON_DOMAINS.has(value)) return 'it is a popular domain readers link';
  const article = comment.permalink ? parseLinkTarget(comment.permalink)?.domain.toLowerCase() : undefined;
  if (value === article) return "it is the article's own domain";
  const site = await store.sites.get(comment.site);
  if (site?.domains?.includes(value)) return "it is one of the site's own domains";
  return undefined;
}

/** Domains anyone gets an address at: trusting one as a domain trusts everyone with a mailbox there. */
const FREE_MAIL = new Set(['gmail.com', 'googlemail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'live.com', 'msn.com', 'aol.com', 'icloud.com', 'me.com', 'mail.ru', 'yandex.ru', 'gmx.de', 'gmx.net', 'web.de', 'proton.me', 'protonmail.com', 'qq.com', '163.com', 'mail.com']);

/**
 * Why trusting `value` would let spam through, if it would: anyone can link a popular domain or get a free-mail
 * address, a proxy's address is everyone's, and what the site blocks is not trusted by a click.
 */
export async function whyNotTrust(store: Store, comment: StoredComment, target: ListTarget, value: string): Promise<string | undefined> {
  if (await listed(store, comment.site, BLOCK_LIST[target], target, value)) return "it is on the site's block list";
  if (target === 'domain' && FREE_MAIL.has(value)) return 'it is a free-mail domain: anyone can link or write from it';
  if (target === 'domain' && COMMON_DOMAINS.has(value)) return 'it is a popular domain anyone can link';
  if (target === 'ip' && (await isProxy(store, comment.site, value))) return "it is the address all the site's comments arrive from (a proxy)";
  return undefined;
}

/** Every value a comment has, as a block and as a trust, each with why it would be refused. */
export async function listTargets(store: Store, comment: StoredComment): Promise<{ block: TargetOption[]; trust: TargetOption[] }> {
  const block: TargetOption[] = [];
  const trust: TargetOption[] = [];
  for (const target of LIST_TARGETS) {
    for (const value of valuesOf(comment, target)) {
      const [notBlock, notTrust] = await Promise.all([whyNotBlock(store, comment, target, value), whyNotTrust(store, comment, target, value)]);
      block.push({ target, value, list: BLOCK_LIST[target], ...(notBlock ? { refused: notBlock } : {}) });
      trust.push({ target, value, list: ALLOW_LIST[target], ...(notTrust ? { refused: notTrust } : {}) });
    }
  }
  return { block, trust };
}
