/** Hostile input through the whole pure core (shipped model, every phase, lists and signals): nothing throws. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/platform/config.js';
import { loadDefaultScorer } from '../../src/scoring/default-scorer.js';
import { compileLists } from '../../src/scoring/site-lists.js';
import { sigmoid } from '../../src/domain/verdict.js';
import { worstInputs } from '../../bench/worst-inputs.js';

const scorer = loadDefaultScorer(loadConfig({}).modelFile);
const lists = compileLists({ 'banned-words': ['zzzforbidden'], 'blocked-ips': ['198.51.100.0/24'], 'suspect-words': ['suspect phrase'] });
const signals = { windowMs: 600_000, floods: [], reputation: [] };

for (const { name, comment } of worstInputs()) {
  test(`When the comment is ${name}, then it is scored without throwing and its reasons add up`, () => {
    const r = scorer.score(comment, { thresholds: { review: 0.5, spam: 0.9 }, languages: ['en'] }, new Date('2026-11-20T12:00:02Z'), { lists, signals });
    assert.ok(['ham', 'review', 'spam'].includes(r.verdict));
    assert.ok(Number.isFinite(r.score));
    const sum = r.reasons.reduce((s, x) => s + x.weight, 0);
    assert.ok(Math.abs(sigmoid(sum) - r.score) < 1e-3);
    assert.ok(JSON.stringify(r).length < 200_000, 'the verdict stays small: evidence is capped');
  });
}
