import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareOnFrozen, loadFrozenSet, type FrozenSet } from '../../src/use-cases/frozen-set.js';
import type { VerdictClass } from '../../src/domain/verdict.js';

const example = (id: string, label: 'spam' | 'ham') => ({ id, label, content: id, contentType: 'text' as const, author: {}, source: 'frozen-test' });
const set: FrozenSet = { version: 'frozen-test', examples: [...Array.from({ length: 98 }, (_, i) => example(`s${i}`, 'spam')), example('r1', 'ham'), example('r2', 'ham')] };
const active: VerdictClass[] = [...Array.from({ length: 98 }, () => 'spam' as const), 'ham', 'ham'];

test('When the frozen set is read from the repository, then it has readers and spam, each with an id', () => {
  const frozen = loadFrozenSet();
  assert.equal(frozen.version, 'frozen-v1');
  assert.ok(frozen.examples.filter((e) => e.label === 'ham').length >= 150);
  assert.ok(frozen.examples.filter((e) => e.label === 'spam').length >= 150);
  assert.equal(new Set(frozen.examples.map((e) => e.id)).size, frozen.examples.length);
});

test('When a candidate holds one reader the active model let through, then it is refused and the reader named', () => {
  const candidate = [...active];
  candidate[99] = 'review';
  const c = compareOnFrozen(set, candidate, active, 0.02);
  assert.equal(c.pass, false);
  assert.deepEqual(c.readersTurned, ['r2']);
  assert.match(c.reason, /1 reader.*r2/);
});

test('When a candidate changes more verdicts than the bound, then it is refused; at the bound it passes', () => {
  const two = [...active];
  two[0] = 'review';
  two[1] = 'ham';
  assert.equal(compareOnFrozen(set, two, active, 0.02).pass, true);
  const three = [...two];
  three[2] = 'ham';
  const c = compareOnFrozen(set, three, active, 0.02);
  assert.equal(c.pass, false);
  assert.match(c.reason, /3 of 100 verdicts changed, more than 2/);
});

test('When a candidate lets a reader through that the active model held, then that is a change, not a turned reader', () => {
  const held = [...active];
  held[98] = 'review';
  const c = compareOnFrozen(set, active, held, 0.02);
  assert.equal(c.changed, 1);
  assert.equal(c.pass, true);
});
