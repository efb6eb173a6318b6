/**
 * Content rules beyond vocabulary: generic praise that fits any post when it comes with a link or a commercial author,
 * and the typography of adverts (shouting, stretched characters, emoji walls). All linear: flat regexes over bounded
 * slices. Hand-offs to a messenger and phone numbers are the contact rules' (contact.ts).
 */
import type { Reason } from '../../domain/verdict.js';
import type { ScoringContext } from '../context.js';
import { distinct, evidenceIn, literalIn, quoted } from '../evidence.js';
import type { Lexicon } from '../lexicon.js';
import type { Phase } from '../phase.js';
import { paramsOf, weightsOf, type RuleData } from '../rule-data.js';
import { isWholeWord } from './author-names.js';

const UPPER_RUN = /[A-Z]{4}/;
const NOT_STRETCHED = /[\s\d.\-_=*\uD800-\uDFFF]/;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const NON_ASCII = /[^\x00-\x7F]/;

/** The content phase. `lexicon` supplies the praise terms. */
export function contentPhase(data: RuleData, lexicon: Lexicon): Phase {
  const w = weightsOf(data);
  const p = paramsOf(data);
  const shoutLetters = p('content.shouting.min-letters');
  const shoutRatio = p('content.shouting.ratio');
  const repeatRun = p('content.repeated-chars.run');
  const emojiMin = p('content.emoji-wall.min');
  const praiseRest = p('content.generic-praise.rest-letters');
  return {
    name: 'content',
    run(ctx, earlier) {
      const reasons: Reason[] = [];
      const matches = lexicon.findTerms(ctx.lowerText);
      const praise = genericPraise(ctx, matches, earlier, praiseRest);
      if (praise) reasons.push({ code: 'content.generic-praise', weight: w('content.generic-praise') * praise.strength, ...praise.reason });
      const shouted = shouting(ctx.text, shoutLetters, shoutRatio);
      if (shouted) reasons.push({ code: 'content.shouting', weight: w('content.shouting'), message: 'The comment is written in capitals.', evidence: [{ field: 'content', match: literalIn(ctx.comment.content, shouted.toLowerCase()) }] });
      const repeated = repeatedRun(ctx.text, repeatRun);
      if (repeated) reasons.push({ code: 'content.repeated-chars', weight: w('content.repeated-chars'), message: `A character is stretched out ("${repeated}").`, evidence: [{ field: 'content', match: literalIn(ctx.comment.content, repeated.toLowerCase()) }] });
      // Tokens are the text's words and its links' domains (an IDN domain may decode to an emoji): with neither a
      // non-ASCII character in the text nor a link, no token holds a pictograph.
      const emoji = ctx.links.length > 0 || NON_ASCII.test(ctx.text) ? countPictographs(ctx.tokens) : 0;
      if (emoji >= emojiMin && emoji * 2 >= ctx.tokens.length) {
        reasons.push({ code: 'content.emoji-wall', weight: w('content.emoji-wall'), message: `A wall of ${emoji} emoji.` });
      }
      return reasons.length ? { reasons } : undefined;
    },
  };
}

/** The upper-case text when most letters of a long enough comment are capitals. */
function shouting(text: string, minLetters: number, ratio: number): string | undefined {
  if (!UPPER_RUN.test(text)) return undefined;
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < text.length && i < 5000; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
  }
  if (upper + lower < minLetters || upper < ratio * (upper + lower)) return undefined;
  return /[A-Z][A-Z '!?,.]{3,40}/.exec(text)?.[0]?.trim();
}

/** The first run of `run` or more equal letters (not spaces, digits or rule-drawing punctuation), as text. */
function repeatedRun(text: string, run: number): string | undefined {
  const n = Math.min(text.length, 20_000);
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n && text.charCodeAt(i) === text.charCodeAt(start)) continue;
    if (i - start >= run && !NOT_STRETCHED.test(text[start] ?? ' ')) return text.slice(start, Math.min(i, start + 12));
    start = i;
  }
  return undefined;
}

/** How many tokens contain a pictograph (emoji). ASCII tokens, nearly all of them, cannot and skip the regex. */
function countPictographs(tokens: readonly string[]): number {
  let n = 0;
  for (const t of tokens) {
    let ascii = true;
    for (let i = 0; i < t.length && ascii; i++) ascii = t.charCodeAt(i) < 0x80;
    if (!ascii && PICTOGRAPH.test(t)) n++;
  }
  return n;
}

