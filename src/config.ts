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
  });
}
