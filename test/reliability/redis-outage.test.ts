/**
 * Redis going away and coming back, against a redis-server this test starts itself (append-only file on, fsync on
 * every write) and real `sluice api` and `sluice worker` processes: while Redis is away, ingest answers 503 with
 * Retry-After (never 202 for what was not stored), /readyz fails, /healthz answers and nothing crashes; once Redis is
 * back, both processes carry on by themselves and every comment accepted before, between or after is scored.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Redis } from 'ioredis';
import { freePort } from '../../bench/support/processes.js';
import { createStore } from '../../src/store/index.js';
import { faultRunFigures, sluiceEnv, startRedisServer, startSluice, VerdictListener, type RedisServer, type SluiceProcess } from '../helpers/processes.js';
import { readerText } from '../helpers/words.js';

const dir = mkdtempSync(join(tmpdir(), 'sluice-outage-'));
const started: SluiceProcess[] = [];
let server: RedisServer | undefined;
after(async () => {
  for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Asks until `ask()` is true (an outside observer cannot be told when a process has reconnected). */
async function eventually(ask: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ask().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('When Redis stops and restarts with its append-only file, then ingest answers 503 meanwhile, recovers by itself, and every accepted comment is scored', async (t) => {
  const port = await freePort();
  server = await startRedisServer(port, dir);
  const redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const prefix = 'outage';
  const store = createStore(redis, prefix);
  const site = (await store.sites.create({ name: 'outage' }, new Date()))!.id;
  const key = await store.credentials.issueSiteKey(site);
  const env = sluiceEnv(server.url, prefix, { STALLED_INTERVAL_MS: '500', LOCK_DURATION_MS: '2000' });
  const api = await startSluice('api', env);
  started.push(api);
  const listener = await VerdictListener.start(server.url, store, site);

  let n = 0;
  const accepted: string[] = [];
  const post = async (): Promise<Response> => {
    const id = `o${n++}`;
    const res = await fetch(`${api.url}/v1/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ id, postId: 'p', content: readerText(n) }),
    });
    if (res.status === 202) accepted.push(id);
    return res;
  };
  const outage = async (): Promise<void> => {
    await server!.stop();
    const refused = await post();
    assert.equal(refused.status, 503);
    assert.ok(Number(refused.headers.get('retry-after')) > 0, 'Retry-After says when to come back');
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'unavailable');
    const ready = await fetch(`${api.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.equal(((await ready.json()) as { redis: boolean }).redis, false);
    assert.equal((await fetch(`${api.url}/healthz`)).status, 200, 'the process is up');
    server = await startRedisServer(port, dir);
    await eventually(async () => (await post()).status === 202, 'the API accepts comments again');
  };

  try {
    for (let i = 0; i < 30; i++) assert.equal((await post()).status, 202);
    await outage();
    const stored = await Promise.all(accepted.map((id) => store.comments.get(site, id)));
    assert.deepEqual(accepted.filter((_, i) => !stored[i]), [], 'the append-only file kept every accepted comment');

    const worker = await startSluice('worker', env);
    started.push(worker);
    await listener.until(accepted, 20_000);

    // Again with the worker running: it reconnects by itself too.
    for (let i = 0; i < 10; i++) assert.equal((await post()).status, 202);
    await outage();
    for (let i = 0; i < 10; i++) assert.equal((await post()).status, 202);
    await listener.until(accepted, 20_000);
    await eventually(async () => (await fetch(`${api.url}/readyz`)).status === 200, '/readyz is ready again');
    assert.equal((await faultRunFigures(t, 'Redis stopped and restarted twice (API, then API and worker)', store, site, accepted)).lost, 0);

    for (const p of [api, worker]) {
      assert.equal(p.child.exitCode, null, 'still running');
      p.child.kill('SIGTERM');
      assert.equal(await p.exited, 0);
    }
  } finally {
    listener.close();
    redis.disconnect();
  }
});
