import { expect, test, type Locator, type Page } from '@playwright/test';
import { addDays } from '../lib/dates';
import { defaultAccount } from '../lib/mutators';
import { formatMoney } from '../lib/money';
import { generateInvoice } from '../lib/generate';
import { computeTotals } from '../lib/totals';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { checkPdf } from '../app/_pdf/pdf-test-tools';
import { cdrCustomers, customer } from '../server/sync/test-mutations';
import { billingData, draftWithLines, seedMutations } from './billing-data';
import { browserQuestions, followMainLink, issueDraft, openSynced, pickCustomer, seed, signUp } from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations } from './page-checks';

const usd = (amount: string) => formatMoney(amount, 'USD', 'en-US');

/** Two presses of a button in one go, before the first one's write has finished (a double-click, Enter twice). */
async function pressTwice(button: Locator) {
  await button.evaluate((element: HTMLElement) => {
    element.click();
    element.click();
  });
}

/**
 * The cell of the lines table's row named `row` under the column headed `header`: found by its
 * header, as a column empty on every line is left out (LinesTable).
 */
async function lineCell(items: Locator, row: RegExp, header: string): Promise<Locator> {
  const headers = (await items.getByRole('columnheader').allInnerTexts()).map((text) => text.trim());
  expect(headers).toContain(header);
  return items.getByRole('row', { name: row }).getByRole('cell').nth(headers.indexOf(header));
}

async function expectTotals(page: Page, total: string) {
  await expect(page.getByTestId('total-total').first()).toHaveText(usd(total));
}

