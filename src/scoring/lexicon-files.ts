/** Reads the lexicon data files shipped in src/scoring/lexicons/. This is the edge: the rules get the result. */
import { readdirSync, readFileSync } from 'node:fs';
import { fromRoot } from '../platform/paths.js';
import { compileLexicon, type Lexicon, type LexiconFile } from './lexicon.js';

/** Folder of the lexicon JSON files. */
export const LEXICON_DIR = fromRoot('src', 'scoring', 'lexicons');

/**
 * Folder of the author-name vocabulary (`name-cue`, `name-hint`, `name-product`): searched in author names only, so it
 * is a lexicon of its own and the content's search does not stop at every "free", "best" or "online".
 */
export const NAME_LEXICON_DIR = fromRoot('src', 'scoring', 'lexicons', 'names');

/** Loads and compiles every `*.json` lexicon in `dir` (not its subfolders). */
export function loadLexicon(dir = LEXICON_DIR): Lexicon {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as Partial<LexiconFile>)
    // Other data (e.g. tables) may share the folder: a lexicon is a file with a category and terms.
    .filter((f): f is LexiconFile => typeof f.category === 'string' && typeof f.terms === 'object');
  return compileLexicon(files);
}
