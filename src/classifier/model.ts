/**
 * The count model: how many spam and ham documents contained each feature, and how to turn that into a spam probability.
 *
 * Counts are per document (a feature is counted once however often it occurs in one comment: "binarised" naive Bayes,
 * which beats raw term counts on short texts and makes learn/unlearn exact). Two combiners read the same counts:
 * - `nb`: multinomial naive Bayes over the binarised counts, Lidstone-smoothed, log-odds divided by a temperature so the
 *   probability is usable as evidence next to the heuristics' weights;
 * - `fisher`: Robinson's per-token f(w) with Fisher's chi-square combining (as in SpamBayes and bogofilter).
 * Fisher is the default, chosen by cross-video measurement (see models/README.md): better ranking (AP 0.985 against
 * 0.979), better calibrated (log-loss 0.20 against 0.32), and its high scores can be trusted (0.8 % false positives at
 * 0.8, where naive Bayes still has 2.3 % at 0.95).
 *
 * Memory: a token costs one Map entry (key string + small-integer slot) plus 12 bytes in a shared Int32Array,
 * measured at ≈ 145 bytes per token on Node 20 (heap after learning 100,000 synthetic comments: 276,000 tokens,
 * 40 MB). `learn` prunes back to `maxTokens` (default 200,000 ≈ 29 MB) whenever the table passes 1.5 × maxTokens,
 * so a model never holds more than 300,000 tokens ≈ 44 MB, however much it learns.
 */
import type { Label } from './metrics.js';

/** How per-token evidence is combined. */
export const COMBINERS = ['nb', 'fisher'] as const;
export type Combiner = (typeof COMBINERS)[number];

/** Settings of a model; all have defaults. They are saved in the model file. */
export interface ModelOptions {
  /** Abstain until at least this many documents of each class have been learned. Default 20. */
  readonly minPerClass: number;
  /** Evidence combiner. Default `fisher` (better ranked and calibrated across videos; see models/README.md). */
  readonly combiner: Combiner;
  /** `nb`: Lidstone smoothing added to every count. Default 0.5. */
  readonly alpha: number;
  /** `nb`: log-odds are divided by this, to temper naive Bayes' over-confidence. Default 1. */
  readonly temperature: number;
  /** `fisher`: strength of the background probability in Robinson's f(w). Default 1. */
  readonly strength: number;
  /** `fisher`: tokens with |f(w) − 0.5| below this are ignored. Default 0 (measured: any cut-off lost recall). */
  readonly minDeviation: number;
  /** Both: at most this many of the strongest tokens are combined. Default 150. */
  readonly maxDiscriminators: number;
  /** Soft memory bound: `learn` prunes back to this many tokens once 1.5 × this is reached. Default 200,000. */
  readonly maxTokens: number;
}

/** The defaults, chosen by measurement on the cross-video YouTube split. */
export const DEFAULT_MODEL_OPTIONS: ModelOptions = Object.freeze({
  minPerClass: 20,
  combiner: 'fisher',
  alpha: 0.5,
  temperature: 1,
  strength: 1,
  minDeviation: 0,
  maxDiscriminators: 150,
  maxTokens: 200_000,
});

/** A token with its own spam probability (what that token alone says, with equal class priors). */
export interface TokenEvidence {
  readonly token: string;
  readonly p: number;
}

/** The outcome of scoring one comment. */
export interface ScoreResult {
  /** Spam probability; 0.5 when abstaining. */
  readonly probability: number;
  /** True when neither this model nor its prior has learned `minPerClass` documents of each class. */
  readonly abstained: boolean;
  /** Up to five tokens pushing towards spam, strongest first. */
  readonly tokensFor: readonly TokenEvidence[];
  /** Up to five tokens pushing towards ham, strongest first. */
  readonly tokensAgainst: readonly TokenEvidence[];
}

/** Options of one `score` call. */
export interface ScoreOptions {
  /**
   * A model (e.g. the global one) that smooths this one (e.g. a site's): each token's class rates are pulled towards
   * the prior's with a weight of `priorWeight` documents, and when this model abstains the prior scores alone.
   */
  readonly prior?: CountModel;
  /** Pseudo-document weight of the prior. Default 20. */
  readonly priorWeight?: number;
}

/** Options of `prune`. */
export interface PruneOptions {
  /** Drop tokens seen in fewer than this many documents (unless recent). Default 2. */
  readonly minCount?: number;
  /** Then keep at most this many tokens: the most frequent, the most recent among ties. Default: the model's. */
  readonly maxTokens?: number;
  /** Tokens seen within the last this-many learned documents are never dropped as rare. Default 1,000. */
  readonly graceDocs?: number;
}

