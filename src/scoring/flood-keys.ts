/**
 * The values a comment is counted under in the flood windows and looked up by in the reputation memory (pure).
 * Built on the campaign keys (campaign.ts) that moderators group by, plus every promoted domain (up to three; not the
 * popular ones, nor the article's own, which readers link), the author's address and its /24 (IPv6 /64), and the four
 * 16-bit bands of the text's SimHash: two texts within 3 bits of each other share at least one band (pigeonhole), and
 * most within 7 do, so near-duplicates meet in a window, not only exact copies. Bands are 16 bits, not 8: with 8-bit bands every band window held 1/256 of all traffic, and the
 * flood script's work grew with the traffic instead of with the flood (measured by bench/end-to-end.ts).
 */
import { campaignKeys, COMMON_DOMAINS, simhash, type CampaignKey } from './campaign.js';
import type { ScoringContext } from './context.js';
import { formatIp, subnetOf } from './ip.js';
import { parseLinkTarget } from './links.js';
import type { FloodKind, ReputationKind } from './signals.js';

/** How many SimHash bands a text is indexed under (64 bits / 16). */
export const SIMHASH_BANDS = 4;

/** A window a comment is counted in. Text windows are bands: `value` is `b<band>:<4 hex digits>`. */
export interface FloodWindowKey {
  readonly kind: FloodKind;
  readonly value: string;
}

/** Everything the flood store needs about one comment. */
export interface FloodKeys {
  readonly windows: readonly FloodWindowKey[];
  /** The text's 64-bit SimHash (16 hex digits), when it has enough tokens to compare. */
  readonly simhash: string | undefined;
  /** Who wrote it, for counting distinct authors: the folded name, else the address, else the comment id. */
  readonly author: string;
  readonly ip: string;
  readonly post: string;
  readonly reputation: ReadonlyArray<{ readonly kind: ReputationKind; readonly value: string }>;
}

const MAX_DOMAINS = 3;
const clean = (s: string): string => s.replace(/[\t\n\r]/g, ' ').slice(0, 120);

/** The flood and reputation keys of a comment; `minTextTokens` is the shortest text compared for near-duplicates. */
export function floodKeysOf(ctx: ScoringContext, minTextTokens: number, campaign: readonly CampaignKey[] = campaignKeys(ctx)): FloodKeys {
  const windows: FloodWindowKey[] = [];
  const reputation: Array<{ kind: ReputationKind; value: string }> = [];
  const domains = new Set<string>();
  // Readers link the article they comment on and the site's own domains: never a flood, never a reputation.
  const article = ctx.comment.permalink ? parseLinkTarget(ctx.comment.permalink)?.domain.toLowerCase() : undefined;
  const own = ctx.settings.domains ?? [];
  for (const l of ctx.authorLink ? [ctx.authorLink, ...ctx.links] : ctx.links) {
    if (domains.size >= MAX_DOMAINS) break;
    const domain = l.domain.toLowerCase();
    if (!COMMON_DOMAINS.has(domain) && !l.shortener && domain !== article && !own.includes(domain)) domains.add(domain);
  }
  for (const d of domains) {
    windows.push({ kind: 'domain', value: d });
    reputation.push({ kind: 'domain', value: d });
  }
  // The campaign's text key is the same SimHash of the same tokens (it needs fewer of them): not computed twice.
  const hash = ctx.tokens.length >= minTextTokens ? (campaign.find((k) => k.kind === 'text')?.value ?? simhash(ctx.tokens)) : undefined;
  if (hash) for (let b = 0; b < SIMHASH_BANDS; b++) windows.push({ kind: 'text', value: `b${b}:${hash.slice(4 * b, 4 * b + 4)}` });
  const ip = ctx.ip ? formatIp(ctx.ip) : '';
  if (ctx.ip) {
    windows.push({ kind: 'ip', value: ip }, { kind: 'subnet', value: subnetOf(ctx.ip) });
    reputation.push({ kind: 'ip', value: ip });
  }
  for (const k of campaign) {
    if (k.kind === 'author' || k.kind === 'brand') windows.push({ kind: k.kind, value: clean(k.value) });
    if (k.kind === 'brand') reputation.push({ kind: 'brand', value: k.value });
  }
  if (ctx.email) reputation.push({ kind: 'email', value: ctx.email });
  const name = ctx.lowerAuthorName.replace(/\s+/g, ' ');
  return {
    windows,
    simhash: hash,
    author: clean(name || (ip ? `ip:${ip}` : `id:${ctx.comment.id}`)),
    ip: clean(ip),
    post: clean(ctx.comment.postId),
    reputation,
  };
}
