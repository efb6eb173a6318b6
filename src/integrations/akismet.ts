/**
 * Akismet's protocol, mapped onto Sluice: form fields in, a comment out; a verdict in, Akismet's answer out.
 * Pure. The routes in src/http/routes/akismet.ts do the I/O.
 * Reference: Akismet API 1.1 (verify-key, comment-check, submit-spam, submit-ham).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { LIMITS, type CommentInput } from '../domain/comment.js';
import type { Verdict } from '../domain/verdict.js';

const field = (max: number) => z.string().max(max).optional();

/** The form fields Sluice reads (Akismet clients send more; the rest is ignored). */
export const akismetFieldsSchema = z.object({
  api_key: field(200),
  key: field(200),
  blog: z.string().min(1).max(LIMITS.url),
  user_ip: field(64),
  user_agent: field(LIMITS.shortText),
  referrer: field(LIMITS.url),
  permalink: field(LIMITS.url),
  comment_type: field(64),
  comment_author: field(LIMITS.shortText),
  comment_author_email: field(LIMITS.shortText),
  comment_author_url: field(LIMITS.url),
  comment_content: field(LIMITS.content),
  comment_date_gmt: field(64),
  comment_post_modified_gmt: field(64),
  comment_parent: field(LIMITS.shortText),
  blog_lang: field(64),
  blog_charset: field(64),
  user_role: field(64),
  is_test: field(8),
  recheck_reason: field(64),
  honeypot_field_name: field(64),
});
export type AkismetFields = z.output<typeof akismetFieldsSchema>;

/** Akismet's help text for a request it cannot use (sent as `X-akismet-debug-help`). */
export class AkismetRequestError extends Error {
  override readonly name = 'AkismetRequestError';
}

/** The API key: `api_key` (or `key`) in the body, else the first label of the Host name (`KEY.rest.example.org`). */
export function akismetKey(fields: { api_key?: string | undefined; key?: string | undefined }, host: string | undefined): string | undefined {
  const fromBody = fields.api_key ?? fields.key;
  if (fromBody) return fromBody;
  const label = host?.split(':')[0]?.split('.');
  // A key label needs at least one more label after it, and looks like a key (not "www" or "rest").
  if (!label || label.length < 2 || !/^[a-z0-9]{10,}$/i.test(label[0]!)) return undefined;
  return label[0];
}

/** Whether the request is a test that must never be learned from. */
export const isTest = (fields: AkismetFields): boolean => fields.is_test === '1' || fields.is_test === 'true';

function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  // Akismet clients send ISO 8601 or "YYYY-MM-DD HH:MM:SS" in GMT.
  const normalized = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const t = Date.parse(normalized);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/**
 * The comment an Akismet request describes. Akismet sends no comment id, so the id is derived from what identifies
 * the comment (blog, permalink, author, date, content): a client re-checking the same comment gets the same id.
 */
export function commentFromAkismet(fields: AkismetFields, raw: Readonly<Record<string, unknown>>): CommentInput {
  if (!fields.user_ip) throw new AkismetRequestError('Empty "user_ip" value');
  const content = fields.comment_content ?? '';
  const id = `ak-${createHash('sha256')
    .update(JSON.stringify([fields.blog, fields.permalink ?? '', fields.comment_author ?? '', fields.comment_author_email ?? '', fields.comment_date_gmt ?? '', content]))
    .digest('base64url')
    .slice(0, 24)}`;
  const author: CommentInput['author'] = { ip: fields.user_ip };
  if (fields.comment_author) author.name = fields.comment_author;
  if (fields.comment_author_email) author.email = fields.comment_author_email;
  if (fields.comment_author_url) author.url = fields.comment_author_url;
  if (fields.user_agent) author.userAgent = fields.user_agent;
  if (fields.user_role) author.role = fields.user_role;
  const comment: CommentInput = { id, postId: (fields.permalink ?? fields.blog).slice(0, LIMITS.shortText), content, contentType: 'html', author };
  if (fields.permalink) comment.permalink = fields.permalink;
  if (fields.referrer) comment.referrer = fields.referrer;
  if (fields.comment_parent && fields.comment_parent !== '0') comment.parentId = fields.comment_parent;
  const createdAt = isoDate(fields.comment_date_gmt);
  if (createdAt) comment.createdAt = createdAt;
  const lang = fields.blog_lang?.split(',')[0]?.trim().replace('_', '-');
  if (lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang)) comment.lang = lang;
  const honeypot = fields.honeypot_field_name ? raw[fields.honeypot_field_name] : undefined;
  if (typeof honeypot === 'string' && honeypot !== '') comment.honeypot = honeypot.slice(0, LIMITS.shortText);
  return comment;
}

/** Akismet's answer to comment-check: `true` is spam. A held comment (`review`) is `true` too: WordPress and most
 *  Akismet clients put it in their spam folder, which their moderators review; `X-Sluice-Verdict` tells them apart. */
export function akismetAnswer(verdict: Verdict): { body: 'true' | 'false'; headers: Record<string, string> } {
  const headers: Record<string, string> = { 'X-akismet-guid': verdict.id, 'X-Sluice-Verdict': verdict.verdict };
  if (verdict.verdict === 'spam' && verdict.discard) headers['X-akismet-pro-tip'] = 'discard';
  return { body: verdict.verdict === 'ham' ? 'false' : 'true', headers };
}

/** What submit-spam and submit-ham answer. */
export const AKISMET_THANKS = 'Thanks for making the web a better place.';
