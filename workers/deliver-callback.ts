/**
 * The `deliveries` queue processor: POST a final verdict to the site's callback URL, signed with its webhook secret.
 * A CMS that is down, slow or answering non-2xx gets the same callback again with a capped exponential backoff for
 * hours; a URL the SSRF guard refuses fails at once (retrying would not help). Failed jobs stay for operators to replay.
 * A CMS that stays down must not flood the logs: one warning per delivery (its first failed try, naming the site, the
 * comment, the host, the try and the next one), the later tries at debug level, one error when it gives up; the
 * `failed` outcome of `sluice_jobs_total` counts deliveries given up, the tries that will be retried count `retried`.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../src/platform/config.js';
import { postJson } from '../src/delivery/post.js';
import { SIGNATURE_HEADER, signatureHeader, signingSecrets } from '../src/delivery/sign.js';
import { ForbiddenTargetError } from '../src/delivery/ssrf.js';
import type { Logger } from '../src/platform/logger.js';
import type { Metrics } from '../src/platform/metrics.js';
import { DELIVERY_BACKOFF, QUEUE_NAMES, bullPrefix, type DeliveryJob } from '../src/queue/queues.js';
import { stalledOptions } from '../src/queue/stalled.js';
import type { Store } from '../src/store/index.js';
import { VERSION } from '../src/platform/version.js';

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
  const url = new URL(site.callbackUrl);
  const answer = await postJson(url, body, options).catch((err: unknown) => {
    throw withHost(err instanceof ForbiddenTargetError ? new UnrecoverableError(err.message) : asError(err), url);
  });
  if (answer.status >= 300 && answer.status < 400) throw withHost(new Error(`The CMS answered ${answer.status}: redirects are not followed.`), url);
  if (answer.status < 200 || answer.status >= 300) throw withHost(new Error(`The CMS answered ${answer.status}: ${answer.excerpt}`), url);
  log.info({ status: answer.status, host: url.host }, 'callback delivered');
  return 'delivered';
}

/** A failed try names the host it tried (never the whole URL: its path or query may carry a token). */
function withHost<E extends Error>(err: E, url: URL): E & { host: string } {
  return Object.assign(err, { host: url.host });
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** Capped exponential backoff with ±20 % jitter, so many callbacks to one recovering CMS do not arrive together. */
export function deliveryBackoff(attemptsMade: number, delivery: Config['delivery']): number {
  const exponential = Math.min(delivery.backoffMaxMs, delivery.backoffMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(exponential * (0.8 + Math.random() * 0.4));
}

/** What a failed try of a delivery says in the logs and metrics: see the header. */
export function logFailure(deps: Pick<DeliverCallbackDeps, 'logger' | 'metrics' | 'now'>, job: Job<DeliveryJob> | undefined, err: Error): void {
  const attempts = job?.opts.attempts ?? 1;
  const attempt = job?.attemptsMade ?? attempts;
  const final = !job || err.name === 'UnrecoverableError' || attempt >= attempts;
  deps.metrics.jobs.inc({ queue: QUEUE_NAMES.deliveries, outcome: final ? 'failed' : 'retried' });
  const fields = {
    site: job?.data.site,
    commentId: job?.data.body.id,
    deliveryId: job?.id,
    event: job?.data.body.event ?? 'verdict',
    host: (err as Error & { host?: string }).host,
    attempt,
    attempts,
    err: { message: err.message },
  };
  if (final) {
    deps.logger.error({ ...fields, gaveUpAt: deps.now().toISOString() }, `callback gave up after ${attempt} of ${attempts} tries; replay it with POST /v1/deliveries/${job?.id ?? ''}/replay`);
    return;
  }
  const nextRetryAt = new Date(deps.now().getTime() + (job?.delay ?? 0)).toISOString();
  if (attempt === 1) deps.logger.warn({ ...fields, nextRetryAt }, `callback failed (try 1 of ${attempts}); retrying`);
  else deps.logger.debug({ ...fields, nextRetryAt }, 'callback failed again; retrying');
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
  worker.on('failed', (job, err) => logFailure(deps, job, err));
  worker.on('error', (err) => deps.logger.error({ err }, 'deliveries worker error'));
  return worker;
}
