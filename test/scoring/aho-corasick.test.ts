import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AhoCorasick } from '../../src/scoring/aho-corasick.js';

test('When terms overlap, then every occurrence of every term is found with its position', () => {
  const ac = new AhoCorasick([['카지노', 1], ['카지노사이트', 2], ['사이트', 3], ['he', 4], ['she', 5], ['hers', 6]]);
  const hits = ac.search('우리카지노사이트 ushers').map((m) => `${m.term}@${m.start}`);
  assert.deepEqual(hits.sort(), ['he@11', 'hers@11', 'she@10', '사이트@5', '카지노@2', '카지노사이트@2'].sort());
});

test('When the text is searched, then the result equals a naive indexOf scan (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom('a', 'b', '가', 'c') }), { minLength: 1, maxLength: 6 }), fc.string({ maxLength: 60, unit: fc.constantFrom('a', 'b', '가', 'c') }), (terms, text) => {
      const unique = [...new Set(terms)];
      const ac = new AhoCorasick(unique.map((t) => [t, t] as const));
      const got = ac.search(text, 10_000).map((m) => `${m.term}@${m.start}`).sort();
      const want: string[] = [];
      for (const t of unique) for (let i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + 1)) want.push(`${t}@${i}`);
      assert.deepEqual(got, want.sort());
    }),
  );
});

test('When the text is huge and full of matches, then the search stops at the limit', () => {
  const ac = new AhoCorasick([['a', true]]);
  assert.equal(ac.search('a'.repeat(1_000_000), 50).length, 50);
});

test('When terms mix ASCII, other scripts and surrogate halves, then the ASCII automaton and the fallback agree with a naive scan (property)', () => {
  const unit = fc.constantFrom('a', 'b', 'A', ' ', '.', '가', '카', '\uD83D', '\uDD25', 'é');
  fc.assert(
    fc.property(fc.array(fc.string({ minLength: 1, maxLength: 5, unit }), { minLength: 1, maxLength: 12 }), fc.string({ maxLength: 80, unit }), (terms, text) => {
      const ac = new AhoCorasick(terms.map((t, i) => [t, i] as const));
      const got = ac.search(text, 100_000).map((m) => `${m.value}:${m.term}@${m.start}-${m.end}`).sort();
      const want: string[] = [];
      terms.forEach((t, v) => {
        for (let i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + 1)) want.push(`${v}:${t}@${i}-${i + t.length}`);
      });
      assert.deepEqual(got, want.sort());
    }),
  );
});

test('When matches end at the same character, then the longest term comes first, as reached through fail links', () => {
  const ac = new AhoCorasick([['slot', 1], ['lot', 2], ['ot', 3], ['casino', 4]]);
  assert.deepEqual(ac.search('slots: slot').map((m) => `${m.term}@${m.start}`), ['slot@0', 'lot@1', 'ot@2', 'slot@7', 'lot@8', 'ot@9']);
});

test('When the terms make more states than a 16-bit table holds, then the wider table finds the same matches as a naive scan', () => {
  // 4,000 distinct 12-letter terms: about 40,000 states, past the 32,768 a 16-bit entry with its output flag can name.
  let seed = 7;
  const letter = (): string => String.fromCharCode(97 + ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 26));
  const terms = [...new Set(Array.from({ length: 4000 }, () => Array.from({ length: 12 }, letter).join('')))];
  const ac = new AhoCorasick(terms.map((t) => [t, t] as const));
  const text = `${terms[5]} x ${terms[3999 % terms.length]}${terms[17]}`.concat(Array.from({ length: 500 }, letter).join(''));
  const want: string[] = [];
  for (const t of terms) for (let i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + 1)) want.push(`${t}@${i}`);
  assert.ok(want.length >= 3);
  assert.deepEqual(ac.search(text).map((m) => `${m.term}@${m.start}`).sort(), want.sort());
});

test('When a fold table is given, then the text is matched as folded, positions stay, and a unit to remove is reported', () => {
  const fold = new Uint16Array(0x400);
  fold[0xe9] = 0x65; // é → e
  fold[0x301] = 0xffff; // combining acute: to remove
  const ac = new AhoCorasick([['pret', 1], ['cafe', 2]], fold);
  const plain = ac.scan('un prét au café');
  assert.deepEqual(plain.matches.map((m) => `${m.term}@${m.start}-${m.end}`), ['pret@3-7', 'cafe@11-15']);
  assert.equal(plain.removable, false);
  const marked = ac.scan('cafe\u0301');
  assert.equal(marked.removable, true);
  assert.deepEqual(new AhoCorasick([['pret', 1]]).search('prét'), [], 'without the table, é is not e');
});
