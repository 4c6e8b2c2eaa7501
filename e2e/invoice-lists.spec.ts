/**
 * The invoices list's Balance and Period columns, its totals per currency, its order by total and by period, its
 * filters and order kept in the URL, their chips, and its CSV export; the customer's reference on the invoice screens;
 * and the order of the invoices and credit notes a payment or credit is applied to.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { checkPdf } from '../app/_pdf/pdf-test-tools';
import { parseCsv } from '../lib/csv';
import { addDays, todayIn } from '../lib/dates';
import { TOTALS_IDENTITY_NOTE } from '../lib/invoice-list';
import { formatMoney } from '../lib/money';
import { creditApplication } from '../lib/payments';
import { billingData, draftWithLines, seedMutations } from './billing-data';
import { openSynced, pickCustomer, seed, signUp } from './fixtures';
import { expectNoHorizontalScroll } from './page-checks';

const usd = (amount: string) => formatMoney(amount, 'USD', 'en-US');
const eur = (amount: string) => formatMoney(amount, 'EUR', 'en-US');

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
  await expect(page.getByRole('table', { name: 'Invoices' }).getByRole('columnheader', { name: 'Balance' })).toBeVisible();
  const balances = page.getByTestId('invoice-rows').locator('[role="cell"]:nth-child(8)');
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
    const totalCell = row.locator('[role="cell"]:nth-child(6)');
    const balanceCell = row.locator('[role="cell"]:nth-child(8)');
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
    // A void invoice falls due on no day, as on its page and PDF.
    ['INV-6', g, '2026-11-06', '', 'USD', '99.99', '0.00', '99.99', '0.00', '', 'void', '', '', ''],
    // 40.00 − 12.50 of credit applied.
    ['INV-5', g, '2026-11-05', due, 'USD', '40.00', '0.00', '40.00', '12.50', '', 'partly paid', '27.50', '', ''],
    // The credit note's balance is its credit left, signed as its total: −30.00 + 12.50 applied.
    ['INV-4', g, '2026-11-04', '', 'USD', '-30.00', '0.00', '-30.00', '', '12.50', 'credit', '-17.50', '', ''],
    ['INV-3', g, '2026-11-03', due, 'USD', '50.00', '0.00', '50.00', '50.00', '', 'paid', '0.00', '', ''],
    ['INV-2', g, '2026-11-02', due, 'USD', '123.45', '0.00', '123.45', '23.40', '', 'partly paid', '100.05', '2026-10-01', '2026-10-31'],
    ['INV-1', g, '2026-10-15', due, 'USD', '10.00', '0.00', '10.00', '0.00', '', 'issued', '10.00', '', ''],
  ]);

  // Filtered: the name says by what, and the file holds what the list shows.
  await page.getByRole('combobox', { name: /^Status/ }).selectOption('partly paid');
  await pickCustomer(page, 'Customer', g);
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

test('a credit note whose credit is all applied reads "applied", not "paid": its badge, the status filter, the CSV; a paid invoice stays "paid"', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const today = todayIn('UTC', Date.now());
  const due = addDays(today, 30);
  // INV-1 40.00, paid in full by INV-2's whole credit of 30.00 and 10.00 received; INV-3 50.00 paid.
  const invoice = draftOf(data, '40', '2026-11-01', due);
  const creditNote = draftOf(data, '-30', '2026-11-02', due);
  const paid = draftOf(data, '50', '2026-11-03', due);
  const issued = [invoice, creditNote, paid];
  const application = creditApplication(
    { id: creditNote.invoiceId, customerId: data.customer.id, currency: 'USD', number: 'INV-2' },
    { id: randomUUID(), date: today, allocations: [{ invoiceId: invoice.invoiceId, amount: '30.00' }], numbers: new Map([[invoice.invoiceId, 'INV-1']]) },
  );
  const received = (invoiceId: string, amount: string) => ({
    name: 'recordPayment',
    args: { id: randomUUID(), customerId: data.customer.id, date: today, amount, currency: 'USD', method: 'Bank transfer', reference: `WIRE-${amount}`, allocations: [{ invoiceId, amount }] },
  });
  await seed(page, [
    ...seedMutations(data).filter((m) => m.name !== 'putUsage'),
    ...issued.map((d) => d.mutation),
    ...issued.map((d) => ({ name: 'issueInvoice', args: { id: d.invoiceId } })),
    { name: 'recordPayment', args: application },
    received(invoice.invoiceId, '10.00'),
    received(paid.invoiceId, '50.00'),
  ]);
  await openSynced(page, '/invoices');
  const rows = page.getByTestId('invoice-rows').getByRole('row');
  const status = page.getByRole('combobox', { name: /^Status/ });
  const badges = page.getByTestId('invoice-rows').locator('[role="cell"].status');
  await expect(rows.getByRole('link')).toHaveText(['INV-3', 'INV-2', 'INV-1']);
  await expect(badges).toHaveText(['paid', 'applied', 'paid']);

  await status.selectOption('applied');
  await expect(page).toHaveURL('/invoices?status=applied');
  await expect(rows.getByRole('link')).toHaveText(['INV-2']);
  await expect(badges).toHaveText(['applied']);
  const applied = await exportCsv(page);
  expect(applied.name).toBe('invoices-applied.csv');
  expect(applied.rows.map((r) => [r[0], r[10]])).toEqual([
    ['number', 'status'],
    ['INV-2', 'applied'],
  ]);

  // "paid" finds the invoices paid, not the credit note.
  await status.selectOption('paid');
  await expect(rows.getByRole('link')).toHaveText(['INV-3', 'INV-1']);

  // The credit note's own page says the same.
  await openSynced(page, `/invoice?id=${creditNote.invoiceId}`);
  await expect(page.getByRole('heading', { level: 1 }).locator('.badge')).toHaveText('applied');
});

/** Each term of `legend` and its definition, as laid out: the term's box and the definition's. */
async function legendPairs(legend: Locator) {
  return legend.locator('dl').evaluate((list) => {
    const terms = [...list.querySelectorAll('dt')];
    return terms.map((term) => {
      const t = term.getBoundingClientRect();
      const d = term.nextElementSibling!.getBoundingClientRect();
      return { term: term.textContent, termLeft: Math.round(t.left), termTop: Math.round(t.top), meaningLeft: Math.round(d.left), meaningTop: Math.round(d.top) };
    });
  });
}

