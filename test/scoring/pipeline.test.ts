/** The pipeline as pure functions: phases in, score, verdict, counterfactual out. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentInputSchema } from '../../src/domain/comment.js';
import { buildContext, type SiteSettings } from '../../src/scoring/context.js';
import type { Phase } from '../../src/scoring/phase.js';
import { priorPhase, runPipeline as run } from '../../src/scoring/pipeline.js';
import { loadRuleData } from '../../src/scoring/rule-data.js';
import { logit, sigmoid } from '../../src/domain/verdict.js';

const PRIOR_LOG_ODDS = -2.5;
const prior = priorPhase({ ...loadRuleData(), weights: { prior: PRIOR_LOG_ODDS } });
/** The pipeline with the prior phase first, as defaultPhases builds it. */
const runPipeline = (phases: readonly Phase[], c: Parameters<typeof run>[1]) => run([prior, ...phases], c);
const settings: SiteSettings = { thresholds: { review: 0.5, spam: 0.9 }, languages: ['en'] };
const ctx = buildContext(commentInputSchema.parse({ id: '1', postId: 'p', content: 'hello' }), settings, new Date(0));
const phase = (name: string, weight: number, extra: Partial<ReturnType<Phase['run']> & object> = {}): Phase => ({
  name,
  run: () => ({ reasons: [{ code: name, weight, message: name, evidence: [{ field: 'content', match: name }] }], ...extra }),
});

test('When no phase has an opinion, then the score is the prior and the verdict ham', () => {
  const r = runPipeline([{ name: 'silent', run: () => undefined }], ctx);
  assert.equal(r.verdict, 'ham');
  assert.deepEqual(r.reasons.map((x) => x.code), ['prior']);
  assert.ok(Math.abs(logit(r.score) - PRIOR_LOG_ODDS) < 1e-3);
  assert.equal(r.counterfactual, undefined);
});

test('When phases add weights, then the reasons sum to the log-odds of the score and the thresholds decide', () => {
  const review = runPipeline([phase('a.one', 1.5), phase('b.two', 1.2)], ctx);
  assert.equal(review.verdict, 'review');
  const spam = runPipeline([phase('a.one', 3), phase('b.two', 2)], ctx);
  assert.equal(spam.verdict, 'spam');
  for (const r of [review, spam]) {
    const sum = r.reasons.reduce((s, x) => s + x.weight, 0);
    assert.ok(Math.abs(sigmoid(sum) - r.score) <= 1e-4);
  }
});

test('When a comment is spam, then the counterfactual is the fewest reasons whose removal makes it ham', () => {
  const r = runPipeline([phase('small', 0.5), phase('big', 4), phase('mid', 1.0), phase('neg', -0.4)], ctx);
  assert.equal(r.verdict, 'spam');
  // -2.5 + 0.5 + 4 + 1 - 0.4 = 2.6; removing "big" leaves -1.4 < 0 (review threshold 0.5 → log-odds 0).
  assert.deepEqual(r.counterfactual?.map((c) => c.code), ['big']);
  assert.deepEqual(r.counterfactual?.[0]?.evidence, [{ field: 'content', match: 'big' }]);
});

test('When a phase returns a final class, then later phases do not run and the class stands', () => {
  let ran = false;
  const r = runPipeline([phase('allow', -5, { final: 'ham' }), { name: 'late', run: () => ((ran = true), undefined) }], ctx);
  assert.equal(r.verdict, 'ham');
  assert.equal(ran, false);
});

test('When three strong independent families agree, then the spam is blatant and marked discard', () => {
  const r = runPipeline([phase('a.x', 3), phase('b.y', 3), phase('c.z', 3)], ctx);
  assert.equal(r.discard, true);
  const notBlatant = runPipeline([phase('a.x', 3), phase('a.y', 3), phase('b.z', 3)], ctx);
  assert.equal(notBlatant.verdict, 'spam');
  assert.equal(notBlatant.discard, false, 'two families are not three');
});

test('When one rule family alone, however loud, scores a comment as spam, then it is held for review, not rejected', () => {
  const loud = runPipeline([phase('a.x', 5), phase('a.y', 5)], ctx);
  assert.ok(loud.score >= 0.9);
  assert.equal(loud.verdict, 'review');
  assert.equal(runPipeline([phase('a.x', 5), phase('b.y', 0.6)], ctx).verdict, 'spam', 'a second family corroborates');
  assert.equal(runPipeline([phase('a.x', 5), phase('b.y', 0.3)], ctx).verdict, 'review', 'a trace of a second family does not');
  assert.equal(runPipeline([phase('a.x', 5), phase('language.z', 1)], ctx).verdict, 'review', 'the language rule only counts next to others');
  assert.equal(runPipeline([phase('lexicon.author', 3), phase('lexicon.gambling', 3)], ctx).verdict, 'spam', 'an advert as a name and in the text are two');
});

test('When network evidence (a shared link, address or subnet, the reputation of a value) pushes a reader over the spam threshold, then the comment is held, not rejected: the rest alone must reach it', () => {
  // Issue 14 #2/#3: a reader with a link (0.6) and a mild classifier reading (0.8) plus flood.domain +7 was rejected.
  const reader = runPipeline([phase('links.count', 0.6), phase('bayes', 0.8), phase('flood.domain', 7), phase('reputation.ip', 1.5)], ctx);
  assert.ok(reader.score >= 0.9, 'the score still says how suspicious it looks');
  assert.equal(reader.verdict, 'review');
  for (const code of ['flood.ip', 'flood.subnet', 'reputation.domain', 'reputation.ip', 'memory.domain']) {
    assert.equal(runPipeline([phase('a.x', 2), phase('b.y', 2), phase(code, 6)], ctx).verdict, 'review', code);
  }
  // Content and author evidence that stands on its own is still rejected, network evidence or not.
  assert.equal(runPipeline([phase('a.x', 3), phase('b.y', 2), phase('flood.domain', 7)], ctx).verdict, 'spam');
  assert.equal(runPipeline([phase('a.x', 3), phase('flood.text', 4)], ctx).verdict, 'spam', 'repeated text is evidence about the comment');
});
