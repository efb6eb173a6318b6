/**
 * The moderator page in real headless Chromium (Debian's package, driven by playwright-core), against the real
 * service, Redis, workers and a real HTTP receiver standing in for the CMS. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { verifySignature } from '../../src/delivery/sign.js';
import type { Verdict } from '../../src/domain/verdict.js';
import { artifacts, browserSkip as skip, launchChromium } from '../helpers/browser.js';
import { as, casinoCopy, configureSite, HOLD_ALL, MODERATION_ENV, readerComment, storeVerdict, submit, submitHeld } from '../helpers/moderation.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { startTestService, type TestService } from '../helpers/service.js';


describe('the moderator page', { skip }, () => {
  let t: TestService;
  let cms: Receiver;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    t = await startTestService('browser', { env: MODERATION_ENV });
    cms = await startReceiver();
    await configureSite(t, { callbackUrl: cms.url, thresholds: HOLD_ALL });
    for (const n of [1, 2, 3, 4]) await submitHeld(t, casinoCopy(n, `budget-vote-${n}`));
    await submitHeld(t, { id: 'slots-1', postId: 'council-recap', content: 'Nice post, check my site https://best-slots-online.net', author: { name: 'John', email: 'john@slots.example' } });
    await submitHeld(t, {
      id: 'kr-1',
      postId: 'budget-vote-1',
      content: '좋은 정보 감사합니다 https://woori-casino.xyz',
      author: { name: '우리카지노', url: 'https://woori-casino.xyz' },
    });
    await submit(t, readerComment(1));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => (problems.push(`dialog: ${d.message()}`), void d.dismiss()));
  });
  after(async () => {
    await browser?.close();
    await t?.stop();
    await cms?.close();
  });

  const row = (id: string) => page.locator('.row', { hasText: id === 'kr-1' ? '우리카지노' : `Lee ${id.split('-')[1]}` });

  test('When a moderator signs in, then the held casino comments are listed with the domain highlighted in the text', async () => {
    const res = await page.goto(`${t.url}/moderate`);
    assert.match(res!.headers()['content-security-policy'] ?? '', /default-src 'self'; frame-ancestors 'none'/);
    await page.fill('#token', t.moderatorToken);
    await page.keyboard.press('Enter');
    await page.locator('.row').first().waitFor();
    assert.equal(await page.locator('.row').count(), 6);
    const marks = await row('casino-1').locator('.text mark').allTextContents();
    assert.ok(marks.some((m) => m.includes('woori-casino.xyz')), marks.join(' | '));
    assert.equal(await row('kr-1').locator('.who mark').first().textContent(), '우리카지노');
    assert.equal(await page.locator('.tab .count').textContent(), '6');
    // The token is kept in sessionStorage and never put in the URL.
    assert.equal(await page.evaluate(`sessionStorage.getItem('sluice.token') === ${JSON.stringify(t.moderatorToken)}`), true);
    assert.ok(!page.url().includes(t.moderatorToken));
    await page.screenshot({ path: `${artifacts}/moderate-queue.png`, fullPage: true });
  });

  test('When the moderator presses s on the current comment, then it leaves the list and the CMS gets the signed spam callback', async () => {
    const current = page.locator('.row.current');
    assert.match((await current.textContent()) ?? '', /Lee 1/);
    const first = page.locator(`#${await current.getAttribute('id')}`);
    const before = cms.received.length;
    await page.keyboard.press('s');
    await page.locator('.row.done').first().waitFor();
    await page.screenshot({ path: `${artifacts}/moderate-decided.png`, clip: { x: 0, y: 0, width: 1100, height: 420 } });
    await first.waitFor({ state: 'detached' });
    assert.equal(await page.locator('.row:not(.done)').count(), 5);
    const callback = (await cms.waitFor(before + 1)).slice(before).find((r) => r.body['id'] === 'casino-1');
    assert.ok(callback);
    assert.equal(callback.body['verdict'], 'spam');
    const site = await t.store.sites.get(t.site);
    assert.ok(verifySignature(String(callback.headers['sluice-signature']), callback.raw, site!.webhookSecret, new Date()));
    assert.match((await page.locator('.row.current').textContent()) ?? '', /Lee 2/, 'the cursor moved to the next comment');
  });

  test('When the moderator moves with j and k, selects two with x and presses a, then both are approved together', async () => {
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.locator('.bulk', { hasText: '2 selected' }).waitFor();
    await page.keyboard.press('a');
    await row('casino-2').waitFor({ state: 'detached' });
    await row('casino-4').waitFor({ state: 'detached' });
    for (const id of ['casino-2', 'casino-4']) assert.equal((await t.store.comments.get(t.site, id))?.verdict?.verdict, 'ham');
    assert.equal((await t.store.comments.get(t.site, 'casino-3'))?.status, 'scored', 'the one skipped over stays held');
  });

  test('When a campaign is rejected from the campaign view, then all its held comments leave the queue', async () => {
    await page.click('a[href="#campaigns"]');
    const card = page.locator('.campaign-card', { hasText: 'woori-casino.xyz' });
    await card.waitFor();
    await page.screenshot({ path: `${artifacts}/moderate-campaigns.png`, fullPage: true });
    const spamAll = card.locator('button.spam');
    assert.equal(await spamAll.textContent(), 'Spam all 2 held');
    await spamAll.click();
    assert.equal(await spamAll.textContent(), 'Confirm: spam 2');
    await spamAll.click();
    await card.waitFor({ state: 'detached' });
    for (const id of ['casino-3', 'kr-1']) assert.equal((await t.store.comments.get(t.site, id))?.verdict?.verdict, 'spam');
    await page.click('a[href="#queue"]');
    await page.locator('.row', { hasText: 'John' }).waitFor();
    await page.waitForFunction("document.querySelectorAll('.row:not(.done)').length === 1");
  });

  test('When the moderator presses ?, then the keyboard help opens, and Escape closes it', async () => {
    await page.keyboard.press('?');
    const help = page.locator('dialog.help');
    await help.waitFor({ state: 'visible' });
    const text = (await help.textContent()) ?? '';
    for (const word of ['next / previous', 'approve', 'block or trust', 'undo', 'select']) assert.ok(text.includes(word), word);
    await page.screenshot({ path: `${artifacts}/moderate-help.png` });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
  });

  test('When new comments arrive, then they appear without a reload', async () => {
    await submitHeld(t, casinoCopy(9, 'late-post'));
    await page.locator('.row', { hasText: 'Lee 9' }).waitFor({ timeout: 8_000 });
  });

  test('When the stats view is opened, then it shows the totals and a 30-day chart', async () => {
    await page.click('a[href="#stats"]');
    await page.locator('svg.chart rect').first().waitFor();
    assert.equal(await page.locator('.tiles dd').first().textContent(), '8');
    // The casino copies after the first rejected one resemble it: the campaign memory caught them.
    const stats = await as(t, t.moderatorToken).get(`/v1/stats?site=${t.site}&days=30`).expect(200);
    const caught = (stats.body.days as Array<{ caughtByMemory: number }>).reduce((n, d) => n + d.caughtByMemory, 0);
    assert.ok(caught > 0);
    assert.equal(await page.locator('.tiles div', { hasText: 'Caught by earlier decisions' }).locator('dd').textContent(), String(caught));
    await page.screenshot({ path: `${artifacts}/moderate-stats.png`, fullPage: true });
  });

  /** Stores a held comment on council-recap as the scoring worker stores it, with the verdict fields a test chooses. */
  const storeHeld = (id: string, comment: { content: string; author: { name: string } }, verdict: Pick<Verdict, 'score' | 'reasons'> & Partial<Verdict>) => storeVerdict(t, id, comment, verdict);

  test('When a comment is held because it resembles comments the moderators rejected, then its row says so in words and links to them, and a link opens one in the page', async () => {
    // Stored as the scoring worker stores it, with a campaign-memory reason (hostile text in the message and the comment).
    await storeHeld(
      'memory-1',
      { content: 'Bonus codes <img src=x onerror=alert(1)> at the usual place', author: { name: 'Mallory' } },
      {
        score: 0.82,
        reasons: [
          {
            code: 'memory.text',
            weight: 2.2,
            message: 'Like 12 comments you rejected this week <b onmouseover=alert(2)>here</b>.',
            data: { value: 'x', rejected: 12, week: 12, scope: 'site', examples: [{ site: t.site, id: 'casino-1' }, { site: t.site, id: 'kr-1' }] },
          },
        ],
      },
    );

    await page.click('a[href="#queue"]');
    const held = page.locator('.row', { hasText: 'Mallory' });
    await held.waitFor({ timeout: 8_000 });
    const line = held.locator('.memory');
    const text = (await line.textContent()) ?? '';
    assert.match(text, /Held because of your earlier decisions/);
    assert.ok(text.includes('Like 12 comments you rejected this week <b onmouseover=alert(2)>here</b>.'), 'the message, as text');
    assert.equal(await held.locator('.memory b, .text img').count(), 0, 'nothing a message or a comment says becomes markup');
    const links = line.locator('a.example');
    assert.deepEqual(await links.allTextContents(), ['casino-1', 'kr-1']);
    assert.equal(await links.first().getAttribute('href'), `/v1/comments/casino-1?site=${t.site}`);
    await links.first().click();
    const panel = held.locator('.example-view');
    await panel.locator('text=Rejected by').waitFor();
    assert.match((await panel.textContent()) ?? '', /casino-1.*Rejected by mod/);
    assert.equal(await links.first().getAttribute('aria-expanded'), 'true');
    await page.screenshot({ path: `${artifacts}/moderate-memory.png`, fullPage: true });
    await links.first().click();
    await panel.waitFor({ state: 'hidden' });
  });

  test('When a comment is held at a score of 0.50, then its score chip is drawn in the held band\'s colour, not the published one', async () => {
    await storeHeld('band-1', { content: 'Is the meeting open to the public?', author: { name: 'Bandit Reader' } }, {
      score: 0.5,
      reasons: [{ code: 'flood.subnet', weight: 1, message: 'Four authors from 198.51.100.0/24 in 10 minutes.' }],
    });
    await page.click('a[href="#queue"]');
    const chip = page.locator('.row', { hasText: 'Bandit Reader' }).locator('.score');
    await chip.waitFor({ timeout: 8_000 });
    assert.equal(await chip.getAttribute('class'), 'score mid');
    assert.match((await chip.getAttribute('title')) ?? '', /held band/);
  });

  test('When a reported comment is held for a flood that fired twice, then its row says why in words (report, reasons, what would publish it) and the merged codes and weights are one click away', async () => {
    await storeHeld('why-1', { content: 'Where can I read the minutes?', author: { name: 'Wendy Why' } }, {
      score: 0.71,
      reasons: [
        { code: 'flood.subnet', weight: 1.5, message: 'Five authors from 198.51.100.0/24 in 10 minutes.' },
        { code: 'bayes', weight: -0.4, message: 'The classifier leans to ham.' },
        { code: 'flood.subnet', weight: 1.0, message: 'Found again after this comment was scored.' },
        { code: 'reported', weight: 0, message: 'Reported by the CMS: abusive' },
      ],
      counterfactual: [{ code: 'flood.subnet', message: 'ham without the flood it belongs to (198.51.100.0/24)' }],
    });
    await page.click('a[href="#queue"]');
    const row = page.locator('.row', { hasText: 'Wendy Why' });
    await row.waitFor({ timeout: 8_000 });
    const why = (await row.locator('.why-text').textContent()) ?? '';
    assert.match(why, /Reported: abusive/);
    assert.match(why, /Five authors from 198\.51\.100\.0\/24 in 10 minutes\./);
    assert.match(why, /Would be published without the flood it belongs to \(198\.51\.100\.0\/24\)\./);
    assert.doesNotMatch(why, /flood\.subnet|\+\d/, 'no codes or weights in the sentence');
    const chips = row.locator('.codes .chip');
    assert.equal(await chips.first().isVisible(), false, 'codes are folded away');
    await row.locator('.codes summary').click();
    assert.deepEqual(await chips.allTextContents(), ['flood.subnet+2.5', 'bayes-0.4'], 'one chip per code, weights merged');
  });

  test('When the site\'s comments all arrive from one address under many names (a CMS behind a proxy), then the queue shows a warning banner naming the site and the address', async () => {
    const topics = ['the budget', 'the new bridge', 'school meals', 'the bus lanes', 'the library hours'];
    for (let i = 0; i < 20; i++) {
      await submit(t, { id: `proxied-${i}`, postId: `post-${i % 5}`, content: `Reader ${i} here, my view on ${topics[i % 5]}: ${'abcdefghijklmnopqrst'[i]} ${i * 7}`, author: { name: `Reader Number ${i}`, ip: '192.0.2.250' } });
    }
    await page.click('a[href="#queue"]');
    await page.reload();
    const banner = page.locator('.warnings .warning[data-code="site.proxy-address"]');
    await banner.waitFor({ timeout: 8_000 });
    const text = (await banner.textContent()) ?? '';
    assert.match(text, new RegExp(t.site));
    assert.match(text, /192\.0\.2\.250/);
    assert.match(text, /proxy/);
    const site = await as(t, t.operatorToken).get(`/v1/sites/${t.site}`).expect(200);
    assert.equal(site.body.proxyWarning?.address, '192.0.2.250');
    await page.screenshot({ path: `${artifacts}/moderate-proxy-warning.png`, fullPage: true });
  });

  test('When the page is 360 px wide, then nothing overflows sideways', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await page.click('a[href="#queue"]');
    await page.locator('.row').first().waitFor();
    assert.equal(await page.evaluate('document.documentElement.scrollWidth'), 360);
    await page.screenshot({ path: `${artifacts}/moderate-queue-360.png`, fullPage: true });
  });

  test('When the whole session ran, then the page logged no errors (no CSP violations either)', () => {
    assert.deepEqual(problems, []);
  });
});
