/** The shape of bench/results/latest.json: every section's figures, what was skipped, and the target checks. */
import type { EndToEndResult } from './end-to-end.js';
import type { GrowthResult } from './growth.js';
import type { IngestResult } from './ingest.js';
import type { PeersResult } from './peers.js';
import type { ScoringResult } from './scoring.js';

/** The machine a run measured. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly redis: string | null;
  readonly bogofilter: string | null;
  /** 1-minute load average when the run started and when it ended: other work on a shared machine skews figures. */
  readonly load: { readonly start: number; readonly end?: number };
}

/** One target next to its figure. `pass` is null when the figure could not be measured in this run. */
export interface TargetCheck {
  readonly id: string;
  readonly target: string;
  readonly figure: string;
  readonly pass: boolean | null;
}

/** The figures of the issue-3 worst-case benchmark, when bench/worst-case exists. */
export interface WorstCaseResult {
  /** Its output, as printed. */
  readonly output: string;
  readonly ms: number;
}

/** A whole run. */
export interface BenchResults {
  readonly schema: 1;
  readonly mode: 'quick' | 'full';
  readonly startedAt: string;
  readonly seconds: number;
  readonly machine: Machine;
  readonly scoring?: ScoringResult;
  readonly peers?: PeersResult;
  readonly ingest?: IngestResult;
  readonly endToEnd?: EndToEndResult;
  readonly growth?: GrowthResult;
  readonly worstCase?: WorstCaseResult;
  /** Sections not run, and why (a missing tool or data). */
  readonly skipped: ReadonlyArray<{ readonly section: string; readonly reason: string }>;
  /** Sections that failed while running. */
  readonly errors: ReadonlyArray<{ readonly section: string; readonly message: string }>;
  readonly targets: readonly TargetCheck[];
}
