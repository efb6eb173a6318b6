/** The operator's lists API against the real service: validation, scopes, and changes that apply to the next comment. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { Verdict } from '../../src/domain/verdict.js';
import { startTestService, type TestService } from '../helpers/service.js';

let t: TestService;
const op = () => ({ Authorization: `Bearer ${t.operatorToken}` });

async function submit(id: string, content: string, author: Record<string, string> = {}): Promise<Verdict> {
  const res = await request(t.url).post('/v1/comments?wait=8000').set('Authorization', `Bearer ${t.apiKey}`).send({ id, postId: 'p1', content, author }).expect(200);
  return res.body as Verdict;
}

describe('lists API', () => {
  before(async () => {
    t = await startTestService('lists');
  });
  after(async () => {
    await t.stop();
  });

  it('When an operator replaces, extends and reads a site list, then values come back canonical and sorted', async () => {
    const put = await request(t.url).put(`/v1/lists/blocked-domains?site=${t.site}`).set(op()).send({ values: ['https://WWW.Casino-A.xyz/x', 'casino-b.top'] }).expect(200);
    assert.deepEqual(put.body, { site: t.site, kind: 'blocked-domains', values: ['casino-a.xyz', 'casino-b.top'] });
    const patch = await request(t.url).patch('/v1/lists/blocked-domains').set(op()).send({ site: t.site, add: ['casino-c.icu'], remove: ['casino-b.top'] }).expect(200);
    assert.deepEqual(patch.body.values, ['casino-a.xyz', 'casino-c.icu']);
    const get = await request(t.url).get(`/v1/lists/blocked-domains?site=${t.site}`).set(op()).expect(200);
    assert.deepEqual(get.body.values, ['casino-a.xyz', 'casino-c.icu']);
    const global = await request(t.url).put('/v1/lists/blocked-ips').set(op()).send({ values: ['203.0.113.0/24', '2001:db8::/32'] }).expect(200);
    assert.equal(global.body.site, '*');
  });

  it('When the input is bad, then the API answers 4xx with a code and a message', async () => {
    const cases: Array<[string, string, object, number]> = [
      ['put', '/v1/lists/blocked-ips', { values: ['999.1.1.1'] }, 400],
      ['put', '/v1/lists/blocked-ips', { values: 'not-an-array' }, 400],
      ['patch', '/v1/lists/banned-words', {}, 400],
      ['put', '/v1/lists/no-such-list', { values: [] }, 404],
      ['put', '/v1/lists/banned-words?site=nope', { values: ['x'] }, 404],
      ['put', `/v1/lists/banned-words?site=${t.site}`, { site: 'other', values: ['x'] }, 400],
      ['put', '/v1/lists/banned-words', { values: ['ok'], extra: 1 }, 400],
    ];
    for (const [method, path, body, status] of cases) {
      const res = await request(t.url)[method as 'put'](path).set(op()).send(body);
      assert.equal(res.status, status, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.equal(typeof res.body.error?.code, 'string');
      assert.equal(typeof res.body.error?.message, 'string');
    }
    await request(t.url).put('/v1/lists/banned-words').set({ Authorization: `Bearer ${t.moderatorToken}` }).send({ values: ['x'] }).expect(403);
    await request(t.url).get('/v1/lists/banned-words').expect(401);
  });

  it('When a word is banned while the worker runs, then the next comment with it is spam, without a restart', async () => {
    const before = await submit('w1', 'The zebrafish study was fascinating, thanks for covering it.', { name: 'Ana' });
    assert.equal(before.verdict, 'ham');
    await request(t.url).patch('/v1/lists/banned-words').set(op()).send({ add: ['Zebrafish'] }).expect(200);
    const afterBan = await submit('w2', 'More zebrafish research please!', { name: 'Ana' });
    assert.equal(afterBan.verdict, 'spam');
    assert.deepEqual(afterBan.reasons.map((r) => r.code), ['prior', 'list.banned-word']);
    await request(t.url).patch('/v1/lists/banned-words').set(op()).send({ remove: ['zebrafish'] }).expect(200);
    assert.equal((await submit('w3', 'Zebrafish again, sorry.', { name: 'Ana' })).verdict, 'ham');
  });

  it('When an author address is allowed, then their comment is ham; when a domain is blocked, then linking it is spam', async () => {
    await request(t.url).patch('/v1/lists/allowed-ips').set(op()).send({ site: t.site, add: ['192.0.2.0/28'] }).expect(200);
    const allowed = await submit('a1', 'check out my channel and subscribe https://bit.ly/abc', { name: 'Staff', ip: '192.0.2.5' });
    assert.equal(allowed.verdict, 'ham');
    assert.ok(allowed.reasons.some((r) => r.code === 'list.allowed-ip'));
    const blocked = await submit('b1', 'Interesting, see https://m.casino-a.xyz/ko for more', { name: 'Lee' });
    assert.equal(blocked.verdict, 'spam');
    assert.deepEqual(blocked.reasons.find((r) => r.code === 'list.blocked-domain')?.evidence, [{ field: 'content', match: 'https://m.casino-a.xyz/ko' }]);
  });
});
