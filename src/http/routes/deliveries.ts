/** Operators watch CMS callbacks: the ones still retrying or given up on, and replay those that failed. */
import { z } from 'zod';
import { DELIVERY_STATES, listDeliveries, replayDelivery } from '../../delivery/operator.js';
import type { AppDeps } from '../deps.js';
import type { Route } from '../route.js';
import { parse } from '../validate.js';
import { siteIdSchema } from './moderation-schemas.js';
import { errorSchema } from './schemas.js';

const listQuery = z.object({
  state: z.enum(DELIVERY_STATES).default('failed').describe('`failed`: given up after every try; `delayed`: waiting for the next try.'),
  site: siteIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const deliverySchema = z.object({
  id: z.string(),
  site: z.string(),
  commentId: z.string(),
  verdict: z.string(),
  state: z.string(),
  attempts: z.number().int(),
  lastError: z.string().optional(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
});

export function deliveryRoutes(deps: AppDeps): Route[] {
  const queue = deps.queues.deliveries;
  return [
    {
      method: 'get',
      path: '/v1/deliveries',
      auth: ['operator'],
      tag: 'deliveries',
      summary: 'CMS callbacks in a state (default: failed after every try), newest first.',
      query: listQuery,
      responses: {
        200: { description: 'The deliveries.', schema: z.object({ deliveries: z.array(deliverySchema) }) },
        400: { description: 'Invalid query.', schema: errorSchema },
      },
      async handler(req, res) {
        const q = parse(listQuery, req.query, 'query');
        res.json({ deliveries: await listDeliveries(queue, q) });
      },
    },
    {
      method: 'post',
      path: '/v1/deliveries/:id/replay',
      auth: ['operator'],
      tag: 'deliveries',
      summary: 'Send a failed callback again, with a fresh set of tries.',
      responses: {
        202: { description: 'Queued again.', schema: z.object({ id: z.string(), state: z.literal('waiting') }) },
        404: { description: 'No such delivery.', schema: errorSchema },
        409: { description: 'Not failed (still retrying, or delivered).', schema: errorSchema },
      },
      async handler(req, res) {
        res.status(202).json(await replayDelivery(queue, String(req.params['id'])));
      },
    },
  ];
}
