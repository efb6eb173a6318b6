/**
 * Retraining policy, pure: when a candidate may replace the active model on the held-out slice. The slice is the most
 * recent part of each source group (time order, never random: src/use-cases/global-corpus.ts), because spam campaigns
 * recur and a random split would put copies of one campaign on both sides and flatter every model.
 */
import type { VerdictFigures } from './pipeline.js';

/** The decision on a candidate, with the reason in words. */
export interface PromotionDecision {
  readonly promote: boolean;
  readonly reason: string;
}

/** Settings of the promotion rule. */
export interface PromotionPolicy {
  /** The candidate's F1 (of the `spam` verdict) may be at most this much below the active model's. */
  readonly f1Margin: number;
  /** Fewer held-out examples of either class than this, and nothing can be concluded. */
  readonly minHeldOutPerClass: number;
}

/**
 * Promote only if the false-positive rate at the spam threshold is not worse and F1 is not worse by more than the
 * margin: a reader wrongly rejected costs more than a spam held for review.
 */
export function decidePromotion(candidate: VerdictFigures, active: VerdictFigures, policy: PromotionPolicy): PromotionDecision {
  const { tp, fn, fp, tn } = candidate.spam.confusion;
  if (tp + fn < policy.minHeldOutPerClass || fp + tn < policy.minHeldOutPerClass) {
    return {
      promote: false,
      reason: `held-out slice too small: ${tp + fn} spam and ${fp + tn} ham, need ${policy.minHeldOutPerClass} of each`,
    };
  }
  const fpr = (x: number): string => `${(x * 100).toFixed(2)} %`;
  if (candidate.spam.fpr > active.spam.fpr) {
    return { promote: false, reason: `false-positive rate worse: ${fpr(candidate.spam.fpr)} against ${fpr(active.spam.fpr)}` };
  }
  if (candidate.spam.f1 < active.spam.f1 - policy.f1Margin) {
    return {
      promote: false,
      reason: `F1 worse by more than ${policy.f1Margin}: ${candidate.spam.f1.toFixed(3)} against ${active.spam.f1.toFixed(3)}`,
    };
  }
  return {
    promote: true,
    reason: `F1 ${candidate.spam.f1.toFixed(3)} (active ${active.spam.f1.toFixed(3)}), false positives ${fpr(candidate.spam.fpr)} (active ${fpr(active.spam.fpr)})`,
  };
}
