/**
 * Evasion rules: text that had to be undisguised before it could be read. Readers have no reason to write `𝐌𝐄𝐆𝐀𝟖𝟖`,
 * `саsino` with Cyrillic letters, `L U C K Y 7 7`, `S★L★O★T`, `5◐51 23З4` or a zero-width space inside a word; campaigns
 * do it to slip past filters, in every language. The fold (fold.ts) reports each disguise it undid in
 * `ctx.evasion`; this phase turns them into one reason per kind, plus leetspeak (`c4s1n0`), which is a disguise only
 * where the de-leeted word is one campaigns disguise (data/leet-words.json), so it is found here, with that data.
 *
 * Disguise in the author name is one reason, `evasion.author`: styled display names are a fashion among real users
 * too, so it earns its own weight rather than sharing the content's.
 */
import type { Evidence, EvidenceField, Reason } from '../../domain/verdict.js';
import type { ScoringContext } from '../context.js';
import { evidenceIn } from '../evidence.js';
import type { EvasionFinding, EvasionKind } from '../evasion-types.js';
import { DETECT_LIMIT } from '../fold.js';
import type { Lexicon } from '../lexicon.js';
import type { Phase } from '../phase.js';
import { weightsOf, type RuleData } from '../rule-data.js';

/** What each kind of disguise is, for a moderator. */
const MESSAGES: Readonly<Record<EvasionKind, string>> = {
  styled: 'The comment writes words in styled look-alike letters',
  'mixed-script': 'Words mix look-alike letters of two alphabets',
  spaced: 'Words are spelled out letter by letter',
  decorated: 'Symbols are wedged into words',
  leet: 'Digits and symbols stand in for letters',
  'broken-digits': 'A number is broken up to hide it',
  invisible: 'Invisible characters are hidden inside words',
};
const NAME_MESSAGES: Readonly<Record<EvasionKind, string>> = {
  styled: 'styled look-alike letters',
  'mixed-script': 'look-alike letters of another alphabet',
  spaced: 'letters spelled out one by one',
  decorated: 'symbols wedged into it',
  leet: 'digits standing in for letters',
  'broken-digits': 'a broken-up number',
  invisible: 'invisible characters',
};
const KIND_ORDER: readonly EvasionKind[] = ['styled', 'mixed-script', 'spaced', 'decorated', 'leet', 'broken-digits', 'invisible'];

/** Strength of a kind: 1 for one disguised span, half more for each further distinct one, at most 2. */
export function evasionStrength(spans: number): number {
  return Math.min(2, 1 + 0.5 * (spans - 1));
}

/**
 * The evasion phase. `lexicon` decides which spelled-out words are campaign vocabulary: the categories with a
 * `lexicon.<category>` weight, and messenger names; `data.leetWords` which leetspeak readings are.
 */
export function evasionPhase(data: RuleData, lexicon: Lexicon): Phase {
  const w = weightsOf(data);
  const weights = Object.fromEntries(KIND_ORDER.map((k) => [k, w(`evasion.${k}`)])) as Record<EvasionKind, number>;
  const authorWeight = w('evasion.author');
  const counts = (category: string): boolean => category === 'contact' || data.weights[`lexicon.${category}`] !== undefined;
  return {
    name: 'evasion',
    run(ctx) {
      const leetContent = leet(ctx.lowerText, ctx.comment.content, data.leetWords);
      const leetName = leet(ctx.lowerAuthorName, ctx.comment.author.name ?? '', data.leetWords);
      if (ctx.evasion.content.length + ctx.evasion.authorName.length + leetContent.length + leetName.length === 0) return undefined;
      const reasons: Reason[] = [];
      const content = [...telling(ctx.evasion.content, lexicon, counts, data.leetWords), ...leetContent];
      for (const kind of KIND_ORDER) {
        const found = content.filter((f) => f.kind === kind);
        if (found.length === 0) continue;
        reasons.push({
          code: `evasion.${kind}`,
          // Styled letters count once: readers set whole phrases in bold or fullwidth for emphasis too, and a long
          // bold sentence must not weigh more than one styled brand.
          weight: weights[kind] * (kind === 'styled' ? 1 : evasionStrength(found.length)),
          message: `${MESSAGES[kind]}: ${readings(found)}.`,
          evidence: evidence('content', found),
        });
      }
      const name = [...telling(ctx.evasion.authorName, lexicon, counts, data.leetWords), ...leetName];
      if (name.length > 0) {
        const kinds = KIND_ORDER.filter((k) => name.some((f) => f.kind === k));
        reasons.push({
          code: 'evasion.author',
          weight: authorWeight,
          message: `The author name hides its letters (${kinds.map((k) => NAME_MESSAGES[k]).join(', ')}): ${readings(name)}.`,
          evidence: evidence('author.name', name),
          data: { kinds },
        });
      }
      return reasons.length ? { reasons } : undefined;
    },
  };
}

/**
 * The findings that tell of a disguise. Letters spelled out one by one are also how readers shout (`L O V E`,
 * `G o o d n i g h t`): they count when what they spell is a brand (letters and digits: `L U C K Y 7 7`) or campaign
 * vocabulary (`C A S I N O`, `С К И Д К А`): a lexicon term or a word campaigns disguise (data/leet-words.json).
 */
