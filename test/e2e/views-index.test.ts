/**
 * The comment index's page script on real Redis, where the service tests cannot reach cheaply: a common word
 * (a term set past WALK_FROM) read along the page, a word the view is sparse in (the walk gives up for the
 * intersection), and members tied on the sort value across pages. The sets are filled as the index's writer leaves them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mergePages } from '../../src/use-cases/review-list.js';
import { TOTAL_CAP, WALK_FROM, type IndexPosition } from '../../src/store/comment-index.js';
import { createStore, type Store } from '../../src/store/index.js';
import { deletePrefix, inspector, uniquePrefix } from '../helpers/env.js';

const HELD = 30_000;
const id = (i: number): string => `h${String(i).padStart(5, '0')}`;

describe('comment index pages', () => {
  const redis = inspector();
  const prefix = uniquePrefix('views-index');
  let store: Store;

  before(async () => {
    store = createStore(redis, prefix);
    const k = store.keys;
    for (let from = 0; from < HELD; from += 5000) {
      const p = redis.pipeline();
      for (let i = from; i < from + 5000; i++) {
        p.zadd(k.viewIndex('s', 'held', 'age'), i, id(i));
        if (i % 2 === 0) p.zadd(k.term('s', 'w:common'), i, id(i));
        p.zadd(k.term('s', 'w:sparse'), i, `x${i}`);
      }
      await p.exec();
    }
    await redis.zadd(k.term('s', 'w:sparse'), HELD - 10, id(HELD - 10), HELD - 5, id(HELD - 5), HELD - 1, id(HELD - 1));
    for (const t of ['a', 'b', 'c', 'd', 'e']) await redis.zadd(k.viewIndex('s', 'rejected', 'score'), 0.75, t);
    await redis.zadd(k.viewIndex('s', 'rejected', 'score'), 0.5, 'z', 0.9, 'y');
  });
  after(async () => {
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  const read = async (term: string, cursor?: IndexPosition, limit = 50) => {
    const pages = await store.index.page([{ site: 's', set: { state: 'held', by: 'age' }, terms: [term] }], 'asc', limit + 1, cursor);
    return { ...mergePages(pages, 'asc', limit), total: pages[0]!.total, capped: pages[0]!.capped };
  };

  test('When a word is in more comments than WALK_FROM, then its pages are read along the view and the count stops at TOTAL_CAP', async () => {
    assert.ok(HELD / 2 > WALK_FROM);
    const first = await read('w:common');
    assert.deepEqual(first.page.map((e) => e.id), Array.from({ length: 50 }, (_, i) => id(2 * i)));
    assert.deepEqual([first.total, first.capped], [TOTAL_CAP, true]);
    const next = await read('w:common', first.page.at(-1)!.at);
    assert.deepEqual(next.page.map((e) => e.id), Array.from({ length: 50 }, (_, i) => id(100 + 2 * i)));
  });

  test('When the view is sparse in a common word, then the walk gives up for the whole intersection, which finds the few', async () => {
    const found = await read('w:sparse');
    assert.deepEqual(found.page.map((e) => e.id), [id(HELD - 10), id(HELD - 5), id(HELD - 1)]);
    assert.deepEqual([found.total, found.capped, found.nextCursor], [3, false, null]);
    assert.equal(await redis.exists(store.keys.indexScratch('inter'), store.keys.indexScratch('range')), 0, 'scratch keys deleted');
  });

  test('When several comments tie on the sort value, then pages of two walk them all, in either order, without repeats', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const seen: string[] = [];
      let cursor: IndexPosition | undefined;
      for (let round = 0; round < 10; round++) {
        const pages = await store.index.page([{ site: 's', set: { state: 'rejected', by: 'score' } }], order, 3, cursor);
        const { page, nextCursor } = mergePages(pages, order, 2);
        seen.push(...page.map((e) => e.id));
        if (!nextCursor) break;
        cursor = page.at(-1)!.at;
      }
      const asc = ['z', 'a', 'b', 'c', 'd', 'e', 'y'];
      assert.deepEqual(seen, order === 'asc' ? asc : [...asc].reverse(), order);
    }
  });
});
