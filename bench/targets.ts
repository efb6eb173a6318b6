/**
 * The targets of issue 7 (and the classifier's from issue 4), each checked against the figures of a run. Pure: reads
 * a results object, so the smoke test can check it on a fixture.
 */
import type { PeerRow } from './peers.js';
import type { BenchResults, TargetCheck } from './results-types.js';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const f3 = (n: number): string => n.toFixed(3);
const ms = (n: number): string => `${n < 10 ? n.toFixed(1) : int(n)} ms`;

type Figures = Omit<BenchResults, 'targets'>;

function check(id: string, target: string, figure: string | undefined, pass: boolean | undefined): TargetCheck {
  return figure === undefined || pass === undefined ? { id, target, figure: 'not measured', pass: null } : { id, target, figure, pass };
}

/** The row of a system's operating point on a corpus. */
function row(rows: readonly PeerRow[], system: string, corpus: string, point?: string): PeerRow | undefined {
  return rows.find((r) => r.system === system && r.corpus === corpus && (point === undefined || r.point === point));
}

const PIPELINE = 'pipeline: spam verdict';

/** Accuracy targets on one corpus: Sluice's spam verdict against each peer's best operating point. */
function accuracyChecks(rows: readonly PeerRow[], corpus: 'youtube' | 'sms', label: string): TargetCheck[] {
  const sluice = row(rows, 'sluice', corpus, PIPELINE);
  const peers = ['bogofilter', 'natural'].map((name) => ({ name, rows: rows.filter((r) => r.system === name && r.corpus === corpus) }));
  const measured = sluice !== undefined && peers.every((p) => p.rows.length > 0);
  const best = (p: (typeof peers)[number], pick: (r: PeerRow) => number, better: (a: number, b: number) => boolean) =>
    p.rows.map(pick).reduce((a, b) => (better(b, a) ? b : a));
  const f1s = peers.map((p) => ({ name: p.name, v: measured ? best(p, (r) => r.metrics.f1, (a, b) => a > b) : NaN }));
  const fprs = peers.map((p) => ({ name: p.name, v: measured ? best(p, (r) => r.metrics.fpr, (a, b) => a < b) : NaN }));
  const list = (xs: typeof f1s) => xs.map((x) => `${x.name} ${f3(x.v)}`).join(', ');
  return [
    check(
      `accuracy.${corpus}.f1`,
      `F1 above both peers (${label})`,
      measured ? `Sluice ${f3(sluice.metrics.f1)}; best of ${list(f1s)}` : undefined,
      measured ? f1s.every((p) => sluice.metrics.f1 > p.v) : undefined,
    ),
    check(
      `accuracy.${corpus}.fpr`,
      `false-positive rate below both peers (${label})`,
      measured ? `Sluice ${f3(sluice.metrics.fpr)}; best of ${list(fprs)}` : undefined,
      measured ? fprs.every((p) => sluice.metrics.fpr < p.v) : undefined,
    ),
  ];
}

