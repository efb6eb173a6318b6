/** Request and response schemas of the moderation routes, and the site scoping staff requests share. */
import { z } from 'zod';
import { CAMPAIGN_KINDS } from '../../scoring/campaign.js';
import { errors } from '../../platform/errors.js';
import type { Principal, StaffRole } from '../../store/credentials.js';
import type { Store } from '../../store/index.js';
import { principalOf } from '../route.js';
import { verdictSchema } from './schemas.js';

/** A site id as the API accepts it. */
export const siteIdSchema = z.string().min(1).max(64);
/** A comment id. */
export const commentIdSchema = z.string().min(1).max(128);
/** A moderator's note. */
export const noteSchema = z.string().max(1000);

export const campaignKeySchema = z.object({ kind: z.enum(CAMPAIGN_KINDS), value: z.string().min(1).max(200) });

export const campaignSummarySchema = campaignKeySchema.extend({
  comments: z.number().int().describe('Held and rejected comments of the campaign.'),
  held: z.number().int().describe('Of which still held for review.'),
  posts: z.number().int().describe('Distinct posts they were left on.'),
  sites: z.record(z.string(), z.number().int()).describe('Comments per site, across all sites.'),
});

export const storedCommentSchema = z
  .object({ id: z.string(), site: z.string(), postId: z.string(), content: z.string(), receivedAt: z.string(), revision: z.number() })
  .catchall(z.unknown());

export const reviewItemSchema = z.object({
  site: z.string(),
  id: z.string(),
  comment: storedCommentSchema,
  verdict: verdictSchema,
  status: z.enum(['queued', 'scored', 'decided']).describe('`scored`: the machine\'s verdict stands; `decided` by a person.'),
  campaigns: z.array(campaignSummarySchema),
});

export const decisionSchema = z.object({
  verdict: z.enum(['ham', 'spam']),
  note: z.string().optional(),
  by: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  at: z.string(),
  rev: z.number().int(),
  before: z.object({ verdict: z.string(), status: z.string() }),
  machine: z.string(),
  heldAt: z.number().optional(),
  undone: z
    .object({ by: z.object({ id: z.string(), name: z.string(), role: z.string() }), at: z.string() })
    .optional()
    .describe('Present when the decision was undone: who undid it, and when. The comment then has the verdict it had before.'),
});

export const bulkOutcomeSchema = z.object({
  decided: z.array(z.object({ site: z.string(), id: z.string(), verdict: z.enum(['ham', 'spam']), at: z.string().describe('When it was decided: names the decision for POST /v1/comments/:id/undo.') })),
  skipped: z.array(z.object({ site: z.string(), id: z.string(), code: z.string(), message: z.string() })),
});

/** The staff principal of a staff-only route. */
export function staffOf(principal: Principal | undefined): Extract<Principal, { role: StaffRole }> {
  const p = principalOf(principal);
  if (p.role === 'cms') throw errors.forbidden('This route is for staff tokens.');
  return p;
}

/** The sites a staff request covers: the one named (which must exist), or every site. */
export async function sitesInScope(store: Store, site: string | undefined): Promise<string[]> {
  if (site === undefined) return (await store.sites.list()).map((s) => s.id);
  if (!(await store.sites.get(site))) throw errors.notFound(`Site "${site}"`);
  return [site];
}
