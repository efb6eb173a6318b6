/**
 * Normalised text to the tokens the Bayesian classifier and the lexicon rules count.
 *
 * - Links become one token: their registrable domain (`casinosite.xyz`, `192.168.1.1`), no scheme or path.
 * - Spaced scripts (Latin, Cyrillic, Greek, Arabic, Thai …) are split into words by Unicode word boundaries (UAX #29):
 *   `don't`, `e.g`, `3.5`, `1,000`, `weton88` stay whole. ASCII takes a hand-written path with the same rules (a test
 *   checks it against `Intl.Segmenter`), because most comments are ASCII and the segmenter costs ~7× more there.
 * - Han, Hiragana, Katakana and Hangul runs become overlapping character bigrams, plus the whole run when it has 3 to
 *   {@link CJK_WHOLE_RUN_MAX} characters (`카지노사이트추천` → `카지`, `지노`, `노사` …; `우리카지노` → its bigrams and
 *   `우리카지노`). Bigrams need no dictionary, find a word inside a compound, and do not change when Node updates ICU,
 *   which would silently shift a dictionary segmenter's output under a trained model (Lucene's CJK analyser does
 *   the same). Thai, Lao, Khmer and Myanmar have no such choice: they go through the segmenter's dictionary.
 * - Emoji and currency signs are tokens, one per symbol (emoji walls and `$$$` are spam signals); other punctuation
 *   and symbols are dropped.
 * - Lowercased (locale-independent), each token at most {@link MAX_TOKEN_LENGTH} code units, at most
 *   {@link MAX_TOKENS} tokens, so the work on a 1 MiB comment is bounded.
 */
import { scanLinks } from './links.js';

/** Version of the tokenizer's output. Bump on any change that alters tokens; model files record it. */
export const TOKENIZER_VERSION = 1;
/** Longer tokens are cut to this many UTF-16 code units (never inside a surrogate pair). */
export const MAX_TOKEN_LENGTH = 40;
/** Tokens past this many are dropped. */
export const MAX_TOKENS = 2000;
/** CJK runs up to this many characters are also emitted whole, so short names stay a single strong token. */
export const CJK_WHOLE_RUN_MAX = 6;

/**
 * Splits normalised text (see `normalizeText`) into lowercased tokens; never throws, whatever the input.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let from = 0;
  scanLinks(text, (m) => {
    addWords(text, from, m.start, tokens);
    if (tokens.length < MAX_TOKENS) push(tokens, m.link.domain);
    from = m.end;
    return tokens.length < MAX_TOKENS;
  });
  addWords(text, from, text.length, tokens);
  return tokens;
}

// Locale "und": no language-specific tailoring, so tokens don't depend on the server's locale.
const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

const NON_ASCII = /[^\x00-\x7F]/;
// Hangul jamo (conjoining, compatibility, extended), Hiragana, Katakana (not its middle dot ・), Han incl. extensions.
const CJK_RUN =
  /[\u1100-\u11FF\u3040-\u309F\u30A0-\u30FA\u30FC-\u30FF\u3131-\u318E\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uAC00-\uD7A3\uD7B0-\uD7FF\uF900-\uFAFF\u{20000}-\u{323AF}]+/gu;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const NON_ASCII_LETTER = /(?![\x00-\x7F])[\p{L}\p{N}\p{M}]/u;
const NON_ASCII_RUN = /[^\x00-\x7F]+/g;
const SYMBOL_TOKEN = /\p{Extended_Pictographic}|\p{Sc}/gu;

// Text is tokenized in windows cut at spaces (never inside a word), so that once MAX_TOKENS is reached the rest of a
// 1 MiB comment is not even scanned.
const WORD_WINDOW = 4096;

function addWords(text: string, from: number, to: number, out: string[]): void {
  for (let start = from; start < to && out.length < MAX_TOKENS; ) {
    const end = windowEnd(text, start, to, WORD_WINDOW);
    addWindow(text.slice(start, end), out);
    start = end;
  }
}

function addWindow(s: string, out: string[]): void {
  if (!NON_ASCII.test(s)) {
    asciiWords(s, out);
    return;
  }
  let rest = 0;
  CJK_RUN.lastIndex = 0;
  for (let m = CJK_RUN.exec(s); m !== null && out.length < MAX_TOKENS; m = CJK_RUN.exec(s)) {
    otherWords(s.slice(rest, m.index), out);
    cjkWords(m[0], out);
    rest = m.index + m[0].length;
  }
  otherWords(s.slice(rest), out);
}

function otherWords(s: string, out: string[]): void {
  if (s === '' || out.length >= MAX_TOKENS) return;
  if (!NON_ASCII.test(s)) {
    asciiWords(s, out);
    return;
  }
  if (!NON_ASCII_LETTER.test(s)) {
    asciiWithSymbols(s, out);
    return;
  }
  // Windows as for the segmenter, so that even a hard cut in a run without spaces splits words the same way.
  const latin = LATIN_ONLY.test(s);
  for (let start = 0; start < s.length && out.length < MAX_TOKENS; ) {
    const end = windowEnd(s, start, s.length, SEGMENTER_WINDOW);
    if (latin) latinWords(s.slice(start, end), out);
    else segmentWords(s.slice(start, end), out);
    start = end;
  }
}

// Intl.Segmenter's cost grows faster than linearly with the string it is given (~0.2 ms for 1,000 characters,
// ~330 ms for 100,000, even when iteration stops early), so long pieces are fed to it in windows.
const SEGMENTER_WINDOW = 1000;

/**
 * End of the window of `s` that starts at `start`: `to` if that is within `size`, else just after the last space in
 * the window's second half, else (a pathological run without spaces) a hard cut outside a surrogate pair.
 */
