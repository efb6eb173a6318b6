/** Author rules on the seed campaigns, on today's advertising names in many languages, and on readers' look-alikes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRuleData } from '../../../src/scoring/rule-data.js';
import { codes, reason, score, scoreWithEvasion } from './author-helpers.js';

/** The shipped (fitted) weight of a reason: the tests check strengths, not a particular fit. */
const w = (code: string): number => loadRuleData().weights[code]!;

const READER_TEXT = 'I read the whole article and I think the mayor is right about the bus lanes.';

for (const name of ['바카라 사이트', '카지노 사이트', '우리카지노', '메리트카지노', '제왕카지노', '카지노사이트추천']) {
  test(`When the author name is "${name}" with a casino URL, then the comment is spam and the name is the evidence`, () => {
    const r = score({ content: '좋은 정보 감사합니다', author: { name, url: 'https://woori-casino.xyz' } });
    assert.equal(r.verdict, 'spam', JSON.stringify(r.reasons));
    const ad = reason(r, 'lexicon.author');
    assert.ok(ad);
    for (const e of ad.evidence ?? []) assert.ok(name.includes(e.match), `evidence "${e.match}" is literal text of the name`);
    assert.ok(codes(r).includes('lexicon.domain'));
    assert.ok(r.counterfactual?.length);
  });
}

test('When the seed SEO author "best gpu for bitcoin mining 2012 presidential candidates" posts praise with its URL, then it is spam', () => {
  const r = score({ content: 'Great post, thanks for sharing!', author: { name: 'best gpu for bitcoin mining 2012 presidential candidates', url: 'https://gpu-mining-reviews.xyz' } });
  const seo = reason(r, 'author.seo-phrase');
  assert.ok(seo, codes(r).join());
  assert.match(seo.message, /a year/);
  assert.ok(codes(r).includes('content.generic-praise'));
  assert.notEqual(r.verdict, 'ham');
});

test('When the author name is "cheap car insurance quotes", then author.commercial names the shop words with literal evidence', () => {
  const r = score({ content: 'Nice article.', author: { name: 'Cheap Car INSURANCE quotes' } });
  const c = reason(r, 'author.commercial');
  assert.ok(c);
  assert.deepEqual(c.evidence?.map((e) => e.match), ['Cheap', 'INSURANCE', 'quotes']);
  // A cue and two hints: the strongest grade.
  assert.equal(c.weight, 2 * w('author.commercial'));
});

for (const name of ['купить диплом недорого', '代购官网', '激安ブランド通販', 'jual obat herbal murah', 'Handy günstig kaufen', 'sac à main pas cher', 'ucuz uçak bileti', 'أفضل سعر للهواتف', 'सस्ता मोबाइल खरीदें', '저렴한 항공권', 'giá rẻ nhất hà nội', 'comprar zapatos baratos']) {
  test(`When the author name is the shop phrase "${name}", then author.commercial fires`, () => {
    assert.ok(codes(score({ content: READER_TEXT, author: { name } })).includes('author.commercial'));
  });
}

for (const name of ['Javier Barato', 'Beatriz Venda', 'George Best', 'Katie Price', 'Free Fire', 'Cheap', '代购', 'ربيع حسن', 'Дешевов Пётр', 'Сергей Оптимистов', 'Best Dad Ever', 'the free thinker', 'KatyPerry Official']) {
  test(`When a reader is called "${name}", then neither author.commercial nor author.seo-phrase fires`, () => {
    const got = codes(score({ content: READER_TEXT, author: { name } }));
    assert.ok(!got.includes('author.commercial') && !got.includes('author.seo-phrase'), got.join());
  });
}

test('When a shop word stands next to a year or in a long lowercase query, then author.seo-phrase fires; one shop word in a handle does not', () => {
  assert.ok(codes(score({ content: READER_TEXT, author: { name: 'Best Laptops 2024 For Students' } })).includes('author.seo-phrase'));
  assert.ok(codes(score({ content: READER_TEXT, author: { name: 'where to buy cheap flights' } })).includes('author.seo-phrase'));
  assert.ok(!codes(score({ content: READER_TEXT, author: { name: 'top of the morning' } })).includes('author.seo-phrase'));
});

