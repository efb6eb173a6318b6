/**
 * Look-alike letters: the styled ones folded everywhere, and the look-alikes of other scripts folded inside words that
 * mix scripts. The look-alike tables come from Unicode's confusables data (UTS #39), generated into
 * confusables-data.ts by scripts/generate-confusables.mjs.
 *
 * Two kinds of folding, with different safety:
 * - {@link foldStyledLetters} / {@link foldSmallCaps}: characters that are never ordinary letters of any language
 *   (enclosed, squared, parenthesised letters, regional indicators, dingbat digits, Latin small capitals). Folded
 *   everywhere.
 * - {@link foldMixedScript}: letters of a script that look like letters of another. They ARE ordinary letters of real
 *   languages, so they are folded only inside a word that mixes scripts, into the script the word is written in
 *   (`саsino` → `casino`, `Пpивeт` → `Привет`), or inside a word made only of look-alikes of Latin letters that
 *   includes one no Russian or Greek word uses (`ѕех` → `sex`). A whole Russian or Greek word stays as written.
 */
import type { EvasionFinding } from './evasion-types.js';
import { TO_CYRILLIC_PAIRS, TO_DIGIT_PAIRS, TO_GREEK_PAIRS, TO_LATIN_PAIRS } from './confusables-data.js';

function pairTable(pairs: string): ReadonlyMap<number, string> {
  const chars = Array.from(pairs);
  const table = new Map<number, string>();
  for (let k = 0; k + 1 < chars.length; k += 2) table.set(chars[k]!.codePointAt(0)!, chars[k + 1]!);
  return table;
}

/** A letter of another script → the ASCII letter or digit it looks like (UTS #39). */
export const TO_LATIN = pairTable(TO_LATIN_PAIRS);
/** A letter that looks like an ASCII digit → that digit (`З` → `3`, `б` → `6`, `O` → `0`). */
export const TO_DIGIT = pairTable(TO_DIGIT_PAIRS);
const TO_CYRILLIC = pairTable(TO_CYRILLIC_PAIRS);
const TO_GREEK = pairTable(TO_GREEK_PAIRS);

/** Look-alikes no Russian, Ukrainian or Greek word needs: an all-look-alike word containing one is a disguise. */
const DISGUISE_ONLY = new Set([...'ѕԁԛԝӏһϲϳЅԚԜӀҺϹ'].map((c) => c.charCodeAt(0)));

/** Latin small capitals and IPA letters used as a "font". No language writes ordinary words with them. */
const SMALL_CAPS: ReadonlyMap<number, string> = new Map(
  [
    ['ᴀ', 'a'], ['ʙ', 'b'], ['ᴄ', 'c'], ['ᴅ', 'd'], ['ᴇ', 'e'], ['ꜰ', 'f'], ['ɢ', 'g'], ['ʜ', 'h'], ['ɪ', 'i'],
    ['ᴊ', 'j'], ['ᴋ', 'k'], ['ʟ', 'l'], ['ᴍ', 'm'], ['ɴ', 'n'], ['ᴏ', 'o'], ['ᴘ', 'p'], ['ʀ', 'r'], ['ꜱ', 's'],
    ['ᴛ', 't'], ['ᴜ', 'u'], ['ᴠ', 'v'], ['ᴡ', 'w'], ['ʏ', 'y'], ['ᴢ', 'z'], ['ɑ', 'a'], ['ɡ', 'g'],
  ].map(([from, to]) => [(from as string).charCodeAt(0), to as string]),
);
const SMALL_CAPS_RE = /[\u0251\u0261\u026A\u0274\u0280\u028F\u0299\u029C\u029F\u0262\u1D00\u1D04\u1D05\u1D07\u1D0A\u1D0B\u1D0D\u1D0F\u1D18\u1D1B\u1D1C\u1D20\u1D21\u1D22\uA730\uA731]/g;

/** A block of consecutive code points that fold to consecutive letters or numbers. */
interface StyledRange {
  readonly first: number;
  readonly last: number;
  /** Folded value of `first` as a letter code (`A`/`a`) or, for digits, the number it stands for. */
  readonly base: string | number;
}