function windowEnd(s: string, start: number, to: number, size: number): number {
  if (to - start <= size) return to;
  const limit = start + size;
  for (let k = limit; k > start + size / 2; k--) if (s.charCodeAt(k - 1) === 32) return k;
  const high = s.charCodeAt(limit - 1);
  return high >= 0xd800 && high <= 0xdbff ? limit - 1 : limit;
}

function segmentWords(s: string, out: string[]): void {
  for (const seg of segmenter.segment(s)) {
    if (out.length >= MAX_TOKENS) return;
    if (seg.isWordLike === true) {
      if (HAS_LETTER_OR_DIGIT.test(seg.segment)) push(out, seg.segment.replace(/[\u2018\u2019]/g, "'"));
      continue;
    }
    for (const sym of seg.segment.matchAll(SYMBOL_TOKEN)) if (out.length < MAX_TOKENS) push(out, sym[0]);
  }
}

/** ASCII words among non-ASCII symbols (emoji, dashes, bullets): those separate words, as in UAX #29. */
function asciiWithSymbols(s: string, out: string[]): void {
  // Curly apostrophes join words like the ASCII one (MidNumLet), so `don’t` stays one word.
  const t = s.replace(/[\u2018\u2019]/g, "'");
  let from = 0;
  for (const m of t.matchAll(NON_ASCII_RUN)) {
    asciiWords(t.slice(from, m.index), out);
    for (const sym of m[0].matchAll(SYMBOL_TOKEN)) {
      if (out.length >= MAX_TOKENS) return;
      push(out, sym[0]);
    }
    from = m.index + m[0].length;
  }
  asciiWords(t.slice(from), out);
}

function cjkWords(run: string, out: string[]): void {
  // Only the first MAX_TOKENS characters can contribute; cutting keeps a 1 MiB run from becoming a 1M array.
  const chars = Array.from(cut(run, 2 * MAX_TOKENS + 2));
  if (chars.length === 1) {
    push(out, run);
    return;
  }
  if (chars.length >= 3 && chars.length <= CJK_WHOLE_RUN_MAX && out.length < MAX_TOKENS) push(out, run);
  for (let k = 0; k + 1 < chars.length && out.length < MAX_TOKENS; k++) push(out, `${chars[k]}${chars[k + 1]}`);
}

