/**
 * The invoices list's Balance column and CSV export, the customer's reference on the invoice
 * screens, and the order of the invoices and credit notes a payment or credit is applied to.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { checkPdf } from '../app/_pdf/pdf-test-tools';
import { parseCsv } from '../lib/csv';
import { addDays, todayIn } from '../lib/dates';
import { formatMoney } from '../lib/money';
import { creditApplication } from '../lib/payments';
import { billingData, draftWithLines, seedMutations } from './billing-data';
import { openSynced, seed, signUp } from './fixtures';
import { expectNoHorizontalScroll } from './page-checks';

const usd = (amount: string) => formatMoney(amount, 'USD', 'en-US');

type BillingData = ReturnType<typeof billingData>;

/** A Globex draft of one line of `price` (no tax) dated `invoiceDate`, due `dueDate`, billing `period` if given. */
function draftOf(data: BillingData, price: string, invoiceDate: string, dueDate: string, period?: { start: string; end: string }) {
  const draft = draftWithLines(data.customer.id, [`Work of ${invoiceDate}`]);
  draft.mutation.args.lines[0]!.unitPrice = price;
  Object.assign(draft.mutation.args.invoice, { invoiceDate, dueDate, periodStart: period?.start ?? null, periodEnd: period?.end ?? null });
  return draft;
}

test('invoices and credit notes to pay or apply credit to are listed in their numbers\' order: INV-9 before INV-10', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  // INV-1 … INV-11, all due the same day; INV-9 and INV-10 are credit notes of −5.00, the others 10.00 invoices.
  const documents = Array.from({ length: 11 }, (_, i) => draftOf(data, i === 8 || i === 9 ? '-5' : '10', '2026-11-02', '2026-12-02'));
  await seed(page, [
    ...seedMutations(data).filter((m) => m.name !== 'putUsage'),
    ...documents.map((d) => d.mutation),
    ...documents.map((d) => ({ name: 'issueInvoice', args: { id: d.invoiceId } })),
  ]);
  const invoicesInOrder = ['INV-1', 'INV-2', 'INV-3', 'INV-4', 'INV-5', 'INV-6', 'INV-7', 'INV-8', 'INV-11'];
  const dialog = page.getByRole('dialog');
  const firstColumn = (table: string) => dialog.getByRole('table', { name: table }).locator('tbody tr td:first-child');

  // From an invoice: that invoice first, then the others in order.
  await openSynced(page, `/invoice?id=${documents[1]!.invoiceId}`);
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(firstColumn('Allocate to invoices')).toHaveText(['INV-2', ...invoicesInOrder.filter((n) => n !== 'INV-2')]);
  await expect(firstColumn('Credit notes to net against this payment')).toHaveText(['INV-9', 'INV-10']);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // From a credit note.
  await openSynced(page, `/invoice?id=${documents[9]!.invoiceId}`);
  await page.getByRole('button', { name: 'Apply credit' }).click();
  await expect(firstColumn('Apply the credit to invoices')).toHaveText(invoicesInOrder);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // From the customer.
  await openSynced(page, `/customer?id=${data.customer.id}`);
  await page.getByTestId('customer-payments').getByRole('button', { name: 'Record payment' }).click();
  await expect(firstColumn('Allocate to invoices')).toHaveText(invoicesInOrder);
  await expect(firstColumn('Credit notes to net against this payment')).toHaveText(['INV-9', 'INV-10']);
});

/** Presses Export CSV; the file's name and its rows (header first). */
async function exportCsv(page: Page): Promise<{ name: string; rows: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  return { name: download.suggestedFilename(), rows: parseCsv(readFileSync(await download.path(), 'utf8')) };
}

/**
 * Globex with one of each kind of balance, issued in date order: INV-1 (Oct 15) 10.00 unpaid;
 * INV-2 123.45 with 23.40 paid, billing October; INV-3 50.00 paid in full; INV-4 a credit note of
 * −30.00 with 12.50 of it applied to INV-5 (40.00); INV-6 99.99 voided; a draft of 15.00 billing
 * November. Every invoice falls due in 30 days, so none is overdue whenever the test runs.
 */
