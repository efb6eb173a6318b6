/**
 * The operator's lists: blocked and allowed domains, IPs and CIDR ranges, emails and email domains, banned and
 * suspect words, per site (`?site=` or `site` in the body) or global (no site). Changes reach every worker on the
 * next comment (src/list-cache.ts).
 */
import { z } from 'zod';
import { errors } from '../../platform/errors.js';
import { applyListChange, listKindOf, scopeOf, type ListChange } from '../../use-cases/edit-lists.js';
import { LIST_KINDS } from '../../scoring/site-lists.js';
import { GLOBAL_SCOPE } from '../../store/lists.js';
import type { AppDeps } from '../deps.js';
import type { Route } from '../route.js';
import { parse } from '../validate.js';
import { errorSchema } from './schemas.js';

const site = z.string().min(1).max(64).optional().describe('A site id; without it, the global lists every site shares.');
const values = z.array(z.string().max(1000)).max(1000);
const siteQuery = z.object({ site });
const putBody = z.strictObject({ site, values: values.describe('The whole list: replaces what is there.') });
const patchBody = z
  .strictObject({ site, add: values.optional(), remove: values.optional() })
  .refine((b) => b.add !== undefined || b.remove !== undefined, { message: 'give "add", "remove" or both' });
const listSchema = z.object({
  site: z.string().describe('The site id, or "*" for the global lists.'),
  kind: z.enum(LIST_KINDS),
  values: z.array(z.string()),
});

const responses = (ok: string) => ({
  200: { description: ok, schema: listSchema },
  400: { description: 'Invalid values or body.', schema: errorSchema },
  401: { description: 'Missing or invalid credentials.', schema: errorSchema },
  403: { description: 'Not an operator.', schema: errorSchema },
  404: { description: 'No such list kind or site.', schema: errorSchema },
});

export function listRoutes(deps: AppDeps): Route[] {
  const { store } = deps;
  /** The scope of a request, checking that a named site exists. */
  const scope = async (querySite: string | undefined, bodySite: string | undefined): Promise<string> => {
    if (querySite && bodySite && querySite !== bodySite) throw errors.validation(`The query names site "${querySite}", the body "${bodySite}".`);
    const id = querySite ?? bodySite;
    if (id !== undefined && !(await store.sites.get(id))) throw errors.notFound(`Site "${id}"`);
    return scopeOf(id);
  };
  const reply = (s: string, kind: string, list: string[]) => ({ site: s === GLOBAL_SCOPE ? '*' : s, kind, values: list });
  /** PUT and PATCH: parse, check the site, apply the change, answer with the list as stored. */
  const write = <B extends z.ZodType<{ site?: string | undefined }>>(method: 'put' | 'patch', summary: string, body: B, change: (b: z.output<B>) => ListChange): Route => ({
    method,
    path: '/v1/lists/:kind',
    auth: ['operator'],
    tag: 'lists',
    summary,
    query: siteQuery,
    body,
    responses: responses('The list as stored (canonical values).'),
    async handler(req, res) {
      const kind = listKindOf(String(req.params['kind']));
      const parsed = parse(body, req.body);
      const s = await scope(parse(siteQuery, req.query, 'query').site, parsed.site);
      res.json(reply(s, kind, await applyListChange(store.lists, s, kind, change(parsed))));
    },
  });
  return [
    {
      method: 'get',
      path: '/v1/lists/:kind',
      auth: ['operator', 'moderator'],
      tag: 'lists',
      summary: `A list (${LIST_KINDS.join(', ')}) of a site (?site=) or the global one.`,
      query: siteQuery,
      responses: responses('The list.'),
      async handler(req, res) {
        const kind = listKindOf(String(req.params['kind']));
        const s = await scope(parse(siteQuery, req.query, 'query').site, undefined);
        res.json(reply(s, kind, await store.lists.values(s, kind)));
      },
    },
    write('put', 'Replaces a list. Applies to the next comment, on every worker.', putBody, (b) => ({ set: b.values })),
    write('patch', 'Adds and removes values. Applies to the next comment, on every worker.', patchBody, (b) => ({ add: b.add, remove: b.remove })),
  ];
}
