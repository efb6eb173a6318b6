/**
 * Staff actions from the command line, through the same use cases as the API: `deliveries list|replay` (as
 * GET /v1/deliveries and POST /v1/deliveries/:id/replay), `decide` (POST /v1/comments/:id/decision) and `stats`
 * (GET /v1/stats). The CLI acts as an operator named `cli:<user>` in decisions and audit entries.
 */
import { userInfo } from 'node:os';
import type { Config } from '../platform/config.js';
import { DELIVERY_STATES, listDeliveries, replayDelivery, type DeliveryState } from '../delivery/operator.js';
import { pino } from 'pino';
import { createLogger, silentLogger } from '../platform/logger.js';
import { decideComment, type Staff } from '../use-cases/decide.js';
import { dailyStats } from '../use-cases/stats.js';
import { noteSchema } from '../http/routes/moderation-schemas.js';
import { createQueues, type Queues } from '../queue/queues.js';
import type { Redis } from 'ioredis';
import type { Store } from '../store/index.js';
import { withStore } from './admin.js';
import { printJson, UsageError } from './io.js';
import { DECIDE_USAGE, DELIVERIES_USAGE } from './usage.js';

/** Who the CLI is in decisions: an operator named after the account that ran it. */
function cliStaff(): Staff {
  let user = process.env['USER'] ?? '';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (a container): USER, if any
  }
  return { role: 'operator', tokenId: 'cli', name: user ? `cli:${user}` : 'cli' };
}

/** A whole number from `min` to `max`, or the default. */
function intOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(Number.isInteger(n) && n >= min && n <= max)) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

async function withQueues<T>(config: Config, fn: (store: Store, queues: Queues, redis: Redis) => Promise<T>): Promise<T> {
  return withStore(config, async (store, redis) => {
    const queues = createQueues(redis, config.redisPrefix, config.jobAttempts, silentLogger());
    try {
      return await fn(store, queues, redis);
    } finally {
      await queues.close();
    }
  });
}

export interface DeliveriesArgs {
  readonly action: string | undefined;
  readonly id: string | undefined;
  readonly state: string | undefined;
  readonly site: string | undefined;
  readonly limit: string | undefined;
}

/** `deliveries list` prints one JSON line per delivery (newest first); `deliveries replay ID` prints `{ id, state }`. */
export async function deliveriesCommand(config: Config, args: DeliveriesArgs): Promise<number> {
  if (args.action === 'list') {
    const state = args.state ?? 'failed';
    if (!(DELIVERY_STATES as readonly string[]).includes(state)) throw new UsageError(`--state must be one of ${DELIVERY_STATES.join(', ')}, not "${state}"`);
    const limit = intOption('limit', args.limit, 100, 1, 500);
    return withQueues(config, async (_store, queues) => {
      for (const d of await listDeliveries(queues.deliveries, { state: state as DeliveryState, site: args.site, limit })) await printJson(d);
      return 0;
    });
  }
  if (args.action === 'replay') {
    if (!args.id) throw new UsageError('deliveries replay ID (the id from `sluice deliveries list`)');
    const id = args.id;
    return withQueues(config, async (_store, queues) => {
      await printJson(await replayDelivery(queues.deliveries, id));
      return 0;
    });
  }
  throw new UsageError(`${args.action ? `unknown action "${args.action}"` : 'an action is needed'}:\n  ${DELIVERIES_USAGE}`);
}

export interface DecideArgs {
  readonly site: string | undefined;
  readonly id: string | undefined;
  readonly verdict: string | undefined;
  readonly note: string | undefined;
}

/** `decide SITE ID ham|spam [--note]` prints `{ verdict, decision, learned, notified }`, as the API answers. */
export async function decideCommand(config: Config, args: DecideArgs): Promise<number> {
  const { site, id, verdict } = args;
  if (!site || !id || (verdict !== 'ham' && verdict !== 'spam')) {
    throw new UsageError(verdict && verdict !== 'ham' && verdict !== 'spam' ? `the verdict is ham or spam, not "${verdict}": ${DECIDE_USAGE}` : DECIDE_USAGE);
  }
  if (args.note !== undefined && !noteSchema.safeParse(args.note).success) throw new UsageError('--note is too long (the API takes at most 1000 characters)');
  return withQueues(config, async (store, queues) => {
    // The decision's log line goes to stderr: stdout carries the JSON answer.
    const logger = createLogger({ level: config.logLevel, destination: pino.destination(2) });
    const deps = { config, store, queues, logger, now: () => new Date() };
    await printJson(await decideComment(deps, { site, id, verdict, note: args.note }, cliStaff()));
    return 0;
  });
}

/** `stats [--site S] [--days N]` prints `{ sites, days }`, as GET /v1/stats answers. */
export async function statsCommand(config: Config, args: { site: string | undefined; days: string | undefined }): Promise<number> {
  const days = intOption('days', args.days, 30, 1, 366);
  return withStore(config, async (store) => {
    await printJson(await dailyStats(store, args.site, days, new Date()));
    return 0;
  });
}