test('Generate Invoice for a period with nothing to bill says so and offers no empty draft', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  // Usage last month only, and no package: this month has nothing to bill.
  await seed(page, seedMutations(data).filter((mutation) => mutation.name !== 'assignPackage'));
  await openSynced(page, `/invoice/generate?customer=${data.customer.id}`);
  await expect(page.getByRole('button', { name: 'Create draft' })).toBeVisible();

  await page.getByLabel('This month').check();
  await expect(page.getByTestId('nothing-to-invoice')).toHaveText(
    /^Nothing to invoice for Globex Carrier from [A-Z][a-z]{2} 1, \d{4} to [A-Z][a-z]{2} \d{2}, \d{4}: no calls in that period and no package charges\. Choose another period\.$/,
  );
  await expect(page.getByRole('button', { name: 'Create draft' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Preview' })).toHaveCount(0);
});

test('Generate Invoice for last month, grouped by destination, then by day', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  await seed(page, seedMutations(data));
  await openSynced(page, `/invoice/generate?customer=${data.customer.id}`);

  const expected = (lineGrouping: 'destination' | 'day') =>
    generateInvoice({
      account: { ...defaultAccount(), lineGrouping },
      customer: data.customer,
      assignments: [data.assignment],
      packages: [data.did],
      usage: data.usage,
      period: data.period,
      invoiceDate: '2026-01-01',
      invoiceId: data.customer.id,
      newLineId: () => data.customer.id,
    });
  const byDestination = expected('destination');
  // Three destinations' usage lines and the DID's monthly charge.
  await expect(page.getByRole('heading', { name: 'Preview' })).toBeVisible();
  await expect(page.getByText('United Kingdom - Mobile')).toBeVisible();
  // Ten DIDs, each rented for the month: not "10 months".
  await expect(page.getByText('DID rental (1 month each)')).toBeVisible();
  await expectTotals(page, byDestination.invoice.total);
  await page.getByRole('button', { name: 'Create draft' }).click();

  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await expect(page.getByTestId('invoice-customer')).toHaveText('Globex Carrier');
  await expectTotals(page, byDestination.invoice.total);

  // The account switches to one line per day (from another device), then generate again.
  await seed(page, [{ name: 'saveAccount', args: { lineGrouping: 'day' } }]);
  await openSynced(page, `/invoice/generate?customer=${data.customer.id}`);
  await expect(page.getByText('Usage lines one per day')).toBeVisible();
  const byDay = expected('day');
  await expectTotals(page, byDay.invoice.total);
  // Generating twice for the period says the first draft exists (a draft bills nothing yet: no overlap warning).
  await expect(page.getByTestId('drafts-of-period')).toContainText('already exists for this period.');
  await expect(page.getByTestId('overlap-warning')).toHaveCount(0);
});

test.describe('a device in Los Angeles, the account in UTC (the default)', () => {
  test.use({ timezoneId: 'America/Los_Angeles' });

  test("Generate Invoice's Last month, This month and invoice date, and a new invoice's date, count in the account's days", async ({ page }) => {
    // December 1 in UTC, still 19:00 on November 30 on the device: last month is November, not October.
    await page.clock.setFixedTime(new Date('2026-12-01T03:00:00Z'));
    await signUp(page);
    const data = billingData({ start: '2026-11-01', end: '2026-11-30' });
    await seed(page, seedMutations(data));
    await openSynced(page, `/invoice/generate?customer=${data.customer.id}`);

    await expect(page.getByTestId('period')).toHaveText('Nov 1, 2026 – Nov 30, 2026');
    await expect(page.getByTestId('period-not-over')).toHaveCount(0);
    // Due 30 days after Dec 1.
    await expect(page.getByText('Due 30 days after the invoice date (Dec 31, 2026)')).toBeVisible();
    await page.getByRole('radio', { name: 'This month' }).check();
    await expect(page.getByTestId('period')).toHaveText('Dec 1, 2026 – Dec 31, 2026');
    // A month still running: what is still to come is said to be left out.
    await expect(page.getByTestId('period-not-over')).toHaveText(
      'This period has not ended: it runs until Dec 31, 2026. Calls still to come are not on this invoice; once it is issued they come in as late calls, billed on an invoice of their own.',
    );
    await page.getByRole('radio', { name: 'Custom' }).check();
    await page.getByLabel('From', { exact: true }).fill('2027-01-01');
    await page.getByLabel('To', { exact: true }).fill('2027-01-31');
    await expect(page.getByTestId('period-not-over')).toHaveText(
      'This period has not started: it begins on Jan 1, 2027. Calls still to come are not on this invoice; once it is issued they come in as late calls, billed on an invoice of their own.',
    );
    await page.getByRole('radio', { name: 'Last month' }).check();
    await expect(page.getByTestId('period-not-over')).toHaveCount(0);
    await expect(page.getByText('United Kingdom - Mobile')).toBeVisible();
    await page.getByRole('button', { name: 'Create draft' }).click();
    await expect(page.getByTestId('invoice-number')).toHaveText('draft');
    await expect(page.locator('dt:text-is("Invoice date") + dd')).toHaveText('Dec 1, 2026');
    await expect(page.locator('dt:text-is("Due date") + dd')).toHaveText('Dec 31, 2026');

    await page.goto('/invoice/edit');
    await expect(page.getByLabel('Invoice date')).toHaveValue('2026-12-01');
  });
});

test('a draft whose period gets more usage after it was generated says so, asks before issuing, and updates its lines from usage', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  await seed(page, seedMutations(data));
  await openSynced(page, `/invoice/generate?customer=${data.customer.id}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');

  // Late CDRs of the period reach the server (the API, or another device's import) and then this device.
  const day = addDays(data.period.start, 5);
  const late = { ...data.usage[0]!, id: `${data.customer.id}:${day}:4420`, day, calls: 3, attempts: 3, seconds: 200, billedSeconds: 210, charge: '2.000000' };
  await seed(page, [{ name: 'putUsage', args: { rows: [late] } }]);
  // 3 destinations x 3 days: 117 calls, 3 x (1.234567 + 3.100005 + 0.505) = 14.518716; then 3 calls and 2.00 more.
  const notice = page.getByTestId('usage-drift');
  await expect(notice).toContainText("This draft's usage lines bill 117 calls, $14.52, but the usage of its period");
  await expect(notice).toContainText('is now 120 calls, $16.52.');

  // Issue's confirmation says so first; cancelling leaves the draft as it is.
  await page.getByRole('button', { name: 'Issue', exact: true }).click();
  const issuing = page.getByRole('dialog');
  await expect(issuing.getByTestId('issue-warning')).toContainText("This draft's usage lines bill 117 calls, $14.52");
  await expect(issuing.getByTestId('issue-warning')).toContainText('Issue it anyway, billing what its lines say?');
  await issuing.getByRole('button', { name: 'Cancel' }).click();
  await expect(issuing).toHaveCount(0);
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');

  // Update lines from usage: the lines are generated again for the usage now.
  page.once('dialog', (dialog) => void dialog.accept());
  await notice.getByRole('button', { name: 'Update lines from usage' }).click();
  await expect(notice).toHaveCount(0);
  const updated = generateInvoice({
    account: defaultAccount(),
    customer: data.customer,
    assignments: [data.assignment],
    packages: [data.did],
    usage: [...data.usage, late],
    period: data.period,
    invoiceDate: '2026-01-01',
    invoiceId: data.customer.id,
    newLineId: () => data.customer.id,
  });
  await expectTotals(page, updated.invoice.total);
  // Nothing to ask now.
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
});

test('a usage line deleted from a draft on purpose is not blamed on late CDRs: its calls are said to be on no line of the draft', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  await seed(page, seedMutations(data));
  await openSynced(page, `/invoice/generate?customer=${data.customer.id}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await expect(page.getByTestId('usage-drift')).toHaveCount(0);

  // The clerk deletes the New York calls (3 days: 12 + 13 + 14 calls, 3 × 0.505) and saves.
  await page.getByRole('link', { name: 'Edit' }).click();
  page.on('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: /^Delete USA/ }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page).toHaveURL(/\/invoice\?id=/);
  const notice = page.getByTestId('usage-drift');
  await expect(notice).toContainText('Calls of this period are on no line of this draft.');
  await expect(notice).toContainText('39 calls, $1.52 of this period are on no line of this draft (USA');
  await expect(notice).toContainText('a line was deleted, or calls came in on a destination it has no line for. Issued as it is, the draft does not bill them.');
  await expect(notice).not.toContainText('Late CDRs');
  await expect(notice).not.toContainText('Usage changed since this draft was generated');
});

test('Duplicate of an issued invoice generated from usage says at once that the copy bills its calls and package again, naming the invoice; saved, the draft says so, not late CDRs', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  await seed(page, seedMutations(data));
  await openSynced(page, `/invoice/generate?customer=${data.customer.id}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  const issuedUrl = page.url();

  await page.getByRole('button', { name: 'Duplicate' }).click();
  await expect(page.getByTestId('copy-not-saved')).toHaveText('Copy of INV-1, not saved yet');
  const warning = page.getByTestId('billed-again');
  await expect(warning).toContainText('This copy bills again what is billed already.');
  await expect(warning).toContainText('It bills the calls of');
  await expect(warning).toContainText('DID rental (1 month each), already on INV-1.');
  await expect(warning).toContainText('or the customer is billed twice for them.');
  await expect(warning.getByRole('link', { name: 'INV-1' })).toHaveAttribute('href', new URL(issuedUrl).pathname + new URL(issuedUrl).search);

  // Saved as it is: the draft blames INV-1, not late CDRs, and Issue asks about billing twice.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  const notice = page.getByTestId('usage-drift');
  await expect(notice).toContainText("These calls are billed already. INV-1 already bills the calls of this draft's period");
  await expect(notice).toContainText('its usage lines bill 117 calls, $14.52 again. No call of that period is left unbilled.');
  await expect(notice).not.toContainText('Late CDRs');
  // The package charge is billed again too: still said after Save (the calls are the drift notice's to say).
  await expect(warning).toHaveText(
    'This draft bills again what is billed already. It bills DID rental (1 month each), already on INV-1. Issued as it is, the customer is billed twice for them: edit it to delete those lines or change their days (and its period) to bill something else, or delete the draft.',
  );
  await expect(warning.getByRole('link', { name: 'INV-1' })).toHaveAttribute('href', new URL(issuedUrl).pathname + new URL(issuedUrl).search);
  await page.getByRole('button', { name: 'Issue', exact: true }).click();
  const issuing = page.getByRole('dialog');
  await expect(issuing.getByTestId('issue-warning').first()).toContainText('INV-1 already bills the calls');
  await expect(issuing.getByTestId('issue-warning').first()).toContainText('Issue it anyway, billing those calls twice?');
  await expect(issuing.getByTestId('issue-warning').nth(1)).toHaveText('INV-1 already bills DID rental (1 month each), which this draft bills too. Issue it anyway, billing it twice?');
  await issuing.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
});

test('late calls a minimum-spend commitment covers: the notice says nothing more is owed, and offers no draft', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  // A commitment of 50.00 a month instead of the DIDs: the calls (14.52 by destination) are topped up by 35.48.
  const minimum = { ...data.did, id: randomUUID(), name: 'Minimum 50', description: '', retail: '50', setup: '0', minimumSpend: true };
  await seed(page, [
    ...seedMutations(data).filter((mutation) => mutation.name !== 'assignPackage'),
    { name: 'createPackage', args: minimum },
    { name: 'assignPackage', args: { ...data.assignment, id: randomUUID(), packageId: minimum.id, quantity: 1 } },
  ]);
  await openSynced(page, `/invoice/generate?customer=${data.customer.id}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await expectTotals(page, '60.00');
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1', { timeout: 20_000 });

  // A late call to Germany for 2.00: the top-up is 2.00 smaller, so the month still comes to the 50.00 committed.
  const day = addDays(data.period.start, 10);
  const late = { ...data.usage[0]!, id: `${data.customer.id}:${day}:49`, day, destination: '49', destinationName: 'Germany', calls: 1, attempts: 1, seconds: 60, billedSeconds: 60, charge: '2.000000' };
  await seed(page, [{ name: 'putUsage', args: { rows: [late] } }]);
  const notice = page.getByTestId('late-usage');
  await expect(notice.getByTestId('late-usage-net')).toHaveText(
    'Together they come to $0.00: the late calls are covered by the minimum-spend commitment, so there is nothing to invoice.',
  );
  // No draft is made, so the notice says what happens rather than what a new draft would hold.
  await expect(notice.getByTestId('late-usage-covered')).toHaveText(
    'No invoice is made for them: INV-1 already bills what one invoice for the period’s usage now would (the minimum-spend commitment covers the late calls), so nothing more is owed.',
  );
  await expect(notice).not.toContainText('draft');
  await expect(notice.getByRole('button')).toHaveCount(0);
});

test("a customer invoiced weekly on a monthly minimum spend is topped up once, on the week holding the month's last day, for the whole month's usage", async ({ page }) => {
  await signUp(page);
  const data = billingData();
  // 50.00 a month from the 1st; last month's calls (14.52, on its first three days) fall in an earlier week.
  const minimum = { ...data.did, id: randomUUID(), name: 'Minimum 50', description: '', retail: '50', setup: '0', minimumSpend: true };
  await seed(page, [
    ...seedMutations(data).filter((mutation) => mutation.name !== 'assignPackage'),
    { name: 'createPackage', args: minimum },
    { name: 'assignPackage', args: { ...data.assignment, id: randomUUID(), packageId: minimum.id, quantity: 1 } },
  ]);
  const monthEnd = data.period.end;
  // A week inside the month settles nothing: no top-up against that week's (no) calls.
  await openSynced(page, `/invoice/generate?customer=${data.customer.id}&from=${addDays(monthEnd, -9)}&to=${addDays(monthEnd, -3)}`);
  await expect(page.getByTestId('nothing-to-invoice')).toContainText('no calls in that period and no package charges');
  await expect(page.getByRole('row', { name: /Minimum 50/ })).toHaveCount(0);

  // The week holding the month's last day tops the month up: 50.00 − 14.52 of calls on days before the week.
  await openSynced(page, `/invoice/generate?customer=${data.customer.id}&from=${addDays(monthEnd, -2)}&to=${addDays(monthEnd, 4)}`);
  const topUp = page.getByRole('row', { name: /Minimum 50/ });
  await expect(topUp).toContainText('Minimum 50 (minimum spend $50.00: usage before free minutes $14.52)');
  await expect(topUp).toContainText('$35.48');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  // 35.48 + 20% tax
  await expectTotals(page, '42.58');
});

test("a customer invoiced weekly on a monthly free-minutes bundle gets the month's minutes week after week, each week what the calls before it left", async ({ page }) => {
  await signUp(page);
  const data = billingData();
  // 150 UK minutes a month from the 1st. Last month's UK calls: 61, 63 and 65 minutes on its first three days.
  const bundle = { ...data.did, id: randomUUID(), name: 'UK Bundle 150', description: '', retail: '15.00', setup: '0', kind: 'free-minutes', prefixPattern: '44', freeMinutes: 150 };
  await seed(page, [
    ...seedMutations(data).filter((mutation) => mutation.name !== 'assignPackage'),
    { name: 'createPackage', args: bundle },
    { name: 'assignPackage', args: { ...data.assignment, id: randomUUID(), packageId: bundle.id, quantity: 1 } },
  ]);
  const first = data.period.start;
  // The week holding the 1st: its 124 UK minutes, all free.
  await openSynced(page, `/invoice/generate?customer=${data.customer.id}&from=${addDays(first, -5)}&to=${addDays(first, 1)}`);
  const firstWeek = page.getByRole('row', { name: /UK Bundle 150 \(free minutes/ });
  await expect(firstWeek).toContainText('124.00 min');
  await expect(firstWeek).toContainText(usd('-8.67'));

  // The next week: the 26 minutes the month has left, for its 65 (it had none when the week holding
  // the 1st took the whole month's minutes), at that week's average rate.
  await openSynced(page, `/invoice/generate?customer=${data.customer.id}&from=${addDays(first, 2)}&to=${addDays(first, 8)}`);
  const secondWeek = page.getByRole('row', { name: /UK Bundle 150 \(free minutes/ });
  await expect(secondWeek).toContainText('UK Bundle 150 (free minutes at $0.066686/min)');
  await expect(secondWeek).toContainText('26.00 min');
  await expect(secondWeek).toContainText(usd('-1.73'));
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  // Usage 1.23 + 3.10 + 0.51 − 1.73 = 3.11, + 20% tax
  await expectTotals(page, '3.73');
});

for (const viewport of [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`+ new invoice, edit, issue, pay in two parts, void, duplicate (${viewport.name})`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await signUp(page);
    const data = billingData();
    await seed(page, seedMutations(data));
    await openSynced(page, '/invoices');

    await page.getByRole('link', { name: 'New invoice' }).click();
    await expect(page.getByRole('heading', { name: 'New invoice' })).toBeVisible();
    await pickCustomer(page, 'Customer (required)', 'Globex Carrier (Globex Ltd)');

    // A package line: the package pre-fills quantity (the assignment's 10), unit price and tax.
    await page.getByRole('button', { name: 'Add Invoice Item' }).click();
    const dialog = page.getByRole('dialog');
    // Its setup fee is offered as a line of its own: once per DID.
    await dialog.getByLabel('Package').selectOption({ label: 'DID rental (setup fee)' });
    await expect(dialog.getByLabel('Description')).toHaveValue('DID rental — UK geographic number (setup)');
    await expect(dialog.getByLabel('Quantity')).toHaveValue('10');
    await expect(dialog.getByLabel('Unit price (required)')).toHaveValue('10.00');
    await expect(dialog.getByTestId('setup-fee-hint')).toHaveText('Generate Invoice bills a setup fee in the period its assignment starts: add it here only if it was not billed then.');
    await dialog.getByLabel('Package').selectOption({ label: 'DID rental' });
    await expect(dialog.getByTestId('setup-fee-hint')).toHaveCount(0);
    // Ten DIDs for a month each, not "10 months".
    await expect(dialog.getByLabel('Description')).toHaveValue('DID rental — UK geographic number (1 month each)');
    await expect(dialog.getByLabel('Quantity')).toHaveValue('10');
    await expect(dialog.getByLabel('Unit price (required)')).toHaveValue('2.50');
    await expect(dialog.getByLabel('Tax % (required)')).toHaveValue('20');
    // 10 × 2.50 = 25.00 net; 20% tax = 5.00; total 30.00
    await expect(dialog.getByTestId('line-net')).toHaveText(usd('25.00'));
    await expect(dialog.getByTestId('line-total')).toHaveText(usd('30.00'));
    await dialog.getByRole('button', { name: 'Save item' }).click();
    // Closed, the dialog gives the keyboard focus back to the button that opened it.
    await expect(page.getByRole('button', { name: 'Add Invoice Item' })).toBeFocused();

    // A manual line; the unit price is required.
    await page.getByRole('button', { name: 'Add Invoice Item' }).click();
    await dialog.getByLabel('Description').fill('Number porting fee');
    await dialog.getByRole('button', { name: 'Save item' }).click();
    await expect(dialog.getByText('Unit price is required')).toBeVisible();
    await dialog.getByLabel('Unit price (required)').fill('15.125');
    // 1 × 15.125 = 15.125 → 15.13 (half-up)
    await expect(dialog.getByTestId('line-net')).toHaveText(usd('15.13'));
    await dialog.getByRole('button', { name: 'Save item' }).click();

    // net 25.00 + 15.13 = 40.13; tax round(40.13 × 0.20 = 8.026) = 8.03; total 48.16
    const lines = [
      { quantity: '10', unitPrice: '2.50', taxRate: '20' },
      { quantity: '1', unitPrice: '15.125', taxRate: '20' },
    ];
    expect(computeTotals(lines, 'USD').total).toBe('48.16');
    await expectTotals(page, '48.16');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await expect(page.getByTestId('invoice-number')).toHaveText('draft');
    await expectTotals(page, '48.16');

    // Edit: 12 DIDs. net 30.00 + 15.13 = 45.13; tax round(9.026) = 9.03; total 54.16
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('button', { name: 'Edit DID rental — UK geographic number' }).click();
    await dialog.getByLabel('Quantity').fill('12');
    await dialog.getByRole('button', { name: 'Save item' }).click();
    await expectTotals(page, computeTotals([{ ...lines[0]!, quantity: '12' }, lines[1]!], 'USD').total);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expectTotals(page, '54.16');

    // Issue: the server assigns the first number of the series on sync.
    await issueDraft(page);
    await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
    await expect(page.getByText('issued', { exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);

    // The PDF, rendered on the device, carries the number, the customer, the lines and the same total.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
    expect(download.suggestedFilename()).toBe('INV-1.pdf');
    const pdf = checkPdf(new Uint8Array(await readFile((await download.path())!)));
    expect(pdf.qpdfStatus).toBe(0);
    expect(pdf.pages).toBe(1);
    for (const text of ['INV-1', 'Globex Carrier', 'DID rental', 'Number porting fee', usd('54.16')]) expect(pdf.text).toContain(text);

    // The invoice page, its lines scrolling in a box the keyboard can reach on a phone.
    await expectNoSeriousA11yViolations(page);

    // A partial payment, then the rest.
    await page.getByRole('button', { name: 'Record payment' }).click();
    await expect(dialog.getByLabel('Amount for invoice INV-1')).toHaveValue('54.16');
    // Money received has no fractions of a cent: the invoice would have to round it.
    await dialog.getByLabel('Amount for invoice INV-1').fill('20.005');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Amounts in USD have at most 2 decimals: check the amount for INV-1');
    await dialog.getByLabel('Amount for invoice INV-1').fill('20');
    // Pressed twice at once (a double-click, Enter twice): one payment.
    await pressTwice(dialog.getByRole('button', { name: 'Record payment' }));
    await expect(page.getByText('partly paid', { exact: true })).toBeVisible();
    await expect(page.getByTestId('total-paid')).toHaveText(usd('20.00'));
    await expect(page.getByRole('button', { name: 'Record payment' })).toBeFocused();
    await expect(page.getByTestId('total-balance')).toHaveText(usd('34.16'));
    await page.getByRole('button', { name: 'Record payment' }).click();
    await expect(dialog.getByLabel('Amount for invoice INV-1')).toHaveValue('34.16');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await expect(page.getByText('paid', { exact: true })).toBeVisible();

    // Void with a reason; the dialog says what was paid against it.
    await page.getByRole('button', { name: 'Void' }).click();
    await expect(dialog.getByTestId('void-paid-warning')).toContainText(`${usd('54.16')} has been paid against this invoice`);
    await dialog.getByRole('button', { name: 'Void invoice' }).click();
    await expect(dialog.getByText('A reason is required')).toBeVisible();
    await dialog.getByLabel('Reason').fill('Billed to the wrong entity');
    await pressTwice(dialog.getByRole('button', { name: 'Void invoice' }));
    await expect(page.getByText('void', { exact: true })).toBeVisible();
    await expect(page.getByText('Voided: Billed to the wrong entity')).toBeVisible();
    // The second press did not try to void it again (that said "Only an issued invoice can be voided").
    await expect(page.getByRole('alert').filter({ hasText: 'voided' })).toHaveCount(0);

    // Duplicate opens a copy with the same lines, not saved yet: Cancel leaves no draft behind.
    await page.getByRole('button', { name: 'Duplicate' }).click();
    await expectTotals(page, '54.16');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
    await followMainLink(page, 'Invoices');
    const rows = page.getByTestId('invoice-rows').getByRole('row');
    await expect(rows).toHaveCount(1);
    await rows.filter({ hasText: 'INV-1' }).getByRole('link').first().click();

    // Save makes it a new draft: one copy, however often Duplicate is pressed.
    await pressTwice(page.getByRole('button', { name: 'Duplicate' }));
    await expect(page.getByRole('heading', { name: 'New invoice' })).toBeVisible();
    await expect(page.getByTestId('copy-not-saved')).toHaveText('Copy of INV-1, not saved yet');
    await expectTotals(page, '54.16');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByTestId('invoice-number')).toHaveText('draft');

    // The list follows: one void, one draft, both for Globex.
    await followMainLink(page, 'Invoices');
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: 'INV-1' })).toContainText('void');
    await expect(rows.filter({ hasNotText: 'INV-1' }).getByRole('link').first()).toHaveText('draft');
    await page.getByLabel('Search', { exact: true }).fill('INV-1');
    await expect(rows).toHaveCount(1);
    await expectNoSeriousA11yViolations(page);

    // Dates the wrong way round say so rather than just finding nothing.
    await page.getByLabel('Search', { exact: true }).fill('');
    await page.getByLabel('From', { exact: true }).fill('2030-01-02');
    await page.getByLabel('To', { exact: true }).fill('2030-01-01');
    await expect(page.getByText('No invoice matches: the To date is before the From date.')).toBeVisible();
    await page.getByLabel('From', { exact: true }).fill('');
    await page.getByLabel('To', { exact: true }).fill('');

    // Deleting the draft asks first: Cancel keeps it, OK deletes it.
    await rows.filter({ hasNotText: 'INV-1' }).getByRole('link').first().click();
    page.once('dialog', (confirm) => void confirm.dismiss());
    await page.getByRole('button', { name: 'Delete draft' }).click();
    await expect(page.getByTestId('invoice-number')).toHaveText('draft');
    page.once('dialog', (confirm) => {
      expect(confirm.message()).toBe('Delete this draft invoice for Globex Carrier and its 2 lines? This cannot be undone.');
      void confirm.accept();
    });
    await page.getByRole('button', { name: 'Delete draft' }).click();
    await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
    await expect(rows).toHaveCount(1);
  });
}

test("Add Invoice Item's setup fee fills in the items whose setup no invoice bills yet, and says where the others were billed", async ({ page }) => {
  await signUp(page);
  const data = billingData();
  // INV-1 billed the setup of 8 of the 10 DIDs assigned.
  const issued = draftWithLines(data.customer.id, []);
  const setupLine = {
    id: randomUUID(), invoiceId: issued.invoiceId, position: 0, kind: 'setup', description: 'DID rental (setup)', startDate: data.assignment.startDate, endDate: data.assignment.startDate,
    quantity: '8', unit: 'each', unitPrice: '10.00', taxRate: '20', amount: null, calls: null, minutes: null, packageId: data.did.id,
  };
  const createIssued = { ...issued.mutation, args: { ...issued.mutation.args, lines: [setupLine] } };
  await seed(page, [...seedMutations(data).filter((m) => m.name !== 'putUsage'), createIssued, { name: 'issueInvoice', args: { id: issued.invoiceId } }]);
  await openSynced(page, `/invoice/edit?customer=${data.customer.id}`);
  await expect(page.getByRole('heading', { name: 'New invoice' })).toBeVisible();

  const dialog = page.getByRole('dialog');
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  await dialog.getByLabel('Package').selectOption({ label: 'DID rental (setup fee)' });
  await expect(dialog.getByLabel('Quantity')).toHaveValue('2');
  await expect(dialog.getByTestId('setup-fee-hint')).toHaveText('Setup already billed: 8 on INV-1. 2 of the 10 assigned are not billed yet: that is the quantity filled in.');
  await dialog.getByRole('button', { name: 'Save item' }).click();

  // The two on this invoice now: all ten are billed, yet the clerk may still add one.
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  await dialog.getByLabel('Package').selectOption({ label: 'DID rental (setup fee)' });
  await expect(dialog.getByLabel('Quantity')).toHaveValue('1');
  await expect(dialog.getByTestId('setup-fee-hint')).toHaveText(
    'Setup already billed: 8 on INV-1 and 2 on this invoice. Nothing assigned is left to bill: add it again only if it is owed again.',
  );
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(page.getByRole('region', { name: 'Invoice lines' }).getByRole('row', { name: /DID rental — UK geographic number \(setup\)/ })).toHaveCount(2);
});

test("Add Invoice Item says where a one-off package's charge is billed already, as for a setup: on issued invoices alone (a draft bills nothing until issued), less what an issued credit note gives back", async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const portIn = { ...data.did, id: randomUUID(), name: 'Port-in fee', description: '', retail: '25.00', setup: '0', frequency: 'none', matchDays: [] };
  const assignment = { ...data.assignment, id: randomUUID(), packageId: portIn.id, quantity: 1 };
  const portInLine = (invoiceId: string, unitPrice: string) => ({
    id: randomUUID(), invoiceId, position: 0, kind: 'package', description: 'Port-in fee', startDate: assignment.startDate, endDate: assignment.startDate,
    quantity: '1', unit: 'each', unitPrice, taxRate: '0', amount: null, calls: null, minutes: null, packageId: portIn.id,
  });
  // A draft charges the port-in fee (25.00): it bills nothing until it is issued.
  const charging = draftWithLines(data.customer.id, []);
  await seed(page, [
    { name: 'createCustomer', args: data.customer },
    { name: 'createPackage', args: portIn },
    { name: 'assignPackage', args: assignment },
    { ...charging.mutation, args: { ...charging.mutation.args, lines: [portInLine(charging.invoiceId, '25.00')] } },
  ]);
  const dialog = page.getByRole('dialog');
  async function pickPortIn() {
    await openSynced(page, `/invoice/edit?customer=${data.customer.id}`);
    await expect(page.getByRole('heading', { name: 'New invoice' })).toBeVisible();
    await page.getByRole('button', { name: 'Add Invoice Item' }).click();
    await dialog.getByLabel('Package').selectOption({ label: 'Port-in fee' });
  }
  await pickPortIn();
  await expect(dialog.getByLabel('Quantity')).toHaveValue('1');
  await expect(dialog.getByTestId('one-off-hint')).toHaveCount(0);

  // Issued (INV-1), it bills it: nothing assigned is left.
  await seed(page, [{ name: 'issueInvoice', args: { id: charging.invoiceId } }]);
  await pickPortIn();
  await expect(dialog.getByTestId('one-off-hint')).toHaveText('Port-in fee already billed: 1 on INV-1. Nothing assigned is left to bill: add it again only if it is owed again.');
  await expect(dialog.getByLabel('Quantity')).toHaveValue('1');
  // A manual line says nothing of the kind.
  await dialog.getByLabel('Package').selectOption({ label: 'No package (manual line)' });
  await expect(dialog.getByTestId('one-off-hint')).toHaveCount(0);

  // A credit note refunding it (below zero) gives it back once issued (INV-2): it is left to bill again; a draft one does not.
  const refund = draftWithLines(data.customer.id, []);
  await seed(page, [{ ...refund.mutation, args: { ...refund.mutation.args, invoice: { ...refund.mutation.args.invoice, invoiceDate: '2026-11-20' }, lines: [portInLine(refund.invoiceId, '-25.00')] } }]);
  await pickPortIn();
  await expect(dialog.getByTestId('one-off-hint')).toHaveText('Port-in fee already billed: 1 on INV-1. Nothing assigned is left to bill: add it again only if it is owed again.');
  await seed(page, [{ name: 'issueInvoice', args: { id: refund.invoiceId } }]);
  await pickPortIn();
  await expect(dialog.getByTestId('one-off-hint')).toHaveText(
    'Port-in fee already billed: 1 on INV-1, less 1 given back by credit note INV-2. 1 of the 1 assigned is not billed yet: that is the quantity filled in.',
  );
  await expect(dialog.getByLabel('Quantity')).toHaveValue('1');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(page.getByRole('region', { name: 'Invoice lines' }).getByRole('row', { name: /Port-in fee/ })).toHaveCount(1);
});

