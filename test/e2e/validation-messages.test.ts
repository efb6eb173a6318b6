/** Validation messages name what is wrong, and only that: languages, and the author's IP and e-mail address. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { as } from '../helpers/moderation.js';
import { startTestService, type TestService } from '../helpers/service.js';

describe('validation messages', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService('validation-messages');
  });
  after(async () => t.stop());

  const post = (body: object) => request(t.url).post('/v1/comments').set('Authorization', `Bearer ${t.apiKey}`).send(body);
  const comment = (id: string, author: object) => ({ id, postId: 'p', content: 'A fair summary of the budget.', author: { name: 'Ann', ...author } });

  test('When an operator sends one bad language among good ones, then the 400 names only the bad one', async () => {
    const res = await as(t, t.operatorToken).patch(`/v1/sites/${t.site}`, { languages: ['en', 'zz9', 'ko-kr', 'x y'] }).expect(400);
    assert.equal(res.body.error.code, 'validation_failed');
    assert.match(res.body.error.message, /languages: not BCP 47 language tags: zz9, x y$/);
    assert.equal((await t.store.sites.get(t.site))?.languages, undefined, 'nothing stored');
  });

  test('When a CMS sends an author IP that is not an address, then it is refused with 400 naming author.ip', async () => {
    const res = await post(comment('bad-ip', { ip: 'not-an-ip' })).expect(400);
    assert.equal(res.body.error.code, 'validation_failed');
    assert.match(res.body.error.message, /author\.ip: not an IP address/);
    assert.equal(await t.store.comments.get(t.site, 'bad-ip'), undefined, 'nothing stored');
    await post(comment('bad-ip-2', { ip: '203.0.113.300' })).expect(400);
  });

  test('When a CMS sends an author e-mail that is not an address, then it is refused with 400 naming author.email', async () => {
    const res = await post(comment('bad-email', { email: 'nope' })).expect(400);
    assert.equal(res.body.error.code, 'validation_failed');
    assert.match(res.body.error.message, /author\.email: not an e-mail address/);
    const both = await post(comment('bad-both', { email: 'a b@c', ip: 'x' })).expect(400);
    assert.match(both.body.error.message, /author\.email: .*; author\.ip: |author\.ip: .*; author\.email: /, 'both named');
  });

  test('When the IP and e-mail are real addresses (IPv6, mapped IPv4, spaces around, empty), then they are accepted', async () => {
    await post(comment('ok-1', { ip: '2001:db8::1', email: 'ann@example.org' })).expect(202);
    await post(comment('ok-2', { ip: '::ffff:203.0.113.7', email: 'Ann.Lee+news@mail.example.co.uk' })).expect(202);
    await post(comment('ok-3', { ip: ' 203.0.113.7 ', email: '' })).expect(202);
    assert.equal((await t.store.comments.get(t.site, 'ok-3'))?.comment.author.ip, '203.0.113.7', 'stored trimmed');
  });

  test('When an Akismet client sends an IP or e-mail Sluice would refuse, then the Akismet protocol still answers (it never validated them)', async () => {
    const res = await request(t.url)
      .post('/1.1/comment-check')
      .type('form')
      .send({ api_key: t.apiKey, blog: 'https://news.example.org', user_ip: 'unknown', comment_author_email: 'nope', comment_content: 'A fair summary.' });
    assert.equal(res.status, 200);
    assert.ok(['true', 'false'].includes(res.text), res.text);
  });
});
