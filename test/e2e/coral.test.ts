/** Coral Talk's external moderation phase: Coral-shaped requests with correct, rotated and wrong signatures. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { keysMatching, keysUnder } from '../helpers/env.js';
import { startTestService, type TestService } from '../helpers/service.js';

let t: TestService;
let secret = '';
before(async () => {
  t = await startTestService('coral');
  secret = await t.store.integrations.issueCoralSecret(t.site, false);
});
after(async () => t.stop());

const sign = (body: string, s: string) => `sha256=${createHmac('sha256', s).update(body).digest('hex')}`;
const coral = (comment: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    action: 'NEW',
    comment: { body: comment, parentID: null },
    author: { id: 'user-7', role: 'COMMENTER' },
    story: { id: 'story-1', url: 'https://news.example.org/story-1' },
    site: { id: 'site-1' },
    tenantID: 'tenant-1',
    tenantDomain: 'news.example.org',
    ...extra,
  });
const post = (body: string, signature: string | undefined) => {
  const r = request(t.url).post('/v1/integrations/coral').set('Content-Type', 'application/json');
  return (signature ? r.set('X-Coral-Signature', signature) : r).send(body);
};

test('When Coral sends an ordinary comment, then the phase answers 204 (no opinion) and stores it', async () => {
  const body = coral('<p>The council should publish the audit, not a summary of it.</p>');
  await post(body, sign(body, secret)).expect(204);
  const held = await keysMatching(t.redis, `${t.config.redisPrefix}:c:${t.site}:coral-*`);
  assert.equal(held.length, 1);
});

test('When Coral sends casino spam, then the answer is REJECTED with a spam flag', async () => {
  const body = coral('<p>우리카지노 바카라사이트 <a href="https://woori-casino.xyz">https://woori-casino.xyz</a> 카지노사이트추천</p>');
  const res = await post(body, sign(body, secret)).expect(200);
  assert.equal(res.body.status, 'REJECTED');
  assert.deepEqual(res.body.actions, [{ actionType: 'FLAG', reason: 'COMMENT_DETECTED_SPAM' }]);
});

test('When Coral sends an EDIT, then it is stored as an edit', async () => {
  const body = coral('<p>Edited: the audit, please.</p>', { action: 'EDIT' });
  await post(body, sign(body, secret)).expect(204);
  const keys = await keysMatching(t.redis, `${t.config.redisPrefix}:c:${t.site}:coral-*`);
  const records = await Promise.all(keys.map((k) => t.store.comments.get(t.site, k.slice(`${t.config.redisPrefix}:c:${t.site}:`.length))));
  assert.ok(records.some((r) => r?.comment.edit === true && r.comment.via === 'coral'));
});

test('When the secret is being rotated, then a header with the old and new signatures is accepted', async () => {
  const fresh = await t.store.integrations.issueCoralSecret(t.site, true);
  const body = coral('<p>Rotation check, nothing to see.</p>');
  await post(body, `${sign(body, 'not-the-secret')},${sign(body, fresh)}`).expect(204);
  // The old one is still valid during the rotation (another body: the same one again would be a replay).
  const other = coral('<p>Rotation check, nothing to see here either.</p>', { author: { id: 'user-8', role: 'COMMENTER' } });
  await post(other, sign(other, secret)).expect(204);
  secret = fresh;
});

test('When the signature is wrong or missing, then 401 and nothing is stored', async () => {
  const before = await keysUnder(t.redis, t.config.redisPrefix);
  const body = coral('<p>Unsigned</p>');
  const wrong = await post(body, sign(body, 'wrong-secret')).expect(401);
  // What Coral needs to hear: its signature, not a Bearer key it has no way to send.
  assert.equal(wrong.body.error.code, 'bad_signature');
  assert.match(wrong.body.error.message, /X-Coral-Signature/);
  assert.doesNotMatch(wrong.body.error.message, /Bearer/);
  assert.equal(wrong.headers['www-authenticate'], undefined);
  assert.equal((await post(body, undefined).expect(401)).body.error.code, 'bad_signature');
  await post(body, sign(`${body} `, secret)).expect(401); // signature of other bytes
  assert.deepEqual(await keysUnder(t.redis, t.config.redisPrefix), before);
});

test('When a signed body is not a Coral request, then 400 with a JSON error', async () => {
  const notJson = '{"action":';
  assert.equal((await post(notJson, sign(notJson, secret)).expect(400)).body.error.code, 'bad_json');
  const wrongShape = JSON.stringify({ action: 'DELETE' });
  assert.equal((await post(wrongShape, sign(wrongShape, secret)).expect(400)).body.error.code, 'validation_failed');
});

test('When a signed Coral body is sent again, then the replay answers 409 replayed and is not scored again', async () => {
  const body = coral('<p>Replay check: the minutes of the meeting, please.</p>', { author: { id: 'user-replay', role: 'COMMENTER' } });
  await post(body, sign(body, secret)).expect(204);
  const pattern = `${t.config.redisPrefix}:c:${t.site}:coral-*`;
  const stored = await keysMatching(t.redis, pattern);
  const replay = await post(body, sign(body, secret)).expect(409);
  assert.equal(replay.body.error.code, 'replayed');
  assert.deepEqual(await keysMatching(t.redis, pattern), stored);
  // The same words from someone else are another body: not a replay.
  const other = coral('<p>Replay check: the minutes of the meeting, please.</p>', { author: { id: 'user-other', role: 'COMMENTER' } });
  await post(other, sign(other, secret)).expect(204);
});
