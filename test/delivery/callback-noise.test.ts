/**
 * Callbacks to a CMS that is down do not flood the logs (one warning per delivery, one error when it gives up, final
 * failures counted once), and comments that came in by the Akismet or Coral door are never called back.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { createLogger } from '../../src/platform/logger.js';
import { startService, type RunningService } from '../../src/service.js';
import { createStore, type Store } from '../../src/store/index.js';
import type { Redis } from 'ioredis';
import { deletePrefix, inspector, testConfig, uniquePrefix } from '../helpers/env.js';
import { as, configureSite, MODERATION_ENV, readerComment } from '../helpers/moderation.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

/** A URL nothing answers at: a port that was just free on 127.0.0.1. */
async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/sluice-callback?token=cms-secret`;
}

interface Line {
  level: number;
  msg: string;
  [key: string]: unknown;
}

describe('callbacks: noise and origin', () => {
  const lines: Line[] = [];
  let service: RunningService;
  let redis: Redis;
  let store: Store;
  let prefix: string;
  let site: string;
  let apiKey: string;
  let url: string;
  let cms: Receiver;
  before(async () => {
    prefix = uniquePrefix('callback-noise');
    const config = testConfig(prefix, MODERATION_ENV);
    redis = inspector();
    store = createStore(redis, prefix);
    const record = await store.sites.create({ name: 'callback noise news' }, new Date());
    assert.ok(record);
    site = record.id;
    apiKey = await store.credentials.issueSiteKey(site);
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Line);
        done();
      },
    });
    service = await startService({ config, logger: createLogger({ level: 'debug', destination: stream }), api: true, worker: true });
    url = service.url!;
    cms = await startReceiver();
  });
  after(async () => {
    await service.close();
    await cms.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  const t = () => ({ url, site, apiKey, store }) as unknown as Parameters<typeof configureSite>[0];
  const post = (body: object) => request(url).post('/v1/comments?wait=8000').set('Authorization', `Bearer ${apiKey}`).send(body).expect(200);

  async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const got = probe();
      if (got) return got;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  test('When the callback URL is unreachable, then each delivery logs one warning and one final error, and metrics count final failures', async () => {
    const unreachable = await unreachableUrl();
    await configureSite(t(), { callbackUrl: unreachable });
    const ids = [1, 2, 3].map((n) => `noise-${n}`);
    for (const [n, id] of ids.entries()) await post({ ...readerComment(n), id });
    const attempts = Number(MODERATION_ENV.DELIVERY_ATTEMPTS);
    const errors = await until('three final errors', () => {
      const e = lines.filter((l) => l.level === 50 && l['commentId'] !== undefined);
      return e.length >= 3 && e;
    });
    await new Promise((r) => setTimeout(r, 300));
    const host = new URL(unreachable).host;
    for (const id of ids) {
      const warnings = lines.filter((l) => l.level === 40 && l['commentId'] === id);
      assert.equal(warnings.length, 1, `one warning for ${id}: ${JSON.stringify(warnings)}`);
      const w = warnings[0]!;
      assert.equal(w['site'], site);
      assert.equal(w['host'], host);
      assert.equal(w['attempt'], 1);
      assert.equal(w['attempts'], attempts);
      assert.ok(!Number.isNaN(Date.parse(String(w['nextRetryAt']))), 'names the next retry');
      const final = errors.filter((l) => l['commentId'] === id);
      assert.equal(final.length, 1, `one final error for ${id}`);
      assert.equal(final[0]!['attempt'], attempts);
      assert.equal(final[0]!['host'], host);
      assert.match(final[0]!.msg, /gave up after 4 of 4 tries/);
    }
    const out = JSON.stringify(lines);
    assert.ok(!out.includes('cms-secret'), 'the URL\'s query is never logged');
    assert.equal(lines.filter((l) => l.level >= 40 && /callback/.test(l.msg)).length, 6, 'no other warning or error about callbacks');
    const metrics = await service.metrics.registry.getSingleMetricAsString('sluice_jobs_total');
    assert.match(metrics, /sluice_jobs_total\{queue="deliveries",outcome="failed"\} 3$/m, metrics);
    assert.match(metrics, /sluice_jobs_total\{queue="deliveries",outcome="retried"\} 9$/m, metrics);
  });

  test('When comments come in by the Akismet and Coral doors, then the CMS is not called back for them, even after a decision; webhook comments are', async () => {
    await configureSite(t(), { callbackUrl: cms.url });
    const secret = await store.integrations.issueCoralSecret(site, false);
    const akismet = await request(url)
      .post('/1.1/comment-check')
      .type('form')
      .send({ api_key: apiKey, blog: 'https://news.example.org', user_ip: '203.0.113.5', comment_type: 'comment', comment_author: 'Ann', comment_content: 'The council should publish the audit.' });
    assert.equal(akismet.text, 'false');
    const coralBody = JSON.stringify({
      action: 'NEW',
      comment: { body: '<p>우리카지노 바카라사이트 <a href="https://woori-casino.xyz">https://woori-casino.xyz</a> 카지노사이트추천</p>', parentID: null },
      author: { id: 'user-7', role: 'COMMENTER' },
      story: { id: 'story-1', url: 'https://news.example.org/story-1' },
      site: { id: 'site-1' },
      tenantID: 'tenant-1',
      tenantDomain: 'news.example.org',
    });
    const signature = `sha256=${createHmac('sha256', secret).update(coralBody).digest('hex')}`;
    await request(url).post('/v1/integrations/coral').set('Content-Type', 'application/json').set('X-Coral-Signature', signature).send(coralBody).expect(200);
    // A moderator decides every comment the two doors brought: still no callback.
    const mod = as({ url } as never, (await store.credentials.issueToken('moderator', 'mod', new Date())).token);
    const held = await mod.get(`/v1/review?site=${site}&view=all`).expect(200);
    const doors = (held.body.items as Array<{ comment: { id: string; via?: string } }>).filter((i) => i.comment.via === 'akismet' || i.comment.via === 'coral');
    assert.equal(doors.length, 2, JSON.stringify(held.body.items.map((i: { comment: unknown }) => i.comment)));
    for (const item of doors) await mod.post(`/v1/comments/${encodeURIComponent(item.comment.id)}/decision`, { site, verdict: 'ham' }).expect(200);
    await post({ ...readerComment(9), id: 'by-webhook' });
    // Whatever the machine thought of it, a decision on a webhook comment is called back.
    await mod.post('/v1/comments/by-webhook/decision', { site, verdict: 'ham' }).expect(200);
    await cms.waitFor(1).catch((e: Error) => { throw new Error(`${e.message}: ${JSON.stringify(lines.slice(-8))}`); });
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual([...new Set(cms.received.map((r) => r.body['id']))], ['by-webhook']);
  });
});
