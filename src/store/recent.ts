/**
 * A short-lived read cache for the records every ingest request reads (a site key's principal, the site): the API
 * process reuses what it read from Redis for `maxAgeMs` instead of asking again. Entries live per process and are keyed
 * by their Redis key, so a write through any store of this process drops the entry at once; a write by another process
 * (another API process, the CLI) is seen once the entry is older than `maxAgeMs`. Misses are shared (one Redis read
 * for many concurrent requests); absent records and failed reads are not kept.
 */
export class RecentReads<V> {
  private readonly entries = new Map<string, { readonly at: number; readonly value: Promise<V | undefined> }>();

  /** @param maxEntries beyond this many keys, the cache starts again empty (a bound, not an LRU: keys are few). */
  constructor(private readonly maxEntries = 10_000) {}

  /** The value of `key` read at most `maxAgeMs` ago, or `load()`'s (kept when it is defined and `keep` says so). */
  read(key: string, maxAgeMs: number, load: () => Promise<V | undefined>, keep: (value: V) => boolean = () => true): Promise<V | undefined> {
    if (maxAgeMs <= 0) return load();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < maxAgeMs) return hit.value;
    const value = load();
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const entry = { at: now, value };
    this.entries.set(key, entry);
    const drop = (): void => {
      // Only this read's entry: a newer read (or a write's invalidation) may have replaced it meanwhile.
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    value.then((v) => {
      if (v === undefined || !keep(v)) drop();
    }, drop);
    return value;
  }

  /** Forgets `key` (after a local write). */
  forget(key: string): void {
    this.entries.delete(key);
  }
}
