import { randomInt, randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addDays, dayAsShown, todayIn } from '../lib/dates';
import { formatMoney } from '../lib/money';
import { billingData, draftWithLines, seedMutations } from './billing-data';
import { browserQuestions, followMainLink, openSynced, seed, signUp } from './fixtures';

const usd = (amount: string) => formatMoney(amount, 'USD', 'en-US');
/** The lines of what the customer's page says it owes and holds (lib/payments outstandingLines): each figure once. */
const outstandingLines = (page: Page) => page.getByTestId('customer-outstanding').locator('.outstanding-line');
/** A day as the screens show it in en-US (locale/formatDay). */
const shown = (day: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/** Seeds Globex with issued invoices of 10.00 each unless `unitPrices` says (INV-1, INV-2, …), due five days ago: overdue. */
async function seedIssued(page: Page, count: number, currency = 'USD', unitPrices: readonly string[] = []) {
  const data = billingData();
  data.customer.currency = currency;
  // A package is billed only in its own currency.
  data.did.currency = currency;
  // The account's timezone is the default, UTC.
  const today = todayIn('UTC', Date.now());
  const invoiceDate = addDays(today, -35);
  const drafts = Array.from({ length: count }, (_, i) => {
    const draft = draftWithLines(data.customer.id, [`Port fee ${i + 1}`]);
    Object.assign(draft.mutation.args.invoice, { invoiceDate, dueDate: addDays(today, -5), currency });
    if (unitPrices[i]) draft.mutation.args.lines[0]!.unitPrice = unitPrices[i];
    return draft;
  });
  await seed(page, [
    ...seedMutations(data).filter((m) => m.name !== 'putUsage'),
    ...drafts.map((d) => d.mutation),
    ...drafts.map((d) => ({ name: 'issueInvoice', args: { id: d.invoiceId } })),
  ]);
  return { customerId: data.customer.id, invoiceIds: drafts.map((d) => d.invoiceId), today, invoiceDate };
}

/** Seeds Globex with INV-1 and INV-2 of 10.00 each, then credit note INV-3 of −3.45: issued, due five days ago. */
async function seedInvoicesAndCreditNote(page: Page) {
  const data = billingData();
  const today = todayIn('UTC', Date.now());
  const drafts = [draftWithLines(data.customer.id, ['Port fee 1']), draftWithLines(data.customer.id, ['Port fee 2']), draftWithLines(data.customer.id, ['Refund'])];
  for (const d of drafts) Object.assign(d.mutation.args.invoice, { invoiceDate: addDays(today, -35), dueDate: addDays(today, -5) });
  Object.assign(drafts[2]!.mutation.args.lines[0]!, { quantity: '-1', unitPrice: '3.45' });
  await seed(page, [
    ...seedMutations(data).filter((m) => m.name !== 'putUsage'),
    ...drafts.map((d) => d.mutation),
    ...drafts.map((d) => ({ name: 'issueInvoice', args: { id: d.invoiceId } })),
  ]);
  const [first, second, credit] = drafts.map((d) => d.invoiceId) as [string, string, string];
  return { data, today, first, second, credit };
}

test('payments are listed by date on the invoice and the customer, with what is owed; a mistyped one is deleted after a confirmation naming it', async ({ page }) => {
  await signUp(page);
  const { customerId, invoiceIds, today, invoiceDate } = await seedIssued(page, 2);
  await openSynced(page, `/invoice?id=${invoiceIds[0]}`);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  const dialog = page.getByRole('dialog');

  // Dates: an emptied one is asked for, one after today refused (not received yet).
  await page.getByRole('button', { name: 'Record payment' }).click();
  await dialog.getByLabel('Date').fill('');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Enter the payment date');
  await dialog.getByLabel('Date').fill(addDays(today, 30));
  await dialog.getByLabel('Reference').fill('C-wire');
  await dialog.getByLabel('Amount for invoice INV-1').fill('1');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    `Payment "C-wire" of ${usd('1.00')} dated ${dayAsShown(addDays(today, 30))} was not recorded: its date is after today (${dayAsShown(today)} in UTC, My Account's timezone). Enter the day the money was received.`,
  );
  await dialog.getByLabel('Date').fill(addDays(today, -2));
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog).toHaveCount(0);

  // Entered second, dated first: a prepayment before the invoice date, split over both invoices.
  const prepaid = addDays(invoiceDate, -10);
  await page.getByRole('button', { name: 'Record payment' }).click();
  await dialog.getByLabel('Date').fill(prepaid);
  await dialog.getByLabel('Reference').fill('B-wire');
  await dialog.getByLabel('Amount for invoice INV-1').fill('4');
  await dialog.getByLabel('Amount for invoice INV-2').fill('3');
  await expect(dialog.getByTestId('payment-amount')).toHaveText(usd('7.00'));
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog).toHaveCount(0);

  const invoicePayments = page.getByTestId('invoice-payments').getByRole('row');
  await expect(invoicePayments).toHaveText([
    /Date\s*Method\s*Reference\s*Amount/,
    `${shown(prepaid)}Bank transferB-wire${usd('4.00')}of ${usd('7.00')}, also to INV-2 (${usd('3.00')})Delete`,
    `${shown(addDays(today, -2))}Bank transferC-wire${usd('1.00')}Delete`,
  ]);
  await expect(page.getByTestId('total-paid')).toHaveText(usd('5.00'));
  await expect(page.getByText('overdue', { exact: true })).toBeVisible();

  // Part-paid and overdue: found under both filters.
  await followMainLink(page, 'Invoices');
  const rows = page.getByTestId('invoice-rows').getByRole('row');
  await expect(rows).toHaveCount(2);
  for (const filter of ['partly paid', 'overdue']) {
    await page.getByRole('combobox', { name: /^Status/ }).selectOption(filter);
    await expect(rows).toHaveCount(2);
  }
  await page.getByRole('combobox', { name: /^Status/ }).selectOption('issued');
  await expect(page.getByText('No invoice matches these filters.')).toBeVisible();

  // The customer: what it owes (10.00 − 5.00 + 10.00 − 3.00 = 12.00), its payments newest first.
  await openSynced(page, `/customer?id=${customerId}`);
  await expect(page.getByTestId('customer-outstanding')).toHaveText(`Owed: ${usd('12.00')} on 2 issued invoices`);
  const customerPayments = page.getByTestId('customer-payments').getByRole('row');
  await expect(customerPayments).toHaveText([
    /Date\s*Method\s*Reference\s*Invoices\s*Amount/,
    `${shown(addDays(today, -2))}Bank transferC-wireINV-1${usd('1.00')}Delete`,
    `${shown(prepaid)}Bank transferB-wireINV-1 (${usd('4.00')}), INV-2 (${usd('3.00')})${usd('7.00')}Delete`,
  ]);

  // Delete the split payment: the app's dialog (no browser confirm) names it and what each invoice owes again; Cancel keeps it.
  const name = `the payment of ${usd('7.00')} dated ${shown(prepaid)} (Bank transfer, B-wire)`;
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await expect(dialog.getByRole('heading', { name: 'Delete payment' })).toBeVisible();
  await expect(dialog.getByTestId('delete-payment-question')).toHaveText(`Delete ${name}?`);
  await expect(dialog.getByTestId('delete-payment-effect')).toHaveText(`${usd('4.00')} is owed on INV-1 again and ${usd('3.00')} is owed on INV-2 again. This cannot be undone.`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(customerPayments).toHaveCount(3);
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await dialog.getByRole('button', { name: 'Delete payment' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(customerPayments).toHaveCount(2);
  await expect(page.getByTestId('customer-outstanding')).toHaveText(`Owed: ${usd('19.00')} on 2 issued invoices`);

  // The server took it: after a reload and a sync the payment is still gone and INV-1 owes 9.00.
  await openSynced(page, `/invoice?id=${invoiceIds[0]}`);
  await expect(invoicePayments).toHaveCount(2);
  await expect(invoicePayments.nth(1)).toContainText('C-wire');
  await expect(page.getByTestId('total-paid')).toHaveText(usd('1.00'));
  await expect(page.getByTestId('total-balance')).toHaveText(usd('9.00'));
  // No refused change (the device would have undone the delete and said so).
  await expect(page.getByText(/not saved and (has|have) been undone/)).toHaveCount(0);
});

test('a credit note is applied to two invoices: their balances, its credit left and the Owed figure are exact', async ({ page }) => {
  await signUp(page);
  const { data, today, first, second, credit } = await seedInvoicesAndCreditNote(page);
  await openSynced(page, `/customer?id=${data.customer.id}`);
  // What is owed and the credit, each plainly on its own line, each figure once.
  await expect(outstandingLines(page)).toHaveText([`Owed: ${usd('20.00')} on 2 issued invoices`, `Credit: ${usd('3.45')} left on 1 credit note`, `Once the credit is applied: ${usd('16.55')} owed`]);

  await openSynced(page, `/invoice?id=${credit}`);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-3');
  await expect(page.getByText('credit', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Apply credit' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('credit-left')).toHaveText(usd('3.45'));
  // Pre-filled with all of it, against the first invoice.
  await expect(dialog.getByLabel('Credit to apply to invoice INV-1')).toHaveValue('3.45');
  await dialog.getByLabel('Credit to apply to invoice INV-1').fill('2.50');
  await dialog.getByLabel('Credit to apply to invoice INV-2').fill('1');
  await dialog.getByRole('button', { name: 'Apply credit' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(`The amounts add up to ${usd('3.50')}, more than the ${usd('3.45')} of credit left on this credit note: lower them`);
  await dialog.getByLabel('Credit to apply to invoice INV-2').fill('0.50');
  await expect(dialog.getByTestId('credit-applied')).toHaveText(usd('3.00'));
  await dialog.getByRole('button', { name: 'Apply credit' }).click();
  await expect(dialog).toHaveCount(0);
  // Credit applied and credit left are amounts of credit, positive as in the dialog and on the invoices the credit went to.
  await expect(page.getByTestId('total-paid')).toHaveText(usd('3.00'));
  await expect(page.getByTestId('total-balance')).toHaveText(usd('0.45'));
  // The credit note's own row names where its credit went, not itself ("Credit note INV-3").
  await expect(page.getByTestId('invoice-payments').getByRole('row').nth(1)).toHaveText(
    `${shown(today)}Credit appliedApplied to INV-1 (${usd('2.50')}), INV-2 (${usd('0.50')})${usd('3.00')}Delete`,
  );
  await expect(page.getByTestId('invoice-payments').getByRole('link', { name: 'INV-1' })).toHaveAttribute('href', `/invoice?id=${first}`);

  // The server took it: each invoice's balance is exact, and so is what the customer owes.
  await openSynced(page, `/invoice?id=${first}`);
  await expect(page.getByTestId('total-balance')).toHaveText(usd('7.50'));
  await expect(page.getByTestId('invoice-payments').getByRole('row').nth(1)).toHaveText(
    `${shown(today)}Credit note INV-3Applied to INV-1, INV-2${usd('2.50')}of ${usd('3.00')} credit applied from INV-3, also to INV-2 (${usd('0.50')})Delete`,
  );
  await openSynced(page, `/invoice?id=${second}`);
  await expect(page.getByTestId('total-balance')).toHaveText(usd('9.50'));
  await openSynced(page, `/customer?id=${data.customer.id}`);
  await expect(outstandingLines(page)).toHaveText([`Owed: ${usd('17.00')} on 2 issued invoices`, `Credit: ${usd('0.45')} left on 1 credit note`, `Once the credit is applied: ${usd('16.55')} owed`]);
  // On the customer's payments the application shows the credit it applied and from which credit note, not an amount of $0.00.
  const application = page.getByTestId('customer-payments').getByRole('row').filter({ hasText: 'Applied to INV-1, INV-2' });
  await expect(application.getByTestId('payment-credit-applied')).toHaveText(`${usd('3.00')}credit applied from credit note INV-3`);

  // The rest of it: the credit note is settled, no longer owed to the customer.
  await openSynced(page, `/invoice?id=${credit}`);
  await page.getByRole('button', { name: 'Apply credit' }).click();
  await expect(dialog.getByLabel('Credit to apply to invoice INV-1')).toHaveValue('0.45');
  await dialog.getByRole('button', { name: 'Apply credit' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('applied', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Apply credit' })).toHaveCount(0);
  await openSynced(page, `/customer?id=${data.customer.id}`);
  await expect(page.getByTestId('customer-outstanding')).toHaveText(`Owed: ${usd('16.55')} on 2 issued invoices`);
  await expect(page.getByText(/not saved and (has|have) been undone/)).toHaveCount(0);

  // Voided now, the credit note would leave its credit spent on the invoices: the dialog says the
  // applications go first, and offers no Void (voidInvoice would refuse it).
  await openSynced(page, `/invoice?id=${credit}`);
  await page.getByRole('button', { name: 'Void' }).click();
  await expect(dialog.getByRole('heading', { name: 'Void credit note' })).toBeVisible();
  const applications = `the application of credit dated ${shown(today)} (Credit note INV-3, Applied to INV-1, INV-2) and the application of credit dated ${shown(today)} (Credit note INV-3, Applied to INV-1)`;
  await expect(dialog.getByTestId('void-blocked')).toHaveText(
    `This credit note cannot be voided while its credit is applied to invoices (${usd('3.45')} of it): voided, it would leave that credit spent on them. It was applied by ${applications}.` +
      'To void it, first delete those applications under its Payments, so the invoices owe that amount again; then void it.',
  );
  await expect(dialog.getByLabel('Reason')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: /Void/ })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('applied', { exact: true })).toBeVisible();

  // An invoice paid with that credit can be voided: the dialog says the credit goes back to the credit note, and no money received was (none was).
  await openSynced(page, `/invoice?id=${second}`);
  await page.getByRole('button', { name: 'Void' }).click();
  await expect(dialog.getByRole('heading', { name: 'Void invoice' })).toBeVisible();
  await expect(dialog.getByTestId('void-paid-warning')).toHaveText(
    `${usd('0.50')} has been paid against this invoice. A void invoice is owed nothing, so voiding takes it off: it is credit applied from credit notes, not money received, so nothing becomes the customer’s credit: ` +
      `${usd('0.50')} of credit applied from credit note INV-3 goes back to credit note INV-3.`,
  );
  // From the keyboard: Escape closes it, back on Void.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Void' })).toBeFocused();
  await openSynced(page, `/customer?id=${data.customer.id}`);
  await expect(page.getByTestId('customer-outstanding')).toHaveText(`Owed: ${usd('16.55')} on 2 issued invoices`);

  // Deleting the last application, on the credit note's page: the app's dialog says, every amount
  // positive, that the credit goes back to the credit note and INV-1 owes it again.
  await openSynced(page, `/invoice?id=${credit}`);
  const lastApplication = `the application of credit dated ${shown(today)} (Credit note INV-3, Applied to INV-1)`;
  await page.getByRole('button', { name: `Delete ${lastApplication}` }).click();
  await expect(dialog.getByRole('heading', { name: 'Delete application of credit' })).toBeVisible();
  await expect(dialog.getByTestId('delete-payment-question')).toHaveText(`Delete ${lastApplication}?`);
  await expect(dialog.getByTestId('delete-payment-effect')).toHaveText(`${usd('0.45')} of credit note INV-3's credit goes back to it; ${usd('0.45')} is owed on INV-1 again. This cannot be undone.`);
  await dialog.getByRole('button', { name: 'Delete application' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('total-balance')).toHaveText(usd('0.45'));
  await openSynced(page, `/customer?id=${data.customer.id}`);
  await expect(outstandingLines(page)).toHaveText([`Owed: ${usd('17.00')} on 2 issued invoices`, `Credit: ${usd('0.45')} left on 1 credit note`, `Once the credit is applied: ${usd('16.55')} owed`]);
  await expect(page.getByText(/not saved and (has|have) been undone/)).toHaveCount(0);

  // Voided, INV-2 gives its $0.50 back to the credit note: the application's reference names only
  // the invoice it still pays, on the customer's payments and on that invoice's page.
  await openSynced(page, `/invoice?id=${second}`);
  await page.getByRole('button', { name: 'Void' }).click();
  await dialog.getByLabel('Reason').fill('Wrong customer');
  await dialog.getByRole('button', { name: 'Void invoice' }).click();
  await expect(dialog).toHaveCount(0);
  await openSynced(page, `/customer?id=${data.customer.id}`);
  await expect(outstandingLines(page)).toHaveText([`Owed: ${usd('7.50')} on 1 issued invoice`, `Credit: ${usd('0.95')} left on 1 credit note`, `Once the credit is applied: ${usd('6.55')} owed`]);
  const payments = page.getByTestId('customer-payments').getByRole('row');
  await expect(payments.filter({ hasText: 'INV-2' })).toHaveCount(0);
  // The $2.50 left of the first application (the $0.45 one was deleted above).
  await expect(payments.filter({ hasText: 'Applied to INV-1' }).getByTestId('payment-credit-applied')).toHaveText([
    `${usd('2.50')}credit applied from credit note INV-3`,
  ]);
  await openSynced(page, `/invoice?id=${first}`);
  await expect(page.getByTestId('invoice-payments').getByRole('row').nth(1)).toHaveText(`${shown(today)}Credit note INV-3Applied to INV-1${usd('2.50')}credit applied from INV-3Delete`);
});

test('voiding a paid invoice takes the payment off it: the money is the customer\'s credit, as the dialog says, to apply to another invoice', async ({ page }) => {
  await signUp(page);
  const { customerId, invoiceIds, today } = await seedIssued(page, 2, 'USD', ['100', '60']);
  await openSynced(page, `/invoice?id=${invoiceIds[0]}`);
  const dialog = page.getByRole('dialog');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await dialog.getByLabel('Reference').fill('WIRE-100');
  await dialog.getByLabel('Amount for invoice INV-1').fill('100');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog).toHaveCount(0);

  await page.getByRole('button', { name: 'Void' }).click();
  await expect(dialog.getByTestId('void-paid-warning')).toHaveText(
    `${usd('100.00')} has been paid against this invoice. A void invoice is owed nothing, so voiding takes it off: the money received becomes the customer’s credit, left on its payment, to apply to their other invoices (the one replacing it, once issued) with Apply credit on the customer’s page.`,
  );
  await dialog.getByLabel('Reason').fill('Wrong entity');
  await dialog.getByRole('button', { name: 'Void invoice' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('Voided: Wrong entity')).toBeVisible();
  // Its page says where the $100.00 went: nothing records the amount once it is off the invoice.
  await expect(page.getByTestId('void-paid-note')).toHaveText(
    "Nothing is paid against it: voiding took off whatever had been paid. Money received became Globex Carrier's credit, left on its payment to apply to other invoices " +
      "(see Payments on the customer's page); credit applied from a credit note went back to that credit note. How much came off is not recorded on the invoice.",
  );

  // The server agrees: the customer owes INV-2's $60.00 less the $100.00 credit, and the credit is there to apply.
  await openSynced(page, `/customer?id=${customerId}`);
  await expect(outstandingLines(page)).toHaveText([
    `Owed: ${usd('60.00')} on 1 issued invoice`,
    `Credit: ${usd('100.00')} unapplied on 1 payment`,
    `Once the credit is applied: nothing owed, ${usd('40.00')} of credit left`,
  ]);
  await page.getByRole('button', { name: `Apply credit from the payment of ${usd('100.00')} dated ${shown(today)} (Bank transfer, WIRE-100)` }).click();
  await expect(dialog.getByLabel('Credit to apply to invoice INV-2')).toHaveValue('60.00');
  await dialog.getByRole('button', { name: 'Apply credit' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('customer-outstanding')).toHaveText(`Credit: ${usd('40.00')} unapplied on 1 payment`);
  await expect(page.getByText(/not saved and (has|have) been undone|was saved only in part/)).toHaveCount(0);
});

test('a credit note with none of its credit applied is voided from a dialog whose button says so', async ({ page }) => {
  await signUp(page);
  const { credit } = await seedInvoicesAndCreditNote(page);
  await openSynced(page, `/invoice?id=${credit}`);
  await page.getByRole('button', { name: 'Void' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Void credit note' })).toBeVisible();
  // A credit note is owed to the customer: voiding it takes its credit back, it does not stop it being "owed".
  await expect(dialog.getByTestId('void-effect')).toHaveText("A void credit note keeps its number and stays on record; its credit can no longer be applied to the customer's invoices.");
  await expect(dialog.getByRole('button', { name: 'Void invoice' })).toHaveCount(0);
  await dialog.getByLabel('Reason').fill('Issued in error');
  await dialog.getByRole('button', { name: 'Void credit note' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('void', { exact: true })).toBeVisible();
  await expect(page.getByText('Voided: Issued in error')).toBeVisible();
});

test('a JPY amount with decimals shows as typed in the payment dialog, not rounded, and is refused', async ({ page }) => {
  await signUp(page);
  const { invoiceIds } = await seedIssued(page, 1, 'JPY');
  await openSynced(page, `/invoice?id=${invoiceIds[0]}`);
  await page.getByRole('button', { name: 'Record payment' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Amount for invoice INV-1').fill('100.5');
  await expect(dialog.getByTestId('payment-amount')).toHaveText('100.5 JPY (too many decimals: amounts in JPY are whole numbers)');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Amounts in JPY are whole numbers: check the amount for INV-1');
  await dialog.getByLabel('Amount for invoice INV-1').fill('10');
  await expect(dialog.getByTestId('payment-amount')).toHaveText(formatMoney('10', 'JPY', 'en-US'));
});

test('an amount received with too many decimals says so as it is typed, and the payment amount shows no unformatted figure', async ({ page }) => {
  await signUp(page);
  const { invoiceIds } = await seedIssued(page, 1);
  await openSynced(page, `/invoice?id=${invoiceIds[0]}`);
  await page.getByRole('button', { name: 'Record payment' }).click();
  const dialog = page.getByRole('dialog');
  const received = dialog.getByLabel('Amount received (USD)');
  await received.fill('10.005');
  // Said before Record payment, in the words Record payment refuses it with.
  await expect(dialog.getByTestId('received-problem')).toHaveText('Amounts in USD have at most 2 decimals: check the amount received');
  await expect(received).toHaveAttribute('aria-invalid', 'true');
  await expect(received).toHaveAccessibleDescription(/Amounts in USD have at most 2 decimals: check the amount received/);
  await expect(dialog.getByTestId('payment-amount')).toHaveText('—');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Amounts in USD have at most 2 decimals: check the amount received');
  // Corrected, the problem goes and the amount is the money's.
  await received.fill('10.00');
  await expect(dialog.getByTestId('received-problem')).toHaveCount(0);
  await expect(received).not.toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByTestId('payment-amount')).toHaveText(usd('10.00'));
});

test('an overpayment is recorded in full, its rest shown as the customer\'s credit, and applied to another invoice later', async ({ page }) => {
  await signUp(page);
  const { customerId, invoiceIds, today } = await seedIssued(page, 2);
  await openSynced(page, `/invoice?id=${invoiceIds[0]}`);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  const dialog = page.getByRole('dialog');

  // 25.00 received for INV-1's 10.00: the whole amount is recorded, 15.00 left as credit.
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog.getByLabel('Amount for invoice INV-1')).toHaveValue('10.00');
  await dialog.getByLabel('Reference').fill('OVER-1');
  await dialog.getByLabel('Amount received (USD)').fill('25');
  // Spread over the open invoices in order; the clerk keeps it to INV-1, the rest as credit.
  await expect(dialog.getByLabel('Amount for invoice INV-2')).toHaveValue('10.00');
  await dialog.getByLabel('Amount for invoice INV-2').fill('');
  await expect(dialog.getByTestId('payment-amount')).toHaveText(usd('25.00'));
  await expect(dialog.getByTestId('payment-unapplied')).toHaveText(usd('15.00'));
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('paid', { exact: true })).toBeVisible();
  await expect(page.getByTestId('invoice-payments').getByRole('row').nth(1)).toHaveText(
    `${shown(today)}Bank transferOVER-1${usd('10.00')}of ${usd('25.00')}; ${usd('15.00')} left as creditDelete`,
  );

  // INV-2 is open and the customer has credit: its page points to it.
  await openSynced(page, `/invoice?id=${invoiceIds[1]}`);
  await expect(page.getByTestId('unapplied-credit-notice')).toHaveText(`Globex Carrier has ${usd('15.00')} of payments not yet applied to invoices: apply it on the customer's page.`);
  await page.getByTestId('unapplied-credit-notice').getByRole('link').click();

  // The customer: what INV-2 asks for and the credit, each said once, and what is left once applied (15.00 − 10.00).
  await expect(outstandingLines(page)).toHaveText([
    `Owed: ${usd('10.00')} on 1 issued invoice`,
    `Credit: ${usd('15.00')} unapplied on 1 payment`,
    `Once the credit is applied: nothing owed, ${usd('5.00')} of credit left`,
  ]);
  const customerPayments = page.getByTestId('customer-payments').getByRole('row');
  await expect(customerPayments.nth(1)).toHaveText(`${shown(today)}Bank transferOVER-1INV-1 (${usd('10.00')})${usd('15.00')} unapplied${usd('25.00')}Apply creditDelete`);
  // An invoice's number never breaks at its hyphen on a phone ("NV-" / "2026-1007").
  await expect(customerPayments.nth(1).getByRole('link', { name: 'INV-1', exact: true })).toHaveCSS('white-space', 'nowrap');

  // Applied later: INV-2 is pre-filled with its balance, the credit left is 5.00.
  await page.getByRole('button', { name: `Apply credit from the payment of ${usd('25.00')} dated ${shown(today)} (Bank transfer, OVER-1)` }).click();
  await expect(dialog.getByTestId('credit-left')).toHaveText(usd('15.00'));
  await expect(dialog.getByLabel('Credit to apply to invoice INV-2')).toHaveValue('10.00');
  await dialog.getByRole('button', { name: 'Apply credit' }).click();
  await expect(dialog).toHaveCount(0);
  // Said once, not "Credit: $5.00 ($5.00 unapplied on 1 payment)" and "Credit available" again.
  await expect(page.getByTestId('customer-outstanding')).toHaveText(`Credit: ${usd('5.00')} unapplied on 1 payment`);
  await expect(customerPayments.nth(1)).toHaveText(`${shown(today)}Bank transferOVER-1INV-1 (${usd('10.00')}), INV-2 (${usd('10.00')})${usd('5.00')} unapplied${usd('25.00')}Delete`);

  // Paid in advance from the customer's page: no invoice open, all of it is credit.
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog.getByText('No issued invoice in USD has a balance to pay')).toBeVisible();
  await dialog.getByLabel('Reference').fill('ADVANCE');
  await dialog.getByLabel('Amount received (USD)').fill('7');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('customer-outstanding')).toHaveText(`Credit: ${usd('12.00')} unapplied on 2 payments`);

  // The server took all of it: after a reload and a sync, INV-2 is paid by the payment's credit.
  await openSynced(page, `/invoice?id=${invoiceIds[1]}`);
  await expect(page.getByTestId('total-balance')).toHaveText(usd('0.00'));
  await expect(page.getByTestId('invoice-payments').getByRole('row').nth(1)).toHaveText(
    `${shown(today)}Bank transferOVER-1${usd('10.00')}of ${usd('25.00')}, also to INV-1 (${usd('10.00')}); ${usd('5.00')} left as creditDelete`,
  );
  await openSynced(page, `/customer?id=${customerId}`);
  await expect(page.getByTestId('customer-outstanding')).toHaveText(`Credit: ${usd('12.00')} unapplied on 2 payments`);
  await expect(page.getByText(/not saved and (has|have) been undone/)).toHaveCount(0);
});

test('Record payment offers the customer\'s credit notes and nets one against the invoice in one step', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const today = todayIn('UTC', Date.now());
  // INV-1 of 10.00, then credit note INV-2 of −3.45.
  const drafts = [draftWithLines(data.customer.id, ['Port fee 1']), draftWithLines(data.customer.id, ['Refund'])];
  for (const d of drafts) Object.assign(d.mutation.args.invoice, { invoiceDate: addDays(today, -35), dueDate: addDays(today, -5) });
  Object.assign(drafts[1]!.mutation.args.lines[0]!, { quantity: '-1', unitPrice: '3.45' });
  await seed(page, [
    ...seedMutations(data).filter((m) => m.name !== 'putUsage'),
    ...drafts.map((d) => d.mutation),
    ...drafts.map((d) => ({ name: 'issueInvoice', args: { id: d.invoiceId } })),
  ]);
  await openSynced(page, `/invoice?id=${drafts[0]!.invoiceId}`);
  await page.getByRole('button', { name: 'Record payment' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('payment-credit-offer')).toContainText(`The customer has ${usd('3.45')} of credit left on 1 credit note.`);
  // The customer paid 6.55: INV-1's 10.00 less INV-2's credit.
  await dialog.getByLabel('Credit to take from credit note INV-2').fill('3.45');
  await expect(dialog.getByTestId('payment-amount')).toHaveText(usd('6.55'));
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('paid', { exact: true })).toBeVisible();

  await openSynced(page, `/invoice?id=${drafts[1]!.invoiceId}`);
  await expect(page.getByTestId('total-balance')).toHaveText(usd('0.00'));
  await expect(page.getByRole('button', { name: 'Apply credit' })).toHaveCount(0);
  await openSynced(page, `/customer?id=${data.customer.id}`);
  await expect(page.getByTestId('customer-outstanding')).toHaveText('Nothing is owed: no issued invoice has a balance to pay, and the customer has no credit.');
  await expect(page.getByText(/not saved and (has|have) been undone/)).toHaveCount(0);
});

test('the amounts against invoices follow the amount received until the clerk types one: in yen, over two invoices', async ({ page }) => {
  await signUp(page);
  // INV-1 of ¥1,200 and INV-2 of ¥800.
  const { customerId, invoiceIds, today } = await seedIssued(page, 2, 'JPY', ['1200', '800']);
  const yen = (amount: string) => formatMoney(amount, 'JPY', 'en-US');
  await openSynced(page, `/invoice?id=${invoiceIds[0]}`);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  await page.getByRole('button', { name: 'Record payment' }).click();
  const dialog = page.getByRole('dialog');
  const received = dialog.getByLabel('Amount received (JPY)');
  const first = dialog.getByLabel('Amount for invoice INV-1');
  const second = dialog.getByLabel('Amount for invoice INV-2');
  await expect(first).toHaveValue('1200');
  await expect(second).toHaveValue('');

  // Less than INV-1's balance: all of it to INV-1.
  await received.fill('500');
  await expect(first).toHaveValue('500');
  await expect(second).toHaveValue('');
  await expect(dialog.getByTestId('payment-amount')).toHaveText(yen('500'));
  // More: INV-1's balance, the rest to INV-2.
  await received.fill('1500');
  await expect(first).toHaveValue('1200');
  await expect(second).toHaveValue('300');
  // More than both: the rest stays as credit.
  await received.fill('2500');
  await expect(first).toHaveValue('1200');
  await expect(second).toHaveValue('800');
  await expect(dialog.getByTestId('payment-unapplied')).toHaveText(yen('500'));
  // A fraction of a yen is not followed, and is refused on saving.
  await received.fill('1500.5');
  await expect(first).toHaveValue('1200');
  await expect(second).toHaveValue('800');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Amounts in JPY are whole numbers: check the amount received');
  // Cleared: back to what the dialog opened with.
  await received.fill('');
  await expect(first).toHaveValue('1200');
  await expect(second).toHaveValue('');

  await dialog.getByLabel('Reference').fill('YEN-1');
  await received.fill('1500');
  await expect(second).toHaveValue('300');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('paid', { exact: true })).toBeVisible();

  // The server took it: INV-2 owes ¥500.
  await openSynced(page, `/invoice?id=${invoiceIds[1]}`);
  await expect(page.getByTestId('total-balance')).toHaveText(yen('500'));
  await expect(page.getByTestId('invoice-payments').getByRole('row').nth(1)).toHaveText(
    `${shown(today)}Bank transferYEN-1${yen('300')}of ${yen('1500')}, also to INV-1 (${yen('1200')})Delete`,
  );
  await openSynced(page, `/customer?id=${customerId}`);
  await expect(page.getByTestId('customer-outstanding')).toHaveText(`Owed: ${yen('500')} on 1 issued invoice`);
  await expect(page.getByText(/not saved and (has|have) been undone/)).toHaveCount(0);
});

test('lowering the amount received below the balance lowers the invoice\'s amount and saves; credit taken goes with the money; a typed amount is left alone', async ({ page }) => {
  await signUp(page);
  const { data, first, second, credit } = await seedInvoicesAndCreditNote(page);
  await openSynced(page, `/invoice?id=${first}`);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  const dialog = page.getByRole('dialog');
  const received = dialog.getByLabel('Amount received (USD)');

  // The clerk's case: 6.00 received for INV-1's 10.00.
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog.getByLabel('Amount for invoice INV-1')).toHaveValue('10.00');
  await received.fill('6');
  await expect(dialog.getByLabel('Amount for invoice INV-1')).toHaveValue('6.00');
  await expect(dialog.getByLabel('Amount for invoice INV-2')).toHaveValue('');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('total-balance')).toHaveText(usd('4.00'));

  // 5.00 received and INV-3's 3.45 netted: 8.45 goes to invoices, INV-1's 4.00 and 4.45 to INV-2.
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog.getByLabel('Amount for invoice INV-1')).toHaveValue('4.00');
  await received.fill('5');
  await expect(dialog.getByLabel('Amount for invoice INV-1')).toHaveValue('4.00');
  await expect(dialog.getByLabel('Amount for invoice INV-2')).toHaveValue('1.00');
  await dialog.getByLabel('Credit to take from credit note INV-3').fill('3.45');
  await expect(dialog.getByLabel('Amount for invoice INV-1')).toHaveValue('4.00');
  await expect(dialog.getByLabel('Amount for invoice INV-2')).toHaveValue('4.45');
  await expect(dialog.getByTestId('payment-amount')).toHaveText(usd('5.00'));
  await expect(dialog.getByTestId('payment-unapplied')).toHaveCount(0);

  // The clerk types 6 for INV-2: 4.00 + 6.00 − 3.45 = 6.55, more than received, and said so.
  await dialog.getByLabel('Amount for invoice INV-2').fill('6');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(`The amounts put against invoices come to ${usd('6.55')}, more than the ${usd('5.00')} received: lower them, or correct the amount received`);
  // From now on the amount received leaves the clerk's figures alone: 7.00 leaves 0.45 as credit.
  await received.fill('7');
  await expect(dialog.getByLabel('Amount for invoice INV-1')).toHaveValue('4.00');
  await expect(dialog.getByLabel('Amount for invoice INV-2')).toHaveValue('6');
  await expect(dialog.getByTestId('payment-unapplied')).toHaveText(usd('0.45'));
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('paid', { exact: true })).toBeVisible();

  // The server took it: INV-2 owes 4.00, INV-3 is applied in full, 0.45 is the customer's credit.
  await openSynced(page, `/invoice?id=${second}`);
  await expect(page.getByTestId('total-balance')).toHaveText(usd('4.00'));
  await openSynced(page, `/invoice?id=${credit}`);
  await expect(page.getByTestId('total-balance')).toHaveText(usd('0.00'));
  await openSynced(page, `/customer?id=${data.customer.id}`);
  await expect(outstandingLines(page)).toHaveText([`Owed: ${usd('4.00')} on 1 issued invoice`, `Credit: ${usd('0.45')} unapplied on 1 payment`, `Once the credit is applied: ${usd('3.55')} owed`]);
  await expect(page.getByText(/not saved and (has|have) been undone/)).toHaveCount(0);
});

/** Two devices of one user, two browser contexts signed in to one new company account. */
async function twoDevices(browser: Browser): Promise<[Page, Page]> {
  const email = `pay+${randomUUID()}@example.com`;
  const password = 'correct horse battery staple';
  const one = await (await browser.newContext()).newPage();
  const two = await (await browser.newContext()).newPage();
  // From an address of its own, as fixtures' signUp: the suite signs up many companies.
  const headers = { 'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` };
  expect((await one.request.post('/api/trpc/auth.signUp', { data: { companyName: 'Acme Telecom', name: 'Ann Biller', email, password }, headers })).ok()).toBe(true);
  expect((await two.request.post('/api/trpc/auth.signIn', { data: { email, password }, headers })).ok()).toBe(true);
  return [one, two];
}

/** Records a payment of `amount` against the open invoice, its amount following the amount received. */
async function recordPayment(page: Page, reference: string, amount: string) {
  const dialog = page.getByRole('dialog');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await dialog.getByLabel('Reference').fill(reference);
  await dialog.getByLabel('Amount received (USD)').fill(amount);
  await expect(dialog.getByLabel('Amount for invoice INV-1')).toHaveValue(amount);
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(dialog).toHaveCount(0);
}

test('two devices paying one invoice offline: the second payment is recorded in full, what no longer fits is credit, and its device is told', async ({ browser }) => {
  const [desktop, phone] = await twoDevices(browser);
  const { customerId, invoiceIds, today } = await seedIssued(desktop, 1);
  for (const page of [desktop, phone]) {
    await openSynced(page, `/invoice?id=${invoiceIds[0]}`);
    await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
    await page.context().setOffline(true);
  }
  await recordPayment(desktop, 'DESK-1', '4.00');
  await recordPayment(phone, 'PHONE-1', '10.00');
  await expect(phone.getByTestId('total-balance')).toHaveText(usd('0.00'));

  // The desktop syncs first; then the phone.
  await desktop.context().setOffline(false);
  await expect(desktop.getByTestId('sync-status')).toHaveText('Synced', { timeout: 20_000 });
  await phone.context().setOffline(false);
  const told = phone.getByRole('alert').filter({ hasText: 'A change was saved, but not as made' });
  await told.getByRole('button', { name: 'Show' }).click({ timeout: 20_000 });
  await expect(told).toContainText(
    `Payment "PHONE-1" of ${usd('10.00')} dated ${dayAsShown(today)} was recorded, but ${usd('4.00')} of it is now Globex Carrier's credit: invoice INV-1 took ${usd('6.00')} of the ${usd('10.00')} put against it (it was paid meanwhile, on another device say). Apply the credit to open invoices with Apply credit beside the payment on the customer's page.`,
    { timeout: 20_000 },
  );
  await expect(phone.getByText(/not saved and (has|have) been undone/)).toHaveCount(0);

  // Both devices: the invoice is paid, once; the phone's $4.00 beyond it is the customer's credit.
  for (const page of [desktop, phone]) {
    await openSynced(page, `/invoice?id=${invoiceIds[0]}`);
    await expect(page.getByTestId('total-balance')).toHaveText(usd('0.00'), { timeout: 20_000 });
    await openSynced(page, `/customer?id=${customerId}`);
    await expect(page.getByTestId('customer-outstanding')).toHaveText(`Credit: ${usd('4.00')} unapplied on 1 payment`, { timeout: 20_000 });
  }
});

test('Record payment, Void and Apply credit, typed in, ask before Escape or Cancel loses what was typed; untouched, they just close', async ({ page }) => {
  await signUp(page);
  const { first, credit } = await seedInvoicesAndCreditNote(page);
  const { asked, answer } = browserQuestions(page);
  const dialog = page.getByRole('dialog');

  // Record payment: untouched (its amount pre-filled), Escape closes it, unasked.
  await openSynced(page, `/invoice?id=${first}`);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  const recordPayment = page.getByRole('button', { name: 'Record payment' });
  await recordPayment.click();
  await expect(dialog.getByLabel('Reference')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(asked).toEqual([]);
  // Typed in: Escape asks; staying keeps what was typed; Cancel asks too, and leaving records nothing.
  await recordPayment.click();
  await dialog.getByLabel('Reference').fill('WIRE-7');
  await page.keyboard.press('Escape');
  await expect.poll(() => asked.length).toBe(1);
  await expect(dialog.getByLabel('Reference')).toHaveValue('WIRE-7');
  answer(true);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(asked).toEqual(Array(2).fill('This payment is not recorded. Close it and lose what was typed?'));
  await expect(recordPayment).toBeFocused();
  await expect(page.getByTestId('total-paid')).toHaveCount(0);

  // Void: no reason typed, Cancel closes it, unasked; a reason typed is asked about.
  answer(false);
  const voidButton = page.getByRole('button', { name: 'Void' });
  await voidButton.click();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(asked).toHaveLength(2);
  await voidButton.click();
  await dialog.getByLabel('Reason').fill('Wrong entity');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect.poll(() => asked.length).toBe(3);
  await expect(dialog.getByLabel('Reason')).toHaveValue('Wrong entity');
  answer(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(asked.slice(2)).toEqual(Array(2).fill('This invoice is not voided. Close it and lose the reason typed?'));
  await expect(page.getByText('Voided: Wrong entity')).toHaveCount(0);

  // Apply credit: as pre-filled, Escape closes it, unasked; an amount changed is asked about.
  answer(false);
  await openSynced(page, `/invoice?id=${credit}`);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-3');
  const applyCredit = page.getByRole('button', { name: 'Apply credit' });
  await applyCredit.click();
  await expect(dialog.getByLabel('Credit to apply to invoice INV-1')).toHaveValue('3.45');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(asked).toHaveLength(4);
  await applyCredit.click();
  await dialog.getByLabel('Credit to apply to invoice INV-1').fill('2.00');
  await page.keyboard.press('Escape');
  await expect.poll(() => asked.length).toBe(5);
  await expect(dialog.getByLabel('Credit to apply to invoice INV-1')).toHaveValue('2.00');
  answer(true);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(asked.slice(4)).toEqual(Array(2).fill('This credit is not applied. Close it and lose what was typed?'));
  await expect(page.getByTestId('total-paid')).toHaveCount(0);
});