/** Every target, in the order of the issue. */
export function evaluateTargets(r: Figures): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const pipe = r.scoring?.pipeline;
  const slowest = pipe && pipe.length ? pipe.reduce((a, b) => (b.perCpuSecond < a.perCpuSecond ? b : a)) : undefined;
  checks.push(
    check(
      'scoring.throughput',
      'scoring core ≥ 20,000 comments/s on one core (full pipeline, per CPU-second)',
      pipe?.map((p) => `${p.corpus} ${int(p.perCpuSecond)}/s`).join(', '),
      slowest && slowest.perCpuSecond >= 20_000,
    ),
  );
  const rows = r.peers?.rows ?? [];
  const ratios = (['youtube', 'sms'] as const).flatMap((corpus) => {
    const s = row(rows, 'sluice', corpus, PIPELINE);
    const b = row(rows, 'bogofilter', corpus, 'default');
    return s && b ? [{ corpus, ratio: s.perSecond / b.perSecond, s: s.perSecond, b: b.perSecond }] : [];
  });
  checks.push(
    check(
      'scoring.vs-bogofilter',
      "scoring ≥ 2 × bogofilter's comments/s (same test sets, per CPU-second)",
      ratios.length ? ratios.map((x) => `${x.corpus} ${x.ratio.toFixed(1)}× (${int(x.s)} vs ${int(x.b)}/s)`).join(', ') : undefined,
      ratios.length ? ratios.every((x) => x.ratio >= 2) : undefined,
    ),
  );
  checks.push(...accuracyChecks(rows, 'youtube', 'YouTube, by video'), ...accuracyChecks(rows, 'sms', 'SMS'));

  const ingest = r.ingest;
  const at1000 = ingest?.sluice.fixed.find((f) => f.rate === 1000);
  checks.push(
    check(
      'ingest.share',
      'ingest ≥ 50 % of the bare-Express ceiling',
      ingest && `${int(ingest.sluice.saturation.perSecond)}/s = ${Math.round(ingest.shareOfBare * 100)} % of ${int(ingest.bareExpress.perSecond)}/s`,
      ingest && ingest.shareOfBare >= 0.5,
    ),
    check(
      'ingest.p99',
      'ingest p99 < 20 ms at 1,000 req/s',
      at1000 && `p99 ${ms(at1000.latencyMs.p99)} (${int(at1000.perSecond)} req/s served)`,
      at1000 && at1000.latencyMs.p99 < 20 && at1000.non2xx === 0 && at1000.errors === 0,
    ),
  );
  const flood = r.endToEnd?.floods.find((f) => f.workers === 1);
  const steady = r.endToEnd?.steady.find((s) => s.workers === 1);
  checks.push(
    check(
      'e2e.throughput',
      'end to end ≥ 2,000 comments/s sustained (sluice serve alone)',
      flood && `${int(flood.sustainedPerSecond)}/s (${int(flood.scored)} of ${int(flood.comments)} scored in ${flood.lastVerdictSeconds.toFixed(1)} s)`,
      flood && flood.sustainedPerSecond >= 2_000 && flood.scored === flood.comments,
    ),
    check(
      'e2e.latency',
      'verdict latency p99 < 50 ms at 500 comments/s (sluice serve)',
      steady && `p99 ${ms(steady.latencyMs.p99)}, p50 ${ms(steady.latencyMs.p50)}`,
      steady && steady.latencyMs.p99 < 50,
    ),
    check(
      'memory.worker',
      'default worker resident memory < 250 MB',
      r.endToEnd && r.endToEnd.peakRssMb.worker > 0 ? `peak ${Math.round(r.endToEnd.peakRssMb.worker)} MB (serve ${Math.round(r.endToEnd.peakRssMb.serve)} MB)` : undefined,
      r.endToEnd && r.endToEnd.peakRssMb.worker > 0 ? r.endToEnd.peakRssMb.worker < 250 : undefined,
    ),
  );
  const big = r.growth?.model.points.find((p) => p.examples === 100_000);
  const cls = r.scoring?.classifier;
  const slowCls = cls && cls.length ? cls.reduce((a, b) => (b.perCpuSecond < a.perCpuSecond ? b : a)) : undefined;
  checks.push(
    check('training.100k', 'training 100,000 comments < 10 s', big && `${(big.trainMs / 1000).toFixed(1)} s`, big && big.trainMs < 10_000),
    check(
      'classifier.throughput',
      'classifier scoring ≥ 20,000 comments/s (from raw text, per CPU-second)',
      cls?.map((p) => `${p.corpus} ${int(p.perCpuSecond)}/s`).join(', '),
      slowCls && slowCls.perCpuSecond >= 20_000,
    ),
    check('model.100k-memory', 'a 100,000-comment model < 50 MB in memory', big && `${big.heapMb.toFixed(1)} MB (${int(big.tokens)} tokens)`, big && big.heapMb < 50),
  );
  const g = r.growth;
  checks.push(
    check(
      'growth.content',
      'scoring time at most linear in content size',
      g && `${g.content.fit.slope.toFixed(2)} ${g.content.fit.unit}, exponent ${g.content.fit.exponent.toFixed(2)} (${g.content.fit.shape})`,
      g && g.content.fit.shape !== 'super-linear',
    ),
    check(
      'growth.model',
      'scoring time at most linear in model size',
      g && `${g.model.fit.slope.toFixed(2)} ${g.model.fit.unit}, exponent ${g.model.fit.exponent.toFixed(2)} (${g.model.fit.shape})`,
      g && g.model.fit.shape !== 'super-linear',
    ),
  );
  return checks;
}
