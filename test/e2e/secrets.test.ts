/** Secrets: old Coral signing secrets can be listed (never shown) and revoked; a second webhook-secret rotation keeps the grace. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { as } from '../helpers/moderation.js';
import { newSite } from '../helpers/env.js';
import { startTestService, type TestService } from '../helpers/service.js';

describe('secrets', () => {
  let t: TestService;
  let op: ReturnType<typeof as>;
  before(async () => {
    t = await startTestService('secrets');
    op = as(t, t.operatorToken);
  });
  after(async () => t.stop());

  let n = 0;
  const coral = (secret: string) => {
    const body = JSON.stringify({
      action: 'NEW',
      comment: { body: `<p>The council should publish the audit, point ${++n}.</p>`, parentID: null },
      author: { id: 'user-7', role: 'COMMENTER' },
      story: { id: 'story-1', url: 'https://news.example.org/story-1' },
      site: { id: 'site-1' },
      tenantID: 'tenant-1',
      tenantDomain: 'news.example.org',
    });
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    return request(t.url).post('/v1/integrations/coral').set('Content-Type', 'application/json').set('X-Coral-Signature', signature).send(body);
  };

  test('When an operator revokes the old Coral secret after a rotation, then only the new one verifies, and no answer shows a secret', async () => {
    const old = await t.store.integrations.issueCoralSecret(t.site, false);
    const fresh = await t.store.integrations.issueCoralSecret(t.site, true);
    const other = await newSite(t.store, 'secrets other');
    const theirs = await t.store.integrations.issueCoralSecret(other.site, false);
    const listed = await op.get(`/v1/sites/${t.site}/coral-secrets`).expect(200);
    assert.equal(listed.body.secrets.length, 2);
    const text = JSON.stringify(listed.body);
    for (const s of [old, fresh, theirs]) assert.ok(!text.includes(s), 'never shown');
    await coral(old).expect(204);
    const oldId = (listed.body.secrets as Array<{ id: string; prefix: string }>).find((s) => old.startsWith(s.prefix))!.id;
    await op.delete(`/v1/sites/${t.site}/coral-secrets/${oldId}`, {}).expect(204);
    await coral(old).expect(401);
    await coral(fresh).expect(204);
    await op.delete(`/v1/sites/${t.site}/coral-secrets/${oldId}`, {}).expect(404);
    // Another site's secret is not this site's to revoke.
    const theirsId = (await op.get(`/v1/sites/${other.site}/coral-secrets`).expect(200)).body.secrets[0].id;
    assert.equal((await op.delete(`/v1/sites/${t.site}/coral-secrets/${theirsId}`, {}).expect(404)).body.error.code, 'not_found');
    await coral(theirs).expect(204);
    const audit = await t.store.sites.audit(t.site);
    assert.ok(audit.some((a) => a.by === 'op' && a.changes['coralSecret']), JSON.stringify(audit));
    await as(t, t.moderatorToken).delete(`/v1/sites/${t.site}/coral-secrets/${theirsId}`, {}).expect(403);
  });

  test('When an operator issues a Coral secret by the API, then it is shown once and verifies; keepPrevious keeps the others', async () => {
    const res = await op.post(`/v1/sites/${t.site}/coral-secrets`, { keepPrevious: true }).expect(201);
    assert.match(res.body.coralSigningSecret, /^coral_/);
    await coral(res.body.coralSigningSecret).expect(204);
    assert.equal((await op.get(`/v1/sites/${t.site}/coral-secrets`).expect(200)).body.secrets.length, 2);
  });

  test('When the webhook secret is rotated twice within the grace period, then the second is refused with 409 and the original still signs', async () => {
    const original = (await t.store.sites.get(t.site))!.webhookSecret;
    const first = await op.post(`/v1/sites/${t.site}/rotate-secret`, { graceHours: 24 }).expect(200);
    const second = await op.post(`/v1/sites/${t.site}/rotate-secret`, { graceHours: 24 }).expect(409);
    assert.equal(second.body.error.code, 'rotation_in_grace');
    assert.match(second.body.error.message, new RegExp(first.body.previousSecretExpiresAt.slice(0, 16)));
    const site = (await t.store.sites.get(t.site))!;
    assert.equal(site.webhookSecret, first.body.webhookSecret);
    assert.equal(site.previousWebhookSecret?.secret, original, 'the original keeps its grace');
    // An operator who must drop the previous secret at once (it leaked) says so.
    const forced = await op.post(`/v1/sites/${t.site}/rotate-secret`, { graceHours: 24, force: true }).expect(200);
    const after = (await t.store.sites.get(t.site))!;
    assert.equal(after.webhookSecret, forced.body.webhookSecret);
    assert.equal(after.previousWebhookSecret?.secret, first.body.webhookSecret);
  });

  test('When the grace of a rotation has ended, then the next rotation is accepted', async () => {
    await op.post(`/v1/sites/${t.site}/rotate-secret`, { graceHours: 0, force: true }).expect(200);
    await op.post(`/v1/sites/${t.site}/rotate-secret`, { graceHours: 24 }).expect(200);
  });
});
