/**
 * Features of a comment for the count model. Each kind has its own prefix so that, say, the word "casino" in the
 * content and in the author's name are separate evidence:
 * - `w:` content unigrams;
 * - `p:` orthogonal sparse bigrams (OSB, as in CRM114 and bogofilter's successors): each token paired with each of the
 *   next PAIR_WINDOW − 1 tokens, the distance encoded (`p:check 1 out`, `p:check 2 my`), so phrases count without
 *   the explosion of all n-grams;
 * - `a:` author-name tokens, `u:` the author URL's domain, `d:` link domains;
 * - `u:.tld` / `d:.tld` the top-level domain too, so a campaign's new domain on a throwaway TLD is not unknown.
 *
 * No shape features (version 1 had `n:len<k>` and `n:links<k>`): they are in every comment, so the model always "knew"
 * something about a text it had never seen, and what it knew was the genre of its training set. Trained on YouTube,
 * where spam runs long and carries links, they gave every link-less comment −3 to −4 log-odds; across the shared
 * sources they ranked SMS spam well (long texts) and would rank a news site's long reader comments as spam. Link
 * counts are a rule with a fitted weight (`link.count`); length is no evidence about a comment site's spam.
 *
 * Measured and left out (cross-video YouTube split): natural's PorterStemmer changed nothing (AP ±0.001, calibration
 * slightly worse; importing `natural` also prints dotenv notices to stdout); character 3- to 5-grams of words cost
 * AP 0.985 → 0.977 and recall at 1 % false positives 0.84 → 0.72. Pairs matter mostly for calibration (log-loss 0.28
 * → 0.20), `n:` for ranking (AP 0.979 → 0.985).
 */
import { normalizeText, foldText } from '../scoring/normalize.js';
import { parseLinkTarget } from '../scoring/links.js';
import { tokenize } from '../scoring/tokenize.js';
import type { ContentType } from '../domain/comment.js';
import { FeatureVector, REF_STRIDE } from './feature-vector.js';
import { HASH_A0, HASH_B0, PRIME_A, PRIME_B, hashA, hashB, power, scramble } from './hash.js';

export { FeatureVector } from './feature-vector.js';

/**
 * Version of the feature extraction; a model file records it and loading refuses another.
 * Bump it whenever the features of a given text change.
 */
export const FEATURES_VERSION = 2;

/** Tokens within this window are paired: 2 pairs per token (distance 1..2). Windows 3 to 5 measured the same. */
export const PAIR_WINDOW = 3;

/** Content tokens are capped: the head and tail of a very long comment carry the evidence, not its middle. */
const MAX_CONTENT_TOKENS = 400;

/** Already-tokenised parts of a comment. */
export interface FeatureSource {
  readonly contentTokens: readonly string[];
  readonly authorName?: string;
  readonly authorUrlDomain?: string;
  readonly linkDomains: readonly string[];
}

/** The comment fields that `featuresOfComment` reads. */
export interface CommentLike {
  readonly content: string;
  readonly contentType?: ContentType;
  readonly author?: { readonly name?: string | undefined; readonly url?: string | undefined };
}

/** Features of already-tokenised parts (duplicates are kept; the model counts each once per document). */
export function extractFeatures(src: FeatureSource): string[] {
  return extractFeatureVector(src).toStrings();
}

/** The same features as {@link extractFeatures}, hashed into `out` (reused when given) without building their strings. */
export function extractFeatureVector(src: FeatureSource, out = new FeatureVector()): FeatureVector {
  return fill(out, src.contentTokens, src.authorName, src.authorUrlDomain, src.linkDomains);
}

/**
 * The already-normalised comment parts the features need; a scoring context (`ScoringContext` in
 * src/scoring/context.ts) has exactly these fields, so a pipeline phase passes its context as it is.
 */
export interface TokenizedComment {
  readonly tokens: readonly string[];
  /** Folded author name (`foldText`), empty when none. */
  readonly authorName: string;
  readonly authorLink?: { readonly domain: string } | undefined;
  readonly links: readonly { readonly domain: string }[];
}

