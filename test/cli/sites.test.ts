/** `sluice sites add NAME` validates the name as the API does (issue 14, finding 13). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { deletePrefix, inspector, TEST_REDIS_URL, uniquePrefix } from '../helpers/env.js';

test('When `sluice sites add` gets a blank name or one with control characters, then it exits 2 and creates nothing', async () => {
  const prefix = uniquePrefix('sites-cli');
  const env = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, EMBEDDED_REDIS: 'never' };
  const redis = inspector();
  try {
    for (const name of ['\u0001'.repeat(10), '   ', 'evil\u202ename']) {
      const r = await runCli(['sites', 'add', name], env);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /name/);
    }
    const listed = await runCli(['sites', 'list'], env);
    assert.equal(listed.stdout.trim(), '', 'no site was created');
    const added = await runCli(['sites', 'add', '  Daily Gazette  '], env);
    assert.equal(added.code, 0, added.stderr);
    assert.match((await runCli(['sites', 'list'], env)).stdout, /"name":"Daily Gazette"/);
  } finally {
    await deletePrefix(redis, prefix);
    await redis.quit();
  }
});
