/**
 * The installable app on the production build: installability as Chromium judges it, every screen
 * opening from the service-worker cache with no network, and an update that waits for the user.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { billingData } from './billing-data';
import { followMainLink, openSynced, seed, signUp as signUpCompany } from './fixtures';
import { collectConsoleErrors } from './page-checks';

async function signUp(page: Page): Promise<void> {
  const response = await page.request.post('/api/trpc/auth.signUp', {
    data: { companyName: 'Acme Telecom', name: 'Ann', email: `ann+${randomUUID()}@example.com`, password: 'correct horse battery' },
  });
  expect(response.ok()).toBe(true);
}

// The first visit precaches the whole app (about 7 MB with the PDF fonts) and the update test
// rebuilds the worker: on a shared two-core machine that alone can take most of a minute.
test.describe.configure({ timeout: 180_000 });
// The service worker is the subject here, whatever other specs choose.
test.use({ serviceWorkers: 'allow' });

/** Waits until a service worker controls the page and reports the build it serves. */
async function controllingVersion(page: Page): Promise<string> {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const controller =
      navigator.serviceWorker.controller ??
      (await new Promise<ServiceWorker>((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(navigator.serviceWorker.controller!), { once: true }),
      ));
    const channel = new MessageChannel();
    const reply = new Promise<string>((resolve) => (channel.port1.onmessage = (event) => resolve(event.data as string)));
    controller.postMessage({ type: 'GET_VERSION' }, [channel.port2]);
    return reply;
  });
}

/** Rebuilds public/sw.js from the current .next output, named `revision` (or Next's BUILD_ID). */
function buildServiceWorker(revision?: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-sw.ts', ...(revision ? ['--revision', revision] : [])], { stdio: 'pipe' });
}

