/**
 * From CDRs to a PDF, end to end: a month of calls is imported in the browser, synced, invoiced by
 * destination and by day, and the PDF's total is the sum of the imported charges rounded as the
 * billing engine rounds. The expected figures are worked out here from the generated file alone
 * (exact integer millionths, half-up at the cent per line and once for the tax), not with lib/.
 */
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { checkPdf } from '../app/_pdf/pdf-test-tools';
import { mulberry32 } from '../lib/demo-data';
import type { Customer } from '../lib/entities';
import { customer } from '../server/sync/test-mutations';
import { billingData, seedMutations } from './billing-data';
import { followMainLink, issueDraft, openSynced, seed, signUp } from './fixtures';

/** Country calling code, a number under it and the rate-deck name the softswitch writes. */
const DESTINATIONS = [
  { code: '44', number: '4477009', name: 'United Kingdom - Mobile' },
  { code: '1', number: '1212555', name: 'USA - New York' },
  { code: '49', number: '4930123', name: 'Germany - Berlin' },
  { code: '33', number: '3361234', name: 'France - Mobile' },
  { code: '234', number: '2348031', name: 'Nigeria - Mobile' },
  { code: '91', number: '9198765', name: 'India - Mobile' },
  { code: '86', number: '8613812', name: 'China - Mobile' },
  { code: '61', number: '6141234', name: 'Australia - Mobile' },
] as const;
const CDR_COUNT = 3000;
const DAYS = 28; // February 2026
const TAX_PERCENT = 20n;

interface GeneratedCdr {
  day: string;
  code: string;
  /** Integer millionths of a US dollar. */
  charge: bigint;
}

function generateCdrFile(customerRef: string): { csv: string; cdrs: GeneratedCdr[] } {
  const next = mulberry32(20260201);
  const lines = ['time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id'];
  const cdrs: GeneratedCdr[] = [];
  for (let i = 0; i < CDR_COUNT; i++) {
    const destination = DESTINATIONS[Math.floor(next() * DESTINATIONS.length)]!;
    const dayOfMonth = 1 + Math.floor(next() * DAYS);
    const day = `2026-02-${String(dayOfMonth).padStart(2, '0')}`;
    const secondOfDay = Math.floor(next() * 86_400);
    const time = new Date(Date.UTC(2026, 1, dayOfMonth) + secondOfDay * 1000).toISOString();
    const seconds = Math.floor(next() * 900);
    // Mostly sub-cent fractions, so line rounding matters; every 50th call is a round half cent.
    const millionths = i % 50 === 0 ? 5000 + 10_000 * Math.floor(next() * 100) : Math.floor(next() * 2_000_000);
    const charge = `${Math.floor(millionths / 1e6)}.${String(millionths % 1e6).padStart(6, '0')}`;
    const number = `${destination.number}${String(i).padStart(5, '0')}`;
    lines.push(`${time},${customerRef},+${number},${destination.name},${seconds},${Math.ceil(seconds / 6) * 6},${charge},USD,inv-${i}`);
    cdrs.push({ day, code: destination.code, charge: BigInt(millionths) });
  }
  return { csv: `${lines.join('\n')}\n`, cdrs };
}

/** Half-up to the cent of a non-negative amount in millionths. */
const centsOf = (millionths: bigint) => (millionths + 5_000n) / 10_000n;

/** The invoice total for lines grouped by `keyOf`: each line rounded, then tax once on the net. */
function expectedTotal(cdrs: readonly GeneratedCdr[], keyOf: (c: GeneratedCdr) => string): { total: string; lines: number } {
  const sums = new Map<string, bigint>();
  for (const cdr of cdrs) sums.set(keyOf(cdr), (sums.get(keyOf(cdr)) ?? 0n) + cdr.charge);
  let net = 0n;
  for (const sum of sums.values()) net += centsOf(sum);
  const tax = (net * TAX_PERCENT + 50n) / 100n;
  const total = net + tax;
  const dollars = (total / 100n).toLocaleString('en-US');
  return { total: `$${dollars}.${String(total % 100n).padStart(2, '0')}`, lines: sums.size };
}

async function serverUsageCount(page: Page): Promise<number> {
  const input = { protocolVersion: 1, clientId: randomUUID(), cursor: 0 };
  const response = await page.request.get(`/api/trpc/sync.pull?input=${encodeURIComponent(JSON.stringify(input))}`);
  const body = (await response.json()) as { result: { data: { changes: { entity: string; row: unknown }[] } } };
  return body.result.data.changes.filter((c) => c.entity === 'usage' && c.row).length;
}

/** Generate Invoice for February, create the draft, download its PDF and return the PDF's text. */
async function invoiceFebruaryAsPdf(page: Page, customer: Customer, screenTotal: string): Promise<string> {
  await openSynced(page, `/invoice/generate?customer=${customer.id}`);
  await page.getByRole('radio', { name: 'Custom' }).check();
  await page.getByLabel('From', { exact: true }).fill('2026-02-01');
  await page.getByLabel('To', { exact: true }).fill('2026-02-28');
  await expect(page.getByTestId('total-total').first()).toHaveText(screenTotal);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page).toHaveURL(/\/invoice\?id=/);
  await expect(page.getByTestId('total-total').first()).toHaveText(screenTotal);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF' }).click()]);
  const pdf = checkPdf(new Uint8Array(await readFile((await download.path())!)));
  expect(pdf.qpdfStatus).toBe(0);
  return pdf.text;
}

/** The amount printed on the PDF's "Total USD" row. */
function pdfTotal(text: string): string | undefined {
  return /Total USD\s+(\S+)/.exec(text)?.[1];
}

