/**
 * Property-based fuzzing of every endpoint that reads a body (JSON, JSON lines, forms, signed raw bytes), of the query
 * strings and path parameters of the others, and of the comment schema itself. Whatever arrives, the answer is below
 * 500, errors are `{ error: { code, message } }` (Akismet's routes answer Akismet's way), the process keeps serving,
 * and a refused request leaves nothing behind in Redis.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import request from 'supertest';
import { commentInputSchema } from '../../src/domain/comment.js';
import { routeTable } from '../../src/http/app.js';
import type { AppDeps } from '../../src/http/deps.js';
import type { Route } from '../../src/http/route.js';
import { createMetrics } from '../../src/platform/metrics.js';
import { silentLogger } from '../../src/platform/logger.js';
import { createQueues, type Queues } from '../../src/queue/queues.js';
import { keysUnder } from '../helpers/env.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { headersOfStream, isEventStream } from '../helpers/live.js';
import { contentType, hostileBody, hostileJson, hostileToken, safeEncode, writeJson } from './hostile.js';

let t: TestService;
let queues: Queues;
let routes: Route[];
before(async () => {
  // No worker (nothing is scored) and no per-caller limit: every request reaches its route.
  t = await startTestService('fuzz', { worker: false, env: { RATE_CLIENT_PER_SECOND: '0' } });
  queues = createQueues(t.redis, t.config.redisPrefix, 1, silentLogger());
  const deps = { config: t.config, store: t.store, queues, metrics: createMetrics(), logger: silentLogger(), now: () => new Date() } as unknown as AppDeps;
  routes = routeTable(deps);
});
after(async () => {
  await queues.close();
  await t.stop();
});

/** Every key but the rate-limit buckets (which count refused requests too, by design). */
async function stored(): Promise<string[]> {
  return (await keysUnder(t.redis, t.config.redisPrefix)).filter((k) => !k.includes(':rl:'));
}

const isAkismet = (route: Route): boolean => route.path.startsWith('/1.1/');

function credentialFor(route: Route): string | undefined {
  if (route.auth === 'public') return undefined;
  if (route.auth.includes('operator')) return t.operatorToken;
  if (route.auth.includes('moderator')) return t.moderatorToken;
  return t.apiKey;
}

/** Sends one request and checks the promise: < 500, a JSON error for 4xx, nothing stored when refused. */
async function check(route: Route, path: string, body: Buffer | undefined, type: string, encoding?: string): Promise<void> {
  const before = await stored();
  let r = request(t.url)[route.method](path);
  const credential = credentialFor(route);
  if (credential) r = r.set('Authorization', `Bearer ${credential}`);
  if (type) r = r.set('Content-Type', type);
  if (encoding) r = r.set('Content-Encoding', encoding);
  // A live stream never ends: its status and headers are all there is to check.
  if (isEventStream(route)) r = r.buffer(true).parse(headersOfStream);
  const res = await (body ? r.send(body) : r);
  const where = `${route.method.toUpperCase()} ${path} (${type}) → ${res.status} ${res.text.slice(0, 200)}`;
  // /readyz answers 503 (and its own body) by design here: no scoring worker runs.
  const probe = route.path === '/readyz';
  if (probe) assert.ok(res.status === 200 || res.status === 503, where);
  else assert.ok(res.status < 500, where);
  const refused = res.status >= 400 || res.text === 'invalid';
  if (res.status >= 400 && !isAkismet(route) && !probe) {
    assert.equal(typeof res.body?.error?.code, 'string', where);
    assert.equal(typeof res.body?.error?.message, 'string', where);
  }
  if (refused) assert.deepEqual(await stored(), before, `${where}: a refused request stored something`);
}

/** A path for the route with hostile parameter values and query string. */
const pathFor = (route: Route) =>
  fc
    .tuple(fc.array(fc.oneof(hostileToken.map(safeEncode), fc.constantFrom('%', '%E0%A4%A', '..', '%2F')), { minLength: 3, maxLength: 3 }), fc.array(fc.tuple(hostileToken, hostileToken), { maxLength: 3 }))
    .map(([params, query]) => {
      let i = 0;
      const path = route.path.replace(/:[A-Za-z]+/g, () => params[i++] || 'x');
      const qs = query.map(([k, v]) => `${safeEncode(k)}=${safeEncode(v)}`).join('&');
      return qs ? `${path}?${qs}&wait=${safeEncode(String(query.length - 2))}` : path;
    });

test('When any body arrives at any endpoint that reads one, then the answer is below 500 and a refusal stores nothing', async () => {
  const withBody = routes.filter((r) => r.method !== 'get');
  assert.ok(withBody.length >= 15, 'every writing route is fuzzed');
  for (const route of withBody) {
    const runs = route.path === '/v1/comments' ? 100 : 15;
    await fc.assert(
      fc.asyncProperty(pathFor(route), hostileBody, contentType, fc.option(fc.constantFrom('gzip', 'deflate', 'br', 'x-bogus')), async (path, body, type, encoding) =>
        check(route, route.path === '/v1/comments' ? '/v1/comments' : path, body, type, encoding ?? undefined),
      ),
      { numRuns: runs },
    );
  }
});

test('When any query string and path parameters reach the reading routes, then the answer is below 500', async () => {
  for (const route of routes.filter((r) => r.method === 'get')) {
    await fc.assert(fc.asyncProperty(pathFor(route), async (path) => check(route, path, undefined, '')), { numRuns: 15 });
  }
  await request(t.url).get('/healthz').expect(200);
});

test('When the comment schema is given any value, then it answers valid or invalid without throwing', () => {
  fc.assert(
    fc.property(fc.oneof(fc.anything({ withNullPrototype: true, withObjectString: true }), hostileJson.map((j) => JSON.parse(writeJson(j)) as unknown)), (value) => {
      const result = commentInputSchema.safeParse(value);
      if (result.success) JSON.stringify(result.data); // what is stored must serialise
    }),
    { numRuns: 2_000 },
  );
});