test("Add Invoice Item's setup fee is not lessened by the setups another draft holds: a draft bills nothing until it is issued", async ({ page }) => {
  await signUp(page);
  const data = billingData();
  // A draft holds the setup of 8 of the 10 DIDs assigned.
  const other = draftWithLines(data.customer.id, []);
  const setupLine = {
    id: randomUUID(), invoiceId: other.invoiceId, position: 0, kind: 'setup', description: 'DID rental (setup)', startDate: data.assignment.startDate, endDate: data.assignment.startDate,
    quantity: '8', unit: 'each', unitPrice: '10.00', taxRate: '20', amount: null, calls: null, minutes: null, packageId: data.did.id,
  };
  await seed(page, [...seedMutations(data).filter((m) => m.name !== 'putUsage'), { ...other.mutation, args: { ...other.mutation.args, lines: [setupLine] } }]);
  await openSynced(page, `/invoice/edit?customer=${data.customer.id}`);
  await expect(page.getByRole('heading', { name: 'New invoice' })).toBeVisible();
  const dialog = page.getByRole('dialog');
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  await dialog.getByLabel('Package').selectOption({ label: 'DID rental (setup fee)' });
  await expect(dialog.getByLabel('Quantity')).toHaveValue('10');
  await expect(dialog.getByTestId('setup-fee-hint')).toHaveText('Generate Invoice bills a setup fee in the period its assignment starts: add it here only if it was not billed then.');
});

