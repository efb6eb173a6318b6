/**
 * The details drawer of the moderator page in real headless Chromium, against the real service, Redis, workers and a
 * real HTTP receiver standing in for the CMS: what it shows of a comment, its author's history, a decision reversed
 * from it, the keyboard, and its layout on a phone (screenshots go to test-artifacts/).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Verdict } from '../../src/domain/verdict.js';
import { axeCheck } from '../helpers/axe.js';
import { artifacts, browserSkip as skip, launchChromium } from '../helpers/browser.js';
import { as, casinoCopy, configureSite, HOLD_ALL, MODERATION_ENV, submit, submitHeld } from '../helpers/moderation.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { startTestService, type TestService } from '../helpers/service.js';

const ARTICLE = 'https://news.example/budget-vote-1';

describe('the details drawer', { skip }, () => {
  let t: TestService;
  let cms: Receiver;
  let browser: Browser;
  let page: Page;
  let casino1: Verdict;
  const problems: string[] = [];

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    t = await startTestService('drawer', { env: MODERATION_ENV });
    cms = await startReceiver();
    await configureSite(t, { callbackUrl: cms.url, thresholds: HOLD_ALL });
    casino1 = await submitHeld(t, { ...casinoCopy(1, 'budget-vote-1'), permalink: ARTICLE });
    for (const n of [2, 3, 4]) await submitHeld(t, casinoCopy(n, `budget-vote-${n}`));
    // The author of casino-1 (same e-mail) wrote twice more; a moderator approved one of those.
    const email = casinoCopy(1).author.email;
    await submit(t, { id: 'lee-earlier-1', postId: 'parks', content: 'The new playground is lovely, thank you for covering it.', author: { name: 'L. Lee', email } });
    await submit(t, { id: 'lee-earlier-2', postId: 'roads', content: 'When will the bridge reopen? The detour adds twenty minutes.', author: { name: 'Lee', email } });
    await as(t, t.moderatorToken).post('/v1/comments/lee-earlier-1/decision', { site: t.site, verdict: 'ham' }).expect(200);
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

  const drawer = () => page.locator('dialog.drawer');
  const row = (n: number) => page.locator('.row', { hasText: `Lee ${n}` });
  /** The id of the focused element, or of the row it is in. */
  const focusedRowId = () => page.evaluate<string>("document.activeElement?.closest('.row')?.id ?? `not in a row: ${document.activeElement?.tagName}`");

  test('When the moderator presses o on a held casino comment, then the drawer shows its whole text with the evidence marked, every reason, what would publish it, its campaign and the article link', async () => {
    await page.goto(`${t.url}/moderate`);
    await page.fill('#token', t.moderatorToken);
    await page.keyboard.press('Enter');
    await row(1).waitFor();
    assert.match((await page.locator('.row.current').textContent()) ?? '', /Lee 1/);
    await page.keyboard.press('o');
    await drawer().waitFor({ state: 'visible' });
    assert.equal(await drawer().getAttribute('aria-labelledby'), 'drawer-title');
    assert.equal(await page.locator('#drawer-title').textContent(), 'Comment by Lee 1');
    assert.equal(await page.evaluate("document.activeElement?.closest('dialog.drawer') !== null"), true, 'focus moved into the drawer');

    assert.equal(await drawer().locator('.drawer-text').textContent(), casinoCopy(1).content, 'the whole text');
    const marks = await drawer().locator('.drawer-text mark').allTextContents();
    assert.ok(marks.some((m) => m.includes('woori-casino.xyz')), marks.join(' | '));
    const shown = (await drawer().locator('.drawer-reasons').textContent()) ?? '';
    const reasons = casino1.reasons.filter((r) => r.weight !== 0);
    assert.ok(reasons.length >= 2, 'a casino comment has several reasons');
    for (const r of reasons) {
      assert.ok(shown.includes(r.message), `reason ${r.code}: ${r.message}`);
      assert.ok(shown.includes(r.code), r.code);
    }
    assert.ok(casino1.counterfactual?.length, 'a held comment has a counterfactual');
    const without = (await drawer().locator('.drawer-without').textContent()) ?? '';
    for (const c of casino1.counterfactual!) assert.ok(without.includes(c.message.replace(/^ham without /, 'Would be published without ')), c.message);
    assert.match((await drawer().locator('.drawer-score').textContent()) ?? '', new RegExp(`${casino1.score.toFixed(2)} Spam score, in the held band`));

    const campaign = drawer().locator('.drawer-campaigns li', { hasText: 'woori-casino.xyz' });
    assert.match((await campaign.textContent()) ?? '', /4 comments, 4 held/);
    assert.equal(await campaign.locator('button').count(), 1);

    const link = drawer().locator('.drawer-facts a');
    assert.equal(await link.getAttribute('href'), ARTICLE);
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    const facts = (await drawer().locator('.drawer-facts').textContent()) ?? '';
    for (const fact of [casinoCopy(1).author.email, casinoCopy(1).author.ip, 'budget-vote-1', t.site]) assert.ok(facts.includes(fact), fact);

    await drawer().locator('.drawer-decisions, .drawer-history >> text=No one has decided it yet.').first().waitFor();
    assert.deepEqual(await drawer().locator('.drawer-actions button').allTextContents(), ['Approve', 'Reject as spam'], 'both for a held comment');
  });

  test("When the drawer is open, then it lists the author's other comments with their state, what they matched on and their text", async () => {
    const related = drawer().locator('.drawer-related .related');
    await related.nth(1).waitFor();
    // casino-1's author e-mail, and its link domain: the other casino copies are its author's too.
    await related.nth(4).waitFor();
    assert.equal(await related.count(), 5);
    const earlier1 = drawer().locator('.related[data-id="lee-earlier-1"]');
    const earlier2 = drawer().locator('.related[data-id="lee-earlier-2"]');
    assert.equal(await earlier1.locator('.state').textContent(), 'Approved');
    assert.notEqual(await earlier2.locator('.state').textContent(), 'Approved');
    assert.match((await earlier1.locator('.related-matched').textContent()) ?? '', /Same e-mail/);
    assert.match((await earlier2.textContent()) ?? '', /When will the bridge reopen\?/);
    assert.match((await drawer().locator('.related[data-id="casino-2"] .related-matched').textContent()) ?? '', /Same link domain/);
    // Newest first.
    assert.deepEqual(await related.evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))), ['lee-earlier-2', 'lee-earlier-1', 'casino-4', 'casino-3', 'casino-2']);
    await page.screenshot({ path: `${artifacts}/drawer-1100.png` });
    const found = [...(await axeCheck(page, 'drawer, light', 'dialog.drawer'))];
    await page.emulateMedia({ colorScheme: 'dark' });
    found.push(...(await axeCheck(page, 'drawer, dark', 'dialog.drawer')));
    await page.emulateMedia({ colorScheme: 'light' });
    assert.deepEqual(found, [], 'axe: no serious or critical violation in the drawer');
  });

  test("When the moderator presses the queue's keys in the drawer, then they do nothing there; Escape closes it and focus is back on the row", async () => {
    const id = await row(1).getAttribute('id');
    for (const key of ['a', 's', 'b', 'j', 'x']) await page.keyboard.press(key);
    await page.waitForTimeout(500);
    assert.equal((await t.store.comments.get(t.site, 'casino-1'))?.status, 'scored', 'a and s did not decide the row behind the drawer');
    assert.equal(await page.locator('.bulk').isHidden(), true, 'x selected nothing');
    await page.keyboard.press('Escape');
    await drawer().waitFor({ state: 'detached' });
    assert.equal(await focusedRowId(), id);
    assert.equal(await page.locator('.row.done').count(), 0, 'Escape decided nothing');
  });

  test("When Enter is pressed on one of a row's buttons, then the button acts and no drawer opens", async () => {
    await row(4).locator('button.approve').focus();
    await page.keyboard.press('Enter');
    await row(4).waitFor({ state: 'detached' });
    assert.equal(await drawer().count(), 0);
    assert.equal((await t.store.comments.get(t.site, 'casino-4'))?.verdict?.verdict, 'ham');
  });

  test('When the moderator clicks Details, then the drawer opens as a right-hand panel, every button is reachable with Tab, and Close gives focus back to the row', async () => {
    // A decision that was undone (another change adds `undone` to decisions): kept in the history, marked.
    const undone = { verdict: 'spam', by: { id: 't1', name: 'mod', role: 'moderator' }, at: new Date(Date.now() - 120_000).toISOString(), rev: 0, before: { verdict: 'review', status: 'scored' }, machine: 'review', note: 'Looked like the casino ring', undone: { by: { id: 't2', name: 'chief', role: 'operator' }, at: new Date().toISOString() } };
    await t.redis.rpush(t.store.keys.decisions(t.site, 'casino-2'), JSON.stringify(undone));
    await row(2).locator('button.details').click();
    await drawer().waitFor({ state: 'visible' });
    assert.equal(await page.locator('#drawer-title').textContent(), 'Comment by Lee 2');
    const decision = drawer().locator('.drawer-decisions li.undone');
    await decision.waitFor();
    assert.match((await decision.textContent()) ?? '', /Rejected as spam by mod \(moderator\).*Note: Looked like the casino ring.*Undone by chief/);
    const box = (await drawer().boundingBox())!;
    assert.ok(box.width < 1100 && box.width >= 500 && Math.round(box.x + box.width) === 1100, `a right-hand panel: ${JSON.stringify(box)}`);
    await drawer().locator('.drawer-related .related').first().waitFor();
    const seen: string[] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      seen.push(await page.evaluate<string>("document.activeElement?.closest('dialog.drawer') ? document.activeElement.textContent ?? '' : `outside: ${document.activeElement?.tagName}`"));
    }
    for (const label of ['CloseEsc', 'Show campaign', 'Approve', 'Reject as spam']) assert.ok(seen.includes(label), `${label} in ${seen.join(' | ')}`);
    // After the last button focus may leave the page for the browser's own controls, never for the page behind.
    assert.deepEqual(seen.filter((s) => s.startsWith('outside') && s !== 'outside: BODY'), [], seen.join(' | '));
    await drawer().locator('button.drawer-close').click();
    await drawer().waitFor({ state: 'detached' });
    assert.equal(await focusedRowId(), await row(2).getAttribute('id'));
  });

  test('When a decision is reversed from the drawer (approve, then reject), then the history shows both in place, the row leaves the queue, and the CMS is told twice', async () => {
    const before = cms.received.length;
    await row(3).locator('button.details').click();
    await drawer().waitFor({ state: 'visible' });
    await drawer().locator('.drawer-history >> text=No one has decided it yet.').waitFor();
    await drawer().locator('.drawer-actions button.approve').click();
    await drawer().locator('.drawer-decisions li').first().waitFor();
    assert.match((await drawer().locator('.drawer-decisions li').first().textContent()) ?? '', /Approved by mod \(moderator\)/);
    assert.deepEqual(await drawer().locator('.drawer-actions button').allTextContents(), ['Reject as spam'], 'only the reversal is offered');
    assert.match((await drawer().locator('.drawer-state').textContent()) ?? '', /Approved by mod/);
    await row(3).waitFor({ state: 'detached' });

    await drawer().locator('.drawer-actions button.spam').click();
    await drawer().locator('.drawer-decisions li').nth(1).waitFor();
    assert.deepEqual(
      (await drawer().locator('.drawer-decisions li b').allTextContents()),
      ['Approved', 'Rejected as spam'],
    );
    assert.deepEqual(await drawer().locator('.drawer-actions button').allTextContents(), ['Approve']);

    const history = await as(t, t.moderatorToken).get(`/v1/comments/casino-3/decisions?site=${t.site}`).expect(200);
    assert.deepEqual(history.body.decisions.map((d: { verdict: string }) => d.verdict), ['ham', 'spam']);
    const callbacks = (await cms.waitFor(before + 2)).slice(before).filter((r) => r.body['id'] === 'casino-3');
    assert.deepEqual(callbacks.map((c) => c.body['verdict']), ['ham', 'spam']);
    await page.keyboard.press('Escape');
    await drawer().waitFor({ state: 'detached' });
    assert.match(await page.evaluate<string>("document.activeElement?.closest('.row')?.textContent ?? ''"), /Lee/, 'focus is on the row the queue moved on to');
  });

  test('When the page is 390 px wide, then the drawer fills the screen and nothing overflows sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await row(1).waitFor();
    await row(1).click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Enter');
    await drawer().waitFor({ state: 'visible' });
    await drawer().locator('.drawer-related .related').first().waitFor();
    const box = (await drawer().boundingBox())!;
    assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, 390, 844]);
    assert.equal(await drawer().locator('.drawer-frame').evaluate((f) => f.scrollWidth), 390);
    assert.equal(await page.evaluate('document.documentElement.scrollWidth'), 390);
    await page.screenshot({ path: `${artifacts}/drawer-390.png` });
    const found = [...(await axeCheck(page, 'drawer 390, light', 'dialog.drawer'))];
    await page.emulateMedia({ colorScheme: 'dark' });
    found.push(...(await axeCheck(page, 'drawer 390, dark', 'dialog.drawer')));
    await page.screenshot({ path: `${artifacts}/drawer-390-dark.png` });
    await page.emulateMedia({ colorScheme: 'light' });
    assert.deepEqual(found, [], 'axe: no serious or critical violation in the drawer at 390 px');
    await drawer().locator('.drawer-campaigns li', { hasText: 'woori-casino.xyz' }).locator('button').click();
    await drawer().waitFor({ state: 'detached' });
    // Show campaign filters the view by the campaign.
    await page.locator('.filter-chip', { hasText: 'Campaign: domain:woori-casino.xyz' }).waitFor();
    await page.locator('.filter-chip', { hasText: 'Campaign' }).click();
    await page.locator('.filter-chip').waitFor({ state: 'detached' });
  });

  test("When the author wrote more than a page of other comments, then More lists the rest after the first page", async () => {
    const email = casinoCopy(1).author.email;
    const topics = ['the harbour', 'the tram', 'the market', 'the museum', 'the park', 'the school'];
    for (const [i, topic] of topics.entries()) await submit(t, { id: `lee-more-${i}`, postId: 'letters', content: `A question about ${topic}: when does the council decide?`, author: { name: 'L. Lee', email } });
    await page.setViewportSize({ width: 1100, height: 900 });
    await row(1).locator('button.details').click();
    const related = drawer().locator('.drawer-related .related');
    const more = drawer().locator('button.more');
    await more.waitFor();
    assert.equal(await related.count(), 10, 'the first page');
    await more.focus();
    await page.keyboard.press('Enter');
    await related.nth(10).waitFor();
    assert.equal(await page.evaluate<string | null>("document.activeElement?.getAttribute('data-id') ?? null"), 'casino-2', 'focus went on to the first comment of the new page');
    assert.equal(await related.count(), 11);
    await more.waitFor({ state: 'detached' });
    const ids = await related.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    assert.equal(new Set(ids).size, 11, 'nothing listed twice');
    assert.equal(ids.at(-1), 'casino-2', 'the oldest last');
    await page.keyboard.press('Escape');
    await drawer().waitFor({ state: 'detached' });
  });

  test('When the whole session ran, then the page logged no errors (no CSP violations either)', () => {
    assert.deepEqual(problems, []);
  });
});
