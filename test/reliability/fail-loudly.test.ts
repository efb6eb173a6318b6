/**
 * The service fails loudly (issue 14, finding 6): a `sluice serve` that cannot listen (a port in use, as when a
 * restart overlaps the old process's drain), an uncaught exception or an unhandled rejection logs one fatal line and
 * exits 1 after a bounded drain, instead of running on half-started where a supervisor sees it alive.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, test } from 'node:test';
import { fromRoot } from '../../src/platform/paths.js';
import { startSluice, sluiceEnv, type SluiceProcess } from '../helpers/processes.js';
import { deletePrefix, inspector, TEST_REDIS_URL, uniquePrefix } from '../helpers/env.js';

const prefix = uniquePrefix('fail-loudly');
const redis = inspector();
const started: SluiceProcess[] = [];
after(async () => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await deletePrefix(redis, prefix);
  await redis.quit();
});

/** Runs `sluice <command>` to its end; its exit code and its JSON log lines. */
async function runToExit(command: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; entries: Array<Record<string, unknown>> }> {
  const child = spawn(process.execPath, [fromRoot('dist/src/cli.js'), command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  const entries = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, entries };
}

const fatals = (entries: Array<Record<string, unknown>>) => entries.filter((e) => e['level'] === 60);

test('When `sluice serve` starts on a port already taken, then it logs one fatal line naming EADDRINUSE and exits 1 with its workers stopped', async () => {
  const first = await startSluice('serve', sluiceEnv(TEST_REDIS_URL, prefix));
  started.push(first);
  const port = new URL(first.url!).port;
  const second = await runToExit('serve', sluiceEnv(TEST_REDIS_URL, prefix, { PORT: port, SHUTDOWN_TIMEOUT_MS: '5000' }));
  assert.equal(second.code, 1);
  const fatal = fatals(second.entries);
  assert.equal(fatal.length, 1, JSON.stringify(second.entries));
  assert.equal(fatal[0]!['msg'], 'sluice failed to start; shutting down and exiting 1');
  assert.match(JSON.stringify(fatal[0]!['err']), /EADDRINUSE/);
  assert.ok(second.entries.some((e) => e['msg'] === 'sluice stopped'), 'what had started (workers, Redis) was closed');
  assert.ok(!second.entries.some((e) => e['msg'] === 'sluice started'));
  // The first process is untouched.
  assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
});

for (const [fault, msg] of [
  ['rejection', 'unhandled rejection'],
  ['exception', 'uncaught exception'],
] as const) {
  test(`When a running \`sluice worker\` meets an ${msg}, then it logs it once as fatal, drains and exits 1`, async () => {
    const env = sluiceEnv(TEST_REDIS_URL, prefix, {
      NODE_OPTIONS: `--import=${fromRoot('test/fixtures/fault-on-signal.mjs')}`,
      SLUICE_TEST_FAULT: fault,
    });
    const worker = await startSluice('worker', env);
    started.push(worker);
    worker.child.kill('SIGUSR2');
    assert.equal(await worker.exited, 1);
    const entries = worker.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const fatal = fatals(entries);
    assert.equal(fatal.length, 1, worker.lines.join('\n'));
    assert.equal(fatal[0]!['msg'], `${msg}; shutting down and exiting 1`);
    assert.match(JSON.stringify(fatal[0]!['err']), /test fault/);
    assert.ok(entries.some((e) => e['msg'] === 'sluice stopped'), 'drained before exiting');
  });
}
