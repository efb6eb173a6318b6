/** Tokens for the classifier and lexicons: CJK bigrams, whole brand tokens, domains, emoji, and the caps. */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { foldText, normalizeText } from '../../src/scoring/normalize.js';
import { MAX_TOKEN_LENGTH, MAX_TOKENS, TOKENIZER_VERSION, tokenize, wordsForTest } from '../../src/scoring/tokenize.js';

describe('tokenize: Korean and Chinese', () => {
  test('When spam author names are Korean compounds, then they give bigrams and, when short, the whole run', () => {
    assert.deepEqual(tokenize('바카라 사이트'), ['바카라', '바카', '카라', '사이트', '사이', '이트']);
    assert.deepEqual(tokenize('우리카지노'), ['우리카지노', '우리', '리카', '카지', '지노']);
    assert.deepEqual(tokenize('메리트카지노'), ['메리트카지노', '메리', '리트', '트카', '카지', '지노']);
  });

  test('When a Korean compound is longer than six syllables, then its bigrams still carry 카지노', () => {
    assert.deepEqual(tokenize('카지노사이트추천'), ['카지', '지노', '노사', '사이', '이트', '트추', '추천']);
  });

  test('When a Korean thank-you is tokenized, then each word gives its own tokens', () => {
    assert.deepEqual(tokenize('좋은 기사 감사합니다'), ['좋은', '기사', '감사합니다', '감사', '사합', '합니', '니다']);
  });

  test('When a Chinese compliment is tokenized, then punctuation splits runs into bigrams', () => {
    assert.deepEqual(tokenize(normalizeText('写得很好，谢谢分享', 'text').text), [
      '写得很好', '写得', '得很', '很好', '谢谢分享', '谢谢', '谢分', '分享',
    ]);
  });

  test('When Katakana spells casino, then the whole word is a token', () => {
    assert.ok(tokenize('オンラインカジノ').includes('カジ'));
    assert.ok(tokenize('カジノ').includes('カジノ'));
  });

  test('When Korean is glued to digits, then the digits are their own token', () => {
    assert.deepEqual(tokenize('카지노88'), ['카지노', '카지', '지노', '88']);
  });
});

describe('tokenize: spaced scripts', () => {
  test('When a Russian sentence is tokenized, then words come out lowercased and whole', () => {
    assert.deepEqual(tokenize('Спасибо за статью, было ОЧЕНЬ интересно.'), [
      'спасибо', 'за', 'статью', 'было', 'очень', 'интересно',
    ]);
  });

  test('When Thai text without spaces is tokenized, then it is split into words', () => {
    const tokens = tokenize('ขอบคุณสำหรับบทความครับ');
    assert.ok(tokens.length >= 3, JSON.stringify(tokens));
    assert.equal(tokens.join(''), 'ขอบคุณสำหรับบทความครับ');
  });

  test('When brand names mix letters and digits, then they stay whole', () => {
    assert.deepEqual(tokenize(foldText('𝗪𝗘𝗧𝗢𝗡𝟴𝟴 and ⭐ A L E X I S 1 7 ⭐')), ['weton88', 'and', '⭐', 'alexis17', '⭐']);
    assert.deepEqual(tokenize('JAS890 jas890'), ['jas890', 'jas890']);
  });

  test('When numbers, versions and abbreviations appear, then they stay whole', () => {
    assert.deepEqual(tokenize("e.g. U.S.A. v1.2.3 gets 3.5 stars from 1,000 people, don't it"), [
      'e.g', 'u.s.a', 'v1.2.3', 'gets', '3.5', 'stars', 'from', '1,000', 'people', "don't", 'it',
    ]);
  });

  test('When a word has a curly apostrophe, then it tokenizes like the straight one', () => {
    assert.deepEqual(tokenize('can’t 🔥'), ["can't", '🔥']);
    assert.deepEqual(tokenize('can’t café'), ["can't", 'café']);
  });
});

describe('tokenize: links, emoji, punctuation', () => {
  test('When text has URLs and obfuscated domains, then each becomes its domain token', () => {
    assert.deepEqual(tokenize('visit https://www.casinosite.xyz/path?ref=12 or JAS890。COM or casino dot com now'), [
      'visit', 'casinosite.xyz', 'or', 'jas890.com', 'or', 'casino.com', 'now',
    ]);
    assert.deepEqual(tokenize('see http://192.168.1.1/x'), ['see', '192.168.1.1']);
  });

  test('When a comment is an emoji wall, then each emoji is a token and skin tones are dropped', () => {
    assert.deepEqual(tokenize('🔥🔥🔥 love it 👍🏻'), ['🔥', '🔥', '🔥', 'love', 'it', '👍']);
  });

  test('When a comment has only punctuation, then there are no tokens', () => {
    assert.deepEqual(tokenize('!!! ... ??? --- 【 】 ,,,'), []);
    assert.deepEqual(tokenize(''), []);
  });

  test('When money is promised, then currency signs are tokens', () => {
    assert.deepEqual(tokenize('earn $500 €'), ['earn', '$', '500', '€']);
  });
});

