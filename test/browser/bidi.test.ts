/**
 * Bidi controls in what commenters wrote are shown, not obeyed (issue 14, finding 12): "\u202eevil\u202c name" must
 * not read as "live name" on the moderator page. Real Chromium against the real service.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserSkip as skip, launchChromium } from '../helpers/browser.js';
import { configureSite, HOLD_ALL, MODERATION_ENV, submitHeld } from '../helpers/moderation.js';
import { startTestService, type TestService } from '../helpers/service.js';


describe('bidi controls on the moderator page', { skip }, () => {
  let t: TestService;
  let browser: Browser;
  before(async () => {
    t = await startTestService('browser-bidi', { env: MODERATION_ENV });
    await configureSite(t, { thresholds: HOLD_ALL });
    await submitHeld(t, {
      id: 'bidi-1',
      postId: 'p',
      content: 'Great read \u2067txt.exe\u2069 and \u200fmore, visit https://best-slots-online.net now',
      author: { name: '\u202eevil\u202c name' },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  test('When an author name or a text holds bidi controls, then each shows as a visible marker, in order, and none is in the page', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/moderate`);
    await page.fill('#token', t.moderatorToken);
    await page.keyboard.press('Enter');
    const who = page.locator('.row .who strong').first();
    await who.waitFor();
    assert.equal(await who.textContent(), '[U+202E]evil[U+202C] name');
    assert.deepEqual(await who.locator('.bidi').allTextContents(), ['[U+202E]', '[U+202C]']);
    assert.equal(await who.locator('.bidi').first().getAttribute('title'), 'Hidden character: right-to-left override (U+202E)');
    const text = (await page.locator('.row .text').first().textContent()) ?? '';
    assert.match(text, /Great read \[U\+2067\]txt\.exe\[U\+2069\] and \[U\+200F\]more/);
    const body = (await page.evaluate('document.body.innerHTML')) as string;
    assert.doesNotMatch(body, /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/, 'no bidi control reaches the DOM');
  });
});
