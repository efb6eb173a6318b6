/**
 * Input limits, each a 4xx with `{ error: { code, message } }` and nothing stored: body size (413), field lengths,
 * links per comment and nesting depth (400), on the JSON, JSON-lines and raw (signed) parsers alike.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { nestsDeeperThan } from '../../src/http/body-guard.js';
import { keysMatching } from '../helpers/env.js';
import { startTestService, type TestService } from '../helpers/service.js';

let t: TestService;
before(async () => {
  t = await startTestService('limits', { worker: false, env: { MAX_BODY_BYTES: '150000', MAX_JSON_DEPTH: '8', MAX_LINKS_PER_COMMENT: '3' } });
});
after(() => t.stop());

const post = (body: string | object, type = 'application/json') =>
  request(t.url).post('/v1/comments').set('Authorization', `Bearer ${t.apiKey}`).set('Content-Type', type).send(typeof body === 'string' ? body : JSON.stringify(body));

async function assertRefused(res: request.Response, status: number, code: string): Promise<void> {
  assert.equal(res.status, status, JSON.stringify(res.body).slice(0, 300));
  assert.equal(res.body.error.code, code);
  assert.equal(typeof res.body.error.message, 'string');
  assert.deepEqual(await keysMatching(t.redis, `${t.config.redisPrefix}:c:*`), [], 'no comment stored');
}

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

test('When the body is larger than MAX_BODY_BYTES, then the answer is 413 payload_too_large', async () => {
  await assertRefused(await post({ id: 'big', postId: 'p', content: 'x'.repeat(160_000) }), 413, 'payload_too_large');
});

test('When a field is longer than the contract allows, then the answer is 400 naming the field', async () => {
  for (const [body, field] of [
    [{ id: 'i'.repeat(129), postId: 'p', content: 'c' }, 'id'],
    [{ id: 'a', postId: 'p', content: 'c'.repeat(100_001) }, 'content'],
    [{ id: 'a', postId: 'p', content: 'c', author: { name: 'n'.repeat(513) } }, 'author.name'],
    [{ id: 'a', postId: 'p', content: 'c', author: { url: `https://x.example/${'u'.repeat(2100)}` } }, 'author.url'],
  ] as const) {
    const res = await post(body);
    await assertRefused(res, 400, 'validation_failed');
    assert.match(res.body.error.message, new RegExp(field.replace('.', '\\.')));
  }
});

test('When a comment has more links than MAX_LINKS_PER_COMMENT, then it is refused with 400 too_many_links; at the limit it is accepted', async () => {
  const links = (n: number) => Array.from({ length: n }, (_, i) => `https://site${i}.example/page`).join(' and ');
  await assertRefused(await post({ id: 'links', postId: 'p', content: `See ${links(4)}` }), 400, 'too_many_links');
  await assertRefused(await post({ id: 'links', postId: 'p', content: 'www.a.example www.b.example http://c.example https://d.example' }), 400, 'too_many_links');
  assert.equal((await post({ id: 'links-ok', postId: 'p', content: `See ${links(3)}` })).status, 202);
  await t.redis.del(`${t.config.redisPrefix}:c:${t.site}:links-ok`);
});

test('When a body nests deeper than MAX_JSON_DEPTH, then the JSON, JSON-lines and raw parsers answer 400 too_deep', async () => {
  await assertRefused(await post(`{"id":"d","postId":"p","content":"c","author":${nested(8)}}`), 400, 'too_deep');
  const lines = await request(t.url)
    .post('/v1/training/examples')
    .set('Authorization', `Bearer ${t.operatorToken}`)
    .set('Content-Type', 'application/x-ndjson')
    .send(`{"label":"spam","content":"x","extra":${nested(9)}}\n`);
  await assertRefused(lines, 400, 'too_deep');
  const coral = await request(t.url).post('/v1/integrations/coral').set('Content-Type', 'application/json').send(nested(9));
  await assertRefused(coral, 400, 'too_deep');
});

test('When a body is 100,000 levels deep, then it is refused before it is parsed; brackets inside strings do not count', async () => {
  const deep = await request(t.url)
    .post('/v1/comments')
    .set('Authorization', `Bearer ${t.apiKey}`)
    .set('Content-Type', 'application/json')
    .send(`{"id":"d","postId":"p","content":${nested(70_000)}}`);
  await assertRefused(deep, 400, 'too_deep');
  const inString = await post({ id: 'brackets', postId: 'p', content: `${'[{'.repeat(500)} not nesting` });
  assert.equal(inString.status, 202);
  assert.equal(nestsDeeperThan(Buffer.from('{"a":"\\"[[[[[[[[[[[["}'), 3), false, 'an escaped quote does not end the string');
  assert.equal(nestsDeeperThan(Buffer.from('{"a":[[[[1]]]]}'), 3), true);
});
