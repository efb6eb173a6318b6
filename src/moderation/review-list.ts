/**
 * The review queue as moderators read it: the held comments of some sites (or, for shadow-mode sites, the comments
 * that would have been held), filtered, sorted by age or score, in pages with an opaque cursor that stays valid while
 * comments leave the queue. A queue is hundreds or a few thousand comments, so it is read whole and sorted here.
 */
import type { StoredComment } from '../comment.js';
import { errors } from '../errors.js';
import type { CampaignSummary } from '../store/campaigns.js';
import type { Store } from '../store/index.js';
import type { Verdict } from '../verdict.js';

export const REVIEW_VIEWS = ['held', 'would-have-held'] as const;
export type ReviewView = (typeof REVIEW_VIEWS)[number];

/** What to list. */
export interface ReviewQuery {
  readonly sites: readonly string[];
  readonly view: ReviewView;
  readonly post?: string | undefined;
  /** A reason code, or a family (`lexicon` matches `lexicon.author`). */
  readonly reason?: string | undefined;
  readonly minScore?: number | undefined;
  readonly maxScore?: number | undefined;
  readonly since?: Date | undefined;
  readonly sort: 'age' | 'score';
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** One comment of the queue with what a moderator needs to decide it. */
export interface ReviewItem {
  readonly site: string;
  readonly id: string;
  readonly comment: StoredComment;
  readonly verdict: Verdict;
  /** Its campaigns and their sizes on its site. */
  readonly campaigns: CampaignSummary[];
}

/** A page of the queue. */
export interface ReviewPage {
  readonly items: ReviewItem[];
  /** How many comments match the filters, all pages together. */
  readonly total: number;
  /** Pass as `cursor` for the next page; null on the last. */
  readonly nextCursor: string | null;
}

type Position = [number, string, string];

const encodeCursor = (p: Position): string => Buffer.from(JSON.stringify(p)).toString('base64url');

function decodeCursor(cursor: string): Position {
  try {
    const p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'string' && typeof p[2] === 'string') return p as Position;
  } catch {
    // Falls through to the error below.
  }
  throw errors.validation('Invalid query: cursor: not a cursor this API gave out');
}

const compare = (a: Position, b: Position): number =>
  a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);

function matches(q: ReviewQuery, comment: StoredComment, verdict: Verdict): boolean {
  if (q.post !== undefined && comment.postId !== q.post) return false;
  if (q.minScore !== undefined && verdict.score < q.minScore) return false;
  if (q.maxScore !== undefined && verdict.score > q.maxScore) return false;
  const reason = q.reason;
  return reason === undefined || verdict.reasons.some((r) => r.code === reason || r.code.startsWith(`${reason}.`));
}

/** Lists a page of the queue. */
export async function listReview(store: Store, q: ReviewQuery): Promise<ReviewPage> {
  const set = q.view === 'held' ? 'review' : 'shadow';
  const since = q.since?.getTime() ?? -Infinity;
  const queued = await Promise.all(q.sites.map(async (site) => (await store.decisions.queued(site, set)).map((e) => ({ site, ...e }))));
  const candidates = queued.flat().filter((c) => c.receivedAt >= since);
  const records = await Promise.all(candidates.map((c) => store.comments.get(c.site, c.id)));
  const sign = q.order === 'asc' ? 1 : -1;
  const found = records
    .filter((r): r is NonNullable<typeof r> & { verdict: Verdict } => !!r?.verdict && matches(q, r.comment, r.verdict))
    .map((r) => ({ record: r, at: [q.sort === 'age' ? Date.parse(r.comment.receivedAt) : r.verdict.score, r.comment.site, r.comment.id] as Position }))
    .sort((a, b) => sign * compare(a.at, b.at));
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const rest = after ? found.filter((f) => sign * compare(f.at, after) > 0) : found;
  const page = rest.slice(0, q.limit);
  const items = await Promise.all(
    page.map(async ({ record }) => {
      const { site, id } = record.comment;
      const campaigns = await store.campaigns.summaries(site, await store.campaigns.keysOf(site, id));
      return { site, id, comment: record.comment, verdict: record.verdict, campaigns };
    }),
  );
  const last = page.at(-1);
  return { items, total: found.length, nextCursor: rest.length > q.limit && last ? encodeCursor(last.at) : null };
}
