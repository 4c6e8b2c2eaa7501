/**
 * A customer's statement of account: the opening balance, the month's invoices, credit notes and
 * payments with the running balance, the closing balance and what was overdue, on screen from the
 * device's records (offline too) and in the PDF rendered on the device, with the same figures.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { addDays, dayAsShown, dayRangeAsShown, todayIn } from '../lib/dates';
import { formatMoney } from '../lib/money';
import { creditApplication } from '../lib/payments';
import { monthPeriod } from '../lib/statement';
import { checkPdf } from '../app/_pdf/pdf-test-tools';
import { billingData, draftWithLines, seedMutations } from './billing-data';
import { openSynced, seed, signUp } from './fixtures';

const usd = (amount: string) => formatMoney(amount, 'USD', 'en-US');
/** A day as the screens show it in en-US (locale/formatDay). */
const shown = (day: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
/** pdftotext -layout pads columns with runs of spaces: compare with single spaces. */
const squash = (s: string) => s.replace(/[ \t\u00a0\u202f]+/g, ' ');

/**
 * Globex over two months (the account's timezone is UTC): the month before last, INV-1 100.00
 * paid 60.00 (WIRE-1); last month, INV-2 250.00, credit note INV-3 −30.00 applied to INV-2,
 * WIRE-2 120.00 (40.00 on INV-1, 80.00 on INV-2), a draft and a void invoice; today WIRE-3 50.00
 * on INV-2.
 */
async function seedTwoMonths(page: Page) {
  const data = billingData();
  const today = todayIn('UTC', Date.now());
  const before = monthPeriod(today, -2);
  const last = monthPeriod(today, -1);
  const on = (month: { from: string }, day: number) => `${month.from.slice(0, 8)}${String(day).padStart(2, '0')}`;
  const invoiceOf = (price: string, invoiceDate: string, dueDate: string) => {
    const draft = draftWithLines(data.customer.id, ['Termination']);
    Object.assign(draft.mutation.args.invoice, { invoiceDate, dueDate });
    // A credit note: one line of −1 at the price.
    Object.assign(draft.mutation.args.lines[0]!, price.startsWith('-') ? { quantity: '-1', unitPrice: price.slice(1) } : { unitPrice: price });
    return draft;
  };
  const inv1 = invoiceOf('100', on(before, 5), on(before, 20));
  const inv2 = invoiceOf('250', on(last, 3), on(last, 13));
  const inv3 = invoiceOf('-30', on(last, 8), on(last, 8));
  const toVoid = invoiceOf('500', on(last, 21), on(last, 28));
  const draft = invoiceOf('999', on(last, 20), on(last, 28));
  const payment = (reference: string, date: string, amount: string, allocations: { invoiceId: string; amount: string }[]) => ({
    name: 'recordPayment',
    args: { id: randomUUID(), customerId: data.customer.id, date, amount, currency: 'USD', method: 'Bank transfer', reference, allocations },
  });
  const application = creditApplication(
    { id: inv3.invoiceId, customerId: data.customer.id, currency: 'USD', number: 'INV-3' },
    { id: randomUUID(), date: on(last, 10), allocations: [{ invoiceId: inv2.invoiceId, amount: '30.00' }], numbers: new Map([[inv2.invoiceId, 'INV-2']]) },
  );
  const issued = [inv1, inv2, inv3, toVoid];
  await seed(page, [
    ...seedMutations(data).filter((m) => m.name !== 'putUsage'),
    ...[...issued, draft].map((d) => d.mutation),
    ...issued.map((d) => ({ name: 'issueInvoice', args: { id: d.invoiceId } })),
    payment('WIRE-1', on(before, 25), '60.00', [{ invoiceId: inv1.invoiceId, amount: '60.00' }]),
    { name: 'recordPayment', args: application },
    payment('WIRE-2', on(last, 15), '120.00', [
      { invoiceId: inv1.invoiceId, amount: '40.00' },
      { invoiceId: inv2.invoiceId, amount: '80.00' },
    ]),
    payment('WIRE-3', today, '50.00', [{ invoiceId: inv2.invoiceId, amount: '50.00' }]),
    { name: 'voidInvoice', args: { id: toVoid.invoiceId, reason: 'Billed twice' } },
  ]);
  return { customerId: data.customer.id, today, last, on };
}

// Offline with the app precached by its service worker, as a device is.
test.use({ serviceWorkers: 'allow' });

test('the statement opens on this month, closing at what is owed now; last month opens with what was owed, lists its invoices, credit note and payments with the running balance, closes, says what was overdue, offline, and its PDF has the same figures', async ({ page, context }) => {
  // The first visit precaches the app (the service worker) before the network goes away.
  test.setTimeout(180_000);
  await signUp(page);
  const { customerId, today, last, on } = await seedTwoMonths(page);
  await openSynced(page, `/customer?id=${customerId}`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 120_000 });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');
  // Today's balance on the customer's page: INV-2's 250.00 less 30.00 credit, 80.00 and 50.00.
  await expect(page.getByTestId('customer-outstanding')).toContainText(`Owed: ${usd('90.00')}`);

  await page.getByRole('link', { name: 'Statement', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Statement: Globex Carrier', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/customer\/statement\?id=/);
  // This month by default, a period taking in today: it closes at what the customer's page shows as owed.
  await expect(page.getByRole('radio', { name: 'This month' })).toBeChecked();
  const thisMonth = monthPeriod(today, 0);
  await expect(page.getByTestId('statement-opening')).toHaveText(usd('140.00'));
  await expect(page.getByTestId('statement-closing')).toHaveText(usd('90.00'));
  // Nothing after today is known: the statement is of the month to today, and closes today, not
  // at the month's end still to come. Overdue is counted today too: INV-2 (due last month) owes 90.00.
  await expect(page.getByRole('heading', { name: `${shown(thisMonth.from)} – ${shown(today)}, USD`, level: 2 })).toBeVisible();
  // The period is said once, in that heading with its currency, not above it as well.
  await expect(page.getByText(`${shown(thisMonth.from)} – `)).toHaveCount(1);
  await expect(page.getByTestId('statement-summary')).toContainText(`Closing balance ${shown(today)}${usd('90.00')}`);
  await expect(page.getByTestId('statement-summary')).toContainText(`Overdue at ${shown(today)}${usd('90.00')} on 1 invoice`);
  await expect(page.getByTestId('statement-closing-row').getByRole('cell').first()).toHaveText(shown(today));
  if (today < thisMonth.to) await expect(page.getByTestId('statement-to-date')).toHaveText(`To date: the period runs to ${shown(thisMonth.to)}, and a statement shows nothing after today.`);

  await page.getByRole('radio', { name: 'Last month' }).check();
  await expect(page.getByTestId('statement-period')).toHaveText(`${shown(last.from)} – ${shown(last.to)}, USD`);
  await expect(page.getByText(`${shown(last.from)} – ${shown(last.to)}`)).toHaveCount(1);

  // Opening: INV-1's 100.00 less WIRE-1's 60.00. The credit note's application, the draft, the
  // void invoice and today's WIRE-3 are no rows.
  await expect(page.getByTestId('statement-opening')).toHaveText(usd('40.00'));
  const cells = async (row: ReturnType<Page['getByTestId']>) => (await row.getByRole('cell').allInnerTexts()).map((t) => t.trim());
  expect(await cells(page.getByTestId('statement-opening-row'))).toEqual([shown(last.from), 'Opening balance', '', '', '', usd('40.00')]);
  const rows = page.getByTestId('statement-row');
  await expect(rows).toHaveCount(3);
  expect(await cells(rows.nth(0))).toEqual([shown(on(last, 3)), 'Invoice INV-2', shown(on(last, 13)), usd('250.00'), '', usd('290.00')]);
  expect(await cells(rows.nth(1))).toEqual([shown(on(last, 8)), 'Credit note INV-3', '', '', usd('30.00'), usd('260.00')]);
  expect(await cells(rows.nth(2))).toEqual([shown(on(last, 15)), 'Payment WIRE-2 (Bank transfer)', '', '', usd('120.00'), usd('140.00')]);
  expect(await cells(page.getByTestId('statement-closing-row'))).toEqual([shown(last.to), 'Closing balance', '', usd('250.00'), usd('150.00'), usd('140.00')]);
  await expect(page.getByTestId('statement-closing')).toHaveText(usd('140.00'));
  await expect(page.getByTestId('statement-summary')).toContainText(`Closing balance ${shown(last.to)}${usd('140.00')}`);
  await expect(page.getByTestId('statement-to-date')).toHaveCount(0);
  // INV-1 was paid in full by WIRE-2; INV-2, due on the 13th, still owed 140.00 at the month's end.
  await expect(page.getByTestId('statement-summary')).toContainText(`Overdue at ${shown(last.to)}${usd('140.00')} on 1 invoice`);

  // The PDF, rendered on the device: the same figures.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
  expect(download.suggestedFilename()).toBe(`statement-Globex-Carrier-${last.from}-${last.to}.pdf`);
  const pdf = checkPdf(new Uint8Array(await readFile((await download.path())!)));
  expect(pdf.qpdfStatus, pdf.qpdfOutput).toBe(0);
  const text = squash(pdf.text);
  expect(text).toContain('Acme Telecom');
  expect(text).toContain('Globex Carrier');
  expect(text).toContain(`Period ${dayRangeAsShown(last.from, last.to)}`);
  expect(text).toContain(`${dayAsShown(last.from)} Opening balance ${usd('40.00')}`);
  expect(text).toContain(`${dayAsShown(on(last, 3))} Invoice INV-2 ${dayAsShown(on(last, 13))} ${usd('250.00')} ${usd('290.00')}`);
  expect(text).toContain(`${dayAsShown(on(last, 8))} Credit note INV-3 ${usd('30.00')} ${usd('260.00')}`);
  expect(text).toContain(`${dayAsShown(on(last, 15))} Payment WIRE-2 (Bank transfer) ${usd('120.00')} ${usd('140.00')}`);
  expect(text).toContain(`Closing balance ${dayAsShown(last.to)} ${usd('140.00')}`);
  expect(text).toContain(`Overdue at ${dayAsShown(last.to)} ${usd('140.00')}`);
  expect(text).not.toContain('WIRE-3');
  expect(text).not.toContain('INV-4');

  // This month closes today at what the customer's page shows as owed, in its PDF too.
  await page.getByRole('radio', { name: 'This month' }).check();
  await expect(page.getByTestId('statement-opening')).toHaveText(usd('140.00'));
  await expect(page.getByTestId('statement-closing')).toHaveText(usd('90.00'));
  await expect(page).toHaveURL(new RegExp(`from=${monthPeriod(last.to, 1).from}`));
  const [thisMonthDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
  expect(thisMonthDownload.suggestedFilename()).toBe(`statement-Globex-Carrier-${thisMonth.from}-${today}.pdf`);
  const thisMonthText = squash(checkPdf(new Uint8Array(await readFile((await thisMonthDownload.path())!))).text);
  expect(thisMonthText).toContain(`Period ${dayRangeAsShown(thisMonth.from, today)}`);
  expect(thisMonthText).toContain(`Closing balance ${dayAsShown(today)} ${usd('90.00')}`);
  expect(thisMonthText).toContain(`Overdue at ${dayAsShown(today)} ${usd('90.00')}`);

  // A custom period over both months opens at nothing.
  await page.getByRole('radio', { name: 'Custom' }).check();
  await page.getByLabel('From').fill(monthPeriod(last.from, -1).from);
  await expect(page.getByTestId('statement-opening')).toHaveText(usd('0.00'));
  await expect(page.getByTestId('statement-row')).toHaveCount(6);
  await context.setOffline(false);
});

test('a statement closing below zero says, on the screen and in the PDF the customer receives, that it is credit the customer holds', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const today = todayIn('UTC', Date.now());
  const draft = draftWithLines(data.customer.id, ['Termination']);
  Object.assign(draft.mutation.args.invoice, { invoiceDate: today, dueDate: addDays(today, 15) });
  Object.assign(draft.mutation.args.lines[0]!, { quantity: '1', unitPrice: '100', taxRate: '0' });
  await seed(page, [
    ...seedMutations(data).filter((m) => m.name !== 'putUsage'),
    draft.mutation,
    { name: 'issueInvoice', args: { id: draft.invoiceId } },
    // 115.31 received for INV-1's 100.00: 15.31 is the customer's credit.
    {
      name: 'recordPayment',
      args: { id: randomUUID(), customerId: data.customer.id, date: today, amount: '115.31', currency: 'USD', method: 'Bank transfer', reference: 'OVER-1', allocations: [{ invoiceId: draft.invoiceId, amount: '100.00' }] },
    },
  ]);
  await openSynced(page, `/customer/statement?id=${data.customer.id}`);
  await expect(page.getByTestId('statement-closing')).toHaveText(usd('-15.31'));
  // How it is worked out, true of invoices voided now and before; then what the balance below zero means.
  await expect(page.getByTestId('statement-basis')).toHaveText(
    'Issued invoices and credit notes at their totals, and payments at the amount received, by date; drafts and void invoices are left out. ' +
      "Voiding an invoice takes what was paid against it off it, so money received counts here in full, as the customer's credit; " +
      "only an amount a payment still holds on an invoice voided earlier is not counted, and that payment's row says how much. " +
      "Applying a credit note's credit to invoices changes no balance: the credit note counted when it was issued. A balance below zero is credit the customer holds.",
  );

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
  const text = squash(checkPdf(new Uint8Array(await readFile((await download.path())!))).text);
  expect(text).toContain(`Closing balance ${dayAsShown(today)} ${usd('-15.31')}`);
  expect(text).toContain('A balance below zero is credit the customer holds.');
  // Nothing to pay: no payment details.
  expect(text).not.toContain('Payment details');
});

/** How many lines the text of `locator` takes (its text nodes' boxes, by distinct line top). */
const linesOf = (locator: ReturnType<Page['getByTestId']>) =>
  locator.evaluate((el) => {
    const tops = new Set<number>();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
    }
    return tops.size;
  });

test('on a 320 px phone no amount of the statement breaks inside: the summary and each card keep "$140.00" on one line, the words beside it wrap', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 320, height: 700 });
  await signUp(page);
  const { customerId, last } = await seedTwoMonths(page);
  await openSynced(page, `/customer/statement?id=${customerId}&from=${last.from}&to=${last.to}`);
  await expect(page.getByTestId('statement-closing')).toHaveText(usd('140.00'));
  for (const id of ['statement-opening', 'statement-closing']) expect(await linesOf(page.getByTestId(id)), id).toBe(1);
  // "$140.00 on 1 invoice" may wrap between its words, never inside "$140.00".
  expect(await linesOf(page.getByTestId('statement-overdue').locator('.money'))).toBe(1);
  const amounts = page.getByTestId('statement-table').locator('.money');
  await expect(amounts).toHaveCount(10);
  for (let i = 0; i < 10; i++) expect(await linesOf(amounts.nth(i)), await amounts.nth(i).innerText()).toBe(1);
});
