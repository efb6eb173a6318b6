/**
 * Phone numbers in comment text, checked against real numbering plans (libphonenumber's metadata), so that an order
 * number, a price, a date, a year range or an ISBN is not taken for a phone.
 *
 * A digit run is a candidate when it is 7-15 digits, possibly grouped by spaces, hyphens, dots or brackets. It is a
 * phone when:
 * - it starts with `+` (or `00`) and is a valid number of the country code it names; or
 * - it is written like a national number (a trunk `0`/`8`, an `(area)`, or groups) and is valid in a country the site's
 *   languages or the comment's script point to (`8 (912) 345-67-89` on a Russian site or in Cyrillic text); or
 * - a contact word stands right before it (`WA 0812…`, `电话 138…`, `call 07…`) and it is valid in one of the
 *   countries spam most often gives numbers from.
 * Money-shaped runs (`1.500.000`, `10 000 000`), decimals, dates and year ranges are never phones, nor are runs next to
 * a currency or after words like "order", "ISBN", "заказ", "订单" (data/messengers.json `notPhone`).
 */
import { parsePhoneNumberFromString, type CountryCode, type NumberType } from 'libphonenumber-js/core';
import type { PhonePlans } from '../hand-off-data.js';
import { compilePlans, type PlanBook } from './phone-plans.js';
import { isWordAt } from './phrases.js';

/** A phone number found in the text. */
export interface PhoneFinding {
  /** As written in the scanned text. */
  readonly raw: string;
  readonly start: number;
  /** E.164 for an international number (`+79123456789`), the digits as dialled nationally otherwise. */
  readonly number: string;
  readonly country: CountryCode | undefined;
  /** Mobile, fixed line, premium rate … */
  readonly type: NumberType;
  /** Written with its country code. */
  readonly international: boolean;
  /** A contact word, messenger name or private ask stands right before it. */
  readonly cued: boolean;
}

/** What the finder needs to know about the comment, computed by the caller only if asked. */
export interface PhoneContext {
  /** The countries of the site's languages, to read a national number in first. */
  siteCountries(): readonly CountryCode[];
  /** The countries of the script the text around `start` is written in, tried next. */
  scriptCountries(start: number): readonly CountryCode[];
  /** Whether a contact word ends shortly before `start`. */
  cuedAt(start: number): boolean;
  /** Whether the few characters before `start` name a currency or a non-phone number ("order", "ISBN"). */
  notPhoneAt(start: number): boolean;
}

// Starts at a `+`, a bracket or a digit; 7-24 characters of digits and the separators people group numbers with.
const CANDIDATE = /\+?\(?\d[\d \-.()\u00A0]{5,22}\d/g;
const THOUSANDS = /^\d{1,3}(?:[ .\u00A0]\d{3})+$/;
const DECIMAL = /^\d+\.\d+$/;
const DATE = /^(?:\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{2,4})$/;
const YEARS = /^(?:1[89]|20)\d\d ?- ?(?:1[89]|20)\d\d$/;
const NON_DIGIT = /\D/g;
const SEPARATOR = /[ \-.()\u00A0]/;
const MAX_CANDIDATES = 8;
const THREE_DIGITS = /\d\d\d/;

/** The numbering plans, compiled for the countries the data names. */
export interface PhoneReader {
  readonly plans: PhonePlans;
  readonly book: PlanBook;
}

/** Compiles the plans (once, when the phase is built). */
export function phoneReader(plans: PhonePlans): PhoneReader {
  const all = new Set([...plans.byLanguage.values(), ...plans.byScript.values(), plans.anyCountry].flat());
  return { plans, book: compilePlans(plans.metadata, all) };
}

/** Up to `max` phone numbers in `text`, in order. Text without a digit costs one failed regex scan. */
export function findPhones(text: string, reader: PhoneReader, at: PhoneContext, max = 3): PhoneFinding[] {
  const out: PhoneFinding[] = [];
  // Most comments hold no three digits in a row: one native scan, no iterator.
  if (!THREE_DIGITS.test(text)) return out;
  let seen = 0;
  for (const m of text.matchAll(CANDIDATE)) {
    const found = readCandidate(text, m.index, m[0], reader, at);
    if (found) out.push(found);
    if (++seen >= MAX_CANDIDATES || out.length >= max) break;
  }
  return out;
}

function readCandidate(text: string, index: number, match: string, reader: PhoneReader, at: PhoneContext): PhoneFinding | undefined {
  const { plans } = reader;
  let raw = match;
  let start = index;
  if (raw.startsWith('(') && !raw.includes(')')) (raw = raw.slice(1)), start++;
  // Part of a word, a longer number, a hash or an amount (`x1234567`, `1,234,567`, `$1234567`).
  const before = start > 0 ? text.charCodeAt(start - 1) : -1;
  if (isWordAt(text, start - 1) || before === 0x2c || before === 0x2e || before === 0x2f || before === 0x23 || before === 0x40) return undefined;
  if (isWordAt(text, start + raw.length) && !isLetterBoundary(text, start + raw.length)) return undefined;
  const digits = raw.replace(NON_DIGIT, '');
  const international = raw.startsWith('+') || (digits.startsWith('00') && raw.startsWith('00'));
  if (digits.length < (international ? 8 : 7) || digits.length > 15) return undefined;
  const body = raw.startsWith('+') ? raw.slice(1).trimStart() : raw;
  if (!international && (THOUSANDS.test(body) || DECIMAL.test(body) || DATE.test(body) || YEARS.test(body))) return undefined;
  // Checks in order of cost: the numbering plans (a few regex tests) before the words around the number.
  let cued: boolean | undefined;
  const isCued = (): boolean => (cued ??= at.cuedAt(start));
  const accept = (number: string, country: CountryCode | undefined, type: NumberType, international: boolean): PhoneFinding | undefined =>
    at.notPhoneAt(start) ? undefined : { raw, start, number, country, type, international, cued: isCued() };
  if (international) {
    const e164 = raw.startsWith('+') ? raw : `+${raw.slice(2)}`;
    const phone = parsePhoneNumberFromString(e164, { extract: false }, plans.metadata);
    return phone?.isValid() ? accept(phone.number, phone.country, phone.getType(), true) : undefined;
  }
  const national = (countries: readonly CountryCode[]): PhoneFinding | undefined => {
    for (const country of countries) {
      const type = reader.book.nationalType(country, digits);
      if (type !== undefined) return accept(digits, country, type, false);
    }
    return undefined;
  };
  // A bare run (no trunk prefix, no bracket, no grouping) is as often a code or an id: only with a contact word.
  const formatted = SEPARATOR.test(raw) || raw.startsWith('0') || raw.startsWith('8');
  const found = formatted ? (national(at.siteCountries()) ?? national(at.scriptCountries(start))) : undefined;
  return found ?? (isCued() ? national(plans.anyCountry) : undefined);
}

// A digit run glued to a following letter (`89123456789Иван`) is still a number, unless the letter is Latin or
// Cyrillic and makes a code or a unit of it (`1234567abc`, `8000000mhz`).
function isLetterBoundary(text: string, i: number): boolean {
  if (i >= text.length) return true;
  const c = text.charCodeAt(i);
  return !(c < 0x80 || (c >= 0x400 && c <= 0x4ff));
}

