/**
 * A CMS reports a published comment: it goes back to the review queue (the would-have-held set in shadow mode) with a
 * `reported` reason of weight 0, so the reasons still add up to the score and the machine's figures stay as they were.
 */
import { errors } from '../platform/errors.js';
import { siteMode } from '../store/sites.js';
import { dayOf } from '../store/stats.js';
import type { Reason, Verdict } from '../domain/verdict.js';
import type { ModerationDeps } from './deps.js';

/** The reason a report adds. */
export function reportedReason(detail: string | undefined): Reason {
  const message = detail ? `Reported by the CMS: ${detail}` : 'Reported by the CMS.';
  return { code: 'reported', weight: 0, message };
}

/** What a report did: `held` it, or nothing because it was `already-held`. */
export type ReportOutcome = { readonly outcome: 'held' | 'already-held'; readonly verdict: Verdict };

/** Puts a comment back in the queue. Throws `not_found`, `not_scored` or `already_rejected`. */
export async function reportComment(
  deps: ModerationDeps,
  input: { site: string; id: string; reason?: string | undefined },
): Promise<ReportOutcome> {
  const { store } = deps;
  const record = await store.comments.get(input.site, input.id);
  if (!record) throw errors.notFound(`Comment "${input.id}" on site "${input.site}"`);
  if (!record.verdict) throw errors.notScored(input.id);
  if (record.status === 'scored' && record.verdict.verdict === 'review') return { outcome: 'already-held', verdict: record.verdict };
  if (record.verdict.verdict === 'spam') throw errors.alreadyRejected(input.id);
  const now = deps.now();
  const { decidedBy: _by, decidedAt: _at, ...machine } = record.verdict;
  const reasons = [...machine.reasons.filter((r) => r.code !== 'reported'), reportedReason(input.reason)];
  const verdict: Verdict = { ...machine, status: 'scored', verdict: 'review', reasons };
  const site = await store.sites.get(input.site);
  if (!(await store.decisions.hold(verdict, record.comment.revision, siteMode(site) === 'shadow', now))) {
    throw errors.conflict(`Comment "${input.id}" was edited meanwhile; report it again if needed.`);
  }
  await store.campaigns.setState(record.comment, siteMode(site) === 'shadow' ? 'none' : 'held');
  await store.stats.add(input.site, dayOf(now), { reported: 1 });
  return { outcome: 'held', verdict };
}
