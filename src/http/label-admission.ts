/**
 * Admission of labels from a site key (Akismet submit-spam/submit-ham): each is a training job and a corpus write, so
 * a site's key may send RATE_LABEL_PER_MINUTE of them (burst RATE_LABEL_BURST; a token bucket per site in Redis,
 * shared by every API process: 429 with Retry-After), and none while the training queue holds more than
 * MAX_TRAINING_QUEUE_DEPTH jobs (503 with Retry-After). Refused labels are not stored; accepted ones are kept.
 */
import type { Config } from '../platform/config.js';
import { errors } from '../platform/errors.js';
import type { Queues } from '../queue/queues.js';
import type { Store } from '../store/index.js';
import { refused } from './admission.js';

/** What label admission reads. */
export type LabelAdmissionDeps = { readonly config: Config; readonly store: Store; readonly queues: Pick<Queues, 'trainingDepth'> };

/** How long a caller should wait while the training queue is full. */
const FULL_RETRY_SECONDS = 30;

/** Refuses a site's label when the training queue is full (503) or the site's label bucket is empty (429). */
export async function admitLabel(deps: LabelAdmissionDeps, site: string): Promise<void> {
  if ((await deps.queues.trainingDepth()) >= deps.config.maxTrainingQueueDepth) {
    throw errors.unavailable('Too many labels are waiting to be learned by the training queue; retry later.', FULL_RETRY_SECONDS);
  }
  const taken = await deps.store.rateLimits.take([{ scope: 'label', id: site, limit: deps.config.labelRate }]);
  if (!taken.allowed) throw refused('label', taken.retryAfterMs);
}