/** `customerId`'s usage row of `day` for its calls to the UK: 10 calls of 12 attempts, 10 minutes, costing `charge` (USD). */
function ukUsage(customerId: string, day: string, charge: string) {
  return {
    id: `${customerId}:${day}:44`,
    customerId,
    day,
    destination: '44',
    destinationName: 'United Kingdom',
    calls: 10,
    attempts: 12,
    seconds: 600,
    billedSeconds: 600,
    charge,
    currency: 'USD',
  };
}

test('3,000 imported CDRs invoiced by destination and by day: the PDF total is the rounded sum of their charges', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signUp(page);
  const acme = customer({ name: 'Acme Voice', company: 'Acme Voice Ltd', currency: 'USD', taxRate: String(TAX_PERCENT), externalId: 'ACME-1' });
  await seed(page, [{ name: 'createCustomer', args: acme }]);

  const { csv, cdrs } = generateCdrFile('ACME-1');
  const file = testInfo.outputPath('february.csv');
  await writeFile(file, csv);
  await openSynced(page, '/usage/import');
  await page.getByLabel('CDR file', { exact: true }).setInputFiles(file);
  await expect(page.getByLabel('Format', { exact: true })).toHaveValue('softswitch');
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByTestId('good-count')).toHaveText('3,000 CDRs are ready to import');
  await expect(page.getByTestId('bad-count')).toHaveText('No line has errors');
  await page.getByRole('button', { name: /^Import 3,000 CDRs$/ }).click();
  const cells = new Set(cdrs.map((c) => `${c.day}|${c.code}`)).size;
  await expect(page.getByTestId('import-done')).toHaveText(`Imported 3,000 CDRs into ${cells} usage rows.`);
  // Every usage row reaches the server before invoicing, so the figures are the synced ones.
  await expect.poll(() => serverUsageCount(page), { timeout: 30_000 }).toBe(cells);

  const byDestination = expectedTotal(cdrs, (c) => c.code);
  expect(byDestination.lines).toBe(DESTINATIONS.length);
  const destinationPdf = await invoiceFebruaryAsPdf(page, acme, byDestination.total);
  expect(pdfTotal(destinationPdf)).toBe(byDestination.total);
  expect(destinationPdf).toContain('United Kingdom (44)');

  await seed(page, [{ name: 'saveAccount', args: { lineGrouping: 'day' } }]);
  const byDay = expectedTotal(cdrs, (c) => c.day);
  expect(byDay.lines).toBe(DAYS);
  const dayPdf = await invoiceFebruaryAsPdf(page, acme, byDay.total);
  expect(pdfTotal(dayPdf)).toBe(byDay.total);
  expect(dayPdf.match(/Calls on Feb \d\d?, 2026/g)?.length).toBe(DAYS);
});

test('the usage summary on the customer page generates an invoice for the months selected', async ({ page }) => {
  await signUp(page);
  const globex: Customer = {
    id: randomUUID(),
    name: 'Globex Carrier',
    company: 'Globex Carrier Inc',
    status: 'active',
    currency: 'USD',
    taxRate: '20',
    dueDays: 30,
    schedule: 'monthly',
    address: '',
    contacts: [],
    externalId: '',
    notes: '',
  };
  const usageOn = (day: string, charge: string) => ukUsage(globex.id, day, charge);
  await seed(page, [
    { name: 'createCustomer', args: globex },
    { name: 'putUsage', args: { rows: [usageOn('2026-01-15', '1.234567'), usageOn('2026-02-10', '2.5'), usageOn('2026-03-05', '10'), usageOn('2026-03-01', '1')] } },
  ]);
  await openSynced(page, `/customer?id=${globex.id}`);
  const summary = page.getByRole('region', { name: 'Usage summary table' });
  await expect(summary.getByRole('row')).toHaveCount(4);
  // As the original's summary: attempts, calls, ASR (10 of 12 answered) and ACD (600 s over 10 calls).
  await expect(summary.getByRole('row', { name: /January 2026/ }).getByRole('cell')).toHaveText(['', '12', '10', '83.3%', '1:00', '10.00', '$1.23', '', 'Preview / PDF for January 2026']);
  await expect(page.getByText('Select periods to generate an invoice for them.')).toBeVisible();
  // January and March: February lies between, and the page says it comes along.
  await page.getByLabel('Select January 2026').check();
  await page.getByLabel('Select March 2026').check();
  await expect(page.getByTestId('range-includes-between')).toContainText('so it also bills the period with usage between those selected');
  await page.getByLabel('Select March 2026').uncheck();
  await page.getByLabel('Select February 2026').check();
  await expect(page.getByTestId('range-includes-between')).toHaveCount(0);
  await page.getByRole('link', { name: /^Generate Invoice for / }).click();

  await expect(page).toHaveURL(/from=2026-01-01&to=2026-02-28/);
  await expect(page.getByRole('radio', { name: 'Custom' })).toBeChecked();
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('2026-01-01');
  await expect(page.getByLabel('To', { exact: true })).toHaveValue('2026-02-28');
  // January and February only: 1.234567 + 2.5 = 3.734567 → 3.73; tax 20% 0.746 → 0.75; total 4.48.
  await expect(page.getByTestId('total-total').first()).toHaveText('$4.48');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');

  // The summary says which months the draft is of, named as a draft (it bills nothing until it is
  // issued), and links to it; March has none.
  await page.goto(`/customer?id=${globex.id}`);
  const drafted = `draft of ${shownDay(new Date())}`;
  for (const month of ['January 2026', 'February 2026']) {
    await expect(summary.getByRole('row', { name: new RegExp(month) }).getByRole('link', { name: drafted, exact: true })).toBeVisible();
  }
  // Its Invoices cell (the eighth) links to none; the row's own link is Preview / PDF.
  await expect(summary.getByRole('row', { name: /March 2026/ }).getByRole('cell').nth(7).getByRole('link')).toHaveCount(0);
  await expect(summary.getByRole('row', { name: /March 2026/ }).getByRole('link')).toHaveText(['Preview / PDF for March 2026']);
  // By week: the week of Jan 12 is billed whole, the week of Feb 23 – Mar 1 only in part (to Feb
  // 28), the week of Mar 2 not at all.
  await page.getByRole('button', { name: 'By week' }).click();
  await expect(summary.getByRole('row', { name: /Jan 12, 2026/ }).getByRole('cell').nth(7)).toHaveText(drafted);
  await expect(summary.getByRole('row', { name: /Feb 23, 2026/ }).getByRole('cell').nth(7)).toHaveText(`${drafted} (part)`);
  await expect(summary.getByRole('row', { name: /Mar 2, 2026/ }).getByRole('cell').nth(7)).toHaveText('');
  await page.getByRole('button', { name: 'By month' }).click();
  await summary.getByRole('row', { name: /January 2026/ }).getByRole('link', { name: drafted }).click();
  await expect(page.getByTestId('total-total').first()).toHaveText('$4.48');
});

