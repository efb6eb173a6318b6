/**
 * The worst-case benchmark of the heuristics (bench/worst-case.ts, issue 3), when it exists: run as its own process,
 * exactly as `npm run bench:worst` runs it, and its output kept as printed.
 */
import { existsSync } from 'node:fs';
import { fromRoot } from '../src/platform/paths.js';
import type { WorstCaseResult } from './results-types.js';
import { runCommand } from './support/processes.js';

/** The compiled worst-case benchmark. */
export const WORST_CASE = fromRoot('dist', 'bench', 'worst-case.js');

/** Runs it, or returns undefined when it does not exist (yet). Rejects when it fails. */
export async function runWorstCase(timeoutMs: number): Promise<WorstCaseResult | undefined> {
  if (!existsSync(WORST_CASE)) return undefined;
  const r = await runCommand(process.execPath, [WORST_CASE], { timeoutMs });
  if (r.code !== 0) throw new Error(`bench/worst-case exited ${r.code ?? 'on its time limit'}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return { output: r.stdout, ms: r.ms };
}
