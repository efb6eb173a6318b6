import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CountModel, groupOf, type TokenCounts } from '../../src/classifier/model.js';

const SPAM = [
  ['w:check', 'w:out', 'w:my', 'w:channel', 'p:check 1 out'],
  ['w:subscribe', 'w:my', 'w:channel', 'd:spam.xyz', 'd:.xyz'],
  ['w:free', 'w:money', 'w:click', 'd:spam.xyz'],
];
const HAM = [
  ['w:love', 'w:this', 'w:song'],
  ['w:great', 'w:song', 'w:this', 'w:is'],
  ['w:best', 'w:video', 'w:ever', 'w:love'],
];

function trained(minPerClass = 1): CountModel {
  const m = new CountModel({ minPerClass });
  for (let i = 0; i < 5; i++) {
    for (const f of SPAM) m.learn(f, 'spam');
    for (const f of HAM) m.learn(f, 'ham');
  }
  return m;
}

function snapshot(m: CountModel): { docs: object; tokens: Array<Omit<TokenCounts, 'lastSeen'>> } {
  const tokens = [...m.entries()].map(({ token, spam, ham }) => ({ token, spam, ham }));
  tokens.sort((a, b) => (a.token < b.token ? -1 : 1));
  return { docs: m.documents, tokens };
}

describe('CountModel', () => {
  it('When a document is learned and then unlearned, then every count is exactly as before', () => {
    const m = trained();
    const before = snapshot(m);
    const doc = ['w:check', 'w:brand-new', 'w:brand-new', 'p:check 1 brand-new', 'w:song'];
    m.learn(doc, 'spam');
    assert.notDeepEqual(snapshot(m), before);
    m.unlearn(doc, 'spam');
    assert.deepEqual(snapshot(m), before);
    assert.equal(m.counts('w:brand-new').spam, 0);
  });

  it('When a whole corpus is unlearned, then the model is empty', () => {
    const m = trained();
    for (let i = 0; i < 5; i++) {
      for (const f of SPAM) m.unlearn(f, 'spam');
      for (const f of HAM) m.unlearn(f, 'ham');
    }
    assert.equal(m.size, 0);
    assert.deepEqual(m.documents, { spam: 0, ham: 0 });
  });

  it('When a feature repeats inside one document, then it counts once', () => {
    const m = new CountModel();
    m.learn(['w:buy', 'w:buy', 'w:buy'], 'spam');
    assert.equal(m.counts('w:buy').spam, 1);
  });

  it('When fewer than minPerClass documents of a class are learned, then scoring abstains at 0.5', () => {
    const m = new CountModel({ minPerClass: 3 });
    m.learn(SPAM[0]!, 'spam');
    m.learn(SPAM[1]!, 'spam');
    m.learn(SPAM[2]!, 'spam');
    m.learn(HAM[0]!, 'ham');
    m.learn(HAM[1]!, 'ham');
    const r = m.score(SPAM[0]!);
    assert.equal(r.abstained, true);
    assert.equal(r.probability, 0.5);
    m.learn(HAM[2]!, 'ham');
    assert.equal(m.score(SPAM[0]!).abstained, false);
  });

  for (const combiner of ['fisher', 'nb'] as const) {
    it(`When scoring with ${combiner}, then spam-like features score high, ham-like low, with tokens explained`, () => {
      const m = new CountModel({ minPerClass: 1, combiner });
      for (let i = 0; i < 5; i++) {
        for (const f of SPAM) m.learn(f, 'spam');
        for (const f of HAM) m.learn(f, 'ham');
      }
      const spam = m.score(['w:subscribe', 'w:my', 'w:channel', 'w:unknown']);
      const ham = m.score(['w:love', 'w:this', 'w:song']);
      assert.ok(spam.probability > 0.9, `spam ${spam.probability}`);
      assert.ok(ham.probability < 0.1, `ham ${ham.probability}`);
      assert.ok(spam.tokensFor.some((t) => t.token === 'w:subscribe'));
      assert.ok(spam.tokensFor.every((t) => t.p > 0.5));
      assert.ok(ham.tokensAgainst.every((t) => t.p < 0.5));
      assert.ok(spam.tokensFor.length <= 5 && ham.tokensAgainst.length <= 5);
      assert.equal(m.score(['w:never-seen']).probability, 0.5);
    });
  }

  it('When a site model is too young, then the prior (global) model scores in its place', () => {
    const global = trained();
    const site = new CountModel({ minPerClass: 10 });
    site.learn(['w:love'], 'spam');
    const r = site.score(['w:subscribe', 'w:channel'], { prior: global });
    assert.equal(r.abstained, false);
    assert.equal(r.probability, global.score(['w:subscribe', 'w:channel']).probability);
  });

  it('When a site model disagrees with the prior on a token, then its own counts win as they grow', () => {
    const global = trained();
    // On this site "song" is spam (say, a lyrics-spam campaign).
    const site = new CountModel({ minPerClass: 1 });
    site.learn(['w:other'], 'ham');
    const few = new CountModel({ minPerClass: 1 });
    few.learn(['w:other'], 'ham');
    for (let i = 0; i < 2; i++) few.learn(['w:song'], 'spam');
    for (let i = 0; i < 200; i++) site.learn(['w:song'], 'spam');
    const pFew = few.score(['w:song'], { prior: global }).probability;
    const pMany = site.score(['w:song'], { prior: global }).probability;
    assert.ok(global.score(['w:song']).probability < 0.5);
    assert.ok(pMany > pFew, `${pMany} > ${pFew}`);
    assert.ok(pMany > 0.5);
  });

  it('When pruned, then rare old tokens go, recent ones stay, and at most maxTokens remain', () => {
    const m = new CountModel({ minPerClass: 1 });
    for (let i = 0; i < 50; i++) m.learn([`w:old${i}`, 'w:common'], 'spam');
    for (let i = 0; i < 5; i++) m.learn([`w:new${i}`, 'w:common'], 'ham');
    m.prune({ minCount: 2, graceDocs: 5 });
    assert.equal(m.counts('w:old0').spam, 0);
    assert.equal(m.counts('w:new0').ham, 1);
    assert.equal(m.counts('w:common').spam, 50);
    m.prune({ minCount: 1, maxTokens: 3 });
    assert.equal(m.size, 3);
    assert.equal(m.counts('w:common').spam, 50);
  });

  it('When two tokens share hash lane A (the only lane in the table), then they keep separate counts through learn, score, unlearn and prune', () => {
    // Found by a birthday search: the same lane A, different lane B (hash.ts); the table's buckets compare lane A only.
    const [x, y] = ['w:t50098', 'w:t10805800'];
    const m = new CountModel({ minPerClass: 1 });
    for (let i = 0; i < 3; i++) m.learn([x, 'w:spam'], 'spam');
    m.learn([y, 'w:ham'], 'ham');
    assert.deepEqual([m.counts(x), m.counts(y)], [{ spam: 3, ham: 0 }, { spam: 0, ham: 1 }]);
    const r = m.score([x, y]);
    assert.deepEqual([r.tokensFor.map((t) => t.token), r.tokensAgainst.map((t) => t.token)], [[x], [y]]);
    m.unlearn([x, 'w:spam'], 'spam');
    assert.deepEqual([m.counts(x), m.counts(y)], [{ spam: 2, ham: 0 }, { spam: 0, ham: 1 }]);
    m.prune({ minCount: 2, graceDocs: 0 });
    assert.deepEqual([m.counts(x), m.counts(y)], [{ spam: 2, ham: 0 }, { spam: 0, ham: 0 }]);
    m.learn([y], 'ham');
    assert.deepEqual([m.counts(x), m.counts(y)], [{ spam: 2, ham: 0 }, { spam: 0, ham: 1 }]);
  });

  it('When learning far more distinct tokens than maxTokens, then the table stays within 1.5 × maxTokens', () => {
    const m = new CountModel({ maxTokens: 1000 });
    for (let i = 0; i < 5000; i++) m.learn([`w:t${i}`, `w:u${i}`, 'w:the'], i % 2 ? 'spam' : 'ham');
    assert.ok(m.size <= 1500, `size ${m.size}`);
    assert.equal(m.counts('w:the').spam + m.counts('w:the').ham, 5000);
  });
});

