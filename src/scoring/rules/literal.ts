/**
 * Evidence for what the contact and money rules found in the folded text, pointed back at the comment as the CMS sent
 * it. Folding can change what was written (spaces collapsed, `5◐51 23з4` read as `5512334`, look-alike letters), so
 * when the folded words are not in the original, the disguise normalisation reported is the evidence; for a number,
 * the same digits in the original with whatever separators were between them. Never a string that is not there.
 */
import type { Evidence } from '../../domain/verdict.js';
import type { ScoringContext } from '../context.js';
import { literalIn } from '../evidence.js';

/** Evidence in the content for `needle` (lowercase, from the folded text), or undefined when it cannot be located. */
export function contentEvidence(ctx: ScoringContext, needle: string): Evidence | undefined {
  const original = ctx.comment.content;
  const literal = literalIn(original, needle);
  if (literal !== '' && original.includes(literal)) return { field: 'content', match: literal };
  for (const f of ctx.evasion.content) {
    const folded = f.folded.toLowerCase();
    if (folded !== '' && (folded.includes(needle) || needle.includes(folded))) return { field: 'content', match: f.match };
  }
  const digits = digitSpan(original, needle);
  return digits === undefined ? undefined : { field: 'content', match: digits };
}

/** The evidence found for each needle, in order, without repeats. */
export function contentEvidences(ctx: ScoringContext, needles: readonly string[]): Evidence[] {
  const out: Evidence[] = [];
  for (const n of needles) {
    const e = contentEvidence(ctx, n);
    if (e && !out.some((o) => o.match === e.match)) out.push(e);
  }
  return out;
}

/**
 * The stretch of `original` that holds the digits of `needle` in order with at most three other characters between
 * two of them (`0812  3456` for `0812 3456`), when the needle is mostly digits.
 */
function digitSpan(original: string, needle: string): string | undefined {
  let want = '';
  for (let i = 0; i < needle.length; i++) if (isDigit(needle.charCodeAt(i))) want += needle[i];
  if (want.length < 5 || want.length * 2 < needle.length) return undefined;
  for (let start = original.indexOf(want[0]!); start >= 0; start = original.indexOf(want[0]!, start + 1)) {
    let k = 1;
    let gap = 0;
    let i = start + 1;
    for (; i < original.length && k < want.length && gap <= 3; i++) {
      if (original[i] === want[k]) (k++, (gap = 0));
      else if (isDigit(original.charCodeAt(i))) break;
      else gap++;
    }
    if (k === want.length) return original.slice(start, i);
  }
  return undefined;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
