/**
 * The campaign memory end to end (issue 13): real service, real Redis and BullMQ. A moderator's decision changes the
 * verdict of the campaign's next comment at once, on the site that decided (and on the sites that share their memory),
 * names what it resembles, and can be taken back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addSite } from '../../src/use-cases/add-site.js';
import type { Reason, Verdict } from '../../src/domain/verdict.js';
import { as, MODERATION_ENV, submit } from '../helpers/moderation.js';
import { startTestService, type TestService } from '../helpers/service.js';

/** One Indonesian gambling campaign: one brand in four spellings, short sentences praising it, no links. */
const SPELLINGS = ['GACOR77', 'G A C O R 7 7', 'G*A*C*O*R*7*7', '𝐆𝐀𝐂𝐎𝐑𝟕𝟕'];
const TEMPLATES = [
  'main di {b} hari ini menang terus, mantap sekali',
  'situs {b} paling gampang menang, sudah terbukti',
  'baru coba {b} langsung dapat hasil, terima kasih',
  'rekomendasi {b} buat yang mau cuan tiap hari',
  'pokoknya {b} selalu bayar, tidak pernah telat',
  'gabung {b} sekarang juga, admin ramah',
];
const campaign = (n: number, spelling = SPELLINGS[n % SPELLINGS.length]!) => ({
  id: `gacor-${n}`,
  postId: 'post-1',
  content: TEMPLATES[n % TEMPLATES.length]!.replace('{b}', spelling),
  author: { name: `Putri ${n}`, ip: `203.0.113.${n + 1}` },
});
const reader = (n: number, content: string) => ({ id: `reader-${n}`, postId: 'post-1', content, author: { name: `Budi ${n}`, ip: `192.0.2.${n + 1}` } });

const memoryReasons = (v: Verdict): Reason[] => v.reasons.filter((r) => r.code.startsWith('memory.'));

describe('campaign memory', () => {
  let t: TestService;
  let mod: ReturnType<typeof as>;
  before(async () => {
    t = await startTestService('memory', { env: MODERATION_ENV });
    mod = as(t, t.moderatorToken);
  });
  after(async () => t.stop());

  test('When a moderator rejected five comments of a campaign, then its sixth variant, in a new sentence and a new spelling, is held with a reason naming them', async () => {
    for (let n = 0; n < 5; n++) {
      const v = await submit(t, campaign(n));
      assert.equal(memoryReasons(v).length === 0 || n > 0, true);
      await mod.post(`/v1/comments/gacor-${n}/decision`, { site: t.site, verdict: 'spam' }).expect(200);
    }
    const sixth = await submit(t, { ...campaign(5, 'G A C O R 7 7'), content: 'kemarin iseng daftar G A C O R 7 7 ternyata asik juga' });
    assert.notEqual(sixth.verdict, 'ham', `held: ${JSON.stringify(sixth.reasons.map((r) => [r.code, r.weight]))}`);
    const brand = sixth.reasons.find((r) => r.code === 'memory.brand');
    assert.ok(brand, 'a memory.brand reason');
    assert.match(brand.message, /like 5 comments you rejected this week/);
    assert.deepEqual((brand.data?.['examples'] as Array<{ id: string }>).map((e) => e.id), ['gacor-4', 'gacor-3', 'gacor-2']);
    assert.deepEqual(brand.evidence, [{ field: 'content', match: 'G A C O R 7 7' }]);
    assert.ok(sixth.counterfactual?.some((c) => c.code === 'memory.brand'), 'the counterfactual names the memory');
  });

  test('When the memory holds a campaign, then a reader of the same site who shares none of its fingerprints is not held', async () => {
    const v = await submit(t, reader(1, 'Terima kasih atas beritanya, semoga jalan di desa kami segera diperbaiki.'));
    assert.equal(v.verdict, 'ham');
    assert.deepEqual(memoryReasons(v), []);
  });

  test('When a moderator approves a comment the memory held, then the next reader with that fingerprint is not held for it', async () => {
    await submit(t, { id: 'promo-1', postId: 'post-2', content: 'info lengkap di promo2024x ya', author: { name: 'Sari' } });
    await mod.post('/v1/comments/promo-1/decision', { site: t.site, verdict: 'spam' }).expect(200);
    const held = await submit(t, reader(2, 'Apakah promo2024x itu resmi dari pemerintah? Saya ragu.'));
    assert.ok(memoryReasons(held).some((r) => r.code === 'memory.brand'));
    await mod.post('/v1/comments/reader-2/decision', { site: t.site, verdict: 'ham' }).expect(200);
    const next = await submit(t, reader(3, 'Saya juga tanya soal promo2024x di kantor desa, katanya resmi.'));
    assert.deepEqual(memoryReasons(next).map((r) => r.code), []);
  });

  test('When a rejection is reversed, then the memory forgets it: the campaign is no longer held for it', async () => {
    await submit(t, { id: 'wa-1', postId: 'post-3', content: 'hubungi kami di 0812 3456 7890 untuk info', author: { name: 'Admin' } });
    await mod.post('/v1/comments/wa-1/decision', { site: t.site, verdict: 'spam' }).expect(200);
    const held = await submit(t, { id: 'wa-2', postId: 'post-3', content: 'info lebih lanjut: +62 812-3456-7890', author: { name: 'Rina' } });
    assert.ok(memoryReasons(held).some((r) => r.code === 'memory.contact'), JSON.stringify(held.reasons.map((r) => r.code)));
    await mod.post('/v1/comments/wa-1/decision', { site: t.site, verdict: 'ham' }).expect(200);
    const after = await submit(t, { id: 'wa-3', postId: 'post-3', content: 'nomor saya 0812 3456 7890 kalau mau tanya', author: { name: 'Rina' } });
    assert.deepEqual(memoryReasons(after).map((r) => r.code), []);
  });

  test('When two sites share their memory, then one site’s rejection holds the campaign on the other; a site that does not share is not affected', async () => {
    const op = as(t, t.operatorToken);
    const made: Array<{ id: string; apiKey: string }> = [];
    for (const name of ['memory share a', 'memory share b', 'memory alone']) {
      const added = await addSite(t.store, { name }, new Date());
      assert.ok(added);
      made.push({ id: added.site, apiKey: added.apiKey });
    }
    const [a, b, alone] = made as [(typeof made)[0], (typeof made)[0], (typeof made)[0]];
    await op.patch(`/v1/sites/${a.id}`, { shareMemory: true }).expect(200);
    const patched = await op.patch(`/v1/sites/${b.id}`, { shareMemory: true }).expect(200);
    assert.equal(patched.body.shareMemory, true);
    const spam = { id: 'x-1', postId: 'p', content: 'daftar sekarang di jpslot999 bonus besar', author: { name: 'Dewi' } };
    await submit(t, spam, a.apiKey);
    await mod.post('/v1/comments/x-1/decision', { site: a.id, verdict: 'spam' }).expect(200);
    const again = { ...spam, id: 'x-2', content: 'jpslot999 lagi gacor hari ini' };
    const onB = await submit(t, again, b.apiKey);
    const brand = onB.reasons.find((r) => r.code === 'memory.brand');
    assert.ok(brand, JSON.stringify(onB.reasons.map((r) => r.code)));
    assert.equal(brand.data?.['scope'], 'shared');
    assert.notEqual(onB.verdict, 'ham');
    const onAlone = await submit(t, again, alone.apiKey);
    assert.deepEqual(memoryReasons(onAlone), []);
  });
});
