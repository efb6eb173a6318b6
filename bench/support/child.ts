/**
 * Work that must run in a fresh Node process: heap measurements (with `--expose-gc` and nothing else on the heap) and
 * peers whose import prints to stdout (natural's dotenv banners). Arguments go in on stdin as JSON; the result comes
 * back on one stdout line after a marker, so anything else the child prints is ignored.
 */
import { fromRoot } from '../../src/platform/paths.js';
import { runCommand } from './processes.js';

/** Prefix of the line carrying a child's JSON result. */
export const RESULT_MARKER = 'BENCH-RESULT ';

/** The compiled entry point of child tasks. */
const CHILD = fromRoot('dist', 'bench', 'child.js');

/** Runs a named task of bench/child.ts in a child process and returns its result; rejects with its stderr on failure. */
export async function runChildTask<T>(task: string, args: unknown, timeoutMs = 300_000): Promise<T> {
  const result = await runCommand(process.execPath, ['--expose-gc', CHILD, task], { input: JSON.stringify(args), timeoutMs });
  const line = result.stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (result.code !== 0 || line === undefined) {
    const why = result.code === null ? `timed out after ${timeoutMs} ms` : `exit ${result.code}`;
    throw new Error(`child task ${task} failed (${why}): ${result.stderr.trim().split('\n').slice(-5).join('\n')}`);
  }
  return JSON.parse(line.slice(RESULT_MARKER.length)) as T;
}
