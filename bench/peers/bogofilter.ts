/**
 * bogofilter (the Debian package) as a peer: register the training split with `-s`/`-n` from one mbox per class in a
 * private word-list directory (`-d`), then classify the test split in bulk (`-b`: file names on stdin, `-T`: one
 * invariant line per file, `name S|H|U score`).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabelledExample } from '../../src/classifier/dataset.js';
import { runCommand } from '../support/processes.js';
import type { Split } from '../support/data.js';
import type { SystemRun } from './types.js';

/** The operating points reported for bogofilter. */
export const BOGOFILTER_POINTS = {
  default: 'its shipped cutoffs (spam at ≥ 0.99; unsure counted as not spam)',
  '≥ 0.5': 'its score at 0.5, the threshold of the classifiers',
} as const;

const TIMEOUT_MS = 120_000;

/**
 * One comment as a mail: the author as `From:` (bogofilter tags header tokens), HTML declared where the content is
 * HTML so bogofilter's own HTML parsing applies, and the content as body.
 */
export function asMail(e: LabelledExample): string {
  const type = e.contentType === 'html' ? 'text/html' : 'text/plain';
  const from = (e.author.name ?? '').replace(/[\r\n]+/g, ' ');
  return `From: ${from}\nContent-Type: ${type}; charset=utf-8\n\n${e.content.replace(/\r\n?/g, '\n')}\n`;
}

/** Messages as one mbox: a `From ` separator line each, body lines starting with `From ` escaped as mbox requires. */
export function asMbox(examples: readonly LabelledExample[]): string {
  return examples.map((e) => `From bench@localhost Thu Jan  1 00:00:00 1970\n${asMail(e).replace(/^From /gm, '>From ')}\n`).join('');
}

/** Parses the children's line of bash's `times` (`0m0.012s 0m0.004s`: user, system) into milliseconds. */
export function childCpuMs(timesOutput: string): number {
  const lines = timesOutput.trim().split('\n');
  const m = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines[lines.length - 1]?.trim() ?? '');
  if (!m) throw new Error(`cannot read CPU times from ${JSON.stringify(timesOutput.slice(-80))}`);
  return (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000;
}

/**
 * Runs bogofilter under bash, whose `times` reports the CPU time bogofilter used (user + system): the same measure
 * as Sluice's per-CPU-second figures, whatever else the machine runs.
 */
async function bogofilter(args: string[], input = ''): Promise<{ stdout: string; cpuMs: number }> {
  const script = 'bogofilter -C "$@"; rc=$?; times >&2; exit $rc';
  const r = await runCommand('bash', ['-c', script, 'bogofilter', ...args], { input, timeoutMs: TIMEOUT_MS });
  // Exit codes 0 (spam), 1 (ham) and 2 (unsure) are answers; 3 is an error.
  if (r.code === null || r.code > 2) throw new Error(`bogofilter ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  return { stdout: r.stdout, cpuMs: childCpuMs(r.stderr) };
}

/** Trains and classifies one split in a fresh directory under `tmp`. */
export async function runBogofilter(split: Split, tmp: string): Promise<SystemRun> {
  const dir = await mkdtemp(join(tmp, 'bogofilter-'));
  try {
    const db = join(dir, 'db');
    await mkdir(db);
    for (const label of ['spam', 'ham'] as const) {
      await writeFile(join(dir, `${label}.mbox`), asMbox(split.train.filter((e) => e.label === label)));
    }
    const spam = await bogofilter(['-d', db, '-s', '-M', '-I', join(dir, 'spam.mbox')]);
    const ham = await bogofilter(['-d', db, '-n', '-M', '-I', join(dir, 'ham.mbox')]);
    const files = split.test.map((_, i) => join(dir, `m${i}`));
    await Promise.all(split.test.map((e, i) => writeFile(files[i]!, asMail(e))));
    const run = await bogofilter(['-d', db, '-b', '-T'], `${files.join('\n')}\n`);
    const byFile = new Map<string, { verdict: string; score: number }>();
    for (const line of run.stdout.split('\n')) {
      const m = /^(\S+) ([SHU]) (\S+)$/.exec(line.trim());
      if (m) byFile.set(m[1]!, { verdict: m[2]!, score: Number(m[3]) });
    }
    const results = files.map((f) => {
      const r = byFile.get(f);
      if (!r) throw new Error(`bogofilter gave no result for ${f}`);
      return r;
    });
    return {
      trainMs: spam.cpuMs + ham.cpuMs,
      classifyMs: run.cpuMs,
      points: { default: results.map((r) => r.verdict === 'S'), '≥ 0.5': results.map((r) => r.score >= 0.5) },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
