/**
 * Evaluation metrics for a binary spam classifier, computed from `(label, probability)` pairs.
 *
 * "Positive" means spam throughout: a false positive is a ham comment called spam, the costly mistake.
 */

/** A class label. */
export type Label = 'spam' | 'ham';

/** One scored example: its true label and the classifier's spam probability. */
export interface ScoredLabel {
  readonly label: Label;
  readonly probability: number;
}

/** Counts of the four outcomes at one threshold (spam = positive). */
export interface ConfusionMatrix {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

/** The usual figures at one threshold. Ratios whose denominator is zero are reported as 0. */
export interface BinaryMetrics {
  readonly threshold: number;
  readonly confusion: ConfusionMatrix;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** False-positive rate: ham called spam / all ham. */
  readonly fpr: number;
  readonly accuracy: number;
  /** Matthews correlation coefficient, in [-1, 1]. */
  readonly mcc: number;
}

/** One point of the precision-recall curve. */
export interface PrPoint {
  readonly threshold: number;
  readonly precision: number;
  readonly recall: number;
}

/** Everything `sluice eval` prints: figures at the chosen threshold, a sweep, the PR curve and its area. */
export interface EvaluationReport extends BinaryMetrics {
  readonly examples: number;
  readonly spam: number;
  readonly ham: number;
  /** Metrics at thresholds 0.05, 0.10, …, 0.95. */
  readonly sweep: readonly BinaryMetrics[];
  /** Precision and recall at every distinct probability, by descending threshold. */
  readonly prCurve: readonly PrPoint[];
  /** Average precision (area under the step-wise PR curve). */
  readonly averagePrecision: number;
}

/** Counts outcomes with "spam" predicted when `probability >= threshold`. */
export function confusionMatrix(pairs: readonly ScoredLabel[], threshold: number): ConfusionMatrix {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (const { label, probability } of pairs) {
    const predictedSpam = probability >= threshold;
    if (label === 'spam') predictedSpam ? tp++ : fn++;
    else predictedSpam ? fp++ : tn++;
  }
  return { tp, fp, tn, fn };
}

function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

/** Precision, recall, F1, FPR, accuracy and MCC of a confusion matrix. */
export function metricsFromConfusion(confusion: ConfusionMatrix, threshold: number): BinaryMetrics {
  const { tp, fp, tn, fn } = confusion;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const mccDen = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  return {
    threshold,
    confusion,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    fpr: ratio(fp, fp + tn),
    accuracy: ratio(tp + tn, tp + fp + tn + fn),
    mcc: ratio(tp * tn - fp * fn, mccDen),
  };
}

/** Metrics at one threshold. */
export function metricsAt(pairs: readonly ScoredLabel[], threshold: number): BinaryMetrics {
  return metricsFromConfusion(confusionMatrix(pairs, threshold), threshold);
}

/** Metrics at 0.05, 0.10, …, 0.95 (thresholds rounded so they print cleanly). */
export function thresholdSweep(pairs: readonly ScoredLabel[]): BinaryMetrics[] {
  const out: BinaryMetrics[] = [];
  for (let i = 1; i <= 19; i++) out.push(metricsAt(pairs, Math.round(i * 5) / 100));
  return out;
}

/**
 * The precision-recall curve: one point per distinct probability, from the highest threshold down, plus average
 * precision (sum over points of precision × recall gained), the usual tie-aware definition.
 */
export function precisionRecallCurve(pairs: readonly ScoredLabel[]): { points: PrPoint[]; averagePrecision: number } {
  const sorted = [...pairs].sort((a, b) => b.probability - a.probability);
  const positives = sorted.filter((p) => p.label === 'spam').length;
  const points: PrPoint[] = [];
  let tp = 0;
  let fp = 0;
  let ap = 0;
  let lastRecall = 0;
  for (let i = 0; i < sorted.length; i++) {
    const item = sorted[i]!;
    if (item.label === 'spam') tp++;
    else fp++;
    // Emit a point only after the last item of a run of equal probabilities: ties are one threshold.
    const next = sorted[i + 1];
    if (next !== undefined && next.probability === item.probability) continue;
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, positives);
    ap += (recall - lastRecall) * precision;
    lastRecall = recall;
    points.push({ threshold: item.probability, precision, recall });
  }
  return { points, averagePrecision: ap };
}

/** The full report at `threshold` (default 0.5). */
export function evaluatePairs(pairs: readonly ScoredLabel[], threshold = 0.5): EvaluationReport {
  const { points, averagePrecision } = precisionRecallCurve(pairs);
  const spam = pairs.filter((p) => p.label === 'spam').length;
  return {
    ...metricsAt(pairs, threshold),
    examples: pairs.length,
    spam,
    ham: pairs.length - spam,
    sweep: thresholdSweep(pairs),
    prCurve: points,
    averagePrecision,
  };
}
