/**
 * The campaign memory's store against a real Redis: exact undo (a decision taken back leaves the memory byte for byte
 * as if it had never been made), near-duplicate text across SimHash bands, and the bounds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { simhash } from '../../src/scoring/campaign.js';
import type { Fingerprint } from '../../src/scoring/fingerprints.js';
import { keys } from '../../src/store/keys.js';
import { DEFAULT_MEMORY_OPTIONS, MemoryStore, SHARED_MEMORY } from '../../src/store/memory.js';
import { deletePrefix, inspector, keysUnder, uniquePrefix } from '../helpers/env.js';

const T0 = Date.parse('2026-11-20T12:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const TEXT = 'gabung sekarang juga di situs kami bonus besar setiap hari tanpa potongan'.split(' ');
const campaign: Fingerprint[] = [
  { kind: 'text', value: simhash(TEXT) },
  { kind: 'brand', value: 'gacor77' },
  { kind: 'contact', value: 'tel:234567890' },
];

/** Every key under the prefix with its content (sorted-set members with their scores, strings), prefix taken out. */
async function snapshot(redis: Redis, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const strip = (s: string) => s.split(prefix).join('<prefix>');
  for (const key of (await keysUnder(redis, prefix)).sort()) {
    const type = await redis.type(key);
    const value = type === 'zset' ? JSON.stringify(await redis.zrange(key, '0', '-1', 'WITHSCORES')) : String(await redis.get(key));
    out.set(strip(key), strip(value));
  }
  return out;
}

describe('memory store', () => {
  let redis: Redis;
  const prefixes: string[] = [];
  const fresh = (name: string, options = DEFAULT_MEMORY_OPTIONS) => {
    const prefix = uniquePrefix(name);
    prefixes.push(prefix);
    return { prefix, memory: new MemoryStore(redis, keys(prefix), options) };
  };
  before(() => {
    redis = inspector();
  });
  after(async () => {
    for (const p of prefixes) await deletePrefix(redis, p);
    await redis.quit();
  });

  test('When a comment is approved, rejected and approved again, then the memory equals the one where it was only approved', async () => {
    const run = async (name: string, history: Array<'rejected' | 'approved'>) => {
      const { prefix, memory } = fresh(name);
      await memory.apply({ site: 's', id: 'other' }, 'rejected', campaign, ['s'], at(0));
      for (const [i, state] of history.entries()) await memory.apply({ site: 's', id: 'c1' }, state, campaign, ['s'], at(10 - history.length + i + 1));
      return snapshot(redis, prefix);
    };
    const flipped = await run('mem-flip', ['approved', 'rejected', 'approved']);
    const once = await run('mem-once', ['approved']);
    assert.deepEqual(flipped, once);
  });

  test('When a rejection is taken back with no decision left, then only the other comments’ entries remain', async () => {
    const { prefix, memory } = fresh('mem-none');
    await memory.apply({ site: 's', id: 'c1' }, 'rejected', campaign, ['s', SHARED_MEMORY], at(1));
    await memory.apply({ site: 's', id: 'c1' }, 'none', [], ['s', SHARED_MEMORY], at(2));
    const left = (await keysUnder(redis, prefix)).filter((k) => !k.endsWith(':index'));
    assert.deepEqual(left, []);
  });

  test('When a near-duplicate of a rejected text comes, then it is recalled; a different text is not', async () => {
    const { memory } = fresh('mem-text');
    for (let n = 0; n < 3; n++) await memory.apply({ site: 's', id: `c${n}` }, 'rejected', [{ kind: 'text', value: simhash(TEXT) }], ['s'], at(n));
    const near = simhash([...TEXT.slice(0, -1), 'potongan!']);
    const hits = await memory.recall({ site: 's', id: 'new' }, [{ kind: 'text', value: simhash([...TEXT.slice(1), 'lagi']) }], ['s'], TEXT.length, at(5));
    assert.equal(hits[0]?.rejected, 3, `near ${near}`);
    assert.deepEqual(hits[0]?.examples.map((e) => e.id), ['c2', 'c1', 'c0']);
    const other = await memory.recall({ site: 's', id: 'new' }, [{ kind: 'text', value: simhash('the council voted twice on the budget this week and then adjourned'.split(' ')) }], ['s'], 12, at(5));
    assert.deepEqual(other, []);
  });

  test('When decisions are older than the memory keeps them, then they are not recalled', async () => {
    const { memory } = fresh('mem-expiry', { ...DEFAULT_MEMORY_OPTIONS, keepMs: 60_000 });
    await memory.apply({ site: 's', id: 'c1' }, 'rejected', campaign, ['s'], at(0));
    assert.equal((await memory.recall({ site: 's', id: 'n' }, campaign, ['s'], 12, at(0.5))).length, 3);
    assert.deepEqual(await memory.recall({ site: 's', id: 'n' }, campaign, ['s'], 12, at(2)), []);
  });

  test('When a site remembers more decisions than allowed, then its oldest are forgotten whole, and each set keeps its newest members', async () => {
    const { prefix, memory } = fresh('mem-bounds', { ...DEFAULT_MEMORY_OPTIONS, maxDecisions: 10, perFingerprint: 3 });
    for (let n = 0; n < 20; n++) await memory.apply({ site: 's', id: `c${n}` }, 'rejected', [{ kind: 'brand', value: `brand${n}x1` }, { kind: 'brand', value: 'shared99' }], ['s'], at(n));
    const sets = (await keysUnder(redis, prefix)).filter((k) => k.includes(':r:brand:brand'));
    assert.deepEqual(sets.map((k) => k.slice(k.lastIndexOf(':') + 1)).sort(), Array.from({ length: 10 }, (_, n) => `brand${n + 10}x1`).sort());
    assert.equal((await keysUnder(redis, prefix)).filter((k) => k.includes(':of:')).length, 10);
    assert.deepEqual(await redis.zrange(`${prefix}:mem:{s}:r:brand:shared99`, '0', '-1'), ['s\nc17', 's\nc18', 's\nc19']);
  });
});
