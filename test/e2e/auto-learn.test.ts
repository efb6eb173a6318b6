/** AUTO_LEARN: the machine's confident, agreeing verdicts teach the site's model; off by default. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { startTestService, type TestService } from '../helpers/service.js';

let on: TestService;
let off: TestService;
before(async () => {
  on = await startTestService('autolearn-on', { env: { AUTO_LEARN: 'true' } });
  off = await startTestService('autolearn-off');
});
after(async () => {
  await on.stop();
  await off.stop();
});

// A blatant spam in a language the shipped classifier knows (it agrees; on Korean, which it has barely seen, it is
// neutral, and auto-learning waits for the heuristics and the classifier to agree).
const casino = {
  id: 'auto-1',
  postId: 'p',
  content: 'Удаленная работа, доход от 5000 руб в день, оплата сразу, пиши в лс @rabota_vip https://t.me/rabota_vip',
  author: { name: 'Работа онлайн' },
};

test('When AUTO_LEARN is on and a blatant spam is scored, then it enters the corpus as an auto example for its site', async () => {
  const res = await request(on.url).post('/v1/comments?wait=5000').set('Authorization', `Bearer ${on.apiKey}`).send(casino).expect(200);
  assert.equal(res.body.verdict, 'spam');
  // Learning follows the stored verdict (which is what ?wait returns on), so give it a moment.
  let example = await on.store.corpus.get(on.site, 'auto-1');
  for (let i = 0; i < 50 && !example; i++) {
    await new Promise((r) => setTimeout(r, 50));
    example = await on.store.corpus.get(on.site, 'auto-1');
  }
  assert.equal(example?.source, 'auto');
  assert.equal(example?.label, 'spam');
});

test('When AUTO_LEARN is off (the default), then the machine learns nothing from itself', async () => {
  await request(off.url).post('/v1/comments?wait=5000').set('Authorization', `Bearer ${off.apiKey}`).send(casino).expect(200);
  // A negative has no event to await: allow the time the "on" case needs, then look.
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await off.store.corpus.size(), 0);
});
