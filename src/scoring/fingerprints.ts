/**
 * Fingerprints: what a comment shares with the other comments of its campaign, for the campaign memory of what
 * moderators rejected (src/store/memory.ts, the `memory` phase). Pure: read off the scoring context, so the text is
 * already undisguised (styled, spaced-out and decorated letters folded back, src/scoring/fold.ts).
 *
 * - `text`: the 64-bit SimHash of the text's tokens; near-duplicates (a few bits apart) match, not only copies;
 * - `brand`: brand-like tokens (letters and digits mixed: `weton88`, `slot777`) and the words the author had to
 *   disguise (`ｃａｓｉｎｏ`, `v i a g r a`), as they read once undone;
 * - `contact`: phone numbers (their last 9 digits, so `+62 812…` and `0812…` meet), @handles, messenger and
 *   shortener links (host and first path segment: `t.me/vip_bonus`), e-mail addresses in the text;
 * - `domain`: the registrable domains linked (the author's website included), except the few everyone links;
 * - `author`: the author name as folded and lowercased, and its shape with digits as `#` when it has digits
 *   (`slot88gacor` → `slot##gacor`), and the author's e-mail address.
 *
 * Each carries the literal span of the comment it was read from, so a reason can show the moderator where.
 */
import type { Evidence } from '../domain/verdict.js';
import { COMMON_DOMAINS, simhash } from './campaign.js';
import type { ScoringContext } from './context.js';

export const FINGERPRINT_KINDS = ['text', 'brand', 'contact', 'domain', 'author'] as const;
export type FingerprintKind = (typeof FINGERPRINT_KINDS)[number];

/** One fingerprint of a comment. `text` values are 16 hex digits (a SimHash). */
export interface Fingerprint {
  readonly kind: FingerprintKind;
  readonly value: string;
  /** Where the comment shows it (absent for `text`, which is the whole comment). */
  readonly evidence?: Evidence;
}

/** Fingerprints kept per comment, at most (a comment of a thousand links is one campaign, not a thousand). */
export const MAX_FINGERPRINTS = 12;
/** Texts with fewer tokens have no `text` fingerprint: two three-word comments say little about each other. */
export const MIN_TEXT_TOKENS = 4;

const BRAND = /^(?=.*\p{L})(?=(?:.*\p{N}){2})[\p{L}\p{N}]{5,24}$/u;
// Ordinals, units, codecs and other letter-digit words readers write (`2nd`, `1080p`, `mp3`, `h264`, `covid19`).
const NOT_BRAND = /^(?:\d+(?:st|nd|rd|th|[kmgtp]b?|px|fps|hz|mm|cm|km|kg|hp|am|pm|s|x|p|k)|[a-z]{1,2}\d+|covid\d+|\d+[a-z]{1,2})$/u;
const WORDISH = /^[\p{L}\p{N}]{4,24}$/u;
const HANDLE = /(?:^|[^\p{L}\p{N}_.@])@([a-z0-9_][a-z0-9_.]{2,31})/gu;
const EMAIL_LOCAL = /[a-z0-9._%+-]/;
const EMAIL_DOMAIN = /^(?:[a-z0-9-]{1,63}\.){1,8}[a-z]{2,24}$/;
const PHONE = /\+?\d[\d \-.()]{6,22}\d/g;
const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;
// Hosts whose links name a person or a campaign in their first path segment: messengers and shorteners.
const ADDRESS_HOSTS = new Set([
  't.me',
  'telegram.me',
  'wa.me',
  'chat.whatsapp.com',
  'api.whatsapp.com',
  'line.me',
  'm.me',
  'ig.me',
  'discord.gg',
  'vk.me',
  'viber.me',
  'signal.me',
  'bit.ly',
  'tinyurl.com',
  'goo.gl',
  'cutt.ly',
  'is.gd',
  'linktr.ee',
]);

