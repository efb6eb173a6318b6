/**
 * The webhook contract: what a CMS posts to `POST /v1/comments`, validated at the edge with zod.
 * Unknown fields are ignored (stripped), so CMSs may send more than we read.
 */
import { z } from 'zod';

/** Field length limits. Generous for real comments, small enough that one request cannot bloat Redis. */
export const LIMITS = {
  id: 128,
  shortText: 512,
  url: 2048,
  content: 100_000,
} as const;

const shortText = z.string().max(LIMITS.shortText);
const url = z.string().max(LIMITS.url);
const isoDate = z.iso.datetime({ offset: true });

export const authorSchema = z.object({
  name: shortText.optional(),
  email: shortText.optional(),
  url: url.optional(),
  ip: z.string().max(64).optional(),
  userAgent: shortText.optional(),
  id: shortText.optional(),
  role: z.string().max(64).optional(),
});

export const CONTENT_TYPES = ['text', 'html', 'markdown'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/** The body of `POST /v1/comments`. */
export const commentInputSchema = z.object({
  id: z.string().min(1).max(LIMITS.id),
  postId: z.string().min(1).max(LIMITS.shortText),
  permalink: url.optional(),
  content: z.string().max(LIMITS.content),
  contentType: z.enum(CONTENT_TYPES).default('text'),
  author: authorSchema.default({}),
  parentId: shortText.optional(),
  createdAt: isoDate.optional(),
  lang: z.string().max(35).optional(),
  referrer: url.optional(),
  honeypot: shortText.optional(),
  formRenderedAt: isoDate.optional(),
});

export type CommentInput = z.output<typeof commentInputSchema>;
export type Author = z.output<typeof authorSchema>;

/** Which door a comment came in by, and what that protocol said about it. */
export interface CommentVia {
  readonly via: 'webhook' | 'akismet' | 'coral';
  /** Coral: an EDIT of an earlier comment. */
  readonly edit?: boolean;
  /** Akismet: `is_test` was set; never learned from. */
  readonly test?: boolean;
}

/** A comment as Sluice stores it: the CMS's fields plus where and when it arrived. */
export interface StoredComment extends CommentInput, Partial<CommentVia> {
  readonly site: string;
  readonly receivedAt: string;
  /** Counts edits: 0 for the first version, +1 for each re-post with changed content. */
  readonly revision: number;
}
