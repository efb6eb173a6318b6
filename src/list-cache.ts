/**
 * Each worker's cache of compiled lists: the global lists with a site's own, compiled once and reused until the
 * version counter in Redis changes (one GET per job, sent in the same round trip as the flood script).
 */
import { compileLists, type SiteLists } from './scoring/site-lists.js';
import { GLOBAL_SCOPE, type ListStore } from './store/lists.js';

export class ListCache {
  private version = -1;
  private readonly compiled = new Map<string, SiteLists>();

  constructor(private readonly lists: ListStore) {}

  /** The compiled lists that apply to `site` as of now. */
  async forSite(site: string): Promise<SiteLists> {
    const version = await this.lists.version();
    if (version !== this.version) {
      this.compiled.clear();
      this.version = version;
    }
    const cached = this.compiled.get(site);
    if (cached) return cached;
    const loaded = await this.lists.load([GLOBAL_SCOPE, site]);
    const lists = compileLists(...loaded.lists);
    // Only cache what was read at the version we checked; a change in between is picked up by the next job.
    if (loaded.version === this.version) this.compiled.set(site, lists);
    return lists;
  }
}
