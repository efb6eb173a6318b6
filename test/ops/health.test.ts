/**
 * The healthchecks compose runs, run as compose runs them (the exact command of docker-compose.yml) against real
 * `sluice worker` and `sluice api` processes: healthy while they run, unhealthy once they stop or stop beating.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { freePort } from '../../bench/support/processes.js';
import { fromRoot } from '../../src/platform/paths.js';
import { runCli } from '../helpers/cli.js';
import { deletePrefix, inspector, TEST_REDIS_URL, uniquePrefix } from '../helpers/env.js';
import { sluiceEnv, startSluice } from '../helpers/processes.js';

const prefix = uniquePrefix('ops-health');
const redis = inspector();
after(async () => {
  await deletePrefix(redis, prefix);
  await redis.quit();
});

const compose = parse(readFileSync(fromRoot('docker-compose.yml'), 'utf8')) as { services: Record<string, { healthcheck?: { test: string[] } }> };

/** The arguments after `node dist/src/cli.js` of a service's healthcheck. */
function healthArgs(service: string): string[] {
  const check = compose.services[service]?.healthcheck?.test ?? [];
  assert.deepEqual(check.slice(0, 3), ['CMD', 'node', 'dist/src/cli.js'], `${service}'s healthcheck runs the sluice command`);
  return check.slice(3);
}

const env = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix };

test('When no worker has ever run, then the worker healthcheck fails and says so', async () => {
  const result = await runCli(healthArgs('worker'), env);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /no scoring worker on \S+ has beaten in the last 30 s/);
});

test('When a worker runs, then its healthcheck passes; once it stops, it fails', async () => {
  const worker = await startSluice('worker', sluiceEnv(TEST_REDIS_URL, prefix));
  try {
    const healthy = await runCli(healthArgs('worker'), env);
    assert.equal(healthy.code, 0, healthy.stderr);
    assert.equal(healthy.stdout, 'ok\n');
  } finally {
    worker.child.kill('SIGTERM');
    assert.equal(await worker.exited, 0);
  }
  const stopped = await runCli(healthArgs('worker'), env);
  assert.equal(stopped.code, 1, 'a worker that stopped cleanly is no longer counted');
});

test('When a worker is killed and stops beating, then the healthcheck fails once the beats are older than --within', async () => {
  const worker = await startSluice('worker', sluiceEnv(TEST_REDIS_URL, prefix));
  worker.child.kill('SIGKILL');
  await worker.exited;
  assert.equal((await runCli([...healthArgs('worker'), '--within', '30'], env)).code, 0, 'its last beat is recent');
  await new Promise((r) => setTimeout(r, 1_500));
  const stale = await runCli([...healthArgs('worker'), '--within', '1'], env);
  assert.equal(stale.code, 1);
});

test('When Redis does not answer, then the worker healthcheck fails within seconds naming the Redis URL without its password', async () => {
  const port = await freePort();
  // The command's own start-up (loading every module) is the baseline: Redis's absence may add 2 s to it at most.
  let started = Date.now();
  await runCli(['health'], env);
  const baseline = Date.now() - started;
  started = Date.now();
  const result = await runCli(healthArgs('worker'), { REDIS_URL: `redis://:hunter2@127.0.0.1:${port}`, REDIS_PREFIX: prefix });
  const took = Date.now() - started;
  assert.equal(result.code, 1);
  assert.ok(took < baseline + 2_500, `took ${took} ms, start-up alone ${baseline} ms`);
  assert.ok(result.stderr.includes(`no Redis answers at redis://***@127.0.0.1:${port}`), result.stderr);
  assert.ok(!result.stderr.includes('hunter2'));
});

test('When the API runs on PORT, then its healthcheck passes; once it stops, it fails', async () => {
  const port = await freePort();
  const api = await startSluice('api', sluiceEnv(TEST_REDIS_URL, prefix, { PORT: String(port) }));
  const apiEnv = { ...env, PORT: String(port) };
  try {
    assert.equal((await runCli(healthArgs('api'), apiEnv)).code, 0);
  } finally {
    api.child.kill('SIGTERM');
    await api.exited;
  }
  const down = await runCli(healthArgs('api'), apiEnv);
  assert.equal(down.code, 1);
  assert.match(down.stderr, new RegExp(`http://127\\.0\\.0\\.1:${port}/healthz does not answer`));
});

test('When health is run without --worker or --api, then it is a usage error (exit 2)', async () => {
  assert.equal((await runCli(['health'], env)).code, 2);
});
