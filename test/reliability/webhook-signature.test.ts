/**
 * Signed inbound webhooks: `Sluice-Signature: t=…,v1=…` over "t.body" with the site's webhook secret, the scheme of
 * the outbound callbacks. Required per site (`requireSignedWebhooks`), checked whenever present, five-minute window.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { signatureHeader } from '../../src/delivery/sign.js';
import { startTestService, type TestService } from '../helpers/service.js';

let t: TestService;
before(async () => {
  t = await startTestService('signed', { worker: false });
});
after(() => t.stop());

const unix = (offsetSeconds = 0): number => Math.floor(Date.now() / 1000) + offsetSeconds;
const secret = async (): Promise<string> => (await t.store.sites.get(t.site))!.webhookSecret;

/** Posts `body` exactly as signed (the signature covers these bytes). */
function post(body: string, signature?: string) {
  const req = request(t.url).post('/v1/comments').set('Authorization', `Bearer ${t.apiKey}`).set('Content-Type', 'application/json');
  return (signature ? req.set('Sluice-Signature', signature) : req).send(body);
}

const body = (id: string): string => JSON.stringify({ id, postId: 'p', content: `Signed comment ${id}.` });

test('When a site requires signed webhooks, then an operator can say so, and unsigned, stale, tampered or wrongly signed comments get 401', async () => {
  const patched = await request(t.url).patch(`/v1/sites/${t.site}`).set('Authorization', `Bearer ${t.operatorToken}`).send({ requireSignedWebhooks: true }).expect(200);
  assert.equal(patched.body.requireSignedWebhooks, true);
  const s = await secret();

  for (const [what, res] of [
    ['unsigned', await post(body('u'))],
    ['six minutes old', await post(body('u'), signatureHeader(body('u'), [s], unix(-360)))],
    ['another secret', await post(body('u'), signatureHeader(body('u'), ['whsec_not-the-one'], unix()))],
    ['another body', await post(body('u'), signatureHeader(body('other'), [s], unix()))],
    ['malformed', await post(body('u'), 't=abc,v1=zz')],
  ] as const) {
    assert.equal(res.status, 401, what);
    assert.equal(res.body.error.code, 'bad_signature', what);
  }
  assert.equal(await t.store.comments.get(t.site, 'u'), undefined, 'nothing stored');
});

test('When a comment is signed with the current secret, or the previous one during a rotation, then it is accepted; a replay changes nothing', async () => {
  const old = await secret();
  const signed = signatureHeader(body('s1'), [old], unix(-60));
  assert.equal((await post(body('s1'), signed)).status, 202);
  const replay = await post(body('s1'), signed);
  assert.equal(replay.status, 202);
  assert.equal((await t.store.comments.get(t.site, 's1'))!.comment.revision, 0, 'the replay stored no new revision');

  const rotated = await request(t.url).post(`/v1/sites/${t.site}/rotate-secret`).set('Authorization', `Bearer ${t.operatorToken}`).send({ graceHours: 1 }).expect(200);
  assert.equal((await post(body('s2'), signatureHeader(body('s2'), [old], unix()))).status, 202, 'the previous secret, within its grace period');
  assert.equal((await post(body('s3'), signatureHeader(body('s3'), [rotated.body.webhookSecret], unix()))).status, 202);
});

test('When a site does not require signatures, then unsigned comments pass but a signature that is present must verify', async () => {
  await request(t.url).patch(`/v1/sites/${t.site}`).set('Authorization', `Bearer ${t.operatorToken}`).send({ requireSignedWebhooks: false }).expect(200);
  assert.equal((await post(body('n1'))).status, 202);
  const wrong = await post(body('n2'), signatureHeader(body('n2'), ['whsec_wrong'], unix()));
  assert.equal(wrong.status, 401);
});

test('When a signed webhook body is re-sent after an edit, within the signature window, then it answers 409 stale_revision and the edit stays', async () => {
  await request(t.url).patch(`/v1/sites/${t.site}`).set('Authorization', `Bearer ${t.operatorToken}`).send({ requireSignedWebhooks: true }).expect(200);
  const s = await secret();
  const original = JSON.stringify({ id: 'e1', postId: 'p', content: 'Buy cheap pills at pills.example.' });
  const edited = JSON.stringify({ id: 'e1', postId: 'p', content: 'Sorry, wrong window: thanks for the article.' });
  const firstSignature = signatureHeader(original, [s], unix(-120));
  assert.equal((await post(original, firstSignature)).status, 202);
  assert.equal((await post(edited, signatureHeader(edited, [s], unix(-60)))).status, 202);
  const replay = await post(original, firstSignature);
  assert.equal(replay.status, 409, JSON.stringify(replay.body));
  assert.equal(replay.body.error.code, 'stale_revision');
  const record = await t.store.comments.get(t.site, 'e1');
  assert.equal(record!.comment.content, 'Sorry, wrong window: thanks for the article.');
  assert.equal(record!.comment.revision, 1);
  // A newer edit still goes through.
  const again = JSON.stringify({ id: 'e1', postId: 'p', content: 'Thanks for the article, and for the follow-up.' });
  assert.equal((await post(again, signatureHeader(again, [s], unix()))).status, 202);
  assert.equal((await t.store.comments.get(t.site, 'e1'))!.comment.revision, 2);
});
