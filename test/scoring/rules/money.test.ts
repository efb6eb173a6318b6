/** Money promises and referral codes, and what readers write about money. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRuleData } from '../../../src/scoring/rule-data.js';
import { codes, reason, score } from './helpers.js';

const promise = (content: string) => reason(score({ content }), 'money.promise');

test('When a comment promises a sum per period with a hand-off, in any language, then money.promise quotes the sum', () => {
  for (const [content, said] of [
    ['Работа на дому, от 2500 руб в день, пиши в лс', '2500 руб в день'],
    ['Earn $500 a day from home, DM me for details', '$500 a day'],
    ['加我微信：wx_8899 日赚500元', '日赚500元'],
    ['월 300만원 보장 카톡 abc123', '300만원'],
    ['ganhe R$ 300 por dia, chama no zap', 'R$ 300 por dia'],
    ['modal 50rb jadi 5jt, wa aja 081234567890', '50rb'],
    ['Kazanç günlük 500 TL, bana yaz', '500 TL'],
  ] as const) {
    const found = promise(content);
    assert.ok(found, content);
    assert.ok(found.evidence?.[0] && content.includes(found.evidence[0].match), content);
    assert.ok(found.evidence[0].match.includes(said), `${content}: ${found.evidence[0].match}`);
  }
});

test('When the sum is addressed to the reader or framed as an offer, then it is a promise without a hand-off', () => {
  assert.ok(promise('Хочешь зарабатывать от 3000 рублей в день?'));
  assert.ok(promise('Up to $500 a day working from home!'));
  assert.ok(promise('You can earn 5k weekly from your phone'));
});

test('When the promise is both addressed and handed off, then it counts half as much again', () => {
  const w = loadRuleData().weights['money.promise']!;
  assert.equal(promise('Хочешь зарабатывать от 3000 рублей в день? Пиши в лс')?.weight, w * 1.5);
  assert.equal(promise('от 3000 рублей в день, пиши в лс')?.weight, w * 1.5);
  assert.equal(promise('3000 рублей в день, пиши в лс')?.weight, w);
});

test('When readers talk about rents, salaries and prices, then there is no money promise', () => {
  for (const content of [
    'My rent went up $500 a month this year.',
    'He earns $2 million a year, which is absurd.',
    'Прожиточный минимум 15 000 руб в месяц, это позор.',
    'Le salaire du PDG est de 5000 € par mois, scandaleux.',
    'Gaji UMR Jakarta 5 juta per bulan masih kurang.',
    'I walk 10k steps a day.',
    'Spotify hits a record 751M monthly users.',
    'things get awkward after she found out he only makes 54k a year',
    'За 800 рублей 8гб, норм цена',
  ]) {
    assert.ok(!codes(score({ content })).includes('money.promise'), content);
  }
});

test('When a sum has no currency, then it is a promise only with a period and an earnings word or offer before it', () => {
  assert.ok(promise('Заработок 5600 за смену, пишите в лс'));
  assert.ok(!promise('10 000 в неделю, пишите в лс'));
});

test('When a comment hands out a referral or promo code, then money.code quotes the word and the code', () => {
  for (const [content, word, code] of [
    ['Use my referral code ABC123 to get a bonus', 'referral code', 'ABC123'],
    ['Промокод: BONUS500 в казино', 'Промокод', 'BONUS500'],
    ['注册填写邀请码 886688 立即领取', '填写邀请码', '886688'],
    ['가입시 추천인 코드 WOORI77 입력', '추천인 코드', 'WOORI77'],
    ['Pakai kode referral JUDI88 ya', 'kode referral', 'JUDI88'],
  ] as const) {
    const found = reason(score({ content }), 'money.code');
    assert.ok(found, content);
    assert.deepEqual(found.evidence?.map((e) => e.match), [word, code], content);
  }
});

test('When readers mention codes without handing one out, then there is no money.code', () => {
  for (const content of ['The promo code didn\'t work for me.', 'Error code 404 again on the site.', 'Use code wisely, kids.', 'My code is on GitHub.']) {
    assert.ok(!codes(score({ content })).includes('money.code'), content);
  }
});
