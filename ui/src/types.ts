/** The API's shapes, as the page reads them (see /openapi.json); reasons are the service's own type. */
import type { Reason } from '../../src/domain/verdict.js';

export type { Reason };

export interface Verdict {
  readonly id: string;
  readonly site: string;
  readonly status: string;
  readonly verdict: 'ham' | 'review' | 'spam';
  readonly score: number;
  readonly reasons: readonly Reason[];
  /** The smallest set of reasons without which the comment would be published, in words. */
  readonly counterfactual?: ReadonlyArray<{ readonly code: string; readonly message: string }>;
  readonly receivedAt: string;
  /** Who decided it and when, once a person did. */
  readonly decidedBy?: string;
  readonly decidedAt?: string;
}

export interface CampaignSummary {
  readonly kind: 'domain' | 'author' | 'text' | 'brand';
  readonly value: string;
  readonly comments: number;
  readonly held: number;
  readonly posts: number;
  readonly sites: Readonly<Record<string, number>>;
}

export interface ReviewItem {
  readonly site: string;
  readonly id: string;
  readonly comment: {
    readonly postId: string;
    readonly content: string;
    readonly permalink?: string;
    readonly receivedAt: string;
    readonly author: { readonly name?: string; readonly email?: string; readonly url?: string; readonly ip?: string };
  };
  readonly verdict: Verdict;
  /** `scored`: the machine's verdict stands; `decided` by a person. */
  readonly status: string;
  readonly campaigns: readonly CampaignSummary[];
}

/** The views of GET /v1/review: the queue, what the machine rejected, what is published, what people decided, all, shadow. */
export const VIEWS = ['held', 'rejected', 'approved', 'decided', 'all', 'would-have-held'] as const;
export type ViewId = (typeof VIEWS)[number];

/** A problem of a site a moderator should know of (`site.proxy-address`: its comments all arrive from one address). */
export interface SiteWarning {
  readonly site: string;
  readonly code: string;
  readonly address: string;
  readonly since: string;
  readonly message: string;
}

export interface ReviewPage {
  readonly items: ReviewItem[];
  readonly total: number;
  /** A search for common words stopped counting: `total` is a lower bound. */
  readonly totalCapped?: boolean;
  readonly nextCursor: string | null;
  /** Comments in each view, without the other filters. */
  readonly counts?: Partial<Record<ViewId, number>>;
  readonly warnings: SiteWarning[];
}

export interface CampaignExample {
  readonly site: string;
  readonly id: string;
  readonly postId: string;
  readonly author?: string;
  readonly content: string;
  readonly score?: number;
}

export interface Campaign extends CampaignSummary {
  readonly examples: readonly CampaignExample[];
}

export interface DayStats {
  readonly date: string;
  readonly received: number;
  readonly ham: number;
  readonly review: number;
  readonly spam: number;
  readonly reported: number;
  readonly decided: number;
  readonly approved: number;
  readonly rejected: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  /** Held or rejected by the machine because they resembled comments moderators rejected (`memory.*` reasons). */
  readonly caughtByMemory: number;
  /** Published first, held later when a flood they belong to was rejected. */
  readonly reflagged: number;
  readonly medianQueueSeconds: number | null;
}

export interface BulkOutcome {
  readonly decided: ReadonlyArray<{ site: string; id: string; verdict: HumanVerdict; at: string }>;
  readonly skipped: ReadonlyArray<{ site: string; id: string; message: string }>;
}

export type HumanVerdict = 'ham' | 'spam';
export type BlockTarget = 'domain' | 'email' | 'ip';

/** One human decision of a comment's history (GET /v1/comments/:id/decisions), oldest first. */
export interface Decision {
  readonly verdict: HumanVerdict;
  readonly note?: string;
  readonly by: { readonly id: string; readonly name: string; readonly role: string };
  readonly at: string;
  readonly rev: number;
  readonly before: { readonly verdict: string; readonly status: string };
  readonly machine: string;
  /** Set when the decision was taken back (who, when). */
  readonly undone?: { readonly by: { readonly name: string }; readonly at: string };
}

/** What deciding one comment answers (POST /v1/comments/:id/decision). */
export interface DecisionOutcome {
  readonly verdict: Verdict;
  readonly decision: Decision;
  readonly learned: boolean;
  readonly notified: boolean;
}

/** Another comment of the same author (GET /v1/comments/:id/related). */
export interface RelatedItem {
  readonly site: string;
  readonly id: string;
  readonly comment: ReviewItem['comment'];
  readonly status: string;
  readonly verdict?: Verdict;
  readonly matched: ReadonlyArray<'name' | 'email' | 'ip' | 'domain'>;
}

export interface RelatedPage {
  readonly items: RelatedItem[];
  readonly nextCursor: string | null;
}

/** One value "spam and block" or "trust" could put on a site's list, and why it may not (GET /v1/comments/:id/block-targets). */
export interface ListTarget {
  readonly target: BlockTarget;
  readonly value: string;
  readonly list: string;
  readonly refused?: string;
}

export interface BlockTargets {
  readonly block: readonly ListTarget[];
  readonly trust: readonly ListTarget[];
}

/** A block or allow-list entry of a site (GET /v1/blocks). */
export interface ListEntry {
  readonly site: string;
  readonly list: string;
  readonly value: string;
  readonly by?: string;
  readonly at?: string;
  readonly commentId?: string;
}
