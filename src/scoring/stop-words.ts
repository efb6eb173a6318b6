/**
 * Stop words of the languages Sluice reads (those its lexicons have terms in), from the `stopwords-iso` package: the
 * `bayes` reason names the classifier's telling words for the moderator to see, and "my", "over" or "hari" never tell
 * why a comment is spam, however the counts lean. This is the edge: the package's file is read here, once per process,
 * and the phase gets the set (the scoring core reads no files).
 */
import { createRequire } from 'node:module';

/** The languages the lexicons have terms in (src/scoring/lexicons/*.json); a test keeps the two in step. */
export const STOP_WORD_LANGUAGES = ['ar', 'de', 'en', 'es', 'fr', 'hi', 'id', 'it', 'ja', 'ko', 'nl', 'pl', 'pt', 'ru', 'th', 'tr', 'uk', 'vi', 'zh'] as const;

let cached: ReadonlySet<string> | undefined;

/** The stop words of every language in {@link STOP_WORD_LANGUAGES}, lowercased, in one set (read once). */
export function loadStopWords(): ReadonlySet<string> {
  if (cached) return cached;
  const lists = createRequire(import.meta.url)('stopwords-iso') as Record<string, readonly string[] | undefined>;
  const words = new Set<string>();
  for (const language of STOP_WORD_LANGUAGES) {
    const list = lists[language];
    if (!list) throw new Error(`stopwords-iso has no list for "${language}"`);
    for (const w of list) words.add(w.toLowerCase());
  }
  cached = words;
  return words;
}
