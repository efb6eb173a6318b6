/**
 * The frozen evaluation set: labelled comments checked into the repository (models/eval/frozen-vN.jsonl: the seed
 * corpus and hand-written ordinary readers, never data from a site), which no site key and no API can write to. A
 * retrained candidate is scored on it next to the active model before promotion; it is refused when it turns any
 * reader the active model let through (held or rejected now), or changes the verdicts of more than a share of the set.
 * A new version of the set is a new file, so a model's record names the set it was judged on.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseJsonLines, type LabelledExample } from '../classifier/dataset.js';
import { fromRoot } from '../platform/paths.js';
import type { VerdictClass } from '../domain/verdict.js';

/** The set promotion is judged on. */
export const FROZEN_SET_FILE = 'models/eval/frozen-v1.jsonl';

export interface FrozenSet {
  /** `frozen-v1`. */
  readonly version: string;
  readonly examples: readonly LabelledExample[];
}

/** Reads the frozen set from the repository. */
export function loadFrozenSet(file: string = FROZEN_SET_FILE): FrozenSet {
  const version = basename(file, '.jsonl');
  return { version, examples: parseJsonLines(readFileSync(fromRoot(file), 'utf8'), version) };
}

/** How a candidate's verdicts on the frozen set differ from the active model's. */
export interface FrozenComparison {
  readonly version: string;
  readonly n: number;
  /** Examples whose verdict differs. */
  readonly changed: number;
  /** Readers (ham) the active model let through that the candidate holds or rejects: their ids. */
  readonly readersTurned: readonly string[];
  /** Whether the candidate may be promoted, and why not. */
  readonly pass: boolean;
  readonly reason: string;
}

/**
 * Compares the verdicts of candidate and active model on the frozen set (same order as its examples), pure.
 * `maxChangedShare` is RETRAIN_MAX_FROZEN_CHANGES.
 */
export function compareOnFrozen(
  set: FrozenSet,
  candidate: readonly VerdictClass[],
  active: readonly VerdictClass[],
  maxChangedShare: number,
): FrozenComparison {
  let changed = 0;
  const readersTurned: string[] = [];
  set.examples.forEach((e, i) => {
    if (candidate[i] === active[i]) return;
    changed++;
    if (e.label === 'ham' && active[i] === 'ham') readersTurned.push(e.id);
  });
  const n = set.examples.length;
  const bound = Math.floor(maxChangedShare * n);
  const base = { version: set.version, n, changed, readersTurned };
  if (readersTurned.length > 0) {
    const ids = readersTurned.slice(0, 5).join(', ');
    return { ...base, pass: false, reason: `frozen set ${set.version}: ${readersTurned.length} reader(s) let through by the active model would be held or rejected (${ids}${readersTurned.length > 5 ? ', …' : ''})` };
  }
  if (changed > bound) {
    return { ...base, pass: false, reason: `frozen set ${set.version}: ${changed} of ${n} verdicts changed, more than ${bound} (RETRAIN_MAX_FROZEN_CHANGES ${maxChangedShare})` };
  }
  return { ...base, pass: true, reason: `frozen set ${set.version}: ${changed} of ${n} verdicts changed, no reader turned` };
}
