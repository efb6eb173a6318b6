/**
 * The page's catalogues and translation, in Node without a browser: ui/src/i18n.ts and the catalogues are bundled in
 * memory by esbuild (the ui is not compiled into dist/test) and imported. Every language must have every English key,
 * the same {params} in each message, and a form for each plural category its Intl.PluralRules names. Also the server's
 * Accept-Language choice.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { build } from 'esbuild';
import { preferredLanguage } from '../../src/http/accept-language.js';
import { fromRoot } from '../../src/platform/paths.js';

type Message = string | Readonly<Record<string, string>>;
type Catalogue = Readonly<Record<string, Message>>;
interface I18n {
  CATALOGUES: Readonly<Record<string, Catalogue>>;
  DEFAULT_LANGUAGE: string;
  LANGUAGES: ReadonlyArray<{ code: string; name: string }>;
  translate(lang: string, key: string, params?: Record<string, string | number>): string;
  pickLanguage(stored: string | null, browser: readonly string[]): string;
  formatDay(iso: string, lang: string): string;
}

/** Messages that read the same in every language (a pattern of parameters only). */
const SAME_EVERYWHERE = new Set(['campaigns.card', 'queue.filterChip', 'queue.rowNotice', 'lists.byWhen', 'row.campaignTitle']);

const paramsOf = (message: Message): string[] => {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))].sort();
};

describe('the page\'s languages', () => {
  let i18n: I18n;
  before(async () => {
    const out = await build({ entryPoints: [fromRoot('ui', 'src', 'i18n.ts'), fromRoot('ui', 'src', 'messages', 'index.ts')], bundle: true, write: false, format: 'esm', outdir: 'out', logLevel: 'warning' });
    const [main, messages] = out.outputFiles.map((f) => import(`data:text/javascript;base64,${Buffer.from(f.text).toString('base64')}`));
    i18n = { ...(await messages), ...(await main) } as I18n;
  });

  test('When the catalogues are compared with English, then each language has exactly its keys, the same {params} in each message, and plural forms where English has them', () => {
    const en = i18n.CATALOGUES[i18n.DEFAULT_LANGUAGE]!;
    assert.ok(Object.keys(en).length > 100, 'the English catalogue is the source of truth');
    assert.deepEqual(i18n.LANGUAGES.map((l) => l.code).sort(), Object.keys(i18n.CATALOGUES).sort(), 'every catalogue is in the switch');
    for (const [lang, catalogue] of Object.entries(i18n.CATALOGUES)) {
      assert.deepEqual(Object.keys(catalogue).sort(), Object.keys(en).sort(), `${lang}: the same keys as English`);
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const [key, message] of Object.entries(catalogue)) {
        const english = en[key]!;
        assert.deepEqual(paramsOf(message), paramsOf(english), `${lang} ${key}: the same {params} as English`);
        assert.equal(typeof message, typeof english, `${lang} ${key}: plural forms exactly where English has them`);
        if (typeof message === 'string') {
          assert.ok(message.trim(), `${lang} ${key}: not empty`);
          if (lang !== i18n.DEFAULT_LANGUAGE && !SAME_EVERYWHERE.has(key)) assert.notEqual(message, english, `${lang} ${key}: translated`);
        } else {
          for (const category of categories) assert.ok(message[category] ?? message['other'], `${lang} ${key}: a form for "${category}"`);
          assert.ok(message['other'], `${lang} ${key}: an "other" form`);
          for (const form of Object.keys(message)) assert.ok(form === 'other' || categories.includes(form as Intl.LDMLPluralRule), `${lang} ${key}: "${form}" is not a plural category of ${lang}`);
        }
      }
    }
  });

  test('When index.html names a message, then every catalogue has it as plain text', () => {
    const html = readFileSync(fromRoot('ui', 'index.html'), 'utf8');
    const keys = [...html.matchAll(/%T:([\w.]+)%/g)].map((m) => m[1]!);
    assert.ok(keys.length >= 3);
    for (const [lang, catalogue] of Object.entries(i18n.CATALOGUES)) for (const key of keys) assert.equal(typeof catalogue[key], 'string', `${lang} ${key}`);
  });

  test('When a message is translated, then its parameters are filled in, numbers as the language writes them, and its plural form follows count', () => {
    assert.equal(i18n.translate('en', 'campaigns.spamAll', { count: 1234 }), 'Spam all 1,234 held');
    assert.equal(i18n.translate('ko', 'campaigns.spamAll', { count: 1234 }), '보류 1,234건 모두 스팸 처리');
    assert.equal(i18n.translate('en', 'campaigns.doneSpam', { count: 1 }), 'Marked spam: 1 comment.');
    assert.equal(i18n.translate('en', 'campaigns.doneSpam', { count: 3 }), 'Marked spam: 3 comments.');
    assert.equal(i18n.translate('ko', 'campaigns.doneSpam', { count: 1 }), '1건을 스팸 처리했습니다.');
    assert.equal(i18n.translate('en', 'campaigns.sites', { count: 1 }), 'site');
    assert.equal(i18n.translate('en', 'campaigns.sites', { count: 2 }), 'sites');
    assert.equal(i18n.translate('en', 'common.notSaved', { message: '{count} <b>' }), 'Not saved: {count} <b>', 'a parameter is inserted once, as it is');
    assert.equal(i18n.formatDay('2026-12-06', 'en'), '12/6');
    assert.equal(i18n.formatDay('2026-12-06', 'ko'), '12. 6.');
  });

  test('When the page picks its language, then a stored choice wins, else the first browser language it has, else English', () => {
    assert.equal(i18n.pickLanguage('en', ['ko-KR', 'ko']), 'en');
    assert.equal(i18n.pickLanguage(null, ['ko-KR', 'en-US']), 'ko');
    assert.equal(i18n.pickLanguage(null, ['fr-FR', 'KO']), 'ko');
    assert.equal(i18n.pickLanguage(null, ['en-GB', 'ko']), 'en');
    assert.equal(i18n.pickLanguage('xx', ['fr']), 'en');
    assert.equal(i18n.pickLanguage(null, []), 'en');
  });

  test('When the server reads Accept-Language, then it answers the highest-ranked language it has, or none', () => {
    const has = ['en', 'ko'];
    assert.equal(preferredLanguage('ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7', has), 'ko');
    assert.equal(preferredLanguage('en-US,en;q=0.9,ko;q=0.8', has), 'en');
    assert.equal(preferredLanguage('fr;q=1, ko;q=0.5, en;q=0.4', has), 'ko');
    assert.equal(preferredLanguage('en;q=0.2, ko;q=0.9', has), 'ko', 'by weight, not order');
    assert.equal(preferredLanguage('ko;q=0, en;q=0.1', has), 'en', 'q=0 refuses');
    assert.equal(preferredLanguage('ko;q=banana, en;q=0.1', has), 'en', 'a malformed weight refuses');
    assert.equal(preferredLanguage('*', has), undefined);
    assert.equal(preferredLanguage('fr-CA, de', has), undefined);
    assert.equal(preferredLanguage('', has), undefined);
    assert.equal(preferredLanguage(undefined, has), undefined);
    assert.equal(preferredLanguage('"><script>, ko', has), 'ko', 'junk is skipped; only a language we have comes back');
  });
});
