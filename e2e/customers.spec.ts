import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { parseCsv, serializeCsv } from '../lib/csv';
import { browserQuestions, followMainLink, openSynced, seed, signUp, twoDevices, waitUntilNothingToSync } from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations, waitForRoutesOnDevice } from './page-checks';

/** Loads the app online and synced, then cuts the network: everything after runs from the device alone. */
async function openOffline(page: Page, path: string, heading: string) {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
  await waitForRoutesOnDevice(page);
  await page.context().setOffline(true);
}

test('create, edit and find a customer with two contacts, offline', async ({ page }) => {
  await signUp(page);
  await openOffline(page, '/customers', 'Customers');
  const nav = page.getByRole('navigation', { name: 'Main' });

  await page.getByRole('link', { name: 'New customer' }).click();
  await expect(page.getByRole('heading', { name: 'New customer', level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Invalid input is refused beside its field and nothing is written.
  await page.getByLabel('Tax %').fill('-5');
  await page.getByLabel('Invoice due days').fill('thirty');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toBeVisible();
  await expect(page.getByText('Name is required')).toBeVisible();
  await expect(page.getByText('Tax % must not be negative')).toBeVisible();
  await expect(page.getByText('Invoice due days must be a whole number of days from 0 to 365')).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  // Focus goes to the first field in error (on a phone it may be a screen above the button).
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  // A rate typed as written on paper is refused saying what to change.
  await page.getByLabel('Tax %').fill('19%');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByText('Tax % must be a number without the % sign, like 19.5')).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill('Kestrel Voice');
  await page.getByLabel('Company').fill('Kestrel Voice Ltd');
  await page.getByLabel('Currency').selectOption('EUR');
  await page.getByLabel('Tax %').fill('19');
  await page.getByLabel('Invoice due days').fill('14');
  await page.getByLabel('Invoice schedule').selectOption('weekly');
  await page.getByLabel('External accounting id').fill('ACC-42');
  await page.getByLabel('Address').fill('Mainzer Landstraße 1\n60329 Frankfurt');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByLabel('Contact 1 name').fill('Greta Fischer');
  await page.getByLabel('Contact 1 email').fill('greta@kestrel.example');
  await page.getByLabel('Contact 1 phone').fill('+49 69 2578 0001');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByLabel('Contact 2 name').fill('Jonas Becker');
  await page.getByLabel('Contact 2 email').fill('noc@kestrel.example');
  await page.getByRole('button', { name: 'Create customer' }).click();

  await expect(page.getByRole('heading', { name: 'Kestrel Voice', level: 1 })).toBeVisible();
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('Kestrel Voice Ltd');
  await expect(details).toContainText('EUR');
  await expect(details).toContainText('14 days after the invoice date');
  const contacts = page.getByRole('list', { name: 'Contacts' });
  await expect(contacts.getByRole('listitem')).toHaveCount(2);
  await expect(contacts).toContainText('Greta Fischer');
  await expect(contacts).toContainText('noc@kestrel.example');
  // The invoices section links to the invoice screens for this customer.
  const invoices = page.getByTestId('customer-invoices');
  await expect(invoices.getByRole('link', { name: 'Generate Invoice' })).toHaveAttribute('href', /\/invoice\/generate\?customer=[0-9a-f-]{36}$/);
  await expect(invoices.getByRole('link', { name: 'View invoices' })).toHaveAttribute('href', /\/invoices\?customer=[0-9a-f-]{36}$/);
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('link', { name: 'Edit customer' }).click();
  await expect(page.getByRole('heading', { name: 'Edit Kestrel Voice', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Contact 2 name')).toHaveValue('Jonas Becker');
  await page.getByLabel('Company').fill('Kestrel Voice GmbH');
  await page.getByLabel('Status').selectOption('inactive');
  await page.getByLabel('Contact 2 phone').fill('+49 69 2578 0002');
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page.getByRole('heading', { name: 'Kestrel Voice', level: 1 })).toBeVisible();
  await expect(details).toContainText('Kestrel Voice GmbH');
  await expect(details).toContainText('Inactive');
  await expect(contacts).toContainText('+49 69 2578 0002');

  // A second customer so that finding one is a real filter.
  await nav.getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Atlas Telecom');
  // An external id another customer has would make CDRs naming it ambiguous: the form says so.
  await page.getByLabel('External accounting id').fill(' acc-42');
  await expect(page.getByText('Kestrel Voice has the same external id: CDRs that name it will be refused as ambiguous.')).toBeVisible();
  await page.getByLabel('External accounting id').fill('ACC-43');
  await expect(page.getByText('has the same external id')).toHaveCount(0);
  // A contact email with a typing slip is refused beside it.
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByLabel('Contact 1 email').fill('ops.atlas.example');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByText('must be an email address like billing@example.com')).toBeVisible();
  await page.getByLabel('Contact 1 email').fill('ops@atlas.example');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: 'Atlas Telecom', level: 1 })).toBeVisible();

  await nav.getByRole('link', { name: 'Customers' }).click();
  const table = page.getByRole('table', { name: 'Customers' });
  await expect(table.getByRole('row')).toHaveCount(3);
  const search = page.getByLabel('Search customers');
  // By a contact's email, then by company, then by nothing that exists.
  await search.fill('noc@kestrel');
  await expect(page.getByText('1 of 2 customers')).toBeVisible();
  await expect(table.getByRole('link', { name: 'Kestrel Voice' })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Atlas Telecom' })).toHaveCount(0);
  await search.fill('gmbh');
  await expect(table.getByRole('link', { name: 'Kestrel Voice' })).toBeVisible();
  await search.fill('');
  await page.getByLabel('Status', { exact: true }).selectOption('active');
  await expect(page.getByText('1 of 2 customers')).toBeVisible();
  await expect(table.getByRole('link', { name: 'Atlas Telecom' })).toBeVisible();
  await page.getByLabel('Status', { exact: true }).selectOption('all');
  await page.getByRole('button', { name: 'Ascending' }).click();
  await expect(table.getByRole('row').nth(1)).toContainText('Kestrel Voice');
  await search.fill('zzz-nobody');
  await expect(page.getByText('No customer matches.')).toBeVisible();
  await search.fill('');
  await expectNoSeriousA11yViolations(page);

  await table.getByRole('link', { name: 'Kestrel Voice' }).click();
  await expect(page.getByRole('heading', { name: 'Kestrel Voice', level: 1 })).toBeVisible();
  // Its statement opens offline too (its route was fetched while online), from the device's records:
  // nothing billed yet. The device has synced, so the statement has no first-sync warning and its PDF.
  await page.getByRole('link', { name: 'Statement', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Statement: Kestrel Voice', level: 1 })).toBeVisible();
  await expect(page.getByTestId('statement-closing')).toHaveText('€0.00');
  await expect(page.getByTestId('not-downloaded')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'PDF' })).toBeVisible();

  // A customer without invoices can be deleted, after confirming.
  await nav.getByRole('link', { name: 'Customers' }).click();
  await table.getByRole('link', { name: 'Atlas Telecom' }).click();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Delete customer' }).click();
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  await expect(page.getByText('1 customer', { exact: true })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Atlas Telecom' })).toHaveCount(0);
});

test('user text shows as text everywhere, and the screens fit a phone', async ({ page }) => {
  await signUp(page);
  // Any alert means user text ran as HTML.
  const alerts: string[] = [];
  page.on('dialog', (dialog) => {
    alerts.push(dialog.message());
    void dialog.dismiss();
  });
  await page.setViewportSize({ width: 390, height: 844 });
  await openOffline(page, '/customer/edit', 'New customer');
  const evil = '<img src=x onerror=alert(1)>';
  await page.getByLabel('Name', { exact: true }).fill(evil);
  await page.getByLabel('Company').fill('<b>bold</b> & "quoted"');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByLabel('Contact 1 name').fill('<script>alert(2)</script>');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: evil, level: 1 })).toBeVisible();
  await expect(page.getByText('<b>bold</b> & "quoted"')).toBeVisible();
  await expect(page.getByText('<script>alert(2)</script>')).toBeVisible();
  await expect(page.locator('main img[src="x"], main b')).toHaveCount(0);
  await expectNoHorizontalScroll(page);

  // On a phone the sections are in the header's menu.
  await page.getByRole('banner').getByRole('button', { name: 'Menu' }).click();
  await followMainLink(page, 'Customers');
  await expect(page.getByRole('table', { name: 'Customers' }).getByRole('link', { name: evil })).toBeVisible();
  await expect(page.locator('main img')).toHaveCount(0);
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);
  expect(alerts).toEqual([]);
});