async function seedBalances(page: Page) {
  const data = billingData();
  const today = todayIn('UTC', Date.now());
  const due = addDays(today, 30);
  const oct = draftOf(data, '10', '2026-10-15', due);
  const partlyPaid = draftOf(data, '123.45', '2026-11-02', due, { start: '2026-10-01', end: '2026-10-31' });
  const paid = draftOf(data, '50', '2026-11-03', due);
  const creditNote = draftOf(data, '-30', '2026-11-04', due);
  const credited = draftOf(data, '40', '2026-11-05', due);
  const voided = draftOf(data, '99.99', '2026-11-06', due);
  const draft = draftOf(data, '15', '2026-11-07', due, { start: '2026-11-01', end: '2026-11-30' });
  const issued = [oct, partlyPaid, paid, creditNote, credited, voided];
  const application = creditApplication(
    { id: creditNote.invoiceId, customerId: data.customer.id, currency: 'USD', number: 'INV-4' },
    { id: randomUUID(), date: today, allocations: [{ invoiceId: credited.invoiceId, amount: '12.50' }], numbers: new Map([[credited.invoiceId, 'INV-5']]) },
  );
  await seed(page, [
    ...seedMutations(data).filter((m) => m.name !== 'putUsage'),
    ...[...issued, draft].map((d) => d.mutation),
    ...issued.map((d) => ({ name: 'issueInvoice', args: { id: d.invoiceId } })),
    {
      name: 'recordPayment',
      args: {
        id: randomUUID(),
        customerId: data.customer.id,
        date: today,
        amount: '73.40',
        currency: 'USD',
        method: 'Bank transfer',
        reference: 'WIRE-1',
        allocations: [
          { invoiceId: partlyPaid.invoiceId, amount: '23.40' },
          { invoiceId: paid.invoiceId, amount: '50.00' },
        ],
      },
    },
    { name: 'recordPayment', args: application },
    { name: 'voidInvoice', args: { id: voided.invoiceId, reason: 'Billed twice' } },
  ]);
  return { data, due };
}

test('the invoices list shows what is left to pay on each invoice: none on a draft or a void one, the credit left on a credit note; on a phone too', async ({ page }) => {
  await signUp(page);
  await seedBalances(page);
  await openSynced(page, '/invoices');
  const rows = page.getByTestId('invoice-rows').getByRole('row');
  await expect(rows.getByRole('link')).toHaveText(['draft', 'INV-6', 'INV-5', 'INV-4', 'INV-3', 'INV-2', 'INV-1']);
  await expect(page.getByRole('columnheader', { name: 'Balance' })).toBeVisible();
  const balances = page.getByTestId('invoice-rows').locator('[role="cell"]:nth-child(7)');
  // 15.00 draft and 99.99 void: owed by nobody. 40.00 − 12.50 credit = 27.50; −30.00 + 12.50 applied = 17.50
  // credit left; 50.00 − 50.00 = 0.00; 123.45 − 23.40 = 100.05; 10.00 unpaid.
  await expect(balances).toHaveText(['', '', usd('27.50'), `${usd('17.50')} credit`, usd('0.00'), usd('100.05'), usd('10.00')]);

  // The invoice's own page says the same.
  await rows.getByRole('link', { name: 'INV-2' }).click();
  await expect(page.getByTestId('total-balance')).toHaveText(usd('100.05'));

  // A 375px phone: no sideways scroll; the balance stands under the total, both on screen.
  await page.setViewportSize({ width: 375, height: 667 });
  await openSynced(page, '/invoices');
  await expect(rows).toHaveCount(7);
  await expectNoHorizontalScroll(page);
  for (const [number, total, balance] of [
    ['INV-4', usd('-30.00'), `${usd('17.50')} credit`],
    ['INV-2', usd('123.45'), usd('100.05')],
  ] as const) {
    const row = rows.filter({ has: page.getByRole('link', { name: number, exact: true }) });
    // By position among all the cells: those hidden on a phone are no cells to getByRole.
    const totalCell = row.locator('[role="cell"]:nth-child(5)');
    const balanceCell = row.locator('[role="cell"]:nth-child(7)');
    await expect(totalCell).toHaveText(total);
    await expect(balanceCell).toHaveText(balance);
    await expect(balanceCell).toBeVisible();
    await expectWithinScreen(page, totalCell, 375);
    await expectWithinScreen(page, balanceCell, 375);
    const [totalBox, balanceBox] = [(await totalCell.boundingBox())!, (await balanceCell.boundingBox())!];
    expect(balanceBox.y, `${number}'s balance is under its total`).toBeGreaterThanOrEqual(totalBox.y + totalBox.height - 1);
    // Drawn inside its row, not over the next one.
    const rowBox = (await row.boundingBox())!;
    expect(balanceBox.y + balanceBox.height).toBeLessThanOrEqual(rowBox.y + rowBox.height + 0.5);
  }
});

