/**
 * Evidence highlighting: each reason's evidence names a field and a literal substring of it; every occurrence of each
 * (case-insensitively) is wrapped in <mark>, overlapping ones merged, with the reasons' codes as a title. The
 * classifier's telling words are hints: marked only on a comment the machine held or rejected, and as whole words.
 */
import { h, visibleText } from './dom.js';
import type { Reason, Verdict } from './types.js';

/** Reasons whose evidence is a hint (the classifier's telling words) rather than the thing itself. */
const WEAK = new Set(['bayes']);

/** What highlighting reads of a verdict: its class (hints only for held or rejected comments) and its reasons. */
export type MarkedVerdict = Pick<Verdict, 'verdict' | 'reasons'>;

// A telling word is a whole word of a spaced script ("over" is not in "discover"); CJK words are character pairs
// inside a run, so they match anywhere.
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const CJK = /[\u1100-\u11FF\u3040-\u30FF\u3131-\u318E\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7A3\uF900-\uFAFF]/u;

/** Whether the occurrence of `needle` at `at` in `text` stands as a word of its own. */
function wholeWord(text: string, at: number, needle: string): boolean {
  if (CJK.test(needle)) return true;
  const before = text.slice(Math.max(0, at - 2), at);
  const after = text.slice(at + needle.length, at + needle.length + 2);
  return !WORD_CHAR.test(Array.from(before).at(-1) ?? '') && !WORD_CHAR.test(Array.from(after)[0] ?? '');
}

/** The reasons whose evidence is drawn: all but the hints, and the hints too when the comment was held or rejected. */
function drawn(verdict: MarkedVerdict): Reason[] {
  const hints = verdict.verdict === 'review' || verdict.verdict === 'spam';
  return verdict.reasons.filter((r) => r.weight > 0 && (hints || !WEAK.has(r.code)));
}

interface Span {
  start: number;
  end: number;
  codes: Set<string>;
}

/** The spans of `text` that the verdict's evidence for `fields` points at, merged and in order. */
export function evidenceSpans(text: string, verdict: MarkedVerdict, fields: readonly string[]): Span[] {
  const lower = text.toLowerCase();
  const spans: Span[] = [];
  for (const reason of drawn(verdict)) {
    const weak = WEAK.has(reason.code);
    for (const e of reason.evidence ?? []) {
      if (!fields.includes(e.field) || !e.match) continue;
      const needle = e.match.toLowerCase();
      for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
        if (weak && !wholeWord(lower, at, needle)) continue;
        spans.push({ start: at, end: at + needle.length, codes: new Set([reason.code]) });
      }
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) {
      last.end = Math.max(last.end, span.end);
      for (const c of span.codes) last.codes.add(c);
    } else {
      merged.push({ ...span, codes: new Set(span.codes) });
    }
  }
  return merged;
}

/** `text` as nodes, with the evidence for `fields` marked and bidi controls shown as markers (dom.ts). */
export function highlighted(text: string, verdict: MarkedVerdict, fields: readonly string[]): Node[] {
  const nodes: Node[] = [];
  let at = 0;
  for (const span of evidenceSpans(text, verdict, fields)) {
    if (span.start > at) nodes.push(...visibleText(text.slice(at, span.start)));
    const weak = [...span.codes].every((c) => WEAK.has(c));
    nodes.push(h('mark', { title: [...span.codes].join(', '), class: weak ? 'weak' : undefined }, ...visibleText(text.slice(span.start, span.end))));
    at = span.end;
  }
  if (at < text.length) nodes.push(...visibleText(text.slice(at)));
  return nodes;
}