test('the usage summary shows an invoice made by hand against the days its items bill, not the month between them', async ({ page }) => {
  await signUp(page);
  const acme = customer({ name: 'Acme Voice', currency: 'USD' });
  const usageOn = (day: string) => ukUsage(acme.id, day, '1');
  // No period of its own: a package charge for January and one for March, none for February.
  const invoiceId = randomUUID();
  const charge = (position: number, startDate: string, endDate: string) => ({
    id: randomUUID(), invoiceId, position, kind: 'package', description: 'DID rental', startDate, endDate,
    quantity: '1', unit: 'month', unitPrice: '10', taxRate: '0', amount: null, calls: null, minutes: null, packageId: null,
  });
  const invoice = {
    id: invoiceId, customerId: acme.id, number: null, status: 'draft', invoiceDate: '2026-03-02', dueDate: '2026-04-01',
    periodStart: null, periodEnd: null, currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
  };
  await seed(page, [
    { name: 'createCustomer', args: acme },
    { name: 'putUsage', args: { rows: [usageOn('2026-01-15'), usageOn('2026-02-10'), usageOn('2026-03-05')] } },
    { name: 'createInvoice', args: { invoice, lines: [charge(0, '2026-01-01', '2026-01-31'), charge(1, '2026-03-01', '2026-03-31')] } },
  ]);
  await openSynced(page, `/customer?id=${acme.id}`);
  const summary = page.getByRole('region', { name: 'Usage summary table' });
  // Its Invoices cell is the eighth.
  const invoicesOf = (row: RegExp) => summary.getByRole('row', { name: row }).getByRole('cell').nth(7);
  await expect(invoicesOf(/January 2026/)).toHaveText('draft of Mar 2, 2026');
  await expect(invoicesOf(/February 2026/)).toHaveText('');
  await expect(invoicesOf(/March 2026/)).toHaveText('draft of Mar 2, 2026');
  await invoicesOf(/March 2026/).getByRole('link', { name: 'draft of Mar 2, 2026' }).click();
  await expect(page).toHaveURL(new RegExp(`/invoice\\?id=${invoiceId}`));
});

/** The invoices the server has for the company (synced from the device). */
async function serverInvoiceCount(page: Page): Promise<number> {
  const input = { protocolVersion: 1, clientId: randomUUID(), cursor: 0 };
  const response = await page.request.get(`/api/trpc/sync.pull?input=${encodeURIComponent(JSON.stringify(input))}`);
  const body = (await response.json()) as { result: { data: { changes: { entity: string; row: unknown }[] } } };
  return body.result.data.changes.filter((c) => c.entity === 'invoices' && c.row).length;
}

test("a usage summary row's Preview / PDF opens Generate Invoice for its month, whose PDF prints the preview's total as a draft and saves nothing", async ({ page }) => {
  await signUp(page);
  const tidal = customer({ name: 'Tidal Voice', currency: 'USD', taxRate: '20' });
  const usageOn = (day: string, charge: string) => ukUsage(tidal.id, day, charge);
  await seed(page, [
    { name: 'createCustomer', args: tidal },
    { name: 'putUsage', args: { rows: [usageOn('2026-09-20', '5'), usageOn('2026-10-05', '12.345678'), usageOn('2026-10-25', '0.5')] } },
  ]);
  await openSynced(page, `/customer?id=${tidal.id}`);
  const summary = page.getByRole('region', { name: 'Usage summary table' });
  await summary.getByRole('row', { name: /October 2026/ }).getByRole('link', { name: 'Preview / PDF for October 2026' }).click();

  // Generate Invoice for October alone, as the Generate button opens a selection.
  await expect(page).toHaveURL(/from=2026-10-01&to=2026-10-31/);
  await expect(page.getByRole('radio', { name: 'Custom' })).toBeChecked();
  // 12.345678 + 0.5 = 12.845678 → 12.85; tax 20% 2.57; total 15.42.
  await expect(page.getByTestId('total-total').first()).toHaveText('$15.42');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDF', exact: true }).click()]);
  expect(download.suggestedFilename()).toBe('preview-Tidal Voice-2026-10-01-2026-10-31.pdf');
  const pdf = checkPdf(new Uint8Array(await readFile((await download.path())!)));
  expect(pdf.qpdfStatus).toBe(0);
  expect(/Total USD\s+(\S+)/.exec(pdf.text)?.[1]).toBe('$15.42');
  // Marked as a draft: the watermark, and no number yet.
  expect(pdf.text).toContain('DRAFT');
  expect(pdf.text).toMatch(/Invoice no\.\s+pending/);
  // Days as the screens write them, a range within a month said briefly: the period at the head, and
  // on the usage line the days of its calls (Oct 5 and 25).
  expect(pdf.text).toMatch(/Period\s+Oct 1–31, 2026\n/);
  expect(pdf.text).toMatch(/United Kingdom \(44\)\s+Oct 5–25, 2026\s/);
  expect(pdf.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);

  // Nothing was saved: no invoice on the device, none on the server, none named on the summary.
  await followMainLink(page, 'Invoices');
  await expect(page.getByText('No invoices yet.')).toBeVisible();
  expect(await serverInvoiceCount(page)).toBe(0);
  // The preview's Create draft still saves it (the count above would have seen one).
  await page.goBack();
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await expect.poll(() => serverInvoiceCount(page), { timeout: 30_000 }).toBe(1);
});

