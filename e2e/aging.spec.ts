/**
 * Receivables aging: what each customer owes by days past due, its credit and the net, per
 * currency with totals, as of today in My Account's timezone; offline too; exported as CSV.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { addDays } from '../lib/dates';
import { parseCsv } from '../lib/csv';
import { billingData, draftWithLines } from './billing-data';
import { openSynced, seed, signUp } from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations } from './page-checks';

test('the aging report buckets open balances by days past due, nets credit, totals per currency, works offline and exports CSV', async ({ page, context }) => {
  await signUp(page);
  const today = new Date().toISOString().slice(0, 10);
  const globex = billingData().customer;
  const euro = { ...billingData().customer, id: randomUUID(), name: 'Euro Carrier GmbH', currency: 'EUR' };
  /** An issued invoice of one line at `price`, due `dueInDays` from today (below zero: overdue). */
  const invoiceOf = (customer: { id: string; currency: string }, price: string, dueInDays: number) => {
    const draft = draftWithLines(customer.id, ['Termination']);
    const args = draft.mutation.args;
    const dueDate = addDays(today, dueInDays);
    return {
      id: draft.invoiceId,
      mutations: [
        {
          name: 'createInvoice',
          args: { invoice: { ...args.invoice, currency: customer.currency, invoiceDate: addDays(dueDate, -30), dueDate }, lines: args.lines.map((l) => ({ ...l, unitPrice: price })) },
        },
        { name: 'issueInvoice', args: { id: draft.invoiceId } },
      ],
    };
  };
  const current = invoiceOf(globex, '100', 10);
  const late = invoiceOf(globex, '250', -45);
  const veryLate = invoiceOf(euro, '80', -120);
  await seed(page, [
    { name: 'createCustomer', args: globex },
    { name: 'createCustomer', args: euro },
    ...current.mutations,
    ...late.mutations,
    ...veryLate.mutations,
    // 50 paid on the late invoice, 20 more received than allocated: credit.
    {
      name: 'recordPayment',
      args: { id: randomUUID(), customerId: globex.id, date: today, amount: '70', currency: 'USD', method: 'Bank transfer', reference: 'W-1', allocations: [{ invoiceId: late.id, amount: '50' }] },
    },
    // 100 received from Euro Carrier in advance: more credit than its 80 owed.
    { name: 'recordPayment', args: { id: randomUUID(), customerId: euro.id, date: today, amount: '100', currency: 'EUR', method: 'Bank transfer', reference: 'W-2', allocations: [] } },
  ]);
  await openSynced(page, '/invoices');
  await page.getByRole('link', { name: 'Aging' }).click();
  await expect(page.getByRole('heading', { name: 'Receivables aging', level: 1 })).toBeVisible();
  await expect(page).toHaveTitle('Receivables aging · Tollbook');

  const usd = page.getByTestId('aging-USD');
  const cells = async (table: typeof usd, row: string) => (await table.getByRole('row', { name: row }).getByRole('cell').allInnerTexts()).map((t) => t.trim());
  // Current, 1–30, 31–60, 61–90, Over 90, Owed, Credit, Net. Credit is a positive figure, as on the
  // customer's page and in the CSV; Net carries the sign.
  expect(await cells(usd, 'Globex Carrier')).toEqual(['$100.00', '', '$200.00', '', '', '$300.00', '$20.00', '$280.00']);
  expect(await cells(usd, 'Total')).toEqual(['$100.00', '', '$200.00', '', '', '$300.00', '$20.00', '$280.00']);
  const eur = page.getByTestId('aging-EUR');
  // More credit than owed: Net is below zero, Credit still a positive figure.
  expect(await cells(eur, 'Euro Carrier GmbH')).toEqual(['', '', '', '', '€80.00', '€80.00', '€100.00', '-€20.00']);
  await expect(eur.getByRole('row', { name: 'Euro Carrier GmbH' })).toContainText(`Oldest due`);

  // The customer's name leads to its invoices.
  await eur.getByRole('link', { name: 'Euro Carrier GmbH' }).click();
  await expect(page.getByRole('heading', { name: 'Invoices: Euro Carrier GmbH', level: 1 })).toBeVisible();
  await page.goBack();

  // Offline, from the device's data (a payment recorded offline counts at once); the export as the
  // accountant's spreadsheet reads it.
  await context.setOffline(true);
  await expect(page.getByTestId('aging-USD')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toBe(`aging-${today}.csv`);
  const rows = parseCsv(await readFile((await download.path())!, 'utf8'));
  expect(rows.slice(1)).toEqual([
    ['Euro Carrier GmbH', 'EUR', '0.00', '0.00', '0.00', '0.00', '80.00', '80.00', '100.00', '-20.00', addDays(today, -120), today],
    ['Globex Carrier', 'USD', '100.00', '0.00', '200.00', '0.00', '0.00', '300.00', '20.00', '280.00', addDays(today, -45), today],
  ]);
  await context.setOffline(false);
});

