/** The store: the only code that knows Redis key names. Built from a connection and a prefix. */
import type { Redis } from 'ioredis';
import type { Config } from '../platform/config.js';
import { CampaignStore } from './campaigns.js';
import { CommentIndexStore } from './comment-index.js';
import { CommentStore } from './comments.js';
import { CorpusStore } from './corpus.js';
import { CredentialStore } from './credentials.js';
import { FloodStore } from './flood.js';
import { DecisionStore } from './decisions.js';
import { IntegrationStore } from './integrations.js';
import { keys, type Keys } from './keys.js';
import { ListStore } from './lists.js';
import { DEFAULT_MEMORY_OPTIONS, MemoryStore, type MemoryOptions } from './memory.js';
import { ModelStore } from './models.js';
import { PublishedStore } from './published.js';
import { RateLimitStore } from './rate-limit.js';
import { ReadersStore } from './readers.js';
import { ReputationStore } from './reputation.js';
import { RetentionStore } from './retention.js';
import { ScoredStore } from './scored.js';
import { SiteStore } from './sites.js';
import { StatsStore } from './stats.js';

export interface Store {
  readonly keys: Keys;
  readonly comments: CommentStore;
  readonly sites: SiteStore;
  readonly credentials: CredentialStore;
  readonly corpus: CorpusStore;
  readonly models: ModelStore;
  readonly integrations: IntegrationStore;
  readonly decisions: DecisionStore;
  readonly campaigns: CampaignStore;
  readonly stats: StatsStore;
  readonly lists: ListStore;
  /** Flood windows (src/store/flood.ts), read and written once per scored comment. */
  readonly flood: FloodStore;
  /** The scoring worker's writes after a verdict (verdict, moderation fields, campaigns, stats, reputation), one script. */
  readonly scored: ScoredStore;
  /**
   * Confirmed-spam memory of domains, IPs, emails and brand tokens, each confirmation kept with its comment:
   * `confirmSpam(comment, now)`, `remember(values, now, by)`, `forget(comment)` (that comment's confirmations only).
   */
  readonly reputation: ReputationStore;
  /** The campaign memory of what moderators rejected and approved, by fingerprint (src/store/memory.ts). */
  readonly memory: MemoryStore;
  /** Ingest token buckets per site, author IP and caller address, shared by every API process. */
  readonly rateLimits: RateLimitStore;
  /** Comments whose author's IP and email are still in clear, and the sweep that pseudonymises them. */
  readonly retention: RetentionStore;
  /** Per site, the published comments the machine found ham, waiting to be learned as ham (src/use-cases/learn-published.ts). */
  readonly published: PublishedStore;
  /** The views (held, rejected, …) as sorted sets and the search terms of every comment (src/store/comment-index.ts). */
  readonly index: CommentIndexStore;
  /** Per site, where its last comments came from: a CMS behind a proxy sends one address for everyone. */
  readonly readers: ReadersStore;
}

/** Settings of the stores that have any (the campaign memory's bounds). */
export interface StoreOptions {
  readonly memory?: MemoryOptions;
}

/** The store options a configuration sets. */
export function storeOptions(config: Pick<Config, 'memory'>): StoreOptions {
  return { memory: { ...DEFAULT_MEMORY_OPTIONS, keepMs: config.memory.days * 86_400_000, maxDecisions: config.memory.maxDecisions } };
}

/** Builds every store over one Redis connection. */
export function createStore(redis: Redis, prefix: string, options: StoreOptions = {}): Store {
  const k = keys(prefix);
  return {
    keys: k,
    comments: new CommentStore(redis, k),
    sites: new SiteStore(redis, k),
    credentials: new CredentialStore(redis, k),
    corpus: new CorpusStore(redis, k),
    models: new ModelStore(redis, k),
    integrations: new IntegrationStore(redis, k),
    decisions: new DecisionStore(redis, k),
    campaigns: new CampaignStore(redis, k),
    stats: new StatsStore(redis, k),
    lists: new ListStore(redis, k),
    flood: new FloodStore(redis, k),
    reputation: new ReputationStore(redis, k),
    memory: new MemoryStore(redis, k, options.memory),
    scored: new ScoredStore(redis, k),
    rateLimits: new RateLimitStore(redis, k),
    retention: new RetentionStore(redis, k),
    published: new PublishedStore(redis, k),
    index: new CommentIndexStore(redis, k),
    readers: new ReadersStore(redis, k),
  };
}