test('the customer form and list work from the keyboard alone', async ({ page }) => {
  await signUp(page);
  await openOffline(page, '/customer/edit', 'New customer');
  await page.getByLabel('Name', { exact: true }).focus();
  await page.keyboard.type('Zephyr Link');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Company')).toBeFocused();
  await page.keyboard.type('Zephyr Link Pte. Ltd.');
  // The only contact removed, the focus goes back to Add contact.
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByRole('button', { name: 'Remove contact 1' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Add contact' })).toBeFocused();
  await page.getByRole('button', { name: 'Add contact' }).focus();
  await page.keyboard.press('Enter');
  // Adding a contact takes the focus to the new contact's name (its fields come before the button).
  await expect(page.getByLabel('Contact 1 name')).toBeFocused();
  await page.keyboard.type('Tara Okafor');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Contact 1 email')).toBeFocused();
  await page.keyboard.type('tara@zephyr.example');
  // Removing a contact keeps the focus among the contacts: the next one's name, else the one
  // before, else Add contact.
  for (const [n, name] of [[2, 'Second'], [3, 'Third']] as const) {
    await page.getByRole('button', { name: 'Add contact' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByLabel(`Contact ${n} name`)).toBeFocused();
    await page.keyboard.type(name);
  }
  await page.getByRole('button', { name: 'Remove contact 2' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Contact 2 name')).toBeFocused();
  await expect(page.getByLabel('Contact 2 name')).toHaveValue('Third');
  await page.getByRole('button', { name: 'Remove contact 2' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Contact 1 name')).toBeFocused();
  await expect(page.getByLabel('Contact 1 name')).toHaveValue('Tara Okafor');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Contact 1 email')).toBeFocused();
  // Enter in a text field submits the form.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Zephyr Link', level: 1 })).toBeVisible();

  await followMainLink(page, 'Customers');
  await page.getByLabel('Search customers').focus();
  await page.keyboard.type('tara@');
  const link = page.getByRole('table', { name: 'Customers' }).getByRole('link', { name: 'Zephyr Link' });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Zephyr Link', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Contacts' })).toContainText('tara@zephyr.example');
});

test('import a CSV: 3 good rows are imported after confirming, 2 bad rows are reported', async ({ page }) => {
  await signUp(page);
  await openOffline(page, '/customers', 'Customers');
  await page.getByRole('link', { name: 'Import CSV' }).click();
  await expect(page.getByRole('heading', { name: 'Import customers', level: 1 })).toBeVisible();

  // An unreadable file imports nothing and says why.
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80]) });
  const refusal = page.getByRole('alert').filter({ hasText: 'The file cannot be imported' });
  await expect(refusal).toContainText('Nothing was imported');
  // A header alone has no customers to import: said so, rather than offering to import 0.
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'header.csv', mimeType: 'text/csv', buffer: Buffer.from('name,company\n') });
  await expect(refusal).toContainText('The file has a header row but no customer rows');
  await expect(page.getByRole('button', { name: /^Import \d/ })).toHaveCount(0);
  // Excel's "Unicode text" (UTF-16 with a byte-order mark) is read as such.
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name,company\nUTF16 Customer,Zürich\n', 'utf16le')]);
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'unicode.csv', mimeType: 'text/csv', buffer: utf16 });
  await expect(page.getByTestId('import-summary')).toHaveText('unicode.csv: 1 row is ready to import; 0 rows have errors and will be skipped.');
  await expect(page.getByRole('table', { name: 'Rows to import' }).getByRole('row', { name: /UTF16 Customer/ })).toContainText('Zürich');

  const csv = [
    'name,company,currency,tax_rate,due_days,status,contact_1_name,contact_1_email,contact_2_name',
    'Orbit Networks,Orbit Networks B.V.,EUR,21,30,active,Ines Visser,ines@orbit.example,Sven Hansen',
    '"Quartz Telecom, Inc",Quartz,USD,0,45,,,,',
    ',Nameless Ltd,GBP,20,30,active,,,',
    'Relay Voice,,GBP,20,14,inactive,Rosa Costa,rosa@relay.example,',
    'Broken Co,,XYZ,twenty,30,sleeping,,,',
  ].join('\n');
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-summary')).toHaveText('customers.csv: 3 rows are ready to import; 2 rows have errors and will be skipped.');
  const toImport = page.getByRole('table', { name: 'Rows to import' });
  await expect(toImport.getByRole('row')).toHaveCount(4);
  await expect(toImport).toContainText('Quartz Telecom, Inc');
  const report = page.getByRole('table', { name: /Error report/ });
  await expect(report.getByRole('row', { name: /^4 name is required$/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /^6 currency is not a known ISO 4217 currency code$/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /^6 status must be active or inactive$/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /^6 tax_rate / })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Nothing is written before the user confirms.
  await followMainLink(page, 'Customers');
  await expect(page.getByRole('status').filter({ hasText: 'No customers yet' })).toBeVisible();
  await page.getByRole('link', { name: 'Import CSV' }).click();
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import 3 customers' }).click();
  await expect(page.getByRole('status').filter({ hasText: '3 customers created, 0 updated.' })).toBeVisible();

  await page.getByRole('link', { name: 'Back to customers' }).click();
  const table = page.getByRole('table', { name: 'Customers' });
  await expect(page.getByText('3 customers', { exact: true })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Quartz Telecom, Inc' })).toBeVisible();

  // Text typed in the form, to come back exactly: a note that starts with an apostrophe and a
  // formula, an address padded with spaces, each with line breaks.
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Tern Voice');
  await page.getByLabel('Address').fill('  Street 1  \n  City  ');
  await page.getByLabel('Notes').fill("'=SUM(A1)\nsecond line\n");
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: 'Tern Voice', level: 1 })).toBeVisible();
  await followMainLink(page, 'Customers');
  await expect(page.getByText('4 customers', { exact: true })).toBeVisible();

  // Export writes the same format back, quoting what needs quoting.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
  const exported = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
  expect(exported[0]).toMatch(/^id,name,company,status,currency,tax_rate,due_days,schedule,address,external_id,notes,contact_1_name,contact_1_email,contact_1_phone,contact_2_name,/);
  expect(exported).toHaveLength(5);
  expect(exported.find((line) => line.includes('Quartz'))).toMatch(/^[0-9a-f-]{36},"Quartz Telecom, Inc",Quartz,active,USD,0,45,monthly,/);
  // The note's formula stays inert in a spreadsheet: one apostrophe more, which import takes off again.
  expect(exported.find((line) => line.includes('Tern Voice'))).toContain(`,"  Street 1  \n  City  ",,"''=SUM(A1)\nsecond line\n",`);

  // The export read back is recognised as the same customers (their ids), each unchanged: nothing to import, nothing duplicated.
  await page.getByRole('link', { name: 'Import CSV' }).click();
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'again.csv', mimeType: 'text/csv', buffer: readFileSync(await download.path()) });
  await expect(page.getByTestId('import-summary')).toHaveText(
    'again.csv: 0 rows are ready to import; 0 rows have errors and will be skipped. 4 rows change nothing and will be left out.',
  );
  await expect(page.getByRole('table', { name: 'Rows to import' }).getByRole('cell', { name: 'No change', exact: true })).toHaveCount(4);
  await expect(page.getByRole('button', { name: 'Import 0 customers' })).toBeDisabled();
  await followMainLink(page, 'Customers');
  await expect(page.getByText('4 customers', { exact: true })).toBeVisible();

  await table.getByRole('link', { name: 'Orbit Networks' }).click();
  await expect(page.getByRole('list', { name: 'Contacts' }).getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('21 %');
});

