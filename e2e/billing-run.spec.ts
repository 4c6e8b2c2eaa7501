import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { addDays } from '../lib/dates';
import { billingData, draftWithLines, lastMonth, seedMutations } from './billing-data';
import { openSynced, seed, signUp } from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations } from './page-checks';

/** A day as the app shows it in en-US (the account's days are calendar days, shown in UTC). */
const shownDay = (day: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }) =>
  new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

test("a billing run drafts last month's invoice for every monthly customer, leaves out the invoiced and the idle, and issues the drafts in order", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page);
  const period = lastMonth();
  const globex = billingData(period);
  // A second monthly customer with usage only, one with nothing to bill (unanswered attempts only), one invoiced already, and a weekly one.
  const initech = billingData(period);
  initech.customer = { ...initech.customer, name: 'Initech Voice', externalId: 'INI-1' };
  initech.usage = initech.usage.map((u) => ({ ...u, id: u.id.replace(globex.customer.id, initech.customer.id), customerId: initech.customer.id }));
  const customer = (name: string, schedule: 'monthly' | 'weekly') => ({ ...globex.customer, id: randomUUID(), name, externalId: '', schedule });
  const hooli = customer('Hooli Lines', 'monthly');
  const umbrella = customer('Umbrella Tel', 'monthly');
  const weekly = customer('Weekly Wholesale', 'weekly');
  // Hooli's only usage in the month: call attempts not answered (no calls, no charge), nothing to bill.
  const hooliAttempts = { ...globex.usage[0]!, id: `${hooli.id}:${globex.usage[0]!.day}:${globex.usage[0]!.destination}`, customerId: hooli.id, calls: 0, attempts: 3, seconds: 0, billedSeconds: 0, charge: '0' };
  const umbrellaInvoice = draftWithLines(umbrella.id, ['Agreed fee']);
  const umbrellaDraft = umbrellaInvoice.mutation.args;
  await seed(page, [
    ...seedMutations(globex),
    { name: 'createCustomer', args: initech.customer },
    { name: 'putUsage', args: { rows: initech.usage } },
    ...[hooli, umbrella, weekly].map((args) => ({ name: 'createCustomer', args })),
    { name: 'putUsage', args: { rows: [hooliAttempts] } },
    { name: 'createInvoice', args: { ...umbrellaDraft, invoice: { ...umbrellaDraft.invoice, periodStart: period.start, periodEnd: period.end } } },
    { name: 'issueInvoice', args: { id: umbrellaInvoice.invoiceId } },
  ]);

  await openSynced(page, '/invoices');
  await page.getByRole('link', { name: 'Billing run' }).click();
  await expect(page.getByRole('heading', { name: 'Billing run', level: 1 })).toBeVisible();
  const table = page.getByRole('region', { name: 'Billing run customers' });
  const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(name) }) });
  // Globex: 10 DIDs at 2.50 and its calls (14.52 by destination), 20 % tax: 47.42. Initech: the calls alone, 17.42.
  await expect(row('Globex Carrier')).toContainText('$47.42');
  await expect(row('Initech Voice')).toContainText('$17.42');
  await expect(row('Hooli Lines')).toContainText('Left out: nothing to bill');
  await expect(row('Umbrella Tel')).toContainText('Left out: already invoiced for an overlapping period (INV-1)');
  await expect(table).not.toContainText('Weekly Wholesale');
  await expect(page.getByTestId('run-summary')).toHaveText('2 drafts to create, totalling $64.84; 2 customers left out.');
  await expectNoSeriousA11yViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(page);
  // On a phone each customer is a card: nothing scrolls sideways in the table, the total is on
  // screen beside its label, and the outcome takes the card's width rather than a narrow column.
  expect(await table.evaluate((region) => region.scrollWidth <= region.clientWidth)).toBe(true);
  const regionBox = (await table.boundingBox())!;
  const globexTotal = row('Globex Carrier').getByRole('cell', { name: '$47.42' });
  const totalBox = (await globexTotal.boundingBox())!;
  expect(totalBox.x + totalBox.width).toBeLessThanOrEqual(Math.min(390, regionBox.x + regionBox.width));
  expect(await globexTotal.evaluate((cell) => getComputedStyle(cell, '::before').content)).toBe('"Total" / ""');
  const outcomeBox = (await row('Umbrella Tel').getByRole('cell', { name: /^Left out: already invoiced/ }).boundingBox())!;
  expect(outcomeBox.width).toBeGreaterThan(regionBox.width * 0.8);
  await page.setViewportSize({ width: 1280, height: 800 });

  // A customer left out by hand is not drafted; put back, it is.
  await page.getByLabel('Include Initech Voice').uncheck();
  await expect(page.getByRole('button', { name: 'Create 1 draft' })).toBeVisible();
  await page.getByLabel('Include Initech Voice').check();
  await page.getByRole('button', { name: 'Create 2 drafts' }).click();
  const created = page.getByTestId('run-created');
  await expect(created.getByRole('heading', { name: '2 drafts created' })).toBeVisible();
  await expect(created.getByRole('listitem')).toHaveText([/Globex Carrier\s*\$47\.42/, /Initech Voice\s*\$17\.42/]);
  // Run again, it would make no second draft: the new drafts now leave their customers out, each
  // named as Generate Invoice names a draft of the period, by its days, a link to it; not as
  // invoiced, for a draft bills nothing until it is issued.
  const drafted = `Draft of ${shownDay(period.start, { month: 'short', day: 'numeric' })} – ${shownDay(period.end)}`;
  await expect(row('Globex Carrier')).toHaveText(new RegExp(`Left out: ${drafted} already exists for this period: open it to check and issue it`));
  await expect(row('Globex Carrier')).not.toContainText('already invoiced');
  await expect(row('Globex Carrier').getByRole('link', { name: drafted, exact: true })).toHaveAttribute('href', /^\/invoice\?id=/);
  await expect(row('Umbrella Tel')).toContainText('Left out: already invoiced for an overlapping period (INV-1)');
  // Nothing is left to create: no "Create 0 drafts" button, the summary says what became of each customer.
  await expect(page.getByRole('button', { name: /^Create \d+ drafts?$/ })).toHaveCount(0);
  await expect(page.getByTestId('run-summary')).toHaveText(
    'Nothing left to create: 2 customers have drafts of this period to check and issue, 1 is invoiced for this period already and 1 has nothing to bill.',
  );

  page.once('dialog', (dialog) => {
    expect(dialog.message()).toBe('Issue 2 invoices? Each gets the next number of the series, in the order listed, and can no longer be edited.');
    void dialog.accept();
  });
  await created.getByRole('button', { name: 'Issue 2 drafts' }).click();
  await expect(page.getByTestId('run-issued')).toHaveText('2 invoices issued');
  // Numbered by the server in the order issued: after Umbrella's INV-1.
  await expect(row('Globex Carrier')).toContainText('(INV-2)', { timeout: 20_000 });
  await expect(row('Initech Voice')).toContainText('(INV-3)');
  await row('Initech Voice').getByRole('link', { name: 'INV-3' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-3');
  await expect(page.getByText('Initech Voice').first()).toBeVisible();
});

