/**
 * Credit note… on an issued invoice: a credit note giving back all of it opens in the editor, not saved
 * until Save (Cancel makes none),
 * is cut down to a partial credit and issued; its page and PDF name the invoice it credits with its
 * date, its totals are exact, it offers its credit to that invoice (Apply credit), and the invoice
 * links to it.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { todayIn } from '../lib/dates';
import { formatMoney } from '../lib/money';
import { checkPdf } from '../app/_pdf/pdf-test-tools';
import { billingData, seedMutations } from './billing-data';
import { followMainLink, issueDraft, openSynced, seed, signUp, storedRecord } from './fixtures';
import { expectNoSeriousA11yViolations, expectNoHorizontalScroll } from './page-checks';

const usd = (amount: string) => formatMoney(amount, 'USD', 'en-US');

/** The invoice `id`'s date and due date as stored on the device (its IndexedDB). */
async function storedDates(page: Page, id: string): Promise<[string, string]> {
  const invoice = await storedRecord<{ invoiceDate: string; dueDate: string }>(page, 'invoices', id);
  return [invoice!.invoiceDate, invoice!.dueDate];
}

/**
 * Seeds Globex Carrier and a draft for October dated Nov 1, 2026: Port fee 1 × 10.125 (10.13, the DID's setup) and
 * DID rental 3 × 4.995 (14.985 → 14.99), both at 20%: net 25.12, tax 5.02 (5.024), total 30.14.
 */
