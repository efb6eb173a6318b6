/**
 * A site model with enough spam but too little ham (moderators who only reject) scores on top of the global prior,
 * reading the prior's ham rates for its thin class: its own campaign tokens count, everyday words stay neutral.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CountModel } from '../../src/classifier/model.js';

/** A global model that knows ordinary ham words and some generic spam. */
function globalModel(): CountModel {
  const m = new CountModel({ minPerClass: 1 });
  for (let i = 0; i < 10; i++) {
    m.learn(['w:great', 'w:article', 'w:this', 'w:council'], 'ham');
    m.learn(['w:this', 'w:is', 'w:true', 'w:agree'], 'ham');
    m.learn(['w:free', 'w:money', 'w:click', 'w:this'], 'spam');
  }
  return m;
}

/** A site whose moderators rejected `n` comments of one campaign (brand token plus an everyday word). */
function oneClassSite(n: number, minPerClass = 20): CountModel {
  const site = new CountModel({ minPerClass });
  for (let i = 0; i < n; i++) site.learn(['w:gacor77', 'w:daftar', 'w:this'], 'spam');
  return site;
}

describe('site evidence over the prior', () => {
  it('When a site has enough spam but no ham, then its own campaign token reads as spam where the prior knew nothing', () => {
    const global = globalModel();
    const site = oneClassSite(25);
    assert.equal(site.ready, false);
    assert.equal(site.spamReady, true);
    const prior = global.score(['w:gacor77', 'w:daftar']);
    assert.equal(prior.probability, 0.5, 'the global model has never seen the campaign');
    const r = site.score(['w:gacor77', 'w:daftar'], { prior: global });
    assert.equal(r.abstained, false);
    assert.ok(r.probability > 0.75, `campaign ${r.probability}`);
    assert.ok(r.tokensFor.some((t) => t.token === 'w:gacor77'));
  });

  it('When a one-class site scores a reader, then words the global ham uses stay neutral or hammy and the verdict follows the prior', () => {
    const global = globalModel();
    const site = oneClassSite(25);
    const reader = ['w:great', 'w:article', 'w:this', 'w:agree'];
    const alone = global.score(reader).probability;
    const withSite = site.score(reader, { prior: global }).probability;
    assert.ok(alone < 0.5 && withSite < 0.5, `global ${alone}, site ${withSite}`);
    // "this" is in every rejected comment of the site, but the global ham uses it as much: no spam evidence.
    const everyday = site.score(['w:this'], { prior: global }).probability;
    assert.ok(everyday < 0.6, `"this" ${everyday}`);
  });

  it('When the thin class has a few documents of its own, then they count next to the prior', () => {
    const global = globalModel();
    const none = oneClassSite(25);
    const some = oneClassSite(25);
    // The site's readers say "daftar" (Indonesian "list") too: a few approvals make it less of a campaign word.
    for (let i = 0; i < 10; i++) some.learn(['w:daftar', 'w:acara'], 'ham');
    assert.equal(some.spamReady, true);
    const pNone = none.score(['w:daftar'], { prior: global }).probability;
    const pSome = some.score(['w:daftar'], { prior: global }).probability;
    assert.ok(pSome < pNone, `${pSome} < ${pNone}`);
  });

  it('When a site has too little spam, or only ham, or no prior, then it does not score on its own', () => {
    const global = globalModel();
    const young = oneClassSite(5);
    assert.equal(young.spamReady, false);
    assert.equal(young.score(['w:gacor77'], { prior: global }).probability, global.score(['w:gacor77']).probability);
    const hamOnly = new CountModel({ minPerClass: 20 });
    for (let i = 0; i < 25; i++) hamOnly.learn(['w:great', 'w:gacor77'], 'ham');
    assert.equal(hamOnly.spamReady, false);
    assert.equal(hamOnly.score(['w:gacor77'], { prior: global }).probability, global.score(['w:gacor77']).probability);
    const alone = oneClassSite(25).score(['w:gacor77']);
    assert.equal(alone.abstained, true);
  });

  it('When the site becomes two-class, then it scores as before (the usual prior smoothing), and the campaign stays spam', () => {
    const global = globalModel();
    const site = oneClassSite(25);
    const thin = site.score(['w:gacor77'], { prior: global }).probability;
    for (let i = 0; i < 25; i++) site.learn(['w:great', 'w:this', 'w:acara'], 'ham');
    assert.equal(site.ready, true);
    const both = site.score(['w:gacor77'], { prior: global }).probability;
    assert.ok(both >= thin, `${both} >= ${thin}`);
    assert.ok(site.score(['w:great', 'w:acara'], { prior: global }).probability < 0.5);
  });

  it('When a two-class site saw a token far more often than the prior did, then its counts outweigh the prior', () => {
    const global = globalModel();
    global.learn(['w:promo', 'w:great'], 'ham');
    global.learn(['w:promo', 'w:article'], 'ham');
    const site = new CountModel({ minPerClass: 20 });
    for (let i = 0; i < 25; i++) site.learn(['w:promo', 'w:daftar'], 'spam');
    for (let i = 0; i < 25; i++) site.learn(['w:great', 'w:acara'], 'ham');
    assert.ok(global.score(['w:promo']).probability < 0.5, 'the prior calls it ham, on two comments');
    const p = site.score(['w:promo'], { prior: global }).probability;
    assert.ok(p > 0.9, `the site's 25 rejections win: ${p}`);
  });
});