test('a CSV with only some columns updates only those: the customer keeps its currency, terms, text fields and contacts', async ({ page }) => {
  await signUp(page);
  const acmeId = randomUUID();
  // Every field differs from the import defaults (USD, tax 0, due 30, monthly, blank, no contacts).
  await seed(page, [
    {
      name: 'createCustomer',
      args: {
        id: acmeId,
        name: 'Acme VoIP',
        company: 'Acme VoIP GmbH',
        status: 'inactive',
        currency: 'EUR',
        taxRate: '19',
        dueDays: 14,
        schedule: 'weekly',
        address: 'Hauptstr. 1, Berlin',
        contacts: [
          { name: 'Anna Becker', email: 'anna@acme.example', phone: '+49 30 1234' },
          { name: 'Bo Lind', email: 'bo@acme.example', phone: '' },
        ],
        externalId: 'ACC-7',
        notes: 'first note',
      },
    },
  ]);
  await openOffline(page, '/customers/import', 'Import customers');

  const csv = `id,name,notes\n${acmeId},Acme VoIP,updated note via partial CSV\n`;
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'partial.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-summary')).toHaveText('partial.csv: 1 row is ready to import; 0 rows have errors and will be skipped.');
  // The preview shows the customer as it will be and the one change, not the defaults of absent columns.
  const row = page.getByRole('table', { name: 'Rows to import' }).getByRole('row', { name: /Acme VoIP/ });
  await expect(row.getByRole('cell')).toHaveText(['2', 'Acme VoIP GmbH', 'EUR', '2', 'Update', 'notes: first note → updated note via partial CSV']);
  await page.getByRole('button', { name: 'Import 1 customer' }).click();
  await expect(page.getByRole('status').filter({ hasText: '0 customers created, 1 updated.' })).toBeVisible();

  await page.getByRole('link', { name: 'Back to customers' }).click();
  await page.getByRole('table', { name: 'Customers' }).getByRole('link', { name: 'Acme VoIP' }).click();
  await expect(page.getByRole('heading', { name: 'Acme VoIP', level: 1 })).toBeVisible();
  const details = page.getByRole('region', { name: 'Details' });
  for (const [term, value] of [
    ['Company', 'Acme VoIP GmbH'],
    ['Status', 'Inactive'],
    ['Currency', 'EUR'],
    ['Tax', '19 %'],
    ['Invoices due', '14 days after the invoice date'],
    ['Schedule', 'Weekly'],
    ['External accounting id', 'ACC-7'],
    ['Address', 'Hauptstr. 1, Berlin'],
    ['Notes', 'updated note via partial CSV'],
  ]) {
    const field = details.locator('dl > div').filter({ has: page.getByRole('term').getByText(term!, { exact: true }) });
    await expect(field.getByRole('definition'), term).toHaveText(value!);
  }
  await expect(details.getByRole('list', { name: 'Contacts' }).getByRole('listitem')).toHaveText(['Anna Becker · anna@acme.example · +49 30 1234', 'Bo Lind · bo@acme.example']);

  // The preview collapses spacing to show text on a line, so a change of spacing alone is named.
  await followMainLink(page, 'Customers');
  await page.getByRole('link', { name: 'Import CSV' }).click();
  const spacingCsv = `id,name,address\n${acmeId},Acme VoIP,"Hauptstr. 1,  Berlin"\n`;
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'spacing.csv', mimeType: 'text/csv', buffer: Buffer.from(spacingCsv) });
  await expect(page.getByRole('table', { name: 'Rows to import' }).getByRole('row', { name: /Acme VoIP/ }).getByRole('cell').last()).toHaveText('address: spacing changed');

  // Without a name column, a row with the id of a customer updates the columns given; a row with
  // any other id cannot create a customer and is reported.
  const noNameCsv = `id,address\n${acmeId},"Hauptstr. 1,  Berlin"\n${randomUUID()},Elsewhere 2\n`;
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'no-name.csv', mimeType: 'text/csv', buffer: Buffer.from(noNameCsv) });
  await expect(page.getByTestId('import-summary')).toHaveText('no-name.csv: 1 row is ready to import; 1 row has errors and will be skipped.');
  await expect(page.getByRole('table', { name: 'Rows to import' }).getByRole('row', { name: /Acme VoIP/ }).getByRole('cell')).toHaveText([
    '2',
    'Acme VoIP GmbH',
    'EUR',
    '2',
    'Update',
    'address: spacing changed',
  ]);
  await expect(page.getByRole('table', { name: /Error report/ }).getByRole('row', { name: /^3 name is needed to create a customer/ })).toBeVisible();
  await page.getByRole('button', { name: 'Import 1 customer' }).click();
  await expect(page.getByRole('status').filter({ hasText: '0 customers created, 1 updated.' })).toBeVisible();

  // A file with contact columns replaces the contacts with the row's, and says so before importing.
  await followMainLink(page, 'Customers');
  await page.getByRole('link', { name: 'Import CSV' }).click();
  const contactsCsv = `id,name,contact_1_name,contact_1_email\n${acmeId},Acme VoIP,Cleo Park,cleo@acme.example\n`;
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(contactsCsv) });
  await expect(page.getByRole('table', { name: 'Rows to import' }).getByRole('row', { name: /Acme VoIP/ }).getByRole('cell').last()).toHaveText('contacts: Anna Becker, Bo Lind → Cleo Park');
  await page.getByRole('button', { name: 'Import 1 customer' }).click();
  await expect(page.getByRole('status').filter({ hasText: '0 customers created, 1 updated.' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to customers' }).click();
  await page.getByRole('table', { name: 'Customers' }).getByRole('link', { name: 'Acme VoIP' }).click();
  await expect(details.getByRole('list', { name: 'Contacts' }).getByRole('listitem')).toHaveText(['Cleo Park · cleo@acme.example']);
  await expect(details).toContainText('updated note via partial CSV');
  await expect(details).toContainText('EUR');

  // The same file again changes nothing: the row is left out, so nothing is written or synced.
  await followMainLink(page, 'Customers');
  await page.getByRole('link', { name: 'Import CSV' }).click();
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'partial.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-summary')).toHaveText(
    'partial.csv: 0 rows are ready to import; 0 rows have errors and will be skipped. 1 row changes nothing and will be left out.',
  );
  await expect(page.getByRole('table', { name: 'Rows to import' }).getByRole('row', { name: /Acme VoIP/ }).getByRole('cell').nth(4)).toHaveText('No change');
  await expect(page.getByRole('button', { name: 'Import 0 customers' })).toBeDisabled();

  // Deleted between the preview and Import (say, by a sync): the update row is refused, not
  // turned into a new customer with defaults for the columns the file does not have.
  const later = `id,name,notes\n${acmeId},Acme VoIP,a later note\n`;
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'later.csv', mimeType: 'text/csv', buffer: Buffer.from(later) });
  await expect(page.getByRole('table', { name: 'Rows to import' }).getByRole('row', { name: /Acme VoIP/ })).toContainText('Update');
  await page.evaluate(async (id) => {
    const identity = JSON.parse(localStorage.getItem('tollbook.identity')!) as { tenantId: string; userId: string };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(`tollbook-${identity.tenantId}-${identity.userId}`);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('customers', 'readwrite');
    tx.objectStore('customers').delete(id);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, acmeId);
  await page.getByRole('button', { name: 'Import 1 customer' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '0 customers created, 0 updated, 1 refused.' })).toBeVisible();
  await expect(page.getByText('This customer was deleted since the file was checked; check the file again to create it.')).toBeVisible();
});