/**
 * Praise that fits any post, when it reads as scraped. Next to a link or an advertising author: strength 1 when the
 * praise is all the comment says besides its links ("Great post, thanks for sharing! https://…"), ½ when it says more
 * (a reader thanking for the article and citing a source). Praise of the site or channel that is all the comment says,
 * with two praise phrases or an emoji ("Your channel is amazing, keep it up 🙏✨"): 1 more. Praise alone is what
 * readers write ("Great article, thanks for sharing"), so it never counts by itself.
 */
function genericPraise(
  ctx: ScoringContext,
  matches: ReturnType<Lexicon['findTerms']>,
  earlier: readonly Reason[],
  restLetters: number,
): { strength: number; reason: Pick<Reason, 'message' | 'evidence'> } | undefined {
  const all = matches.filter(
    (m) => (m.value.category === 'praise' || m.value.category === 'praise-site') && isWholeWord(ctx.lowerText, m.start, m.end, m.term),
  );
  if (all.length === 0) return undefined;
  // "love your channel" is one phrase, not also "your channel": only matches no longer one contains.
  const found = all.filter((m) => !all.some((n) => n !== m && n.start <= m.start && n.end >= m.end && n.end - n.start > m.end - m.start));
  const terms = distinct(found.map((m) => m.term));
  const bare = saysNothingElse(ctx, found, restLetters);
  const next: string[] = [];
  let strength = 0;
  const linked = ctx.links.length > 0 || ctx.authorLink !== undefined;
  if (linked || commercialAuthor(earlier)) {
    strength += bare ? 1 : 0.5;
    next.push(linked ? 'next to a link' : 'next to an advertising author name');
  }
  if (bare && found.some((m) => m.value.category === 'praise-site') && (terms.length >= 2 || PICTOGRAPH.test(ctx.text))) {
    strength += 1;
    next.push('praising the site or channel and saying nothing else');
  }
  if (strength === 0) return undefined;
  return {
    strength,
    reason: {
      message: `Praise that fits any post (${quoted(terms)}), ${next.join(' and ')}.`,
      evidence: terms.slice(0, 3).map((t) => evidenceIn('content', ctx.comment.content, t)),
    },
  };
}

// Letters of scripts written without spaces carry about a word's worth of meaning each: they count double.
const DENSE_LETTER = /[\u0E00-\u0EFF\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7A3]/;
const OTHER_LETTER = /\p{L}/u;

/**
 * Whether at most `max` letters of the comment lie outside its praise phrases and its links: the praise is all it
 * says. Long comments always say more.
 */
function saysNothingElse(ctx: ScoringContext, praise: ReturnType<Lexicon['findTerms']>, max: number): boolean {
  const lower = ctx.lowerText;
  if (lower.length > 300) return false;
  const skip = new Uint8Array(lower.length);
  for (const m of praise) skip.fill(1, m.start, m.end);
  for (const l of ctx.links) {
    const at = lower.indexOf(l.raw.toLowerCase());
    if (at >= 0) skip.fill(1, at, at + l.raw.length);
  }
  let rest = 0;
  for (let i = 0; i < lower.length && rest <= max; i++) {
    if (skip[i] === 1) continue;
    const c = lower.charCodeAt(i);
    if (c < 0x80) rest += c >= 97 && c <= 122 ? 1 : 0;
    else if (DENSE_LETTER.test(lower[i]!)) rest += 2;
    else if (c < 0xd800 || c > 0xdfff) rest += OTHER_LETTER.test(lower[i]!) ? 1 : 0;
  }
  return rest <= max;
}

/** Whether earlier phases found the author to be an advert (name shapes, lexicon terms in the name). */
function commercialAuthor(earlier: readonly Reason[]): boolean {
  return earlier.some((r) => ADVERTISING_AUTHOR.has(r.code));
}

const ADVERTISING_AUTHOR: ReadonlySet<string> = new Set([
  'lexicon.author', 'author.commercial', 'author.seo-phrase', 'author.url-name', 'author.matches-url', 'author.brand',
]);
