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
 * Memory: a token costs its string (≈ 100 bytes of heap with its array entry) plus 32 bytes of slot arrays (counts,
 * lane B and mark; last seen; lane A; insertion order) and 8 bytes per entry of the hash table, which is kept at most
 * 3/4 full; the typed arrays are ArrayBuffers, outside `heapUsed`. Measured on Node 20 after `trainModel` on 100,000
 * synthetic comments (130,577 tokens), with the earlier 16-byte buckets kept half full: 12–14 MB of heap + 7.5 MB of
 * ArrayBuffers (the Map-keyed index it replaced: 17.9 + 8.0 MB); the table is now a quarter of that size or less.
 * `learn` prunes back to `maxTokens` (default 200,000) whenever the table passes 1.5 × maxTokens, so a model never
 * holds more than 300,000 tokens (≈ 50 MB), however much it learns; a prune that frees many slots compacts the arrays.
 */
import { FeatureVector } from './feature-vector.js';
import { HASH_A0, HASH_B0, bucketOf, hashA, hashB } from './hash.js';
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
  /**
   * `fisher`: the words of a writing system count only once the model has learned at least this many token
   * occurrences of it in each class; until then they are neutral. Default 0 here; `trainModel` sets 1,000 (≈ 100
   * comments) for the models it builds from corpora: a few seed comments in Russian made "и" (and) a spam word, and a
   * language the model barely knows must read as one it does not know.
   */
  readonly minGroupMass: number;
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
  minGroupMass: 0,
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
  /**
   * True when neither this model nor its prior has learned `minPerClass` documents of each class (and this one is
   * not `spamReady` over a prior).
   */
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
   * the prior's with a weight of `priorWeight` documents at most (and at most the prior's own count of the token);
   * with too little ham (`spamReady`) the ham rates are the prior's; otherwise, when this model abstains, the prior
   * scores alone.
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

// Per slot, 16 bytes side by side so that a scored token touches one aligned cache line of them: spam count, ham
// count, the key's lane B (the table holds lane A only) and a mark: the last call that saw it (its stamp, which
// dedupes features without a Set) above the token's writing system (groupOf) in the low GROUP_BITS. The token's
// lastSeen, read by learn and prune only, is kept apart.
const STRIDE = 4;
const LANE_B = 2;
const MARK = 3;
const GROUP_BITS = 4;
const GROUP_MASK = (1 << GROUP_BITS) - 1;
/** Stamps wrap (every slot's stamp reset) before they would overflow the mark. */
const MAX_EPOCH = 0x7fffffff >> GROUP_BITS;
// Per bucket of the open-addressing table: the key's lane A and slot + 1 (0: empty), 8 bytes, so that a probe reads
// one cache line and the table of a ~80,000-token model is 1 MB (it was 4 MB with both lanes, padded, half full).
const BUCKET = 2;
/** The table is kept at most 3/4 full: linear probing within 8-byte buckets still rarely leaves a cache line. */
const maxLoad = (capacity: number): number => (capacity >> 2) * 3;
const TOP_EXPLAIN = 5;

/** Features accepted by learn, unlearn and score: feature strings, or a feature vector (features.ts) for speed. */
export type Features = Iterable<string> | FeatureVector;

const vectorOf = (features: Features): FeatureVector => (features instanceof FeatureVector ? features : FeatureVector.of(features));

/**
 * Counts of spam and ham documents per feature, with learn, exact unlearn, pruning and scoring.
 *
 * The index is keyed by each feature's 64-bit hash (hash.ts), in an open-addressing table (linear probing, at most
 * 3/4 full, deletion by backward shift) in one `Int32Array` of 8-byte buckets (lane A, slot): a lookup hashes the
 * feature's parts and compares lane A in the bucket, lane B in the slot, with no string built, flattened or hashed
 * by V8. A model trained on every shared source holds ~80,000 tokens, whose table and slots (1 + 1.3 MB) do not fit a
 * core's cache: a scored token costs two cache lines (its bucket, its slot), and `score` fetches them for all of a
 * comment's features at once (see `locate`). Each slot keeps its token string too, for the model file and for the
 * tokens an explanation names.
 */
