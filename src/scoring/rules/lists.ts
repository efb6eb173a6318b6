/**
 * The operator's lists, per site and global (compiled by the worker, see site-lists.ts): a blocked domain, address,
 * email or banned word ends the pipeline as `spam`; an allowed author address, email or domain ends it as `ham`;
 * a suspect word holds the comment for review at least. Block lists are read first: nothing on one is ever published.
 */
import type { Evidence, Reason } from '../../domain/verdict.js';
import type { ScoringContext } from '../context.js';
import { evidenceIn } from '../evidence.js';
import type { Phase, PhaseResult } from '../phase.js';
import { weightsOf, type RuleData } from '../rule-data.js';
import type { SiteLists } from '../site-lists.js';
import { linkEvidence } from './links.js';

interface Hit {
  readonly code: string;
  readonly message: string;
  readonly evidence: Evidence[];
}

/** The lists phase; without lists in the context (offline scoring) it has no opinion. */
export function listsPhase(data: RuleData): Phase {
  const w = weightsOf(data);
  const blocked = w('list.blocked');
  const banned = w('list.banned-word');
  const allowed = w('list.allowed');
  const suspect = w('list.suspect-word');
  return {
    name: 'lists',
    run(ctx): PhaseResult | undefined {
      const lists = ctx.lists;
      if (!lists || lists.empty) return undefined;
      const block = identityHit(ctx, lists, 'blocked');
      if (block) return { final: 'spam', reasons: [{ ...block, weight: blocked }] };
      const words = wordHits(ctx, lists, 'banned');
      if (words.length) {
        return { final: 'spam', reasons: [{ code: 'list.banned-word', weight: banned, message: `The comment uses a word this site bans: ${words.map((e) => `"${e.match}"`).join(', ')}.`, evidence: words }] };
      }
      const allow = identityHit(ctx, lists, 'allowed') ?? allLinksAllowed(ctx, lists);
      if (allow) return { final: 'ham', reasons: [{ ...allow, weight: allowed }] };
      const suspects = wordHits(ctx, lists, 'suspect');
      if (!suspects.length) return undefined;
      const reason: Reason = { code: 'list.suspect-word', weight: suspect, message: `The comment uses a word this site holds for review: ${suspects.map((e) => `"${e.match}"`).join(', ')}.`, evidence: suspects };
      return { atLeast: 'review', reasons: [reason] };
    },
  };
}

function identityHit(ctx: ScoringContext, lists: SiteLists, kind: 'blocked' | 'allowed'): Hit | undefined {
  const verb = kind === 'blocked' ? 'blocks' : 'allows';
  if (ctx.ip) {
    const range = lists.ip(kind, ctx.ip);
    if (range) return { code: `list.${kind}-ip`, message: `The author's address is in ${range}, which this site ${verb}.`, evidence: [{ field: 'author.ip', match: ctx.comment.author.ip?.trim() ?? range }] };
  }
  const email = lists.email(kind, ctx.email);
  if (email) return { code: `list.${kind}-email`, message: `The author's email matches ${email}, which this site ${verb}.`, evidence: [{ field: 'author.email', match: ctx.comment.author.email?.trim() ?? email }] };
  if (kind === 'blocked') {
    for (const link of ctx.authorLink ? [...ctx.links, ctx.authorLink] : ctx.links) {
      const domain = lists.domain(kind, link.host);
      if (domain) return { code: 'list.blocked-domain', message: `Links to ${domain}, which this site blocks.`, evidence: [linkEvidence(link, ctx)] };
    }
  } else if (ctx.authorLink) {
    const domain = lists.domain(kind, ctx.authorLink.host);
    if (domain) return { code: 'list.allowed-domain', message: `The author's website is on ${domain}, which this site allows.`, evidence: [linkEvidence(ctx.authorLink, ctx)] };
  }
  return undefined;
}

/** Allowed when the comment links only to allowed domains: it promotes nothing the operator has not vouched for. */
function allLinksAllowed(ctx: ScoringContext, lists: SiteLists): Hit | undefined {
  if (ctx.links.length === 0) return undefined;
  const domains = ctx.links.map((l) => lists.domain('allowed', l.host));
  if (domains.some((d) => d === undefined)) return undefined;
  return { code: 'list.allowed-domain', message: `Every link goes to ${[...new Set(domains)].join(', ')}, which this site allows.`, evidence: ctx.links.slice(0, 5).map((l) => linkEvidence(l, ctx)) };
}

function wordHits(ctx: ScoringContext, lists: SiteLists, kind: 'banned' | 'suspect'): Evidence[] {
  const inText = lists.words(kind, ctx.lowerText).map((t) => evidenceIn('content', ctx.comment.content, t));
  const inName = ctx.lowerAuthorName ? lists.words(kind, ctx.lowerAuthorName).map((t) => evidenceIn('author.name', ctx.comment.author.name, t)) : [];
  return [...inText, ...inName].slice(0, 8);
}
