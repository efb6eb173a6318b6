/**
 * The comments view in real Chromium against the real service: the views with their counts, search and filters,
 * paging past 200 that keeps its place, the shadow-mode view, undo within and after 30 seconds, the block chooser and
 * the lists of what was blocked and trusted. Screenshots at 390 px go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { artifacts, browserSkip as skip, launchChromium } from '../helpers/browser.js';
import { as, casinoCopy, configureSite, HOLD_ALL, MODERATION_ENV, storeVerdict, submitHeld } from '../helpers/moderation.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { startTestService, type TestService } from '../helpers/service.js';


/** Held comments beyond two pages of 200 would need; enough to page past 200. */
const PAGER = 230;
const held = { score: 0.6, reasons: [{ code: 'links.new-domain', weight: 1.2, message: 'Links a domain first seen today.' }] };

describe('the comments views', { skip }, () => {
  let t: TestService;
  let cms: Receiver;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  /** The row of the comment whose author is exactly `name` ("Pager 5", not "Pager 50"). */
  const row = (name: string) => page.locator('.row:not(.done)').filter({ has: page.locator('.who strong').getByText(name, { exact: true }) });
  const rows = () => page.locator('.row:not(.done)');
  /** Waits until the list shows `op n` rows (`===` by default). */
  const rowCount = async (n: number, op: '===' | '>=' = '===', timeout = 10_000): Promise<void> => {
    const until = Date.now() + timeout;
    for (let seen = await rows().count(); ; seen = await rows().count()) {
      if (op === '===' ? seen === n : seen >= n) return;
      if (Date.now() > until) assert.fail(`expected ${op} ${n} rows, saw ${seen}`);
      await page.waitForTimeout(100);
    }
  };
  const tab = (view: string) => page.locator(`.view-tab[data-view="${view}"]`);
  const verdictOf = async (id: string) => (await t.store.comments.get(t.site, id))?.verdict;

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    t = await startTestService('views', { env: MODERATION_ENV });
    cms = await startReceiver();
    await configureSite(t, { callbackUrl: cms.url, thresholds: HOLD_ALL });
    const start = Date.now() - 3_600_000;
    for (let n = 0; n < PAGER; n++) {
      await storeVerdict(t, `pager-${n}`, { content: `Filler comment number ${n} about the harbour plan`, author: { name: `Pager ${n}` } }, held, { at: new Date(start + n * 1000) });
    }
    await storeVerdict(t, 'refund-1', { content: 'Guaranteed refund of your crypto losses, write to the recovery desk', author: { name: 'Recovery Desk' } }, held, { at: new Date(start - 5000) });
    await storeVerdict(t, 'blog-1', { content: 'Check my blog for the photos of the harbour', author: { name: 'Blog Reader', email: 'blog.reader@example.org' } }, {
      verdict: 'spam',
      score: 0.994,
      reasons: [{ code: 'links.self-promotion', weight: 3.1, message: 'Asks readers to visit the author’s own site.' }],
    });
    await storeVerdict(t, 'ham-1', { content: 'The harbour plan reads well, thanks.', author: { name: 'Published Reader' } }, { verdict: 'ham', score: 0.05, reasons: [] });
    await storeVerdict(t, 'shadow-1', { content: 'Earn 500 a day from home, ask me how', author: { name: 'Shadow Earner' } }, { score: 0.7, reasons: held.reasons }, { shadow: true });
    for (const n of [1, 2]) await submitHeld(t, casinoCopy(n, `harbour-${n}`));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && !/status of 409/.test(m.text()) && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
  });
  after(async () => {
    await browser?.close();
    await t?.stop();
    await cms?.close();
  });

  test('When a moderator signs in, then the views show their counts and the held queue its first page', async () => {
    await page.goto(`${t.url}/moderate`);
    await page.fill('#token', t.moderatorToken);
    await page.keyboard.press('Enter');
    await rows().first().waitFor();
    const total = PAGER + 3;
    assert.equal(await tab('held').locator('.view-count').textContent(), String(total));
    assert.equal(await tab('rejected').locator('.view-count').textContent(), '1');
    assert.equal(await tab('approved').locator('.view-count').textContent(), '1');
    assert.equal(await tab('would-have-held').isVisible(), true, 'a site has shadow-mode comments');
    assert.equal(await rows().count(), 50);
    assert.match((await page.locator('.status').textContent()) ?? '', new RegExp(`50 of ${total} held`));
  });

  test('When the moderator pages past 200, then the deep comments are listed and stay while others leave', async () => {
    for (let shown = 50; shown < PAGER + 3; shown += 50) {
      await page.locator('.status .more').click();
      await rowCount(Math.min(shown + 50, PAGER + 3), '>=');
    }
    assert.equal(await rows().count(), PAGER + 3);
    assert.equal(await page.locator('.status .more').count(), 0, 'no more pages');
    await row(`Pager ${PAGER - 1}`).scrollIntoViewIfNeeded();
    // Five comments near the top are decided elsewhere: they fold away, and the deep ones stay listed.
    const api = as(t, t.moderatorToken);
    await api.post('/v1/decisions', { verdict: 'spam', ids: ['pager-0', 'pager-1', 'pager-2', 'pager-3', 'pager-4'], site: t.site }).expect(200);
    await rowCount(PAGER - 2);
    assert.equal(await row(`Pager ${PAGER - 1}`).count(), 1);
    assert.equal(await row('Pager 0').count(), 0);
  });

  test('When the moderator searches, then only matching comments are listed, and removing the filter brings the rest back', async () => {
    await page.fill('#search', 'refund');
    await page.keyboard.press('Enter');
    await rowCount(1);
    await row('Recovery Desk').waitFor();
    const chip = page.locator('.filter-chip', { hasText: 'Search: refund' });
    await chip.waitFor();
    await chip.click();
    await rowCount(50);
    assert.equal(await page.inputValue('#search'), '');
  });

  test('When the moderator clicks a campaign, then the view shows its comments only', async () => {
    await page.fill('#search', 'woori-casino.xyz');
    await page.keyboard.press('Enter');
    await row('Lee 1').waitFor();
    await row('Lee 1').locator('button.campaign', { hasText: 'woori-casino.xyz' }).click();
    await page.locator('.filter-chip', { hasText: 'Campaign: domain:woori-casino.xyz' }).waitFor();
    await page.locator('.filter-chip', { hasText: 'Search' }).click();
    await rowCount(2);
    await page.locator('.filter-chip', { hasText: 'Campaign' }).click();
    await rowCount(50);
  });

  test('When a reader was rejected by the machine, then the Rejected view finds them, a rescues them, and z undoes it', async () => {
    await tab('rejected').click();
    await row('Blog Reader').waitFor();
    assert.match((await row('Blog Reader').locator('.state').textContent()) ?? '', /Rejected by the machine/);
    await page.keyboard.press('a');
    await row('Blog Reader').waitFor({ state: 'detached' });
    assert.equal((await verdictOf('blog-1'))?.verdict, 'ham');
    const toast = page.locator('.toast');
    await toast.locator('text=Approved — Blog Reader').waitFor();
    await page.keyboard.press('z');
    await toast.locator('text=Undone').waitFor();
    await row('Blog Reader').waitFor();
    const v = await verdictOf('blog-1');
    assert.equal(v?.verdict, 'spam', 'back to what the machine said');
    assert.equal(v?.status, 'scored');
    const history = await as(t, t.moderatorToken).get(`/v1/comments/blog-1/decisions?site=${t.site}`).expect(200);
    assert.equal(history.body.decisions.length, 1);
    assert.ok(history.body.decisions[0].undone, 'the history keeps the decision, marked undone');
  });

  test('When 30 seconds have passed, then the action can no longer be undone from the page', async () => {
    await tab('held').click();
    await row('Pager 5').waitFor();
    await row('Pager 5').click();
    await page.keyboard.press('a');
    await row('Pager 5').waitFor({ state: 'detached' });
    await page.locator('.toast .undo').waitFor();
    await page.waitForTimeout(31_000);
    assert.equal(await page.locator('.toast').isVisible(), false);
    await page.keyboard.press('z');
    await page.waitForTimeout(500);
    assert.equal((await verdictOf('pager-5'))?.verdict, 'ham', 'z did nothing');
  });

  test('When the moderator presses b, then a chooser shows every target in full, refuses popular domains, and blocks only on a second key; z undoes the block', async () => {
    await storeVerdict(t, 'quote-1', { content: 'As https://www.bbc.co.uk/news reported, the harbour plan is late', author: { name: 'Quoting Reader', email: 'a.very.long.address.for.a.reader@example-newsroom-mail.org' } }, held);
    await page.fill('#search', 'bbc.co.uk');
    await page.keyboard.press('Enter');
    await row('Quoting Reader').waitFor();
    await page.keyboard.press('b');
    const chooser = page.locator('dialog.chooser');
    await chooser.waitFor();
    assert.match((await chooser.textContent()) ?? '', /bbc\.co\.uk[\s\S]*Not offered: it is a popular domain/);
    assert.equal(await chooser.locator('button.choice.block[data-value="bbc.co.uk"]').isDisabled(), true);
    assert.equal(await chooser.locator('.choice-value', { hasText: 'a.very.long.address.for.a.reader@example-newsroom-mail.org' }).count(), 2, 'the full e-mail, to block or to trust');
    await page.screenshot({ path: `${artifacts}/views-chooser.png` });
    await page.keyboard.press('Escape');
    await chooser.waitFor({ state: 'detached' });
    assert.equal((await verdictOf('quote-1'))?.verdict, 'review', 'nothing happened');

    await page.locator('.filter-chip', { hasText: 'Search' }).click();
    await page.fill('#search', 'woori-casino.xyz');
    await page.keyboard.press('Enter');
    await row('Lee 1').waitFor();
    await row('Lee 1').click();
    await page.keyboard.press('b');
    await chooser.waitFor();
    assert.equal(await chooser.locator('button.choice.block').first().getAttribute('data-value'), 'woori-casino.xyz');
    await page.keyboard.press('b');
    await chooser.waitFor({ state: 'detached' });
    await page.locator('.toast', { hasText: 'Blocked woori-casino.xyz' }).waitFor();
    assert.equal((await verdictOf('casino-1'))?.verdict, 'spam');
    assert.equal((await verdictOf('casino-2'))?.verdict, 'spam', 'the held comment sharing the domain too');
    const blocks = await as(t, t.moderatorToken).get(`/v1/blocks?site=${t.site}`).expect(200);
    assert.ok(blocks.body.entries.some((e: { value: string }) => e.value === 'woori-casino.xyz'));
    await page.keyboard.press('z');
    await page.locator('.toast', { hasText: 'Undone' }).waitFor();
    assert.equal((await verdictOf('casino-1'))?.verdict, 'review');
    assert.equal((await verdictOf('casino-2'))?.verdict, 'review');
    const after = await as(t, t.moderatorToken).get(`/v1/blocks?site=${t.site}`).expect(200);
    assert.ok(!after.body.entries.some((e: { value: string }) => e.value === 'woori-casino.xyz'), 'the block is gone');
  });

  test('When the moderator trusts an e-mail from the chooser, then the Blocked view lists it and it can be removed', async () => {
    await page.locator('.filter-chip', { hasText: 'Search' }).click();
    await page.fill('#search', 'bbc.co.uk');
    await page.keyboard.press('Enter');
    await row('Quoting Reader').waitFor();
    await page.keyboard.press('b');
    const chooser = page.locator('dialog.chooser');
    await chooser.waitFor();
    await chooser.locator('button.choice.trust', { hasText: 'e-mail' }).focus();
    await page.keyboard.press('Enter');
    await chooser.waitFor({ state: 'detached' });
    await page.locator('.toast', { hasText: 'Trusted a.very.long.address' }).waitFor();
    assert.equal((await verdictOf('quote-1'))?.verdict, 'ham');
    await page.click('a[href="#lists"]');
    const entry = page.locator('table.lists tr', { hasText: 'a.very.long.address.for.a.reader@example-newsroom-mail.org' });
    await entry.waitFor();
    assert.match((await entry.textContent()) ?? '', /Trusted e-mail.*mod/);
    await entry.locator('button').click();
    await entry.waitFor({ state: 'detached' });
    const lists = await as(t, t.moderatorToken).get(`/v1/blocks?site=${t.site}`).expect(200);
    assert.equal(lists.body.entries.length, 0);
    await page.click('a[href="#queue"]');
  });

  test('When a site runs in shadow mode, then its would-have-held view is marked as such', async () => {
    for (const chip of await page.locator('.filter-chip').all()) await chip.click();
    await tab('would-have-held').click();
    await row('Shadow Earner').waitFor();
    assert.equal(await page.locator('.shadow-banner').isVisible(), true);
    assert.match((await row('Shadow Earner').locator('.state').textContent()) ?? '', /Shadow: would have been held/);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${artifacts}/views-shadow-390.png`, fullPage: false });
    await tab('held').click();
    await rows().first().waitFor();
    await page.screenshot({ path: `${artifacts}/views-held-390.png`, fullPage: false });
    assert.deepEqual(problems, []);
  });
});
