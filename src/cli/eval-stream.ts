/**
 * `sluice eval --stream [--sources a,b…] [--moderate 200] [--limit 600] [--interval 60] [--format …] [--errors FILE]`:
 * every shared source in ../shared/data streamed through the real service (API and workers in this process, on the
 * configured Redis under fresh key prefixes) with a simulated moderator on the first comments, then scored with no
 * help; prints held recall, spam recall, readers rejected and readers held on the comments after the moderated ones,
 * next to the same comments on a site where nobody decided anything, and the decisions made. Progress goes to stderr.
 */
import { writeFile } from 'node:fs/promises';
import type { Config } from '../platform/config.js';
import { ensureRedis } from '../platform/embedded-redis.js';
import type { HeldOutFigures } from '../evaluation/cross-source.js';
import { startInstallation } from './installation.js';
import { loadSharedSources, youtubeNewestFirst } from '../evaluation/sources.js';
import { meetsStreamTargets, STREAM_TARGETS, streamEvaluation, streamsOf, type StreamFigures, type StreamReport } from './stream-evaluation.js';
import { createLogger } from '../platform/logger.js';
import { pct, round, sharedDataFor, table, type EvalFormat } from './eval-report.js';
import { printJson, UsageError } from './io.js';

export interface EvalStreamOptions {
  readonly sources?: readonly string[] | undefined;
  readonly moderate: number;
  readonly limit: number;
  /** Simulated seconds between two comments (0: the real clock). */
  readonly intervalSeconds: number;
  /**
   * Simulated minutes after which a published, unreported comment is learned as its site's ham (the service's
   * LEARN_PUBLISHED_AFTER_HOURS; default 60: at one comment a minute, what 48 hours are to a site with 60 comments in
   * two days). 0: never.
   */
  readonly learnAfterMinutes: number;
  readonly format: EvalFormat;
  /** Writes the comments the moderated sites got wrong after moderation, as JSON lines. */
  readonly errors?: string | undefined;
}

/** Parses a non-negative whole number option. */
export function countOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number ≥ 0, not "${value}"`);
  return n;
}

/** Runs the streams and prints the report; returns the exit code. */
export async function evalStreamCommand(config: Config, options: EvalStreamOptions): Promise<number> {
  const started = performance.now();
  const dir = sharedDataFor('eval --stream', options.sources);
  if (options.limit < 1) throw new UsageError('--limit must be at least 1');
  const sources = await loadSharedSources(dir, options.sources?.length ? options.sources : undefined);
  if (sources.length === 0) throw new UsageError('None of the sources asked for is in ../shared/data');
  const streams = streamsOf(sources, await youtubeNewestFirst(dir));
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);
  progress(`eval --stream: ${streams.length} streams (${streams.map((s) => s.name).join(', ')}), ${options.moderate} moderated then up to ${options.limit} in all`);
  // As `sluice serve`: a private redis-server when nothing answers at REDIS_URL (EMBEDDED_REDIS=auto).
  const embedded = await ensureRedis(config, createLogger({ level: 'warn' }));
  // The published-ham sweep looks often in real time: the simulated clock runs minutes a second.
  const service: Config = { ...config, learnPublished: { afterHours: options.learnAfterMinutes / 60, intervalMs: 250 } };
  let report: StreamReport;
  try {
    report = await streamEvaluation(streams, service, {
      moderate: options.moderate,
      limit: options.limit,
      intervalMs: options.intervalSeconds * 1000,
      install: (o) => startInstallation(service, o),
      progress,
    });
  } finally {
    await embedded?.stop();
  }
  if (options.errors) await writeFile(options.errors, errorLines(report));
  const seconds = (performance.now() - started) / 1000;
  const { errors: _errors, ...figures } = report;
  if (options.format === 'json') await printJson({ evaluation: 'stream', targets: STREAM_TARGETS, ...figures, seconds: round(seconds, 1) });
  else process.stdout.write(render(report, options.format === 'markdown', seconds));
  return 0;
}

function errorLines(report: StreamReport): string {
  return report.errors
    .map((o) =>
      JSON.stringify({
        stream: o.stream,
        id: o.example.id,
        label: o.example.label,
        verdict: o.result.verdict,
        score: o.result.score,
        author: o.example.author,
        content: o.example.content,
        reasons: o.result.reasons.filter((r) => r.code !== 'prior').map((r) => `${r.code} ${r.weight >= 0 ? '+' : ''}${round(r.weight, 2)}`),
      }),
    )
    .join('\n')
    .concat('\n');
}

function render(report: StreamReport, markdown: boolean, seconds: number): string {
  const head = [
    'stream',
    'n',
    'after: spam / ham',
    'decisions (approved / rejected / reported)',
    'held recall',
    'spam recall',
    'readers rejected',
    'readers held',
    'targets',
  ];
  const both = (f: StreamFigures, value: (h: HeldOutFigures) => string): string => `${value(f.control)} → ${value(f.after)}`;
  const row = (f: StreamFigures): string[] => [
    f.name,
    String(f.n),
    `${f.after.spam} / ${f.after.ham}`,
    `${f.decisions.approved} / ${f.decisions.rejected} / ${f.decisions.reported}`,
    both(f, (h) => h.heldRecall.toFixed(3)),
    both(f, (h) => h.spamRecall.toFixed(3)),
    both(f, (h) => pct(h.readersRejected, 2)),
    both(f, (h) => pct(h.readersHeld, 2)),
    meetsStreamTargets(f.after) ? 'met' : 'missed',
  ];
  const all = [...report.streams, ...report.sources, report.pooled];
  const parts = [
    `Streams with a moderator: the first ${report.moderate} comments of each stream moderated (held ones decided with their true label, every other published spam reported by readers and rejected), then up to ${report.limit} in all scored with no help; one comment every ${report.intervalMs / 1000} s of simulated time; review ≥ ${report.thresholds.review}, spam ≥ ${report.thresholds.spam}`,
    `Figures on the comments after the moderated ones: with no moderation (a site where nobody decided) → with it. Targets (issue 13): held recall ≥ ${STREAM_TARGETS.heldRecall}, readers rejected ≤ ${pct(STREAM_TARGETS.readersRejected)}, readers held ≤ ${pct(STREAM_TARGETS.readersHeld)}`,
    '',
    table(head, all.map(row), markdown),
    '',
    'Decisions learned by the site model (from the answer to the model updated): ' +
      all.map((f) => `${f.name} ${f.decisions.learned} (median ${f.decisions.learnMs.median} ms, slowest ${f.decisions.learnMs.max} ms)`).join('; '),
  ];
  const codes = [...new Set(report.streams.flatMap((f) => [...Object.keys(f.after.rules), ...Object.keys(f.control.rules)]))]
    .filter((code) => report.streams.some((f) => firing(f.after, code) !== firing(f.control, code)))
    .sort();
  if (codes.length) {
    parts.push('', 'Reasons that fired differently after moderation (comments after the moderated ones, spam / ham: no moderation → moderated)');
    const rHead = ['reason', ...report.streams.map((f) => f.name)];
    const rRows = codes.map((code) => [code, ...report.streams.map((f) => (firing(f.after, code) === firing(f.control, code) ? '' : `${firing(f.control, code)} → ${firing(f.after, code)}`))]);
    parts.push(table(rHead, rRows, markdown));
  }
  parts.push('', `${round(seconds, 1)} s`, '');
  return parts.join('\n');
}

function firing(f: HeldOutFigures, code: string): string {
  const r = f.rules[code];
  return `${r?.spam ?? 0}/${r?.ham ?? 0}`;
}
