import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CorpusExample, ExampleSource } from '../../src/store/corpus.js';
import { globalCorpus, sourceGroup, splitBySource } from '../../src/use-cases/global-corpus.js';

let seq = 0;
const ex = (site: string, source: ExampleSource, label: 'spam' | 'ham' = 'spam'): CorpusExample => ({
  site,
  id: `e${++seq}`,
  label,
  source,
  by: 'test',
  at: '2026-12-06T00:00:00.000Z',
  content: `text ${seq}`,
  contentType: 'text',
  author: {},
});
const policy = { trusted: new Set<string>(), siteShare: 0.05, baseDocuments: 1000 };

test('When a site is not trusted, then its Akismet labels stay out of the global corpus while staff labels of it go in', () => {
  const corpus = [ex('b', 'akismet'), ex('b', 'akismet'), ex('b', 'moderator'), ex('b', 'import'), ex('*', 'import')];
  const out = globalCorpus(corpus, policy);
  assert.deepEqual(out.examples.map((e) => e.source), ['moderator', 'import', 'import']);
  assert.deepEqual(out.left, { machine: 0, untrusted: 2, capped: 0 });
});

test('When a site is trusted, then its Akismet labels go in; auto-learned and published ham never do', () => {
  const corpus = [ex('b', 'akismet'), ex('b', 'auto'), ex('b', 'published', 'ham'), ex('b', 'report')];
  const out = globalCorpus(corpus, { ...policy, trusted: new Set(['b']) });
  assert.deepEqual(out.examples.map((e) => e.source), ['akismet', 'report']);
  assert.equal(out.left.machine, 2);
});

test('When a trusted site sends more than its share, then it is capped, keeping staff labels first, then the newest', () => {
  const moderator = ex('b', 'moderator');
  const labels = Array.from({ length: 200 }, () => ex('b', 'akismet'));
  const global = Array.from({ length: 100 }, () => ex('*', 'import'));
  const out = globalCorpus([moderator, ...labels, ...global], { ...policy, trusted: new Set(['b']) });
  // 5 % of 1,000 bundled documents and 100 global imports.
  assert.equal(out.siteCap, 55);
  const fromB = out.examples.filter((e) => e.site === 'b');
  assert.equal(fromB.length, 55);
  assert.ok(fromB.includes(moderator));
  assert.deepEqual(fromB.slice(1), labels.slice(-54), 'the newest site-key labels, in labelling order');
  assert.equal(out.left.capped, 146);
  assert.equal(out.examples.filter((e) => e.site === '*').length, 100, 'global imports are not capped');
});

test('When the held-out slice is drawn, then each source group gives its newest fraction, so one burst cannot fill it', () => {
  const staff = Array.from({ length: 10 }, () => ex('a', 'moderator'));
  const burst = Array.from({ length: 90 }, () => ex('b', 'akismet'));
  const { train, heldOut } = splitBySource([...staff, ...burst], sourceGroup, 0.2);
  assert.deepEqual(heldOut.filter((e) => e.site === 'a'), staff.slice(-2));
  assert.deepEqual(heldOut.filter((e) => e.site === 'b'), burst.slice(-18));
  assert.equal(train.length + heldOut.length, 100);
});