/** Imports a softswitch CDR file through /usage/import and waits for the import's summary. */
async function importCdrs(page: Page, file: string, count: number, summary: string): Promise<void> {
  await openSynced(page, '/usage/import');
  await page.getByLabel('CDR file', { exact: true }).setInputFiles(file);
  await expect(page.getByLabel('Format', { exact: true })).toHaveValue('softswitch');
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByTestId('good-count')).toHaveText(`${count} CDRs are ready to import`);
  await page.getByRole('button', { name: `Import ${count} CDRs` }).click();
  await expect(page.getByTestId('import-done')).toHaveText(summary);
}

test('late CDRs of an issued month are invoiced on their own: only the difference, rounded per line as billed, and the notice goes once that is issued', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signUp(page);
  const summit = customer({ name: 'Summit Networks', currency: 'USD', taxRate: '20', externalId: 'SUMMIT-1' });
  const did = {
    id: randomUUID(), name: 'DID rental', description: '', retail: '2.50', setup: '0', frequency: 'monthly', matchDays: [1],
    kind: 'fee', prefixPattern: '', freeMinutes: 0, minimumSpend: false, retired: false,
  };
  await seed(page, [
    { name: 'createCustomer', args: summit },
    { name: 'createPackage', args: did },
    { name: 'assignPackage', args: { id: randomUUID(), customerId: summit.id, packageId: did.id, quantity: 4, startDate: '2026-01-01', endDate: null } },
  ]);
  const header = 'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id';
  const cdr = (time: string, number: string, name: string, seconds: number, charge: string, id: string) => `${time},SUMMIT-1,${number},${name},${seconds},${seconds},${charge},USD,${id}`;
  // November, by destination (country code): United Kingdom 0.004 + 0.003 = 0.007 → 0.01; USA 1.234567 → 1.23.
  const november = [
    cdr('2026-11-03T12:00:00Z', '442079460001', 'United Kingdom - London', 60, '0.004', 'nov-1'),
    cdr('2026-11-04T12:00:00Z', '442079460002', 'United Kingdom - London', 60, '0.003', 'nov-2'),
    cdr('2026-11-05T12:00:00Z', '12125550100', 'USA - New York', 120, '1.234567', 'nov-3'),
  ];
  // Late: a 100-minute call to Switzerland on the 15th for 250.00, and one to the United Kingdom for 0.005.
  const late = [
    cdr('2026-11-15T11:00:00Z', '41441234567', 'Switzerland', 6000, '250.00', 'late-1'),
    cdr('2026-11-20T12:00:00Z', '442079460003', 'United Kingdom - London', 60, '0.005', 'late-2'),
  ];
  const file = (name: string, rows: string[]) => {
    const path = testInfo.outputPath(name);
    return writeFile(path, `${[header, ...rows].join('\n')}\n`).then(() => path);
  };
  /** Half-up to the cent of millionths, as the engine rounds a line's net. */
  const cents = (millionths: bigint) => (millionths + 5_000n) / 10_000n;
  // What the late-calls draft bills, worked out here from the charges (millionths): per destination,
  // the line's net now less the net INV bills for it; 20% tax once on the net.
  const uk = { billed: 4_000n + 3_000n, late: 5_000n };
  const lateNet = cents(250_000_000n) + (cents(uk.billed + uk.late) - cents(uk.billed)); // 250.00 + (0.01 − 0.01)
  const lateTotal = lateNet + (lateNet * 20n + 50n) / 100n;
  const usd = (c: bigint) => `$${(c / 100n).toLocaleString('en-US')}.${String(c % 100n).padStart(2, '0')}`;
  // Summing the late charges first (250.005 → 250.01) would bill a cent INV already billed.
  expect(usd(lateTotal)).toBe('$300.00');

  await importCdrs(page, await file('november.csv', november), 3, 'Imported 3 CDRs into 3 usage rows.');
  // No invoice bills November yet: the import names none.
  await expect(page.getByTestId('import-issued')).toHaveCount(0);
  await openSynced(page, `/invoice/generate?customer=${summit.id}&from=2026-11-01&to=2026-11-30`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page).toHaveURL(/\/invoice\?id=/);
  const issuedUrl = page.url();
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText(/^INV-/, { timeout: 20_000 });
  const number = (await page.getByTestId('invoice-number').textContent())!;
  await expect(page.getByTestId('late-usage')).toHaveCount(0);

  await importCdrs(page, await file('late.csv', late), 2, 'Imported 2 CDRs into 2 usage rows.');
  // The import says which issued invoice's period the late calls fall in, and links to its late calls.
  const issuedNotice = page.getByTestId('import-issued');
  await expect(issuedNotice).toContainText(`${number} (Summit Networks, Nov 1 – Nov 30, 2026): calls on 2 days of its period`);
  await expect(issuedNotice.getByRole('link', { name: number })).toHaveAttribute('href', `${new URL(issuedUrl).pathname}${new URL(issuedUrl).search}#late-calls`);
  // Generate Invoice for November points to the issued invoice's late calls.
  await openSynced(page, `/invoice/generate?customer=${summit.id}&from=2026-11-01&to=2026-11-30`);
  const pointer = page.getByTestId('late-calls-pointer');
  await expect(pointer).toContainText(`To bill only the usage ${number} does not (2 calls, 101.00 min, $250.00)`);
  // Billing only the late calls is the main action; a full second invoice is a choice made on purpose, its warning beside it.
  await expect(pointer.getByRole('link', { name: `Invoice the late calls on ${number}` })).toHaveClass(/\bbutton primary\b/);
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('button', { name: 'Create draft', exact: true })).toHaveCount(0);
  await expect(preview.getByRole('button', { name: 'Create draft anyway' })).toBeVisible();
  await expect(preview.getByRole('button', { name: 'Create draft anyway' })).not.toHaveClass(/\bprimary\b/);
  await expect(preview.getByTestId('create-anyway-warning')).toHaveText(
    `Create draft anyway makes a second invoice of all of this preview: ${number} already bills days of this period, so it may bill the same calls and package charges twice.`,
  );
  // Said there, beside the button, and not again in the overlap warning above.
  await expect(page.getByText(/same calls and package charges twice/)).toHaveCount(1);
  await pointer.getByRole('link', { name: `Invoice the late calls on ${number}` }).click();
  await expect(page).toHaveURL(issuedUrl.replace(/#.*$/, '') + '#late-calls');

  const notice = page.getByTestId('late-usage');
  await expect(notice).toContainText(`has 2 calls, 101.00 min, $250.00 of usage that no invoice bills`);
  await expect(notice.getByTestId('late-usage-net')).toHaveText('Invoicing it bills $250.00 before tax.');
  await notice.getByRole('button', { name: 'Invoice the late calls' }).click();
  await expect(page).toHaveURL(/\/invoice\/edit\?id=/);
  await expect(page.getByTestId('total-total').first()).toHaveText(usd(lateTotal));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page).toHaveURL(/\/invoice\?id=/);
  // Only the late usage: Switzerland, and the UK call that changes nothing billed; no DID rental again.
  await expect(page.getByRole('cell', { name: 'Switzerland (41)' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'DID rental' })).toHaveCount(0);
  // Each line over the days of its late calls: the UK one the 20th, not the 3rd to the 20th.
  const ukLine = page.getByRole('region', { name: 'Invoice lines' }).getByRole('row', { name: /United Kingdom \(44\)/ });
  await expect(ukLine).toContainText('Nov 20, 2026');
  await expect(ukLine).not.toContainText('Nov 3, 2026');
  // Each says its calls are not on the issued invoice, so it does not read as that invoice's line again.
  await expect(ukLine).toContainText(`United Kingdom (44) — calls not on ${number}`);
  await expect(page.getByRole('cell', { name: `Switzerland (41) — calls not on ${number}` })).toBeVisible();
  await expect(page.getByText(`Completes ${number} (period Nov 1–30, 2026)`)).toBeVisible();
  // The draft bills what the issued invoice does not: its usage has not "changed".
  await expect(page.getByTestId('usage-drift')).toHaveCount(0);

  // While it is a draft, the issued invoice points to it; issued, nothing is left to bill.
  await page.goto(issuedUrl);
  // Named as every screen names a draft (lib/draft-names): by its date alone, the customer's only
  // draft of that day; its total (and "(2 of 2)") only tell it from others of the same day.
  await expect(page.getByTestId('late-usage').getByRole('link', { name: /^open the draft of / })).toHaveText(/^open the draft of [A-Z][a-z]{2} \d{1,2}, \d{4}$/);
  await expect(page.getByRole('button', { name: 'Invoice the late calls' })).toHaveCount(0);
  await page.getByTestId('late-usage').getByRole('link', { name: /^open the draft of / }).click();
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText(/^INV-/, { timeout: 20_000 });
  await expect(page.getByTestId('total-total').first()).toHaveText(usd(lateTotal));
  const lateNumber = (await page.getByTestId('invoice-number').textContent())!;
  await page.goto(issuedUrl);
  await expect(page.getByTestId('invoice-number')).toHaveText(number);
  await expect(page.getByTestId('late-usage')).toHaveCount(0);

  // The month's own invoice is voided: the late-calls one alone bills November, and the rest of the
  // month (its DID rental and the calls the late one does not bill) is offered there, not elsewhere.
  await page.getByRole('button', { name: 'Void' }).click();
  await page.getByRole('dialog').getByLabel('Reason').fill('Billed to the wrong entity');
  await page.getByRole('dialog').getByRole('button', { name: 'Void invoice' }).click();
  await expect(page.getByText('Voided: Billed to the wrong entity')).toBeVisible();
  await openSynced(page, `/invoice/generate?customer=${summit.id}&from=2026-11-01&to=2026-11-30`);
  await expect(pointer).toContainText(
    `The invoice that billed this period is void: ${lateNumber} bills only part of it. To bill the rest ($10.00 of package charges and setups, and usage: 3 calls, 4.00 min, $1.24)`,
  );
  await pointer.getByRole('link', { name: `Invoice the rest of the period on ${lateNumber}` }).click();
  await expect(notice).toContainText(`The invoice that billed this period (Nov 1, 2026 – Nov 30, 2026) is void: ${lateNumber} bills only part of it.`);
  await notice.getByRole('button', { name: 'Invoice the rest of the period' }).click();
  await expect(page).toHaveURL(/\/invoice\/edit\?id=/);
  // 4 DIDs (10.00) and the UK and USA calls (0.01 + 1.23): 11.24, tax 2.25. With the late invoice's
  // $300.00, $313.49: one November invoice of all the calls (251.24 + 10.00, tax 52.25).
  await expect(page.getByTestId('total-total').first()).toHaveText('$13.49');
});

