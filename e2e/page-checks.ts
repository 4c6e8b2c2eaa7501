/** Checks the e2e specs share: accessibility (axe-core), layout, and routes cached on the device. */
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

const AXE = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/** Runs axe-core on the page and fails on serious or critical violations, naming them. */
export async function expectNoSeriousA11yViolations(page: Page) {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations).toEqual([]);
}

/**
 * Waits until the record screens are on the device: each static shell's route tree and page
 * (two RSC requests per route, started by the screens' prefetch), then for their chunks to load.
 */
export async function waitForRoutesOnDevice(page: Page) {
  const routes = ['/customers', '/customers/import', '/customer', '/customer/edit', '/packages', '/package/edit', '/settings'];
  await expect
    .poll(() =>
      page.evaluate((wanted) => {
        const fetched = performance
          .getEntriesByType('resource')
          .map((e) => new URL(e.name))
          .filter((u) => u.searchParams.has('_rsc'))
          .map((u) => u.pathname);
        return wanted.filter((route) => fetched.filter((p) => p === route).length < 2);
      }, routes),
    )
    .toEqual([]);
  await page.waitForLoadState('networkidle');
}

export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
