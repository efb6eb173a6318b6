/**
 * How far a score can be read as a probability: a reliability table (scores in tenths, against the share of spam
 * among them) and the Brier score (mean squared distance between score and label; 0 is perfect, 0.25 is a coin).
 */
import type { Label } from '../classifier/metrics.js';

/** One tenth of the score range. */
export interface ReliabilityBin {
  /** Lower edge of the bin: scores in [from, from + 0.1), the last bin including 1. */
  readonly from: number;
  readonly n: number;
  /** Mean score of the comments in the bin. */
  readonly meanScore: number;
  /** Share of spam among them. */
  readonly spamShare: number;
}

/** Calibration of scored, labelled comments. */
export interface Calibration {
  readonly brier: number;
  readonly bins: readonly ReliabilityBin[];
}

/** Reliability table and Brier score of `(label, score)` pairs. */
export function calibration(pairs: ReadonlyArray<{ readonly label: Label; readonly score: number }>): Calibration {
  const sums = Array.from({ length: 10 }, () => ({ n: 0, score: 0, spam: 0 }));
  let squared = 0;
  for (const { label, score } of pairs) {
    const y = label === 'spam' ? 1 : 0;
    squared += (score - y) ** 2;
    const bin = sums[Math.min(9, Math.floor(score * 10))]!;
    bin.n++;
    bin.score += score;
    bin.spam += y;
  }
  return {
    brier: pairs.length === 0 ? 0 : squared / pairs.length,
    bins: sums.map((b, k) => ({ from: k / 10, n: b.n, meanScore: b.n ? b.score / b.n : 0, spamShare: b.n ? b.spam / b.n : 0 })),
  };
}
