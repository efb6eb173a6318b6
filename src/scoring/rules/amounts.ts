/**
 * Sums of money in folded, lowercased text, and what stands around them: a currency or magnitude next to the number
 * (`$500`, `2500 руб`, `50rb`, `300만원`, `5万`), a period (`a day`, `в день`, `日赚`, `월`), a guarantee, an
 * earnings word. Only the places next to each number are read, so a comment without digits costs one failed scan.
 */
import type { MoneyTables } from '../hand-off-data.js';
import { phraseList, type PhraseList } from './phrases.js';

/** A number and the currency or magnitude written next to it, as positions in the searched text. */
export interface Amount {
  readonly start: number;
  readonly end: number;
  /** The currency or magnitude next to the number, if any. */
  readonly unit: string | undefined;
}

/** A sum with what makes it a claim of earnings. */
export interface MoneyClaim {
  readonly amount: Amount;
  /** The span of the claim in the text: the amount with its period, guarantee or earnings word. */
  readonly start: number;
  readonly end: number;
  readonly period?: string;
  readonly guarantee?: string;
  readonly earn?: string;
  /** The word that frames the sum as an offer (`от`, `up to`, `最高`). */
  readonly offer?: string;
}

/** The compiled word lists of data/money.json. */
export interface MoneyLists {
  readonly currencyBefore: PhraseList;
  readonly currencyAfter: PhraseList;
  readonly period: PhraseList;
  readonly guarantee: PhraseList;
  readonly earn: PhraseList;
  readonly addressed: PhraseList;
  readonly offer: PhraseList;
}

/** Compiles the money tables (once, when the phase is built). */
export function moneyLists(t: MoneyTables): MoneyLists {
  return {
    currencyBefore: phraseList(t.currencyBefore),
    currencyAfter: phraseList(t.currencyAfter),
    period: phraseList(t.period),
    guarantee: phraseList(t.guarantee),
    earn: phraseList(t.earn, { prefix: true }),
    addressed: phraseList(t.addressed),
    offer: phraseList(t.offer),
  };
}

const MAX_NUMBERS = 40;
const DIGIT = /\d/;

