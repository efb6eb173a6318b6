/** The webhook end to end: real HTTP server on port 0, real Redis, real BullMQ worker. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { verdictSchema } from '../../src/http/routes/schemas.js';
import { sigmoid } from '../../src/domain/verdict.js';
import { keysUnder } from '../helpers/env.js';
import { startTestService, type TestService } from '../helpers/service.js';

const casino = {
  id: 'c-casino-1',
  postId: 'post-42',
  content: '좋은 정보 감사합니다 https://woori-casino.xyz',
  author: { name: '우리카지노', url: 'https://woori-casino.xyz', email: 'ad@woori-casino.xyz', ip: '203.0.113.9' },
};
const reader = {
  id: 'c-reader-1',
  postId: 'post-42',
  content: 'I disagree with the second paragraph: the council voted twice, not once. Otherwise a fair summary.',
  author: { name: 'Margaret Hale', email: 'mh@example.org' },
};

describe('POST /v1/comments and GET /v1/comments/:id', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService('comments');
  });
  after(async () => t.stop());

  const post = (body: unknown, query = '') =>
    request(t.url).post(`/v1/comments${query}`).set('Authorization', `Bearer ${t.apiKey}`).send(body as object);

  test('When a casino author-name comment is posted with ?wait, then it comes back spam with the lexicon and link reasons', async () => {
    const res = await post(casino, '?wait=5000').expect(200);
    const verdict = verdictSchema.parse(res.body);
    assert.equal(verdict.verdict, 'spam');
    assert.equal(verdict.status, 'scored');
    const codes = verdict.reasons.map((r) => r.code);
    assert.ok(codes.includes('lexicon.author'), codes.join());
    assert.ok(codes.includes('lexicon.domain'), codes.join());
    assert.ok(verdict.counterfactual && verdict.counterfactual.length > 0);
    // The reasons explain every point of the score.
    const sum = verdict.reasons.reduce((s, r) => s + r.weight, 0);
    assert.ok(Math.abs(sigmoid(sum) - verdict.score) <= 1e-4, `${sigmoid(sum)} vs ${verdict.score}`);
  });

  test('When an ordinary comment is posted with ?wait, then it comes back ham and GET returns the same verdict', async () => {
    const res = await post(reader, '?wait=5000').expect(200);
    assert.equal(res.body.verdict, 'ham');
    assert.equal(res.body.counterfactual, undefined);
    const got = await request(t.url).get(`/v1/comments/${reader.id}`).set('Authorization', `Bearer ${t.apiKey}`).expect(200);
    assert.deepEqual(got.body, res.body);
  });

  test('When a comment is posted without ?wait, then it answers 202 queued at once and the verdict follows', async () => {
    const res = await post({ ...reader, id: 'c-nowait' }).expect(202);
    assert.deepEqual(res.body, { id: 'c-nowait', status: 'queued' });
    const again = await post({ ...reader, id: 'c-nowait' }, '?wait=5000').expect(200);
    assert.equal(again.body.verdict, 'ham');
  });

  test('When staff read a comment, then they must name the site', async () => {
    const auth = `Bearer ${t.moderatorToken}`;
    const missing = await request(t.url).get(`/v1/comments/${reader.id}`).set('Authorization', auth).expect(400);
    assert.equal(missing.body.error.code, 'validation_failed');
    const ok = await request(t.url).get(`/v1/comments/${reader.id}?site=${t.site}`).set('Authorization', auth).expect(200);
    assert.equal(ok.body.id, reader.id);
  });

  test('When an unknown id is read, then the answer is 404 with a JSON error', async () => {
    const res = await request(t.url).get('/v1/comments/nope').set('Authorization', `Bearer ${t.apiKey}`).expect(404);
    assert.equal(res.body.error.code, 'not_found');
  });

  describe('bad requests leave nothing behind', () => {
    let before: string[];
    const cases: Array<[string, () => request.Test, number, string]> = [
      ['bad JSON', () => post('{"id": "x", ').type('application/json'), 400, 'bad_json'],
      ['a missing content', () => post({ id: 'x1', postId: 'p' }), 400, 'validation_failed'],
      ['a 2 MB body', () => post({ id: 'x2', postId: 'p', content: 'a'.repeat(2 * 1024 * 1024) }), 413, 'payload_too_large'],
      ['a form body', () => post('id=x3&postId=p&content=hi').type('form'), 415, 'unsupported_media_type'],
      ['a wrong id type', () => post({ id: 7, postId: 'p', content: 'hi' }), 400, 'validation_failed'],
      ['wrong credentials', () => request(t.url).post('/v1/comments').set('Authorization', 'Bearer sk0000000000').send(reader), 401, 'unauthorized'],
      ['no credentials', () => request(t.url).post('/v1/comments').send(reader), 401, 'unauthorized'],
      ['a staff token posting', () => request(t.url).post('/v1/comments').set('Authorization', `Bearer ${t.moderatorToken}`).send({ ...reader, id: 'x4' }), 403, 'forbidden'],
    ];
    for (const [what, send, status, code] of cases) {
      test(`When a request has ${what}, then it gets ${status} ${code} and Redis is unchanged`, async () => {
        before = await keysUnder(t.redis, t.config.redisPrefix);
        const res = await send().expect(status);
        assert.equal(res.body.error.code, code);
        assert.equal(typeof res.body.error.message, 'string');
        assert.deepEqual(await keysUnder(t.redis, t.config.redisPrefix), before);
      });
    }
  });
});