test('a customer unticked stays unticked once the drafts of the others are created', async ({ page }) => {
  await signUp(page);
  const period = lastMonth();
  // Three monthly customers, each with last month's usage (and so a draft to create).
  const named = (name: string) => {
    const data = billingData(period);
    return { customer: { ...data.customer, name, externalId: '' }, usage: data.usage };
  };
  const customers = ['Alpha Voice', 'Bravo Daily Lines', 'Charlie Tel'].map(named);
  await seed(
    page,
    customers.flatMap(({ customer, usage }) => [
      { name: 'createCustomer', args: customer },
      { name: 'putUsage', args: { rows: usage } },
    ]),
  );
  await openSynced(page, '/invoices/run');
  await expect(page.getByRole('button', { name: 'Create 3 drafts' })).toBeVisible();
  await page.getByLabel('Include Bravo Daily Lines').uncheck();
  await page.getByRole('button', { name: 'Create 2 drafts' }).click();
  await expect(page.getByTestId('run-created').getByRole('heading', { name: '2 drafts created' })).toBeVisible();
  const table = page.getByRole('region', { name: 'Billing run customers' });
  await expect(table.getByRole('row').filter({ hasText: 'Alpha Voice' })).toContainText('already exists for this period');
  // The table refreshed with the new drafts; Bravo is still left out, as the clerk chose.
  await expect(page.getByLabel('Include Bravo Daily Lines')).not.toBeChecked();
  await expect(page.getByRole('button', { name: /^Create \d+ drafts?$/ })).toHaveCount(0);
  await expect(page.getByTestId('run-summary')).toHaveText('Nothing to create: the one customer with a draft to create is unticked. Tick it to create its draft.');
  // A live refresh (a change synced from elsewhere) keeps the choice too.
  await page.getByLabel('Include Bravo Daily Lines').check();
  await page.getByLabel('Include Bravo Daily Lines').uncheck();
  await seed(page, [{ name: 'createCustomer', args: { ...customers[0]!.customer, id: randomUUID(), name: 'Delta Free Minutes' } }]);
  await expect(table.getByRole('rowheader', { name: 'Delta Free Minutes' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('Include Bravo Daily Lines')).not.toBeChecked();
});

test("a draft credit note refunding last month's invoice in full leaves the customer invoiced: only an issued one gives the month back to bill", async ({ page }) => {
  await signUp(page);
  const period = lastMonth();
  const globex = billingData(period);
  // No package: last month's calls alone, which INV-1 bills (14.52 by destination, as generated).
  const usageLine = (invoiceId: string, position: number, description: string, amount: string) => ({
    id: randomUUID(), invoiceId, position, kind: 'usage', description, startDate: period.start, endDate: period.end,
    quantity: '1', unit: 'each', unitPrice: '0', taxRate: '0', amount, calls: null, minutes: null, packageId: null,
  });
  const ofLastMonth = (id: string, lines: ReturnType<typeof usageLine>[]) => ({
    name: 'createInvoice',
    args: {
      invoice: {
        id, customerId: globex.customer.id, number: null, status: 'draft', invoiceDate: period.end, dueDate: period.end, periodStart: period.start, periodEnd: period.end,
        currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
      },
      lines,
    },
  });
  const [invoice, creditNote] = [randomUUID(), randomUUID()];
  await seed(page, [
    { name: 'createCustomer', args: globex.customer },
    { name: 'putUsage', args: { rows: globex.usage } },
    ofLastMonth(invoice, [usageLine(invoice, 0, 'UK London (4420)', '10.00'), usageLine(invoice, 1, 'UK Mobile (447)', '4.52')]),
    { name: 'issueInvoice', args: { id: invoice } },
    // All of it given back, in one line, but still a draft.
    ofLastMonth(creditNote, [usageLine(creditNote, 0, "Refund of last month's calls", '-14.52')]),
  ]);
  await openSynced(page, '/invoices/run');
  const table = page.getByRole('region', { name: 'Billing run customers' });
  const globexRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Globex Carrier/ }) });
  await expect(globexRow).toContainText('Left out: already invoiced for an overlapping period (INV-1)');
  await expect(globexRow.getByRole('link', { name: 'INV-1', exact: true })).toHaveAttribute('href', `/invoice?id=${invoice}`);
  await expect(page.getByRole('button', { name: /^Create \d+ drafts?$/ })).toHaveCount(0);
  await expect(page.getByTestId('run-summary')).toHaveText('Nothing left to create: 1 customer is invoiced for this period already.');
  // Generate Invoice says the same: INV-1 bills the month.
  await openSynced(page, `/invoice/generate?customer=${globex.customer.id}`);
  await expect(page.getByTestId('overlap-warning').getByRole('link', { name: /^INV-1,/ })).toHaveAttribute('href', `/invoice?id=${invoice}`);

  // Issued, the credit note gives the month back: the run drafts it again.
  await seed(page, [{ name: 'issueInvoice', args: { id: creditNote } }]);
  await openSynced(page, '/invoices/run');
  await expect(globexRow).toContainText('Draft:');
  await expect(page.getByRole('button', { name: 'Create 1 draft' })).toBeEnabled();
});

