/**
 * Short word lists looked up at a known place in the text (right after a number, in the few words before it), for the
 * contact and money rules. The whole-text lexicon scan (Aho-Corasick) finds terms anywhere; these answer "does one of
 * these words stand here?" without a scan, so they cost nothing on the comments that have no number.
 *
 * Word boundaries follow the script: a term that starts (ends) with a letter of a script written with spaces (Latin,
 * Cyrillic, Greek, Arabic, Hebrew, Devanagari, Hangul) must not continue a word there; Chinese, Japanese and Thai are
 * written without spaces and match anywhere. Hangul words take particles at their end (`하루에`), so only their start is
 * checked. Stems (`prefix`) are checked at their start only (`заработ` matches `заработок`, `заработать`). A digit
 * before a term is no word (units and periods are glued to numbers: `500руб`, `300만원`, `5k`); after it, it is.
 */

const WORD = /[\p{L}\p{N}\p{M}]/u;
const LETTER = /[\p{L}\p{M}]/u;
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const HANGUL = /\p{Script=Hangul}/u;

/** Whether the code unit at `i` of `s` is a letter, digit, mark or `_` (false outside `s`). */
export function isWordAt(s: string, i: number): boolean {
  return classAt(s, i, WORD, true);
}

/** Whether the code unit at `i` of `s` is a letter or mark (false outside `s`). */
export function isLetterAt(s: string, i: number): boolean {
  return classAt(s, i, LETTER, false);
}

function classAt(s: string, i: number, re: RegExp, digits: boolean): boolean {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  if (c < 0x80) return (digits && ((c >= 48 && c <= 57) || c === 95)) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  // A surrogate pair is an emoji or a rare letter: its high half decides.
  if (c >= 0xdc00 && c <= 0xdfff) return false;
  return re.test(c >= 0xd800 && c <= 0xdbff ? s.slice(i, i + 2) : s[i]!);
}

interface Phrase {
  readonly text: string;
  readonly startBounded: boolean;
  readonly endBounded: boolean;
}

/** A compiled word list: look-ups at a position, ending at a position, or anywhere inside a stretch. */
export interface PhraseList {
  /** The longest term that starts at `i` of `s`. */
  at(s: string, i: number): string | undefined;
  /** The longest term that ends at `i` (exclusive) of `s`. */
  endingAt(s: string, i: number): string | undefined;
  /** Whether some term may start with the code unit `c` (false means none does). */
  mayStartWith(c: number): boolean;
  /** Whether some term may end with the code unit `c` (false means none does). */
  mayEndWith(c: number): boolean;
  /** The first (leftmost, then longest) term lying wholly inside `s[from, to)`, with its position. */
  within(s: string, from: number, to: number): { term: string; start: number } | undefined;
}

/**
 * Compiles `terms` (lowercase). With `prefix`, terms are stems: only their start must be a word boundary.
 * Terms are indexed by their first and last code unit, so a look-up reads a handful of candidates.
 */
export function phraseList(terms: readonly string[], options: { prefix?: boolean } = {}): PhraseList {
  const phrases = [...new Set(terms.map((t) => t.toLowerCase()).filter((t) => t !== ''))]
    .sort((a, b) => b.length - a.length)
    .map((text): Phrase => ({ text, startBounded: bounded(text[0]!, true), endBounded: !options.prefix && bounded(lastChar(text), false) }));
  const byFirst = new Map<number, Phrase[]>();
  const byLast = new Map<number, Phrase[]>();
  // Which code units start (end) a term, by their low byte: one read of a 256-byte table (always in cache) rules out
  // most positions before any map look-up.
  const firsts = new Uint8Array(256);
  const lasts = new Uint8Array(256);
  for (const p of phrases) {
    push(byFirst, p.text.charCodeAt(0), p);
    push(byLast, p.text.charCodeAt(p.text.length - 1), p);
    firsts[p.text.charCodeAt(0) & 0xff] = 1;
    lasts[p.text.charCodeAt(p.text.length - 1) & 0xff] = 1;
  }
  const fits = (s: string, p: Phrase, start: number): boolean =>
    !(p.startBounded && isLetterAt(s, start - 1)) && !(p.endBounded && isWordAt(s, start + p.text.length));
  return {
    mayStartWith: (c) => c >= 0 && firsts[c & 0xff] === 1,
    mayEndWith: (c) => c >= 0 && lasts[c & 0xff] === 1,
    at(s, i) {
      // Bounds checked: reading past the end (NaN) would make V8 drop the optimised code.
      if (i < 0 || i >= s.length || firsts[s.charCodeAt(i) & 0xff] !== 1) return undefined;
      for (const p of byFirst.get(s.charCodeAt(i)) ?? []) if (s.startsWith(p.text, i) && fits(s, p, i)) return p.text;
      return undefined;
    },
    endingAt(s, i) {
      if (i < 1 || i > s.length || lasts[s.charCodeAt(i - 1) & 0xff] !== 1) return undefined;
      for (const p of byLast.get(s.charCodeAt(i - 1)) ?? []) {
        const start = i - p.text.length;
        if (start >= 0 && s.startsWith(p.text, start) && fits(s, p, start)) return p.text;
      }
      return undefined;
    },
    within(s, from, to) {
      // Reads each position once and only the terms starting with its character: a stretch of n characters costs n
      // map look-ups, whatever the size of the list.
      const end = Math.min(s.length, to);
      for (let i = Math.max(0, from); i < end; i++) {
        const c = s.charCodeAt(i);
        if (firsts[c & 0xff] !== 1) continue;
        const bucket = byFirst.get(c);
        if (bucket === undefined) continue;
        for (const p of bucket) {
          if (i + p.text.length <= end && s.startsWith(p.text, i) && fits(s, p, i)) return { term: p.text, start: i };
        }
      }
      return undefined;
    },
  };
}

/** Whether `term` (lowercase), found at `start` of `s`, stands as a word there by the rules above (not as a stem). */
export function standsAsWord(s: string, term: string, start: number): boolean {
  if (term === '') return false;
  if (bounded(term[0]!, true) && isLetterAt(s, start - 1)) return false;
  return !(bounded(lastChar(term), false) && isWordAt(s, start + term.length));
}

function push(m: Map<number, Phrase[]>, k: number, p: Phrase): void {
  const list = m.get(k);
  if (list) list.push(p);
  else m.set(k, [p]);
}

function lastChar(s: string): string {
  const c = s.charCodeAt(s.length - 1);
  return c >= 0xdc00 && c <= 0xdfff ? s.slice(-2) : s.slice(-1);
}

/** Whether a term's edge character needs a word boundary next to it. */
function bounded(edge: string, atStart: boolean): boolean {
  if (!WORD.test(edge) || UNSPACED.test(edge)) return false;
  return atStart || !HANGUL.test(edge);
}
