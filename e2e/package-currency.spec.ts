import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import type { Package } from '../lib/entities';
import { customer } from '../server/sync/test-mutations';
import { openSynced, pickCustomer, seed, signUp } from './fixtures';
import { expectNoSeriousA11yViolations } from './page-checks';

test("a package is priced in a currency: the form, the list, and only the customer's currency offered to assign and to pre-fill a line", async ({ page }) => {
  await signUp(page);
  const berlin = customer({ name: 'Berlin Connect', company: '', currency: 'EUR' });
  const kansai = customer({ name: 'Kansai Voice', company: '', currency: 'JPY' });
  const did = fee({ name: 'DID rental', retail: '2.50', currency: 'USD' });
  await seed(page, [
    { name: 'createCustomer', args: berlin },
    { name: 'createCustomer', args: kansai },
    { name: 'createPackage', args: did },
  ]);

  // A new package is priced in My Account's currency (USD) unless another is chosen; its prices say which.
  await openSynced(page, '/package/edit');
  await expect(page.getByRole('heading', { name: 'New package', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Currency')).toHaveValue('USD');
  await expect(page.getByText('In USD, up to 6 decimals.')).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Platform fee');
  await page.getByLabel('Currency').selectOption('EUR');
  await expect(page.getByText('In EUR, up to 6 decimals.')).toBeVisible();
  await expect(page.getByText('In EUR, charged once, in the period the assignment starts.')).toBeVisible();
  await page.getByLabel('Retail price per period').fill('29.99');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Create package' }).click();
  const catalogue = page.getByRole('table', { name: 'Package catalogue' });
  await expect(catalogue.getByRole('row', { name: /Platform fee/ }).getByRole('cell')).toHaveText(['Fee', 'Monthly', 'EUR', '29.99', '0.00', '0', /Edit/]);
  await expect(catalogue.getByRole('row', { name: /DID rental/ }).getByRole('cell').nth(2)).toHaveText('USD');

  // Berlin Connect, billed in EUR, is offered the EUR package only, and told why the other is not there.
  await page.goto(`/customer?id=${berlin.id}`);
  const assign = page.getByRole('form', { name: 'Assign a package' });
  await expect(assign.getByLabel('Package').getByRole('option')).toHaveText(['Choose a package…', 'Platform fee']);
  await expect(assign.getByTestId('other-currency-packages')).toHaveText(
    '1 package is priced in USD (DID rental in USD), not in EUR, which Berlin Connect is billed in: a package is assigned only to customers billed in its currency.',
  );
  await assign.getByLabel('Package').selectOption({ label: 'Platform fee' });
  await assign.getByRole('button', { name: 'Assign package' }).click();
  await expect(page.getByRole('region', { name: 'Packages' }).getByRole('status').filter({ hasText: 'Platform fee assigned.' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Kansai Voice, billed in JPY, has nothing to assign: none is priced in yen.
  await page.goto(`/customer?id=${kansai.id}`);
  const packages = page.getByRole('region', { name: 'Packages' });
  await expect(packages.getByText('There are no packages priced in JPY to assign.')).toBeVisible();
  await expect(packages.getByTestId('other-currency-packages')).toHaveText(
    '2 packages are priced in EUR and USD (DID rental in USD and Platform fee in EUR), not in JPY, which Kansai Voice is billed in: a package is assigned only to customers billed in its currency.',
  );
  // Its link makes a package in yen.
  await packages.getByRole('link', { name: 'Create a package' }).click();
  await expect(page.getByLabel('Currency')).toHaveValue('JPY');

  // Assigned, the package's currency is fixed.
  await page.goto('/packages');
  await page.getByRole('table', { name: 'Package catalogue' }).getByRole('link', { name: 'Edit Platform fee' }).click();
  await expect(page.getByRole('heading', { name: 'Edit Platform fee', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Currency')).toBeDisabled();
  await expect(page.getByText('Fixed: the package is assigned to customers billed in EUR.')).toBeVisible();
  // And so is the customer's, in the package's.
  await page.goto(`/customer/edit?id=${berlin.id}`);
  await expect(page.getByLabel('Currency')).toBeDisabled();
  await expect(page.getByText('Fixed: packages priced in EUR are assigned to this customer (remove them to change it).')).toBeVisible();

  // Add Invoice Item on an invoice in EUR pre-fills from EUR packages only.
  await page.goto('/invoice/edit');
  await pickCustomer(page, 'Customer (required)', 'Berlin Connect');
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Package').getByRole('option')).toHaveText(['No package (manual line)', 'Platform fee']);
  await expect(dialog.getByTestId('other-currency-packages')).toHaveText('Packages priced in EUR; 1 package in other currencies is not offered.');
  await dialog.getByLabel('Package').selectOption({ label: 'Platform fee' });
  await expect(dialog.getByLabel('Unit price (required)')).toHaveValue('29.99');
});

function fee(overrides: Partial<Package>): Package {
  return {
    id: randomUUID(), name: 'Fee', description: '', currency: 'USD', retail: '1', setup: '0', frequency: 'monthly', matchDays: [1],
    kind: 'fee', prefixPattern: '', freeMinutes: 0, minimumSpend: false, retired: false, ...overrides,
  };
}

/** Puts a row straight into the device's IndexedDB, as a device holds one synced before this version. */
async function putOnDevice(page: Page, table: string, row: unknown): Promise<void> {
  await page.evaluate(
    async ({ table, row }) => {
      const identity = JSON.parse(localStorage.getItem('tollbook.identity')!) as { tenantId: string; userId: string };
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(`tollbook-${identity.tenantId}-${identity.userId}`);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(table, 'readwrite');
      tx.objectStore(table).put(row);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { table, row },
  );
}

test('an assignment across currencies made before packages had one: Generate Invoice refuses it with a message, and the customer page says why', async ({ page }) => {
  await signUp(page);
  const kansai = customer({ name: 'Kansai Voice', company: '', currency: 'JPY' });
  const platform = fee({ name: 'Platform fee', retail: '29.99', currency: 'EUR' });
  await seed(page, [
    { name: 'createCustomer', args: kansai },
    { name: 'createPackage', args: platform },
  ]);
  await openSynced(page, `/customer?id=${kansai.id}`);
  await expect(page.getByRole('heading', { name: 'Kansai Voice', level: 1 })).toBeVisible();
  // The server refuses it now (server/sync/package-currency.test.ts); a device may still hold one from before.
  await putOnDevice(page, 'customerPackages', { id: randomUUID(), customerId: kansai.id, packageId: platform.id, quantity: 1, startDate: '2025-01-01', endDate: null });

  await page.reload();
  const assigned = page.getByRole('table', { name: 'Packages assigned to Kansai Voice' });
  await expect(assigned.getByTestId('assignment-currency')).toHaveText('Priced in EUR, not JPY: invoices cannot bill it. Remove it and assign a package priced in JPY.');

  // Generate Invoice bills no ¥30 for the €29.99 fee: it says why and offers no draft.
  await page.goto(`/invoice/generate?customer=${kansai.id}`);
  await expect(page.getByTestId('cannot-generate')).toHaveText(
    "Package Platform fee is priced in EUR, but Kansai Voice is billed in JPY: its prices cannot be billed to Kansai Voice, so no invoice is generated. On Kansai Voice's page, remove Platform fee (or end it before this period) and assign a package priced in JPY.",
  );
  await expect(page.getByRole('button', { name: 'Create draft' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});
