/**
 * Assembles the running service from its parts: Redis connections, store, queues, HTTP API and/or scoring worker.
 * `sluice serve` runs both in one process; `sluice api` and `sluice worker` run one each (scale workers freely).
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { startDeliverCallbackWorker } from '../workers/deliver-callback.js';
import { startPublishedSweeper } from '../workers/learn-published.js';
import { startIndexBackfill } from '../workers/backfill-index.js';
import { startHeartbeat } from '../workers/heartbeat.js';
import { startRetentionSweeper } from '../workers/retention.js';
import { startScoreCommentWorker } from '../workers/score-comment.js';
import { startTrainModelWorker } from '../workers/train-model.js';
import { createScoreNow } from './use-cases/score-now.js';
import type { Config } from './platform/config.js';
import { createApp } from './http/app.js';
import { closeQuietConnections, createHttpServer } from './http/server.js';
import { LiveStreams } from './http/live-streams.js';
import type { Logger } from './platform/logger.js';
import { createMetrics, type Metrics } from './platform/metrics.js';
import { scrapeSources } from './http/metrics-sources.js';
import { startMetricsServer } from './http/metrics-endpoint.js';
import { createQueues, type Queues } from './queue/queues.js';
import { connectRedis, whenReady } from './platform/redis.js';
import { loadModelBytes } from './classifier/model-file.js';
import { fromRoot } from './platform/paths.js';
import { loadLexicon } from './scoring/lexicon-files.js';
import { LiveScorers, type ScorerSource } from './scorers.js';
import { HeartbeatStore } from './store/heartbeats.js';
import { createStore, storeOptions } from './store/index.js';
import { VerdictWaiter } from './store/verdict-waiter.js';
import { ViewEvents } from './store/view-events.js';

export interface ServiceOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly api: boolean;
  readonly worker: boolean;
  /** Defaults to live scorers: the registry's active model (or MODEL_FILE) plus each site's live model. */
  readonly scorers?: ScorerSource;
  readonly now?: () => Date;
}

/** A started service. `close()` stops accepting, finishes requests and jobs in flight, and closes Redis. */
export interface RunningService {
  /** Base URL of the API, when it runs. */
  readonly url: string | undefined;
  /** Base URL of the metrics listener, when METRICS_PORT is set. */
  readonly metricsUrl?: string | undefined;
  readonly metrics: Metrics;
  close(): Promise<void>;
}