/** Whether `field`'s placeholder fits its box whole (drawn in the field's font), not cut off at its right. */
async function placeholderFits(field: Locator): Promise<boolean> {
  return field.evaluate((input: HTMLInputElement) => {
    const style = getComputedStyle(input);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = style.font;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return context.measureText(input.placeholder).width <= room;
  });
}

test('the status filter says beside it what each status means: pending, credit and applied among them, each status beside its meaning in one column of meanings, at a desk and on a phone; the search says whole what it finds', async ({ page }, testInfo) => {
  await signUp(page);
  await openSynced(page, '/invoices');
  const status = page.getByRole('combobox', { name: /^Status/ });
  const search = page.getByRole('searchbox', { name: 'Search' });
  await expect(search).toHaveAttribute('placeholder', 'Number, customer or accounting id');
  expect(await placeholderFits(search), 'the search placeholder is whole at 1280 px').toBe(true);
  // The way to the meanings sits over the Status filter, not under Search.
  const explain = page.getByRole('button', { name: 'What the statuses mean' });
  const [explainBox, statusBox] = [(await explain.boundingBox())!, (await status.boundingBox())!];
  expect(explainBox.x).toBeGreaterThanOrEqual(statusBox.x - 1);
  expect(explainBox.x + explainBox.width).toBeLessThanOrEqual(statusBox.x + statusBox.width + 1);
  expect(explainBox.y + explainBox.height).toBeLessThanOrEqual(statusBox.y);
  await expect(explain).toHaveAttribute('aria-expanded', 'false');
  await explain.click();
  await expect(explain).toHaveAttribute('aria-expanded', 'true');
  const legend = page.getByRole('region', { name: 'What the statuses mean' });
  await expect(legend.getByRole('term')).toHaveText(['draft', 'pending', 'issued', 'partly paid', 'paid', 'overdue', 'credit', 'applied', 'void']);
  await expect(legend.getByRole('definition')).toHaveText([
    'not issued yet: no number, still editable',
    'issued offline, number assigned on sync',
    'numbered, nothing paid yet, not past its due date',
    'part of its total paid (the filter finds those overdue or pending too)',
    'paid in full, or a total of zero',
    'past its due date with a balance left to pay',
    'a credit note with credit left',
    'a credit note whose credit is all used',
    'voided: owed by no one',
  ]);
  // The legend names what the filter offers, in its order.
  const offered = await status.getByRole('option').allInnerTexts();
  expect(offered).toEqual(['All', ...(await legend.getByRole('term').allInnerTexts())]);
  // Read evenly: every status beside its meaning, the statuses in one column and the meanings in another.
  const expectEven = async () => {
    const pairs = await legendPairs(legend);
    for (const pair of pairs) expect(pair.meaningTop, `${pair.term} beside its meaning`).toBe(pair.termTop);
    expect(new Set(pairs.map((p) => p.termLeft)).size).toBe(1);
    expect(new Set(pairs.map((p) => p.meaningLeft)).size).toBe(1);
  };
  await expectEven();
  await page.screenshot({ path: testInfo.outputPath('status-legend-1280.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await expectEven();
  expect(await placeholderFits(search), 'the search placeholder is whole at 390 px').toBe(true);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath('status-legend-390.png'), fullPage: true });
  await explain.click();
  await expect(legend).toBeHidden();
});

test('the count under the list agrees with its number: "1 of 1 invoice", "2 of 2 invoices"', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const first = draftOf(data, '10', '2026-11-02', '2026-12-02');
  await seed(page, [...seedMutations(data).filter((m) => m.name !== 'putUsage'), first.mutation]);
  await openSynced(page, '/invoices');
  await expect(page.getByTestId('invoice-rows').getByRole('row')).toHaveCount(1);
  await expect(page.getByText(/^1 of 1 invoices?$/)).toHaveText('1 of 1 invoice');
  await seed(page, [draftOf(data, '20', '2026-11-03', '2026-12-03').mutation]);
  await openSynced(page, '/invoices');
  await expect(page.getByText(/^2 of 2 invoices?$/)).toHaveText('2 of 2 invoices');
});

