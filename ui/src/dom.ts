/** A tiny element builder: text always goes in as text nodes, so nothing a commenter wrote is parsed as HTML. */
import { formatAgo, formatUnit, t, type MessageKey } from './i18n.js';

type Child = Node | string | number | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined | EventListener>;

/** Creates an element with attributes (`on*` become listeners; `false`/undefined are left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children, skipping empty ones. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Bidi controls and marks: obeyed, they reorder what a moderator reads ("\u202eevil\u202c name" reads "live name"). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const BIDI_NAMES = {
  '\u061c': 'bidi.alm',
  '\u200e': 'bidi.lrm',
  '\u200f': 'bidi.rlm',
  '\u202a': 'bidi.lre',
  '\u202b': 'bidi.rle',
  '\u202c': 'bidi.pdf',
  '\u202d': 'bidi.lro',
  '\u202e': 'bidi.rlo',
  '\u2066': 'bidi.lri',
  '\u2067': 'bidi.rli',
  '\u2068': 'bidi.fsi',
  '\u2069': 'bidi.pdi',
} as const satisfies Record<string, MessageKey>;

/** `text` as nodes, each bidi control replaced by a visible marker (`[U+202E]`) naming it, so none is obeyed. */
export function visibleText(text: string): Node[] {
  const nodes: Node[] = [];
  let at = 0;
  for (const m of text.matchAll(BIDI)) {
    if (m.index > at) nodes.push(document.createTextNode(text.slice(at, m.index)));
    const code = codeOf(m[0]);
    const name = BIDI_NAMES[m[0] as keyof typeof BIDI_NAMES];
    nodes.push(h('span', { class: 'bidi', title: t('bidi.hidden', { name: name ? t(name) : code, code }) }, `[${code}]`));
    at = m.index + m[0].length;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

/** `text` for an attribute or a status line: each bidi control written as its marker. */
export function bidiMarked(text: string): string {
  return text.replace(BIDI, (c) => `[${codeOf(c)}]`);
}

/** `U+202E`. */
const codeOf = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

const SVG = 'http://www.w3.org/2000/svg';

/** Creates an SVG element. */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  append(el, children);
  return el;
}

/** Says something to screen readers through the page's live region. */
export function announce(message: string): void {
  const region = document.getElementById('announce');
  if (!region) return;
  region.textContent = '';
  // A new text node after clearing makes screen readers repeat an identical message.
  requestAnimationFrame(() => (region.textContent = message));
}

/** "just now", "3 min. ago", "2 hr. ago", "4 days ago" (Intl.RelativeTimeFormat: "3분 전" in Korean). */
export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return t('time.justNow');
  if (s < 3600) return formatAgo(Math.floor(s / 60), 'minute');
  if (s < 86_400) return formatAgo(Math.floor(s / 3600), 'hour');
  return formatAgo(Math.floor(s / 86_400), 'day');
}

/** A duration in seconds as "45 sec", "12 min", "3.5 hr" (Intl.NumberFormat units: "12분" in Korean). */
export function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 60) return formatUnit(Math.round(seconds), 'second');
  if (seconds < 3600) return formatUnit(Math.round(seconds / 60), 'minute');
  return formatUnit(seconds / 3600, 'hour');
}
