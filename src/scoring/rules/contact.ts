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
import type { Evidence, Reason } from '../../domain/verdict.js';
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
import { findPhones, phoneReader, type PhoneFinding } from './phone.js';
import { isWordAt, phraseList, standsAsWord, type PhraseList } from './phrases.js';

/** The lexicon categories this file reads. */
export const CONTACT_CATEGORIES = { messenger: 'contact', ask: 'contact-ask' } as const;

const SEP = '[\\s:=>\\-–—→👉➡📞📱☎✆|]{0,4}';
// After a messenger's name: separators, an optional short word ("me", "ke", "на") and "id"/"号"/"номер", then an
// @handle, a number, or an id. Applied to the 48 characters after the name only.
const HANDLE = new RegExp(
  `^${SEP}(?:(?:me|us|him|her|at|on|via|to|ke|di|ya|na|в|на|по|al|au|an|no)[\\s:]{1,3})?` +
    `(?:id|아이디|ไอดี|айди|ник|号|號|номер|nomor|no\\.?|number|num|#)?${SEP}` +
    '(@[\\p{L}\\p{N}_.]{3,32}|\\+?\\(?\\d(?:[ \\-().]?\\d){4,15}|[a-z][a-z0-9_.\\-]{3,31})',
  'u',
);
// An @handle, and what may stand between it and the ask or contact word before it ("DM me @x", "пиши: @x").
const AT_HANDLE = /^@[\p{L}\p{N}_][\p{L}\p{N}_.]{2,31}/u;
const NOT_PHONE_GAP = ' :#№.-';
const HANDLE_GAP = ' \t\n:,-–—→👉➡\uFE0F';
const HANDLE_FILLERS = phraseList(['me', 'us', 'on', 'at', 'to', 'via', 'ke', 'в', 'на']);
const LATIN_OR_DIGIT_ONLY = /^[\x20-\x7e]+$/;
const HAS_DIGIT_OR_UNDERSCORE = /[\d_]/;
const NON_DIGIT = /\D/g;
const THREE_DIGITS = /\d\d\d/;

/** Whether a phone can be in the text at all: most comments hold no three digits in a row. */
function mayHoldPhone(s: string): boolean {
  return THREE_DIGITS.test(s);
}