/** The element's box lies inside the viewport's width, and its text is not cut off. */
async function expectWithinScreen(page: Page, element: Locator, width: number) {
  const box = (await element.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
  expect(await element.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
}

test('the invoices CSV adds balance and the billing period after its first columns, and is named by the filters', async ({ page }) => {
  await signUp(page);
  const { data, due } = await seedBalances(page);
  await openSynced(page, '/invoices');
  await expect(page.getByTestId('invoice-rows').getByRole('row')).toHaveCount(7);

  const all = await exportCsv(page);
  expect(all.name).toBe('invoices.csv');
  const header = ['number', 'customer', 'invoice_date', 'due_date', 'currency', 'net', 'tax', 'total', 'paid', 'credit_applied', 'status', 'balance', 'period_start', 'period_end'];
  const g = 'Globex Carrier';
  expect(all.rows).toEqual([
    header,
    ['draft', g, '2026-11-07', due, 'USD', '15.00', '0.00', '15.00', '0.00', '', 'draft', '', '2026-11-01', '2026-11-30'],
    ['INV-6', g, '2026-11-06', due, 'USD', '99.99', '0.00', '99.99', '0.00', '', 'void', '', '', ''],
    // 40.00 − 12.50 of credit applied.
    ['INV-5', g, '2026-11-05', due, 'USD', '40.00', '0.00', '40.00', '12.50', '', 'partly paid', '27.50', '', ''],
    // The credit note's balance is its credit left, signed as its total: −30.00 + 12.50 applied.
    ['INV-4', g, '2026-11-04', '', 'USD', '-30.00', '0.00', '-30.00', '', '12.50', 'credit', '-17.50', '', ''],
    ['INV-3', g, '2026-11-03', due, 'USD', '50.00', '0.00', '50.00', '50.00', '', 'paid', '0.00', '', ''],
    ['INV-2', g, '2026-11-02', due, 'USD', '123.45', '0.00', '123.45', '23.40', '', 'partly paid', '100.05', '2026-10-01', '2026-10-31'],
    ['INV-1', g, '2026-10-15', due, 'USD', '10.00', '0.00', '10.00', '0.00', '', 'issued', '10.00', '', ''],
  ]);

  // Filtered: the name says by what, and the file holds what the list shows.
  await page.getByLabel('Status').selectOption('partly paid');
  // Named "Customer" and the option chosen ("All customers").
  await page.getByRole('combobox', { name: /^Customer/ }).selectOption({ label: g });
  await page.getByLabel('From', { exact: true }).fill('2026-11-01');
  await page.getByLabel('To', { exact: true }).fill('2026-11-30');
  await expect(page.getByTestId('invoice-rows').getByRole('link')).toHaveText(['INV-5', 'INV-2']);
  const filtered = await exportCsv(page);
  expect(filtered.name).toBe('invoices-partly-paid-globex-carrier-2026-11.csv');
  expect(filtered.rows.map((r) => [r[0], r[11]])).toEqual([
    ['number', 'balance'],
    ['INV-5', '27.50'],
    ['INV-2', '100.05'],
  ]);

  // One customer's list is named by the customer.
  await openSynced(page, `/invoices?customer=${data.customer.id}`);
  await expect(page.getByTestId('invoice-rows').getByRole('row')).toHaveCount(7);
  expect((await exportCsv(page)).name).toBe('invoices-globex-carrier.csv');
});

test("the customer's reference shows on the invoice where its PDF prints it: as issued on an issued invoice, as the customer is now on a draft", async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const issued = draftOf(data, '10', '2026-11-02', '2026-12-02');
  await seed(page, [...seedMutations(data).filter((m) => m.name !== 'putUsage'), issued.mutation, { name: 'issueInvoice', args: { id: issued.invoiceId } }]);
  await openSynced(page, `/invoice?id=${issued.invoiceId}`);
  const billTo = page.getByRole('region', { name: 'Bill to' });
  await expect(billTo.getByTestId('invoice-customer-ref')).toHaveText('Customer ref. GLX-1');
  expect(await pdfText(page)).toContain('Customer ref. GLX-1');

  // The customer's external accounting id changes: the issued invoice keeps the one it was issued with, on screen as on paper.
  const later = draftOf(data, '20', '2026-11-03', '2026-12-03');
  await seed(page, [{ name: 'updateCustomer', args: { id: data.customer.id, patch: { externalId: 'GLX-9' } } }, later.mutation]);
  await openSynced(page, `/invoice?id=${issued.invoiceId}`);
  await expect(billTo.getByTestId('invoice-customer-ref')).toHaveText('Customer ref. GLX-1');
  const issuedPdf = await pdfText(page);
  expect(issuedPdf).toContain('Customer ref. GLX-1');
  expect(issuedPdf).not.toContain('GLX-9');

  // A draft shows the customer as it is now, on its page, in the editor and in its PDF.
  await openSynced(page, `/invoice?id=${later.invoiceId}`);
  await expect(billTo.getByTestId('invoice-customer-ref')).toHaveText('Customer ref. GLX-9');
  expect(await pdfText(page)).toContain('Customer ref. GLX-9');
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: /Edit invoice/ })).toBeVisible();
  await expect(page.getByTestId('invoice-customer-ref')).toHaveText('Customer ref. GLX-9');

  // Without a reference, none is shown (nor printed).
  await seed(page, [{ name: 'updateCustomer', args: { id: data.customer.id, patch: { externalId: '' } } }]);
  await openSynced(page, `/invoice?id=${later.invoiceId}`);
  await expect(page.getByTestId('invoice-customer')).toHaveText('Globex Carrier');
  await expect(page.getByTestId('invoice-customer-ref')).toHaveCount(0);
  expect(await pdfText(page)).not.toContain('Customer ref.');
});

/** Downloads the open invoice's PDF; its text. */
async function pdfText(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
  return checkPdf(new Uint8Array(await readFile((await download.path())!))).text;
}