/** Per-token counts as exported for serialisation and tests. */
export interface TokenCounts {
  readonly token: string;
  readonly spam: number;
  readonly ham: number;
  /** Ordinal of the last learned document containing it (recency, for pruning stale tokens). */
  readonly lastSeen: number;
}

const STRIDE = 3; // spam count, ham count, lastSeen
const TOP_EXPLAIN = 5;

/** Counts of spam and ham documents per feature, with learn, exact unlearn, pruning and scoring. */
export class CountModel {
  readonly options: ModelOptions;
  private readonly slots = new Map<string, number>();
  private data = new Int32Array(1024 * STRIDE);
  /** Per slot, the last `score` call that saw it (dedupes features without a Set). */
  private stamps = new Int32Array(1024);
  private epoch = 0;
  private free: number[] = [];
  private nextSlot = 0;
  private docs = { spam: 0, ham: 0 };
  /** Sum of all stored spam (ham) counts: the multinomial denominator. */
  private totals = { spam: 0, ham: 0 };
  private learned = 0;

  constructor(options: Partial<ModelOptions> = {}) {
    this.options = Object.freeze({ ...DEFAULT_MODEL_OPTIONS, ...options });
  }

  /** Documents learned per class. */
  get documents(): { readonly spam: number; readonly ham: number } {
    return { ...this.docs };
  }

  /** Number of distinct tokens held. */
  get size(): number {
    return this.slots.size;
  }

  /** Documents ever learned (not decreased by unlearn); the clock for staleness. */
  get learnedCount(): number {
    return this.learned;
  }

  /** True when enough documents of each class have been learned to score. */
  get ready(): boolean {
    return this.docs.spam >= this.options.minPerClass && this.docs.ham >= this.options.minPerClass;
  }

  /** Learns one document. Duplicate features in it count once. May prune (see `maxTokens`). */
  learn(features: Iterable<string>, label: Label): void {
    this.learned++;
    const off = label === 'spam' ? 0 : 1;
    const distinct = new Set(features);
    for (const token of distinct) {
      let slot = this.slots.get(token);
      if (slot === undefined) {
        slot = this.allocate();
        this.slots.set(token, slot);
      }
      const base = slot * STRIDE;
      this.data[base + off]!++;
      this.data[base + 2] = this.learned;
    }
    this.docs[label]++;
    this.totals[label] += distinct.size;
    if (this.slots.size > this.options.maxTokens * 1.5) this.prune();
  }

  /**
   * Forgets one document learned with the same features and label: the exact inverse of `learn` for the counts
   * (recency is not rewound). A token pruned in between is skipped, never driven negative.
   */
  unlearn(features: Iterable<string>, label: Label): void {
    const off = label === 'spam' ? 0 : 1;
    for (const token of new Set(features)) {
      const slot = this.slots.get(token);
      if (slot === undefined) continue;
      const base = slot * STRIDE;
      if (this.data[base + off]! <= 0) continue;
      this.data[base + off]!--;
      this.totals[label]--;
      if (this.data[base]! === 0 && this.data[base + 1]! === 0) this.release(token, slot);
    }
    if (this.docs[label] > 0) this.docs[label]--;
  }

  /** Counts for one token (zeros when unknown). */
  counts(token: string): { spam: number; ham: number } {
    const slot = this.slots.get(token);
    if (slot === undefined) return { spam: 0, ham: 0 };
    return { spam: this.data[slot * STRIDE]!, ham: this.data[slot * STRIDE + 1]! };
  }

  /** Every token with its counts, in insertion order. */
  *entries(): IterableIterator<TokenCounts> {
    for (const [token, slot] of this.slots) {
      const base = slot * STRIDE;
      yield { token, spam: this.data[base]!, ham: this.data[base + 1]!, lastSeen: this.data[base + 2]! };
    }
  }

  /** Restores state from serialised counts (used by the file format). Replaces nothing: call on a fresh model. */
  load(docs: { spam: number; ham: number }, learned: number, tokens: Iterable<TokenCounts>): void {
    this.docs = { spam: docs.spam, ham: docs.ham };
    this.learned = learned;
    for (const t of tokens) {
      if (t.spam === 0 && t.ham === 0) continue;
      const slot = this.allocate();
      this.slots.set(t.token, slot);
      this.data.set([t.spam, t.ham, t.lastSeen], slot * STRIDE);
      this.totals.spam += t.spam;
      this.totals.ham += t.ham;
    }
  }

