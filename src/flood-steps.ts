/**
 * The worker's two steps around the pure pipeline. Before it: gather the flood counts, the reputation hits, the
 * campaign memory's hits and the site's lists (one round trip in the usual case). After the verdict is stored: re-flag
 * the earlier comments of a flood that were let through as `ham` (they are held for review now), and remember the
 * values of near-certain spam in the reputation memory.
 */
import type { StoredComment } from './domain/comment.js';
import { ListCache } from './list-cache.js';
import { callbackBody, calledBack } from './use-cases/tell-cms.js';
import { campaignKeysOf, recordScored } from './moderation/scored.js';
import type { Queues } from './queue/queues.js';
import { campaignKeys, type CampaignKey } from './scoring/campaign.js';
import type { ContextExtras, ScoringContext, SiteSettings } from './scoring/context.js';
import { fingerprintsOf } from './scoring/fingerprints.js';
import { counterfactual } from './scoring/counterfactual.js';
import { floodKeysOf, type FloodKeys } from './scoring/flood-keys.js';
import { loadRuleData, paramsOf, type RuleData } from './scoring/rule-data.js';
import type { ScoringSignals } from './scoring/signals.js';
import type { SiteLists } from './scoring/site-lists.js';
import { siteSettings } from './use-cases/site-settings.js';
import type { Config } from './platform/config.js';
import type { CommentRecord } from './store/comments.js';
import type { Store } from './store/index.js';
import type { ProxyState } from './store/readers.js';
import type { ReputationValue } from './store/reputation.js';
import { siteMode, type Site } from './store/sites.js';
import { logit, sigmoid, type Reason, type Verdict } from './domain/verdict.js';

/** What was gathered before scoring. */
export interface Gathered {
  readonly extras: ContextExtras & { readonly signals: ScoringSignals };
  readonly keys: FloodKeys;
  /** The comment's campaign keys (the flood keys are built on them). */
  readonly campaign: readonly CampaignKey[];
  /** Whether the site's comments all arrive from one address (a proxy): its address signals were left out. */
  readonly proxy?: ProxyState;
}

/** Score, computed without flood and reputation reasons, above which spam feeds the reputation memory. */
export const AUTO_CONFIRM_SCORE = 0.99;
/** Earlier comments re-flagged per flood comment, at most. */
const MAX_REFLAG = 50;

/** The steps of one worker (it caches the compiled lists). */
export class FloodSteps {
  private readonly lists: ListCache;
  private readonly minTextTokens: number;

  constructor(
    private readonly store: Store,
    rules: RuleData = loadRuleData(),
  ) {
    this.lists = new ListCache(store.lists);
    this.minTextTokens = paramsOf(rules)('flood.text.min-tokens');
  }

  /** The compiled lists of a site (one GET of the lists' version in the usual case): start it with the job's first reads. */
  listsFor(site: string): Promise<SiteLists> {
    return this.lists.forSite(site);
  }

  /**
   * Counts the comment in its flood windows, asks the campaign memory about its fingerprints (in `memoryScopes`: the
   * site's, and the shared one when the site shares) and reads its lists: the extras of its scoring context. `lists`,
   * when given, was started earlier (see {@link listsFor}), and notes where the comment came from: on a site whose
   * comments all arrive from one address (src/store/readers.ts) the address signals are left out. The requests leave
   * together: one round trip.
   */
  async gather(site: string, ctx: ScoringContext, now: Date, lists?: SiteLists, memoryScopes: readonly string[] = [site]): Promise<Gathered> {
    const comment = ctx.comment as StoredComment;
    const campaign = campaignKeys(ctx);
    const keys = floodKeysOf(ctx, this.minTextTokens, campaign);
    const [siteLists, recorded, memory, proxy] = await Promise.all([
      lists ?? this.lists.forSite(site),
      this.store.flood.record(site, comment.id, keys, now),
      this.store.memory.recall({ site, id: comment.id }, fingerprintsOf(ctx), memoryScopes, ctx.tokens.length, now),
      keys.ip ? this.store.readers.observe(site, keys.ip, keys.author, now) : undefined,
    ]);
    const signals = proxy?.address ? withoutAddresses(recorded) : recorded;
    const extras = { lists: siteLists, signals: memory.length ? { ...signals, memory } : signals, receivedAt: new Date(comment.receivedAt) };
    return { extras, keys, campaign, ...(proxy ? { proxy } : {}) };
  }

  /** The values to remember as confirmed spam: those of spam that the content rules alone call near-certain. */
  toRemember(verdict: Verdict, gathered: Gathered): readonly ReputationValue[] {
    if (verdict.verdict !== 'spam' || verdict.reasons.some((r) => r.code.startsWith('test.'))) return [];
    const own = verdict.reasons.filter((r) => !r.code.startsWith('flood.') && !r.code.startsWith('reputation.'));
    return sigmoid(own.reduce((s, r) => s + r.weight, 0)) >= AUTO_CONFIRM_SCORE ? gathered.keys.reputation : [];
  }

  /**
   * After the verdict is stored: re-flags the flood's earlier `ham` comments for review, and remembers the values of
   * spam that the content rules alone call near-certain. Returns the re-flagged comments as `site\nid`.
   * (The scoring worker remembers the values in its one write, src/store/scored.ts, and calls {@link reflag}.)
   */
  async after(
    deps: { readonly config: Config; readonly queues: Pick<Queues, 'enqueueDelivery'> },
    verdict: Verdict,
    gathered: Gathered,
    now: Date,
  ): Promise<string[]> {
    const remember = this.toRemember(verdict, gathered);
    if (remember.length) await this.store.reputation.remember(remember, now, verdict);
    return this.reflag(deps, verdict, gathered, now);
  }

