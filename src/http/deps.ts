/** What the HTTP app is built from. Tests build the real thing with a test config and their own Redis prefix. */
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import type { Queues } from '../queue/queues.js';
import type { ScoreNow } from '../use-cases/score-now.js';
import type { Store } from '../store/index.js';
import type { VerdictWaiter } from '../store/verdict-waiter.js';
import type { LiveStreams } from './live-streams.js';

export interface AppDeps {
  readonly config: Config;
  readonly store: Store;
  readonly queues: Queues;
  readonly waiter: VerdictWaiter;
  /** The open live streams of GET /v1/review/events. */
  readonly live: LiveStreams;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Readiness probes beyond "the process is up". */
  readonly readiness: {
    redis(): Promise<boolean>;
    workers(): Promise<boolean>;
  };
  /** Stores and scores a comment within the request (Akismet, Coral). */
  readonly scoreNow: ScoreNow;
  /** The clock; tests may fix it. */
  readonly now: () => Date;
}
