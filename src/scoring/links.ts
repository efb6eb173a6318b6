/**
 * Finding links in plain text: scheme URLs, `www.` hosts, bare domains (`casino.com`) and the spellings spammers use
 * to slip past link filters (`casino。com`, `casino(.)com`, `casino [dot] com`, `casino dot com`, `pimpmyviews. com`).
 *
 * The scanner never runs a regex that can backtrack over user input: one flat regex finds the characters a link must
 * contain (`://`, a dot or dot look-alike, the word "dot"), and hand-written loops read outwards from there. Every
 * candidate, accepted or not, moves the scan forward past what it read, so the whole scan is linear in the text.
 *
 * Bare domains must end in a real public suffix (tldts, Public Suffix List), so `e.g.`, `U.S.A.`, `3.5`, `v1.2.3`
 * and `report.pdf` are not links. Emails are not links: `me@example.com` yields nothing (a rule that wants email
 * domains should read the author's email field, where it knows it has one).
 */
import { domainToUnicode } from 'node:url';
import { parse } from 'tldts';

/** A link found in a comment, author field or markup. */
export interface ExtractedLink {
  /** Normalised absolute URL (WHATWG serialisation: lowercased host, IDN as punycode), bare domains get `http://`. */
  readonly url: string;
  /** Lowercased host, IDN shown decoded (Unicode). */
  readonly host: string;
  /** Registrable domain by the Public Suffix List (private suffixes included, so `x.blogspot.com`); for IPs the IP. */
  readonly domain: string;
  /** ICANN public suffix, e.g. `xyz`, `co.kr`; empty for IPs and single-label hosts. */
  readonly tld: string;
  readonly isIp: boolean;
  /** The host is a known URL shortener, which hides the real target. */
  readonly shortener: boolean;
  readonly source: LinkSource;
  /** Visible text of an html/bbcode/markdown link, normalised like the comment text. */
  readonly anchorText?: string;
  /** The literal text as it appeared in the string that was scanned (for markup links: the href as written). */
  readonly raw: string;
}

/** How a link was written: `obfuscated` means some dot was disguised or spelled out. */
export type LinkSource = 'url' | 'www' | 'bare' | 'obfuscated' | 'html' | 'bbcode' | 'markdown';

/** A link and where it was found in the scanned text (`raw === text.slice(start, end)`). */
export interface LinkMatch {
  readonly link: ExtractedLink;
  readonly start: number;
  readonly end: number;
}

/** At most this many links are reported per text: enough for any rule, bounded for a 10,000-link flood. */
export const MAX_LINKS = 1000;
/** Longer URLs are cut to this many characters. */
export const MAX_URL_LENGTH = 2048;

/** URL shorteners: a link through one hides where it goes. Matched on the registrable domain or the host. */
export const SHORTENERS: ReadonlySet<string> = new Set([
  'bit.ly', 'bitly.com', 'j.mp', 't.co', 'goo.gl', 'tinyurl.com', 'is.gd', 'v.gd', 'ow.ly', 'buff.ly', 'cutt.ly',
  'rebrand.ly', 'shorturl.at', 'rb.gy', 't.ly', 'tiny.cc', 's.id', 'lnkd.in', 'bit.do', 'adf.ly', 'shorte.st',
  'bc.vc', 'soo.gd', 'clck.ru', 'qr.ae', 'x.co', 'amzn.to', 'dlvr.it', 'ift.tt', 'tr.im', 'cli.gs', 'u.to',
  'vk.cc', 'bl.ink', 'short.io', 't2m.io', 'urlz.fr', 'gg.gg', 'me2.do', 'han.gl', 'naver.me', 'url.kr', 'vo.la',
  'shorturl.com', 'tinyurl.hu', 'ouo.io',
]);

// Public suffixes that are also everyday file extensions: bare `main.py` or `README.md` is a file name.
// With a scheme or `www.` they are still links.
const FILE_LIKE_SUFFIXES: ReadonlySet<string> = new Set(['py', 'rs', 'java', 'pm', 'sh', 'md', 'so', 'mov', 'zip']);

