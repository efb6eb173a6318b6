/**
 * Lexicons: lists of spam-campaign terms per category and language, kept as JSON data files that people edit
 * (src/scoring/lexicons/*.json), compiled once into Aho-Corasick matchers.
 */
import { AhoCorasick, type TermMatch } from './aho-corasick.js';

/** The shape of a lexicon data file. */
export interface LexiconFile {
  readonly category: string;
  readonly description?: string;
  /** Terms per language (BCP 47 primary tag). */
  readonly terms: Readonly<Record<string, readonly string[]>>;
  /** Terms that count when they appear anywhere inside a domain name. */
  readonly domainTerms?: readonly string[];
}

/** What a term found in text belongs to. */
export interface TermInfo {
  readonly category: string;
  readonly lang: string;
}

/** Compiled lexicons. */
export interface Lexicon {
  /** Term matches in text, respecting word boundaries for Latin-script terms. */
  findTerms(text: string): TermMatch<TermInfo>[];
  /** Categories whose domain terms occur inside `domain`. */
  domainHits(domain: string): Array<{ term: string; category: string }>;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Per UTF-16 code unit: 0 not yet known, 1 a letter or digit, 2 not (filled as met; the regex runs once per unit). */
const wordUnits = new Uint8Array(0x10000);
/** Whether the code unit at `i` is a letter or digit on its own (a lone surrogate is not); false outside the text. */
function isWordCharAt(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  let known = wordUnits[c]!;
  if (known === 0) wordUnits[c] = known = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
  return known === 1;
}
const isLatinTerm = (term: string): boolean => /^[\p{Script=Latin}\p{N}\p{P}\s]+$/u.test(term);

/** Compiles lexicon files into one matcher. Terms are lowercased; search text must be lowercased too. */
export function compileLexicon(files: readonly LexiconFile[]): Lexicon {
  const entries: Array<[string, { info: TermInfo; bounded: boolean }]> = [];
  const domainEntries: Array<[string, string]> = [];
  for (const file of files) {
    for (const [lang, terms] of Object.entries(file.terms)) {
      for (const term of terms) {
        const t = term.toLowerCase();
        entries.push([t, { info: Object.freeze({ category: file.category, lang }), bounded: isLatinTerm(t) }]);
      }
    }
    for (const term of file.domainTerms ?? []) domainEntries.push([term.toLowerCase(), file.category]);
  }
  const text = new AhoCorasick(entries);
  const domains = new AhoCorasick(domainEntries);
  // Several phases search the same context text: the last search is remembered (strings compare by value).
  let lastText: string | undefined;
  let lastFound: TermMatch<TermInfo>[] = [];
  return {
    findTerms(s) {
      if (s === lastText) return lastFound;
      // Latin terms need word boundaries ("slot" must not fire inside "slothful"); other scripts have no spaces.
      const found: TermMatch<TermInfo>[] = [];
      for (const m of text.search(s)) {
        if (m.value.bounded && (isWordCharAt(s, m.start - 1) || isWordCharAt(s, m.end))) continue;
        found.push({ start: m.start, end: m.end, term: m.term, value: m.value.info });
      }
      lastFound = found;
      lastText = s;
      return lastFound;
    },
    domainHits(domain) {
      return domains.search(domain.toLowerCase(), 20).map((m) => ({ term: m.term, category: m.value }));
    },
  };
}
