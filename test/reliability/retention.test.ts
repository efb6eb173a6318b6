/**
 * Privacy: authors' IPs and emails are kept in clear for RETENTION_DAYS after a comment's last revision, then replaced
 * by keyed pseudonyms — in the comment, in its verdict's reasons and evidence, and in the reputation memory.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import { createLogger } from '../../src/platform/logger.js';
import { pseudonym, PSEUDONYM_PREFIX, sweepRetention } from '../../src/use-cases/sweep-retention.js';
import { startService } from '../../src/service.js';
import { createStore } from '../../src/store/index.js';
import type { Verdict } from '../../src/domain/verdict.js';
import { deletePrefix, inspector, keysUnder, testConfig, uniquePrefix } from '../helpers/env.js';

const prefix = uniquePrefix('retention');
const redis = inspector();
const store = createStore(redis, prefix);
after(async () => {
  await deletePrefix(redis, prefix);
  await redis.quit();
});

const DAY = 86_400_000;
const retention = { retention: { days: 30, intervalMs: 3_600_000 } };

/** Stores a comment received `daysAgo` with a verdict that quotes its author's address and email. */
async function oldComment(site: string, id: string, daysAgo: number, author: { ip?: string; email?: string; name?: string }): Promise<void> {
  const receivedAt = new Date(Date.now() - daysAgo * DAY);
  const { revision } = await store.comments.accept(site, { id, postId: 'p', content: 'An old remark.', contentType: 'text', author }, receivedAt);
  const quoted = [author.ip, author.email].filter((v): v is string => !!v);
  const verdict: Verdict = {
    id,
    site,
    status: 'scored',
    verdict: 'review',
    discard: false,
    score: 0.5,
    reasons: quoted.map((v) => ({ code: 'lists.blocked', weight: 0, message: `"${v}" is on the site's blocked list.`, evidence: [{ field: v.includes('@') ? 'author.email' : 'author.ip', match: v }] })),
    model: 'none',
    receivedAt: receivedAt.toISOString(),
    scoredAt: receivedAt.toISOString(),
  };
  await store.comments.saveVerdict(verdict, revision);
}

test('When comments are older than the retention period, then their authors’ IPs and emails become pseudonyms everywhere, and only theirs', async () => {
  const site = (await store.sites.create({ name: 'retention' }, new Date()))!.id;
  const ip = '198.51.100.77';
  const email = 'old.reader@mail.example';
  await oldComment(site, 'old-1', 31, { ip, email, name: 'Old Reader' });
  await oldComment(site, 'old-2', 45, { ip });
  await oldComment(site, 'recent', 29, { ip: '203.0.113.5', email: 'new.reader@mail.example' });
  await store.reputation.remember([{ kind: 'ip', value: ip }, { kind: 'email', value: email }], new Date(Date.now() - 40 * DAY), { site, id: 'old-1' });
  await store.reputation.remember([{ kind: 'ip', value: '203.0.113.99' }], new Date(), { site, id: 'recent' });

  const result = await sweepRetention(store, retention, new Date());
  assert.deepEqual(result, { forgotten: 2, reputation: 2 });

  const key = await store.retention.pseudonymKey();
  const old1 = (await store.comments.get(site, 'old-1'))!;
  assert.equal(old1.comment.author.ip, pseudonym(key, ip));
  assert.equal(old1.comment.author.email, pseudonym(key, email));
  assert.equal(old1.comment.author.name, 'Old Reader', 'only IP and email are personal data here');
  assert.equal((await store.comments.get(site, 'old-2'))!.comment.author.ip, old1.comment.author.ip, 'the same address, the same pseudonym');
  assert.ok(JSON.stringify(old1.verdict).includes(PSEUDONYM_PREFIX));
  const recent = (await store.comments.get(site, 'recent'))!;
  assert.equal(recent.comment.author.ip, '203.0.113.5', 'within the retention period: kept');

  const everything = JSON.stringify(await Promise.all((await keysUnder(redis, prefix)).map(async (k) => [k, await dump(k)])));
  for (const clear of [ip, email]) assert.ok(!everything.includes(clear), `${clear} is nowhere in Redis any more`);
  assert.ok(everything.includes('203.0.113.99'), 'fresh reputation entries stay');

  assert.deepEqual(await sweepRetention(store, retention, new Date()), { forgotten: 0, reputation: 0 }, 'idempotent');
});

async function dump(key: string): Promise<unknown> {
  const type = await redis.type(key);
  if (type === 'hash') return redis.hgetall(key);
  if (type === 'zset') return redis.zrange(key, '0', '-1');
  if (type === 'set') return redis.smembers(key);
  if (type === 'list') return redis.lrange(key, 0, -1);
  return (await redis.getBuffer(key))?.toString('latin1');
}

test('When a worker runs, then its sweeper pseudonymises comments past the retention period by itself', async () => {
  const site = (await store.sites.create({ name: 'retention sweeper' }, new Date()))!.id;
  await store.comments.accept(site, { id: 'swept', postId: 'p', content: 'Soon forgotten.', contentType: 'text', author: { ip: '192.0.2.44' } }, new Date(Date.now() - 31 * DAY));
  let swept: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (swept = resolve));
  const destination = new Writable({
    write(chunk: Buffer, _enc, next) {
      if (chunk.toString().includes('retention:')) swept();
      next();
    },
  });
  const service = await startService({ config: testConfig(prefix, { RETENTION_INTERVAL_MS: '100' }), logger: createLogger({ level: 'info', destination }), api: false, worker: true });
  try {
    await done;
    assert.ok((await store.comments.get(site, 'swept'))!.comment.author.ip!.startsWith(PSEUDONYM_PREFIX));
  } finally {
    await service.close();
  }
});
