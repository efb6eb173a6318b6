/**
 * Lexicons: lists of spam-campaign terms per category and language, kept as JSON data files that people edit
 * (src/scoring/lexicons/*.json), compiled once into Aho-Corasick matchers.
 *
 * How a term matches (the format of the files, for the people who edit them):
 * - Terms are lowercased and NFKC-normalised, and matched on the folded, lowercased text of the comment.
 * - A term written with accents also matches the text without them (`préstamo` matches `prestamo`, `nhà cái` matches
 *   `nha cai`, and any other accents: `ganhê`), and `ё` matches `е` and back, and Turkish dotted `İ` lowercased: spammers
 *   drop marks to dodge filters, readers out of habit. A term written plainly matches only plain text, since in some
 *   languages the marks make another word (`mua` is not `mùa`): list the accented spelling.
 * - A term must start a word when it starts with a letter or digit of a script written with spaces (Latin, Cyrillic,
 *   Greek, Devanagari …): `slot` does not fire inside `slothful`, nor `займ` inside `взаймы`. It must also end a word
 *   when it ends with a Latin letter or a digit, unless it ends with `*` (`bahis site*` matches `bahis sitesi`,
 *   `bahis sitelerinde`). Terms in Cyrillic, Greek or Devanagari are stems: their end is free, since those languages
 *   inflect by suffix (`займ на карт` matches `займ на карту`, `займ на карте`).
 * - Terms in scripts written without spaces (Chinese, Japanese, Korean, Thai …) and in Arabic (whose articles and
 *   conjunctions are written onto the word) match anywhere, so list compounds there, never a short word that sits
 *   inside ordinary ones (`토토` is inside `토토로`).
 * - A file's `terms` are strong: wording only an advert uses. Its `weak` terms are topic words readers use too (news
 *   about casinos, loans, crypto): they count only next to a strong term of the same category (see the lexicon rule).
 */
import { AhoCorasick, type TermMatch } from './aho-corasick.js';

/** The shape of a lexicon data file. */
export interface LexiconFile {
  readonly category: string;
  readonly description?: string;
  /** Strong terms per language (BCP 47 primary tag): an advert's wording. */
  readonly terms: Readonly<Record<string, readonly string[]>>;
  /** Weak terms per language: topic words readers use too, which only add to strong ones. */
  readonly weak?: Readonly<Record<string, readonly string[]>>;
  /** Terms that count when they appear anywhere inside a domain name. */
  readonly domainTerms?: readonly string[];
}

/** What a term found in text belongs to. */
export interface TermInfo {
  readonly category: string;
  readonly lang: string;
  /** True for a file's `terms`, false for its `weak` topic words. */
  readonly strong: boolean;
  /**
   * Whether the term is a word of a script written with spaces (it needs a word boundary at its start). Terms that are
   * not (Chinese, Korean, Thai …) are found inside compounds: `카지노` in `우리카지노`.
   */
  readonly word: boolean;
}

/** Compiled lexicons. */
export interface Lexicon {
  /**
   * Term matches in lowercased text, with word boundaries where the term's script has them. `start` and `end` index
   * the given text (`text.slice(start, end)` is what the comment wrote, which may differ from `term` in accents);
   * `term` is the term as the lexicon lists it (lowercased, without a trailing `*`).
   */
  findTerms(text: string): TermMatch<TermInfo>[];
  /** Categories whose domain terms occur inside `domain`. */
  domainHits(domain: string): Array<{ term: string; category: string }>;
}

interface Entry {
  readonly info: TermInfo;
  readonly term: string;
  /** Written in plain ASCII: it matches only text written plainly there too (`mua` is not `mùa`). */
  readonly plain: boolean;
  /** Needs a word boundary before / after it. */
  readonly left: boolean;
  readonly right: boolean;
}

/** Compiles lexicon files into one matcher. Terms are lowercased; search text must be lowercased too. */
export function compileLexicon(files: readonly LexiconFile[]): Lexicon {
  const entries: Array<[string, Entry]> = [];
  const domainEntries: Array<[string, string]> = [];
  const add = (category: string, byLang: Readonly<Record<string, readonly string[]>> | undefined, strong: boolean): void => {
    for (const [lang, terms] of Object.entries(byLang ?? {})) {
      for (const raw of terms) {
        let term = raw.normalize('NFKC').toLowerCase().trim();
        const stem = term.endsWith('*');
        if (stem) term = term.slice(0, -1).trimEnd();
        if (term === '') continue;
        const left = STARTS_WORD.test(term);
        const right = !stem && ENDS_LATIN_WORD.test(term);
        const plain = !NOT_ASCII.test(term);
        entries.push([foldKey(term).key, { info: Object.freeze({ category, lang, strong, word: left }), term, plain, left, right }]);
      }
    }
  };
  for (const file of files) {
    add(file.category, file.terms, true);
    add(file.category, file.weak, false);
    for (const term of file.domainTerms ?? []) domainEntries.push([term.toLowerCase(), file.category]);
  }
  const text = new AhoCorasick(entries, FOLD);
  const domains = new AhoCorasick(domainEntries);
  return {
    findTerms(s) {
      // The automaton folds letters as it reads (é as e, ё as е); only a combining mark to remove, rare after NFKC
      // (a lowercased Turkish İ), needs a folded copy of the text.
      const { matches, removable } = text.scan(s);
      if (!removable) return withBoundaries(matches, s, s, undefined);
      const { key, at } = foldKey(s);
      return withBoundaries(text.search(key), s, key, at);
    },
    domainHits(domain) {
      return domains.search(domain.toLowerCase(), 20).map((m) => ({ term: m.term, category: m.value }));
    },
  };
}