export class CountModel {
  readonly options: ModelOptions;
  /** Open-addressing table of BUCKET-wide buckets; `mask` + 1 buckets. */
  private table = new Int32Array(2048 * BUCKET);
  private mask = 2047;
  private count = 0;
  private data = new Int32Array(1024 * STRIDE);
  /** Per slot: its token, the last learned document containing it, and insertion sequence (entries keep insertion order). */
  private tokens: Array<string | undefined> = [];
  private lastSeen = new Int32Array(1024);
  /** Per slot: its key's lane A, to find its bucket again when it is removed. */
  private laneA = new Int32Array(1024);
  private seq = new Float64Array(1024);
  private nextSeq = 0;
  /** Once a slot has been freed, slot order may differ from insertion order (a freed slot is reused). */
  private released = false;
  /** The current `score`/`learn` call, as slots' stamps record it. */
  private epoch = 0;
  private free: number[] = [];
  private nextSlot = 0;
  private docs = { spam: 0, ham: 0 };
  /** Sum of all stored spam (ham) counts: the multinomial denominator. */
  private totals = { spam: 0, ham: 0 };
  /** Per group: summed spam and ham counts of its tokens (stride 2), Robinson's token-share denominators. */
  private groupTotals = new Float64Array(GROUP_COUNT * 2);
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
    return this.count;
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
  learn(features: Features, label: Label): void {
    const fv = vectorOf(features);
    this.learned++;
    const off = label === 'spam' ? 0 : 1;
    const epoch = this.nextEpoch();
    let distinct = 0;
    for (let k = 0; k < fv.length; k++) {
      const a = fv.a[k]!;
      const b = fv.b[k]!;
      let slot = this.find(a, b);
      if (slot < 0) slot = this.insert(a, b, fv.feature(k));
      else if (this.data[slot * STRIDE + MARK]! >> GROUP_BITS === epoch) continue;
      const base = slot * STRIDE;
      const group = this.data[base + MARK]! & GROUP_MASK;
      this.data[base + MARK] = (epoch << GROUP_BITS) | group;
      distinct++;
      this.data[base + off]!++;
      this.lastSeen[slot] = this.learned;
      this.groupTotals[group * 2 + off]!++;
    }
    this.docs[label]++;
    this.totals[label] += distinct;
    if (this.count > this.options.maxTokens * 1.5) this.prune();
  }

  /**
   * Forgets one document learned with the same features and label: the exact inverse of `learn` for the counts
   * (recency is not rewound). A token pruned in between is skipped, never driven negative.
   */
  unlearn(features: Features, label: Label): void {
    const fv = vectorOf(features);
    const off = label === 'spam' ? 0 : 1;
    const epoch = this.nextEpoch();
    for (let k = 0; k < fv.length; k++) {
      const slot = this.find(fv.a[k]!, fv.b[k]!);
      if (slot < 0 || this.data[slot * STRIDE + MARK]! >> GROUP_BITS === epoch) continue;
      const base = slot * STRIDE;
      const group = this.data[base + MARK]! & GROUP_MASK;
      this.data[base + MARK] = (epoch << GROUP_BITS) | group;
      if (this.data[base + off]! <= 0) continue;
      this.data[base + off]!--;
      this.totals[label]--;
      this.groupTotals[group * 2 + off]!--;
      if (this.data[base]! === 0 && this.data[base + 1]! === 0) this.release(slot);
    }
    if (this.docs[label] > 0) this.docs[label]--;
  }

  /** Counts for one token (zeros when unknown). */
  counts(token: string): { spam: number; ham: number } {
    const slot = this.find(hashA(HASH_A0, token), hashB(HASH_B0, token));
    if (slot < 0) return { spam: 0, ham: 0 };
    return { spam: this.data[slot * STRIDE]!, ham: this.data[slot * STRIDE + 1]! };
  }

  /** Every token with its counts, in insertion order. */
  *entries(): IterableIterator<TokenCounts> {
    for (const slot of this.slotsInOrder()) {
      const base = slot * STRIDE;
      yield { token: this.tokens[slot]!, spam: this.data[base]!, ham: this.data[base + 1]!, lastSeen: this.lastSeen[slot]! };
    }
  }