describe('token shares within writing systems', () => {
  it('When long Russian spam and short Russian chat dominate the training mix, then an English word seen alike in English spam and ham stays neutral', () => {
    const m = new CountModel({ minPerClass: 1 });
    for (let i = 0; i < 50; i++) {
      m.learn(['w:работа', 'w:удаленно', 'w:доход', 'w:пиши', 'w:личку', 'w:оплата', 'w:сразу', `w:слово${i}`], 'spam');
      m.learn(['w:привет'], 'ham');
    }
    for (let i = 0; i < 10; i++) {
      m.learn(['w:thanks', 'w:prize'], 'spam');
      m.learn(['w:thanks', 'w:lunch'], 'ham');
    }
    // Over all tokens, Russian spam's mass would make "thanks" look hammy (10/460 spam share vs 10/70 ham share).
    const r = m.score(['w:thanks']);
    assert.ok(Math.abs(r.probability - 0.5) < 0.01, String(r.probability));
    assert.ok(m.score(['w:prize']).probability > 0.9);
  });

  it('When a text is in a script the model never learned, then it is neutral (0.5), not ham', () => {
    const m = trained();
    assert.equal(m.score(['w:카지노', 'w:사이트', 'p:카지노 1 사이트']).probability, 0.5);
  });

  it('When tokens are grouped, then the group follows the first letter of the token, and link domains have their own', () => {
    assert.deepEqual(
      ['w:casino', 'w:казино', 'p:카지노 1 x', 'w:赌场', 'w:カジノ', 'a:κ', 'w:كازينو', 'w:คาสิโน', 'w:कैसीनो', 'w:123', 'w:🔥', 'd:x.com', 'u:.xyz'].map(groupOf),
      [0, 1, 3, 4, 5, 2, 6, 7, 8, 10, 10, 11, 11],
    );
  });
});
