/** Contact hand-offs (messenger links, names with ids, asks with handles, asks to write in private) and their look-alikes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScoreResult } from '../../../src/scoring/pipeline.js';
import { codes, reason, score } from './helpers.js';

const fires = (content: string, code: string, extra: Record<string, unknown> = {}): boolean => codes(score({ content, ...extra })).includes(code);

/** Every evidence of every reason is literal text of the field it names. */
function assertLiteralEvidence(r: ScoreResult, content: string): void {
  for (const x of r.reasons) for (const e of x.evidence ?? []) if (e.field === 'content') assert.ok(content.includes(e.match), `${x.code}: "${e.match}" not in "${content}"`);
}

test('When a comment links a chat on a messenger, then contact.messenger names the messenger and points at the link', () => {
  for (const [content, name] of [
    ['Chat sekarang https://wa.me/6281234567890', 'WhatsApp'],
    ['Join us: t.me/+gD-LouMpRz1kN for free signals', 'Telegram'],
    ['VIP room https://discord.gg/abc123', 'Discord'],
    ['invite here https://discord.com/invite/abc123', 'Discord'],
    ['오픈채팅 https://open.kakao.com/o/sAbCdEf', 'KakaoTalk'],
  ] as const) {
    const r = score({ content });
    const m = reason(r, 'contact.messenger');
    assert.ok(m, content);
    assert.match(m.message, new RegExp(name));
    assertLiteralEvidence(r, content);
  }
});

test('When the author URL is a Telegram link, then it is a hand-off too', () => {
  const r = score({ content: 'Nice video', author: { name: 'Anna', url: 'https://t.me/anna_rich_life' } });
  assert.deepEqual(reason(r, 'contact.messenger')?.evidence, [{ field: 'author.url', match: 'https://t.me/anna_rich_life' }]);
});

test('When a link merely shares a page of a messenger company or a discord.com page, then it is no hand-off', () => {
  assert.ok(!fires('WhatsApp explains the change here: https://www.whatsapp.com/legal/privacy-policy', 'contact.messenger'));
  assert.ok(!fires('Their blog https://discord.com/blog/safety explains it', 'contact.messenger'));
});

test('When a messenger name is followed by an id, number or handle in any language, then contact.messenger points at both', () => {
  for (const [content, term, id] of [
    ['문의는 텔레그램: @woori_vip77 으로 주세요', '텔레그램', '@woori_vip77'],
    ['加V：wx8899 日结工资', '加v', 'wx8899'],
    ['QQ 12345678 加我', 'QQ', '12345678'],
    ['WhatsApp +1 303 555 0143 for the signals', 'WhatsApp', '+1 303 555 0143'],
    ['Работа, пишите в телеграм @job_ru', 'телеграм', '@job_ru'],
    ['ไลน์ไอดี: abc123 สนใจทัก', 'ไลน์', 'abc123'],
    ['Zalo 0912345678 liên hệ ngay', 'Zalo', '0912345678'],
    ['Info lengkap WA 0812-3456-7890 ya kak', 'WA', '0812-3456-7890'],
    ['微信号：lucky_girl 私聊', '微信', 'lucky_girl'],
  ] as const) {
    const r = score({ content });
    const m = reason(r, 'contact.messenger');
    assert.ok(m, content);
    const matches = m.evidence?.map((e) => e.match) ?? [];
    assert.ok(matches.some((x) => x.toLowerCase() === term.toLowerCase()) || matches.some((x) => x.toLowerCase().includes(term.toLowerCase())), `${content}: ${matches}`);
    assert.ok(matches.includes(id), `${content}: ${matches}`);
    assertLiteralEvidence(r, content);
  }
});

test('When an ask or a contact word is followed by an @handle, then contact.messenger names the handle', () => {
  assert.deepEqual(reason(score({ content: 'Heyyy! I have a moon plan for your project, DM me @Moltlangoustine' }), 'contact.messenger')?.evidence?.map((e) => e.match), ['DM me', '@Moltlangoustine']);
  assert.ok(fires('Удаленка! От 7500Р в день. Пишите - @imto', 'contact.messenger'));
  assert.ok(fires('I recommend reaching out to @Fidafilm, reach out to @Fidafilm who recovered my funds', 'contact.messenger'));
});

test('When readers name messengers, mention people or write numbers near those names, then there is no messenger hand-off', () => {
  for (const content of [
    'Telegram has been fined again, the article says. I left it years ago.',
    'I left WhatsApp for Signal last year, much better.',
    'line 12345 of the code is broken',
    'Взял отгул 12345678 раз, шучу',
    '飞机 MH370 至今没有找到',
    '@WestHam v @ManUtd tonight, who wins?',
    'Thanks @maria_k for the link, and @john too',
    'Signal strength 5G is terrible here',
  ]) {
    assert.ok(!fires(content, 'contact.messenger'), content);
  }
});

test('When a comment asks readers to write in private, in any language, then contact.private quotes the ask', () => {
  for (const [content, ask] of [
    ['Работа на дому, подробности в лс', 'в лс'],
    ['Пишите в личку, расскажу', 'Пишите в личку'],
    ['有意私聊，日结', '私聊'],
    ['需要的加我', '加我'],
    ['Minat? langsung chat, wa aja kak', 'wa aja'],
    ['Interesados escríbeme al privado', 'escríbeme al privado'],
    ['Quer renda extra? chama no zap', 'chama no zap'],
    ['Bei Interesse schreib mir privat', 'schreib mir privat'],
    ['Intéressé ? écris-moi en privé', 'écris-moi'],
    ['Detaylar için bana yaz', 'bana yaz'],
    ['자세한 건 연락주세요', '연락주세요'],
    ['Lost funds? DM me for help with your withdrawal', 'DM me for'],
  ] as const) {
    const r = score({ content });
    const m = reason(r, 'contact.private');
    assert.ok(m, content);
    assert.ok(m.evidence?.some((e) => e.match.includes(ask)), `${content}: ${JSON.stringify(m.evidence)}`);
    assertLiteralEvidence(r, content);
  }
});

test('When readers talk about contacting someone, then there is no ask to write in private', () => {
  for (const content of [
    'I contacted support twice and nobody answered.',
    'Isso me chama atenção: ninguém falou do orçamento.',
    'Sudah hubungi CS tapi tidak dijawab, parah.',
    'Он написал мне вчера, что статья вышла.',
    'Journalists should contact the ministry for a comment.',
    'Ich habe dem Autor geschrieben, keine Antwort.',
  ]) {
    assert.ok(!fires(content, 'contact.private'), content);
  }
});

test('When a bare @handle comes with a pitch, then contact.handle names it; a mention without a pitch is left alone', () => {
  const r = score({ content: 'Лучшее онлайн казино, фриспины каждый день @vip_manager' });
  assert.deepEqual(reason(r, 'contact.handle')?.evidence?.map((e) => e.match), ['@vip_manager']);
  assert.ok(!fires('Great interview, @vip_manager, thanks', 'contact.handle'));
  assert.ok(!fires('Write to me at anna@example.org about the online casino story', 'contact.handle'));
});
