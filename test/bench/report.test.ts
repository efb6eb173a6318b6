/** Smoke test of the benchmark's pure parts (targets, tables, README section, chart, statistics) on a fixture. No timing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineChart, niceMax } from '../../bench/chart.js';
import { parseRedisBenchmark } from '../../bench/ingest.js';
import { asMbox, childCpuMs } from '../../bench/peers/bogofilter.js';
import { PERF_END, PERF_START, performanceSection, replaceSection } from '../../bench/readme-section.js';
import { markdownTable, renderReport, textTable } from '../../bench/report.js';
import type { BenchResults } from '../../bench/results-types.js';
import { synthesize } from '../../bench/synth.js';
import { evaluateTargets } from '../../bench/targets.js';
import { parseCommandStats } from '../../bench/support/processes.js';
import { startedLine } from '../../bench/support/sluice.js';
import { distribution, growthShape, linearFit, quantileSorted } from '../../bench/support/stats.js';
import { metricsFromConfusion } from '../../src/classifier/metrics.js';

const us = { n: 10, mean: 40, p50: 30, p99: 90, p999: 120, max: 130 };
const ms = { mean: 5, p50: 4, p99: 12, p999: 30, max: 40 };
const loop = { calls: 10, perSecond: 30_000, perSecondOverall: 28_000, us };
const load = (rate: number | null, perSecond: number) => ({ rate, connections: 32, ok: 5_000, non2xx: 0, errors: 0, seconds: 5, perSecond, latencyMs: ms });
const peer = (system: 'sluice' | 'bogofilter' | 'natural', point: string, corpus: 'youtube' | 'sms', m: [number, number, number, number]) => ({
  system,
  point,
  corpus,
  metrics: metricsFromConfusion({ tp: m[0], fp: m[1], tn: m[2], fn: m[3] }, NaN),
  comments: m.reduce((a, b) => a + b, 0),
  perSecond: system === 'sluice' ? 25_000 : 10_000,
  trainMs: 100,
});

function fixture(): Omit<BenchResults, 'targets'> {
  return {
    schema: 1,
    mode: 'quick',
    startedAt: '2026-11-21T12:00:00.000Z',
    seconds: 170,
    machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 24, os: 'Linux 6', node: '20.0.0', redis: '7.0.15', bogofilter: '1.2.5', load: { start: 0.2, end: 0.4 } },
    scoring: {
      model: { version: 'default@0000', tokens: 6_500, heapMb: 0.8 },
      pipeline: [{ corpus: 'youtube', comments: 1_586, ...loop, perCpuSecond: 25_000 }, { corpus: 'sms', comments: 5_574, ...loop, perCpuSecond: 19_000 }],
      classifier: [{ corpus: 'youtube', comments: 1_586, ...loop, perCpuSecond: 50_000 }],
    },
    peers: {
      rows: [
        peer('sluice', 'pipeline: spam verdict', 'youtube', [700, 3, 750, 120]),
        peer('bogofilter', 'default', 'youtube', [530, 140, 615, 300]),
        peer('bogofilter', '≥ 0.5', 'youtube', [800, 480, 270, 26]),
        peer('natural', 'arg-max', 'youtube', [819, 360, 395, 12]),
      ],
      skipped: [],
      points: {},
    },
    ingest: {
      sluice: { fixed: [load(500, 500), load(1_000, 1_000)], saturation: load(null, 2_000), redisUsPerRequest: 80, redisTop: [{ command: 'evalsha', calls: 3, usec: 90 }] },
      bareExpress: load(null, 5_000),
      bareExpressAt1000: load(1_000, 1_000),
      redis: [{ test: 'SET', pipeline: 1, perSecond: 50_000, p50Ms: 0.5, p99Ms: 1 }],
      shareOfBare: 0.4,
    },
    skipped: [{ section: 'growth', reason: 'not in this fixture' }],
    errors: [],
  };
}

test('When targets are evaluated on a fixture, then each has its figure and PASS, FAIL or n/a as the figures say', () => {
  const byId = new Map(evaluateTargets(fixture()).map((t) => [t.id, t]));
  assert.equal(byId.get('scoring.throughput')?.pass, false, 'the slower corpus (sms, 19,000/s) decides');
  assert.equal(byId.get('scoring.vs-bogofilter')?.pass, true);
  assert.equal(byId.get('accuracy.youtube.f1')?.pass, true);
  assert.equal(byId.get('accuracy.youtube.fpr')?.pass, true);
  assert.equal(byId.get('accuracy.sms.f1')?.pass, null, 'no SMS rows: not measured');
  assert.equal(byId.get('ingest.share')?.pass, false);
  assert.equal(byId.get('ingest.p99')?.pass, true);
  assert.equal(byId.get('e2e.throughput')?.pass, null);
  assert.equal(byId.get('training.100k')?.figure, 'not measured');
  assert.match(byId.get('ingest.share')?.figure ?? '', /2,000\/s = 40 % of 5,000\/s/);
});

test('When the report is rendered, then tables are aligned, Markdown cells escaped, and skips listed', () => {
  const results: BenchResults = { ...fixture(), targets: evaluateTargets(fixture()) };
  const text = renderReport(results);
  assert.match(text, /^Targets$/m);
  assert.match(text, /FAIL/);
  assert.match(text, /skipped growth: not in this fixture/);
  const table = textTable({ title: 't', headers: ['a', 'n'], rows: [['x', '1'], ['yy', '100']], numeric: [1] });
  assert.deepEqual(table.split('\n').slice(1), ['a     n', '--  ---', 'x     1', 'yy  100']);
  assert.equal(markdownTable({ title: '', headers: ['a|b'], rows: [['c']] }), '| a\\|b |\n| --- |\n| c |');
});

test('When the README section is regenerated, then only the text between the markers changes', () => {
  const results: BenchResults = { ...fixture(), targets: evaluateTargets(fixture()) };
  const doc = `# T\n\n## Performance\n\n${PERF_START}\nold\n${PERF_END}\n\n## Next\n`;
  const out = replaceSection(doc, performanceSection(results));
  assert.ok(out.startsWith(`# T\n\n## Performance\n\n${PERF_START}\n`));
  assert.ok(out.endsWith(`${PERF_END}\n\n## Next\n`));
  assert.doesNotMatch(out, /\nold\n/);
  assert.match(out, /\| target \| figure \| result \|/);
  assert.match(out, /2 × Test CPU/);
  assert.equal(replaceSection(out, performanceSection(results)), out, 'idempotent');
  assert.throws(() => replaceSection('# no markers', 'x'), /markers/);
});

test('When a chart is drawn, then it is an SVG with one polyline per series and escaped text', () => {
  const svg = lineChart({ title: 'a < b', xLabel: 's', yLabel: 'n', series: [{ name: 'one', points: [[0, 0], [1, 5]] }, { name: 'two', points: [[0, 3]] }] });
  assert.ok(svg.startsWith('<svg'));
  assert.equal(svg.match(/<polyline/g)?.length, 2);
  assert.match(svg, /a &lt; b/);
  assert.deepEqual([niceMax(0), niceMax(7), niceMax(120), niceMax(5000)], [1, 10, 200, 5000]);
});

test('When statistics are computed, then percentiles interpolate and fits find slope and growth exponent', () => {
  assert.equal(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
  assert.ok(Number.isNaN(quantileSorted([], 0.5)));
  const d = distribution([5, 1, 3]);
  assert.deepEqual([d.n, d.p50, d.max, d.mean], [3, 3, 5, 3]);
  const fit = linearFit([[1, 3], [2, 5], [3, 7]]);
  assert.deepEqual([fit.slope, fit.intercept, fit.r2], [2, 1, 1]);
  assert.equal(growthShape([[1, 1], [10, 10], [100, 100]]).shape, 'linear');
  assert.equal(growthShape([[1, 1], [10, 100], [100, 10_000]]).shape, 'super-linear');
  assert.equal(growthShape([[1, 10], [10, 11], [100, 12]]).shape, 'sub-linear');
});

test('When tool output is parsed, then redis-benchmark CSV, INFO commandstats and the started log line are read', () => {
  const csv = '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"\n"SET","48780.49","0.686","0.104","0.647","0.975","2.439","4.655"\n';
  assert.deepEqual(parseRedisBenchmark(csv, 1), [{ test: 'SET', pipeline: 1, perSecond: 48780.49, p50Ms: 0.647, p99Ms: 2.439 }]);
  const info = '# Commandstats\r\ncmdstat_get:calls=10,usec=50,usec_per_call=5.00\r\ncmdstat_evalsha:calls=4,usec=400,usec_per_call=100.00\r\n';
  assert.deepEqual(parseCommandStats(info).map((c) => c.command), ['evalsha', 'get']);
  const log = '{"level":30,"msg":"other"}\n{"level":30,"url":"http://127.0.0.1:4000","msg":"sluice started"}\n{"half';
  assert.deepEqual(startedLine(log), { url: 'http://127.0.0.1:4000' });
  assert.equal(startedLine('{"msg":"sluice starting"}'), undefined);
  assert.equal(childCpuMs('0m0.000s 0m0.003s\n0m1.250s 0m0.250s\n'), 1500);
  assert.throws(() => childCpuMs('nothing'), /CPU times/);
});

test('When comments are written as an mbox for bogofilter, then body lines starting with "From " are escaped', () => {
  const mbox = asMbox([{ id: '1', content: 'hi\nFrom here on\n', contentType: 'html', author: { name: 'A\nB' }, label: 'spam', source: 's' }]);
  assert.equal(mbox.match(/^From bench@localhost /gm)?.length, 1);
  assert.match(mbox, /^>From here on$/m);
  assert.match(mbox, /^From: A B$/m);
  assert.match(mbox, /^Content-Type: text\/html; charset=utf-8$/m);
});

test('When comments are synthesised, then the same seed gives the same comments with the real labels', () => {
  const real = [
    { id: '1', content: 'check out my channel', contentType: 'text' as const, author: { name: 'A' }, label: 'spam' as const, source: 's' },
    { id: '2', content: 'love this song', contentType: 'text' as const, author: { name: 'B' }, label: 'ham' as const, source: 's' },
  ];
  const a = synthesize(real, 50, 3);
  assert.deepEqual(a, synthesize(real, 50, 3));
  assert.equal(a.length, 50);
  assert.ok(a.every((e) => e.source === 'synthetic' && (e.label === 'spam' || e.label === 'ham') && e.content.length > 0));
});