  /**
   * Drops rare, stale tokens, then the least frequent until at most `maxTokens` remain. Returns how many were dropped.
   * Unlearning a document after a prune that removed some of its tokens is then inexact for those tokens only.
   */
  prune(options: PruneOptions = {}): number {
    const minCount = options.minCount ?? 2;
    const maxTokens = options.maxTokens ?? this.options.maxTokens;
    const recent = this.learned - (options.graceDocs ?? 1000);
    const before = this.slots.size;
    const kept: Array<[string, number]> = [];
    for (const [token, slot] of this.slots) {
      const base = slot * STRIDE;
      if (this.data[base]! + this.data[base + 1]! < minCount && this.data[base + 2]! <= recent) this.release(token, slot);
      else kept.push([token, slot]);
    }
    if (kept.length > maxTokens) {
      const d = this.data;
      kept.sort(([, a], [, b]) => {
        const byCount = d[b * STRIDE]! + d[b * STRIDE + 1]! - (d[a * STRIDE]! + d[a * STRIDE + 1]!);
        return byCount !== 0 ? byCount : d[b * STRIDE + 2]! - d[a * STRIDE + 2]!;
      });
      for (let i = maxTokens; i < kept.length; i++) this.release(kept[i]![0], kept[i]![1]);
    }
    return before - this.slots.size;
  }

  /** Scores one document's features. */
  score(features: Iterable<string>, options: ScoreOptions = {}): ScoreResult {
    const prior = options.prior?.ready ? options.prior : undefined;
    if (!this.ready) {
      if (prior !== undefined) return prior.score(features);
      return { probability: 0.5, abstained: true, tokensFor: [], tokensAgainst: [] };
    }
    const ev = this.evidence(features, prior, options.priorWeight ?? 20);
    const fisher = this.options.combiner === 'fisher';
    const probability = fisher ? fisherCombine(ev.values, this.options.minDeviation) : this.nbCombine(ev.values);
    return { probability, abstained: false, ...explain(ev, fisher) };
  }

  /**
   * Per-token evidence of the known, distinct tokens: Robinson's f(w) for Fisher, log P(w|spam)/P(w|ham) for naive
   * Bayes; at most `maxDiscriminators` of the strongest. Unknown tokens carry no evidence and are skipped.
   */
  private evidence(features: Iterable<string>, prior: CountModel | undefined, weight: number): Evidence {
    const fisher = this.options.combiner === 'fisher';
    const { alpha } = this.options;
    const v = Math.max(this.slots.size, 1);
    const denS = this.totals.spam + alpha * v;
    const denH = this.totals.ham + alpha * v;
    const tokens: string[] = [];
    const values: number[] = [];
    // Duplicates are skipped by stamping each slot with this call's epoch: cheaper than building a Set per comment.
    const epoch = this.nextEpoch();
    const seenOnlyInPrior = prior === undefined ? undefined : new Set<string>();
    for (const token of features) {
      const slot = this.slots.get(token);
      let s = 0;
      let h = 0;
      if (slot !== undefined) {
        if (this.stamps[slot] === epoch) continue;
        this.stamps[slot] = epoch;
        s = this.data[slot * STRIDE]!;
        h = this.data[slot * STRIDE + 1]!;
      }
      if (prior === undefined) {
        if (slot === undefined) continue;
        tokens.push(token);
        values.push(fisher ? this.robinson(s, h, 0.5, this.options.strength) : Math.log((s + alpha) / denS) - Math.log((h + alpha) / denH));
        continue;
      }
      const ps = prior.slots.get(token);
      if (slot === undefined) {
        if (ps === undefined || seenOnlyInPrior!.has(token)) continue;
        seenOnlyInPrior!.add(token);
      }
      const pcS = ps === undefined ? 0 : prior.data[ps * STRIDE]!;
      const pcH = ps === undefined ? 0 : prior.data[ps * STRIDE + 1]!;
      tokens.push(token);
      values.push(fisher ? this.robinson(s, h, prior.robinson(pcS, pcH, 0.5, prior.options.strength), weight) : this.smoothedLlr(s, h, pcS, pcH, prior, weight));
    }
    return truncate({ tokens, values }, this.options.maxDiscriminators, fisher);
  }

  /**
   * Robinson's f(w) = (S·x + n·p(w)) / (S + n): the token's spam share by class rate, pulled towards x with
   * strength S; x is 0.5, or with a prior model the prior's own f(w), S then being the prior's weight.
   */
  private robinson(s: number, h: number, x: number, strength: number): number {
    // Token-share rates, not document rates: spam comments are longer, so by document rate nearly every token looks
    // spammy (measured: 45 % false positives at 0.5 by document rate, 14 % by token share, same ranking).
    const n = s + h;
    if (n === 0) return x;
    const rs = s / Math.max(this.totals.spam, 1);
    const rh = h / Math.max(this.totals.ham, 1);
    return (strength * x + n * (rs / (rs + rh))) / (strength + n);
  }