test("the billing run, and an issued invoice's late calls, say how many internal calls (to extensions, at no charge) are on no line, as Generate Invoice does", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page);
  const period = lastMonth();
  const globex = billingData(period);
  const hooli = { ...globex.customer, id: randomUUID(), name: 'Hooli Lines', externalId: '' };
  // Extension-to-extension calls, named Local/extension by the CDR import, at no charge.
  const internal = (customerId: string, destination: string, calls: number, billedSeconds: number) => ({
    ...globex.usage[0]!,
    id: `${customerId}:${period.start}:${destination}`,
    customerId,
    destination,
    destinationName: 'Local/extension',
    calls,
    attempts: calls,
    seconds: billedSeconds,
    billedSeconds,
    charge: '0',
  });
  await seed(page, [
    ...seedMutations(globex),
    { name: 'createCustomer', args: hooli },
    { name: 'putUsage', args: { rows: [internal(globex.customer.id, '101', 3, 360), internal(hooli.id, '200', 1, 60)] } },
  ]);
  const note = (calls: number, minutes: string) =>
    `${calls} internal call${calls === 1 ? '' : 's'} (${minutes} min), to extensions and short codes at no charge, ${calls === 1 ? 'is' : 'are'} on no line: a carrier does not bill internal calls. The usage summary still counts them.`;

  await openSynced(page, '/invoices/run');
  const table = page.getByRole('region', { name: 'Billing run customers' });
  const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(name) }) });
  // Globex's draft is what it is without them ($47.42), and says they are left out; Hooli has nothing else to bill.
  await expect(row('Globex Carrier')).toContainText('$47.42');
  await expect(row('Globex Carrier').getByTestId('internal-calls-note')).toHaveText(note(3, '6.00'));
  await expect(row('Hooli Lines')).toContainText('Left out: nothing to bill (no calls to bill, no package charges)');
  await expect(row('Hooli Lines').getByTestId('internal-calls-note')).toHaveText(note(1, '1.00'));

  await page.getByRole('button', { name: 'Create 1 draft' }).click();
  const created = page.getByTestId('run-created');
  await expect(created.getByRole('heading', { name: '1 draft created' })).toBeVisible();
  page.once('dialog', (dialog) => void dialog.accept());
  await created.getByRole('button', { name: 'Issue 1 draft' }).click();
  await expect(page.getByTestId('run-issued')).toHaveText('1 invoice issued');
  await expect(row('Globex Carrier')).toContainText('(INV-1)', { timeout: 20_000 });
  const invoicePath = await row('Globex Carrier').getByRole('link', { name: 'INV-1' }).getAttribute('href');

  // A late call to Germany: the late-calls notice says the period's internal calls are on no line either.
  const day = addDays(period.start, 10);
  const late = { ...globex.usage[0]!, id: `${globex.customer.id}:${day}:49`, day, destination: '49', destinationName: 'Germany', calls: 1, attempts: 1, seconds: 60, billedSeconds: 60, charge: '2.000000' };
  await seed(page, [{ name: 'putUsage', args: { rows: [late] } }]);
  await openSynced(page, invoicePath!);
  const notice = page.getByTestId('late-usage');
  await expect(notice).toContainText('Usage not billed yet.');
  await expect(notice.getByTestId('internal-calls-note')).toHaveText(note(3, '6.00'));
});
