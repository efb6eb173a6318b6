/** Timing loops for in-process measurements: a warm-up, then calls timed one by one until a time budget is spent. */
import { distribution, nowNs, type Distribution } from './stats.js';

/** Throughput and per-call latency of one measured loop. */
export interface LoopFigures {
  /** Calls measured (after warm-up). */
  readonly calls: number;
  readonly perSecond: number;
  /** Microseconds per call. */
  readonly us: Distribution;
}

/** Budget of {@link timeLoop}, in milliseconds. */
export interface LoopBudget {
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Stop after this many measured calls even if time remains (bounds memory for the samples). */
  readonly maxCalls?: number;
}

/**
 * Calls `fn` on the items in order, round after round: first for `warmupMs` (so the JIT has compiled the hot paths),
 * then timing each call, until `measureMs` has passed and at least one full round is done, or `maxCalls` is reached.
 * `sink` receives each result so the work cannot be optimised away.
 */
export function timeLoop<T, R>(items: readonly T[], fn: (item: T) => R, budget: LoopBudget, sink: (r: R) => void = () => undefined): LoopFigures {
  if (items.length === 0) throw new Error('timeLoop: nothing to time');
  const warmEnd = nowNs() + budget.warmupMs * 1e6;
  for (let i = 0; nowNs() < warmEnd; i = (i + 1) % items.length) sink(fn(items[i]!));
  const maxCalls = budget.maxCalls ?? 5_000_000;
  const samples: number[] = [];
  const start = nowNs();
  const end = start + budget.measureMs * 1e6;
  let t = start;
  for (let i = 0; samples.length < maxCalls && (t < end || samples.length < items.length); i = (i + 1) % items.length) {
    const r = fn(items[i]!);
    const after = nowNs();
    samples.push((after - t) / 1e3);
    t = after;
    sink(r);
  }
  return { calls: samples.length, perSecond: samples.length / ((t - start) / 1e9), us: distribution(samples) };
}
