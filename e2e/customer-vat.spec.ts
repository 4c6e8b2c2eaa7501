/**
 * A customer's VAT id and tax note: entered in the customer form (the reverse-charge wording offered
 * at 0%, never filled in by itself), shown on the customer's page, printed under the Bill to address
 * and near the totals on the invoice screen and its PDF, kept as issued by an issued invoice, and
 * carried through the customers CSV.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { checkPdf } from '../app/_pdf/pdf-test-tools';
import { parseCsv } from '../lib/csv';
import { draftWithLines } from './billing-data';
import { followMainLink, openSynced, seed, signUp, waitUntilNothingToSync } from './fixtures';

const REVERSE_CHARGE = 'Reverse charge: VAT to be accounted for by the recipient (Art. 196, Directive 2006/112/EC)';

/** Downloads the open invoice's PDF; its text (pdftotext -layout). */
async function pdfText(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
  return checkPdf(new Uint8Array(await readFile((await download.path())!))).text;
}

/** pdftotext lays a long line out over columns: its words, one space between them. */
const words = (text: string) => text.replace(/\s+/g, ' ');

test('the VAT id and tax note go from the customer form to the invoice and its PDF; an issued invoice keeps those it was issued with', async ({ page }) => {
  await signUp(page);
  await openSynced(page, '/customers');
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Globex BV');
  const taxNote = page.getByLabel('Tax note');
  const suggestion = page.getByRole('button', { name: 'Use the reverse-charge note' });
  // Offered at 0% only, and never filled in by itself.
  await page.getByLabel('Tax %').fill('20');
  await expect(suggestion).toHaveCount(0);
  await page.getByLabel('Tax %').fill('0');
  await expect(taxNote).toHaveValue('');
  await suggestion.click();
  await expect(taxNote).toHaveValue(REVERSE_CHARGE);
  await expect(suggestion).toHaveCount(0);

  // A VAT id with a tab in it is refused, naming the field, and nothing is saved.
  await page.getByLabel('VAT id').fill('NL123456789\tB01');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByText('VAT id must be one line without control characters (tabs, line breaks)')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'New customer', level: 1 })).toBeVisible();
  // The spaces around a pasted id are dropped.
  await page.getByLabel('VAT id').fill('  NL123456789B01 ');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: 'Globex BV', level: 1 })).toBeVisible();
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('VAT idNL123456789B01');
  await expect(details).toContainText(`Tax note${REVERSE_CHARGE}`);
  const customerId = new URL(page.url()).searchParams.get('id')!;
  // The seed below goes to the server as another device's change: the customer must be there first.
  await waitUntilNothingToSync(page);

  const issued = draftWithLines(customerId, ['Wholesale termination, November']);
  await seed(page, [issued.mutation, { name: 'issueInvoice', args: { id: issued.invoiceId } }]);
  await openSynced(page, `/invoice?id=${issued.invoiceId}`);
  const billTo = page.getByRole('region', { name: 'Bill to' });
  await expect(billTo.getByTestId('invoice-customer-vat-id')).toHaveText('VAT ID NL123456789B01');
  await expect(page.getByTestId('invoice-tax-note')).toHaveText(REVERSE_CHARGE);
  const issuedPdf = await pdfText(page);
  expect(issuedPdf).toContain('VAT ID NL123456789B01');
  expect(words(issuedPdf)).toContain(REVERSE_CHARGE);

  // The customer changes its VAT id and drops the note (the form offers it again, at 0%).
  await openSynced(page, `/customer/edit?id=${customerId}`);
  await page.getByLabel('VAT id').fill('NL999999999B01');
  await page.getByLabel('Tax note').fill('');
  await expect(suggestion).toBeVisible();
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page.getByRole('heading', { name: 'Globex BV', level: 1 })).toBeVisible();
  await expect(details).toContainText('VAT idNL999999999B01');
  await expect(details).not.toContainText('Tax note');

  // The issued invoice keeps what it was issued with, on screen and on paper.
  await openSynced(page, `/invoice?id=${issued.invoiceId}`);
  await expect(billTo.getByTestId('invoice-customer-vat-id')).toHaveText('VAT ID NL123456789B01');
  await expect(page.getByTestId('invoice-tax-note')).toHaveText(REVERSE_CHARGE);
  const keptPdf = await pdfText(page);
  expect(keptPdf).toContain('VAT ID NL123456789B01');
  expect(keptPdf).not.toContain('NL999999999B01');
  expect(words(keptPdf)).toContain(REVERSE_CHARGE);

  // A draft shows the customer as it is now.
  const draft = draftWithLines(customerId, ['Wholesale termination, December']);
  await seed(page, [draft.mutation]);
  await openSynced(page, `/invoice?id=${draft.invoiceId}`);
  await expect(billTo.getByTestId('invoice-customer-vat-id')).toHaveText('VAT ID NL999999999B01');
  await expect(page.getByTestId('invoice-tax-note')).toHaveCount(0);
  const draftPdf = words(await pdfText(page));
  expect(draftPdf).toContain('VAT ID NL999999999B01');
  expect(draftPdf).not.toContain('Reverse charge');
  // The editor shows it under the customer, as the invoice prints it.
  await page.goto(`/invoice/edit?id=${draft.invoiceId}`);
  await expect(page.getByTestId('invoice-customer-vat-id')).toHaveText('VAT ID NL999999999B01');
});

