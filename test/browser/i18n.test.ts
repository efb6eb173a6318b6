/**
 * The moderator page in Korean and English (issue 15, item 7), in real headless Chromium against the real service:
 * a Korean browser (locale ko-KR: navigator.languages and Accept-Language) gets the page in Korean from the first
 * byte (its details drawer too), the switch in the header changes it to English and the choice outlives a reload. Screenshots go to
 * test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { artifacts, browserSkip as skip, launchChromium } from '../helpers/browser.js';
import { casinoCopy, configureSite, HOLD_ALL, MODERATION_ENV, submitHeld } from '../helpers/moderation.js';
import { startTestService, type TestService } from '../helpers/service.js';


describe('the moderator page in Korean and English', { skip }, () => {
  let t: TestService;
  let browser: Browser;
  let korean: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    t = await startTestService('browser-i18n', { env: MODERATION_ENV });
    await configureSite(t, { thresholds: HOLD_ALL });
    for (const n of [1, 2]) await submitHeld(t, casinoCopy(n, `budget-vote-${n}`));
    await submitHeld(t, { id: 'kr-1', postId: 'budget-vote-1', content: '좋은 정보 감사합니다 https://woori-casino.xyz', author: { name: '우리카지노', url: 'https://woori-casino.xyz' } });
    browser = await launchChromium();
    korean = await browser.newContext({ locale: 'ko-KR', viewport: { width: 1100, height: 900 } });
    page = await korean.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
  });
  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  const htmlLang = () => page.evaluate('document.documentElement.lang');

  test('When a Korean browser asks for the page, then the server answers it in Korean (lang, title), varying on Accept-Language', async () => {
    const res = await page.goto(`${t.url}/moderate`);
    assert.match(res!.headers()['vary'] ?? '', /accept-language/i);
    assert.equal(res!.headers()['content-language'], 'ko');
    const served = await res!.text();
    assert.match(served, /<html lang="ko">/);
    assert.match(served, /<title>Sluice · 댓글 관리<\/title>/);
    // The same page for an English browser, and for one that prefers neither.
    const en = await request(t.url).get('/moderate').set('Accept-Language', 'en-US,en;q=0.9,ko;q=0.8').expect(200);
    assert.match(en.text, /<html lang="en">/);
    assert.equal(en.headers['content-language'], 'en');
    const other = await request(t.url).get('/moderate').set('Accept-Language', 'fr-FR').expect(200);
    assert.match(other.text, /<html lang="en">/);
    assert.match(String(other.headers['vary']), /Accept-Language/);
    assert.match(String(other.headers['content-security-policy']), /default-src 'self'/);
  });

  test('When a Korean moderator opens the page, then the sign-in page is in Korean, and so is its error', async () => {
    await page.locator('form.signin').waitFor();
    assert.equal(await htmlLang(), 'ko');
    assert.equal(await page.locator('#signin-title').textContent(), 'Sluice 댓글 관리');
    assert.equal(await page.locator('label[for=token]').textContent(), '관리자 토큰');
    assert.equal(await page.locator('form.signin button[type=submit]').textContent(), '로그인');
    assert.equal(await page.getByLabel('언어').inputValue(), 'ko');
    await page.fill('#token', 'not-a-token');
    await page.keyboard.press('Enter');
    await page.locator('form.signin .error', { hasText: '유효하지 않은 토큰입니다.' }).waitFor();
  });

  test('When the Korean moderator signs in, then the header, tabs and queue are in Korean, and at 390 px nothing overflows', async () => {
    await page.fill('#token', t.moderatorToken);
    await page.keyboard.press('Enter');
    await page.locator('.row').first().waitFor();
    assert.deepEqual(await page.locator('header.top nav .tab').allTextContents(), ['검토 대기3', '캠페인', '통계', '차단 목록']);
    assert.equal(await page.locator('header.top button', { hasText: '로그아웃' }).count(), 1);
    assert.equal(await page.locator('header.top button.icon').getAttribute('aria-label'), '단축키 도움말');
    assert.equal(await page.locator('#site option').first().textContent(), '전체 사이트');
    assert.equal(await page.title(), '(3) Sluice · 댓글 관리');
    // dom.ago() through Intl.RelativeTimeFormat: a comment that just came in.
    assert.equal(await page.locator('.row time').first().textContent(), '방금 전');
    await page.keyboard.press('?');
    const help = page.locator('dialog.help');
    await help.waitFor({ state: 'visible' });
    assert.match((await help.textContent()) ?? '', /단축키.*다음 \/ 이전 댓글/);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('.row').first().waitFor();
    assert.equal(await page.evaluate('document.documentElement.scrollWidth'), 390);
    await page.screenshot({ path: `${artifacts}/queue-ko-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1100, height: 900 });
  });

  test('When the Korean moderator opens a held comment\'s details with o, then the drawer\'s title, section headings, buttons and dates are in Korean, and at 390 px nothing overflows', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const row = page.locator('.row', { hasText: '우리카지노' });
    await row.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('o');
    const drawer = page.locator('dialog.drawer');
    await drawer.waitFor({ state: 'visible' });
    assert.equal(await page.locator('#drawer-title').textContent(), '우리카지노의 댓글');
    assert.deepEqual(await drawer.locator('h3').allTextContents(), ['작성자와 게시 위치', '본문', '판정 근거', '결정 기록', '캠페인', '작성자의 다른 댓글']);
    assert.deepEqual(await drawer.locator('.drawer-actions button').allTextContents(), ['승인', '스팸 처리']);
    assert.match((await drawer.locator('.drawer-score').textContent()) ?? '', /^\d\.\d\d 스팸 점수: 보류 구간$/);
    assert.equal(await drawer.locator('.drawer-state').textContent(), '보류 (자동)');
    await drawer.locator('.drawer-history', { hasText: '아직 아무도 처리하지 않았습니다.' }).waitFor();
    // The received time through Intl.DateTimeFormat('ko') ("2026. 12. 6. 오전 4:48:06"), then dom.ago().
    assert.match((await drawer.locator('.drawer-facts').textContent()) ?? '', /접수 시각\d{4}\. \d{1,2}\. \d{1,2}\. (오전|오후) \d{1,2}:\d\d:\d\d \(방금 전\)/);
    await drawer.locator('.drawer-related .related').first().waitFor();
    assert.match((await drawer.locator('.drawer-related .related-matched').first().textContent()) ?? '', /^같은 .*링크 도메인/);
    assert.equal(await drawer.locator('.drawer-frame').evaluate((f) => f.scrollWidth), 390);
    assert.equal(await page.evaluate('document.documentElement.scrollWidth'), 390);
    await page.screenshot({ path: `${artifacts}/drawer-ko-390.png` });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1100, height: 900 });
  });

  test('When the Korean moderator opens the campaigns and stats, then their labels, buttons and numbers are in Korean', async () => {
    await page.click('a[href="#campaigns"]');
    const card = page.locator('.campaign-card[aria-label="링크 도메인 woori-casino.xyz"]');
    await card.waitFor();
    const spamAll = card.locator('button.spam');
    assert.equal(await spamAll.textContent(), '보류 3건 모두 스팸 처리');
    await spamAll.click();
    assert.equal(await spamAll.textContent(), '확인: 3건 스팸 처리');
    await spamAll.blur();
    await page.click('a[href="#stats"]');
    await page.locator('svg.chart rect').first().waitFor();
    assert.equal(await page.locator('#stats-title').textContent(), '최근 30일');
    assert.equal(await page.locator('.tiles dt').first().textContent(), '접수');
    assert.equal(await page.locator('.tiles dd').first().textContent(), '3');
    assert.equal(await page.locator('svg.chart').getAttribute('aria-label'), '최근 30일 일별 댓글 수');
    assert.deepEqual(await page.locator('.legend .key').allTextContents(), ['게시', '보류', '거부']);
    await page.click('a[href="#queue"]');
  });

  test('When the moderator switches to English, then the page is in English at once, and it stays English after a reload', async () => {
    await page.getByLabel('언어').selectOption('en');
    await page.locator('header.top nav .tab', { hasText: 'Queue' }).locator('.count', { hasText: '3' }).waitFor();
    assert.equal(await htmlLang(), 'en');
    assert.deepEqual(await page.locator('header.top nav .tab').allTextContents(), ['Queue3', 'Campaigns', 'Stats', 'Blocked']);
    assert.equal(await page.getByLabel('Language').inputValue(), 'en');
    assert.equal(await page.evaluate("document.activeElement?.getAttribute('aria-label')"), 'Language', 'the switch keeps the focus');
    assert.equal(await page.locator('.row').count(), 3, 'the queue is drawn again, still signed in');
    assert.equal(await page.evaluate("localStorage.getItem('sluice.language')"), 'en');

    const res = await page.reload();
    assert.match(await res!.text(), /<html lang="ko">/, 'the server still follows Accept-Language');
    await page.locator('.tab .count', { hasText: '3' }).waitFor();
    assert.equal(await htmlLang(), 'en', 'the stored choice wins once the script runs');
    assert.deepEqual(await page.locator('header.top nav .tab').allTextContents(), ['Queue3', 'Campaigns', 'Stats', 'Blocked']);
    assert.equal(await page.locator('.row time').first().textContent(), 'just now');
    assert.equal(await page.title(), '(3) Sluice · Moderation');
  });

  test('When a moderator with an English browser opens the page, then it is in English, and the sign-in page\'s switch turns it Korean', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const english = await context.newPage();
      english.on('pageerror', (e) => problems.push(e.message));
      await english.goto(`${t.url}/moderate`);
      await english.locator('form.signin').waitFor();
      assert.equal(await english.evaluate('document.documentElement.lang'), 'en');
      assert.equal(await english.locator('#signin-title').textContent(), 'Sluice moderation');
      await english.getByLabel('Language').selectOption('ko');
      await english.locator('#signin-title', { hasText: 'Sluice 댓글 관리' }).waitFor();
      assert.equal(await english.evaluate('document.documentElement.lang'), 'ko');
      assert.equal(await english.title(), 'Sluice · 댓글 관리');
      assert.equal(await english.locator('a.skip').textContent(), '검토 대기 목록으로 건너뛰기');
      assert.equal(await english.evaluate("document.activeElement?.getAttribute('aria-label')"), '언어', 'the switch keeps the focus');
      assert.equal(await english.getByLabel('언어').inputValue(), 'ko');
    } finally {
      await context.close();
    }
  });

  test('When the whole session ran, then the page logged no errors (no CSP violations either)', () => {
    // The one expected: the sign-in with a wrong token, answered 401.
    assert.deepEqual(problems.filter((p) => !/status of 401/.test(p)), []);
  });
});
