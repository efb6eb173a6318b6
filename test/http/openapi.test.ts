/** The OpenAPI document describes every route the Express app actually serves, and nothing it does not. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/http/app.js';
import { toOpenApiPath } from '../../src/http/openapi.js';
import { silentLogger } from '../../src/platform/logger.js';
import { createMetrics } from '../../src/platform/metrics.js';
import { createQueues } from '../../src/queue/queues.js';
import { createStore } from '../../src/store/index.js';
import { VerdictWaiter } from '../../src/store/verdict-waiter.js';
import { ViewEvents } from '../../src/store/view-events.js';
import { LiveStreams } from '../../src/http/live-streams.js';
import { deletePrefix, inspector, testConfig, uniquePrefix } from '../helpers/env.js';

const prefix = uniquePrefix('openapi');
const redis = inspector();
const subscriber = inspector();
let app: Express;
let queues: ReturnType<typeof createQueues>;

before(() => {
  const config = testConfig(prefix);
  const store = createStore(redis, prefix);
  queues = createQueues(redis, prefix, 1, silentLogger());
  app = createApp({
    config,
    store,
    queues,
    waiter: new VerdictWaiter(subscriber, store.keys.verdictChannel()),
    live: new LiveStreams(new ViewEvents(subscriber, store.keys.viewChannelPattern()), config.live),
    metrics: createMetrics(),
    logger: silentLogger(),
    now: () => new Date(),
    readiness: { redis: async () => true, workers: async () => true },
    // These tests read the route table only; nothing is scored.
    scoreNow: async () => {
      throw new Error('not used by the OpenAPI tests');
    },
  });
});
after(async () => {
  await queues.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
  await subscriber.quit();
});

/** Every (method, path) Express will route, read from the router itself. */
function servedRoutes(express: Express): string[] {
  const stack = (express as unknown as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } })
    .router.stack;
  return stack
    .filter((layer) => layer.route)
    .flatMap((layer) => Object.keys(layer.route!.methods).map((m) => `${m} ${toOpenApiPath(layer.route!.path)}`))
    .sort();
}

test('When the app is built, then every route it serves is described in /openapi.json and vice versa', async () => {
  const res = await request(app).get('/openapi.json').expect(200);
  assert.equal(res.body.openapi, '3.1.0');
  const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
    .sort();
  const served = servedRoutes(app);
  assert.ok(served.length >= 6, served.join());
  assert.deepEqual(documented, served);
});

test('When the comment route is described, then its request body schema requires id, postId and content', async () => {
  const res = await request(app).get('/openapi.json').expect(200);
  const body = res.body.paths['/v1/comments'].post.requestBody.content['application/json'].schema;
  for (const field of ['id', 'postId', 'content']) assert.ok(body.required.includes(field), field);
});

test('When an unknown route is requested, then the answer is a JSON 404', async () => {
  const res = await request(app).get('/v1/nothing-here').expect(404);
  assert.equal(res.body.error.code, 'route_not_found');
});
