/**
 * Author rules: the name field is where today's comment spam advertises. Readers call themselves "Jane" or
 * "김민수"; campaigns call themselves "best gpu for bitcoin mining 2012", "JAS890.COM", "𝗪𝗘𝗧𝗢𝗡𝟴𝟴" or
 * "⭐ A L E X I S 1 7 ⭐". Each shape is a separate, modest weight; names that stack several are adverts. Casino
 * words in names are the lexicon phase's (`lexicon.author`).
 */
import type { Reason } from '../../verdict.js';
import type { ScoringContext } from '../context.js';
import { distinct, quoted } from '../evidence.js';
import type { Lexicon } from '../lexicon.js';
import { extractLinks } from '../links.js';
import type { Phase } from '../phase.js';
import { paramsOf, weightsOf, type RuleData } from '../rule-data.js';
import { tokenize } from '../tokenize.js';

/** A letter+digit token of 4 to 20 characters (`weton88`, `jas890`), not an ordinal like `2nd` or a year-less unit. */
export const BRAND_TOKEN = /^(?=.*\p{L})(?=.*\p{N})[\p{L}\p{N}]{4,20}$/u;
const NOT_BRAND = /^\d+(?:st|nd|rd|th|s|k|m|p|x)$/;
// Cheap pre-checks: a host needs a dot (or a look-alike, or "dot"), a brand token a digit.
const MAYBE_HOST = /[.\u3002\uFF0E\uFF61\u00B7\u2022\u30FB]|dot/i;
const WORDISH = /[\p{L}\p{N}]/u;
const YEAR = /(?:^|\D)(?:19|20)\d\d(?!\d)/;
// Letters NFKC folds (mathematical, enclosed, fullwidth) and symbols that frame an advertised name.
const STYLED = /[\u{1D400}-\u{1D7FF}\u{1F100}-\u{1F1FF}\u2460-\u24FF]/u;
// Fullwidth Latin is ordinary in Japanese and Chinese input; it is a disguise only in an otherwise non-CJK name.
const FULLWIDTH = /[\uFF21-\uFF3A\uFF41-\uFF5A\uFF10-\uFF19]/;
const CJK = /[\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7A3]/;
const FRAME = /[\u2B50\u2605\u2606\u2728\u{1F525}\u{1F4B0}\u{1F48E}\u{1F3B0}\u{1F3B2}\u3010\u3011\u300E\u300F\u2705\u{1F449}\u25B6\u25BA\u265B\u265A\u{1F4A5}]/u;
// Four or more single letters or digits separated by single spaces: `A L E X I S`.
const SPACED = /(?:^|[^\p{L}\p{N}])(?:[\p{L}\p{N}] ){3,}[\p{L}\p{N}](?![\p{L}\p{N}])/u;

/** The author phase. `lexicon` supplies the `name-cue` words of SEO-shaped names. */
export function authorPhase(data: RuleData, lexicon: Lexicon): Phase {
  const w = weightsOf(data);
  const p = paramsOf(data);
  const longWords = p('author.long-name.words');
  const seoWords = p('author.seo-phrase.words');
  return {
    name: 'author',
    run(ctx) {
      const raw = ctx.comment.author.name ?? '';
      const name = ctx.authorName;
      const reasons: Reason[] = [];
      const ev = [{ field: 'author.name' as const, match: raw }];
      if (name !== '') {
        const words = name.split(' ').filter((x) => WORDISH.test(x));
        if (words.length > longWords) {
          reasons.push({ code: 'author.long-name', weight: w('author.long-name'), message: `The author name has ${words.length} words: a phrase, not a name.`, evidence: ev });
        }
        const seo = seoShape(ctx, words.length, seoWords, lexicon);
        if (seo) reasons.push({ code: 'author.seo-phrase', weight: w('author.seo-phrase'), message: seo, evidence: ev });
        const nameLinks = MAYBE_HOST.test(name) ? extractLinks(name) : [];
        if (nameLinks.length) {
          reasons.push({
            code: 'author.url-name',
            weight: w('author.url-name'),
            message: `The author name is a web address (${nameLinks[0]!.host}).`,
            evidence: ev,
            data: { value: nameLinks[0]!.domain },
          });
        } else {
          const brands = !/\d/.test(name) ? [] : tokenize(name).filter((t) => BRAND_TOKEN.test(t) && !NOT_BRAND.test(t) && !YEAR.test(t));
          if (brands.length) {
            reasons.push({
              code: 'author.brand',
              weight: w('author.brand'),
              message: `The author name contains the brand-like token ${quoted(distinct(brands))}.`,
              evidence: ev,
              data: { value: brands[0] },
            });
          }
        }
        const decoration = decorated(raw);
        if (decoration) {
          reasons.push({ code: 'author.decorated', weight: w('author.decorated'), message: `The author name is ${decoration}, as adverts are.`, evidence: ev });
        }
      }
      if (ctx.emailDomain && isDisposable(data.disposableEmailDomains, ctx.emailDomain)) {
        reasons.push({
          code: 'author.disposable-email',
          weight: w('author.disposable-email'),
          message: `The email address is on a disposable-mail domain (${ctx.emailDomain}).`,
          evidence: [{ field: 'author.email', match: ctx.comment.author.email?.trim() ?? ctx.email }],
        });
      }
      return reasons.length ? { reasons } : undefined;
    },
  };
}

/** Why the name reads like a search query, or undefined. */
function seoShape(ctx: ScoringContext, words: number, minWords: number, lexicon: Lexicon): string | undefined {
  if (words < minWords) return undefined;
  const cues = distinct(lexicon.findTerms(ctx.lowerAuthorName).filter((m) => m.value.category === 'name-cue').map((m) => m.term));
  const year = YEAR.test(ctx.authorName);
  const lowercase = ctx.authorName === ctx.lowerAuthorName;
  if (cues.length >= 2 || (cues.length === 1 && (lowercase || year))) {
    return `The author name reads like a search query or a shop (${quoted(cues)}${year ? ', a year' : ''}).`;
  }
  return undefined;
}

/** How a raw name is dressed up (styled letters, framing symbols, spaced-out letters), or undefined. */
function decorated(raw: string): string | undefined {
  if (/[^\x00-\x7F]/.test(raw)) {
    if (STYLED.test(raw) || (FULLWIDTH.test(raw) && !CJK.test(raw))) return 'written in styled look-alike letters';
    if (FRAME.test(raw)) return 'framed by decorative symbols';
  }
  if (SPACED.test(raw)) return 'spelled out letter by letter';
  return undefined;
}

function isDisposable(set: ReadonlySet<string>, domain: string): boolean {
  if (set.has(domain)) return true;
  const dot = domain.indexOf('.');
  return dot > 0 && set.has(domain.slice(dot + 1));
}
