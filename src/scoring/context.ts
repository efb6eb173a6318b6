/**
 * What every scoring phase sees: the comment, normalised once, and the site's settings.
 * Everything here is computed before the phases run, so phases stay pure and cheap.
 */
import type { CommentInput } from '../comment.js';
import type { Thresholds } from '../verdict.js';
import type { ExtractedLink } from './links.js';
import { parseLinkTarget } from './links.js';
import { foldText, normalizeText } from './normalize.js';
import { tokenize } from './tokenize.js';

/** Per-site settings the phases read. */
export interface SiteSettings {
  readonly thresholds: Thresholds;
  /** Primary languages the site publishes in; empty means no expectation. */
  readonly languages: readonly string[];
}

/** The comment as the phases see it. */
export interface ScoringContext {
  readonly comment: CommentInput;
  /** Content as plain, folded text. */
  readonly text: string;
  /** `text` lowercased, for lexicon matching. */
  readonly lowerText: string;
  /** Links in the content (not the author URL). */
  readonly links: readonly ExtractedLink[];
  readonly tokens: readonly string[];
  /** Author name folded (look-alike letters to ASCII, spaced letters re-joined). */
  readonly authorName: string;
  readonly authorLink: ExtractedLink | undefined;
  readonly settings: SiteSettings;
  /** The time of scoring, passed in so phases never read the clock. */
  readonly now: Date;
}

/** Builds the context: the one place where a comment is normalised and tokenised. */
export function buildContext(comment: CommentInput, settings: SiteSettings, now: Date): ScoringContext {
  const normalized = normalizeText(comment.content, comment.contentType);
  const authorUrl = comment.author.url?.trim();
  return {
    comment,
    text: normalized.text,
    lowerText: normalized.text.toLowerCase(),
    links: normalized.links,
    tokens: tokenize(normalized.text),
    authorName: foldText(comment.author.name ?? '').trim(),
    authorLink: authorUrl ? parseLinkTarget(authorUrl) : undefined,
    settings,
    now,
  };
}
