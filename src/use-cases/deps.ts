/** What the moderation use cases are built from (the HTTP app's deps and the scoring worker's both provide it). */
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import type { Queues } from '../queue/queues.js';
import type { Store } from '../store/index.js';

export interface ModerationDeps {
  readonly config: Pick<Config, 'thresholds' | 'undoWindowSeconds'>;
  readonly store: Store;
  readonly queues: Pick<Queues, 'enqueueDelivery' | 'enqueueTraining'>;
  /** The clock; tests may fix it. */
  readonly now: () => Date;
  /** Where decisions are logged, with who made them. */
  readonly logger: Logger;
}