/** Features of an already-normalised comment (what a scoring phase calls with its context). */
export function featuresOfContext(c: TokenizedComment): string[] {
  return featureVectorOfContext(c).toStrings();
}

/** {@link featuresOfContext} as a feature vector, into `out` when given (a scoring phase reuses one). */
export function featureVectorOfContext(c: TokenizedComment, out = new FeatureVector()): FeatureVector {
  // Links come in several object shapes (text, markup, www): their domains are read here, not in `fill`, where a
  // property read that sees a new shape made V8 deoptimise the whole extraction again and again.
  return fill(out, c.tokens, c.authorName !== '' ? c.authorName : undefined, c.authorLink?.domain, c.links.map(domainOf));
}

const domainOf = (link: { readonly domain: string }): string => link.domain;

/**
 * Normalises and tokenises a comment with the shared text core exactly as the scoring context does (`normalizeText`
 * already folds the content), then extracts its features: training and scoring see the same features.
 */
export function featuresOfComment(c: CommentLike): string[] {
  return featureVectorOfComment(c).toStrings();
}

/** {@link featuresOfComment} as a feature vector, into `out` when given. */
export function featureVectorOfComment(c: CommentLike, out = new FeatureVector()): FeatureVector {
  const { text, links } = normalizeText(c.content, c.contentType ?? 'text');
  const url = c.author?.url?.trim();
  return featureVectorOfContext(
    {
      tokens: tokenize(text),
      authorName: foldText(c.author?.name ?? '').trim(),
      authorLink: url ? parseLinkTarget(url) : undefined,
      links,
    },
    out,
  );
}

// Hash lanes after each prefix, of the pair separators, and of the few shape features, computed once.
const W_A = hashA(HASH_A0, 'w:');
const W_B = hashB(HASH_B0, 'w:');
const P_A = hashA(HASH_A0, 'p:');
const P_B = hashB(HASH_B0, 'p:');
/** ` 1 `, ` 2 ` …: what separates a pair's tokens, as lanes from 0 and their length's powers. */
const DISTANCES = Array.from({ length: PAIR_WINDOW }, (_, d) => ` ${d} `);
const SEP_A = Int32Array.from(DISTANCES, (sep) => hashA(0, sep));
const SEP_B = Int32Array.from(DISTANCES, (sep) => hashB(0, sep));
const SEP_POW_A = Int32Array.from(DISTANCES, (sep) => power(PRIME_A, sep.length));
const SEP_POW_B = Int32Array.from(DISTANCES, (sep) => power(PRIME_B, sep.length));
if (PAIR_WINDOW >= REF_STRIDE || PAIR_WINDOW > 10) throw new Error('PAIR_WINDOW must be below REF_STRIDE and 10');

/** `scramble` of each ASCII code unit, looked up instead of computed in the per-character loop below. */
const SCRAMBLED_ASCII = Int32Array.from({ length: 128 }, (_, c) => scramble(c));

/** Per content token: both lanes of the token alone (from 0) and PRIME^length (scratch; extraction is synchronous). */
let tokenA = new Int32Array(MAX_CONTENT_TOKENS);
let tokenB = new Int32Array(MAX_CONTENT_TOKENS);
let powA = new Int32Array(MAX_CONTENT_TOKENS);
let powB = new Int32Array(MAX_CONTENT_TOKENS);

