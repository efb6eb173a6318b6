import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { extractFeatures, featuresOfComment, featuresOfContext } from '../../src/classifier/features.js';
import { buildContext } from '../../src/scoring/context.js';
import { foldText } from '../../src/scoring/normalize.js';
import { tokenize } from '../../src/scoring/tokenize.js';

const PREFIXES = ['w:', 'p:', 'a:', 'u:', 'd:'];

describe('features', () => {
  it('When content tokens are given, then each yields a w: unigram and p: pairs with the distance encoded', () => {
    const f = extractFeatures({ contentTokens: ['check', 'out', 'my', 'channel'], linkDomains: [] });
    assert.deepEqual(
      f.filter((x) => x.startsWith('w:') || x.startsWith('p:')),
      ['w:check', 'p:check 1 out', 'p:check 2 my', 'w:out', 'p:out 1 my', 'p:out 2 channel', 'w:my', 'p:my 1 channel', 'w:channel'],
    );
    // No shape features: a text made only of unknown words carries nothing the model could know.
    assert.ok(!f.some((x) => x.startsWith('n:')));
  });

  it('When author and links are given, then they get their own prefixes and never mix with content words', () => {
    const f = extractFeatures({
      contentTokens: ['casino'],
      authorName: 'casino',
      authorUrlDomain: 'woori-casino.xyz',
      linkDomains: ['bit.ly', 'news.example.com'],
    });
    assert.ok(f.includes('w:casino'));
    assert.ok(f.includes('a:casino'));
    assert.ok(f.includes('u:woori-casino.xyz') && f.includes('u:.xyz'));
    assert.ok(f.includes('d:bit.ly') && f.includes('d:.ly') && f.includes('d:news.example.com') && f.includes('d:.com'));
    assert.ok(f.every((x) => PREFIXES.some((p) => x.startsWith(p))));
  });

  it('When a raw HTML comment is featurised, then the link domain, author domain and author name are found', () => {
    const f = featuresOfComment({
      content: 'Great post, thanks for sharing! <a href="https://cheap-pills.net/buy">see</a>',
      contentType: 'html',
      author: { name: 'Best GPU for mining', url: 'https://woori-casino.xyz/' },
    });
    assert.ok(f.includes('w:great') && f.includes('w:sharing'));
    assert.ok(f.some((x) => x === 'd:cheap-pills.net'));
    assert.ok(f.some((x) => x.startsWith('u:') && x.includes('woori-casino')));
    assert.ok(f.includes('a:gpu'));
    assert.ok(!f.includes('w:gpu'));
    assert.ok(f.every((x) => PREFIXES.some((p) => x.startsWith(p))));
  });

  it('When a comment is in Korean, then it still has content features (Hangul is not dropped)', () => {
    const f = featuresOfComment({ content: '좋은 기사 감사합니다. 바카라 사이트 추천' });
    assert.ok(f.filter((x) => x.startsWith('w:')).length >= 4, f.join(' '));
  });

  it('When a comment is featurised from its scoring context, then the features equal those of the raw comment', () => {
    const comments = [
      { content: '<b>WIN</b> big at <a href="https://woori-casino.xyz">우리카지노</a>', contentType: 'html' as const, author: { name: ' Lucky 7 ', url: 'https://bit.ly/x' } },
      { content: 'Situs slot gacor hari ini! JAS890.COM', contentType: 'text' as const, author: { name: 'slot gacor' } },
      { content: 'I disagree: the survey only covered three cities.', contentType: 'markdown' as const, author: {} },
    ];
    const settings = { thresholds: { review: 0.5, spam: 0.9 }, languages: [] };
    for (const c of comments) {
      const ctx = buildContext({ id: 'c1', postId: 'p1', ...c }, settings, new Date(0));
      assert.deepEqual(featuresOfContext(ctx), featuresOfComment(c));
    }
  });

  it('When the same author posts again, then the remembered a: features equal those of a fresh tokenisation', () => {
    const names = ['Julius NM', 'ＣＡＳＩＮＯ King', 'M O N E Y 99', '우리카지노', 'Julius NM', 'ＣＡＳＩＮＯ King'];
    for (const name of names) {
      const f = extractFeatures({ contentTokens: ['hi'], authorName: name, linkDomains: [] }).filter((x) => x.startsWith('a:'));
      assert.deepEqual(f, tokenize(foldText(name)).map((t) => `a:${t}`), name);
      assert.ok(f.length > 0, name);
    }
  });
});

