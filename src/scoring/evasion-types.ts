/** The disguises the text fold undoes and reports (see docs/REASONS.md, family `evasion`). */

/** The kinds of disguise. */
export const EVASION_KINDS = ['styled', 'mixed-script', 'spaced', 'decorated', 'leet', 'broken-digits', 'invisible'] as const;
export type EvasionKind = (typeof EVASION_KINDS)[number];

/** One disguise normalisation undid in a field: what was written and what it reads as. */
export interface EvasionFinding {
  readonly kind: EvasionKind;
  /** The disguised span, a literal substring of the field as the CMS sent it (the moderator page highlights it). */
  readonly match: string;
  /** What it reads as once undone (`𝐌𝐄𝐆𝐀𝟖𝟖` → `MEGA88`). */
  readonly folded: string;
}

/**
 * What normalisation undid, per field. Empty arrays when the field was written plainly. `leet` is never here: whether
 * `c4s1n0` is a disguise depends on the lexicons, so the evasion phase finds it.
 */
export interface EvasionReport {
  readonly content: readonly EvasionFinding[];
  readonly authorName: readonly EvasionFinding[];
}