// A bare host (no scheme, no www) in prose is more often a missing space after a full stop ("dream.love",
// "tomorrow.call") than a link, so bare hosts must end in a generic TLD, a TLD spam favours, or a country code.
const BARE_TLDS: ReadonlySet<string> = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'name', 'pro', 'mobi', 'asia', 'tel', 'travel',
  'jobs', 'cat', 'coop', 'aero', 'museum', 'xyz', 'top', 'site', 'online', 'club', 'shop', 'store', 'live', 'vip',
  'bet', 'casino', 'poker', 'win', 'icu', 'buzz', 'fun', 'space', 'website', 'tech', 'link', 'click', 'loan', 'work',
  'party', 'review', 'stream', 'download', 'racing', 'date', 'trade', 'bid', 'cricket', 'accountant', 'faith', 'men',
  'app', 'dev', 'blog', 'news', 'page', 'today', 'world', 'store', 'sbs', 'cfd', 'rest', 'bond', 'lol', 'quest',
]);

// Country codes that are also common short words ("her.my", "message.it", "2.IM"): on a two-label bare host with
// nothing after it, they need a digit or hyphen in the name, or a known shortener, to count.
const WORDLIKE_CCTLDS: ReadonlySet<string> = new Set([
  'am', 'as', 'at', 'be', 'by', 'do', 'go', 'id', 'im', 'in', 'is', 'it', 'la', 'me', 'mr', 'ms', 'my', 'no', 'pa',
  're', 'so', 'st', 'to', 'us',
]);

// Spaced or spelled dots ("casino . com", "casino dot com") are accepted only before these TLDs: the ones spam uses
// in practice. Anything wider turns sentence ends ("great. me too") into links.
const SPELLED_TLDS: ReadonlySet<string> = new Set([
  'com', 'net', 'org', 'info', 'biz', 'xyz', 'top', 'site', 'online', 'club', 'shop', 'store', 'live', 'vip', 'bet',
  'casino', 'win', 'kr', 'ru', 'cn', 'tk', 'ml', 'pw', 'cc', 'ws', 'ly', 'io', 'uk',
]);

// First words that make a spelled dot prose rather than a host: "the dot com boom".
const SPELLING_STOPWORDS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'to', 'of', 'in', 'on', 'at', 'and', 'or', 'is', 'it', 'my', 'your', 'our', 'his', 'her', 'this',
  'that', 'com', 'net', 'org', 'www',
]);

// Characters written between labels instead of a dot. NFKC has already turned ．(U+FF0E) into "." and ｡ into 。.
const DOT_LIKE: ReadonlySet<string> = new Set(['\u3002', '\uFF0E', '\uFF61', '\u00B7', '\u2022', '\u30FB']);

const WEB_SCHEMES: ReadonlyMap<string, string> = new Map([
  ['http', 'http'], ['https', 'https'], ['ftp', 'ftp'], ['hxxp', 'http'], ['hxxps', 'https'],
]);
const PRIVATE_OK = { allowPrivateDomains: true } as const;
const MAX_LABELS = 12;

/** One separator between host labels, as read at a label's end. */
interface Separator {
  readonly end: number;
  /** plain `.`; compact look-alike (`。`, `(.)`); spaced or spelled (`casino . com`, `casino dot com`). */
  readonly kind: 'plain' | 'compact' | 'spaced';
}

/**
 * Scans `text` for links in order of appearance, calling `visit` for each; `visit` returns `false` to stop early.
 * Stops by itself after {@link MAX_LINKS}.
 */
export function scanLinks(text: string, visit: (match: LinkMatch) => boolean | void): void {
  // The scoring context scans each text twice (extractLinks in normalizeText, then tokenize): the last complete scan
  // is remembered and replayed. The scan is a pure function of the text, so a replay visits exactly the same matches.
  if (text === lastScanned) {
    for (const m of lastMatches) if (visit(m) === false) return;
    return;
  }
  const matches: LinkMatch[] = [];
  let stopped = false;
  scan(text, (m) => {
    matches.push(m);
    if (visit(m) !== false) return true;
    stopped = true;
    return false;
  });
  if (stopped) return;
  lastScanned = text;
  lastMatches = matches;
}

let lastScanned: string | undefined;
let lastMatches: readonly LinkMatch[] = [];