test('the production build is installable', async ({ launchOptions, baseURL }) => {
  // Chromium never offers installation in an incognito profile, which is what Playwright's
  // ordinary contexts are; a persistent profile is what a user has.
  const profile = await mkdtemp(path.join(tmpdir(), 'tollbook-install-'));
  const context = await chromium.launchPersistentContext(profile, { ...launchOptions, baseURL });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await controllingVersion(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
    expect(installabilityErrors).toEqual([]);

    const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as {
      display: string;
      icons: { sizes: string; purpose: string }[];
      shortcuts: { name: string; url: string }[];
    };
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    expect(manifest.shortcuts.map((s) => s.url)).toEqual(['/invoice/edit', '/invoices']);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

/** Puts one customer and one issued invoice straight into this device's database. */
async function seedLocalInvoice(page: Page): Promise<{ id: string; number: string }> {
  const invoice = { id: randomUUID(), number: `INV-${Math.floor(Math.random() * 1e6)}` };
  await page.evaluate(async ({ id, number }) => {
    const identity = JSON.parse(localStorage.getItem('tollbook.identity')!) as { tenantId: string; userId: string };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(`tollbook-${identity.tenantId}-${identity.userId}`);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['customers', 'invoices'], 'readwrite');
    const customerId = crypto.randomUUID();
    tx.objectStore('customers').put({
      id: customerId, name: 'Globex Voice', company: 'Globex', status: 'active', currency: 'USD',
      taxRate: '20', dueDays: 30, schedule: 'monthly', address: '', contacts: [], externalId: '', notes: '',
    });
    tx.objectStore('invoices').put({
      id, customerId, number, status: 'issued', invoiceDate: '2026-11-01', dueDate: '2026-12-01', periodStart: null, periodEnd: null,
      currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '100.00', tax: '20.00', total: '120.00', paid: '0.00',
    });
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, invoice);
  return invoice;
}

test('"Not now" keeps the install offer away on the next page loads', async ({ page }) => {
  await signUp(page);
  await page.goto('/invoices');
  await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
  // What Chromium fires when it would offer installation; true when the app's listener took it.
  const offerInstall = () =>
    page.evaluate(() => {
      const event = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
        prompt: async () => {},
        userChoice: Promise.resolve({ outcome: 'dismissed' }),
      });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    });
  const offer = page.getByRole('status').filter({ hasText: 'Use Tollbook as an app on this device.' });
  await expect.poll(offerInstall).toBe(true);
  await expect(offer).toBeVisible();
  await offer.getByRole('button', { name: 'Not now' }).click();
  await expect(offer).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
  await expect.poll(offerInstall).toBe(true);
  await expect(offer).toHaveCount(0);
  // A month later the offer comes back.
  await page.evaluate(() => localStorage.setItem('tollbook.installDeclinedAt', String(Date.now() - 31 * 24 * 60 * 60 * 1000)));
  await offerInstall();
  await expect(offer).toBeVisible();
});

test('the install offer covers nothing on the page, at 1280 and at 390 px wide', async ({ page }) => {
  await signUpCompany(page);
  // Enough customers on the billing run that its table runs past the bottom of the window.
  const customers = Array.from({ length: 16 }, (_, i) => ({ ...billingData().customer, id: randomUUID(), name: `Carrier ${String(i + 1).padStart(2, '0')}`, externalId: '' }));
  await seed(page, customers.map((args) => ({ name: 'createCustomer', args })));
  await openSynced(page, '/invoices/run');
  await expect(page.getByRole('region', { name: 'Billing run customers' }).getByRole('row')).toHaveCount(17);
  await page.evaluate(() => {
    const event = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), { prompt: async () => {}, userChoice: Promise.resolve({ outcome: 'dismissed' }) });
    window.dispatchEvent(event);
  });
  const offer = page.getByRole('status').filter({ hasText: 'Use Tollbook as an app on this device.' });
  await expect(offer).toBeVisible();
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(viewport);
    for (const scroll of ['top', 'bottom'] as const) {
      await page.evaluate((to) => window.scrollTo(0, to === 'top' ? 0 : document.documentElement.scrollHeight), scroll);
      // Every element of the page that the offer is not part of, and that lies under the offer's box.
      const covered = await offer.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return [...document.querySelectorAll('main *, header *')]
          .filter((other) => !other.contains(element) && !element.contains(other))
          .filter((other) => {
            const r = other.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top;
          })
          .map((other) => `${other.tagName.toLowerCase()} ${(other.textContent ?? '').trim().slice(0, 40)}`);
      });
      expect(covered, `${viewport.width} px, scrolled to the ${scroll}`).toEqual([]);
    }
  }
  // Still there to use: "Not now" puts it away.
  await offer.getByRole('button', { name: 'Not now' }).click();
  await expect(offer).toHaveCount(0);
});

