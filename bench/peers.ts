/**
 * Section 2, Sluice next to its peers on the very same input and splits: YouTube by video (train on three videos,
 * test on the fourth, all four rotations, pooled) and SMS (fixed split). Each system trains on the training split only
 * (Sluice without its seed corpus, so no one knows more than the others) and classifies the test split; the table
 * gives precision, recall, F1 and false-positive rate (spam = positive) and comments classified per second.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabelledExample } from '../src/classifier/dataset.js';
import { FeatureVector, featureVectorOfComment } from '../src/classifier/features.js';
import { metricsFromConfusion, type BinaryMetrics, type ConfusionMatrix } from '../src/classifier/metrics.js';
import { trainModel } from '../src/classifier/train.js';
import type { CommentInput } from '../src/domain/comment.js';
import { commentOf } from '../src/evaluation/pipeline.js';
import type { Lexicon } from '../src/scoring/lexicon.js';
import { defaultPhases } from '../src/scoring/pipeline.js';
import { createScorer } from '../src/scoring/scorer.js';
import { BOGOFILTER_POINTS, runBogofilter } from './peers/bogofilter.js';
import { NATURAL_POINTS, runNatural } from './peers/natural.js';
import type { SystemRun } from './peers/types.js';
import { DEFAULT_SETTINGS, type Split } from './support/data.js';
import { onPath } from './support/processes.js';
import { timeLoop } from './support/timing.js';

/** One system at one operating point on one corpus (YouTube rotations pooled). */
export interface PeerRow {
  readonly system: 'sluice' | 'bogofilter' | 'natural';
  /** e.g. `pipeline: spam verdict`, `classifier ≥ 0.5`, `default`. */
  readonly point: string;
  readonly corpus: 'youtube' | 'sms';
  readonly metrics: BinaryMetrics;
  readonly comments: number;
  /**
   * Test comments classified per second of CPU time, training excluded: Sluice in-process (timed rounds), bogofilter
   * its bulk run's process (start included), natural one pass in its child process.
   */
  readonly perSecond: number;
  /** CPU time of training on the training split(s). */
  readonly trainMs: number;
}

/** What section 2 reports. */
export interface PeersResult {
  readonly rows: readonly PeerRow[];
  /** Peers that could not run, and why. */
  readonly skipped: ReadonlyArray<{ readonly system: string; readonly reason: string }>;
  /** Meaning of each operating point. */
  readonly points: Readonly<Record<string, string>>;
}

/** The time budget of Sluice's speed measurement on one split (predictions come from a separate, untimed pass). */
const SPLIT_BUDGET = { warmupMs: 100, measureMs: 600, rounds: 3 };

/**
 * Sluice on one split: the full pipeline (as workers build it) and the classifier alone. Predictions come from one
 * pass; speed from timed rounds over the same test set afterwards (per CPU-second), once the JIT has seen the model.
 */
function runSluice(split: Split, lexicon: Lexicon): { pipeline: SystemRun; classifier: SystemRun } {
  const t0 = process.cpuUsage();
  const model = trainModel(split.train);
  const used = process.cpuUsage(t0);
  const trainMs = (used.user + used.system) / 1000;
  const scorer = createScorer(defaultPhases({ lexicon, model }));
  const now = new Date();
  const comments = split.test.map(commentOf);
  const score = (c: CommentInput) => scorer.score(c, DEFAULT_SETTINGS, now);
  // The feature vector path, as the pipeline and bench/scoring.ts use it (the same probabilities as from strings).
  const vector = new FeatureVector();
  const probability = (e: LabelledExample) => model.score(featureVectorOfComment(e, vector)).probability;
  const verdicts = comments.map((c) => score(c).verdict);
  const probabilities = split.test.map(probability);
  const msFor = (perSecond: number) => (split.test.length / perSecond) * 1000;
  return {
    pipeline: {
      trainMs,
      classifyMs: msFor(timeLoop(comments, score, SPLIT_BUDGET).perCpuSecond),
      points: { 'pipeline: spam verdict': verdicts.map((v) => v === 'spam') },
    },
    classifier: {
      trainMs,
      classifyMs: msFor(timeLoop(split.test, probability, SPLIT_BUDGET).perCpuSecond),
      points: { 'classifier ≥ 0.5': probabilities.map((p) => p >= 0.5) },
    },
  };
}

/** Adds one run's predictions to the pooled tallies of its system and corpus. */
class Tally {
  private readonly cells = new Map<string, { row: Omit<PeerRow, 'metrics' | 'perSecond'>; m: ConfusionMatrix; ms: number }>();

  add(system: PeerRow['system'], split: Split, run: SystemRun): void {
    for (const [point, predicted] of Object.entries(run.points)) {
      const key = `${system}\n${point}\n${split.corpus}`;
      const cell = this.cells.get(key) ?? { row: { system, point, corpus: split.corpus, comments: 0, trainMs: 0 }, m: { tp: 0, fp: 0, tn: 0, fn: 0 }, ms: 0 };
      const m = { ...cell.m };
      split.test.forEach((e, i) => {
        const spam = predicted[i] === true;
        if (e.label === 'spam') spam ? m.tp++ : m.fn++;
        else spam ? m.fp++ : m.tn++;
      });
      this.cells.set(key, {
        row: { ...cell.row, comments: cell.row.comments + split.test.length, trainMs: cell.row.trainMs + run.trainMs },
        m,
        ms: cell.ms + run.classifyMs,
      });
    }
  }

  rows(): PeerRow[] {
    return [...this.cells.values()].map(({ row, m, ms }) => ({ ...row, metrics: metricsFromConfusion(m, NaN), perSecond: (row.comments / ms) * 1000 }));
  }
}

/** Runs section 2. */
export async function peersSection(splits: readonly Split[], lexicon: Lexicon): Promise<PeersResult> {
  const tally = new Tally();
  const skipped: Array<{ system: string; reason: string }> = [];
  for (const split of splits) {
    const { pipeline, classifier } = runSluice(split, lexicon);
    tally.add('sluice', split, pipeline);
    tally.add('sluice', split, classifier);
  }
  if (await onPath('bogofilter')) {
    const tmp = await mkdtemp(join(tmpdir(), 'sluice-bench-'));
    try {
      for (const split of splits) tally.add('bogofilter', split, await runBogofilter(split, tmp));
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  } else {
    skipped.push({ system: 'bogofilter', reason: 'bogofilter is not on PATH (Debian: apt-get install bogofilter)' });
  }
  try {
    const runs = await runNatural(splits);
    splits.forEach((split, i) => tally.add('natural', split, runs[i]!));
  } catch (err) {
    skipped.push({ system: 'natural', reason: `natural could not run: ${(err as Error).message.split('\n')[0]}` });
  }
  const points = {
    'pipeline: spam verdict': "Sluice's full pipeline (heuristics + classifier), verdict spam (score ≥ 0.9)",
    'classifier ≥ 0.5': "Sluice's classifier alone, probability ≥ 0.5",
    ...Object.fromEntries(Object.entries(BOGOFILTER_POINTS).map(([k, v]) => [`bogofilter ${k}`, v])),
    ...Object.fromEntries(Object.entries(NATURAL_POINTS).map(([k, v]) => [`natural ${k}`, v])),
  };
  return { rows: tally.rows(), skipped, points };
}
