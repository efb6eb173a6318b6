/**
 * Contact hand-offs: spam moves the reader to a private channel, where no moderator sees the rest; readers rarely
 * do. Three behaviours, each its own reason so each gets its own fitted weight:
 * - `contact.messenger`: a link that opens a chat (t.me, wa.me, open.kakao.com, discord.gg …), a messenger's name with
 *   an id, number or @handle after it (`WA 0812…`, `加V: wx8899`, `QQ 12345678`, `телеграм @job_ru`), or an ask or
 *   contact word with an @handle after it (`DM @recover_pro`, `пиши @manager`). The name alone never counts;
 * - `contact.phone`: a phone number, checked against real numbering plans (see phone.ts);
 * - `contact.private`: an ask to take it private (`DM me`, `пиши в лс`, `私聊`, `hubungi kami`) from contact-ask.json.
 * Vocabulary is data (lexicons contact, contact-ask, contact-cue; data/messengers.json); matching is on the folded
 * text, so broken-up digits and look-alike letters are read as what they spell once normalisation undid them.
 */
import type { CountryCode } from 'libphonenumber-js/core';
import type { Evidence, Reason } from '../../verdict.js';
import type { ScoringContext } from '../context.js';
import type { TermMatch } from '../aho-corasick.js';
import { distinct, quoted } from '../evidence.js';
import type { HandOffData } from '../hand-off-data.js';
import type { Lexicon, TermInfo } from '../lexicon.js';
import type { ExtractedLink } from '../links.js';
import type { Phase } from '../phase.js';
import { paramsOf, weightsOf, type RuleData } from '../rule-data.js';
import { dominantScript } from './language.js';
import { linkEvidence } from './links.js';
import { contentEvidences } from './literal.js';
import { findPhones, type PhoneFinding } from './phone.js';
import { phraseList, standsAsWord, type PhraseList } from './phrases.js';

/** The lexicon categories this file reads. */
export const CONTACT_CATEGORIES = { messenger: 'contact', ask: 'contact-ask', cue: 'contact-cue' } as const;

const SEP = '[\\s:=>\\-–—→👉➡📞📱☎✆|]{0,4}';
// After a messenger's name: separators, an optional short word ("me", "ke", "на") and "id"/"号"/"номер", then an
// @handle, a number, or an id. Applied to the 48 characters after the name only.
const HANDLE = new RegExp(
  `^${SEP}(?:(?:me|us|him|her|at|on|via|to|ke|di|ya|na|в|на|по|al|au|an|no)[\\s:]{1,3})?` +
    `(?:id|아이디|ไอดี|айди|ник|号|號|номер|nomor|no\\.?|number|num|#)?${SEP}` +
    '(@[\\p{L}\\p{N}_.]{3,32}|\\+?\\(?\\d(?:[ \\-().]?\\d){4,15}|[a-z][a-z0-9_.\\-]{3,31})',
  'u',
);
// After an ask or a contact word: an @handle (numbers are the phone rule's).
const AT_HANDLE = /^[\s:,\-–—→👉➡]{0,4}(?:(?:me|us|on|at|to|via|в|на|ke)\s{1,3})?(@[\p{L}\p{N}_][\p{L}\p{N}_.]{2,31})/u;
const LATIN_OR_DIGIT_ONLY = /^[\x20-\x7e]+$/;
const HAS_DIGIT_OR_UNDERSCORE = /[\d_]/;
const NON_DIGIT = /\D/g;