// NFKC folds most styled letters (𝗪, Ⓐ, 🄰, Ｗ); these are the ones it leaves alone, or turns into "(a)" / "1.".
const STYLED_RANGES: readonly StyledRange[] = [
  { first: 0x2474, last: 0x2487, base: 1 }, // ⑴ … ⒇
  { first: 0x2488, last: 0x249b, base: 1 }, // ⒈ … ⒛
  { first: 0x249c, last: 0x24b5, base: 'a' }, // ⒜ … ⒵
  { first: 0x24eb, last: 0x24f4, base: 11 }, // ⓫ … ⓴
  { first: 0x24f5, last: 0x24fe, base: 1 }, // ⓵ … ⓾
  { first: 0x24ff, last: 0x24ff, base: 0 }, // ⓿
  { first: 0x2776, last: 0x277f, base: 1 }, // ❶ … ❿
  { first: 0x2780, last: 0x2789, base: 1 }, // ➀ … ➉
  { first: 0x278a, last: 0x2793, base: 1 }, // ➊ … ➓
  { first: 0x1f110, last: 0x1f129, base: 'A' }, // 🄐 … 🄩
  { first: 0x1f150, last: 0x1f169, base: 'A' }, // 🅐 … 🅩
  { first: 0x1f170, last: 0x1f189, base: 'A' }, // 🅰 … 🆉
  { first: 0x1f1e6, last: 0x1f1ff, base: 'A' }, // 🇦 … 🇿 (regional indicators; a flag pair becomes its country code)
];

const STYLED_RE = /[\u2474-\u24B5\u24EB-\u24FF\u2776-\u2793\u{1F110}-\u{1F129}\u{1F150}-\u{1F169}\u{1F170}-\u{1F189}\u{1F1E6}-\u{1F1FF}]/gu;

function foldStyledChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  for (const r of STYLED_RANGES) {
    if (cp < r.first || cp > r.last) continue;
    return typeof r.base === 'number'
      ? String(r.base + cp - r.first)
      : String.fromCharCode(r.base.charCodeAt(0) + cp - r.first);
  }
  return ch;
}

/**
 * Folds letters and digits that are only ever decoration (🅰, 🇦, ⒜, ❶) to ASCII. Run before NFKC, which would
 * otherwise turn `⒜` into `(a)`, and after it.
 */
export function foldStyledLetters(s: string): string {
  STYLED_RE.lastIndex = 0;
  return STYLED_RE.test(s) ? s.replace(STYLED_RE, foldStyledChar) : s;
}

/** Folds Latin small capitals used as a font (`ᴄᴀsɪɴᴏ` → `casino`). Run after {@link foldMixedScript}, which folds the
 * ones inside Cyrillic words into Cyrillic (`ᴍ` → `м`). */
export function foldSmallCaps(s: string): string {
  SMALL_CAPS_RE.lastIndex = 0;
  return SMALL_CAPS_RE.test(s) ? s.replace(SMALL_CAPS_RE, (c) => SMALL_CAPS.get(c.charCodeAt(0)) ?? c) : s;
}

/** The scripts a mixed word is folded between; `other` letters (Cherokee, Armenian, Runic …) are never a target. */
const LATIN = 0;
const CYRILLIC = 1;
const GREEK = 2;
const CJK = 3;
const OTHER = 4;
const NOT_LETTER = 5;

const LETTER_RE = /\p{L}/u;

/** The script of the letter at code point `cp` (ranges for the common blocks, a property test for the rest). */
function scriptOf(cp: number, ch: string): number {
  if (cp < 0x80) return (cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a ? LATIN : NOT_LETTER;
  if (cp >= 0xc0 && cp <= 0x2af) return cp === 0xd7 || cp === 0xf7 ? NOT_LETTER : LATIN;
  if ((cp >= 0x410 && cp <= 0x44f) || cp === 0x401 || cp === 0x451) return CYRILLIC;
  if (cp >= 0x391 && cp <= 0x3c9 && cp !== 0x3a2) return GREEK;
  if (cp >= 0x370 && cp <= 0x3ff) return LETTER_RE.test(ch) ? GREEK : NOT_LETTER;
  if (cp >= 0x400 && cp <= 0x52f) return LETTER_RE.test(ch) ? CYRILLIC : NOT_LETTER;
  if (cp >= 0x1d26 && cp <= 0x1d2a) return GREEK; // Greek small capitals (ᴨ)
  if (cp === 0x1d2b) return CYRILLIC;
  if ((cp >= 0x1d00 && cp <= 0x1dbf) || (cp >= 0x1e00 && cp <= 0x1eff) || (cp >= 0xa720 && cp <= 0xa7ff)) return LATIN;
  if (cp >= 0x1f00 && cp <= 0x1fff) return GREEK;
  if (isCjk(cp)) return CJK;
  return LETTER_RE.test(ch) ? OTHER : NOT_LETTER;
}

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x323af) || (cp >= 0x3100 && cp <= 0x312f)
  );
}

/**
 * What a letter folds to in `target`'s script, or undefined. Never into a letter no Russian or Greek word uses (`q` →
 * `ԛ`): folding again would read that as a disguise and turn it back.
 */
function foldInto(target: number, cp: number): string | undefined {
  const folded = tableOf(target)?.get(cp);
  return folded !== undefined && target !== LATIN && DISGUISE_ONLY.has(folded.charCodeAt(0)) ? undefined : folded;
}

