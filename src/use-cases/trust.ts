/**
 * "Approve and trust": a moderator approves a comment (a decision like any other, so it can be undone) and puts one
 * of its values — a link domain, the author's email or IP address — on the site's allow list, noting who, when and
 * for which comment. Trusting what anyone can use (a popular or free-mail domain, a proxy's address) or what the
 * site blocks is refused (src/use-cases/list-targets.ts).
 */
import { errors } from '../platform/errors.js';
import type { ListKind } from '../scoring/site-lists.js';
import type { Decision } from '../store/decisions.js';
import { chosenValue } from './block.js';
import { decideComment, type BulkOutcome, type Staff } from './decide.js';
import type { ModerationDeps } from './deps.js';
import { ALLOW_LIST, valuesOf, whyNotTrust, type ListTarget } from './list-targets.js';

/** What a trust did. */
export interface TrustOutcome extends BulkOutcome {
  readonly trusted: { readonly list: ListKind; readonly value: string; readonly added: boolean };
  readonly decision: Decision;
}

/** Approves a comment and allows its `target` (`value`, or its first one) on the site. Throws `trust_refused` and the decision's errors. */
export async function approveAndTrust(
  deps: ModerationDeps,
  input: { site: string; id: string; target: ListTarget; value?: string | undefined; note?: string | undefined },
  by: Staff,
): Promise<TrustOutcome> {
  const record = await deps.store.comments.get(input.site, input.id);
  if (!record) throw errors.notFound(`Comment "${input.id}" on site "${input.site}"`);
  const value = chosenValue(record.comment, input.target, input.value, (c, t) => valuesOf(c, t)[0], 'trust');
  const why = await whyNotTrust(deps.store, record.comment, input.target, value);
  if (why) throw errors.trustRefused(value, why);
  const { decision } = await decideComment(deps, { site: input.site, id: input.id, verdict: 'ham', note: input.note ?? `Trusted ${input.target} ${value}` }, by);
  const list = ALLOW_LIST[input.target];
  const added = await deps.store.lists.add(input.site, list, value, { by: by.name, at: decision.at, commentId: input.id });
  return { decided: [{ site: input.site, id: input.id, verdict: 'ham', at: decision.at }], skipped: [], trusted: { list, value, added }, decision };
}
