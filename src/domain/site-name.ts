/**
 * A site's display name, as the API (`PATCH /v1/sites/:id`) and the CLI (`sluice sites add`) accept it: trimmed,
 * 1–200 characters, and no control, bidi or other invisible format characters (a name shows in logs, the moderator
 * page and the CMS's settings).
 */
import { z } from 'zod';

// Cc (C0, DEL, C1), the bidi controls, zero-width and other format characters, line and paragraph separators; the
// zero-width joiner of emoji sequences is let through.
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

export const siteNameSchema = z
  .string()
  .trim()
  .min(1, 'name must not be blank')
  .max(200, 'name must be at most 200 characters')
  .refine((name) => !INVISIBLE.test(name.replaceAll('\u200d', '')), 'name must not contain control, bidi or invisible characters');

/** The name as it is stored, or the reason it is refused. */
export function checkSiteName(raw: string): { readonly name: string } | { readonly refused: string } {
  const parsed = siteNameSchema.safeParse(raw);
  return parsed.success ? { name: parsed.data } : { refused: parsed.error.issues[0]?.message ?? 'invalid name' };
}
