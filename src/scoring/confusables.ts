/**
 * Look-alike characters folded to ASCII, as tables plus the two passes that apply them.
 *
 * Two kinds of folding, with different safety:
 * - {@link foldStyledLetters}: characters that are never ordinary letters of any language (enclosed, squared,
 *   parenthesised letters, regional indicators, Latin small capitals, dingbat digits) and that NFKC leaves alone or
 *   turns into punctuation. Folded everywhere, before NFKC.
 * - {@link foldMixedScript}: Cyrillic and Greek letters that look Latin. They ARE ordinary letters of real languages,
 *   so they are folded only inside a whitespace-delimited word that is otherwise Latin (`саsino` → `casino`), or made
 *   only of look-alikes including one no Russian/Greek word uses (`ѕ`, `һ`, `ԁ` …). A whole Russian word stays Russian.
 *
 * Kept as code rather than a JSON lexicon: it is a handful of ranges, read once at import, and loading a file is I/O.
 */

/** Cyrillic and Greek letters that render like a Latin letter, keyed by code point. */
const SCRIPT_CONFUSABLES: ReadonlyMap<number, string> = new Map(
  [
    // Cyrillic lowercase
    ['а', 'a'], ['в', 'b'], ['г', 'r'], ['е', 'e'], ['ё', 'e'], ['к', 'k'], ['м', 'm'], ['н', 'h'], ['о', 'o'],
    ['п', 'n'], ['р', 'p'], ['с', 'c'], ['т', 't'], ['у', 'y'], ['х', 'x'], ['ь', 'b'], ['ѕ', 's'], ['і', 'i'],
    ['ї', 'i'], ['ј', 'j'], ['һ', 'h'], ['ү', 'y'], ['ԁ', 'd'], ['ԛ', 'q'], ['ԝ', 'w'], ['ӏ', 'l'],
    // Cyrillic uppercase
    ['А', 'A'], ['В', 'B'], ['Е', 'E'], ['К', 'K'], ['М', 'M'], ['Н', 'H'], ['О', 'O'], ['Р', 'P'], ['С', 'C'],
    ['Т', 'T'], ['У', 'Y'], ['Х', 'X'], ['Ѕ', 'S'], ['І', 'I'], ['Ј', 'J'], ['Ү', 'Y'], ['Һ', 'H'], ['Ԛ', 'Q'],
    ['Ԝ', 'W'], ['Ӏ', 'I'],
    // Greek lowercase
    ['α', 'a'], ['β', 'b'], ['γ', 'y'], ['ε', 'e'], ['η', 'n'], ['ι', 'i'], ['κ', 'k'], ['μ', 'u'], ['ν', 'v'],
    ['ο', 'o'], ['ρ', 'p'], ['τ', 't'], ['υ', 'u'], ['χ', 'x'], ['ω', 'w'], ['ϲ', 'c'], ['ϳ', 'j'],
    // Greek uppercase
    ['Α', 'A'], ['Β', 'B'], ['Ε', 'E'], ['Ζ', 'Z'], ['Η', 'H'], ['Ι', 'I'], ['Κ', 'K'], ['Μ', 'M'], ['Ν', 'N'],
    ['Ο', 'O'], ['Ρ', 'P'], ['Τ', 'T'], ['Υ', 'Y'], ['Χ', 'X'], ['Ϲ', 'C'],
  ].map(([from, to]) => [(from as string).charCodeAt(0), to as string]),
);

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

const STYLED_RE =
  /[\u0251\u0261\u026A\u0274\u0280\u028F\u0299\u029C\u029F\u0262\u1D00\u1D04\u1D05\u1D07\u1D0A\u1D0B\u1D0D\u1D0F\u1D18\u1D1B\u1D1C\u1D20\u1D21\u1D22\uA730\uA731\u2474-\u24B5\u24EB-\u24FF\u2776-\u2793\u{1F110}-\u{1F129}\u{1F150}-\u{1F169}\u{1F170}-\u{1F189}\u{1F1E6}-\u{1F1FF}]/gu;

function foldStyledChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const small = SMALL_CAPS.get(cp);
  if (small !== undefined) return small;
  for (const r of STYLED_RANGES) {
    if (cp < r.first || cp > r.last) continue;
    return typeof r.base === 'number'
      ? String(r.base + cp - r.first)
      : String.fromCharCode(r.base.charCodeAt(0) + cp - r.first);
  }
  return ch;
}

/**
 * Folds letters and digits that are only ever decoration (🅰, 🇦, ⒜, ❶, ᴄᴀsɪɴᴏ) to ASCII. Run before NFKC, which would
 * otherwise turn `⒜` into `(a)`.
 */
export function foldStyledLetters(s: string): string {
  STYLED_RE.lastIndex = 0;
  return STYLED_RE.test(s) ? s.replace(STYLED_RE, foldStyledChar) : s;
}

const CYRILLIC_GREEK_RE = /[\u0370-\u03FF\u0400-\u052F]/;
const WORD_RE = /\S+/g;

function isCyrillicOrGreek(code: number): boolean {
  return code >= 0x370 && code <= 0x52f;
}

function isLatinLetter(code: number): boolean {
  const ascii = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  return ascii || (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7); // Latin-1, Latin Extended-A/B
}

function foldWord(word: string): string {
  let latin = false;
  let disguise = false;
  let lookAlikes = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (isLatinLetter(code)) latin = true;
    else if (isCyrillicOrGreek(code)) {
      // Greek/Cyrillic combining ranges and non-letters (e.g. ͵) are not in the table: they leave the word alone.
      if (!SCRIPT_CONFUSABLES.has(code)) return word;
      lookAlikes++;
      if (DISGUISE_ONLY.has(code)) disguise = true;
    }
  }
  if (lookAlikes === 0 || !(latin || disguise)) return word;
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    out += (isCyrillicOrGreek(code) ? SCRIPT_CONFUSABLES.get(code) : undefined) ?? word[i];
  }
  return out;
}

/**
 * Folds Cyrillic/Greek look-alikes to Latin inside words that are otherwise Latin (`саsino` → `casino`,
 * `РауРаl` → `PayPal`), leaving real Cyrillic and Greek words (`Привет`, `сок`, `καλημέρα`) untouched.
 * A word is a whitespace-delimited run, so `саsino.сом` folds as one piece.
 */
export function foldMixedScript(s: string): string {
  if (!CYRILLIC_GREEK_RE.test(s)) return s;
  return s.replace(WORD_RE, (word) => (CYRILLIC_GREEK_RE.test(word) ? foldWord(word) : word));
}
