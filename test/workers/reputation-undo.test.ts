/**
 * Undo is exact for the reputation memory (issue 13), against a real Redis: each confirmation is recorded with the
 * comment that made it, and forgetting a comment takes out its own confirmations only — the memory then equals one
 * where that comment was never confirmed (compared key by key with DUMP, under the test's prefix).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createStore, type Store } from '../../src/store/index.js';
import type { Verdict } from '../../src/domain/verdict.js';
import { deletePrefix, inspector, keysUnder, uniquePrefix } from '../helpers/env.js';

const T0 = new Date('2026-11-20T10:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

let redis: Redis;
const prefixes: string[] = [];

/** A store under a fresh prefix (one per scenario, so that states can be compared key by key). */
function freshStore(name: string): { store: Store; prefix: string } {
  const prefix = uniquePrefix(`rep-undo-${name}`);
  prefixes.push(prefix);
  return { store: createStore(redis, prefix), prefix };
}

const comment = (site: string, id: string, domain: string, ip?: string) => ({
  site,
  id,
  postId: 'p',
  content: `Cheap watches at https://${domain}/shop`,
  contentType: 'text' as const,
  author: { name: `author ${id}`, ...(ip ? { ip } : {}) },
});

/** Every reputation key under a prefix (rep, rep-by, rep-of), with its DUMP, the prefix cut off. */
async function reputationState(prefix: string): Promise<Array<[string, string]>> {
  const keys = (await keysUnder(redis, prefix)).filter((k) => /^[^:]+:rep(-by|-of)?:/.test(k));
  return Promise.all(keys.map(async (k) => [k.slice(prefix.length), ((await redis.dumpBuffer(k)) ?? Buffer.alloc(0)).toString('hex')] as [string, string]));
}

before(() => {
  redis = inspector();
});
after(async () => {
  for (const p of prefixes) await deletePrefix(redis, p);
  await redis.quit();
});