test('Add Invoice Item, typed in, asks before Escape or Cancel loses what was typed; untouched, it just closes; Edit asks before losing changes', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  await seed(page, seedMutations(data));
  await openSynced(page, `/invoice/edit?customer=${data.customer.id}`);
  await expect(page.getByRole('heading', { name: 'New invoice' })).toBeVisible();
  const { asked, answer } = browserQuestions(page);
  const add = page.getByRole('button', { name: 'Add Invoice Item' });
  const dialog = page.getByRole('dialog');
  const items = page.getByRole('region', { name: 'Invoice lines' });

  // Nothing typed: Escape closes it, unasked.
  await add.click();
  await expect(dialog.getByLabel('Description (required)')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(asked).toEqual([]);

  // Typed in: Escape asks; staying keeps what was typed, and asks again at the next Escape.
  await add.click();
  await dialog.getByLabel('Unit price (required)').fill('15.00');
  await dialog.getByLabel('Description (required)').fill('Number porting fee');
  await page.keyboard.press('Escape');
  await expect.poll(() => asked.length).toBe(1);
  await expect(dialog.getByLabel('Description (required)')).toHaveValue('Number porting fee');
  await page.keyboard.press('Escape');
  await expect.poll(() => asked.length).toBe(2);
  await expect(dialog.getByLabel('Unit price (required)')).toHaveValue('15.00');
  // Cancel asks too; leaving closes it, and adds nothing.
  answer(true);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(asked).toEqual(Array(3).fill('This item is not added to the invoice. Close it and lose it?'));
  await expect(add).toBeFocused();
  await expect(page.getByText('Number porting fee')).toHaveCount(0);

  // An item being edited: its changes are asked about; the item stays as it was.
  await add.click();
  await dialog.getByLabel('Unit price (required)').fill('15.00');
  await dialog.getByLabel('Description (required)').fill('Number porting fee');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(items.getByRole('button', { name: 'Edit Number porting fee' })).toBeVisible();
  const total = page.getByTestId('total-total').first();
  const totalBefore = await total.innerText();
  await items.getByRole('button', { name: 'Edit Number porting fee' }).click();
  await dialog.getByLabel('Quantity').fill('3');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(asked.at(-1)).toBe('Your changes to this item are not saved. Close it and lose them?');
  expect(asked).toHaveLength(4);
  await expect(total).toHaveText(totalBefore);
});

test("Add Invoice Item words a package's line for the quantity typed (10 DIDs: one month each, never 10 months), keeping a description edited by hand", async ({ page }) => {
  await signUp(page);
  const data = billingData();
  // No assignment: the package fills in a quantity of 1, and the clerk types how many DIDs.
  await seed(page, seedMutations(data).filter((m) => m.name !== 'assignPackage' && m.name !== 'putUsage'));
  await openSynced(page, `/invoice/edit?customer=${data.customer.id}`);
  await expect(page.getByRole('heading', { name: 'New invoice' })).toBeVisible();

  const dialog = page.getByRole('dialog');
  const items = page.getByRole('region', { name: 'Invoice lines' });
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  await dialog.getByLabel('Package').selectOption({ label: 'DID rental' });
  await expect(dialog.getByLabel('Quantity')).toHaveValue('1');
  await expect(dialog.getByLabel('Description')).toHaveValue('DID rental — UK geographic number');
  await dialog.getByLabel('Quantity').fill('10');
  await expect(dialog.getByLabel('Description')).toHaveValue('DID rental — UK geographic number (1 month each)');
  // Typed key by key through an empty field, the wording follows each number.
  await dialog.getByLabel('Quantity').fill('');
  await dialog.getByLabel('Quantity').pressSequentially('1');
  await expect(dialog.getByLabel('Description')).toHaveValue('DID rental — UK geographic number');
  await dialog.getByLabel('Quantity').pressSequentially('0');
  await expect(dialog.getByLabel('Description')).toHaveValue('DID rental — UK geographic number (1 month each)');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(await lineCell(items, /DID rental — UK geographic number \(1 month each\)/, 'Qty')).toHaveText('10 each');

  // Opened again, the line still worded for its quantity follows a new one: one DID, one month.
  await items.getByRole('button', { name: 'Edit DID rental — UK geographic number (1 month each)' }).click();
  await dialog.getByLabel('Quantity').fill('1');
  await expect(dialog.getByLabel('Description')).toHaveValue('DID rental — UK geographic number');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(await lineCell(items, /DID rental — UK geographic number/, 'Qty')).toHaveText('1 month');

  // A description written by hand is the clerk's: a new quantity leaves it as written.
  await items.getByRole('button', { name: 'Edit DID rental — UK geographic number' }).click();
  await dialog.getByLabel('Description').fill('Finnish DIDs, November');
  await dialog.getByLabel('Quantity').fill('12');
  await expect(dialog.getByLabel('Description')).toHaveValue('Finnish DIDs, November');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(await lineCell(items, /Finnish DIDs, November/, 'Qty')).toHaveText('12 each');

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await expect(await lineCell(page.getByRole('region', { name: 'Invoice lines' }), /Finnish DIDs, November/, 'Qty')).toHaveText('12 each');
});

test("the line dialog's live Net and Total round as the invoice does (half-even), spaces aside; dates and sizes are checked before saving", async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const { initech } = cdrCustomers();
  await seed(page, [{ name: 'saveAccount', args: { rounding: 'half-even' } }, ...seedMutations(data), { name: 'createCustomer', args: initech }]);
  await openSynced(page, '/invoice/edit');
  await pickCustomer(page, 'Customer (required)', 'Globex Carrier (Globex Ltd)');
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Description').fill('Rounding check');
  await dialog.getByLabel('Tax % (required)').fill('0');
  // 1 × 0.125 = 0.125 → 0.12 half-even (0.13 half-up); the spaces are dropped when saved.
  await dialog.getByLabel('Unit price (required)').fill(' 0.125 ');
  await expect(dialog.getByTestId('line-net')).toHaveText(usd('0.12'));
  await expect(dialog.getByTestId('line-total')).toHaveText(usd('0.12'));
  // A line whose total has more than 15 digits before the point is refused in the dialog.
  await dialog.getByLabel('Quantity').fill('100000');
  await dialog.getByLabel('Unit price (required)').fill('99999999999.99');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(dialog.getByText("The line's total is too large: amounts have at most 15 digits before the decimal point")).toBeVisible();
  await dialog.getByLabel('Quantity').fill('1');
  await dialog.getByLabel('Unit price (required)').fill('0.125');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expectTotals(page, '0.12');

  // Switching to a customer billed in another currency asks first: the line's 0.125 would be EUR.
  page.once('dialog', (confirm) => {
    expect(confirm.message()).toBe('Initech Voice is billed in EUR, not USD. The line keeps its prices, which will then be read as EUR. Switch the customer?');
    void confirm.dismiss();
  });
  await pickCustomer(page, 'Customer (required)', 'Initech Voice (Initech Voice Ltd)');
  await expect(page.getByRole('combobox', { name: 'Customer (required)' })).toHaveValue('Globex Carrier (Globex Ltd)');
  await expect(page.getByText('Currency: USD')).toBeVisible();

  // A period that ends before it starts is refused, and nothing is saved.
  await page.getByLabel('Period from').fill('2026-11-30');
  await page.getByLabel('Period to').fill('2026-11-01');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The period must not end before it starts.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'New invoice' })).toBeVisible();

  // Very large amounts stay inside the totals' card, on a phone too (they wrap rather than overflow).
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByLabel('Period from').fill('');
  await page.getByLabel('Period to').fill('');
  for (let i = 0; i < 3; i++) {
    await page.getByRole('button', { name: 'Add Invoice Item' }).click();
    await dialog.getByLabel('Description').fill(`Large ${i}`);
    await dialog.getByLabel('Unit price (required)').fill('500000000000000');
    await dialog.getByRole('button', { name: 'Save item' }).click();
    await expect(dialog).toHaveCount(0);
  }
  await expect(page.getByTestId('total-net').first()).toHaveText(usd('1500000000000000.12'));
  const totals = page.getByTestId('totals').first();
  // Every figure and label lies inside the card (before, the amounts ran past its right edge).
  const outside = await totals.evaluate((dl) => {
    const card = (dl.closest('.card') ?? document.body).getBoundingClientRect();
    return [...dl.querySelectorAll('dt, dd')]
      .filter((e) => {
        const box = e.getBoundingClientRect();
        return box.left < card.left - 0.5 || box.right > card.right + 0.5;
      })
      .map((e) => e.textContent);
  });
  expect(outside).toEqual([]);
});

test('an invoice issued on another device while it is being edited stops the editor and says so', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const { invoiceId, mutation } = draftWithLines(data.customer.id, ['Port fee']);
  await seed(page, [...seedMutations(data), mutation]);
  await openSynced(page, `/invoice/edit?id=${invoiceId}`);
  await page.getByLabel('Notes').fill('Typed here');
  await seed(page, [{ name: 'issueInvoice', args: { id: invoiceId } }]);
  await expect(page.getByRole('alert').filter({ hasText: 'This invoice is issued (INV-1) and can no longer be edited. The changes made here were not saved.' })).toBeVisible();
  await expect(page.getByLabel('Notes')).toHaveCount(0);
});

