/**
 * What the logs hold, read from the real service (API and worker) logging at trace level: requests carrying keys and
 * tokens — in the header, in the query string, in an Akismet form — and comments carrying IPs and emails, accepted,
 * refused or scored, leave none of them in clear.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { createLogger } from '../../src/platform/logger.js';
import { startService, type RunningService } from '../../src/service.js';
import { createStore } from '../../src/store/index.js';
import { deletePrefix, inspector, testConfig, uniquePrefix } from '../helpers/env.js';

const prefix = uniquePrefix('logs');
const redis = inspector();
const store = createStore(redis, prefix);
const lines: string[] = [];
let service: RunningService;
let apiKey: string;
let token: string;
before(async () => {
  const site = (await store.sites.create({ name: 'logs' }, new Date()))!.id;
  apiKey = await store.credentials.issueSiteKey(site);
  token = (await store.credentials.issueToken('moderator', 'mod', new Date())).token;
  const destination = new Writable({
    write(chunk: Buffer, _enc, next) {
      lines.push(chunk.toString());
      next();
    },
  });
  service = await startService({ config: testConfig(prefix), logger: createLogger({ level: 'trace', destination }), api: true, worker: true });
});
after(async () => {
  await service.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

test('When requests carry keys, tokens, IPs and emails, then none of them is written to the log', async () => {
  const ip = '198.51.100.23';
  const email = 'private.reader@mail.example';
  const author = { name: 'Reader', ip, email };
  const url = service.url!;
  await request(url).post('/v1/comments?wait=5000').set('Authorization', `Bearer ${apiKey}`).send({ id: 'l1', postId: 'p', content: 'Scored with a log line.', author }).expect(200);
  await request(url).post('/v1/comments').set('Authorization', `Bearer ${apiKey}`).send({ id: 42, postId: 'p', content: 'Refused.', author }).expect(400);
  await request(url).post('/v1/comments').set('Authorization', `Bearer ${apiKey}`).type('json').send(`{"id":"deep","author":${'['.repeat(100)}"${email}"${']'.repeat(100)}}`).expect(400);
  await request(url).get(`/v1/comments/l1?site=logs&token=${token}&api_key=${apiKey}`).set('Authorization', `Bearer ${token}`).expect(200);
  await request(url).get(`/v1/review?token=${token}`).expect(401);
  await request(url).get('/v1/review').set('Authorization', `Bearer ${apiKey}`).expect(403);
  await request(url)
    .post('/1.1/comment-check')
    .type('form')
    .send({ api_key: apiKey, blog: 'https://news.example.org', user_ip: ip, comment_author_email: email, comment_content: 'Checked inline.' })
    .expect(200);

  const log = lines.join('');
  assert.ok(log.includes('"msg":"scored"') && log.includes('request completed'), 'the requests and the scoring were logged');
  for (const [what, secret] of [['API key', apiKey], ['token', token], ['IP', ip], ['email', email]] as const) {
    assert.ok(!log.includes(secret), `the ${what} appears in the log`);
  }
});

test('When code logs an Akismet form, a job payload or an error object that carries secrets, then the logger censors them', () => {
  const out: string[] = [];
  const log = createLogger({ level: 'info', destination: new Writable({ write: (c: Buffer, _e, next) => (out.push(c.toString()), next()) }) });
  log.info({ body: { api_key: 'sk-in-a-form', user_ip: '192.0.2.61', comment_author_email: 'form@mail.example', blog: 'https://news.example.org' } }, 'akismet form');
  log.info({ job: { data: { author: { ip: '192.0.2.62', email: 'job@mail.example' } } } }, 'job payload');
  log.info({ req: { authorization: 'Bearer st-secret' }, site: { secret: 'whsec_x', coralSigningSecret: 'coral_x' } }, 'headers');
  const text = out.join('');
  for (const secret of ['sk-in-a-form', '192.0.2.61', 'form@mail.example', '192.0.2.62', 'job@mail.example', 'st-secret', 'whsec_x', 'coral_x']) {
    assert.ok(!text.includes(secret), `${secret} leaked`);
  }
  assert.ok(text.includes('news.example.org'), 'what is not personal stays');
});

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly req?: { readonly id: string; readonly method: string; readonly path: string };
  readonly res: { readonly statusCode: number };
  readonly responseTime: unknown;
  readonly error: { readonly code: string };
}

test('When a request is answered, then one line names its id, method, path (no query string), status and duration', async () => {
  const before = lines.length;
  await request(service.url!).post('/v1/comments?token=in-the-query').set('Authorization', `Bearer ${apiKey}`).set('X-Request-Id', 'req-log-1').send({ id: 'line-1', postId: 'p', content: 'One line.' }).expect(202);
  await request(service.url!).post('/v1/comments').set('Authorization', `Bearer ${apiKey}`).set('X-Request-Id', 'req-log-2').send({ id: 7 }).expect(400);
  await new Promise((r) => setTimeout(r, 100));
  const entries = lines.slice(before).flatMap((l) => l.split('\n')).filter(Boolean).map((l) => JSON.parse(l) as LogLine);
  const first = entries.filter((e) => e.req?.id === 'req-log-1');
  assert.equal(first.length, 1, 'exactly one line for the request');
  assert.equal(first[0]!.msg, 'request completed');
  assert.deepEqual(first[0]!.req, { id: 'req-log-1', method: 'POST', path: '/v1/comments' });
  assert.equal(first[0]!.res.statusCode, 202);
  assert.equal(typeof first[0]!.responseTime, 'number');
  assert.equal(first[0]!.level, 30);
  const second = entries.filter((e) => e.req?.id === 'req-log-2');
  assert.equal(second.length, 1);
  assert.equal(second[0]!.msg, 'request errored');
  assert.equal(second[0]!.res.statusCode, 400);
  assert.equal(second[0]!.error.code, 'validation_failed');
});
