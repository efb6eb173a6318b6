/** Fingerprints (pure) and the memory phase over hand-made memory hits. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commentInputSchema } from '../../../src/domain/comment.js';
import { buildContext } from '../../../src/scoring/context.js';
import { fingerprintsOf, MAX_FINGERPRINTS, type Fingerprint } from '../../../src/scoring/fingerprints.js';
import type { MemoryHit, ScoringSignals } from '../../../src/scoring/signals.js';
import { codes, reason, score } from './helpers.js';

const fp = (c: Record<string, unknown>): Fingerprint[] =>
  fingerprintsOf(buildContext(commentInputSchema.parse({ id: '1', postId: 'p', ...c }), { thresholds: { review: 0.5, spam: 0.9 }, languages: [] }, new Date(0)));
const values = (c: Record<string, unknown>, kind: Fingerprint['kind']): string[] => fp(c).filter((f) => f.kind === kind).map((f) => f.value);

describe('fingerprints', () => {
  test('When a brand is written plain, spaced out, decorated or in math letters, then every spelling gives the same brand fingerprint', () => {
    for (const spelling of ['GACOR77', 'G A C O R 7 7', 'G*A*C*O*R*7*7', '𝐆𝐀𝐂𝐎𝐑𝟕𝟕']) {
      assert.ok(values({ content: `main di ${spelling} hari ini menang terus` }, 'brand').includes('gacor77'), spelling);
    }
  });

  test('When a phone number is written nationally or with its country code, then both give the same contact fingerprint', () => {
    assert.deepEqual(values({ content: 'hubungi 0812 3456 7890' }, 'contact'), ['tel:234567890']);
    assert.deepEqual(values({ content: 'WA +62 812-3456-7890 ya' }, 'contact'), values({ content: 'hubungi 0812 3456 7890' }, 'contact'));
  });

  test('When a comment gives a messenger link, a handle or a linked domain, then each is a fingerprint; links everyone uses are not', () => {
    const all = fp({ content: 'join https://t.me/VipBonus or @lucky_admin, site https://woori-casino.xyz/x and https://youtube.com/watch?v=1', author: { name: 'Slot88 Gacor', email: 'A@B.example' } });
    const by = (k: string) => all.filter((f) => f.kind === k).map((f) => f.value);
    assert.deepEqual(by('contact'), ['@lucky_admin', 't.me/vipbonus']);
    assert.deepEqual(by('domain'), ['woori-casino.xyz']);
    assert.deepEqual(by('author'), ['slot88 gacor', 'slot## gacor', 'email:a@b.example']);
    assert.ok(by('brand').includes('slot88'));
  });

  test('When a reader writes ordinary letter-digit words, then they are not brands', () => {
    assert.deepEqual(values({ content: 'I watched it in 1080p on my 2nd screen, mp3 and covid19 aside, and the 3rd act was great' }, 'brand'), []);
  });

  test('When a comment is short, then it has no text fingerprint; when long enough, one SimHash', () => {
    assert.deepEqual(values({ content: 'nice video' }, 'text'), []);
    assert.match(values({ content: 'this is a much longer comment about the video' }, 'text')[0]!, /^[0-9a-f]{16}$/);
  });

  test('When a comment carries a thousand links, then its fingerprints stay bounded', () => {
    const content = Array.from({ length: 1000 }, (_, i) => `https://spam${i}.example/`).join(' ');
    assert.ok(fp({ content }).length <= MAX_FINGERPRINTS);
  });
});

const hit = (h: Partial<MemoryHit> & Pick<MemoryHit, 'kind' | 'value'>): MemoryHit => ({
  scope: 'site',
  rejected: 5,
  week: 5,
  approved: 0,
  examples: [{ site: 's', id: 'c5' }, { site: 's', id: 'c4' }],
  ...h,
});
const withMemory = (memory: MemoryHit[]): { signals: ScoringSignals } => ({ signals: { windowMs: 600_000, floods: [], reputation: [], memory } });

describe('memory phase', () => {
  test('When a comment pushes a brand moderators rejected five times this week, then it is held with a message naming them and the evidence', () => {
    const r = score({ content: 'main di gacor77 hari ini' }, withMemory([hit({ kind: 'brand', value: 'gacor77', evidence: { field: 'content', match: 'gacor77' } })]));
    assert.notEqual(r.verdict, 'ham');
    const m = reason(r, 'memory.brand');
    assert.ok(m);
    assert.equal(m.message, 'Pushes "gacor77", like 5 comments you rejected this week (e.g. c5, c4).');
    assert.deepEqual(m.evidence, [{ field: 'content', match: 'gacor77' }]);
  });

  test('When as many comments with the fingerprint were approved as rejected, then it says nothing', () => {
    const r = score({ content: 'main di gacor77 hari ini' }, withMemory([hit({ kind: 'brand', value: 'gacor77', rejected: 2, approved: 2 })]));
    assert.ok(!codes(r).some((c) => c.startsWith('memory.')));
  });

  test('When only one rejected comment had the author name, then the name alone does not hold; two do', () => {
    const one = score({ content: 'hello there', author: { name: 'Jessica' } }, withMemory([hit({ kind: 'author', value: 'jessica', rejected: 1, week: 1 })]));
    assert.equal(one.verdict, 'ham');
    const two = score({ content: 'hello there', author: { name: 'Jessica' } }, withMemory([hit({ kind: 'author', value: 'jessica', rejected: 2, week: 2 })]));
    assert.equal(two.verdict, 'review');
  });

  test('When only a linked domain resembles rejected comments, then the comment is held, never rejected for it', () => {
    const r = score({ content: 'see https://news.example/a for the council vote' }, withMemory([hit({ kind: 'domain', value: 'news.example', rejected: 40, week: 40 })]));
    assert.equal(r.verdict, 'review');
  });

  test('When the hit comes from the shared memory, then the message says so', () => {
    const r = score({ content: 'x' }, withMemory([hit({ kind: 'text', value: '0123456789abcdef', scope: 'shared', rejected: 3, week: 1, examples: [] })]));
    assert.equal(reason(r, 'memory.text')?.message, 'Nearly the same text as 3 comments rejected on the sites that share their memory lately (1 this week).');
  });
});
