/**
 * Reading an author name for what adverts do with it: commercial vocabulary (from the `name-cue` and `name-hint`
 * lexicons, any script), the shape of a search query, the words of a domain it repeats, and brand-like
 * letters+digits tokens. Pure functions over the folded name; the author phase turns them into reasons.
 */
import type { Lexicon } from '../lexicon.js';
import type { ExtractedLink } from '../links.js';
import { tokenize } from '../tokenize.js';

/** Commercial vocabulary found in a name, distinct lowercase terms. */
export interface NameVocabulary {
  /** `name-cue` terms: commercial on their own (cheap, buy, wholesale, купить, 便宜 …). */
  readonly cues: readonly string[];
  /**
   * `name-hint` and `name-product` terms: commercial in company (best, online, 추천; insurance, locksmith …), minus
   * those inside a cue.
   */
  readonly hints: readonly string[];
  /** The `name-product` terms among `hints`: what is sold. */
  readonly products: readonly string[];
  /** Terms of the campaign lexicons (gambling, pharma …) that `isCampaign` accepts. */
  readonly campaign: readonly string[];
  /** Messenger names (the shared lexicon's `contact` category) and where each ends in the lowercased name. */
  readonly messengers: ReadonlyArray<{ readonly term: string; readonly end: number }>;
  /**
   * Whether some cue is written in lowercase (or in a script without capitals): `zapatos baratos`, not the surname
   * in `Javier Barato`.
   */
  readonly plainCue: boolean;
}

/** Where a name's vocabulary is looked up. */
export interface NameLexicons {
  /** The `name-cue`, `name-hint` and `name-product` lexicons (lexicons/names/). */
  readonly names: Lexicon;
  /** The campaign lexicons (the shared one); `isCampaign` says which of its categories sell. */
  readonly campaigns: Lexicon;
  readonly isCampaign: (category: string) => boolean;
}

const NO_VOCABULARY: NameVocabulary = Object.freeze({ cues: [], hints: [], products: [], campaign: [], messengers: [], plainCue: false });

// Scripts written without spaces between words: their terms match inside compounds (카지노사이트추천, 代购官网).
const UNSPACED = /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7A3\uF900-\uFAFF]/;
const WORD_UNIT = /[\p{L}\p{N}\p{M}]/u;
const NOT_ASCII = /[^\x00-\x7F]/;

/**
 * The commercial vocabulary of a folded name (`lowerName` is it lowercased). Latin terms are whole words already (the
 * lexicon bounds them); terms of other spaced scripts are kept only as whole words, so `بيع` (sale) is not read inside
 * `ربيع` (Rabia).
 */
export function nameVocabulary(lexicons: NameLexicons, name: string, lowerName: string): NameVocabulary {
  if (lowerName === '') return NO_VOCABULARY;
  const { names, campaigns, isCampaign } = lexicons;
  let plainCue = false;
  const cues: string[] = [];
  const hints: Array<{ term: string; start: number; end: number; product: boolean }> = [];
  const cueSpans: Array<[number, number]> = [];
  const campaign: string[] = [];
  const messengers: Array<{ term: string; end: number }> = [];
  for (const m of [...names.findTerms(lowerName), ...campaigns.findTerms(lowerName)]) {
    const category = m.value.category;
    const kind =
      category === 'name-cue' ? 0 : category === 'name-hint' || category === 'name-product' ? 1 : isCampaign(category) ? 2 : category === 'contact' ? 3 : -1;
    if (kind < 0 || !isWholeWord(lowerName, m.start, m.end, m.term)) continue;
    if (kind === 0) {
      cueSpans.push([m.start, m.end]);
      // Lowercasing kept the length (it does but for a few letters like İ): the cue's first letter as written.
      const first = name.length === lowerName.length ? name[m.start]! : m.term[0]!;
      plainCue ||= first === first.toLowerCase();
      if (!cues.includes(m.term)) cues.push(m.term);
    } else if (kind === 1) hints.push({ term: m.term, start: m.start, end: m.end, product: category === 'name-product' });
    else if (kind === 3) messengers.push({ term: m.term, end: m.end });
    else if (!campaign.includes(m.term)) campaign.push(m.term);
  }
  // "best price" is one cue, not a cue and two hints.
  const ownHints: string[] = [];
  const products: string[] = [];
  for (const h of hints) {
    if (cueSpans.some(([s, e]) => h.start >= s && h.end <= e) || ownHints.includes(h.term)) continue;
    ownHints.push(h.term);
    if (h.product) products.push(h.term);
  }
  return { cues, hints: ownHints, products, campaign, messengers, plainCue };
}

/**
 * Whether a lexicon match of `term` at `s[start, end)` is a whole word. Latin terms are bounded by the lexicon already
 * and terms of scripts written without spaces match inside compounds; other scripts (Cyrillic, Arabic, Devanagari …)
 * are checked here, so `ваши видео` is not read inside `ваши видеокарты`.
 */
export function isWholeWord(s: string, start: number, end: number, term: string): boolean {
  if (!NOT_ASCII.test(term) || UNSPACED.test(term)) return true;
  return !unitAt(s, start - 1) && !unitAt(s, end);
}

function unitAt(s: string, i: number): boolean {
  return i >= 0 && i < s.length && WORD_UNIT.test(s[i]!);
}

/** The words of a name: split at spaces and at the separators handles use (`cheap-car_insurance`, `a|b`). */
export function nameWords(name: string): string[] {
  return name.split(/[\s_\-|/+,;:·•]+/).filter((w) => WORD_UNIT.test(w));
}

