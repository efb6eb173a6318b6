/**
 * Coral Talk's external moderation phase, mapped onto Sluice. Pure: signature check, request schema, comment mapping,
 * and the response Coral expects. The route is src/http/routes/coral.ts.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { LIMITS, type CommentInput } from '../domain/comment.js';
import type { Verdict } from '../domain/verdict.js';

/** The body Coral posts (its documented external moderation request). */
export const coralRequestSchema = z.object({
  action: z.enum(['NEW', 'EDIT']),
  comment: z.object({ body: z.string().max(LIMITS.content), parentID: z.string().max(LIMITS.shortText).nullable().optional() }),
  author: z.object({ id: z.string().max(LIMITS.shortText), role: z.string().max(64) }),
  story: z.object({ id: z.string().max(LIMITS.shortText), url: z.string().max(LIMITS.url) }),
  site: z.object({ id: z.string().max(LIMITS.shortText) }),
  tenantID: z.string().max(LIMITS.shortText),
  tenantDomain: z.string().max(LIMITS.shortText),
});
export type CoralRequest = z.output<typeof coralRequestSchema>;

/** Roles Coral gives to staff, whose comments no phase should hold. */
const STAFF = new Set(['STAFF', 'MODERATOR', 'ADMIN']);

/**
 * True when any `sha256=<hex>` value in `X-Coral-Signature` is the HMAC-SHA256 of the raw body under `secret`
 * (Coral sends several during secret rotation). Constant-time comparison.
 */
export function coralSignatureMatches(header: string | undefined, rawBody: Buffer, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return header.split(',').some((part) => {
    const m = /^\s*sha256=([0-9a-f]{64})\s*$/i.exec(part);
    if (!m) return false;
    return timingSafeEqual(Buffer.from(m[1]!, 'hex'), expected);
  });
}

/**
 * The comment a Coral request describes. Coral's phase runs before the comment has an id, so the id is derived from
 * tenant, story, author and a hash of the body; an EDIT is the same author's new body on the same story.
 */
export function commentFromCoral(req: CoralRequest): CommentInput {
  const bodyHash = createHash('sha256').update(req.comment.body).digest('base64url').slice(0, 16);
  const id = `coral-${createHash('sha256').update(JSON.stringify([req.tenantID, req.story.id, req.author.id])).digest('base64url').slice(0, 16)}-${bodyHash}`;
  const comment: CommentInput = {
    id,
    postId: req.story.id,
    permalink: req.story.url.slice(0, LIMITS.url),
    content: req.comment.body,
    contentType: 'html',
    author: { id: req.author.id, role: STAFF.has(req.author.role) ? 'staff' : req.author.role.toLowerCase() },
  };
  if (req.comment.parentID) comment.parentId = req.comment.parentID;
  return comment;
}

/** Coral's answer: 204 (no opinion) for ham, REJECTED for spam, SYSTEM_WITHHELD with a spam flag for review. */
export function coralAnswer(verdict: Verdict): { status: 204 } | { status: 200; body: Record<string, unknown> } {
  if (verdict.verdict === 'ham') return { status: 204 };
  const actions = [{ actionType: 'FLAG', reason: 'COMMENT_DETECTED_SPAM' }];
  if (verdict.verdict === 'spam') return { status: 200, body: { status: 'REJECTED', actions, tags: [] } };
  return { status: 200, body: { status: 'SYSTEM_WITHHELD', actions, tags: [] } };
}
