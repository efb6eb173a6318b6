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
}

/** The compiled word lists of data/money.json. */
export interface MoneyLists {
  readonly currencyBefore: PhraseList;
  readonly currencyAfter: PhraseList;
  readonly period: PhraseList;
  readonly guarantee: PhraseList;
  readonly earn: PhraseList;
  readonly addressed: PhraseList;
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
  };
}

// Digits, then thousands groups (`10 000`, `1.500.000`, `2,500`) and a fraction. Flat and greedy: it never fails
// half-way, so a long run of groups is read once.
const NUMBER = /\d+(?:[ .,'\u00A0]\d{3})*(?:[.,]\d+)?/g;
const MAX_NUMBERS = 40;

/** The claims of earnings in `s` (lowercase): at most `max`. */
export function findClaims(s: string, lists: MoneyLists, max = 3): MoneyClaim[] {
  const out: MoneyClaim[] = [];
  let seen = 0;
  for (const m of s.matchAll(NUMBER)) {
    if (++seen > MAX_NUMBERS) break;
    const amount = readAmount(s, m.index, m.index + m[0].length, lists);
    if (!amount) continue;
    const claim = claimAround(s, amount, m[0], lists);
    if (claim) out.push(claim);
    if (out.length >= max) break;
  }
  return out;
}

function readAmount(s: string, numStart: number, numEnd: number, lists: MoneyLists): Amount | undefined {
  let start = numStart;
  let unit: string | undefined;
  const before = lists.currencyBefore.endingAt(s, skipBack(s, numStart, 1));
  if (before !== undefined) {
    unit = before;
    start = skipBack(s, numStart, 1) - before.length;
  } else if (latinOrCyrillicAt(s, numStart - 1) || s.charCodeAt(numStart - 1) === 95) {
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
  }
  return { start, end, unit };
}

function claimAround(s: string, amount: Amount, digits: string, lists: MoneyLists): MoneyClaim | undefined {
  const periodAfter = lists.period.at(s, skipForward(s, amount.end, 2));
  const periodBefore = periodAfter === undefined ? lists.period.within(s, amount.start - 10, amount.start) : undefined;
  const period = periodAfter ?? periodBefore?.term;
  const guarantee = lists.guarantee.within(s, amount.start - 30, amount.end + 30);
  const earn = lists.earn.within(s, amount.start - 32, amount.start) ?? lists.earn.within(s, amount.end, amount.end + 16);
  // A bare number ("заработок от 2500 в день") needs the earnings word and a period or guarantee; with a currency or
  // magnitude one of the three suffices.
  const bare = amount.unit === undefined;
  if (bare && (countDigits(digits) < 3 || !earn || !(period || guarantee))) return undefined;
  if (!bare && !period && !guarantee && !earn) return undefined;
  let start = amount.start;
  let end = amount.end;
  if (periodAfter !== undefined) end = skipForward(s, amount.end, 2) + periodAfter.length;
  if (periodBefore) start = Math.min(start, periodBefore.start);
  if (earn && earn.start < start) start = earn.start;
  return {
    amount,
    start,
    end,
    ...(period !== undefined && { period }),
    ...(guarantee && { guarantee: guarantee.term }),
    ...(earn && { earn: earn.term }),
  };
}

function latinOrCyrillicAt(s: string, i: number): boolean {
  if (i < 0) return false;
  const c = s.charCodeAt(i);
  return (c >= 97 && c <= 122) || (c >= 0x430 && c <= 0x44f) || c === 0x451;
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) n++;
  return n;
}

/** `i` moved back over up to `n` spaces. */
function skipBack(s: string, i: number, n: number): number {
  while (n-- > 0 && i > 0 && s.charCodeAt(i - 1) === 32) i--;
  return i;
}

/** `i` moved forward over up to `n` spaces or `+` (`$500+ a day`). */
function skipForward(s: string, i: number, n: number): number {
  while (n-- > 0 && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 43)) i++;
  return i;
}
