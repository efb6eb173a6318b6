import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metricsFromConfusion } from '../../src/classifier/metrics.js';
import { decidePromotion } from '../../src/evaluation/promotion.js';
import type { VerdictFigures } from '../../src/evaluation/pipeline.js';

const figures = (tp: number, fp: number, tn: number, fn: number): VerdictFigures => {
  const spam = metricsFromConfusion({ tp, fp, tn, fn }, NaN);
  return { n: tp + fp + tn + fn, spam, spamOrReview: spam, verdicts: { ham: tn + fn, review: 0, spam: tp + fp } };
};
const policy = { f1Margin: 0.01, minHeldOutPerClass: 10 };

test('When the candidate is better on both counts, then it is promoted', () => {
  assert.equal(decidePromotion(figures(45, 0, 50, 5), figures(40, 1, 49, 10), policy).promote, true);
});

test('When the candidate has more false positives, then it is rejected however much better its F1', () => {
  const d = decidePromotion(figures(50, 2, 48, 0), figures(30, 1, 49, 20), policy);
  assert.equal(d.promote, false);
  assert.match(d.reason, /false-positive rate worse/);
});

test('When the candidate loses more F1 than the margin, then it is rejected; within the margin, promoted', () => {
  assert.equal(decidePromotion(figures(40, 0, 50, 10), figures(45, 0, 50, 5), policy).promote, false);
  assert.equal(decidePromotion(figures(45, 0, 50, 5), figures(45, 0, 50, 5), policy).promote, true);
});

test('When the held-out slice lacks examples of a class, then nothing is promoted', () => {
  const d = decidePromotion(figures(45, 0, 5, 5), figures(40, 0, 5, 10), policy);
  assert.equal(d.promote, false);
  assert.match(d.reason, /too small/);
});