function fill(
  out: FeatureVector,
  contentTokens: readonly string[],
  authorName: string | undefined,
  authorUrlDomain: string | undefined,
  linkDomains: readonly string[],
): FeatureVector {
  const tokens =
    contentTokens.length > MAX_CONTENT_TOKENS
      ? [...contentTokens.slice(0, MAX_CONTENT_TOKENS / 2), ...contentTokens.slice(-MAX_CONTENT_TOKENS / 2)]
      : contentTokens;
  out.clear(tokens);
  const n = tokens.length;
  if (tokenA.length < n) {
    tokenA = new Int32Array(n);
    tokenB = new Int32Array(n);
    powA = new Int32Array(n);
    powB = new Int32Array(n);
  }
  // Each token's characters are read once; every feature is then composed from these (see hash.ts).
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    let ha = 0;
    let hb = 0;
    let qa = 1;
    let qb = 1;
    for (let k = 0; k < t.length; k++) {
      const c = t.charCodeAt(k);
      ha = (Math.imul(ha, PRIME_A) + c) | 0;
      hb = (Math.imul(hb, PRIME_B) + (c < 128 ? SCRAMBLED_ASCII[c]! : scramble(c))) | 0;
      qa = Math.imul(qa, PRIME_A);
      qb = Math.imul(qb, PRIME_B);
    }
    tokenA[i] = ha;
    tokenB[i] = hb;
    powA[i] = qa;
    powB[i] = qb;
  }
  for (let i = 0; i < n; i++) {
    const ta = tokenA[i]!;
    const tb = tokenB[i]!;
    const qa = powA[i]!;
    const qb = powB[i]!;
    out.push((Math.imul(W_A, qa) + ta) | 0, (Math.imul(W_B, qb) + tb) | 0, i * REF_STRIDE);
    // `p:<token>`, then each pair `p:<token> <d> <next>`.
    const pa = (Math.imul(P_A, qa) + ta) | 0;
    const pb = (Math.imul(P_B, qb) + tb) | 0;
    const end = Math.min(n, i + PAIR_WINDOW);
    for (let j = i + 1; j < end; j++) {
      const d = j - i;
      const sa = (Math.imul(pa, SEP_POW_A[d]!) + SEP_A[d]!) | 0;
      const sb = (Math.imul(pb, SEP_POW_B[d]!) + SEP_B[d]!) | 0;
      out.push((Math.imul(sa, powA[j]!) + tokenA[j]!) | 0, (Math.imul(sb, powB[j]!) + tokenB[j]!) | 0, i * REF_STRIDE + d);
    }
  }
  if (authorName !== undefined) {
    const author = authorFeatures(authorName);
    for (let k = 0; k < author.strs.length; k++) out.pushKnown(author.strs[k]!, author.a[k]!, author.b[k]!);
  }
  if (authorUrlDomain !== undefined) pushDomain(out, 'u:', authorUrlDomain);
  for (const d of linkDomains) pushDomain(out, 'd:', d);
  return out;
}

function pushDomain(out: FeatureVector, prefix: string, domain: string): void {
  const d = domain.toLowerCase();
  out.pushString(prefix + d);
  const dot = d.lastIndexOf('.');
  if (dot > 0) out.pushString(prefix + d.slice(dot));
}

/** The `a:` features of an author name, with their hash lanes. */
interface AuthorFeatures {
  readonly strs: readonly string[];
  readonly a: Int32Array;
  readonly b: Int32Array;
}

// Authors post again and again (a flood's bot most of all): the features of the last few thousand distinct names are
// remembered per process (emptied when full; names over 256 characters are not kept); they are a pure function of
// the name.
const AUTHOR_CACHE_SIZE = 2048;
const AUTHOR_CACHE_MAX_LENGTH = 256;
const authorCache = new Map<string, AuthorFeatures>();

function authorFeatures(name: string): AuthorFeatures {
  let f = authorCache.get(name);
  if (f === undefined) {
    const strs = tokenize(foldText(name)).map((t) => `a:${t}`);
    f = { strs, a: Int32Array.from(strs, (x) => hashA(HASH_A0, x)), b: Int32Array.from(strs, (x) => hashB(HASH_B0, x)) };
    if (name.length <= AUTHOR_CACHE_MAX_LENGTH) {
      if (authorCache.size >= AUTHOR_CACHE_SIZE) authorCache.clear();
      authorCache.set(name, f);
    }
  }
  return f;
}
