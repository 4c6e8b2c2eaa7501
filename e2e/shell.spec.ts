import { spawn } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { billingData, draftWithLines, seedMutations } from './billing-data';
import { seed, signUp } from './fixtures';
import { collectConsoleErrors, contrastRatio, expectNoHorizontalScroll, focusRingColors } from './page-checks';

const SECTIONS = [
  { link: 'Invoices', heading: 'Invoices', path: '/invoices' },
  { link: 'Customers', heading: 'Customers', path: '/customers' },
  { link: 'Packages', heading: 'Packages', path: '/packages' },
  { link: 'Usage', heading: 'Import CDRs', path: '/usage/import' },
  { link: 'Settings', heading: 'Settings', path: '/settings' },
];

for (const viewport of [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
]) {
  test(`navigates every section at ${viewport.name} size`, async ({ page }) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await signUp(page);
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Tollbook', level: 1 })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main' });
    // On a phone the sections are in the header's menu.
    const menu = page.getByRole('banner').getByRole('button', { name: 'Menu' });
    for (const section of SECTIONS) {
      if (viewport.name === 'phone') await menu.click();
      await nav.getByRole('link', { name: section.link }).click();
      await expect(page).toHaveURL(new RegExp(`${section.path}$`));
      await expect(page.getByRole('heading', { name: section.heading, level: 1 })).toBeVisible();
      // Moving on folded the menu; opened again, it marks the section opened as current.
      if (viewport.name === 'phone') await menu.click();
      await expect(nav.getByRole('link', { name: section.link })).toHaveAttribute('aria-current', 'page');
      await expectNoHorizontalScroll(page);
      // The nav stays within the viewport so every section is reachable on a phone.
      const box = await nav.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
      if (viewport.name === 'phone') await menu.click();
    }
  });
}

test('the server reports its database and applied migrations, and every response carries the security headers', async ({ page, request }) => {
  const response = await request.get('/api/trpc/health.check');
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as { result: { data: { ok: boolean; database: string } } };
  expect(body.result.data.ok).toBe(true);
  expect(body.result.data.database).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  // Every response forbids framing (clickjacking), MIME sniffing, and sending its address elsewhere.
  for (const path of ['/api/trpc/health.check', '/', '/join?token=x', '/manifest.webmanifest', '/offline.html']) {
    const headers = (await request.get(path)).headers();
    expect({ path, frame: headers['x-frame-options'], csp: headers['content-security-policy'], sniff: headers['x-content-type-options'], referrer: headers['referrer-policy'] }).toEqual({
      path,
      frame: 'DENY',
      csp: "frame-ancestors 'none'",
      sniff: 'nosniff',
      referrer: 'same-origin',
    });
  }
  await signUp(page);
  await page.goto('/settings');
  await expect(page.getByTestId('server-status')).toContainText(`Connected (${body.result.data.database})`);
});

test('a fresh load logs no error in the console: signed out on / and the sign-in page, signed in on the app shell', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  // A first visit: the app asks the server who is signed in (no one) and offers to create an account.
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Create your company account' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(errors).toEqual([]);

  // Signed in by its cookie alone, a fresh load recovers who is signed in and opens the shell.
  await signUp(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Tollbook', level: 1 })).toBeVisible();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced');
  await page.goto('/invoices');
  await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(errors).toEqual([]);

  // Signed out, the sign-in page loaded afresh: the server answers no one, not an error.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Tollbook' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in to Tollbook' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(errors).toEqual([]);
});

