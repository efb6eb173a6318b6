/**
 * Accept-Language (RFC 9110 §12.5.4): which of the languages we have a client prefers. Only the primary subtag counts
 * (`ko-KR` asks for `ko`); `q=0` refuses a language; a malformed entry is skipped. The header is only read, never
 * echoed: the answer is always one of `available`.
 */

/** At most this many entries are read (a header is a few; a hostile one is not parsed for ever). */
const MAX_ENTRIES = 32;

/** The first of `available` the header ranks highest, or undefined when it names none of them. */
export function preferredLanguage(header: string | undefined, available: readonly string[]): string | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',', MAX_ENTRIES)
    .map((entry, order) => {
      const [tag = '', ...params] = entry.trim().split(';');
      const weight = params.map((p) => /^\s*q\s*=(.*)$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', q: weight === undefined ? 1 : qValue(weight), order };
    })
    .filter((e) => e.q > 0 && /^[a-z]{1,8}$/.test(e.primary))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked.find((e) => available.includes(e.primary))?.primary;
}

/** A weight (`0.8`, `1.000`); a malformed one counts as a refusal. */
function qValue(text: string): number {
  return /^\s*(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$/.test(text) ? Number(text) : 0;
}
