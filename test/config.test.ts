import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../src/platform/config.js';

test('When the environment is empty, then every setting has its documented default', () => {
  const c = loadConfig({});
  assert.equal(c.port, 8080);
  assert.equal(c.redisUrl, 'redis://127.0.0.1:6379');
  assert.deepEqual(c.thresholds, { review: 0.5, spam: 0.9 });
  assert.ok(Object.isFrozen(c));
});

test('When several variables are bad, then one error names every one of them', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', REDIS_URL: 'http://nope', SPAM_THRESHOLD: '3', LOG_LEVEL: 'loud' }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      for (const name of ['PORT', 'REDIS_URL', 'SPAM_THRESHOLD', 'LOG_LEVEL']) assert.match(err.message, new RegExp(name));
      return true;
    },
  );
});

test('When the review threshold is above the spam threshold, then the configuration is refused', () => {
  assert.throws(() => loadConfig({ REVIEW_THRESHOLD: '0.95', SPAM_THRESHOLD: '0.9' }), /REVIEW_THRESHOLD/);
});

test('When a variable is set to an empty string, then it counts as unset', () => {
  assert.equal(loadConfig({ PORT: '' }).port, 8080);
});
