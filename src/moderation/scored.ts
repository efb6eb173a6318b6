/**
 * The moderation step of scoring, run by the score-comment worker once a verdict is stored: note what the machine
 * said (shadow mode: in the would-have-held set), index the comment's campaigns, count it in the day's stats, and
 * tell the CMS when the verdict is already final. Every part is idempotent, so a retried job repeats it harmlessly.
 * The scoring worker itself writes all of it, with the verdict, in one script (src/store/scored.ts, the same steps);
 * this step-by-step form serves the rarer writers: holds of unscorable comments and re-flags of a flood's earlier ones.
 */
import type { StoredComment } from '../domain/comment.js';
import type { Queues } from '../queue/queues.js';
import { campaignKeys, type CampaignKey } from '../scoring/campaign.js';
import { buildContext, type SiteSettings } from '../scoring/context.js';
import type { CampaignState } from '../store/campaigns.js';
import type { Store } from '../store/index.js';
import { siteMode, type Site } from '../store/sites.js';
import { caughtByMemory, dayOf } from '../store/stats.js';
import type { Verdict } from '../domain/verdict.js';
import { tellCms } from '../use-cases/tell-cms.js';

/** The campaign keys of a comment (the flood detector's keys). */
export function campaignKeysOf(comment: StoredComment, settings: SiteSettings, now: Date): CampaignKey[] {
  return campaignKeys(buildContext(comment, settings, now));
}

/** What {@link recordScored} needs. */
export interface ScoredComment {
  readonly site: Site | undefined;
  readonly comment: StoredComment;
  readonly verdict: Verdict;
  readonly campaign: readonly CampaignKey[];
  readonly now: Date;
}

/** Records a freshly stored machine verdict for moderation. */
export async function recordScored(
  deps: { readonly store: Store; readonly queues: Pick<Queues, 'enqueueDelivery'> },
  { site, comment, verdict, campaign, now }: ScoredComment,
): Promise<void> {
  const shadow = siteMode(site) === 'shadow';
  await deps.store.decisions.noteScored(verdict, now, shadow);
  // Campaigns are a queue tool: a shadow-mode site has no queue, so its comments stay out of them.
  const state: CampaignState = shadow || verdict.verdict === 'ham' ? 'none' : verdict.verdict === 'review' ? 'held' : 'spam';
  await deps.store.campaigns.index(comment, campaign, state);
  await deps.store.stats.countScored(verdict.site, verdict.id, verdict.verdict, dayOf(verdict.receivedAt), caughtByMemory(verdict));
  await tellCms(deps.queues, site, comment, verdict, `m${comment.revision}`);
}