test('leaving a customer form with unsaved edits (reload, close, a link in the app) asks first; an untouched one does not', async ({ page, context }) => {
  await signUp(page);
  const id = randomUUID();
  await seed(page, [
    {
      name: 'createCustomer',
      args: { id, name: 'Summit Voice', company: '', status: 'active', currency: 'GBP', taxRate: '20', dueDays: 30, schedule: 'monthly', address: '', contacts: [], externalId: '', notes: '' },
    },
  ]);
  const asked: string[] = [];
  const open = async () => {
    const tab = await context.newPage();
    tab.on('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.accept();
    });
    await tab.goto(`/customer/edit?id=${id}`);
    await expect(tab.getByRole('textbox', { name: 'Name' })).toHaveValue('Summit Voice');
    return tab;
  };
  // Untouched: it closes without a question.
  const untouched = await open();
  await untouched.getByLabel('Notes').click();
  await untouched.close({ runBeforeUnload: true });
  await expect.poll(() => untouched.isClosed()).toBe(true);
  expect(asked).toEqual([]);
  // Edited: the browser asks before the typing is thrown away.
  const edited = await open();
  await edited.getByLabel('Notes').fill('Call before noon');
  await edited.close({ runBeforeUnload: true });
  await expect.poll(() => asked).toEqual(['beforeunload']);

  // A link to another page of the app asks too: declined, the form stays with the typing; accepted, it goes.
  const navigating = await context.newPage();
  const { asked: questions, answer } = browserQuestions(navigating);
  await navigating.goto(`/customer/edit?id=${id}`);
  await navigating.getByLabel('Notes').fill('Call before noon');
  const menu = navigating.getByRole('navigation', { name: 'Main' });
  await menu.getByRole('link', { name: 'Invoices' }).click();
  await expect.poll(() => questions).toEqual(['This form has changes that are not saved. Leave it and lose them?']);
  await expect(navigating).toHaveURL(/\/customer\/edit/);
  await expect(navigating.getByLabel('Notes')).toHaveValue('Call before noon');
  answer(true);
  await menu.getByRole('link', { name: 'Invoices' }).click();
  await expect(navigating.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
  expect(questions).toHaveLength(2);
  // Untouched, nothing is asked.
  await navigating.goto(`/customer/edit?id=${id}`);
  await menu.getByRole('link', { name: 'Packages' }).click();
  await expect(navigating.getByRole('heading', { name: 'Packages', level: 1 })).toBeVisible();
  expect(questions).toHaveLength(2);
});

