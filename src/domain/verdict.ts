/**
 * The verdict: what Sluice decided about one comment, and why.
 *
 * Scores are probabilities of spam. Every reason carries a weight in log-odds; the score is the logistic of the sum of
 * all weights (the `prior` reason included), so the reasons add up to the score exactly and a moderator can see why.
 */

/** The three outcomes, in order of severity. */
export const VERDICT_CLASSES = ['ham', 'review', 'spam'] as const;
export type VerdictClass = (typeof VERDICT_CLASSES)[number];

/** Where a comment is in its life: accepted, scored by the machine, or decided by a human. */
export const COMMENT_STATUSES = ['queued', 'scored', 'decided'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** The comment field a piece of evidence was found in. */
export type EvidenceField = 'content' | 'author.name' | 'author.email' | 'author.url' | 'author.ip' | 'link' | 'meta';

/** What a reason points at, so the moderator page can highlight it: `match` is a literal substring of `field`. */
export interface Evidence {
  readonly field: EvidenceField;
  readonly match: string;
}

/** One explained contribution to the score. */
export interface Reason {
  /** Stable dotted name, e.g. `link.count`, `lexicon.author`, `bayes`. Clients may switch on it. */
  readonly code: string;
  /** Contribution in log-odds (natural log). Positive pushes towards spam. */
  readonly weight: number;
  /** One human sentence. */
  readonly message: string;
  readonly evidence?: readonly Evidence[];
  /** Machine-readable details (e.g. the classifier's probability and top tokens). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Per-site thresholds on the score. */
export interface Thresholds {
  /** At or above this score a comment is held for a moderator. */
  readonly review: number;
  /** At or above this score a comment is rejected; 1 (or more) means never: auto-rejection is off. */
  readonly spam: number;
}

/** The verdict as stored and returned by `GET /v1/comments/:id`. */
export interface Verdict {
  readonly id: string;
  readonly site: string;
  readonly status: CommentStatus;
  readonly verdict: VerdictClass;
  readonly discard: boolean;
  readonly score: number;
  readonly reasons: readonly Reason[];
  /** The smallest set of reasons without which the verdict would have been `ham` (absent for `ham`). */
  readonly counterfactual?: ReadonlyArray<{
    readonly code: string;
    readonly evidence?: readonly Evidence[];
    /** A sentence, e.g. `ham without the link to casinositekr.xyz`. */
    readonly message: string;
  }>;
  /** Model version that scored it, or `none`. */
  readonly model: string;
  readonly receivedAt: string;
  readonly scoredAt?: string;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
}

/** Logistic function: log-odds to probability. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Probability to log-odds, clamped so that 0 and 1 stay finite. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
}

/**
 * A threshold of 1 (or more) is never reached: a probability may round, or even compute, to 1 (the logistic of a
 * large sum is exactly 1 in floating point), yet an operator who sets the spam threshold to 1 has switched
 * auto-rejection off, and one who sets review to 1 has switched holding off.
 */
export const NEVER = 1;

/**
 * The class a score falls into under the given thresholds. Pass the exact score (the logistic of the reasons' sum),
 * never a rounded one: 0.99996 rounds to 1 but is below a threshold of 0.99999.
 */
export function classify(score: number, thresholds: Thresholds): VerdictClass {
  if (reaches(score, thresholds.spam)) return 'spam';
  if (reaches(score, thresholds.review)) return 'review';
  return 'ham';
}

/** Whether a score is at or above a threshold, a threshold of {@link NEVER} or more being out of reach. */
export function reaches(score: number, threshold: number): boolean {
  return threshold < NEVER && score >= threshold;
}