/** A year (19xx, 20xx) not inside a longer number: a birth year in a handle, a model year in a search phrase. */
export const YEAR = /(?:^|\D)(?:19|20)\d\d(?!\d)/;

/** What makes a name of several words read like a search query, beyond its vocabulary. */
export interface QueryShape {
  readonly lowercase: boolean;
  readonly year: boolean;
  readonly question: boolean;
  readonly words: number;
}

/** The search-query shape of a folded name. */
export function queryShape(name: string, lowerName: string): QueryShape {
  const words = nameWords(name).length;
  return {
    // All lowercase, and written in a script that has capitals at all.
    lowercase: name === lowerName && name !== name.toUpperCase(),
    year: YEAR.test(name),
    question: name.endsWith('?'),
    words,
  };
}

/**
 * The label of a link's registrable domain without its public suffix: `cheap-car-insurance-quotes` for
 * `www.cheap-car-insurance-quotes.com`, `catatanbudi` for `catatanbudi.blogspot.com`; '' for an IP.
 */
export function domainLabel(link: ExtractedLink): string {
  if (link.isIp) return '';
  const domain = link.domain;
  const bare = link.tld !== '' && domain.endsWith(`.${link.tld}`) ? domain.slice(0, -link.tld.length - 1) : domain;
  const dot = bare.indexOf('.');
  return dot < 0 ? bare : bare.slice(0, dot);
}

/** How well a name and a domain label say the same thing. */
export interface DomainMatch {
  /** The name's words found in the label, longest first. */
  readonly words: readonly string[];
  /** Share of the label's letters and digits the name's words cover. */
  readonly labelCovered: number;
  /** Share of the name's letters and digits found in the label. */
  readonly nameCovered: number;
}

/**
 * Matches a lowercased name against a domain label without a dictionary: the name's words (split at letter/digit
 * changes too, so `jas890` is `jas` and `890`) are looked up in the label with its hyphens removed, longest first,
 * each on letters no other word took. `cheap car insurance` covers 74 % of `cheapcarinsurancequotes`; `john` 44 % of
 * `johnsmith`.
 */
export function matchDomain(lowerName: string, label: string): DomainMatch {
  const joined = label.replace(/[-.]/g, '');
  const words = [...new Set(lowerName.split(/[^\p{L}\p{N}]+|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u))]
    .filter((w) => w.length >= (/^\d+$/.test(w) ? 2 : 3))
    .sort((a, b) => b.length - a.length);
  const nameLetters = words.reduce((n, w) => n + w.length, 0);
  if (joined.length === 0 || nameLetters === 0) return { words: [], labelCovered: 0, nameCovered: 0 };
  const taken = new Uint8Array(joined.length);
  const found: string[] = [];
  let covered = 0;
  for (const w of words) {
    for (let at = joined.indexOf(w); at >= 0; at = joined.indexOf(w, at + 1)) {
      if (taken.subarray(at, at + w.length).some((t) => t === 1)) continue;
      taken.fill(1, at, at + w.length);
      found.push(w);
      covered += w.length;
      break;
    }
  }
  return { words: found, labelCovered: covered / joined.length, nameCovered: covered / nameLetters };
}

// After a messenger's name: separators, an optional "id", then an @handle, a number, or an id with a digit.
const HANDLE = /^[\s:：=>\-–→👉]{0,4}(?:id|号)?[\s:：=>\-–→👉]{0,4}(@[\p{L}\p{N}_.]{3,32}|\+?\d[\d \-]{3,16}\d|[a-z][a-z0-9_.\-]{1,31}\d[a-z0-9_.\-]{0,31})/u;
// A phone number: 9 to 15 digits starting as an international (+) or trunk (0) number, separators allowed.
const PHONE = /(?<![\p{L}\p{N}+])(?:\+\d|0\d)[\d .\-()]{7,18}\d/u;

/**
 * How the name hands the reader off to a messenger or a phone ("WA 0812 3456 7890", "加微信 vip888", "Telegram
 * @casino_bos"): the messenger and the handle, or the number; undefined for a reader's name (a "Wa Lee", a "Line").
 */
export function nameHandOff(lowerName: string, vocab: NameVocabulary): { messenger?: string; handle: string } | undefined {
  for (const m of vocab.messengers) {
    const handle = HANDLE.exec(lowerName.slice(m.end, m.end + 48))?.[1];
    if (handle !== undefined) return { messenger: m.term, handle };
  }
  const phone = /\d/.test(lowerName) ? PHONE.exec(lowerName)?.[0] : undefined;
  if (phone === undefined) return undefined;
  const digits = phone.replace(/\D/g, '').length;
  return digits >= 9 && digits <= 15 ? { handle: phone } : undefined;
}

/** A letter+digit token of 4 to 20 characters (`weton88`, `jas890`). */
export const BRAND_TOKEN = /^(?=.*\p{L})(?=.*\p{N})[\p{L}\p{N}]{4,20}$/u;
// Ordinals, units and counts (`2nd`, `10k`, `1080p`) are not brands.
const NOT_BRAND = /^\d+(?:st|nd|rd|th|s|k|m|p|x)$/;

/**
 * The brand-like tokens of a folded name: letters and digits in one word, not a year (`reader2024`, `anna1987`),
 * not an ordinal or unit. A handle that separates them (`Mike_88`) is one token with an underscore: not a brand.
 */
export function brandTokens(name: string): string[] {
  if (!/\d/.test(name)) return [];
  return [...new Set(tokenize(name).filter((t) => BRAND_TOKEN.test(t) && !NOT_BRAND.test(t) && !YEAR.test(t)))];
}
