/**
 * Finding 1 of issue 14, reproduced against the real service: with only site B's API key, hundreds of Akismet
 * submit-spam/submit-ham calls teach ordinary reader sentences as spam and Korean casino ads as ham; then a routine
 * global retrain runs. Site A, which the attacker never touched, must keep every verdict — with B an ordinary site
 * (its labels never reach the global model) and with B marked trusted by an operator (its labels are capped to a
 * share of the global corpus, and the frozen evaluation set refuses a candidate that turns on readers).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { newSite } from '../helpers/env.js';
import { startTestService, type TestService } from '../helpers/service.js';

let t: TestService;
let siteA = '';
let keyA = '';
before(async () => {
  // The label limit is raised so that it is isolation, not the rate limit, that stops the attack.
  t = await startTestService('poisoning', { env: { RATE_LABEL_PER_MINUTE: '100000', RATE_LABEL_BURST: '100000' } });
  ({ site: siteA, key: keyA } = await newSite(t.store, 'site A, never touched by the attacker'));
});
after(async () => t.stop());

const op = () => `Bearer ${t.operatorToken}`;

/** What the attacker labels spam: ordinary reader sentences. */
const READER_LINES = [
  'Thanks for the article, I agree with the point about the council budget',
  'Great reporting as always, please write more about the school board',
  'I read this twice and I still think the mayor is right about the bridge',
  'Please write more about Syria, thank you for the coverage',
  'Interesting piece, my neighbour said the same thing about the new library',
];
/** What the attacker labels ham: Korean casino ads. */
const CASINO_LINES = ['온라인카지노 첫충 20% 우리카지노', '바카라사이트 추천 메리트카지노 가입머니', '토토사이트 안전놀이터 먹튀검증 카지노사이트', '슬롯사이트 첫충 보너스 제왕카지노'];

/** Site A's probes: the five ordinary comments and the casino ad of the finding. */
const PROBES = [...READER_LINES.map((content) => ({ content, name: 'Margaret Hale' })), { content: '온라인카지노 첫충 20% 우리카지노', name: '우리카지노' }];

/** Sends the attack through B's key: `n` labels, alternating inverted spam and ham. */
async function attack(n: number, tag: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    const spam = i % 2 === 0;
    const line = spam ? READER_LINES[i % READER_LINES.length]! : CASINO_LINES[i % CASINO_LINES.length]!;
    const res = await request(t.url)
      .post(spam ? '/1.1/submit-spam' : '/1.1/submit-ham')
      .type('form')
      .send({
        api_key: t.apiKey,
        blog: 'https://b.example.org',
        user_ip: `198.51.100.${i % 250}`,
        permalink: `https://b.example.org/${tag}/${i}`,
        comment_author: spam ? `Reader ${i}` : `카지노 ${i}`,
        comment_content: `${line} ${tag} ${i}`,
      });
    assert.equal(res.status, 200);
    assert.match(res.text, /^Thanks/);
  }
}

async function activeVersion(): Promise<string | null> {
  return (await request(t.url).get('/v1/models').set('Authorization', op()).expect(200)).body.active;
}

