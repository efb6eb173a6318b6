/**
 * A human label, into the campaign memory: a rejected comment's fingerprints hold the next comments that carry them,
 * an approved one's outweigh them; a later label replaces an earlier one exactly (src/store/memory.ts). Called by a
 * moderator's decision and by the Akismet protocol's submit-spam / submit-ham.
 */
import type { CommentInput } from '../domain/comment.js';
import { buildContext } from '../scoring/context.js';
import { fingerprintsOf } from '../scoring/fingerprints.js';
import type { Store } from '../store/index.js';
import { memoryScopes, type Site } from '../store/sites.js';

// Fingerprints read the comment alone: no thresholds or languages are involved.
const NO_SETTINGS = { thresholds: { review: 0.5, spam: 0.9 }, languages: [] };

/** Remembers that people found `comment` (of site `siteId`, whose record is `site` when it exists) to be `label`. */
export async function rememberLabel(
  store: Pick<Store, 'memory'>,
  siteId: string,
  site: Pick<Site, 'shareMemory'> | undefined,
  comment: CommentInput & { readonly id: string },
  label: 'spam' | 'ham',
  now: Date,
): Promise<void> {
  const fingerprints = fingerprintsOf(buildContext(comment, NO_SETTINGS, now));
  const scopes = memoryScopes({ id: siteId, shareMemory: site?.shareMemory === true });
  await store.memory.apply({ site: siteId, id: comment.id }, label === 'spam' ? 'rejected' : 'approved', fingerprints, scopes, now);
}
