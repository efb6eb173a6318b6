/**
 * Graceful shutdown of a real `sluice serve` process: SIGTERM while comments are in flight loses none of them.
 * Every accepted comment ends with a verdict, scored either before the exit or by the next worker.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { fromRoot } from '../../src/platform/paths.js';
import { silentLogger } from '../../src/platform/logger.js';
import { startService } from '../../src/service.js';
import { createStore } from '../../src/store/index.js';
import { deletePrefix, inspector, testConfig, TEST_REDIS_URL, uniquePrefix } from '../helpers/env.js';

const prefix = uniquePrefix('shutdown');
const redis = inspector();
after(async () => {
  await deletePrefix(redis, prefix);
  await redis.quit();
});

test('When SIGTERM arrives with jobs and a request in flight, then the process exits 0 and no accepted comment is lost', async () => {
  const store = createStore(redis, prefix);
  const site = await store.sites.create({ name: 'shutdown' }, new Date());
  const key = await store.credentials.issueSiteKey(site!.id);

  const child = spawn(process.execPath, [fromRoot('dist/src/cli.js'), 'serve'], {
    env: { ...process.env, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, PORT: '0', HOST: '127.0.0.1', EMBEDDED_REDIS: 'never', LOG_LEVEL: 'info', WORKER_CONCURRENCY: '4' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  let url = '';
  for await (const line of createInterface({ input: child.stdout! })) {
    const entry = JSON.parse(line) as { msg: string; url?: string };
    if (entry.msg === 'sluice started') {
      url = entry.url!;
      break;
    }
  }
  child.stdout!.resume();

  const post = (id: string, query = '') =>
    fetch(`${url}/v1/comments${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ id, postId: 'p', content: `Comment number ${id} with a link http://example${id}.com` }),
    });
  const ids = Array.from({ length: 150 }, (_, i) => `s${i}`);
  const accepted: string[] = [];
  for (const id of ids) if ((await post(id)).status === 202) accepted.push(id);
  assert.equal(accepted.length, ids.length);

  const inFlight = post('last', '?wait=3000'); // still waiting for its verdict when the signal comes
  await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGTERM');
  const response = await inFlight;
  assert.ok(response.status === 200 || response.status === 202, `in-flight request got ${response.status}`);
  accepted.push('last');
  const [code] = await exited;
  assert.equal(code, 0);

  // A fresh worker picks up whatever the first process left queued.
  const worker = await startService({ config: testConfig(prefix), logger: silentLogger(), api: false, worker: true });
  try {
    const deadline = Date.now() + 30_000;
    let missing = accepted;
    while (missing.length && Date.now() < deadline) {
      const records = await Promise.all(missing.map((id) => store.comments.get(site!.id, id)));
      missing = missing.filter((_, i) => !records[i]?.verdict);
      if (missing.length) await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(missing, [], 'every accepted comment has a verdict');
  } finally {
    await worker.close();
  }
});
