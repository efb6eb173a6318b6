/**
 * Money promises and referral codes: spam promises the reader money and hands out codes that pay the poster.
 * - `money.promise`: a claim of earnings (see amounts.ts: a sum with a period or a guarantee, or an earnings word before
 *   a sum: `от 2500 руб в день`, `$500 a day`, `日赚500`, `월 300만원 보장`, `earn 5k`) that is addressed to the
 *   reader (you / ты / вы / kamu / 你, an invitation to join) or comes with a hand-off (an earlier `contact.*` reason
 *   or a link). Readers talk about money too ("rent went up $500 a month", "he earns $2 million a year"): a claim
 *   alone is not a promise. Strength 1, 1.5 when the claim is both addressed and handed off.
 * - `money.code`: a referral, invite or promo code word followed by a code-like token (`use my code ABC123`,
 *   `промокод BONUS500`, `邀请码 8866`), not the word alone ("the promo code didn't work").
 */
import type { Evidence, Reason } from '../../domain/verdict.js';
import type { ScoringContext } from '../context.js';
import type { HandOffData } from '../hand-off-data.js';
import type { Lexicon } from '../lexicon.js';
import type { Phase } from '../phase.js';
import { weightsOf, type RuleData } from '../rule-data.js';
import { findClaims, moneyLists, type MoneyClaim, type MoneyLists } from './amounts.js';
import { contentEvidence } from './literal.js';

/** The lexicon category of referral and promo code words. */
export const CODE_CATEGORY = 'promo-code';

// After a code word: separators, an optional "is", then a token of 4-20 letters, digits, `_` or `-`.
const CODE_TOKEN = /^[\s:=\-–→"'«»“”]{0,4}(?:(?:is|es|é|ist|est|это|adalah|là|คือ|是|는|은)[\s:]{1,3})?([a-z0-9][a-z0-9_-]{3,19})(?![a-z0-9])/i;
const HAS_DIGIT = /\d/;
const DIGIT = /\d/;
const HAS_LETTER = /[a-z]/i;
const UPPER = /[A-Z]/g;

/** The money phase. Put it after the contact phase: a hand-off found there makes a claim a promise. */
export function moneyPhase(data: RuleData, lexicon: Lexicon, handOff: HandOffData): Phase {
  const w = weightsOf(data);
  const promiseWeight = w('money.promise');
  const codeWeight = w('money.code');
  const lists = moneyLists(handOff.money);
  return {
    name: 'money',
    run(ctx, earlier) {
      // A promise needs a digit; a code needs a code word (found by the lexicon scan).
      if (!DIGIT.test(ctx.lowerText) && !lexicon.findTerms(ctx.lowerText).some((m) => m.value.category === CODE_CATEGORY)) return undefined;
      const promise = moneyPromise(ctx, earlier, lists);
      const code = promoCode(ctx, lexicon);
      if (!promise && !code) return undefined;
      const reasons: Reason[] = [];
      if (promise) reasons.push({ code: 'money.promise', weight: promiseWeight * promise.strength, message: promise.message, evidence: promise.evidence });
      if (code) reasons.push({ code: 'money.code', weight: codeWeight, ...code });
      return { reasons };
    },
  };
}

interface PromiseFound {
  readonly strength: number;
  readonly message: string;
  readonly evidence: Evidence[];
}

function moneyPromise(ctx: ScoringContext, earlier: readonly Reason[], lists: MoneyLists): PromiseFound | undefined {
  const s = ctx.lowerText;
  const claims = findClaims(s, lists);
  if (claims.length === 0) return undefined;
  const handedOff = ctx.links.length > 0 || earlier.some((r) => r.code.startsWith('contact.'));
  let addressed: string | undefined;
  for (const c of claims) {
    addressed = lists.addressed.within(s, c.start - 80, c.end + 80)?.term;
    if (addressed !== undefined) break;
  }
  // A sum with a period or a guarantee is a promise when addressed, framed as an offer ("от 2500 в день") or handed
  // off; earnings alone ("he makes 54k") only with a hand-off.
  const strong = claims.find((c) => c.period !== undefined || c.guarantee !== undefined);
  const offered = strong?.offer !== undefined;
  if (!handedOff && (!strong || (addressed === undefined && !offered))) return undefined;
  const claim = strong ?? claims[0]!;
  const said = s.slice(claim.start, claim.end);
  const evidence: Evidence[] = [];
  const literal = contentEvidence(ctx, said) ?? contentEvidence(ctx, s.slice(claim.amount.start, claim.amount.end));
  if (literal) evidence.push(literal);
  const to = [addressed !== undefined ? 'addressed to the reader' : offered ? 'as an offer' : '', handedOff ? 'with a hand-off' : ''].filter(Boolean).join(' and ');
  return {
    strength: handedOff && (addressed !== undefined || offered) ? 1.5 : 1,
    message: `The comment promises money (${describe(claim, said)}), ${to}.`,
    evidence,
  };
}

function describe(c: MoneyClaim, said: string): string {
  const what = c.period !== undefined ? 'a sum per period' : c.guarantee !== undefined ? `a guaranteed sum` : 'earnings';
  return `${what}: "${said.length > 60 ? `${said.slice(0, 59)}…` : said}"`;
}

function promoCode(ctx: ScoringContext, lexicon: Lexicon): Pick<Reason, 'message' | 'evidence'> | undefined {
  // The token's case matters (`BONUS` is a code, `bonus` a word): read it from the folded text, whose positions are
  // the lowercased text's unless lowercasing changed a length.
  const source = ctx.text.length === ctx.lowerText.length ? ctx.text : ctx.lowerText;
  for (const m of lexicon.findTerms(ctx.lowerText)) {
    if (m.value.category !== CODE_CATEGORY) continue;
    const token = CODE_TOKEN.exec(source.slice(m.end, m.end + 48))?.[1];
    if (token === undefined || !codeLike(token)) continue;
    const evidence = [contentEvidence(ctx, m.term), contentEvidence(ctx, token.toLowerCase())].filter((e): e is Evidence => e !== undefined);
    return { message: `The comment hands out a referral or promo code: ${m.term} ${token}.`, evidence };
  }
  return undefined;
}

/** A code, not a word: letters and digits mixed, five or more digits, or a word in capitals (`BONUS500`, `884213`, `WELCOME`). */
function codeLike(token: string): boolean {
  const digits = HAS_DIGIT.test(token);
  const letters = HAS_LETTER.test(token);
  if (digits && letters) return true;
  if (digits) return token.replace(/\D/g, '').length >= 5;
  return token.length >= 5 && (token.match(UPPER)?.length ?? 0) >= token.length - 1;
}
