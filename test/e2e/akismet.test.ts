/**
 * The Akismet-compatible API with a real Akismet client from npm (akismet-api), which puts the key in the host name
 * (`KEY.localhost:PORT`): this test process resolves `*.localhost` to 127.0.0.1 for it. Plus raw form posts as
 * WordPress's plugin sends them.
 */
import assert from 'node:assert/strict';
import dns from 'node:dns';
import { after, before, describe, test } from 'node:test';
import { AkismetClient } from 'akismet-api';
import request from 'supertest';
import { startTestService, type TestService } from '../helpers/service.js';

let t: TestService;
let client: AkismetClient;
const originalLookup = dns.lookup;

before(async () => {
  t = await startTestService('akismet');
  // Akismet clients address `KEY.host`; nothing resolves *.localhost here, so answer for it (this process only).
  (dns as { lookup: unknown }).lookup = ((hostname: string, options: unknown, callback: unknown) => {
    if (hostname.endsWith('.localhost')) {
      const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
      const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
      return process.nextTick(() => (all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)));
    }
    return (originalLookup as (...args: unknown[]) => void)(hostname, options, callback);
  }) as typeof dns.lookup;
  client = new AkismetClient({ key: t.apiKey, blog: 'https://news.example.org', host: `localhost:${new URL(t.url).port}`, protocol: 'http' });
});
after(async () => {
  dns.lookup = originalLookup;
  await t.stop();
});

const reader = {
  ip: '198.51.100.20',
  useragent: 'Mozilla/5.0',
  permalink: 'https://news.example.org/2026/budget-vote',
  name: 'Margaret Hale',
  email: 'mh@example.org',
  content: 'I think the second paragraph gets the council vote wrong: it passed 7 to 2, not unanimously.',
};
const casino = {
  ...reader,
  name: '우리카지노',
  email: 'promo@woori-casino.xyz',
  url: 'https://woori-casino.xyz',
  content: '우리카지노 바카라사이트 온라인카지노 https://woori-casino.xyz 카지노사이트추천 https://woori-casino.xyz/event',
};

describe('with the akismet-api client', () => {
  test('When the client verifies the site key, then it is valid; a wrong key is not', async () => {
    assert.equal(await client.verifyKey(), true);
    const wrong = new AkismetClient({ key: 'sk0000000000000000', blog: 'https://news.example.org', host: `localhost:${new URL(t.url).port}`, protocol: 'http' });
    assert.equal(await wrong.verifyKey(), false);
  });

  test('When the client checks an ordinary comment, then it is not spam', async () => {
    assert.equal(await client.checkSpam(reader), false);
  });

  test('When the client checks a casino comment, then it is spam', async () => {
    assert.equal(await client.checkSpam(casino), true);
  });

  test("When the client checks Akismet's test triggers, then viagra-test-123 is spam and an administrator is not", async () => {
    assert.equal(await client.checkSpam({ ...reader, name: 'viagra-test-123' }), true);
    assert.equal(await client.checkSpam({ ...reader, email: 'akismet-guaranteed-spam@example.com' }), true);
    assert.equal(await client.checkSpam({ ...casino, role: 'administrator' }), false);
  });

  test('When the client submits spam, then it is thanked and the example is learned; with is_test it is not', async () => {
    const before = await t.store.corpus.size();
    await client.submitSpam({ ...reader, content: 'Cheap replica watches at https://replica-shop.top', name: 'Watches' });
    assert.equal(await t.store.corpus.size(), before + 1);
    await client.submitHam({ ...reader, content: 'A test only', isTest: true });
    assert.equal(await t.store.corpus.size(), before + 1);
  });
});

