/** The weight fit's solver: regularised logistic regression with bounds, on rows whose answer is known. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { fitLogistic, logLoss, type FitRow } from '../../src/evaluation/logistic.js';

/** Rows where a rule (weight 1) fires on `spamRate` of spam and `hamRate` of ham; weight 0 is the intercept. */
function rows(n: number, spamRate: number, hamRate: number): FitRow[] {
  const out: FitRow[] = [];
  for (let i = 0; i < n; i++) {
    const spam = i % 2 === 0;
    const fires = (i >> 1) % 100 < (spam ? spamRate : hamRate) * 100;
    out.push({ y: spam ? 1 : 0, s: 1, idx: fires ? [0, 1] : [0], x: fires ? [1, 1] : [1] });
  }
  return out;
}

const free = { prior: [0, 0], penalty: [0, 0], lower: [-Infinity, -Infinity], upper: [Infinity, Infinity] };

describe('logistic fit', () => {
  it('When a rule fires on 80 % of spam and 10 % of ham, then the unpenalised fit finds the log-odds the counts imply', () => {
    const w = fitLogistic({ rows: rows(4000, 0.8, 0.1), size: 2, ...free }).weights;
    // Without the rule: 20 % spam vs 90 % ham → intercept ln(0.2/0.9); with it: ln(0.8/0.1).
    assert.ok(Math.abs(w[0]! - Math.log(0.2 / 0.9)) < 0.02, String(w[0]));
    assert.ok(Math.abs(w[0]! + w[1]! - Math.log(0.8 / 0.1)) < 0.02, String(w[1]));
  });

  it('When the penalty is strong, then the weight stays near its prior value; when weak, the data decides', () => {
    const data = rows(2000, 0.8, 0.1);
    const strong = fitLogistic({ rows: data, size: 2, prior: [0, 0.5], penalty: [0, 1e6], lower: [-Infinity, 0], upper: [Infinity, Infinity] }).weights;
    const weak = fitLogistic({ rows: data, size: 2, prior: [0, 0.5], penalty: [0, 1e-3], lower: [-Infinity, 0], upper: [Infinity, Infinity] }).weights;
    assert.ok(Math.abs(strong[1]! - 0.5) < 0.01, String(strong[1]));
    assert.ok(weak[1]! > 3, String(weak[1]));
  });

  it('When a rule fires more on ham than spam, then the lower bound keeps its weight at 0, and a ceiling caps a strong one', () => {
    const ham = fitLogistic({ rows: rows(2000, 0.1, 0.5), size: 2, prior: [0, 1], penalty: [0, 0], lower: [-Infinity, 0], upper: [Infinity, Infinity] }).weights;
    assert.equal(ham[1], 0);
    const capped = fitLogistic({ rows: rows(2000, 0.8, 0.1), size: 2, prior: [0, 1], penalty: [0, 0], lower: [-Infinity, 0], upper: [Infinity, 0.6] }).weights;
    assert.equal(capped[1], 0.6);
  });

  it('When log-loss is computed far from zero, then it neither overflows nor loses the sign', () => {
    assert.ok(Math.abs(logLoss(1, 800)) < 1e-12);
    assert.ok(Math.abs(logLoss(0, 800) - 800) < 1e-9);
    assert.ok(Math.abs(logLoss(1, 0) - Math.LN2) < 1e-12);
  });
});