test('every screen opens from the cache with no network', async ({ page, context }) => {
  await signUp(page);
  await page.goto('/invoices');
  await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
  await controllingVersion(page);
  // The app has opened (and so created) its database by now: the list read it.
  await expect(page.getByTestId('invoice-rows').or(page.locator('.empty'))).toBeVisible();
  const invoice = await seedLocalInvoice(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();

  // Client-side navigation: Next's router fetches RSC payloads, answered from the precache.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await page.getByRole('link', { name: 'Tollbook home' }).click();
  await expect(page.getByRole('heading', { name: 'Tollbook', level: 1 })).toBeVisible();
  await nav.getByRole('link', { name: 'Invoices' }).click();
  await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
  // A link with a query (`/invoice?id=…`) opens the one cached /invoice page.
  await page.getByRole('link', { name: invoice.number }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText(invoice.number);
  await expect(page).toHaveURL(new RegExp(`/invoice\\?id=${invoice.id}$`));
  await nav.getByRole('link', { name: 'Customers' }).click();
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  await followMainLink(page, 'Invoices');
  await page.getByRole('link', { name: 'New invoice' }).click();
  await expect(page).toHaveURL(/\/invoice\/edit\?/);
  await expect(page.getByRole('heading', { name: 'New invoice', level: 1 })).toBeVisible();

  // Full page loads, query included: `/invoice?id=…` is the cached /invoice shell.
  await page.goto('/invoice/edit');
  await expect(page.getByRole('heading', { name: 'New invoice', level: 1 })).toBeVisible();
  await page.goto('/customers');
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  const missingId = randomUUID();
  await page.goto(`/invoice?id=${missingId}`);
  await expect(page).toHaveURL(new RegExp(`/invoice\\?id=${missingId}$`));
  await expect(page.getByText('This invoice does not exist on this device.')).toBeVisible();
  await page.goto(`/invoice?id=${invoice.id}`);
  await expect(page.getByTestId('invoice-number')).toHaveText(invoice.number);

  // The PDF's fonts come from the cache too.
  const fontsOk = await page.evaluate(async () => {
    const files = ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf', 'NotoSansArabic-Regular.ttf', 'NotoSansArabic-Bold.ttf', 'NotoSansHebrew-Regular.ttf', 'NotoSansHebrew-Bold.ttf', 'DroidSansFallbackFull.ttf', 'Symbola_hint.ttf'];
    const responses = await Promise.all(files.map((f) => fetch(`/fonts/${f}`)));
    return responses.every((r) => r.ok && r.headers.get('content-length') !== '0');
  });
  expect(fontsOk).toBe(true);

  // Anything never cached gets the offline page rather than the browser's error.
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'You are offline', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Invoices' }).click();
  await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();

  // The API is never cached: data goes through IndexedDB and sync only.
  const cachedApiUrls = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls.filter((url) => new URL(url).pathname.startsWith('/api/'));
  });
  expect(cachedApiUrls).toEqual([]);
});

test('a new build waits for the user, then every open tab reloads onto it', async ({ page, context }) => {
  const errors = collectConsoleErrors(page);
  await signUp(page);
  await page.goto('/invoices');
  const buildA = await controllingVersion(page);
  const otherTab = await context.newPage();
  await otherTab.goto('/customers');
  expect(await controllingVersion(otherTab)).toBe(buildA);

  const buildB = `e2e-${randomUUID()}`;
  try {
    buildServiceWorker(buildB);
    // Opening the app again is when the browser looks for a new worker; it installs and waits.
    await page.reload();
    const prompt = page.getByRole('status').filter({ hasText: 'Update available' });
    await expect(prompt).toBeVisible();
    // Until the click, both tabs stay on build A.
    expect(await controllingVersion(page)).toBe(buildA);
    expect(await controllingVersion(otherTab)).toBe(buildA);

    const reloaded = page.waitForEvent('load');
    const otherReloaded = otherTab.waitForEvent('load');
    await prompt.getByRole('button', { name: 'Reload' }).click();
    await Promise.all([reloaded, otherReloaded]);
    expect(await controllingVersion(page)).toBe(buildB);
    expect(await controllingVersion(otherTab)).toBe(buildB);
    await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
    await expect(otherTab.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
    await expect(prompt).toHaveCount(0);
  } finally {
    // Later specs get the worker of the build under test again.
    buildServiceWorker();
  }
  expect(errors).toEqual([]);
});

test('a database upgrade in another tab reloads this one onto the new schema', async ({ page, context }) => {
  await signUp(page);
  await page.goto('/customers');
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  const dbName = await page.evaluate(() => {
    const identity = JSON.parse(localStorage.getItem('tollbook.identity') ?? 'null') as { tenantId: string; userId: string } | null;
    return identity && `tollbook-${identity.tenantId}-${identity.userId}`;
  });
  expect(dbName).not.toBeNull();
  // The app has created its database; Dexie keeps it open for as long as the tab runs.
  await page.waitForFunction(async (name) => (await indexedDB.databases()).some((db) => db.name === name), dbName);
  await page.evaluate(() => ((window as { beforeUpgrade?: boolean }).beforeUpgrade = true));

  const reloaded = page.waitForEvent('load');
  // A newer build in another tab upgrading the schema: it is blocked until this tab lets go.
  const other = await context.newPage();
  await other.goto('/offline.html');
  const upgradedTo = await other.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const current = indexedDB.open(name);
        current.onerror = () => reject(current.error);
        current.onsuccess = () => {
          const version = current.result.version;
          current.result.close();
          const upgrade = indexedDB.open(name, version + 1);
          upgrade.onupgradeneeded = () => upgrade.result.createObjectStore('upgradeProbe');
          upgrade.onerror = () => reject(upgrade.error);
          upgrade.onsuccess = () => {
            upgrade.result.close();
            resolve(version + 1);
          };
        };
      }),
    dbName!,
  );
  await reloaded;
  expect(await page.evaluate(() => (window as { beforeUpgrade?: boolean }).beforeUpgrade)).toBeUndefined();
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  expect(await page.evaluate(async (name) => (await indexedDB.databases()).find((db) => db.name === name)?.version, dbName)).toBe(upgradedTo);
});

