/** The README documents what the code has: every environment variable and every CLI command. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { envSchema } from '../src/platform/config.js';
import { fromRoot } from '../src/platform/paths.js';

const readme = readFileSync(fromRoot('README.md'), 'utf8');

test('When the README is read, then every environment variable of the config schema is in its table', () => {
  for (const name of Object.keys(envSchema.shape)) assert.ok(readme.includes(`| \`${name}\` |`), `${name} missing`);
});

test('When the README is read, then it shows the two set-up commands', () => {
  assert.ok(readme.includes('npm ci && npm start'));
  assert.ok(readme.includes('npm test'));
});
