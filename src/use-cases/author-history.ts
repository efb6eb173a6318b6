/**
 * An author's history on this installation: the other comments of the sites in scope that share a comment's author
 * name, e-mail, IP or a link domain, newest first, with their verdicts and what they matched on. Read from the
 * search index's exact author terms (src/store/index-terms.ts), a page at a time: never a scan of the comments.
 */
import type { StoredComment } from '../domain/comment.js';
import { errors } from '../platform/errors.js';
import type { IndexSource } from '../store/comment-index.js';
import type { Store } from '../store/index.js';
import type { CommentStatus, Verdict } from '../domain/verdict.js';
import { AUTHOR_KEYS, authorTerms, type AuthorKey } from '../store/index-terms.js';
import { decodeCursor, mergePages } from './review-list.js';

/** What to look up. */
export interface HistoryQuery {
  readonly site: string;
  readonly id: string;
  /** The sites to look in (the caller's scope). */
  readonly sites: readonly string[];
  /** Which author keys to match on (default: all). */
  readonly by?: readonly AuthorKey[] | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** One related comment. */
export interface HistoryItem {
  readonly site: string;
  readonly id: string;
  readonly comment: StoredComment;
  readonly status: CommentStatus;
  readonly verdict?: Verdict;
  /** The author keys it shares with the comment asked about. */
  readonly matched: AuthorKey[];
}

/** A page of the history, and the author keys that were looked up (value as filed). */
export interface HistoryPage {
  readonly author: Array<{ key: AuthorKey; term: string }>;
  readonly items: HistoryItem[];
  readonly nextCursor: string | null;
}

/** Lists a page of the other comments sharing an author key with one comment. Throws not_found for an unknown comment. */
export async function authorHistory(store: Store, q: HistoryQuery): Promise<HistoryPage> {
  const record = await store.comments.get(q.site, q.id);
  if (!record) throw errors.notFound(`Comment "${q.id}" on site "${q.site}"`);
  const by = new Set(q.by ?? AUTHOR_KEYS);
  const author = authorTerms(record.comment).filter((a) => by.has(a.key));
  const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
  const sources: IndexSource[] = q.sites.flatMap((site) => author.map((a) => ({ site, set: { term: a.term } })));
  // One more per source than the page, and one for the comment itself, which every source lists.
  const pages = await store.index.page(sources, 'desc', q.limit + 2, cursor);
  const others = pages.map((p) => ({ ...p, entries: p.entries.filter((e) => e.site !== q.site || e.id !== q.id) }));
  const { page, nextCursor } = mergePages(others, 'desc', q.limit);
  const matchedBy = new Map<string, AuthorKey[]>();
  others.forEach((p, i) => {
    const key = author[i % author.length]!.key;
    for (const e of p.entries) {
      const k = `${e.site}\n${e.id}`;
      const list = matchedBy.get(k) ?? [];
      if (!list.includes(key)) list.push(key);
      matchedBy.set(k, list);
    }
  });
  const records = await Promise.all(page.map((e) => store.comments.get(e.site, e.id)));
  const items = records.flatMap((r) =>
    r
      ? [
          {
            site: r.comment.site,
            id: r.comment.id,
            comment: r.comment,
            status: r.status,
            ...(r.verdict ? { verdict: r.verdict } : {}),
            matched: matchedBy.get(`${r.comment.site}\n${r.comment.id}`) ?? [],
          },
        ]
      : [],
  );
  return { author, items, nextCursor };
}
