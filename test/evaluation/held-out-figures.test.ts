/** The figures the cross-source report prints, counted from verdicts. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { LabelledExample } from '../../src/classifier/dataset.js';
import { calibration } from '../../src/evaluation/calibration.js';
import { heldOutFigures } from '../../src/evaluation/cross-source.js';
import type { VerdictOutcome } from '../../src/evaluation/pipeline.js';
import type { VerdictClass } from '../../src/domain/verdict.js';

const outcome = (label: 'spam' | 'ham', verdict: VerdictClass, score: number, codes: string[] = []): VerdictOutcome => ({
  example: { id: 'x', content: '', contentType: 'text', author: {}, label, source: 's' } satisfies LabelledExample,
  result: { score, verdict, discard: false, reasons: [{ code: 'prior', weight: -2.5, message: '' }, ...codes.map((code) => ({ code, weight: 1, message: '' }))] },
});

describe('held-out figures', () => {
  it('When verdicts are counted, then held recall counts review and spam, and readers rejected only spam', () => {
    const f = heldOutFigures('s', [
      outcome('spam', 'spam', 0.95, ['a']),
      outcome('spam', 'review', 0.6, ['a', 'a']),
      outcome('spam', 'ham', 0.1),
      outcome('ham', 'review', 0.55, ['a']),
      outcome('ham', 'ham', 0.05),
      outcome('ham', 'spam', 0.92),
      outcome('ham', 'ham', 0.02),
    ]);
    assert.equal(f.n, 7);
    assert.equal(f.heldRecall, 2 / 3);
    assert.equal(f.spamRecall, 1 / 3);
    assert.equal(f.readersRejected, 1 / 4);
    assert.equal(f.readersHeld, 2 / 4);
    assert.deepEqual(f.rules, { a: { spam: 2, ham: 1 } });
    assert.deepEqual(f.verdicts, { ham: 3, review: 2, spam: 2 });
  });

  it('When scores are binned, then each tenth holds its comments and the Brier score is their mean squared error', () => {
    const c = calibration([
      { label: 'spam', score: 1 },
      { label: 'ham', score: 0 },
      { label: 'spam', score: 0.15 },
      { label: 'ham', score: 0.12 },
    ]);
    assert.equal(c.bins[9]!.n, 1);
    assert.equal(c.bins[1]!.n, 2);
    assert.equal(c.bins[1]!.spamShare, 0.5);
    assert.ok(Math.abs(c.brier - (0.85 ** 2 + 0.12 ** 2) / 4) < 1e-12);
  });
});
