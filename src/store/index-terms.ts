/**
 * The search terms of a comment (pure): what the per-site inverted index (src/store/comment-index.ts) files it under,
 * and the terms a moderator's query asks for. Words go through the scoring fold and tokenizer, so styled, look-alike
 * and spaced-out spellings (`𝗪𝗘𝗧𝗢𝗡𝟴𝟴`, `саsino`, `C A S I N O`) file and find the plain word; author e-mail and IP,
 * link domains, the post, reason codes and campaigns are exact terms. Stop-words and one-letter words are skipped and
 * a comment files at most {@link MAX_WORD_TERMS} words, so the index stays bounded per comment.
 */
import { isIP } from 'node:net';
import type { CommentInput, StoredComment } from '../domain/comment.js';
import type { CampaignKey } from '../scoring/campaign.js';
import { parseLinkTarget } from '../scoring/links.js';
import { foldText, normalizeText, type NormalizedText } from '../scoring/normalize.js';
import { tokenize } from '../scoring/tokenize.js';
import type { Verdict } from '../domain/verdict.js';

/** Distinct words a comment files at most (its first ones); exact terms come on top. */
export const MAX_WORD_TERMS = 48;
/** Link domains a comment files at most. */
export const MAX_DOMAIN_TERMS = 8;

/**
 * Words too common to narrow a search (English and Korean function words): each would hold most of a site's comments.
 * Kept short on purpose: a search for a rarer word still finds every comment that has it.
 */
const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be but by for from had has have he her his i if in is it its me my no not of on or our she so ' +
    'than that the their them then there they this to was we were what when which who will with you your ' +
    '이 그 저 것 수 등 및 를 을 은 는 가 의 에 와 과 도'
  ).split(' '),
);

/** What an author-history lookup matched on. */
export const AUTHOR_KEYS = ['name', 'email', 'ip', 'domain'] as const;
export type AuthorKey = (typeof AUTHOR_KEYS)[number];

const PREFIX: Record<AuthorKey, string> = { name: 'n:', email: 'a:', ip: 'a:', domain: 'd:' };

const word = (t: string): string => `w:${t}`;
const exact = (v: string): string => `a:${v.trim().toLowerCase()}`;

function words(tokens: readonly string[], into: Set<string>, cap: number): void {
  let n = 0;
  for (const t of tokens) {
    if (n >= cap) return;
    if (STOP_WORDS.has(t) || (t.length < 2 && t.charCodeAt(0) < 0x80)) continue;
    const term = word(t);
    if (!into.has(term)) {
      into.add(term);
      n++;
    }
  }
}

/** The registrable domain of a URL or bare host, if it has one. */
function domainOf(url: string | undefined): string | undefined {
  return url ? parseLinkTarget(url)?.domain : undefined;
}

/** The author terms of a comment: its name (folded, whole), e-mail, IP, and the domains of its URL and links. */
export function authorTerms(
  comment: Pick<CommentInput, 'author' | 'content' | 'contentType'>,
  normalized: NormalizedText = normalizeText(comment.content, comment.contentType),
): Array<{ key: AuthorKey; term: string }> {
  const out: Array<{ key: AuthorKey; term: string }> = [];
  const name = comment.author.name ? foldText(comment.author.name).toLowerCase().replace(/\s+/g, ' ').trim() : '';
  if (name) out.push({ key: 'name', term: `${PREFIX.name}${name.slice(0, 80)}` });
  if (comment.author.email?.trim()) out.push({ key: 'email', term: exact(comment.author.email) });
  if (comment.author.ip?.trim()) out.push({ key: 'ip', term: exact(comment.author.ip) });
  const domains = new Set<string>();
  const own = domainOf(comment.author.url);
  if (own) domains.add(own);
  for (const l of normalized.links) {
    if (domains.size >= MAX_DOMAIN_TERMS) break;
    domains.add(l.domain);
  }
  for (const d of domains) out.push({ key: 'domain', term: `${PREFIX.domain}${d}` });
  return out;
}

/** A comment's content as scoring reads it: normalised, and its tokens (the scoring context has both). */
export interface ReadContent extends NormalizedText {
  readonly tokens: readonly string[];
}