/** The claims of earnings in `s` (lowercase): at most `max`. */
export function findClaims(s: string, lists: MoneyLists, max = 3): readonly MoneyClaim[] {
  // Most comments have no digit: one native test.
  if (!DIGIT.test(s)) return NONE;
  let out: MoneyClaim[] | undefined;
  let seen = 0;
  // Digits, then thousands groups (`10 000`, `1.500.000`, `2,500`) and a fraction; flat and greedy, it never fails
  // half-way, so a long run of groups is read once. A fresh regex per call: no lastIndex shared between calls.
  const numbers = /\d+(?:[ .,'\u00A0]\d{3})*(?:[.,]\d+)?/g;
  for (let m = numbers.exec(s); m !== null; m = numbers.exec(s)) {
    if (++seen > MAX_NUMBERS) break;
    const start = m.index;
    const end = start + m[0].length;
    // Two table reads rule out nearly every number: a claim needs a currency just before it, or a currency, magnitude
    // or period just after it.
    if (!mayBeSum(s, start, end, lists)) continue;
    const amount = readAmount(s, start, end, lists);
    const claim = amount && claimAround(s, amount, end - start, lists);
    if (claim) (out ??= []).push(claim);
    if (out && out.length >= max) break;
  }
  return out ?? NONE;
}

const NONE: readonly MoneyClaim[] = Object.freeze([]);

/**
 * The code unit at `i`, or -1 outside `s`. Reading past the end with charCodeAt gives NaN and makes V8 throw away the
 * optimised code of the caller ("out of bounds"), again and again: every read here is checked.
 */
function codeAt(s: string, i: number): number {
  return i >= 0 && i < s.length ? s.charCodeAt(i) : -1;
}

function mayBeSum(s: string, start: number, end: number, lists: MoneyLists): boolean {
  const before = codeAt(s, skipBack(s, start, 1) - 1);
  const after = codeAt(s, skipForward(s, end, 2));
  return lists.currencyBefore.mayEndWith(before) || lists.currencyAfter.mayStartWith(after) || lists.period.mayStartWith(after);
}

function readAmount(s: string, numStart: number, numEnd: number, lists: MoneyLists): Amount | undefined {
  let start = numStart;
  let unit: string | undefined;
  const before = lists.currencyBefore.endingAt(s, skipBack(s, numStart, 1));
  if (before !== undefined) {
    unit = before;
    start = skipBack(s, numStart, 1) - before.length;
  } else if (latinOrCyrillicAt(s, numStart - 1) || codeAt(s, numStart - 1) === 95) {
    // Part of a word, a handle or a model name (`ps5`, `wx_8899`), not a sum. Chinese and Japanese glue numbers to
    // words (`日赚500`), so only alphabets written with spaces count here.
    return undefined;
  }
  let end = numEnd;
  const at = skipForward(s, numEnd, 1);
  const after = lists.currencyAfter.at(s, at);
  if (after !== undefined) {
    unit ??= after;
    end = at + after.length;
    // A magnitude and a currency (`300만 원`, `10 тыс руб`, `5k usdt`).
    const next = skipForward(s, end, 1);
    const second = lists.currencyAfter.at(s, next);
    if (second !== undefined) end = next + second.length;
  } else if (latinOrCyrillicAt(s, numEnd)) {
    // A model, a size or a unit (`4070ti`, `5g`, `8гб`), not a sum.
    return undefined;
  } else if (unit === undefined && (numEnd - numStart < 3 || lists.period.at(s, skipForward(s, numEnd, 2)) === undefined)) {
    // A bare number counts only with a period right after it (see claimAround): rule the rest out here, cheaply.
    return undefined;
  }
  return { start, end, unit };
}

function claimAround(s: string, amount: Amount, length: number, lists: MoneyLists): MoneyClaim | undefined {
  // A bare number needs a period right after it and an earnings word or an offer before it ("заработок 5600 за смену",
  // "от 10 000 в неделю"); with a currency or magnitude a period, a guarantee or an earnings word suffices. Cheapest
  // tests first: most numbers in comments are neither.
  const bare = amount.unit === undefined;
  const afterAt = skipForward(s, amount.end, 2);
  const periodAfter = lists.period.at(s, afterAt);
  if (bare && (length < 3 || periodAfter === undefined)) return undefined;
  const offerEnd = skipBack(s, amount.start, 1);
  const offer = lists.offer.endingAt(s, offerEnd);
  const periodBefore = periodAfter === undefined ? lists.period.within(s, amount.start - 10, amount.start) : undefined;
  const period = periodAfter ?? periodBefore?.term;
  // The earnings word and the guarantee are read only when the claim still needs them (a stretch of text each).
  const earn = bare && offer !== undefined ? undefined : earnAround(s, amount, lists);
  if (bare && earn === undefined && offer === undefined) return undefined;
  const guarantee = bare || period !== undefined ? undefined : lists.guarantee.within(s, amount.start - 30, amount.end + 30);
  if (!period && !guarantee && !earn) return undefined;
  let start = offer === undefined ? amount.start : offerEnd - offer.length;
  let end = amount.end;
  if (periodAfter !== undefined) end = afterAt + periodAfter.length;
  if (periodBefore) start = Math.min(start, periodBefore.start);
  if (earn && earn.start < start) start = earn.start;
  return {
    amount,
    start,
    end,
    ...(period !== undefined && { period }),
    ...(guarantee && { guarantee: guarantee.term }),
    ...(earn && { earn: earn.term }),
    ...(offer !== undefined && { offer }),
  };
}

function latinOrCyrillicAt(s: string, i: number): boolean {
  if (i < 0) return false;
  const c = codeAt(s, i);
  return (c >= 97 && c <= 122) || (c >= 0x430 && c <= 0x44f) || c === 0x451;
}

function earnAround(s: string, amount: Amount, lists: MoneyLists): { term: string; start: number } | undefined {
  return lists.earn.within(s, amount.start - 32, amount.start) ?? lists.earn.within(s, amount.end, amount.end + 16);
}

/** `i` moved back over up to `n` spaces. */
function skipBack(s: string, i: number, n: number): number {
  while (n-- > 0 && i > 0 && codeAt(s, i - 1) === 32) i--;
  return i;
}

/** `i` moved forward over up to `n` spaces or `+` (`$500+ a day`). */
function skipForward(s: string, i: number, n: number): number {
  while (n-- > 0 && (codeAt(s, i) === 32 || codeAt(s, i) === 43)) i++;
  return i;
}
