/**
 * Lexicon rules: campaign vocabulary (gambling first) in the author name, the content and the linked domains.
 * An author name that *is* an advert ("우리카지노") is the strongest of these: readers don't name themselves after casinos.
 */
import type { Evidence, Reason } from '../../verdict.js';
import type { Lexicon } from '../lexicon.js';
import type { Phase } from '../phase.js';

const distinct = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** Builds the lexicon phase over compiled lexicons. */
export function lexiconPhase(lexicon: Lexicon): Phase {
  return {
    name: 'lexicon',
    run(ctx) {
      const reasons: Reason[] = [];
      const nameTerms = distinct(lexicon.findTerms(ctx.authorName.toLowerCase()).map((m) => m.term));
      if (nameTerms.length) {
        reasons.push({
          code: 'lexicon.author',
          weight: 3.0,
          message: `The author name is an advert: it contains ${quote(nameTerms)}.`,
          evidence: nameTerms.map((t) => ({ field: 'author.name', match: t })),
        });
      }
      const matches = lexicon.findTerms(ctx.lowerText);
      const terms = distinct(matches.map((m) => m.term));
      if (terms.length) {
        const categories = distinct(matches.map((m) => m.value.category));
        reasons.push({
          code: 'lexicon.content',
          // The first term is weak (news talks about casinos); several different terms are a pitch.
          weight: Math.min(2.5, 1.0 + 0.5 * (terms.length - 1)),
          message: `The text uses ${categories.join('/')} vocabulary: ${quote(terms)}.`,
          evidence: terms.slice(0, 8).map((t) => ({ field: 'content', match: t })),
          data: { categories },
        });
      }
      const domainEvidence: Evidence[] = [];
      const hits: string[] = [];
      for (const link of [...ctx.links, ...(ctx.authorLink ? [ctx.authorLink] : [])]) {
        const found = lexicon.domainHits(link.domain);
        if (!found.length) continue;
        hits.push(`${link.domain} (${distinct(found.map((f) => f.term)).join(', ')})`);
        domainEvidence.push({ field: link === ctx.authorLink ? 'author.url' : 'content', match: link.raw });
      }
      if (hits.length) {
        reasons.push({
          code: 'lexicon.domain',
          weight: 2.0,
          message: `Links to a domain named for gambling: ${distinct(hits).slice(0, 5).join('; ')}.`,
          evidence: domainEvidence.slice(0, 5),
        });
      }
      return reasons.length ? { reasons } : undefined;
    },
  };
}

function quote(terms: readonly string[]): string {
  return terms
    .slice(0, 5)
    .map((t) => `"${t}"`)
    .join(', ');
}
