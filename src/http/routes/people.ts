/** Data rights: operators erase, or export, everything stored about one person (docs/DATA-RIGHTS.md). Audited. */
import { z } from 'zod';
import { errors } from '../../platform/errors.js';
import { erasePerson } from '../../use-cases/erase-person.js';
import { exportPerson } from '../../use-cases/export-person.js';
import { personScope, type PersonRequest, type PersonSelector } from '../../use-cases/find-person.js';
import type { Store } from '../../store/index.js';
import type { AppDeps } from '../deps.js';
import type { Route } from '../route.js';
import { parse } from '../validate.js';
import { commentIdSchema, siteIdSchema, staffOf } from './moderation-schemas.js';
import { errorSchema } from './schemas.js';

const selectorFields = {
  site: siteIdSchema.optional().describe('The site to look in; required unless `everywhere`.'),
  email: z.string().min(1).max(320).optional().describe("The author's e-mail (any case)."),
  ip: z.string().min(1).max(64).optional().describe("The author's IP address, as the CMS sent it."),
  name: z.string().min(1).max(200).optional().describe("The author's name (as the comment index folds it: case and accents aside)."),
  authorId: z.string().min(1).max(200).optional().describe("The CMS's own id of the author (`author.id`)."),
  comment: commentIdSchema.optional().describe('One comment, by its id.'),
};

const eraseBody = z.object({ ...selectorFields, everywhere: z.boolean().optional().describe('Every site, instead of `site`.') });
const exportQuery = z.object({ ...selectorFields, everywhere: z.enum(['true', 'false']).optional().describe('Every site, instead of `site`.') });

/** The export's query as a request: `everywhere` is text there. */
const exportScope = (q: z.output<typeof exportQuery>): PersonRequest => ({ ...q, everywhere: q.everywhere === 'true' ? true : undefined });

const countsSchema = z.object({
  comments: z.number().int(),
  decisions: z.number().int(),
  indexEntries: z.number().int(),
  trainingExamples: z.number().int(),
  reputationConfirmations: z.number().int(),
  memoryRecords: z.number().int(),
  campaignMemberships: z.number().int(),
  floodMembers: z.number().int(),
  publishedEntries: z.number().int(),
  readerEntries: z.number().int(),
  queueTimesAnonymised: z.number().int(),
  jobs: z.number().int(),
});

const exportedSchema = z.object({
  site: z.string(),
  id: z.string(),
  comment: z.record(z.string(), z.unknown()),
  status: z.string(),
  verdict: z.record(z.string(), z.unknown()).optional(),
  decisions: z.array(z.record(z.string(), z.unknown())),
  trainingExample: z.record(z.string(), z.unknown()).optional(),
  reputation: z.array(z.object({ kind: z.string(), value: z.string(), at: z.number() })),
  memory: z.object({ state: z.string(), fingerprints: z.array(z.object({ kind: z.string(), value: z.string() })) }).optional(),
  campaigns: z.array(z.object({ kind: z.string(), value: z.string() })),
});

/** The selector and sites of a request, or its 400/404. */
async function scopeOf(store: Store, q: PersonRequest): Promise<{ selector: PersonSelector; sites: string[] }> {
  const scope = await personScope(store, q);
  if ('refused' in scope) throw errors.validation(`${scope.refused[0]!.toUpperCase()}${scope.refused.slice(1)}.`);
  if ('unknownSite' in scope) throw errors.notFound(`Site "${scope.unknownSite}"`);
  return scope;
}

export function peopleRoutes(deps: AppDeps): Route[] {
  const { store } = deps;
  return [
    {
      method: 'delete',
      path: '/v1/people',
      auth: ['operator'],
      tag: 'people',
      summary: "Erase every trace of one person (by e-mail, IP, name, author id, or one comment) in a site or everywhere. Idempotent; audited with the selector hashed.",
      body: eraseBody,
      responses: {
        200: {
          description: 'What was erased, per kind (counts), and the jobs still to run.',
          schema: z.object({ sites: z.array(z.string()), erased: countsSchema, jobsLeft: z.number().int() }),
        },
        400: { description: 'Not exactly one selector, or neither `site` nor `everywhere`.', schema: errorSchema },
        401: { description: 'No valid token.', schema: errorSchema },
        403: { description: 'Not an operator token.', schema: errorSchema },
        404: { description: 'No such site.', schema: errorSchema },
      },
      async handler(req, res, principal) {
        const { selector, sites } = await scopeOf(store, parse(eraseBody, req.body ?? {}));
        res.json(await erasePerson(deps, selector, sites, staffOf(principal).name));
      },
    },
    {
      method: 'get',
      path: '/v1/people/export',
      auth: ['operator'],
      tag: 'people',
      summary: 'Everything stored about one person (same selectors as the erasure), as JSON. Audited with the selector hashed.',
      query: exportQuery,
      responses: {
        200: {
          description: 'The comments with their verdicts, decisions, training labels, reputation confirmations and campaign memory.',
          schema: z.object({
            selector: z.object({ kind: z.string(), value: z.string() }),
            sites: z.array(z.string()),
            exportedAt: z.string(),
            comments: z.array(exportedSchema),
          }),
        },
        400: { description: 'Not exactly one selector, or neither `site` nor `everywhere`.', schema: errorSchema },
        401: { description: 'No valid token.', schema: errorSchema },
        403: { description: 'Not an operator token.', schema: errorSchema },
        404: { description: 'No such site.', schema: errorSchema },
      },
      async handler(req, res, principal) {
        const { selector, sites } = await scopeOf(store, exportScope(parse(exportQuery, req.query, 'query')));
        res.json(await exportPerson(deps, selector, sites, staffOf(principal).name));
      },
    },
  ];
}
