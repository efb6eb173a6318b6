/**
 * The worker's two steps around the pure pipeline. Before it: gather the flood counts, the reputation hits and the
 * site's lists (one round trip in the usual case). After the verdict is stored: re-flag the earlier comments of a
 * flood that were let through as `ham` (they are held for review now), and remember the values of near-certain spam
 * in the reputation memory.
 */
import type { StoredComment } from './comment.js';
import { ListCache } from './list-cache.js';
import { campaignKeysOf, recordScored } from './moderation/scored.js';
import type { Queues } from './queue/queues.js';
import type { ContextExtras, ScoringContext, SiteSettings } from './scoring/context.js';
import { counterfactual } from './scoring/counterfactual.js';
import { floodKeysOf, type FloodKeys } from './scoring/flood-keys.js';
import { loadRuleData, paramsOf, type RuleData } from './scoring/rule-data.js';
import type { ScoringSignals } from './scoring/signals.js';
import { siteSettings } from './site-settings.js';
import type { Config } from './config.js';
import type { Store } from './store/index.js';
import { siteMode, type Site } from './store/sites.js';
import { logit, sigmoid, type Reason, type Verdict } from './verdict.js';

/** What was gathered before scoring. */
export interface Gathered {
  readonly extras: ContextExtras & { readonly signals: ScoringSignals };
  readonly keys: FloodKeys;
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

  /** Counts the comment in its flood windows and reads its lists: the extras of its scoring context. */
  async gather(site: string, ctx: ScoringContext, now: Date): Promise<Gathered> {
    const comment = ctx.comment as StoredComment;
    const keys = floodKeysOf(ctx, this.minTextTokens);
    // Both requests leave together: one round trip.
    const [lists, signals] = await Promise.all([this.lists.forSite(site), this.store.flood.record(site, comment.id, keys, now)]);
    return { extras: { lists, signals, receivedAt: new Date(comment.receivedAt) }, keys };
  }

  /**
   * After the verdict is stored: re-flags the flood's earlier `ham` comments for review, and remembers the values of
   * spam that the content rules alone call near-certain. Returns the re-flagged comments as `site\nid`.
   */
  async after(
    deps: { readonly config: Config; readonly queues: Pick<Queues, 'enqueueDelivery'> },
    verdict: Verdict,
    gathered: Gathered,
    now: Date,
  ): Promise<string[]> {
    if (verdict.verdict === 'spam' && !verdict.reasons.some((r) => r.code.startsWith('test.'))) {
      const own = verdict.reasons.filter((r) => !r.code.startsWith('flood.') && !r.code.startsWith('reputation.'));
      if (sigmoid(own.reduce((s, r) => s + r.weight, 0)) >= AUTO_CONFIRM_SCORE) await this.store.reputation.remember(gathered.keys.reputation, now);
    }
    const floods = verdict.reasons.filter((r) => r.code.startsWith('flood.'));
    if (floods.length === 0 || verdict.verdict === 'ham') return [];
    const kinds = new Set(floods.map((r) => r.code.slice('flood.'.length)));
    const earlier = [...new Set(gathered.extras.signals.floods.filter((f) => kinds.has(f.kind)).flatMap((f) => f.earlier))].slice(0, MAX_REFLAG);
    const done: string[] = [];
    for (const ref of earlier) {
      const cut = ref.indexOf('\n');
      if (await this.reflagOne(deps, ref.slice(0, cut), ref.slice(cut + 1), floods[0]!, now)) done.push(ref);
    }
    return done;
  }

  private async reflagOne(
    deps: { readonly config: Config; readonly queues: Pick<Queues, 'enqueueDelivery'> },
    siteId: string,
    id: string,
    flood: Reason,
    now: Date,
  ): Promise<boolean> {
    const record = await this.store.comments.get(siteId, id);
    const old = record?.verdict;
    if (!record || !old || record.status !== 'scored' || old.verdict !== 'ham') return false;
    const site = await this.store.sites.get(siteId);
    const settings = siteSettings(site, deps.config);
    const verdict = reflagged(old, flood, settings);
    if (!(await this.store.flood.reflag(old, verdict, record.comment.revision, siteMode(site) !== 'shadow'))) return false;
    await recordScored({ store: this.store, queues: deps.queues }, { site, comment: record.comment, verdict, campaign: campaignKeysOf(record.comment, settings, now), now });
    return true;
  }
}

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

const cache = new WeakMap<Store, FloodSteps>();

/** The steps for a worker's store, created once per store (so its list cache lives as long as the worker). */
export function floodStepsFor(store: Store): FloodSteps {
  let steps = cache.get(store);
  if (!steps) cache.set(store, (steps = new FloodSteps(store)));
  return steps;
}
