/**
 * Feature hashing and the model's hash table: the hashed path must give exactly what the string path gave (same
 * features, same counts, same scores), through learn, unlearn, prune, collisions in the table and a file round trip.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadSeedCorpus } from '../../src/evaluation/sources.js';
import type { LabelledExample } from '../../src/classifier/dataset.js';
import { FeatureVector, extractFeatures, featureVectorOfComment, featuresOfComment, type FeatureSource } from '../../src/classifier/features.js';
import { parseModel, serializeModel } from '../../src/classifier/format.js';
import { hashString } from '../../src/classifier/hash.js';
import { CountModel } from '../../src/classifier/model.js';
import { trainModel } from '../../src/classifier/train.js';
import { fromRoot } from '../../src/platform/paths.js';
import { foldText } from '../../src/scoring/normalize.js';
import { tokenize } from '../../src/scoring/tokenize.js';

/** The string extraction as it was before hashing (features version 1), kept here as the reference. */
function referenceFeatures(src: FeatureSource): string[] {
  const out: string[] = [];
  const tokens =
    src.contentTokens.length > 400 ? [...src.contentTokens.slice(0, 200), ...src.contentTokens.slice(-200)] : src.contentTokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    out.push(`w:${t}`);
    const end = Math.min(tokens.length, i + 3);
    for (let j = i + 1; j < end; j++) out.push(`p:${t} ${j - i} ${tokens[j]!}`);
  }
  if (src.authorName !== undefined) for (const t of tokenize(foldText(src.authorName))) out.push(`a:${t}`);
  const domain = (prefix: string, d: string): void => {
    const lower = d.toLowerCase();
    out.push(prefix + lower);
    const dot = lower.lastIndexOf('.');
    if (dot > 0) out.push(prefix + lower.slice(dot));
  };
  if (src.authorUrlDomain !== undefined) domain('u:', src.authorUrlDomain);
  for (const d of src.linkDomains) domain('d:', d);
  return out;
}

const seed = await loadSeedCorpus(fromRoot('models', 'seed'));
const extra: LabelledExample[] = [
  { id: 'x1', source: 't', label: 'spam', contentType: 'html', content: '<b>WIN</b> <a href="https://woori-casino.xyz">우리카지노</a> 🔥🔥', author: { name: ' Lucky 7 ', url: 'https://bit.ly/x' } },
  { id: 'x2', source: 't', label: 'ham', contentType: 'text', content: 'word '.repeat(450) + 'end', author: {} },
  { id: 'x3', source: 't', label: 'ham', contentType: 'text', content: 'tab\there and back\\slash \uD800 lone', author: { name: '\uDC00 odd' } },
];
const corpus = [...seed, ...extra];

describe('feature hashing', () => {
  it('When features are extracted, then they equal the string reference and each hash is the hash of its string', () => {
    for (const ex of corpus) {
      const v = featureVectorOfComment(ex);
      const strings = featuresOfComment(ex);
      assert.deepEqual(v.toStrings(), strings);
      for (let k = 0; k < v.length; k++) {
        const [a, b] = hashString(strings[k]!);
        assert.equal(v.a[k], a, strings[k]);
        assert.equal(v.b[k], b, strings[k]);
      }
    }
    const src = { contentTokens: ['check', 'out', 'my', 'channel', 'ÿ', '카지노'], authorName: 'Best Casino', authorUrlDomain: 'X.top', linkDomains: ['bit.ly'] };
    assert.deepEqual(extractFeatures(src), referenceFeatures(src));
  });

  it('When random token lists are featurised, then the vector spells the reference features with their hashes (property)', () => {
    const token = fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom('a', 'b', 'é', '가', '\uD83D', '\uDD25', '1', ' ') });
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), fc.array(fc.constantFrom('a.com', 'B.XYZ', 'localhost'), { maxLength: 3 }), (contentTokens, linkDomains) => {
        const src = { contentTokens, linkDomains };
        const v = new FeatureVector(2);
        // Reused and grown: a second fill must not keep anything of the first.
        featureVectorOfComment({ content: 'stale words here' }, v);
        const strings = referenceFeatures(src);
        assert.deepEqual(extractFeatures(src), strings);
        const vector = FeatureVector.of(strings);
        for (let k = 0; k < strings.length; k++) assert.deepEqual([vector.a[k], vector.b[k]], [...hashString(strings[k]!)]);
      }),
    );
  });
});

/** A plain Map of counts: what the hash table must agree with. */
class ReferenceCounts {
  readonly counts = new Map<string, { spam: number; ham: number }>();
  learn(features: readonly string[], label: 'spam' | 'ham'): void {
    for (const f of new Set(features)) {
      const c = this.counts.get(f) ?? { spam: 0, ham: 0 };
      c[label]++;
      this.counts.set(f, c);
    }
  }
  unlearn(features: readonly string[], label: 'spam' | 'ham'): void {
    for (const f of new Set(features)) {
      const c = this.counts.get(f);
      if (c === undefined || c[label] === 0) continue;
      c[label]--;
      if (c.spam === 0 && c.ham === 0) this.counts.delete(f);
    }
  }
}

