/**
 * The backfill of the comment index (src/store/comment-index.ts): files every stored comment of every site as its
 * hash stands. For comments stored before the index existed, or after a crash between a write and its filing.
 * Idempotent: a comment already filed is filed again the same; safe while the service runs (each filing is a
 * compare-and-set against what it read).
 */
import type { Store } from '../store/index.js';

/** What a reindex did. */
export interface ReindexResult {
  readonly sites: number;
  readonly comments: number;
}

/** Files every comment of every site (or of `only`), a batch of keys at a time; `proceed` is asked before each batch. */
export async function reindexComments(store: Store, only?: string, proceed: () => Promise<boolean> | boolean = () => true): Promise<ReindexResult & { readonly finished: boolean }> {
  const sites = only === undefined ? (await store.sites.list()).map((s) => s.id) : [only];
  let comments = 0;
  for (const site of sites) {
    for await (const ids of store.index.storedIds(site)) {
      if (!(await proceed())) return { sites: sites.length, comments, finished: false };
      const filed = await Promise.all(ids.map((id) => store.index.sync(site, id)));
      comments += filed.filter(Boolean).length;
    }
  }
  return { sites: sites.length, comments, finished: true };
}
