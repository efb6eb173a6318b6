/**
 * What every scoring phase sees: the comment, normalised once, and the site's settings.
 * Everything here is computed before the phases run, so phases stay pure and cheap.
 */
import type { CommentInput } from '../comment.js';
import type { Thresholds } from '../verdict.js';
import type { ExtractedLink } from './links.js';
import { parseLinkTarget } from './links.js';
import { parseIp, type IpAddress } from './ip.js';
import { foldText, normalizeText } from './normalize.js';
import type { ScoringSignals } from './signals.js';
import type { SiteLists } from './site-lists.js';
import { tokenize } from './tokenize.js';

/** The disguises normalisation can undo (see docs/REASONS.md, family `evasion`). */
export const EVASION_KINDS = ['styled', 'mixed-script', 'spaced', 'decorated', 'leet', 'broken-digits', 'invisible'] as const;
export type EvasionKind = (typeof EVASION_KINDS)[number];

/** One disguise normalisation undid in a field: what was written and what it reads as. */
export interface EvasionFinding {
  readonly kind: EvasionKind;
  /** The disguised span, a literal substring of the field as the CMS sent it (the moderator page highlights it). */
  readonly match: string;
  /** What it reads as once undone (`𝐌𝐄𝐆𝐀𝟖𝟖` → `MEGA88`). */
  readonly folded: string;
}

/** What normalisation undid, per field. Empty arrays when the comment was written plainly. */
export interface EvasionReport {
  readonly content: readonly EvasionFinding[];
  readonly authorName: readonly EvasionFinding[];
}

const NO_EVASION: EvasionReport = Object.freeze({ content: Object.freeze([]), authorName: Object.freeze([]) });

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
  /** What normalising the content and the author name had to undo: disguise is evidence in itself. */
  readonly evasion: EvasionReport;
  /** `authorName` lowercased. */
  readonly lowerAuthorName: string;
  /** The author's email, trimmed and lowercased, and its domain ('' when absent). */
  readonly email: string;
  readonly emailDomain: string;
  /** The author's IP address, when given and valid. */
  readonly ip: IpAddress | undefined;
  /** When Sluice received the comment (the form timing rule falls back to it). */
  readonly receivedAt: Date | undefined;
  /** Flood counts and reputation hits gathered from Redis by the worker; absent offline. */
  readonly signals: ScoringSignals | undefined;
  /** The site's and the global lists, compiled; absent offline. */
  readonly lists: SiteLists | undefined;
}

/** What the worker adds to a context beyond the comment itself. */
export interface ContextExtras {
  readonly signals?: ScoringSignals | undefined;
  readonly lists?: SiteLists | undefined;
  readonly receivedAt?: Date | undefined;
}

/** The same context with what the worker gathered from Redis added (no text is normalised again). */
export function withExtras(ctx: ScoringContext, extras: ContextExtras): ScoringContext {
  return { ...ctx, receivedAt: extras.receivedAt, signals: extras.signals, lists: extras.lists };
}

/** Builds the context: the one place where a comment is normalised and tokenised. */
export function buildContext(comment: CommentInput, settings: SiteSettings, now: Date, extras: ContextExtras = {}): ScoringContext {
  const normalized = normalizeText(comment.content, comment.contentType);
  const authorUrl = comment.author.url?.trim();
  const authorName = foldText(comment.author.name ?? '').trim();
  const email = (comment.author.email ?? '').trim().toLowerCase();
  const at = email.lastIndexOf('@');
  return {
    comment,
    text: normalized.text,
    lowerText: normalized.text.toLowerCase(),
    links: normalized.links,
    tokens: tokenize(normalized.text),
    authorName,
    authorLink: authorUrl ? parseLinkTarget(authorUrl) : undefined,
    settings,
    now,
    evasion: NO_EVASION,
    lowerAuthorName: authorName.toLowerCase(),
    email,
    emailDomain: at > 0 ? email.slice(at + 1) : '',
    ip: comment.author.ip ? parseIp(comment.author.ip) : undefined,
    receivedAt: extras.receivedAt,
    signals: extras.signals,
    lists: extras.lists,
  };
}