describe('the hash table of CountModel', () => {
  it('When thousands of tokens are learned and unlearned in random order, then every count equals a Map reference', () => {
    // 6,000 distinct tokens grow the table several times and make long probe runs; unlearning deletes from the
    // middle of those runs (backward shift), so a broken deletion would lose the tokens behind it.
    const model = new CountModel({ minPerClass: 1, maxTokens: 1_000_000 });
    const ref = new ReferenceCounts();
    const docs: Array<{ f: string[]; label: 'spam' | 'ham' }> = [];
    let seedState = 7;
    const rand = (n: number): number => {
      seedState = (Math.imul(seedState, 1103515245) + 12345) & 0x7fffffff;
      return seedState % n;
    };
    for (let d = 0; d < 1500; d++) {
      const f = Array.from({ length: 1 + rand(8) }, () => `w:t${rand(6000)}`);
      const label = rand(2) === 0 ? 'spam' : 'ham';
      docs.push({ f, label });
      model.learn(f, label);
      ref.learn(f, label);
    }
    for (let d = docs.length - 1; d >= 0; d--) {
      if (rand(3) === 0) continue;
      const doc = docs[rand(docs.length)]!;
      model.unlearn(doc.f, doc.label);
      ref.unlearn(doc.f, doc.label);
    }
    assert.equal(model.size, ref.counts.size);
    for (let i = 0; i < 6000; i++) {
      const want = ref.counts.get(`w:t${i}`) ?? { spam: 0, ham: 0 };
      assert.deepEqual(model.counts(`w:t${i}`), want, `w:t${i}`);
    }
    const entries = new Map([...model.entries()].map((e) => [e.token, { spam: e.spam, ham: e.ham }]));
    assert.deepEqual(entries, ref.counts);
    // A prune that frees most slots compacts the arrays and the table: the survivors keep counts and order.
    const order = [...model.entries()].filter((e) => e.spam + e.ham >= 2).map((e) => e.token);
    model.prune({ minCount: 2, graceDocs: 0 });
    assert.deepEqual([...model.entries()].map((e) => e.token), order);
    for (const t of order) assert.deepEqual(model.counts(t), ref.counts.get(t));
    assert.equal(model.counts('w:t-never').spam, 0);
    model.learn(['w:after-compaction', order[0]!], 'spam');
    assert.equal(model.counts('w:after-compaction').spam, 1);
    assert.equal(model.counts(order[0]!).spam, ref.counts.get(order[0]!)!.spam + 1);
  });

  it('When tokens are released and learned again, then entries keep insertion order (what pruning ties rely on)', () => {
    const m = new CountModel({ minPerClass: 1 });
    for (const t of ['w:a', 'w:b', 'w:c', 'w:d']) m.learn([t], 'spam');
    m.unlearn(['w:b'], 'spam');
    m.learn(['w:e'], 'ham'); // reuses b's freed slot, but comes last
    m.learn(['w:b'], 'spam');
    assert.deepEqual([...m.entries()].map((e) => e.token), ['w:a', 'w:c', 'w:d', 'w:e', 'w:b']);
  });

  it('When the same document is scored as strings and as a feature vector, then the results are identical', () => {
    const model = trainModel(seed, { model: { minPerClass: 5 } });
    for (const ex of corpus) {
      assert.deepEqual(model.score(featureVectorOfComment(ex)), model.score(featuresOfComment(ex)));
    }
  });

  it('When a model is saved and loaded, then it holds the same tokens and scores every document the same', () => {
    const model = trainModel(seed, { model: { minPerClass: 5 } });
    const header = { created: '2026-11-22T00:00:00Z', tokenizerVersion: 1, featuresVersion: 1, trainingSet: { size: seed.length, sha256: '' }, metrics: {} };
    const bytes = serializeModel(model, header);
    const loaded = parseModel(bytes, { tokenizerVersion: 1 }).model;
    assert.equal(loaded.size, model.size);
    assert.deepEqual(serializeModel(loaded, header), bytes);
    for (const ex of corpus) assert.deepEqual(loaded.score(featureVectorOfComment(ex)), model.score(featuresOfComment(ex)));
    // With a prior: a young site model smoothed by the loaded global one.
    const site = new CountModel({ minPerClass: 1 });
    site.learn(featuresOfComment(seed[0]!), 'spam');
    site.learn(featuresOfComment(seed[1]!), 'ham');
    for (const ex of corpus.slice(0, 40)) {
      assert.deepEqual(site.score(featureVectorOfComment(ex), { prior: loaded }), site.score(featuresOfComment(ex), { prior: model }));
    }
  });
});
