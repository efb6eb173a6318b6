/**
 * Author rules: the name field is where today's comment spam advertises. Readers call themselves "Jane", "김민수",
 * "user12345" or "Dr. Anna Müller"; campaigns call themselves "cheap car insurance quotes", "купить диплом недорого",
 * "JAS890.COM" or "𝗪𝗘𝗧𝗢𝗡𝟴𝟴". Each rule reads one behaviour of an advertising name: it is a shop's phrase
 * (`author.commercial`), a search query (`author.seo-phrase`), a web address (`author.url-name`), the words of the
 * domain it links (`author.matches-url`), a letters+digits brand pushed in a disguise, again in the comment or next
 * to selling words (`author.brand`), a messenger id or a phone number (`author.contact`). Casino, pharma … words
 * in names are the lexicon phase's (`lexicon.author`).
 */
import type { Evidence, Reason } from '../../domain/verdict.js';
import type { ScoringContext } from '../context.js';
import { distinct, evidenceIn, quoted } from '../evidence.js';
import type { Lexicon } from '../lexicon.js';
import { extractLinks, type ExtractedLink } from '../links.js';
import type { Phase } from '../phase.js';
import { paramsOf, weightsOf, type RuleData } from '../rule-data.js';
import { brandTokens, domainLabel, matchDomain, nameHandOff, nameVocabulary, queryShape, type NameVocabulary } from './author-names.js';
import { linkEvidence } from './links.js';

// Cheap pre-check: a host needs a dot, a look-alike of one, or "dot".
const MAYBE_HOST = /[.\u3002\uFF0E\uFF61\u00B7\u2022\u30FB]|dot/i;
const WORD_UNIT = /[\p{L}\p{N}]/gu;
// Symbols that frame an advertised name.
const FRAME = /[\u2B50\u2605\u2606\u2728\u{1F525}\u{1F4B0}\u{1F48E}\u{1F3B0}\u{1F3B2}\u3010\u3011\u300E\u300F\u2705\u{1F449}\u25B6\u25BA\u265B\u265A\u{1F4A5}]/u;
// Campaign categories that do not sell anything: "subscribe to my channel" next to `Mike88` is not a brand's pitch.
const NOT_SELLING: ReadonlySet<string> = new Set(['self-promotion', 'engagement-bait']);
/** At most this many links are compared with the name. */
const MAX_LINKS_COMPARED = 10;

/**
 * The author phase. `names` supplies the `name-cue`, `name-hint` and `name-product` words, `lexicon` the campaign
 * categories (gambling, pharma …).
 */
