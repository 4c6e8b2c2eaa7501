/**
 * Credit note… on an issued invoice: a draft credit note giving back all of it opens in the editor,
 * is cut down to a partial credit and issued; its page and PDF name the invoice it credits with its
 * date, its totals are exact, it offers its credit to that invoice (Apply credit), and the invoice
 * links to it.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { formatMoney } from '../lib/money';
import { checkPdf } from '../app/_pdf/pdf-test-tools';
import { billingData, seedMutations } from './billing-data';
import { openSynced, seed, signUp, issueDraft } from './fixtures';
import { expectNoSeriousA11yViolations, expectNoHorizontalScroll } from './page-checks';

const usd = (amount: string) => formatMoney(amount, 'USD', 'en-US');

/**
 * Seeds Globex Carrier and a draft for October dated Nov 1, 2026: Port fee 1 × 10.125 (10.13) and
 * DID rental 3 × 4.995 (14.985 → 14.99), both at 20%: net 25.12, tax 5.02 (5.024), total 30.14.
 */
async function seedDraft(page: Page): Promise<string> {
  const data = billingData();
  const invoiceId = randomUUID();
  const line = (position: number, description: string, quantity: string, unitPrice: string) => ({
    id: randomUUID(), invoiceId, position, kind: 'manual', description, startDate: '2026-10-01', endDate: '2026-10-31',
    quantity, unit: 'each', unitPrice, taxRate: '20', amount: null, calls: null, minutes: null, packageId: null,
  });
  await seed(page, [
    ...seedMutations(data),
    {
      name: 'createInvoice',
      args: {
        invoice: {
          id: invoiceId, customerId: data.customer.id, number: null, status: 'draft', invoiceDate: '2026-11-01', dueDate: '2026-12-01',
          periodStart: '2026-10-01', periodEnd: '2026-10-31', currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
        },
        lines: [line(0, 'Port fee', '1', '10.125'), line(1, 'DID rental', '3', '4.995')],
      },
    },
  ]);
  return invoiceId;
}

test('Credit note…: a draft giving back all of INV-1, cut down to one DID and issued, names INV-1 and its date on its page and PDF, offers its credit to INV-1, and INV-1 links to it', async ({ page }) => {
  await signUp(page);
  const invoiceId = await seedDraft(page);
  await openSynced(page, `/invoice?id=${invoiceId}`);
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('30.14'));

  await page.getByRole('button', { name: 'Credit note…' }).click();
  // The editor opens on the draft: every line given back, for INV-1's customer.
  await expect(page.getByRole('heading', { name: 'Edit invoice (draft)' })).toBeVisible();
  await expect(page.getByTestId('credits')).toHaveText('Credits invoice INV-1 of Nov 1, 2026.');
  await expect(page.getByLabel('Customer (required)')).toBeDisabled();
  await expect(page.getByLabel('Customer (required)')).toHaveAccessibleDescription(/A credit note is for the customer of the invoice it credits/);
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('-30.14'));

  // A partial credit: one DID of three, the port fee kept.
  await page.getByRole('button', { name: 'Delete Port fee' }).click();
  await page.getByRole('button', { name: 'Edit DID rental' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Quantity')).toHaveValue('-3');
  await dialog.getByLabel('Quantity').fill('-1');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  // −4.995 → −5.00, tax 20% −1.00.
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('-6.00'));
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-2');
  await expect(page.getByTestId('credits')).toHaveText('Credits invoice INV-1 of Nov 1, 2026.');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
  expect(download.suggestedFilename()).toBe('INV-2.pdf');
  const pdf = checkPdf(new Uint8Array(await readFile((await download.path())!)));
  expect(pdf.qpdfStatus).toBe(0);
  expect(pdf.text).toMatch(/Credit note no\. +INV-2\b/);
  expect(pdf.text).toMatch(/Credits invoice +INV-1 of Nov 1, 2026\b/);
  expect(pdf.text).toMatch(new RegExp(`Net +${usd('-5.00').replace('$', '\\$')}`));
  expect(pdf.text).toMatch(new RegExp(`Tax 20% on ${usd('-5.00').replace('$', '\\$')} +${usd('-1.00').replace('$', '\\$')}`));
  expect(pdf.text).toMatch(new RegExp(`Total USD +${usd('-6.00').replace('$', '\\$')}`));

  // Issued, it offers its credit to INV-1, still owed in full; Apply credit starts with INV-1.
  await expect(page.getByTestId('apply-credit-offer')).toHaveText(`Invoice INV-1 still has ${usd('30.14')} to pay: Apply credit to put this credit note's credit against it.`);
  await expectNoSeriousA11yViolations(page);
  await page.getByTestId('apply-credit-offer').getByRole('button', { name: 'Apply credit' }).click();
  await expect(dialog.getByLabel('Credit to apply to invoice INV-1')).toHaveValue('6.00');
  await dialog.getByRole('button', { name: 'Apply credit' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('apply-credit-offer')).toHaveCount(0);

  await page.getByTestId('credits').getByRole('link', { name: 'INV-1' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  await expect(page.getByTestId('credited-by')).toHaveText(`Credited by credit note INV-2 (${usd('-6.00')})`);
  await expect(page.getByTestId('total-balance')).toHaveText(usd('24.14'));
  await expectNoSeriousA11yViolations(page);
  // At a phone's width the notices and the added button fit.
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(page);
  await page.getByTestId('credited-by').getByRole('link', { name: 'INV-2' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-2');
  // A credit note is not credited again.
  await expect(page.getByRole('button', { name: 'Credit note…' })).toHaveCount(0);
});
