/**
 * Link rules: how many links, how dense, how many domains, and the kinds of link readers rarely post — shorteners
 * that hide the target, bare IP addresses, disguised dots, TLDs that spam campaigns favour, anchor text that repeats
 * the author's (advertising) name, links in comments too short to be about anything else. Readers link too, so each
 * is a modest weight; it is the accumulation that counts.
 */
import type { Evidence, Reason } from '../../domain/verdict.js';
import type { ScoringContext } from '../context.js';
import { distinct } from '../evidence.js';
import type { ExtractedLink } from '../links.js';
import type { Phase } from '../phase.js';
import { paramsOf, weightsOf, type RuleData } from '../rule-data.js';

const MAX_EVIDENCE = 5;

function evidenceOf(links: readonly ExtractedLink[], ctx: ScoringContext): Evidence[] {
  return links.slice(0, MAX_EVIDENCE).map((l) => linkEvidence(l, ctx));
}

/** Evidence for one link: the author URL field, or the link's text in the content. */
export function linkEvidence(l: ExtractedLink, ctx: ScoringContext): Evidence {
  return l === ctx.authorLink ? { field: 'author.url', match: ctx.comment.author.url ?? l.raw } : { field: 'content', match: l.raw };
}

/** The link phase over the rule data's weights. */
export function linkPhase(data: RuleData): Phase {
  const w = weightsOf(data);
  const p = paramsOf(data);
  const perLink = w('link.count');
  const proseChars = p('link.short-comment.prose-chars');
  const densityLimit = p('link.density.per-hundred');
  const perDomain = w('link.domains');
  const riskyTld = w('link.risky-tld');
  const tlds = data.riskyTlds;
  return {
    name: 'links',
    run(ctx) {
      const links = ctx.links;
      const n = links.length;
      const reasons: Reason[] = [];
      if (n > 0) {
        // Strength: 1 per link up to two, then 2/3 per link, at most 5: ten links are not ten times worse than three.
        const weight = perLink * Math.min(5, n <= 2 ? n : 2 + (2 / 3) * (n - 2));
        const domains = distinct(links.map((l) => l.domain));
        reasons.push({
          code: 'link.count',
          weight,
          message: `${n} link${n === 1 ? '' : 's'} in the comment.`,
          evidence: evidenceOf(links, ctx),
          data: { count: n, domains: domains.slice(0, 20) },
        });
        const rawLength = links.reduce((sum, l) => sum + l.raw.length, 0);
        // Chinese, Japanese and Korean say in one character what Latin scripts say in two or three: they count double.
        const wide = wideLetters(ctx.text);
        const prose = ctx.text.length - rawLength + wide;
        const perHundred = (n * 100) / Math.max(ctx.text.length + wide, 1);
        if (prose < proseChars) {
          reasons.push({ code: 'link.short-comment', weight: w('link.short-comment'), message: 'The comment is little more than a link.', evidence: evidenceOf(links, ctx) });
        } else if (perHundred > densityLimit) {
          reasons.push({ code: 'link.density', weight: w('link.density'), message: `${perHundred.toFixed(1)} links per 100 characters.`, evidence: evidenceOf(links, ctx) });
        }
        if (domains.length > 2) {
          reasons.push({
            code: 'link.domains',
            // Strength: each domain beyond two, at most 4.
            weight: perDomain * Math.min(4, domains.length - 2),
            message: `Links to ${domains.length} different domains.`,
            evidence: evidenceOf(distinctByDomain(links), ctx),
            data: { domains: domains.slice(0, 20) },
          });
        }
        const anchored = ctx.lowerAuthorName.length >= 3 ? links.filter((l) => l.anchorText?.trim().toLowerCase() === ctx.lowerAuthorName) : [];
        if (anchored.length) {
          reasons.push({
            code: 'link.anchor-author',
            weight: w('link.anchor-author'),
            message: `A link's text is the author's own name ("${ctx.authorName}"): the name is an advert.`,
            evidence: evidenceOf(anchored, ctx),
          });
        }
        const hidden = links.filter((l) => l.source === 'obfuscated');
        if (hidden.length) {
          reasons.push({
            code: 'link.obfuscated',
            weight: w('link.obfuscated'),
            message: `A link is written with a disguised dot (${hidden[0]!.raw}), to slip past link filters.`,
            evidence: evidenceOf(hidden, ctx),
          });
        }
      }
      const referral = links.filter(isReferral);
      if (referral.length) {
        reasons.push({
          code: 'link.referral',
          weight: w('link.referral'),
          message: `A link carries a referral or affiliate code (${referral[0]!.host}): the poster is paid per visit.`,
          evidence: evidenceOf(referral, ctx),
        });
      }
      if (ctx.authorLink) {
        reasons.push({
          code: 'link.author-url',
          weight: w('link.author-url'),
          message: `The author gives a website (${ctx.authorLink.domain}).`,
          evidence: [linkEvidence(ctx.authorLink, ctx)],
        });
      }
      const all = ctx.authorLink ? [...links, ctx.authorLink] : links;
      if (all.length === 0) return reasons.length ? { reasons } : undefined;
      const shortened = all.filter((l) => l.shortener);
      if (shortened.length) {
        reasons.push({
          code: 'link.shortener',
          weight: w('link.shortener'),
          message: `A link goes through a URL shortener (${shortened[0]!.host}), which hides where it leads.`,
          evidence: evidenceOf(shortened, ctx),
        });
      }
      const ipHosts = all.filter((l) => l.isIp);
      if (ipHosts.length) {
        reasons.push({
          code: 'link.ip-host',
          weight: w('link.ip-host'),
          message: `A link points at a bare IP address (${ipHosts[0]!.host}) instead of a name.`,
          evidence: evidenceOf(ipHosts, ctx),
        });
      }
      let risky: { link: ExtractedLink; tld: string; weight: number } | undefined;
      for (const l of all) {
        const weight = tlds.get(lastLabel(l.tld));
        if (weight !== undefined && weight > (risky?.weight ?? 0)) risky = { link: l, tld: lastLabel(l.tld), weight };
      }
      if (risky) {
        const onTld = all.filter((l) => lastLabel(l.tld) === risky.tld);
        reasons.push({
          code: 'link.risky-tld',
          // Strength: how strongly risky-tlds.json rates the TLD.
          weight: riskyTld * risky.weight,
          message: `A link is on .${risky.tld}, a top-level domain spam campaigns favour (${risky.link.domain}).`,
          evidence: evidenceOf(distinctByDomain(onTld), ctx),
          data: { tld: risky.tld },
        });
      }
      return reasons.length ? { reasons } : undefined;
    },
  };
}

