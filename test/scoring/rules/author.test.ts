/** Author rules on the seed campaigns and on readers' ordinary names. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codes, reason, score } from './helpers.js';

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

test('When the author name is an SEO phrase, then author.seo-phrase and author.long-name fire', () => {
  const r = score({ content: 'Great post, thanks for sharing!', author: { name: 'best gpu for bitcoin mining 2012 presidential candidates', url: 'https://gpu-mining-reviews.xyz' } });
  assert.ok(codes(r).includes('author.seo-phrase'), codes(r).join());
  assert.ok(codes(r).includes('author.long-name'));
  assert.ok(codes(r).includes('content.generic-praise'));
  assert.equal(r.verdict, 'spam');
});

test('When the author name is written in styled letters (𝗪𝗘𝗧𝗢𝗡𝟴𝟴), then it is decorated and carries a brand token', () => {
  const r = score({ content: 'slot gacor hari ini gampang maxwin, daftar sekarang', author: { name: '𝗪𝗘𝗧𝗢𝗡𝟴𝟴' } });
  assert.ok(codes(r).includes('author.decorated'));
  assert.equal(reason(r, 'author.brand')?.data?.['value'], 'weton88');
  assert.equal(reason(r, 'author.decorated')?.evidence?.[0]?.match, '𝗪𝗘𝗧𝗢𝗡𝟴𝟴');
  // Held by the heuristics alone; the classifier, absent here, reads the gambling pitch too.
  assert.notEqual(r.verdict, 'ham');
});

test('When the author name is spelled out between stars (⭐ A L E X I S 1 7 ⭐), then it is decorated with the brand alexis17', () => {
  const r = score({ content: 'situs judi online terpercaya, bonus new member', author: { name: '⭐ A L E X I S 1 7 ⭐' } });
  assert.ok(codes(r).includes('author.decorated'));
  assert.equal(reason(r, 'author.brand')?.data?.['value'], 'alexis17');
  assert.notEqual(r.verdict, 'ham');
});

test('When the author name is a disguised web address (【 JAS890。COM 】), then author.url-name names the domain', () => {
  const r = score({ content: 'Main di sini pasti JP, withdraw cepat', author: { name: '【 JAS890。COM 】' } });
  assert.equal(reason(r, 'author.url-name')?.data?.['value'], 'jas890.com');
  assert.ok(codes(r).includes('author.decorated'));
});

test('When the email is on a disposable-mail domain, then author.disposable-email points at it', () => {
  const r = score({ content: 'nice', author: { name: 'Sam', email: 'sam@mailinator.com' } });
  assert.deepEqual(reason(r, 'author.disposable-email')?.evidence, [{ field: 'author.email', match: 'sam@mailinator.com' }]);
});

for (const name of ['Jane Doe', '김민수', '王小明', 'Budi Santoso', 'Nguyễn Văn An', 'Mike2000', 'Anne-Marie O’Neil']) {
  test(`When a reader is called "${name}", then no author rule makes the comment more than ham`, () => {
    const r = score({ content: 'I read the whole article and I think the mayor is right about the bus lanes.', author: { name } });
    assert.equal(r.verdict, 'ham', JSON.stringify(r.reasons));
    assert.ok(!codes(r).some((c) => c === 'author.seo-phrase' || c === 'author.url-name' || c === 'author.decorated' || c === 'lexicon.author'));
  });
}
