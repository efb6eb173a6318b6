/**
 * Features of a comment for the count model. Each kind has its own prefix so that, say, the word "casino" in the
 * content and in the author's name are separate evidence:
 * - `w:` content unigrams;
 * - `p:` orthogonal sparse bigrams (OSB, as in CRM114 and bogofilter's successors): each token paired with each of the
 *   next PAIR_WINDOW − 1 tokens, the distance encoded (`p:check 1 out`, `p:check 2 my`), so phrases count without
 *   the explosion of all n-grams;
 * - `a:` author-name tokens, `u:` the author URL's domain, `d:` link domains;
 * - `u:.tld` / `d:.tld` the top-level domain too, so a campaign's new domain on a throwaway TLD is not unknown;
 * - `n:` shape: length in tokens (log2 bucket) and number of links (0, 1, 2+). Spam runs long and carries links; on
 *   the cross-video split these two cut false positives at 0.5 by half.
 *
 * Measured and left out (cross-video YouTube split): natural's PorterStemmer changed nothing (AP ±0.001, calibration
 * slightly worse; importing `natural` also prints dotenv notices to stdout); character 3- to 5-grams of words cost
 * AP 0.985 → 0.977 and recall at 1 % false positives 0.84 → 0.72. Pairs matter mostly for calibration (log-loss 0.28
 * → 0.20), `n:` for ranking (AP 0.979 → 0.985).
 */
import { normalizeText, foldText } from '../scoring/normalize.js';
import { parseLinkTarget } from '../scoring/links.js';
import { tokenize } from '../scoring/tokenize.js';
import type { ContentType } from '../comment.js';

/**
 * Version of the feature extraction; a model file records it and loading refuses another.
 * Bump it whenever the features of a given text change.
 */
export const FEATURES_VERSION = 1;

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
  const out: string[] = [];
  const tokens =
    src.contentTokens.length > MAX_CONTENT_TOKENS
      ? [...src.contentTokens.slice(0, MAX_CONTENT_TOKENS / 2), ...src.contentTokens.slice(-MAX_CONTENT_TOKENS / 2)]
      : src.contentTokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    out.push(`w:${t}`);
    const end = Math.min(tokens.length, i + PAIR_WINDOW);
    for (let j = i + 1; j < end; j++) out.push(`p:${t} ${j - i} ${tokens[j]!}`);
  }
  out.push(`n:len${Math.floor(Math.log2(src.contentTokens.length + 1))}`);
  out.push(`n:links${Math.min(src.linkDomains.length, 2)}`);
  if (src.authorName !== undefined) {
    for (const t of tokenize(foldText(src.authorName))) out.push(`a:${t}`);
  }
  if (src.authorUrlDomain !== undefined) pushDomain(out, 'u:', src.authorUrlDomain);
  for (const d of src.linkDomains) pushDomain(out, 'd:', d);
  return out;
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
  const src: { -readonly [K in keyof FeatureSource]: FeatureSource[K] } = {
    contentTokens: c.tokens,
    linkDomains: c.links.map((l) => l.domain),
  };
  if (c.authorName !== '') src.authorName = c.authorName;
  if (c.authorLink !== undefined) src.authorUrlDomain = c.authorLink.domain;
  return extractFeatures(src);
}

/**
 * Normalises and tokenises a comment with the shared text core exactly as the scoring context does (`normalizeText`
 * already folds the content), then extracts its features: training and scoring see the same features.
 */
export function featuresOfComment(c: CommentLike): string[] {
  const { text, links } = normalizeText(c.content, c.contentType ?? 'text');
  const url = c.author?.url?.trim();
  return featuresOfContext({
    tokens: tokenize(text),
    authorName: foldText(c.author?.name ?? '').trim(),
    authorLink: url ? parseLinkTarget(url) : undefined,
    links,
  });
}

function pushDomain(out: string[], prefix: string, domain: string): void {
  const d = domain.toLowerCase();
  out.push(prefix + d);
  const dot = d.lastIndexOf('.');
  if (dot > 0) out.push(prefix + d.slice(dot));
}