// Query parameters and path segments that pay the poster per click or sign-up.
const REFERRAL_PARAMS = new Set(['ref', 'refid', 'ref_id', 'referral', 'referralcode', 'aff', 'affid', 'aff_id', 'affiliate', 'affiliateid', 'affiliate_id', 'invite', 'invitecode', 'invite_code', 'rb', 'partner', 'promocode', 'tag']);
const REFERRAL_PATH = /\/(?:ref|refer|referral|invite|aff|affiliate|partners?)\/[^/]/i;

function isReferral(l: ExtractedLink): boolean {
  if (l.isIp || !/[?/]/.test(l.url.slice(8))) return false;
  const q = l.url.indexOf('?');
  if (REFERRAL_PATH.test(q < 0 ? l.url : l.url.slice(0, q))) return true;
  if (q < 0) return false;
  for (const pair of l.url.slice(q + 1).split('&').slice(0, 20)) {
    const name = pair.slice(0, (pair.indexOf('=') + 1 || pair.length + 1) - 1).toLowerCase();
    if (REFERRAL_PARAMS.has(name)) return true;
  }
  return false;
}

const WIDE = /[\u1100-\u11FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7A3]/g;
const HAS_WIDE = /[\u1100-\u11FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7A3]/;

/** How many Han, Kana and Hangul characters `text` has (its first 2,000 characters are enough for a short comment). */
function wideLetters(text: string): number {
  if (!HAS_WIDE.test(text)) return 0;
  return text.slice(0, 2000).match(WIDE)?.length ?? 0;
}

const lastLabel = (suffix: string): string => suffix.slice(suffix.lastIndexOf('.') + 1);

function distinctByDomain(links: readonly ExtractedLink[]): ExtractedLink[] {
  const seen = new Set<string>();
  return links.filter((l) => !seen.has(l.domain) && (seen.add(l.domain), true));
}
