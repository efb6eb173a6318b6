/**
 * One document's features as hashes (see hash.ts), in order, with what is needed to spell any of them out again.
 *
 * Content features (`w:` unigrams, `p:` pairs) are not built as strings: each records the index of its token (and the
 * pair's distance) in `tokens`, and `feature(k)` spells it only when asked (a new token being learned, the five tokens
 * an explanation shows). The few other features (`n:`, `a:`, `u:`, `d:`, or any list of strings given by a caller)
 * are kept as strings in `strs`. A vector is meant to be reused: `clear` keeps its buffers.
 */
import { HASH_A0, HASH_B0, hashA, hashB } from './hash.js';

/** `ref` of a content feature: token index × REF_STRIDE + distance (0 for a unigram, the pair's distance otherwise). */
export const REF_STRIDE = 8;
/** ` 1 `, ` 2 ` …: a pair's separator by distance, so that spelling a pair converts no number to a string. */
const SEPARATORS = Array.from({ length: REF_STRIDE }, (_, d) => ` ${d} `);

/** Features as two hash lanes plus a reference to spell each one. */
export class FeatureVector {
  /** Number of features. */
  length = 0;
  /** Lane A of each feature's hash. */
  a: Int32Array;
  /** Lane B of each feature's hash. */
  b: Int32Array;
  /** ≥ 0: a content feature (token index × REF_STRIDE + distance); < 0: `strs[-ref - 1]`. */
  ref: Int32Array;
  /** The content tokens that content features refer to. */
  tokens: readonly string[] = [];
  /** Features kept as strings. */
  readonly strs: string[] = [];

  constructor(capacity = 256) {
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.ref = new Int32Array(capacity);
  }

  /** The same features as these strings, in order (duplicates kept). */
  static of(features: Iterable<string>): FeatureVector {
    const v = new FeatureVector(16);
    for (const f of features) v.pushString(f);
    return v;
  }

  /** Empties the vector (keeping its buffers) and sets the tokens its content features will refer to. */
  clear(tokens: readonly string[] = []): this {
    this.length = 0;
    this.tokens = tokens;
    this.strs.length = 0;
    return this;
  }

  /** Appends a feature by its hash lanes and reference. */
  push(a: number, b: number, ref: number): void {
    const k = this.length;
    if (k === this.a.length) this.grow();
    this.a[k] = a;
    this.b[k] = b;
    this.ref[k] = ref;
    this.length = k + 1;
  }

  /** Appends a feature given as a string. */
  pushString(s: string): void {
    this.push(hashA(HASH_A0, s), hashB(HASH_B0, s), -this.strs.push(s));
  }

  /** Appends a string feature whose hash lanes are already known (precomputed constants). */
  pushKnown(s: string, a: number, b: number): void {
    this.push(a, b, -this.strs.push(s));
  }

  /** Spells feature `k` (`w:check`, `p:check 1 out`, `d:bit.ly` …). */
  feature(k: number): string {
    const r = this.ref[k]!;
    if (r < 0) return this.strs[-r - 1]!;
    const i = (r / REF_STRIDE) | 0;
    const d = r - i * REF_STRIDE;
    const t = this.tokens[i]!;
    return d === 0 ? 'w:' + t : 'p:' + t + SEPARATORS[d]! + this.tokens[i + d]!;
  }

  /** Every feature spelled, in order. */
  toStrings(): string[] {
    const out = new Array<string>(this.length);
    for (let k = 0; k < this.length; k++) out[k] = this.feature(k);
    return out;
  }

  private grow(): void {
    const n = this.a.length * 2;
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    const ref = new Int32Array(n);
    a.set(this.a);
    b.set(this.b);
    ref.set(this.ref);
    this.a = a;
    this.b = b;
    this.ref = ref;
  }
}