test('Back from a customer form with unsaved edits asks first; saved or untouched, Back goes straight to the page before', async ({ page }) => {
  await signUp(page);
  const id = randomUUID();
  await seed(page, [
    {
      name: 'createCustomer',
      args: { id, name: 'Summit Voice', company: '', status: 'active', currency: 'GBP', taxRate: '20', dueDays: 30, schedule: 'monthly', address: '', contacts: [], externalId: '', notes: '' },
    },
  ]);
  const { asked: questions, answer } = browserQuestions(page);
  const customerPage = page.getByRole('heading', { name: 'Summit Voice', level: 1, exact: true });
  const openForm = async () => {
    await page.goto(`/customer?id=${id}`);
    await expect(customerPage).toBeVisible();
    await page.getByRole('link', { name: 'Edit' }).click();
    await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Summit Voice');
  };

  // Edited, Back asks; declined, the form stays with the typing; accepted, Back happens.
  await openForm();
  await page.getByLabel('Notes').fill('Call before noon');
  await page.goBack();
  await expect.poll(() => questions).toEqual(['This form has changes that are not saved. Leave it and lose them?']);
  await expect(page).toHaveURL(/\/customer\/edit/);
  await expect(page.getByLabel('Notes')).toHaveValue('Call before noon');
  answer(true);
  await page.goBack();
  await expect(customerPage).toBeVisible();
  await expect(page).not.toHaveURL(/\/customer\/edit/);
  expect(questions).toHaveLength(2);

  // Edits typed and undone: nothing is asked, and one Back leaves.
  await openForm();
  await page.getByLabel('Notes').fill('x');
  await page.getByLabel('Notes').fill('');
  // The copy of the form's history entry goes once the edits are undone (app/_components/live-draft.ts).
  await expect.poll(() => page.evaluate(() => (window.history.state as Record<string, unknown> | null)?.tollbookUnsavedForm === true)).toBe(false);
  await page.goBack();
  await expect(customerPage).toBeVisible();
  await expect(page).not.toHaveURL(/\/customer\/edit/);
  expect(questions).toHaveLength(2);

  // Saved: Back from the customer page returns to the form once, then to the page before it.
  await openForm();
  await page.getByLabel('Notes').fill('Call before noon');
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(customerPage).toBeVisible();
  await expect(page.getByText('Call before noon')).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/customer\/edit/);
  await expect(page.getByLabel('Notes')).toHaveValue('Call before noon');
  await page.goBack();
  await expect(customerPage).toBeVisible();
  await expect(page).not.toHaveURL(/\/customer\/edit/);
  expect(questions).toHaveLength(2);
});

