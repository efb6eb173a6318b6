/** Daily numbers per site: what came in, what the machine said, what people decided and overturned, queue time. */
import { z } from 'zod';
import { dailyStats } from '../../use-cases/stats.js';
import { STAT_FIELDS } from '../../store/stats.js';
import type { AppDeps } from '../deps.js';
import type { Route } from '../route.js';
import { parse } from '../validate.js';
import { siteIdSchema } from './moderation-schemas.js';
import { errorSchema } from './schemas.js';

const statsQuery = z.object({
  site: siteIdSchema.optional().describe('One site (default: every site added together).'),
  days: z.coerce.number().int().min(1).max(366).default(30).describe('How many days, ending today (UTC).'),
});

const daySchema = z.object({
  date: z.string(),
  ...Object.fromEntries(STAT_FIELDS.map((f) => [f, z.number().int()])),
  caughtByMemory: z
    .number()
    .int()
    .describe('Comments the machine held or rejected with a campaign-memory reason (`memory.*`) in their first verdict; once per comment, among `received`.'),
  reflagged: z
    .number()
    .int()
    .describe('Comments first published (`ham`) and held for review later, when a flood they belong to was rejected; the machine held `review` + `reflagged`.'),
  medianQueueSeconds: z.number().nullable(),
});

export function statsRoutes(deps: AppDeps): Route[] {
  return [
    {
      method: 'get',
      path: '/v1/stats',
      auth: ['moderator', 'operator'],
      tag: 'moderation',
      summary:
        'Per UTC day: received, ham, review, spam, reported, decided (approved, rejected), false positives (machine spam, human ham), false negatives, caughtByMemory (held or rejected by the machine with a campaign-memory reason `memory.*`: like comments the moderators rejected; counted once per comment, among `received`), reflagged (published first, held later when a flood they belong to was rejected), median time in queue.',
      query: statsQuery,
      responses: {
        200: { description: 'Oldest day first.', schema: z.object({ sites: z.array(z.string()), days: z.array(daySchema) }) },
        400: { description: 'Invalid query.', schema: errorSchema },
        404: { description: 'No such site.', schema: errorSchema },
      },
      async handler(req, res) {
        const q = parse(statsQuery, req.query, 'query');
        res.json(await dailyStats(deps.store, q.site, q.days, deps.now()));
      },
    },
  ];
}
