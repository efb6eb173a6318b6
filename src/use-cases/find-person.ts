/**
 * Which comments belong to one person, for an erasure or an export (docs/DATA-RIGHTS.md): read from the comment
 * index's exact author terms (src/store/index-terms.ts) — e-mail, IP, name, the CMS's author id — in each site of
 * the request, or one comment by its id. A pseudonymised comment (past the retention period, src/use-cases/sweep-retention.ts) is found
 * by its e-mail or IP too: their pseudonyms are looked up with them. Never a scan of the comments.
 */
import { createHmac } from 'node:crypto';
import { pseudonym } from './sweep-retention.js';
import type { Store } from '../store/index.js';
import { authorIdTerm, authorTerm } from '../store/index-terms.js';

/** Who the request is about: exactly one of these. */
export type PersonSelector =
  | { readonly email: string }
  | { readonly ip: string }
  | { readonly name: string }
  | { readonly authorId: string }
  | { readonly comment: string };

/** The selector's kind and value. */
export function selectorOf(s: PersonSelector): { kind: 'email' | 'ip' | 'name' | 'authorId' | 'comment'; value: string } {
  if ('email' in s) return { kind: 'email', value: s.email };
  if ('ip' in s) return { kind: 'ip', value: s.ip };
  if ('name' in s) return { kind: 'name', value: s.name };
  if ('authorId' in s) return { kind: 'authorId', value: s.authorId };
  return { kind: 'comment', value: s.comment };
}

/** A comment found: its site and id. */
export interface PersonComment {
  readonly site: string;
  readonly id: string;
}

/**
 * The selector as the audit log keeps it: its kind and a keyed hash of its value (the installation's pseudonym key,
 * as retention uses): the same person gives the same hash, and the hash gives no value back.
 */
export async function auditedSelector(store: Store, s: PersonSelector): Promise<{ kind: string; hash: string }> {
  const { kind, value } = selectorOf(s);
  const key = await store.retention.pseudonymKey();
  return { kind, hash: createHmac('sha256', key).update(`${kind}\n${value.trim().toLowerCase()}`).digest('hex').slice(0, 32) };
}

/** The index terms a selector's comments are filed under (e-mail and IP in clear, and as their pseudonyms). */
async function termsOf(store: Store, s: PersonSelector): Promise<string[]> {
  const { kind, value } = selectorOf(s);
  if (kind === 'name') return [authorTerm('name', value)];
  if (kind === 'authorId') return [authorIdTerm(value)];
  if (kind === 'comment') return [];
  const key = await store.retention.pseudonymKey();
  const variants = new Set([value.trim(), value.trim().toLowerCase()]);
  return [...new Set([authorTerm(kind, value), ...[...variants].map((v) => authorTerm(kind, pseudonym(key, v)))])];
}

/** The comments of `sites` the selector names, sorted by site then id. */
export async function findPerson(store: Store, s: PersonSelector, sites: readonly string[]): Promise<PersonComment[]> {
  if ('comment' in s) {
    const found = await Promise.all(sites.map(async (site) => ((await store.comments.get(site, s.comment)) ? [{ site, id: s.comment }] : [])));
    return found.flat();
  }
  const terms = await termsOf(store, s);
  const out = new Map<string, PersonComment>();
  for (const site of sites) {
    for (const term of terms) for (const id of await store.index.idsUnder(site, term)) out.set(`${site}\n${id}`, { site, id });
  }
  return [...out.values()].sort((a, b) => (a.site === b.site ? (a.id < b.id ? -1 : 1) : a.site < b.site ? -1 : 1));
}

/** The selector kinds, as request fields. */
export const SELECTOR_KINDS = ['email', 'ip', 'name', 'authorId', 'comment'] as const;

/** A request as the API and the CLI take it: one selector field, and a site or `everywhere`. */
export type PersonRequest = { readonly [K in (typeof SELECTOR_KINDS)[number]]?: string | undefined } & {
  readonly site?: string | undefined;
  readonly everywhere?: boolean | undefined;
};

/**
 * The selector and the sites of a request; `refused` (bad request) unless it has exactly one selector and either a
 * site or `everywhere`, `unknownSite` when the site does not exist.
 */
export async function personScope(
  store: Store,
  q: PersonRequest,
): Promise<{ selector: PersonSelector; sites: string[] } | { refused: string } | { unknownSite: string }> {
  const given = SELECTOR_KINDS.filter((k) => q[k] !== undefined && q[k] !== '');
  if (given.length !== 1) return { refused: `name the person by exactly one of ${SELECTOR_KINDS.join(', ')} (got ${given.length})` };
  const kind = given[0]!;
  const selector = { [kind]: q[kind]! } as PersonSelector;
  const everywhere = q.everywhere === true;
  if (everywhere === (q.site !== undefined)) return { refused: 'give either a site or everywhere' };
  if (everywhere) return { selector, sites: (await store.sites.list()).map((s) => s.id).sort() };
  if (!(await store.sites.get(q.site!))) return { unknownSite: q.site! };
  return { selector, sites: [q.site!] };
}