/** The contact phase: messenger hand-offs, phone numbers and asks to write in private. */
export function contactPhase(data: RuleData, lexicon: Lexicon, handOff: HandOffData): Phase {
  const w = weightsOf(data);
  const p = paramsOf(data);
  const messengerWeight = w('contact.messenger');
  const phoneWeight = w('contact.phone');
  const privateWeight = w('contact.private');
  const uncuedPhone = p('contact.phone.uncued-strength');
  const notPhone: NotPhoneWords = {
    notPhone: phraseList(handOff.phone.notPhone),
    numberWords: phraseList(handOff.phone.numberWords),
    currencies: phraseList(handOff.money.currencyBefore),
  };
  const cues = phraseList(handOff.contactCues);
  const messengerOf = messengerLookup(handOff.messengerHosts);
  const phoneNumbers = phoneReader(handOff.phone);
  return {
    name: 'contact',
    run(ctx) {
      const s = ctx.lowerText;
      const terms = contactTerms(s, lexicon);
      // Nothing to read (no link, no messenger name or ask, no @, no three digits): the common case, left at once.
      if (terms === NO_TERMS && ctx.links.length === 0 && !ctx.authorLink && !s.includes('@') && !mayHoldPhone(s)) return undefined;
      const reasons: Reason[] = [];
      // Each look is skipped when the comment lacks what it needs (a link, a messenger's name, an @, three digits).
      const messenger =
        (ctx.links.length > 0 || ctx.authorLink ? messengerLink(ctx, messengerOf) : undefined) ??
        (terms.messengers.length > 0 ? namedHandle(ctx, terms) : undefined) ??
        (s.includes('@') ? askedHandle(ctx, terms, cues) : undefined);
      if (messenger) reasons.push({ code: 'contact.messenger', weight: messengerWeight, ...messenger });
      let site: readonly CountryCode[] | undefined;
      const phones = !mayHoldPhone(s)
        ? []
        : findPhones(s, phoneNumbers, {
            siteCountries: () => (site ??= siteCountries(ctx, handOff)),
            scriptCountries: (start) => scriptCountries(s, start, handOff),
            cuedAt: (start) => cuedAt(s, terms.all, cues, start),
            notPhoneAt: (start) => notPhoneAt(s, start, notPhone),
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
      if (terms.asks.length === 0) return reasons.length ? { reasons } : undefined;
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
  readonly all: readonly TermMatch<TermInfo>[];
}

/** Splits the lexicon's matches on `lowerText` into messenger names, asks and contact words. */
export function contactTerms(lowerText: string, lexicon: Lexicon): ContactTerms {
  let found: ContactTerms | undefined;
  for (const m of lexicon.findTerms(lowerText)) {
    const c = m.value.category;
    if (c !== CONTACT_CATEGORIES.messenger && c !== CONTACT_CATEGORIES.ask) continue;
    // The lexicon bounds Latin terms only: a Cyrillic "тг" must not fire inside "отгул".
    if (!standsAlone(lowerText, m)) continue;
    found ??= { messengers: [], asks: [], all: [] };
    (c === CONTACT_CATEGORIES.messenger ? (found.messengers as TermMatch<TermInfo>[]) : (found.asks as TermMatch<TermInfo>[])).push(m);
    (found.all as TermMatch<TermInfo>[]).push(m);
  }
  return found ? { ...found, asks: outermost([...found.asks]) } : NO_TERMS;
}

const NO_TERMS: ContactTerms = Object.freeze({ messengers: [], asks: [], all: [] });

/** Matches not inside a longer match ("dm me" inside "dm me for"). */
function outermost(ms: TermMatch<TermInfo>[]): TermMatch<TermInfo>[] {
  if (ms.length < 2) return ms;
  return ms.filter((m) => !ms.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.term.length > m.term.length));
}

function standsAlone(s: string, m: TermMatch<TermInfo>): boolean {
  return LATIN_OR_DIGIT_ONLY.test(m.term) || standsAsWord(s, m.term, m.start);
}

function messengerLink(ctx: ScoringContext, messengerOf: MessengerLookup): Pick<Reason, 'message' | 'evidence'> | undefined {
  const n = ctx.links.length;
  for (let k = 0; k <= n; k++) {
    const link = k < n ? ctx.links[k] : ctx.authorLink;
    const name = link && messengerOf(link);
    if (!link || name === undefined) continue;
    return { message: `The comment hands the reader off to ${name}: ${shorten(link.raw)}.`, evidence: [linkEvidence(link, ctx)] };
  }
  return undefined;
}

/** The messenger a link opens, if any. */
export type MessengerLookup = (link: ExtractedLink) => string | undefined;

/**
 * Indexes messenger hosts (`t.me`, or with a path prefix, `discord.com/invite`): a link matches on its host or any
 * parent domain of it (`www.t.me`), and on the path prefix when the entry has one.
 */
export function messengerLookup(hosts: ReadonlyMap<string, string>): MessengerLookup {
  const byHost = new Map<string, Array<{ path: string; name: string }>>();
  for (const [key, name] of hosts) {
    const cut = key.indexOf('/');
    const host = cut < 0 ? key : key.slice(0, cut);
    const entries = byHost.get(host) ?? [];
    entries.push({ path: cut < 0 ? '' : key.slice(cut), name });
    byHost.set(host, entries);
  }
  return (link) => {
    for (let host = link.host, n = 0; host !== '' && n < 4; n++) {
      const entries = byHost.get(host);
      if (entries) {
        const slash = link.url.indexOf('/', link.url.indexOf('//') + 2);
        const path = slash < 0 ? '/' : link.url.slice(slash).toLowerCase();
        const hit = entries.find((e) => path.startsWith(e.path));
        if (hit) return hit.name;
      }
      const dot = host.indexOf('.');
      host = dot < 0 ? '' : host.slice(dot + 1);
    }
    return undefined;
  };
}

function namedHandle(ctx: ScoringContext, terms: ContactTerms): Pick<Reason, 'message' | 'evidence'> | undefined {
  for (const m of terms.messengers) {
    const handle = HANDLE.exec(ctx.lowerText.slice(m.end, m.end + 48))?.[1];
    if (handle === undefined || !isContactId(handle, m.term)) continue;
    return handOff(ctx, m.term, handle);
  }
  return undefined;
}

/** An @handle right after an ask or a contact word (`DM me @recover_pro`, `пиши @manager`, `reach out to @x`). */
function askedHandle(ctx: ScoringContext, terms: ContactTerms, cues: PhraseList): Pick<Reason, 'message' | 'evidence'> | undefined {
  const s = ctx.lowerText;
  for (let at = s.indexOf('@'), n = 0; at > 0 && n < 20; at = s.indexOf('@', at + 1), n++) {
    const handle = AT_HANDLE.exec(s.slice(at, at + 33))?.[0];
    if (handle === undefined) continue;
    const end = skipGap(s, at);
    const filler = HANDLE_FILLERS.endingAt(s, end);
    const term = contactWordAt(s, end, terms, cues) ?? (filler === undefined ? undefined : contactWordAt(s, skipGap(s, end - filler.length), terms, cues));
    if (term !== undefined) return handOff(ctx, term, handle);
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

/** The ask, messenger name or contact word ending at `end`. */
function contactWordAt(s: string, end: number, terms: ContactTerms, cues: PhraseList): string | undefined {
  return terms.all.find((m) => m.end === end)?.term ?? cues.endingAt(s, end);
}

/** `i` moved back over up to four separators. */
function skipGap(s: string, i: number): number {
  for (let n = 0; n < 4 && i > 0 && HANDLE_GAP.includes(s[i - 1]!); n++) i--;
  return i;
}

/** Whether a contact word, messenger name or ask ends at most 24 characters before `start`. */
function cuedAt(s: string, terms: readonly TermMatch<TermInfo>[], cues: PhraseList, start: number): boolean {
  return terms.some((m) => m.end <= start && start - m.end <= 24) || cues.within(s, start - 24, start) !== undefined;
}

/** Whether a currency or a reference word ("order", "ISBN", "заказ №", "订单号") stands right before `start`. */
function notPhoneAt(s: string, start: number, words: NotPhoneWords): boolean {
  const end = skipNotPhoneGap(s, start);
  if (words.currencies.endingAt(s, end) !== undefined || words.notPhone.endingAt(s, end) !== undefined) return true;
  // "заказ № 8…" (NFKC reads № as "No"), "order number 0123…": the reference word stands before a word for "number".
  const number = words.numberWords.endingAt(s, end);
  return number !== undefined && words.notPhone.endingAt(s, skipNotPhoneGap(s, end - number.length)) !== undefined;
}

/** The word lists notPhoneAt reads. */
interface NotPhoneWords {
  readonly notPhone: PhraseList;
  readonly numberWords: PhraseList;
  readonly currencies: PhraseList;
}

function skipNotPhoneGap(s: string, i: number): number {
  for (let n = 0; n < 4 && i > 0 && NOT_PHONE_GAP.includes(s[i - 1]!); n++) i--;
  return i;
}

/** The countries of the site's languages. */
function siteCountries(ctx: ScoringContext, data: HandOffData): readonly CountryCode[] {
  const { languages } = ctx.settings;
  // Nearly every site names one plain language tag: no allocation then.
  if (languages.length === 1 && data.phone.byLanguage.has(languages[0]!)) return data.phone.byLanguage.get(languages[0]!)!;
  return languages.flatMap((lang) => data.phone.byLanguage.get(lang.toLowerCase().split('-')[0] ?? '') ?? []);
}

/** The countries of the script of the 200 characters around `start` (a Cyrillic text's number is Russian or Ukrainian). */
function scriptCountries(s: string, start: number, data: HandOffData): readonly CountryCode[] {
  const script = dominantScript(s.slice(Math.max(0, start - 100), start + 100));
  return (script && data.phone.byScript.get(script)) || [];
}

function describePhone(f: PhoneFinding): string {
  const kind = f.type;
  const type = kind ? kind.toLowerCase().replaceAll('_', ' ') : 'number';
  return `${f.raw.trim()} (${type}${f.country ? `, ${f.country}` : ''})`;
}

function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

// Reasons that say the comment pitches something: campaign vocabulary, a money promise or code.
const PITCH = /^(?:lexicon\.(?:gambling|pharma|loans|crypto|adult|seo|self-promotion)|money\.)/;

/**
 * `contact.handle`: a bare @handle in a comment that pitches something (an earlier campaign-vocabulary or money
 * reason), when no other contact reason named the channel: "Лучший кэшбэк в казино, @vip_manager". Readers mention
 * people with @ all the time; a pitch with a handle is an address. Run it after the lexicon and money phases.
 */
export function handlePhase(data: RuleData): Phase {
  const weight = weightsOf(data)('contact.handle');
  return {
    name: 'contact-handle',
    run(ctx, earlier) {
      const s = ctx.lowerText;
      if (!s.includes('@') || earlier.some((r) => r.code.startsWith('contact.'))) return undefined;
      const pitch = earlier.find((r) => PITCH.test(r.code));
      if (!pitch) return undefined;
      for (let at = s.indexOf('@'), n = 0; at >= 0 && n < 20; at = s.indexOf('@', at + 1), n++) {
        // A handle starts a word: not the middle of an email address.
        if (at > 0 && isWordAt(s, at - 1)) continue;
        const handle = AT_HANDLE.exec(s.slice(at, at + 33))?.[0];
        if (handle === undefined) continue;
        return {
          reasons: [
            {
              code: 'contact.handle',
              weight,
              message: `The comment points readers to ${handle} next to a pitch (${pitch.code}).`,
              evidence: contentEvidences(ctx, [handle]),
            },
          ],
        };
      }
      return undefined;
    },
  };
}