test('issuing an invoice dated before one that already has a number asks first (numbers would run out of date order)', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const current = draftWithLines(data.customer.id, ['November work']);
  const backDated = draftWithLines(data.customer.id, ['October work']);
  current.mutation.args.invoice.invoiceDate = '2026-11-20';
  backDated.mutation.args.invoice.invoiceDate = '2026-10-01';
  await seed(page, [...seedMutations(data), current.mutation, { name: 'issueInvoice', args: { id: current.invoiceId } }, backDated.mutation]);
  await openSynced(page, `/invoice?id=${backDated.invoiceId}`);
  await page.getByRole('button', { name: 'Issue', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('issue-warning')).toHaveText(
    'This invoice is dated Oct 1, 2026, before INV-1 (dated Nov 20, 2026): it will be numbered after it, out of date order. Issue it anyway, or cancel and change its date?',
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-2', { timeout: 20_000 });
});

test('Issue asks first, showing the customer, the total with its currency, the due date and that the next number is given; Cancel or Escape keeps the draft', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const draft = draftWithLines(data.customer.id, ['Port fee', 'Cross-connect']);
  await seed(page, [...seedMutations(data), draft.mutation]);
  await openSynced(page, `/invoice?id=${draft.invoiceId}`);
  const issue = page.getByRole('button', { name: 'Issue', exact: true });
  await issue.click();
  const dialog = page.getByRole('dialog', { name: 'Issue invoice' });
  await expect(dialog.getByTestId('issue-summary')).toHaveText(`CustomerGlobex CarrierTotal${usd('20.00')} (USD)Due dateDec 1, 2026`);
  // Online and synced, the device knows the number the series gives next, unless another device issues first.
  await expect(dialog.getByTestId('issue-number')).toHaveText(
    'It takes the next number of its series, INV-1 if no other device issues first, and can no longer be edited: a correction then takes Void and replace.',
  );
  await expect(dialog.getByTestId('issue-warning')).toHaveCount(0);
  // The keyboard is in the dialog, on Cancel: Enter there issues nothing.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(issue).toBeFocused();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  // Escape cancels too, and the focus goes back to Issue.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(issue).toBeFocused();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await expect(page.getByRole('link', { name: 'Edit' })).toBeVisible();
  // Confirmed, it is issued and numbered.
  await issue.click();
  await dialog.getByRole('button', { name: 'Issue invoice' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
});

test('an invoice whose total is below zero reads as a credit note: no due date, no payment instructions', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const { invoiceId, mutation } = draftWithLines(data.customer.id, ['Refund of disputed calls']);
  mutation.args.lines[0]!.unitPrice = '-25';
  await seed(page, [{ name: 'saveAccount', args: { paymentDetails: 'IBAN PAY-ME-NOW' } }, ...seedMutations(data), mutation, { name: 'issueInvoice', args: { id: invoiceId } }]);
  await openSynced(page, `/invoice?id=${invoiceId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Credit note INV-1');
  await expect(page.getByText('Credit note date')).toBeVisible();
  await expect(page.getByText('Due date')).toHaveCount(0);
  await expect(page.getByText('PAY-ME-NOW')).toHaveCount(0);

  // A draft credit note is deleted as one.
  const draft = draftWithLines(data.customer.id, ['Goodwill refund']);
  draft.mutation.args.lines[0]!.unitPrice = '-5';
  await seed(page, [draft.mutation]);
  await openSynced(page, `/invoice?id=${draft.invoiceId}`);
  const asked = new Promise<string>((resolve) => page.once('dialog', (d) => (resolve(d.message()), void d.dismiss())));
  await page.getByRole('button', { name: 'Delete draft' }).click();
  expect(await asked).toBe('Delete this draft credit note for Globex Carrier and its line? This cannot be undone.');
});

test('a new invoice whose total goes below zero says in the editor it will be saved as a credit note, under the heading "New credit note"; back above zero, a new invoice again', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  await seed(page, seedMutations(data).filter((m) => m.name !== 'putUsage'));
  await openSynced(page, `/invoice/edit?customer=${data.customer.id}`);
  await expect(page.getByRole('heading', { name: 'New invoice', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Due date')).toBeVisible();
  const note = page.getByTestId('credit-note-by-total');
  await expect(note).toHaveCount(0);

  const dialog = page.getByRole('dialog');
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  await dialog.getByLabel('Description').fill('Refund of disputed calls');
  await dialog.getByLabel('Unit price (required)').fill('-25');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(page.getByRole('heading', { name: 'New credit note', level: 1 })).toBeVisible();
  await expect(note).toHaveText('Its total is below zero: it will be saved as a credit note, with no due date.');
  await expect(page.getByLabel('Credit note date')).toBeVisible();
  await expect(page.getByLabel('Due date')).toHaveCount(0);

  // A line bringing the total back above zero: an invoice again, with its due date.
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  await dialog.getByLabel('Description').fill('Port fee');
  await dialog.getByLabel('Unit price (required)').fill('40');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(page.getByRole('heading', { name: 'New invoice', level: 1 })).toBeVisible();
  await expect(note).toHaveCount(0);
  await expect(page.getByLabel('Due date')).toBeVisible();
});

test('deleting an item keeps the keyboard focus on the items: the next line, else the one before, else Add Invoice Item', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const { invoiceId, mutation } = draftWithLines(data.customer.id, ['Port fee', 'Setup fee', 'Support fee']);
  await seed(page, [...seedMutations(data), mutation]);
  await openSynced(page, `/invoice/edit?id=${invoiceId}`);
  const items = page.getByRole('region', { name: 'Invoice lines' });
  // A line in the middle: the next line moves up into its place, and its Delete button has the focus.
  await items.getByRole('button', { name: 'Delete Setup fee' }).press('Enter');
  await expect(items.getByRole('button', { name: 'Delete Support fee' })).toBeFocused();
  // The last line: the one before it.
  await page.keyboard.press('Enter');
  await expect(items.getByRole('button', { name: 'Delete Port fee' })).toBeFocused();
  // The only line: Add Invoice Item.
  await page.keyboard.press('Enter');
  await expect(page.getByText('No items yet.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add Invoice Item' })).toBeFocused();
});

test('fast typing and an immediate Save keep every keystroke and every field', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  await seed(page, seedMutations(data));
  await openSynced(page, '/invoice/edit');
  await pickCustomer(page, 'Customer (required)', 'Globex Carrier (Globex Ltd)');
  // Keystrokes with no pause between them, then two fields and Save at once, as a fast typist or a
  // barcode-style paste would: each change must build on the one before, not on a stale copy.
  await page.getByLabel('Notes').pressSequentially('Thanks for your business, see you next month', { delay: 0 });
  await page.getByLabel('Period from').fill('2026-11-01');
  await page.getByLabel('Period to').fill('2026-11-30');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Notes')).toHaveValue('Thanks for your business, see you next month');
  await expect(page.getByLabel('Period from')).toHaveValue('2026-11-01');
  await expect(page.getByLabel('Period to')).toHaveValue('2026-11-30');
});

test('unsaved edits survive a reload', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  await seed(page, seedMutations(data));
  await openSynced(page, '/invoice/edit');
  await pickCustomer(page, 'Customer (required)', 'Globex Carrier (Globex Ltd)');
  await page.getByLabel('Notes').fill('Thanks for your business');
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Notes')).toHaveValue('Thanks for your business');
  await expect(page.getByLabel('Customer (required)')).toHaveValue('Globex Carrier (Globex Ltd)');
});

test('leaving a new invoice, or a draft with unsaved edits, asks first (a menu link, Back, a phone\'s menu); saved, discarded or untouched, nothing is asked', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  await seed(page, seedMutations(data));
  const { asked: questions, answer } = browserQuestions(page);
  const lost = 'This new invoice is not saved. Leave it and lose it?';
  await openSynced(page, '/invoices');
  // Untouched, + leaves without a word.
  await page.getByRole('link', { name: 'New invoice' }).click();
  await expect(page.getByRole('heading', { name: 'New invoice', level: 1 })).toBeVisible();
  await followMainLink(page, 'Customers');
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  expect(questions).toEqual([]);

  // Customer, notes and an item typed: the menu's Invoices asks; declined, everything stays.
  await followMainLink(page, 'Invoices');
  await page.getByRole('link', { name: 'New invoice' }).click();
  await pickCustomer(page, 'Customer (required)', 'Globex Carrier (Globex Ltd)');
  await page.getByLabel('Notes').fill('Port-out, as agreed');
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Description').fill('Emergency port-out');
  await dialog.getByLabel('Unit price (required)').fill('100');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await followMainLink(page, 'Invoices');
  await expect.poll(() => questions).toEqual([lost]);
  await expect(page.getByRole('heading', { name: 'New invoice', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Notes')).toHaveValue('Port-out, as agreed');
  // Back asks too (the browser's Back cannot be stopped: the editor's page stays under it).
  await page.goBack();
  await expect.poll(() => questions).toEqual([lost, lost]);
  await expect(page.getByLabel('Notes')).toHaveValue('Port-out, as agreed');
  // On a phone, the menu's Customers asks the same.
  await page.setViewportSize({ width: 390, height: 844 });
  await followMainLink(page, 'Customers');
  await expect.poll(() => questions).toEqual([lost, lost, lost]);
  await expect(page.getByRole('region', { name: 'Invoice lines' })).toContainText('Emergency port-out');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Saved: nothing is asked, on leaving the editor or afterwards.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await followMainLink(page, 'Customers');
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  expect(questions).toHaveLength(3);

  // A draft's edits: asked, and left, they stay on this device for Edit to open again.
  await page.goBack();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await page.getByRole('link', { name: 'Edit' }).click();
  // Opened and left untouched: nothing is asked.
  await followMainLink(page, 'Packages');
  await expect(page.getByRole('heading', { name: 'Packages', level: 1 })).toBeVisible();
  expect(questions).toHaveLength(3);
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Edit invoice (draft)', level: 1 })).toBeVisible();
  await page.getByLabel('Notes').fill('Port-out, as agreed on the phone');
  answer(true);
  await followMainLink(page, 'Customers');
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  expect(questions.at(-1)).toBe(
    'Your changes to this draft are not saved: the invoice, its PDF and other devices do not have them. Leave anyway? They stay on this device: Edit opens them again.',
  );
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Edit invoice (draft)', level: 1 })).toBeVisible();
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  await expect(page.getByLabel('Notes')).toHaveValue('Port-out, as agreed on the phone');
  // Discarded: back on the invoice without a question.
  await page.getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  expect(questions).toHaveLength(4);
});

test("the editor's Cancel on a new invoice with something typed asks before losing it, as leaving by a link does; untouched, it just leaves", async ({ page }) => {
  await signUp(page);
  const data = billingData();
  await seed(page, seedMutations(data));
  const { asked: questions, answer } = browserQuestions(page);
  const lost = 'This new invoice is not saved. Leave it and lose it?';
  const invoicesHeading = page.getByRole('heading', { name: 'Invoices', level: 1 });
  await openSynced(page, '/invoices');
  // Untouched: Cancel leaves without a word.
  await page.getByRole('link', { name: 'New invoice' }).click();
  await expect(page.getByRole('heading', { name: 'New invoice', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(invoicesHeading).toBeVisible();
  expect(questions).toEqual([]);

  // A customer and an item typed: Cancel asks; declined, everything stays.
  await page.getByRole('link', { name: 'New invoice' }).click();
  await pickCustomer(page, 'Customer (required)', 'Globex Carrier (Globex Ltd)');
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Description').fill('Emergency port-out');
  await dialog.getByLabel('Unit price (required)').fill('100');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  const cancel = page.getByRole('button', { name: 'Discard changes' });
  await cancel.click();
  await expect.poll(() => questions).toEqual([lost]);
  await expect(page.getByRole('heading', { name: 'New invoice', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Invoice lines' })).toContainText('Emergency port-out');
  // Accepted: back on the invoices, with no invoice made and nothing asked again.
  answer(true);
  await cancel.click();
  await expect(invoicesHeading).toBeVisible();
  expect(questions).toEqual([lost, lost]);
  await expect(page.getByTestId('invoice-rows').getByRole('row')).toHaveCount(0);
});

test.describe('offline', () => {
  test.use({ serviceWorkers: 'allow' });

  test('with the network off: generate, + new invoice, issue (pending), pay, PDF; the number arrives on reconnect', async ({ page, context }) => {
    // The first visit precaches the app (the service worker) before the network goes away.
    test.setTimeout(180_000);
    await signUp(page);
    const data = billingData();
    await seed(page, seedMutations(data));
    await openSynced(page, '/invoices');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 120_000 });
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');

    // Generate Invoice works from local data alone.
    await page.goto(`/invoice/generate?customer=${data.customer.id}`);
    await expect(page.getByRole('heading', { name: 'Preview' })).toBeVisible();
    await page.getByRole('button', { name: 'Create draft' }).click();
    await expect(page.getByTestId('invoice-number')).toHaveText('draft');

    // + new invoice with one manual line.
    await followMainLink(page, 'Invoices');
    await page.getByRole('link', { name: 'New invoice' }).click();
    await pickCustomer(page, 'Customer (required)', 'Globex Carrier (Globex Ltd)');
    await page.getByRole('button', { name: 'Add Invoice Item' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Description').fill('Emergency port-out');
    await dialog.getByLabel('Unit price (required)').fill('100');
    await dialog.getByRole('button', { name: 'Save item' }).click();
    // 100.00 net + 20% tax 20.00 = 120.00
    await expectTotals(page, '120.00');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    // Offline, Issue promises no number it cannot know: the server gives it on sync.
    await page.getByRole('button', { name: 'Issue', exact: true }).click();
    await expect(page.getByRole('dialog').getByTestId('issue-number')).toHaveText(
      'This device is offline, so the number is assigned on sync: the next of its series (INV-…) when this issue reaches the server. It can no longer be edited: a correction then takes Void and replace.',
    );
    await page.getByRole('dialog').getByRole('button', { name: 'Issue invoice' }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByTestId('invoice-number')).toHaveText('pending');
    await expect(page.getByText('pending', { exact: true }).last()).toBeVisible();
    await page.getByRole('button', { name: 'Record payment' }).click();
    await dialog.getByLabel('Amount for invoice pending').first().fill('50');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await expect(page.getByTestId('total-balance')).toHaveText(usd('70.00'));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
    // Not numbered yet: named by what it is, its customer and date, as a draft's is.
    expect(download.suggestedFilename()).toMatch(/^pending-Globex Carrier-\d{4}-\d{2}-\d{2}-[0-9a-f]{6}\.pdf$/);
    const pdf = checkPdf(new Uint8Array(await readFile((await download.path())!)));
    expect(pdf.qpdfStatus).toBe(0);
    expect(pdf.text).toContain('Emergency port-out');
    expect(pdf.text).toContain(usd('120.00'));
    // Issued, not a draft: headed INVOICE, its number said to be pending, nothing that reads as a number.
    expect(pdf.text).toMatch(/\bINVOICE\n/);
    expect(pdf.text).not.toMatch(/draft/i);
    expect(pdf.text).toMatch(/Invoice no\. +pending \u2014 assigned on sync/);
    expect(pdf.text).not.toMatch(/INV-\d/);
    await expect(page.getByTestId('sync-status')).toContainText('unsynced');

    // Back online: the queued changes sync, the server numbers the invoice, the payment stands.
    await context.setOffline(false);
    await expect(page.getByTestId('invoice-number')).toHaveText('INV-1', { timeout: 30_000 });
    await expect(page.getByText('partly paid', { exact: true })).toBeVisible();
    await expect(page.getByTestId('sync-status')).toHaveText('Synced');
  });
});

/** A draft invoice of `data`'s customer dated Nov 1, 2026 with `lines` (each a manual line unless it says otherwise), as the change that creates it. */
function draftInvoice(data: ReturnType<typeof billingData>, lines: Record<string, unknown>[]) {
  const invoiceId = randomUUID();
  const change = {
    name: 'createInvoice',
    args: {
      invoice: {
        id: invoiceId, customerId: data.customer.id, number: null, status: 'draft', invoiceDate: '2026-11-01', dueDate: '2026-12-01',
        periodStart: null, periodEnd: null, currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
      },
      lines: lines.map((l, position) => ({
        id: randomUUID(), invoiceId, position, kind: 'manual', description: 'Item', startDate: null, endDate: null,
        quantity: '1', unit: 'each', unitPrice: '10', taxRate: '0', amount: null, calls: null, minutes: null, packageId: null, ...l,
      })),
    },
  };
  return { invoiceId, change };
}

/** Seeds `data` and a draft invoice of its customer with `lines`; returns the invoice's id. */
async function seedDraft(page: Page, data: ReturnType<typeof billingData>, lines: Record<string, unknown>[]): Promise<string> {
  const { invoiceId, change } = draftInvoice(data, lines);
  await seed(page, [...seedMutations(data), change]);
  return invoiceId;
}

const usageLine = {
  kind: 'usage', description: 'United Kingdom - London', quantity: '511.50', unit: 'min', unitPrice: '0.024', taxRate: '20',
  amount: '12.345678', calls: 100, minutes: '511.50',
};

test('a usage line shows its quantity with the decimals it is stored with, as its call summary does', async ({ page }) => {
  await signUp(page);
  const invoiceId = await seedDraft(page, billingData(), [usageLine]);
  await openSynced(page, `/invoice?id=${invoiceId}`);
  const items = page.getByRole('region', { name: 'Invoice lines' });
  await expect(items.getByText('100 calls · 511.50 min')).toBeVisible();
  await expect(await lineCell(items, /United Kingdom - London/, 'Qty')).toHaveText('511.50 min');
});

test('the lines table leaves out a column empty on every line, as the PDF does: no Period for manual lines, no Unit price for usage alone', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const headers = () => page.getByRole('region', { name: 'Invoice lines' }).getByRole('columnheader');
  const manualOnly = await seedDraft(page, data, [{ description: 'Port fee' }, { description: 'Support fee', unitPrice: '25' }]);
  await openSynced(page, `/invoice?id=${manualOnly}`);
  await expect(page.getByRole('row', { name: /Support fee/ })).toBeVisible();
  await expect(headers()).toHaveText(['Description', 'Qty', 'Unit price', 'Tax %', 'Net']);
  await expect(page.getByRole('row', { name: /Support fee/ }).getByRole('cell')).toHaveText(['Support fee', '1 each', '25.00', '0', usd('25.00')]);

  // One dated line brings the Period back; usage lines, billed by their amount, print no unit price.
  const dated = { ...usageLine, startDate: '2026-10-01', endDate: '2026-10-31' };
  const { invoiceId: usageOnly, change: usageOnlyDraft } = draftInvoice(data, [dated, { ...usageLine, description: 'France' }]);
  await seed(page, [usageOnlyDraft]);
  await openSynced(page, `/invoice/edit?id=${usageOnly}`);
  await expect(page.getByRole('row', { name: /France/ })).toBeVisible();
  await expect(headers()).toHaveText(['Description', 'Period', 'Qty', 'Tax %', 'Net', 'Actions']);
  await expect(await lineCell(page.getByRole('region', { name: 'Invoice lines' }), /France/, 'Period')).toHaveText('');
});

test("a usage line bills its calls' charges: the item dialog keeps its quantity, unit price and dates read-only and its live Net is what it bills", async ({ page }) => {
  await signUp(page);
  const invoiceId = await seedDraft(page, billingData(), [
    { ...usageLine, startDate: '2026-10-02', endDate: '2026-10-27' },
    { kind: 'free-minutes', description: 'Free minutes UK', quantity: '100', unit: 'min', unitPrice: '0', taxRate: '20', amount: '-2.4' },
  ]);
  await openSynced(page, `/invoice/edit?id=${invoiceId}`);
  const items = page.getByRole('region', { name: 'Invoice lines' });
  await items.getByRole('button', { name: 'Edit United Kingdom - London' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Quantity')).toBeDisabled();
  await expect(dialog.getByLabel('Unit price (required)')).toBeDisabled();
  await expect(dialog.getByTestId('line-amount-hint')).toHaveText("This line bills the sum of its calls' charges, 12.345678 (rounded: $12.35), not quantity × unit price.");
  // Its calls are those of its days: other dates would bill them under a period that leaves them out.
  await expect(dialog.getByLabel('From', { exact: true })).toBeDisabled();
  await expect(dialog.getByLabel('To', { exact: true })).toBeDisabled();
  await expect(dialog.getByLabel('From', { exact: true })).toHaveValue('2026-10-02');
  await expect(dialog.getByLabel('From', { exact: true })).toHaveAccessibleDescription('Its calls and charge come from the usage of these days: to bill other days, generate the invoice again.');
  // round(12.345678) = 12.35; tax 20% 2.47; total 14.82.
  await expect(dialog.getByTestId('line-net')).toHaveText(usd('12.35'));
  await expect(dialog.getByTestId('line-total')).toHaveText(usd('14.82'));
  // Tax and description stay editable: 10% of 12.35 = 1.235 → 1.24; total 13.59.
  await dialog.getByLabel('Tax % (required)').fill('10');
  await dialog.getByLabel('Description').fill('UK London calls');
  await expect(dialog.getByTestId('line-total')).toHaveText(usd('13.59'));
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(await lineCell(items, /UK London calls/, 'Net')).toHaveText(usd('12.35'));

  await items.getByRole('button', { name: 'Edit Free minutes UK' }).click();
  await expect(dialog.getByLabel('Quantity')).toBeDisabled();
  await expect(dialog.getByLabel('Unit price (required)')).toBeDisabled();
  await expect(dialog.getByTestId('line-amount-hint')).toHaveText('This line credits the charges of the calls its free minutes cover, -2.40 (rounded: -$2.40), not quantity × unit price.');
  await expect(dialog.getByTestId('line-net')).toHaveText(usd('-2.40'));
});

test('long unbroken text wraps on the invoice: the page never scrolls sideways, on a desktop or a phone', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  data.customer.address = 'A'.repeat(900);
  const invoiceId = await seedDraft(page, data, [{ description: 'D'.repeat(200) }]);
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(viewport);
    await openSynced(page, `/invoice?id=${invoiceId}`);
    await expect(page.getByTestId('invoice-customer')).toHaveText('Globex Carrier');
    await expectNoHorizontalScroll(page);
  }
});

test('an invoice issued offline reads "Invoice pending" once, its badge "issued": no badge repeats the number\'s label', async ({ page, context }) => {
  await signUp(page);
  const invoiceId = await seedDraft(page, billingData(), [{ description: 'Port fee' }]);
  await openSynced(page, `/invoice?id=${invoiceId}`);
  await context.setOffline(true);
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('pending');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Invoice pending issued');
});

test("two drafts of a customer dated the same day download as two files, each named by the end of its id, the same name every time", async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const first = await seedDraft(page, data, [{ description: 'Port fee' }]);
  // A second draft of Globex Carrier, dated Nov 1, 2026 too.
  const { invoiceId: second, change: secondDraft } = draftInvoice(data, [{ description: 'Support fee', unitPrice: '25' }]);
  await seed(page, [secondDraft]);
  const idEnd = (id: string) => id.replaceAll('-', '').slice(-6);
  const download = async (id: string) => {
    await openSynced(page, `/invoice?id=${id}`);
    await expect(page.getByTestId('invoice-number')).toHaveText('draft');
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
    return file;
  };
  const firstFile = await download(first);
  expect(firstFile.suggestedFilename()).toBe(`draft-Globex Carrier-2026-11-01-${idEnd(first)}.pdf`);
  expect(checkPdf(new Uint8Array(await readFile((await firstFile.path())!))).text).toContain('Port fee');
  const secondFile = await download(second);
  expect(secondFile.suggestedFilename()).toBe(`draft-Globex Carrier-2026-11-01-${idEnd(second)}.pdf`);
  expect(checkPdf(new Uint8Array(await readFile((await secondFile.path())!))).text).toContain('Support fee');
  expect(idEnd(first)).not.toBe(idEnd(second));
  // Downloaded again, the first draft's file has its name still: it replaces its own copy, not the other's.
  expect((await download(first)).suggestedFilename()).toBe(firstFile.suggestedFilename());
});

test('an issued invoice keeps the customer it was issued to: renamed afterwards, its page, PDF and list keep the old name; a new draft shows the new one', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const invoiceId = await seedDraft(page, data, [{ description: 'Port fee' }]);
  await openSynced(page, `/invoice?id=${invoiceId}`);
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');

  await page.goto(`/customer/edit?id=${data.customer.id}`);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Globex Holdings');
  await page.getByLabel('Address').fill('9 New Road\nLeeds');
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page).toHaveURL(/\/customer\?id=/);
  await openSynced(page, `/invoice?id=${invoiceId}`);
  const billTo = page.getByRole('region', { name: 'Bill to' });
  await expect(page.getByTestId('invoice-customer')).toHaveText('Globex Carrier');
  await expect(billTo).toContainText('1 Carrier Way');
  await expect(billTo).not.toContainText('Leeds');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
  const pdf = checkPdf(new Uint8Array(await readFile((await download.path())!)));
  expect(pdf.text).toContain('Globex Carrier');
  expect(pdf.text).toContain('1 Carrier Way');
  expect(pdf.text).not.toMatch(/Globex Holdings|Leeds/);

  // The list shows (and exports) the name it was issued to, and finds it by the new name too.
  await followMainLink(page, 'Invoices');
  const rows = page.getByTestId('invoice-rows').getByRole('row');
  await expect(rows.filter({ hasText: 'INV-1' })).toContainText('Globex Carrier');
  await page.getByLabel('Search', { exact: true }).fill('Holdings');
  await expect(rows).toHaveCount(1);

  // A copy is a draft, which shows the customer as it is now.
  await rows.getByRole('link', { name: 'INV-1' }).click();
  await page.getByRole('button', { name: 'Duplicate' }).click();
  await expect(page.getByRole('heading', { name: 'New invoice' })).toBeVisible();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await expect(page.getByTestId('invoice-customer')).toHaveText('Globex Holdings');
  await expect(page.getByRole('region', { name: 'Bill to' })).toContainText('9 New Road');
});

/** Issues the seeded draft (1 × 10.00, no tax) as INV-1 and opens the payment dialog. */
async function issueAndOpenPayment(page: Page) {
  await signUp(page);
  const invoiceId = await seedDraft(page, billingData(), [{ description: 'Port fee' }]);
  await openSynced(page, `/invoice?id=${invoiceId}`);
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  await page.getByRole('button', { name: 'Record payment' }).click();
}

test('more than the balance against an invoice is reported in the payment dialog alone, and nothing stays behind when it is cancelled', async ({ page }) => {
  await issueAndOpenPayment(page);
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Amount for invoice INV-1').fill('11.42');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  // An overpayment is the amount received, the rest left as credit (payments.spec).
  await expect(dialog.getByRole('alert')).toContainText(`less than the ${usd('11.42')} entered: enter at most its balance, and the whole amount as the amount received`);
  await expect(page.locator('p.error.card')).toHaveCount(0);
  // What was typed is lost by Cancel: it asks first (payments.spec), and leaving closes it.
  page.once('dialog', (question) => void question.accept());
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('p.error.card')).toHaveCount(0);
});

test("a void invoice shows nothing paid, what was paid against it the customer's credit now, no due date and no balance due: \"Void — not owed\"", async ({ page }) => {
  await issueAndOpenPayment(page);
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Amount for invoice INV-1').fill('4');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(page.getByTestId('total-balance')).toHaveText(usd('6.00'));
  await page.getByRole('button', { name: 'Void' }).click();
  await dialog.getByLabel('Reason').fill('Billed to the wrong entity');
  await dialog.getByRole('button', { name: 'Void invoice' }).click();
  await expect(page.getByText('Voided: Billed to the wrong entity')).toBeVisible();
  // Voiding took the payment off the invoice: it is the customer's credit (payments.spec applies it).
  // Nothing paid: no Paid, and the totals end saying it is owed by no one, as its PDF does; nor is anything due on a day.
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('10.00'));
  await expect(page.getByTestId('total-paid')).toHaveCount(0);
  await expect(page.getByTestId('total-balance')).toHaveText('Void — not owed');
  await expect(page.getByTestId('totals')).not.toContainText('Balance due');
  await expect(page.locator('dl.meta')).toContainText('Invoice date');
  await expect(page.locator('dl.meta')).not.toContainText('Due date');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
  const pdf = checkPdf(new Uint8Array(await readFile((await download.path())!)));
  expect(pdf.text).toMatch(/Balance +Void — not owed/);
  expect(pdf.text).not.toContain('Due date');
});

test("invoices of one day list in their numbers' order, a credit note shows no due date, and the sync badge says offline as soon as the network goes", async ({ page, context }) => {
  await signUp(page);
  const data = billingData();
  // Made in the order A, B, C; numbered B (INV-1), then A (INV-2); C is a credit note (INV-3).
  const [a, b, c] = [draftWithLines(data.customer.id, ['Port fee A']), draftWithLines(data.customer.id, ['Port fee B']), draftWithLines(data.customer.id, ['Refund'])];
  Object.assign(c.mutation.args.lines[0]!, { quantity: '-1' });
  await seed(page, [
    ...seedMutations(data).filter((m) => m.name !== 'putUsage'),
    a.mutation,
    b.mutation,
    c.mutation,
    { name: 'issueInvoice', args: { id: b.invoiceId } },
    { name: 'issueInvoice', args: { id: a.invoiceId } },
    { name: 'issueInvoice', args: { id: c.invoiceId } },
  ]);
  await openSynced(page, '/invoices');
  const rows = page.getByTestId('invoice-rows').getByRole('row');
  // Newest first: within the day, the last numbered first.
  await expect(rows.getByRole('link')).toHaveText(['INV-3', 'INV-2', 'INV-1']);
  const due = 'Dec 1, 2026';
  await expect(rows.filter({ hasText: 'INV-1' })).toContainText(due);
  await expect(rows.filter({ hasText: 'INV-3' })).not.toContainText(due);

  await context.setOffline(true);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline', { timeout: 5_000 });
  await context.setOffline(false);
});

test("switching a draft's customer asks whether its lines take the new customer's tax %, and a draft generated from usage keeps its customer", async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const atlas = { ...data.customer, id: randomUUID(), name: 'Atlas Telecom', company: '', taxRate: '0', externalId: 'ATL-1', contacts: [] };
  await seed(page, [...seedMutations(data), { name: 'createCustomer', args: atlas }]);
  await openSynced(page, '/invoices');
  await page.getByRole('link', { name: 'New invoice' }).click();
  await pickCustomer(page, 'Customer (required)', 'Globex Carrier (Globex Ltd)');
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Description').fill('Consulting');
  await dialog.getByLabel('Unit price (required)').fill('100');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expectTotals(page, '120.00'); // Globex's 20%

  const asked: string[] = [];
  page.once('dialog', (d) => {
    asked.push(d.message());
    void d.accept();
  });
  await pickCustomer(page, 'Customer (required)', 'Atlas Telecom');
  await expectTotals(page, '100.00');
  expect(asked).toEqual(["Atlas Telecom's tax is 0%. The line has another rate (20%). Apply 0% to it? OK applies it; Cancel keeps the lines' rates. The customer changes either way."]);
  // Back to Globex, keeping the line at 0% (Cancel): the customer switches all the same.
  page.once('dialog', (d) => void d.dismiss());
  await pickCustomer(page, 'Customer (required)', 'Globex Carrier (Globex Ltd)');
  await expect(page.getByLabel('Customer (required)')).toHaveValue('Globex Carrier (Globex Ltd)');
  await expectTotals(page, '100.00');
  // A package line (its quantity is Globex's assignment's) fixes the customer too.
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  await dialog.getByLabel('Package').selectOption({ label: 'DID rental' });
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(page.getByLabel('Customer (required)')).toBeDisabled();
  // Added here, not from usage: the hint says why the customer stays, and what frees it.
  await expect(page.getByLabel('Customer (required)')).toHaveAccessibleDescription(
    "Its package lines bill Globex Carrier's packages (the quantities assigned to it, priced in USD), so the customer stays. To change the customer, delete those lines first.",
  );

  // A draft generated from Globex's calls cannot be moved to Atlas: its usage lines bill Globex's calls.
  await page.goto(`/invoice/generate?customer=${data.customer.id}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Customer (required)')).toBeDisabled();
  await expect(page.getByLabel('Customer (required)')).toHaveAccessibleDescription(
    "Its lines come from Globex Carrier's usage and packages, so the customer stays. To invoice another customer, use Generate Invoice for them, or + New invoice (or delete those lines first).",
  );
});

/** Signed up with Globex's customer and packages (no usage), on + New invoice with Globex picked. */
async function newInvoiceForGlobex(page: Page) {
  await signUp(page);
  const data = billingData();
  await seed(page, seedMutations(data).filter((m) => m.name !== 'putUsage'));
  await openSynced(page, '/invoices');
  await page.getByRole('link', { name: 'New invoice' }).click();
  await pickCustomer(page, 'Customer (required)', 'Globex Carrier (Globex Ltd)');
  return data;
}

/** Saves the invoice being made, issues it as INV-1, and opens Generate Invoice for the customer's current month. */
async function issueAndGenerateThisMonth(page: Page, customerId: string) {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  await page.goto(`/invoice/generate?customer=${customerId}`);
  await page.getByRole('radio', { name: 'This month' }).check();
}

test('a one-off package charged on an invoice made by hand is not billed again by Generate Invoice for its month, which says where it is billed', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  // A port-in fee (billed once, on its start day) assigned from the 1st of this month (the account's timezone is UTC).
  const portIn = { ...data.did, id: randomUUID(), name: 'Port-in fee', description: '', retail: '25', setup: '0', frequency: 'none', matchDays: [] };
  const monthStart = `${new Date().toISOString().slice(0, 7)}-01`;
  await seed(page, [
    ...seedMutations(data).filter((m) => m.name !== 'putUsage'),
    { name: 'createPackage', args: portIn },
    { name: 'assignPackage', args: { ...data.assignment, id: randomUUID(), packageId: portIn.id, quantity: 1, startDate: monthStart } },
  ]);
  await openSynced(page, '/invoices');
  await page.getByRole('link', { name: 'New invoice' }).click();
  await pickCustomer(page, 'Customer (required)', 'Globex Carrier (Globex Ltd)');
  // The clerk charges the port-in fee by hand.
  const dialog = page.getByRole('dialog');
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  await dialog.getByLabel('Package').selectOption({ label: 'Port-in fee' });
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await issueAndGenerateThisMonth(page, data.customer.id);

  // This month's DID rental is billed; the port-in fee is not, and the preview says where it is.
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('row', { name: /DID rental/ })).not.toHaveCount(0);
  await expect(preview.getByRole('row', { name: /Port-in fee/ })).toHaveCount(0);
  await expect(preview.getByTestId('setups-left-out')).toHaveText(
    '1 one-off charge of Port-in fee is already billed, so it is not on this invoice: INV-1 bills 1, of the 1 assigned.',
  );
  await expect(preview.getByTestId('setups-left-out').getByRole('link', { name: 'INV-1' })).toHaveAttribute('href', /\/invoice\?id=/);
});

