/**
 * Turning a run's results into tables: aligned text for the terminal, Markdown for the README section. Pure.
 */
import type { BenchResults, TargetCheck } from './results-types.js';

/** A table: header cells, rows, and which columns are numeric (right-aligned). */
export interface Table {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
  /** Indices of right-aligned columns. */
  readonly numeric?: readonly number[];
}

const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const fix = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const num = (n: number): string => (n >= 100 ? int(n) : fix(n, n >= 10 ? 1 : 2));
const size = (bytes: number): string => (bytes >= 2 ** 20 ? `${bytes / 2 ** 20} MiB` : bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} B`);

/** PASS, FAIL, or n/a for a target not measured. */
export function verdictOf(check: TargetCheck): string {
  return check.pass === null ? 'n/a' : check.pass ? 'PASS' : 'FAIL';
}

/** Renders a table as aligned plain text with a title line. */
export function textTable(t: Table): string {
  const widths = t.headers.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (t.numeric?.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [t.title, line(t.headers), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)].join('\n');
}

/** Renders a table as GitHub Markdown (no title). */
export function markdownTable(t: Table): string {
  const esc = (c: string) => c.replaceAll('|', '\\|');
  const rule = t.headers.map((_, i) => (t.numeric?.includes(i) ? '---:' : '---'));
  return [t.headers, rule, ...t.rows].map((cells) => `| ${cells.map(esc).join(' | ')} |`).join('\n');
}

/** The targets with their figures and PASS/FAIL. */
export function targetsTable(r: Pick<BenchResults, 'targets'>): Table {
  return { title: 'Targets', headers: ['target', 'figure', 'result'], rows: r.targets.map((c) => [c.target, c.figure, verdictOf(c)]) };
}

/** Accuracy and speed of Sluice and its peers. */
export function peersTable(r: Pick<BenchResults, 'peers'>): Table | undefined {
  if (!r.peers) return undefined;
  const rows = [...r.peers.rows]
    .sort((a, b) => b.corpus.localeCompare(a.corpus))
    .map((p) => [p.corpus, p.system, p.point, fix(p.metrics.precision, 3), fix(p.metrics.recall, 3), fix(p.metrics.f1, 3), fix(p.metrics.fpr, 3), int(p.perSecond), int(p.trainMs)]);
  return {
    title: 'Peers (same input, same splits: YouTube by video pooled over 4 rotations; SMS fixed 80/20)',
    headers: ['corpus', 'system', 'operating point', 'precision', 'recall', 'F1', 'FPR', 'comments per CPU-s', 'train CPU ms'],
    rows,
    numeric: [3, 4, 5, 6, 7, 8],
  };
}

/** Every section's tables, for the terminal. */
export function sectionTables(r: BenchResults): Table[] {
  const tables: Table[] = [];
  if (r.scoring) {
    const s = r.scoring;
    const rows = [
      ...s.pipeline.map((p) => ['full pipeline', p.corpus, int(p.comments), int(p.perCpuSecond), int(p.perSecond), num(p.us.p50), num(p.us.p99)]),
      ...s.classifier.map((p) => ['classifier alone', p.corpus, int(p.comments), int(p.perCpuSecond), int(p.perSecond), num(p.us.p50), num(p.us.p99)]),
    ];
    tables.push({
      title: `1. Scoring core, one core, in-process (model ${s.model.version}: ${int(s.model.tokens)} tokens, ${fix(s.model.heapMb, 1)} MB heap)`,
      headers: ['scorer', 'corpus', 'comments', 'per CPU-second', 'best round/s', 'µs p50', 'µs p99'],
      rows,
      numeric: [2, 3, 4, 5, 6],
    });
  }
  const peers = peersTable(r);
  if (peers) tables.push({ ...peers, title: `2. ${peers.title}` });
  if (r.ingest) {
    const i = r.ingest;
    const load = (who: string, f: (typeof i.sluice.fixed)[number]) => [
      who,
      f.rate === null ? 'saturation' : int(f.rate),
      int(f.perSecond),
      num(f.latencyMs.p50),
      num(f.latencyMs.p99),
      num(f.latencyMs.p999),
      `${f.non2xx}/${f.errors}`,
    ];
    tables.push({
      title: `3. Ingest: POST /v1/comments (steady rates: paced open loop; saturation: autocannon, ${i.sluice.saturation.connections} connections)`,
      headers: ['server', 'rate asked', 'served/s', 'ms p50', 'ms p99', 'ms p99.9', 'non-2xx/errors'],
      rows: [
        ...i.sluice.fixed.map((f) => load('sluice api', f)),
        load('sluice api', i.sluice.saturation),
        load('bare express', i.bareExpress),
        ...(i.bareExpressAt1000 ? [load('bare express', i.bareExpressAt1000)] : []),
        ...i.redis.map((x) => [`redis-benchmark ${x.test}${x.pipeline > 1 ? ` -P ${x.pipeline}` : ''}`, 'saturation', int(x.perSecond), num(x.p50Ms), num(x.p99Ms), '', '']),
      ],
      numeric: [1, 2, 3, 4, 5],
    });
    if (i.sluice.redisTop?.length) {
      tables.push({
        title: `3b. Redis time per accepted request at saturation: ${num(i.sluice.redisUsPerRequest)} µs (INFO commandstats)`,
        headers: ['command', 'calls', 'µs total', 'µs per call'],
        rows: i.sluice.redisTop.map((c) => [c.command, int(c.calls), int(c.usec), num(c.usec / Math.max(1, c.calls))]),
        numeric: [1, 2, 3],
      });
    }
  }
  if (r.endToEnd) {
    const e = r.endToEnd;
    tables.push({
      title: `4. End to end (flood: posted as fast as accepted; steady: fixed rate). Peak RSS: serve ${int(e.peakRssMb.serve)} MB, worker ${int(e.peakRssMb.worker)} MB`,
      headers: ['scoring processes', 'run', 'comments', 'posted/s', 'scored', 'last verdict s', 'scored/s', 'latency p50 ms', 'p99 ms', 'Redis µs/comment'],
      rows: [
        ...e.steady.map((s) => [String(s.workers), `steady ${int(s.post.rate ?? 0)}/s`, int(s.post.ok), int(s.post.perSecond), int(s.scored), '', '', num(s.latencyMs.p50), num(s.latencyMs.p99), '']),
        ...e.floods.map((f) => [
          String(f.workers),
          'flood',
          int(f.comments),
          int(f.post.perSecond),
          int(f.scored),
          fix(f.lastVerdictSeconds, 1),
          int(f.sustainedPerSecond),
          num(f.latencyMs.p50),
          num(f.latencyMs.p99),
          int(f.redisUsPerComment),
        ]),
      ],
      numeric: [2, 3, 4, 5, 6, 7, 8, 9],
    });
    const top = e.floods[0]?.redisTop ?? [];
    if (top.length) {
      tables.push({
        title: '4b. Where Redis spent its time in the first flood (INFO commandstats; scripts include the commands they call)',
        headers: ['command', 'calls', 'µs total', 'µs per call'],
        rows: top.map((c) => [c.command, int(c.calls), int(c.usec), num(c.usec / Math.max(1, c.calls))]),
        numeric: [1, 2, 3],
      });
    }
  }
  if (r.growth) {
    const g = r.growth;
    tables.push({
      title: `5a. Growth with content size: ${fix(g.content.fit.slope, 2)} ${g.content.fit.unit} (R² ${fix(g.content.fit.r2, 3)}), exponent ${fix(g.content.fit.exponent, 2)}: ${g.content.fit.shape}`,
      headers: ['content', 'µs mean', 'µs p50'],
      rows: g.content.points.map((p) => [size(p.bytes), num(p.meanUs), num(p.p50Us)]),
      numeric: [1, 2],
    });
    tables.push({
      title: `5b. Growth with model size: ${fix(g.model.fit.slope, 2)} ${g.model.fit.unit} (R² ${fix(g.model.fit.r2, 3)}), exponent ${fix(g.model.fit.exponent, 2)}: ${g.model.fit.shape}`,
      headers: ['training comments', 'tokens', 'train s', 'heap MB', 'pipeline µs', 'classifier µs'],
      rows: g.model.points.map((p) => [int(p.examples), int(p.tokens), fix(p.trainMs / 1000, 2), fix(p.heapMb, 1), num(p.pipelineUs), num(p.classifierUs)]),
      numeric: [0, 1, 2, 3, 4, 5],
    });
  }
  return tables;
}

/** The whole terminal report: sections, then targets, then what was skipped or failed. */
export function renderReport(r: BenchResults): string {
  const parts = [...sectionTables(r), targetsTable(r)].map(textTable);
  if (r.worstCase) parts.push(`Worst case (bench/worst-case, ${fix(r.worstCase.ms / 1000, 1)} s):\n${r.worstCase.output.trim()}`);
  for (const s of r.skipped) parts.push(`skipped ${s.section}: ${s.reason}`);
  for (const e of r.errors) parts.push(`ERROR in ${e.section}: ${e.message}`);
  return `${parts.join('\n\n')}\n`;
}
