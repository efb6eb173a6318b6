/** Phone numbers: what makes a digit run a phone, in several countries and scripts, and the numbers that are not phones. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentInputSchema } from '../../../src/domain/comment.js';
import { buildContext, type ScoringContext } from '../../../src/scoring/context.js';
import { loadHandOffData } from '../../../src/scoring/hand-off-data.js';
import { loadLexicon } from '../../../src/scoring/lexicon-files.js';
import { loadRuleData } from '../../../src/scoring/rule-data.js';
import { contactPhase } from '../../../src/scoring/rules/contact.js';
import { codes, reason, score } from './helpers.js';

const phone = (content: string, languages?: string[]) => reason(score({ content }, {}, languages ? { languages } : {}), 'contact.phone');

test('When a comment gives a phone number in international or national form, then contact.phone quotes it literally with its type', () => {
  for (const [content, literal, languages] of [
    ['Hubungi 0812-3456-7890 sekarang', '0812-3456-7890', ['id']],
    ['Call +44 7911 123456 for the recovery of your funds', '+44 7911 123456', undefined],
    ['To claim call 09061701461 now', '09061701461', undefined],
    ['Звоните 8 (912) 345-67-89, работа на дому', '8 (912) 345-67-89', undefined],
    ['문의 010-1234-5678 으로 연락주세요', '010-1234-5678', undefined],
    ['电话 13800138000 微信同号', '13800138000', undefined],
    ['Ligue (11) 91234-5678 agora', '(11) 91234-5678', ['pt']],
    ['Ruf an: 0176 12345678', '0176 12345678', ['de']],
  ] as const) {
    const found = phone(content, languages ? [...languages] : undefined);
    assert.ok(found, content);
    assert.equal(found.evidence?.[0]?.match, literal, content);
    assert.match(found.message, /mobile|premium rate|fixed line/, content);
  }
});

test('When a national number comes in another script than the site language, then the script tells its country', () => {
  // An English site; the Cyrillic text makes a Russian number readable.
  assert.ok(phone('Требуются курьеры, звоните 8 912 345 67 89'));
});

test('When the digits are spaced out one by one, then the re-joined number is a phone and the evidence is the spaced original', () => {
  const found = phone('Pesan sekarang, hubungi 0 8 1 2 3 4 5 6 7 8 9 0', ['id']);
  assert.equal(found?.evidence?.[0]?.match, '0 8 1 2 3 4 5 6 7 8 9 0');
});

test('When normalisation folded a broken-up digit run, then the phone is found in the folded text and the evidence is the disguise as written', () => {
  const content = 'Hubungi 08l2 ◐456 7з90 sekarang';
  const built = buildContext(commentInputSchema.parse({ id: '1', postId: 'p', content }), { thresholds: { review: 0.5, spam: 0.9 }, languages: ['id'] }, new Date(0));
  const text = 'Hubungi 081204567390 sekarang';
  const ctx: ScoringContext = {
    ...built,
    text,
    lowerText: text.toLowerCase(),
    evasion: { content: [{ kind: 'broken-digits', match: '08l2 ◐456 7з90', folded: '081204567390' }], authorName: [] },
  };
  const result = contactPhase(loadRuleData(), loadLexicon(), loadHandOffData()).run(ctx, []);
  const found = result?.reasons?.find((r) => r.code === 'contact.phone');
  assert.ok(found);
  assert.deepEqual(found.evidence, [{ field: 'content', match: '08l2 ◐456 7з90' }]);
});

test('When a digit run is a price, an amount, a date, a year range, an ISBN, an order number, a decimal or a crypto value, then it is no phone', () => {
  for (const content of [
    'Rp 100.000.000 was the budget in 2023, up from 1,500,000 in 2020.',
    'The flat costs $1,234,567 now, or 10 000 000 руб.',
    'Order 0123-4567-89 was delayed again.',
    'My order number is 2024123456 and still nothing.',
    'ISBN 978-3-16-148410-0 is the edition I read.',
    'Meeting on 2024-01-15 or 15.01.2024, years 1990-2020, pi is 3.14159265',
    'Sent 0.00012345 BTC from 0x1442d5f9b75763f84976404f860f67c38f16fb07',
    'Population 1234567890 people in 2024',
    'Заказ № 8 912 345 67 89 так и не пришёл',
  ]) {
    assert.ok(!codes(score({ content })).includes('contact.phone'), content);
  }
});

test('When a bare run of digits has a contact word before it, then it is read as a phone; without one it is not', () => {
  assert.ok(phone('微信同号 电话 13800138000'));
  assert.ok(!phone('reference 13800138000 in the report'));
});

test('When a phone comes without a contact word or a country code, then it counts at the reduced strength', () => {
  const rules = loadRuleData();
  const plain = phone('0812-3456-7890 murah', ['id']);
  const cued = phone('hubungi 0812-3456-7890 murah', ['id']);
  assert.ok(plain && cued);
  assert.equal(plain.weight, rules.weights['contact.phone']! * rules.params['contact.phone.uncued-strength']!);
  assert.equal(cued.weight, rules.weights['contact.phone']);
});
