/**
 * Live updates of the moderator page in real headless Chromium against the real service (API, worker, Redis): a comment
 * held after the page loaded appears, and one decided through the API folds away, within about two seconds, sooner
 * than the 5 s poll could have fired, which does not run at all while the stream is up.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserSkip as skip, launchChromium } from '../helpers/browser.js';
import { as, casinoCopy, configureSite, HOLD_ALL, submitHeld } from '../helpers/moderation.js';
import { startTestService, type TestService } from '../helpers/service.js';

/** Sooner than the poll of 5 s could have brought it. */
const LIVE_WITHIN_MS = 2_000;

describe('the moderator page, live', { skip }, () => {
  let t: TestService;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  /** When the page asked for the queue. */
  const reads: number[] = [];

  before(async () => {
    t = await startTestService('browser-live');
    await configureSite(t, { thresholds: HOLD_ALL });
    await submitHeld(t, casinoCopy(1));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => new URL(r.url()).pathname === '/v1/review' && reads.push(Date.now()));
  });
  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  test('When the page is open, then it reads the live stream with the token in the header, and does not poll while the stream is up', async () => {
    const stream = page.waitForRequest((r) => new URL(r.url()).pathname === '/v1/review/events');
    await page.goto(`${t.url}/moderate`);
    await page.fill('#token', t.moderatorToken);
    await page.keyboard.press('Enter');
    await page.locator('.row', { hasText: 'Lee 1' }).waitFor();
    const request = await stream;
    assert.equal(request.headers()['authorization'], `Bearer ${t.moderatorToken}`);
    assert.ok(!request.url().includes(t.moderatorToken), 'never in the URL');
    assert.equal((await request.response())?.status(), 200);
    const settled = Date.now();
    await new Promise((r) => setTimeout(r, 6_000));
    assert.deepEqual(reads.filter((at) => at > settled + 500), [], 'no 5 s poll while the stream is up');
  });

  test('When a comment is held after the page loaded, then it appears within 2 s of its submission', async () => {
    const start = Date.now();
    await submitHeld(t, casinoCopy(2, 'late-post'));
    await page.locator('.row', { hasText: 'Lee 2' }).waitFor({ timeout: 10_000 });
    const took = Date.now() - start;
    assert.ok(took < LIVE_WITHIN_MS, `appeared after ${took} ms`);
    // The row above did not move: it was merged in place.
    assert.match((await page.locator('.row').first().textContent()) ?? '', /Lee 1/);
  });

  test('When a comment is decided through the API, then its row folds away within 2 s', async () => {
    const start = Date.now();
    await as(t, t.moderatorToken).post('/v1/comments/casino-1/decision', { site: t.site, verdict: 'spam' }).expect(200);
    await page.locator('.row.done', { hasText: 'Decided elsewhere' }).waitFor({ timeout: 10_000 });
    const took = Date.now() - start;
    assert.ok(took < LIVE_WITHIN_MS, `folded after ${took} ms`);
    await page.locator('.row', { hasText: 'Lee 1' }).waitFor({ state: 'detached' });
    assert.equal(await page.locator('.row:not(.done)').count(), 1);
    assert.deepEqual(problems, []);
  });
});
