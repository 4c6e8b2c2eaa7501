/**
 * Void and replace: an issued invoice is voided and a copy of it opens as a new draft that says
 * which invoice it replaces (its page and PDF), is numbered when issued, and is linked from the
 * void one; payments stay where they were recorded. Online, and with the network off.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { formatMoney } from '../lib/money';
import { checkPdf } from '../app/_pdf/pdf-test-tools';
import { billingData, seedMutations } from './billing-data';
import { openSynced, seed, signUp, issueDraft } from './fixtures';

const usd = (amount: string) => formatMoney(amount, 'USD', 'en-US');

/** Seeds Globex Carrier and a draft for October of one line, Port fee 1 × 10.00 without tax; returns its id. */
async function seedDraft(page: Page): Promise<string> {
  const data = billingData();
  const invoiceId = randomUUID();
  await seed(page, [
    ...seedMutations(data),
    {
      name: 'createInvoice',
      args: {
        invoice: {
          id: invoiceId, customerId: data.customer.id, number: null, status: 'draft', invoiceDate: '2026-11-01', dueDate: '2026-12-01',
          periodStart: '2026-10-01', periodEnd: '2026-10-31', currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
        },
        lines: [
          {
            id: randomUUID(), invoiceId, position: 0, kind: 'manual', description: 'Port fee', startDate: '2026-10-01', endDate: '2026-10-31',
            quantity: '1', unit: 'each', unitPrice: '10', taxRate: '0', amount: null, calls: null, minutes: null, packageId: null,
          },
        ],
      },
    },
  ]);
  return invoiceId;
}

