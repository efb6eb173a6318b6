/** What every system in the peer comparison returns for one split. */

/** Predictions on a split's test set, at one or more operating points, with the time it took. */
export interface SystemRun {
  /** Training on the split's training set, CPU time (ms). */
  readonly trainMs: number;
  /**
   * Classifying the whole test set, CPU time (ms): user + system time of the process doing it (for bogofilter its
   * own process, start included), so a busy machine does not change the comparison.
   */
  readonly classifyMs: number;
  /** Operating point name → spam predicted, per test example in order. */
  readonly points: Readonly<Record<string, readonly boolean[]>>;
}

/** A system under comparison: a name and how it trains and classifies one split. */
export interface System {
  /** `sluice`, `bogofilter`, `natural`. */
  readonly name: string;
  /** Operating point name → what it means, e.g. `spam verdict` → "the full pipeline's spam verdict". */
  readonly points: Readonly<Record<string, string>>;
}

/** The text a peer sees: author name and content, as the comment came (peers do their own parsing). */
export function peerText(e: { readonly author: { readonly name?: string }; readonly content: string }): string {
  return e.author.name ? `${e.author.name}\n${e.content}` : e.content;
}