test('When the author name is a web address, plain or disguised, then author.url-name names the domain', () => {
  for (const [name, domain] of [['JAS890.COM', 'jas890.com'], ['casino-site dot com', 'casino-site.com'], ['ｗｗｗ．ｘｘ．ｃｏｍ', 'xx.com'], ['【 JAS890。COM 】', 'jas890.com']] as const) {
    assert.equal(reason(score({ content: 'Main di sini pasti JP', author: { name } }), 'author.url-name')?.data?.['value'], domain, name);
  }
});

test('When a reader writes a dotted name (Lee.NG, Anna.Li, Dr.Anna, J.R.R. Tolkien), then it is not a web address', () => {
  for (const name of ['Lee.NG', 'Anna.Li', 'Dr.Anna', 'J.R.R. Tolkien', 'St.John']) {
    assert.ok(!codes(score({ content: READER_TEXT, author: { name } })).includes('author.url-name'), name);
  }
});

test('When the name repeats its website\'s domain words with shop words ("Cheap Car Insurance", cheap-car-insurance-quotes.com), then author.matches-url points at both', () => {
  const r = score({ content: 'Great article.', author: { name: 'Cheap Car Insurance', url: 'https://www.cheap-car-insurance-quotes.com/' } });
  const m = reason(r, 'author.matches-url');
  assert.ok(m, codes(r).join());
  assert.equal(m.data?.['value'], 'cheap-car-insurance-quotes.com');
  assert.deepEqual(m.evidence, [{ field: 'author.name', match: 'Cheap Car Insurance' }, { field: 'author.url', match: 'https://www.cheap-car-insurance-quotes.com/' }]);
});

test('When the name is a brand and its URL the same brand (Jas890, jas890.com), then author.matches-url fires', () => {
  assert.match(reason(score({ content: 'Great post!', author: { name: 'Jas890', url: 'https://jas890.com' } }), 'author.matches-url')?.message ?? '', /jas890/);
});

test('When the name repeats the domain of a link in the comment (Emergency Locksmith, emergency-locksmith.co.uk), then author.matches-url fires', () => {
  const r = score({ content: 'Great post! <a href="https://emergency-locksmith.co.uk">call us</a>', contentType: 'html', author: { name: 'Emergency Locksmith' } });
  assert.deepEqual(reason(r, 'author.matches-url')?.evidence?.[1], { field: 'content', match: 'https://emergency-locksmith.co.uk' });
});

test('When a lone shop word and a name repeat the domain (Lexis Official, lexis-official.com), then the shop word alone is not enough', () => {
  assert.ok(!codes(score({ content: 'my new song is out https://lexis-official.com', author: { name: 'Lexis Official' } })).includes('author.matches-url'));
});

test('When readers name their personal site after themselves (Jane Doe, janedoe.blog; John, johnsmith.com; Tom Best, tombest.net), then author.matches-url stays silent', () => {
  for (const [name, url] of [['Jane Doe', 'https://janedoe.blog'], ['John', 'https://johnsmith.com'], ['Tom Best', 'https://tombest.net'], ['Budi Hartono', 'https://catatanbudi.blogspot.com']] as const) {
    assert.ok(!codes(score({ content: READER_TEXT, author: { name, url } })).includes('author.matches-url'), name);
  }
});

test('When a brand-like token is decorated (𝗪𝗘𝗧𝗢𝗡𝟴𝟴) next to gambling words, then author.brand counts both ways it is pushed', () => {
  const r = score({ content: 'slot gacor hari ini gampang maxwin, daftar sekarang', author: { name: '𝗪𝗘𝗧𝗢𝗡𝟴𝟴' } });
  const b = reason(r, 'author.brand');
  assert.equal(b?.data?.['value'], 'weton88');
  assert.match(b?.message ?? '', /written in disguise; next to selling words/);
  assert.equal(b?.weight, 2 * w('author.brand'));
  // The styled letters themselves are the evasion phase's: one reason for the disguise, not two.
  assert.equal(reason(r, 'evasion.author')?.evidence?.[0]?.match, '𝗪𝗘𝗧𝗢𝗡𝟴𝟴');
  assert.ok(!codes(r).includes('author.decorated'));
  assert.notEqual(r.verdict, 'ham');
});

test('When the brand is spelled out between stars (⭐ A L E X I S 1 7 ⭐), then author.brand reads alexis17', () => {
  const r = score({ content: 'situs judi online terpercaya, bonus new member', author: { name: '⭐ A L E X I S 1 7 ⭐' } });
  assert.equal(reason(r, 'author.brand')?.data?.['value'], 'alexis17');
  assert.notEqual(r.verdict, 'ham');
});

