/**
 * Content rules beyond vocabulary: generic praise that fits any post when it comes with a link or a commercial author,
 * and the typography of adverts (shouting, stretched characters, emoji walls). All linear: flat regexes over bounded
 * slices. Hand-offs to a messenger and phone numbers are the contact rules' (contact.ts).
 */
import type { Reason } from '../../verdict.js';
import { distinct, evidenceIn, literalIn, quoted } from '../evidence.js';
import type { Lexicon } from '../lexicon.js';
import type { Phase } from '../phase.js';
import { paramsOf, weightsOf, type RuleData } from '../rule-data.js';

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
  return {
    name: 'content',
    run(ctx, earlier) {
      const reasons: Reason[] = [];
      const matches = lexicon.findTerms(ctx.lowerText);
      const praise = distinct(matches.filter((m) => m.value.category === 'praise').map((m) => m.term));
      if (praise.length && (ctx.links.length > 0 || ctx.authorLink !== undefined || commercialAuthor(earlier))) {
        reasons.push({
          code: 'content.generic-praise',
          weight: w('content.generic-praise'),
          message: `Praise that fits any post (${quoted(praise)}) next to ${ctx.links.length || ctx.authorLink ? 'a link' : 'an advertising author name'}.`,
          evidence: praise.slice(0, 3).map((t) => evidenceIn('content', ctx.comment.content, t)),
        });
      }
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

/** Whether earlier phases found the author to be an advert (name shapes, lexicon terms in the name). */
function commercialAuthor(earlier: readonly Reason[]): boolean {
  return earlier.some((r) => r.code === 'lexicon.author' || r.code === 'author.seo-phrase' || r.code === 'author.url-name' || r.code === 'author.long-name');
}
