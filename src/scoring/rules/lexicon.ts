/**
 * Lexicon rules: campaign vocabulary (gambling, pharma, loans, crypto, adult, SEO services, self-promotion) in the
 * author name, the content and the linked domains. An author name that *is* an advert ("우리카지노") is the
 * strongest of these: readers don't name themselves after casinos. In the content one term is weak (news talks about
 * casinos), several different terms are a pitch. Only categories with a weight `lexicon.<category>` in weights.json count here; the
 * others (praise, contact, name cues) are read by the content and author rules.
 */
import type { Evidence, Reason } from '../../verdict.js';
import { distinct, evidenceIn, quoted } from '../evidence.js';
import type { Lexicon } from '../lexicon.js';
import type { Phase } from '../phase.js';
import { weightsOf, type RuleData } from '../rule-data.js';
import { linkEvidence } from './links.js';

/** Builds the lexicon phase over compiled lexicons and the category weights of the rule data. */
export function lexiconPhase(lexicon: Lexicon, data: RuleData): Phase {
  const w = weightsOf(data);
  const authorWeight = w('lexicon.author');
  const domainWeight = w('lexicon.domain');
  // A category counts here when it has a weight (`lexicon.<category>`); the others are read by other rules.
  const categoryWeight = (category: string): number | undefined => data.weights[`lexicon.${category}`];
  const counts = (category: string): boolean => categoryWeight(category) !== undefined;
  return {
    name: 'lexicon',
    run(ctx) {
      const reasons: Reason[] = [];
      if (ctx.lowerAuthorName !== '') {
        const nameTerms = distinct(lexicon.findTerms(ctx.lowerAuthorName).filter((m) => counts(m.value.category)).map((m) => m.term));
        if (nameTerms.length) {
          reasons.push({
            code: 'lexicon.author',
            weight: authorWeight,
            message: `The author name is an advert: it contains ${quoted(nameTerms)}.`,
            evidence: nameTerms.map((t) => evidenceIn('author.name', ctx.comment.author.name, t)),
          });
        }
      }
      const byCategory = new Map<string, string[]>();
      for (const m of lexicon.findTerms(ctx.lowerText)) {
        if (!counts(m.value.category)) continue;
        const terms = byCategory.get(m.value.category) ?? [];
        if (!terms.includes(m.term)) terms.push(m.term);
        byCategory.set(m.value.category, terms);
      }
      for (const [category, terms] of byCategory) {
        reasons.push({
          code: `lexicon.${category}`,
          // Strength: 1 for the first distinct term, half more for each further one, at most 3.
          weight: categoryWeight(category)! * Math.min(3, 1 + 0.5 * (terms.length - 1)),
          message: `The text uses ${category} vocabulary: ${quoted(terms)}.`,
          evidence: terms.slice(0, 8).map((t) => evidenceIn('content', ctx.comment.content, t)),
          data: { terms: terms.slice(0, 20) },
        });
      }
      const domainEvidence: Evidence[] = [];
      const hits: string[] = [];
      const hitCategories = new Set<string>();
      for (const link of ctx.authorLink ? [...ctx.links, ctx.authorLink] : ctx.links) {
        const found = lexicon.domainHits(link.domain).filter((f) => counts(f.category));
        if (!found.length) continue;
        for (const f of found) hitCategories.add(f.category);
        hits.push(`${link.domain} (${distinct(found.map((f) => f.term)).join(', ')})`);
        domainEvidence.push(linkEvidence(link, ctx));
      }
      if (hits.length) {
        reasons.push({
          code: 'lexicon.domain',
          weight: domainWeight,
          message: `Links to a domain named for ${[...hitCategories].join('/')}: ${distinct(hits, 5).join('; ')}.`,
          evidence: domainEvidence.slice(0, 5),
        });
      }
      return reasons.length ? { reasons } : undefined;
    },
  };
}