/** The contact phase: messenger hand-offs, phone numbers and asks to write in private. */
export function contactPhase(data: RuleData, lexicon: Lexicon, handOff: HandOffData): Phase {
  const w = weightsOf(data);
  const p = paramsOf(data);
  const messengerWeight = w('contact.messenger');
  const phoneWeight = w('contact.phone');
  const privateWeight = w('contact.private');
  const uncuedPhone = p('contact.phone.uncued-strength');
  const notPhone = phraseList(handOff.phone.notPhone);
  const currencyBefore = phraseList(handOff.money.currencyBefore);
  return {
    name: 'contact',
    run(ctx) {
      const terms = contactTerms(ctx.lowerText, lexicon);
      const reasons: Reason[] = [];
      const messenger = messengerLink(ctx, handOff.messengerHosts) ?? namedHandle(ctx, terms);
      if (messenger) reasons.push({ code: 'contact.messenger', weight: messengerWeight, ...messenger });
      const phones = findPhones(ctx.lowerText, handOff.phone, {
        countries: () => phoneCountries(ctx, handOff),
        cuedAt: (start) => cuedAt(ctx.lowerText, terms.all, start),
        notPhoneAt: (start) => notPhoneAt(ctx.lowerText, start, notPhone, currencyBefore),
      });
      if (phones.length) {
        const strength = phones.some((f) => f.cued || f.international) ? 1 : uncuedPhone;
        reasons.push({
          code: 'contact.phone',
          weight: phoneWeight * strength,
          message: `The comment gives a phone number: ${describePhone(phones[0]!)}.`,
          evidence: contentEvidences(ctx, phones.map((f) => f.raw)),
          data: { numbers: phones.map((f) => f.number) },
        });
      }
      const asks = distinct(terms.asks.map((m) => m.term));
      if (asks.length) {
        reasons.push({
          code: 'contact.private',
          weight: privateWeight,
          message: `The comment asks readers to write to the poster in private (${quoted(asks, 3)}).`,
          evidence: contentEvidences(ctx, asks.slice(0, 3)),
        });
      }
      return reasons.length ? { reasons } : undefined;
    },
  };
}

/** The contact lexicon matches of a text, by kind, with word boundaries checked for every spaced script. */
export interface ContactTerms {
  readonly messengers: readonly TermMatch<TermInfo>[];
  readonly asks: readonly TermMatch<TermInfo>[];
  readonly cues: readonly TermMatch<TermInfo>[];
  readonly all: readonly TermMatch<TermInfo>[];
}

/** Splits the lexicon's matches on `lowerText` into messenger names, asks and contact words. */
export function contactTerms(lowerText: string, lexicon: Lexicon): ContactTerms {
  const messengers: TermMatch<TermInfo>[] = [];
  const asks: TermMatch<TermInfo>[] = [];
  const cues: TermMatch<TermInfo>[] = [];
  const all: TermMatch<TermInfo>[] = [];
  for (const m of lexicon.findTerms(lowerText)) {
    const c = m.value.category;
    const list = c === CONTACT_CATEGORIES.messenger ? messengers : c === CONTACT_CATEGORIES.ask ? asks : c === CONTACT_CATEGORIES.cue ? cues : undefined;
    // The lexicon bounds Latin terms only: a Cyrillic "тг" must not fire inside "отгул".
    if (!list || !standsAlone(lowerText, m)) continue;
    list.push(m);
    all.push(m);
  }
  return { messengers, asks: outermost(asks), cues, all };
}

/** Matches not inside a longer match ("dm me" inside "dm me for"). */
function outermost(ms: TermMatch<TermInfo>[]): TermMatch<TermInfo>[] {
  if (ms.length < 2) return ms;
  return ms.filter((m) => !ms.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.term.length > m.term.length));
}

function standsAlone(s: string, m: TermMatch<TermInfo>): boolean {
  return LATIN_OR_DIGIT_ONLY.test(m.term) || standsAsWord(s, m.term, m.start);
}

function messengerLink(ctx: ScoringContext, hosts: ReadonlyMap<string, string>): Pick<Reason, 'message' | 'evidence'> | undefined {
  const links = ctx.authorLink ? [...ctx.links, ctx.authorLink] : ctx.links;
  for (const link of links) {
    const name = messengerOf(link, hosts);
    if (name === undefined) continue;
    return { message: `The comment hands the reader off to ${name}: ${shorten(link.raw)}.`, evidence: [linkEvidence(link, ctx)] };
  }
  return undefined;
}

