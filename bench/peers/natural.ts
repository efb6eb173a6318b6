/**
 * natural's `BayesClassifier` as a peer, run in a child process: importing `natural` prints dotenv banners to stdout
 * and takes seconds, neither of which should touch the benchmark's own process. Trained with `addDocument` + `train`
 * on the training split, then `classify` on each test comment (its arg-max label).
 */
import type { Split } from '../support/data.js';
import { runChildTask } from '../support/child.js';
import { peerText, type SystemRun } from './types.js';

/** The operating point reported for natural. */
export const NATURAL_POINTS = { 'arg-max': 'the label classify() returns (the more probable class)' } as const;

/** What the child receives: texts only, so the payload stays small. */
interface NaturalArgs {
  readonly splits: ReadonlyArray<{ train: Array<[string, 'spam' | 'ham']>; test: string[] }>;
}

/** Runs natural on every split in one child (one import); results in split order. */
export async function runNatural(splits: readonly Split[]): Promise<SystemRun[]> {
  const args: NaturalArgs = {
    splits: splits.map((s) => ({ train: s.train.map((e) => [peerText(e), e.label]), test: s.test.map(peerText) })),
  };
  return runChildTask<SystemRun[]>('natural', args);
}

/** The part of natural's API used here. */
interface BayesClassifierLike {
  addDocument(text: string, label: string): void;
  train(): void;
  classify(text: string): string;
}

interface NaturalModule {
  readonly BayesClassifier: new () => BayesClassifierLike;
}

/** The child side (bench/child.ts): imports natural, trains and classifies each split, times both. */
export async function naturalTask(args: NaturalArgs): Promise<SystemRun[]> {
  // Imported by a computed name: natural's type declarations pull in its TypeScript sources, which do not compile
  // under this project's settings; the three methods used are typed above.
  const name = 'natural';
  const module = (await import(name)) as { default?: NaturalModule } & NaturalModule;
  const { BayesClassifier } = module.default ?? module;
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  return args.splits.map((split) => {
    const t0 = process.cpuUsage();
    const classifier = new BayesClassifier();
    for (const [text, label] of split.train) classifier.addDocument(text, label);
    classifier.train();
    const trainMs = cpuMs(t0);
    const t1 = process.cpuUsage();
    const spam = split.test.map((text) => classifier.classify(text) === 'spam');
    return { trainMs, classifyMs: cpuMs(t1), points: { 'arg-max': spam } };
  });
}