/** The table that folds a letter into `script`. */
function tableOf(script: number): ReadonlyMap<number, string> | undefined {
  return script === LATIN ? TO_LATIN : script === CYRILLIC ? TO_CYRILLIC : script === GREEK ? TO_GREEK : undefined;
}

// Where a word may mix scripts: a Latin letter next to a letter of a script with Latin look-alikes (either order),
// a letter no Russian or Greek word uses, or a letter of such a script inside Chinese, Japanese or Korean text.
const LATIN_CLASS = 'A-Za-z\\u00C0-\\u024F\\u0250-\\u02AF\\u1D00-\\u1DBF';
const LOOKALIKE_SCRIPTS =
  '\\u0370-\\u03FF\\u0400-\\u052F\\u0530-\\u058F\\u10A0-\\u10FF\\u13A0-\\u13FF\\u1400-\\u167F\\u16A0-\\u16FF\\u1D26-\\u1D2B\\u2C80-\\u2CFF\\u2D30-\\u2D7F\\uA4D0-\\uA4FF\\uA640-\\uA69F\\uAB70-\\uABBF';
const CJK_CLASS = '\\u3040-\\u30FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uAC00-\\uD7A3';
const MIXED_HINT = new RegExp(
  `[${LATIN_CLASS}][${LOOKALIKE_SCRIPTS}]|[${LOOKALIKE_SCRIPTS}][${LATIN_CLASS}]|[ѕԁԛԝӏһϲϳЅԚԜӀҺϹ]|[${CJK_CLASS}][${LOOKALIKE_SCRIPTS}]|[${LOOKALIKE_SCRIPTS}][${CJK_CLASS}]`,
  'g',
);
const MAX_WORD = 64;
const LOOKALIKE_LETTER = new RegExp(`[${LOOKALIKE_SCRIPTS}]`);
const WORD_PART = /[\p{L}\p{M}]/u;

/**
 * Folds the look-alike letters of words that mix scripts into the script the word is written in, leaving every
 * single-script word as written, and reports each word it changed to `sink` (kind `mixed-script`, or `styled` when
 * only Latin small capitals stood for Cyrillic letters). A word is a run of letters and marks.
 */
export function foldMixedScript(s: string, sink?: EvasionFinding[]): string {
  // Most non-ASCII text (emoji, accents, £) has no letter of those scripts at all: one class test says so.
  if (!LOOKALIKE_LETTER.test(s)) return s;
  MIXED_HINT.lastIndex = 0;
  if (!MIXED_HINT.test(s)) return s;
  MIXED_HINT.lastIndex = 0;
  const parts: string[] = [];
  let copied = 0;
  let textScripts: number[] | undefined;
  const aroundOf = (): readonly number[] => (textScripts ??= scriptCounts(s));
  for (let m = MIXED_HINT.exec(s); m !== null; m = MIXED_HINT.exec(s)) {
    let start = m.index;
    while (start > copied && isWordPart(s, start - 1)) start--;
    let end = m.index + m[0].length;
    while (end < s.length && isWordPart(s, end)) end++;
    // A run of letters longer than any word is not a word a reader would read: left as it is.
    const word = end - start > MAX_WORD ? '' : s.slice(start, end);
    const folded = word === '' ? word : foldWord(word, sink, aroundOf);
    if (folded !== word) {
      parts.push(s.slice(copied, start), folded);
      copied = end;
    }
    MIXED_HINT.lastIndex = end;
  }
  if (copied === 0) return s;
  parts.push(s.slice(copied));
  return parts.join('');
}

function isWordPart(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  // The common alphabets without a property test: Latin, Greek, Cyrillic letters; Han, kana, Hangul.
  if ((c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x410 && c <= 0x44f) || (c >= 0x391 && c <= 0x3c9)) return true;
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x3041 && c <= 0x30fa)) return true;
  if (c >= 0xd800 && c <= 0xdfff) {
    // A surrogate half: test the whole code point it belongs to.
    const start = c >= 0xdc00 ? i - 1 : i;
    return WORD_PART.test(String.fromCodePoint(s.codePointAt(start) ?? 0));
  }
  return WORD_PART.test(s[i]!);
}

/** Letters per script in (the first 2,000 characters of) a text, for breaking ties between scripts. */
function scriptCounts(s: string): number[] {
  const counts = [0, 0, 0, 0, 0, 0];
  const end = Math.min(s.length, 2000);
  for (let i = 0; i < end; i++) {
    const cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    counts[scriptOf(cp, s[i]!)]!++;
  }
  return counts;
}

/**
 * Whether every run of letters of another script than `target` is made only of look-alikes of `target` letters: a
 * disguise swaps single look-alikes (`Подpaбoткa`), while two words written together keep letters of their own
 * (`удалитьAlmoristics`: `m` and `t` have no Cyrillic look-alike), and are left alone.
 */