test("an invoice made by hand with a package bills the package's month, and Generate Invoice for that month warns of it by number", async ({ page }) => {
  const data = await newInvoiceForGlobex(page);
  const invoiceDate = await page.getByLabel('Invoice date').inputValue();
  const [year, month] = invoiceDate.split('-').map(Number) as [number, number];
  const monthStart = `${invoiceDate.slice(0, 7)}-01`;
  const monthEnd = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

  // A plain item is for the invoice's date, as the original system fills it in.
  const dialog = page.getByRole('dialog');
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  await expect(dialog.getByLabel('From', { exact: true })).toHaveValue(invoiceDate);
  await expect(dialog.getByLabel('To')).toHaveValue(invoiceDate);
  // A monthly package is for the month of the invoice date; back to no package, the day again.
  await dialog.getByLabel('Package').selectOption({ label: 'DID rental' });
  await expect(dialog.getByLabel('From', { exact: true })).toHaveValue(monthStart);
  await expect(dialog.getByLabel('To')).toHaveValue(monthEnd);
  await dialog.getByLabel('Package').selectOption({ label: 'No package (manual line)' });
  await expect(dialog.getByLabel('From', { exact: true })).toHaveValue(invoiceDate);
  await dialog.getByLabel('Package').selectOption({ label: 'DID rental' });
  await expect(dialog.getByLabel('From', { exact: true })).toHaveValue(monthStart);
  await dialog.getByRole('button', { name: 'Save item' }).click();
  // The invoice has no period of its own: its item's month is what it bills.
  await issueAndGenerateThisMonth(page, data.customer.id);
  const warning = page.getByTestId('overlap-warning');
  await expect(warning).toContainText('Globex Carrier already has an invoice for an overlapping period');
  const shown = (day: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
  await expect(warning.getByRole('link')).toHaveText(`INV-1, items dated ${shown(monthStart, { month: 'short', day: 'numeric' })} – ${shown(monthEnd, { dateStyle: 'medium' })}`);
});

test("an item dated beyond its invoice's period bills those days too: last month's invoice with this month's package charge makes Generate Invoice for this month warn; the period set re-dates the items still dated as filled in", async ({ page }) => {
  const data = await newInvoiceForGlobex(page);
  const invoiceDate = await page.getByLabel('Invoice date').inputValue();
  const monthOf = (day: string) => {
    const [year, month] = day.split('-').map(Number) as [number, number];
    return { start: `${day.slice(0, 7)}-01`, end: new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10) };
  };
  const thisMonth = monthOf(invoiceDate);
  const lastMonth = monthOf(addDays(thisMonth.start, -1));
  const shown = (day: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }) =>
    new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
  const short = (day: string) => shown(day, { month: 'short', day: 'numeric' });
  const items = page.getByRole('region', { name: 'Invoice lines' });
  const dialog = page.getByRole('dialog');

  // Added before the period is set, the DID charge is dated the month of the invoice date.
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  await dialog.getByLabel('Package').selectOption({ label: 'DID rental' });
  await expect(dialog.getByTestId('item-outside-period')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Save item' }).click();
  const itemPeriod = async () => lineCell(items, /DID rental/, 'Period');
  await expect(await itemPeriod()).toHaveText(`${shown(thisMonth.start)} – ${shown(thisMonth.end)}`);
  // Dated anew, the invoice takes its item's filled-in month along; and back again.
  await page.getByLabel('Invoice date').fill(addDays(lastMonth.start, 14));
  await expect(await itemPeriod()).toHaveText(`${shown(lastMonth.start)} – ${shown(lastMonth.end)}`);
  await page.getByLabel('Invoice date').fill(invoiceDate);
  await expect(await itemPeriod()).toHaveText(`${shown(thisMonth.start)} – ${shown(thisMonth.end)}`);

  // The period set to last month afterwards: the item, still dated as filled in, takes its month,
  // as for a new invoice date (one end alone is no period yet).
  await page.getByLabel('Period from').fill(lastMonth.start);
  await expect(await itemPeriod()).toHaveText(`${shown(thisMonth.start)} – ${shown(thisMonth.end)}`);
  await page.getByLabel('Period to').fill(lastMonth.end);
  await expect(await itemPeriod()).toHaveText(`${shown(lastMonth.start)} – ${shown(lastMonth.end)}`);
  await expect(items.getByTestId('line-outside-period')).toHaveCount(0);
  // This month's charge billed in advance, dated so by hand: its dialog and the items table say it is outside the period.
  await items.getByRole('button', { name: /^Edit DID rental/ }).click();
  await dialog.getByLabel('From').fill(thisMonth.start);
  await dialog.getByLabel('To').fill(thisMonth.end);
  await expect(dialog.getByTestId('item-outside-period')).toHaveText(
    `Outside this invoice's period, ${short(lastMonth.start)} – ${shown(lastMonth.end)}: Generate Invoice and the billing run will count these days as billed by this invoice.`,
  );
  await expect(dialog.getByLabel('From', { exact: true })).toHaveAccessibleDescription(/^Outside this invoice's period/);
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(await itemPeriod()).toContainText(`${shown(thisMonth.start)} – ${shown(thisMonth.end)}`);
  await expect(items.getByTestId('line-outside-period')).toHaveText("Outside this invoice's period");
  // Typed by hand, the dates stay when the period changes again.
  await page.getByLabel('Period to').fill(addDays(lastMonth.end, -1));
  await expect(await itemPeriod()).toContainText(`${shown(thisMonth.start)} – ${shown(thisMonth.end)}`);
  await page.getByLabel('Period to').fill(lastMonth.end);

  // Generate Invoice for this month: INV-1 bills this month's DIDs already, by that item.
  await issueAndGenerateThisMonth(page, data.customer.id);
  const warning = page.getByTestId('overlap-warning');
  await expect(warning).toContainText('Globex Carrier already has an invoice for an overlapping period');
  await expect(warning.getByRole('link')).toHaveText(`INV-1, items dated ${short(thisMonth.start)} – ${shown(thisMonth.end)}`);
  // For last month, by its period.
  await page.getByRole('radio', { name: 'Last month' }).check();
  await expect(warning.getByRole('link')).toHaveText(`INV-1, ${short(lastMonth.start)} – ${shown(lastMonth.end)}`);
});

test("an invoice made by hand of a fee alone bills no period: Generate Invoice for the fee's month warns of nothing", async ({ page }) => {
  const data = await newInvoiceForGlobex(page);
  const dialog = page.getByRole('dialog');
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  await dialog.getByLabel('Description').fill('Number port-in fee');
  await dialog.getByLabel('Unit price (required)').fill('20');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  // The fee is dated the invoice's day, but bills none of the month's calls or packages.
  await issueAndGenerateThisMonth(page, data.customer.id);
  await expect(page.getByRole('button', { name: 'Create draft' })).toBeVisible();
  await expect(page.getByTestId('overlap-warning')).toHaveCount(0);
});

test("Duplicate of an invoice made by hand (a package's month and its setups, no period): saved, the copy still names the invoice that bills them, and Issue asks", async ({ page }) => {
  await newInvoiceForGlobex(page);
  const dialog = page.getByRole('dialog');
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  await dialog.getByLabel('Package').selectOption({ label: 'DID rental' });
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  await dialog.getByLabel('Package').selectOption({ label: 'DID rental (setup fee)' });
  await expect(dialog.getByLabel('Quantity')).toHaveValue('10');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  // Nothing else bills them yet.
  await expect(page.getByTestId('billed-again')).toHaveCount(0);
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  const issuedPath = new URL(page.url()).pathname + new URL(page.url()).search;

  await page.getByRole('button', { name: 'Duplicate' }).click();
  await expect(page.getByTestId('copy-not-saved')).toHaveText('Copy of INV-1, not saved yet');
  const billed = 'DID rental — UK geographic number (1 month each) and DID rental — UK geographic number (setup)';
  const warning = page.getByTestId('billed-again');
  await expect(warning).toContainText(`This copy bills again what is billed already. It bills ${billed}, already on INV-1.`);

  // Saved, the draft keeps saying so, naming and linking INV-1.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await expect(warning).toHaveText(
    `This draft bills again what is billed already. It bills ${billed}, already on INV-1. Issued as it is, the customer is billed twice for them: edit it to delete those lines or change their days (and its period) to bill something else, or delete the draft.`,
  );
  await expect(warning.getByRole('link', { name: 'INV-1' })).toHaveAttribute('href', issuedPath);
  await expect(page.getByTestId('usage-drift')).toHaveCount(0);
  await page.getByRole('button', { name: 'Issue', exact: true }).click();
  const issuing = page.getByRole('dialog');
  await expect(issuing.getByTestId('issue-warning')).toHaveText(`INV-1 already bills ${billed}, which this draft bills too. Issue it anyway, billing them twice?`);
  await issuing.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  // Issued anyway, knowingly: the question is the only stop.
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-2');
  await expect(warning).toHaveCount(0);
});

