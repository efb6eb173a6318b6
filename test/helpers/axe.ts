/** axe-core in the moderator page: its serious and critical violations, in words a failing test can print. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What axe reports of one violation, as the test prints it. */
interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: ReadonlyArray<{ readonly target: readonly unknown[]; readonly failureSummary?: string }>;
}

/**
 * Runs axe on the page as it is and returns its serious and critical violations, each as "view: rule (impact): help —
 * targets". The page's CSP (`default-src 'self'`) refuses an injected <script>, so axe's source is evaluated through
 * the DevTools protocol, which the CSP does not govern; the page's own scripts stay under it. `within`: a CSS selector
 * to check only that part of the page (an open dialog), else the whole document.
 */
export async function axeCheck(page: Page, view: string, within?: string): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE);
  const violations = (await page.evaluate(`axe.run(${within ? `document.querySelector(${JSON.stringify(within)})` : 'document'}, { resultTypes: ['violations'] }).then((r) => r.violations)`)) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const targets = v.nodes.slice(0, 6).map((n) => n.target.join(' ')).join(' | ');
      const why = v.nodes[0]?.failureSummary?.replace(/\s+/g, ' ').trim();
      return `${view}: ${v.id} (${v.impact}) on ${v.nodes.length} node(s): ${v.help}\n    ${targets}${v.nodes.length > 6 ? ' | …' : ''}${why ? `\n    first: ${why}` : ''}`;
    });
}
