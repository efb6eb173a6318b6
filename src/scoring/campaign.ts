/**
 * Campaign keys: what copies of one spam campaign share, so that the flood detector can count them and moderators
 * can clear them together. A comment has up to four: the registrable domain it promotes, its author name, a
 * fingerprint of its text that near-duplicates share, and the brand-like token it pushes (`weton88`).
 */
import type { ScoringContext } from './context.js';

export const CAMPAIGN_KINDS = ['domain', 'author', 'text', 'brand'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/** One key, e.g. `{ kind: 'domain', value: 'woori-casino.xyz' }`. */
export interface CampaignKey {
  readonly kind: CampaignKind;
  readonly value: string;
}

/** Domains that say nothing about a campaign (everyone links them). */
export const COMMON_DOMAINS: ReadonlySet<string> = new Set(['youtube.com', 'youtu.be', 'google.com', 'wikipedia.org', 'facebook.com', 'twitter.com', 'x.com', 'instagram.com']);

const BRAND = /^(?=.*\p{L})(?=.*\p{N})[\p{L}\p{N}]{4,20}$/u;

/** The campaign keys of a comment (pure). */
export function campaignKeys(ctx: ScoringContext): CampaignKey[] {
  const keys: CampaignKey[] = [];
  const domain = [ctx.authorLink, ...ctx.links].find((l) => l && !COMMON_DOMAINS.has(l.domain))?.domain;
  if (domain) keys.push({ kind: 'domain', value: domain });
  const author = ctx.authorName.toLowerCase().replace(/\s+/g, ' ').trim();
  if (author) keys.push({ kind: 'author', value: author.slice(0, 80) });
  if (ctx.tokens.length >= 3) keys.push({ kind: 'text', value: simhash(ctx.tokens) });
  const brand = [...ctx.tokens, ...author.split(' ')].find((t) => BRAND.test(t) && !/^\d+\p{L}{1,2}$/u.test(t));
  if (brand) keys.push({ kind: 'brand', value: brand });
  return keys;
}

/**
 * 64-bit SimHash of a token list, as 16 hex digits: texts that share most tokens get fingerprints that differ in few
 * bits. Token hashes are two 32-bit FNV-1a variants side by side (no BigInt, no allocation per bit).
 */
export function simhash(tokens: readonly string[]): string {
  const weights = new Int32Array(64);
  for (const token of tokens) {
    const hi = fnv1a(token, 0x811c9dc5);
    const lo = fnv1a(token, 0x01000193);
    for (let bit = 0; bit < 32; bit++) {
      weights[bit]! += (hi >>> bit) & 1 ? 1 : -1;
      weights[bit + 32]! += (lo >>> bit) & 1 ? 1 : -1;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (weights[bit]! > 0) hi |= 1 << bit;
    if (weights[bit + 32]! > 0) lo |= 1 << bit;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** Number of differing bits between two {@link simhash} fingerprints. */
export function hammingDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < 16; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x) {
      x &= x - 1;
      d++;
    }
  }
  return d;
}

function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // A final avalanche, so that similar tokens do not get similar hashes.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}
