/**
 * The Akismet routes at their trust boundaries (issue 14): a site that accepts signed comments only cannot be fed or
 * taught through them (finding 5); body-parser errors answer in Akismet's protocol (finding 10); labels from a site
 * key are rate-limited per site and refused while the training queue is full, without losing what was accepted
 * (finding 11).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { startTestService, type TestService } from '../helpers/service.js';

let t: TestService;
before(async () => {
  t = await startTestService('akismet-bounds', { env: { RATE_LABEL_PER_MINUTE: '1', RATE_LABEL_BURST: '3', MAX_BODY_BYTES: '2048' } });
});
after(async () => t.stop());

const form = (key: string, extra: Record<string, string> = {}) => ({
  api_key: key,
  blog: 'https://news.example.org',
  user_ip: '198.51.100.7',
  comment_author: 'Margaret Hale',
  comment_content: 'The vote passed 7 to 2, not unanimously.',
  ...extra,
});

async function newSite(name: string): Promise<{ id: string; key: string }> {
  const site = await t.store.sites.create({ name }, new Date());
  return { id: site!.id, key: await t.store.credentials.issueSiteKey(site!.id) };
}

/** Akismet's answer to a request it cannot use. */
function assertInvalid(res: request.Response, help: RegExp): void {
  assert.equal(res.status, 200, res.text);
  assert.match(String(res.headers['content-type']), /^text\/plain/);
  assert.equal(res.text, 'invalid');
  assert.match(String(res.headers['x-akismet-debug-help']), help);
}

describe('a site that accepts signed comments only', () => {
  test('When its key is used on the Akismet routes, then every one answers invalid and nothing is stored or learned', async () => {
    const site = await newSite('signed only');
    await request(t.url).patch(`/v1/sites/${site.id}`).set('Authorization', `Bearer ${t.operatorToken}`).send({ requireSignedWebhooks: true }).expect(200);
    const before = await t.store.corpus.size();
    for (const path of ['/1.1/verify-key', '/1.1/comment-check', '/1.1/submit-spam', '/1.1/submit-ham']) {
      const res = await request(t.url).post(path).type('form').send({ ...form(site.key), key: site.key });
      assertInvalid(res, /signed/);
    }
    assert.equal(await t.store.corpus.size(), before);
    assert.deepEqual(await t.store.corpus.counts(site.id), { spam: 0, ham: 0, bySource: {} });
  });
});

describe('body-parser errors on the Akismet routes', () => {
  test('When the body is too large, then the answer is invalid with a debug help, not house JSON', async () => {
    const res = await request(t.url).post('/1.1/comment-check').type('form').send(form(t.apiKey, { comment_content: 'x'.repeat(4096) }));
    assertInvalid(res, /too large|2048/i);
  });

  test('When the content encoding or the charset is unsupported, then the answer is invalid with a debug help', async () => {
    const body = new URLSearchParams(form(t.apiKey)).toString();
    const encoded = await request(t.url).post('/1.1/submit-spam').set('Content-Type', 'application/x-www-form-urlencoded').set('Content-Encoding', 'br-nope').send(body);
    assertInvalid(encoded, /encoding|media type/i);
    const charset = await request(t.url).post('/1.1/comment-check').set('Content-Type', 'application/x-www-form-urlencoded; charset=koi8-nope').send(body);
    assertInvalid(charset, /charset|media type/i);
  });

  test('When a gzipped body is truncated, then the answer is invalid, never a 5xx', async () => {
    const gz = gzipSync(new URLSearchParams(form(t.apiKey)).toString()).subarray(0, 20);
    const res = await request(t.url).post('/1.1/submit-ham').set('Content-Type', 'application/x-www-form-urlencoded').set('Content-Encoding', 'gzip').send(gz);
    assert.ok(res.status < 500, `${res.status} ${res.text}`);
    assert.equal(res.text, 'invalid');
  });
});

describe('labels from a site key', () => {
  test('When a site sends more labels than its bucket allows, then submit answers 429 with Retry-After in Akismet’s terms, and every thanked label is kept', async () => {
    const site = await newSite('label flood');
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await request(t.url).post(i % 2 ? '/1.1/submit-ham' : '/1.1/submit-spam').type('form').send(form(site.key, { comment_content: `label ${i}` }));
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429]);
    assert.ok(Number(limited!.headers['retry-after']) >= 1);
    assert.match(String(limited!.headers['x-akismet-debug-help']), /labels/);
    const counts = await t.store.corpus.counts(site.id);
    assert.equal(counts.spam + counts.ham, 3, 'the three thanked labels are in the corpus, the refused ones are not');
    // Another site's bucket is its own.
    const other = await newSite('label other');
    assert.equal((await request(t.url).post('/1.1/submit-spam').type('form').send(form(other.key))).status, 200);
  });

  test('When the training queue holds MAX_TRAINING_QUEUE_DEPTH jobs, then labels get 503 with Retry-After and nothing is stored', async () => {
    const full = await startTestService('akismet-full', { worker: false, env: { MAX_TRAINING_QUEUE_DEPTH: '1' } });
    try {
      const site = full.apiKey;
      // The first label queues a learn job (no worker runs here), which fills the queue.
      assert.equal((await request(full.url).post('/1.1/submit-spam').type('form').send(form(site, { comment_content: 'first' }))).status, 200);
      const res = await request(full.url).post('/1.1/submit-spam').type('form').send(form(site, { comment_content: 'second' }));
      assert.equal(res.status, 503, res.text);
      assert.ok(Number(res.headers['retry-after']) >= 1);
      assert.match(String(res.headers['x-akismet-debug-help']), /training/);
      assert.equal(await full.store.corpus.size(), 1);
    } finally {
      await full.stop();
    }
  });
});