function lookAlikesOnly(chars: readonly string[], scripts: readonly number[], target: number): boolean {
  for (let k = 0; k < chars.length; k++) {
    const script = scripts[k]!;
    if (script === NOT_LETTER || script === target) continue;
    if (foldInto(target, chars[k]!.codePointAt(0)!) === undefined) return false;
  }
  return true;
}

/** A mixed word folded into its script (see {@link foldMixedScript}); the word itself when it is not mixed. */
function foldWord(word: string, sink: EvasionFinding[] | undefined, text: () => readonly number[]): string {
  const counts = [0, 0, 0, 0, 0, 0];
  let disguise = false;
  const chars: string[] = [];
  const scripts: number[] = [];
  for (let i = 0; i < word.length; ) {
    const cp = word.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const ch = width === 1 ? word[i]! : word.slice(i, i + 2);
    const script = scriptOf(cp, ch);
    counts[script]!++;
    if (DISGUISE_ONLY.has(cp)) disguise = true;
    chars.push(ch);
    scripts.push(script);
    i += width;
  }
  let present = 0;
  for (let k = LATIN; k <= OTHER; k++) if (counts[k]! > 0) present++;
  let target: number;
  if (present === 1) {
    // One script: only a word made wholly of Latin look-alikes with a disguise-only letter is folded (`ѕех`).
    if (!disguise || counts[LATIN]! > 0) return word;
    for (let k = 0; k < chars.length; k++) if (scripts[k] !== NOT_LETTER && !TO_LATIN.has(chars[k]!.codePointAt(0)!)) return word;
    target = LATIN;
  } else if (counts[CJK]! > 0 && counts[CJK]! >= counts[LATIN]! + counts[CYRILLIC]! + counts[GREEK]! + counts[OTHER]!) {
    target = CJK;
  } else {
    // Letters with no look-alike in another script present in the word say which script the word is in.
    const sure = [0, 0, 0];
    for (let k = 0; k < chars.length; k++) {
      const script = scripts[k]!;
      if (script > GREEK) continue;
      const cp = chars[k]!.codePointAt(0)!;
      let elsewhere = false;
      for (let other = LATIN; other <= GREEK && !elsewhere; other++) {
        elsewhere = other !== script && counts[other]! > 0 && tableOf(other)!.has(cp);
      }
      if (!elsewhere) sure[script]!++;
    }
    // The script with more letters of its own; on a tie (every letter has a look-alike: `РауРаl`, `сaхар`) the
    // script the rest of the text is written in, then the one with more letters in the word.
    target = -1;
    let around: readonly number[] | undefined;
    for (let k = LATIN; k <= GREEK; k++) {
      if (counts[k] === 0) continue;
      if (target < 0 || sure[k]! > sure[target]!) {
        target = k;
        continue;
      }
      if (sure[k] !== sure[target]) continue;
      around ??= text();
      const byText = around[k]! - around[target]!;
      if (byText > 0 || (byText === 0 && counts[k]! > counts[target]!)) target = k;
    }
    if (target < 0) target = LATIN;
  }
  if (target !== CJK && !lookAlikesOnly(chars, scripts, target)) return word;
  let out = '';
  let changed = false;
  let fontOnly = true;
  for (let k = 0; k < chars.length; k++) {
    const ch = chars[k]!;
    const script = scripts[k]!;
    if (script === NOT_LETTER || script === target || (target === CJK && script === LATIN)) {
      out += ch;
      continue;
    }
    const cp = ch.codePointAt(0)!;
    // Inside Chinese, Japanese or Korean, a letter of another script inserted between two letters (not at the edge:
    // α版, β受体) is kept when it reads as a Latin letter (a handle: 加V) and dropped otherwise (runes and the like,
    // also where the handle starts: 加ᚱQQ).
    const inside = k > 0 && k < chars.length - 1 && scripts[k - 1] !== NOT_LETTER && scripts[k + 1] !== NOT_LETTER;
    // Greek letters are symbols in Chinese and Japanese writing (α版, β受体, γ線): kept wherever they stand.
    if (target === CJK && (!inside || script === GREEK || (scripts[k - 1] !== CJK && scripts[k + 1] !== CJK))) {
      out += ch;
      continue;
    }
    const folded = target === CJK ? TO_LATIN.get(cp) ?? '' : foldInto(target, cp);
    if (folded === undefined) {
      out += ch;
      continue;
    }
    out += folded;
    changed = true;
    if (!(script === LATIN && cp >= 0x1d00 && target === CYRILLIC) && !(script === LATIN && cp >= 0x250 && cp <= 0x2af)) fontOnly = false;
  }
  if (!changed) return word;
  sink?.push({ kind: fontOnly ? 'styled' : 'mixed-script', match: word, folded: out });
  return out;
}
