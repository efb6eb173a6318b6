/**
 * Access control, walked over the whole route table: every route tried with no credentials, a wrong token, a site key,
 * a moderator token and an operator token answers 401/403 exactly where its declared roles say; public routes ignore
 * bearer tokens; credentials in the URL are never read; every answer carries the baseline security headers; a site's
 * key never reads or reports another site's comments.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { routeTable } from '../../src/http/app.js';
import type { AppDeps } from '../../src/http/deps.js';
import type { Route } from '../../src/http/route.js';
import { API_CSP } from '../../src/http/security-headers.js';
import { silentLogger } from '../../src/platform/logger.js';
import { createMetrics } from '../../src/platform/metrics.js';
import { createQueues, type Queues } from '../../src/queue/queues.js';
import type { Role } from '../../src/store/credentials.js';
import { headersOfStream, isEventStream } from '../helpers/live.js';
import { startTestService, type TestService } from '../helpers/service.js';

let t: TestService;
let routes: Route[];
let queues: Queues;
before(async () => {
  t = await startTestService('access', { worker: false });
  // The table's metadata only: no handler of these deps runs.
  const unused = (): never => {
    throw new Error('not used');
  };
  queues = createQueues(t.redis, t.config.redisPrefix, 1, silentLogger());
  const deps = { config: t.config, store: t.store, queues, metrics: createMetrics(), logger: silentLogger(), now: () => new Date(), readiness: { redis: unused, workers: unused }, scoreNow: unused } as unknown as AppDeps;
  routes = routeTable(deps);
});
after(async () => {
  await queues.close();
  await t.stop();
});

const pathOf = (route: Route): string => route.path.replace(/:[A-Za-z]+/g, 'x');

function send(route: Route, bearer?: string, query = '') {
  const r = request(t.url)[route.method](`${pathOf(route)}${query}`);
  if (bearer) r.set('Authorization', `Bearer ${bearer}`);
  // A live stream never ends: its status and headers are all there is to check.
  if (isEventStream(route)) r.buffer(true).parse(headersOfStream);
  return route.method === 'get' ? r : r.send({});
}

function assertHeaders(res: request.Response, where: string): void {
  assert.equal(res.headers['x-content-type-options'], 'nosniff', where);
  assert.equal(res.headers['referrer-policy'], 'no-referrer', where);
  assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/, where);
  assert.doesNotMatch(String(res.headers['content-security-policy']), /unsafe-inline|unsafe-eval/, where);
}

test('When every route is called with each role and without credentials, then 401 and 403 come exactly where its roles say', async () => {
  const tokens: Record<Role, string> = { cms: t.apiKey, moderator: t.moderatorToken, operator: t.operatorToken };
  let checked = 0;
  for (const route of routes) {
    const where = `${route.method.toUpperCase()} ${route.path}`;
    const anonymous = await send(route);
    assertHeaders(anonymous, where);
    if (route.auth === 'public') {
      // Public routes have no bearer roles (Akismet and Coral authenticate by key field and signature): a token changes nothing.
      for (const token of Object.values(tokens)) assert.equal((await send(route, token)).status, anonymous.status, `${where} with a token`);
      assert.notEqual(anonymous.status, 403, where);
      continue;
    }
    assert.equal(anonymous.status, 401, where);
    assert.equal(anonymous.body.error.code, 'unauthorized', where);
    assert.equal((await send(route, 'st0000000000000000000000000000000000000000')).status, 401, `${where} with an unknown token`);
    assert.equal((await send(route, undefined, `?token=${t.operatorToken}&api_key=${t.apiKey}&access_token=${t.operatorToken}`)).status, 401, `${where}: credentials in the URL are not read`);
    for (const [role, token] of Object.entries(tokens) as Array<[Role, string]>) {
      const res = await send(route, token);
      assertHeaders(res, `${where} as ${role}`);
      if (route.auth.includes(role)) assert.ok(![401, 403].includes(res.status), `${where} as ${role}: ${res.status} ${JSON.stringify(res.body)}`);
      else {
        assert.equal(res.status, 403, `${where} as ${role}`);
        assert.equal(res.body.error.code, 'forbidden');
      }
      checked++;
    }
  }
  assert.ok(checked >= 3 * 20, `walked ${checked} route × role pairs`);
});

test('When a site key asks for another site’s comment, then it is neither read nor reported; the owner reads it', async () => {
  const other = (await t.store.sites.create({ name: 'access other' }, new Date()))!.id;
  const otherKey = await t.store.credentials.issueSiteKey(other);
  await request(t.url).post('/v1/comments').set('Authorization', `Bearer ${t.apiKey}`).send({ id: 'mine', postId: 'p', content: 'Mine.' }).expect(202);

  await request(t.url).get('/v1/comments/mine').set('Authorization', `Bearer ${t.apiKey}`).expect(200);
  await request(t.url).get('/v1/comments/mine').set('Authorization', `Bearer ${otherKey}`).expect(404);
  const named = await request(t.url).get(`/v1/comments/mine?site=${t.site}`).set('Authorization', `Bearer ${otherKey}`).expect(403);
  assert.equal(named.body.error.code, 'forbidden');
  await request(t.url).post('/v1/comments/mine/report').set('Authorization', `Bearer ${otherKey}`).send({}).expect(404);
  assert.equal((await t.store.comments.get(t.site, 'mine'))!.status, 'queued', 'untouched');
});

test('When the moderator page is served, then its CSP allows no inline script and no framing; JSON answers allow nothing', async () => {
  const page = await request(t.url).get('/moderate');
  if (page.status === 200) {
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
  }
  const json = await request(t.url).get('/healthz').expect(200);
  assert.equal(json.headers['content-security-policy'], API_CSP);
  assert.equal(json.headers['x-frame-options'], 'DENY');
});
