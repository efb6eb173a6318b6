/**
 * Which scorer scores a site's next comment: the active global model (from the registry in Redis, or the bundled file
 * until one is activated) with the site's live model on top. Workers hold one `LiveScorers`; it hears about promotions
 * and site-model updates on the model channel and rebuilds lazily, so a swap needs no restart. A job takes its scorer
 * once, at its start, so no comment is scored half by one model and half by another.
 */
import type { Redis } from 'ioredis';
import { loadModelBytes, type LoadedModel } from './classifier/model-file.js';
import type { CountModel } from './classifier/model.js';
import type { Logger } from './platform/logger.js';
import type { Lexicon } from './scoring/lexicon.js';
import { defaultPhases } from './scoring/pipeline.js';
import { createScorer, type Scorer } from './scoring/scorer.js';
import type { Store } from './store/index.js';

/** Gives the scorer for a site's next comment. */
export interface ScorerSource {
  forSite(site: string): Promise<Scorer>;
}

/** A source that always gives the same scorer (the offline CLI, tests). */
export function fixedScorers(scorer: Scorer): ScorerSource {
  return { forSite: async () => scorer };
}

interface SiteEntry {
  readonly revision: number;
  readonly scorer: Scorer;
}

export interface LiveScorersDeps {
  readonly store: Store;
  /** A connection for SUBSCRIBE (it is put in subscriber mode). */
  readonly subscriber: Redis;
  readonly lexicon: Lexicon;
  /** The bundled model, used until a model is activated in the registry. */
  readonly fallback: LoadedModel;
  readonly logger: Logger;
}

export class LiveScorers implements ScorerSource {
  private global: LoadedModel;
  private globalScorer: Scorer;
  private globalStale = true;
  private readonly sites = new Map<string, SiteEntry>();
  private readonly staleSites = new Set<string>();
  private started: Promise<void> | undefined;

  constructor(private readonly deps: LiveScorersDeps) {
    this.global = deps.fallback;
    this.globalScorer = this.build(deps.fallback.model, undefined, deps.fallback.version);
  }

  /** Subscribes to the model channel; a reconnect marks everything stale (a message may have been missed). */
  start(): Promise<void> {
    this.started ??= (async () => {
      const channel = this.deps.store.keys.modelChannel();
      this.deps.subscriber.on('message', (ch: string, message: string) => {
        if (ch !== channel) return;
        if (message === 'global') this.globalStale = true;
        else if (message.startsWith('site\n')) this.staleSites.add(message.slice(5));
      });
      this.deps.subscriber.on('ready', () => {
        this.globalStale = true;
        for (const site of this.sites.keys()) this.staleSites.add(site);
      });
      await this.deps.subscriber.subscribe(channel);
    })();
    return this.started;
  }

  /** The version string of the global model in use. */
  get globalVersion(): string {
    return this.global.version;
  }

  async forSite(site: string): Promise<Scorer> {
    await this.start();
    if (this.globalStale) await this.reloadGlobal();
    const cached = this.sites.get(site);
    if (cached && !this.staleSites.has(site)) return cached.scorer;
    this.staleSites.delete(site);
    const { revision, bytes } = await this.deps.store.models.siteModel(site);
    if (!bytes) {
      this.sites.set(site, { revision: 0, scorer: this.globalScorer });
      return this.globalScorer;
    }
    const siteModel = loadModelBytes(bytes, `site-${site}`);
    const entry = { revision, scorer: this.build(siteModel.model, this.global.model, `${this.global.version}+${site}.${revision}`) };
    this.sites.set(site, entry);
    return entry.scorer;
  }

  private async reloadGlobal(): Promise<void> {
    this.globalStale = false;
    const version = await this.deps.store.models.activeVersion();
    if (!version || version === this.global.version) return;
    const bytes = await this.deps.store.models.bytes(version);
    if (!bytes) return;
    try {
      const loaded = loadModelBytes(bytes, version, version);
      this.global = loaded;
      this.globalScorer = this.build(loaded.model, undefined, version);
      // Site scorers embed the global model as their prior: rebuild them all on next use.
      for (const site of this.sites.keys()) this.staleSites.add(site);
      this.deps.logger.info({ model: version }, 'active model swapped');
    } catch (err) {
      this.deps.logger.error({ err, model: version }, 'active model refused; keeping the current one');
    }
  }

  private build(model: CountModel, prior: CountModel | undefined, version: string): Scorer {
    const phases = defaultPhases(prior ? { lexicon: this.deps.lexicon, model, priorModel: prior } : { lexicon: this.deps.lexicon, model });
    return createScorer(phases, version);
  }
}
