/**
 * Poison comments and recovered jobs, in-process with a real worker and real Redis: a comment that makes the pipeline
 * throw is tried JOB_ATTEMPTS times and then held with `error.pipeline`, without delaying the comments behind it; a
 * job run again after its worker died keeps the verdict it stored and announces no second one.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { createMetrics } from '../../src/platform/metrics.js';
import { silentLogger } from '../../src/platform/logger.js';
import { MAX_CRASHES, PIPELINE_ERROR, tryState } from '../../src/moderation/unscorable.js';
import { createQueues } from '../../src/queue/queues.js';
import { fixedScorers } from '../../src/scorers.js';
import { loadDefaultScorer } from '../../src/scoring/default-scorer.js';
import type { Scorer } from '../../src/scoring/scorer.js';
import { startService, type RunningService } from '../../src/service.js';
import { createStore } from '../../src/store/index.js';
import type { Verdict } from '../../src/domain/verdict.js';
import { scoreComment } from '../../workers/score-comment.js';
import { deletePrefix, inspector, testConfig, TEST_REDIS_URL, uniquePrefix } from '../helpers/env.js';
import { VerdictListener } from '../helpers/processes.js';

const prefix = uniquePrefix('poison');
const config = testConfig(prefix, { JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '200', WORKER_CONCURRENCY: '1' });
const redis = inspector();
const store = createStore(redis, prefix);
const real = loadDefaultScorer(config.modelFile);
let poisonTries = 0;
// A phase that throws on one comment: the pipeline as a poison comment meets it.
const poisoned: Scorer = {
  model: real.model,
  score(comment, settings, now, extras) {
    if (comment.content.includes('POISON')) {
      poisonTries++;
      throw new Error('the language phase exploded');
    }
    return real.score(comment, settings, now, extras);
  },
  run(ctx) {
    if (ctx.comment.content.includes('POISON')) {
      poisonTries++;
      throw new Error('the language phase exploded');
    }
    return real.run(ctx);
  },
};

let service: RunningService;
let site: string;
let apiKey: string;
let moderator: string;
before(async () => {
  site = (await store.sites.create({ name: 'poison' }, new Date()))!.id;
  apiKey = await store.credentials.issueSiteKey(site);
  moderator = (await store.credentials.issueToken('moderator', 'mod', new Date())).token;
  service = await startService({ config, logger: silentLogger(), api: true, worker: true, scorers: fixedScorers(poisoned) });
});
after(async () => {
  await service.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

const post = (body: object) => request(service.url!).post('/v1/comments').set('Authorization', `Bearer ${apiKey}`).send(body).expect(202);

test('When a comment makes the pipeline throw on every try, then it is tried JOB_ATTEMPTS times, held with error.pipeline, and the comments behind it are scored first', async () => {
  const listener = await VerdictListener.start(TEST_REDIS_URL, store, site);
  try {
    await post({ id: 'poison', postId: 'p', content: 'POISON in the text' });
    const behind = Array.from({ length: 5 }, (_, i) => `behind-${i}`);
    for (const id of behind) await post({ id, postId: 'p', content: `An ordinary remark number ${id} on the budget vote.` });
    await listener.until(['poison', ...behind], 20_000);

    assert.equal(poisonTries, 3, 'bounded: exactly JOB_ATTEMPTS tries');
    const held = (await store.comments.get(site, 'poison'))!.verdict!;
    assert.equal(held.verdict, 'review');
    assert.deepEqual(held.reasons.map((r) => r.code), [PIPELINE_ERROR]);
    assert.match(held.reasons[0]!.message, /3 times .*exploded/);

    const queue = await request(service.url!).get(`/v1/review?site=${site}`).set('Authorization', `Bearer ${moderator}`).expect(200);
    const item = (queue.body.items as Array<{ id: string; verdict: Verdict }>).find((i) => i.id === 'poison');
    assert.ok(item, 'the poison comment is in the review queue');

    // Concurrency 1: the comments posted after it were scored while it waited out its backoff.
    for (const id of behind) {
      const v = (await store.comments.get(site, id))!.verdict!;
      assert.equal(v.reasons.some((r) => r.code === PIPELINE_ERROR), false);
      assert.ok(Date.parse(v.scoredAt!) < Date.parse(held.scoredAt!), `${id} was scored after the poison comment gave up`);
    }
  } finally {
    listener.close();
  }
});

test('When a job runs again after its worker stored the verdict and died, then the stored verdict stands and no second verdict is announced', async () => {
  const queues = createQueues(redis, prefix, 1, silentLogger());
  const deps = { config, store, scorers: fixedScorers(real), queues, metrics: createMetrics(), logger: silentLogger(), now: () => new Date() };
  const listener = await VerdictListener.start(TEST_REDIS_URL, store, site);
  try {
    const accepted = await store.comments.accept(site, { id: 'twice', postId: 'p', content: 'Scored once, even when run twice.', contentType: 'text', author: {} }, new Date());
    const job = { site, id: 'twice', rev: accepted.revision };
    assert.equal(await scoreComment(deps, job, silentLogger()), 'scored');
    const first = (await store.comments.get(site, 'twice'))!.verdict!;
    // The recovered run: a later clock, so a second scoring would leave a different scoredAt.
    const later = { ...deps, now: () => new Date(Date.now() + 60_000) };
    assert.equal(await scoreComment(later, job, silentLogger()), 'scored');
    assert.deepEqual((await store.comments.get(site, 'twice'))!.verdict, first);
    await listener.until(['twice']);
    assert.equal(listener.announced.get('twice'), 1);
  } finally {
    listener.close();
    await queues.close();
  }
});

test('When a job was started again and again without finishing, then it counts as crashing its workers; failed tries are counted against the attempts', () => {
  const opts = { attempts: 5 };
  assert.deepEqual(tryState({ attemptsMade: 0, attemptsStarted: 1, opts }), { tries: 1, last: false, crashed: false });
  assert.deepEqual(tryState({ attemptsMade: 4, attemptsStarted: 5, opts }), { tries: 5, last: true, crashed: false });
  assert.equal(tryState({ attemptsMade: 0, attemptsStarted: MAX_CRASHES, opts }).crashed, false);
  assert.equal(tryState({ attemptsMade: 0, attemptsStarted: MAX_CRASHES + 1, opts }).crashed, true);
  assert.equal(tryState({ attemptsMade: 2, attemptsStarted: MAX_CRASHES + 3, opts }).crashed, true);
});
