/**
 * Words and numbers split apart to slip past filters, put back together: letters written one by one (`L U C K Y`,
 * `C.A.S.I.N.O`, `S★L★O★T`), symbols wedged inside a word (`⭐LUCKY⭐77⭐`, `❤️slot❤️gacor`) and numbers broken up by
 * symbols, spaces or look-alike letters (`5◐51 23З4`, `1 3 8 - 5 5 5 2`). Each pass reports what it joined to a sink.
 *
 * Every pass starts from a cheap hint regex and scans forward once from there, so plain text pays one regex test.
 * `ascii`: the text is known to be ASCII (a narrower, faster hint).
 */
import type { EvasionFinding, EvasionKind } from './evasion-types.js';
import { TO_DIGIT } from './confusables.js';

const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;
// Decoration symbols: the symbol blocks spam draws from (arrows, maths, technical, shapes, dingbats, stars, enclosed
// CJK) and emoji, without property classes, which cost 10× per character.
const SYMBOL = /^(?:[\u00A6\u00A9\u00AE\u00B0\u00B7\u2022\u2027\u2190-\u2BFF\u3200-\u32FF\u30FB]|[\uD83C-\uD83E][\uDC00-\uDFFF])$/;
// Three single letters or digits with the same separator between them: a cheap superset of the runs joined below.
const ASCII_SINGLES_HINT = /(?<![A-Za-z0-9])[A-Za-z0-9]([ .\-*~|_#^\\/])[A-Za-z0-9]\1[A-Za-z0-9](?![A-Za-z0-9])/;
// The same over the common alphabets (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Thai, Georgian, kana, Han,
// Hangul) with symbol and emoji separators, written without the `u` flag and property classes, which cost 15× here.
const ALPHABETS = 'A-Za-z0-9\\u00AA-\\u02FF\\u0370-\\u06FF\\u0E00-\\u0E7F\\u10A0-\\u10FF\\u3040-\\u30FF\\u3400-\\u9FFF\\uAC00-\\uD7A3';
const SINGLES_HINT = new RegExp(
  `(?<![${ALPHABETS}])[${ALPHABETS}]([ .\\-*~|_#^\\\\/\\u00B7\\u2022\\u2027\\u2190-\\u2BFF\\u30FB]|[\\uD83C-\\uD83E][\\uDC00-\\uDFFF])[${ALPHABETS}]\\1[${ALPHABETS}](?![${ALPHABETS}])`,
);

// Either pass's hint over ASCII text: single letters or digits in a row (spaced digits among them), or a digit, a
// look-alike or symbol, a digit. Two tests cost less than one with both alternatives, which V8 cannot scan ahead for.
const ASCII_BROKEN_DIGIT = /\d[OlI~|_#^\\]\d/;

/**
 * Numbers, then spelled-out words: {@link foldBrokenNumbers} and {@link rejoinSingles}, behind one hint on ASCII text
 * (most comments), where neither usually applies.
 */
export function rejoinSeparated(s: string, ascii: boolean, sink?: EvasionFinding[]): string {
  if (ascii && !ASCII_SINGLES_HINT.test(s) && !ASCII_BROKEN_DIGIT.test(s)) return s;
  // Numbers before letters: a run of spaced digits is a number, not a word.
  return rejoinSingles(foldBrokenNumbers(s, ascii, sink), ascii, sink);
}

/**
 * Re-joins letters written one by one: a run of single letters or digits (any alphabet) with the same separator between
 * them. Single spaces (`spaced`): at least 4, or 3 if all capitals/digits (`A L E X` → `ALEX`, `바 카 라 사`), so
 * "I a m" in prose is left alone. Dots and hyphens (`spaced`): 4 letters and no digits, standing free, so `U.S.A.`,
 * `1.1.1.1` and hosts like `a.b.c.d.com` are untouched. Symbols (`decorated`: `S★L★O★T`, `S*L*O*T`): at least 4. Runs of
 * digits alone are numbers, left to {@link foldBrokenNumbers}.
 */
export function rejoinSingles(s: string, ascii: boolean, sink?: EvasionFinding[]): string {
  const hint = (ascii ? ASCII_SINGLES_HINT : SINGLES_HINT).exec(s);
  if (hint === null) return s;
  const parts: string[] = [];
  let copied = 0;
  let i = hint.index;
  let changes = 0;
  while (i < s.length && changes < MAX_CHANGES) {
    const width = singleAt(s, i);
    const sep = width === 0 ? '' : separatorAt(s, i + width);
    if (sep === '') {
      i += Math.max(width, 1);
      continue;
    }
    let j = i;
    let last = width;
    let count = 1;
    let shouting = isUpperOrDigit(s, i);
    let lowerLetters = false;
    let letters = !isDigitAt(s, i);
    let digits = !letters;
    for (;;) {
      if (count > MAX_SINGLES || !s.startsWith(sep, j + last)) break;
      const next = j + last + sep.length;
      const w = singleAt(s, next);
      if (w === 0) break;
      j = next;
      last = w;
      count++;
      shouting &&= isUpperOrDigit(s, j);
      if (!isUpperOrDigit(s, j)) lowerLetters = true;
      if (isDigitAt(s, j)) digits = true;
      else letters = true;
    }
    const end = j + last;
    const kind: EvasionKind = sep === ' ' || sep === '.' || sep === '-' ? 'spaced' : 'decorated';
    if (!isUpperOrDigit(s, i)) lowerLetters = true;
    // Lowercase single letters among digits are words of prose (Russian "в 5 и 6", SMS "2 u 4 a"), not a brand.
    const joins =
      count <= MAX_SINGLES &&
      letters &&
      !(digits && lowerLetters) &&
      (sep === ' '
        ? count >= 4 || (count >= 3 && shouting)
        : sep === '.' || sep === '-'
          ? count >= 4 && !digits && standsFree(s, i, end)
          : count >= 4);
    if (joins) {
      const match = s.slice(i, end);
      const folded = match.split(sep).join('');
      sink?.push({ kind, match, folded });
      parts.push(s.slice(copied, i), folded);
      copied = end;
      changes++;
    }
    i = end;
  }
  if (copied === 0) return s;
  parts.push(s.slice(copied));
  return parts.join('');
}

/** Changes per pass and text at most: past that a comment is a wall of disguise, and bounded work matters more. */
const MAX_CHANGES = 500;

/** More single letters in a row than any word has: a pattern, not a word spelled out. */
const MAX_SINGLES = 40;

/** Width (1 or 2 code units) of a letter or digit at `i` that stands alone between non-letters, else 0. */
function singleAt(s: string, i: number): number {
  const w = wordCharWidth(s, i);
  if (w === 0 || wordCharWidth(s, i + w) !== 0 || isWordCharBefore(s, i)) return 0;
  // A letter carrying a mark is not single either way (`й` decomposed, Thai vowels).
  return w;
}

function wordCharWidth(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (Number.isNaN(c)) return 0;
  if (c < 0x80) return isAsciiAlnum(c) ? 1 : 0;
  if (c >= 0xd800 && c <= 0xdbff) return LETTER_OR_DIGIT.test(s.slice(i, i + 2)) ? 2 : 0;
  if (c >= 0xdc00 && c <= 0xdfff) return 0;
  return LETTER_OR_DIGIT.test(s[i]!) ? 1 : 0;
}

function isWordCharBefore(s: string, i: number): boolean {
  if (i <= 0) return false;
  const c = s.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) return wordCharWidth(s, i - 2) === 2;
  return wordCharWidth(s, i - 1) === 1;
}

/** The separator at `i` that may split a spelled-out word: a space, `.`, `-`, a decoration symbol; '' otherwise. */
function separatorAt(s: string, i: number): string {
  const c = s.charCodeAt(i);
  if (c === 32 || c === 46 || c === 45 || c === 42 || c === 126 || c === 124 || c === 95 || c === 35 || c === 94 || c === 92 || c === 47) return s[i]!;
  if (c < 0x80 || Number.isNaN(c)) return '';
  const width = c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  const ch = s.slice(i, i + width);
  return SYMBOL.test(ch) ? ch : '';
}

function standsFree(s: string, first: number, end: number): boolean {
  const before = s[first - 1];
  const after = s[end];
  const afterNext = s[end + 1];
  return (
    (before === undefined || ' ("\'['.includes(before)) &&
    (after === undefined ||
      ' ,;!?)"\']'.includes(after) ||
      (after === '.' && (afterNext === undefined || afterNext === ' ')))
  );
}

function isAsciiAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isAsciiLetterAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i) | 0x20;
  return c >= 0x61 && c <= 0x7a;
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function isUpperOrDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  // Capitals of any cased alphabet; caseless scripts (Hangul, Han) are not "shouting": they need 4 letters.
  const ch = s[i]!;
  return ch !== ch.toLowerCase();
}

