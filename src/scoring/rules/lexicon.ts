/**
 * Lexicon rules: campaign vocabulary (gambling, pharma, loans, crypto, adult, job scams, SEO services, self-promotion)
 * in the author name, the content and the linked domains. An author name that *is* an advert ("우리카지노") is the
 * strongest of these: readers don't name themselves after casinos. In the content a category fires only on wording
 * that an advert uses (a lexicon's strong terms: "slot gacor", "бонус без депозита"); topic words readers use too
 * ("casino", "кредит", "bitcoin") only add to such wording, never fire alone. Only categories with a weight
 * `lexicon.<category>` in weights.json count here; the others (praise, contact, name cues) are read by other rules.
 */
import type { TermMatch } from '../aho-corasick.js';
import type { Evidence, Reason } from '../../domain/verdict.js';
import { distinct, evidenceIn, quoted } from '../evidence.js';
import type { Lexicon, TermInfo } from '../lexicon.js';
import type { Phase } from '../phase.js';
import { weightsOf, type RuleData } from '../rule-data.js';
import { linkEvidence } from './links.js';

/** Builds the lexicon phase over compiled lexicons and the category weights of the rule data. */
export function lexiconPhase(lexicon: Lexicon, data: RuleData): Phase {
  const w = weightsOf(data);
  const authorWeight = w('lexicon.author');
  const domainWeight = w('lexicon.domain');
  // A category counts here when it has a weight (`lexicon.<category>`); the others are read by other rules.
  const weightOf = new Map<string, number>();
  for (const [code, weight] of Object.entries(data.weights)) {
    if (code.startsWith('lexicon.') && code !== 'lexicon.author' && code !== 'lexicon.domain') weightOf.set(code.slice(8), weight);
  }
  const counts = (m: TermMatch<TermInfo>): boolean => weightOf.has(m.value.category);
  return {
    name: 'lexicon',
    run(ctx) {
      const reasons: Reason[] = [];
      if (ctx.lowerAuthorName !== '') {
        // In a name, a topic word written without spaces is part of a compound brand (우리카지노, 金沙娱乐城); a Latin
        // one may be a reader's handle (Poker Mike), so there only strong terms count.
        const named = lexicon.findTerms(ctx.lowerAuthorName).filter((m) => counts(m) && (m.value.strong || !m.value.word));
        const nameTerms = distinct(named.map((m) => ctx.lowerAuthorName.slice(m.start, m.end)));
        if (nameTerms.length) {
          reasons.push({
            code: 'lexicon.author',
            weight: authorWeight,
            message: `The author name is an advert: it contains ${quoted(nameTerms)}.`,
            evidence: nameTerms.map((t) => evidenceIn('author.name', ctx.comment.author.name, t)),
          });
        }
      }
      const inText = lexicon.findTerms(ctx.lowerText);
      for (const [category, found] of inText.length ? byCategory(outermost(inText.filter(counts))) : NO_GROUPS) {
        const strong = distinct(found.filter((m) => m.value.strong).map((m) => m.term));
        if (strong.length === 0) continue;
        const weak = distinct(found.filter((m) => !m.value.strong).map((m) => m.term));
        const written = distinct(found.map((m) => ctx.lowerText.slice(m.start, m.end)));
        reasons.push({
          code: `lexicon.${category}`,
          weight: weightOf.get(category)! * strength(strong.length, weak.length),
          message: `The text uses ${category} advertising wording: ${quoted(written)}.`,
          evidence: written.slice(0, 8).map((t) => evidenceIn('content', ctx.comment.content, t)),
          data: { strong: strong.slice(0, 20), weak: weak.slice(0, 20) },
        });
      }
      const domainEvidence: Evidence[] = [];
      const hits: string[] = [];
      const hitCategories = new Set<string>();
      for (const link of ctx.authorLink ? [...ctx.links, ctx.authorLink] : ctx.links) {
        const found = lexicon.domainHits(link.domain).filter((f) => weightOf.has(f.category));
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

const NO_GROUPS: ReadonlyMap<string, TermMatch<TermInfo>[]> = new Map();

/**
 * A category's strength from its distinct strong and weak terms (at least one strong): 1 for the first term, half
 * more for each further one of either kind, at most 3.
 */
export function strength(strong: number, weak: number): number {
  return Math.min(3, 1 + 0.5 * (strong + weak - 1));
}

/**
 * The matches not inside a longer one: "situs slot gacor" is one phrase, not also "slot gacor" and "situs slot" … .
 * Sorted by start, longest first, a match is inside another exactly when an earlier one reaches at least as far.
 */
export function outermost(matches: readonly TermMatch<TermInfo>[]): TermMatch<TermInfo>[] {
  if (matches.length < 2) return [...matches];
  // Of two equal spans (a term listed in two places), the strong one is kept.
  const sorted = [...matches].sort((a, b) => a.start - b.start || b.end - a.end || Number(b.value.strong) - Number(a.value.strong));
  const kept: TermMatch<TermInfo>[] = [];
  let reach = -1;
  for (const m of sorted) {
    if (m.end <= reach) continue;
    kept.push(m);
    reach = m.end;
  }
  return kept;
}

function byCategory(matches: readonly TermMatch<TermInfo>[]): Map<string, TermMatch<TermInfo>[]> {
  const groups = new Map<string, TermMatch<TermInfo>[]>();
  for (const m of matches) {
    const group = groups.get(m.value.category);
    if (group) group.push(m);
    else groups.set(m.value.category, [m]);
  }
  return groups;
}