test('with nothing owed the aging report says so', async ({ page }) => {
  await signUp(page);
  await openSynced(page, '/invoices/aging');
  await expect(page.getByTestId('aging-empty')).toHaveText('Nothing is owed: no issued invoice has a balance left to pay, and no customer has credit left.');
  await expect(page.getByRole('button', { name: 'Export CSV' })).toHaveCount(0);
});

test('amounts stay on one line at 1280 px, the table scrolls sideways in a region the keyboard reaches at a desk, and on a 390 px phone each customer and the totals are cards with Owed, Credit and Net on screen', async ({ page }) => {
  await signUp(page);
  const today = new Date().toISOString().slice(0, 10);
  const customer = { ...billingData().customer, name: 'Globex Carrier International Wholesale Voice Services Ltd' };
  /** An issued invoice of one line at `price`, due `dueInDays` from today (below zero: overdue). */
  const invoiceOf = (price: string, dueInDays: number) => {
    const draft = draftWithLines(customer.id, ['Termination']);
    const args = draft.mutation.args;
    const dueDate = addDays(today, dueInDays);
    return [
      { name: 'createInvoice', args: { invoice: { ...args.invoice, invoiceDate: addDays(dueDate, -30), dueDate }, lines: args.lines.map((l) => ({ ...l, unitPrice: price })) } },
      { name: 'issueInvoice', args: { id: draft.invoiceId } },
    ];
  };
  // Every bucket holds an amount, and 50.01 received beyond them is credit: "$50.01", a positive figure as everywhere else credit is.
  await seed(page, [
    { name: 'createCustomer', args: customer },
    ...invoiceOf('1234567.89', 10),
    ...invoiceOf('2345678.91', -10),
    ...invoiceOf('3456789.12', -45),
    ...invoiceOf('4567891.23', -75),
    ...invoiceOf('5678912.34', -120),
    { name: 'recordPayment', args: { id: randomUUID(), customerId: customer.id, date: today, amount: '50.01', currency: 'USD', method: 'Bank transfer', reference: 'W-2', allocations: [] } },
  ]);
  await openSynced(page, '/invoices/aging');
  const table = page.getByTestId('aging-USD');
  await expect(table.getByRole('row', { name: /Globex Carrier/ }).getByRole('cell').nth(6)).toHaveText('$50.01');

  /** The amount cells whose text takes more than one line. */
  const wrappedAmounts = () =>
    table.evaluate((element) =>
      [...element.querySelectorAll('td.num')]
        .filter((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1;
        })
        .map((cell) => cell.textContent),
    );
  expect(await wrappedAmounts()).toEqual([]);

  // At a desk the table scrolls sideways in a region the keyboard reaches.
  await page.setViewportSize({ width: 700, height: 800 });
  const region = page.getByRole('region', { name: 'Receivables in USD' });
  await expect.poll(() => region.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
  await page.getByRole('button', { name: 'Export CSV' }).focus();
  await page.keyboard.press('Tab');
  await expect(region).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => region.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);

  // On a phone each customer is a card, and the totals another: every amount, Owed, Credit and Net
  // too, on screen with its column's name, nothing off to the side.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await wrappedAmounts()).toEqual([]);
  await expectNoHorizontalScroll(page);
  await expect.poll(() => region.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
  for (const name of [/Globex Carrier/, 'Total']) {
    const cells = table.getByRole('row', { name }).getByRole('cell');
    await expect(cells).toHaveCount(8);
    for (let i = 0; i < 8; i++) {
      const box = (await cells.nth(i).boundingBox())!;
      expect(box.x, `cell ${i} of ${name}`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `cell ${i} of ${name}`).toBeLessThanOrEqual(390);
    }
    await expect(cells.nth(5)).toHaveText('$17,283,839.49');
    expect(await cells.nth(5).evaluate((cell) => getComputedStyle(cell, '::before').content)).toContain('Owed');
    expect(await cells.nth(6).evaluate((cell) => getComputedStyle(cell, '::before').content)).toContain('Credit');
    await expect(cells.nth(6)).toHaveText('$50.01');
    await expect(cells.nth(7)).toHaveText('$17,283,789.48');
  }
  await expectNoSeriousA11yViolations(page);
});