function scan(text: string, visit: (match: LinkMatch) => boolean): void {
  // A dot followed by another dot cannot end a label, so "....." costs one hit, not five.
  // `[dD][oO][tT]`, not the `i` flag: the same matches (without `u`, /i folds no other character to these), faster.
  const hits = /:\/\/|[.\u3002\uFF0E\uFF61\u00B7\u2022\u30FB](?![.\u3002])|[dD][oO][tT]/g;
  let floor = 0;
  let count = 0;
  for (let m = hits.exec(text); m !== null; m = hits.exec(text)) {
    const p = m.index;
    const hit = m[0];
    let result: Candidate;
    if (hit === '://') result = readSchemeUrl(text, p, floor);
    else if (hit.length === 3) result = isWordAt(text, p, 3) ? readHost(text, p, floor) : { end: p + 3 };
    else result = readHost(text, p, floor);
    // Progress is guaranteed: nothing before `floor` is read again, so the scan stays linear.
    floor = Math.max(result.end, p + hit.length);
    hits.lastIndex = floor;
    if (result.match === undefined) continue;
    count++;
    if (visit(result.match) === false || count >= MAX_LINKS) return;
  }
}

/** Every link in already-normalised plain text, in order of appearance (at most {@link MAX_LINKS}). */
export function extractLinks(text: string): ExtractedLink[] {
  const out: ExtractedLink[] = [];
  scanLinks(text, (m) => {
    out.push(m.link);
  });
  return out;
}

/**
 * Parses one URL or domain as given in a field (author URL, an href): `https://x.com/a`, `//x.com`, `www.x.com`,
 * `x.com/path`. Non-web schemes (`mailto:`, `javascript:`) and relative paths give `undefined`; so do schemeless
 * strings without a real public suffix. Source is `url` with a scheme, else `www` or `bare`.
 */
