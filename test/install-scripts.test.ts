/**
 * npm 11 runs a dependency's install scripts only when package.json's `allowScripts` approves it, and `npm ci` warns
 * about every one not reviewed there. Each is reviewed: esbuild allowed (its postinstall checks the platform binary
 * and fetches it when the optional package is missing), msgpackr-extract denied (prebuilt binaries come as optional
 * packages; its script would compile from source, and msgpackr works in plain JS without it).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { fromRoot } from '../src/platform/paths.js';

const run = promisify(execFile);

test('When npm lists the install scripts of the installed dependencies, then every one is covered by allowScripts', async (t) => {
  const { stdout: version } = await run('npm', ['--version']);
  const major = Number(version.split('.')[0]);
  if (major < 11 && process.env['CI'] !== 'true') return t.skip(`npm ${version.trim()} has no allowScripts`);
  const { stdout, stderr } = await run('npm', ['install-scripts', 'ls'], { cwd: fromRoot(), env: { ...process.env, npm_config_offline: 'true' } });
  assert.match(stdout, /No packages with unreviewed install scripts/, stdout + stderr);
});

test('When allowScripts is read, then it says yes or no to each package with an install script, by name', () => {
  const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
  assert.deepEqual(pkg.allowScripts, { esbuild: true, 'msgpackr-extract': false });
});
