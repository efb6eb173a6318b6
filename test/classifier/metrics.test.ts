import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { confusionMatrix, evaluatePairs, metricsAt, type ScoredLabel } from '../../src/classifier/metrics.js';

const pairs: ScoredLabel[] = [
  ...[0.9, 0.8, 0.4, 0.7].map((probability) => ({ label: 'spam' as const, probability })),
  ...[0.6, 0.2, 0.1, 0.3, 0.05, 0.55].map((probability) => ({ label: 'ham' as const, probability })),
];

describe('metrics', () => {
  it('When 4 spam and 6 ham are scored, then the figures at 0.5 match the hand-computed confusion matrix', () => {
    // By hand: TP 0.9 0.8 0.7 · FN 0.4 · FP 0.6 0.55 · TN the other four.
    assert.deepEqual(confusionMatrix(pairs, 0.5), { tp: 3, fp: 2, tn: 4, fn: 1 });
    const m = metricsAt(pairs, 0.5);
    assert.equal(m.precision, 3 / 5);
    assert.equal(m.recall, 3 / 4);
    assert.ok(Math.abs(m.f1 - 2 / 3) < 1e-12);
    assert.equal(m.fpr, 2 / 6);
    assert.equal(m.accuracy, 7 / 10);
    assert.ok(Math.abs(m.mcc - 10 / Math.sqrt(600)) < 1e-12);
  });

  it('When a probability equals the threshold, then it counts as spam', () => {
    assert.deepEqual(confusionMatrix(pairs, 0.55), { tp: 3, fp: 2, tn: 4, fn: 1 });
    assert.deepEqual(confusionMatrix(pairs, 0.56), { tp: 3, fp: 1, tn: 5, fn: 1 });
  });

  it('When nothing is predicted spam, then ratios with a zero denominator are 0, not NaN', () => {
    const m = metricsAt(pairs, 1.1);
    assert.deepEqual([m.precision, m.recall, m.f1, m.fpr, m.mcc], [0, 0, 0, 0, 0]);
  });

  it('When a report is built, then it has the 19-step sweep, the PR curve and the average precision', () => {
    const r = evaluatePairs(pairs);
    assert.deepEqual(
      r.sweep.map((s) => s.threshold),
      [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95],
    );
    assert.deepEqual([r.examples, r.spam, r.ham], [10, 4, 6]);
    assert.equal(r.prCurve.length, 10);
    assert.deepEqual(r.prCurve[2], { threshold: 0.7, precision: 1, recall: 0.75 });
    // Spam found at ranks 1, 2, 3 and 6: AP = (1 + 1 + 1 + 4/6) / 4.
    assert.ok(Math.abs(r.averagePrecision - (3 + 4 / 6) / 4) < 1e-12);
  });

  it('When probabilities tie across labels, then they form one PR point', () => {
    const tied: ScoredLabel[] = [
      { label: 'spam', probability: 0.7 },
      { label: 'ham', probability: 0.7 },
    ];
    assert.deepEqual(evaluatePairs(tied).prCurve, [{ threshold: 0.7, precision: 0.5, recall: 1 }]);
  });
});