/** Days as the app shows them (en-US, medium), counted in UTC like the suite's account. */
const shownDay = (day: Date) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(day);
const isoDay = (day: Date) => day.toISOString().slice(0, 10);
const plusDays = (day: Date, days: number) => new Date(day.getTime() + days * 86_400_000);

test("Generate Invoice for a weekly customer offers last week and this week, Monday to Sunday, and starts on last week", async ({ page }) => {
  await signUp(page);
  const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const thisMonday = plusDays(today, -((today.getUTCDay() + 6) % 7));
  const lastMonday = plusDays(thisMonday, -7);
  const weekly: Customer = customer({ name: 'Weekly Wholesale', currency: 'USD', schedule: 'weekly' });
  const monthly: Customer = customer({ name: 'Monthly Minutes', currency: 'USD', schedule: 'monthly' });
  const usage = {
    id: `${weekly.id}:${isoDay(lastMonday)}:44`, customerId: weekly.id, day: isoDay(lastMonday), destination: '44', destinationName: 'United Kingdom',
    calls: 10, attempts: 12, seconds: 600, billedSeconds: 600, charge: '3.50', currency: 'USD',
  };
  await seed(page, [
    { name: 'createCustomer', args: weekly },
    { name: 'createCustomer', args: monthly },
    { name: 'putUsage', args: { rows: [usage] } },
  ]);
  await openSynced(page, `/invoice/generate?customer=${weekly.id}`);
  const presets = page.getByRole('group', { name: 'Period' }).getByRole('radio');
  await expect(presets).toHaveCount(3);
  await expect(page.getByRole('radio', { name: 'Last week' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'This week' })).not.toBeChecked();
  await expect(page.getByRole('radio', { name: 'Custom' })).not.toBeChecked();
  await expect(page.getByTestId('period')).toHaveText(`${shownDay(lastMonday)} – ${shownDay(plusDays(lastMonday, 6))}`);
  // Last week's call is what the draft bills.
  await expect(page.getByRole('button', { name: 'Create draft' })).toBeVisible();
  await page.getByRole('radio', { name: 'This week' }).check();
  await expect(page.getByTestId('period')).toHaveText(`${shownDay(thisMonday)} – ${shownDay(plusDays(thisMonday, 6))}`);
  // Custom starts from the week chosen.
  await page.getByRole('radio', { name: 'Custom' }).check();
  await expect(page.getByLabel('From', { exact: true })).toHaveValue(isoDay(thisMonday));
  await expect(page.getByLabel('To', { exact: true })).toHaveValue(isoDay(plusDays(thisMonday, 6)));

  // A monthly customer keeps the month presets.
  await page.goto(`/invoice/generate?customer=${monthly.id}`);
  await expect(page.getByRole('radio', { name: 'Last month' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'This month' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Last week' })).toHaveCount(0);
});

test('the overlap warning of Generate Invoice names each issued invoice billing days of the period, with its period, as a link to it; the drafts of the period are a notice of their own, by their days, then date and total', async ({ page }) => {
  await signUp(page);
  const globex: Customer = customer({ name: 'Globex Carrier', currency: 'USD', schedule: 'monthly' });
  const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const firstOfThisMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  const end = plusDays(firstOfThisMonth, -1);
  const draft = (id: string, periodStart: Date, periodEnd: Date, unitPrice = '10') => ({
    name: 'createInvoice',
    args: {
      invoice: {
        id, customerId: globex.id, number: null, status: 'draft', invoiceDate: isoDay(today), dueDate: isoDay(today), periodStart: isoDay(periodStart), periodEnd: isoDay(periodEnd),
        currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
      },
      lines: [{ id: randomUUID(), invoiceId: id, position: 0, kind: 'manual', description: 'Fee', startDate: null, endDate: null, quantity: '1', unit: 'each', unitPrice, taxRate: '0', amount: null, calls: null, minutes: null, packageId: null }],
    },
  });
  const [monthDraft, weekDraft, issued, secondMonthDraft] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  await seed(page, [
    { name: 'createCustomer', args: globex },
    draft(monthDraft, start, end),
    draft(weekDraft, start, plusDays(start, 6)),
    draft(issued, start, end),
    { name: 'issueInvoice', args: { id: issued } },
    draft(secondMonthDraft, start, end, '30'),
  ]);
  await openSynced(page, `/invoice/generate?customer=${globex.id}`);
  const warning = page.getByTestId('overlap-warning');
  // Only INV-1 bills the month: the drafts bill nothing until they are issued.
  await expect(warning).toContainText('Globex Carrier already has an invoice for an overlapping period');
  const monthDays = `${new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(start)} – ${shownDay(end)}`;
  const weekDays = `${new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(start)} – ${shownDay(plusDays(start, 6))}`;
  await expect(warning.getByRole('list').getByRole('link')).toHaveCount(1);
  await expect(warning.getByRole('link', { name: `INV-1, ${monthDays}`, exact: true })).toHaveAttribute('href', `/invoice?id=${issued}`);
  const drafts = page.getByTestId('drafts-of-period');
  await expect(drafts.getByRole('link')).toHaveCount(3);
  const named = new Map<string, string>([
    // A draft by its days; of the same days as another, by its date, and by its total as all are of today's.
    [monthDraft, `Draft of ${monthDays}, dated ${shownDay(today)}, for $10.00`],
    [secondMonthDraft, `Draft of ${monthDays}, dated ${shownDay(today)}, for $30.00`],
    [weekDraft, `Draft of ${weekDays}`],
  ]);
  for (const [id, name] of named) await expect(drafts.getByRole('link', { name, exact: true })).toHaveAttribute('href', `/invoice?id=${id}`);
  await expect(drafts).toContainText(`Draft of ${monthDays}, dated ${shownDay(today)}, for $10.00 already exists for this period.`);
  await expect(drafts).toContainText(`Draft of ${weekDays} already exists for days of this period.`);
});

test('Generate Invoice twice for the same customer and month: the second says the first draft exists, links it, and bills the setups, the DIDs and the calls all the same; once the first is issued, the second is warned of at Issue', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  // The 10 DIDs start on the 1st of last month: their setups are last month's to bill.
  data.assignment.startDate = data.period.start;
  await seed(page, seedMutations(data));
  const start = new Date(`${data.period.start}T00:00:00Z`);
  const end = new Date(`${data.period.end}T00:00:00Z`);
  const monthDays = `${new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(start)} – ${shownDay(end)}`;
  const preview = page.getByRole('region', { name: 'Preview' });

  await openSynced(page, `/invoice/generate?customer=${data.customer.id}`);
  await expect(preview.getByRole('row', { name: /\(setup\)/ })).toHaveCount(1);
  await expect(page.getByTestId('drafts-of-period')).toHaveCount(0);
  const firstLines = await preview.getByRole('row').count();
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  const firstPath = new URL(page.url()).pathname + new URL(page.url()).search;

  // Again: the first draft is named and linked, and nothing is left out for it.
  await openSynced(page, `/invoice/generate?customer=${data.customer.id}`);
  const notice = page.getByTestId('drafts-of-period');
  await expect(notice).toContainText(`Draft of ${monthDays} already exists for this period.`);
  await expect(notice).toContainText('A draft bills nothing until it is issued, so this one leaves nothing out for it: open it to go on with it, or create another all the same.');
  await expect(notice.getByRole('link', { name: `Draft of ${monthDays}`, exact: true })).toHaveAttribute('href', firstPath);
  await expect(page.getByTestId('overlap-warning')).toHaveCount(0);
  await expect(page.getByTestId('setups-left-out')).toHaveCount(0);
  await expect(preview.getByRole('row', { name: /\(setup\)/ })).toHaveCount(1);
  await expect(preview.getByRole('row')).toHaveCount(firstLines);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  const secondPath = new URL(page.url()).pathname + new URL(page.url()).search;

  // The first issued: the second bills again what INV-1 bills, and Issue asks before billing it twice.
  await page.goto(firstPath);
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  await page.goto(secondPath);
  await expect(page.getByTestId('billed-again')).toContainText('This draft bills again what is billed already.');
  await expect(page.getByTestId('billed-again')).toContainText('DID rental (1 month each) and DID rental (setup), already on INV-1.');
  await page.getByRole('button', { name: 'Issue', exact: true }).click();
  await expect(page.getByRole('dialog')).toContainText('INV-1 already bills');
  await expect(page.getByRole('dialog')).toContainText('billing them twice?');
  // Generate for the month now warns of INV-1, and names no draft but the second.
  await openSynced(page, `/invoice/generate?customer=${data.customer.id}`);
  await expect(page.getByTestId('overlap-warning').getByRole('link', { name: `INV-1, ${monthDays}`, exact: true })).toBeVisible();
  await expect(page.getByTestId('drafts-of-period').getByRole('link', { name: `Draft of ${monthDays}`, exact: true })).toHaveAttribute('href', secondPath);
});

test("Generate Invoice's overlap warning does not name a credit note for the period: it bills no days", async ({ page }) => {
  await signUp(page);
  const globex: Customer = customer({ name: 'Globex Carrier', currency: 'USD', schedule: 'monthly' });
  const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  const end = plusDays(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)), -1);
  const ofLastMonth = (id: string, description: string, unitPrice: string) => ({
    name: 'createInvoice',
    args: {
      invoice: {
        id, customerId: globex.id, number: null, status: 'draft', invoiceDate: isoDay(today), dueDate: isoDay(today), periodStart: isoDay(start), periodEnd: isoDay(end),
        currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
      },
      lines: [{ id: randomUUID(), invoiceId: id, position: 0, kind: 'manual', description, startDate: null, endDate: null, quantity: '1', unit: 'each', unitPrice, taxRate: '0', amount: null, calls: null, minutes: null, packageId: null }],
    },
  });
  const [invoice, creditNote] = [randomUUID(), randomUUID()];
  await seed(page, [
    { name: 'createCustomer', args: globex },
    ofLastMonth(invoice, 'Fee', '10'),
    ofLastMonth(creditNote, 'Goodwill credit', '-4'),
    { name: 'issueInvoice', args: { id: invoice } },
    { name: 'issueInvoice', args: { id: creditNote } },
  ]);
  await openSynced(page, `/invoice/generate?customer=${globex.id}`);
  const warning = page.getByTestId('overlap-warning');
  await expect(warning).toContainText('Globex Carrier already has an invoice for an overlapping period');
  await expect(warning.getByRole('list').getByRole('link')).toHaveCount(1);
  await expect(warning.getByRole('link', { name: /^INV-1,/ })).toHaveAttribute('href', `/invoice?id=${invoice}`);
});

