/**
 * Evidence must point at literal text of the comment as the CMS sent it, so the moderator page can highlight it;
 * rules match on folded, lowercased text, so the literal is looked up again in the original field.
 */
import type { Evidence, EvidenceField } from '../domain/verdict.js';

let lastOriginal = '';
let lastLower = '';

/**
 * The literal occurrence of `needle` (lowercase) in `original`, compared case-insensitively; `needle` itself when the
 * original spells it differently (look-alike letters, spaced out, entities), so the evidence still names it.
 */
export function literalIn(original: string, needle: string): string {
  if (needle === '') return needle;
  // Rules ask about the same field many times in a row: lowercase it once.
  if (original !== lastOriginal) {
    lastOriginal = original;
    lastLower = original.toLowerCase();
  }
  const at = lastLower.indexOf(needle);
  if (at < 0) return needle;
  const slice = original.slice(at, at + needle.length);
  // toLowerCase can change lengths (İ → i̇); only trust the slice when it lowercases back to the needle.
  return slice.toLowerCase() === needle ? slice : needle;
}

/** Evidence for a lowercase match found in a field, pointing at the field's literal text. */
export function evidenceIn(field: EvidenceField, original: string | undefined, needle: string): Evidence {
  return { field, match: literalIn(original ?? '', needle) };
}

/** Up to `max` distinct values, in order. */
export function distinct<T>(xs: Iterable<T>, max = Infinity): T[] {
  const out: T[] = [];
  const seen = new Set<T>();
  for (const x of xs) {
    if (seen.has(x)) continue;
    seen.add(x);
    out.push(x);
    if (out.length >= max) break;
  }
  return out;
}

/** `"a", "b", "c"` from the first five terms. */
export function quoted(terms: readonly string[], max = 5): string {
  return terms
    .slice(0, max)
    .map((t) => `"${t}"`)
    .join(', ');
}
