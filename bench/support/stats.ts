/** Small statistics for benchmark figures: percentiles, summaries and straight-line fits. Pure. */

/** The value at quantile `q` (0..1) of already-sorted numbers, by linear interpolation; NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const at = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** Median, p99, p99.9 and mean of a sample. */
export interface Distribution {
  readonly n: number;
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** Summarises a sample (copied and sorted; the input is left as it is). */
export function distribution(values: ArrayLike<number>): Distribution {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    mean: sorted.length ? sum / sorted.length : NaN,
    p50: quantileSorted(sorted, 0.5),
    p99: quantileSorted(sorted, 0.99),
    p999: quantileSorted(sorted, 0.999),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
}

/** A least-squares line y = intercept + slope·x, with its coefficient of determination. */
export interface LinearFit {
  readonly slope: number;
  readonly intercept: number;
  readonly r2: number;
}

/** Fits a straight line through the points (at least two distinct x). */
export function linearFit(points: ReadonlyArray<readonly [number, number]>): LinearFit {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
    syy += (y - my) ** 2;
  }
  const slope = sxx === 0 ? NaN : sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

/** How cost grows with size: the exponent b of cost ∝ size^b (log-log fit), and what it means. */
export interface GrowthShape {
  readonly exponent: number;
  /** `sub-linear` (b < 0.9), `linear` (0.9 ≤ b ≤ 1.15) or `super-linear` (b > 1.15). */
  readonly shape: 'sub-linear' | 'linear' | 'super-linear';
}

/**
 * The growth exponent fitted over the points whose size is at least `fromX`: fixed per-call costs dominate small
 * sizes and would flatter the exponent, so callers start the fit where the size-dependent work shows.
 */
export function growthShape(points: ReadonlyArray<readonly [number, number]>, fromX = 0): GrowthShape {
  const used = points.filter(([x, y]) => x >= fromX && x > 0 && y > 0);
  const exponent = used.length < 2 ? NaN : linearFit(used.map(([x, y]) => [Math.log(x), Math.log(y)] as const)).slope;
  const shape = exponent > 1.15 ? 'super-linear' : exponent < 0.9 ? 'sub-linear' : 'linear';
  return { exponent, shape };
}

/** Nanoseconds since an arbitrary origin, as a number (precise to well under a microsecond for hours). */
export function nowNs(): number {
  return Number(process.hrtime.bigint());
}