export function parseLinkTarget(href: string): ExtractedLink | undefined {
  const s = href.trim().slice(0, MAX_URL_LENGTH);
  if (s === '' || /\s/.test(s)) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]{0,15}):\/\//i.exec(s);
  if (scheme !== null) {
    const web = WEB_SCHEMES.get((scheme[1] ?? '').toLowerCase());
    return web === undefined ? undefined : fromUrl(`${web}${s.slice(scheme[0].length - 3)}`, 'url', s, false);
  }
  if (s.startsWith('//')) return fromUrl(`http:${s}`, 'url', s, false);
  if (/^(?:[a-z][a-z0-9+.-]{0,15}:(?!\d)|[/?#.])/i.test(s)) return undefined;
  const link = fromUrl(`http://${s}`, 'bare', s, true);
  return link !== undefined && /^www\d{0,3}\./i.test(s) ? { ...link, source: 'www' } : link;
}

interface Candidate {
  /** Where the scan resumes; everything before was consumed by this candidate. */
  readonly end: number;
  readonly match?: LinkMatch;
}

function readSchemeUrl(text: string, p: number, floor: number): Candidate {
  let start = p;
  while (start > floor && p - start <= 5 && isAsciiLetter(text.charCodeAt(start - 1))) start--;
  const web = WEB_SCHEMES.get(text.slice(start, p).toLowerCase());
  if (web === undefined || (start > floor && isAsciiLetter(text.charCodeAt(start - 1)))) return { end: p + 3 };
  const end = readUrlTail(text, p + 3, true);
  if (end === p + 3) return { end };
  const raw = text.slice(start, Math.min(end, start + MAX_URL_LENGTH));
  const link = fromUrl(`${web}${raw.slice(p - start)}`, 'url', raw, false);
  return link === undefined ? { end } : { end, match: { link, start, end: start + raw.length } };
}

function readHost(text: string, p: number, floor: number): Candidate {
  // Step back from the hit over an opening bracket and spaces to where the left label must end.
  let labelEnd = p;
  if (labelEnd > floor && '([{'.includes(text[labelEnd - 1] ?? 'x')) labelEnd--;
  for (let k = 0; k < 3 && labelEnd > floor && text.charCodeAt(labelEnd - 1) === 32; k++) labelEnd--;
  const first = readSeparator(text, labelEnd);
  if (first === undefined || first.end <= p) return { end: p + 1 };
  const start = readLabelBackwards(text, labelEnd, floor);
  if (start === labelEnd) return { end: p + 1 };

  const labels = [text.slice(start, labelEnd)];
  const labelEnds = [labelEnd];
  let obfuscated = false;
  let spacedAt = -1;
  for (let sep: Separator | undefined = first; sep !== undefined && labels.length < MAX_LABELS; ) {
    // A plain dot after a spaced one means the space was a sentence break: "Hello. casino.com".
    if (sep.kind === 'plain' && spacedAt >= 0) {
      labels.length = spacedAt;
      labelEnds.length = spacedAt;
      break;
    }
    const labelStop = readLabel(text, sep.end);
    if (labelStop === sep.end) break;
    if (sep.kind === 'spaced' && spacedAt < 0) spacedAt = labels.length;
    if (sep.kind !== 'plain') obfuscated = true;
    labels.push(text.slice(sep.end, labelStop));
    labelEnds.push(labelStop);
    sep = readSeparator(text, labelStop);
  }
  // "see.http://x.com": the last label is the next URL's scheme, which that URL's own hit must be able to read.
  if (text.startsWith('://', labelEnds[labelEnds.length - 1] ?? 0)) {
    labels.pop();
    labelEnds.pop();
  }
  const end = labelEnds[labelEnds.length - 1] ?? labelEnd;
  if (labels.length < 2 || text.charCodeAt(start - 1) === 64 /* @ */ || text.charCodeAt(end) === 64) return { end };

  // A disguised dot between labels in another script is the script's own full stop ("参考になりました。NHK" is a
  // sentence before a word that happens to be a TLD): campaigns disguise the dots of ASCII hosts.
  if (obfuscated && labels.some((l) => !isAsciiLabelChar(l.charCodeAt(0)))) return { end };
  const spaced = spacedAt >= 0 && spacedAt < labels.length;
  const tail = spaced ? end : readUrlTail(text, end, false);
  if (!plausibleHost(labels, spaced, tail > end)) return { end: tail };
  const host = labels.join('.');
  if (!hostHasSuffix(host.toLowerCase())) return { end: tail };
  const isWww = /^www\d{0,3}$/i.test(labels[0] ?? '');
  const source: LinkSource = obfuscated ? 'obfuscated' : isWww ? 'www' : 'bare';
  const raw = text.slice(start, Math.min(tail, start + MAX_URL_LENGTH));
  const link = fromUrl(`http://${host}${text.slice(end, start + raw.length)}`, source, raw, true);
  if (link === undefined || (source === 'bare' && !bareHostCounts(link, labels, tail > end))) return { end: tail };
  return { end: tail, match: { link, start, end: start + raw.length } };
}

function bareHostCounts(link: ExtractedLink, labels: readonly string[], hasTail: boolean): boolean {
  if (link.isIp || link.shortener) return true;
  const last = link.tld.slice(link.tld.lastIndexOf('.') + 1);
  if (FILE_LIKE_SUFFIXES.has(link.tld)) return false;
  if (!BARE_TLDS.has(last) && !/^(?:[a-z]{2}|xn--.+|[^\x00-\x7F]+)$/.test(last)) return false;
  if (hasTail || labels.length > 2 || link.tld !== last || !WORDLIKE_CCTLDS.has(last)) return true;
  const name = labels[0] ?? '';
  return /[\d-]/.test(name) && /[a-z]/i.test(name);
}

/** Cheap checks before the URL parser and the suffix list: shapes that prose produces far more often than spam. */
function plausibleHost(labels: readonly string[], spaced: boolean, hasTail: boolean): boolean {
  if (labels.length === 4 && labels.every(isIpv4Octet)) return hasTail; // bare "1.2.3.4" is as often a version
  if (labels.some((l) => l.length > 63)) return false;
  const tld = labels[labels.length - 1] ?? '';
  if (!/[^\d-]/.test(tld)) return false;
  // "great song.Watch it": a capitalised word after a missing space is a sentence, not a TLD.
  const lower = tld.toLowerCase();
  const upper = tld.toUpperCase();
  if (tld !== lower && tld !== upper) return false;
  if (!spaced) return true;
  // "msg. CC: 0871…": an uppercase word after a sentence break. Shouting hosts shout throughout: "JAS890. COM".
  const name = labels[labels.length - 2] ?? '';
  if (tld === upper && name !== name.toUpperCase()) return false;
  // Spelled-out dots are common in prose ("the dot com boom"), so they need a spam-typical TLD and ASCII labels.
  return (
    SPELLED_TLDS.has(lower) &&
    labels.every((l) => /^[a-z0-9-]+$/i.test(l)) &&
    !SPELLING_STOPWORDS.has((labels[0] ?? '').toLowerCase())
  );
}

function isIpv4Octet(label: string): boolean {
  return /^\d{1,3}$/.test(label) && Number(label) <= 255;
}

/** Reads a separator starting right after a label at `i`, or `undefined` when none starts there. */
function readSeparator(text: string, i: number): Separator | undefined {
  let j = i;
  let before = 0;
  while (before < 3 && text.charCodeAt(j) === 32) {
    j++;
    before++;
  }
  const c = text[j];
  let kind: Separator['kind'];
  if (c === '.') {
    j++;
    kind = 'plain';
  } else if (c !== undefined && DOT_LIKE.has(c)) {
    j++;
    kind = 'compact';
  } else if (c === '(' || c === '[' || c === '{') {
    const close = c === '(' ? ')' : c === '[' ? ']' : '}';
    if (text[j + 1] === '.' && text[j + 2] === close) j += 3;
    else if (text.slice(j + 1, j + 4).toLowerCase() === 'dot' && text[j + 4] === close) j += 5;
    else return undefined;
    kind = 'compact';
  } else if (before > 0 && text.slice(j, j + 3).toLowerCase() === 'dot' && text.charCodeAt(j + 3) === 32) {
    j += 3;
    kind = 'spaced';
  } else return undefined;
  let after = 0;
  while (after < 3 && text.charCodeAt(j) === 32) {
    j++;
    after++;
  }
  if (before > 0 || after > 0) kind = 'spaced';
  return readLabel(text, j) > j ? { end: j, kind } : undefined;
}

/** End of the host label starting at `i` (ASCII letters, digits, hyphen; or a run of Unicode letters for IDN). */
function readLabel(text: string, i: number): number {
  let j = i;
  while (j < text.length && isAsciiLabelChar(text.charCodeAt(j))) j++;
  if (j > i) return j;
  while (j < text.length && isUnicodeLabelChar(text, j)) j++;
  return j;
}

/** Start of the host label ending at `end`, not going below `floor`. ASCII wins: `请访问casino.com` gives `casino`. */
function readLabelBackwards(text: string, end: number, floor: number): number {
  let j = end;
  while (j > floor && isAsciiLabelChar(text.charCodeAt(j - 1))) j--;
  if (j === end) while (j > floor && isUnicodeLabelChar(text, j - 1)) j--;
  while (j < end && text.charCodeAt(j) === 45 /* - */) j++;
  return j;
}

const URL_STOP = new Set([...'<>"`{}|\\^']);
const TRAILING = new Set([...'.,;:!?\'"*']);

/**
 * End of the URL text starting at `i`: everything up to whitespace or a character URLs don't carry in prose, minus
 * trailing punctuation. With `authority` the text starts at a host, which may use 。/．/｡ as dots as the URL standard
 * allows; without, it is what follows a bare host and must start with `/`, `:`, `?` or `#`.
 */
function readUrlTail(text: string, i: number, authority: boolean): number {
  if (!authority && !'/:?#'.includes(text[i] ?? 'x')) return i;
  let inHost = authority;
  // Bracket counts let a URL keep a closing bracket it opened, e.g. Wikipedia's "/Foo_(bar)".
  let parens = 0;
  let squares = 0;
  let j = i;
  for (; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code <= 32 || code === 127) break;
    if (code < 128) {
      if (URL_STOP.has(text[j] ?? '')) break;
      if (code === 47 || code === 63 || code === 35) inHost = false; // / ? #
      else if (code === 40) parens++;
      else if (code === 41) parens--;
      else if (code === 91) squares++;
      else if (code === 93) squares--;
      continue;
    }
    if (inHost && DOT_LIKE.has(text[j] ?? '')) continue;
    if (!isUnicodeLabelChar(text, j)) break;
  }
  for (; j > i; j--) {
    const last = text[j - 1] ?? '';
    if (TRAILING.has(last)) continue;
    if (last === ')' && parens < 0) {
      parens++;
      continue;
    }
    if (last === ']' && squares < 0) {
      squares++;
      continue;
    }
    break;
  }
  return j;
}

function fromUrl(href: string, source: LinkSource, raw: string, requireSuffix: boolean): ExtractedLink | undefined {
  let core = urlCache.get(href);
  if (core === undefined) {
    core = parseUrlCore(href);
    if (href.length <= URL_CACHE_MAX_LENGTH) {
      if (urlCache.size >= URL_CACHE_SIZE) urlCache.clear();
      urlCache.set(href, core);
    }
  }
  if (core === null || (requireSuffix && !core.suffixOk)) return undefined;
  const { url, host, domain, tld, isIp, shortener } = core;
  return { url, host, domain, tld, isIp, shortener, source, raw };
}

/** What a URL string parses to, whatever the link's source: the part of {@link fromUrl} worth remembering. */
interface UrlCore extends Pick<ExtractedLink, 'url' | 'host' | 'domain' | 'tld' | 'isIp' | 'shortener'> {
  /** The host ends in a real public suffix with a registrable domain (always true for IPs). */
  readonly suffixOk: boolean;
}

// Links repeat (a flood posts the same URL thousands of times): the WHATWG parse and the suffix-list look-ups of the
// last two thousand distinct URLs are remembered, per process (emptied when full; URLs longer than 512 characters are
// not kept, so the cache stays under a few MB). Parsing is a pure function of the string.
const URL_CACHE_SIZE = 2048;
const URL_CACHE_MAX_LENGTH = 512;
const urlCache = new Map<string, UrlCore | null>();

function parseUrlCore(href: string): UrlCore | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  const hostname = url.hostname;
  // A single-label host ("http://wap") names nothing outside the writer's own network.
  if (!hostname.includes('.') && !hostname.startsWith('[')) return null;
  if (hostname.startsWith('[')) {
    const ip = hostname.slice(1, -1);
    return { url: url.href, host: ip, domain: ip, tld: '', isIp: true, shortener: false, suffixOk: true };
  }
  const info = parse(hostname, PRIVATE_OK);
  if (info.isIp === true) {
    return { url: url.href, host: hostname, domain: hostname, tld: '', isIp: true, shortener: false, suffixOk: true };
  }
  const suffixOk = (info.isIcann === true || info.isPrivate === true) && info.domain !== null;
  const suffix = (info.isPrivate === true ? parse(hostname).publicSuffix : info.publicSuffix) ?? '';
  const host = toUnicode(hostname);
  const domain = toUnicode(info.domain ?? hostname);
  const shortener = SHORTENERS.has(domain) || SHORTENERS.has(host.replace(/^www\./, ''));
  return { url: url.href, host, domain, tld: toUnicode(suffix), isIp: false, shortener, suffixOk };
}

