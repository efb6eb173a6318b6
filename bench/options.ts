/** Command-line options of `npm run bench` and the budgets of each mode. */
import { parseArgs } from 'node:util';
import type { EndToEndOptions } from './end-to-end.js';
import type { GrowthOptions } from './growth.js';
import type { IngestOptions } from './ingest.js';
import type { LoopBudget } from './support/timing.js';

/** The sections, in the order they run. */
export const SECTIONS = ['scoring', 'peers', 'ingest', 'end-to-end', 'growth', 'worst-case'] as const;
/** One section's name. */
export type Section = (typeof SECTIONS)[number];

/** Everything a run needs to know. */
export interface BenchOptions {
  readonly mode: 'quick' | 'full';
  /** Sections to run (all by default). */
  readonly only: ReadonlySet<Section>;
  readonly scoring: LoopBudget;
  readonly ingest: IngestOptions;
  readonly endToEnd: EndToEndOptions;
  readonly growth: GrowthOptions;
}

const KIB = 1024;

/** Quick: CI-sized, about three minutes in all. Full: longer runs, more points, bigger floods. */
const MODES: Record<BenchOptions['mode'], Omit<BenchOptions, 'mode' | 'only'>> = {
  quick: {
    scoring: { warmupMs: 1_000, measureMs: 2_000 },
    ingest: { rates: [500, 1_000, 2_000], seconds: 5, connections: 32, redisRequests: 50_000 },
    endToEnd: { floodComments: 5_000, steadyRate: 500, steadySeconds: 4, connections: 32, drainTimeoutMs: 120_000, sampleMs: 100 },
    growth: {
      contentSizes: [100, KIB, 10 * KIB, 100 * KIB, 1024 * KIB],
      modelSizes: [1_000, 10_000, 100_000],
      budget: { warmupMs: 200, measureMs: 1_000, maxCalls: 20_000 },
    },
  },
  full: {
    scoring: { warmupMs: 2_000, measureMs: 10_000 },
    ingest: { rates: [500, 1_000, 2_000], seconds: 15, connections: 32, redisRequests: 200_000 },
    endToEnd: { floodComments: 50_000, steadyRate: 500, steadySeconds: 20, connections: 32, drainTimeoutMs: 300_000, sampleMs: 100 },
    growth: {
      contentSizes: [100, 300, KIB, 3 * KIB, 10 * KIB, 30 * KIB, 100 * KIB, 300 * KIB, 1024 * KIB],
      modelSizes: [1_000, 3_000, 10_000, 30_000, 100_000],
      budget: { warmupMs: 500, measureMs: 3_000, maxCalls: 100_000 },
    },
  },
};

/** Parses `--quick` (default), `--full` and `--only=scoring,peers,…`; throws a usage message on anything else. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { quick: { type: 'boolean' }, full: { type: 'boolean' }, only: { type: 'string' } },
    strict: true,
  });
  if (values.quick && values.full) throw new Error('choose one of --quick and --full');
  const only = values.only === undefined ? [...SECTIONS] : values.only.split(',').map((s) => s.trim());
  for (const s of only) {
    if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section "${s}"; sections: ${SECTIONS.join(', ')}`);
  }
  const mode = values.full ? 'full' : 'quick';
  return { mode, only: new Set(only as Section[]), ...MODES[mode] };
}