// UAX #29 word-break classes for ASCII: the rules below are WB5-WB13b restricted to these characters.
const LETTER = 1;
const DIGIT = 2;
const CONNECTOR = 3; // _ (ExtendNumLet): joins anything
const MID_LETTER = 4; // : between letters
const MID_NUM_LET = 5; // . ' between letters or between digits
const MID_NUM = 6; // , ; between digits
const CURRENCY = 7;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) ASCII_CLASS[c] = DIGIT;
for (let c = 0x41; c <= 0x5a; c++) ASCII_CLASS[c] = ASCII_CLASS[c + 0x20] = LETTER;
for (const [ch, cls] of [['_', CONNECTOR], [':', MID_LETTER], ['.', MID_NUM_LET], ["'", MID_NUM_LET], [',', MID_NUM],
  [';', MID_NUM], ['$', CURRENCY]] as const) {
  ASCII_CLASS[ch.charCodeAt(0)] = cls;
}

function asciiWords(s: string, out: string[]): void {
  // ASCII only, so lowercasing keeps every index: tokens are cut from the lowercased copy, no per-token lowercasing.
  scanWords(s, out, s.toLowerCase());
}

/**
 * ASCII and the Latin letters of Latin-1 Supplement and Latin Extended-A/B (`café`, `für`, `Ångström`), nothing else:
 * every non-ASCII character here is an ALetter of UAX #29 and none is a symbol, so the ASCII rules below give the
 * segmenter's words (a property test checks it) at a fraction of its cost.
 */
const LATIN_ONLY = /^[\x00-\x7F\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]*$/;

/** Class of the code unit at `k` of a {@link LATIN_ONLY} string: Latin letters beyond ASCII are letters. */
function latinClass(s: string, k: number): number {
  const c = s.charCodeAt(k);
  return c < 128 ? ASCII_CLASS[c]! : LETTER;
}

/** {@link asciiWords} over a {@link LATIN_ONLY} string; tokens are lowercased one by one (`İ` grows when lowercased). */
function latinWords(s: string, out: string[]): void {
  scanWords(s, out, undefined);
}

/**
 * The words of an ASCII or {@link LATIN_ONLY} string by UAX #29's rules for those characters. `lower`: the string
 * lowercased with the same indexes (ASCII), to cut tokens from; without it each token is lowercased on its own.
 */
function scanWords(s: string, out: string[], lower: string | undefined): void {
  const n = s.length;
  let i = 0;
  while (i < n && out.length < MAX_TOKENS) {
    const c = latinClass(s, i);
    if (c === CURRENCY) out.push(s[i]!);
    if (c !== LETTER && c !== DIGIT && c !== CONNECTOR) {
      i++;
      continue;
    }
    const start = i;
    let alnum = false;
    while (i < n) {
      const k = latinClass(s, i);
      if (k === LETTER || k === DIGIT || k === CONNECTOR) {
        alnum ||= k !== CONNECTOR;
        i++;
        continue;
      }
      const before = latinClass(s, i - 1);
      const after = i + 1 < n ? latinClass(s, i + 1) : 0;
      const joins =
        (k === MID_LETTER && before === LETTER && after === LETTER) ||
        (k === MID_NUM_LET && before === after && (before === LETTER || before === DIGIT)) ||
        (k === MID_NUM && before === DIGIT && after === DIGIT);
      if (!joins) break;
      i += 2;
      alnum = true;
    }
    if (!alnum) continue;
    if (lower === undefined) push(out, s.slice(start, i));
    else out.push(lower.slice(start, Math.min(i, start + MAX_TOKEN_LENGTH)));
  }
}

/** For tests: the words of `s` by the segmenter path and by the fast paths, whichever applies. */
export function wordsForTest(s: string, path: 'segmenter' | 'fast'): string[] {
  const out: string[] = [];
  if (path === 'segmenter') segmentWords(s, out);
  else otherWords(s, out);
  return out;
}

function push(out: string[], token: string): void {
  out.push(cut(token.toLowerCase(), MAX_TOKEN_LENGTH));
}

/** `s` cut to at most `max` code units, never between the halves of a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const last = s.charCodeAt(max - 1);
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