async function seedDraft(page: Page): Promise<string> {
  const data = billingData();
  const invoiceId = randomUUID();
  const line = (position: number, description: string, quantity: string, unitPrice: string, setupOf: string | null = null) => ({
    id: randomUUID(), invoiceId, position, kind: setupOf ? 'setup' : 'manual', description, startDate: '2026-10-01', endDate: '2026-10-31',
    quantity, unit: 'each', unitPrice, taxRate: '20', amount: null, calls: null, minutes: null, packageId: setupOf,
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
        lines: [line(0, 'Port fee', '1', '10.125', data.did.id), line(1, 'DID rental', '3', '4.995')],
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
  // The editor opens on the credit note, not saved yet: every line given back, for INV-1's customer.
  await expect(page.getByRole('heading', { name: 'New credit note' })).toBeVisible();
  await expect(page.getByTestId('credits')).toHaveText('Credits invoice INV-1 of Nov 1, 2026.');
  await expect(page.getByLabel('Customer (required)')).toBeDisabled();
  await expect(page.getByLabel('Customer (required)')).toHaveAccessibleDescription(/A credit note is for the customer of the invoice it credits/);
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('-30.14'));

  // Its refund of a setup bills nothing: no word of what is left to bill of it.
  const dialog = page.getByRole('dialog');
  await page.getByRole('button', { name: 'Edit Port fee' }).click();
  await expect(dialog.getByLabel('Quantity')).toHaveValue('-1');
  await expect(dialog.getByTestId('setup-fee-hint')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // A partial credit: one DID of three, the port fee kept.
  await page.getByRole('button', { name: 'Delete Port fee' }).click();
  await page.getByRole('button', { name: 'Edit DID rental' }).click();
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
  // Void says up front that INV-2 must be voided first (its credit, applied here, taken off before that), and offers no Void:
  // the $6.00 paid is credit, not money received that would become the customer's credit.
  await page.getByRole('button', { name: 'Void' }).click();
  await expect(dialog.getByTestId('void-blocked')).toContainText(
    'Invoice INV-1 cannot be voided while credit note INV-2 credits it: voided, it would leave that credit note’s credit with the customer for an invoice owed by no one.',
  );
  await expect(dialog.getByTestId('void-blocked')).toContainText(
    `To void it, first void credit note INV-2, then this invoice. Credit note INV-2 has ${usd('6.00')} of its credit applied to invoices: delete that application under its Payments first (the invoices then owe it again), then void it.`,
  );
  await expect(dialog).not.toContainText('money received');
  await expect(dialog.getByLabel('Reason')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: /Void/ })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  // At a phone's width the notices and the added button fit.
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(page);
  await page.getByTestId('credited-by').getByRole('link', { name: 'INV-2' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-2');
  // A credit note is not credited again.
  await expect(page.getByRole('button', { name: 'Credit note…' })).toHaveCount(0);
});

const shown = (day: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
const money = (amount: string) => usd(amount).replace('$', '\\$');

/**
 * Seeds Globex Carrier and a draft for October dated Nov 1, 2026: Port fee 1 × 10.125 (10.13), DID
 * rental 3 × 4.995 (14.99) and the calls to UK mobiles, 100.004 (100.00), all at 20%: net 125.12,
 * tax 25.02 (25.024), total 150.14.
 */
async function seedDraftWithCalls(page: Page): Promise<{ invoiceId: string; customerId: string }> {
  const data = billingData();
  const invoiceId = randomUUID();
  const line = (position: number, description: string, quantity: string, unitPrice: string) => ({
    id: randomUUID(), invoiceId, position, kind: 'manual', description, startDate: '2026-10-01', endDate: '2026-10-31',
    quantity, unit: 'each', unitPrice, taxRate: '20', amount: null, calls: null, minutes: null, packageId: null,
  });
  const calls = { ...line(2, 'United Kingdom Mobile (447)', '1234', '0'), kind: 'usage', unit: 'min', amount: '100.004', calls: 410, minutes: '1234' };
  // The October calls the line bills (Issue refuses a draft billing calls the usage no longer holds).
  const october = {
    id: `${data.customer.id}:2026-10-15:447`, customerId: data.customer.id, day: '2026-10-15', destination: '447', destinationName: 'United Kingdom Mobile',
    calls: 410, attempts: 410, seconds: 74_040, billedSeconds: 74_040, charge: '100.004', currency: 'USD',
  };
  await seed(page, [
    ...seedMutations(data),
    { name: 'putUsage', args: { rows: [october] } },
    {
      name: 'createInvoice',
      args: {
        invoice: {
          id: invoiceId, customerId: data.customer.id, number: null, status: 'draft', invoiceDate: '2026-11-01', dueDate: '2026-12-01',
          periodStart: '2026-10-01', periodEnd: '2026-10-31', currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
        },
        lines: [line(0, 'Port fee', '1', '10.125'), line(1, 'DID rental', '3', '4.995'), calls],
      },
    },
  ]);
  return { invoiceId, customerId: data.customer.id };
}

test('Credit note… again starts from what is left: part of the calls given back by amount, then the rest in two more credit notes (a draft one named first), then nothing is left and it says so', async ({ page }) => {
  const today = todayIn('UTC', Date.now());
  await signUp(page);
  const { invoiceId, customerId } = await seedDraftWithCalls(page);
  await openSynced(page, `/invoice?id=${invoiceId}`);
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('150.14'));

  // The first: the port fee, one DID of three, and 40.00 of the 100.00 calls, lowered in the line editor.
  await page.getByRole('button', { name: 'Credit note…' }).click();
  await expect(page.getByRole('heading', { name: 'New credit note' })).toBeVisible();
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('-150.14'));
  const dialog = page.getByRole('dialog');
  await page.getByRole('button', { name: 'Edit DID rental' }).click();
  await dialog.getByLabel('Quantity').fill('-1');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await page.getByRole('button', { name: 'Edit United Kingdom Mobile (447)' }).click();
  await expect(dialog.getByLabel('Quantity')).toBeDisabled();
  await expect(dialog.getByLabel('Amount (required)')).toHaveValue('-100.004');
  await dialog.getByLabel('Amount (required)').fill('-40.00');
  await expect(dialog.getByTestId('line-net')).toHaveText(usd('-40.00'));
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(dialog).toHaveCount(0);
  // 40.00 of the calls gives back none of them in particular: it claims none, and says whose calls it gives back part of.
  const callsRow = page.getByRole('row').filter({ hasText: 'United Kingdom Mobile (447)' });
  await expect(callsRow.getByTestId('line-usage-counts')).toHaveText('part of 410 calls · 1,234 min');
  await expect(callsRow.locator('.line-qty')).toHaveText('');
  // Net 10.13 + 5.00 + 40.00 = 55.13, tax 11.026 → 11.03.
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('-66.16'));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('-66.16'));
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-2');
  await expect(callsRow.getByTestId('line-usage-counts')).toHaveText('part of 410 calls · 1,234 min');
  await expect(callsRow.locator('.line-net')).toHaveText(usd('-40.00'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
  const pdf = checkPdf(new Uint8Array(await readFile((await download.path())!)));
  expect(pdf.qpdfStatus).toBe(0);
  expect(pdf.text).toMatch(new RegExp(`United Kingdom Mobile \\(447\\)[\\s\\S]*${money('-40.00')}`));
  // Nor does the PDF claim the calls or minutes: no Calls nor Minutes printed for the line.
  const callsLine = pdf.text.split('\n').find((line) => line.includes('United Kingdom Mobile (447)'));
  expect(callsLine).toMatch(new RegExp(`20% +${money('-40.00')}$`));
  expect(callsLine).not.toMatch(/410|1,234/);
  expect(pdf.text).toMatch(new RegExp(`Net +${money('-55.13')}`));
  expect(pdf.text).toMatch(new RegExp(`Tax 20% on ${money('-55.13')} +${money('-11.03')}`));
  expect(pdf.text).toMatch(new RegExp(`Total USD +${money('-66.16')}`));

  // Generate Invoice for October: INV-1 still bills the rest of the calls, and does not claim all of them.
  await openSynced(page, `/invoice/generate?customer=${customerId}&from=2026-10-01&to=2026-10-31`);
  await expect(page.getByTestId('overlap-warning')).toBeVisible();
  await expect(page.getByTestId('period-usage-given-back')).toHaveText("INV-1 bills this period's usage; credit note INV-2 gives back part of it.");

  // The second starts from what is left: two DIDs and 60.00 of the calls, the port fee left out.
  await openSynced(page, `/invoice?id=${invoiceId}`);
  await page.getByRole('button', { name: 'Credit note…' }).click();
  await expect(page.getByRole('heading', { name: 'New credit note' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit Port fee' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Edit DID rental' }).click();
  await expect(dialog.getByLabel('Quantity')).toHaveValue('-2');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Edit United Kingdom Mobile (447)' }).click();
  await expect(dialog.getByLabel('Amount (required)')).toHaveValue('-60.00');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  // The 60.00 left is part of the calls too: 40.00 of them are given back already.
  await expect(callsRow.getByTestId('line-usage-counts')).toHaveText('part of 410 calls · 1,234 min');
  // Net 69.99, tax 13.998 → 14.00.
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('-83.99'));
  // Cut down to the DIDs, and left a draft.
  await page.getByRole('button', { name: 'Delete United Kingdom Mobile (447)' }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('-11.99'));
  const draftId = new URL(page.url()).searchParams.get('id');

  // Again: the draft is named and offered; a new one gives back the calls left, what the draft gives back left out.
  await openSynced(page, `/invoice?id=${invoiceId}`);
  await page.getByRole('button', { name: 'Credit note…' }).click();
  await expect(dialog.getByTestId('credit-note-draft-exists')).toHaveText(
    `Invoice INV-1 already has the draft credit note of ${shown(today)}, not issued yet. Open it to change what it gives back, or make a new credit note of the rest (what its credit notes give back is left out).`,
  );
  await expect(dialog.getByRole('link', { name: `Open the draft credit note of ${shown(today)}` })).toHaveAttribute('href', `/invoice?id=${draftId}`);
  await dialog.getByRole('button', { name: 'New credit note of what is left' }).click();
  await expect(page.getByRole('heading', { name: 'New credit note' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit United Kingdom Mobile (447)' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Edit DID rental' })).toHaveCount(0);
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('-72.00'));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-3');

  // Nothing is left but the draft's DIDs: Credit note… says so, makes no empty draft, and opens the draft.
  await openSynced(page, `/invoice?id=${invoiceId}`);
  await page.getByRole('button', { name: 'Credit note…' }).click();
  await expect(dialog.getByTestId('credit-note-nothing-left')).toHaveText(
    `Invoice INV-1 is fully credited by credit note INV-2, credit note INV-3 and the draft credit note of ${shown(today)}: nothing is left to credit, so no new credit note was made. The draft is not issued yet: open it to change what it gives back.`,
  );
  await expect(dialog.getByRole('button', { name: 'New credit note of what is left' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await dialog.getByRole('link', { name: `Open the draft credit note of ${shown(today)}` }).click();
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('-11.99'));
  // 66.16 + 72.00 + 11.99 = 150.15: the nets are INV-1's exactly, the cent is the taxes' rounding, each on its own.
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-4');

  await openSynced(page, `/invoice?id=${invoiceId}`);
  await page.getByRole('button', { name: 'Credit note…' }).click();
  await expect(dialog.getByTestId('credit-note-nothing-left')).toHaveText(
    'Invoice INV-1 is fully credited by credit note INV-2, credit note INV-3 and credit note INV-4: nothing is left to credit, so no new credit note was made.',
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('credited-by')).toHaveText(`Credited by credit note INV-2 (${usd('-66.16')}), credit note INV-3 (${usd('-72.00')}), credit note INV-4 (${usd('-11.99')})`);
});

test('Credit note… of all of INV-1: its calls read as given back, −410 calls and −1,234 min beside −100.00, on its page and in its PDF; October is no longer billed', async ({ page }) => {
  await signUp(page);
  const { invoiceId, customerId } = await seedDraftWithCalls(page);
  await openSynced(page, `/invoice?id=${invoiceId}`);
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  // As billed: the calls and minutes above zero.
  await expect(page.getByTestId('line-usage-counts')).toHaveText('410 calls · 1,234 min');

  await page.getByRole('button', { name: 'Credit note…' }).click();
  await expect(page.getByRole('heading', { name: 'New credit note' })).toBeVisible();
  await expect(page.getByTestId('line-usage-counts')).toHaveText('-410 calls · -1,234 min');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-2');
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('-150.14'));
  const calls = page.getByRole('row').filter({ hasText: 'United Kingdom Mobile (447)' });
  await expect(calls.getByTestId('line-usage-counts')).toHaveText('-410 calls · -1,234 min');
  await expect(calls.locator('.line-qty')).toHaveText('-1,234 min');
  await expect(calls.locator('.line-net')).toHaveText(usd('-100.00'));

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
  const pdf = checkPdf(new Uint8Array(await readFile((await download.path())!)));
  expect(pdf.qpdfStatus).toBe(0);
  // Calls, minutes, tax and net of the line, as the screen shows them.
  expect(pdf.text).toMatch(new RegExp(`United Kingdom Mobile \\(447\\)[\\s\\S]*-410 +-1,234\\.00 +20% +${money('-100.00')}`));

  // Given back in full, the calls bill October no more: Generate warns of no invoice billing it.
  await openSynced(page, `/invoice/generate?customer=${customerId}&from=2026-10-01&to=2026-10-31`);
  // The preview is made once the customer's invoices are read: no warning beside it.
  await expect(page.locator('#preview-heading')).toBeVisible();
  await expect(page.getByTestId('overlap-warning')).toHaveCount(0);
  // But October was billed and given back, not never billed: Generate says so, naming both, so a month waived is not billed again unknowingly.
  const givenBack = 'INV-1 billed Oct 1–31, 2026; credit note INV-2 gave all of it back';
  await expect(page.getByTestId('period-given-back')).toContainText(`${givenBack}. No invoice bills those days now, so a new invoice bills them again`);
  await expect(page.getByTestId('period-given-back').getByRole('link', { name: 'Open INV-2' })).toBeVisible();

  // The usage summary's October row says the same, rather than list no invoice.
  await openSynced(page, `/customer?id=${customerId}`);
  const october = page.getByRole('row').filter({ hasText: 'October 2026' });
  await expect(october.getByTestId('usage-row-given-back')).toHaveText(givenBack);

  // And the billing run's row for October: a draft, which bills those days again, saying so.
  await openSynced(page, '/invoices/run');
  await page.getByLabel('From', { exact: true }).fill('2026-10-01');
  await page.getByLabel('To', { exact: true }).fill('2026-10-31');
  const row = page.getByRole('row').filter({ hasText: 'Globex Carrier' });
  await expect(row).toContainText('Draft:');
  await expect(row.getByTestId('run-given-back')).toContainText(givenBack);
});

test('Credit note… then Cancel makes no credit note; one saved is a "credit note draft" in the list, and Cancel on it later keeps it', async ({ page }) => {
  await signUp(page);
  const invoiceId = await seedDraft(page);
  await openSynced(page, `/invoice?id=${invoiceId}`);
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  const invoicePath = new URL(page.url()).pathname + new URL(page.url()).search;
  const rows = page.getByTestId('invoice-rows').getByRole('row');

  // Cancel straight away: back on INV-1, nothing credits it, the list holds INV-1 alone.
  await page.getByRole('button', { name: 'Credit note…' }).click();
  await expect(page.getByTestId('credits')).toHaveText('Credits invoice INV-1 of Nov 1, 2026.');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(invoicePath);
  await expect(page.getByTestId('credited-by')).toHaveCount(0);
  await followMainLink(page, 'Invoices');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('INV-1');

  // Made again, the editor says it is not saved yet and that Cancel makes none; Save makes the draft.
  await rows.first().getByRole('link', { name: 'INV-1' }).click();
  await page.getByRole('button', { name: 'Credit note…' }).click();
  await expect(page.getByRole('heading', { name: 'New credit note' })).toBeVisible();
  await expect(page.getByTestId('credit-note-not-saved')).toHaveText('Credit note of INV-1, not saved yet: Cancel makes none.');
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('-30.14'));
  // A credit note is dated, and nobody pays it: "Credit note date", and no Due date to fill in.
  await expect(page.getByRole('region', { name: 'Credit note details' })).toBeVisible();
  await expect(page.getByLabel('Invoice date')).toHaveCount(0);
  await expect(page.getByLabel('Due date')).toHaveCount(0);
  await page.getByLabel('Credit note date').fill('2026-11-20');
  await expectNoSeriousA11yViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await expect(page.getByTestId('credits')).toHaveText('Credits invoice INV-1 of Nov 1, 2026.');
  const draftPath = new URL(page.url()).pathname + new URL(page.url()).search;
  // Its page says its date, and no due date; none is stored apart from its date either (not the customer's due days after it).
  await expect(page.getByText('Credit note date')).toBeVisible();
  await expect(page.getByText('Due date')).toHaveCount(0);
  expect(await storedDates(page, new URL(page.url()).searchParams.get('id')!)).toEqual(['2026-11-20', '2026-11-20']);

  // The list tells the draft credit note from a draft invoice by its status, not only by its minus sign.
  await followMainLink(page, 'Invoices');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasNotText: 'INV-1' }).getByRole('cell').last()).toHaveText('credit note draft');
  await expect(rows.filter({ hasText: 'INV-1' }).getByRole('cell').last()).not.toContainText('credit note');
  // On a phone too, without widening the page.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(rows.filter({ hasNotText: 'INV-1' }).getByText('credit note draft')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Opened later from the list and cancelled, the saved draft stays.
  await rows.filter({ hasNotText: 'INV-1' }).getByRole('link', { name: 'draft' }).click();
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit credit note (draft)' })).toBeVisible();
  await expect(page.getByTestId('credit-note-not-saved')).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(draftPath);
  await followMainLink(page, 'Invoices');
  await expect(rows).toHaveCount(2);
});
