/**
 * Evidence highlighting: each reason's evidence names a field and a literal substring of it; every occurrence of each
 * (case-insensitively) is wrapped in <mark>, overlapping ones merged, with the reasons' codes as a title.
 */
import { h, visibleText } from './dom.js';
import type { Reason } from './types.js';

/** Reasons whose evidence is a hint (the classifier's telling words) rather than the thing itself. */
const WEAK = new Set(['bayes']);

interface Span {
  start: number;
  end: number;
  codes: Set<string>;
}

/** The spans of `text` that the reasons' evidence for `fields` points at, merged and in order. */
export function evidenceSpans(text: string, reasons: readonly Reason[], fields: readonly string[]): Span[] {
  const lower = text.toLowerCase();
  const spans: Span[] = [];
  for (const reason of reasons) {
    if (reason.weight <= 0) continue;
    for (const e of reason.evidence ?? []) {
      if (!fields.includes(e.field) || !e.match) continue;
      const needle = e.match.toLowerCase();
      for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
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
export function highlighted(text: string, reasons: readonly Reason[], fields: readonly string[]): Node[] {
  const nodes: Node[] = [];
  let at = 0;
  for (const span of evidenceSpans(text, reasons, fields)) {
    if (span.start > at) nodes.push(...visibleText(text.slice(at, span.start)));
    const weak = [...span.codes].every((c) => WEAK.has(c));
    nodes.push(h('mark', { title: [...span.codes].join(', '), class: weak ? 'weak' : undefined }, ...visibleText(text.slice(span.start, span.end))));
    at = span.end;
  }
  if (at < text.length) nodes.push(...visibleText(text.slice(at)));
  return nodes;
}
