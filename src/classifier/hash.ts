/**
 * Feature hashing: a feature string's identity as two 32-bit hashes (64 bits together), defined one UTF-16 code unit
 * at a time so that a feature such as `p:check 1 out` can be hashed from its parts without ever building the string.
 *
 * Each lane is a polynomial hash modulo 2³²: h ← h·P + c, from a fixed start. That makes it composable: the hash of
 * `x + y` is hash(x)·P^|y| + hash₀(y), where hash₀ starts from 0. Feature extraction hashes each token once and
 * combines (`p:` + token + ` 1 ` + next token) in a few multiplications, instead of re-reading every character of
 * every pair; hashing the whole string gives exactly the same lanes.
 *
 * - lane A: P = 0x2545f491, the code unit itself;
 * - lane B: P = 0x5bd1e995, the code unit first scrambled by a bijective multiply–xorshift, so that the low bits of
 *   the two lanes are not the same function of the text (both multipliers are odd, so a lane's lowest bit alone would
 *   otherwise be the parity of the code units in both).
 *
 * A single code unit changed always changes both lanes (P is odd, so invertible modulo 2³²). Two of a model's 300,000
 * tokens (its bound) share both lanes with probability of the order of 300,000² / 2⁶² ≈ 2·10⁻⁸; a collision would
 * only merge two features' counts.
 */

/** Start of lane A. */
export const HASH_A0 = 0x811c9dc5 | 0;
/** Start of lane B. */
export const HASH_B0 = 0x3c6ef372 | 0;
/** Multipliers of the two lanes (odd). */
export const PRIME_A = 0x2545f491;
export const PRIME_B = 0x5bd1e995;

/** The code unit as lane B reads it (a bijection of 32-bit integers). */
export function scramble(c: number): number {
  const x = Math.imul((c + 0x7f4a7c15) | 0, 0x85ebca6b);
  return x ^ (x >>> 13);
}

/** Lane A continued from `h` over every code unit of `s`. */
export function hashA(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, PRIME_A) + s.charCodeAt(i)) | 0;
  return h;
}

/** Lane B continued from `h` over every code unit of `s`. */
export function hashB(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, PRIME_B) + scramble(s.charCodeAt(i))) | 0;
  return h;
}

/** PRIME^n modulo 2³² (what a lane's state is multiplied by over n more code units). */
export function power(prime: number, n: number): number {
  let p = 1;
  for (let i = 0; i < n; i++) p = Math.imul(p, prime);
  return p;
}

/** Both lanes of a whole string. */
export function hashString(s: string): readonly [number, number] {
  return [hashA(HASH_A0, s), hashB(HASH_B0, s)];
}

/**
 * Bucket of a key in a power-of-two table, from lane A alone (murmur3's finaliser, so that low bits are well spread):
 * the table then holds one lane per key, and lane B is compared where the key's counts are (model.ts).
 */
export function bucketOf(a: number, mask: number): number {
  let h = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}