/** Logs Redis connection errors at most once per state change, instead of once per retry. */
function watchConnection(redis: Redis, logger: Logger, name: string): void {
  let down = false;
  redis.on('error', (err) => {
    if (!down) logger.warn({ err: { message: err.message }, connection: name }, 'redis connection error');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info({ connection: name }, 'redis connection restored');
    down = false;
  });
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  const metrics = createMetrics();
  const closers: Array<() => Promise<unknown>> = [];
  const connections: Redis[] = [];
  const connect = (purpose: 'command' | 'worker' | 'subscriber'): Redis => {
    const redis = connectRedis(config.redisUrl, purpose);
    watchConnection(redis, logger, purpose);
    connections.push(redis);
    return redis;
  };

  // Closes what has been started, in order: on `close()`, and when starting fails half-way (a port in use must not
  // leave workers running in a process with no API).
  let closing: Promise<void> | undefined;
  const closeAll = (): Promise<void> =>
    (closing ??= (async () => {
      for (const close of closers) await close().catch((err: unknown) => logger.error({ err }, 'error while closing'));
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
      logger.info('sluice stopped');
    })());
  try {
    return await startParts(options, { metrics, now, connect, closers, closeAll });
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** What {@link startParts} registers its parts with. */
interface Assembly {
  readonly metrics: Metrics;
  readonly now: () => Date;
  readonly connect: (purpose: 'command' | 'worker' | 'subscriber') => Redis;
  readonly closers: Array<() => Promise<unknown>>;
  readonly closeAll: () => Promise<void>;
}

async function startParts(options: ServiceOptions, { metrics, now, connect, closers, closeAll }: Assembly): Promise<RunningService> {
  const { config, logger } = options;
  const command = connect('command');
  await whenReady(command);
  // Scoring happens in workers, and inline in the API for the synchronous protocols (Akismet, Coral).
  const lexicon = loadLexicon();
  const bundled = readFileSync(fromRoot(config.modelFile));
  const bundledName = basename(config.modelFile, '.model');
  const scorers =
    options.scorers ??
    new LiveScorers({ store: createStore(command, config.redisPrefix, storeOptions(config)), subscriber: connect('subscriber'), lexicon, fallback: loadModelBytes(bundled, bundledName), logger });

  let worker: Worker | undefined;
  if (options.worker) {
    const workerConnection = connect('worker');
    const store = createStore(workerConnection, config.redisPrefix, storeOptions(config));
    const workerQueues = createQueues(workerConnection, config.redisPrefix, config.jobAttempts, logger, config.delivery.attempts, config.jobBackoffMs);
    worker = startScoreCommentWorker({ config, store, scorers, queues: workerQueues, metrics, logger, now }, workerConnection);
    const deliverer = startDeliverCallbackWorker({ config, store, metrics, logger, now }, workerConnection);
    const trainer = startTrainModelWorker({ config, store, lexicon, bundled, bundledName, metrics, logger, now }, workerConnection);
    const retention = startRetentionSweeper({ config, store, logger, now });
    const published = startPublishedSweeper({ config, store, queues: workerQueues, logger, now });
    const backfill = startIndexBackfill({ store, logger });
    const heartbeat = startHeartbeat({ heartbeats: new HeartbeatStore(command, store.keys), isRunning: () => worker!.isRunning(), logger });
    // Its key exists before the service says it started (tests compare key sets from then on).
    await heartbeat.first;
    closers.push(
      () => heartbeat.close(),
      () => worker!.close(),
      () => trainer.close(),
      () => deliverer.close(),
      () => retention.close(),
      () => published.close(),
      () => backfill.close(),
      () => workerQueues.close(),
    );
  }

  let server: Server | undefined;
  let queues: Queues | undefined;
  if (options.api) {
    const store = createStore(command, config.redisPrefix, storeOptions(config));
    queues = createQueues(command, config.redisPrefix, config.jobAttempts, logger, config.delivery.attempts, config.jobBackoffMs);
    const waiter = new VerdictWaiter(connect('subscriber'), store.keys.verdictChannel());
    await waiter.start();
    // One subscriber for every live stream of this process, whichever process moved the comment.
    const viewEvents = new ViewEvents(connect('subscriber'), store.keys.viewChannelPattern());
    await viewEvents.start();
    const live = new LiveStreams(viewEvents, config.live);
    const q = queues;
    metrics.setSources(scrapeSources({ queues: q, store, redis: command, bundledModel: bundledName }));
    const app = createApp({
      config,
      store,
      queues,
      waiter,
      live,
      metrics,
      logger,
      now,
      scoreNow: createScoreNow({ config, store, scorers, queues, metrics, logger, now }, queues),
      readiness: {
        redis: async () => (await command.ping()) === 'PONG',
        workers: async () => (worker ? worker.isRunning() : (await q.comments.getWorkersCount()) > 0),
      },
    });
    server = createHttpServer(app, config);
    server.listen(config.port, config.host);
    await once(server, 'listening');
    const s = server;
    // Once closing, every answer ends its connection: a client that keeps a busy keep-alive connection would
    // otherwise keep the server open until the shutdown timeout.
    let draining = false;
    s.prependListener('request', (_req, res: ServerResponse) => {
      if (draining) res.setHeader('Connection', 'close');
    });
    // Stop accepting, end the live streams, answer requests still waiting for a verdict (202: it will come later), drain the rest.
    closers.unshift(async () => {
      draining = true;
      const closed = new Promise<void>((done) => s.close(() => done()));
      // Live streams never end by themselves: end them (each closes its connection).
      live.closeAll();
      closeQuietConnections(s);
      await viewEvents.stop();
      await waiter.stop();
      await closed;
    });
  }
  if (queues) {
    const q = queues;
    closers.push(() => q.close());
  }

  // METRICS_PORT: /metrics on its own listener, in every process (a worker's job counters included).
  const metricsServer = config.metrics.port === undefined ? undefined : await startMetricsServer(metrics, config);
  if (metricsServer) closers.push(() => new Promise<void>((done) => (metricsServer.server.close(() => done()), metricsServer.server.closeAllConnections())));

  const address = server?.address() as AddressInfo | undefined;
  const url = address ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : undefined;
  logger.info({ url, metricsUrl: metricsServer?.url, api: options.api, worker: options.worker }, 'sluice started');

  return { url, metricsUrl: metricsServer?.url, metrics, close: closeAll };
}