/** The fingerprints of a comment, at most {@link MAX_FINGERPRINTS}, strongest kinds first (pure). */
export function fingerprintsOf(ctx: ScoringContext): Fingerprint[] {
  const out: Fingerprint[] = [];
  const seen = new Set<string>();
  const add = (kind: FingerprintKind, value: string, evidence?: Evidence): void => {
    const v = value.slice(0, 120);
    const key = `${kind}\n${v}`;
    if (!v || seen.has(key) || out.length >= MAX_FINGERPRINTS) return;
    seen.add(key);
    out.push(evidence ? { kind, value: v, evidence } : { kind, value: v });
  };
  if (ctx.tokens.length >= MIN_TEXT_TOKENS) add('text', simhash(ctx.tokens));
  contacts(ctx, add);
  brands(ctx, add);
  for (const link of ctx.authorLink ? [ctx.authorLink, ...ctx.links] : ctx.links) {
    const host = link.host.replace(/^www\./, '');
    if (ADDRESS_HOSTS.has(host)) {
      const path = /^[a-z]+:\/\/[^/]+\/([^/?#]{2,64})/i.exec(link.url)?.[1];
      if (path) add('contact', `${host}/${path.toLowerCase()}`, linkEvidence(ctx, link.raw, link === ctx.authorLink));
    } else if (!COMMON_DOMAINS.has(link.domain) && !link.shortener) {
      add('domain', link.domain.toLowerCase(), linkEvidence(ctx, link.raw, link === ctx.authorLink));
    }
  }
  const name = ctx.lowerAuthorName.replace(/\s+/g, ' ').trim();
  const rawName = ctx.comment.author.name ?? '';
  if (name.length >= 3) {
    add('author', name, { field: 'author.name', match: rawName });
    if (/\d/.test(name)) add('author', name.replace(/\d/g, '#'), { field: 'author.name', match: rawName });
  }
  if (ctx.email) add('author', `email:${ctx.email}`, { field: 'author.email', match: ctx.comment.author.email ?? ctx.email });
  return out;
}

type Add = (kind: FingerprintKind, value: string, evidence?: Evidence) => void;

function contacts(ctx: ScoringContext, add: Add): void {
  const text = ctx.lowerText;
  if (text.includes('@')) {
    for (const email of emailsIn(text)) add('contact', email, contentEvidence(ctx, email));
    for (const m of text.matchAll(HANDLE)) {
      const handle = trimDots(m[1]!);
      if (handle.length >= 3 && !text.includes(`@${handle}.`)) add('contact', `@${handle}`, contentEvidence(ctx, `@${handle}`));
    }
  }
  if (!/\d{3}/.test(text.replace(/[ \-.()]/g, ''))) return;
  for (const m of text.matchAll(PHONE)) {
    const raw = m[0];
    const digits = raw.replace(/\D/g, '');
    if (digits.length < 8 || digits.length > 15 || DATE_LIKE.test(raw.trim())) continue;
    add('contact', `tel:${digits.slice(-9)}`, contentEvidence(ctx, raw));
  }
}

/** `s` without its trailing dots (the end of a sentence). */
function trimDots(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x2e) end--;
  return s.slice(0, end);
}

/** E-mail addresses in lowercased text, read outwards from each `@` (a regex over the whole text would backtrack). */
function emailsIn(text: string): string[] {
  const out: string[] = [];
  for (let at = text.indexOf('@'), n = 0; at > 0 && n < 20; at = text.indexOf('@', at + 1), n++) {
    let from = at;
    while (from > 0 && at - from < 64 && EMAIL_LOCAL.test(text[from - 1]!)) from--;
    let to = at + 1;
    while (to < text.length && to - at < 254 && /[a-z0-9.-]/.test(text[to]!)) to++;
    const domain = trimDots(text.slice(at + 1, to));
    if (from < at && EMAIL_DOMAIN.test(domain)) out.push(`${text.slice(from, at)}@${domain}`);
  }
  return out;
}

function brands(ctx: ScoringContext, add: Add): void {
  // Words the author disguised, as they read once undone: a reader has no reason to write `𝐌𝐄𝐆𝐀𝟖𝟖`.
  for (const f of [...ctx.evasion.content, ...ctx.evasion.authorName]) {
    const folded = f.folded.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    if (WORDISH.test(folded)) add('brand', folded, { field: ctx.evasion.content.includes(f) ? 'content' : 'author.name', match: f.match });
  }
  const nameTokens = ctx.lowerAuthorName.split(/[^\p{L}\p{N}]+/u);
  for (const t of [...ctx.tokens, ...nameTokens]) {
    if (t.length < 5 || !BRAND.test(t) || NOT_BRAND.test(t)) continue;
    const inText = ctx.lowerText.includes(t);
    add('brand', t, inText ? contentEvidence(ctx, t) : { field: 'author.name', match: ctx.comment.author.name ?? t });
  }
}

/** The literal span of the content a folded match comes from: the match itself when the content has it as written. */
function contentEvidence(ctx: ScoringContext, match: string): Evidence {
  const at = ctx.comment.content.toLowerCase().indexOf(match);
  return { field: 'content', match: at >= 0 ? ctx.comment.content.slice(at, at + match.length) : match };
}

function linkEvidence(ctx: ScoringContext, raw: string, isAuthor: boolean): Evidence {
  return isAuthor ? { field: 'author.url', match: ctx.comment.author.url ?? raw } : contentEvidence(ctx, raw.toLowerCase());
}
