/** Operators watch CMS callbacks: the ones still retrying or given up on, and replay those that failed. */
import type { Job } from 'bullmq';
import { z } from 'zod';
import { errors } from '../../errors.js';
import type { DeliveryJob } from '../../queue/queues.js';
import type { AppDeps } from '../deps.js';
import type { Route } from '../route.js';
import { parse } from '../validate.js';
import { siteIdSchema } from './moderation-schemas.js';
import { errorSchema } from './schemas.js';

const STATES = ['failed', 'delayed', 'waiting', 'active', 'completed'] as const;

const listQuery = z.object({
  state: z.enum(STATES).default('failed').describe('`failed`: given up after every try; `delayed`: waiting for the next try.'),
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

const iso = (ms: number | undefined) => (ms ? { finishedAt: new Date(ms).toISOString() } : {});

/** A delivery job as operators see it. */
const view = (job: Job<DeliveryJob>, state: string) => ({
  id: job.id ?? '',
  site: job.data.site,
  commentId: job.data.body.id,
  verdict: job.data.body.verdict,
  state,
  attempts: job.attemptsMade,
  ...(job.failedReason ? { lastError: job.failedReason } : {}),
  createdAt: new Date(job.timestamp).toISOString(),
  ...iso(job.finishedOn),
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
        // The site filter applies after the read: a site's failures are most of a page when it is the one down.
        const jobs = (await queue.getJobs([q.state], 0, q.limit - 1, false)) as Array<Job<DeliveryJob>>;
        const deliveries = jobs.filter((j) => j && (!q.site || j.data.site === q.site)).map((j) => view(j, q.state));
        res.json({ deliveries });
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
        const id = String(req.params['id']);
        const job = await queue.getJob(id);
        if (!job) throw errors.notFound(`Delivery "${id}"`);
        const state = await job.getState();
        if (state !== 'failed') throw errors.notReplayable(id, state);
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        res.status(202).json({ id, state: 'waiting' });
      },
    },
  ];
}