/** Site A's verdicts on the probes, once the worker scores with `version` (undefined: whatever it uses). */
async function verdictsOnA(round: string, version: string | null): Promise<string[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const out: string[] = [];
    let model = '';
    for (const [i, p] of PROBES.entries()) {
      const res = await request(t.url)
        .post('/v1/comments?wait=5000')
        .set('Authorization', `Bearer ${keyA}`)
        .send({ id: `${round}-${attempt}-${i}`, postId: 'p', content: p.content, author: { name: p.name, ip: `203.0.113.${10 + i}` } })
        .expect(200);
      out.push(res.body.verdict);
      model = res.body.model;
    }
    if (!version || model.startsWith(version)) return out;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the worker never scored with ${version}`);
}

async function retrain(): Promise<{ promoted: boolean; reason: string; version: string }> {
  const { jobId } = (await request(t.url).post('/v1/models/retrain').set('Authorization', op()).expect(202)).body;
  for (let i = 0; i < 600; i++) {
    const job = (await request(t.url).get(`/v1/training/jobs/${jobId}`).set('Authorization', op()).expect(200)).body;
    // The state can read `completed` a moment before the return value does.
    if (job.state === 'completed' && job.result) return job.result;
    if (job.state === 'failed') throw new Error(job.error);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('retrain did not finish');
}

const changed = (a: readonly string[], b: readonly string[]): number => a.filter((v, i) => v !== b[i]).length;

describe('a poisoning attempt through one site key', () => {
  let baseline: string[] = [];

  test("Before the attack, site A's readers are ham and the casino ad is not", async () => {
    baseline = await verdictsOnA('before', null);
    assert.deepEqual(baseline.slice(0, READER_LINES.length), READER_LINES.map(() => 'ham'));
    assert.notEqual(baseline.at(-1), 'ham');
  });

  test("When untrusted site B sends 620 inverted labels and a global retrain runs, then none of site A's verdicts change", async (c) => {
    await attack(620, 'untrusted');
    const outcome = await retrain();
    const after = await verdictsOnA('untrusted', await activeVersion());
    c.diagnostic(`620 labels sent; verdicts changed on A: ${changed(baseline, after)} of ${PROBES.length}; retrain: ${outcome.reason}`);
    assert.equal(changed(baseline, after), 0, `verdicts on A: ${baseline} → ${after} (retrain: ${JSON.stringify(outcome)})`);
    // B's labels taught B's own model, as before.
    assert.ok((await t.store.corpus.counts(t.site)).bySource['akismet:spam']! >= 310);
  });

  test("When an operator marks B trusted and it sends 620 more, then the retrain still changes none of site A's verdicts", async (c) => {
    // Only an operator vouches for a site, and the change is audited.
    await request(t.url).patch(`/v1/sites/${t.site}`).set('Authorization', `Bearer ${t.moderatorToken}`).send({ trusted: true }).expect(403);
    await request(t.url).patch(`/v1/sites/${t.site}`).set('Authorization', `Bearer ${t.apiKey}`).send({ trusted: true }).expect(403);
    const patched = await request(t.url).patch(`/v1/sites/${t.site}`).set('Authorization', op()).send({ trusted: true }).expect(200);
    assert.equal(patched.body.trusted, true);
    const { audit } = (await request(t.url).get(`/v1/sites/${t.site}`).set('Authorization', op()).expect(200)).body;
    assert.deepEqual(audit[0].changes, { trusted: { from: null, to: true } });
    await attack(620, 'trusted');
    const outcome = await retrain();
    const after = await verdictsOnA('trusted', await activeVersion());
    c.diagnostic(`620 more labels sent; verdicts changed on A: ${changed(baseline, after)} of ${PROBES.length}; retrain: ${outcome.reason}`);
    assert.equal(changed(baseline, after), 0, `verdicts on A: ${baseline} → ${after} (retrain: ${JSON.stringify(outcome)})`);
    assert.equal(outcome.promoted, false, outcome.reason);
    const record = (await request(t.url).get(`/v1/models/${encodeURIComponent(outcome.version)}`).set('Authorization', op()).expect(200)).body;
    assert.equal(record.state, 'rejected');
    assert.match(record.reason, /frozen/);
    // Nor can an operator activate it by hand.
    const refused = await request(t.url).post(`/v1/models/${encodeURIComponent(outcome.version)}/activate`).set('Authorization', op()).expect(409);
    assert.match(refused.body.error.message, /frozen set frozen-v1/);
  });
});

describe('the shared campaign memory', () => {
  test("When an untrusted site that shares its memory submits a reader's words as spam, then another sharing site's reader is not held by memory", async () => {
    const share = (id: string) => request(t.url).patch(`/v1/sites/${id}`).set('Authorization', op()).send({ shareMemory: true, trusted: false }).expect(200);
    const { site: siteB, key: keyB } = await newSite(t.store, 'sharing attacker');
    await share(siteB);
    await share(siteA);
    const words = 'I walked past the old mill on Saturday and the new footbridge is finally open, well done to the volunteers';
    const res = await request(t.url)
      .post('/1.1/submit-spam')
      .type('form')
      .send({ api_key: keyB, blog: 'https://b.example.org', user_ip: '198.51.100.77', comment_author: 'Reader', comment_content: words, permalink: 'https://b.example.org/mill' });
    assert.match(res.text, /^Thanks/);
    const onA = await request(t.url)
      .post('/v1/comments?wait=5000')
      .set('Authorization', `Bearer ${keyA}`)
      .send({ id: 'memory-probe', postId: 'p', content: words, author: { name: 'Jo March', ip: '203.0.113.99' } })
      .expect(200);
    const memory = onA.body.reasons.filter((r: { code: string }) => r.code.startsWith('memory.'));
    assert.deepEqual(memory, [], JSON.stringify(onA.body.reasons));
    assert.equal(onA.body.verdict, 'ham');
  });
});
