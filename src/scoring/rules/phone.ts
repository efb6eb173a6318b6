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
import { isWordAt } from './phrases.js';

/** A phone number found in the text. */
export interface PhoneFinding {
  /** As written in the scanned text. */
  readonly raw: string;
  readonly start: number;
  /** E.164, e.g. `+79123456789`. */
  readonly number: string;
  readonly country: CountryCode | undefined;
  readonly type: NumberType;
  /** Written with its country code. */
  readonly international: boolean;
  /** A contact word, messenger name or private ask stands right before it. */
  readonly cued: boolean;
}

/** What the finder needs to know about the comment, computed by the caller only if asked. */
export interface PhoneContext {
  /** The countries to read a national number in (site languages, then script), first most likely. */
  countries(): readonly CountryCode[];
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

/** Up to `max` phone numbers in `text`, in order. Text without a digit costs one failed regex scan. */
export function findPhones(text: string, plans: PhonePlans, at: PhoneContext, max = 3): PhoneFinding[] {
  const out: PhoneFinding[] = [];
  let seen = 0;
  for (const m of text.matchAll(CANDIDATE)) {
    const found = readCandidate(text, m.index, m[0], plans, at);
    if (found) out.push(found);
    if (++seen >= MAX_CANDIDATES || out.length >= max) break;
  }
  return out;
}

function readCandidate(text: string, index: number, match: string, plans: PhonePlans, at: PhoneContext): PhoneFinding | undefined {
  let raw = match;
  let start = index;
  if (raw.startsWith('(') && !raw.includes(')')) (raw = raw.slice(1)), start++;
  // Part of a word, a longer number, a hash or an amount (`x1234567`, `1,234,567`, `$1234567`).
  const before = text.charCodeAt(start - 1);
  if (isWordAt(text, start - 1) || before === 0x2c || before === 0x2e || before === 0x2f || before === 0x23 || before === 0x40) return undefined;
  if (isWordAt(text, start + raw.length) && !isLetterBoundary(text, start + raw.length)) return undefined;
  const digits = raw.replace(NON_DIGIT, '');
  const international = raw.startsWith('+') || (digits.startsWith('00') && raw.startsWith('00'));
  if (digits.length < (international ? 8 : 7) || digits.length > 15) return undefined;
  const body = raw.startsWith('+') ? raw.slice(1).trimStart() : raw;
  if (!international && (THOUSANDS.test(body) || DECIMAL.test(body) || DATE.test(body) || YEARS.test(body))) return undefined;
  if (at.notPhoneAt(start)) return undefined;
  const cued = at.cuedAt(start);
  if (international) {
    const e164 = raw.startsWith('+') ? raw : `+${raw.slice(2)}`;
    const phone = parsePhoneNumberFromString(e164, { extract: false }, plans.metadata);
    if (!phone?.isValid()) return undefined;
    return { raw, start, number: phone.number, country: phone.country, type: phone.getType(), international: true, cued };
  }
  // A bare run (no trunk prefix, no bracket, no grouping) is as often a code or an id: only with a contact word.
  const formatted = SEPARATOR.test(raw) || raw.startsWith('0') || raw.startsWith('8');
  const countries = formatted ? at.countries() : [];
  const tried = cued ? [...countries, ...plans.anyCountry] : countries;
  for (const country of tried) {
    const phone = parsePhoneNumberFromString(raw, { defaultCountry: country, extract: false }, plans.metadata);
    if (phone?.isValid()) return { raw, start, number: phone.number, country: phone.country, type: phone.getType(), international: false, cued };
  }
  return undefined;
}

// A digit run glued to a following letter (`89123456789Иван`) is still a number, unless the letter is Latin or
// Cyrillic and makes a code or a unit of it (`1234567abc`, `8000000mhz`).
function isLetterBoundary(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return !(c < 0x80 || (c >= 0x400 && c <= 0x4ff));
}
