/** Timing loops for in-process measurements: a warm-up, then calls timed one by one in rounds until a budget is spent. */
import { distribution, nowNs, type Distribution } from './stats.js';

/** Throughput and per-call latency of one measured loop. */
export interface LoopFigures {
  /** Calls measured (after warm-up). */
  readonly calls: number;
  /**
   * Calls per second in the best round. On a shared machine other processes take the core now and then; the best
   * round is what one core does when it is not taken away (as `timeit` reports its minimum).
   */
  readonly perSecond: number;
  /** Calls per second over all rounds together. */
  readonly perSecondOverall: number;
  /**
   * Calls per second of CPU time this process used (user + system) over all rounds: what one core does, whatever
   * else the machine runs. The target checks use it; on an idle machine it is close to `perSecond`.
   */
  readonly perCpuSecond: number;
  /** Microseconds per call. */
  readonly us: Distribution;
}

/** Budget of {@link timeLoop}, in milliseconds. */
export interface LoopBudget {
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Stop after this many measured calls even if time remains (bounds memory for the samples). */
  readonly maxCalls?: number;
  /** The measurement is cut into this many rounds; default 5. */
  readonly rounds?: number;
}

/**
 * Calls `fn` on the items in order, round after round: first for `warmupMs` (so the JIT has compiled the hot paths),
 * then timing each call, in `rounds` rounds of `measureMs / rounds` each, every round covering all items at least
 * once, until `maxCalls` is reached. `sink` receives each result so the work cannot be optimised away.
 */
export function timeLoop<T, R>(items: readonly T[], fn: (item: T) => R, budget: LoopBudget, sink: (r: R) => void = () => undefined): LoopFigures {
  if (items.length === 0) throw new Error('timeLoop: nothing to time');
  const warmEnd = nowNs() + budget.warmupMs * 1e6;
  for (let i = 0; nowNs() < warmEnd; i = (i + 1) % items.length) sink(fn(items[i]!));
  const maxCalls = budget.maxCalls ?? 5_000_000;
  const rounds = budget.rounds ?? 5;
  const samples: number[] = [];
  let best = 0;
  let totalNs = 0;
  const cpuBefore = process.cpuUsage();
  for (let round = 0; round < rounds && samples.length < maxCalls; round++) {
    const start = nowNs();
    const end = start + (budget.measureMs / rounds) * 1e6;
    let t = start;
    let calls = 0;
    for (let i = 0; samples.length < maxCalls && (t < end || calls < items.length); i = (i + 1) % items.length) {
      const r = fn(items[i]!);
      const after = nowNs();
      samples.push((after - t) / 1e3);
      t = after;
      calls++;
      sink(r);
    }
    totalNs += t - start;
    best = Math.max(best, calls / ((t - start) / 1e9));
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    calls: samples.length,
    perSecond: best,
    perSecondOverall: samples.length / (totalNs / 1e9),
    perCpuSecond: samples.length / ((cpu.user + cpu.system) / 1e6),
    us: distribution(samples),
  };
}