test('a customer with an invoice keeps its currency', async ({ page }) => {
  await signUp(page);
  const customerId = randomUUID();
  // The invoice comes from another device through the server, as the invoice screens would make it.
  await seed(page, [
    {
      name: 'createCustomer',
      args: { id: customerId, name: 'Summit Voice', company: '', status: 'active', currency: 'GBP', taxRate: '20', dueDays: 30, schedule: 'monthly', address: '', contacts: [], externalId: '', notes: '' },
    },
    {
      name: 'createInvoice',
      args: {
        invoice: { id: randomUUID(), customerId, number: null, status: 'draft', invoiceDate: '2026-11-01', dueDate: '2026-12-01', periodStart: null, periodEnd: null, currency: 'GBP', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0' },
        lines: [],
      },
    },
  ]);
  await openOffline(page, `/customer?id=${customerId}`, 'Summit Voice');
  await page.getByRole('link', { name: 'Edit customer' }).click();
  await expect(page.getByLabel('Currency')).toBeDisabled();
  await expect(page.getByText('Fixed: this customer already has invoices.')).toBeVisible();
  await page.getByLabel('Company').fill('Summit Voice plc');
  await page.getByRole('button', { name: 'Save customer' }).click();
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('Summit Voice plc');
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('GBP');
  // The invoice screens' list shows the customer's draft in its section.
  await expect(page.getByTestId('customer-invoices').getByRole('link', { name: 'draft' })).toBeVisible();
  // Delete is refused before any "This cannot be undone?" is asked: the reason shows, with the alternative at hand.
  const questions: string[] = [];
  page.on('dialog', (dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole('button', { name: 'Delete customer' }).click();
  const refusal = page.getByTestId('delete-customer-refusal');
  await expect(refusal).toHaveRole('alert');
  await expect(refusal).toContainText('Summit Voice has invoices and cannot be deleted; set the customer inactive instead');
  await refusal.getByRole('button', { name: 'Set Summit Voice inactive' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Summit Voice is inactive now, with its history kept.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('Inactive');
  // Inactive already, it is not told to become so, and offered nothing to do.
  await page.getByRole('button', { name: 'Delete customer' }).click();
  await expect(refusal).toHaveText('Summit Voice has invoices and cannot be deleted; it stays, inactive, with its history');
  await expect(refusal.getByRole('button')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Summit Voice', level: 1 })).toBeVisible();
  expect(questions).toEqual([]);
});

test('an import cannot change the currency of a customer with invoices or usage: those rows are refused, the others imported', async ({ page }) => {
  await signUp(page);
  const customer = (id: string, name: string) => ({
    name: 'createCustomer',
    args: { id, name, company: '', status: 'active', currency: 'GBP', taxRate: '20', dueDays: 30, schedule: 'monthly', address: '', contacts: [], externalId: '', notes: 'before' },
  });
  const [summitId, relayId, orbitId] = [randomUUID(), randomUUID(), randomUUID()];
  await seed(page, [
    customer(summitId, 'Summit Voice'),
    customer(relayId, 'Relay Voice'),
    customer(orbitId, 'Orbit Networks'),
    {
      name: 'createInvoice',
      args: {
        invoice: { id: randomUUID(), customerId: summitId, number: null, status: 'draft', invoiceDate: '2026-11-01', dueDate: '2026-12-01', periodStart: null, periodEnd: null, currency: 'GBP', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0' },
        lines: [],
      },
    },
    {
      name: 'putUsage',
      args: {
        rows: [
          { id: `${relayId}:2026-10-01:44`, customerId: relayId, day: '2026-10-01', destination: '44', destinationName: 'United Kingdom', calls: 1, attempts: 1, seconds: 60, billedSeconds: 60, charge: '0.01', currency: 'GBP' },
        ],
      },
    },
  ]);
  await openOffline(page, '/customers', 'Customers');
  await page.getByRole('link', { name: 'Import CSV' }).click();
  const csv = ['id,name,currency,notes', `${summitId},Summit Voice,EUR,after`, `${relayId},Relay Voice,EUR,after`, `${orbitId},Orbit Networks,EUR,after`].join('\n');
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'euro.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const toImport = page.getByRole('table', { name: 'Rows to import' });
  await expect(toImport.getByRole('cell', { name: 'currency: GBP → EUR; notes: before → after' })).toHaveCount(3);
  // The preview already says which rows the device will refuse, and why.
  await expect(page.getByTestId('import-summary')).toContainText('2 rows will be refused (see Action).');
  await expect(toImport.getByRole('row').locator('td:nth-child(6)')).toHaveText([
    "Refused: Summit Voice's currency is fixed: the customer already has invoices",
    "Refused: Relay Voice's currency is fixed: the customer already has usage in GBP",
    'Update',
  ]);
  await page.getByRole('button', { name: 'Import 3 customers' }).click();
  const finished = page.getByRole('region', { name: 'Import finished' });
  await expect(finished.getByRole('alert')).toHaveText('0 customers created, 1 updated, 2 refused.');
  await expect(finished.getByRole('listitem')).toHaveText([
    "Row 2 (Summit Voice): Summit Voice's currency is fixed: the customer already has invoices",
    "Row 3 (Relay Voice): Relay Voice's currency is fixed: the customer already has usage in GBP",
  ]);

  // A refused row changes nothing (not even its other columns); the row without invoices or usage is imported.
  await page.getByRole('link', { name: 'Back to customers' }).click();
  const table = page.getByRole('table', { name: 'Customers' });
  await table.getByRole('link', { name: 'Relay Voice' }).click();
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('GBP');
  await expect(details).toContainText('before');
  await page.getByRole('link', { name: 'Edit customer' }).click();
  await expect(page.getByLabel('Currency')).toBeDisabled();
  await expect(page.getByText('Fixed: this customer already has usage (imported calls).')).toBeVisible();
  await followMainLink(page, 'Customers');
  await table.getByRole('link', { name: 'Orbit Networks' }).click();
  await expect(details).toContainText('EUR');
  await expect(details).toContainText('after');
});

test('the customer list stays fast with 10,000 customers: only visible rows are in the page', async ({ page }) => {
  const identity = await signUp(page);
  await page.goto('/customers');
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
  // Seeds the device database directly: this test is about reading, and 10,000 mutations would only slow it.
  await page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction('customers', 'readwrite');
    const store = tx.objectStore('customers');
    for (let i = 0; i < 10_000; i++) {
      const n = String(i).padStart(5, '0');
      store.put({ id: `0190c000-0000-7000-8000-0000000${n}`, name: `Customer ${n}`, company: `Company ${n}`, status: i % 3 ? 'active' : 'inactive', currency: 'USD', taxRate: '20', dueDays: 30, schedule: 'monthly', address: '', contacts: [{ name: `Person ${n}`, email: `p${n}@example.com`, phone: '' }], externalId: '', notes: '' });
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, `tollbook-${identity.tenant.id}-${identity.user.id}`);
  // Dexie's live queries do not see writes made around Dexie; a reload reads the seeded table.
  await page.reload();
  await page.context().setOffline(true);
  await expect(page.getByText('10,000 customers')).toBeVisible();
  const table = page.getByRole('table', { name: 'Customers' });
  await expect(table).toHaveAttribute('aria-rowcount', '10001');
  expect(await table.getByRole('row').count()).toBeLessThan(60);
  await table.getByRole('rowgroup', { name: 'Customers rows' }).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(table.getByRole('link', { name: 'Customer 09999' })).toBeVisible();
  await page.getByLabel('Search customers').fill('p04321@');
  await expect(page.getByText('1 of 10,000 customers')).toBeVisible();
  await expect(table.getByRole('link', { name: 'Customer 04321' })).toBeVisible();
});

test("the import preview warns of rows whose external id another customer has, since CDRs naming it would be refused as ambiguous", async ({ page }) => {
  await signUp(page);
  const beta = { id: randomUUID(), name: 'Beta Tel', company: '', status: 'active', currency: 'USD', taxRate: '0', dueDays: 30, schedule: 'monthly', address: '', contacts: [], externalId: 'BETA', notes: '' };
  await seed(page, [{ name: 'createCustomer', args: beta }]);
  await openSynced(page, '/customers/import');
  const csv = ['name,external_id', 'Beta Two,beta', 'Twin A,TWIN', 'Twin B,TWIN', 'Solo,SOLO'].join('\n');
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-summary')).toHaveText(
    'customers.csv: 4 rows are ready to import; 0 rows have errors and will be skipped. 3 rows have external ids another customer also has: CDRs naming them will be refused as ambiguous (see Action).',
  );
  const rows = page.getByRole('table', { name: 'Rows to import' });
  await expect(rows.getByRole('row', { name: /Beta Two/ }).getByRole('cell').nth(4)).toHaveText(
    "Create — external id beta is also Beta Tel's: CDRs naming it will be refused as ambiguous",
  );
  await expect(rows.getByRole('row', { name: /Twin A/ }).getByRole('cell').nth(4)).toHaveText(
    "Create — external id TWIN is also Twin B's (row 4): CDRs naming it will be refused as ambiguous",
  );
  await expect(rows.getByRole('row', { name: /Solo/ }).getByRole('cell').nth(4)).toHaveText('Create');
});

test("a customer without invoices says how to make one from its own page, and the Invoices list from a customer's", async ({ page }) => {
  await signUp(page);
  const customerId = randomUUID();
  await seed(page, [
    {
      name: 'createCustomer',
      args: { id: customerId, name: 'Quiet Lines', company: '', status: 'active', currency: 'USD', taxRate: '0', dueDays: 30, schedule: 'monthly', address: '', contacts: [], externalId: '', notes: '' },
    },
  ]);
  await openSynced(page, `/customer?id=${customerId}`);
  const section = page.getByTestId('customer-invoices');
  await expect(section.getByRole('status')).toHaveText('No invoices for this customer yet. Generate Invoice makes one from its usage and packages.');
  await page.goto('/invoices');
  await expect(page.getByRole('status').filter({ hasText: 'No invoices yet' })).toHaveText('No invoices yet. Generate one from a customer’s page, or press + to start a blank one.');
});

test("an offline device's import of a file edited in one cell keeps another device's newer tax %, due days and phone", async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const tallinnId = randomUUID();
  const rigaId = randomUUID();
  const customer = (id: string, name: string, taxRate: string, dueDays: number, phone: string) => ({
    name: 'createCustomer',
    args: {
      id, name, company: '', status: 'active', currency: 'EUR', taxRate, dueDays, schedule: 'monthly', address: '',
      contacts: [{ name: 'Kadri Tamm', email: 'kadri@example.com', phone }], externalId: '', notes: '',
    },
  });
  await seed(one, [customer(tallinnId, 'Tallinn SIP', '0', 21, '+372 600 1000'), customer(rigaId, 'Riga Voice', '21', 30, '+371 600 1000')]);

  // Device one exports the customers and goes offline; the file is edited in a spreadsheet.
  await openOffline(one, '/customers', 'Customers');
  const downloading = one.waitForEvent('download');
  await one.getByRole('button', { name: 'Export CSV' }).click();
  const [header, ...rows] = parseCsv(readFileSync((await (await downloading).path())!, 'utf8'));
  const tallinnRow = rows.find((cells) => cells[0] === tallinnId)!;
  tallinnRow[header!.indexOf('notes')] = 'Notes edited in spreadsheet';
  const newRow = header!.map((column) => (column === 'name' ? 'Vilnius Telecom' : ''));
  const edited = serializeCsv([header!, ...rows, newRow]);

  // Meanwhile device two, online, changes Tallinn's tax %, due days and contact phone.
  await openSynced(two, `/customer/edit?id=${tallinnId}`);
  await expect(two.getByLabel('Name', { exact: true })).toHaveValue('Tallinn SIP');
  await two.getByLabel('Tax %').fill('22');
  await two.getByLabel('Invoice due days').fill('60');
  await two.getByLabel('Contact 1 phone').fill('+372 600 2000');
  await two.getByRole('button', { name: 'Save customer' }).click();
  await expect(two.getByRole('heading', { name: 'Tallinn SIP', level: 1 })).toBeVisible();
  await waitUntilNothingToSync(two);

  // Device one, still offline, imports the file: the preview lists the notes alone, and its counts agree.
  await one.getByRole('link', { name: 'Import CSV' }).click();
  await one.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'edited.csv', mimeType: 'text/csv', buffer: Buffer.from(edited) });
  await expect(one.getByTestId('import-summary')).toHaveText(
    'edited.csv: 2 rows are ready to import; 0 rows have errors and will be skipped. 1 row changes nothing and will be left out.',
  );
  const toImport = one.getByRole('table', { name: 'Rows to import' });
  await expect(toImport.getByRole('row', { name: /Tallinn SIP/ }).getByRole('cell').last()).toHaveText('notes: (blank) → Notes edited in spreadsheet');
  await expect(toImport.getByRole('row', { name: /Riga Voice/ }).getByRole('cell').nth(4)).toHaveText('No change');
  await one.getByRole('button', { name: 'Import 2 customers' }).click();
  await expect(one.getByRole('status').filter({ hasText: '1 customers created, 1 updated, 1 unchanged.' })).toBeVisible();

  // Online again: both devices have device two's terms and phone, and the spreadsheet's note.
  await one.context().setOffline(false);
  await waitUntilNothingToSync(one);
  for (const page of [one, two]) {
    await openSynced(page, `/customer/edit?id=${tallinnId}`);
    await expect(page.getByLabel('Notes')).toHaveValue('Notes edited in spreadsheet', { timeout: 20_000 });
    await expect(page.getByLabel('Tax %')).toHaveValue('22');
    await expect(page.getByLabel('Invoice due days')).toHaveValue('60');
    await expect(page.getByLabel('Contact 1 phone')).toHaveValue('+372 600 2000');
  }
});