/** The messenger a link opens, by its host (any subdomain) or host and path prefix. */
export function messengerOf(link: ExtractedLink, hosts: ReadonlyMap<string, string>): string | undefined {
  const host = link.host.startsWith('www.') ? link.host.slice(4) : link.host;
  const direct = hosts.get(host);
  if (direct !== undefined) return direct;
  const slash = link.url.indexOf('/', link.url.indexOf('//') + 2);
  const path = slash < 0 ? '' : link.url.slice(slash).toLowerCase();
  for (const [key, name] of hosts) {
    const cut = key.indexOf('/');
    if (cut > 0 && key.slice(0, cut) === host && path.startsWith(key.slice(cut))) return name;
  }
  return undefined;
}

function namedHandle(ctx: ScoringContext, terms: ContactTerms): Pick<Reason, 'message' | 'evidence'> | undefined {
  for (const m of terms.messengers) {
    const handle = HANDLE.exec(ctx.lowerText.slice(m.end, m.end + 48))?.[1];
    if (handle === undefined || !isContactId(handle, m.term)) continue;
    return handOff(ctx, m.term, handle);
  }
  for (const m of [...terms.asks, ...terms.cues]) {
    const handle = AT_HANDLE.exec(ctx.lowerText.slice(m.end, m.end + 48))?.[1];
    if (handle !== undefined) return handOff(ctx, m.term, handle);
  }
  return undefined;
}

function handOff(ctx: ScoringContext, term: string, handle: string): Pick<Reason, 'message' | 'evidence'> {
  const evidence: Evidence[] = contentEvidences(ctx, [term, handle]);
  return { message: `The comment hands the reader off to a private channel: ${term} ${handle}.`, evidence };
}

/**
 * Whether what follows a messenger's name is a contact id: an @handle; a number of 5+ digits after a CJK name (QQ
 * numbers) or 7+ after any other; an id with a digit or underscore (`wx_8899`, `lucky88`), or any id of 4+ characters
 * after a name in a script without Latin words (`微信 luckygirl`).
 */
function isContactId(handle: string, term: string): boolean {
  if (handle.startsWith('@')) return true;
  const cjkName = !LATIN_OR_DIGIT_ONLY.test(term) || term === 'qq';
  const c = handle.charCodeAt(0);
  if (c === 0x2b || c === 0x28 || (c >= 48 && c <= 57)) {
    const digits = handle.replace(NON_DIGIT, '').length;
    return digits >= (cjkName ? 5 : 7) && digits <= 15;
  }
  return HAS_DIGIT_OR_UNDERSCORE.test(handle) || (cjkName && !LATIN_OR_DIGIT_ONLY.test(term) && handle.length >= 4);
}

/** Whether a contact word, messenger name or ask ends at most 24 characters before `start`. */
function cuedAt(s: string, terms: readonly TermMatch<TermInfo>[], start: number): boolean {
  return terms.some((m) => m.end <= start && start - m.end <= 24);
}

function notPhoneAt(s: string, start: number, notPhone: PhraseList, currencies: PhraseList): boolean {
  let end = start;
  while (end > 0 && s.charCodeAt(end - 1) === 32) end--;
  return currencies.endingAt(s, end) !== undefined || notPhone.within(s, start - 24, start) !== undefined;
}

/** The site's languages' countries first, then those of the comment's script. */
function phoneCountries(ctx: ScoringContext, data: HandOffData): CountryCode[] {
  const out: CountryCode[] = [];
  for (const lang of ctx.settings.languages) for (const c of data.phone.byLanguage.get(lang.toLowerCase().split('-')[0] ?? '') ?? []) out.push(c);
  const script = dominantScript(ctx.text);
  for (const c of (script && data.phone.byScript.get(script)) || []) if (!out.includes(c)) out.push(c);
  return out;
}

function describePhone(f: PhoneFinding): string {
  const type = f.type ? f.type.toLowerCase().replaceAll('_', ' ') : 'number';
  return `${f.raw.trim()} (${type}${f.country ? `, ${f.country}` : ''})`;
}

function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
