/**
 * The `bayes` reason's evidence (the words the moderator page marks): only the telling words, never stop words of any
 * language the service reads, nor short words, nor words that barely lean; and choosing them changes no score.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadModelFile } from '../../../src/classifier/model-file.js';
import type { TokenEvidence } from '../../../src/classifier/model.js';
import { commentInputSchema } from '../../../src/domain/comment.js';
import { loadSeedCorpus } from '../../../src/evaluation/sources.js';
import { fromRoot } from '../../../src/platform/paths.js';
import { buildContext } from '../../../src/scoring/context.js';
import { LEXICON_DIR, loadLexicon } from '../../../src/scoring/lexicon-files.js';
import { defaultPhases, runPipeline } from '../../../src/scoring/pipeline.js';
import { loadRuleData, paramsOf, weightsOf } from '../../../src/scoring/rule-data.js';
import { bayesPhase, TELLING_MIN_LOG_LIKELIHOOD, tellingWords } from '../../../src/scoring/rules/bayes.js';
import { loadStopWords, STOP_WORD_LANGUAGES } from '../../../src/scoring/stop-words.js';

const stopWords = loadStopWords();
const words = (tokens: Array<[string, number]>, text: string, min?: number) =>
  tellingWords(
    tokens.map(([token, p]): TokenEvidence => ({ token, p })),
    text,
    min === undefined ? { stopWords } : { stopWords, minLogLikelihood: min },
  ).map((e) => e.match);

test('When the classifier leans on stop words ("my", "over", "kind", Indonesian "kami", Vietnamese "ngày"), then the evidence names none of them', () => {
  const text = 'check my kind offer over at kami ngày casino bonus';
  const tokens: Array<[string, number]> = [['w:my', 0.95], ['w:over', 0.9], ['w:kind', 0.9], ['w:kami', 0.9], ['w:ngày', 0.9], ['w:casino', 0.9], ['w:bonus', 0.98]];
  assert.deepEqual(words(tokens, text), ['casino', 'bonus']);
});

test('When a word leans toward spam only a little, then it is not evidence; from a likelihood ratio of 4 on, it is', () => {
  const text = 'original casino slot link';
  assert.deepEqual(words([['w:original', 0.59], ['w:casino', 0.79], ['w:slot', 0.84], ['w:link', 0.91]], text), ['slot', 'link']);
  assert.ok(Math.abs(TELLING_MIN_LOG_LIKELIHOOD - Math.log(4)) < 1e-12);
  assert.deepEqual(words([['w:casino', 0.79]], text, Math.log(3)), ['casino'], 'the bar can be set');
});

test('When a word has fewer than 3 letters, then it is not evidence, unless it is a CJK character pair', () => {
  const text = 'go vip 10k 24h $ 100 카지노 추천 博彩';
  const tokens: Array<[string, number]> = [['w:go', 0.99], ['w:vip', 0.98], ['w:10k', 0.97], ['w:24h', 0.97], ['w:$', 0.97], ['w:100', 0.97], ['w:카지', 0.97], ['w:추천', 0.9], ['w:博彩', 0.95]];
  assert.deepEqual(words(tokens, text), ['vip', '카지', '추천', '博彩']);
});

test('When a telling token is a pair, a domain or not in the text, then it is not evidence (the page could not mark it)', () => {
  assert.deepEqual(words([['p:check 1 out', 0.99], ['d:woori-casino.xyz', 0.99], ['w:jackpot', 0.99], ['w:casino', 0.99]], 'visit our casino'), ['casino']);
});

test('When the stop words are loaded, then every language the lexicons have terms in has its list, and the lists are lowercase', () => {
  const languages = new Set<string>();
  for (const f of readdirSync(LEXICON_DIR).filter((f) => f.endsWith('.json'))) {
    const file = JSON.parse(readFileSync(`${LEXICON_DIR}/${f}`, 'utf8')) as { terms?: Record<string, unknown>; weak?: Record<string, unknown> };
    for (const l of [...Object.keys(file.terms ?? {}), ...Object.keys(file.weak ?? {})]) languages.add(l);
  }
  assert.deepEqual([...languages].filter((l) => !(STOP_WORD_LANGUAGES as readonly string[]).includes(l)), []);
  for (const w of ['my', 'over', 'kind', 'the', 'und', 'dan', 'это', 'của', '的']) assert.ok(stopWords.has(w), w);
  for (const w of ['casino', 'bonus', 'viagra', 'bitcoin', 'slot', '카지노']) assert.ok(!stopWords.has(w), w);
  assert.ok([...stopWords].every((w) => w === w.toLowerCase()));
});

test('When the seed corpus is scored with the telling-word choice and with every word as evidence (the choice before it), then every score, verdict and weight is the same, and the evidence only shrinks', async () => {
  const rules = loadRuleData();
  const p = paramsOf(rules);
  const { model } = loadModelFile(fromRoot('models', 'default.model'));
  const lexicon = loadLexicon();
  const now = new Date('2026-12-01T00:00:00Z');
  const settings = { thresholds: { review: 0.5, spam: 0.9 }, languages: [] };
  const phases = defaultPhases({ lexicon, model, rules });
  const weighting = { scale: weightsOf(rules)('bayes'), min: p('bayes.min'), max: p('bayes.max') };
  const everyWord = bayesPhase(model, undefined, weighting, { stopWords: new Set(), minLogLikelihood: -Infinity });
  const before = phases.map((phase) => (phase.name === 'bayes' ? everyWord : phase));
  assert.equal(before.filter((phase) => phase === everyWord).length, 1);

  const corpus = await loadSeedCorpus(fromRoot('models', 'seed'));
  assert.ok(corpus.length >= 200, `the seed corpus has ${corpus.length} comments`);
  let dropped = 0;
  let kept = 0;
  for (const example of corpus) {
    const comment = commentInputSchema.parse({ id: example.id, postId: 'p', content: example.content, author: example.author });
    const old = runPipeline(before, buildContext(comment, settings, now));
    const now_ = runPipeline(phases, buildContext(comment, settings, now));
    assert.equal(now_.score, old.score, example.id);
    assert.equal(now_.verdict, old.verdict, example.id);
    assert.deepEqual(now_.reasons.map((r) => [r.code, r.weight, r.message, r.data]), old.reasons.map((r) => [r.code, r.weight, r.message, r.data]), example.id);
    const was = old.reasons.find((r) => r.code === 'bayes')?.evidence?.map((e) => e.match) ?? [];
    const is = now_.reasons.find((r) => r.code === 'bayes')?.evidence?.map((e) => e.match) ?? [];
    assert.ok(is.every((w) => was.includes(w)), `${example.id}: ${is} ⊄ ${was}`);
    assert.ok(is.every((w) => !stopWords.has(w)), example.id);
    dropped += was.length - is.length;
    kept += is.length;
  }
  assert.ok(dropped > 0 && kept > 0, `the choice dropped ${dropped} words and kept ${kept}`);
});

test('When a spam comment leans on everyday words, then the bayes reason marks its spam words only', () => {
  const { model } = loadModelFile(fromRoot('models', 'default.model'));
  const phases = defaultPhases({ lexicon: loadLexicon(), model });
  const comment = commentInputSchema.parse({ id: '1', postId: 'p', content: 'Over the kind of week I had, my bitcoin trading signals earn 10k guaranteed, contact me on whatsapp' });
  const r = runPipeline(phases, buildContext(comment, { thresholds: { review: 0.5, spam: 0.9 }, languages: ['en'] }, new Date('2026-12-01T00:00:00Z')));
  const marked = r.reasons.find((x) => x.code === 'bayes')?.evidence?.map((e) => e.match) ?? [];
  assert.ok(marked.length > 0, 'some word is marked');
  for (const w of ['over', 'the', 'kind', 'of', 'my', 'me', 'on', '10k']) assert.ok(!marked.includes(w), `${w} in ${marked}`);
  assert.ok(marked.some((w) => ['bitcoin', 'whatsapp', 'guaranteed', 'signals', 'trading', 'earn'].includes(w)), marked.join(', '));
});
