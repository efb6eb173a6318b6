/** Operators' site routes: settings with their audit, shadow mode, secret rotation. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { verifySignature } from '../../src/delivery/sign.js';
import { as, casinoCopy, MODERATION_ENV, readerComment, submit } from '../helpers/moderation.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { startTestService, type TestService } from '../helpers/service.js';

describe('sites', () => {
  let t: TestService;
  let cms: Receiver;
  let op: ReturnType<typeof as>;
  let mod: ReturnType<typeof as>;
  before(async () => {
    t = await startTestService('sites', { env: MODERATION_ENV });
    cms = await startReceiver();
    op = as(t, t.operatorToken);
    mod = as(t, t.moderatorToken);
  });
  after(async () => {
    await t.stop();
    await cms.close();
  });

  test('When an operator lists sites, then each shows its effective settings and no secret', async () => {
    const res = await op.get('/v1/sites').expect(200);
    const site = res.body.sites.find((s: { id: string }) => s.id === t.site);
    assert.deepEqual(site.thresholds, { review: 0.5, spam: 0.9 });
    assert.equal(site.mode, 'enforcing');
    assert.ok(!JSON.stringify(res.body).includes('whsec_'));
    await mod.get('/v1/sites').expect(403);
  });

  test('When an operator changes settings, then they are stored, canonical, and audited with who and what', async () => {
    const res = await op
      .patch(`/v1/sites/${t.site}`, { thresholds: { review: 0.4, spam: 0.95 }, languages: ['EN', 'ko-kr'], callbackUrl: cms.url })
      .expect(200);
    assert.deepEqual(res.body.thresholds, { review: 0.4, spam: 0.95 });
    assert.deepEqual(res.body.languages, ['en', 'ko-KR']);
    assert.equal((await t.store.sites.get(t.site))?.callbackUrl, cms.url);
    const got = await op.get(`/v1/sites/${t.site}`).expect(200);
    assert.equal(got.body.audit.length, 1);
    assert.equal(got.body.audit[0].by, 'op');
    assert.deepEqual(got.body.audit[0].changes.languages, { from: null, to: ['en', 'ko-KR'] });
    // The same values again change nothing, and add no audit entry.
    await op.patch(`/v1/sites/${t.site}`, { languages: ['en', 'ko-KR'] }).expect(200);
    assert.equal((await t.store.sites.audit(t.site)).length, 1);
  });

  test('When an operator names the site\'s own domains, then they are stored as registrable domains, shown, audited, and cleared by null', async () => {
    const res = await op.patch(`/v1/sites/${t.site}`, { domains: ['www.Harbour-News.net', 'harbour-news.net', 'blog.harbour.co.uk'] }).expect(200);
    assert.deepEqual(res.body.domains, ['harbour-news.net', 'harbour.co.uk']);
    assert.deepEqual((await t.store.sites.get(t.site))?.domains, ['harbour-news.net', 'harbour.co.uk']);
    assert.deepEqual((await t.store.sites.audit(t.site)).find((a) => a.changes['domains'])?.changes['domains'], { from: null, to: ['harbour-news.net', 'harbour.co.uk'] });
    assert.deepEqual((await op.patch(`/v1/sites/${t.site}`, { domains: null }).expect(200)).body.domains, []);
    const bad = await op.patch(`/v1/sites/${t.site}`, { domains: ['ok.example.com', 'not a domain'] }).expect(400);
    assert.match(bad.body.error.message, /not domain names: not a domain$/, 'names only the bad one');
  });

  test('When settings are invalid, then the answer is 400 and nothing changes', async () => {
    const before = await t.store.sites.get(t.site);
    const cases: object[] = [
      { thresholds: { review: 0.95, spam: 0.9 } },
      { languages: ['not a tag!'] },
      { domains: ['harbour-news.net', 'https://x.example/path'] },
      { domains: ['203.0.113.7'] },
      { domains: ['no-suffix'] },
      { mode: 'sometimes' },
      { callbackUrl: 'ftp://cms.example/x' },
      { unknownSetting: true },
    ];
    for (const body of cases) {
      const res = await op.patch(`/v1/sites/${t.site}`, body).expect(400);
      assert.ok(['validation_failed', 'callback_url_refused'].includes(res.body.error.code), JSON.stringify(res.body));
    }
    assert.deepEqual(await t.store.sites.get(t.site), before);
    assert.equal((await op.patch('/v1/sites/nope', { mode: 'shadow' }).expect(404)).body.error.code, 'not_found');
  });

  test('When a site name is blank, too long or has control or bidi characters, then PATCH answers 400 and a valid name is stored trimmed', async () => {
    const before = await t.store.sites.get(t.site);
    for (const name of ['\u0000'.repeat(10), '   ', '', 'x'.repeat(201), 'news\u0007room', 'tab\there', '\u202eevil\u202c name', 'a\u2066b']) {
      const res = await op.patch(`/v1/sites/${t.site}`, { name }).expect(400);
      assert.equal(res.body.error.code, 'validation_failed', JSON.stringify(res.body));
      assert.match(res.body.error.message, /name/);
    }
    assert.deepEqual(await t.store.sites.get(t.site), before);
    const res = await op.patch(`/v1/sites/${t.site}`, { name: '  Daily Gazette — 日報  ' }).expect(200);
    assert.equal(res.body.name, 'Daily Gazette — 日報');
  });

  test('When a site is in shadow mode, then comments are scored and counted but the CMS is only ever told ham', async () => {
    await op.patch(`/v1/sites/${t.site}`, { mode: 'shadow' }).expect(200);
    const told = await submit(t, casinoCopy(1));
    assert.equal(told.verdict, 'ham', 'the synchronous answer');
    const cmsView = await request(t.url).get('/v1/comments/casino-1').set('Authorization', `Bearer ${t.apiKey}`).expect(200);
    assert.equal(cmsView.body.verdict, 'ham');
    const staffView = await mod.get(`/v1/comments/casino-1?site=${t.site}`).expect(200);
    assert.notEqual(staffView.body.verdict, 'ham', 'staff see what the machine said');

    const [callback] = (await cms.waitFor(1)).filter((r) => r.body['id'] === 'casino-1');
    assert.equal(callback?.body['verdict'], 'ham');
    const held = await mod.get(`/v1/review?site=${t.site}`).expect(200);
    assert.equal(held.body.total, 0);
    const wouldHave = await mod.get(`/v1/review?site=${t.site}&view=would-have-held`).expect(200);
    assert.deepEqual(wouldHave.body.items.map((i: { id: string }) => i.id), ['casino-1']);
    const stats = await mod.get(`/v1/stats?site=${t.site}&days=1`).expect(200);
    assert.equal(stats.body.days[0].received, 1);
    assert.equal(stats.body.days[0].ham, 0);

    const audit = (await op.get(`/v1/sites/${t.site}`).expect(200)).body.audit;
    assert.deepEqual(audit[0].changes.mode, { from: 'enforcing', to: 'shadow' });
    await op.patch(`/v1/sites/${t.site}`, { mode: 'enforcing' }).expect(200);
  });

  test('When the secret is rotated, then callbacks carry two signatures, one per secret, until the grace period ends', async () => {
    const old = (await t.store.sites.get(t.site))!.webhookSecret;
    const res = await op.post(`/v1/sites/${t.site}/rotate-secret`, { graceHours: 1 }).expect(200);
    assert.match(res.body.webhookSecret, /^whsec_/);
    assert.notEqual(res.body.webhookSecret, old);
    const before = cms.received.length;
    await submit(t, readerComment(1));
    const [callback] = (await cms.waitFor(before + 1)).slice(before);
    const header = String(callback!.headers['sluice-signature']);
    assert.equal(header.match(/v1=/g)?.length, 2);
    assert.ok(verifySignature(header, callback!.raw, res.body.webhookSecret, new Date()));
    assert.ok(verifySignature(header, callback!.raw, old, new Date()));
    const audit = (await op.get(`/v1/sites/${t.site}`).expect(200)).body.audit;
    assert.ok(!JSON.stringify(audit).includes(old), 'secrets stay out of the audit');
  });
});
