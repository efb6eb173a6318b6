/**
 * Erasing one person's data on request (docs/DATA-RIGHTS.md): every comment the selector names (findPerson), and
 * with each everything kept about it — its hash (content, verdict, content hash), its decision history and undo
 * record, its places in the views and search index, its training example (the site's live model forgets it through the
 * training queue, as a label change does), the reputation confirmations and campaign-memory record it made, its
 * campaign memberships, its flood-window members, the published-ham entry, the proxy detector's entries, and the
 * queued jobs carrying it. Each store erases its own keys. The day counters stay as numbers (the queue times too, under
 * a random member): they name no one. Audited in each site's audit log with the selector hashed. Idempotent.
 */
import { enqueueEphemeralTraining, eraseJobsOf, type Queues } from '../queue/queues.js';
import { buildContext } from '../scoring/context.js';
import { floodKeysOf, type FloodKeys } from '../scoring/flood-keys.js';
import type { CampaignKey } from '../scoring/campaign.js';
import type { Store } from '../store/index.js';
import { dayOf } from '../store/stats.js';
import type { Site } from '../store/sites.js';
import { auditedSelector, findPerson, type PersonComment, type PersonSelector } from './find-person.js';
import { indexTerms } from '../store/index-terms.js';

/** What was erased, per kind: counts only. */
export interface ErasedCounts {
  comments: number;
  decisions: number;
  indexEntries: number;
  trainingExamples: number;
  reputationConfirmations: number;
  memoryRecords: number;
  campaignMemberships: number;
  floodMembers: number;
  publishedEntries: number;
  readerEntries: number;
  /** Queue times kept as numbers, the comment id taken off them. */
  queueTimesAnonymised: number;
  jobs: number;
}

export interface EraseResult {
  readonly sites: readonly string[];
  readonly erased: ErasedCounts;
  /** Jobs left to run (a worker holds them, or training jobs that must run before the model forgets). */
  readonly jobsLeft: number;
}

export interface EraseDeps {
  readonly store: Store;
  readonly queues: Pick<Queues, 'comments' | 'training' | 'deliveries'>;
  readonly now: () => Date;
}

const zero = (): ErasedCounts => ({
  comments: 0,
  decisions: 0,
  indexEntries: 0,
  trainingExamples: 0,
  reputationConfirmations: 0,
  memoryRecords: 0,
  campaignMemberships: 0,
  floodMembers: 0,
  publishedEntries: 0,
  readerEntries: 0,
  queueTimesAnonymised: 0,
  jobs: 0,
});

/** Erases every trace of the person `selector` names in `sites`; `by` is who asked (the audit's). */
export async function erasePerson(deps: EraseDeps, selector: PersonSelector, sites: readonly string[], by: string): Promise<EraseResult> {
  const { store } = deps;
  const found = await findPerson(store, selector, sites);
  const counts = zero();
  // Jobs first: a scoring job run meanwhile would file the comment again.
  const jobs = await eraseJobsOf(deps.queues, found);
  counts.jobs = jobs.removed;
  const seen = new Map<string, { ips: Set<string>; names: Set<string> }>();
  const siteRecords = new Map<string, Site | undefined>();
  for (const ref of found) {
    if (!siteRecords.has(ref.site)) siteRecords.set(ref.site, await store.sites.get(ref.site));
    const author = await eraseComment(deps, ref, siteRecords.get(ref.site), counts);
    const s = seen.get(ref.site) ?? { ips: new Set(), names: new Set() };
    if (author.ip) s.ips.add(author.ip);
    if (author.name) s.names.add(author.name);
    seen.set(ref.site, s);
  }
  for (const [site, { ips, names }] of seen) counts.readerEntries += await store.readers.erase(site, [...ips], [...names]);
  const audited = await auditedSelector(store, selector);
  const at = deps.now().toISOString();
  for (const site of sites) {
    const here = found.filter((f) => f.site === site).length;
    // `comments`: this site's; `erased`: the whole request's counts (every site of it gets the same entry otherwise).
    await store.sites.addAudit(site, { at, by, changes: { 'person.erased': { from: audited, to: { comments: here, erased: counts } } } });
  }
  return { sites, erased: counts, jobsLeft: jobs.left };
}

/** Erases one comment and what every store keeps of it; returns its author's address and name (for the readers). */
async function eraseComment(deps: EraseDeps, ref: PersonComment, site: Site | undefined, counts: ErasedCounts): Promise<{ ip?: string | undefined; name?: string | undefined }> {
  const { store } = deps;
  const now = deps.now();
  const record = await store.comments.get(ref.site, ref.id);
  const history = await store.decisions.history(ref.site, ref.id);
  const campaign = await store.campaigns.keysOf(ref.site, ref.id);
  const terms = record ? indexTerms(record.comment, record.verdict, campaign) : [];
  counts.indexEntries += await store.index.unfile(ref.site, ref.id, terms);
  if (record) {
    counts.campaignMemberships += campaign.length;
    await store.campaigns.setState({ site: ref.site, id: ref.id, postId: record.comment.postId, receivedAt: record.comment.receivedAt }, 'none');
  }
  if (await store.memory.snapshot(ref)) counts.memoryRecords++;
  await store.memory.restore(ref, null, now);
  counts.reputationConfirmations += (await store.reputation.forget(ref)).length;
  const { replaced } = await store.corpus.restore(ref.site, ref.id, null);
  if (replaced) {
    counts.trainingExamples++;
    const forget = { label: replaced.label, content: replaced.content, contentType: replaced.contentType, author: replaced.author };
    await enqueueEphemeralTraining(deps.queues, { kind: 'learn', site: ref.site, id: ref.id, forget });
  }
  counts.queueTimesAnonymised += await store.stats.anonymiseQueueTimes(ref.site, ref.id, history.map((d) => dayOf(d.at)));
  counts.decisions += await store.decisions.erase(ref.site, ref.id);
  if (await store.published.erase(ref.site, ref.id)) counts.publishedEntries++;
  if (record) counts.floodMembers += await store.flood.erase(ref.site, ref.id, floodCandidates(record.comment, site, campaign, now));
  if (await store.comments.erase(ref.site, ref.id)) counts.comments++;
  return { ip: record?.comment.author.ip, name: record?.comment.author.name };
}

/**
 * The flood keys scoring may have counted a comment under: with the site's own domains and without (the setting may
 * have changed since), texts of any length (the shortest compared is a rule parameter), its campaign keys as stored.
 */
function floodCandidates(comment: Parameters<typeof buildContext>[0], site: Site | undefined, campaign: readonly CampaignKey[], now: Date): FloodKeys[] {
  const settings = { thresholds: { review: 0.5, spam: 0.9 }, languages: [] };
  const variants = [settings, { ...settings, domains: site?.domains ?? [] }];
  return variants.map((s) => floodKeysOf(buildContext(comment, s, now), 0, campaign.length ? campaign : undefined));
}
