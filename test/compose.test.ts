/** No Docker engine runs here, so the compose file is checked by reading it. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { envSchema } from '../src/platform/config.js';
import { fromRoot } from '../src/platform/paths.js';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  init?: boolean;
  ports?: string[];
  container_name?: string;
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync(fromRoot('docker-compose.yml'), 'utf8')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { scripts: Record<string, string> };
const { redis, api, worker } = compose.services;

test('When the compose file is read, then redis keeps an append-only file on a volume and has a healthcheck', () => {
  assert.ok(redis?.image?.startsWith('redis:'));
  if (!redis) return;
  assert.ok(JSON.stringify(redis.command).includes('appendonly'));
  assert.ok(redis.volumes?.some((v) => v.endsWith(':/data') && v.split(':')[0]! in compose.volumes));
  assert.ok(redis.healthcheck?.test.includes('ping'));
});

test('When the compose file is read, then api and worker build from the Dockerfile and run node itself under an init, as their npm scripts do', () => {
  assert.ok(existsSync(fromRoot('Dockerfile')));
  for (const [name, service] of [['api', api], ['worker', worker]] as const) {
    assert.equal(service?.build, '.');
    const command = service!.command as string[];
    // npm does not pass SIGTERM on to the service: `docker stop` would skip the drain (test/ops/stop.test.ts).
    assert.deepEqual(command, ['node', 'dist/src/cli.js', name]);
    assert.equal(service!.init, true, `${name} runs under an init that forwards signals`);
    assert.equal(pkg.scripts[`start:${name}`], command.join(' '), `npm run start:${name} runs what compose runs`);
    assert.equal(service!.depends_on?.['redis']?.condition, 'service_healthy');
  }
});

test('When the compose file is read, then api and worker each have a healthcheck that runs the sluice health command', () => {
  assert.deepEqual(api!.healthcheck?.test, ['CMD', 'node', 'dist/src/cli.js', 'health', '--api']);
  assert.deepEqual(worker!.healthcheck?.test, ['CMD', 'node', 'dist/src/cli.js', 'health', '--worker']);
});

test('When the Dockerfile is read, then its command is node itself and it has a healthcheck', () => {
  const dockerfile = readFileSync(fromRoot('Dockerfile'), 'utf8');
  assert.match(dockerfile, /^CMD \["node", "dist\/src\/cli\.js", "serve"\]$/m);
  assert.match(dockerfile, /^HEALTHCHECK .*CMD \["node", "dist\/src\/cli\.js", "health", "--api"\]$/m);
});

test('When the compose file is read, then every environment variable is one the config schema knows', () => {
  const known = new Set(Object.keys(envSchema.shape));
  for (const [name, service] of Object.entries(compose.services)) {
    for (const key of Object.keys(service.environment ?? {})) assert.ok(known.has(key), `${name}: unknown env ${key}`);
  }
  const parsed = envSchema.safeParse(api!.environment);
  assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
});

test('When workers are scaled with --scale worker=N, then nothing pins them to one instance', () => {
  assert.equal(worker!.ports, undefined);
  assert.equal(worker!.container_name, undefined);
});

test('When the compose file is read, then Redis publishes no port to the host (the no-Redis advice relies on it: src/platform/embedded-redis.ts)', () => {
  assert.equal(redis!.ports, undefined);
});