test("a credit note refunding last month's calls in one line, to the cent as billed, frees the month for Generate Invoice; a cent short, it still warns", async ({ page }) => {
  await signUp(page);
  const globex: Customer = customer({ name: 'Globex Carrier', currency: 'USD', schedule: 'monthly' });
  const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const start = isoDay(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1)));
  const end = isoDay(plusDays(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)), -1));
  const ofLastMonth = (id: string, lines: { description: string; startDate: string; endDate: string; amount: string }[]) => ({
    name: 'createInvoice',
    args: {
      invoice: {
        id, customerId: globex.id, number: null, status: 'draft', invoiceDate: isoDay(today), dueDate: isoDay(today), periodStart: start, periodEnd: end,
        currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
      },
      lines: lines.map((line, position) => ({
        id: randomUUID(), invoiceId: id, position, kind: 'usage', ...line, quantity: '1', unit: 'each', unitPrice: '0', taxRate: '0', calls: null, minutes: null, packageId: null,
      })),
    },
  });
  // INV-1 bills last month's calls: London 12.50 and Mobile 3.25 as billed (their amounts unrounded, as usage lines keep them).
  const [invoice, short, full] = [randomUUID(), randomUUID(), randomUUID()];
  const refund = (amount: string) => [{ description: 'Refund of last month\'s calls', startDate: start, endDate: end, amount }];
  await seed(page, [
    { name: 'createCustomer', args: globex },
    ofLastMonth(invoice, [
      { description: 'UK London (4420)', startDate: start, endDate: plusDays(new Date(`${start}T00:00:00Z`), 20).toISOString().slice(0, 10), amount: '12.503417' },
      { description: 'UK Mobile (447)', startDate: start, endDate: start, amount: '3.250001' },
    ]),
    { name: 'issueInvoice', args: { id: invoice } },
    ofLastMonth(short, refund('-15.74')),
    { name: 'issueInvoice', args: { id: short } },
  ]);
  await openSynced(page, `/invoice/generate?customer=${globex.id}`);
  const warning = page.getByTestId('overlap-warning');
  // A cent short: INV-1 still bills the month (the warning shows with nothing to invoice too).
  await expect(page.getByText(/^Nothing to invoice for Globex Carrier/)).toBeVisible();
  await expect(warning.getByRole('link', { name: /^INV-1,/ })).toHaveAttribute('href', `/invoice?id=${invoice}`);
  await seed(page, [{ name: 'voidInvoice', args: { id: short, reason: 'A cent short' } }, ofLastMonth(full, refund('-15.75')), { name: 'issueInvoice', args: { id: full } }]);
  await openSynced(page, `/invoice/generate?customer=${globex.id}`);
  // Read (no calls to bill: the month's were seeded as INV-1's lines alone), and no invoice named.
  await expect(page.getByText(/^Nothing to invoice for Globex Carrier/)).toBeVisible();
  await expect(page.getByTestId('overlap-warning')).toHaveCount(0);
});