  /** Restores state from serialised counts (used by the file format). Replaces nothing: call on a fresh model. */
  load(docs: { spam: number; ham: number }, learned: number, tokens: Iterable<TokenCounts>): void {
    this.docs = { spam: docs.spam, ham: docs.ham };
    this.learned = learned;
    for (const t of tokens) {
      if (t.spam === 0 && t.ham === 0) continue;
      const a = hashA(HASH_A0, t.token);
      const b = hashB(HASH_B0, t.token);
      let slot = this.find(a, b);
      let spam = t.spam;
      let ham = t.ham;
      if (slot < 0) slot = this.insert(a, b, t.token);
      else {
        // The same token twice (or, improbably, two tokens with one hash): their counts add up.
        spam += this.data[slot * STRIDE]!;
        ham += this.data[slot * STRIDE + 1]!;
      }
      const base = slot * STRIDE;
      this.data[base] = spam;
      this.data[base + 1] = ham;
      this.lastSeen[slot] = Math.max(t.lastSeen, this.lastSeen[slot]!);
      this.totals.spam += t.spam;
      this.totals.ham += t.ham;
      const g = (this.data[base + MARK]! & GROUP_MASK) * 2;
      this.groupTotals[g] = this.groupTotals[g]! + t.spam;
      this.groupTotals[g + 1] = this.groupTotals[g + 1]! + t.ham;
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
    const before = this.count;
    const d = this.data;
    const seen = this.lastSeen;
    const kept: number[] = [];
    for (const slot of this.slotsInOrder()) {
      const base = slot * STRIDE;
      if (d[base]! + d[base + 1]! < minCount && seen[slot]! <= recent) this.release(slot);
      else kept.push(slot);
    }
    if (kept.length > maxTokens) {
      kept.sort((a, b) => {
        const byCount = d[b * STRIDE]! + d[b * STRIDE + 1]! - (d[a * STRIDE]! + d[a * STRIDE + 1]!);
        return byCount !== 0 ? byCount : seen[b]! - seen[a]!;
      });
      for (let i = maxTokens; i < kept.length; i++) this.release(kept[i]!);
    }
    // Freed slots are reused by later tokens; when many are free or the arrays are oversized (the final prune after
    // training), give the memory back.
    const dropped = before - this.count;
    if (dropped > 0 && (this.nextSlot > this.count * 1.25 || this.data.length > (2 * this.count + 1024) * STRIDE)) this.compact();
    return dropped;
  }

  /** Renumbers the live slots 0…count−1 in insertion order, in arrays and a table sized for them. */
  private compact(): void {
    const order = this.slotsInOrder();
    // Room for an eighth more before the arrays grow (doubling) again.
    const slots = Math.max(1024, order.length + (order.length >> 3));
    const data = new Int32Array(slots * STRIDE);
    const lastSeen = new Int32Array(slots);
    const laneA = new Int32Array(slots);
    const seq = new Float64Array(slots);
    const tokens: Array<string | undefined> = new Array<string | undefined>(order.length);
    for (let i = 0; i < order.length; i++) {
      const old = order[i]!;
      data.set(this.data.subarray(old * STRIDE, old * STRIDE + STRIDE), i * STRIDE);
      data[i * STRIDE + MARK] = data[i * STRIDE + MARK]! & GROUP_MASK;
      lastSeen[i] = this.lastSeen[old]!;
      laneA[i] = this.laneA[old]!;
      seq[i] = this.seq[old]!;
      tokens[i] = this.tokens[old];
    }
    this.data = data;
    this.lastSeen = lastSeen;
    this.laneA = laneA;
    this.seq = seq;
    this.tokens = tokens;
    this.free = [];
    this.nextSlot = order.length;
    this.released = false;
    let capacity = 2048;
    while (maxLoad(capacity) < order.length + 1) capacity *= 2;
    this.table = new Int32Array(capacity * BUCKET);
    this.mask = capacity - 1;
    for (let i = 0; i < order.length; i++) this.place(laneA[i]!, i);
  }

  /**
   * True when, though not `ready`, this model can score on top of a prior: it has `minPerClass` spam documents and
   * fewer ham (a site whose moderators only reject). Its thin ham class then reads the prior's ham rates (see
   * `robinsonThinHam`). A model rich in ham only does not: ham-only evidence would make every word of the site's
   * own vocabulary hammy, spam included; the prior scores alone there, as before.
   */
  get spamReady(): boolean {
    return this.docs.spam >= this.options.minPerClass && this.docs.ham < this.options.minPerClass;
  }

  /** Scores one document's features. */
  score(features: Features, options: ScoreOptions = {}): ScoreResult {
    const prior = options.prior?.ready ? options.prior : undefined;
    // Not ready, but enough spam to say something on top of the prior: the ham class is the prior's (Fisher only).
    const thinHam = !this.ready && prior !== undefined && this.spamReady && this.options.combiner === 'fisher';
    if (!this.ready && !thinHam) {
      if (prior !== undefined) return prior.score(features);
      return { probability: 0.5, abstained: true, tokensFor: [], tokensAgainst: [] };
    }
    const fv = vectorOf(features);
    const ev = this.evidence(fv, prior, options.priorWeight ?? 20, thinHam);
    const fisher = this.options.combiner === 'fisher';
    const probability = fisher ? fisherCombine(ev, this.options.minDeviation) : this.nbCombine(ev);
    const { tokensFor, tokensAgainst } = explain(ev, fv, fisher);
    return { probability, abstained: false, tokensFor, tokensAgainst };
  }

  /**
   * Per-token evidence of the known, distinct tokens: Robinson's f(w) for Fisher, log P(w|spam)/P(w|ham) for naive
   * Bayes; at most `maxDiscriminators` of the strongest. Unknown tokens carry no evidence and are skipped.
   */
  private evidence(fv: FeatureVector, prior: CountModel | undefined, weight: number, thinHam = false): Evidence {
    const fisher = this.options.combiner === 'fisher';
    const { alpha, strength } = this.options;
    const v = Math.max(this.count, 1);
    const denS = this.totals.spam + alpha * v;
    const denH = this.totals.ham + alpha * v;
    const ev = scratch(fv.length);
    const { refs, values } = ev;
    let n = 0;
    // Duplicates are skipped by stamping each slot with this call's epoch: cheaper than building a Set per comment.
    const epoch = this.nextEpoch();
    const priorEpoch = prior === undefined ? 0 : prior.nextEpoch();
    // Thin ham: the prior's ham counts as this many tokens of ham (`weight` documents of its average length).
    const hamPseudoMass = thinHam && prior !== undefined ? (weight * prior.totals.ham) / Math.max(prior.docs.ham, 1) : 0;
    const data = this.data;
    const slots = ev.slots;
    this.locate(fv, slots);
    for (let k = 0; k < fv.length; k++) {
      const a = fv.a[k]!;
      const b = fv.b[k]!;
      const slot = slots[k]!;
      let s = 0;
      let h = 0;
      if (slot >= 0) {
        const base = slot * STRIDE;
        const mark = data[base + MARK]!;
        if (mark >> GROUP_BITS === epoch) continue;
        data[base + MARK] = (epoch << GROUP_BITS) | (mark & GROUP_MASK);
        s = data[base]!;
        h = data[base + 1]!;
      }
      if (prior === undefined) {
        if (slot < 0) continue;
        refs[n] = k;
        values[n++] = fisher ? this.robinson(s, h, 0.5, strength, data[slot * STRIDE + MARK]! & GROUP_MASK) : Math.log((s + alpha) / denS) - Math.log((h + alpha) / denH);
        continue;
      }
      const ps = prior.find(a, b);
      if (slot < 0) {
        // Seen only by the prior: deduped with the prior's own stamps.
        if (ps < 0) continue;
        const mark = prior.data[ps * STRIDE + MARK]!;
        if (mark >> GROUP_BITS === priorEpoch) continue;
        prior.data[ps * STRIDE + MARK] = (priorEpoch << GROUP_BITS) | (mark & GROUP_MASK);
      }
      const pcS = ps < 0 ? 0 : prior.data[ps * STRIDE]!;
      const pcH = ps < 0 ? 0 : prior.data[ps * STRIDE + 1]!;
      refs[n] = k;
      const group = (slot >= 0 ? data[slot * STRIDE + MARK]! : prior.data[ps * STRIDE + MARK]!) & GROUP_MASK;
      // Two-class: the prior pulls with `weight` documents at most, and never with more than it saw of the token itself:
      // it cannot be surer of a word than its own evidence, so a token the site saw only in its rejections, which the
      // prior barely knows, is the site's to judge. With the ham class thin, the prior keeps its full weight (the
      // site's evidence is one-sided: a word of the site's language unknown to the prior must not become spam on it).
      const x = ps < 0 ? 0.5 : prior.robinson(pcS, pcH, 0.5, prior.options.strength, group);
      values[n++] = !fisher
        ? this.smoothedLlr(s, h, pcS, pcH, prior, weight)
        : thinHam
          ? this.robinsonThinHam(s, h, x, weight, group, pcH / Math.max(prior.groupTotals[group * 2 + 1]!, 1), hamPseudoMass)
          : this.robinson(s, h, x, ps < 0 ? strength : Math.max(strength, Math.min(weight, pcS + pcH)), group);
    }
    ev.length = n;
    return truncate(ev, this.options.maxDiscriminators, fisher);
  }

  /**
   * Robinson's f(w) = (S·x + n·p(w)) / (S + n): the token's spam share by class rate, pulled towards x with
   * strength S; x is 0.5, or with a prior model the prior's own f(w), S then being the prior's weight.
   */
  private robinson(s: number, h: number, x: number, strength: number, group: number): number {
    // Token-share rates, not document rates: spam comments are longer, so by document rate nearly every token looks
    // spammy (measured: 45 % false positives at 0.5 by document rate, 14 % by token share, same ranking). Shares are
    // taken within the token's writing system (groupOf): over all tokens, a language whose spam is longer or more
    // frequent than its ham in the training mix would make every word of that language look spammy, and every word of
    // the others hammy (measured across sources: trained with the Russian Telegram set, an English YouTube comment
    // averaged −6.6 log-odds, spam and ham alike; within writing systems, −2.3 and −3.4).
    const n = s + h;
    if (n === 0) return x;
    const massS = this.groupTotals[group * 2]!;
    const massH = this.groupTotals[group * 2 + 1]!;
    if (group < LANGUAGE_GROUPS && (massS < this.options.minGroupMass || massH < this.options.minGroupMass)) return x;
    const rs = s / Math.max(massS, 1);
    const rh = h / Math.max(massH, 1);
    return (strength * x + n * (rs / (rs + rh))) / (strength + n);
  }

  /**
   * Robinson's f(w) for a model with enough spam but too little ham (`spamReady`): the spam rate is this model's; the
   * ham rate is its own few ham counts pulled towards the prior's ham rate `priorHamRate` with `pseudoMass` tokens'
   * worth (all of it when it has no ham). So a token seen only in the site's rejected comments, which the prior's ham
   * does not use, reads as spam-like with the site's confidence n; an everyday word the prior's ham uses as often as
   * the site's spam does stays near neutral; and the prior's own f(w) remains the background x, with strength S.
   */
  private robinsonThinHam(s: number, h: number, x: number, strength: number, group: number, priorHamRate: number, pseudoMass: number): number {
    const n = s + h;
    if (n === 0) return x;
    const massS = this.groupTotals[group * 2]!;
    if (group < LANGUAGE_GROUPS && massS < this.options.minGroupMass) return x;
    const rs = s / Math.max(massS, 1);
    const rh = (h + pseudoMass * priorHamRate) / (this.groupTotals[group * 2 + 1]! + pseudoMass);
    if (rs + rh === 0) return x;
    return (strength * x + n * (rs / (rs + rh))) / (strength + n);
  }

  /** Naive Bayes log-likelihood ratio with Dirichlet smoothing towards the prior's class rates (`weight` documents' worth). */
  private smoothedLlr(s: number, h: number, pcS: number, pcH: number, prior: CountModel, weight: number): number {
    const { alpha } = this.options;
    const pv = Math.max(prior.count, 1);
    const priorS = (pcS + alpha) / (prior.totals.spam + alpha * pv);
    const priorH = (pcH + alpha) / (prior.totals.ham + alpha * pv);
    const massS = weight * (prior.totals.spam / Math.max(prior.docs.spam, 1));
    const massH = weight * (prior.totals.ham / Math.max(prior.docs.ham, 1));
    return Math.log((s + massS * priorS) / (this.totals.spam + massS)) - Math.log((h + massH * priorH) / (this.totals.ham + massH));
  }

  private nbCombine(ev: Evidence): number {
    // Equal class priors: the training mix says nothing about a site's traffic.
    let sum = 0;
    for (let i = 0; i < ev.length; i++) sum += ev.values[i]!;
    return 1 / (1 + Math.exp(-sum / this.options.temperature));
  }

  private nextEpoch(): number {
    if (this.epoch >= MAX_EPOCH) {
      for (let k = MARK; k < this.data.length; k += STRIDE) this.data[k] = this.data[k]! & GROUP_MASK;
      this.epoch = 0;
    }
    return ++this.epoch;
  }

  /**
   * Each feature's slot (or −1) into `slots`, before any is used: the lookups do not depend on one another, so the CPU
   * has many features' cache misses (bucket, then slot) in flight at once, where looking up and rating each feature in
   * turn waited for them one after another. Measured in the full scorer (the model out of cache): ~2 µs a comment
   * less, in 4 of 5 interleaved runs; no difference with the model alone in cache. A first pass that only touched
   * every bucket gained nothing clear on top.
   */
  private locate(fv: FeatureVector, slots: Int32Array): void {
    const n = fv.length;
    const fa = fv.a;
    const fb = fv.b;
    for (let k = 0; k < n; k++) slots[k] = this.find(fa[k]!, fb[k]!);
  }

  /** The slot holding the key, or −1. */
  private find(a: number, b: number): number {
    const mask = this.mask;
    const t = this.table;
    for (let i = bucketOf(a, mask); ; i = (i + 1) & mask) {
      const s = t[i * BUCKET + 1]!;
      if (s === 0) return -1;
      if (t[i * BUCKET] === a && this.data[(s - 1) * STRIDE + LANE_B] === b) return s - 1;
    }
  }

  /** Adds a key that is not in the table, with its token, and returns its new (zeroed) slot. */
  private insert(a: number, b: number, token: string): number {
    if (this.count + 1 > maxLoad(this.mask + 1)) this.rehash((this.mask + 1) * 2);
    const slot = this.allocate();
    this.tokens[slot] = token;
    this.data[slot * STRIDE + LANE_B] = b;
    this.data[slot * STRIDE + MARK] = groupOf(token);
    this.laneA[slot] = a;
    this.seq[slot] = this.nextSeq++;
    this.place(a, slot);
    this.count++;
    return slot;
  }

  private place(a: number, slot: number): void {
    const mask = this.mask;
    const t = this.table;
    let i = bucketOf(a, mask);
    while (t[i * BUCKET + 1] !== 0) i = (i + 1) & mask;
    t[i * BUCKET] = a;
    t[i * BUCKET + 1] = slot + 1;
  }

  private rehash(capacity: number): void {
    const old = this.table;
    this.table = new Int32Array(capacity * BUCKET);
    this.mask = capacity - 1;
    for (let o = 0; o < old.length; o += BUCKET) if (old[o + 1] !== 0) this.place(old[o]!, old[o + 1]! - 1);
  }

  /** Removes a slot's entry from the table, shifting back the entries after it so that no probe sequence is cut. */
  private remove(slot: number): void {
    const mask = this.mask;
    const t = this.table;
    let i = bucketOf(this.laneA[slot]!, mask);
    while (t[i * BUCKET + 1] !== 0 && t[i * BUCKET + 1] !== slot + 1) i = (i + 1) & mask;
    if (t[i * BUCKET + 1] === 0) return;
    for (let j = (i + 1) & mask; t[j * BUCKET + 1] !== 0; j = (j + 1) & mask) {
      const home = bucketOf(t[j * BUCKET]!, mask);
      // Entry j may move into the hole at i unless its home lies cyclically in (i, j].
      if (i <= j ? home > i && home <= j : home > i || home <= j) continue;
      t.copyWithin(i * BUCKET, j * BUCKET, j * BUCKET + BUCKET);
      i = j;
    }
    t.fill(0, i * BUCKET, i * BUCKET + BUCKET);
  }

  /** Slots in use, in insertion order. */
  private slotsInOrder(): number[] {
    const slots: number[] = [];
    for (let slot = 0; slot < this.nextSlot; slot++) if (this.tokens[slot] !== undefined) slots.push(slot);
    if (this.released) slots.sort((x, y) => this.seq[x]! - this.seq[y]!);
    return slots;
  }

  private allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.nextSlot === this.seq.length) {
      const slots = this.seq.length * 2;
      const data = new Int32Array(slots * STRIDE);
      data.set(this.data);
      this.data = data;
      const lastSeen = new Int32Array(slots);
      lastSeen.set(this.lastSeen);
      this.lastSeen = lastSeen;
      const laneA = new Int32Array(slots);
      laneA.set(this.laneA);
      this.laneA = laneA;
      const seq = new Float64Array(slots);
      seq.set(this.seq);
      this.seq = seq;
    }
    return this.nextSlot++;
  }

  private release(slot: number): void {
    const base = slot * STRIDE;
    this.totals.spam -= this.data[base]!;
    this.totals.ham -= this.data[base + 1]!;
    const g = (this.data[base + MARK]! & GROUP_MASK) * 2;
    this.groupTotals[g] = this.groupTotals[g]! - this.data[base]!;
    this.groupTotals[g + 1] = this.groupTotals[g + 1]! - this.data[base + 1]!;
    this.data.fill(0, base, base + STRIDE);
    this.lastSeen[slot] = 0;
    this.remove(slot);
    this.tokens[slot] = undefined;
    this.released = true;
    this.count--;
    this.free.push(slot);
  }
}