  /** Naive Bayes log-likelihood ratio with Dirichlet smoothing towards the prior's class rates (`weight` documents' worth). */
  private smoothedLlr(s: number, h: number, pcS: number, pcH: number, prior: CountModel, weight: number): number {
    const { alpha } = this.options;
    const pv = Math.max(prior.slots.size, 1);
    const priorS = (pcS + alpha) / (prior.totals.spam + alpha * pv);
    const priorH = (pcH + alpha) / (prior.totals.ham + alpha * pv);
    const massS = weight * (prior.totals.spam / Math.max(prior.docs.spam, 1));
    const massH = weight * (prior.totals.ham / Math.max(prior.docs.ham, 1));
    return Math.log((s + massS * priorS) / (this.totals.spam + massS)) - Math.log((h + massH * priorH) / (this.totals.ham + massH));
  }

  private nbCombine(llrs: readonly number[]): number {
    // Equal class priors: the training mix says nothing about a site's traffic.
    let sum = 0;
    for (const llr of llrs) sum += llr;
    return 1 / (1 + Math.exp(-sum / this.options.temperature));
  }

  private nextEpoch(): number {
    if (this.epoch >= 0x7fffffff) {
      this.stamps.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }

  private allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if ((this.nextSlot + 1) * STRIDE > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
      const stamps = new Int32Array(this.data.length / STRIDE);
      stamps.set(this.stamps);
      this.stamps = stamps;
    }
    return this.nextSlot++;
  }

  private release(token: string, slot: number): void {
    const base = slot * STRIDE;
    this.totals.spam -= this.data[base]!;
    this.totals.ham -= this.data[base + 1]!;
    this.data.fill(0, base, base + STRIDE);
    this.slots.delete(token);
    this.free.push(slot);
  }
}

/** Tokens with their evidence values (f(w) for Fisher, log-likelihood ratios for naive Bayes), in parallel. */
interface Evidence {
  readonly tokens: string[];
  readonly values: number[];
}

/** Evidence as signed strength: positive towards spam. */
function signed(value: number, fisher: boolean): number {
  return fisher ? value - 0.5 : value;
}

/** Keeps the `max` strongest when there are more (rare: a comment has fewer distinct features than that). */
function truncate(ev: Evidence, max: number, fisher: boolean): Evidence {
  if (ev.values.length <= max) return ev;
  const order = ev.values.map((_, i) => i);
  order.sort((a, b) => Math.abs(signed(ev.values[b]!, fisher)) - Math.abs(signed(ev.values[a]!, fisher)));
  order.length = max;
  return { tokens: order.map((i) => ev.tokens[i]!), values: order.map((i) => ev.values[i]!) };
}

/** Fisher's chi-square combining of Robinson's f(w), as in SpamBayes: (1 + S − H) / 2. */
function fisherCombine(fs: readonly number[], minDeviation: number): number {
  let lnSpam = 0;
  let lnHam = 0;
  let n = 0;
  for (const f of fs) {
    if (Math.abs(f - 0.5) < minDeviation) continue;
    lnSpam += Math.log(1 - f);
    lnHam += Math.log(f);
    n++;
  }
  if (n === 0) return 0.5;
  const s = 1 - chi2Q(-2 * lnSpam, 2 * n);
  const h = 1 - chi2Q(-2 * lnHam, 2 * n);
  return (1 + s - h) / 2;
}

/** Survival function of chi-square with an even number of degrees of freedom. */
function chi2Q(x2: number, v: number): number {
  const m = x2 / 2;
  let term = Math.exp(-m);
  let sum = term;
  for (let i = 1; i < v / 2; i++) {
    term *= m / i;
    sum += term;
  }
  return Math.min(sum, 1);
}

/** The five strongest tokens of each sign, in one pass with a short sorted list each (cheaper than sorting all). */
function explain(ev: Evidence, fisher: boolean): Pick<ScoreResult, 'tokensFor' | 'tokensAgainst'> {
  const pos: number[] = [];
  const neg: number[] = [];
  const strength = (i: number): number => Math.abs(signed(ev.values[i]!, fisher));
  for (let i = 0; i < ev.values.length; i++) {
    const sv = signed(ev.values[i]!, fisher);
    if (sv === 0) continue;
    const list = sv > 0 ? pos : neg;
    const st = Math.abs(sv);
    if (list.length === TOP_EXPLAIN && st <= strength(list[TOP_EXPLAIN - 1]!)) continue;
    let at = list.length;
    while (at > 0 && strength(list[at - 1]!) < st) at--;
    list.splice(at, 0, i);
    if (list.length > TOP_EXPLAIN) list.pop();
  }
  const toEvidence = (i: number): TokenEvidence => {
    const v = ev.values[i]!;
    return { token: ev.tokens[i]!, p: fisher ? v : 1 / (1 + Math.exp(-v)) };
  };
  return { tokensFor: pos.map(toEvidence), tokensAgainst: neg.map(toEvidence) };
}