test('running out of storage is said plainly and every saved change stays in the outbox', async ({ page, context, baseURL }) => {
  await signUp(page);
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await controllingVersion(page);
  // Offline, nothing is pushed, so the outbox must hold every change the device recorded.
  await context.setOffline(true);
  const cdp = await context.newCDPSession(page);
  const origin = new URL(baseURL!).origin;
  const { usage } = (await cdp.send('Storage.getUsageAndQuota', { origin })) as { usage: number };
  // Room for a part of the demo data only (it is megabytes of usage rows).
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 300_000 });

  await page.getByRole('button', { name: 'Load demo data' }).click();
  await page.getByRole('dialog', { name: 'Load demo data' }).getByRole('button', { name: 'Load the demo data' }).click();
  // The screen's own error or, for a write nobody caught, the app-wide notice.
  await expect(page.getByRole('alert').filter({ hasText: 'out of storage space' }).first()).toBeVisible({ timeout: 60_000 });

  const outbox = await page.evaluate(async () => {
    const identity = JSON.parse(localStorage.getItem('tollbook.identity')!) as { tenantId: string; userId: string };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(`tollbook-${identity.tenantId}-${identity.userId}`);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const read = <T,>(store: string, query?: string) =>
      new Promise<T>((resolve, reject) => {
        const request = query === undefined ? db.transaction(store).objectStore(store).getAll() : db.transaction(store).objectStore(store).get(query);
        request.onsuccess = () => resolve(request.result as T);
        request.onerror = () => reject(request.error);
      });
    const entries = await read<{ id: number; name: string }[]>('outbox');
    const last = await read<{ value: number } | undefined>('meta', 'lastMutationId');
    const customers = await read<unknown[]>('customers');
    db.close();
    return { ids: entries.map((e) => e.id), names: entries.map((e) => e.name), last: last?.value ?? 0, customers: customers.length };
  });
  // Every change the device saved has its outbox entry, in order, no gaps; the demo data is one
  // change, saved whole with its entry (its 50 customers) or not at all, never in part.
  expect(outbox.ids).toEqual(Array.from({ length: outbox.last }, (_, i) => i + 1));
  expect(outbox.customers).toBe(outbox.names.includes('loadDemoData') ? 50 : 0);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
});

test('the Team page opened offline says it needs a connection, with no error, and shows the team once back online', async ({ page, context }) => {
  await signUp(page);
  await page.goto('/team');
  await expect(page.getByRole('heading', { name: 'Team', level: 1 })).toBeVisible();
  await controllingVersion(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Team', level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'You are offline: the team needs a connection' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  await expect(page.getByText('Failed to fetch')).toHaveCount(0);
  await expect(page.getByText('The team list needs a connection.')).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);

  await context.setOffline(false);
  await expect(page.getByRole('heading', { name: 'Members' }).locator('..').getByText('Ann', { exact: true })).toBeVisible();
  await expect(page.getByText('You are offline')).toHaveCount(0);
});
