import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CdrImport, Customer, Usage } from '../lib/entities';
import { generateInvoice } from '../lib/generate';
import { formatMoney } from '../lib/money';
import { cdrImportClock, defaultAccount } from '../lib/mutators';
import { PROTOCOL_VERSION } from '../lib/protocol';
import { cdrCustomers } from '../server/sync/test-mutations';
import { draftWithLines } from './billing-data';
import { openSynced, pickCustomer, seed, signUp } from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations } from './page-checks';

const SAMPLE = path.join(import.meta.dirname, 'fixtures', 'cdr', 'softswitch.csv');
const usd = (amount: string) => formatMoney(amount, 'USD', 'en-US');

async function importSample(page: Page) {
  await page.getByLabel('CDR file', { exact: true }).setInputFiles(SAMPLE);
  // Each step, as it appears, takes the keyboard focus on its heading.
  await expect(page.getByRole('heading', { name: '2. Columns' })).toBeFocused();
  // The header is recognised as the softswitch export.
  await expect(page.getByLabel('Format', { exact: true })).toHaveValue('softswitch');
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByRole('heading', { name: '2. Check and import' })).toBeFocused();
  // The steps on screen are numbered one after the other (the Columns step is gone).
  await expect(page.locator('main h2').filter({ hasText: /^\d+\. / })).toHaveText(['1. Choose a CDR file', '2. Check and import']);
}

/** The server's rows of one entity of the tenant, as a fresh device would pull them. */
async function serverRows<T>(page: Page, entity: string, protocolVersion = 1): Promise<T[]> {
  const input = { protocolVersion, clientId: randomUUID(), cursor: 0 };
  const url = `/api/trpc/sync.pull?input=${encodeURIComponent(JSON.stringify(input))}`;
  // The server closes a connection idle for 5 s (Node's keep-alive timeout), late while it is busy
  // with a large push: a request sent on it meanwhile is reset before the server reads it. A pull
  // changes nothing, so it is sent again once, on a new connection.
  const response = await page.request.get(url).catch((error: unknown) => {
    if (!String(error).includes('ECONNRESET')) throw error;
    return page.request.get(url);
  });
  const body = (await response.json()) as { result: { data: { changes: { entity: string; row: T | null }[] } } };
  return body.result.data.changes.filter((c) => c.entity === entity && c.row).map((c) => c.row!);
}

/** The server's usage rows of the tenant. */
const serverUsage = (page: Page) => serverRows<Usage>(page, 'usage');
/** The server's browser imports of the tenant. */
const serverImports = (page: Page) => serverRows<CdrImport>(page, 'cdrImports', PROTOCOL_VERSION);

test('import a CDR file, import it again (nothing changes), and invoice it by destination and by day', async ({ page }) => {
  await signUp(page);
  const { globex, initech } = cdrCustomers();
  await seed(page, [
    { name: 'createCustomer', args: globex },
    { name: 'createCustomer', args: initech },
  ]);
  // /usage typed is the section's page, as the nav's Usage link opens it.
  await openSynced(page, '/usage');
  await expect(page).toHaveURL('/usage/import');
  await expect(page.getByRole('heading', { name: 'Import CDRs', level: 1 })).toBeVisible();

  await importSample(page);
  await expect(page.getByTestId('good-count')).toHaveText('6 CDRs are ready to import');
  await expect(page.getByTestId('bad-count')).toHaveText('No line has errors');
  await page.getByRole('button', { name: 'Import 6 CDRs' }).click();
  // Globex: 1 Mar to 44 and to 1, 2 Mar to 44; Initech: 2 Mar to 49.
  await expect(page.getByTestId('import-done')).toHaveText('Imported 6 CDRs into 4 usage rows.');
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeFocused();
  // The page belongs to Usage, and leads on to the customers whose usage changed.
  await expect(page.locator('.breadcrumb')).toHaveText('Usage');
  await expect(page.getByRole('link', { name: 'Back to customers' })).toHaveCount(0);
  const done = page.getByRole('region', { name: 'Import finished' });
  await expect(done.getByRole('link')).toHaveText(['Globex Carrier', 'Initech Voice']);
  // The importCdrs mutation reaches the server (the sync status may say "synced" just before it is pushed).
  await expect.poll(async () => (await serverUsage(page)).length, { timeout: 20_000 }).toBe(4);
  const synced = await serverUsage(page);

  // The same file again: every CDR is recognised, nothing is written.
  await importSample(page);
  await expect(page.getByTestId('good-count')).toHaveText('Nothing to import: every CDR in the file was imported already');
  await expect(page.getByTestId('duplicate-count')).toHaveText('6 CDRs were already imported (or repeated in the file)');
  // No button to import nothing: the way on is another file.
  await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Choose another file' })).toBeVisible();

  // Generate Globex's invoice for March 2026, one line per destination.
  await openSynced(page, `/invoice/generate?customer=${globex.id}`);
  await page.getByRole('radio', { name: 'Custom' }).check();
  await page.getByLabel('From', { exact: true }).fill('2026-03-01');
  await page.getByLabel('To', { exact: true }).fill('2026-03-31');
  const expected = (lineGrouping: 'destination' | 'day') =>
    generateInvoice({
      account: { ...defaultAccount(), lineGrouping },
      customer: globex,
      assignments: [],
      packages: [],
      usage: synced,
      period: { start: '2026-03-01', end: '2026-03-31' },
      invoiceDate: '2026-04-01',
      invoiceId: globex.id,
      newLineId: () => globex.id,
    }).invoice.total;
  // United Kingdom (44): 0.077 + 0.090005 + 0.900001 = 1.067006 → 1.07; USA (1): 0.0125 → 0.01 (half-up
  // at the cent); net 1.08; tax 20% = 0.216 → 0.22; total 1.30.
  expect(expected('destination')).toBe('1.30');
  await expect(page.getByText('United Kingdom (44)')).toBeVisible();
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('1.30'));

  // One line per day: 1 Mar 0.077 + 0.090005 + 0.0125 = 0.179505 → 0.18; 2 Mar 0.900001 → 0.90; net 1.08, total 1.30.
  await seed(page, [{ name: 'saveAccount', args: { lineGrouping: 'day' } }]);
  await openSynced(page, `/invoice/generate?customer=${globex.id}`);
  await page.getByRole('radio', { name: 'Custom' }).check();
  await page.getByLabel('From', { exact: true }).fill('2026-03-01');
  await page.getByLabel('To', { exact: true }).fill('2026-03-31');
  await expect(page.getByText('Usage lines one per day')).toBeVisible();
  expect(expected('day')).toBe('1.30');
  await expect(page.getByTestId('total-total').first()).toHaveText(usd('1.30'));
});

