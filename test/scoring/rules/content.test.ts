/** Content, form and language rules on campaigns and on legitimate look-alikes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codes, reason, score } from './helpers.js';

test('When generic praise comes with a link, then content.generic-praise fires; without a link it does not', () => {
  assert.ok(codes(score({ content: 'Great post, thanks for sharing! https://cheap-insure.top' })).includes('content.generic-praise'));
  const reader = score({ content: 'Great post, thanks for sharing!', author: { name: 'Jane' } });
  assert.ok(!codes(reader).includes('content.generic-praise'));
  assert.equal(reader.verdict, 'ham');
});

test('When a comment asks readers to subscribe to a channel, then the self-promotion lexicon names it', () => {
  const r = score({ content: 'Hey everyone, check out my channel and subscribe to me, I upload covers every week' });
  assert.ok(codes(r).includes('lexicon.self-promotion'));
  assert.ok(codes(score({ content: '제 채널 구독 부탁드려요!' })).includes('lexicon.self-promotion'));
  assert.ok(codes(score({ content: 'suscríbete a mi canal por favor' })).includes('lexicon.self-promotion'));
});

test('When a comment shouts, stretches letters and is a wall of emoji, then each typography rule fires', () => {
  assert.ok(codes(score({ content: 'BUY NOW THE BEST OFFER IN TOWN ONLY TODAY' })).includes('content.shouting'));
  assert.ok(codes(score({ content: 'wowwwwwwww' })).includes('content.repeated-chars'));
  assert.ok(codes(score({ content: '🔥🔥🔥🔥🔥💰💰💰💰💰🎰🎰' })).includes('content.emoji-wall'));
});

test('When the honeypot is filled or the form was sent a second after it was shown, then the form rules fire', () => {
  assert.ok(codes(score({ content: 'hello', honeypot: 'http://x.ru' })).includes('form.honeypot'));
  const fast = score({ content: 'hello', formRenderedAt: '2026-11-20T12:00:00Z', createdAt: '2026-11-20T12:00:01Z' });
  assert.ok(codes(fast).includes('form.too-fast'));
  const human = score({ content: 'hello', formRenderedAt: '2026-11-20T12:00:00Z', createdAt: '2026-11-20T12:01:30Z' });
  assert.ok(!codes(human).includes('form.too-fast'));
});

test('When a Korean reader thanks the paper on an English site, then it stays ham and the language rule stays silent', () => {
  const r = score({ content: '좋은 기사 감사합니다', author: { name: '김민수' } });
  assert.equal(r.verdict, 'ham');
  assert.ok(!codes(r).includes('language.unexpected-script'));
});

test('When a Chinese reader compliments the article, then it stays ham', () => {
  assert.equal(score({ content: '这篇文章写得很清楚，谢谢记者的调查。', author: { name: '王小明' } }).verdict, 'ham');
});

test('When an Indonesian reader gives an opinion, then it stays ham', () => {
  assert.equal(score({ content: 'Menurut saya kebijakan ini terlalu terburu-buru, DPR harus mendengar warga dulu.', author: { name: 'Budi' } }).verdict, 'ham');
});

test('When Korean casino spam reaches an English site, then the language rule adds to the other evidence', () => {
  const r = score({ content: '안전한 카지노사이트 추천 우리카지노 바로가기', author: { name: '우리카지노' } });
  assert.ok(codes(r).includes('language.unexpected-script'));
  assert.equal(r.verdict, 'spam');
});

test('When a Korean site gets Korean comments, then the script is expected', () => {
  const r = score({ content: '안전한 카지노사이트 추천 우리카지노 바로가기', author: { name: '우리카지노' } }, {}, { languages: ['ko'] });
  assert.ok(!codes(r).includes('language.unexpected-script'));
});

test('When casino words come in a news discussion in several languages, then one word alone is not spam', () => {
  for (const content of ['마카오 카지노 매출이 30% 줄었다는 기사 잘 읽었습니다.', '澳门赌场的收入下降了，这对当地经济影响很大。', 'Pendapatan kasino di Makau turun tajam tahun ini.']) {
    assert.equal(score({ content, author: { name: 'Reader' } }).verdict, 'ham', content);
  }
});
