/** The foundation's two rule families on real-looking comments, spam and legitimate look-alikes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentInputSchema } from '../../src/domain/comment.js';
import { buildContext } from '../../src/scoring/context.js';
import { loadLexicon } from '../../src/scoring/lexicon-files.js';
import { defaultPhases, runPipeline } from '../../src/scoring/pipeline.js';

const phases = defaultPhases({ lexicon: loadLexicon() });
const score = (c: Record<string, unknown>) =>
  runPipeline(
    phases,
    buildContext(commentInputSchema.parse({ id: '1', postId: 'p', ...c }), { thresholds: { review: 0.5, spam: 0.9 }, languages: ['en'] }, new Date(0)),
  );
const codes = (r: ReturnType<typeof score>) => r.reasons.map((x) => x.code);

for (const name of ['바카라 사이트', '카지노 사이트', '우리카지노', '메리트카지노']) {
  test(`When the author name is "${name}" with a casino URL, then the comment is spam with the lexicon reasons`, () => {
    const r = score({ content: '정보 감사합니다', author: { name, url: 'https://wooricasino-kr.xyz' } });
    assert.equal(r.verdict, 'spam', JSON.stringify(r.reasons));
    assert.ok(codes(r).includes('lexicon.author'));
    assert.ok(codes(r).includes('lexicon.domain'));
  });
}

test('When a reader writes a Korean thank-you, then it stays ham', () => {
  assert.equal(score({ content: '좋은 기사 감사합니다', author: { name: '김민수' } }).verdict, 'ham');
});

test('When a reader discusses news about Macau casinos, then it stays ham', () => {
  const r = score({ content: 'The Macau online casino licensing story misses that revenue fell 30% after the junket crackdown.', author: { name: 'Lee' } });
  assert.equal(r.verdict, 'ham');
  assert.ok(!codes(r).includes('lexicon.gambling'), '"online casino" is a topic word readers use: alone it is no advert');
});

test('When a reader links their own blog once, then it stays ham', () => {
  const r = score({ content: 'I wrote a longer reply to this argument on my blog: https://janedoe.net/2026/11/reply', author: { name: 'Jane', url: 'https://janedoe.net' } });
  assert.equal(r.verdict, 'ham');
});

test('When a comment is a wall of links, then the link reasons push it to review or spam', () => {
  const links = Array.from({ length: 8 }, (_, i) => `http://cheap-deal${i}.top/buy`).join(' ');
  const r = score({ content: `best prices ${links}` });
  assert.notEqual(r.verdict, 'ham');
  assert.ok(codes(r).includes('link.count'));
});

test('When "slot" appears inside an ordinary English word, then the gambling lexicon does not fire', () => {
  const r = score({ content: 'The slothful council allotted no time for questions.' });
  assert.ok(!codes(r).includes('lexicon.gambling'), JSON.stringify(r.reasons));
});