test("a credit note refunding a package's charge bills no period: Generate Invoice for the refunded month warns of nothing", async ({ page }) => {
  const data = await newInvoiceForGlobex(page);
  const dialog = page.getByRole('dialog');
  // Three of this month's DIDs refunded: dated this month, below zero.
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  await dialog.getByLabel('Package').selectOption({ label: 'DID rental' });
  await dialog.getByLabel('Quantity').fill('-3');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await issueAndGenerateThisMonth(page, data.customer.id);
  await expect(page.getByRole('button', { name: 'Create draft' })).toBeVisible();
  await expect(page.getByTestId('overlap-warning')).toHaveCount(0);
});

test('+ New invoice offers inactive customers too, after the active ones, marked (inactive): a final invoice can be made by hand', async ({ page }) => {
  await signUp(page);
  const active = customer({ name: 'Zeta Voice', company: '', currency: 'USD' });
  const gone = customer({ name: 'Atlas Telecom', company: '', currency: 'USD', status: 'inactive' });
  await seed(page, [
    { name: 'createCustomer', args: active },
    { name: 'createCustomer', args: gone },
  ]);
  await openSynced(page, '/invoices');
  await page.getByRole('link', { name: 'New invoice' }).click();
  const field = page.getByRole('combobox', { name: 'Customer (required)' });
  await field.click();
  await expect(page.getByRole('listbox', { name: 'Customers' }).getByRole('option')).toHaveText(['Zeta Voice', 'Atlas Telecom (inactive)']);
  await pickCustomer(page, 'Customer (required)', 'Atlas Telecom (inactive)');
  await expect(field).toHaveValue('Atlas Telecom (inactive)');
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Description').fill('Final invoice: early termination');
  await dialog.getByLabel('Unit price (required)').fill('100');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await expect(page.getByText('Atlas Telecom').first()).toBeVisible();
});
