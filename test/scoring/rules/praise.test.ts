/** Generic praise: scraped praise next to a link or an advertiser, praise bots' channel praise, and readers' thanks. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codes, reason, score } from './helpers.js';

import { loadRuleData } from '../../../src/scoring/rule-data.js';

/** The shipped (fitted) weight of the reason: the tests check strengths, not a particular fit. */
const PRAISE_WEIGHT = loadRuleData().weights['content.generic-praise']!;
const praised = (content: string, author: Record<string, string> = { name: 'Reader' }) => reason(score({ content, author }), 'content.generic-praise');

test('When scraped praise is all a comment says next to the author\'s website, then content.generic-praise fires at full strength with literal evidence', () => {
  const r = praised('Great post, thanks for sharing! Very informative.', { name: 'best gpu for bitcoin mining', url: 'https://gpu-mining-reviews.xyz' });
  assert.equal(r?.weight, PRAISE_WEIGHT);
  assert.deepEqual(r?.evidence?.map((e) => e.match), ['Great post', 'thanks for sharing', 'Very informative']);
});

test('When praise comes with a link but the comment says more, then it counts half', () => {
  assert.equal(praised('Thanks for sharing. The full study with the survey tables is here: https://www.who.int/publications/report')?.weight, PRAISE_WEIGHT / 2);
  assert.equal(praised('Great post, thanks for sharing! https://cheap-insure.top')?.weight, PRAISE_WEIGHT);
});

test('When praise comes from an advertising author name without a link, then it counts', () => {
  assert.match(praised('Nice article, very useful information.', { name: 'buy cheap viagra online' })?.message ?? '', /advertising author name/);
});

for (const content of [
  'Your channel is amazing, keep it up 🙏✨',
  'Dein Kanal ist einfach super, mach weiter so! 😍🙏',
  'Super Kanal, mach weiter so 🔥🔥',
  'Ich liebe deine Videos 😍',
  'Super chaîne, continue comme ça ! 👍',
  'Excelente canal, sigue así 💪',
  'Ótimo canal, continue assim! 🙌',
  'Ottimo canale, continua così! 👏',
  'Отличный канал, так держать! 👍',
  'Harika kanal, başarılar dilerim 👏',
  'Channelnya keren, semangat terus kak 🔥',
  'Kênh hay quá, chúc kênh ngày càng phát triển ❤️',
  '좋은 채널 항상 응원합니다 😊',
  '素敵なチャンネル！応援しています✨',
  '好频道，支持博主！👍',
]) {
  test(`When a praise bot praises the channel and says nothing else ("${content}"), then content.generic-praise fires without a link`, () => {
    assert.match(praised(content)?.message ?? '', /praising the site or channel/, content);
  });
}

for (const content of [
  'Great post, thanks for sharing!',
  'Love this song 😍',
  'Love your channel!',
  'Great video! The part at 3:20 about the bridge collapse explained it better than the news did.',
  'Keep it up! Your explanation of the tax changes finally made sense to me 👍',
  'Muy buen artículo, gracias por compartir.',
  'Спасибо за статью, очень полезно.',
  'Выкупаю ваши видеокарты 👍',
  '写得很好，谢谢作者的分享。',
  '这篇文章对我帮助很大，收藏了。',
  '좋은 글 감사합니다! 구독하고 갑니다.',
  'Subscribe to this channel 🙏',
  'Artikelnya sangat membantu, terima kasih sudah berbagi.',
]) {
  test(`When a reader writes "${content}" without a link, then content.generic-praise stays silent`, () => {
    assert.ok(!codes(score({ content, author: { name: 'Reader' } })).includes('content.generic-praise'));
  });
}

test('When a reader shares a link with a remark about the song ("Love it when I can relate…"), then it is not generic praise', () => {
  assert.equal(praised("Love it when I can relate to my daughter's music. :-) https://youtu.be/CevxZvSJLk8"), undefined);
});

test('When a reader with a personal website only thanks for the post, then the praise counts and the comment is at most held, never rejected', () => {
  // Praise that fits any post next to the author's own site is the shape of scraped WordPress spam: a moderator looks.
  const r = score({ content: 'Great post, thanks for sharing!', author: { name: 'Jane Doe', url: 'https://janedoe.blog' } });
  assert.ok(codes(r).includes('content.generic-praise'));
  assert.notEqual(r.verdict, 'spam');
  // Saying something about the post besides the thanks is a reader's comment.
  const said = score({ content: 'Great post, thanks for sharing! The figures on the bus lanes in the second chart surprised me.', author: { name: 'Jane Doe', url: 'https://janedoe.blog' } });
  assert.equal(said.verdict, 'ham');
});