function telling(found: readonly EvasionFinding[], lexicon: Lexicon, counts: (category: string) => boolean, words: ReadonlySet<string>): readonly EvasionFinding[] {
  if (!found.some((f) => f.kind === 'spaced')) return found;
  return found.filter((f) => f.kind !== 'spaced' || BRAND.test(f.folded) || words.has(f.folded.toLowerCase()) || vocabulary(f.folded.toLowerCase(), lexicon, counts));
}

/** A brand spelled out: at least 4 characters, 2 letters and a digit (`LUCKY77`, not SMS-speak `2CU`). */
const BRAND = /^(?=(?:.*\p{L}){2})(?=.*\d)[\p{L}\p{N}]{4,}$/u;

function readings(found: readonly EvasionFinding[]): string {
  const shown = found.slice(0, 3).map((f) => `"${f.match}" reads "${f.folded}"`);
  return found.length > 3 ? `${shown.join(', ')} and ${found.length - 3} more` : shown.join(', ');
}

function evidence(field: EvidenceField, found: readonly EvasionFinding[]): Evidence[] {
  return found.slice(0, 5).map((f) => ({ field, match: f.match }));
}

// Leetspeak: digits and symbols standing for the letters they resemble. `1` reads `i` or `l`: both are tried.
const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's', '!': 'i', '|': 'l' };
// Where a disguised word may be: a letter then a digit or symbol, or (only when the text has one) `$` or `|` then a
// letter. The alternative costs a second scan, so it is only used where it can match.
// An exclamation mark after a word is punctuation nearly always (`wow!`): it reads as `i` inside a token found by
// another seed, and seeds nothing itself.
const LEET_SEED = /[a-z][0-9@$|]/g;
const LEET_SEED_SYMBOLS = /[a-z][0-9@$|]|[$|][a-z]/g;

/** Letters, digits and the symbols leetspeak uses. */
function isTokenChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 64 || c === 36 || c === 33 || c === 124;
}
const LEET_INSIDE = /[a-z][0-9@$!|]+[a-z]|^[$|][a-z]/;
// Characters around a token that make it part of a link, an address, a file name or a handle, not a word.
const NOT_WORD_EDGE = new Set([...'/=?.&#_-:@%+\\']);

const NO_FINDINGS: readonly EvasionFinding[] = Object.freeze([]);

/**
 * Words with digits or symbols for letters whose plain reading is a word campaigns disguise (`c4s1n0` → casino,
 * `v1agra`, `$lot`, `wh4tsapp`; `words`: data/leet-words.json); letter+digit tokens that read as nothing (`mp3`, `b2b`,
 * `covid19`, a brand `weton88`) and tokens of links and addresses are not leetspeak. `field` is the folded, lowercased
 * field, `original` the field as sent (for the evidence).
 */
export function leet(field: string, original: string, words: ReadonlySet<string>): readonly EvasionFinding[] {
  if (field === '') return NO_FINDINGS;
  // As the fold, leetspeak is looked for at the start of the field: evidence needs a few words, not a megabyte's.
  const lower = field.length > DETECT_LIMIT ? field.slice(0, DETECT_LIMIT) : field;
  let out: EvasionFinding[] | undefined;
  // From each letter next to a digit or symbol, the whole token around it; the scan resumes after the token.
  const seeds = lower.includes('$') || lower.includes('|') ? LEET_SEED_SYMBOLS : LEET_SEED;
  seeds.lastIndex = 0;
  for (let m = seeds.exec(lower); m !== null; m = seeds.exec(lower)) {
    let start = m.index;
    while (start > 0 && isTokenChar(lower.charCodeAt(start - 1))) start--;
    let end = m.index + 2;
    while (end < lower.length && isTokenChar(lower.charCodeAt(end))) end++;
    seeds.lastIndex = end;
    if (end - start > 24 || NOT_WORD_EDGE.has(lower[start - 1] ?? ' ') || NOT_WORD_EDGE.has(lower[end] ?? ' ')) continue;
    // Trailing exclamation marks are punctuation, not a disguised `i`.
    while (end > start && lower.charCodeAt(end - 1) === 33) end--;
    const token = lower.slice(start, end);
    if (token.length < 3 || !LEET_INSIDE.test(token)) continue;
    let plain = '';
    for (const c of token) plain += LEET[c] ?? c;
    const reading = [plain, plain.replaceAll('i', 'l')].find((r) => words.has(r) || (r.endsWith('s') && words.has(r.slice(0, -1))));
    if (reading === undefined) continue;
    (out ??= []).push({ kind: 'leet', match: evidenceIn('content', original, token).match, folded: reading });
    if (out.length >= 10) break;
  }
  return out ?? NO_FINDINGS;
}

/** Whether `plain` holds a campaign term of a counted category. */
function vocabulary(plain: string, lexicon: Lexicon, counts: (category: string) => boolean): boolean {
  return lexicon.findTerms(plain).some((t) => counts(t.value.category));
}
