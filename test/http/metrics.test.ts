/**
 * /metrics of a real service: protected by METRICS_TOKEN, or served on its own listener (METRICS_PORT); the state
 * gauges (queue depth per queue, deliveries per state, held comments per site, the active model, Redis up); a failed
 * delivery counted once, when its last try failed.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { createMetrics } from '../../src/platform/metrics.js';
import { scrapeSources } from '../../src/http/metrics-sources.js';
import { createQueues } from '../../src/queue/queues.js';
import { silentLogger } from '../../src/platform/logger.js';
import { createStore } from '../../src/store/index.js';
import { HOLD_ALL, MODERATION_ENV, casinoCopy, configureSite, readerComment, submit } from '../helpers/moderation.js';
import { startTestService, type TestService } from '../helpers/service.js';

const TOKEN = 'metrics-token-0123456789abcdef';

/** The value of one series in a Prometheus text scrape, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function scrapeWith(url: string, token?: string): Promise<Response> {
  return fetch(`${url}/metrics`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
}

describe('metrics on the API port, with METRICS_TOKEN', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService('metrics', { env: { ...MODERATION_ENV, DELIVERY_ATTEMPTS: '3', METRICS_TOKEN: TOKEN } });
  });
  after(() => t.stop());

  test('When METRICS_TOKEN is set, then a scrape without it or with another is 401, and with it 200', async () => {
    const none = await scrapeWith(t.url);
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'unauthorized');
    assert.equal((await scrapeWith(t.url, t.operatorToken)).status, 401);
    assert.equal((await scrapeWith(t.url, `${TOKEN}x`)).status, 401);
    const ok = await scrapeWith(t.url, TOKEN);
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-type') ?? '', /^text\/plain/);
  });

  test('When a comment is held and a callback fails every try, then the gauges say so and the failure counts once', async () => {
    await configureSite(t, { callbackUrl: `http://127.0.0.1:${await closedPort()}/cb`, thresholds: HOLD_ALL });
    const held = await submit(t, casinoCopy(1));
    assert.equal(held.verdict, 'review');
    const passed = await submit(t, readerComment(1));
    assert.equal(passed.verdict, 'ham', `a reader's comment: ${passed.verdict} ${passed.score}`);
    // Three tries 20–100 ms apart; the gauge moves to failed once the last one failed.
    let text = '';
    for (const started = Date.now(); Date.now() - started < 15_000; await new Promise((r) => setTimeout(r, 100))) {
      text = await (await scrapeWith(t.url, TOKEN)).text();
      if (sample(text, 'sluice_deliveries{state="failed"}') === 1) break;
    }
    assert.equal(sample(text, 'sluice_deliveries{state="failed"}'), 1, text);
    assert.equal(sample(text, 'sluice_deliveries{state="waiting"}'), 0);
    assert.equal(sample(text, 'sluice_jobs_total{queue="deliveries",outcome="failed"}'), 1);
    assert.equal(sample(text, 'sluice_jobs_total{queue="deliveries",outcome="retried"}'), 2);
    assert.equal(sample(text, `sluice_held_comments{site="${t.site}"}`), 1);
    for (const queue of ['comments', 'training', 'deliveries']) assert.notEqual(sample(text, `sluice_queue_depth{queue="${queue}"}`), undefined, queue);
    assert.equal(sample(text, 'sluice_redis_up'), 1);
    const version = (await t.store.models.activeVersion()) ?? 'default';
    assert.equal(sample(text, `sluice_model_info{version="${version}"}`), 1, text.split('\n').filter((l) => l.includes('model_info')).join('\n'));
  });
});

describe('metrics on their own listener (METRICS_PORT)', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService('metrics-port', { worker: false, env: { METRICS_PORT: '0', METRICS_HOST: '127.0.0.1' } });
  });
  after(() => t.stop());

  test('When METRICS_PORT is set, then /metrics answers on that listener only, and the API port answers 404', async () => {
    assert.ok(t.service.metricsUrl, 'a metrics URL');
    assert.notEqual(t.service.metricsUrl, t.url);
    const res = await scrapeWith(t.service.metricsUrl!);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /^sluice_redis_up 1$/m);
    assert.equal((await scrapeWith(t.url)).status, 404);
    assert.equal((await fetch(`${t.service.metricsUrl}/v1/sites`)).status, 404);
  });
});

test('When Redis does not answer, then a scrape says sluice_redis_up 0 within the timeout', async () => {
  const dead = new Redis(`redis://127.0.0.1:${await closedPort()}`, { lazyConnect: false, maxRetriesPerRequest: null, retryStrategy: () => 200 });
  dead.on('error', () => undefined);
  const queues = createQueues(dead, 'metrics-dead', 1, silentLogger());
  queues.comments.on('error', () => undefined);
  try {
    const metrics = createMetrics();
    metrics.setSources(scrapeSources({ queues, store: createStore(dead, 'metrics-dead'), redis: dead, bundledModel: 'default' }, 300));
    const started = Date.now();
    const text = await metrics.registry.metrics();
    assert.ok(Date.now() - started < 2_000, `${Date.now() - started} ms`);
    assert.equal(sample(text, 'sluice_redis_up'), 0);
    assert.equal(sample(text, 'sluice_queue_depth{queue="comments"}'), undefined);
  } finally {
    dead.disconnect();
    await queues.close().catch(() => undefined);
  }
});