/** Writing systems (and link domains) whose tokens are rated against their own totals; see groupOf. */
const GROUP_COUNT = 12;
/** Groups below this are writing systems (gated by minGroupMass); digits, emoji and domains are not. */
const LANGUAGE_GROUPS = 10;

/**
 * The group of a feature, by the first letter of its token: Latin 0, Cyrillic 1, Greek 2, Hangul 3, Han 4, Kana 5,
 * Arabic 6, Thai 7, Devanagari 8, Hebrew 9, anything else (digits, emoji) 10, a link or author-URL domain 11.
 */
export function groupOf(feature: string): number {
  if (feature.startsWith('u:') || feature.startsWith('d:')) return 11;
  const colon = feature.indexOf(':');
  for (let i = colon + 1; i < feature.length; i++) {
    const c = feature.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return 0;
      continue;
    }
    if (c <= 0x24f) return 0;
    if (c >= 0x370 && c <= 0x3ff) return 2;
    if (c >= 0x400 && c <= 0x52f) return 1;
    if (c >= 0x590 && c <= 0x5ff) return 9;
    if (c >= 0x600 && c <= 0x6ff) return 6;
    if (c >= 0x900 && c <= 0x97f) return 8;
    if (c >= 0xe00 && c <= 0xe7f) return 7;
    if ((c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) return 3;
    if (c >= 0x3040 && c <= 0x30ff) return 5;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xd800 && c <= 0xdbff && feature.codePointAt(i)! >= 0x20000 && feature.codePointAt(i)! < 0x32400)) return 4;
    return 10;
  }
  return 10;
}

