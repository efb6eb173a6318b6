/**
 * Operators' block and allow lists, per site and global: validation of the values they enter, and the compiled form
 * the lists phase matches against. No pattern from a user becomes a regex: domains and emails are set lookups, IPs
 * and ranges are prefix-set lookups, words go into one Aho-Corasick automaton (word boundaries for Latin terms), so
 * no list can make matching slower than linear in the comment.
 */
import { parseRange, IpRangeSet, formatRange, type IpAddress } from './ip.js';
import { compileLexicon, type Lexicon } from './lexicon.js';
import { parseLinkTarget } from './links.js';
import { foldText } from './normalize.js';

/** The kinds of list. `*-emails` hold addresses (`a@b.com`) and whole email domains (`b.com`). */
export const LIST_KINDS = [
  'blocked-domains',
  'allowed-domains',
  'blocked-ips',
  'allowed-ips',
  'blocked-emails',
  'allowed-emails',
  'banned-words',
  'suspect-words',
] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** The raw (already normalised) values of each list. */
export type ListValues = Partial<Record<ListKind, readonly string[]>>;

/** Longest value accepted in any list. */
export const MAX_LIST_VALUE_LENGTH = 253;

/**
 * The canonical form of a value for a list, or an error message. Domains become their lowercased host (a URL is
 * accepted and reduced to it; `*.` and `www.` are dropped: a domain covers its subdomains); IPs and ranges their
 * canonical text; emails lowercased; words folded like comment text and lowercased.
 */
export function normalizeListValue(kind: ListKind, raw: string): { value: string } | { error: string } {
  const s = raw.trim();
  if (s === '' || s.length > MAX_LIST_VALUE_LENGTH) return { error: `must be 1 to ${MAX_LIST_VALUE_LENGTH} characters` };
  switch (kind) {
    case 'blocked-domains':
    case 'allowed-domains': {
      const link = parseLinkTarget(s.replace(/^\*\./, ''));
      if (!link || link.isIp) return { error: `"${s}" is not a domain (use the *-ips lists for addresses)` };
      return { value: link.host.replace(/^www\d{0,3}\./, '') };
    }
    case 'blocked-ips':
    case 'allowed-ips': {
      const range = parseRange(s);
      return range ? { value: formatRange(range) } : { error: `"${s}" is not an IP address or CIDR range` };
    }
    case 'blocked-emails':
    case 'allowed-emails': {
      const v = s.toLowerCase().replace(/^@/, '');
      const at = v.indexOf('@');
      const domain = at < 0 ? v : v.slice(at + 1);
      const ok = !/\s/.test(v) && v.indexOf('@', at + 1) < 0 && at !== 0 && /^[^.@]+(\.[^.@]+)+$/.test(domain);
      return ok ? { value: v } : { error: `"${s}" is not an email address or email domain` };
    }
    case 'banned-words':
    case 'suspect-words': {
      const v = foldText(s).toLowerCase();
      return /[\p{L}\p{N}]/u.test(v) && v.length <= 100 ? { value: v } : { error: `"${s}" must contain a letter or digit and be at most 100 characters` };
    }
  }
}

/** Compiled lists, ready to match. */
export interface SiteLists {
  /** The listed domain covering `host` (itself or a parent), or undefined. */
  domain(kind: 'blocked' | 'allowed', host: string): string | undefined;
  /** The listed address or range containing `ip`. */
  ip(kind: 'blocked' | 'allowed', ip: IpAddress): string | undefined;
  /** The listed address or email domain (or parent domain) covering `email`. */
  email(kind: 'blocked' | 'allowed', email: string): string | undefined;
  /** Banned or suspect words in lowercased, folded text. */
  words(kind: 'banned' | 'suspect', lowerText: string): string[];
  /** Whether any list has a value (lets the phase skip work). */
  readonly empty: boolean;
}

/** Compiles the union of several scopes' lists (e.g. the global lists and a site's). */
export function compileLists(...scopes: readonly ListValues[]): SiteLists {
  const values = (kind: ListKind): string[] => scopes.flatMap((s) => [...(s[kind] ?? [])]);
  const domains = { blocked: new Set(values('blocked-domains')), allowed: new Set(values('allowed-domains')) };
  const ranges = (kind: ListKind) => new IpRangeSet(values(kind).flatMap((v) => parseRange(v) ?? []));
  const ips = { blocked: ranges('blocked-ips'), allowed: ranges('allowed-ips') };
  const emails = { blocked: new Set(values('blocked-emails')), allowed: new Set(values('allowed-emails')) };
  const wordLexicon = (kind: ListKind): Lexicon | undefined => {
    const terms = values(kind);
    return terms.length ? compileLexicon([{ category: kind, terms: { any: terms } }]) : undefined;
  };
  const words = { banned: wordLexicon('banned-words'), suspect: wordLexicon('suspect-words') };
  return {
    empty: LIST_KINDS.every((k) => values(k).length === 0),
    domain: (kind, host) => parentMatch(domains[kind], host.toLowerCase()),
    ip: (kind, ip) => ips[kind].find(ip),
    email(kind, email) {
      const set = emails[kind];
      if (set.size === 0 || email === '') return undefined;
      if (set.has(email)) return email;
      return parentMatch(set, email.slice(email.lastIndexOf('@') + 1));
    },
    words(kind, lowerText) {
      const lexicon = words[kind];
      return lexicon ? [...new Set(lexicon.findTerms(lowerText).map((m) => m.term))] : [];
    },
  };
}

/** `host` or its nearest parent domain in `set` (`a.b.example.com` → `example.com`). */
function parentMatch(set: ReadonlySet<string>, host: string): string | undefined {
  if (set.size === 0) return undefined;
  for (let h = host; h !== ''; ) {
    if (set.has(h)) return h;
    const dot = h.indexOf('.');
    if (dot < 0) return undefined;
    h = h.slice(dot + 1);
  }
  return undefined;
}