// A digit, then a symbol or a look-alike letter, then a digit; or four digits spaced out one by one.
const ASCII_NUMBER_HINT = /\d[OlI~|_#^\\]\d|(?<!\d)\d \d \d \d(?!\d)/;
const NUMBER_HINT = /\d[OlI~|_#^\\]\d|(?<!\d)\d \d \d \d(?!\d)|\d[^\x00-\x7F]{1,2}\d/;
/** Ordinary separators inside a written number: spaces, dashes, dots, brackets, a plus (`+7 (912) 345-67-89`). */
function isNumberSeparator(c: number): boolean {
  return c === 32 || c === 45 || c === 46 || c === 40 || c === 41 || c === 43 || (c >= 0x2010 && c <= 0x2015);
}
// Not `*`: between digits it multiplies (120*1.8*20).
const ASCII_DECORATION = /[~|_#^\\]/;
// Maths and units between digits are not decoration: 10×20, 3½ (NFKC: 31⁄2), 20°C; nor are currency signs (they are
// not symbols of SYMBOL's kind).
const NOT_DECORATION = /[\u00D7\u00F7\u00B1\u2044\u2215\u00B0\u2032\u2033]/;

/**
 * Folds numbers broken up to hide them into plain digits: symbols between digits (`5◐51`), look-alike letters among
 * them (`23З4`, `08l2`, per UTS #39 and case-folded), or single digits spaced out (`1 3 8 - 5 5 5 2`), when the number
 * has at least 5 digits. An ordinary written number (`0812.3456.7890`, `+7 (912) 345-67-89`) is left as written.
 * The folded number is its digits alone, with a leading `+` kept, so the phone and contact rules read it.
 */
export function foldBrokenNumbers(s: string, ascii: boolean, sink?: EvasionFinding[]): string {
  const hint = (ascii ? ASCII_NUMBER_HINT : NUMBER_HINT).exec(s);
  if (hint === null) return s;
  const parts: string[] = [];
  let copied = 0;
  // The hint may fall inside a number (`1 3 8 - 5 5 5 2`): start where that number starts.
  let i = hint.index;
  while (i > 0 && hint.index - i < 40 && (isDigitAt(s, i - 1) || isNumberSeparator(s.charCodeAt(i - 1)))) i--;
  let changes = 0;
  while (i < s.length && changes < MAX_CHANGES) {
    if (!isDigitAt(s, i)) {
      i++;
      continue;
    }
    const run = numberRun(s, i);
    // Glued to a letter it is part of a word, an id or a link (`watch?v=5tu9gN1l310`), not a number.
    const glued = isAsciiLetterAt(s, i - 1) || isAsciiLetterAt(s, run.end);
    if (run.disguised && run.digits.length >= 5 && !glued) {
      const start = i > 0 && s[i - 1] === '+' ? i - 1 : i;
      const match = s.slice(start, run.end);
      const folded = (start < i ? '+' : '') + run.digits;
      sink?.push({ kind: 'broken-digits', match, folded });
      parts.push(s.slice(copied, start), folded);
      copied = run.end;
      changes++;
    }
    i = run.end;
  }
  if (copied === 0) return s;
  parts.push(s.slice(copied));
  return parts.join('');
}

const MAX_DIGITS = 24;

interface NumberRun {
  /** Index just after the last digit (or look-alike) of the run. */
  readonly end: number;
  readonly digits: string;
  readonly disguised: boolean;
}

/** The number starting at digit `i`: digits, look-alike letters and up to 3 separator characters between them. */
function numberRun(s: string, i: number): NumberRun {
  let digits = '';
  let end = i;
  let disguised = false;
  let singles = 0;
  let groupLength = 0;
  let k = i;
  while (k < s.length && digits.length <= MAX_DIGITS) {
    const c = s.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      digits += s[k];
      groupLength++;
      k++;
      end = k;
      continue;
    }
    const lookAlike = lookAlikeDigit(s, k);
    if (lookAlike !== undefined && digits.length > 0 && isDigitAt(s, k + 1)) {
      digits += lookAlike;
      disguised = true;
      k++;
      end = k;
      continue;
    }
    // Between digits: at most 3 separator or decoration characters (an emoji is 2 code units).
    let gap = k;
    let decoration = false;
    let spaces = 0;
    while (gap < s.length && gap - k < 4) {
      const g = s.charCodeAt(gap);
      if (g >= 48 && g <= 57) break;
      // An emoji is two code units, one decoration.
      const ch = g >= 0xd800 && g <= 0xdbff ? s.slice(gap, gap + 2) : s[gap]!;
      if (g === 32) spaces++;
      if (isNumberSeparator(g)) {
        gap++;
        continue;
      }
      if (g < 0x80 ? ASCII_DECORATION.test(ch) : !NOT_DECORATION.test(ch) && SYMBOL.test(ch)) {
        decoration = true;
        gap += ch.length;
        continue;
      }
      break;
    }
    if (gap === k || !isDigitAt(s, gap) && lookAlikeDigit(s, gap) === undefined) break;
    if (groupLength === 1 && spaces > 0) singles++;
    if (decoration) disguised = true;
    groupLength = 0;
    k = gap;
  }
  if (groupLength === 1 && singles > 0) singles++;
  // Single digits spaced out hide a number, unless they count (1 2 3 4 5 6, 9 8 7 …).
  if (singles >= 4 && !counting(digits)) disguised = true;
  // Longer than any phone number or id: a table or a pattern, not a number hidden from filters.
  if (digits.length > MAX_DIGITS) disguised = false;
  return { end, digits, disguised };
}

/** Whether the digits count up or down by one (`123456789`, `54321`). */
function counting(digits: string): boolean {
  let up = true;
  let down = true;
  for (let k = 1; k < digits.length; k++) {
    const step = digits.charCodeAt(k) - digits.charCodeAt(k - 1);
    up &&= step === 1;
    down &&= step === -1;
  }
  return up || down;
}

/** The digit a look-alike letter at `i` stands for (`З`, `з`, `O`, `l`, `б`), or undefined. */
function lookAlikeDigit(s: string, i: number): string | undefined {
  const c = s.charCodeAt(i);
  if (Number.isNaN(c) || (c >= 0xd800 && c <= 0xdfff)) return undefined;
  return TO_DIGIT.get(c) ?? TO_DIGIT.get(s[i]!.toUpperCase().charCodeAt(0));
}

// A letter or digit, one or more symbols, a letter or digit: where decorations may split a word. The cheap hint (no
// property classes) covers the symbol blocks and emoji; the exact one is run on the chunks it finds.
const DECORATION_HINT_FAST = new RegExp(
  `[${ALPHABETS}](?:[\\u00A6\\u00A9\\u00AE\\u00B0\\u2190-\\u2BFF\\u3200-\\u32FF]|[\\uD83C-\\uD83E][\\uDC00-\\uDFFF])`,
);
const DECORATION_HINT = /[\p{L}\p{N}][\p{So}\p{Sk}]+[\p{L}\p{N}]/u;
const CHUNK = /\S+/g;
/** Longer space-free chunks are not a word with symbols in it. */
const MAX_CHUNK = 120;
const DECORATION_RUN = /[\p{So}\p{Sk}]+/gu;
const SEGMENT = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * Splits words that symbols or emoji were wedged into (`⭐LUCKY⭐77⭐` → `⭐LUCKY77⭐`, `❤️slot❤️gacor` →
 * `❤️slot gacor`): in a space-free chunk holding at least two groups of symbols, one of them between two letters or
 * digits, a group between letters and digits is removed (a brand: LUCKY77) and one between two words becomes a space.
 * Reported as `decorated`. One symbol between two words (`love❤️you`) is how readers write, and is left alone.
 */
export function splitDecorations(s: string, sink?: EvasionFinding[]): string {
  if (!DECORATION_HINT_FAST.test(s)) return s;
  let changes = 0;
  return s.replace(CHUNK, (chunk) => {
    if (changes >= MAX_CHANGES || chunk.length > MAX_CHUNK || !DECORATION_HINT_FAST.test(chunk) || !DECORATION_HINT.test(chunk)) return chunk;
    const groups = chunk.match(DECORATION_RUN) ?? [];
    const segments = chunk.match(SEGMENT) ?? [];
    if (groups.length < 2 || segments.length < 2 || segments.join('').length < 4) return chunk;
    const folded = chunk.replace(DECORATION_RUN, (group, at: number) => {
      const before = chunk[at - 1];
      const after = chunk[at + group.length];
      if (before === undefined || after === undefined || !LETTER_OR_DIGIT.test(before) || !LETTER_OR_DIGIT.test(after)) return group;
      // Between two numbers it is a number's business (foldBrokenNumbers), not a word's.
      if (isDigitChar(before) && isDigitChar(after)) return group;
      // Between single letters (S★L★O★T) the word is spelled out: rejoinSingles reads it.
      if (!LETTER_OR_DIGIT.test(chunk[at - 2] ?? ' ') || !LETTER_OR_DIGIT.test(chunk[at + group.length + 1] ?? ' ')) return group;
      return isDigitChar(before) !== isDigitChar(after) ? '' : ' ';
    });
    if (folded !== chunk) {
      sink?.push({ kind: 'decorated', match: chunk, folded });
      changes++;
    }
    return folded;
  });
}

function isDigitChar(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}
