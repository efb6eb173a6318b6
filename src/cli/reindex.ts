/**
 * `sluice reindex [--site S]`: files every stored comment in the comment index (views and search), for comments
 * stored before it existed (workers also do this once at start, in the background) or after a crash between a write and
 * its filing. Idempotent, safe while the service runs. Prints `{ sites, comments }`.
 */
import type { Config } from '../platform/config.js';
import { reindexComments } from '../use-cases/reindex.js';
import { INDEX_VERSION } from '../store/comment-index.js';
import { withStore } from './admin.js';
import { printJson, UsageError } from './io.js';

export async function reindexCommand(config: Config, args: { readonly site: string | undefined }): Promise<number> {
  return withStore(config, async (store) => {
    if (args.site && !(await store.sites.get(args.site))) throw new UsageError(`No site "${args.site}".`);
    const { finished: _, ...result } = await reindexComments(store, args.site);
    if (args.site === undefined) await store.index.markBackfilled(INDEX_VERSION);
    printJson(result);
    return 0;
  });
}
