/**
 * Exporting one person's data on request (docs/DATA-RIGHTS.md): every comment the selector names (findPerson) with
 * everything kept about it — the comment as received, its status and verdict, the decisions about it, its training
 * example, the reputation confirmations and campaign-memory record it made, the campaigns it is counted in. Read only;
 * audited in each site's audit log with the selector hashed, as an erasure is.
 */
import type { StoredComment } from '../domain/comment.js';
import type { CampaignKey } from '../scoring/campaign.js';
import type { CorpusExample } from '../store/corpus.js';
import type { Decision } from '../store/decisions.js';
import type { Store } from '../store/index.js';
import type { Confirmation } from '../store/reputation.js';
import type { CommentStatus, Verdict } from '../domain/verdict.js';
import { auditedSelector, findPerson, selectorOf, type PersonSelector } from './find-person.js';

/** Everything stored about one comment of the person. */
export interface ExportedComment {
  readonly site: string;
  readonly id: string;
  readonly comment: StoredComment;
  readonly status: CommentStatus;
  readonly verdict?: Verdict;
  readonly decisions: readonly Decision[];
  /** The label the classifier learned from it, if any. */
  readonly trainingExample?: CorpusExample;
  /** The values it confirmed as spam in the reputation memory (domain, ip, email, brand), and when. */
  readonly reputation: readonly Confirmation[];
  /** Its record in the campaign memory (what moderators decided, by fingerprint), if any. */
  readonly memory?: { readonly state: string; readonly fingerprints: ReadonlyArray<{ kind: string; value: string }> };
  readonly campaigns: readonly CampaignKey[];
}

export interface PersonExport {
  readonly selector: { readonly kind: string; readonly value: string };
  readonly sites: readonly string[];
  readonly exportedAt: string;
  readonly comments: readonly ExportedComment[];
}

/** Everything stored about the person `selector` names in `sites`; `by` is who asked (the audit's). */
export async function exportPerson(deps: { store: Store; now: () => Date }, selector: PersonSelector, sites: readonly string[], by: string): Promise<PersonExport> {
  const { store } = deps;
  const found = await findPerson(store, selector, sites);
  const comments: ExportedComment[] = [];
  for (const ref of found) {
    const record = await store.comments.get(ref.site, ref.id);
    if (!record) continue;
    const [decisions, example, reputation, memory, campaigns] = await Promise.all([
      store.decisions.history(ref.site, ref.id),
      store.corpus.get(ref.site, ref.id),
      store.reputation.confirmationsOf(ref),
      store.memory.snapshot(ref),
      store.campaigns.keysOf(ref.site, ref.id),
    ]);
    const mem = memory ? (JSON.parse(memory.record) as { state: string; fingerprints: Array<{ kind: string; value: string }> }) : undefined;
    comments.push({
      site: ref.site,
      id: ref.id,
      comment: record.comment,
      status: record.status,
      ...(record.verdict ? { verdict: record.verdict } : {}),
      decisions,
      ...(example ? { trainingExample: example } : {}),
      reputation,
      ...(mem ? { memory: { state: mem.state, fingerprints: mem.fingerprints } } : {}),
      campaigns,
    });
  }
  const at = deps.now().toISOString();
  const audited = await auditedSelector(store, selector);
  for (const site of sites) {
    const here = comments.filter((c) => c.site === site).length;
    await store.sites.addAudit(site, { at, by, changes: { 'person.exported': { from: audited, to: { comments: here } } } });
  }
  return { selector: selectorOf(selector), sites, exportedAt: at, comments };
}
