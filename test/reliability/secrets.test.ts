/**
 * Credentials through the real CLI: API keys and staff tokens are shown once, at creation; Redis holds only their
 * SHA-256 (looked up by hash, so no secret is ever compared byte by byte); `sluice tokens revoke` shuts a token out.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { fromRoot } from '../../src/platform/paths.js';
import { silentLogger } from '../../src/platform/logger.js';
import { startService, type RunningService } from '../../src/service.js';
import { createStore } from '../../src/store/index.js';
import { deletePrefix, inspector, keysUnder, testConfig, TEST_REDIS_URL, uniquePrefix } from '../helpers/env.js';
import { sluiceEnv } from '../helpers/processes.js';

const prefix = uniquePrefix('secrets');
const redis = inspector();
let service: RunningService;
before(async () => {
  service = await startService({ config: testConfig(prefix), logger: silentLogger(), api: true, worker: false });
});
after(async () => {
  await service.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

/** Runs `sluice …` against the test prefix; returns its JSON lines. */
async function sluice(...args: string[]): Promise<Array<Record<string, string>>> {
  const { stdout } = await promisify(execFile)(process.execPath, [fromRoot('dist/src/cli.js'), ...args], { env: sluiceEnv(TEST_REDIS_URL, prefix) });
  return stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, string>);
}

/** Every key name and every value under the prefix, as one string. */
async function everything(r: Redis): Promise<string> {
  const parts: string[] = [];
  for (const key of await keysUnder(r, prefix)) {
    parts.push(key);
    const type = await r.type(key);
    if (type === 'string') parts.push((await r.getBuffer(key))!.toString('latin1'));
    else if (type === 'hash') parts.push(...Object.entries(await r.hgetall(key)).flat());
    else if (type === 'list') parts.push(...(await r.lrange(key, 0, -1)));
    else if (type === 'set') parts.push(...(await r.smembers(key)));
    else if (type === 'zset') parts.push(...(await r.zrange(key, '0', '-1')));
  }
  return parts.join('\n');
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

test('When a site key and a staff token are created, then they are printed once and Redis holds only their hashes', async () => {
  const [site] = await sluice('sites', 'add', 'Secret News');
  const [staff] = await sluice('tokens', 'add', '--role', 'operator', '--name', 'ops');
  assert.match(site!['apiKey']!, /^sk[0-9a-f]{40}$/);
  assert.match(staff!['token']!, /^st[0-9a-f]{40}$/);

  const stored = await everything(redis);
  for (const secret of [site!['apiKey']!, staff!['token']!]) {
    assert.ok(!stored.includes(secret), 'no key or token in clear, in any key name or value');
    assert.ok(stored.includes(`${prefix}:cred:${sha256(secret)}`), 'found by its SHA-256');
  }
  const listed = JSON.stringify(await sluice('tokens', 'list'));
  for (const secret of [site!['apiKey']!, staff!['token']!, sha256(staff!['token']!), site!['webhookSecret']!]) {
    assert.ok(!listed.includes(secret), 'listings show no secret and no hash');
  }
});

test('When a token is revoked with sluice tokens revoke, then it gets 401 at once', async () => {
  const { token, record } = await createStore(redis, prefix).credentials.issueToken('operator', 'leaving', new Date());
  const auth = `Bearer ${token}`;
  await request(service.url!).get('/v1/sites').set('Authorization', auth).expect(200);
  const [revoked] = await sluice('tokens', 'revoke', record.id);
  assert.equal(revoked!['revoked'], record.id);
  await request(service.url!).get('/v1/sites').set('Authorization', auth).expect(401);
  const listed = (await createStore(redis, prefix).credentials.listTokens()).find((t) => t.id === record.id);
  assert.ok(listed?.revokedAt, 'the listing says when it was revoked');
});