/** Evidence of one document: per kept feature, its index in the feature vector and its value, in parallel. */
interface Evidence {
  length: number;
  refs: Int32Array;
  values: Float64Array;
  /** Per feature of the vector: its slot in the scored model (see `locate`). */
  slots: Int32Array;
  /** `explain`'s two ranked lists (towards spam, then towards ham; TOP_EXPLAIN each): indexes into refs/values. */
  top: Int32Array;
  /** Their strengths. */
  topStrength: Float64Array;
}

// Scoring is synchronous and one document at a time, so one evidence buffer serves every call.
const shared: Evidence = {
  length: 0,
  refs: new Int32Array(512),
  values: new Float64Array(512),
  slots: new Int32Array(512),
  top: new Int32Array(2 * TOP_EXPLAIN),
  topStrength: new Float64Array(2 * TOP_EXPLAIN),
};

function scratch(n: number): Evidence {
  if (shared.refs.length < n) {
    shared.refs = new Int32Array(n);
    shared.values = new Float64Array(n);
    shared.slots = new Int32Array(n);
  }
  shared.length = 0;
  return shared;
}

/** Evidence as signed strength: positive towards spam. */
function signed(value: number, fisher: boolean): number {
  return fisher ? value - 0.5 : value;
}

/** Keeps the `max` strongest when there are more (rare: a comment has fewer distinct features than that). */
function truncate(ev: Evidence, max: number, fisher: boolean): Evidence {
  if (ev.length <= max) return ev;
  const order = Array.from({ length: ev.length }, (_, i) => i);
  order.sort((a, b) => Math.abs(signed(ev.values[b]!, fisher)) - Math.abs(signed(ev.values[a]!, fisher)));
  const refs = new Int32Array(max);
  const values = new Float64Array(max);
  for (let i = 0; i < max; i++) {
    refs[i] = ev.refs[order[i]!]!;
    values[i] = ev.values[order[i]!]!;
  }
  return { ...ev, length: max, refs, values };
}

