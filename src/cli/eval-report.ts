/** What the `eval --cross-source` and `eval --stream` commands share: their formats, the shared data they read, and how they print. */
import { findSharedData } from '../classifier/dataset.js';
import { SHARED_SOURCES } from '../evaluation/sources.js';
import { UsageError } from './io.js';

export const EVAL_FORMATS = ['table', 'markdown', 'json'] as const;
export type EvalFormat = (typeof EVAL_FORMATS)[number];

/** ../shared/data, once the sources asked for are known names; a usage error naming `command` otherwise. */
export function sharedDataFor(command: string, sources: readonly string[] | undefined): string {
  const dir = findSharedData();
  if (!dir) throw new UsageError(`${command} reads ../shared/data beside the project, which is absent`);
  const unknown = (sources ?? []).filter((s) => !SHARED_SOURCES.some((x) => x.name === s));
  if (unknown.length) throw new UsageError(`Unknown source ${unknown.join(', ')}; sources: ${SHARED_SOURCES.map((s) => s.name).join(', ')}`);
  return dir;
}

export const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;
export const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)} %`;

/** A table as aligned text columns, or as Markdown. */
export function table(head: readonly string[], rows: readonly (readonly string[])[], markdown: boolean): string {
  if (markdown) {
    const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
    return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
  }
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