describe('the reputation memory forgets exactly a comment’s own confirmations', () => {
  it('When two comments confirm the same domain, then approving one keeps the domain with the other’s time, and approving both removes it', async () => {
    const { store } = freshStore('two');
    const a = comment('s1', 'a', 'watch-deals.example');
    const b = comment('s1', 'b', 'watch-deals.example');
    await store.reputation.confirmSpam(a, at(0));
    await store.reputation.confirmSpam(b, at(5));
    assert.equal((await store.reputation.confirmedAt('domain', 'watch-deals.example'))?.getTime(), at(5).getTime());

    const forgotten = await store.reputation.forget(b);
    assert.deepEqual(forgotten, [{ kind: 'domain', value: 'watch-deals.example' }]);
    assert.equal((await store.reputation.confirmedAt('domain', 'watch-deals.example'))?.getTime(), at(0).getTime(), 'the other comment’s confirmation stands');

    await store.reputation.forget(a);
    assert.equal(await store.reputation.confirmedAt('domain', 'watch-deals.example'), undefined);
    assert.deepEqual(await store.reputation.forget(a), [], 'forgetting again changes nothing');
  });

  it('When a comment that never confirmed a value is approved, then the value stays', async () => {
    const { store } = freshStore('never');
    await store.reputation.confirmSpam(comment('s1', 'a', 'only-a.example'), at(0));
    await store.reputation.forget(comment('s1', 'b', 'only-a.example'));
    assert.equal((await store.reputation.confirmedAt('domain', 'only-a.example'))?.getTime(), at(0).getTime());
  });

  it('When one comment is rejected, approved, rejected and approved again, then the memory equals the one where only the other comments’ confirmations exist', async () => {
    const others = async (store: Store) => {
      await store.reputation.confirmSpam(comment('s1', 'o1', 'shared.example', '198.51.100.1'), at(0));
      await store.reputation.confirmSpam(comment('s2', 'o2', 'shared.example'), at(2));
      await store.reputation.remember([{ kind: 'brand', value: 'watchking' }], at(3), { site: 's1', id: 'o3' });
    };
    const control = freshStore('control');
    await others(control.store);

    const flipped = freshStore('flipped');
    await others(flipped.store);
    const x = comment('s1', 'x', 'shared.example', '198.51.100.1');
    // The worker confirmed it first (near-certain spam), through its one write.
    const verdict: Verdict = {
      id: 'x',
      site: 's1',
      status: 'scored',
      verdict: 'spam',
      discard: false,
      score: 0.999,
      reasons: [],
      model: 'test',
      receivedAt: at(1).toISOString(),
      scoredAt: at(1).toISOString(),
    };
    await flipped.store.comments.accept('s1', x, at(1));
    const rev = (await flipped.store.comments.get('s1', 'x'))!.comment.revision;
    assert.equal(
      await flipped.store.scored.record({
        verdict,
        revision: rev,
        mode: 'save',
        shadow: false,
        postId: 'p',
        campaign: [],
        remember: [
          { kind: 'domain', value: 'shared.example' },
          { kind: 'domain', value: 'only-x.example' },
        ],
        now: at(1),
      }),
      true,
    );
    await flipped.store.reputation.confirmSpam(x, at(4));
    assert.equal((await flipped.store.reputation.confirmedAt('domain', 'shared.example'))?.getTime(), at(4).getTime());
    assert.equal((await flipped.store.reputation.confirmedAt('domain', 'only-x.example'))?.getTime(), at(1).getTime());
    await flipped.store.reputation.forget(x);
    await flipped.store.reputation.confirmSpam(x, at(6));
    await flipped.store.reputation.forget(x);

    assert.equal(await flipped.store.reputation.confirmedAt('domain', 'only-x.example'), undefined, 'the worker’s confirmation is forgotten too');
    assert.equal((await flipped.store.reputation.confirmedAt('domain', 'shared.example'))?.getTime(), at(2).getTime());
    assert.equal((await flipped.store.reputation.confirmedAt('ip', '198.51.100.1'))?.getTime(), at(0).getTime());
    const state = await reputationState(control.prefix);
    assert.ok(state.length >= 6, state.map(([k]) => k).join(', '));
    assert.deepEqual(await reputationState(flipped.prefix), state);
  });

  it('When confirmations age out in the retention sweep, then the values leave the confirming comments’ records too, and a later approval does not bring them back', async () => {
    const { store, prefix } = freshStore('trim');
    await store.reputation.confirmSpam(comment('s1', 'old', 'kept.example', '192.0.2.44'), at(0));
    await store.reputation.confirmSpam(comment('s1', 'new', 'kept.example', '192.0.2.44'), at(30));
    assert.equal(await store.retention.trimReputation(['ip'], at(10).getTime()), 0, 'the address was confirmed again since');
    assert.equal(await store.retention.trimReputation(['ip'], at(40).getTime()), 1);
    const everything = JSON.stringify(await reputationState(prefix));
    assert.ok(!everything.includes(Buffer.from('192.0.2.44').toString('hex')), 'the address is in no reputation key');
    assert.ok(!(await keysUnder(redis, prefix)).some((k) => k.includes('192.0.2.44')));
    await store.reputation.forget(comment('s1', 'new', 'kept.example'));
    assert.equal(await store.reputation.confirmedAt('ip', '192.0.2.44'), undefined);
    assert.equal((await store.reputation.confirmedAt('domain', 'kept.example'))?.getTime(), at(0).getTime());
  });
});

describe('the reputation memory keeps the site a confirmation came from', () => {
  it('When site s1 confirmed spam with a domain, then a comment on s1 reads the hit as its own and one on s2 as another site’s; once s1’s confirmation is forgotten only s2’s own counts', async () => {
    const { store } = freshStore('sites');
    const fk = (author: string) => ({ windows: [], simhash: undefined, author, ip: '', post: 'p', reputation: [{ kind: 'domain' as const, value: 'rep-sites.example' }] });
    await store.reputation.confirmSpam(comment('s1', 'a', 'rep-sites.example'), at(0));
    const onS1 = await store.flood.record('s1', 'n1', fk('x'), at(1));
    const onS2 = await store.flood.record('s2', 'n2', fk('y'), at(1));
    assert.deepEqual(onS1.reputation.map((r) => [r.value, r.here]), [['rep-sites.example', true]]);
    assert.deepEqual(onS2.reputation.map((r) => [r.value, r.here]), [['rep-sites.example', false]]);

    await store.reputation.confirmSpam(comment('s2', 'b', 'rep-sites.example'), at(2));
    await store.reputation.forget(comment('s1', 'a', 'rep-sites.example'));
    assert.deepEqual((await store.flood.record('s1', 'n3', fk('z'), at(3))).reputation.map((r) => r.here), [false]);
    assert.deepEqual((await store.flood.record('s2', 'n4', fk('w'), at(3))).reputation.map((r) => r.here), [true]);
  });
});