  /**
   * Re-flags the flood's earlier `ham` comments for review, when this comment was rejected (a flood that only holds
   * comments never pulls back the earlier ones), never through an address or a subnet, never on other sites. Returns
   * them as `site\nid`.
   */
  async reflag(
    deps: { readonly config: Config; readonly queues: Pick<Queues, 'enqueueDelivery'> },
    verdict: Verdict,
    gathered: Gathered,
    now: Date,
  ): Promise<string[]> {
    // Through the floods of what the comment is or says (a domain, a text, an author, a brand), not of where it came
    // from: readers share addresses and subnets with spam, and a rejected comment from theirs says nothing of them.
    const floods = verdict.reasons.filter((r) => r.code.startsWith('flood.') && r.code !== 'flood.ip' && r.code !== 'flood.subnet');
    if (floods.length === 0 || verdict.verdict !== 'spam') return [];
    const kinds = new Set(floods.map((r) => r.code.slice('flood.'.length)));
    const earlier = [...new Set(gathered.extras.signals.floods.filter((f) => kinds.has(f.kind)).flatMap((f) => f.earlier))].slice(0, MAX_REFLAG);
    // This site's own comments only: another site's spam never pulls back what a site published.
    const refs = earlier
      .map((ref) => {
        const cut = ref.indexOf('\n');
        return { ref, site: ref.slice(0, cut), id: ref.slice(cut + 1) };
      })
      .filter((r) => r.site === verdict.site);
    // The earlier comments are read together (one round trip, not one each): in a flood most of them are no longer
    // `ham` (re-flagged already, or spam), and only the rest go on, one at a time.
    const records = await Promise.all(refs.map((r) => this.store.comments.get(r.site, r.id)));
    const done: string[] = [];
    for (const [i, r] of refs.entries()) {
      if (await this.reflagOne(deps, r.site, records[i], floods[0]!, now)) done.push(r.ref);
    }
    return done;
  }

  private async reflagOne(
    deps: { readonly config: Config; readonly queues: Pick<Queues, 'enqueueDelivery'> },
    siteId: string,
    record: CommentRecord | undefined,
    flood: Reason,
    now: Date,
  ): Promise<boolean> {
    const old = record?.verdict;
    if (!record || !old || record.status !== 'scored' || old.verdict !== 'ham') return false;
    // What the CMS vouched for (a staff role) or the operator allowed is final: no flood pulls it back.
    if (old.reasons.some((r) => VOUCHED.has(r.code))) return false;
    const site = await this.store.sites.get(siteId);
    const settings = siteSettings(site, deps.config);
    const verdict = reflagged(old, flood, settings);
    const shadow = siteMode(site) === 'shadow';
    if (!(await this.store.flood.reflag(old, verdict, record.comment.revision, !shadow))) return false;
    await recordScored({ store: this.store, queues: deps.queues }, { site, comment: record.comment, verdict, campaign: campaignKeysOf(record.comment, settings, now), now });
    // The CMS was told `ham`: it hears that the comment is held now (a shadow-mode CMS is only ever told `ham`).
    if (site?.callbackUrl && !shadow && calledBack(record.comment)) {
      await deps.queues.enqueueDelivery({ site: site.id, body: { ...callbackBody(record.comment, verdict), event: 'reflagged' } }, `r${record.comment.revision}`);
    }
    return true;
  }
}

/** Reasons of a final `ham` that no flood overturns: the CMS vouches for the author, or the operator allows the link. */
const VOUCHED: ReadonlySet<string> = new Set(['author.trusted-role', 'list.allowed-domain']);

/**
 * An earlier verdict with the flood reason added, held for review: the reason's weight is what brings the score into
 * the review band (never into spam: a moderator decides), so the reasons still add up to the score.
 */
export function reflagged(old: Verdict, flood: Reason, settings: SiteSettings): Verdict {
  const t = settings.thresholds;
  const sum = old.reasons.reduce((s, r) => s + r.weight, 0);
  const low = logit(t.review) + 0.01;
  const high = Math.max(low, logit(t.spam) - 0.01);
  const target = Math.min(high, Math.max(low, sum + flood.weight));
  const reason: Reason = {
    code: flood.code,
    weight: Math.round((target - sum) * 1000) / 1000,
    message: `${flood.message.replace(/\.$/, '')}; found after this comment was scored.`,
    ...(flood.data ? { data: flood.data } : {}),
  };
  const reasons = [...old.reasons, reason];
  const logOdds = reasons.reduce((s, r) => s + r.weight, 0);
  return {
    ...old,
    verdict: 'review',
    discard: false,
    score: Math.round(sigmoid(logOdds) * 10_000) / 10_000,
    reasons,
    counterfactual: counterfactual(reasons, logOdds, t),
  };
}

/** The signals without what the author's address says (a proxied site's address is everyone's). */
function withoutAddresses(signals: ScoringSignals): ScoringSignals {
  return {
    ...signals,
    floods: signals.floods.filter((f) => f.kind !== 'ip' && f.kind !== 'subnet'),
    reputation: signals.reputation.filter((r) => r.kind !== 'ip'),
  };
}

const cache = new WeakMap<Store, FloodSteps>();

/** The steps for a worker's store, created once per store (so its list cache lives as long as the worker). */
export function floodStepsFor(store: Store): FloodSteps {
  let steps = cache.get(store);
  if (!steps) cache.set(store, (steps = new FloodSteps(store)));
  return steps;
}
