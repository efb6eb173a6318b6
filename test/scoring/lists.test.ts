/** Operators' lists, compiled and matched: validation, IP ranges, parent domains, words at word boundaries. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRange, IpRangeSet, parseIp } from '../../src/scoring/ip.js';
import { compileLists, normalizeListValue } from '../../src/scoring/site-lists.js';
import { codes, reason, score } from './rules/helpers.js';

test('When list values are entered, then they are put in canonical form or refused with a reason', () => {
  assert.deepEqual(normalizeListValue('blocked-domains', 'https://WWW.Casino-Site.xyz/path'), { value: 'casino-site.xyz' });
  assert.deepEqual(normalizeListValue('blocked-ips', '2001:DB8:0:0::1/32'), { value: '2001:db8::/32' });
  assert.deepEqual(normalizeListValue('blocked-ips', '10.1.2.3/8'), { value: '10.0.0.0/8' });
  assert.deepEqual(normalizeListValue('blocked-emails', '@Mailinator.com'), { value: 'mailinator.com' });
  assert.deepEqual(normalizeListValue('banned-words', 'Ｃａｓｉｎｏ'), { value: 'casino' });
  for (const [kind, bad] of [['blocked-ips', '300.1.1.1'], ['blocked-ips', '1.2.3.4/33'], ['blocked-domains', 'not a domain'], ['blocked-emails', 'a@b'], ['banned-words', '   '], ['banned-words', '!!!']] as const) {
    assert.ok('error' in normalizeListValue(kind, bad), `${kind} ${bad}`);
  }
});

test('When addresses are checked against ranges, then IPv4, IPv6 and IPv4-mapped IPv6 match by prefix', () => {
  const set = new IpRangeSet(['203.0.113.0/24', '2001:db8::/32', '198.51.100.7'].map((r) => parseRange(r)!));
  assert.equal(set.find(parseIp('203.0.113.99')!), '203.0.113.0/24');
  assert.equal(set.find(parseIp('::ffff:203.0.113.5')!), '203.0.113.0/24');
  assert.equal(set.find(parseIp('2001:db8:1234::1')!), '2001:db8::/32');
  assert.equal(set.find(parseIp('198.51.100.7')!), '198.51.100.7');
  assert.equal(set.find(parseIp('198.51.100.8')!), undefined);
  assert.equal(set.find(parseIp('2001:db9::1')!), undefined);
});

const lists = compileLists(
  { 'blocked-domains': ['casino-site.xyz'], 'banned-words': ['baccarat'], 'allowed-emails': ['editor@paper.example'] },
  { 'blocked-ips': ['203.0.113.0/24'], 'suspect-words': ['crypto giveaway'], 'allowed-domains': ['paper.example'] },
);

test('When a comment links a subdomain of a blocked domain, then it is spam at once with the link as evidence', () => {
  const r = score({ content: 'see https://m.casino-site.xyz/kr', author: { email: 'editor@paper.example' } }, { lists });
  assert.equal(r.verdict, 'spam');
  assert.deepEqual(codes(r), ['prior', 'list.blocked-domain'], 'block lists come first and end the pipeline');
  assert.ok(r.counterfactual?.some((c) => c.code === 'list.blocked-domain'));
});

test('When the author address is in a blocked range, then it is spam', () => {
  assert.equal(reason(score({ content: 'hi', author: { ip: '203.0.113.77' } }, { lists }), 'list.blocked-ip')?.evidence?.[0]?.match, '203.0.113.77');
});

test('When a banned word appears as a word, then spam; inside another word, nothing', () => {
  assert.equal(score({ content: 'Best BACCARAT tables' }, { lists }).verdict, 'spam');
  assert.ok(!codes(score({ content: 'baccaratish is not a word' }, { lists })).includes('list.banned-word'));
});

test('When the author email is allowed, then the comment is ham whatever it says', () => {
  const r = score({ content: 'check out my channel and subscribe https://bit.ly/x', author: { email: 'Editor@paper.example' } }, { lists });
  assert.equal(r.verdict, 'ham');
  assert.ok(codes(r).includes('list.allowed-email'));
});

test('When a suspect word appears, then the comment is held at least for review and the word is highlighted', () => {
  const r = score({ content: 'Join the Crypto Giveaway tonight' }, { lists });
  assert.notEqual(r.verdict, 'ham');
  assert.deepEqual(reason(r, 'list.suspect-word')?.evidence, [{ field: 'content', match: 'Crypto Giveaway' }]);
  assert.ok(r.counterfactual?.some((c) => c.code === 'list.suspect-word'));
  // The word alone, with no other evidence, is held, not rejected.
  const plain = score({ content: 'I wrote about the crypto giveaway in my column' }, { lists: { ...lists } });
  assert.ok(codes(plain).includes('list.suspect-word'));
  assert.notEqual(plain.verdict, 'ham');
});

test('When every link goes to an allowed domain, then the comment is ham', () => {
  assert.ok(codes(score({ content: 'Source: https://www.paper.example/a https://paper.example/b' }, { lists })).includes('list.allowed-domain'));
});
