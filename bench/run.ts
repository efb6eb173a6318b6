/**
 * `npm run bench [-- --full] [-- --only=scoring,peers]`: measures speed, cost and accuracy next to the peers in one
 * run on this machine, prints every section and the targets with PASS/FAIL, and writes bench/results/latest.json (and
 * the queue-depth chart). It starts what it needs (a private redis-server on a free loopback port, the service's own
 * processes) and stops them. Exit code 1 only when a section could not run; missed targets are figures, not failures.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../src/platform/paths.js';
import { loadLexicon } from '../src/scoring/lexicon-files.js';
import { lineChart } from './chart.js';
import { endToEndSection } from './end-to-end.js';
import { growthSection } from './growth.js';
import { ingestSection } from './ingest.js';
import { describeMachine } from './machine.js';
import { parseOptions, SECTIONS, type Section } from './options.js';
import { peersSection } from './peers.js';
import { renderReport } from './report.js';
import type { BenchResults } from './results-types.js';
import { scoringSection } from './scoring.js';
import { synthesize } from './synth.js';
import { evaluateTargets } from './targets.js';
import { runWorstCase } from './worst-case-include.js';
import { loadCorpora, splitsOf } from './support/data.js';
import { commentBodies } from './support/load.js';
import { onPath, startRedis, stopTracked, type PrivateRedis } from './support/processes.js';

const RESULTS = fromRoot('bench', 'results');

const options = parseOptions(process.argv.slice(2));
const startedAt = new Date();
const results: { -readonly [K in keyof BenchResults]?: BenchResults[K] } = {};
const skipped: Array<{ section: string; reason: string }> = [];
const errors: Array<{ section: string; message: string }> = [];
const log = (line: string) => process.stdout.write(`${line}\n`);

let redis: PrivateRedis | undefined;
const logDir = await mkdtemp(join(tmpdir(), 'sluice-bench-'));
const stopAll = async () => {
  await redis?.stop();
  redis = undefined;
};
// Whatever happens, the private Redis and the service processes must not outlive the benchmark.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopTracked().finally(() => process.exit(130)));
}

async function section(name: Section, run: () => Promise<void>): Promise<void> {
  if (!options.only.has(name)) return;
  const t0 = performance.now();
  log(`▶ ${name} …`);
  try {
    await run();
    log(`  ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    errors.push({ section: name, message });
    log(`  ${name} FAILED: ${message}`);
  }
}

const skip = (name: Section, reason: string) => {
  if (!options.only.has(name)) return;
  skipped.push({ section: name, reason });
  log(`▷ ${name} skipped: ${reason}`);
};

log(`Sluice benchmark, ${options.mode} mode (${[...options.only].join(', ')}); service logs in ${logDir}`);
const described = await describeMachine();
if (described.load.start > described.cores / 2) {
  log(`  note: load average ${described.load.start.toFixed(1)} on ${described.cores} cores: other work is running, figures will be low and noisy`);
}
const corpora = await loadCorpora();
const hasRedis = await onPath('redis-server');

if ('missing' in corpora) {
  for (const s of ['scoring', 'peers', 'ingest', 'end-to-end', 'growth'] as const) skip(s, corpora.missing);
} else {
  await section('scoring', async () => {
    results.scoring = await scoringSection(corpora, options.scoring);
  });
  await section('peers', async () => {
    results.peers = await peersSection(splitsOf(corpora), loadLexicon());
  });
  // Distinct comments, as a busy day brings: the real ones, then real words recombined (bench/synth.ts).
  const bodies = commentBodies([...corpora.youtube, ...corpora.sms, ...synthesize(corpora.youtube, 20_000, 11)]);
  if (!hasRedis) {
    skip('ingest', 'redis-server is not on PATH (Debian: apt-get install redis-server)');
    skip('end-to-end', 'redis-server is not on PATH (Debian: apt-get install redis-server)');
  } else if (options.only.has('ingest') || options.only.has('end-to-end')) {
    redis = await startRedis();
    const env = { redis, logDir, bodies };
    await section('ingest', async () => {
      results.ingest = await ingestSection(env, options.ingest);
    });
    await section('end-to-end', async () => {
      results.endToEnd = await endToEndSection(env, options.endToEnd);
    });
    await stopAll();
  }
  await section('growth', async () => {
    results.growth = await growthSection(corpora.youtube, options.growth);
  });
}
await section('worst-case', async () => {
  const worst = await runWorstCase(options.mode === 'full' ? 600_000 : 180_000);
  if (worst) results.worstCase = worst;
  else skip('worst-case', 'bench/worst-case.ts does not exist yet');
});

const complete = SECTIONS.every((s) => options.only.has(s));
const figures = {
  schema: 1 as const,
  mode: options.mode,
  startedAt: startedAt.toISOString(),
  seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
  machine: { ...described, load: { ...described.load, end: loadavg()[0]! } },
  ...results,
  skipped,
  errors,
};
const final: BenchResults = { ...figures, targets: evaluateTargets(figures) };
await mkdir(RESULTS, { recursive: true });
// A partial run (--only) must not replace the figures the README is generated from; a full run keeps its own file.
const name = !complete ? 'partial' : options.mode === 'full' ? 'full' : 'latest';
const out = join(RESULTS, complete ? `${name}.json` : 'partial.json.tmp');
await writeFile(out, `${JSON.stringify(final, null, 2)}\n`);
if (final.endToEnd) {
  const chart = lineChart({
    title: `Queue depth during a flood of ${final.endToEnd.floods[0]?.comments.toLocaleString('en-US')} comments (${final.mode} run)`,
    xLabel: 'seconds since the flood started',
    yLabel: 'comments queued',
    series: final.endToEnd.floods.map((f) => ({ name: `${f.workers} scoring process${f.workers > 1 ? 'es' : ''}`, points: f.depth })),
  });
  await writeFile(join(RESULTS, !complete ? 'queue-depth.svg.tmp' : name === 'full' ? 'queue-depth-full.svg' : 'queue-depth.svg'), chart);
}
log(`\n${renderReport(final)}`);
log(`Results: ${out}${name === 'latest' ? ' (npm run bench:readme puts them in README.md)' : ''}`);
await stopAll();
if (errors.length === 0) await rm(logDir, { recursive: true, force: true });
process.exitCode = errors.length > 0 ? 1 : 0;
