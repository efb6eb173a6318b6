/**
 * What `sluice serve` says when no Redis answers: it names the URL it tried (password masked), gives advice that works
 * (compose does not publish Redis's port, so `docker compose up -d redis` is never it), and promises a private Redis
 * only when it would start one (EMBEDDED_REDIS=auto, a local address, redis-server installed).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from '../../bench/support/processes.js';
import { EXIT } from '../../src/cli/io.js';
import { runCli } from '../helpers/cli.js';

async function serveWithout(env: Record<string, string>): Promise<string> {
  const result = await runCli(['serve'], { PORT: '0', DATA_DIR: '/nonexistent/sluice-data', ...env });
  assert.equal(result.code, EXIT.noRedis, result.stderr);
  assert.doesNotMatch(result.stderr, /docker compose up -d redis/, 'compose does not publish Redis to the host');
  return result.stderr;
}

test('When EMBEDDED_REDIS=never and nothing answers, then the message names the URL and promises no private Redis', async () => {
  const port = await freePort();
  const message = await serveWithout({ EMBEDDED_REDIS: 'never', REDIS_URL: `redis://:s3cret@127.0.0.1:${port}/2` });
  assert.ok(message.includes(`No Redis answers at redis://***@127.0.0.1:${port}/2 (REDIS_URL)`), message);
  assert.ok(!message.includes('s3cret'), 'the password stays out of the message');
  assert.match(message, /EMBEDDED_REDIS=never/);
  assert.doesNotMatch(message, /starts a private/);
  assert.ok(message.includes(`docker run -d -p 127.0.0.1:${port}:6379 redis:7-alpine`), message);
});

test('When redis-server is not installed, then the message says so and how a private one would start', async () => {
  const port = await freePort();
  const message = await serveWithout({ EMBEDDED_REDIS: 'auto', REDIS_URL: `redis://127.0.0.1:${port}`, PATH: '/nonexistent' });
  assert.ok(message.includes(`No Redis answers at redis://127.0.0.1:${port} (REDIS_URL)`), message);
  assert.match(message, /redis-server is not installed/);
  assert.match(message, /apt-get install redis-server/);
  assert.ok(message.includes(`docker run -d -p 127.0.0.1:${port}:6379 redis:7-alpine`), message);
});

test('When REDIS_URL is not a local address, then the message says Sluice starts no private Redis for it', async () => {
  const port = await freePort();
  const message = await serveWithout({ EMBEDDED_REDIS: 'auto', REDIS_URL: `redis://127.0.0.2:${port}` });
  assert.ok(message.includes(`No Redis answers at redis://127.0.0.2:${port} (REDIS_URL)`), message);
  assert.match(message, /only for a local address/);
  assert.doesNotMatch(message, /docker run/);
});
