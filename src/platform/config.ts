/**
 * Configuration: every setting comes from an environment variable, is validated once at boot, and is frozen.
 * This is the only module that reads `process.env`.
 */
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const probability = z.coerce.number().min(0).max(1);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Every environment variable Sluice reads, with its default. `docs` is what the README's env table says. */
export const envSchema = z.object({
  PORT: int(0, 65_535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/).default('sluice'),
  EMBEDDED_REDIS: z.enum(['auto', 'never']).default('auto'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: int(1, 256).default(8),
  REVIEW_THRESHOLD: probability.default(0.5),
  SPAM_THRESHOLD: probability.default(0.9),
  MAX_BODY_BYTES: int(1024, 10 * 1024 * 1024).default(256 * 1024),
  MAX_WAIT_MS: int(0, 10_000).default(10_000),
  MODEL_FILE: z.string().min(1).default('models/default.model'),
  SHUTDOWN_TIMEOUT_MS: int(100, 300_000).default(25_000),
  JOB_ATTEMPTS: int(1, 100).default(5),
  CALLBACK_ALLOW_PRIVATE: bool.default(false),
  TRUST_PROXY: bool.default(false),
  DELIVERY_ATTEMPTS: int(1, 100).default(15),
  DELIVERY_BACKOFF_MS: int(1, 3_600_000).default(10_000),
  DELIVERY_BACKOFF_MAX_MS: int(1, 86_400_000).default(3_600_000),
  DELIVERY_TIMEOUT_MS: int(100, 120_000).default(10_000),
  MODEL_MIN_PER_CLASS: int(0, 1_000_000).default(20),
  RETRAIN_HOLDOUT_FRACTION: z.coerce.number().min(0.05).max(0.5).default(0.2),
  RETRAIN_F1_MARGIN: z.coerce.number().min(0).max(1).default(0.01),
  RETRAIN_MIN_HELDOUT_PER_CLASS: int(1, 1_000_000).default(10),
  RETRAIN_SITE_SHARE: z.coerce.number().min(0).max(1).default(0.05),
  RETRAIN_MAX_FROZEN_CHANGES: z.coerce.number().min(0).max(1).default(0.02),
  AUTO_LEARN: bool.default(false),
  JOB_BACKOFF_MS: int(1, 600_000).default(1_000),
  LOCK_DURATION_MS: int(500, 600_000).default(30_000),
  STALLED_INTERVAL_MS: int(200, 600_000).default(30_000),
  RATE_SITE_PER_SECOND: z.coerce.number().min(0).max(100_000).default(50),
  RATE_SITE_BURST: int(1, 1_000_000).default(500),
  RATE_IP_PER_MINUTE: z.coerce.number().min(0).max(1_000_000).default(20),
  RATE_IP_BURST: int(1, 1_000_000).default(40),
  RATE_CLIENT_PER_SECOND: z.coerce.number().min(0).max(100_000).default(200),
  RATE_CLIENT_BURST: int(1, 1_000_000).default(1_000),
  MAX_QUEUE_DEPTH: int(1, 100_000_000).default(100_000),
  RATE_LABEL_PER_MINUTE: z.coerce.number().min(0).max(1_000_000).default(60),
  RATE_LABEL_BURST: int(1, 1_000_000).default(300),
  MAX_TRAINING_QUEUE_DEPTH: int(1, 100_000_000).default(10_000),
  INGEST_CACHE_MS: int(0, 60_000).default(1_000),
  MAX_JSON_DEPTH: int(2, 1_000).default(32),
  MAX_LINKS_PER_COMMENT: int(1, 10_000).default(200),
  RETENTION_DAYS: z.coerce.number().min(0.0001).max(36_500).default(30),
  RETENTION_INTERVAL_MS: int(100, 86_400_000).default(3_600_000),
  LEARN_PUBLISHED_AFTER_HOURS: z.coerce.number().min(0).max(8_760).default(48),
  LEARN_PUBLISHED_INTERVAL_MS: int(100, 86_400_000).default(900_000),
  MEMORY_DAYS: z.coerce.number().min(0.0001).max(3_650).default(30),
  MEMORY_MAX_DECISIONS: int(10, 100_000_000).default(100_000),
  UNDO_WINDOW_SECONDS: int(0, 86_400).default(600),
  HTTP_HEADERS_TIMEOUT_MS: int(100, 600_000).default(15_000),
  HTTP_REQUEST_TIMEOUT_MS: int(100, 3_600_000).default(60_000),
  HTTP_KEEPALIVE_TIMEOUT_MS: int(100, 600_000).default(5_000),
  MAX_CONNECTIONS_PER_IP: int(1, 1_000_000).default(256),
  CORAL_REPLAY_WINDOW_SECONDS: int(1, 2_592_000).default(86_400),
  LIVE_MAX_STREAMS: int(0, 100_000).default(200),
  LIVE_HEARTBEAT_MS: int(100, 300_000).default(15_000),
  // Unset: /metrics is public on PORT. Set: a bearer token it requires (16 to 256 printable characters).
  METRICS_TOKEN: z.string().regex(/^[\x21-\x7e]{16,256}$/, 'must be 16 to 256 printable ASCII characters, no spaces').optional(),
  // Unset: /metrics on PORT. Set: /metrics on its own listener (METRICS_HOST:METRICS_PORT), in every process (workers too), and not on PORT.
  METRICS_PORT: int(0, 65_535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
});

type Env = z.output<typeof envSchema>;

/** The validated, frozen configuration passed to every factory. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly redisUrl: string;
  /** Prefix of every Redis key and BullMQ queue, so several Sluices (or test files) can share one Redis. */
  readonly redisPrefix: string;
  /** `auto`: start a private redis-server under dataDir when nothing answers at redisUrl. */
  readonly embeddedRedis: 'auto' | 'never';
  readonly dataDir: string;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly workerConcurrency: number;
  /** Global default thresholds; sites may override them. */
  readonly thresholds: { readonly review: number; readonly spam: number };
  readonly maxBodyBytes: number;
  /** Upper bound of `?wait=`. */
  readonly maxWaitMs: number;
  readonly modelFile: string;
  readonly shutdownTimeoutMs: number;
  readonly jobAttempts: number;
  /** Allow callback URLs on loopback/private ranges (tests, private networks). */
  readonly callbackAllowPrivate: boolean;
  readonly trustProxy: boolean;
  /**
   * Who may read /metrics: `token` (METRICS_TOKEN) required as `Authorization: Bearer` when set; `port` (METRICS_PORT)
   * puts it on its own listener at `host` (METRICS_HOST, loopback by default) instead of the API's port.
   */
  readonly metrics: { readonly token: string | undefined; readonly port: number | undefined; readonly host: string };
  /** CMS callbacks: tries, first backoff (doubling each try), longest backoff, and the timeout of one POST. */
  readonly delivery: {
    readonly attempts: number;
    readonly backoffMs: number;
    readonly backoffMaxMs: number;
    readonly timeoutMs: number;
  };
  /** The classifier, and each site's live model, abstain until they have learned this many examples of each class. */
  readonly modelMinPerClass: number;
  /** Retraining: the newest fraction of the corpus held out to compare candidate and active model. */
  readonly retrainHoldoutFraction: number;
  /** Retraining: how much F1 a candidate may lose against the active model and still be promoted. */
  readonly retrainF1Margin: number;
  /** Retraining: fewer held-out examples of a class than this, and the candidate is not promoted. */
  readonly retrainMinHeldOutPerClass: number;
  /**
   * Retraining: the most one site's examples may be of the global training set, as a share of what no site wrote (the
   * bundled model's documents and the operator's global imports): src/use-cases/global-corpus.ts.
   */
  readonly retrainSiteShare: number;
  /** Retraining: a candidate changing more than this share of the frozen evaluation set's verdicts is not promoted. */
  readonly retrainMaxFrozenChanges: number;
  /** Learn from the machine's own verdicts when heuristics and classifier agree with high confidence. */
  readonly autoLearn: boolean;
  /** First retry delay of a scoring or training job; it doubles each try. */
  readonly jobBackoffMs: number;
  /** BullMQ: how long a worker's lock on a job lasts without renewal, and how often stalled jobs are looked for. */
  readonly stalled: { readonly lockDurationMs: number; readonly intervalMs: number };
  /** Ingest limits: token buckets (per second, burst) per site, per author IP and per caller address; 0 disables one. */
  readonly rateLimits: {
    readonly site: RateLimit;
    readonly authorIp: RateLimit;
    readonly client: RateLimit;
  };
  /** Ingest answers 503 while the comments queue holds more jobs than this. */
  readonly maxQueueDepth: number;
  /** Labels from a site key (Akismet submit-spam/ham): a token bucket per site; 0 disables it. */
  readonly labelRate: RateLimit;
  /** Labels are refused (503) while the training queue holds more jobs than this. */
  readonly maxTrainingQueueDepth: number;
  /**
   * How long an API process reuses a site key's principal and a site's record at ingest before reading them again
   * (0: every request reads Redis). Changes made through the same process are seen at once.
   */
  readonly ingestCacheMs: number;
  /** Deepest nesting of brackets a request body may have. */
  readonly maxJsonDepth: number;
  /** A comment with more links than this is refused (400). */
  readonly maxLinksPerComment: number;
  /** Authors' IPs and emails are replaced by keyed hashes once a comment is this old; the sweep runs this often. */
  readonly retention: { readonly days: number; readonly intervalMs: number };
  /**
   * A comment the machine found ham, published and not reported for `afterHours` (0: never), is learned as ham for its
   * site (balanced against the site's spam: src/use-cases/learn-published.ts); the sweep runs every `intervalMs`.
   */
  readonly learnPublished: { readonly afterHours: number; readonly intervalMs: number };
  /**
   * The campaign memory (src/store/memory.ts): a decision is remembered `days`, and a site's latest `maxDecisions`
   * decisions at most.
   */
  readonly memory: { readonly days: number; readonly maxDecisions: number };
  /** How long after a moderator's decision it can still be undone (src/use-cases/undo.ts); later, decide again. */
  readonly undoWindowSeconds: number;
  /**
   * Slow clients: a request's headers must arrive within `headersTimeoutMs` and the whole request within
   * `requestTimeoutMs`; an idle keep-alive connection is closed after `keepAliveTimeoutMs`; one address may hold
   * `maxConnectionsPerIp` connections at once per API process.
   */
  readonly http: {
    readonly headersTimeoutMs: number;
    readonly requestTimeoutMs: number;
    readonly keepAliveTimeoutMs: number;
    readonly maxConnectionsPerIp: number;
  };
  /** A signed Coral body seen again within this many seconds is a replay (409): Coral's signature has no timestamp. */
  readonly coralReplayWindowSeconds: number;
  /**
   * Live streams (GET /v1/review/events): at most `maxStreams` open at once per API process (the next is answered 503;
   * 0 turns them off), each sent a comment line every `heartbeatMs` so proxies and clients know it is alive.
   */
  readonly live: { readonly maxStreams: number; readonly heartbeatMs: number };
}

/** A token bucket: `perSecond` tokens are added each second, up to `burst`. */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/** Raised when the environment is invalid; its message names every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates an environment (default: `process.env`) into a frozen Config, or throws one ConfigError naming every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as in most shells' `FOO= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.REVIEW_THRESHOLD > e.SPAM_THRESHOLD) {
    throw new ConfigError('Invalid configuration:\n  REVIEW_THRESHOLD: must not exceed SPAM_THRESHOLD');
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    embeddedRedis: e.EMBEDDED_REDIS,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    workerConcurrency: e.WORKER_CONCURRENCY,
    thresholds: Object.freeze({ review: e.REVIEW_THRESHOLD, spam: e.SPAM_THRESHOLD }),
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxWaitMs: e.MAX_WAIT_MS,
    modelFile: e.MODEL_FILE,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    jobAttempts: e.JOB_ATTEMPTS,
    callbackAllowPrivate: e.CALLBACK_ALLOW_PRIVATE,
    trustProxy: e.TRUST_PROXY,
    delivery: Object.freeze({
      attempts: e.DELIVERY_ATTEMPTS,
      backoffMs: e.DELIVERY_BACKOFF_MS,
      backoffMaxMs: e.DELIVERY_BACKOFF_MAX_MS,
      timeoutMs: e.DELIVERY_TIMEOUT_MS,
    }),
    modelMinPerClass: e.MODEL_MIN_PER_CLASS,
    retrainHoldoutFraction: e.RETRAIN_HOLDOUT_FRACTION,
    retrainF1Margin: e.RETRAIN_F1_MARGIN,
    retrainMinHeldOutPerClass: e.RETRAIN_MIN_HELDOUT_PER_CLASS,
    retrainSiteShare: e.RETRAIN_SITE_SHARE,
    retrainMaxFrozenChanges: e.RETRAIN_MAX_FROZEN_CHANGES,
    autoLearn: e.AUTO_LEARN,
    jobBackoffMs: e.JOB_BACKOFF_MS,
    stalled: Object.freeze({ lockDurationMs: e.LOCK_DURATION_MS, intervalMs: e.STALLED_INTERVAL_MS }),
    rateLimits: Object.freeze({
      site: Object.freeze({ perSecond: e.RATE_SITE_PER_SECOND, burst: e.RATE_SITE_BURST }),
      authorIp: Object.freeze({ perSecond: e.RATE_IP_PER_MINUTE / 60, burst: e.RATE_IP_BURST }),
      client: Object.freeze({ perSecond: e.RATE_CLIENT_PER_SECOND, burst: e.RATE_CLIENT_BURST }),
    }),
    maxQueueDepth: e.MAX_QUEUE_DEPTH,
    labelRate: Object.freeze({ perSecond: e.RATE_LABEL_PER_MINUTE / 60, burst: e.RATE_LABEL_BURST }),
    maxTrainingQueueDepth: e.MAX_TRAINING_QUEUE_DEPTH,
    ingestCacheMs: e.INGEST_CACHE_MS,
    maxJsonDepth: e.MAX_JSON_DEPTH,
    maxLinksPerComment: e.MAX_LINKS_PER_COMMENT,
    retention: Object.freeze({ days: e.RETENTION_DAYS, intervalMs: e.RETENTION_INTERVAL_MS }),
    learnPublished: Object.freeze({ afterHours: e.LEARN_PUBLISHED_AFTER_HOURS, intervalMs: e.LEARN_PUBLISHED_INTERVAL_MS }),
    memory: Object.freeze({ days: e.MEMORY_DAYS, maxDecisions: e.MEMORY_MAX_DECISIONS }),
    undoWindowSeconds: e.UNDO_WINDOW_SECONDS,
    http: Object.freeze({
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      // Node requires the request timeout to be at least the headers timeout.
      requestTimeoutMs: Math.max(e.HTTP_REQUEST_TIMEOUT_MS, e.HTTP_HEADERS_TIMEOUT_MS),
      keepAliveTimeoutMs: e.HTTP_KEEPALIVE_TIMEOUT_MS,
      maxConnectionsPerIp: e.MAX_CONNECTIONS_PER_IP,
    }),
    coralReplayWindowSeconds: e.CORAL_REPLAY_WINDOW_SECONDS,
    live: Object.freeze({ maxStreams: e.LIVE_MAX_STREAMS, heartbeatMs: e.LIVE_HEARTBEAT_MS }),
    metrics: Object.freeze({ token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST }),
  });
}
