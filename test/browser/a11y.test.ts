/**
 * Accessibility of the moderator page, checked by axe-core (the `axe-core` package, evaluated in the page) in real
 * headless Chromium against the real service: the sign-in form, the queue, a row's codes opened, the keyboard help,
 * the campaigns and stats views, at 1280 and 390 px, light and dark. A violation of impact serious or critical fails,
 * named by rule, impact and target. Also: visible keyboard focus, the live region, chart labels readable at 390 px,
 * telling words marked as whole words. 390 px screenshots go to test-artifacts/ (a11y-<view>-390-<scheme>.png).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeCheck } from '../helpers/axe.js';
import { artifacts, browserSkip as skip, launchChromium } from '../helpers/browser.js';
import { casinoCopy, configureSite, HOLD_ALL, MODERATION_ENV, readerComment, storeVerdict, submit, submitHeld } from '../helpers/moderation.js';
import { startTestService, type TestService } from '../helpers/service.js';

/** sRGB relative luminance and contrast ratio (WCAG 2) of two `rgb()`/`rgba()` colours, alpha ignored. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The focused element's outline and the colour behind it (the first ancestor with an opaque background). */
const FOCUS_PROBE = `(() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  let bg = 'rgb(255, 255, 255)';
  for (let n = el.parentElement; n; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor;
    if (c && c !== 'transparent' && !/rgba\\(.*, 0\\)$/.test(c)) { bg = c; break; }
  }
  return { tag: el.tagName.toLowerCase(), visible: el.matches(':focus-visible'), style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, bg };
})()`;

