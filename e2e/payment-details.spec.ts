/**
 * Payment details by currency: My Account holds general payment details and, for a currency paid
 * into another account, that currency's own; each invoice prints those of its currency, on screen
 * and in its PDF, and an issued invoice keeps those it was issued with.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { checkPdf } from '../app/_pdf/pdf-test-tools';
import { billingData, draftWithLines } from './billing-data';
import { openSynced, seed, signUp } from './fixtures';

async function pdfText(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
  return checkPdf(new Uint8Array(await readFile((await download.path())!))).text;
}

test("each invoice prints its currency's payment details, else the general ones; an issued invoice keeps them", async ({ page }) => {
  await signUp(page);
  await openSynced(page, '/settings');
  await page.getByLabel('Payment details', { exact: true }).fill('Any currency: IBAN GB33 BUKB 2020 1555 5555 55');
  await page.getByLabel('Currency', { exact: true }).selectOption('EUR');
  await page.getByRole('button', { name: 'Add payment details for EUR' }).click();
  // The new field takes the keyboard.
  await expect(page.getByLabel('Payment details for EUR')).toBeFocused();
  await page.keyboard.type('EUR account: IBAN DE89 3704 0044 0532 0130 00');
  // A currency added and left empty prints the general details, and is not kept.
  await page.getByLabel('Currency', { exact: true }).selectOption('CHF');
  await page.getByRole('button', { name: 'Add payment details for CHF' }).click();
  await expect(page.getByText('Empty: CHF invoices print the payment details above.')).toBeVisible();
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByText('Account saved.')).toBeVisible();
  // The blank one leaves the form with the save, and the save is not taken for another device's change.
  await expect(page.getByLabel('Payment details for CHF')).toHaveCount(0);
  await expect(page.getByTestId('remote-change-notice')).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel('Payment details for EUR')).toHaveValue('EUR account: IBAN DE89 3704 0044 0532 0130 00');
  await expect(page.getByLabel('Payment details for CHF')).toHaveCount(0);

  const usd = billingData().customer;
  const eur = { ...billingData().customer, id: randomUUID(), name: 'Euro Carrier GmbH', currency: 'EUR' };
  const usdDraft = draftWithLines(usd.id, ['Wholesale termination']);
  const eurDraft = draftWithLines(eur.id, ['Wholesale termination']);
  await seed(page, [
    { name: 'createCustomer', args: usd },
    { name: 'createCustomer', args: eur },
    usdDraft.mutation,
    { ...eurDraft.mutation, args: { ...eurDraft.mutation.args, invoice: { ...eurDraft.mutation.args.invoice, currency: 'EUR' } } },
    { name: 'issueInvoice', args: { id: eurDraft.invoiceId } },
  ]);
  await openSynced(page, `/invoice?id=${usdDraft.invoiceId}`);
  await expect(page.getByTestId('invoice-payment-details')).toHaveText('Any currency: IBAN GB33 BUKB 2020 1555 5555 55');
  await openSynced(page, `/invoice?id=${eurDraft.invoiceId}`);
  await expect(page.getByTestId('invoice-payment-details')).toHaveText('EUR account: IBAN DE89 3704 0044 0532 0130 00');
  const issuedPdf = await pdfText(page);
  expect(issuedPdf).toContain('EUR account: IBAN DE89 3704 0044 0532 0130 00');
  expect(issuedPdf).not.toContain('GB33');

  // The EUR details removed: the issued EUR invoice keeps them, a new EUR draft prints the general ones.
  await openSynced(page, '/settings');
  await page.getByRole('button', { name: 'Remove EUR payment details' }).click();
  await expect(page.getByLabel('Currency', { exact: true })).toBeFocused();
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByText('Account saved.')).toBeVisible();
  await openSynced(page, `/invoice?id=${eurDraft.invoiceId}`);
  await expect(page.getByTestId('invoice-payment-details')).toHaveText('EUR account: IBAN DE89 3704 0044 0532 0130 00');
  const nextEur = draftWithLines(eur.id, ['Wholesale termination']);
  await seed(page, [{ ...nextEur.mutation, args: { ...nextEur.mutation.args, invoice: { ...nextEur.mutation.args.invoice, currency: 'EUR' } } }]);
  await openSynced(page, `/invoice?id=${nextEur.invoiceId}`);
  await expect(page.getByTestId('invoice-payment-details')).toHaveText('Any currency: IBAN GB33 BUKB 2020 1555 5555 55');
  expect(await pdfText(page)).toContain('Any currency: IBAN GB33 BUKB 2020 1555 5555 55');
});
