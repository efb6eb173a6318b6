/**
 * The lexicon rule on real-looking campaign comments in many languages, and on what readers write about the same
 * topics (news on casinos, loans, crypto, jobs, drugs) in those languages, which must not read as adverts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRuleData } from '../../../src/scoring/rule-data.js';
import { strength } from '../../../src/scoring/rules/lexicon.js';
import { codes, reason, score } from './helpers.js';

const weights = loadRuleData().weights;
const CATEGORIES = ['gambling', 'adult', 'crypto', 'jobs', 'loans', 'pharma', 'seo', 'self-promotion', 'engagement-bait'];
const lexiconCodes = (content: string, name = 'Reader'): string[] =>
  codes(score({ content, author: { name } })).filter((c) => CATEGORIES.some((k) => c === `lexicon.${k}`));

const campaigns: ReadonlyArray<readonly [category: string, content: string]> = [
  ['gambling', 'Main di PULAU777 gampang maxwin bosku, wd berapapun dibayar lunas'],
  ['gambling', 'Pola gacor malam ini, RTP live 98%, daftar slot sekarang juga'],
  ['gambling', '안전놀이터 추천합니다. 가입머니 지급, 먹튀검증 완료'],
  ['gambling', '澳门娱乐城，注册即送888彩金，百家乐真人视讯'],
  ['gambling', 'DENEME BONUSU VEREN SİTELER burada, güncel giriş linki'],
  ['gambling', 'nha cai uy tin so 1, khuyen mai nap dau 100%'],
  ['gambling', 'สล็อตเว็บตรง ไม่ผ่านเอเย่นต์ ฝากถอนออโต้'],
  ['gambling', 'Лучшие онлайн казино с быстрым выводом, бонус без депозита каждому'],
  ['gambling', 'Plataforma nova pagando muito! Bônus de cadastro e horários pagantes no grupo'],
  ['gambling', 'افضل كازينو اون لاين مع مكافأة بدون إيداع'],
  ['gambling', 'Freispiele ohne Einzahlung im besten Online Casino'],
  ['adult', '同城约炮，兼职妹上门，免费看片加我'],
  ['adult', 'Hot singles in your area are waiting, free sex chat tonight'],
  ['adult', 'Open BO dan VCS murah, chat aja kak'],
  ['adult', 'Индивидуалки и интим услуги в вашем городе'],
  ['crypto', 'Lost your crypto to a scam? A recovery expert got my funds back, recover your lost BTC today'],
  ['crypto', 'The $PEPE airdrop is live, connect wallet to claim your tokens'],
  ['crypto', 'Гарантированный доход от 5% в день, прибыль каждый день'],
  ['crypto', 'Lucro garantido todo dia com a nossa sala de trading'],
  ['jobs', 'Требуются люди на удалённую работу, опыт не нужен, оплата каждый день. Пиши в лс'],
  ['jobs', 'Ищем закладчиков, работа курьером с ежедневной оплатой'],
  ['jobs', '宝妈兼职，手机就能做，日结工资，月入过万'],
  ['jobs', 'घर बैठे पैसे कमाएं, रोज़ 2000 रुपये'],
  ['jobs', 'Make money online from your phone and earn, no experience needed, paid daily'],
  ['jobs', 'Gana dinero desde casa, no se necesita experiencia'],
  ['loans', 'Займ на карту без отказа и без проверки кредитной истории'],
  ['loans', 'prestamos rapidos sin buro de credito, aprobacion inmediata'],
  ['loans', 'Offre de prêt entre particuliers sérieux et rapide'],
  ['loans', 'Pinjaman dana tunai tanpa BI checking, pencairan cepat'],
  ['loans', 'Are you in need of a loan? Contact us for a loan, guaranteed approval'],
  ['pharma', 'Viagra kaufen ohne Rezept, Potenzmittel kaufen diskret'],
  ['pharma', 'Buy oxycodone and buy xanax, no prescription needed'],
  ['pharma', '出售伟哥，正品伟哥，迷药听话水'],
  ['seo', 'We offer SEO services and quality backlinks to rank your website'],
  ['seo', 'Накрутка подписчиков и продвижение сайтов в топ'],
  ['self-promotion', 'Check out my channel, I make covers! Subscribe to my channel'],
  ['self-promotion', 'Abonniert meinen Kanal, ich lade jede Woche hoch'],
  ['engagement-bait', "Like this comment if you're here in 2026, and don't forget to subscribe"],
];

for (const [category, content] of campaigns) {
  test(`When a ${category} advert says "${content.slice(0, 40)}…", then lexicon.${category} fires with literal evidence`, () => {
    const r = score({ content, author: { name: 'x' } });
    const found = reason(r, `lexicon.${category}`);
    assert.ok(found, JSON.stringify(r.reasons.map((x) => x.code)));
    assert.ok(found.evidence?.length);
    for (const e of found.evidence ?? []) assert.ok(content.toLowerCase().includes(e.match.toLowerCase()), `${e.match} in ${content}`);
  });
}

const readers: readonly string[] = [
  'The online casino bill passed; gambling addiction charities say sports betting adverts should be banned.',
  'Payday loans trap people in debt; a cap on the interest rate is long overdue.',
  'Bitcoin fell 8% today. My crypto investment is down, but I am holding, no panic.',
  'I work from home three days a week; remote work suits me and my salary is the same.',
  'hi babe, see you tonight, love you xxx',
  'You have to subscribe to read this article? Paywalls everywhere. Thumbs up if you agree.',
  'He actually did buy views, everyone knows it.',
  'The police finally shut down hundreds of online gambling sites; no casino should advertise to kids.',
  'Polisi akhirnya menutup situs judi online dan bandar togel, semoga tuntas.',
  'Burung kacer saya gacor banget pagi ini, suaranya mantap',
  'Teman saya kecanduan slot online, tolong bahas cara berhenti',
  '마카오 카지노 매출 기사 잘 봤습니다. 불법 토토사이트 단속도 다뤄 주세요.',
  '토토로 다시 보고 싶네요',
  '그 선수 완전 먹튀네요, 연봉 값을 못 해요',
  '澳门赌场的税收下降了，旅游业会受影响吗？',
  '周末在家看片放松一下，外卖骑手接单太辛苦了',
  '师傅上门服务修空调，很专业',
  'オンカジで逮捕された芸人のニュース、驚きました。パチンコ店も減っていますね',
  'Я на удалённой работе уже два года, подработка тоже есть, очень удобно',
  'Дал другу взаймы, а ставка по ипотеке опять выросла, кредит душит',
  'Переставил видеокарту в другие слоты, заработало',
  'Займите места, пожалуйста, начинаем',
  'Las apuestas deportivas crecen entre jóvenes; es una apuesta segura que el gobierno las regulará.',
  'Pedí un préstamo al banco y el crédito tardó semanas',
  'O jogo do tigrinho levou influenciadores à prisão; as bets precisam de regras',
  'Die Sportwetten-Werbung im Fernsehen nervt, Online-Casinos brauchen strengere Regeln.',
  'Le gouvernement veut limiter la publicité pour les paris sportifs et le casino en ligne.',
  'Yasa dışı bahis sitelerine yönelik operasyon haberi önemliydi.',
  'أطلقت الدولة الأقمار الصناعية الجديدة، وهذا برهان على التقدم',
  'Tin về việc cấm quảng cáo cá cược trên mạng xã hội là cần thiết.',
  'แก้วใบนี้แตกง่ายมาก ข่าวเว็บพนันออนไลน์ถูกจับอีกแล้ว',
  'क्रिकेट में सट्टेबाजी पर सरकार सख्त, अच्छी खबर',
  'My doctor prescribed Ozempic; the pharmacy was out of stock for weeks.',
  'The article on SEO and backlinks for small blogs was useful.',
];

for (const content of readers) {
  test(`When a reader writes "${content.slice(0, 40)}…", then no lexicon category fires`, () => {
    assert.deepEqual(lexiconCodes(content), []);
  });
}

test('When one strong term comes with a weak one or another strong one, then the strength grows by half per term', () => {
  const w = weights['lexicon.gambling']!;
  assert.equal(reason(score({ content: 'maxwin' }), 'lexicon.gambling')?.weight, w);
  assert.equal(reason(score({ content: 'maxwin di situs judi' }), 'lexicon.gambling')?.weight, w * 1.5);
  assert.equal(reason(score({ content: 'maxwin, bonus new member, deposit pulsa, pola gacor, rtp live' }), 'lexicon.gambling')?.weight, w * 3);
  assert.equal(strength(1, 0), 1);
  assert.equal(strength(2, 3), 3);
});

test('When terms nest inside a longer one ("situs slot gacor"), then they count once', () => {
  const r = reason(score({ content: 'situs slot gacor' }), 'lexicon.gambling');
  assert.equal(r?.weight, weights['lexicon.gambling']);
  assert.deepEqual(r?.evidence, [{ field: 'content', match: 'situs slot gacor' }]);
});

test('When the advert drops its accents or writes capitals, then the evidence is the text as written', () => {
  const r = reason(score({ content: 'PRESTAMOS RAPIDOS hoy mismo' }), 'lexicon.loans');
  assert.deepEqual(r?.evidence, [{ field: 'content', match: 'PRESTAMOS RAPIDOS' }]);
  assert.match(r?.message ?? '', /"prestamos rapidos"/);
});

test('When the author name is a compound brand in Korean or Chinese, then lexicon.author fires even on a topic word', () => {
  for (const name of ['우리카지노', '카지노 사이트', '金沙娱乐城', '바카라']) {
    const r = reason(score({ content: '좋은 정보 감사합니다', author: { name } }), 'lexicon.author');
    assert.ok(r, name);
    assert.ok(name.includes(r.evidence![0]!.match), name);
  }
});

test('When a reader handle contains a Latin topic word or a word with a brand inside it, then lexicon.author does not fire', () => {
  for (const name of ['Poker Mike', 'Casino Royale fan', 'Bitcoin Bob', '토토로팬', 'Jackpot']) {
    assert.ok(!codes(score({ content: 'Interesting piece.', author: { name } })).includes('lexicon.author'), name);
  }
});

test('When the author name is an English advert, then lexicon.author names it', () => {
  const r = reason(score({ content: 'Nice', author: { name: 'Best Online Casino Sites' } }), 'lexicon.author');
  assert.deepEqual(r?.evidence, [{ field: 'author.name', match: 'Best Online Casino' }]);
});

test('When a link is to a gambling domain, then lexicon.domain fires; a toilet maker or a timetable does not', () => {
  assert.ok(codes(score({ content: 'https://slotgacor88.xyz' })).includes('lexicon.domain'));
  assert.ok(codes(score({ content: 'see https://1xbet-mirror.top/ru' })).includes('lexicon.domain'));
  assert.ok(!codes(score({ content: 'My bathroom is from https://www.toto.com and the bus times are on https://cassino.example.it' })).includes('lexicon.domain'));
});

test('When every lexicon category counts, then it has a weight', () => {
  for (const k of CATEGORIES) assert.equal(typeof weights[`lexicon.${k}`], 'number', k);
});
