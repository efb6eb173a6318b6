/** Link rules: the kinds of link readers rarely post, and the links they do. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codes, reason, score } from './helpers.js';

test('When a link goes through a shortener, to an IP address or a risky TLD, then each is its own reason', () => {
  assert.ok(codes(score({ content: 'look https://bit.ly/3xYz' })).includes('link.shortener'));
  assert.ok(codes(score({ content: 'download http://45.12.7.9/setup.exe' })).includes('link.ip-host'));
  const tld = reason(score({ content: 'best odds at https://casinositekr.xyz' }), 'link.risky-tld');
  assert.equal(tld?.data?.['tld'], 'xyz');
  assert.deepEqual(tld?.evidence, [{ field: 'content', match: 'https://casinositekr.xyz' }]);
});

test('When a link hides its dot (casino dot com), then link.obfuscated fires', () => {
  assert.ok(codes(score({ content: 'visit jas890 dot com now' })).includes('link.obfuscated'));
});

test("When an anchor's text is the author's name, then link.anchor-author fires", () => {
  const r = score({ content: 'Read <a href="https://cheap-pills.shop">Cheap Pills Online</a> for more', contentType: 'html', author: { name: 'Cheap Pills Online' } });
  assert.ok(codes(r).includes('link.anchor-author'));
});

test('When a comment links many domains with a referral code, then link.domains and link.referral fire', () => {
  const r = score({ content: 'a https://one.net/x?ref=abc b https://two.org c https://three.info d https://four.biz' });
  assert.ok(codes(r).includes('link.domains'));
  assert.ok(codes(r).includes('link.referral'));
});

test('When a spam verdict rests on a link, then its counterfactual says "ham without the link to …"', () => {
  const r = score({ content: 'https://casinositekr.xyz', author: { name: '카지노사이트추천' } });
  assert.equal(r.verdict, 'spam');
  assert.ok(r.counterfactual?.every((c) => c.message.startsWith('ham without ')));
  assert.ok(r.counterfactual?.some((c) => /casinositekr\.xyz|카지노/.test(c.message)), JSON.stringify(r.counterfactual));
});

test("When a reader links their own blog once in a real reply, then it stays ham", () => {
  const r = score({ content: 'I wrote a longer reply to this argument on my blog: https://janedoe.net/2026/11/reply', author: { name: 'Jane', url: 'https://janedoe.net' } });
  assert.equal(r.verdict, 'ham', JSON.stringify(r.reasons));
});
