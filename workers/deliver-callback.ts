/**
 * The `deliveries` queue processor: POST a final verdict to the site's callback URL, signed with its webhook secret.
 * A CMS that is down, slow or answering non-2xx gets the same callback again with a capped exponential backoff for
 * hours; a URL the SSRF guard refuses fails at once (retrying would not help). Failed jobs stay for operators to replay.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../src/config.js';
import { postJson } from '../src/delivery/post.js';
import { SIGNATURE_HEADER, signatureHeader, signingSecrets } from '../src/delivery/sign.js';
import { ForbiddenTargetError } from '../src/delivery/ssrf.js';
import type { Logger } from '../src/logger.js';
import type { Metrics } from '../src/metrics.js';
import { DELIVERY_BACKOFF, QUEUE_NAMES, bullPrefix, type DeliveryJob } from '../src/queue/queues.js';
import { stalledOptions } from '../src/queue/stalled.js';
import type { Store } from '../src/store/index.js';
import { VERSION } from '../src/version.js';

export interface DeliverCallbackDeps {
  readonly config: Config;
  readonly store: Store;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly now: () => Date;
}

export type DeliveryOutcome = 'delivered' | 'no-callback';

/** The use case, without BullMQ. `deliveryId` goes to the CMS as an idempotency key; `attempt` counts from 1. */
export async function deliverCallback(
  deps: DeliverCallbackDeps,
  job: DeliveryJob,
  meta: { deliveryId: string; attempt: number },
  log: Logger,
): Promise<DeliveryOutcome> {
  const site = await deps.store.sites.get(job.site);
  if (!site) throw new UnrecoverableError(`Site "${job.site}" no longer exists.`);
  if (!site.callbackUrl) return 'no-callback';
  const body = JSON.stringify(job.body);
  const now = deps.now();
  const headers = {
    [SIGNATURE_HEADER]: signatureHeader(body, signingSecrets(site, now), Math.floor(now.getTime() / 1000)),
    'Sluice-Delivery': meta.deliveryId,
    'Sluice-Attempt': String(meta.attempt),
    'User-Agent': `Sluice/${VERSION}`,
  };
  const options = { headers, timeoutMs: deps.config.delivery.timeoutMs, allowPrivate: deps.config.callbackAllowPrivate };
  const answer = await postJson(new URL(site.callbackUrl), body, options).catch((err: unknown) => {
    throw err instanceof ForbiddenTargetError ? new UnrecoverableError(err.message) : err;
  });
  if (answer.status >= 300 && answer.status < 400) throw new Error(`The CMS answered ${answer.status}: redirects are not followed.`);
  if (answer.status < 200 || answer.status >= 300) throw new Error(`The CMS answered ${answer.status}: ${answer.excerpt}`);
  log.info({ status: answer.status }, 'callback delivered');
  return 'delivered';
}

/** Capped exponential backoff with ±20 % jitter, so many callbacks to one recovering CMS do not arrive together. */
export function deliveryBackoff(attemptsMade: number, delivery: Config['delivery']): number {
  const exponential = Math.min(delivery.backoffMaxMs, delivery.backoffMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(exponential * (0.8 + Math.random() * 0.4));
}

/** Starts a BullMQ worker on the `deliveries` queue. */
export function startDeliverCallbackWorker(deps: DeliverCallbackDeps, connection: Redis): Worker<DeliveryJob> {
  const worker = new Worker<DeliveryJob, DeliveryOutcome>(
    QUEUE_NAMES.deliveries,
    async (job: Job<DeliveryJob>) => {
      const attempt = job.attemptsMade + 1;
      const log = deps.logger.child({ jobId: job.id, commentId: job.data.body.id, site: job.data.site, attempt });
      return deliverCallback(deps, job.data, { deliveryId: job.id ?? '', attempt }, log);
    },
    {
      connection,
      prefix: bullPrefix(deps.config.redisPrefix),
      concurrency: deps.config.workerConcurrency,
      ...stalledOptions(deps.config),
      settings: {
        backoffStrategy: (attemptsMade, type) =>
          type === DELIVERY_BACKOFF ? deliveryBackoff(attemptsMade, deps.config.delivery) : 1_000 * 2 ** (attemptsMade - 1),
      },
    },
  );
  worker.on('completed', (_job, outcome) => deps.metrics.jobs.inc({ queue: QUEUE_NAMES.deliveries, outcome }));
  worker.on('failed', (job, err) => {
    // `failed` once per delivery, when its last try failed; the tries before it are `retried`.
    const final = !job || err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    deps.metrics.jobs.inc({ queue: QUEUE_NAMES.deliveries, outcome: final ? 'failed' : 'retried' });
    deps.logger.warn({ err: { message: err.message }, jobId: job?.id, attempt: job?.attemptsMade }, 'callback failed');
  });
  worker.on('error', (err) => deps.logger.error({ err }, 'deliveries worker error'));
  return worker;
}
