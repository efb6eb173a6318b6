/**
 * What every scoring phase sees: the comment, normalised once, and the site's settings.
 * Everything here is computed before the phases run, so phases stay pure and cheap.
 */
import type { CommentInput } from '../domain/comment.js';
import type { Thresholds } from '../domain/verdict.js';
import type { ExtractedLink } from './links.js';
import { parseLinkTarget } from './links.js';
import { parseIp, type IpAddress } from './ip.js';
import type { EvasionFinding, EvasionReport } from './evasion-types.js';
import { literalSpan } from './fold.js';
import { foldText, normalizeText } from './normalize.js';
import type { ScoringSignals } from './signals.js';
import type { SiteLists } from './site-lists.js';
import { tokenize } from './tokenize.js';

export { EVASION_KINDS, type EvasionFinding, type EvasionKind, type EvasionReport } from './evasion-types.js';

/** Per-site settings the phases read. */
export interface SiteSettings {
  readonly thresholds: Thresholds;
  /** Primary languages the site publishes in; empty means no expectation. */
  readonly languages: readonly string[];
  /** The site's own registrable domains: readers link them, so they are no flood window and no reputation. */
  readonly domains?: readonly string[];
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

const MAX_FINDINGS = 50;
const NO_EVASION: EvasionReport = Object.freeze({ content: Object.freeze([]), authorName: Object.freeze([]) });

/**
 * The findings whose match is literal text of the field, allowing for the invisible characters the fold dropped first
 * (it works on text with markup removed and entities decoded, where a disguise may also straddle a tag: those are
 * left out), one per kind and span; of two reports of the same span and kind, the
 * later one (a later fold step) says best what it reads as.
 */
function literalFindings(found: readonly EvasionFinding[], field: string): EvasionFinding[] {
  const byKey = new Map<string, EvasionFinding>();
  // Evidence needs a few spans, not hundreds: each is searched for in the field.
  for (const f of found.length > MAX_FINDINGS ? found.slice(0, MAX_FINDINGS) : found) {
    const match = literalSpan(field, f.match);
    if (match !== undefined) byKey.set(`${f.kind}\u0000${match}`, match === f.match ? f : { ...f, match });
  }
  return [...byKey.values()];
}

/** The same context with what the worker gathered from Redis added (no text is normalised again). */
export function withExtras(ctx: ScoringContext, extras: ContextExtras): ScoringContext {
  return { ...ctx, receivedAt: extras.receivedAt, signals: extras.signals, lists: extras.lists };
}

/** Builds the context: the one place where a comment is normalised and tokenised. */
export function buildContext(comment: CommentInput, settings: SiteSettings, now: Date, extras: ContextExtras = {}): ScoringContext {
  const contentFound: EvasionFinding[] = [];
  const nameFound: EvasionFinding[] = [];
  const normalized = normalizeText(comment.content, comment.contentType, contentFound);
  const authorUrl = comment.author.url?.trim();
  const rawName = comment.author.name ?? '';
  const authorName = foldText(rawName, nameFound).trim();
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
    evasion: contentFound.length + nameFound.length === 0 ? NO_EVASION : { content: literalFindings(contentFound, comment.content), authorName: literalFindings(nameFound, rawName) },
    lowerAuthorName: authorName.toLowerCase(),
    email,
    emailDomain: at > 0 ? email.slice(at + 1) : '',
    ip: comment.author.ip ? parseIp(comment.author.ip) : undefined,
    receivedAt: extras.receivedAt,
    signals: extras.signals,
    lists: extras.lists,
  };
}
