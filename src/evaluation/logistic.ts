/**
 * Regularised logistic regression over reason strengths, the way SpamAssassin fits rule scores: each reason code is one
 * weight, a comment's log-odds is the sum of its reasons' strengths times their weights, and the weights minimise the
 * (weighted) log-loss plus a Gaussian penalty that pulls each weight towards a prior value — its hand-set weight — so
 * that a rule the data rarely shows keeps about the weight people gave it, and one the data shows often gets the weight
 * the data supports. Weights may be bounded below (a spam rule never becomes a ham rule because of a correlation).
 *
 * Solved by cyclic coordinate descent with one Newton step per coordinate, clipped to the bounds: simple, exact for
 * this size (tens of weights, tens of thousands of comments) and deterministic.
 */

/** One labelled comment as the fit sees it: which weights its reasons carry, with what strength. */
export interface FitRow {
  readonly y: 0 | 1;
  /** Sample weight. */
  readonly s: number;
  /** Indexes into the weight vector, and the strength of each. */
  readonly idx: readonly number[];
  readonly x: readonly number[];
}

/** What to fit. */
export interface LogisticProblem {
  readonly rows: readonly FitRow[];
  /** Number of weights. */
  readonly size: number;
  /** Per weight: the value the penalty pulls towards, its penalty (0: free) and its bounds. */
  readonly prior: readonly number[];
  readonly penalty: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** Start here (default: the prior). */
  readonly start?: readonly number[];
}

/** Fits the weights; returns them with the weighted mean log-loss they reach. */
export function fitLogistic(problem: LogisticProblem, options: { maxCycles?: number; tolerance?: number } = {}): { weights: number[]; logLoss: number } {
  const { rows, size, prior, penalty, lower, upper } = problem;
  const theta = Array.from({ length: size }, (_, j) => Math.min(upper[j]!, Math.max(lower[j]!, (problem.start ?? prior)[j]!)));
  // Column view: for each weight, the rows it appears in and the strength there.
  const colRows: number[][] = Array.from({ length: size }, () => []);
  const colX: number[][] = Array.from({ length: size }, () => []);
  rows.forEach((r, i) => {
    for (let k = 0; k < r.idx.length; k++) {
      colRows[r.idx[k]!]!.push(i);
      colX[r.idx[k]!]!.push(r.x[k]!);
    }
  });
  const margin = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    let m = 0;
    for (let k = 0; k < r.idx.length; k++) m += theta[r.idx[k]!]! * r.x[k]!;
    margin[i] = m;
  });
  const maxCycles = options.maxCycles ?? 500;
  const tolerance = options.tolerance ?? 1e-6;
  for (let cycle = 0; cycle < maxCycles; cycle++) {
    let largest = 0;
    for (let j = 0; j < size; j++) {
      const rs = colRows[j]!;
      const xs = colX[j]!;
      let g = penalty[j]! * (theta[j]! - prior[j]!);
      let h = penalty[j]!;
      for (let k = 0; k < rs.length; k++) {
        const i = rs[k]!;
        const row = rows[i]!;
        const p = 1 / (1 + Math.exp(-margin[i]!));
        const x = xs[k]!;
        g += row.s * (p - row.y) * x;
        h += row.s * p * (1 - p) * x * x;
      }
      if (h <= 0) continue;
      // A damped Newton step: log-loss is flat far from the data, where a full step can overshoot.
      const step = Math.max(-2, Math.min(2, g / h));
      const next = Math.min(upper[j]!, Math.max(lower[j]!, theta[j]! - step));
      const delta = next - theta[j]!;
      if (delta === 0) continue;
      theta[j] = next;
      for (let k = 0; k < rs.length; k++) margin[rs[k]!]! += delta * xs[k]!;
      largest = Math.max(largest, Math.abs(delta));
    }
    if (largest < tolerance) break;
  }
  let loss = 0;
  let total = 0;
  rows.forEach((r, i) => {
    loss += r.s * logLoss(r.y, margin[i]!);
    total += r.s;
  });
  return { weights: theta, logLoss: total === 0 ? 0 : loss / total };
}

/** The log-loss of one label at the given log-odds, computed without overflow. */
export function logLoss(y: 0 | 1, m: number): number {
  const z = y === 1 ? m : -m;
  return z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
}
