/**
 * Test fixtures that go through the real API: sign up a fresh company account in the browser
 * context (the session cookie lands in the context), and seed records by pushing named mutations
 * exactly as a device would.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { expect, type Browser, type Page } from '@playwright/test';

export interface Identity {
  user: { id: string; email: string };
  tenant: { id: string; name: string };
}

async function call<T>(page: Page, procedure: string, input: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await page.request.post(`/api/trpc/${procedure}`, { data: input, headers });
  const body = (await response.json()) as { result?: { data: T }; error?: unknown };
  if (!response.ok() || !body.result) throw new Error(`${procedure} failed: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

export async function signUp(page: Page, companyName = 'Acme Telecom'): Promise<Identity> {
  // Each from an address of its own: the suite signs up more companies than one network may in an
  // hour (MAX_SIGN_UPS_PER_IP, tested on the server); the suite's server believes the one
  // X-Forwarded-For entry of a proxy (PROXY_HOPS=1 in playwright.config.ts).
  const address = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  return call<Identity>(
    page,
    'auth.signUp',
    { companyName, name: 'Ann Biller', email: `ann+${randomUUID()}@example.com`, password: 'correct horse battery staple' },
    { 'x-forwarded-for': address },
  );
}

/** Two devices of one user: two browser contexts signed in to the same company account. */
export async function twoDevices(browser: Browser): Promise<[Page, Page]> {
  const email = `sync+${randomUUID()}@example.com`;
  const password = 'correct horse battery staple';
  const one = await (await browser.newContext()).newPage();
  const two = await (await browser.newContext()).newPage();
  const signUp = await one.request.post('/api/trpc/auth.signUp', { data: { companyName: 'Sync Telecom', name: 'Sam', email, password } });
  expect(signUp.ok()).toBe(true);
  const signIn = await two.request.post('/api/trpc/auth.signIn', { data: { email, password } });
  expect(signIn.ok()).toBe(true);
  return [one, two];
}

/** Pushes mutations as a separate seeding device; returns once the server has applied them all. */
export async function seed(page: Page, mutations: { name: string; args: unknown }[]): Promise<void> {
  const clientId = randomUUID();
  for (let start = 0; start < mutations.length; start += 200) {
    const batch = mutations.slice(start, start + 200).map((m, i) => ({ id: start + i + 1, ...m }));
    const result = await call<{ results: { id: number; status: string; error?: string }[] }>(page, 'sync.push', {
      protocolVersion: 1,
      clientId,
      mutations: batch,
    });
    const refused = result.results.filter((r) => r.status !== 'applied');
    if (refused.length) throw new Error(`seed refused: ${JSON.stringify(refused)}`);
  }
}

/**
 * Follows a link of the main navigation. On a phone the sections are under the header's Menu, which
 * is opened first, as a user would; at a desk they are in the header.
 */
export async function followMainLink(page: Page, name: string): Promise<void> {
  const menu = page.getByRole('banner').getByRole('button', { name: 'Menu' });
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}

/** Opens a page of the signed-in app and waits until the device has synced. */
export async function openSynced(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
}

/**
 * Reads this device's IndexedDB (the signed-in user's database) in the page: the record `key` of
 * `store`, or with no key how many records it holds.
 */
function readDeviceStore(page: Page, store: string, key?: string): Promise<unknown> {
  return page.evaluate(
    async ({ store, key }) => {
      const identity = JSON.parse(localStorage.getItem('tollbook.identity')!) as { tenantId: string; userId: string };
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(`tollbook-${identity.tenantId}-${identity.userId}`);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        return await new Promise<unknown>((resolve, reject) => {
          const objects = db.transaction(store).objectStore(store);
          const request = key === undefined ? objects.count() : objects.get(key);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      } finally {
        db.close();
      }
    },
    { store, key },
  );
}

/** The record `key` of IndexedDB store `store` as this device holds it (undefined when it has none). */
export async function storedRecord<T>(page: Page, store: string, key: string): Promise<T | undefined> {
  return (await readDeviceStore(page, store, key)) as T | undefined;
}

/**
 * Waits until this device's outbox is empty (every change pushed), read from IndexedDB itself: the
 * sync badge renders a moment after a write, so it can still read "Synced" from before one.
 */
export async function waitUntilNothingToSync(page: Page): Promise<void> {
  await expect.poll(() => readDeviceStore(page, 'outbox'), { timeout: 20_000 }).toBe(0);
}

/**
 * Issues the draft open on `page`: Issue, then the confirmation's "Issue invoice" (or "Issue credit
 * note"); returns once the dialog has closed (issued on the device; the number comes with the sync).
 */
export async function issueDraft(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Issue', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /^Issue (invoice|credit note)$/ }).click();
  await expect(dialog).toHaveCount(0);
}

/**
 * Picks a customer in a customer picker (app/_components/customer-picker) as a person does: types
 * `typed` (by default the option's name, before any " (company)") into the combobox labelled
 * `field`, then clicks the option named `option` ("Globex Carrier (Globex Ltd)"). The field then
 * shows the option's name, unless the page refused the change (a confirm dismissed).
 */
export async function pickCustomer(page: Page, field: string, option: string, typed = option.replace(/ \(.*$/, '')): Promise<void> {
  await page.getByRole('combobox', { name: field, exact: true }).fill(typed);
  await page.getByRole('listbox', { name: 'Customers' }).getByRole('option', { name: option }).click();
}

/**
 * The browser's own questions (confirm boxes: leaving unsaved edits, closing a dialog with something
 * typed) a page asks: `asked` collects their words in order; each is answered as the last
 * `answer(…)` said when it comes, dismissed (staying) until `answer(true)`.
 */
export function browserQuestions(page: Page): { asked: string[]; answer: (accept: boolean) => void } {
  const asked: string[] = [];
  let accept = false;
  page.on('dialog', (dialog) => {
    asked.push(dialog.message());
    void (accept ? dialog.accept() : dialog.dismiss());
  });
  return {
    asked,
    answer: (yes) => {
      accept = yes;
    },
  };
}
