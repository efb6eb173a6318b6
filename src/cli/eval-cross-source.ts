/**
 * `sluice eval --cross-source [--sources a,b…] [--format table|markdown|json] [--errors FILE]`: for each shared
 * source in ../shared/data, prepare the scorer on all the others (plus the seed corpus), score the held-out one
 * through the full pipeline one comment at a time, and print held recall, readers rejected and readers held per
 * source against the targets, calibration, YouTube by video, and how often each reason fired on spam and ham.
 * `--errors` writes the held-out comments the verdict got wrong (missed spam, held readers) as JSON lines.
 */
import { writeFile } from 'node:fs/promises';
import { loadSeedCorpus, loadSharedSources } from '../evaluation/sources.js';
import type { Config } from '../platform/config.js';
import { crossSourceEvaluation, meetsTargets, TARGETS, type CrossSourceReport, type HeldOutFigures } from '../evaluation/cross-source.js';
import { fromRoot } from '../platform/paths.js';
import { loadLexicon } from '../scoring/lexicon-files.js';
import { pct, round, sharedDataFor, table, type EvalFormat } from './eval-report.js';
import { printJson, UsageError } from './io.js';

export interface EvalCrossSourceOptions {
  readonly sources?: readonly string[] | undefined;
  readonly format: EvalFormat;
  readonly errors?: string | undefined;
  /** Also hold out each YouTube video. Default true. */
  readonly videos?: boolean;
}

/** Runs the evaluation and prints it; returns the exit code. */
export async function evalCrossSourceCommand(config: Config, options: EvalCrossSourceOptions): Promise<number> {
  const started = performance.now();
  const dir = sharedDataFor('eval --cross-source', options.sources);
  const sources = await loadSharedSources(dir);
  if (sources.length < 2) throw new UsageError('eval --cross-source needs at least two shared sources');
  const seed = await loadSeedCorpus(fromRoot('models', 'seed'));
  const report = crossSourceEvaluation(sources, { lexicon: loadLexicon(), thresholds: config.thresholds, seed, videos: options.videos ?? true });
  const shown = options.sources?.length ? { ...report, sources: report.sources.filter((s) => options.sources!.includes(s.name)) } : report;
  const seconds = (performance.now() - started) / 1000;
  if (options.errors) await writeFile(options.errors, errorLines(report));
  if (options.format === 'json') {
    const { outcomes: _outcomes, ...rest } = shown;
    await printJson({ evaluation: 'cross-source', targets: TARGETS, ...rest, seconds: round(seconds, 1) });
  } else {
    process.stdout.write(render(shown, options.format === 'markdown', seconds));
  }
  return 0;
}

function errorLines(report: CrossSourceReport): string {
  return report.outcomes
    .filter((o) => (o.example.label === 'spam') !== (o.result.verdict !== 'ham'))
    .map((o) =>
      JSON.stringify({
        source: o.heldOut,
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

function render(report: CrossSourceReport, markdown: boolean, seconds: number): string {
  const head = ['held out', 'n', 'spam', 'held recall', 'spam recall', 'readers rejected', 'readers held', `recall @${pct(TARGETS.readersHeld, 0)} held`, 'Brier', 'targets'];
  const row = (f: HeldOutFigures, target = true): string[] => [
    f.name,
    String(f.n),
    String(f.spam),
    f.heldRecall.toFixed(3),
    f.spamRecall.toFixed(3),
    pct(f.readersRejected, 2),
    pct(f.readersHeld, 2),
    f.recallAtTarget.toFixed(3),
    f.calibration.brier.toFixed(3),
    target ? (meetsTargets(f) ? 'met' : 'missed') : '',
  ];
  const parts = [
    `Cross-source (train on the other sources + seed, score the held-out one through the full pipeline; review ≥ ${report.thresholds.review}, spam ≥ ${report.thresholds.spam})`,
    `Targets per source: held recall ≥ ${TARGETS.heldRecall}, readers rejected ≤ ${pct(TARGETS.readersRejected)}, readers held ≤ ${pct(TARGETS.readersHeld)}`,
    '',
    table(head, [...report.sources.map((f) => row(f)), row(report.pooled, false)], markdown),
  ];
  if (report.videos.length) {
    const vHead = ['video held out', 'n', 'held F1', 'held FPR', 'spam F1', 'spam FPR', `target (F1 ≥ ${TARGETS.videoF1}, FPR ≤ ${pct(TARGETS.videoFpr, 0)})`];
    const vRows = report.videos.map((v) => {
      const ok = (v.heldF1 >= TARGETS.videoF1 && v.readersHeld <= TARGETS.videoFpr) || (v.spamF1 >= TARGETS.videoF1 && v.readersRejected <= TARGETS.videoFpr);
      return [v.name, String(v.n), v.heldF1.toFixed(3), pct(v.readersHeld, 2), v.spamF1.toFixed(3), pct(v.readersRejected, 2), ok ? 'met' : 'missed'];
    });
    parts.push('', table(vHead, vRows, markdown));
  }
  parts.push('', 'Calibration (score tenth: comments, mean score → share of spam)');
  const cHead = ['held out', ...Array.from({ length: 10 }, (_, k) => `${k / 10}–${(k + 1) / 10}`)];
  const cRows = [...report.sources, report.pooled].map((f) => [
    f.name,
    ...f.calibration.bins.map((b) => (b.n === 0 ? '' : `${b.n}: ${b.meanScore.toFixed(2)}→${b.spamShare.toFixed(2)}`)),
  ]);
  parts.push(table(cHead, cRows, markdown));
  parts.push('', 'Reasons fired (comments: spam / ham) per held-out source');
  const codes = [...new Set(report.sources.flatMap((f) => Object.keys(f.rules)))].sort();
  const rHead = ['reason', ...report.sources.map((f) => `${f.name} (${f.spam}/${f.ham})`)];
  const rRows = codes.map((code) => [code, ...report.sources.map((f) => (f.rules[code] ? `${f.rules[code]!.spam} / ${f.rules[code]!.ham}` : ''))]);
  parts.push(table(rHead, rRows, markdown));
  parts.push('', `${round(seconds, 1)} s`, '');
  return parts.join('\n');
}
