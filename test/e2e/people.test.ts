/**
 * Data rights end to end (docs/DATA-RIGHTS.md): real service, Redis, BullMQ workers and a CMS receiver. One person's
 * comments go through the real pipeline (held, rejected and approved by a moderator — so the corpus, the reputation
 * and campaign memories, the stats, the callbacks and the training queue all hold them — in one flood window), then
 * DELETE /v1/people erases them, and every key under the test's prefix is read by type (SCAN, then HGETALL, ZRANGE,
 * SMEMBERS, LRANGE, XRANGE or GET) and searched for the person's e-mail, address, name, author id and comment ids,
 * key names included. Another person's data must come out of it exactly as it went in.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { Queue } from 'bullmq';
import { bullPrefix, QUEUE_NAMES, type TrainingJob } from '../../src/queue/queues.js';
import { runCli } from '../helpers/cli.js';
import { keysUnder } from '../helpers/env.js';
import { as, casinoCopy, configureSite, HOLD_ALL, jobsOf, MODERATION_ENV, submitHeld } from '../helpers/moderation.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { startTestService, type TestService } from '../helpers/service.js';

const ADA = { name: 'Ada Quill', email: 'Ada.Quill@mail.example', ip: '203.0.113.77', id: 'cms-user-77' };
/** What must not be found anywhere after the erasure (lower case; the search is case-blind). */
const TRACES = ['ada quill', 'ada.quill@mail.example', '203.0.113.', 'cms-user-77', 'erase-me-'];

const adaComment = (n: number) => ({
  id: `erase-me-${n}`,
  postId: 'post-1',
  content: 'Thanks for the info, I found more at https://woori-casino.xyz today',
  author: ADA,
});

/** Every key under the prefix with its content read by type, as one searchable text per key. */
async function dump(redis: Redis, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of await keysUnder(redis, prefix)) {
    const type = await redis.type(key);
    let value: unknown;
    if (type === 'hash') value = Object.entries(await redis.hgetallBuffer(key)).map(([f, v]) => [f, v.toString('latin1')]);
    else if (type === 'zset') value = await redis.zrange(key, '0', '-1', 'WITHSCORES');
    else if (type === 'set') value = await redis.smembers(key);
    else if (type === 'list') value = await redis.lrange(key, 0, -1);
    else if (type === 'stream') value = await redis.xrange(key, '-', '+');
    else if (type === 'string') value = (await redis.getBuffer(key))?.toString('latin1');
    else value = `<${type}>`;
    out.set(key, `${key}\n${JSON.stringify(value)}`);
  }
  return out;
}

/** The keys whose name or content holds one of the traces, with the traces found. */
function tracesIn(keys: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [key, text] of keys) {
    const lower = text.toLowerCase();
    const hits = TRACES.filter((t) => lower.includes(t));
    if (hits.length) found.push(`${key}: ${hits.join(', ')}\n  ${text.slice(0, 400)}`);
  }
  return found;
}