test("the usage summary names the issued invoice billing a month by number and a draft of it as a draft; a draft credit note refunding the invoice in full leaves it billing", async ({ page }) => {
  await signUp(page);
  const globex: Customer = customer({ name: 'Globex Carrier', currency: 'USD', schedule: 'monthly' });
  const [start, end] = ['2026-10-01', '2026-10-31'];
  const ofOctober = (id: string, invoiceDate: string, lines: { description: string; amount: string }[]) => ({
    name: 'createInvoice',
    args: {
      invoice: {
        id, customerId: globex.id, number: null, status: 'draft', invoiceDate, dueDate: invoiceDate, periodStart: start, periodEnd: end,
        currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
      },
      lines: lines.map((line, position) => ({
        id: randomUUID(), invoiceId: id, position, kind: 'usage', ...line, startDate: start, endDate: end, quantity: '1', unit: 'each', unitPrice: '0', taxRate: '0', calls: null, minutes: null, packageId: null,
      })),
    },
  });
  // INV-1 bills October's calls (12.50); a draft credit note gives all of it back, and a second draft of October bills them again.
  const [invoice, creditNote, draft] = [randomUUID(), randomUUID(), randomUUID()];
  await seed(page, [
    { name: 'createCustomer', args: globex },
    { name: 'putUsage', args: { rows: [ukUsage(globex.id, '2026-10-05', '12.5')] } },
    ofOctober(invoice, '2026-11-01', [{ description: 'UK London (4420)', amount: '12.50' }]),
    { name: 'issueInvoice', args: { id: invoice } },
    ofOctober(creditNote, '2026-11-02', [{ description: "Refund of October's calls", amount: '-12.50' }]),
    ofOctober(draft, '2026-11-03', [{ description: 'UK London (4420)', amount: '12.50' }]),
  ]);
  await openSynced(page, `/customer?id=${globex.id}`);
  const summary = page.getByRole('region', { name: 'Usage summary table' });
  // Its Invoices cell is the eighth: INV-1 bills October (the draft credit note gives nothing back until issued); the draft is named as one.
  const october = summary.getByRole('row', { name: /October 2026/ }).getByRole('cell').nth(7);
  await expect(october).toHaveText('INV-1, draft of Nov 3, 2026');
  await expect(october.getByRole('link', { name: 'INV-1' })).toHaveAttribute('href', `/invoice?id=${invoice}`);
  await expect(october.getByRole('link', { name: 'draft of Nov 3, 2026' })).toHaveAttribute('href', `/invoice?id=${draft}`);
  await expect(
    page.getByText(
      "Invoices: the issued invoices that bill the row's days, by number, then the drafts of them, which bill nothing until they are issued; an invoice whose days of the row credit notes gave back in full is named with them, as it no longer bills them.",
    ),
  ).toBeVisible();
  // The credit note issued gives October back: only the draft bills it, as a draft, and INV-1 is named as billed and given back, not left out unsaid.
  await seed(page, [{ name: 'issueInvoice', args: { id: creditNote } }]);
  await openSynced(page, `/customer?id=${globex.id}`);
  await expect(october).toHaveText('draft of Nov 3, 2026; INV-1 billed Oct 1–31, 2026; credit note INV-2 gave all of it back');
  await expect(october.getByRole('link')).toHaveText(['draft of Nov 3, 2026']);
});

test("a name ending in s takes only an apostrophe: Bravo Daily Lines' usage", async ({ page }) => {
  await signUp(page);
  const bravo: Customer = customer({ name: 'Bravo Daily Lines', currency: 'USD', schedule: 'monthly' });
  const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const day = isoDay(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 3)));
  await seed(page, [
    { name: 'createCustomer', args: bravo },
    {
      name: 'putUsage',
      args: { rows: [{ id: `${bravo.id}:${day}:44`, customerId: bravo.id, day, destination: '44', destinationName: 'United Kingdom', calls: 4, attempts: 4, seconds: 240, billedSeconds: 240, charge: '1.20', currency: 'USD' }] },
    },
  ]);
  await openSynced(page, `/invoice/generate?customer=${bravo.id}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page).toHaveURL(/\/invoice\?id=/);
  const id = new URL(page.url()).searchParams.get('id');
  await page.goto(`/invoice/edit?id=${id}`);
  await expect(page.getByText("Its lines come from Bravo Daily Lines' usage and packages")).toBeVisible();
  await expect(page.getByText("Lines's")).toHaveCount(0);
});
