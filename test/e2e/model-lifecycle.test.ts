/**
 * The classifier's life cycle through the API, against real Redis and the real workers: import → retrain → promote →
 * every worker swaps without restart → roll back; and a site's live model learning and forgetting exactly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { loadModelBytes } from '../../src/classifier/model-file.js';
import { startTestService, type TestService } from '../helpers/service.js';

let t: TestService;
before(async () => {
  t = await startTestService('models', { env: { RETRAIN_MIN_HELDOUT_PER_CLASS: '3', MODEL_MIN_PER_CLASS: '1' } });
});
after(async () => t.stop());

const op = () => `Bearer ${t.operatorToken}`;
const lines = (xs: object[]) => xs.map((x) => JSON.stringify(x)).join('\n');

/** A new campaign the bundled model has never seen, and ordinary readers. */
function corpus(): object[] {
  const out: object[] = [];
  for (let i = 0; i < 30; i++) {
    out.push({ id: `s${i}`, label: 'spam', content: `Zorblax capsules ${i} melt fat overnight, order zorblax today`, author: { name: `zorblax deals ${i}` } });
    out.push({ id: `h${i}`, label: 'ham', content: `The council meeting ${i} ran late but the budget vote was fair, thanks for covering it`, author: { name: `Reader ${i}` } });
  }
  return out;
}

async function waitForJob(id: string): Promise<{ state: string; result?: { version: string; promoted: boolean; reason: string } }> {
  for (let i = 0; i < 200; i++) {
    const res = await request(t.url).get(`/v1/training/jobs/${id}`).set('Authorization', op()).expect(200);
    if (res.body.state === 'completed' || res.body.state === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('training job did not finish');
}

/** Posts comments until one is scored by `version` (the swap is asynchronous but must happen within seconds). */
async function modelScoring(version: string): Promise<string> {
  let model = '';
  for (let i = 0; i < 50 && !model.startsWith(version); i++) {
    const res = await request(t.url)
      .post('/v1/comments?wait=3000')
      .set('Authorization', `Bearer ${t.apiKey}`)
      .send({ id: `probe-${version}-${i}`, postId: 'p', content: 'order zorblax today, zorblax capsules melt fat' })
      .expect(200);
    model = res.body.model;
    if (!model.startsWith(version)) await new Promise((r) => setTimeout(r, 100));
  }
  return model;
}

describe('import, retrain, promote, swap, roll back', () => {
  let bundled = '';
  let candidate = '';

  test('When examples are imported as JSON lines, then they are stored in the corpus once', async () => {
    const res = await request(t.url).post('/v1/training/examples').set('Authorization', op()).type('application/x-ndjson').send(lines(corpus())).expect(200);
    assert.deepEqual(res.body, { imported: 60, unchanged: 0, learnJobs: 0 });
    const again = await request(t.url).post('/v1/training/examples').set('Authorization', op()).type('application/x-ndjson').send(lines(corpus())).expect(200);
    assert.equal(again.body.unchanged, 60);
    assert.equal(await t.store.corpus.size(), 60);
  });

  test('When a bad line is imported, then nothing is stored and the error names the line', async () => {
    const res = await request(t.url).post('/v1/training/examples').set('Authorization', op()).type('application/x-ndjson').send('{"id":"z","content":"x","label":"spam"}\n{"id":"y","content":"x","label":"maybe"}').expect(400);
    assert.match(res.body.error.message, /:2:/);
    assert.equal(await t.store.corpus.size(), 60);
  });

  test('When a moderator calls the model routes, then they are refused', async () => {
    await request(t.url).get('/v1/models').set('Authorization', `Bearer ${t.moderatorToken}`).expect(403);
  });

  test('When a retrain runs, then the candidate beats the bundled model on the newest slice and is promoted', async () => {
    const before = await modelScoring('default@');
    bundled = before;
    const res = await request(t.url).post('/v1/models/retrain').set('Authorization', op()).expect(202);
    const job = await waitForJob(res.body.jobId);
    assert.equal(job.state, 'completed', JSON.stringify(job));
    assert.equal(job.result?.promoted, true, job.result?.reason);
    candidate = job.result!.version;
    const list = await request(t.url).get('/v1/models').set('Authorization', op()).expect(200);
    assert.equal(list.body.active, candidate);
    const states = Object.fromEntries(list.body.models.map((m: { version: string; state: string }) => [m.version, m.state]));
    assert.equal(states[candidate], 'active');
    assert.equal(states[bundled], 'retired', 'the bundled model is registered so it can be rolled back to');
    const record = list.body.models.find((m: { version: string }) => m.version === candidate);
    assert.ok(record.evaluation.candidate.spam.f1 >= record.evaluation.active.spam.f1);
  });

  test('When a model is promoted, then the running worker scores with it without a restart', async () => {
    assert.equal(await modelScoring(candidate), candidate);
  });

  test('When an operator activates the previous version, then the workers roll back to it', async () => {
    const res = await request(t.url).post(`/v1/models/${encodeURIComponent(bundled)}/activate`).set('Authorization', op()).expect(200);
    assert.equal(res.body.state, 'active');
    assert.equal(await modelScoring(bundled), bundled);
    await request(t.url).post('/v1/models/nope/activate').set('Authorization', op()).expect(404);
  });
});

describe("a site's live model", () => {
  test('When an example is imported for a site and then relabelled, then the site model forgot the first label exactly', async () => {
    const ex = { id: 'flip', content: 'Is this the quarterly report link?', author: { name: 'Sam' } };
    const send = (label: string) =>
      request(t.url).post(`/v1/training/examples?site=${t.site}`).set('Authorization', op()).type('application/x-ndjson').send(JSON.stringify({ ...ex, label })).expect(200);
    assert.equal((await send('spam')).body.learnJobs, 1);
    assert.equal((await send('ham')).body.learnJobs, 1);
    let docs = { spam: -1, ham: -1 };
    for (let i = 0; i < 100 && !(docs.spam === 0 && docs.ham === 1); i++) {
      const { bytes } = await t.store.models.siteModel(t.site);
      if (bytes) docs = loadModelBytes(bytes, 'site').model.documents;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(docs, { spam: 0, ham: 1 });
    const stored = await t.store.corpus.get(t.site, 'flip');
    assert.equal(stored?.label, 'ham');
  });

  test('When a site has a live model, then its verdicts name it next to the global model', async () => {
    let model = '';
    for (let i = 0; i < 30 && !model.includes(`+${t.site}.`); i++) {
      const res = await request(t.url).post('/v1/comments?wait=3000').set('Authorization', `Bearer ${t.apiKey}`).send({ id: `site-${i}`, postId: 'p', content: 'hello' }).expect(200);
      model = res.body.model;
    }
    assert.match(model, new RegExp(`\\+${t.site}\\.\\d+$`));
  });
});
