/**
 * Moderators' view of a site's block and allow lists (domains, emails, IPs): every entry, with who added it, when
 * and for which comment when a moderator did (spam-and-block, approve-and-trust; an operator's entries have none),
 * and removing one. Words lists stay the operator's (`/v1/lists/:kind`).
 */
import { z } from 'zod';
import { errors } from '../../platform/errors.js';
import { canonicalValues } from '../../use-cases/edit-lists.js';
import type { ListKind } from '../../scoring/site-lists.js';
import type { AppDeps } from '../deps.js';
import type { Route } from '../route.js';
import { parse } from '../validate.js';
import { siteIdSchema, sitesInScope } from './moderation-schemas.js';
import { errorSchema } from './schemas.js';

/** The lists moderators see and edit here. */
export const MODERATOR_LISTS = ['blocked-domains', 'blocked-emails', 'blocked-ips', 'allowed-domains', 'allowed-emails', 'allowed-ips'] as const satisfies readonly ListKind[];

const siteQuery = z.object({ site: siteIdSchema });
const deleteBody = z.object({ site: siteIdSchema, list: z.enum(MODERATOR_LISTS), value: z.string().min(1).max(1000) });
const entrySchema = z.object({
  site: z.string(),
  list: z.enum(MODERATOR_LISTS),
  value: z.string(),
  by: z.string().optional().describe('The moderator who added it (absent: the operator did).'),
  at: z.string().optional(),
  commentId: z.string().optional().describe('The comment whose block or trust added it.'),
});

export function blockRoutes(deps: AppDeps): Route[] {
  const { store } = deps;
  return [
    {
      method: 'get',
      path: '/v1/blocks',
      auth: ['moderator', 'operator'],
      tag: 'moderation',
      summary: "A site's blocked and allowed domains, emails and IPs, with who added each (moderators' blocks and trusts).",
      query: siteQuery,
      responses: {
        200: { description: 'Every entry, by list then value.', schema: z.object({ entries: z.array(entrySchema) }) },
        400: { description: 'Missing site.', schema: errorSchema },
        404: { description: 'No such site.', schema: errorSchema },
      },
      async handler(req, res) {
        const { site } = parse(siteQuery, req.query, 'query');
        await sitesInScope(store, site);
        const entries = await store.lists.entries(site, MODERATOR_LISTS);
        res.json({ entries: entries.map((e) => ({ site, list: e.list, value: e.value, ...(e.origin ?? {}) })) });
      },
    },
    {
      method: 'delete',
      path: '/v1/blocks',
      auth: ['moderator', 'operator'],
      tag: 'moderation',
      summary: "Remove a value from one of a site's blocked or allowed domains, emails or IPs (applies to the next comment).",
      body: deleteBody,
      responses: {
        200: { description: '`removed`: false when the value was not on the list.', schema: z.object({ removed: z.boolean() }) },
        400: { description: 'Invalid body or value.', schema: errorSchema },
        404: { description: 'No such site.', schema: errorSchema },
      },
      async handler(req, res) {
        const body = parse(deleteBody, req.body);
        if (!(await store.sites.get(body.site))) throw errors.notFound(`Site "${body.site}"`);
        const [value] = canonicalValues(body.list, [body.value]);
        res.json({ removed: (await store.lists.removeMany(body.site, body.list, [value!])) === 1 });
      },
    },
  ];
}
