import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ModelFormatError, parseModel, readModelHeader, serializeModel } from '../../src/classifier/format.js';
import { CountModel } from '../../src/classifier/model.js';

const HEADER = {
  created: '2025-01-01T00:00:00.000Z',
  tokenizerVersion: 3,
  featuresVersion: 1,
  trainingSet: { size: 4, sha256: 'ab'.repeat(32) },
  metrics: { f1: 0.9 },
};

function model(): CountModel {
  const m = new CountModel({ minPerClass: 1, maxTokens: 5000 });
  m.learn(['w:free', 'w:money', 'd:spam.xyz', 'w:tab\there', 'w:back\\slash'], 'spam');
  m.learn(['w:free', 'w:casino', 'a:바카라', 'p:free 1 casino', 'w:new\nline'], 'spam');
  m.learn(['w:nice', 'w:song', 'w:money'], 'ham');
  m.learn(['w:love', 'w:song', 'w:카지노', 'p:love 2 song'], 'ham');
  return m;
}

const PROBES = [
  ['w:free', 'w:money'],
  ['w:love', 'w:song', 'w:카지노'],
  ['w:tab\there', 'w:new\nline', 'w:back\\slash', 'a:바카라'],
  ['w:unknown'],
];

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ModelFormatError);
    return err.code;
  }
  return undefined;
}

describe('model file format', () => {
  it('When a model is written and read back, then it scores identically and keeps its header and options', () => {
    const m = model();
    const buf = serializeModel(m, HEADER);
    const { header, model: back } = parseModel(buf, { tokenizerVersion: 3, featuresVersion: 1 });
    for (const probe of PROBES) assert.deepEqual(back.score(probe), m.score(probe));
    assert.deepEqual(back.documents, m.documents);
    assert.equal(back.size, m.size);
    assert.deepEqual(back.options, m.options);
    assert.equal(header.format, 1);
    assert.deepEqual(header.metrics, { f1: 0.9 });
    assert.equal(header.counts?.tokens, m.size);
    assert.deepEqual(readModelHeader(buf), header);
  });

  it('When a model is written twice, then the bytes are the same (sorted tokens, no hidden state)', () => {
    assert.deepEqual(serializeModel(model(), HEADER), serializeModel(model(), HEADER));
  });

  it('When the tokenizer version differs, then loading is refused with MODEL_TOKENIZER_MISMATCH', () => {
    const buf = serializeModel(model(), HEADER);
    assert.equal(codeOf(() => parseModel(buf, { tokenizerVersion: 4 })), 'MODEL_TOKENIZER_MISMATCH');
  });

  it('When the features version differs, then loading is refused with MODEL_FEATURES_MISMATCH', () => {
    const buf = serializeModel(model(), HEADER);
    assert.equal(codeOf(() => parseModel(buf, { tokenizerVersion: 3, featuresVersion: 2 })), 'MODEL_FEATURES_MISMATCH');
  });

  it('When the file is not gzip, truncated, foreign or of a future version, then loading is refused', () => {
    const buf = serializeModel(model(), HEADER);
    assert.equal(codeOf(() => parseModel(Buffer.from('hello'), { tokenizerVersion: 3 })), 'MODEL_CORRUPT');
    assert.equal(codeOf(() => parseModel(buf.subarray(0, buf.length - 10), { tokenizerVersion: 3 })), 'MODEL_CORRUPT');
    assert.equal(codeOf(() => parseModel(gzipSync('PK\u0003\u0004'), { tokenizerVersion: 3 })), 'MODEL_UNKNOWN_FORMAT');
    assert.equal(codeOf(() => parseModel(gzipSync('SLUICE-MODEL\t2\n{}\n'), { tokenizerVersion: 3 })), 'MODEL_UNKNOWN_FORMAT');
    const oneLineLess = gunzipSync(buf).toString('utf8').split('\n').filter((_, i) => i !== 3).join('\n');
    assert.equal(codeOf(() => parseModel(gzipSync(oneLineLess), { tokenizerVersion: 3 })), 'MODEL_CORRUPT');
  });
});
