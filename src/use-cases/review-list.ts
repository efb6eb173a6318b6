/**
 * The comments as moderators read them: a view (the held queue by default, what the machine rejected, what is
 * published, what people decided, everything, or what shadow-mode sites would have held) of some sites, filtered by
 * post, reason, campaign, search terms, score and date, sorted by age or score, in pages with an opaque cursor that
 * stays valid while comments leave the view. Pages come from the comment index (src/store/comment-index.ts): a page
 * reads its own comments and no others, whatever the size of the view.
 */
import type { StoredComment } from '../domain/comment.js';
import { errors } from '../platform/errors.js';
import type { CampaignKey } from '../scoring/campaign.js';
import type { CampaignSummary } from '../store/campaigns.js';
import { INDEX_STATES, TOTAL_CAP, type IndexPosition, type IndexSource, type IndexState, type SourcePage } from '../store/comment-index.js';
import type { Store } from '../store/index.js';
import type { Verdict } from '../domain/verdict.js';
import { campaignTerm, postTerm, queryTerms, reasonTerm } from '../store/index-terms.js';

export const REVIEW_VIEWS = ['held', 'rejected', 'approved', 'decided', 'all', 'would-have-held'] as const;
export type ReviewView = (typeof REVIEW_VIEWS)[number];

/** The states each view lists (src/store/comment-index.ts). */
export const VIEW_STATES: Record<ReviewView, readonly IndexState[]> = {
  held: ['held'],
  rejected: ['rejected'],
  approved: ['passed', 'approved'],
  decided: ['approved', 'spam'],
  all: INDEX_STATES,
  'would-have-held': ['shadow'],
};

/** What to list. */
export interface ReviewQuery {
  readonly sites: readonly string[];
  readonly view: ReviewView;
  readonly post?: string | undefined;
  /** A reason code, or a family (`lexicon` matches `lexicon.author`). */
  readonly reason?: string | undefined;
  readonly campaign?: CampaignKey | undefined;
  /** Search words, e-mails, IPs, domains: a comment must have them all. */
  readonly q?: string | undefined;
  readonly minScore?: number | undefined;
  readonly maxScore?: number | undefined;
  readonly since?: Date | undefined;
  readonly until?: Date | undefined;
  readonly sort: 'age' | 'score';
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** One comment of a view with what a moderator needs to decide it. */
export interface ReviewItem {
  readonly site: string;
  readonly id: string;
  readonly comment: StoredComment;
  readonly verdict: Verdict;
  /** Where the comment is: `scored` (the machine's verdict stands) or `decided` by a person. */
  readonly status: string;
  /** Its campaigns and their sizes on its site. */
  readonly campaigns: CampaignSummary[];
}

/** A page of a view. */
export interface ReviewPage {
  readonly items: ReviewItem[];
  /** How many comments match the filters, all pages together (with `totalCapped`, at least this many). */
  readonly total: number;
  /** True when a search for common words stopped counting at {@link TOTAL_CAP} matches per site and state. */
  readonly totalCapped: boolean;
  /** Pass as `cursor` for the next page; null on the last. */
  readonly nextCursor: string | null;
  /** Comments in each view of the sites listed, without the other filters (for the page's tabs). */
  readonly counts: Record<ReviewView, number>;
}

export const encodeCursor = (p: IndexPosition): string => Buffer.from(JSON.stringify(p)).toString('base64url');

export function decodeCursor(cursor: string): IndexPosition {
  try {
    const p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'string' && typeof p[2] === 'string') return p as unknown as IndexPosition;
  } catch {
    // Falls through to the error below.
  }
  throw errors.validation('Invalid query: cursor: not a cursor this API gave out');
}

const compare = (a: IndexPosition, b: IndexPosition): number =>
  a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);

/**
 * Merges pages of several sources in the order, without repeating a comment (a source per state never repeats one;
 * term sets of an author history do), and says whether more follow the first `limit`.
 */
export function mergePages(pages: readonly SourcePage[], order: 'asc' | 'desc', limit: number) {
  const sign = order === 'asc' ? 1 : -1;
  const all = pages.flatMap((p) => p.entries).sort((a, b) => sign * compare(a.at, b.at));
  const seen = new Set<string>();
  const unique = all.filter((e) => {
    const key = `${e.site}\n${e.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const page = unique.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: unique.length > limit && last ? encodeCursor(last.at) : null };
}

/** The term filters of a query; undefined when a search asked for nothing searchable (only stop-words). */
function filterTerms(q: ReviewQuery): string[] | undefined {
  const terms: string[] = [];
  if (q.post !== undefined) terms.push(postTerm(q.post));
  if (q.reason !== undefined) terms.push(reasonTerm(q.reason));
  if (q.campaign !== undefined) terms.push(campaignTerm(q.campaign));
  if (q.q !== undefined && q.q.trim() !== '') {
    const words = queryTerms(q.q);
    if (words.length === 0) return undefined;
    terms.push(...words);
  }
  return terms;
}

/** Comments per view of some sites. */
export async function viewCounts(store: Store, sites: readonly string[]): Promise<Record<ReviewView, number>> {
  const byState = await store.index.counts(sites);
  return Object.fromEntries(REVIEW_VIEWS.map((v) => [v, VIEW_STATES[v].reduce((n, s) => n + byState[s], 0)])) as Record<ReviewView, number>;
}

/** Lists a page of a view. */
export async function listReview(store: Store, q: ReviewQuery): Promise<ReviewPage> {
  const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
  const counts = await viewCounts(store, q.sites);
  const terms = filterTerms(q);
  if (terms === undefined) return { items: [], total: 0, totalCapped: false, nextCursor: null, counts };
  const dates: [number, number] = [q.since?.getTime() ?? -Infinity, q.until?.getTime() ?? Infinity];
  const scores: [number, number] = [q.minScore ?? -Infinity, q.maxScore ?? Infinity];
  const dated = q.since !== undefined || q.until !== undefined;
  const scored = q.minScore !== undefined || q.maxScore !== undefined;
  const sources: IndexSource[] = q.sites.flatMap((site) =>
    VIEW_STATES[q.view].map((state) => ({
      site,
      set: { state, by: q.sort },
      terms,
      range: q.sort === 'age' ? dates : scores,
      ...((q.sort === 'age' ? scored : dated) ? { other: q.sort === 'age' ? scores : dates } : {}),
    })),
  );
  const pages = await store.index.page(sources, q.order, q.limit + 1, cursor);
  const { page, nextCursor } = mergePages(pages, q.order, q.limit);
  const records = await Promise.all(page.map((e) => store.comments.get(e.site, e.id)));
  const items = await Promise.all(
    records.flatMap((record) =>
      record?.verdict
        ? [
            (async () => {
              const { site, id } = record.comment;
              const campaigns = await store.campaigns.summaries(site, await store.campaigns.keysOf(site, id));
              return { site, id, comment: record.comment, verdict: record.verdict!, status: record.status, campaigns };
            })(),
          ]
        : [],
    ),
  );
  return { items, total: pages.reduce((n, p) => n + p.total, 0), totalCapped: pages.some((p) => p.capped), nextCursor, counts };
}