/** Fisher's chi-square combining of Robinson's f(w), as in SpamBayes: (1 + S − H) / 2. */
function fisherCombine(ev: Evidence, minDeviation: number): number {
  let lnSpam = 0;
  let lnHam = 0;
  let n = 0;
  for (let i = 0; i < ev.length; i++) {
    const f = ev.values[i]!;
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

/**
 * The five strongest tokens of each sign, in one pass with a short sorted list each (cheaper than sorting all); only
 * those are spelled out as strings. Ties keep the earlier token first, as a stable sort would. The lists live in the
 * scratch's typed arrays: fresh JS arrays per comment changed elements kind (small integers to doubles) as they filled.
 */
function explain(ev: Evidence, fv: FeatureVector, fisher: boolean): Pick<ScoreResult, 'tokensFor' | 'tokensAgainst'> {
  const { top, topStrength, values } = ev;
  let towardsSpam = 0;
  let towardsHam = 0;
  for (let i = 0; i < ev.length; i++) {
    const sv = fisher ? values[i]! - 0.5 : values[i]!;
    if (sv === 0) continue;
    const o = sv > 0 ? 0 : TOP_EXPLAIN;
    const len = sv > 0 ? towardsSpam : towardsHam;
    const st = Math.abs(sv);
    if (len === TOP_EXPLAIN && st <= topStrength[o + TOP_EXPLAIN - 1]!) continue;
    // Insertion point after every stronger-or-equal entry; the weakest falls off the end.
    let at = len;
    while (at > 0 && topStrength[o + at - 1]! < st) at--;
    for (let k = Math.min(len, TOP_EXPLAIN - 1); k > at; k--) {
      top[o + k] = top[o + k - 1]!;
      topStrength[o + k] = topStrength[o + k - 1]!;
    }
    top[o + at] = i;
    topStrength[o + at] = st;
    if (len < TOP_EXPLAIN) {
      if (sv > 0) towardsSpam++;
      else towardsHam++;
    }
  }
  return { tokensFor: toEvidence(ev, 0, towardsSpam, fv, fisher), tokensAgainst: toEvidence(ev, TOP_EXPLAIN, towardsHam, fv, fisher) };
}

function toEvidence(ev: Evidence, from: number, length: number, fv: FeatureVector, fisher: boolean): TokenEvidence[] {
  const out: TokenEvidence[] = [];
  for (let k = 0; k < length; k++) {
    const i = ev.top[from + k]!;
    const v = ev.values[i]!;
    out.push({ token: fv.feature(ev.refs[i]!), p: fisher ? v : 1 / (1 + Math.exp(-v)) });
  }
  return out;
}