describe('submit-spam and submit-ham teach the campaign memory', () => {
  test('When a missed spam is submitted, then the next comment pushing its brand is held; when it is submitted as ham, that is undone', async () => {
    const missed = { ...reader, name: 'Rina', email: 'rina@example.net', ip: '192.0.2.50', content: 'Saya baru belanja di toko kuekering88, pelayanannya bagus sekali' };
    assert.equal(await client.checkSpam(missed), false, 'published at first');
    await client.submitSpam(missed);
    const variant = { ...reader, name: 'Dewi', email: 'dewi@example.net', ip: '198.51.100.77', content: 'Kalau mau kue lebaran, kuekering88 juaranya' };
    assert.equal(await client.checkSpam(variant), true, 'held because of the submitted spam');
    await client.submitHam(missed);
    // The third author pushing the brand within ten minutes is a flood of its own; what matters here is the memory.
    const res = await request(t.url)
      .post('/1.1/comment-check')
      .type('form')
      .send({ blog: 'https://news.example.org', api_key: t.apiKey, user_ip: '198.51.100.78', comment_author: 'Sari', comment_content: variant.content })
      .expect(200);
    const verdict = (await t.store.comments.get(t.site, String(res.headers['x-akismet-guid'])))?.verdict;
    assert.ok(verdict);
    assert.deepEqual(verdict.reasons.filter((r) => r.code.startsWith('memory.')), [], 'the submission taken back');
  });
});

describe('with raw form posts, as WordPress sends them', () => {
  const form = (fields: Record<string, string>) =>
    request(t.url).post('/1.1/comment-check').type('form').send({ blog: 'https://news.example.org', user_ip: '203.0.113.5', api_key: t.apiKey, ...fields });

  test('When WordPress checks a comment, then the answer carries a guid and the comment is stored like any other', async () => {
    const res = await form({ comment_type: 'comment', comment_author: 'Ana', comment_content: 'Thanks, clear explanation of the budget.', blog_lang: 'en_us', blog_charset: 'UTF-8' }).expect(200);
    assert.equal(res.text, 'false');
    const guid = res.headers['x-akismet-guid'];
    assert.ok(guid);
    const stored = await request(t.url).get(`/v1/comments/${guid}`).set('Authorization', `Bearer ${t.apiKey}`).expect(200);
    assert.equal(stored.body.verdict, 'ham');
    const record = await t.store.comments.get(t.site, guid);
    assert.equal(record?.comment.via, 'akismet');
    assert.equal(record?.comment.lang, 'en-us');
  });

  test('When the honeypot field named by honeypot_field_name is filled, then it is spam', async () => {
    const res = await form({ comment_author: 'Bot', comment_content: 'Nice site', honeypot_field_name: 'hidden_url', hidden_url: 'http://spam.example' }).expect(200);
    assert.equal(res.text, 'true');
  });

  test('When blatant spam is checked, then Akismet is told to discard it', async () => {
    const res = await form({
      comment_author: '카지노사이트추천 우리카지노 바카라사이트',
      comment_author_url: 'https://woori-casino.xyz',
      comment_author_email: 'x@woori-casino.xyz',
      comment_content: Array.from({ length: 6 }, (_, i) => `바카라사이트 온라인카지노 https://woori-casino${i}.xyz`).join(' '),
    }).expect(200);
    assert.equal(res.text, 'true');
    assert.equal(res.headers['x-akismet-pro-tip'], 'discard');
  });

  test('When the key is wrong or the blog missing, then the body is "invalid" with a debug help header', async () => {
    const badKey = await form({ api_key: 'sk00000000000000', comment_content: 'x' }).expect(200);
    assert.equal(badKey.text, 'invalid');
    assert.match(String(badKey.headers['x-akismet-debug-help']), /API key/);
    const noBlog = await request(t.url).post('/1.1/comment-check').type('form').send({ api_key: t.apiKey, user_ip: '1.2.3.4' }).expect(200);
    assert.equal(noBlog.text, 'invalid');
    assert.match(String(noBlog.headers['x-akismet-debug-help']), /blog/);
    const noIp = await request(t.url).post('/1.1/comment-check').type('form').send({ api_key: t.apiKey, blog: 'https://b.example' }).expect(200);
    assert.match(String(noIp.headers['x-akismet-debug-help']), /user_ip/);
  });
});