/** tldts' reading of a host, remembered like {@link urlCache}: only whether it is an IP or ends in a known suffix. */
function hostHasSuffix(host: string): boolean {
  let ok = hostCache.get(host);
  if (ok === undefined) {
    const pre = parse(host, PRIVATE_OK);
    ok = pre.isIp === true || pre.isIcann === true || pre.isPrivate === true;
    if (host.length <= URL_CACHE_MAX_LENGTH) {
      if (hostCache.size >= URL_CACHE_SIZE) hostCache.clear();
      hostCache.set(host, ok);
    }
  }
  return ok;
}

const hostCache = new Map<string, boolean>();

function toUnicode(asciiHost: string): string {
  return asciiHost.includes('xn--') ? domainToUnicode(asciiHost) || asciiHost : asciiHost;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isAsciiLabelChar(code: number): boolean {
  return isAsciiLetter(code) || (code >= 48 && code <= 57) || code === 45;
}

const UNICODE_LETTER = /[\p{L}\p{N}\p{M}]/u;

function isUnicodeLabelChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return false;
  // Hangul syllables and CJK ideographs, the usual IDN labels here, without a regex call.
  if ((code >= 0xac00 && code <= 0xd7a3) || (code >= 0x4e00 && code <= 0x9fff)) return true;
  // Astral letters are rare in hosts; treating surrogates as non-label keeps emoji out of labels.
  return (code < 0xd800 || code > 0xdfff) && UNICODE_LETTER.test(text[i] ?? '');
}

function isWordAt(text: string, p: number, len: number): boolean {
  const before = text.charCodeAt(p - 1);
  const after = text.charCodeAt(p + len);
  return !(isAsciiLabelChar(before) || before === 95) && !(isAsciiLabelChar(after) || after === 95);
}