test('When normalisation undid look-alike letters in the name (ЅLОТ777 in Cyrillic), then author.brand fires on the disguise alone', () => {
  const disguised = score({ content: READER_TEXT, author: { name: 'ЅLОТ777' } });
  assert.equal(reason(disguised, 'author.brand')?.data?.['value'], 'slot777');
  assert.match(reason(disguised, 'author.brand')?.message ?? '', /written in disguise/);
  // A token no lexicon knows: only the reported disguise pushes it.
  const reported = scoreWithEvasion({ content: READER_TEXT, author: { name: 'ZORB777' } }, [{ kind: 'mixed-script', match: 'ZORB777', folded: 'ZORB777' }]);
  assert.match(reason(reported, 'author.brand')?.message ?? '', /written in disguise/, 'the rule reads what the fold reported');
  assert.ok(!codes(score({ content: READER_TEXT, author: { name: 'ZORB777' } })).includes('author.brand'), 'written plainly, the token is not pushed');
});

test('When the brand is repeated in the comment (WETON88 … WETON88), then author.brand points at both places', () => {
  const r = score({ content: 'Main di WETON88 pasti JP bosku', author: { name: 'WETON88' } });
  assert.deepEqual(reason(r, 'author.brand')?.evidence, [{ field: 'author.name', match: 'WETON88' }, { field: 'content', match: 'WETON88' }]);
});

test('When readers have digits in their names (user12345, reader2024, Mike_88, Anna1987, Mike2000), then author.brand stays silent', () => {
  for (const name of ['user12345', 'reader2024', 'Mike_88', 'Anna1987', 'Mike2000', 'R2D2fan', 'Agent 47']) {
    assert.ok(!codes(score({ content: READER_TEXT, author: { name } })).includes('author.brand'), name);
  }
});

test('When a reader with a digit handle comments on casino news, then one gambling word does not make the handle a brand', () => {
  const r = score({ content: 'The Macau casino tax story misses that revenue fell after the junket crackdown.', author: { name: 'Mike88' } });
  assert.ok(!codes(r).includes('author.brand'));
  assert.equal(r.verdict, 'ham');
});

test('When the author name carries a messenger id or a phone number, then author.contact quotes both literally', () => {
  const r = score({ content: 'Main di sini pasti JP bosku', author: { name: 'Admin WA 0812-3456-7890' } });
  assert.deepEqual(reason(r, 'author.contact')?.evidence, [{ field: 'author.name', match: 'WA' }, { field: 'author.name', match: '0812-3456-7890' }]);
  assert.match(reason(score({ content: '看片', author: { name: '加微信：vip888' } }), 'author.contact')?.message ?? '', /vip888/);
  assert.match(reason(score({ content: 'hi', author: { name: 'Dana +62 812 3456 7890' } }), 'author.contact')?.message ?? '', /phone number/);
});

test('When a reader\'s name merely contains a messenger word or a long number (Wa Lee, Sam Signal, dan19752008), then author.contact stays silent', () => {
  for (const name of ['Wa Lee', 'Sam Signal', 'Line', 'dan19752008', 'Kakao Kim', 'Lina 2005']) {
    assert.ok(!codes(score({ content: READER_TEXT, author: { name } })).includes('author.contact'), name);
  }
});

test('When the email is on a disposable-mail domain, then author.disposable-email points at it', () => {
  const r = score({ content: 'nice', author: { name: 'Sam', email: 'sam@mailinator.com' } });
  assert.deepEqual(reason(r, 'author.disposable-email')?.evidence, [{ field: 'author.email', match: 'sam@mailinator.com' }]);
});

for (const name of ['Jane Doe', '김민수', '王小明', 'Budi Santoso', 'Nguyễn Văn An', 'Mike2000', 'Anne-Marie O’Neil', 'Dr. Anna Müller', 'NewsJunkie', 'Paris Hilton']) {
  test(`When a reader is called "${name}", then no author rule makes the comment more than ham`, () => {
    const r = score({ content: READER_TEXT, author: { name } });
    assert.equal(r.verdict, 'ham', JSON.stringify(r.reasons));
    assert.ok(!codes(r).some((c) => c.startsWith('author.') || c === 'lexicon.author'), codes(r).join());
  });
}
