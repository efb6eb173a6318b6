/**
 * Comment text to plain, comparable text: markup removed, entities decoded, then folded (fold.ts) so that the styled,
 * disguised and spaced-out spellings spammers use read as the plain word (`𝗪𝗘𝗧𝗢𝗡𝟴𝟴`, `саsino`, `A L E X I S 1 7`),
 * while real Korean, Chinese, Japanese, Russian, Arabic or Thai text stays as written.
 *
 * Everything here is linear in the input: markup is read by one forward scan that remembers where the next `>`, `]`,
 * `)` and `=` are, so unclosed brackets cannot make it rescan; every regex is flat (no nested quantifiers).
 */
// `entities` (fb55, the decoder behind htmlparser2, cheerio and markdown-it) knows all 2,231 HTML5 named references,
// the legacy ones without `;` (`&copy`) and the browser's rules for bad numeric ones; a hand-written table would not.
import { decodeHTML } from 'entities';
import type { ContentType } from '../domain/comment.js';
import type { EvasionFinding } from './evasion-types.js';
import { foldText } from './fold.js';
import { extractLinks, MAX_LINKS, MAX_URL_LENGTH, parseLinkTarget, type ExtractedLink } from './links.js';

export { foldText };

/** A comment reduced to plain text, and every link it carries. */
export interface NormalizedText {
  /**
   * Plain text: markup removed (link anchor text kept), entities decoded, NFKC, look-alikes folded, invisible
   * characters stripped, whitespace collapsed to single spaces, spaced-out letters re-joined.
   */
  readonly text: string;
  /**
   * Links from markup first (html `<a href>`, bbcode `[url]`, markdown `[t](u)`, with `anchorText`), then those found
   * in `text`. A text link that merely repeats its anchor's own href (`<a href="x.com">x.com</a>`) is reported once.
   */
  readonly links: readonly ExtractedLink[];
}

/**
 * Normalises a comment body. Entities are decoded and HTML tags stripped in every mode, because CMSs and exports
 * leave HTML in "plain" text; in `text` and `markdown` mode only real HTML tag names are stripped, so `a <b and c> d`
 * style prose survives there. BBCode links are read in every mode, markdown links only in `markdown`. What the fold
 * undid goes to `sink` (see {@link foldText}); a span that markup or entities interrupt is not a substring of `raw`.
 */
export function normalizeText(raw: string, contentType: ContentType, sink?: EvasionFinding[]): NormalizedText {
  if (!(contentType === 'markdown' ? MARKDOWN_SYNTAX : MARKUP).test(raw)) {
    const text = foldText(raw, sink);
    return { text, links: extractLinks(text) };
  }
  const stripped = stripMarkup(raw, contentType);
  const text = foldText(decodeEntities(stripped.text), sink);
  const targets = new Map<string, ExtractedLink | undefined>();
  const markupLinks = stripped.links.flatMap((l) => toLink(l, contentType, targets));
  const textLinks = withoutAnchorEchoes(extractLinks(text), markupLinks);
  return { text, links: [...markupLinks, ...textLinks].slice(0, MAX_LINKS) };
}