export function authorPhase(data: RuleData, lexicon: Lexicon, names: Lexicon): Phase {
  const w = weightsOf(data);
  const p = paramsOf(data);
  const seoWords = p('author.seo-phrase.words');
  const manyWords = p('author.seo-phrase.many-words');
  const coverage = p('author.matches-url.coverage');
  // A category sells when the lexicon phase weighs it (`lexicon.<category>`): gambling, pharma, loans, crypto …
  const isCampaign = (category: string): boolean => data.weights[`lexicon.${category}`] !== undefined && !NOT_SELLING.has(category);
  return {
    name: 'author',
    run(ctx) {
      const raw = ctx.comment.author.name ?? '';
      const name = ctx.authorName;
      const reasons: Reason[] = [];
      if (name !== '') {
        const whole: Evidence[] = [{ field: 'author.name', match: raw }];
        const brands = brandTokens(name);
        // Searched before the name: the lexicon remembers its last search, and the lexicon phase reads the name next.
        const pitch = brands.length ? campaignTerms(ctx, lexicon, isCampaign) : [];
        const vocab = nameVocabulary({ names, campaigns: lexicon, isCampaign }, name, ctx.lowerAuthorName);
        const commercial = commercialStrength(vocab, name);
        if (commercial > 0) {
          const terms = [...vocab.cues, ...vocab.hints];
          reasons.push({
            code: 'author.commercial',
            weight: w('author.commercial') * commercial,
            message: `The author name is a shop's phrase, not a person's: ${quoted(terms)} in "${raw}".`,
            evidence: terms.slice(0, 5).map((t) => evidenceIn('author.name', raw, t)),
          });
        }
        const seo = seoShape(ctx, vocab, seoWords, manyWords);
        if (seo) reasons.push({ code: 'author.seo-phrase', weight: w('author.seo-phrase'), message: seo, evidence: whole });
        const nameLinks = MAYBE_HOST.test(name) ? extractLinks(name).filter((l) => !dottedPersonalName(l)) : [];
        if (nameLinks.length) {
          reasons.push({
            code: 'author.url-name',
            weight: w('author.url-name'),
            message: `The author name is a web address (${nameLinks[0]!.host}).`,
            evidence: whole,
            data: { value: nameLinks[0]!.domain },
          });
        }
        const brand = brands.length ? brandContexts(ctx, brands, vocab, pitch) : undefined;
        if (brand) {
          reasons.push({
            code: 'author.brand',
            // Strength: one per way the token is pushed (disguised, repeated, next to selling words), at most 3.
            weight: w('author.brand') * brand.contexts.length,
            message: `The author name pushes the brand-like token "${brand.token}": ${brand.contexts.join('; ')}.`,
            evidence: brand.evidence,
            data: { value: brand.token },
          });
        }
        const echo = domainEcho(ctx, vocab, brands, coverage);
        if (echo) {
          reasons.push({
            code: 'author.matches-url',
            weight: w('author.matches-url'),
            message: `The author name repeats the words of the domain it links (${echo.link.domain}) and ${echo.why}: a site's keywords, not a person.`,
            evidence: [...whole, linkEvidence(echo.link, ctx)],
            data: { value: echo.link.domain },
          });
        }
        const handOff = nameHandOff(ctx.lowerAuthorName, vocab);
        if (handOff) {
          const shown = handOff.messenger ? `${handOff.messenger} ${handOff.handle}` : handOff.handle;
          reasons.push({
            code: 'author.contact',
            weight: w('author.contact'),
            message: `The author name hands the reader off to ${handOff.messenger ? 'a messenger' : 'a phone number'}: ${shown}.`,
            evidence: [...(handOff.messenger ? [evidenceIn('author.name', raw, handOff.messenger)] : []), evidenceIn('author.name', raw, handOff.handle)],
          });
        }
        const decoration = decorated(raw);
        if (decoration) {
          reasons.push({ code: 'author.decorated', weight: w('author.decorated'), message: `The author name is ${decoration}, as adverts are.`, evidence: whole });
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

/**
 * Strength of `author.commercial`, 0 when it does not fire: two cues, a cue and a hint, two hints (`best` + `hosting`),
 * or one cue in lowercase next to anything else (`cheap flights`, `저렴한 항공권`). 1 per distinct cue and ½ per hint,
 * between 1 and 2.
 */
function commercialStrength(vocab: NameVocabulary, name: string): number {
  const cues = vocab.cues.length;
  const hints = vocab.hints.length;
  if (cues === 0 && hints < 2) return 0;
  if (cues === 1 && hints === 0) {
    // A lone capitalised cue may be a surname (Javier Barato, Beatriz Venda); in lowercase it is the shop's adjective.
    if (!vocab.plainCue) return 0;
    // The cue alone ("cheap") is not yet a phrase: the name must say something besides it.
    const letters = name.match(WORD_UNIT)?.length ?? 0;
    if (letters - (vocab.cues[0]!.match(WORD_UNIT)?.length ?? 0) < 2) return 0;
  }
  return Math.min(2, Math.max(1, cues + hints / 2));
}

/**
 * Why the name reads like a search query, or undefined: at least `minWords` words with shop or campaign vocabulary,
 * and a query's shape — two vocabulary words, a year, a question, `manyWords` words, or a cue in all lowercase.
 */
function seoShape(ctx: ScoringContext, vocab: NameVocabulary, minWords: number, manyWords: number): string | undefined {
  const terms = [...vocab.cues, ...vocab.hints, ...vocab.campaign];
  if (terms.length === 0) return undefined;
  const shape = queryShape(ctx.authorName, ctx.lowerAuthorName);
  if (shape.words < minWords) return undefined;
  const marks: string[] = [];
  if (shape.lowercase) marks.push('all lowercase');
  if (shape.year) marks.push('a year');
  if (shape.question) marks.push('a question');
  if (shape.words >= manyWords) marks.push(`${shape.words} words`);
  // One hint word in lowercase ("the free thinker") is a handle; a cue ("cheap", "near me") or a second word is not.
  const single = shape.year || shape.question || shape.words >= manyWords || (shape.lowercase && vocab.cues.length > 0);
  if (terms.length < 2 && !single) return undefined;
  return `The author name reads like a search query (${[quoted(terms), ...marks].join(', ')}).`;
}

/**
 * A bare two-label host under a country code, capitalised like a name (`Lee.NG`, `Anna.Li`): a person's dotted
 * handle more often than an address.
 */
function dottedPersonalName(l: ExtractedLink): boolean {
  if (l.source !== 'bare' || l.tld.length !== 2 || l.host !== l.domain) return false;
  const label = l.raw.slice(0, l.raw.indexOf('.'));
  return /^\p{Lu}\p{Ll}+$/u.test(label) && /^[a-z]+$/i.test(label) && l.raw !== l.raw.toLowerCase();
}

/** The distinct campaign terms of the comment's text (gambling, pharma … words). */
function campaignTerms(ctx: ScoringContext, lexicon: Lexicon, isCampaign: (category: string) => boolean): string[] {
  if (ctx.lowerText === '') return [];
  return distinct(lexicon.findTerms(ctx.lowerText).filter((m) => isCampaign(m.value.category)).map((m) => m.term));
}

/**
 * How a brand token in the name is pushed, with evidence; undefined when it is not (a reader's `user12345`). `pitch`:
 * the comment's campaign terms.
 */
function brandContexts(
  ctx: ScoringContext,
  brands: readonly string[],
  vocab: NameVocabulary,
  pitch: readonly string[],
): { token: string; contexts: string[]; evidence: Evidence[] } | undefined {
  const raw = ctx.comment.author.name ?? '';
  const disguised = ctx.evasion.authorName.length > 0 || decorated(raw) !== undefined;
  let sells: string | undefined;
  if (vocab.cues.length + vocab.hints.length + vocab.campaign.length > 0) sells = 'next to selling words in the name';
  // Two different campaign terms are a pitch; one is a reader named Mike88 discussing the casino tax.
  else if (pitch.length >= 2) sells = `next to selling words in the comment (${quoted(pitch, 3)})`;
  for (const token of brands) {
    const contexts: string[] = [];
    const evidence: Evidence[] = [evidenceIn('author.name', raw, token)];
    if (disguised) contexts.push('written in disguise');
    // The author's own website is author.matches-url's to compare: a reader's handle may name their site.
    const linked = ctx.links.find((l) => l.domain.includes(token));
    if (ctx.lowerText.includes(token)) {
      contexts.push('repeated in the comment');
      evidence.push(evidenceIn('content', ctx.comment.content, token));
    } else if (linked) {
      contexts.push(`repeated in the linked domain ${linked.domain}`);
      evidence.push(linkEvidence(linked, ctx));
    }
    if (sells) contexts.push(sells);
    if (contexts.length) return { token, contexts, evidence };
  }
  return undefined;
}

/** The name repeats a linked domain's words, with a reason why that is an advert; undefined otherwise. */
function domainEcho(
  ctx: ScoringContext,
  vocab: NameVocabulary,
  brands: readonly string[],
  coverage: number,
): { link: ExtractedLink; why: string } | undefined {
  const selling = [...vocab.cues, ...vocab.hints, ...vocab.campaign];
  // A lone shop word may be the reader's surname (Tom Best, tombest.net); a product, a cue or two words are not.
  const sells = vocab.cues.length > 0 || vocab.products.length > 0 || vocab.campaign.length > 0 || vocab.hints.length >= 2;
  if (!sells && brands.length === 0) return undefined;
  for (const link of linksOf(ctx)) {
    const label = domainLabel(link);
    if (label === '') continue;
    const m = matchDomain(ctx.lowerAuthorName, label);
    if (m.labelCovered < coverage || m.nameCovered < coverage) continue;
    const joined = label.replaceAll('-', '');
    const brand = brands.find((b) => joined.includes(b));
    if (brand) return { link, why: `carries the brand "${brand}"` };
    if (sells) return { link, why: `is made of selling words (${quoted(selling)})` };
  }
  return undefined;
}

/** The author's website first, then the comment's links. */
function linksOf(ctx: ScoringContext): ExtractedLink[] {
  const links = ctx.links.length > MAX_LINKS_COMPARED ? ctx.links.slice(0, MAX_LINKS_COMPARED) : ctx.links;
  return ctx.authorLink ? [ctx.authorLink, ...links] : [...links];
}

/**
 * How a raw name is framed by symbols adverts put around a name (【…】, 🔥 … 🔥, ⭐ … ⭐), or undefined. Styled,
 * spaced-out and look-alike letters are disguise, reported by the fold and read by the evasion phase
 * (`evasion.author`), not here.
 */
function decorated(raw: string): string | undefined {
  return /[^\x00-\x7F]/.test(raw) && FRAME.test(raw) ? 'framed by decorative symbols' : undefined;
}

function isDisposable(set: ReadonlySet<string>, domain: string): boolean {
  if (set.has(domain)) return true;
  const dot = domain.indexOf('.');
  return dot > 0 && set.has(domain.slice(dot + 1));
}
