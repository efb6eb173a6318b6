/**
 * Streams with a moderator (issue 13's measurement), end to end on a small stream: 60 comments of one YouTube video
 * through the real service on real Redis, the first 20 moderated, and the figures must add up.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { findSharedData } from '../../src/classifier/dataset.js';
import type { HeldOutFigures } from '../../src/evaluation/cross-source.js';
import { startInstallation } from '../../src/cli/installation.js';
import { loadSharedSources, youtubeNewestFirst } from '../../src/evaluation/sources.js';
import { streamEvaluation, streamsOf } from '../../src/cli/stream-evaluation.js';
import { inspector, keysMatching, testConfig, uniquePrefix } from '../helpers/env.js';

const dir = findSharedData();
const skip = dir === undefined && process.env['CI'] !== 'true' ? '../shared/data is absent' : false;

function assertAddsUp(f: HeldOutFigures, labels: readonly string[], what: string): void {
  assert.equal(f.n, labels.length, `${what}: n`);
  assert.equal(f.spam, labels.filter((l) => l === 'spam').length, `${what}: spam`);
  assert.equal(f.ham, labels.filter((l) => l === 'ham').length, `${what}: ham`);
  assert.equal(f.verdicts.ham + f.verdicts.review + f.verdicts.spam, f.n, `${what}: verdicts`);
  for (const rate of [f.heldRecall, f.spamRecall, f.readersRejected, f.readersHeld]) assert.ok(rate >= 0 && rate <= 1, `${what}: rate ${rate}`);
  assert.ok(f.spamRecall <= f.heldRecall && f.readersRejected <= f.readersHeld, `${what}: rejected is part of held`);
  // The rates are the verdicts counted against the labels: at least the held spam and held readers are held verdicts.
  assert.ok(Math.round(f.heldRecall * f.spam) + Math.round(f.readersHeld * f.ham) === f.verdicts.review + f.verdicts.spam, `${what}: held`);
}

test('When 60 comments of one video stream through the service with the first 20 moderated, then decisions are made and learned and the figures add up', { skip, timeout: 60_000 }, async () => {
  assert.ok(dir, 'the shared data must be present under CI');
  const sources = await loadSharedSources(dir, ['youtube']);
  const stream = streamsOf(sources, await youtubeNewestFirst(dir)).find((s) => s.name === 'youtube:Psy');
  assert.ok(stream, 'the Psy video is a stream of its own');
  const prefix = uniquePrefix('stream');
  const config = testConfig(prefix);
  const lines: string[] = [];
  const report = await streamEvaluation([stream], config, {
    moderate: 20,
    limit: 60,
    intervalMs: 60_000,
    install: (o) => startInstallation(config, o),
    progress: (line) => lines.push(line),
  });

  const [f] = report.streams;
  assert.ok(f);
  assert.equal(f.n, 60);
  assert.equal(f.moderated, 20);
  const labels = stream.examples.slice(20, 60).map((e) => e.label);
  assertAddsUp(f.after, labels, 'moderated');
  assertAddsUp(f.control, labels, 'control');
  const first = stream.examples.slice(0, 20);
  const { approved, rejected, reported, learned } = f.decisions;
  assert.ok(approved + rejected + reported > 0, 'the moderator decided something');
  assert.ok(rejected + reported <= first.filter((e) => e.label === 'spam').length, 'only spam is rejected');
  assert.ok(approved <= first.filter((e) => e.label === 'ham').length, 'only readers are approved');
  assert.equal(learned, approved + rejected + reported, 'every first decision on a comment is learned by the site model');
  assert.ok(f.decisions.learnMs.max >= f.decisions.learnMs.median && f.decisions.learnMs.median > 0);
  assert.deepEqual(report.pooled.after.verdicts, f.after.verdicts);
  assert.deepEqual(report.sources, [], 'one stream: no source pooled apart');
  assert.ok(lines.some((l) => l.startsWith('youtube:Psy moderated: 60/60')), lines.join('\n'));

  const redis = inspector();
  try {
    assert.deepEqual(await keysMatching(redis, `${prefix}*`), [], 'the installations delete their keys');
  } finally {
    await redis.quit();
  }
});
