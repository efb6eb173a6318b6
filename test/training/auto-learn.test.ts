import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoLabel } from '../../src/use-cases/auto-learn.js';
import type { Reason } from '../../src/domain/verdict.js';

const reason = (code: string, weight: number, probability?: number): Reason => ({
  code,
  weight,
  message: code,
  ...(probability === undefined ? {} : { data: { probability } }),
});
const verdict = (score: number, reasons: Reason[]) => ({ score, status: 'scored' as const, reasons: [reason('prior', -2.5), ...reasons] });

test('When heuristics and classifier both say spam with high confidence, then the verdict is learned as spam', () => {
  assert.equal(autoLabel(verdict(0.995, [reason('lexicon.author', 3), reason('link.count', 1), reason('bayes', 3.5, 0.97)])), 'spam');
});

test('When only the classifier is confident, then nothing is learned (it must not teach itself its own mistakes)', () => {
  assert.equal(autoLabel(verdict(0.995, [reason('link.count', 0.6), reason('bayes', 5, 0.999)])), undefined);
});

test('When the classifier abstained, then nothing is learned', () => {
  assert.equal(autoLabel(verdict(0.999, [reason('lexicon.author', 3), reason('lexicon.domain', 2), reason('link.count', 2)])), undefined);
});

test('When both agree it is clean, then it is learned as ham; a suspicious heuristic vetoes', () => {
  assert.equal(autoLabel(verdict(0.01, [reason('bayes', -2.2, 0.05)])), 'ham');
  assert.equal(autoLabel(verdict(0.015, [reason('link.count', 0.6), reason('bayes', -2.5, 0.02)])), undefined);
});

test('When a human already decided, then the machine does not relabel it', () => {
  assert.equal(autoLabel({ ...verdict(0.995, [reason('lexicon.author', 3), reason('bayes', 3, 0.97)]), status: 'decided' }), undefined);
});