/** On the replacement's editor: the price corrected to 12.00, saved. */
async function correctThePrice(page: Page) {
  await page.getByRole('button', { name: 'Edit Port fee' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Unit price (required)').fill('12');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
}

test('Void and replace: the copy is a draft of the same customer and period that says what it replaces, on its page and PDF, and takes the next number; the void invoice links to it, its payment the customer\'s credit', async ({ page }) => {
  await signUp(page);
  const invoiceId = await seedDraft(page);
  await openSynced(page, `/invoice?id=${invoiceId}`);
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  await page.getByRole('button', { name: 'Record payment' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Amount for invoice INV-1').fill('4');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(page.getByTestId('total-balance')).toHaveText(usd('6.00'));

  await page.getByRole('button', { name: 'Void' }).click();
  // The payment comes off it, as the customer's credit to apply to the replacement, and the dialog says so.
  await expect(dialog.getByTestId('void-paid-warning')).toContainText(`${usd('4.00')} has been paid against this invoice. A void invoice is owed nothing, so voiding takes it off`);
  await expect(dialog).toContainText('It starts with nothing paid.');
  await dialog.getByLabel('Reason').fill('Wrong price');
  await dialog.getByRole('button', { name: 'Void and replace' }).click();

  // The editor opens on the copy, which stays with the customer of the invoice it replaces.
  await expect(page.getByRole('heading', { name: 'Edit invoice (draft)' })).toBeVisible();
  await expect(page.getByTestId('replaces')).toContainText('Replaces invoice INV-1 (void).');
  await expect(page.getByLabel('Customer (required)')).toBeDisabled();
  await expect(page.getByLabel('Customer (required)')).toHaveAccessibleDescription(/A replacement is for the customer of the invoice it replaces/);
  await expect(page.getByLabel('Period from')).toHaveValue('2026-10-01');
  await expect(page.getByLabel('Period to')).toHaveValue('2026-10-31');
  await correctThePrice(page);

  await expect(page.getByTestId('invoice-customer')).toHaveText('Globex Carrier');
  await expect(page.getByTestId('replaces')).toHaveText('Replaces invoice INV-1 (void).');
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('12.00'));
  await issueDraft(page);
  // The next number: the void invoice keeps INV-1.
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-2');
  await expect(page.getByTestId('replaces')).toContainText('Replaces invoice INV-1 (void).');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
  expect(download.suggestedFilename()).toBe('INV-2.pdf');
  const pdf = checkPdf(new Uint8Array(await readFile((await download.path())!)));
  expect(pdf.qpdfStatus).toBe(0);
  expect(pdf.text).toMatch(/Replaces invoice +INV-1\b/);
  expect(pdf.text).toContain(usd('12.00'));

  // The void invoice points to its replacement; what was paid against it is the customer's credit now.
  await page.getByTestId('replaces').getByRole('link', { name: 'INV-1' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  await expect(page.getByText('Voided: Wrong price')).toBeVisible();
  await expect(page.getByTestId('replaced-by')).toHaveText('Replaced by invoice INV-2');
  await expect(page.getByTestId('total-paid')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Replace', exact: true })).toHaveCount(0);
  // Its PDF too, so the void PDF alone leads to the invoice now owed.
  const [voidDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
  const voidPdf = checkPdf(new Uint8Array(await readFile((await voidDownload.path())!)));
  expect(voidPdf.text).toMatch(/Replaced by invoice +INV-2\b/);
  await page.getByTestId('replaced-by').getByRole('link', { name: 'INV-2' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-2');
});

test('a replacement that leaves out a disputed destination says those calls are left out of it, billed by the invoice it replaces, not late; billing them is a choice worded as such', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  await seed(page, seedMutations(data));
  // Last month's calls to London, UK mobiles and New York, generated and issued as INV-1.
  await openSynced(page, `/invoice/generate?customer=${data.customer.id}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page).toHaveURL(/\/invoice\?id=/);
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  await expect(page.getByTestId('late-usage')).toHaveCount(0);

  // The New York calls are disputed: INV-1 is voided and replaced by a copy without them.
  await page.getByRole('button', { name: 'Void' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason').fill('New York calls disputed');
  await dialog.getByRole('button', { name: 'Void and replace' }).click();
  await expect(page.getByRole('heading', { name: 'Edit invoice (draft)' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete USA - New York (1212)' }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-2');

  // Its 39 calls (12 + 13 + 14) are INV-1's, left out of INV-2: not late calls, and no invitation to bill them as such.
  const notice = page.getByTestId('late-usage');
  await expect(notice.getByTestId('left-out-usage')).toContainText(`Calls left out of INV-2. 39 calls, 94.50 min, ${usd('1.52')} billed by INV-1, which this replaces, are left out of it.`);
  await expect(notice).toContainText('They are not late calls: if they were left out on purpose (a disputed line removed, say), there is nothing to do.');
  await expect(notice).not.toContainText('came in after');
  await expect(notice.getByRole('button', { name: 'Invoice the late calls' })).toHaveCount(0);
  // Generate for that month says the same, rather than point to "Invoice the late calls on INV-2".
  await openSynced(page, `/invoice/generate?customer=${data.customer.id}`);
  const pointer = page.getByTestId('late-calls-pointer');
  await expect(pointer).toContainText(`INV-2 bills this period's usage, except 39 calls (${usd('1.52')}) billed by INV-1, which INV-2 replaces, and left out of it: not late calls.`);
  await expect(pointer.getByRole('link', { name: 'Invoice the late calls on INV-2' })).toHaveCount(0);
  await pointer.getByRole('link', { name: 'Bill the left-out calls on INV-2 anyway' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-2');

  // Billing them is still possible, as a deliberate choice: a plain button, and the draft says what it bills.
  const anyway = notice.getByRole('button', { name: 'Bill the left-out calls anyway' });
  await expect(anyway).not.toHaveClass(/primary/);
  await anyway.click();
  await expect(page.getByRole('heading', { name: 'Edit invoice (draft)' })).toBeVisible();
  await expect(page.getByLabel('Notes')).toHaveValue(/calls INV-1, which INV-2 replaces, billed and INV-2 left out, billed on purpose/);
});

test.describe('offline', () => {
  test.use({ serviceWorkers: 'allow' });

  test('with the network off: Void and replace, correct and issue the copy (pending); on reconnect it is numbered INV-2 and the void INV-1 links to it', async ({ page, context }) => {
    // The first visit precaches the app (the service worker) before the network goes away.
    test.setTimeout(180_000);
    await signUp(page);
    const invoiceId = await seedDraft(page);
    await openSynced(page, `/invoice?id=${invoiceId}`);
    await issueDraft(page);
    await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 120_000 });
    await context.setOffline(true);
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');

    await page.getByRole('button', { name: 'Void' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('Wrong price');
    await dialog.getByRole('button', { name: 'Void and replace' }).click();
    await expect(page.getByTestId('replaces')).toContainText('Replaces invoice INV-1 (void).');
    await correctThePrice(page);
    await issueDraft(page);
    await expect(page.getByTestId('invoice-number')).toHaveText('pending');
    await expect(page.getByTestId('sync-status')).toContainText('unsynced');

    // Offline, the void invoice already points to its replacement, waiting for its number.
    await page.getByTestId('replaces').getByRole('link', { name: 'INV-1' }).click();
    await expect(page.getByTestId('replaced-by')).toHaveText('Replaced by invoice pending');

    // Back online: the void, the copy and its issue sync in order; the server numbers the copy.
    await context.setOffline(false);
    await expect(page.getByTestId('replaced-by')).toHaveText('Replaced by invoice INV-2', { timeout: 30_000 });
    await expect(page.getByTestId('sync-status')).toHaveText('Synced');
    await page.getByTestId('replaced-by').getByRole('link', { name: 'INV-2' }).click();
    await expect(page.getByTestId('invoice-number')).toHaveText('INV-2');
    await expect(page.getByTestId('total-total').first()).toHaveText(usd('12.00'));
  });
});
