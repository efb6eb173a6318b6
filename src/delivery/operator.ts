/**
 * What operators do with CMS callbacks (GET /v1/deliveries, POST /v1/deliveries/:id/replay, `sluice deliveries`):
 * list the ones in a state, and send a failed one again with a fresh set of tries.
 */
import type { Job, Queue } from 'bullmq';
import { errors } from '../platform/errors.js';
import type { DeliveryJob } from '../queue/queues.js';

/** The states a delivery can be listed in; `failed`: given up after every try; `delayed`: waiting for the next try. */
export const DELIVERY_STATES = ['failed', 'delayed', 'waiting', 'active', 'completed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** A delivery job as operators see it. */
export interface DeliveryView {
  readonly id: string;
  readonly site: string;
  readonly commentId: string;
  readonly verdict: string;
  readonly state: string;
  readonly attempts: number;
  readonly lastError?: string;
  readonly createdAt: string;
  readonly finishedAt?: string;
}

const view = (job: Job<DeliveryJob>, state: string): DeliveryView => ({
  id: job.id ?? '',
  site: job.data.site,
  commentId: job.data.body.id,
  verdict: job.data.body.verdict,
  state,
  attempts: job.attemptsMade,
  ...(job.failedReason ? { lastError: job.failedReason } : {}),
  createdAt: new Date(job.timestamp).toISOString(),
  ...(job.finishedOn ? { finishedAt: new Date(job.finishedOn).toISOString() } : {}),
});

/** The deliveries in `state`, newest first, at most `limit` read (the site filter applies after the read). */
export async function listDeliveries(queue: Queue<DeliveryJob>, q: { state: DeliveryState; site?: string | undefined; limit: number }): Promise<DeliveryView[]> {
  // The site filter applies after the read: a site's failures are most of a page when it is the one down.
  const jobs = (await queue.getJobs([q.state], 0, q.limit - 1, false)) as Array<Job<DeliveryJob>>;
  return jobs.filter((j) => j && (!q.site || j.data.site === q.site)).map((j) => view(j, q.state));
}

/** Queues a failed delivery again with its tries reset; not found (404) or not failed (409) otherwise. */
export async function replayDelivery(queue: Queue<DeliveryJob>, id: string): Promise<{ id: string; state: 'waiting' }> {
  const job = await queue.getJob(id);
  if (!job) throw errors.notFound(`Delivery "${id}"`);
  const state = await job.getState();
  if (state !== 'failed') throw errors.notReplayable(id, state);
  await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  return { id, state: 'waiting' };
}
