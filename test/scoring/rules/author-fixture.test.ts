/**
 * The author rules on test/fixtures/author-names.json: over 200 readers' names of many cultures must pass untouched,
 * readers with their own websites too (but for the listed exceptions), and SEO and advert names must fire the rules
 * they are listed with.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromRoot } from '../../../src/platform/paths.js';
import type { EvasionFinding } from '../../../src/scoring/context.js';
import { codes, score, scoreWithEvasion } from './author-helpers.js';

interface Fixture {
  readonly readers: readonly string[];
  readonly readersWithSites: ReadonlyArray<{ name: string; url?: string; content?: string }>;
  readonly allowed: ReadonlyArray<{ name: string; url?: string; rule: string; why: string }>;
  readonly adverts: ReadonlyArray<{ name: string; url?: string; content?: string; evasion?: boolean; expect: readonly string[] }>;
}

const fixture = JSON.parse(readFileSync(fromRoot('test', 'fixtures', 'author-names.json'), 'utf8')) as Fixture;
/** The rules this work owns (author.decorated and author.disposable-email are not judged here). */
const AUTHOR_RULES = ['author.commercial', 'author.seo-phrase', 'author.url-name', 'author.matches-url', 'author.brand', 'author.contact'];
const READER_TEXT = 'I read the whole article and I think the council is right about the bus lanes.';

const fired = (c: Record<string, unknown>): string[] => codes(score(c)).filter((x) => AUTHOR_RULES.includes(x));

test('When the fixture is read, then it holds at least 200 distinct readers and 40 adverts', () => {
  assert.ok(new Set(fixture.readers).size >= 200, `${fixture.readers.length} readers`);
  assert.ok(fixture.adverts.length >= 40);
});

test('When any of the 200+ readers comments, then no author rule fires on the name', () => {
  const wrong = fixture.readers.map((name) => ({ name, fired: fired({ content: READER_TEXT, author: { name } }) })).filter((r) => r.fired.length);
  assert.deepEqual(wrong, []);
});

test('When readers give their own website or repeat their handle, then no author rule fires', () => {
  for (const r of fixture.readersWithSites) {
    const author = r.url ? { name: r.name, url: r.url } : { name: r.name };
    assert.deepEqual(fired({ content: r.content ?? READER_TEXT, author }), [], r.name);
  }
});

test('When a listed exception comments, then only its allowed rule fires (so the list stays true)', () => {
  for (const a of fixture.allowed) {
    const author = a.url ? { name: a.name, url: a.url } : { name: a.name };
    assert.deepEqual(fired({ content: READER_TEXT, author }), [a.rule], `${a.name}: ${a.why}`);
  }
});

test('When an SEO or advert name comments, then each rule it is listed with fires', () => {
  for (const ad of fixture.adverts) {
    const author = ad.url ? { name: ad.name, url: ad.url } : { name: ad.name };
    const comment = { content: ad.content ?? READER_TEXT, author };
    const found: EvasionFinding[] = ad.evasion ? [{ kind: 'styled', match: ad.name, folded: ad.name.normalize('NFKC') }] : [];
    const got = codes(ad.evasion ? scoreWithEvasion(comment, found) : score(comment));
    for (const code of ad.expect) assert.ok(got.includes(code), `${ad.name}: expected ${code}, got ${got.join(', ')}`);
  }
});