const MARKUP = /[<&[]/;
const MARKDOWN_SYNTAX = /[<&[*_~`]/;

function isAsciiAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function decodeEntities(s: string): string {
  return s.includes('&') ? decodeHTML(s) : s;
}

/** A link as written in markup, before its href is parsed. */
interface MarkupLink {
  /** The href, or `undefined` for `[url]x.com[/url]`, whose anchor text is the target. */
  readonly href: string | undefined;
  readonly anchor: string;
  readonly source: 'html' | 'bbcode' | 'markdown';
}

/** `targets`: hrefs already parsed in this comment (a flood repeats one href a thousand times). */
function toLink(m: MarkupLink, contentType: ContentType, targets: Map<string, ExtractedLink | undefined>): ExtractedLink[] {
  const href = decodeEntities(m.href ?? m.anchor).trim();
  let target = targets.get(href);
  if (target === undefined && !targets.has(href)) {
    target = parseLinkTarget(href);
    targets.set(href, target);
  }
  if (target === undefined) return [];
  const anchor = contentType === 'markdown' ? stripEmphasis(m.anchor) : m.anchor;
  return [{ ...target, source: m.source, anchorText: foldText(decodeEntities(anchor)), raw: href }];
}

/**
 * Drops the text links that only repeat a markup link's target in its own anchor text
 * (`<a href="https://x.com/a">https://x.com/a</a>` is one link, not two). An anchor showing another domain than its
 * href is kept twice on purpose: that mismatch is what phishing looks like.
 */
function withoutAnchorEchoes(textLinks: ExtractedLink[], markup: readonly ExtractedLink[]): ExtractedLink[] {
  const echoes = new Map<string, number>();
  for (const m of markup) {
    for (const shown of extractLinks(m.anchorText ?? '')) {
      if (shown.domain === m.domain) echoes.set(m.domain, (echoes.get(m.domain) ?? 0) + 1);
    }
  }
  if (echoes.size === 0) return textLinks;
  return textLinks.filter((l) => {
    const left = echoes.get(l.domain) ?? 0;
    if (left > 0) echoes.set(l.domain, left - 1);
    return left === 0;
  });
}

// HTML elements a comment may carry. In text/markdown mode only these are tags; in html mode any `<name …>` is.
const INLINE_TAGS = new Set(
  ('a abbr b bdi bdo big cite code del dfn em font i ins kbd mark q s samp small span strike strong sub sup tt u ' +
    'var wbr').split(' '),
);
const KNOWN_TAGS = new Set([
  ...INLINE_TAGS,
  ...('address area article aside audio blockquote body br button canvas caption center col colgroup dd details div ' +
    'dl dt embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html iframe img input label ' +
    'legend li link main map meta nav noscript object ol option p picture pre script section select source style ' +
    'summary svg table tbody td template textarea tfoot th thead title tr ul video').split(' '),
]);
/**
 * End of the tag name of a tag opening at `p` (`<name` or `</name`: an ASCII letter, then at most 15 letters or digits,
 * followed by whitespace, `/` or `>`), or −1. The same as `/<(\/?)([A-Za-z][A-Za-z0-9]{0,15})(?=[\s/>])/y`, scanned by
 * hand because a tag flood calls it once per tag.
 */
function tagNameEnd(raw: string, p: number): number {
  let k = raw.charCodeAt(p + 1) === 0x2f ? p + 2 : p + 1;
  const start = k;
  const first = raw.charCodeAt(k) | 0x20;
  if (first < 0x61 || first > 0x7a) return -1;
  // The name's lowerNameHash is computed on the way, for tagNameAt.
  let h = Math.imul(FNV_OFFSET ^ first, FNV_PRIME);
  k++;
  for (let c = raw.charCodeAt(k); k - start < 16 && isAsciiAlnum(c); c = raw.charCodeAt(++k)) h = Math.imul(h ^ (c | 0x20), FNV_PRIME);
  lastNameHash = h;
  const c = raw.charCodeAt(k);
  if (c === 0x2f || c === 0x3e || c === 0x20 || (c >= 0x09 && c <= 0x0d)) return k;
  return c > 0x7f && /\s/.test(raw[k]!) ? k : -1;
}
const HREF_RE = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
const BBCODE_RE = /\[(\/?)(url|link|img|email|b|i|u|s|color|colour|size|font|quote|code|center|spoiler)(?=[\]=])/iy;
const BBCODE_INLINE = new Set(['b', 'i', 'u', 's', 'color', 'colour', 'size', 'font', 'spoiler', 'url', 'link']);
// Emphasis markers touching a word (`**bold**`, `c**a**sino`, `~~gone~~`) and code backticks; `5 * 3` keeps its star.
// A run is only tried from its first marker (the lookbehinds): tried from every marker of a run that ends in a space,
// the pattern was quadratic (100,000 stars took 14 s).
const EMPHASIS = /(?<=[^\s*_~`])(?:\*+|_{2,}|~{2,})|(?:(?<!\*)\*+|(?<!_)_{2,}|(?<!~)~{2,})(?=[^\s*_~`])|`+/g;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** lowerNameHash of the name the last successful tagNameEnd read. */
let lastNameHash = 0;

/** A tag name as readTag needs it: known to be HTML (the only tags outside html mode), inline (no word break). */
interface TagName {
  readonly name: string;
  readonly known: boolean;
  readonly inline: boolean;
}
const UNKNOWN_TAG: TagName = { name: '', known: false, inline: false };
/** Known tag names by the hash of their lowercase spelling (see tagNameAt). */
const TAG_NAMES = new Map<number, TagName[]>();
for (const name of KNOWN_TAGS) {
  const h = lowerNameHash(name, 0, name.length);
  TAG_NAMES.set(h, [...(TAG_NAMES.get(h) ?? []), { name, known: true, inline: INLINE_TAGS.has(name) }]);
}

/** FNV-1a of the ASCII letters and digits in `s[from, to)`, case folded (`| 0x20` lowercases letters, keeps digits). */
function lowerNameHash(s: string, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let k = from; k < to; k++) h = Math.imul(h ^ (s.charCodeAt(k) | 0x20), FNV_PRIME);
  return h;
}

/**
 * The tag name in `raw[from, to)` (ASCII letters and digits, any case) whose lowerNameHash is `hash`: a known one, or
 * UNKNOWN_TAG. No string is built, so a flood of tags costs no allocation here.
 */
function tagNameAt(raw: string, from: number, to: number, hash: number): TagName {
  const candidates = TAG_NAMES.get(hash);
  if (candidates === undefined) return UNKNOWN_TAG;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (c.name.length !== to - from) continue;
    let k = 0;
    while (k < c.name.length && c.name.charCodeAt(k) === (raw.charCodeAt(from + k) | 0x20)) k++;
    if (k === c.name.length) return c;
  }
  return UNKNOWN_TAG;
}

/** Whether only whitespace and an optional `/` stand between a tag name ending at `from` and its `>` at `gt`. */
function bareTagEnds(raw: string, from: number, gt: number): boolean {
  let k = from;
  while (k < gt && /\s/.test(raw[k] ?? '')) k++;
  return k === gt || (k === gt - 1 && raw[k] === '/');
}

function stripEmphasis(s: string): string {
  return /[*_~`]/.test(s) ? s.replace(EMPHASIS, '') : s;
}

/** An open link: its target, and the index of the first output piece of its anchor text. */
interface OpenLink {
  readonly href: string | undefined;
  readonly source: MarkupLink['source'];
  readonly from: number;
}

interface OpenMarkdown extends OpenLink {
  /** Index of the `]` that ends the anchor text, and where scanning resumes after `(url)`. */
  readonly close: number;
  readonly resume: number;
  readonly image: boolean;
}

/**
 * Removes HTML tags, comments, script/style bodies and BBCode tags (and in markdown mode link syntax and emphasis),
 * collecting the links with their anchor text. Entities are left for the caller to decode once.
 */
function stripMarkup(raw: string, mode: ContentType): { text: string; links: MarkupLink[] } {
  const n = raw.length;
  const links: MarkupLink[] = [];
  let nextGt = -2;
  let nextClose = -2;
  let nextParen = -2;
  let nextEq = -2;
  // The next occurrence of `ch` at or after `from`, remembered so unclosed brackets never cause a rescan.
  const nextOf = (ch: '>' | ']' | ')' | '=', from: number): number => {
    switch (ch) {
      case '>':
        if (nextGt !== -1 && nextGt < from) nextGt = raw.indexOf(ch, from);
        return nextGt;
      case ']':
        if (nextClose !== -1 && nextClose < from) nextClose = raw.indexOf(ch, from);
        return nextClose;
      case ')':
        if (nextParen !== -1 && nextParen < from) nextParen = raw.indexOf(ch, from);
        return nextParen;
      default:
        if (nextEq !== -1 && nextEq < from) nextEq = raw.indexOf(ch, from);
        return nextEq;
    }
  };
  // Output pieces, joined once at the end; an anchor's text is the join of the pieces since it opened. (Slicing one
  // growing string instead would flatten it at every link: quadratic on a link flood.)
  const out: string[] = [];
  let copied = 0;
  let open: OpenLink | undefined;
  let md: OpenMarkdown | undefined;
  const emit = (upTo: number, resume: number, filler: string): void => {
    if (upTo > copied) out.push(raw.slice(copied, upTo));
    if (filler !== '') out.push(filler);
    copied = resume;
  };
  const close = (link: OpenLink | undefined): void => {
    if (link !== undefined && links.length < MAX_LINKS) {
      links.push({ href: link.href, anchor: out.slice(link.from).join(''), source: link.source });
    }
  };
  // The next `<` and `[` at or after i, each searched again only once passed (a tag flood is one scan, no regex).
  let nextLt = -2;
  let nextBracket = -2;
  let i = 0;
  while (i < n) {
    // A tag often follows a tag directly: look at the next character before searching.
    if (nextLt !== -1 && nextLt < i) nextLt = raw.charCodeAt(i) === 0x3c ? i : raw.indexOf('<', i);
    if (nextBracket !== -1 && nextBracket < i) nextBracket = raw.indexOf('[', i);
    const p = nextLt < 0 ? (nextBracket < 0 ? n : nextBracket) : nextBracket < 0 ? nextLt : Math.min(nextLt, nextBracket);
    if (md !== undefined && md.close < p) {
      // A tag that ran past the `]` swallowed the link syntax; then there is no link to close.
      const resume = Math.max(i, md.close < copied ? i : md.resume);
      if (md.close >= copied) {
        emit(md.close, md.resume, '');
        if (!md.image) close(md);
      }
      i = resume;
      md = undefined;
      continue;
    }
    if (p >= n) break;
    if (p === nextLt) i = readTag(p);
    else i = readBracket(p);
  }
  emit(n, n, '');
  close(open);
  const text = out.join('');
  return { text: mode === 'markdown' ? stripEmphasis(text) : text, links };

  function readTag(p: number): number {
    const after = raw.charCodeAt(p + 1);
    if (after === 0x21 && raw.startsWith('<!--', p)) {
      const end = raw.indexOf('-->', p + 4);
      const resume = end < 0 ? n : end + 3;
      emit(p, resume, ' ');
      return resume;
    }
    const bang = after === 0x21 || after === 0x3f; // <! <?
    const tagEnd = bang ? -1 : tagNameEnd(raw, p);
    const closing = after === 0x2f; // </
    const tag = tagEnd < 0 ? undefined : tagNameAt(raw, closing ? p + 2 : p + 1, tagEnd, lastNameHash);
    if (!bang && (tag === undefined || (mode !== 'html' && !tag.known))) return p + 1;
    const name = tag?.name;
    // `<name>`: the `>` right after the name is the next one (nothing before it in the tag can be `>`).
    if (tagEnd >= 0 && raw.charCodeAt(tagEnd) === 0x3e) nextGt = tagEnd;
    const gt = nextOf('>', p);
    if (gt < 0) return p + 1;
    // Outside html mode, "<b and c>" is prose: a tag there has no attributes or has `name=value` ones.
    if (mode !== 'html' && tagEnd >= 0 && !bareTagEnds(raw, tagEnd, gt)) {
      const eq = nextOf('=', p);
      if (eq < 0 || eq > gt) return p + 1;
    }
    let resume = gt + 1;
    if (!closing && (name === 'script' || name === 'style')) {
      const end = new RegExp(`</${name}\\s*>`, 'gi');
      end.lastIndex = resume;
      resume = end.exec(raw) === null ? n : end.lastIndex;
    }
    emit(p, resume, tag !== undefined && tag.inline ? '' : ' ');
    if (name === 'a') {
      close(open);
      // Once MAX_LINKS links are collected no anchor is kept, so a link flood is not parsed for nothing.
      const href = closing || links.length >= MAX_LINKS ? undefined : HREF_RE.exec(raw.slice(p, gt));
      open = href ? { href: href[1] ?? href[2] ?? href[3], source: 'html', from: out.length } : undefined;
    }
    return resume;
  }

  function readBracket(p: number): number {
    // `[img](…)` is a markdown image in markdown mode, not a BBCode tag: markdown syntax is tried first there.
    if (mode === 'markdown' && md === undefined) {
      const resume = readMarkdownLink(p);
      if (resume !== undefined) return resume;
    }
    BBCODE_RE.lastIndex = p;
    const bb = BBCODE_RE.exec(raw);
    if (bb === null) return p + 1;
    const end = nextOf(']', p);
    const valueStart = p + bb[0].length;
    if (end < 0 || end - valueStart > MAX_URL_LENGTH) return p + 1;
    const name = (bb[2] ?? '').toLowerCase();
    emit(p, end + 1, BBCODE_INLINE.has(name) ? '' : ' ');
    if (name === 'url' || name === 'link') {
      close(open);
      const value = raw.slice(valueStart + 1, end).replace(/^["']|["']$/g, '');
      const href = raw[valueStart] === '=' ? value : undefined;
      open = bb[1] === '/' ? undefined : { href, source: 'bbcode', from: out.length };
    }
    return end + 1;
  }

  function readMarkdownLink(p: number): number | undefined {
    const end = nextOf(']', p + 1);
    if (end < 0 || raw[end + 1] !== '(') return undefined;
    const paren = nextOf(')', end + 2);
    if (paren < 0 || paren - end > MAX_URL_LENGTH) return undefined;
    const href = raw.slice(end + 2, paren).trim().split(/\s/, 1)[0]?.replace(/^<|>$/g, '') ?? '';
    if (href === '') return undefined;
    const image = raw[p - 1] === '!' && p - 1 >= copied;
    emit(image ? p - 1 : p, p + 1, '');
    md = { href, source: 'markdown', from: out.length, close: end, resume: paren + 1, image };
    return p + 1;
  }
}
