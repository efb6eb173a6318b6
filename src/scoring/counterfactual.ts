/**
 * The counterfactual of a `spam` or `review` verdict: the fewest reasons without which the comment would have been
 * `ham`, each with a sentence a moderator can read ("ham without the link to casinositekr.xyz").
 */
import type { Evidence, Reason, Thresholds } from '../domain/verdict.js';
import { parseLinkTarget } from './links.js';

/** A counterfactual item: a reason that, removed with the others listed, would make the comment `ham`. */
export interface CounterfactualItem {
  readonly code: string;
  readonly evidence?: readonly Evidence[];
  /** E.g. `ham without the link to casinositekr.xyz`. */
  readonly message: string;
}

/**
 * The fewest reasons whose removal brings the score under the review threshold. `required` reasons (those that set
 * a final or minimum class) come first, as no score can undo them; then the largest positive weights, which is
 * optimal for the count since every removal only lowers the sum by its own weight.
 */
export function counterfactual(
  reasons: readonly Reason[],
  logOdds: number,
  t: Thresholds,
  required: ReadonlySet<Reason> = new Set(),
): CounterfactualItem[] {
  const target = Math.log(t.review / (1 - t.review));
  const picked: Reason[] = [...required];
  let sum = picked.reduce((s, r) => s - r.weight, logOdds);
  const positive = reasons.filter((r) => r.weight > 0 && !required.has(r)).sort((a, b) => b.weight - a.weight);
  for (const r of positive) {
    if (sum < target) break;
    sum -= r.weight;
    picked.push(r);
  }
  const others = picked.length - 1;
  const tail = others > 0 ? ` (and the ${others} other reason${others === 1 ? '' : 's'} listed)` : '';
  return picked.map((r) => ({
    code: r.code,
    ...(r.evidence ? { evidence: r.evidence } : {}),
    message: `ham without ${phrase(r)}${tail}`,
  }));
}

/** What a reason points at, as a noun phrase. */
export function phrase(r: Reason): string {
  const ev = r.evidence?.[0];
  const family = r.code.slice(0, r.code.indexOf('.') >>> 0);
  if (r.code === 'bayes') return "the classifier's reading of the text";
  if (r.code === 'form.honeypot') return 'the filled-in hidden form field';
  if (r.code === 'form.too-fast') return 'the too-fast form submission';
  const subject = typeof r.data?.['value'] === 'string' ? (r.data['value'] as string) : undefined;
  if (family === 'flood') return `the flood it belongs to (${subject ?? ev?.match ?? r.code.slice(6)})`;
  if (!ev) return `"${r.message.replace(/\.$/, '')}"`;
  switch (ev.field) {
    case 'author.name':
      return `the author name "${ev.match}"`;
    case 'author.url':
      return `the author's website ${hostOf(ev.match)}`;
    case 'author.email':
      return `the email address ${ev.match}`;
    case 'author.ip':
      return `the address ${ev.match}`;
    case 'link':
      return `the link to ${hostOf(ev.match)}`;
    default: {
      const count = r.evidence?.length ?? 0;
      const linky = family === 'link' || r.code.endsWith('.domain');
      if (linky) return count > 1 ? `the links to ${hostOf(ev.match)} and others` : `the link to ${hostOf(ev.match)}`;
      return count > 1 ? `the words "${ev.match}" and others` : `the words "${ev.match}"`;
    }
  }
}

function hostOf(raw: string): string {
  return parseLinkTarget(raw)?.host ?? raw;
}
