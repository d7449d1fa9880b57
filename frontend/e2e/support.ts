import AxeBuilder from '@axe-core/playwright';
import { test as base, type BrowserContext, expect, type Page, type TestInfo } from '@playwright/test';

export { expect };

/** Words the browser and the page script below use for a Content-Security-Policy violation. */
const CSP_MESSAGE = /Content[- ]Security[- ]Policy/i;

/**
 * Reports every `securitypolicyviolation` of a page to its console, with what was blocked and
 * where, so the guard below hears of violations the browser would only log for itself.
 */
function reportViolations(): void {
  document.addEventListener(
    'securitypolicyviolation',
    (event) => {
      const target = event.target instanceof Element ? event.target.outerHTML.slice(0, 160) : '';
      console.error(
        `Content Security Policy violation: ${event.effectiveDirective} blocked ` +
          `${event.blockedURI || 'inline'} at ${event.sourceFile || event.documentURI}:${event.lineNumber} ${target}`,
      );
    },
    true,
  );
}

/** Collects the CSP violations of every page of a browser context, as lines for the test report. */
async function guardCsp(context: BrowserContext, violations: string[]): Promise<void> {
  await context.addInitScript(reportViolations);
  context.on('console', (message) => {
    if (CSP_MESSAGE.test(message.text())) {
      violations.push(`${message.page()?.url() ?? '(no page)'}: ${message.text()}`);
    }
  });
}

/**
 * Playwright's `test` with a guard every spec gets: the test fails when any page of it, in its
 * own or in a context it opens, reports a Content-Security-Policy violation. Import `test` and
 * `expect` from here, not from '@playwright/test'.
 */
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ context, browser }, use) => {
      const violations: string[] = [];
      await guardCsp(context, violations);
      // Contexts the test opens itself (a second user, say) are guarded too.
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const created = await newContext(...args);
        await guardCsp(created, violations);
        return created;
      };
      try {
        await use();
      } finally {
        browser.newContext = newContext;
      }
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export const PASSWORD = 'e2e correct horse battery';

export function uniqueEmail(prefix: string): string {
  return `${prefix}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@e2e.example`;
}

/** axe-core on the current page: no serious or critical WCAG 2.x A/AA violations. */
export async function expectAccessible(page: Page, testInfo: TestInfo, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await testInfo.attach(`axe-${screen}.json`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${screen}`,
  ).toEqual([]);
}

/** A screenshot kept with the test's artefacts. */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
