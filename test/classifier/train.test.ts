import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { LabelledExample } from '../../src/classifier/dataset.js';
import { crossSourceEvaluation, evaluateModel, hashExamples, trainModel } from '../../src/classifier/train.js';

function ex(id: string, content: string, label: 'spam' | 'ham', source = 's1'): LabelledExample {
  return { id, content, contentType: 'text', author: {}, label, source };
}

const SPAM = ['check out my channel please', 'subscribe to my channel for free gift', 'free money click my link now', 'win a free phone subscribe now'];
const HAM = ['love this song so much', 'this video is great', 'the best song of the year', 'who is watching this in 2015'];
const corpus = [
  ...SPAM.flatMap((t, i) => [ex(`s${i}`, t, 'spam', 'a'), ex(`s${i}b`, `${t} today`, 'spam', 'b')]),
  ...HAM.flatMap((t, i) => [ex(`h${i}`, t, 'ham', 'a'), ex(`h${i}b`, `${t} really`, 'ham', 'b')]),
];

describe('training and evaluation', () => {
  it('When examples are hashed, then order, ids and sources do not matter but content and labels do', () => {
    const h = hashExamples(corpus);
    assert.match(h, /^[0-9a-f]{64}$/);
    assert.equal(hashExamples([...corpus].reverse().map((e) => ({ ...e, id: `x${e.id}`, source: 'elsewhere' }))), h);
    assert.notEqual(hashExamples(corpus.map((e, i) => (i === 0 ? { ...e, label: 'ham' } : e))), h);
  });

  it('When the same comment is in the training set twice, then by default it is learned once', () => {
    const once = trainModel([corpus[0]!, corpus[9]!], { prune: false });
    const twice = trainModel([corpus[0]!, corpus[0]!, corpus[9]!], { prune: false });
    assert.deepEqual(twice.documents, once.documents);
    assert.equal(trainModel([corpus[0]!, corpus[0]!], { prune: false, dedupe: false }).documents.spam, 2);
  });

  it('When a model is trained and evaluated on a toy corpus, then it separates the classes', () => {
    // A toy corpus is far below the mass a writing system needs to count (CORPUS_MIN_GROUP_MASS): lift the gate.
    const model = trainModel(corpus, { model: { minPerClass: 2, minGroupMass: 0 }, prune: false });
    const r = evaluateModel(model, [ex('t1', 'check out my free channel', 'spam'), ex('t2', 'great song, love it', 'ham')]);
    assert.deepEqual(r.confusion, { tp: 1, fp: 0, tn: 1, fn: 0 });
  });

  it('When a writing system has less than the corpus mass in a class, then its words are neutral; with enough, they count', () => {
    const gated = trainModel(corpus, { model: { minPerClass: 2 }, prune: false });
    assert.equal(gated.score(['w:free', 'w:channel']).probability, 0.5);
    const many = Array.from({ length: 120 }, (_, i) => [ex(`s${i}`, `check out my free channel now ${i}`, 'spam'), ex(`h${i}`, `great song love it ${i}`, 'ham')]).flat();
    assert.ok(trainModel(many, { model: { minPerClass: 2 }, prune: false }).score(['w:free', 'w:channel']).probability > 0.9);
  });

  it('When evaluated across sources, then there is one rotation per source, each tested only on its own', () => {
    const r = crossSourceEvaluation(corpus, { model: { minPerClass: 2, minGroupMass: 0 }, prune: false });
    assert.deepEqual(
      r.rotations.map((x) => [x.heldOut, x.trainSize, x.report.examples]),
      [
        ['a', 8, 8],
        ['b', 8, 8],
      ],
    );
    assert.ok(r.mean.f1 > 0.7, JSON.stringify(r.mean));
  });
});