/** Reads a comment's content as scoring does. */
export function readContent(comment: Pick<CommentInput, 'content' | 'contentType'>): ReadContent {
  const normalized = normalizeText(comment.content, comment.contentType);
  return { ...normalized, tokens: tokenize(normalized.text) };
}

/**
 * Every term a comment is filed under: content and author-name words, author terms ({@link authorTerms}), `p:` its
 * post, `u:` its author's id in the CMS, `r:` each reason code and family, `c:` each campaign key. `read`: the content as scoring read it, when at hand.
 */
export function indexTerms(
  comment: Pick<StoredComment, 'content' | 'contentType' | 'author' | 'postId'>,
  verdict: Pick<Verdict, 'reasons'> | undefined,
  campaign: readonly CampaignKey[],
  read: ReadContent = readContent(comment),
): string[] {
  const terms = new Set<string>();
  const normalized = read;
  words(read.tokens, terms, MAX_WORD_TERMS);
  if (comment.author.name) words(tokenize(foldText(comment.author.name)), terms, 8);
  for (const a of authorTerms(comment, normalized)) terms.add(a.term);
  terms.add(postTerm(comment.postId));
  if (comment.author.id?.trim()) terms.add(authorIdTerm(comment.author.id));
  for (const r of verdict?.reasons ?? []) for (const t of reasonTerms(r.code)) terms.add(t);
  for (const c of campaign) terms.add(campaignTerm(c));
  return [...terms];
}

/** The term of the CMS's own id of an author (an account): how an erasure finds a person by author id. */
export const authorIdTerm = (authorId: string): string => `u:${authorId.trim()}`;

/** The term of a post id. */
export const postTerm = (postId: string): string => `p:${postId}`;

/** The terms of a reason code: itself and its family (`lexicon.domain` → `lexicon`). */
export function reasonTerms(code: string): string[] {
  const dot = code.indexOf('.');
  return dot > 0 ? [`r:${code}`, `r:${code.slice(0, dot)}`] : [`r:${code}`];
}

/** The term a reason filter (a code, or a family) asks for. */
export const reasonTerm = (codeOrFamily: string): string => `r:${codeOrFamily}`;

/** The term of a campaign key. */
export const campaignTerm = (c: CampaignKey): string => `c:${c.kind}:${c.value}`;

/**
 * The terms a search asks for, all of which a comment must have: e-mails, IPs and pseudonyms (`anon:…`) exactly,
 * domains (`casino.xyz`, a URL) by registrable domain, the rest folded and tokenized as comment text is. Stop-words
 * drop out; an empty list means nothing searchable was asked.
 */
export function queryTerms(q: string): string[] {
  const terms = new Set<string>();
  const rest: string[] = [];
  for (const part of q.split(/\s+/)) {
    if (!part) continue;
    const bare = trimQuotes(part);
    const domain = bare.includes('.') ? domainOf(bare) : undefined;
    if (bare.includes('@') || isIP(bare) || bare.startsWith('anon:')) terms.add(exact(bare));
    else if (domain) terms.add(`d:${domain}`);
    else rest.push(part);
  }
  words(tokenize(foldText(rest.join(' '))), terms, MAX_WORD_TERMS);
  return [...terms];
}

const OPENERS = new Set(['<', '(', '"', "'"]);
const CLOSERS = new Set(['>', ')', '"', "'", ',', ';', '.', '!', '?']);

/** A query word without the brackets, quotes and punctuation around it (`<lee@x.example>,` → `lee@x.example`). */
function trimQuotes(s: string): string {
  let from = 0;
  let to = s.length;
  while (from < to && OPENERS.has(s[from]!)) from++;
  while (to > from && CLOSERS.has(s[to - 1]!)) to--;
  return s.slice(from, to);
}

/** The term of an author-history lookup by one key. */
export function authorTerm(key: AuthorKey, value: string): string {
  if (key === 'name') return `${PREFIX.name}${foldText(value).toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 80)}`;
  if (key === 'domain') return `${PREFIX.domain}${domainOf(value) ?? value.trim().toLowerCase()}`;
  return exact(value);
}
