/**
 * The languages of the page: each one's catalogue and its name in itself (for the language switch). English is the
 * default and the source of the keys. ui/build.mjs reads this to build index.<code>.html for each language.
 */
import { en, type Catalogue } from './en.js';
import { ko } from './ko.js';

export const CATALOGUES = { en, ko } satisfies Record<string, Catalogue>;

export type Language = keyof typeof CATALOGUES;

export const DEFAULT_LANGUAGE: Language = 'en';

/** The switch's choices, each named in its own language. */
export const LANGUAGES: ReadonlyArray<{ readonly code: Language; readonly name: string }> = [
  { code: 'en', name: 'English' },
  { code: 'ko', name: '한국어' },
];