test('the customers CSV carries the VAT id and tax note after its other columns, and an import changes them', async ({ page }) => {
  await signUp(page);
  await openSynced(page, '/customers');
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Globex BV');
  await page.getByLabel('Tax %').fill('0');
  await page.getByLabel('VAT id').fill('NL123456789B01');
  await page.getByRole('button', { name: 'Use the reverse-charge note' }).click();
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: 'Globex BV', level: 1 })).toBeVisible();
  await followMainLink(page, 'Customers');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const exported = parseCsv(await readFile((await (await downloading).path())!, 'utf8'));
  expect(exported[0]).toEqual([
    'id', 'name', 'company', 'status', 'currency', 'tax_rate', 'due_days', 'schedule', 'address', 'external_id', 'notes',
    'contact_1_name', 'contact_1_email', 'contact_1_phone', 'vat_id', 'tax_note',
  ]);
  expect(exported[1]!.slice(-2)).toEqual(['NL123456789B01', REVERSE_CHARGE]);

  // Read back unchanged: nothing to import.
  const csvFile = (name: string, rows: string[][]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n')) });
  await page.getByRole('link', { name: 'Import CSV' }).click();
  await page.getByLabel('CSV file', { exact: true }).setInputFiles(csvFile('again.csv', exported));
  await expect(page.getByTestId('import-summary')).toContainText('1 row changes nothing and will be left out.');

  // Another VAT id and no note: the preview says so, and the import changes the customer.
  const edited = [exported[0]!, [...exported[1]!.slice(0, -2), 'BE0123456789', '']];
  await page.getByLabel('CSV file', { exact: true }).setInputFiles(csvFile('edited.csv', edited));
  const row = page.getByRole('table', { name: 'Rows to import' }).getByRole('row', { name: /Globex BV/ });
  await expect(row.getByRole('cell').last()).toHaveText('vat_id: NL123456789B01 → BE0123456789; tax_note: Reverse charge: VAT to be accounted for… → (blank)');
  await page.getByRole('button', { name: 'Import 1 customer' }).click();
  await expect(page.getByRole('status').filter({ hasText: '0 customers created, 1 updated.' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to customers' }).click();
  await page.getByRole('table', { name: 'Customers' }).getByRole('link', { name: 'Globex BV' }).click();
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('VAT idBE0123456789');
  await expect(details).not.toContainText('Tax note');
});
