/**
 * What the worker learns from Redis before the pipeline runs, passed into the context so that phases stay pure:
 * how many comments shared this comment's campaign keys in the flood window, and which of its keys the local
 * reputation memory holds as confirmed spam, and what the campaign memory holds about its fingerprints.
 */
import type { Evidence } from '../domain/verdict.js';
import type { FingerprintKind } from './fingerprints.js';

/** The kinds of flood window a comment is counted in. `subnet` is the IPv4 /24 or IPv6 /64 around the author IP. */
export const FLOOD_KINDS = ['domain', 'text', 'ip', 'subnet', 'author', 'brand'] as const;
export type FloodKind = (typeof FLOOD_KINDS)[number];

/** Windows exist per site and across all sites of the installation. */
export type FloodScope = 'site' | 'all';

/** One window's counts, this comment included. */
export interface FloodCount {
  readonly kind: FloodKind;
  readonly value: string;
  readonly scope: FloodScope;
  readonly comments: number;
  /** Distinct author names (or, for anonymous comments, addresses). */
  readonly authors: number;
  readonly posts: number;
  readonly sites: number;
  /** Milliseconds since the value was first seen by this installation (domains only). */
  readonly ageMs?: number;
  /** Earlier comments of the window as `site\nid`, most recent first (capped). */
  readonly earlier: readonly string[];
}

/** The kinds of value the reputation memory holds. */
export const REPUTATION_KINDS = ['domain', 'ip', 'email', 'brand'] as const;
export type ReputationKind = (typeof REPUTATION_KINDS)[number];

/** A value of this comment that confirmed spam used before. */
export interface ReputationHit {
  readonly kind: ReputationKind;
  readonly value: string;
  /** When spam with this value was last confirmed (ms since the epoch). */
  readonly confirmedAt: number;
  /** Whether spam on this comment's own site confirmed it (else only other sites did: it weighs less). */
  readonly here: boolean;
}

/**
 * What the campaign memory holds about one of the comment's fingerprints (src/store/memory.ts): how many comments
 * with it moderators rejected (and approved) lately, in the site's own memory or the one the sharing sites pool.
 */
export interface MemoryHit {
  readonly kind: FingerprintKind;
  readonly value: string;
  readonly scope: 'site' | 'shared';
  /** Rejected comments that carried it, within the memory's time. */
  readonly rejected: number;
  /** Of which in the last 7 days. */
  readonly week: number;
  /** Approved comments that carried it: a reader's word, not a campaign's. */
  readonly approved: number;
  /** The newest rejected ones. */
  readonly examples: ReadonlyArray<{ readonly site: string; readonly id: string }>;
  /** Where this comment shows it. */
  readonly evidence?: Evidence;
}

/** Everything gathered from Redis for one comment. */
export interface ScoringSignals {
  /** Length of the flood window, for messages. */
  readonly windowMs: number;
  readonly floods: readonly FloodCount[];
  readonly reputation: readonly ReputationHit[];
  /** The campaign memory's hits (absent where it was not asked, e.g. re-scoring offline). */
  readonly memory?: readonly MemoryHit[];
}
