/**
 * Values the server or the app cannot use are refused where they are typed or linked, and a
 * timezone this browser does not know no longer breaks the screens.
 */
import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { openSynced, seed, signUp } from './fixtures';

function customer(name: string) {
  return { id: randomUUID(), name, company: '', status: 'active', currency: 'USD', taxRate: '0', dueDays: 14, schedule: 'none', address: '', contacts: [], externalId: '', notes: '' };
}

test('a NUL character typed into a customer name is refused by the form, and the next customer syncs', async ({ page }) => {
  await signUp(page);
  await openSynced(page, '/customer/edit');
  await page.getByLabel('Name').click();
  await page.keyboard.insertText('Nul\u0000Two Ltd');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByText('Name must not contain the NUL character (U+0000): remove it and save again')).toBeVisible();
  await expect(page.getByText('Nothing was saved: correct the fields marked below.')).toBeVisible();

  await page.getByLabel('Name').fill('Ordinary Ltd');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: 'Ordinary Ltd', level: 1 })).toBeVisible();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
  await expect(page.getByTestId('sync-status')).not.toContainText('unsynced');
});

test('Generate Invoice from a link with days that do not exist says the period is invalid and offers no draft', async ({ page }) => {
  await signUp(page);
  const buyer = customer('Year Zero Ltd');
  const usage = {
    id: `${buyer.id}:2026-01-15:4420`, customerId: buyer.id, day: '2026-01-15', destination: '4420', destinationName: 'United Kingdom - London',
    calls: 3, attempts: 3, seconds: 180, billedSeconds: 180, charge: '0.30', currency: 'USD',
  };
  await seed(page, [{ name: 'createCustomer', args: buyer }, { name: 'putUsage', args: { rows: [usage] } }]);
  await openSynced(page, `/invoice/generate?customer=${buyer.id}&from=0000-12-01&to=0000-12-31`);
  await expect(page.getByRole('heading', { name: 'Generate invoice for Year Zero Ltd' })).toBeVisible();
  await expect(page.locator('main').getByRole('alert')).toHaveText('The period is not valid: From ("0000-12-01") must be a date in the years 0001 to 9999. Choose the days below.');
  await expect(page.getByRole('button', { name: 'Create draft' })).toHaveCount(0);

  // Choosing real days gives the preview back.
  await page.getByLabel('From', { exact: true }).fill('2026-01-01');
  await expect(page.locator('main').getByRole('alert')).toHaveText('The period is not valid: To ("0000-12-31") must be a date in the years 0001 to 9999. Choose the days below.');
  await page.getByLabel('To', { exact: true }).fill('2026-01-31');
  await expect(page.getByRole('button', { name: 'Create draft' })).toBeVisible();
  await expect(page.locator('main').getByRole('alert')).toHaveCount(0);

  await page.goto(`/invoice/generate?customer=${buyer.id}&from=2026-02-30&to=2026-03-31`);
  await expect(page.locator('main').getByRole('alert')).toHaveText('The period is not valid: From ("2026-02-30") is not a real calendar date. Choose the days below.');
  await expect(page.getByRole('button', { name: 'Create draft' })).toHaveCount(0);
});

/** Sets the device's copy of My Account's timezone, as a newer browser that knows the zone saved it. */
async function setDeviceTimeZone(page: Page, timeZone: string) {
  await page.evaluate(async (zone) => {
    const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('tollbook') && n !== 'tollbook-signed-out');
    if (names.length !== 1) throw new Error(`expected one tenant database, found ${JSON.stringify(names)}`);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(names[0]!);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const store = db.transaction('account', 'readwrite').objectStore('account');
      const get = store.get('account');
      get.onsuccess = () => {
        const put = store.put({ ...get.result, timezone: zone });
        put.onsuccess = () => resolve();
        put.onerror = () => reject(put.error);
      };
      get.onerror = () => reject(get.error);
    });
    db.close();
  }, timeZone);
}

test('a timezone this browser does not know: every screen still opens, counting days in UTC, and says so', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await signUp(page);
  const buyer = customer('Zone Buyer Ltd');
  const invoiceId = randomUUID();
  await seed(page, [
    { name: 'saveAccount', args: { companyName: 'Zone Co' } },
    { name: 'createCustomer', args: buyer },
    {
      name: 'createInvoice',
      args: {
        invoice: { id: invoiceId, customerId: buyer.id, number: null, status: 'draft', invoiceDate: '2026-11-01', dueDate: '2026-11-15', periodStart: null, periodEnd: null, currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0' },
        lines: [],
      },
    },
  ]);
  await openSynced(page, '/invoices');
  await expect(page.getByTestId('time-zone-notice')).toHaveCount(0);
  await setDeviceTimeZone(page, 'Mars/Olympus');

  const notice = 'My Account\'s timezone "Mars/Olympus" is not one this browser knows, so this device counts days (today, due dates, overdue) in UTC. Choose a timezone in Settings, or update this browser.';
  for (const [path, heading] of [
    ['/invoices', 'Invoices'],
    [`/invoice?id=${invoiceId}`, undefined],
    ['/invoice/edit', 'New invoice'],
    [`/customer?id=${buyer.id}`, 'Zone Buyer Ltd'],
    [`/invoice/generate?customer=${buyer.id}`, 'Generate invoice for Zone Buyer Ltd'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByTestId('time-zone-notice'), path).toHaveText(notice);
    if (heading) await expect(page.getByRole('heading', { name: heading, level: 1 }), path).toBeVisible();
    else await expect(page.getByTestId('invoice-number'), path).toHaveText('draft');
    await expect(page.getByText("This page couldn't load")).toHaveCount(0);
  }
  // CDRs are not imported on such a device: their days would be UTC days, not the account's.
  await page.goto('/usage/import');
  await expect(page.getByRole('alert').filter({ hasText: 'This browser does not know the account timezone Mars/Olympus' })).toBeVisible();
  await expect(page.getByLabel('CDR file', { exact: true })).toBeDisabled();
  expect(errors).toEqual([]);
});
