/** The name readers of the author rules: vocabulary, query shape, domain words and brand tokens. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadLexicon, NAME_LEXICON_DIR } from '../../../src/scoring/lexicon-files.js';
import { parseLinkTarget } from '../../../src/scoring/links.js';
import { brandTokens, domainLabel, isWholeWord, matchDomain, nameVocabulary, queryShape } from '../../../src/scoring/rules/author-names.js';

const lexicons = { names: loadLexicon(NAME_LEXICON_DIR), campaigns: loadLexicon(), isCampaign: (c: string) => c === 'gambling' };
const vocab = (name: string) => nameVocabulary(lexicons, name, name.toLowerCase());

test('When a name mixes cues, hints and products, then each is listed once and hints inside a cue are not counted again', () => {
  const v = vocab('best price web hosting online');
  assert.deepEqual(v.cues, ['best price']);
  assert.deepEqual([...v.hints].sort(), ['hosting', 'online', 'web hosting']);
  assert.deepEqual([...v.products].sort(), ['hosting', 'web hosting']);
});

test('When a cue is capitalised like a surname, then plainCue is false; written in lowercase or in a script without capitals, it is true', () => {
  assert.equal(vocab('Javier Barato').plainCue, false);
  assert.equal(vocab('zapatos baratos').plainCue, true);
  assert.equal(vocab('저렴한 항공권').plainCue, true);
});

test('When an Arabic or Cyrillic cue sits inside a longer word (ربيع, Дешевов), then it is not read; as its own word it is', () => {
  assert.deepEqual(vocab('ربيع حسن').cues, []);
  assert.deepEqual(vocab('بيع سيارات').cues, ['بيع']);
  assert.deepEqual(vocab('Дешевов Пётр').cues, []);
  assert.equal(isWholeWord('ваши видеокарты', 0, 10, 'ваши видео'), false);
  assert.equal(isWholeWord('ваши видео супер', 0, 10, 'ваши видео'), true);
});

test('When Chinese or Korean cues are written inside a compound, then they are read', () => {
  assert.deepEqual(vocab('代购官网').cues, ['代购', '官网']);
  assert.deepEqual(vocab('카지노사이트추천').hints, ['사이트', '추천']);
  assert.deepEqual(vocab('카지노사이트추천').campaign.length > 0, true);
});

test('When a name is lowercase, carries a year or asks a question, then its query shape says so', () => {
  assert.deepEqual(queryShape('best gpu for mining 2012', 'best gpu for mining 2012'), { lowercase: true, year: true, question: false, words: 5 });
  assert.deepEqual(queryShape('Where To Buy?', 'where to buy?'), { lowercase: false, year: false, question: true, words: 3 });
  // Hangul has no capitals: never "lowercase".
  assert.equal(queryShape('저렴한 항공권 추천', '저렴한 항공권 추천').lowercase, false);
});

test('When a domain has subdomains, a public or a private suffix, then its label is the registrable name alone', () => {
  const label = (url: string) => domainLabel(parseLinkTarget(url)!);
  assert.equal(label('https://www.cheap-car-insurance-quotes.com/x'), 'cheap-car-insurance-quotes');
  assert.equal(label('https://shop.emergency-locksmith.co.uk'), 'emergency-locksmith');
  assert.equal(label('https://catatanbudi.blogspot.com'), 'catatanbudi');
  assert.equal(label('http://192.168.1.1/'), '');
});

test('When name words cover a concatenated label, then matchDomain measures both sides; a first name alone covers too little', () => {
  const full = matchDomain('cheap car insurance', 'cheapcarinsurancequotes');
  assert.deepEqual(full.words, ['insurance', 'cheap', 'car']);
  assert.equal(full.nameCovered, 1);
  assert.ok(full.labelCovered > 0.7 && full.labelCovered < 0.75);
  assert.ok(matchDomain('john', 'johnsmith').labelCovered < 0.5);
  assert.deepEqual(matchDomain('jas890', 'jas890').words, ['jas', '890']);
  // A letter run is used once: "aa aa" cannot cover "aa" twice.
  assert.equal(matchDomain('ann anna', 'anna').labelCovered, 1);
});

test('When a name has letters+digits tokens, then brands exclude years, ordinals, units and underscored handles', () => {
  assert.deepEqual(brandTokens('WETON88 resmi'), ['weton88']);
  assert.deepEqual(brandTokens('reader2024 Anna1987 2nd 1080p 10k Mike_88'), []);
  assert.deepEqual(brandTokens('user12345'), ['user12345']);
  assert.deepEqual(brandTokens('Jane Doe'), []);
});
