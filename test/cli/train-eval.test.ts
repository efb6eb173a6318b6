/** `sluice train` and `sluice eval --model`: an operator's offline round trip on the shared YouTube data. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sharedDataDir } from '../../src/platform/paths.js';
import { runCli as cli } from '../helpers/cli.js';

const youtube = join(sharedDataDir, 'youtube-spam-collection');
const skip = existsSync(youtube) ? false : `shared data not found at ${youtube}`;

test('When a model is trained on three videos and evaluated on the fourth, then eval prints the figures and writes a report', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-train-'));
  const out = join(dir, 'three.model');
  const report = join(dir, 'report.html');
  const data = ['Youtube01-Psy.csv', 'Youtube02-KatyPerry.csv', 'Youtube03-LMFAO.csv'].flatMap((f) => ['--data', join(youtube, f)]);
  const trained = await cli(['train', ...data, '--out', out]);
  assert.equal(trained.code, 0, trained.stderr);
  assert.equal(JSON.parse(trained.stdout).examples, 1138);

  const evaluated = await cli(['eval', '--model', out, '--data', join(youtube, 'Youtube04-Eminem.csv'), '--report', report]);
  assert.equal(evaluated.code, 0, evaluated.stderr);
  const figures = JSON.parse(evaluated.stdout) as { f1: number; fpr: number; mcc: number; confusion: Record<string, number>; sweep: unknown[] };
  assert.ok(figures.f1 > 0.85, `F1 ${figures.f1}`);
  assert.equal(Object.values(figures.confusion).reduce((a, b) => a + b, 0), 448);
  assert.equal(figures.sweep.length, 19);
  const html = readFileSync(report, 'utf8');
  assert.match(html, /<svg/);
  assert.match(html, /Worst false positives/);
});

test('When train gets no data, then it exits 2 with the usage', async () => {
  const { code, stderr } = await cli(['train', '--out', join(tmpdir(), 'x.model')]);
  assert.equal(code, 2);
  assert.match(stderr, /--data/);
});
