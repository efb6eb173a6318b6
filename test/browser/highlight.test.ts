/**
 * Evidence highlighting (ui/src/highlight.ts) in real Chromium: the module is bundled by esbuild as the page's build
 * does and run in a blank page. The classifier's telling words are hints, drawn only on held or rejected comments and
 * only as whole words; the rules' own evidence is drawn whatever the verdict.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { fromRoot } from '../../src/platform/paths.js';
import type { Reason } from '../../src/domain/verdict.js';
import { browserSkip as skip, launchChromium } from '../helpers/browser.js';


describe('evidence highlighting', { skip }, () => {
  let browser: Browser;
  let page: Page;

  before(async () => {
    const bundle = await build({ entryPoints: [fromRoot('ui', 'src', 'highlight.ts')], bundle: true, write: false, format: 'iife', globalName: 'highlight', target: ['chrome110'], logLevel: 'warning' });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  });
  after(async () => {
    await browser?.close();
  });

  /** The text as highlighted, each <mark> in brackets (`[casino]`, weak ones `{over}`). */
  const marked = async (text: string, verdict: 'ham' | 'review' | 'spam', reasons: Reason[]): Promise<string> =>
    (await page.evaluate(`highlight.highlighted(${JSON.stringify(text)}, ${JSON.stringify({ verdict, reasons })}, ['content'])
      .map((n) => n.nodeName === 'MARK' ? (n.classList.contains('weak') ? '{' + n.textContent + '}' : '[' + n.textContent + ']') : n.textContent)
      .join('')`)) as string;

  const bayes = (...words: string[]): Reason => ({ code: 'bayes', weight: 1.4, message: 'm', evidence: words.map((match) => ({ field: 'content' as const, match })) });
  const lexicon = (match: string): Reason => ({ code: 'lexicon.gambling', weight: 2, message: 'm', evidence: [{ field: 'content', match }] });

  test('When a comment is held or rejected, then its telling words are marked as hints; when it was published, they are not, and the rules\' evidence is marked either way', async () => {
    const text = 'Best casino bonus here';
    const reasons = [bayes('bonus'), lexicon('casino')];
    assert.equal(await marked(text, 'review', reasons), 'Best [casino] {bonus} here');
    assert.equal(await marked(text, 'spam', reasons), 'Best [casino] {bonus} here');
    assert.equal(await marked(text, 'ham', reasons), 'Best [casino] bonus here');
  });

  test('When a telling word also occurs inside a longer word, then only the whole word is marked; a CJK pair is marked inside its run', async () => {
    assert.equal(await marked('Discover slots over here, the slot is over', 'review', [bayes('over', 'slot')]), 'Discover slots {over} here, the {slot} is {over}');
    assert.equal(await marked('우리카지노 추천', 'review', [bayes('카지')]), '우리{카지}노 추천');
    // The rules' evidence is a literal wherever it stands.
    assert.equal(await marked('woori-casino.xyz', 'review', [lexicon('casino')]), 'woori-[casino].xyz');
  });

  test('When the classifier leans to ham, then nothing of it is marked', async () => {
    assert.equal(await marked('a fair summary', 'review', [{ ...bayes('summary'), weight: -0.8 }]), 'a fair summary');
  });
});