describe('tokenize: bounds', () => {
  test('When a word is longer than the cap, then it is cut to MAX_TOKEN_LENGTH', () => {
    assert.deepEqual(tokenize('a'.repeat(1000)), ['a'.repeat(MAX_TOKEN_LENGTH)]);
    const emoji = tokenize('x'.repeat(39) + '😀');
    assert.ok(emoji.every((t) => t.length <= MAX_TOKEN_LENGTH && !/[\uD800-\uDBFF]$/.test(t)));
  });

  test('When a comment has more words than the cap, then MAX_TOKENS tokens come back', () => {
    assert.equal(tokenize('spam '.repeat(50_000)).length, MAX_TOKENS);
    assert.equal(tokenize('카지노사이트'.repeat(50_000)).length, MAX_TOKENS);
  });

  test('When the model records the tokenizer version, then it is a positive integer', () => {
    assert.ok(Number.isInteger(TOKENIZER_VERSION) && TOKENIZER_VERSION > 0);
  });
});

describe('tokenize: properties', () => {
  test('When any string is tokenized as it is, then nothing throws and tokens are non-empty, lowercase and capped', () => {
    const anyString = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 80 }).map((c) => String.fromCharCode(...c)),
    );
    fc.assert(
      fc.property(anyString, (s) => {
        const tokens = tokenize(s);
        assert.ok(tokens.length <= MAX_TOKENS);
        for (const t of tokens) {
          assert.ok(t.length > 0 && t.length <= MAX_TOKEN_LENGTH);
          assert.equal(t, t.toLowerCase());
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('tokenize: agreement with Intl.Segmenter', () => {
  const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
  // The reference: word-like segments with a letter or digit, plus currency signs; the same caps.
  function reference(s: string): string[] {
    const out: string[] = [];
    for (const seg of segmenter.segment(s)) {
      const word = seg.isWordLike === true && /[A-Za-z0-9]/.test(seg.segment);
      if (word) out.push(seg.segment.toLowerCase().slice(0, MAX_TOKEN_LENGTH));
      else if (seg.segment === '$') out.push('$');
    }
    return out;
  }

  test('When ASCII text takes the hand-written fast path, then it splits exactly as Intl.Segmenter does', () => {
    // Letters chosen so that no two of them form a real TLD: the link scanner must stay out of the comparison.
    const ascii = fc.constantFrom('q', 'j', 'Q', '1', '2', '_', '.', "'", ':', ',', ';', '-', ' ', '$', '!', '"');
    fc.assert(
      fc.property(fc.array(ascii, { maxLength: 30 }).map((a) => a.join('')), (s) => {
        assert.deepEqual(tokenize(s), reference(s));
      }),
      { numRuns: 5000 },
    );
  });

  test('When Latin text with accents takes the hand-written path, then its words equal the segmenter path\'s', () => {
    // Every kind of code unit the path accepts: ASCII letters, digits, joiners and separators, and letters from
    // Latin-1 Supplement and Latin Extended-A/B (including İ, which grows when lowercased, and the click letters).
    const latin = fc.constantFrom('q', 'J', '1', '2', '_', '.', "'", ':', ',', ';', '-', ' ', '$', '!', '"', '\t',
      'é', 'É', 'ü', 'ß', 'ø', 'Å', 'ñ', 'İ', 'ı', 'ǅ', 'ƻ', 'ǀ', 'ɏ', 'À', 'ÿ', 'ĳ', 'ŉ');
    fc.assert(
      fc.property(fc.array(latin, { maxLength: 40 }).map((a) => a.join('')), (s) => {
        assert.deepEqual(wordsForTest(s, 'fast'), wordsForTest(s, 'segmenter'));
      }),
      { numRuns: 5000 },
    );
    // Every letter of the range, inside words, around joiners and alone.
    for (let code = 0xc0; code <= 0x24f; code++) {
      if (code === 0xd7 || code === 0xf7) continue;
      const c = String.fromCharCode(code);
      const s = `a${c}b.${c}1 x${c}:${c}y ${c} 2${c}'${c}_ ${c}.${c}.`;
      assert.deepEqual(wordsForTest(s, 'fast'), wordsForTest(s, 'segmenter'), `U+${code.toString(16)}`);
    }
    for (const s of ['Café au lait, s\'il vous plaît: 3,50 €', 'Grüße aus München! Ü-Bahn 1.000,5', "naïve façade's coöperation", 'İstanbul ÇAĞRI']) {
      assert.deepEqual(wordsForTest(s, 'fast'), wordsForTest(s, 'segmenter'));
    }
  });
});
