/** The lexicon matcher: word boundaries per script, stems, accent-insensitive matching, positions, and the search memo. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileLexicon, rememberingLastSearches, type Lexicon, type LexiconFile } from '../../src/scoring/lexicon.js';

const file: LexiconFile = {
  category: 'test',
  terms: {
    en: ['slot', 'vx'],
    es: ['préstamo rápido'],
    vi: ['nhà cái uy tín', 'mua'],
    ru: ['займ на карт', 'лёгкий заработок'],
    tr: ['bahis site*', 'deneme bonusu'],
    ko: ['카지노'],
    zh: ['娱乐城'],
    hi: ['सट्टा मटका'],
  },
  weak: { en: ['casino'] },
  domainTerms: ['casino'],
};
const lexicon = compileLexicon([file]);
/** The terms found in `text` (lowercased first, as the context does). */
const terms = (text: string, lex: Lexicon = lexicon): string[] => lex.findTerms(text.toLowerCase()).map((m) => m.term);
/** What the text wrote where each term was found. */
const written = (text: string): string[] => {
  const lower = text.toLowerCase();
  return lexicon.findTerms(lower).map((m) => lower.slice(m.start, m.end));
};

test('When a Latin term sits inside a longer word, then it does not match; standing alone or by punctuation it does', () => {
  assert.deepEqual(terms('The slothful council allotted no slots.'), []);
  assert.deepEqual(terms('Best slot, (slot) and "slot"!'), ['slot', 'slot', 'slot']);
});

test('When a Latin term is written against Chinese text, then it still stands alone as a word', () => {
  assert.deepEqual(terms('加vx详聊'), ['vx']);
});

test('When a term in a script without spaces is inside a compound, then it matches there', () => {
  assert.deepEqual(terms('우리카지노 추천'), ['카지노']);
  assert.deepEqual(terms('澳门金沙娱乐城官网'), ['娱乐城']);
});

test('When the text drops the accents a Latin term has, or changes them, then the term still matches and the span is the text as written', () => {
  assert.deepEqual(terms('prestamo rapido hoy'), ['préstamo rápido']);
  assert.deepEqual(terms('nha cai uy tin so 1'), ['nhà cái uy tín']);
  assert.deepEqual(terms('nhá cai uy tín'), ['nhà cái uy tín']);
  assert.deepEqual(written('Préstamo Rápido, ya'), ['préstamo rápido']);
});

test('When a term is written plainly, then text with accents there is another word and does not match', () => {
  assert.deepEqual(terms('mua sắm'), ['mua']);
  assert.deepEqual(terms('mùa thu Hà Nội'), []);
  assert.deepEqual(terms('Deneme bonusú'), []);
});

test('When Russian text writes е for ё, or ё for е, then both spellings match', () => {
  assert.deepEqual(terms('Легкий заработок'), ['лёгкий заработок']);
  assert.deepEqual(terms('Лёгкий заработок'), ['лёгкий заработок']);
});

test('When Turkish capitals with a dotted İ are lowercased, then the combining dot does not hide the term and positions still point at the text', () => {
  const text = 'DENEME BONUSU VEREN BAHİS SİTELERİ';
  const lower = text.toLowerCase();
  assert.notEqual(lower.length, text.length, 'İ lowercases to i plus a combining dot');
  const found = lexicon.findTerms(lower);
  assert.deepEqual(found.map((m) => m.term), ['deneme bonusu', 'bahis site']);
  assert.equal(lower.slice(found[1]!.start, found[1]!.end), 'bahi\u0307s si\u0307te');
});

test('When a term ends with *, then its end is free (Turkish suffixes); without it the word must end', () => {
  assert.deepEqual(terms('güvenilir bahis sitelerinde'), ['bahis site']);
  assert.deepEqual(terms('deneme bonusum'), []);
});

test('When a Cyrillic stem is inflected, then it matches; inside another word it does not', () => {
  assert.deepEqual(terms('Займ на карту за 5 минут'), ['займ на карт']);
  assert.deepEqual(terms('дал взаймы на карточку'), []);
});

test('When a Devanagari term starts a word, then it matches; inside a word it does not', () => {
  assert.deepEqual(terms('आज का सट्टा मटका रिजल्ट'), ['सट्टा मटका']);
  assert.deepEqual(terms('आज का असट्टा मटका'), []);
});

test('When a term comes from a weak list, then its info says so; domain terms match inside domain names', () => {
  const [m] = lexicon.findTerms('online casino news');
  assert.equal(m?.value.strong, false);
  assert.equal(m?.value.word, true);
  assert.equal(lexicon.findTerms('카지노')[0]?.value.word, false);
  assert.deepEqual(lexicon.domainHits('Lucky-Casino88.xyz'), [{ term: 'casino', category: 'test' }]);
});

test('When text is long and full of combining marks and accented letters, then the search stays linear', () => {
  const hostile = 'é\u0301ё'.repeat(200_000) + ' prestamo rapido';
  const started = performance.now();
  assert.deepEqual(terms(hostile), ['préstamo rápido']);
  assert.ok(performance.now() - started < 2000);
});

test('When a pipeline view searches the same text twice, then the lexicon is searched once and both answers are equal', () => {
  let searches = 0;
  const counting: Lexicon = {
    findTerms: (s) => (searches++, lexicon.findTerms(s)),
    domainHits: (d) => lexicon.domainHits(d),
  };
  const view = rememberingLastSearches(counting);
  const text = 'slot slot';
  const name = '우리카지노';
  const first = view.findTerms(text);
  view.findTerms(name);
  assert.equal(view.findTerms(text), first);
  view.findTerms(name);
  assert.equal(searches, 2);
  view.findTerms('another comment');
  view.findTerms(name);
  assert.equal(searches, 3, 'the last two searches are remembered');
  view.findTerms(text);
  assert.equal(searches, 4, 'not three');
});
