/**
 * The webhook contract: what a CMS posts to `POST /v1/comments`, validated at the edge with zod.
 * Unknown fields are ignored (stripped), so CMSs may send more than we read.
 */
import { isIP } from 'node:net';
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

/** Loose on purpose (any local part, IDN domains): one `@` between two parts without spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * The author's address as the CMS saw it: IPv4 or IPv6 (mapped, zoned), spaces around trimmed; empty means unknown.
 * The Akismet and Coral doors do not pass here: their protocols never refused a value.
 */
const ipAddress = z
  .string()
  .max(64)
  .trim()
  .refine((v) => v === '' || isIP(v) !== 0, { message: 'not an IP address (IPv4 or IPv6, e.g. 203.0.113.7)' })
  .describe('IPv4 or IPv6 address of the author.');

/** The author's e-mail address, spaces around trimmed; empty means none. */
const emailAddress = shortText
  .trim()
  .refine((v) => v === '' || EMAIL.test(v), { message: 'not an e-mail address (name@domain)' })
  .describe('E-mail address of the author (name@domain).');

export const authorSchema = z.object({
  name: shortText.optional(),
  email: emailAddress.optional(),
  url: url.optional(),
  ip: ipAddress.optional(),
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
