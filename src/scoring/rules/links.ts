/**
 * Link rules: how many links, how dense, and links in comments too short to be about anything else.
 * Readers link too, so one link is a small signal; it is the accumulation that counts.
 */
import type { Evidence, Reason } from '../../verdict.js';
import type { ScoringContext } from '../context.js';
import type { Phase } from '../phase.js';

const MAX_EVIDENCE = 5;

function evidenceOf(ctx: ScoringContext): Evidence[] {
  return ctx.links.slice(0, MAX_EVIDENCE).map((l) => ({ field: 'content', match: l.raw }));
}

/** Link count, density and link-only comments. */
export const linkPhase: Phase = {
  name: 'links',
  run(ctx) {
    const n = ctx.links.length;
    const reasons: Reason[] = [];
    if (n > 0) {
      // 1 link: +0.6, 2: +1.2, then +0.4 each, capped: ten links are not ten times worse than three.
      const weight = Math.min(3, n <= 2 ? 0.6 * n : 1.2 + 0.4 * (n - 2));
      reasons.push({
        code: 'link.count',
        weight,
        message: `${n} link${n === 1 ? '' : 's'} in the comment.`,
        evidence: evidenceOf(ctx),
        data: { count: n, domains: [...new Set(ctx.links.map((l) => l.domain))].slice(0, 20) },
      });
      const rawLength = ctx.links.reduce((sum, l) => sum + l.raw.length, 0);
      const prose = ctx.text.length - rawLength;
      const perHundred = (n * 100) / Math.max(ctx.text.length, 1);
      if (prose < 30) {
        reasons.push({
          code: 'link.short-comment',
          weight: 1.0,
          message: 'The comment is little more than a link.',
          evidence: evidenceOf(ctx),
        });
      } else if (perHundred > 1.5) {
        reasons.push({
          code: 'link.density',
          weight: 0.8,
          message: `${perHundred.toFixed(1)} links per 100 characters.`,
          evidence: evidenceOf(ctx),
        });
      }
    }
    if (ctx.authorLink) {
      reasons.push({
        code: 'link.author-url',
        weight: 0.3,
        message: `The author gives a website (${ctx.authorLink.domain}).`,
        evidence: [{ field: 'author.url', match: ctx.comment.author.url ?? ctx.authorLink.raw }],
      });
    }
    return reasons.length ? { reasons } : undefined;
  },
};