/**
 * The matches of `raw` (found in `key`, the folded `s`) that respect their term's word boundaries, as matches in `s`:
 * `at` maps indices of `key` back to `s` when folding removed marks. Folding is one way: a term written with accents
 * matches text without them, but a term written plainly matches only plain text, since in some languages the marks
 * make another word (Vietnamese `mua` "buy", `mùa` "season").
 */
function withBoundaries(raw: readonly TermMatch<Entry>[], s: string, key: string, at: Int32Array | undefined): TermMatch<TermInfo>[] {
  const found: TermMatch<TermInfo>[] = [];
  for (const m of raw) {
    const e = m.value;
    if ((e.left && continuesWord(key, m.start - 1)) || (e.right && continuesWord(key, m.end))) continue;
    const start = at ? at[m.start]! : m.start;
    const end = at ? at[m.end - 1]! + 1 : m.end;
    if (e.plain && !plainBetween(s, start, end)) continue;
    found.push({ start, end, term: e.term, value: e.info });
  }
  return found;
}

/** Whether `s[start, end)` is ASCII but for the dot that lowercasing a Turkish `İ` leaves (`İ` → `i̇`). */
function plainBetween(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f && c !== 0x307) return false;
  }
  return true;
}

/**
 * A view of `lexicon` that remembers its last two searches (a comment's text and its author name), for the phases of
 * one pipeline: the author, lexicon and content phases each search the same two strings. The memory belongs to the
 * view, which its caller (the pipeline) creates and owns; `lexicon` itself keeps no state.
 */
export function rememberingLastSearches(lexicon: Lexicon): Lexicon {
  let text1: string | undefined;
  let found1: TermMatch<TermInfo>[] = [];
  let text2: string | undefined;
  let found2: TermMatch<TermInfo>[] = [];
  return {
    findTerms(s) {
      if (s === text1) return found1;
      if (s === text2) return found2;
      text2 = text1;
      found2 = found1;
      text1 = s;
      found1 = lexicon.findTerms(s);
      return found1;
    },
    domainHits: (domain) => lexicon.domainHits(domain),
  };
}

// Scripts written with spaces between words (a term in them starts at a word start); Cyrillic, Greek and the Indic
// scripts inflect by suffix, so only Latin terms (and digits) must also end at a word end.
const STARTS_WORD = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Georgian}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Gujarati}\p{Script=Gurmukhi}\p{N}]/u;
const ENDS_LATIN_WORD = /[\p{Script=Latin}\p{N}]$/u;
// What continues a word next to a term: a letter, digit or mark, except of the scripts written without spaces, so
// that a Latin term stuck to Chinese text (`加vx`, `seo优化`) still stands alone.
const WORD_CONTINUES = /(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}])[\p{L}\p{N}\p{M}]/u;

/** Whether the character at code-unit index `i` of `s` continues a word; false outside the text. */
function continuesWord(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  if (c < 0x80) return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122);
  // Latin and Cyrillic letters, the usual neighbours of a match, without the regex.
  if ((c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x400 && c <= 0x52f && c !== 0x482)) return true;
  // The whole code point: a low surrogate is read with its high one.
  const from = c >= 0xdc00 && c <= 0xdfff && i > 0 ? i - 1 : i;
  return WORD_CONTINUES.test(String.fromCodePoint(s.codePointAt(from)!));
}

/**
 * Per code unit up to U+1EFF: 0 unchanged, 0xFFFF removed (a combining mark), otherwise the unit it folds to.
 * Computed once from NFD (é → e, ệ → e), plus the letters NFD leaves alone but writers swap: đ → d, ı → i, ё → е.
 * Read-only after this.
 */
const FOLD: Uint16Array = (() => {
  const table = new Uint16Array(0x1f00);
  const latin = (c: number): boolean => (c >= 0xc0 && c <= 0x24f) || (c >= 0x1e00 && c <= 0x1eff);
  for (let c = 0xc0; c < 0x1f00; c++) {
    if (!latin(c)) continue;
    const d = String.fromCharCode(c).normalize('NFD');
    const base = d.charCodeAt(0);
    if (d.length > 1 && base < 0x80 && /^.[\u0300-\u036f]+$/.test(d)) table[c] = base;
  }
  for (let c = 0x300; c <= 0x36f; c++) table[c] = 0xffff;
  table[0x111] = 0x64; // đ
  table[0x131] = 0x69; // ı
  table[0x451] = 0x435; // ё
  return table;
})();
const NOT_ASCII = /[^\x00-\x7f]/;

/**
 * The text as terms are matched: accents off Latin letters, ё as е. `at` maps each index of `key` to its index in
 * `s` when marks were removed (undefined when the two align, as they do for all text without a combining mark).
 */
function foldKey(s: string): { key: string; at: Int32Array | undefined } {
  const out: number[] = [];
  let at: Int32Array | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const f = c < 0x1f00 ? FOLD[c]! : 0;
    if (f === 0xffff) {
      if (at === undefined) {
        at = new Int32Array(s.length);
        for (let k = 0; k < out.length; k++) at[k] = k;
      }
      continue;
    }
    if (at !== undefined) at[out.length] = i;
    out.push(f === 0 ? c : f);
  }
  let key = '';
  for (let i = 0; i < out.length; i += 4096) key += String.fromCharCode(...out.slice(i, i + 4096));
  return { key, at };
}