describe('data rights: erase and export one person', () => {
  let t: TestService;
  let cms: Receiver;
  let op: ReturnType<typeof as>;
  let mod: ReturnType<typeof as>;
  before(async () => {
    t = await startTestService('people', { env: MODERATION_ENV });
    cms = await startReceiver();
    await configureSite(t, { callbackUrl: cms.url, thresholds: HOLD_ALL });
    op = as(t, t.operatorToken);
    mod = as(t, t.moderatorToken);
  });
  after(async () => {
    await t.stop();
    await cms.close();
  });

  const erase = (body: object) => request(t.url).delete('/v1/people').set('Authorization', `Bearer ${t.operatorToken}`).send(body);
  const decide = (id: string, verdict: 'ham' | 'spam') => mod.post(`/v1/comments/${id}/decision`, { site: t.site, verdict }).expect(200);
  /** Waits until the training and delivery queues hold no job still to run. */
  const settle = async () => {
    for (let i = 0; i < 200; i++) {
      const busy = await Promise.all(
        (['training', 'deliveries'] as const).map(async (q) => {
          const queue = new Queue(QUEUE_NAMES[q], { connection: t.redis, prefix: bullPrefix(t.config.redisPrefix) });
          try {
            const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
            return Object.values(c).reduce((a, b) => a + b, 0);
          } finally {
            await queue.close();
          }
        }),
      );
      if (busy.every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail('the queues did not settle');
  };

  test('Given a person whose comments were held, rejected, approved and counted in a flood window, when an operator erases them by e-mail, then no key holds their e-mail, address, name, author id or comment ids, and another person is untouched', async () => {
    for (const n of [1, 2, 3]) await submitHeld(t, adaComment(n));
    for (const n of [1, 2]) await submitHeld(t, casinoCopy(n));
    await decide('erase-me-1', 'spam');
    await decide('erase-me-2', 'ham');
    await decide('casino-1', 'spam');
    await settle();

    const before = await dump(t.redis, t.config.redisPrefix);
    assert.ok(tracesIn(before).length > 10, 'the person is stored in many places before the erasure');
    assert.ok([...before.keys()].some((k) => k.includes(':flood:') && before.get(k)!.includes('erase-me-')), 'a flood window holds the person');
    assert.ok([...before.keys()].some((k) => k.includes(':rep-by:') && before.get(k)!.includes('erase-me-1')), 'the reputation holds a confirmation of theirs');
    assert.ok([...before.keys()].some((k) => k.includes(':mem:') && before.get(k)!.includes('erase-me-1')), 'the campaign memory holds their rejection');
    const other = (await op.get(`/v1/people/export?site=${t.site}&email=${encodeURIComponent('lee1@mail.example')}`).expect(200)).body as { comments: unknown[] };
    assert.equal(other.comments.length, 1);
    const countsBefore = await t.store.corpus.counts(t.site);

    const exported = (await op.get(`/v1/people/export?site=${t.site}&email=${encodeURIComponent(ADA.email)}`).expect(200)).body as {
      comments: Array<{ id: string; decisions: unknown[]; trainingExample?: { label: string }; reputation: unknown[]; verdict?: unknown }>;
    };
    assert.deepEqual(exported.comments.map((c) => c.id), ['erase-me-1', 'erase-me-2', 'erase-me-3']);
    assert.equal(exported.comments[0]!.decisions.length, 1);
    assert.equal(exported.comments[0]!.trainingExample?.label, 'spam');
    assert.ok(exported.comments[0]!.reputation.length > 0);
    assert.ok(exported.comments.every((c) => c.verdict));

    const res = await erase({ site: t.site, email: ADA.email.toLowerCase() }).expect(200);
    const { erased, sites } = res.body as { sites: string[]; erased: Record<string, number> };
    assert.deepEqual(sites, [t.site]);
    assert.equal(erased['comments'], 3);
    assert.equal(erased['decisions'], 2);
    assert.equal(erased['trainingExamples'], 2);
    assert.equal(erased['memoryRecords'], 2);
    assert.ok(erased['reputationConfirmations']! >= 2, `reputation: ${erased['reputationConfirmations']}`);
    assert.ok(erased['floodMembers']! > 0, 'flood members');
    assert.ok(erased['indexEntries']! > 0);
    assert.ok(erased['jobs']! > 0, 'the callbacks and learn jobs carrying the comments');
    assert.ok(erased['readerEntries']! >= 3);
    // The site model forgets the two labels through the training queue; the erasure's jobs leave nothing behind.
    await settle();
    assert.deepEqual(
      (await jobsOf<TrainingJob>(t, 'training')).filter((j) => j.kind === 'learn' && j.id.startsWith('erase-me-')),
      [],
    );
    const countsAfter = await t.store.corpus.counts(t.site);
    assert.equal(countsAfter.spam, countsBefore.spam - 1);
    assert.equal(countsAfter.ham, countsBefore.ham - 1);

    const left = tracesIn(await dump(t.redis, t.config.redisPrefix));
    assert.deepEqual(left, [], `traces left:\n${left.join('\n')}`);

    // The other person, and the numbers, stand.
    const otherAfter = (await op.get(`/v1/people/export?site=${t.site}&email=${encodeURIComponent('lee1@mail.example')}`).expect(200)).body as { comments: unknown[] };
    assert.deepEqual(otherAfter.comments, other.comments);
    assert.ok((await t.store.reputation.confirmedAt('domain', 'woori-casino.xyz')) !== undefined, 'casino-1 still confirms the domain');
    const stats = (await op.get(`/v1/stats?site=${t.site}&days=1`).expect(200)).body as { days: Array<{ received: number }> };
    assert.equal(stats.days.at(-1)?.received, 5, 'the day counters keep the erased comments as numbers');

    // Audited, the selector hashed.
    const audit = await t.store.sites.audit(t.site);
    const entry = audit.find((a) => 'person.erased' in a.changes)!;
    assert.equal(entry.by, 'op');
    const from = entry.changes['person.erased']!.from as { kind: string; hash: string };
    assert.equal(from.kind, 'email');
    assert.match(from.hash, /^[0-9a-f]{32}$/);
    assert.equal((entry.changes['person.erased']!.to as { comments: number }).comments, 3);

    // Idempotent: a second request finds nothing more.
    const again = (await erase({ site: t.site, email: ADA.email }).expect(200)).body as { erased: Record<string, number> };
    assert.ok(Object.values(again.erased).every((n) => n === 0), JSON.stringify(again.erased));
    const empty = (await op.get(`/v1/people/export?site=${t.site}&email=${encodeURIComponent(ADA.email)}`).expect(200)).body as { comments: unknown[] };
    assert.deepEqual(empty.comments, []);
  });

  test('When a person is named by author id, IP, name or one comment, then exactly their comments go, on every site with everywhere', async () => {
    const bea = { name: 'Bea Stone', ip: '192.0.2.45', id: 'cms-user-45' };
    const other = await t.store.sites.create({ name: 'people second news' }, new Date());
    assert.ok(other);
    await submitHeld(t, { id: 'bea-1', postId: 'post-2', content: 'Thanks for the info, I found more at https://woori-casino.xyz today', author: bea });
    await submitHeld(t, { id: 'bea-2', postId: 'post-2', content: 'Thanks for the info, I found more at https://woori-casino.xyz today', author: { ...bea, id: undefined } });
    await submitHeld(t, { id: 'bea-3', postId: 'post-2', content: 'Thanks for the info, I found more at https://woori-casino.xyz today', author: { name: 'Bea Stone' } });
    await submitHeld(t, { id: 'bea-4', postId: 'post-2', content: 'Thanks for the info, I found more at https://woori-casino.xyz today', author: { name: 'Cy' } });
    const gone = async (body: object) => ((await erase(body).expect(200)).body as { erased: { comments: number } }).erased.comments;
    assert.equal(await gone({ everywhere: true, authorId: 'cms-user-45' }), 1);
    assert.equal(await t.store.comments.get(t.site, 'bea-1'), undefined);
    assert.equal(await gone({ site: t.site, ip: '192.0.2.45' }), 1);
    assert.equal(await gone({ site: t.site, name: 'bea  STONE' }), 1);
    assert.equal(await gone({ site: t.site, comment: 'bea-4' }), 1);
    assert.equal(await gone({ site: t.site, comment: 'bea-4' }), 0);
    for (const id of ['bea-1', 'bea-2', 'bea-3', 'bea-4']) assert.equal(await t.store.comments.get(t.site, id), undefined);
    assert.ok(await t.store.comments.get(t.site, 'casino-1'));
  });

  test('When the request is not an operator’s, names no one or two selectors, or an unknown site, then it is refused and nothing is erased', async () => {
    await request(t.url).delete('/v1/people').set('Authorization', `Bearer ${t.moderatorToken}`).send({ site: t.site, comment: 'casino-1' }).expect(403);
    await request(t.url).get(`/v1/people/export?site=${t.site}&comment=casino-1`).set('Authorization', `Bearer ${t.moderatorToken}`).expect(403);
    const bad = await erase({ site: t.site, email: 'a@b.example', ip: '192.0.2.1' }).expect(400);
    assert.equal(bad.body.error.code, 'validation_failed');
    await erase({ site: t.site }).expect(400);
    await erase({ email: 'a@b.example' }).expect(400);
    await erase({ site: t.site, everywhere: true, email: 'a@b.example' }).expect(400);
    await erase({ site: 'no-such-site', email: 'a@b.example' }).expect(404);
    assert.ok(await t.store.comments.get(t.site, 'casino-1'));
  });

  test('When an operator runs sluice export then sluice erase, then the CLI prints the same JSON as the API and erases', async () => {
    await submitHeld(t, { ...casinoCopy(7), id: 'cli-1', author: { name: 'Dee Cli', email: 'dee@mail.example' } });
    const env = { REDIS_URL: t.config.redisUrl, REDIS_PREFIX: t.config.redisPrefix, EMBEDDED_REDIS: 'never' };
    const exported = await runCli(['export', '--site', t.site, '--email', 'dee@mail.example'], env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.deepEqual((JSON.parse(exported.stdout) as { comments: Array<{ id: string }> }).comments.map((c) => c.id), ['cli-1']);
    const usage = await runCli(['erase', '--site', t.site], env);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /exactly one of email, ip, name, authorId, comment/);
    const erased = await runCli(['erase', '--site', t.site, '--email', 'dee@mail.example'], env);
    assert.equal(erased.code, 0, erased.stderr);
    assert.equal((JSON.parse(erased.stdout) as { erased: { comments: number } }).erased.comments, 1);
    assert.equal(await t.store.comments.get(t.site, 'cli-1'), undefined);
    assert.equal((await t.store.sites.audit(t.site)).find((a) => 'person.erased' in a.changes)?.by, 'cli');
  });
});
