/** Checks the e2e specs share: accessibility (axe-core), layout, console errors, and routes cached on the device. */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

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
 * The routes are PrefetchRoutes' RECORD_ROUTES (app/_components/prefetch-routes.tsx), all of them.
 */
export async function waitForRoutesOnDevice(page: Page) {
  const routes = ['/customers', '/customers/import', '/customer', '/customer/edit', '/customer/statement', '/packages', '/package/edit', '/settings'];
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

/**
 * What the page logs as an error from now on: console.error, a request answered with an error
 * status (Chromium's "Failed to load resource: ... 401"), an uncaught exception.
 */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** WCAG contrast ratio of two computed colours ("rgb(r, g, b)"), from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((c) => {
      const s = Number(c) / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/**
 * Focuses the element and returns its focus ring's colour and the background the ring is drawn
 * on: that of the nearest ancestor with one (the ring sits outside the element, offset by 2px).
 */
export async function focusRingColors(target: Locator): Promise<{ ring: string; background: string }> {
  await target.focus();
  return target.evaluate((element) => {
    if (!element.matches(':focus-visible')) throw new Error('the element is focused but shows no focus ring (:focus-visible)');
    let background = 'rgb(255, 255, 255)';
    for (let node = element.parentElement; node; node = node.parentElement) {
      const color = getComputedStyle(node).backgroundColor;
      if (color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent') {
        background = color;
        break;
      }
    }
    const style = getComputedStyle(element);
    if (style.outlineStyle === 'none') throw new Error('the focused element has no outline');
    return { ring: style.outlineColor, background };
  });
}