describe('accessibility of the moderator page', { skip }, () => {
  let t: TestService;
  let browser: Browser;

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    t = await startTestService('browser-a11y', { env: MODERATION_ENV });
    await configureSite(t, { thresholds: HOLD_ALL });
    for (const n of [1, 2, 3]) await submitHeld(t, casinoCopy(n, `budget-vote-${n}`));
    await submitHeld(t, { id: 'slots-1', postId: 'council-recap', content: 'Nice post, check my site https://best-slots-online.net', author: { name: 'John', email: 'john@slots.example' } });
    await submitHeld(t, { id: 'kr-1', postId: 'budget-vote-1', content: '좋은 정보 감사합니다 https://woori-casino.xyz', author: { name: '우리카지노', url: 'https://woori-casino.xyz' } });
    // A reader's comment, published, then reported by the CMS: back in the queue with the reader's report.
    await submit(t, readerComment(1));
    const reported = await fetch(`${t.url}/v1/comments/reader-1/report`, { method: 'POST', headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'off-topic' }) });
    assert.equal(reported.status, 200);
    // Held because it resembles rejected comments (the memory box), and one whose telling words sit inside longer words.
    await storeVerdict(t, 'memory-1', { content: 'Bonus codes at the usual place', author: { name: 'Mallory' } }, {
      score: 0.82,
      reasons: [{ code: 'memory.text', weight: 2.2, message: 'Like 12 comments you rejected this week.', data: { value: 'x', rejected: 12, week: 12, scope: 'site', examples: [{ site: t.site, id: 'casino-1' }] } }],
    });
    await storeVerdict(t, 'tell-1', { content: 'Discover slots over here: the best slot bonus is over there', author: { name: 'Telly' } }, {
      score: 0.77,
      reasons: [{ code: 'bayes', weight: 1.2, message: 'The classifier rates the text 77 % spam-like.', evidence: [{ field: 'content', match: 'over' }, { field: 'content', match: 'slot' }] }],
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  /** A page of its own: a viewport, a colour scheme, and every console error or CSP report collected. */
  async function openPage(width: number, scheme: 'light' | 'dark'): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    return { page, problems };
  }

  async function signIn(page: Page): Promise<void> {
    await page.fill('#token', t.moderatorToken);
    await page.keyboard.press('Enter');
    await page.locator('.row').first().waitFor();
  }

  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [1280, 390]) {
      test(`When axe checks every view at ${width} px in the ${scheme} scheme, then none has a serious or critical violation`, async () => {
        const { page, problems } = await openPage(width, scheme);
        const found: string[] = [];
        const shot = async (view: string) => {
          if (width === 390) await page.screenshot({ path: `${artifacts}/a11y-${view}-390-${scheme}.png`, fullPage: view !== 'help' });
        };
        try {
          await page.goto(`${t.url}/moderate`);
          await page.locator('#token').waitFor();
          found.push(...(await axeCheck(page, 'sign-in')));

          await signIn(page);
          await page.locator('.row', { hasText: 'Mallory' }).waitFor();
          found.push(...(await axeCheck(page, 'queue')));
          await shot('queue');

          await page.locator('.row .codes summary').first().click();
          await page.locator('.row .codes[open] .chip').first().waitFor();
          found.push(...(await axeCheck(page, 'queue, codes open')));

          await page.locator('body').press('?');
          await page.locator('dialog.help').waitFor({ state: 'visible' });
          found.push(...(await axeCheck(page, 'help')));
          await shot('help');
          const keys = page.locator('dialog.help kbd');
          assert.ok((await keys.count()) >= 10);
          for (const key of await keys.all()) assert.ok(await key.isVisible(), `the help shows the key ${await key.textContent()}`);
          await page.keyboard.press('Escape');
          await page.locator('dialog.help').waitFor({ state: 'hidden' });

          await page.click('a[href="#campaigns"]');
          await page.locator('.campaign-card').first().waitFor();
          found.push(...(await axeCheck(page, 'campaigns')));
          await shot('campaigns');

          await page.click('a[href="#stats"]');
          await page.locator('svg.chart rect').first().waitFor();
          found.push(...(await axeCheck(page, 'stats')));
          await shot('stats');
        } finally {
          await page.context().close();
        }
        assert.ok(found.length === 0, `axe found serious or critical violations:\n${found.join('\n')}`);
        assert.deepEqual(problems, [], 'no console errors (no CSP violations either)');
      });
    }
  }

  test('When the stats view is 390 px wide, then every chart label renders at 11 CSS px or more', async () => {
    const { page } = await openPage(390, 'light');
    try {
      await page.goto(`${t.url}/moderate#stats`);
      await page.fill('#token', t.moderatorToken);
      await page.keyboard.press('Enter');
      await page.locator('svg.chart rect').first().waitFor();
      // Rendered size: the computed font size times the SVG's scale on screen (its viewBox to its box).
      const sizes = (await page.evaluate(`[...document.querySelectorAll('.chart-box .axis')].map((el) => {
        const px = parseFloat(getComputedStyle(el).fontSize);
        const m = el instanceof SVGGraphicsElement ? el.getScreenCTM() : null;
        return { text: el.textContent, px: m ? px * Math.hypot(m.b, m.d) : px };
      })`)) as Array<{ text: string; px: number }>;
      assert.ok(sizes.length >= 6, `labels: ${JSON.stringify(sizes)}`);
      const small = sizes.filter((s) => s.px < 11);
      assert.deepEqual(small, [], `labels under 11 px: ${JSON.stringify(small)}`);
      assert.equal(await page.evaluate('document.documentElement.scrollWidth'), 390, 'nothing overflows sideways');
    } finally {
      await page.context().close();
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`When the moderator tabs through the queue in the ${scheme} scheme, then each focused control shows an outline of at least 2 px with 3:1 contrast against what is behind it`, async () => {
      const { page } = await openPage(1280, scheme);
      try {
        await page.goto(`${t.url}/moderate`);
        await signIn(page);
        await page.locator('.row', { hasText: 'Mallory' }).waitFor();
        const seen = new Set<string>();
        for (let i = 0; i < 40; i++) {
          await page.keyboard.press('Tab');
          const f = (await page.evaluate(FOCUS_PROBE)) as { tag: string; visible: boolean; style: string; width: number; color: string; bg: string };
          if (f.tag === 'body') continue;
          seen.add(f.tag);
          assert.ok(f.visible, `${f.tag} matches :focus-visible`);
          assert.notEqual(f.style, 'none', `${f.tag} has an outline`);
          assert.ok(f.width >= 2, `${f.tag} outline ${f.width}px`);
          const ratio = contrast(f.color, f.bg);
          assert.ok(ratio >= 3, `${f.tag}: outline ${f.color} on ${f.bg} is ${ratio.toFixed(2)}:1`);
        }
        for (const tag of ['a', 'select', 'button', 'input', 'summary']) assert.ok(seen.has(tag), `tabbed through a ${tag} (${[...seen].join(', ')})`);
      } finally {
        await page.context().close();
      }
    });
  }

  test('When the page is read by a screen reader, then the landmarks, the live region and the dialog have the roles and names they need', async () => {
    const { page } = await openPage(1280, 'light');
    try {
      await page.goto(`${t.url}/moderate`);
      const region = page.locator('#announce');
      assert.equal(await region.getAttribute('role'), 'status');
      assert.equal(await region.getAttribute('aria-live'), 'polite');
      await signIn(page);
      await page.locator('.row', { hasText: 'Mallory' }).waitFor();
      await page.locator('#announce', { hasText: 'Signed in.' }).waitFor();
      // A re-read of the queue says nothing: no live region changes (#announce speaks for the moderator's own actions).
      let polls = 0;
      page.on('request', (r) => void (r.url().includes('/v1/review') && polls++));
      await page.evaluate(`window.liveChanges = [];
        new MutationObserver((ms) => ms.forEach((m) => {
          const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
          const live = el && el.closest('[role=status], [role=alert], [aria-live]:not([aria-live=off])');
          if (live) window.liveChanges.push(live.id || live.className);
        })).observe(document.body, { subtree: true, childList: true, characterData: true })`);
      // A new held comment: the live stream makes the page read the queue again, and only the list changes.
      await storeVerdict(t, 'quiet-1', { content: 'When does the council meet next?', author: { name: 'Quiet Newcomer' } }, { score: 0.55, reasons: [] });
      await page.locator('.row', { hasText: 'Quiet Newcomer' }).waitFor();
      assert.ok(polls >= 1, 'the queue was read again');
      assert.deepEqual(await page.evaluate('window.liveChanges'), [], 'no live region spoke');
      assert.equal(await page.locator('main#main').count(), 1);
      assert.equal(await page.locator('nav[aria-label="Views"] a[aria-current]').textContent().then((s) => s?.startsWith('Queue')), true);
      assert.equal(await page.getByRole('list', { name: 'Held comments' }).count(), 1);
      assert.equal(await page.getByRole('dialog', { name: 'Keyboard' }).count(), 0, 'the help is closed');
      await page.locator('body').press('?');
      assert.equal(await page.getByRole('dialog', { name: 'Keyboard' }).count(), 1);
      await page.keyboard.press('Escape');
      // A decision is said in the live region.
      await page.locator('.row', { hasText: 'John' }).locator('button.approve').click();
      await page.locator('#announce', { hasText: 'Approved — John.' }).waitFor();
    } finally {
      await page.context().close();
    }
  });

  test('When a held comment\'s telling words also occur inside longer words, then only the whole words are marked', async () => {
    const { page } = await openPage(1280, 'light');
    try {
      await page.goto(`${t.url}/moderate`);
      await signIn(page);
      const row = page.locator('.row', { hasText: 'Telly' });
      await row.waitFor();
      assert.deepEqual(await row.locator('.text mark.weak').allTextContents(), ['over', 'slot', 'over'], '"Discover" and "slots" are not marked');
    } finally {
      await page.context().close();
    }
  });
});