test("the customer's reference shows on the invoice where its PDF prints it: as issued on an issued invoice, as the customer is now on a draft", async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const issued = draftOf(data, '10', '2026-11-02', '2026-12-02');
  await seed(page, [...seedMutations(data).filter((m) => m.name !== 'putUsage'), issued.mutation, { name: 'issueInvoice', args: { id: issued.invoiceId } }]);
  await openSynced(page, `/invoice?id=${issued.invoiceId}`);
  const billTo = page.getByRole('region', { name: 'Bill to' });
  await expect(billTo.getByTestId('invoice-customer-ref')).toHaveText('Customer ref. GLX-1');
  // The first contact too, on one line as the PDF prints it.
  await expect(billTo.getByTestId('invoice-customer-contact')).toHaveText('Gail · gail@globex.example · +44 20 7946 0000');
  const firstPdf = await pdfText(page);
  expect(firstPdf).toContain('Customer ref. GLX-1');
  expect(firstPdf).toContain('gail@globex.example');

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

/**
 * seedBalances' Globex (USD) and Atlas Telecom, billed in euros: F1 €1,087.00 billing Dec 2026 –
 * Jan 2027, F2 €12.34 (both issued, unpaid; numbered INV-7 and INV-8 after Globex's) and a €500.00
 * draft.
 */
async function seedTwoCurrencies(page: Page) {
  const { data, due } = await seedBalances(page);
  const atlas = { ...data.customer, id: randomUUID(), name: 'Atlas Telecom', company: 'Atlas SA', currency: 'EUR', taxRate: '0', externalId: 'ATL-1', contacts: [] };
  const inEuros = (price: string, invoiceDate: string, period?: { start: string; end: string }) => {
    const draft = draftOf(data, price, invoiceDate, due, period);
    Object.assign(draft.mutation.args.invoice, { customerId: atlas.id, currency: 'EUR' });
    return draft;
  };
  const big = inEuros('1087', '2026-11-08', { start: '2026-12-01', end: '2027-01-31' });
  const small = inEuros('12.34', '2026-11-09');
  const draft = inEuros('500', '2026-11-10');
  await seed(page, [
    { name: 'createCustomer', args: atlas },
    big.mutation,
    small.mutation,
    draft.mutation,
    { name: 'issueInvoice', args: { id: big.invoiceId } },
    { name: 'issueInvoice', args: { id: small.invoiceId } },
  ]);
  return { data, atlas };
}

test("a customer's \"View invoices\" opens the list filtered, and says so: the heading, the Customer filter and a chip that clears it", async ({ page }) => {
  await signUp(page);
  const { data, atlas } = await seedTwoCurrencies(page);
  await openSynced(page, `/customer?id=${data.customer.id}`);
  await page.getByTestId('customer-invoices').getByRole('link', { name: 'View invoices' }).click();
  await expect(page).toHaveURL(`/invoices?customer=${data.customer.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Invoices: Globex Carrier');
  await expect(page).toHaveTitle('Invoices: Globex Carrier · Tollbook');
  const customerField = page.getByRole('combobox', { name: 'Customer', exact: true });
  await expect(customerField).toHaveValue('Globex Carrier (Globex Ltd)');
  const chip = page.getByTestId('customer-filter-chip');
  await expect(chip).toContainText('Customer: Globex Carrier');
  const rows = page.getByTestId('invoice-rows').getByRole('row');
  await expect(rows).toHaveCount(7);
  // Out of all 10 on the device: the count says the list is a part.
  await expect(page.getByText('7 of 10 invoices')).toBeVisible();

  // Cleared: every customer's invoices, under the plain heading, and the URL says so too.
  await chip.getByRole('button', { name: 'Clear the customer filter' }).click();
  await expect(page).toHaveURL('/invoices');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Invoices');
  await expect(page).toHaveTitle('Invoices · Tollbook');
  await expect(customerField).toHaveValue('All customers');
  await expect(chip).toHaveCount(0);
  await expect(rows).toHaveCount(10);
  await expect(page.getByText('10 of 10 invoices')).toBeVisible();
  // The search finds a customer's invoices as the customer picker finds the customer: by its company or accounting id too.
  const search = page.getByLabel('Search', { exact: true });
  for (const query of ['atlas sa', 'ATL-1']) {
    await search.fill(query);
    await expect(rows).toHaveCount(3);
  }
  await search.fill('');
  await expect(rows).toHaveCount(10);

  // Picked in the Customer field: the same filter, in the URL, so a reload keeps it.
  await pickCustomer(page, 'Customer', 'Atlas Telecom');
  await expect(page).toHaveURL(`/invoices?customer=${atlas.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Invoices: Atlas Telecom');
  await expect(chip).toContainText('Customer: Atlas Telecom');
  await page.reload();
  await expect(rows).toHaveCount(3);
  await expect(page.getByText('3 of 10 invoices')).toBeVisible();
  await expect(customerField).toHaveValue('Atlas Telecom (Atlas SA)');

  // The customer's own page lists its invoices alone, with no customer filter to change.
  await openSynced(page, `/customer?id=${atlas.id}`);
  const ownList = page.getByTestId('customer-invoices');
  await expect(ownList.getByTestId('invoice-rows').getByRole('row')).toHaveCount(3);
  await expect(ownList.getByRole('combobox', { name: /^Customer/ })).toHaveCount(0);
  await expect(ownList.getByTestId('customer-filter-chip')).toHaveCount(0);
});

test('the invoices list shows each billing period, under the customer on a phone, and none when an invoice has none', async ({ page }) => {
  await signUp(page);
  await seedTwoCurrencies(page);
  await openSynced(page, '/invoices');
  const rows = page.getByTestId('invoice-rows').getByRole('row');
  await expect(rows.getByRole('link')).toHaveText(['draft', 'INV-8', 'INV-7', 'draft', 'INV-6', 'INV-5', 'INV-4', 'INV-3', 'INV-2', 'INV-1']);
  await expect(page.getByRole('table', { name: 'Invoices' }).getByRole('columnheader', { name: 'Period' })).toBeVisible();
  const periods = page.getByTestId('invoice-rows').locator('[role="cell"]:nth-child(4)');
  // The year once when both days share it; both when they do not.
  await expect(periods).toHaveText(['', '', 'Dec 1, 2026 – Jan 31, 2027', 'Nov 1 – Nov 30, 2026', '', '', '', '', 'Oct 1 – Oct 31, 2026', '']);

  // A 375px phone: no sideways scroll; the period stands under the customer, whole, inside its row.
  await page.setViewportSize({ width: 375, height: 667 });
  await openSynced(page, '/invoices');
  await expect(rows).toHaveCount(10);
  await expectNoHorizontalScroll(page);
  for (const [number, period] of [
    ['INV-7', 'Dec 1, 2026 – Jan 31, 2027'],
    ['INV-2', 'Oct 1 – Oct 31, 2026'],
  ] as const) {
    const row = rows.filter({ has: page.getByRole('link', { name: number, exact: true }) });
    const customerCell = row.locator('[role="cell"]:nth-child(2)');
    const periodCell = row.locator('[role="cell"]:nth-child(4)');
    await expect(periodCell).toHaveText(period);
    await expect(periodCell).toBeVisible();
    await expectWithinScreen(page, periodCell, 375);
    const [customerBox, periodBox, rowBox] = [(await customerCell.boundingBox())!, (await periodCell.boundingBox())!, (await row.boundingBox())!];
    expect(periodBox.y, `${number}'s period is under its customer`).toBeGreaterThanOrEqual(customerBox.y + customerBox.height - 1);
    expect(periodBox.x).toBeCloseTo(customerBox.x, 0);
    expect(periodBox.y + periodBox.height).toBeLessThanOrEqual(rowBox.y + rowBox.height + 0.5);
    // Every line of it shown (not clipped by the row).
    expect(await periodCell.evaluate((e) => e.scrollHeight <= e.clientHeight + 1)).toBe(true);
  }
});

test('the invoices list totals what its filters select per currency, issued invoices and credit notes only, never adding euros to dollars', async ({ page }) => {
  await signUp(page);
  await seedTwoCurrencies(page);
  await openSynced(page, '/invoices');
  await expect(page.getByTestId('invoice-rows').getByRole('row')).toHaveCount(10);
  const totals = page.getByRole('region', { name: 'Totals' });
  const totalRows = totals.locator('tbody tr');
  /** A totals row's text: its cells one after the other. */
  const line = (...cells: string[]) => cells.join('');
  const note = 'Totals of the issued invoices and credit notes listed, credit notes counting against them; drafts (not billed yet) and void invoices (not owed) are left out';
  // EUR: 1,087.00 + 12.34 = 1,099.34, nothing paid. USD: 10.00 + 123.45 + 50.00 − 30.00 + 40.00 = 193.45 billed;
  // paid 23.40 + 50.00 + 12.50 (of credit) = 85.90; 12.50 of the credit note's credit applied;
  // balances 10.00 + 100.05 + 0.00 − 17.50 + 27.50 = 120.05 (= 193.45 − 85.90 + 12.50). Not the $15.00 and €500.00 drafts, nor the $99.99 void invoice.
  await expect(totals.locator('thead tr')).toHaveText(line('Currency', 'Invoices', 'Total', 'Paid', 'Credit applied', 'Balance'));
  await expect(totalRows).toHaveText([
    line('EUR', '2', eur('1099.34'), eur('0.00'), eur('0.00'), eur('1099.34')),
    line('USD', '5', usd('193.45'), usd('85.90'), usd('12.50'), usd('120.05')),
  ]);
  await expect(totals).toContainText(`${note}: 2 drafts and 1 void invoice here.`);

  // Filtered: the totals follow.
  await page.getByRole('combobox', { name: /^Status/ }).selectOption('partly paid');
  await expect(page.getByTestId('invoice-rows').getByRole('link')).toHaveText(['INV-5', 'INV-2']);
  // 40.00 + 123.45 = 163.45 billed; 12.50 + 23.40 = 35.90 paid; 27.50 + 100.05 = 127.55 owed. No credit note: no Credit applied column.
  await expect(totals.locator('thead tr')).toHaveText(line('Currency', 'Invoices', 'Total', 'Paid', 'Balance'));
  await expect(totalRows).toHaveText([line('USD', '2', usd('163.45'), usd('35.90'), usd('127.55'))]);
  await expect(totals.getByRole('paragraph')).toHaveText(`${note}.`);
  await page.getByRole('combobox', { name: /^Status/ }).selectOption('credit');
  // A credit note alone: −30.00 billed, nothing paid, 12.50 of its credit applied, 17.50 left.
  await expect(totalRows).toHaveText([line('USD', '1', usd('-30.00'), usd('0.00'), usd('12.50'), `${usd('17.50')} credit`)]);
  await page.getByRole('combobox', { name: /^Status/ }).selectOption('void');
  await expect(page.getByTestId('invoice-rows').getByRole('link')).toHaveText(['INV-6']);
  await expect(totals.getByRole('table')).toHaveCount(0);
  await expect(totals).toHaveText(`${note}: 1 void invoice here.`);
  await page.getByRole('combobox', { name: /^Status/ }).selectOption('');
  await pickCustomer(page, 'Customer', 'Atlas Telecom');
  await expect(totalRows).toHaveText([line('EUR', '2', eur('1099.34'), eur('0.00'), eur('1099.34'))]);
  await expect(totals).toContainText(`${note}: 1 draft here.`);

  // On a phone, whole and without sideways scroll.
  await page.setViewportSize({ width: 375, height: 667 });
  await expect(totalRows).toHaveCount(1);
  await expectNoHorizontalScroll(page);
  await expectWithinScreen(page, totals.getByRole('table'), 375);
});

test('sorting by total orders by currency, then by amount: €1,087.00 never sits among dollars', async ({ page }) => {
  await signUp(page);
  await seedTwoCurrencies(page);
  await openSynced(page, '/invoices');
  const totalCells = page.getByTestId('invoice-rows').locator('[role="cell"]:nth-child(6)');
  await expect(totalCells).toHaveCount(10);
  const totalHeader = page.getByRole('table', { name: 'Invoices' }).getByRole('columnheader', { name: /^Total/ });
  await totalHeader.getByRole('button').click();
  await expect(totalHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(totalCells).toHaveText([
    ...['12.34', '500.00', '1087.00'].map(eur),
    ...['-30.00', '10.00', '15.00', '40.00', '50.00', '99.99', '123.45'].map(usd),
  ]);
  // Largest first within each currency; the currencies stay where they are.
  await totalHeader.getByRole('button').click();
  await expect(totalHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(totalCells).toHaveText([
    ...['1087.00', '500.00', '12.34'].map(eur),
    ...['123.45', '99.99', '50.00', '40.00', '15.00', '10.00', '-30.00'].map(usd),
  ]);
});

test('sorting by period orders by its first day, then its last, either way; invoices billing no period stay last', async ({ page }) => {
  await signUp(page);
  await seedTwoCurrencies(page);
  await openSynced(page, '/invoices');
  const numbers = page.getByTestId('invoice-rows').getByRole('link');
  await expect(numbers).toHaveCount(10);
  const table = page.getByRole('table', { name: 'Invoices' });
  const periodHeader = table.getByRole('columnheader', { name: /^Period/ });
  const dateHeader = table.getByRole('columnheader', { name: /^Date/ });
  await expect(dateHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(periodHeader).not.toHaveAttribute('aria-sort');

  await periodHeader.getByRole('button').click();
  await expect(periodHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(periodHeader).toContainText('Period ▲');
  await expect(dateHeader).not.toHaveAttribute('aria-sort');
  // October, November (Globex's draft), December – January; then the invoices without a period, by number, drafts last.
  await expect(numbers).toHaveText(['INV-2', 'draft', 'INV-7', 'INV-1', 'INV-3', 'INV-4', 'INV-5', 'INV-6', 'INV-8', 'draft']);

  await periodHeader.getByRole('button').click();
  await expect(periodHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(periodHeader).toContainText('Period ▼');
  await expect(numbers).toHaveText(['INV-7', 'draft', 'INV-2', 'draft', 'INV-8', 'INV-6', 'INV-5', 'INV-4', 'INV-3', 'INV-1']);
});

test('every filter set shows a chip that clears it alone, and "Clear all" clears them together; the URL follows', async ({ page }) => {
  await signUp(page);
  const { data } = await seedTwoCurrencies(page);
  await openSynced(page, `/invoices?customer=${data.customer.id}`);
  const numbers = page.getByTestId('invoice-rows').getByRole('link');
  await expect(numbers).toHaveCount(7);
  const activeFilters = page.getByRole('group', { name: 'Active filters' });
  const chips = activeFilters.locator('.chip');
  const clearAll = activeFilters.getByRole('button', { name: 'Clear all' });
  // The customer filter alone: its chip, nothing to clear "all" of.
  await expect(chips).toHaveText(['Customer: Globex Carrier×']);
  await expect(clearAll).toHaveCount(0);

  const [search, status, customer, from, to] = [
    page.getByLabel('Search', { exact: true }),
    page.getByRole('combobox', { name: /^Status/ }),
    page.getByRole('combobox', { name: 'Customer', exact: true }),
    page.getByLabel('From', { exact: true }),
    page.getByLabel('To', { exact: true }),
  ];
  await search.fill('INV');
  await status.selectOption('partly paid');
  await from.fill('2026-11-01');
  await to.fill('2026-11-30');
  await expect(numbers).toHaveText(['INV-5', 'INV-2']);
  await expect(chips).toHaveText(['Search: “INV”×', 'Status: partly paid×', 'Customer: Globex Carrier×', 'From: Nov 1, 2026×', 'To: Nov 30, 2026×']);
  await expect(clearAll).toBeVisible();

  // Each × clears its own filter only, and the keyboard focus moves on to the chip now in its place.
  await page.getByTestId('status-filter-chip').getByRole('button', { name: 'Clear the status filter' }).click();
  await expect(status).toHaveValue('');
  await expect(numbers).toHaveText(['INV-6', 'INV-5', 'INV-4', 'INV-3', 'INV-2']);
  await expect(chips).toHaveText(['Search: “INV”×', 'Customer: Globex Carrier×', 'From: Nov 1, 2026×', 'To: Nov 30, 2026×']);
  const clearCustomer = page.getByTestId('customer-filter-chip').getByRole('button', { name: 'Clear the customer filter' });
  await expect(clearCustomer).toBeFocused();
  await expect(search).toHaveValue('INV');

  // The customer's, by keyboard: out of the URL too; the other filters stay, there as well.
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/invoices?search=INV&from=2026-11-01&to=2026-11-30');
  await expect(customer).toHaveValue('All customers');
  await expect(numbers).toHaveText(['INV-8', 'INV-7', 'INV-6', 'INV-5', 'INV-4', 'INV-3', 'INV-2']);
  await expect(chips).toHaveText(['Search: “INV”×', 'From: Nov 1, 2026×', 'To: Nov 30, 2026×']);
  await expect(page.getByTestId('from-filter-chip').getByRole('button', { name: 'Clear the From date' })).toBeFocused();

  await page.getByTestId('to-filter-chip').getByRole('button', { name: 'Clear the To date' }).click();
  await expect(to).toHaveValue('');
  await expect(from).toHaveValue('2026-11-01');
  await expect(chips).toHaveText(['Search: “INV”×', 'From: Nov 1, 2026×']);

  // All at once, the customer's (back in the URL) among them; the focus goes back to Search.
  await pickCustomer(page, 'Customer', 'Atlas Telecom');
  await expect(page).toHaveURL(/\/invoices\?search=INV&customer=[\w-]+&from=2026-11-01$/);
  await expect(chips).toHaveText(['Search: “INV”×', 'Customer: Atlas Telecom×', 'From: Nov 1, 2026×']);
  await clearAll.click();
  await expect(page).toHaveURL('/invoices');
  await expect(activeFilters).toHaveCount(0);
  await expect(numbers).toHaveCount(10);
  for (const field of [search, status, from, to]) await expect(field).toHaveValue('');
  await expect(customer).toHaveValue('All customers');
  await expect(search).toBeFocused();

  // The search chip clears the search alone.
  await search.fill('INV-1');
  await expect(chips).toHaveText(['Search: “INV-1”×']);
  await expect(clearAll).toHaveCount(0);
  await page.getByTestId('search-filter-chip').getByRole('button', { name: 'Clear the search' }).click();
  await expect(search).toHaveValue('');
  await expect(numbers).toHaveCount(10);
});

test('the filters and the order are kept in the URL: a reload shows the same list, Back the filters before, and a value the list cannot show is ignored', async ({ page }) => {
  await signUp(page);
  const { data } = await seedTwoCurrencies(page);
  await openSynced(page, '/invoices');
  const numbers = page.getByTestId('invoice-rows').getByRole('link');
  await expect(numbers).toHaveCount(10);
  const chips = page.getByRole('group', { name: 'Active filters' }).locator('.chip');
  const [search, status, customer, from, to] = [
    page.getByLabel('Search', { exact: true }),
    page.getByRole('combobox', { name: /^Status/ }),
    page.getByRole('combobox', { name: 'Customer', exact: true }),
    page.getByLabel('From', { exact: true }),
    page.getByLabel('To', { exact: true }),
  ];
  const table = page.getByRole('table', { name: 'Invoices' });
  const totalHeader = table.getByRole('columnheader', { name: /^Total/ });
  const dateHeader = table.getByRole('columnheader', { name: /^Date/ });
  const historyLength = () => page.evaluate(() => window.history.length);

  // Typed, the search goes into the URL in the history entry already there, not one per keystroke;
  // the field keeps the focus and the caret (an N typed between I and V lands there).
  const entries = await historyLength();
  await search.pressSequentially('IV');
  await expect(page).toHaveURL('/invoices?search=IV');
  await search.press('ArrowLeft');
  await search.pressSequentially('N');
  await expect(search).toHaveValue('INV');
  await expect(search).toBeFocused();
  await expect(page).toHaveURL('/invoices?search=INV');
  expect(await historyLength()).toBe(entries);

  // Every other filter, and the order: each a history entry of its own.
  await status.selectOption('partly paid');
  await pickCustomer(page, 'Customer', 'Globex Carrier');
  await from.fill('2026-11-01');
  await to.fill('2026-11-30');
  await totalHeader.getByRole('button').click();
  await expect(totalHeader).toHaveAttribute('aria-sort', 'ascending');
  await totalHeader.getByRole('button').click();
  await expect(totalHeader).toHaveAttribute('aria-sort', 'descending');
  const everything = `/invoices?search=INV&status=partly+paid&customer=${data.customer.id}&from=2026-11-01&to=2026-11-30&sort=total&dir=desc`;
  await expect(page).toHaveURL(everything);
  await expect(numbers).toHaveText(['INV-2', 'INV-5']);
  expect(await historyLength()).toBe(entries + 6);

  // Back: the filters and order before each change, one change at a time; Forward again.
  await page.goBack();
  await expect(totalHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(numbers).toHaveText(['INV-5', 'INV-2']);
  await page.goBack();
  await expect(dateHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(totalHeader).not.toHaveAttribute('aria-sort');
  await page.goBack();
  await expect(to).toHaveValue('');
  await expect(chips).toHaveText(['Search: “INV”×', 'Status: partly paid×', 'Customer: Globex Carrier×', 'From: Nov 1, 2026×']);
  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL('/invoices?search=INV&status=partly+paid');
  await expect(customer).toHaveValue('All customers');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Invoices');
  await expect(numbers).toHaveText(['INV-5', 'INV-2']);
  await page.goBack();
  await expect(page).toHaveURL('/invoices?search=INV');
  await expect(status).toHaveValue('');
  await expect(search).toHaveValue('INV');
  await expect(numbers).toHaveText(['INV-8', 'INV-7', 'INV-6', 'INV-5', 'INV-4', 'INV-3', 'INV-2', 'INV-1']);
  await page.goForward();
  await expect(status).toHaveValue('partly paid');
  await expect(numbers).toHaveText(['INV-5', 'INV-2']);
  for (let i = 0; i < 5; i++) await page.goForward();
  await expect(page).toHaveURL(everything);
  await expect(numbers).toHaveText(['INV-2', 'INV-5']);

  // Reloaded (or opened from a bookmark, or a link a colleague sent): the same list.
  await page.reload();
  await expect(numbers).toHaveText(['INV-2', 'INV-5']);
  await expect(totalHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(search).toHaveValue('INV');
  await expect(status).toHaveValue('partly paid');
  await expect(customer).toHaveValue('Globex Carrier (Globex Ltd)');
  await expect(from).toHaveValue('2026-11-01');
  await expect(to).toHaveValue('2026-11-30');
  await expect(chips).toHaveText(['Search: “INV”×', 'Status: partly paid×', 'Customer: Globex Carrier×', 'From: Nov 1, 2026×', 'To: Nov 30, 2026×']);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Invoices: Globex Carrier');

  // Values the list cannot show are ignored, each filter alone: the list is not filtered by them,
  // and the one it can show (To) still applies; clearing it leaves a plain /invoices.
  await openSynced(page, '/invoices?status=foo&from=2026-13-45&sort=bogus&dir=asc&to=2026-11-05');
  await expect(numbers).toHaveText(['INV-5', 'INV-4', 'INV-3', 'INV-2', 'INV-1']);
  await expect(status).toHaveValue('');
  await expect(from).toHaveValue('');
  await expect(dateHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(chips).toHaveText(['To: Nov 5, 2026×']);
  await page.getByTestId('to-filter-chip').getByRole('button', { name: 'Clear the To date' }).click();
  await expect(page).toHaveURL('/invoices');
  await expect(numbers).toHaveCount(10);
});

test("a customer's own page keeps its list's filters and order in its URL beside its id", async ({ page }) => {
  await signUp(page);
  const { data } = await seedTwoCurrencies(page);
  await openSynced(page, `/customer?id=${data.customer.id}`);
  const ownList = page.getByTestId('customer-invoices');
  const numbers = ownList.getByTestId('invoice-rows').getByRole('link');
  await expect(numbers).toHaveCount(7);
  await ownList.getByRole('combobox', { name: /^Status/ }).selectOption('partly paid');
  await ownList.getByRole('columnheader', { name: /^Number/ }).getByRole('button').click();
  await expect(page).toHaveURL(`/customer?id=${data.customer.id}&status=partly+paid&sort=number&dir=asc`);
  await expect(numbers).toHaveText(['INV-2', 'INV-5']);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Globex Carrier');
  await expect(numbers).toHaveText(['INV-2', 'INV-5']);
  await expect(ownList.getByRole('combobox', { name: /^Status/ })).toHaveValue('partly paid');
  await page.goBack();
  await expect(page).toHaveURL(`/customer?id=${data.customer.id}&status=partly+paid`);
  await expect(numbers).toHaveText(['INV-5', 'INV-2']);
  // Its "View invoices" still opens the whole list filtered by the customer alone.
  await ownList.getByRole('link', { name: 'View invoices' }).click();
  await expect(page).toHaveURL(`/invoices?customer=${data.customer.id}`);
  await expect(page.getByTestId('invoice-rows').getByRole('row')).toHaveCount(7);
});

test("the Paid column shows a credit note's credit applied so far as a positive amount that says so, as the totals and the CSV do", async ({ page }) => {
  await signUp(page);
  await seedBalances(page);
  await openSynced(page, '/invoices');
  const rows = page.getByTestId('invoice-rows').getByRole('row');
  await expect(rows.getByRole('link')).toHaveText(['draft', 'INV-6', 'INV-5', 'INV-4', 'INV-3', 'INV-2', 'INV-1']);
  const paidHeader = page.getByRole('table', { name: 'Invoices' }).getByRole('columnheader', { name: 'Paid' });
  await expect(paidHeader).toHaveAttribute('title', /on a credit note, how much of its credit has been applied/);
  // INV-4, the credit note of −30.00, has 12.50 of its credit applied (to INV-5): "$12.50 applied", not "-$12.50".
  const paid = page.getByTestId('invoice-rows').locator('[role="cell"]:nth-child(7)');
  await expect(paid).toHaveText([usd('0.00'), usd('0.00'), usd('12.50'), `${usd('12.50')} applied`, usd('50.00'), usd('23.40'), usd('0.00')]);
  await expect(paid.nth(3).getByTitle('Credit applied to invoices so far')).toBeVisible();

  // The totals split the same way: 23.40 + 50.00 + 12.50 paid on the invoices, 12.50 of credit applied.
  const totals = page.getByRole('region', { name: 'Totals' });
  const column = async (name: string) => (await totals.locator('thead th').allTextContents()).indexOf(name);
  const usdRow = totals.locator('tbody tr').first().locator('th, td');
  await expect(usdRow.nth(await column('Paid'))).toHaveText(usd('85.90'));
  await expect(usdRow.nth(await column('Credit applied'))).toHaveText(usd('12.50'));
  // The note says how the figures reconcile: 193.45 − 85.90 + 12.50 = 120.05; received 85.90 − 12.50 = 73.40 (23.40 + 50.00).
  await expect(usdRow.nth(await column('Balance'))).toHaveText(usd('120.05'));
  // Not "the money received": money no invoice took (an overpayment, a payment taken off a void invoice) is the customer's credit, in neither figure.
  await expect(totals.getByTestId('totals-identity')).toHaveText(TOTALS_IDENTITY_NOTE);
  await expect(totals.getByTestId('totals-identity')).toContainText(
    'Paid less Credit applied is the money received that went to the invoices listed, when the credit notes and the invoices their credit went to are listed together: ' +
      'money received and not put against any invoice (an overpayment, a payment in advance, or one taken off a void invoice) is the customer’s credit, in neither figure',
  );

  // On a 390px phone all four figures and the note still show, so Total and Balance can be reconciled on screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(page);
  const figures = ['Total', 'Paid', 'Credit applied', 'Balance'];
  for (const name of figures) {
    const figure = usdRow.nth(await column(name));
    await expect(figure, `${name} on a phone`).toBeVisible();
    await expectWithinScreen(page, figure, 390);
  }
  await expect(totals.getByTestId('totals-identity')).toBeVisible();
  await expectWithinScreen(page, totals.getByTestId('totals-identity'), 390);
  // Each figure labelled, as the header row is out of sight: a card per currency.
  for (const name of figures) {
    expect(await usdRow.nth(await column(name)).evaluate((cell) => getComputedStyle(cell, '::before').content)).toBe(`"${name}" / ""`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // And the export: paid blank and credit_applied 12.50 on the credit note, in the columns it always had.
  const { rows: csv } = await exportCsv(page);
  expect(csv.map((r) => [r[0], r[8], r[9]])).toEqual([
    ['number', 'paid', 'credit_applied'],
    ['draft', '0.00', ''],
    ['INV-6', '0.00', ''],
    ['INV-5', '12.50', ''],
    ['INV-4', '', '12.50'],
    ['INV-3', '50.00', ''],
    ['INV-2', '23.40', ''],
    ['INV-1', '0.00', ''],
  ]);
});

/** On a 390px phone: each row a card showing the whole `customerName`, every cell inside it, the cards one under the other with no gap or overlap. */
async function expectCards(page: Page, rows: Locator, customerName: string) {
  await expectNoHorizontalScroll(page);
  const boxes = [];
  for (const row of await rows.all()) {
    const rowBox = (await row.boundingBox())!;
    boxes.push(rowBox);
    const customer = row.locator('[role="cell"].customer');
    // The whole name, wrapped rather than cut short with an ellipsis.
    await expect(customer).toHaveText(customerName);
    expect(await customer.evaluate((e) => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight + 1)).toBe(true);
    await expectWithinScreen(page, customer, 390);
    await expect(row.locator('[role="cell"].date')).toBeVisible();
    await expect(row.locator('[role="cell"].status')).toBeVisible();
    // Every cell shown (number, customer, date, period, total, balance, status) lies inside its row, on screen.
    for (const cell of await row.locator('[role="cell"]').all()) {
      if (!(await cell.isVisible())) continue;
      const box = (await cell.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(box.y).toBeGreaterThanOrEqual(rowBox.y - 0.5);
      expect(box.y + box.height).toBeLessThanOrEqual(rowBox.y + rowBox.height + 0.5);
    }
    // No more than its padding (8px) between its content and its edges: it is as tall as what it shows.
    const cellBoxes = await row.locator('[role="cell"]').evaluateAll((cells) =>
      cells.filter((c) => c.getClientRects().length > 0 && c.textContent).map((c) => c.getBoundingClientRect()),
    );
    expect(Math.min(...cellBoxes.map((b) => b.top)) - rowBox.y).toBeLessThan(12);
    expect(rowBox.y + rowBox.height - Math.max(...cellBoxes.map((b) => b.bottom))).toBeLessThan(12);
  }
  for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.y).toBeCloseTo(boxes[i - 1]!.y + boxes[i - 1]!.height, 0);
}

test("on a phone each invoice stacks into a card that shows the customer's whole name, however long; at a desk the table stays one line a row", async ({ page }) => {
  await signUp(page);
  const data = billingData();
  data.customer.name = 'Globex Carrier International Wholesale Telecommunications Holdings Ltd';
  const due = addDays(todayIn('UTC', Date.now()), 30);
  const documents = [
    draftOf(data, '123.45', '2026-11-02', due, { start: '2026-10-01', end: '2026-10-31' }),
    draftOf(data, '-30', '2026-11-03', due),
    draftOf(data, '1087.5', '2026-11-04', due, { start: '2026-12-01', end: '2027-01-31' }),
  ];
  await seed(page, [
    ...seedMutations(data).filter((m) => m.name !== 'putUsage'),
    ...documents.map((d) => d.mutation),
    ...documents.slice(0, 2).map((d) => ({ name: 'issueInvoice', args: { id: d.invoiceId } })),
  ]);

  await page.setViewportSize({ width: 390, height: 844 });
  await openSynced(page, '/invoices');
  const rows = page.getByTestId('invoice-rows').getByRole('row');
  await expect(rows.getByRole('link')).toHaveText(['draft', 'INV-2', 'INV-1']);
  await expectNoHorizontalScroll(page);
  // The search takes a row of its own, so its placeholder shows whole, not cut short.
  expect((await page.getByLabel('Search').boundingBox())!.width).toBeGreaterThan(300);
  await expectCards(page, rows, data.customer.name);
  const creditNote = rows.filter({ has: page.getByRole('link', { name: 'INV-2', exact: true }) });
  await expect(creditNote.locator('[role="cell"].balance')).toHaveText(`${usd('30.00')} credit`);
  // The header is a key to the card, its sort buttons where the values they sort are; sorted again,
  // each row keeps its own height (a card of four lines is not drawn in a place three lines high).
  const table = page.getByRole('table', { name: 'Invoices' });
  await table.getByRole('columnheader', { name: /^Customer/ }).getByRole('button').click();
  await expect(table.getByRole('columnheader', { name: /^Customer/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows.getByRole('link')).toHaveText(['INV-1', 'INV-2', 'draft']);
  await expectCards(page, rows, data.customer.name);

  // At a desk: one line a row, the name cut short with an ellipsis (whole on hover).
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(rows).toHaveCount(3);
  await expect.poll(async () => (await rows.first().boundingBox())!.height).toBe(52);
  const deskCustomer = rows.first().locator('[role="cell"].customer');
  await expect(deskCustomer).toHaveAttribute('title', data.customer.name);
  expect(await deskCustomer.evaluate((e) => getComputedStyle(e).textOverflow)).toBe('ellipsis');
});