test('a file separated by semicolons with decimal commas (a European spreadsheet) imports with the same totals as the comma file', async ({ page }) => {
  await signUp(page);
  const { globex, initech } = cdrCustomers();
  await seed(page, [
    { name: 'createCustomer', args: globex },
    { name: 'createCustomer', args: initech },
  ]);
  await openSynced(page, '/usage/import');
  // The comma sample's CDRs as Excel saves them in a European locale: BOM, CRLF, ";" between
  // cells, charges such as 0,077000, a quoted name holding a ";".
  await page.getByLabel('CDR file', { exact: true }).setInputFiles(path.join(import.meta.dirname, 'fixtures', 'cdr', 'softswitch-semicolon.csv'));
  await expect(page.getByRole('heading', { name: '2. Columns' })).toBeFocused();
  const delimiter = page.getByLabel('Cells separated by');
  const hint = page.getByTestId('cdr-delimiter-hint');
  await expect(delimiter).toHaveValue('semicolon');
  await expect(hint).toContainText('As the first line of the file reads.');
  await expect(hint).toContainText('decimals with a comma (0,0123)');
  await expect(page.getByLabel('Format', { exact: true })).toHaveValue('softswitch');
  await expect(page.getByLabel(/^Charge/)).toHaveValue('6');

  // Set to commas, the header is one column: nothing can be read, and the hint says what the file has.
  await delimiter.selectOption('comma');
  await expect(hint).toContainText('The first line of the file reads as separated by: semicolon (;).');
  await expect(page.getByRole('alert').filter({ hasText: 'Choose a column for' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Check the file' })).toBeDisabled();
  await delimiter.selectOption('semicolon');
  await expect(page.getByLabel(/^Charge/)).toHaveValue('6');
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByTestId('good-count')).toHaveText('6 CDRs are ready to import');
  await expect(page.getByTestId('bad-count')).toHaveText('No line has errors');
  await page.getByRole('button', { name: 'Import 6 CDRs' }).click();
  await expect(page.getByTestId('import-done')).toHaveText('Imported 6 CDRs into 4 usage rows.');

  // The totals of the comma sample, to the millionth: Globex 0.077 + 0.090005 to 44 and 0.0125 to 1
  // on 1 March, 0.900001 on 2 March; Initech 0.0085 (and an unanswered attempt) to 49.
  const names = new Map([
    [globex.id, 'Globex'],
    [initech.id, 'Initech'],
  ]);
  const totals = async () =>
    (await serverUsage(page)).map((u) => `${names.get(u.customerId)} ${u.day} ${u.destination} ${u.calls}/${u.attempts} ${u.seconds}/${u.billedSeconds} ${u.charge} ${u.currency}`).sort();
  await expect
    .poll(totals, { timeout: 20_000 })
    .toEqual([
      'Globex 2026-03-01 1 1/1 120/120 0.012500 USD',
      'Globex 2026-03-01 44 2/2 91/96 0.167005 USD',
      'Globex 2026-03-02 44 1/1 300/300 0.900001 USD',
      'Initech 2026-03-02 49 1/2 59/60 0.008500 EUR',
    ]);
  const past = page.getByRole('region', { name: 'Past imports' }).getByTestId('past-import');
  await expect(past.first()).toContainText('softswitch-semicolon.csv');
  // Its days as every screen writes days.
  await expect(past.first()).toContainText('Mar 1 – Mar 2, 2026');
  // 5 answered calls, 576 billed seconds; $1.079506 and €0.0085.
  await expect(past.first()).toContainText('5 calls, 9.60 min');
  await expect(past.first()).toContainText(usd('1.08'));
  await expect(past.first()).toContainText(formatMoney('0.01', 'EUR', 'en-US'));

  // The comma file holds the same CDRs: nothing in it is new.
  await importSample(page);
  await expect(page.getByTestId('good-count')).toHaveText('Nothing to import: every CDR in the file was imported already');
  await expect(page.getByTestId('duplicate-count')).toHaveText('6 CDRs were already imported (or repeated in the file)');
});

test('an Asterisk Master.csv names no destination: the invoice lines read the countries of the numbers, national ones by My Account\'s home country', async ({ page }, testInfo) => {
  await signUp(page);
  const { globex, initech } = cdrCustomers();
  await seed(page, [
    { name: 'createCustomer', args: globex },
    { name: 'createCustomer', args: initech },
  ]);
  await openSynced(page, '/usage/import');
  const importAsterisk = async () => {
    await page.getByLabel('CDR file', { exact: true }).setInputFiles(path.join(import.meta.dirname, 'fixtures', 'cdr', 'asterisk-master.csv'));
    await expect(page.getByLabel('Format', { exact: true })).toHaveValue('asterisk');
    // Master.csv has no currency column.
    await expect(page.getByLabel('Currency', { exact: true })).toHaveValue('');
    await page.getByRole('button', { name: 'Check the file' }).click();
  };
  await importAsterisk();
  await expect(page.getByTestId('good-count')).toHaveText('3 CDRs are ready to import');
  // Its charges are billed in a currency the clerk is told of: its one customer's.
  const fileCurrency = page.getByLabel('Currency of the charges in the file');
  await expect(fileCurrency).toHaveValue('USD');
  await expect(page.getByTestId('file-currency-statement')).toHaveText(
    "The file names no currency for its charges: its charges are taken as USD, Globex Carrier's currency. If the switch rated them in another currency, choose that one instead.",
  );
  await page.getByRole('button', { name: 'Import 3 CDRs' }).click();
  await expect(page.getByTestId('import-done')).toHaveText('Imported 3 CDRs into 3 usage rows.');
  await expect
    .poll(async () => (await serverUsage(page)).map((u) => `${u.day} ${u.destination} ${u.destinationName}`).sort(), { timeout: 20_000 })
    .toEqual(['2026-03-01 1 United States, Canada and Caribbean', '2026-03-01 44 United Kingdom', '2026-03-02 49 Germany']);
  // Again: nothing new, and nothing renamed or split.
  const synced = await serverUsage(page);
  await importAsterisk();
  await expect(page.getByTestId('good-count')).toHaveText('Nothing to import: every CDR in the file was imported already');
  await expect(page.getByTestId('duplicate-count')).toHaveText('3 CDRs were already imported (or repeated in the file)');
  expect(await serverUsage(page)).toEqual(synced);

  await openSynced(page, `/invoice/generate?customer=${globex.id}`);
  await page.getByRole('radio', { name: 'Custom' }).check();
  await page.getByLabel('From', { exact: true }).fill('2026-03-01');
  await page.getByLabel('To', { exact: true }).fill('2026-03-31');
  // Germany 0.54, United Kingdom 0.06: the largest amount first. The unanswered attempt to New York
  // (named above) bills nothing, so it makes no line.
  const descriptions = page.getByRole('region', { name: 'Invoice lines' }).getByRole('row').locator('td:first-child');
  await expect(descriptions).toHaveText([/^Germany \(49\) ?1 call/, /^United Kingdom \(44\) ?1 call/]);

  // A US switch writes national numbers: with My Account's home country +1, its 2125551234 is a
  // call to New York, not under 212 (Morocco's code); extension 101 is a local call.
  await openSynced(page, '/settings');
  await page.getByLabel('Home country').selectOption('1');
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Account saved.' })).toBeVisible();
  const row = (uniqueid: string, dst: string, start: string, account = 'GLX-1') =>
    `"${account}","2025550100","${dst}","from-customer","","","","Dial","","${start}","${start}","${start}",60,60,"ANSWERED","DOCUMENTATION","${uniqueid}","0.010000"`;
  const national = testInfo.outputPath('asterisk-national.csv');
  // A call of Initech Voice too, billed in EUR: the file (rated in USD) names no currency.
  const april = [row('apr-1', '2125551234', '2026-04-01 10:00:00'), row('apr-2', '101', '2026-04-01 11:00:00'), row('apr-3', '004930123456', '2026-04-01 12:00:00', 'INI-7')];
  await writeFile(national, `${april.join('\n')}\n`);
  await openSynced(page, '/usage/import');
  await page.getByLabel('CDR file', { exact: true }).setInputFiles(national);
  await expect(page.getByTestId('cdr-home-country')).toContainText('read as United States, Canada and Caribbean (+1) numbers');
  // Asterisk's Master.csv has no rated prefix: the clerk is told calls are grouped by country.
  await expect(page.getByTestId('cdr-prefix-hint')).toContainText('No Rated prefix column is chosen: calls are grouped by country');
  await page.getByRole('button', { name: 'Check the file' }).click();
  // Customers billed in USD and in EUR: nothing is imported until the file's currency is said.
  await expect(page.getByTestId('file-currency-statement')).toHaveText(
    'The file names no currency for its charges, and its customers are billed in 2 currencies: EUR (Initech Voice) and USD (Globex Carrier).',
  );
  await expect(page.getByTestId('file-currency-question')).toContainText('Choose the currency the switch rated its charges in');
  await expect(page.getByTestId('good-count')).toHaveText('3 CDRs are ready to import, once the currency of the charges is chosen');
  await expect(page.getByRole('button', { name: /^Import \d/ })).toBeDisabled();
  // My Account's currency first.
  await expect(fileCurrency.locator('option')).toHaveText([
    'Choose the currency of the charges',
    "USD (My Account's currency; Globex Carrier's currency)",
    "EUR (Initech Voice's currency)",
    "Each customer's own currency",
  ]);
  // Each customer's own currency, chosen and seen: all three would go.
  await fileCurrency.selectOption({ label: "Each customer's own currency" });
  await expect(page.getByTestId('file-currency-statement')).toHaveText(
    "The file names no currency for its charges: its charges are taken in each customer's own currency, Initech Voice in EUR; Globex Carrier in USD.",
  );
  await expect(page.getByTestId('good-count')).toHaveText('3 CDRs are ready to import');
  // The switch rated in USD: Initech Voice's call is a line with an error, its reason saying USD was
  // chosen (the file names no currency to quote).
  await fileCurrency.selectOption('USD');
  await expect(page.getByTestId('good-count')).toHaveText('2 CDRs are ready to import');
  await expect(page.getByTestId('bad-count')).toHaveText('1 line has errors and will not be imported');
  await expect(page.getByRole('region', { name: 'Error report' }).getByRole('row').nth(1)).toHaveText("3the file's currency, USD as chosen above, is not Initech Voice's (EUR)");
  await expect(page.getByTestId('file-currency-statement')).toHaveText(
    'The file names no currency for its charges: its charges are read as USD. 2 CDRs of Globex Carrier, billed in USD, are imported. 1 CDR of Initech Voice (EUR) is a line with errors, not imported: the customer is billed in another currency.',
  );
  await page.getByRole('button', { name: 'Import 2 CDRs' }).click();
  await expect(page.getByTestId('import-done')).toHaveText('Imported 2 CDRs into 2 usage rows.');
  await expect
    .poll(async () => (await serverUsage(page)).filter((u) => u.day.startsWith('2026-04')).map((u) => `${u.day} ${u.destination} ${u.destinationName}`).sort(), { timeout: 20_000 })
    .toEqual(['2026-04-01 1 United States, Canada and Caribbean', '2026-04-01 101 Local/extension']);
  // Saved on the account: a fresh load of Settings shows it.
  await openSynced(page, '/settings');
  await expect(page.getByLabel('Home country')).toHaveValue('1');
});

test("an Asterisk Master.csv's internal calls (extension to extension, no charge) are on no invoice line: Generate Invoice says so, and the usage summary still counts them", async ({ page }, testInfo) => {
  await signUp(page);
  const { globex } = cdrCustomers();
  await seed(page, [{ name: 'createCustomer', args: globex }]);
  const row = (uniqueid: string, dst: string, start: string, billsec: number, charge: string) =>
    `"GLX-1","100","${dst}","from-internal","","","","Dial","","${start}","${start}","${start}",${billsec},${billsec},"ANSWERED","DOCUMENTATION","${uniqueid}","${charge}"`;
  const file = testInfo.outputPath('asterisk-internal.csv');
  // A call to London (0.06), then extension 100 calling 101 twice and 200 once, for 2, 1 and 3 minutes at no charge.
  await writeFile(
    file,
    `${[
      row('may-1', '0044207946000', '2026-05-04 09:00:00', 60, '0.060000'),
      row('may-2', '101', '2026-05-04 10:00:00', 120, '0'),
      row('may-3', '101', '2026-05-05 10:00:00', 60, '0'),
      row('may-4', '200', '2026-05-06 10:00:00', 180, '0.000000'),
    ].join('\n')}\n`,
  );
  await openSynced(page, '/usage/import');
  await page.getByLabel('CDR file', { exact: true }).setInputFiles(file);
  await expect(page.getByLabel('Format', { exact: true })).toHaveValue('asterisk');
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('button', { name: 'Import 4 CDRs' }).click();
  await expect(page.getByTestId('import-done')).toHaveText('Imported 4 CDRs into 4 usage rows.');
  await expect
    .poll(async () => (await serverUsage(page)).map((u) => `${u.day} ${u.destination} ${u.destinationName}`).sort(), { timeout: 20_000 })
    .toEqual(['2026-05-04 101 Local/extension', '2026-05-04 44 United Kingdom', '2026-05-05 101 Local/extension', '2026-05-06 200 Local/extension']);

  // The usage summary counts every call: 4 calls, 7.00 min.
  await openSynced(page, `/customer?id=${globex.id}`);
  const summary = page.getByRole('region', { name: 'Usage summary table' });
  await expect(summary.getByRole('row', { name: /May 2026/ }).getByRole('cell').nth(2)).toHaveText('4');
  await expect(summary.getByRole('row', { name: /May 2026/ }).getByRole('cell').nth(5)).toHaveText('7.00');

  // The invoice bills London alone, and says why the internal calls are not on it; by day too.
  await summary.getByRole('link', { name: 'Preview / PDF for May 2026' }).click();
  const descriptions = page.getByRole('region', { name: 'Invoice lines' }).getByRole('row').locator('td:first-child');
  await expect(descriptions).toHaveText([/^United Kingdom \(44\) ?1 call/]);
  await expect(page.getByTestId('internal-calls-note')).toHaveText(
    '3 internal calls (6.00 min), to extensions and short codes at no charge, are on no line: a carrier does not bill internal calls. The usage summary still counts them.',
  );
  await expect(page.getByTestId('total-total').first()).toHaveText('$0.07');

  // A week of internal calls alone: nothing to invoice, and the page says why.
  await page.getByLabel('From', { exact: true }).fill('2026-05-05');
  await page.getByLabel('To', { exact: true }).fill('2026-05-06');
  await expect(page.getByTestId('nothing-to-invoice')).toContainText('Nothing to invoice for Globex Carrier from May 5, 2026 to May 6, 2026: no calls to bill in that period and no package charges.');
  await expect(page.getByTestId('internal-calls-note')).toHaveText(
    '2 internal calls (4.00 min), to extensions and short codes at no charge, are on no line: a carrier does not bill internal calls. The usage summary still counts them.',
  );
});

test('the same file read again with another source timezone is still recognised, though its CDRs move to the next or previous UTC day', async ({ page }) => {
  await signUp(page);
  const { globex } = cdrCustomers();
  await seed(page, [{ name: 'createCustomer', args: globex }]);
  await openSynced(page, '/usage/import');
  // Local times without an offset, near midnight: read in Tokyo or New York instead of UTC, they fall on another UTC day.
  const csv = [
    'time,customer,destination_number,destination_name,duration,billed_duration,charge,currency,call_id',
    '2026-03-01 02:00:00,Globex Carrier,442079460001,United Kingdom - London,60,60,0.100000,USD,tz-1',
    '2026-03-01 23:30:00,Globex Carrier,12125550100,USA - New York,60,60,0.100000,USD,tz-2',
  ].join('\n');
  const read = async (zone: string) => {
    await page.getByLabel('CDR file', { exact: true }).setInputFiles({ name: 'switch.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel('Timezone of times without an offset').fill(zone);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expect(page.getByRole('heading', { name: '2. Check and import' })).toBeFocused();
  };
  await read('UTC');
  await expect(page.getByTestId('good-count')).toHaveText('2 CDRs are ready to import');
  await page.getByRole('button', { name: 'Import 2 CDRs' }).click();
  await expect(page.getByTestId('import-done')).toHaveText('Imported 2 CDRs into 2 usage rows.');
  for (const zone of ['Asia/Tokyo', 'America/New_York']) {
    await read(zone);
    await expect(page.getByTestId('good-count')).toHaveText('Nothing to import: every CDR in the file was imported already');
    await expect(page.getByTestId('duplicate-count')).toHaveText('2 CDRs were already imported (or repeated in the file)');
  }
});

test('a file imported with the wrong timezone is undone and imported again on the right days', async ({ page }) => {
  await signUp(page);
  const { globex } = cdrCustomers();
  await seed(page, [
    { name: 'createCustomer', args: globex },
    { name: 'saveAccount', args: { timezone: 'Asia/Bahrain' } },
  ]);
  await openSynced(page, '/usage/import');
  // FreeSWITCH CDRs in the switch's local time, Bahrain's (UTC+3), late in the evening of 1 March.
  const csv = [
    '"Globex","2025550100","447700900123","default","2026-03-01 22:30:00","2026-03-01 22:30:03","2026-03-01 22:32:03","123","120","NORMAL_CLEARING","5f0c7b2e-0101-4c1e-9a53-1d2f3a4b5c61","","GLX-1","PCMU","PCMU","0.180000"',
    '"Globex","2025550100","33612345678","default","2026-03-01 23:40:00","2026-03-01 23:40:02","2026-03-01 23:40:47","47","45","NORMAL_CLEARING","5f0c7b2e-0102-4c1e-9a53-1d2f3a4b5c62","","GLX-1","PCMU","PCMU","0.067501"',
  ].join('\n');
  const zone = page.getByLabel('Timezone of times without an offset');
  const read = async () => {
    await page.getByLabel('CDR file', { exact: true }).setInputFiles({ name: 'bahrain-switch.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.getByLabel('Format', { exact: true })).toHaveValue('freeswitch');
  };
  const checkAndImport = async () => {
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expect(page.getByTestId('good-count')).toHaveText('2 CDRs are ready to import');
    await page.getByRole('button', { name: 'Import 2 CDRs' }).click();
    await expect(page.getByTestId('import-done')).toHaveText('Imported 2 CDRs into 2 usage rows.');
  };
  const serverDays = async () => [...new Set((await serverUsage(page)).filter((u) => u.customerId === globex.id).map((u) => u.day))].sort();

  // The zone starts as the account's; the clerk overwrites it with UTC by mistake.
  await read();
  await expect(zone).toHaveValue('Asia/Bahrain');
  await expect(page.getByText('Starts as the account timezone (Asia/Bahrain, in My Account)')).toBeVisible();
  await zone.fill('UTC');
  await checkAndImport();
  // Read as UTC, 22:30 and 23:40 are 01:30 and 02:40 on 2 March in Bahrain: the wrong day.
  await expect.poll(serverDays, { timeout: 20_000 }).toEqual(['2026-03-02']);

  // Past imports lists it, from the server too (the record synced), and undoes it.
  const past = page.getByRole('region', { name: 'Past imports' });
  const rows = past.getByTestId('past-import');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('bahrain-switch.csv');
  await expect(rows.first()).toContainText('Globex Carrier');
  await expect(rows.first()).toContainText('Mar 2, 2026');
  // Minutes as everywhere else (two decimals): 120 + 45 s.
  await expect(rows.first()).toContainText('2 calls, 2.75 min, $0.25');
  // Its time in the account's timezone, which the section names, not in UTC.
  await expect(page.getByText('Times are in the account timezone, Asia/Bahrain.')).toBeVisible();
  const [record] = await serverImports(page);
  const inBahrain = cdrImportClock(record!.importedAt, 'Asia/Bahrain')!;
  expect(inBahrain.zone).toBe('Asia/Bahrain');
  await expect(rows.first().getByRole('cell').nth(0)).toHaveText(`${inBahrain.day} ${inBahrain.clock} by ${record!.importedBy}`);
  const undoQuestion = new Promise<string>((resolve) =>
    page.once('dialog', (dialog) => {
      resolve(dialog.message());
      void dialog.accept();
    }),
  );
  await past.getByRole('button', { name: /^Undo import of bahrain-switch\.csv/ }).click();
  expect(await undoQuestion).toContain(`Undo the import of "bahrain-switch.csv" imported ${inBahrain.day} ${inBahrain.clock} Asia/Bahrain?`);
  await expect(rows.first().getByTestId('import-undone')).toBeVisible();
  await expect.poll(serverDays, { timeout: 20_000 }).toEqual([]);

  // The same file again, in the account's zone this time: nothing is taken as already imported.
  await read();
  await expect(zone).toHaveValue('Asia/Bahrain');
  await checkAndImport();
  await expect.poll(serverDays, { timeout: 20_000 }).toEqual(['2026-03-01']);
  const usage = (await serverUsage(page)).filter((u) => u.customerId === globex.id);
  // 0.18 + 0.067501 = 0.247501 on 1 March; 120 + 45 billed seconds.
  expect(usage.map((u) => `${u.day} ${u.destination} ${u.calls} ${u.billedSeconds} ${u.charge}`).sort()).toEqual([
    '2026-03-01 33 1 45 0.067501',
    '2026-03-01 44 1 120 0.180000',
  ]);
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByRole('button', { name: /^Undo import of bahrain-switch\.csv/ })).toBeEnabled();
  // Its times in the account's zone, named once for the section rather than on each row.
  const shownTime = /[A-Z][a-z]{2} \d{1,2}, \d{4} \d{2}:\d{2}/;
  await expect(rows.first()).toContainText(shownTime);
  await expect(rows.first()).not.toContainText('UTC');
  await expect(rows.nth(1).getByTestId('import-undone')).toHaveText(new RegExp(`^Undone ${shownTime.source} by `));
  await expectNoSeriousA11yViolations(page);

  // An issued invoice now bills 1 March: the row says so, and Undo cannot be pressed to be refused.
  const march = draftWithLines(globex.id, ['March calls']);
  Object.assign(march.mutation.args.invoice, { periodStart: '2026-03-01', periodEnd: '2026-03-31' });
  await seed(page, [march.mutation, { name: 'issueInvoice', args: { id: march.invoiceId } }]);
  await openSynced(page, '/usage/import');
  await expect(rows.first().getByRole('button', { name: /^Undo import of bahrain-switch\.csv/ })).toBeDisabled();
  await expect(rows.first().getByTestId('undo-blocked')).toHaveText(
    'Cannot be undone: invoice INV-1 (Globex Carrier, period Mar 1, 2026 to Mar 31, 2026) bills its usage of Mar 1, 2026. Void that invoice first, or keep the import and bill the difference as late calls.',
  );
});

test('a file of 25,000 CDRs (three importCdrs mutations) imports whole, and syncs with no error', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await signUp(page);
  const { globex } = cdrCustomers();
  await seed(page, [{ name: 'createCustomer', args: globex }]);
  await openSynced(page, '/usage/import');

  const lines = ['time,customer,destination_number,duration,charge,call_id'];
  // 10 days, one destination (the calling code), each CDR 0.01.
  for (let i = 0; i < 25_000; i++) lines.push(`2026-03-${String(1 + (i % 10)).padStart(2, '0')}T10:00:00Z,GLX-1,4477009${i % 5}0000,60,0.01,many-${i}`);
  const file = testInfo.outputPath('many.csv');
  await writeFile(file, `${lines.join('\n')}\n`);
  await page.getByLabel('CDR file', { exact: true }).setInputFiles(file);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByTestId('good-count')).toHaveText('25,000 CDRs are ready to import');
  await page.getByRole('button', { name: 'Import 25,000 CDRs' }).click();
  await expect(page.getByTestId('import-done')).toHaveText('Imported 25,000 CDRs into 10 usage rows.');
  await expect.poll(async () => (await serverUsage(page)).reduce((calls, row) => calls + row.calls, 0), { timeout: 30_000 }).toBe(25_000);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
  expect(errors).toEqual([]);
});

test('cancel while reading writes nothing; bad lines are listed with their line numbers', async ({ page }, testInfo) => {
  await signUp(page);
  const { globex } = cdrCustomers();
  await seed(page, [{ name: 'createCustomer', args: globex }]);
  await openSynced(page, '/usage/import');

  const lines = ['time,customer,destination_number,duration,charge,currency,call_id'];
  lines.push('2026-03-01T10:00:00Z,GLX-1,447700900001,-3,0.1,USD,e-1');
  lines.push('2026-03-01T10:00:00Z,GLX-1,447700900001,60,0.1,EUR,e-2');
  lines.push('2026-03-01T10:00:00Z,Unknown Co,447700900001,60,0.1,USD,e-3');
  lines.push('2026-03-01T10:00:00Z,GLX-1,447700900001,60,0.1,USD,e-4');
  await page.getByLabel('CDR file', { exact: true }).setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByTestId('good-count')).toHaveText('1 CDR is ready to import');
  await expect(page.getByTestId('bad-count')).toHaveText('2 lines have errors and will not be imported');
  // Unknown Co waits for a pick: its picker is empty, and its CDR is not said to be skipped, as the user chose nothing.
  await expect(page.getByTestId('unmapped-count')).toHaveText('1 CDR belongs to a customer not mapped yet: pick the customer below, or Skip. Until then it is not imported.');
  await expect(page.getByTestId('skipped-count')).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Customer for Unknown Co', exact: true })).toHaveValue('');
  await expect(page.getByRole('combobox', { name: 'Customer for Unknown Co', exact: true })).toHaveAttribute('placeholder', 'Pick a customer, or skip these CDRs');
  const report = page.getByRole('region', { name: 'Error report' });
  await expect(report.getByRole('row', { name: /^2 duration -3 is negative/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /^3 currency EUR is not Globex Carrier's \(USD\)/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  // The unknown customer mapped to Globex, found by its accounting id, joins the import.
  await pickCustomer(page, 'Customer for Unknown Co', 'Globex Carrier (Globex Carrier Ltd)', 'glx-1');
  await expect(page.getByTestId('good-count')).toHaveText('2 CDRs are ready to import');
  await expect(page.getByTestId('skipped-count')).toBeHidden();
  await expect(page.getByTestId('unmapped-count')).toBeHidden();
  // Its row stays, showing the pick, which can be changed until Import: to Skip, and back by keyboard.
  const unknownPicker = page.getByRole('combobox', { name: 'Customer for Unknown Co', exact: true });
  const unknownRow = page.getByTestId('unknown-customers').getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Unknown Co' }) });
  await expect(unknownRow.getByRole('combobox')).toHaveValue('Globex Carrier (Globex Carrier Ltd)');
  await unknownPicker.click();
  await page.getByRole('listbox', { name: 'Customers' }).getByRole('option', { name: 'Skip these CDRs' }).click();
  await expect(unknownPicker).toHaveValue('Skip these CDRs');
  await expect(page.getByTestId('good-count')).toHaveText('1 CDR is ready to import');
  // Skip picked: now it is skipped, by choice.
  await expect(page.getByTestId('skipped-count')).toHaveText('1 CDR belongs to customers that are skipped');
  await expect(page.getByTestId('unmapped-count')).toBeHidden();
  await unknownPicker.fill('glx');
  await unknownPicker.press('Enter');
  await expect(unknownPicker).toHaveValue('Globex Carrier (Globex Carrier Ltd)');
  await expect(page.getByTestId('good-count')).toHaveText('2 CDRs are ready to import');
  await expect(page.getByTestId('skipped-count')).toBeHidden();
  // Cancel at the review: nothing is written, and the focus goes back to the first step.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: '1. Choose a CDR file' })).toBeFocused();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced');
  expect(await serverUsage(page)).toEqual([]);

  // A large file: cancel while the worker is still reading.
  const big = ['time,customer,destination_number,duration,charge,call_id'];
  for (let i = 0; i < 600_000; i++) big.push(`2026-03-01T10:00:00Z,GLX-1,4477009${String(i).padStart(5, '0')},60,0.01,big-${i}`);
  // From disk: a local browser reads the path itself (a buffer would be copied over the protocol).
  const bigPath = testInfo.outputPath('big.csv');
  await writeFile(bigPath, `${big.join('\n')}\n`);
  await page.getByLabel('CDR file', { exact: true }).setInputFiles(bigPath);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByRole('progressbar', { name: 'Reading the CDR file' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Reading big.csv' })).toBeFocused();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('progressbar', { name: 'Reading the CDR file' })).toBeHidden();
  await expect(page.getByRole('heading', { name: '1. Choose a CDR file' })).toBeFocused();
  await expect(page.getByTestId('cdr-summary')).toBeHidden();
  expect(await serverUsage(page)).toEqual([]);
});

// The tester's case: a row without its last cell (the call id) was imported without a word.
test('a row with fewer or more cells than the header is a line with errors, saying so by its line', async ({ page }) => {
  await signUp(page);
  const { globex } = cdrCustomers();
  await seed(page, [{ name: 'createCustomer', args: globex }]);
  await openSynced(page, '/usage/import');
  // A quoted name holding a comma (one cell), and the blank line the file ends with (no row).
  await page.getByLabel('CDR file', { exact: true }).setInputFiles(path.join(import.meta.dirname, 'fixtures', 'cdr', 'cell-counts.csv'));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByTestId('good-count')).toHaveText('3 CDRs are ready to import');
  await expect(page.getByTestId('bad-count')).toHaveText('3 lines have errors and will not be imported');
  const report = page.getByRole('region', { name: 'Error report' });
  await expect(report.getByRole('row', { name: /^3 has 8 cells, the header has 9$/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /^4 has 10 cells, the header has 9$/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /^7 has 10 cells, the header has 9$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Import 3 CDRs' }).click();
  await expect(page.getByTestId('import-done')).toHaveText('Imported 3 CDRs into 1 usage row.');
  await expect.poll(async () => (await serverUsage(page)).map((u) => `${u.day} ${u.destination} ${u.calls} ${u.charge}`)).toEqual(['2026-03-04 44 3 0.200000']);
});

test('an owner creates an API key, a softswitch pushes CDRs with it, and a revoked key is refused', async ({ page }) => {
  await signUp(page);
  const { globex } = cdrCustomers();
  await seed(page, [{ name: 'createCustomer', args: globex }]);
  await openSynced(page, '/usage/api-keys');
  // On a phone the Name field takes the card's width, not a narrow inline box.
  await page.setViewportSize({ width: 390, height: 844 });
  const nameBox = (await page.getByLabel('Name', { exact: true }).boundingBox())!;
  const cardBox = (await page.locator('section.card').filter({ has: page.getByLabel('Name', { exact: true }) }).boundingBox())!;
  expect(nameBox.width).toBeGreaterThan(cardBox.width * 0.8);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByLabel('Name', { exact: true }).fill('Switch London');
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.getByTestId('new-api-key').textContent()) ?? '';
  expect(key).toMatch(/^tbk_/);
  // The keys fit a 390px phone, each a card (nothing to scroll sideways to), and are a table of columns at a desk.
  const keys = page.getByRole('table', { name: 'API keys' });
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(page);
  expect(await keys.evaluate((table) => table.parentElement!.scrollWidth - table.parentElement!.clientWidth)).toBeLessThanOrEqual(0);
  const revoke = (await page.getByRole('button', { name: 'Revoke Switch London' }).boundingBox())!;
  expect(revoke.x + revoke.width).toBeLessThanOrEqual(390);
  const keyCell = keys.getByRole('cell').first();
  await expect(keyCell).toHaveText(/^tbk_/);
  expect(await keyCell.evaluate((cell) => getComputedStyle(cell, '::before').content)).toBe('"Key" / ""');
  await page.setViewportSize({ width: 1280, height: 800 });
  const headerTops = await keys.getByRole('columnheader').evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().top)));
  expect(headerTops).toHaveLength(5);
  expect(new Set(headerTops).size).toBe(1);

  const push = () =>
    page.request.post('/api/cdrs', {
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      data: readFileSync(path.join(import.meta.dirname, 'fixtures', 'cdr', 'freeswitch.csv')),
    });
  const first = await push();
  expect(first.status()).toBe(200);
  // 0.18 + 0.0675 + 0 (busy) in three usage rows. FreeSWITCH writes no currency: the answer says
  // the charges were taken in Globex's own (the import screen asks instead).
  expect(await first.json()).toEqual({
    accepted: 3,
    duplicates: 0,
    badCount: 0,
    badRows: [],
    usageRows: 3,
    currencyAssumed: [{ customerId: globex.id, customer: 'Globex Carrier', currency: 'USD', cdrs: 3 }],
    note: expect.stringMatching(/^The CDRs name no currency: their charges are taken in each customer's own currency, Globex Carrier in USD\. /),
  });
  await expect.poll(async () => (await serverUsage(page)).map((u) => u.charge).sort()).toEqual(['0.000000', '0.067500', '0.180000']);

  // Revoking asks first; the key shown once disappears with it.
  page.once('dialog', (confirm) => void confirm.dismiss());
  await page.getByRole('button', { name: 'Revoke Switch London' }).click();
  await expect(page.getByTestId('new-api-key')).toBeVisible();
  expect((await push()).status()).toBe(200);
  page.once('dialog', (confirm) => void confirm.accept());
  await page.getByRole('button', { name: 'Revoke Switch London' }).click();
  await expect(page.getByText(/^Revoked /)).toBeVisible();
  await expect(page.getByTestId('new-api-key')).toHaveCount(0);
  expect((await push()).status()).toBe(401);
});

test("on a 390px phone the customers not found are cards: the picker on screen, its list floating over what follows, the pick shown", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  const { globex } = cdrCustomers();
  await seed(page, [{ name: 'createCustomer', args: globex }]);
  await openSynced(page, '/usage/import');
  const lines = ['time,customer,destination_number,duration,charge,currency,call_id'];
  lines.push('2026-03-01T10:00:00Z,Mystery Telecom,447700900001,60,0.1,USD,p-1');
  lines.push('2026-03-01T10:00:00Z,Mystery Telecom,447700900001,60,0.1,USD,p-2');
  lines.push('2026-03-01T10:00:00Z,Other Co,447700900001,60,0.1,USD,p-3');
  await page.getByLabel('CDR file', { exact: true }).setInputFiles({ name: 'phone.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByTestId('unmapped-count')).toHaveText('3 CDRs belong to customers not mapped yet: pick the customers below, or Skip. Until then they are not imported.');

  const field = page.getByRole('combobox', { name: 'Customer for Mystery Telecom', exact: true });
  const below = page.getByRole('combobox', { name: 'Customer for Other Co', exact: true });
  const fieldBox = (await field.boundingBox())!;
  expect(fieldBox.x).toBeGreaterThanOrEqual(0);
  expect(fieldBox.x + fieldBox.width).toBeLessThanOrEqual(390);
  // Boxes are measured in the viewport, which typing may scroll: the next field's offset is compared.
  const belowOffset = (await below.boundingBox())!.y - fieldBox.y;
  await field.fill('glob');
  const list = page.getByRole('listbox', { name: 'Customers' });
  await expect(list.getByRole('option', { name: 'Globex Carrier (Globex Carrier Ltd)' })).toBeVisible();
  // The list floats in the screen's width, under the field: opening it moved nothing below.
  const [listBox, openFieldBox, belowBox] = [(await list.boundingBox())!, (await field.boundingBox())!, (await below.boundingBox())!];
  expect(listBox.x).toBeGreaterThanOrEqual(0);
  expect(listBox.x + listBox.width).toBeLessThanOrEqual(390);
  expect(listBox.y).toBeGreaterThanOrEqual(openFieldBox.y + openFieldBox.height);
  expect(belowBox.y - openFieldBox.y).toBe(belowOffset);
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);
  await field.press('Enter');
  await expect(field).toHaveValue('Globex Carrier (Globex Carrier Ltd)');
  await expect(page.getByTestId('good-count')).toHaveText('2 CDRs are ready to import');
  await expect(page.getByTestId('unmapped-count')).toHaveText('1 CDR belongs to a customer not mapped yet: pick the customer below, or Skip. Until then it is not imported.');
  await expectNoHorizontalScroll(page);
});

test('a second customer of the same name is warned of (not refused), and CDRs naming both are listed as matching several customers, not as not found', async ({ page }) => {
  await signUp(page);
  const { globex } = cdrCustomers();
  await seed(page, [{ name: 'createCustomer', args: globex }]);
  await openSynced(page, '/customer/edit');
  await page.getByLabel('Name', { exact: true }).fill('globex carrier ');
  await expect(page.getByText("Globex Carrier is another customer's name too: CDRs that name it match both customers, and are not imported until mapped to one.")).toBeVisible();
  await page.getByLabel('Currency').selectOption('USD');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: 'globex carrier', level: 1 })).toBeVisible();

  await openSynced(page, '/usage/import');
  const lines = ['time,customer,destination_number,duration,charge,currency,call_id'];
  lines.push('2026-03-01T10:00:00Z,Globex Carrier,447700900001,60,0.1,USD,s-1');
  lines.push('2026-03-01T10:00:00Z,Unknown Co,447700900001,60,0.1,USD,s-2');
  await page.getByLabel('CDR file', { exact: true }).setInputFiles({ name: 'same.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByTestId('unmapped-count')).toHaveText('2 CDRs belong to customers not mapped yet: pick the customers below, or Skip. Until then they are not imported.');
  await expect(page.getByRole('heading', { name: 'Matches several customers' })).toBeVisible();
  await expect(page.getByText('Several customers have this name or External accounting id, so these CDRs match more than one')).toBeVisible();
  await expect(page.getByTestId('ambiguous-customers').getByRole('rowheader', { name: 'Globex Carrier', exact: true })).toBeVisible();
  await expect(page.getByTestId('unknown-customers').getByRole('rowheader')).toHaveText(['Unknown Co']);
  // The mapping step says what the file's customer text is matched against.
  await expect(page.getByRole('region', { name: 'Customers not found' })).toContainText(
    "The customer column (the switch's account code) is matched against each customer's External accounting id, then its name",
  );

  // Globex Carrier (the first, GLX-1) picked for its name: it holds another external id, so the
  // mapping is for this import only, and the step says so.
  await pickCustomer(page, 'Customer for Globex Carrier', 'Globex Carrier (Globex Carrier Ltd)', 'GLX-1');
  await expect(page.getByTestId('ambiguous-customers').getByTestId('remember-once')).toHaveText(
    "Globex Carrier's External accounting id is GLX-1, and a customer has one: this mapping is for this import only. To have the next files find Globex Carrier by itself, make the switch's account code GLX-1, or change the id on the customer's page.",
  );

  // Leaving the page with the file checked and not imported asks first; staying keeps the check and the pick.
  const questions: string[] = [];
  page.on('dialog', (dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await expect.poll(() => questions).toEqual(['The CDR file checked here is not imported yet. Leave the page and lose the check and your choices?']);
  await expect(page).toHaveURL('/usage/import');
  await expect(page.getByRole('combobox', { name: 'Customer for Globex Carrier', exact: true })).toHaveValue('Globex Carrier (Globex Carrier Ltd)');
  await page.goBack();
  await expect.poll(() => questions).toHaveLength(2);
  await expect(page).toHaveURL('/usage/import');
  await expect(page.getByTestId('good-count')).toHaveText('1 CDR is ready to import');

  // Unknown Co is a new customer: made in a new tab, the check stays here, and lists it once saved.
  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: 'Create a new customer (opens in a new tab)' }).click()]);
  await expect(tab.getByRole('heading', { name: 'New customer', level: 1 })).toBeVisible();
  await tab.getByLabel('Name', { exact: true }).fill('Unknown Company');
  await tab.getByLabel('Currency').selectOption('USD');
  await tab.getByRole('button', { name: 'Create customer' }).click();
  await expect(tab.getByRole('heading', { name: 'Unknown Company', level: 1 })).toBeVisible();
  await tab.close();
  await pickCustomer(page, 'Customer for Unknown Co', 'Unknown Company', 'Unknown Comp');
  // It has no external id: the step offers to remember the mapping (ticked), as its External accounting id.
  const remember = page.getByRole('checkbox', { name: "Remember: save Unknown Co as Unknown Company's External accounting id, so the next files find Unknown Company" });
  await expect(remember).toBeChecked();
  await expect(page.getByTestId('good-count')).toHaveText('2 CDRs are ready to import');
  await page.getByRole('button', { name: 'Import 2 CDRs' }).click();
  await expect(page.getByTestId('import-done')).toHaveText('Imported 2 CDRs into 2 usage rows.');
  await expect(page.getByTestId('import-remembered')).toHaveText("Unknown Co is now Unknown Company's External accounting id: the next files find the customer by itself.");

  // The next file finds Unknown Company by itself (case aside), asking nothing; the mapping synced.
  await expect
    .poll(async () => (await serverRows<Customer>(page, 'customers')).find((c) => c.name === 'Unknown Company')?.externalId, { timeout: 20_000 })
    .toBe('Unknown Co');
  const next = ['time,customer,destination_number,duration,charge,currency,call_id', '2026-03-02T10:00:00Z,unknown co,447700900001,60,0.1,USD,s-3'];
  await page.getByLabel('CDR file', { exact: true }).setInputFiles({ name: 'next.csv', mimeType: 'text/csv', buffer: Buffer.from(`${next.join('\n')}\n`) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByTestId('good-count')).toHaveText('1 CDR is ready to import');
  await expect(page.getByRole('heading', { name: 'Customers not found' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Import 1 CDR' }).click();
  await expect(page.getByTestId('import-done')).toHaveText('Imported 1 CDR into 1 usage row.');
  await expect(page.getByRole('region', { name: 'Import finished' }).getByRole('link')).toHaveText(['Unknown Company']);
  // Imported: leaving asks nothing.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  expect(questions).toHaveLength(2);
});

test('Past imports on a phone: each import is a card with Undo on screen; an import that added nothing once synced says so, without Undo', async ({ page }) => {
  await signUp(page);
  const { globex } = cdrCustomers();
  const cells = [{ customerId: globex.id, currency: 'USD', day: '2026-03-01', destination: '44', destinationName: 'United Kingdom', cdrs: 'c:dup-1\t60\t60\t0.25\nc:dup-2\t30\t30\t0.10' }];
  const importOf = (fileName: string, importedAt: string) => ({ id: randomUUID(), part: 0, fileName, importedAt, importedBy: 'ann@example.com' });
  // The same file imported on two devices offline: the second to sync finds every CDR imported already.
  await seed(page, [{ name: 'createCustomer', args: globex }]);
  await seed(page, [{ name: 'importCdrs', args: { cells, import: importOf('march-switch.csv', '2026-03-02T09:00:00.000Z') } }]);
  await seed(page, [{ name: 'importCdrs', args: { cells, import: importOf('march-switch.csv', '2026-03-02T09:05:00.000Z') } }]);
  await openSynced(page, '/usage/import');
  const past = page.getByRole('region', { name: 'Past imports' });
  const rows = past.getByTestId('past-import');
  await expect(rows).toHaveCount(2);
  // Newest first: the one that added nothing.
  await expect(rows.first().getByTestId('import-added-nothing')).toHaveText(
    'Added nothing: its CDRs were imported already (the same file, on another device say), so there is nothing to undo.',
  );
  await expect(rows.first()).not.toContainText('0 calls');
  await expect(rows.first().getByRole('button', { name: /Undo import/ })).toHaveCount(0);
  await expect(rows.nth(1)).toContainText('2 calls, 1.50 min, $0.35');
  await expect(rows.nth(1).getByRole('button', { name: /^Undo import of march-switch\.csv/ })).toBeVisible();

  await page.setViewportSize({ width: 390, height: 800 });
  await expectNoHorizontalScroll(page);
  const undo = rows.nth(1).getByRole('button', { name: /^Undo import of march-switch\.csv/ });
  await undo.scrollIntoViewIfNeeded();
  const box = (await undo.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  // The customers read on one line, not a letter a line.
  const customers = rows.nth(1).getByRole('cell').filter({ hasText: 'Globex Carrier' });
  expect((await customers.boundingBox())!.height).toBeLessThan(40);
  await expectNoSeriousA11yViolations(page);
});