test('the home page shows a new account the way to its first invoice, each step a link, marks the steps done, and keeps them until My Account is filled in too; then only the sections, Usage among them', async ({ page }) => {
  await signUp(page);
  await page.goto('/');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
  const main = page.getByRole('main');
  const steps = main.getByRole('region', { name: 'Getting started' }).getByRole('listitem');
  await expect(steps).toHaveText([
    "Fill in My Account: your company's details, printed as the seller on every invoice. Still empty: address and payment details.",
    'Add a customer, or import customers from a CSV.',
    "Set up packages (DID rentals, monthly fees, free-minute bundles) and assign them on the customer's page.",
    "Import CDRs: the customers' calls, billed as usage.",
    "Generate Invoice from the customer's page in Customers.",
  ]);
  const stepLinks = async () =>
    Promise.all((await steps.getByRole('link').all()).map(async (link) => [await link.innerText(), await link.getAttribute('href')]));
  expect(await stepLinks()).toEqual([
    ['Fill in My Account', '/settings'],
    ['Add a customer', '/customer/edit'],
    ['import customers from a CSV', '/customers/import'],
    ['Set up packages', '/packages'],
    ['Import CDRs', '/usage/import'],
    ['Generate Invoice', '/customers'],
  ]);
  await expect(main.getByRole('link', { name: 'Usage', exact: true })).toHaveAttribute('href', '/usage/import');

  // With customers, packages, usage and an invoice (the demo's, say) but My Account never filled
  // in, its step is still to do: the others are marked done.
  const data = billingData();
  const invoice = draftWithLines(data.customer.id, ['Setup']);
  await seed(page, [...seedMutations(data), invoice.mutation]);
  await expect(steps).toHaveText([
    "Fill in My Account: your company's details, printed as the seller on every invoice. Still empty: address and payment details.",
    'Done: Add a customer, or import customers from a CSV.',
    "Done: Set up packages (DID rentals, monthly fees, free-minute bundles) and assign them on the customer's page.",
    "Done: Import CDRs: the customers' calls, billed as usage.",
    "Done: Generate Invoice from the customer's page in Customers.",
  ]);
  await seed(page, [{ name: 'saveAccount', args: { address: '1 Exchange Square\nLondon' } }]);
  await expect(steps.first()).toHaveText("Fill in My Account: your company's details, printed as the seller on every invoice. Still empty: payment details.");

  // All done, the steps give way to the sections alone.
  await seed(page, [{ name: 'saveAccount', args: { paymentDetails: 'IBAN GB33 BUKB 2020 1555 5555 55' } }]);
  await expect(main.getByRole('region', { name: 'Getting started' })).toHaveCount(0);
  await expect(main.getByRole('link')).toHaveText(['Invoices', 'Customers', 'Packages', 'Usage', 'Settings']);
  await main.getByRole('link', { name: 'Usage', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Import CDRs', level: 1 })).toBeVisible();
});

test('a first visit asks to create the company account, then opens the app', async ({ page }) => {
  await page.goto('/invoices');
  await expect(page.getByRole('heading', { name: 'Create your company account' })).toBeVisible();
  await page.getByLabel('Company name').fill('Zürich Telekom');
  await page.getByLabel('Your name').fill('Zoe');
  await page.getByLabel('Email').fill(`zoe+${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  // The browser's own validation (minlength) or the server names the password problem.
  await expect(page.getByRole('heading', { name: 'Create your company account' })).toBeVisible();
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced');
  await expect(page.getByRole('link', { name: 'Zürich Telekom' })).toBeVisible();
});

test('a "Skip to content" link is the first Tab stop, shows when focused, and takes the focus to the page content', async ({ page }) => {
  await signUp(page);
  await page.goto('/customers');
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  const box = await skip.boundingBox();
  expect(box!.width).toBeGreaterThan(40);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  // The next Tab stays in the content instead of going through the header again.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('main').locator(':focus')).toHaveCount(1);
  await expect(skip).not.toBeInViewport();
});

test('the focus ring has at least 3:1 contrast with the page, the cards and the header behind it', async ({ page }) => {
  await signUp(page);
  const main = page.getByRole('main');
  // A breadcrumb link sits on the page itself.
  await page.goto('/usage/api-keys');
  await expect(page.getByRole('heading', { name: 'CDR API keys', level: 1 })).toBeVisible();
  const onPage = await focusRingColors(main.getByRole('link', { name: 'Import CDRs' }));
  expect(contrastRatio(onPage.ring, onPage.background), `focus ring ${onPage.ring} on the page (${onPage.background})`).toBeGreaterThanOrEqual(3);
  await page.goto('/usage/import');
  await expect(page.getByRole('heading', { name: 'Import CDRs', level: 1 })).toBeVisible();
  const targets = [
    { on: 'card', element: main.getByRole('link', { name: 'CDR API keys' }) },
    { on: 'header', element: page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Usage' }) },
  ];
  for (const { on, element } of targets) {
    const { ring, background } = await focusRingColors(element);
    expect(contrastRatio(ring, background), `focus ring ${ring} on the ${on} (${background})`).toBeGreaterThanOrEqual(3);
  }
});

test('at 400% zoom (320 × 256 CSS px) the header scrolls away rather than covering the page', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 256 });
  await signUp(page);
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  // Down to the account form's Save button, screens below the header.
  await page.getByRole('button', { name: 'Save account' }).scrollIntoViewIfNeeded();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(256);
  // The height of the viewport the header still covers: at most a third of it.
  const covered = () =>
    page.getByRole('banner').evaluate((header) => {
      const box = header.getBoundingClientRect();
      return Math.max(0, Math.min(box.bottom, window.innerHeight) - Math.max(box.top, 0));
    });
  await expect.poll(covered).toBeLessThanOrEqual(256 / 3);
});

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

test('with no proxy in front, an X-Forwarded-For the client makes up is not believed: its failed sign-ins count against its connection', async ({ playwright }) => {
  test.setTimeout(120_000);
  // `npm start` as deployed with nothing in front (PROXY_HOPS unset), on the build the suite made.
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tollbook-no-proxy-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir };
  delete env.PROXY_HOPS;
  delete env.DATABASE_URL;
  const server = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: 'ignore' });
  const api = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${port}` });
  try {
    await expect.poll(() => api.get('/api/trpc/health.check').then((r) => r.status(), () => 0), { timeout: 90_000 }).toBe(200);
    const signIn = (attempt: number) =>
      api.post('/api/trpc/auth.signIn', {
        data: { email: `nobody+${randomUUID()}@example.com`, password: 'a wrong password' },
        headers: { 'x-forwarded-for': `10.${attempt}.${randomInt(256)}.${randomInt(1, 255)}` },
      });
    // Each attempt from a "new" address: were the header believed, none would ever be refused.
    for (let attempt = 1; attempt <= 20; attempt++) expect((await signIn(attempt)).status()).toBe(401);
    const refused = await signIn(21);
    expect(refused.status()).toBe(429);
    expect(JSON.stringify(await refused.json())).toContain('Too many failed sign-ins; wait 15 minutes and try again');
  } finally {
    await api.dispose();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    await rm(dataDir, { recursive: true, force: true });
  }
});
