/** The shipped lexicon data files: shape, language coverage, and terms people can edit without surprises. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compileLexicon, type Lexicon, type LexiconFile } from '../../src/scoring/lexicon.js';
import { LEXICON_DIR } from '../../src/scoring/lexicon-files.js';
import { fromRoot } from '../../src/platform/paths.js';
import { loadRuleData } from '../../src/scoring/rule-data.js';

const files = readdirSync(LEXICON_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f, data: JSON.parse(readFileSync(`${LEXICON_DIR}/${f}`, 'utf8')) as LexiconFile }));
const byCategory = new Map(files.map((f) => [f.data.category, f]));
const ADVERT_CATEGORIES = ['gambling', 'adult', 'crypto', 'jobs', 'loans', 'pharma', 'seo', 'self-promotion', 'engagement-bait'];
const LANGUAGES = ['en', 'ko', 'zh', 'ja', 'id', 'vi', 'th', 'ru', 'uk', 'es', 'pt', 'de', 'fr', 'tr', 'ar', 'hi'];
const docs = readFileSync(fromRoot('docs', 'REASONS.md'), 'utf8');

test('When the advert categories are loaded, then each has strong terms in every language the service is judged in', () => {
  for (const category of ADVERT_CATEGORIES) {
    const file = byCategory.get(category);
    assert.ok(file, category);
    const missing = LANGUAGES.filter((l) => !(file.data.terms[l]?.length));
    assert.deepEqual(missing, [], `${category} lacks ${missing.join(', ')}`);
  }
});

test('When a category is counted by the lexicon rule, then it has a weight and a line in docs/REASONS.md', () => {
  const weights = loadRuleData().weights;
  for (const category of ADVERT_CATEGORIES) {
    assert.equal(typeof weights[`lexicon.${category}`], 'number', category);
    assert.ok(docs.includes(`\`${category}\``), `docs/REASONS.md names ${category}`);
  }
});

/** How many terms of `lexicon` match the whole of `term` written as text: the matcher's own idea of "the same term". */
const spanning = (lexicon: Lexicon, term: string): number => {
  const text = term.replace(/\*$/, '').normalize('NFKC').toLowerCase().trim();
  return lexicon.findTerms(text).filter((m) => m.start === 0 && m.end === text.length).length;
};

test('When a term is listed, then it finds itself, and is listed once per language and never both strong and weak', () => {
  for (const { name, data } of files) {
    const strong = compileLexicon([{ category: 'x', terms: data.terms }]);
    for (const [kind, byLang] of [['terms', data.terms], ['weak', data.weak ?? {}]] as const) {
      for (const [lang, terms] of Object.entries(byLang)) {
        const list = compileLexicon([{ category: 'x', terms: { [lang]: terms } }]);
        for (const term of terms) {
          assert.equal(spanning(list, term), 1, `${name}: "${term}" does not find itself, or is listed twice in ${kind}.${lang}`);
          if (kind === 'weak') assert.equal(spanning(strong, term), 0, `${name}: "${term}" is both strong and weak`);
        }
      }
    }
  }
});

test('When a strong term is in a Latin script, then it is not a lone word of three letters or fewer', () => {
  for (const { name, data } of files) {
    if (!ADVERT_CATEGORIES.includes(data.category)) continue;
    for (const terms of Object.values(data.terms)) {
      for (const term of terms) {
        const latinWord = /^[a-z]+$/i.test(term);
        assert.ok(!latinWord || term.length > 3, `${name}: "${term}" is too short to be strong on its own`);
      }
    }
  }
});
