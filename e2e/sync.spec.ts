import { randomUUID } from 'node:crypto';
import { expect, test, type Page, type Route } from '@playwright/test';
import { addDays, dayAsShown } from '../lib/dates';
import { generateInvoice, lateCallsInvoice } from '../lib/generate';
import { defaultAccount } from '../lib/mutators';
import { billingData, draftWithLines, seedMutations } from './billing-data';
import { openSynced, pickCustomer, seed, signUp, issueDraft, twoDevices } from './fixtures';
import { expectNoSeriousA11yViolations, waitForRoutesOnDevice } from './page-checks';

const PASSWORD = 'correct horse battery staple';

test('an invoice created on one device appears on the other within 3 seconds, without a reload', async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const data = billingData();
  await seed(one, seedMutations(data));
  await openSynced(one, '/invoices');
  await openSynced(two, '/invoices');
  await expect(two.getByText('No invoices yet')).toBeVisible();

  await one.getByRole('link', { name: 'New invoice' }).click();
  await pickCustomer(one, 'Customer (required)', 'Globex Carrier (Globex Ltd)');
  await one.getByRole('button', { name: 'Add Invoice Item' }).click();
  await one.getByRole('dialog').getByLabel('Description').fill('Cross-connect');
  await one.getByRole('dialog').getByLabel('Unit price (required)').fill('99');
  await one.getByRole('dialog').getByRole('button', { name: 'Save item' }).click();
  await one.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(one.getByTestId('invoice-number')).toHaveText('draft');

  await expect(two.getByTestId('invoice-rows').getByRole('row')).toHaveCount(1, { timeout: 3000 });
  await expect(two.getByTestId('invoice-rows')).toContainText('Globex Carrier');
});

test('offline edits of different fields of one customer both survive', async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const data = billingData();
  await seed(one, seedMutations(data));
  for (const page of [one, two]) {
    await openSynced(page, `/customer/edit?id=${data.customer.id}`);
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Globex Carrier');
    // Saving moves to the customer's page: offline, only a route the app has fetched ahead opens.
    await waitForRoutesOnDevice(page);
    await page.context().setOffline(true);
  }
  await one.getByLabel('Notes').fill('Pays by SEPA');
  await one.getByRole('button', { name: 'Save customer' }).click();
  await two.getByLabel('Company').fill('Globex Holdings');
  await two.getByRole('button', { name: 'Save customer' }).click();
  for (const page of [one, two]) await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');

  for (const page of [one, two]) await page.context().setOffline(false);
  for (const page of [one, two]) await expect(page.getByTestId('sync-status')).toHaveText('Synced', { timeout: 20_000 });
  for (const page of [one, two]) {
    // The device that synced first gets the other's edit with a later pull, which the open form shows.
    await openSynced(page, `/customer/edit?id=${data.customer.id}`);
    await expect(page.getByLabel('Notes')).toHaveValue('Pays by SEPA', { timeout: 20_000 });
    await expect(page.getByLabel('Company')).toHaveValue('Globex Holdings', { timeout: 20_000 });
  }
});

test('an open customer form follows another device: untouched fields update, edited ones keep the typed value and say what changed', async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const data = billingData();
  // No usage: the customer is deleted at the end, and a customer with usage cannot be.
  await seed(one, seedMutations(data).filter((mutation) => mutation.name !== 'putUsage'));
  const editPath = `/customer/edit?id=${data.customer.id}`;
  await openSynced(one, editPath);
  await one.getByLabel('Company').fill('Globex Group');
  await one.getByLabel('Notes').fill('Pays by SEPA');

  // The form stays open on device one while device two edits and saves.
  await openSynced(two, editPath);
  await two.getByLabel('Company').fill('Globex Holdings');
  await two.getByLabel('Address', { exact: true }).fill('2 Carrier Way\nLondon');
  await two.getByRole('button', { name: 'Save customer' }).click();
  await expect(two).toHaveURL(/\/customer\?id=/);

  await expect(one.getByLabel('Address', { exact: true })).toHaveValue('2 Carrier Way\nLondon', { timeout: 20_000 });
  await expect(one.getByLabel('Company')).toHaveValue('Globex Group');
  await expect(one.getByLabel('Notes')).toHaveValue('Pays by SEPA');
  await expect(one.getByTestId('remote-change-notice')).toContainText('Changed on another device while you were editing: Company (now “Globex Holdings”)');

  // Saving sends the fields edited on device one only: device two's address stays.
  await one.getByRole('button', { name: 'Save customer' }).click();
  await expect(one).toHaveURL(/\/customer\?id=/);
  await openSynced(two, editPath);
  await expect(two.getByLabel('Company')).toHaveValue('Globex Group', { timeout: 20_000 });
  await expect(two.getByLabel('Notes')).toHaveValue('Pays by SEPA');
  await expect(two.getByLabel('Address', { exact: true })).toHaveValue('2 Carrier Way\nLondon');

  // Deleted on device two while open on device one: the form says so, keeps the edits, and cannot save.
  await openSynced(one, editPath);
  await one.getByLabel('Notes').fill('Pays by card');
  await openSynced(two, `/customer?id=${data.customer.id}`);
  two.once('dialog', (dialog) => void dialog.accept());
  await two.getByRole('button', { name: 'Delete customer' }).click();
  await expect(two).toHaveURL(/\/customers/);
  await expect(one.getByRole('alert').filter({ hasText: 'This customer was deleted on another device while you were editing' })).toBeVisible({ timeout: 20_000 });
  await expect(one.getByLabel('Notes')).toHaveValue('Pays by card');
  await expect(one.getByRole('button', { name: 'Save customer' })).toBeDisabled();
});

test('an open package form follows another device, and the user can take the other device\'s value of a field they edited', async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const data = billingData();
  await seed(one, seedMutations(data));
  const editPath = `/package/edit?id=${data.did.id}`;
  await openSynced(one, editPath);
  await one.getByLabel('Setup price').fill('12');

  await openSynced(two, editPath);
  await two.getByLabel('Setup price').fill('15');
  await two.getByLabel('Retail price per period').fill('3.5');
  await two.getByRole('button', { name: 'Save package' }).click();
  await expect(two).toHaveURL(/\/packages/);

  await expect(one.getByLabel('Retail price per period')).toHaveValue('3.5', { timeout: 20_000 });
  await expect(one.getByLabel('Setup price')).toHaveValue('12');
  const notice = one.getByTestId('remote-change-notice');
  await expect(notice).toContainText('Setup price (now “15”)');
  await notice.getByRole('button', { name: "Use the other device's values" }).click();
  await expect(one.getByLabel('Setup price')).toHaveValue('15');
  await expect(notice).toBeHidden();
});

test('two devices issuing offline get distinct consecutive numbers on reconnect', async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const data = billingData();
  const drafts = [randomUUID(), randomUUID()];
  await seed(one, [
    ...seedMutations(data),
    ...drafts.map((id) => ({
      name: 'createInvoice',
      args: {
        invoice: {
          id, customerId: data.customer.id, number: null, status: 'draft', invoiceDate: '2026-11-01', dueDate: '2026-12-01',
          periodStart: null, periodEnd: null, currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
        },
        lines: [{
          id: randomUUID(), invoiceId: id, position: 0, kind: 'manual', description: 'Port fee', startDate: null, endDate: null,
          quantity: '1', unit: 'each', unitPrice: '10', taxRate: '0', amount: null, calls: null, minutes: null, packageId: null,
        }],
      },
    })),
  ]);
  const pages = [one, two];
  for (const [i, page] of pages.entries()) {
    await openSynced(page, `/invoice?id=${drafts[i]}`);
    await page.context().setOffline(true);
    await issueDraft(page);
    await expect(page.getByTestId('invoice-number')).toHaveText('pending');
    await expect(page.getByText('pending', { exact: true }).last()).toBeVisible();
  }
  for (const page of pages) await page.context().setOffline(false);
  const numbers: string[] = [];
  for (const page of pages) {
    await expect(page.getByTestId('invoice-number')).toHaveText(/^INV-\d+$/, { timeout: 20_000 });
    numbers.push((await page.getByTestId('invoice-number').textContent())!);
  }
  expect(numbers.sort()).toEqual(['INV-1', 'INV-2']);
});

test('an invoice issued offline says it is issued and numbered when this device syncs, and that its PDF is not the copy to send', async ({ page }) => {
  const data = billingData();
  const invoiceId = randomUUID();
  await signUp(page);
  await seed(page, [
    ...seedMutations(data),
    {
      name: 'createInvoice',
      args: {
        invoice: {
          id: invoiceId, customerId: data.customer.id, number: null, status: 'draft', invoiceDate: '2026-11-01', dueDate: '2026-12-01',
          periodStart: null, periodEnd: null, currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
        },
        lines: [{
          id: randomUUID(), invoiceId, position: 0, kind: 'manual', description: 'Port fee', startDate: null, endDate: null,
          quantity: '1', unit: 'each', unitPrice: '10', taxRate: '0', amount: null, calls: null, minutes: null, packageId: null,
        }],
      },
    },
  ]);
  await openSynced(page, `/invoice?id=${invoiceId}`);
  // A draft's PDF is a draft's: no word of a number to come.
  await expect(page.getByTestId('pending-number')).toHaveCount(0);
  await expect(page.getByTestId('pdf-not-numbered')).toHaveCount(0);
  await page.context().setOffline(true);
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('pending');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Invoice pending issued');
  await expect(page.getByTestId('pending-number')).toHaveText('Issued: its number is assigned when this device syncs.');
  await expect(page.getByTestId('pdf-not-numbered')).toHaveText('This PDF has no number yet: not the copy to send.');
  await expectNoSeriousA11yViolations(page);
  await page.context().setOffline(false);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1', { timeout: 20_000 });
  await expect(page.getByTestId('pending-number')).toHaveCount(0);
  await expect(page.getByTestId('pdf-not-numbered')).toHaveCount(0);
});

test('a draft deleted on one device while another issued it offline comes back, and the device that deleted it is told why', async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const data = billingData();
  const draft = randomUUID();
  await seed(one, [
    ...seedMutations(data),
    {
      name: 'createInvoice',
      args: {
        invoice: {
          id: draft, customerId: data.customer.id, number: null, status: 'draft', invoiceDate: '2026-11-01', dueDate: '2026-12-01',
          periodStart: null, periodEnd: null, currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
        },
        lines: [{
          id: randomUUID(), invoiceId: draft, position: 0, kind: 'manual', description: 'Port fee', startDate: null, endDate: null,
          quantity: '1', unit: 'each', unitPrice: '10', taxRate: '0', amount: null, calls: null, minutes: null, packageId: null,
        }],
      },
    },
  ]);
  // Device two, offline, issues the draft; device one, online, deletes it meanwhile.
  await openSynced(two, `/invoice?id=${draft}`);
  await two.context().setOffline(true);
  await issueDraft(two);
  await expect(two.getByTestId('invoice-number')).toHaveText('pending');
  await openSynced(one, `/invoice?id=${draft}`);
  one.once('dialog', (dialog) => void dialog.accept());
  await one.getByRole('button', { name: 'Delete draft' }).click();
  await expect(one).toHaveURL(/\/invoices/);
  await expect(one.getByTestId('sync-status')).toHaveText('Synced', { timeout: 20_000 });
  await expect(one.getByText('No invoices yet')).toBeVisible();

  // Device two comes back: its issue restores the draft, and device one hears why it reappears.
  await two.context().setOffline(false);
  await expect(two.getByTestId('invoice-number')).toHaveText('INV-1', { timeout: 20_000 });
  await expect(one.getByTestId('invoice-rows')).toContainText('INV-1', { timeout: 20_000 });
  // Folded to its one line ("A change was undone by another device") until shown.
  const told = one.getByRole('alert').filter({ hasText: /A change was undone by/ });
  await told.getByRole('button', { name: 'Show' }).click({ timeout: 20_000 });
  await expect(told).toContainText(
    'Invoice INV-1 came back: this device deleted it while another device, which had not seen the deletion, issued it. It was restored, with its lines as they were, so the issue is not lost.',
  );
  await expect(two.getByRole('alert').filter({ hasText: 'came back' })).toHaveCount(0);
});

test('a month billed on two devices offline is issued once: the second issue is refused, stays a draft and its device is told; issued again, seen, it is numbered next', async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const data = billingData();
  // Each device's draft bills October's DID rental (a billing run on one, Generate on the other, say).
  const drafts = ['2026-11-01', '2026-11-02'].map((invoiceDate) => {
    const id = randomUUID();
    return {
      id,
      mutation: {
        name: 'createInvoice',
        args: {
          invoice: {
            id, customerId: data.customer.id, number: null, status: 'draft', invoiceDate, dueDate: '2026-12-01',
            periodStart: '2026-10-01', periodEnd: '2026-10-31', currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
          },
          lines: [{
            id: randomUUID(), invoiceId: id, position: 0, kind: 'package', description: 'DID rental', startDate: '2026-10-01', endDate: '2026-10-31',
            quantity: '10', unit: 'month', unitPrice: '2.50', taxRate: '0', amount: null, calls: null, minutes: null, packageId: data.did.id,
          }],
        },
      },
    };
  });
  await seed(one, [...seedMutations(data), ...drafts.map((d) => d.mutation)]);
  const pages = [one, two];
  for (const [i, page] of pages.entries()) {
    await openSynced(page, `/invoice?id=${drafts[i]!.id}`);
    await page.context().setOffline(true);
    // Neither knows of an issued invoice billing October: Issue asks nothing more.
    await issueDraft(page);
    await expect(page.getByTestId('invoice-number')).toHaveText('pending');
  }
  await one.context().setOffline(false);
  await expect(one.getByTestId('invoice-number')).toHaveText('INV-1', { timeout: 20_000 });
  await two.context().setOffline(false);
  const refusals = two.getByRole('alert').filter({ hasText: 'A change was not saved' });
  await refusals.getByRole('button', { name: 'Show' }).click({ timeout: 20_000 });
  await expect(refusals).toContainText(
    'Issue of invoice draft of Nov 2, 2026 for Globex Carrier was refused. INV-1, issued on another device, bills DID rental already. ' +
      'Issued too, this draft would bill it twice: it stays a draft. Open the draft to remove those lines or change their days, or delete it.',
  );
  await expect(two.getByTestId('invoice-number')).toHaveText('draft');
  // Now Issue names INV-1; issued anyway, it takes the next number: the refused issue used none.
  await expect(two.getByTestId('billed-again')).toContainText('INV-1');
  await two.getByRole('button', { name: 'Issue', exact: true }).click();
  await expect(two.getByRole('dialog')).toContainText('INV-1 already bills DID rental, which this draft bills too. Issue it anyway, billing it twice?');
  await two.getByRole('dialog').getByRole('button', { name: 'Issue invoice' }).click();
  await expect(two.getByTestId('invoice-number')).toHaveText('INV-2', { timeout: 20_000 });
});

test('late calls invoiced on two devices offline are billed once: the second issue is refused naming the late-calls invoice issued first, and Issue names it then', async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const data = billingData();
  const { period, customer } = data;
  // Last month issued as INV-1 (a fresh company's first number), then a late call to London on the 11th.
  const month = generateInvoice({
    account: defaultAccount(),
    customer,
    assignments: [data.assignment],
    packages: [data.did],
    usage: data.usage,
    period,
    invoiceDate: addDays(period.end, 1),
    invoiceId: randomUUID(),
    newLineId: () => randomUUID(),
  });
  const lateDay = addDays(period.start, 10);
  const lateCall = { ...data.usage[0]!, id: `${customer.id}:${lateDay}:4420`, day: lateDay, calls: 2, attempts: 2, seconds: 300, billedSeconds: 300, charge: '4.000000' };
  const issued = { ...month.invoice, status: 'issued' as const, number: 'INV-1' };
  // Each device invoices the late calls (Invoice the late calls on INV-1), neither knowing of the other's draft.
  const drafts = [5, 6].map((days) =>
    lateCallsInvoice({
      account: defaultAccount(),
      customer,
      assignments: [data.assignment],
      packages: [data.did],
      usage: [...data.usage, lateCall],
      invoice: issued,
      lines: month.lines,
      invoices: [],
      invoiceDate: addDays(period.end, days),
      invoiceId: randomUUID(),
      newLineId: () => randomUUID(),
    }),
  );
  await seed(one, [
    ...seedMutations(data),
    { name: 'createInvoice', args: { invoice: month.invoice, lines: month.lines } },
    { name: 'issueInvoice', args: { id: month.invoice.id } },
    { name: 'putUsage', args: { rows: [lateCall] } },
    ...drafts.map((d) => ({ name: 'createInvoice', args: { invoice: d.invoice, lines: d.lines } })),
  ]);
  const pages = [one, two];
  for (const [i, page] of pages.entries()) {
    await openSynced(page, `/invoice?id=${drafts[i]!.invoice.id}`);
    await expect(page.getByText('Completes INV-1 (period')).toBeVisible();
    await page.context().setOffline(true);
    // Neither knows of a late-calls invoice issued: Issue asks nothing more.
    await issueDraft(page);
    await expect(page.getByTestId('invoice-number')).toHaveText('pending');
  }
  await one.context().setOffline(false);
  await expect(one.getByTestId('invoice-number')).toHaveText('INV-2', { timeout: 20_000 });
  await two.context().setOffline(false);
  const refusals = two.getByRole('alert').filter({ hasText: 'A change was not saved' });
  await refusals.getByRole('button', { name: 'Show' }).click({ timeout: 20_000 });
  await expect(refusals).toContainText(
    `Issue of invoice draft of ${dayAsShown(addDays(period.end, 6))} for Globex Carrier was refused. INV-2, issued on another device, bills the calls of ${dayAsShown(lateDay)} already. ` +
      'Issued too, this draft would bill it twice: it stays a draft. Open the draft to invoice only the late calls (Update lines from usage), or delete it.',
  );
  await expect(two.getByTestId('invoice-number')).toHaveText('draft');
  // Now the draft and Issue's question name INV-2 as billing those late calls; INV-1, which both complete, is not named.
  await expect(two.getByTestId('billed-again')).toContainText(`It bills the calls of ${dayAsShown(lateDay)}, already on INV-2.`);
  await expect(two.getByTestId('billed-again')).not.toContainText('INV-1');
  await two.getByRole('button', { name: 'Issue', exact: true }).click();
  await expect(two.getByRole('dialog')).toContainText(`INV-2 already bills the calls of ${dayAsShown(lateDay)}, which this draft bills too. Issue it anyway, billing them twice?`);
  await two.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  // INV-1 offers no late calls now: INV-2 bills them.
  await openSynced(two, `/invoice?id=${month.invoice.id}`);
  await expect(two.getByTestId('invoice-number')).toHaveText('INV-1');
  await expect(two.getByTestId('late-usage')).toHaveCount(0);
});

test('two tabs write offline; on reconnect one tab syncs for both and both show every write', async ({ page, context }) => {
  const signUp = await page.request.post('/api/trpc/auth.signUp', {
    data: { companyName: 'Tabs Telecom', name: 'Tia', email: `tabs+${randomUUID()}@example.com`, password: PASSWORD },
  });
  expect(signUp.ok()).toBe(true);
  const data = billingData();
  await seed(page, seedMutations(data));
  const other = await context.newPage();
  for (const tab of [page, other]) await openSynced(tab, `/customer/edit?id=${data.customer.id}`);

  // One device, one syncer: exactly one tab holds the sync lock, the other waits for it.
  const locks = await page.evaluate(async () => {
    const snapshot = await navigator.locks.query();
    const sync = (list: LockInfo[] | undefined) => (list ?? []).filter((l) => l.name?.startsWith('sync:')).length;
    return { held: sync(snapshot.held), waiting: sync(snapshot.pending) };
  });
  expect(locks).toEqual({ held: 1, waiting: 1 });

  await context.setOffline(true);
  await page.getByLabel('Notes').fill('Written in tab one');
  await page.getByRole('button', { name: 'Save customer' }).click();
  await other.getByLabel('Company').fill('Written in tab two');
  await other.getByRole('button', { name: 'Save customer' }).click();
  await context.setOffline(false);

  for (const tab of [page, other]) {
    await expect(tab.getByTestId('sync-status')).toHaveText('Synced', { timeout: 20_000 });
    await openSynced(tab, `/customer/edit?id=${data.customer.id}`);
    await expect(tab.getByLabel('Notes')).toHaveValue('Written in tab one');
    await expect(tab.getByLabel('Company')).toHaveValue('Written in tab two');
  }
  // The server has both changes too: a fresh device pulls them.
  const fresh = await (await context.browser()!.newContext()).newPage();
  const signIn = await fresh.request.post('/api/trpc/auth.signIn', {
    data: { email: JSON.parse(await signUp.text()).result.data.user.email, password: PASSWORD },
  });
  expect(signIn.ok()).toBe(true);
  await openSynced(fresh, `/customer/edit?id=${data.customer.id}`);
  await expect(fresh.getByLabel('Notes')).toHaveValue('Written in tab one');
  await expect(fresh.getByLabel('Company')).toHaveValue('Written in tab two');
});

test('an open account form follows another device, and saving it keeps what the other device changed in fields left alone', async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  await openSynced(one, '/settings');
  await expect(one.getByLabel('Company name')).toHaveValue('Sync Telecom');
  await one.getByLabel('Payment details').fill('IBAN GB00 DEVICE ONE');

  // The form stays open on device one while device two edits and saves.
  await openSynced(two, '/settings');
  await two.getByLabel('Company name').fill('Sync Telecom Ltd');
  await two.getByLabel('Payment details').fill('IBAN GB99 DEVICE TWO');
  await two.getByRole('button', { name: 'Save account' }).click();
  await expect(two.getByRole('status').filter({ hasText: 'Account saved.' })).toBeVisible();

  await expect(one.getByLabel('Company name')).toHaveValue('Sync Telecom Ltd', { timeout: 20_000 });
  await expect(one.getByLabel('Payment details')).toHaveValue('IBAN GB00 DEVICE ONE');
  await expect(one.getByTestId('remote-change-notice')).toContainText('Changed on another device while you were editing: Payment details (now “IBAN GB99 DEVICE TWO”)');

  // Device one's save sends its payment details only: the company name device two saved stays.
  await one.getByRole('button', { name: 'Save account' }).click();
  await expect(one.getByRole('status').filter({ hasText: 'Account saved.' })).toBeVisible();
  await expect(one.getByTestId('remote-change-notice')).toHaveCount(0);
  await openSynced(two, '/settings');
  await expect(two.getByLabel('Payment details')).toHaveValue('IBAN GB00 DEVICE ONE', { timeout: 20_000 });
  await expect(two.getByLabel('Company name')).toHaveValue('Sync Telecom Ltd');

  // Saved, device one's form holds no edit of its own: device two's next change simply shows.
  await two.getByLabel('Payment details').fill('IBAN GB11 DEVICE TWO AGAIN');
  await two.getByRole('button', { name: 'Save account' }).click();
  await expect(two.getByRole('status').filter({ hasText: 'Account saved.' })).toBeVisible();
  await expect(one.getByLabel('Payment details')).toHaveValue('IBAN GB11 DEVICE TWO AGAIN', { timeout: 20_000 });
  await expect(one.getByTestId('remote-change-notice')).toHaveCount(0);
  // Nothing unsaved: leaving asks nothing.
  const questions: string[] = [];
  one.on('dialog', (dialog) => {
    questions.push(dialog.type());
    void dialog.dismiss();
  });
  await openSynced(one, '/invoices');
  expect(questions).toEqual([]);
});

test('an invoice edited on two devices at once keeps both: the second save sends only its own changes, and the editor says what the other device changed', async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const data = billingData();
  await seed(one, seedMutations(data));
  await openSynced(one, '/invoice/edit');
  await pickCustomer(one, 'Customer (required)', 'Globex Carrier (Globex Ltd)');
  await addItem(one, 'Cross-connect', '99');
  await one.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(one).toHaveURL(/\/invoice\?id=/);
  const editPath = `/invoice/edit?id=${new URL(one.url()).searchParams.get('id')}`;

  // Device one begins editing (its edits are kept on the device until Save) ...
  await openSynced(one, editPath);
  await one.getByLabel('Notes').fill('Thanks for your business');
  await expect(one.getByText('Unsaved changes')).toBeVisible();

  // ... while device two moves the due date, adds a line and saves.
  await openSynced(two, editPath);
  await expect(two.getByLabel('Customer (required)')).toHaveValue('Globex Carrier (Globex Ltd)', { timeout: 20_000 });
  await two.getByLabel('Due date').fill('2030-01-31');
  await addItem(two, 'Port fee', '5');
  await two.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(two).toHaveURL(/\/invoice\?id=/);

  await expect(one.getByTestId('remote-change-notice')).toContainText('Changed on another device since you began editing: due date, 1 line added', { timeout: 20_000 });
  await one.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(one).toHaveURL(/\/invoice\?id=/);
  for (const page of [one, two]) {
    await openSynced(page, editPath);
    await expect(page.getByLabel('Notes')).toHaveValue('Thanks for your business', { timeout: 20_000 });
    await expect(page.getByLabel('Due date')).toHaveValue('2030-01-31');
    await expect(page.getByText('Port fee')).toBeVisible();
    await expect(page.getByText('Cross-connect')).toBeVisible();
  }
});

test("an offline edit of a line's quantity keeps the description another device gave the line meanwhile", async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const data = billingData();
  const { invoiceId, mutation } = draftWithLines(data.customer.id, ['DID Rental']);
  Object.assign(mutation.args.lines[0]!, { quantity: '22', unitPrice: '1.50' });
  await seed(one, [...seedMutations(data), mutation]);
  const editPath = `/invoice/edit?id=${invoiceId}`;

  // Device one, cut off from the server, changes the quantity 22 → 25 (and saves: the change waits
  // on the device). The pages stay reachable: without a service worker here, the invoice page that
  // Save opens would not load offline.
  await openSynced(one, editPath);
  const serverUnreachable = (route: Route) => route.abort('internetdisconnected');
  await one.context().route('**/api/trpc/**', serverUnreachable);
  await one.getByRole('button', { name: 'Edit DID Rental' }).click();
  await one.getByRole('dialog').getByLabel('Quantity').fill('25');
  await one.getByRole('dialog').getByRole('button', { name: 'Save item' }).click();
  await one.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(one).toHaveURL(/\/invoice\?id=/);

  // Device two, online, renames the line.
  await openSynced(two, editPath);
  await two.getByRole('button', { name: 'Edit DID Rental' }).click();
  await two.getByRole('dialog').getByLabel('Description').fill('DID Rental (UK numbers)');
  await two.getByRole('dialog').getByRole('button', { name: 'Save item' }).click();
  await two.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(two).toHaveURL(/\/invoice\?id=/);
  await expect(two.getByTestId('sync-status')).toHaveText('Synced', { timeout: 20_000 });

  await one.context().unroute('**/api/trpc/**', serverUnreachable);
  for (const page of [one, two]) {
    await openSynced(page, editPath);
    const lines = page.getByRole('region', { name: 'Invoice lines' });
    // Both edits, on both devices: 25 × 1.50 = 37.50.
    await expect(lines.getByRole('row').filter({ hasText: 'DID Rental (UK numbers)' })).toContainText('$37.50', { timeout: 20_000 });
    await expect(page.getByRole('alert').filter({ hasText: /not saved|saved only in part|not as made/ })).toHaveCount(0);
  }
});

test("a stale offline change of a customer's tax % does not undo the newer one, and the device that made it is told", async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const { customer } = billingData();
  await seed(one, [{ name: 'createCustomer', args: { ...customer, name: 'Atlas Link', taxRate: '18' } }]);
  const editPath = `/customer/edit?id=${customer.id}`;

  // Device two, offline, sets 20 % and a note. The customer's page it goes to on Save must be on
  // the device first: offline, a page not yet fetched cannot load.
  await openSynced(two, editPath);
  await waitForRoutesOnDevice(two);
  await two.context().setOffline(true);
  await two.getByLabel('Tax %').fill('20');
  await two.getByLabel('Notes').fill('Bills by email');
  await two.getByRole('button', { name: 'Save customer' }).click();
  await expect(two).toHaveURL(/\/customer\?id=/);

  // Later device one, online, sets 22 % and 60 due days.
  await openSynced(one, editPath);
  await one.getByLabel('Tax %').fill('22');
  await one.getByLabel('Invoice due days').fill('60');
  await one.getByRole('button', { name: 'Save customer' }).click();
  await expect(one).toHaveURL(/\/customer\?id=/);
  await expect(one.getByTestId('sync-status')).toHaveText('Synced', { timeout: 20_000 });

  await two.context().setOffline(false);
  const told = two.getByRole('alert').filter({ hasText: 'A change was saved, but not as made' });
  // Folded to its one line until shown.
  await told.getByRole('button', { name: 'Show' }).click({ timeout: 20_000 });
  await expect(told).toContainText(
    "Change of customer Atlas Link was saved only in part. The customer's Tax % was changed to 22 on another device while this device's change of it to 20 waited to sync: this device's change was not applied. Set it again if 20 is right.",
    { timeout: 20_000 },
  );
  for (const page of [one, two]) {
    await openSynced(page, editPath);
    await expect(page.getByLabel('Tax %')).toHaveValue('22', { timeout: 20_000 });
    await expect(page.getByLabel('Invoice due days')).toHaveValue('60');
    await expect(page.getByLabel('Notes')).toHaveValue('Bills by email');
  }
  await expect(one.getByRole('alert').filter({ hasText: 'saved only in part' })).toHaveCount(0);
});

test("a draft's notes saved on two devices offline: the later save stands, and the device whose notes it replaced unseen is told", async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const data = billingData();
  const draft = randomUUID();
  await seed(one, [
    ...seedMutations(data),
    {
      name: 'createInvoice',
      args: {
        invoice: {
          id: draft, customerId: data.customer.id, number: null, status: 'draft', invoiceDate: '2026-11-01', dueDate: '2026-12-01',
          periodStart: null, periodEnd: null, currency: 'USD', rounding: 'half-up', notes: 'Pay by wire', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
        },
        lines: [],
      },
    },
  ]);
  const editPath = `/invoice/edit?id=${draft}`;

  // Device two, cut off from the server, sets the notes (and saves: the change waits on the device).
  // The pages stay reachable: without a service worker here, the invoice page that Save opens would not load offline.
  await openSynced(two, editPath);
  const serverUnreachable = (route: Route) => route.abort('internetdisconnected');
  await two.context().route('**/api/trpc/**', serverUnreachable);
  await two.getByLabel('Notes').fill('Paid by card');
  await two.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(two).toHaveURL(/\/invoice\?id=/);

  // Device one, online, sets them too, and syncs first.
  await openSynced(one, editPath);
  await expect(one.getByLabel('Notes')).toHaveValue('Pay by wire', { timeout: 20_000 });
  await one.getByLabel('Notes').fill('Net 30');
  await one.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(one).toHaveURL(/\/invoice\?id=/);
  await expect(one.getByTestId('sync-status')).toHaveText('Synced', { timeout: 20_000 });

  // Device two comes back: its save reaches the server last and stands; device one hears that its notes were replaced.
  await two.context().unroute('**/api/trpc/**', serverUnreachable);
  await openSynced(two, editPath);
  // Folded to its one line ("A change was undone by another device") until shown.
  const told = one.getByRole('alert').filter({ hasText: /A change was undone by/ });
  await told.getByRole('button', { name: 'Show' }).click({ timeout: 20_000 });
  await expect(told).toContainText(
    "The notes of invoice draft of Nov 1, 2026 for Globex Carrier were changed to “Paid by card” on another device, which had not seen this device's change of them to “Net 30”: the change that reached the server last stands. Set them again if “Net 30” is right.",
  );
  for (const page of [one, two]) {
    await openSynced(page, editPath);
    await expect(page.getByLabel('Notes')).toHaveValue('Paid by card', { timeout: 20_000 });
  }
  await expect(two.getByRole('alert').filter({ hasText: 'were changed to' })).toHaveCount(0);
});

async function addItem(page: Page, description: string, unitPrice: string) {
  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  await page.getByRole('dialog').getByLabel('Description').fill(description);
  await page.getByRole('dialog').getByLabel('Unit price (required)').fill(unitPrice);
  await page.getByRole('dialog').getByRole('button', { name: 'Save item' }).click();
}

test('a change refused by the server is listed beside the install offer, neither covering the other', async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const { customer } = billingData();
  await seed(one, [{ name: 'createCustomer', args: customer }]);
  await openSynced(two, `/customer/edit?id=${customer.id}`);
  await waitForRoutesOnDevice(two);
  await two.context().setOffline(true);
  await two.getByLabel('Notes').fill('Edited offline');
  await two.getByRole('button', { name: 'Save customer' }).click();
  // Meanwhile another device deletes the customer, so the server refuses the edit.
  await seed(one, [{ name: 'deleteCustomer', args: { id: customer.id } }]);
  await two.context().setOffline(false);
  const refusals = two.getByRole('alert').filter({ hasText: 'A change was not saved' });
  // Folded, it is one line, as wide as its words, at the right: a strip of the page, not a panel over it.
  await expect(refusals).toHaveText(/^A change was not saved\s*Show$/, { timeout: 20_000 });
  for (const width of [1280, 390]) {
    await two.setViewportSize({ width, height: 800 });
    const folded = (await refusals.boundingBox())!;
    expect(folded.height, `${width}px`).toBeLessThan(56);
    expect(folded.width, `${width}px`).toBeLessThan(360);
  }
  await two.setViewportSize({ width: 1280, height: 800 });
  await refusals.getByRole('button', { name: 'Show' }).click();
  // It says which change it was, the customer named as this device knew it, and when it arose.
  await expect(refusals).toContainText('A change was not saved and has been undone:');
  await expect(refusals).toContainText('Change of customer Globex Carrier was refused. ');
  await expect(refusals.getByRole('listitem').locator('time')).toHaveText(/^\d{1,2}:\d{2}/);

  // What Chromium fires when it would offer installation.
  await two.evaluate(() => {
    const event = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), { prompt: async () => {}, userChoice: Promise.resolve({ outcome: 'dismissed' }) });
    window.dispatchEvent(event);
  });
  const offer = two.getByRole('status').filter({ hasText: 'Use Tollbook as an app on this device.' });
  await expect(offer).toBeVisible();
  for (const width of [1280, 390]) {
    await two.setViewportSize({ width, height: 800 });
    const [a, b] = [(await refusals.boundingBox())!, (await offer.boundingBox())!];
    const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlap, `${width}px: refusals ${JSON.stringify(a)}, offer ${JSON.stringify(b)}`).toBe(false);
  }
  // Both still answer clicks.
  await offer.getByRole('button', { name: 'Not now' }).click();
  await expect(offer).toHaveCount(0);
  await refusals.getByRole('button', { name: 'Dismiss all' }).click();
  await expect(refusals).toHaveCount(0);
});

test('the live change stream reopens after it fails (a server restart), and an unanswered sync reads "Can\'t reach the server", not an error', async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  // The first poke stream of device one fails as during a restart; later ones get through.
  let refused = 0;
  await one.route('**/api/trpc/sync.poke**', async (route) => {
    if (refused++ === 0) await route.fulfill({ status: 503, body: 'restarting' });
    else await route.continue();
  });
  await openSynced(one, '/customers');
  await openSynced(two, '/customers');
  await expect.poll(() => refused, { timeout: 20_000 }).toBeGreaterThan(1);
  // Another device's change arrives by the reopened stream, long before the 30-second timer.
  const { customer } = billingData();
  await seed(two, [{ name: 'createCustomer', args: customer }]);
  await expect(one.getByText('Globex Carrier')).toBeVisible({ timeout: 10_000 });

  // The server does not answer: the change waits on the device, and the bar says why without alarm.
  await one.route('**/api/trpc/sync.push**', (route) => route.abort('connectionrefused'));
  await one.goto('/customer/edit');
  await one.getByLabel('Name', { exact: true }).fill('Waiting Ltd');
  await one.getByRole('button', { name: 'Create customer' }).click();
  const status = one.getByTestId('sync-status');
  await expect(status).toHaveText("Can't reach the server · 1 unsynced", { timeout: 20_000 });
  await expect(status).toHaveAttribute('data-state', 'unreachable');
  await one.unroute('**/api/trpc/sync.push**');
  await expect(status).toHaveText('Synced', { timeout: 30_000 });
});

test('scrolled to the end of a long page, nothing lies under the notices at the bottom', async ({ page }) => {
  await page.request.post('/api/trpc/auth.signUp', {
    data: { companyName: 'Dock Telecom', name: 'Dee', email: `dock+${randomUUID()}@example.com`, password: PASSWORD },
  });
  const data = billingData();
  const draft = draftWithLines(data.customer.id, Array.from({ length: 25 }, (_, i) => `Cross-connect ${i + 1}`));
  await seed(page, [{ name: 'createCustomer', args: data.customer }, draft.mutation]);
  await openSynced(page, `/invoice/edit?id=${draft.invoiceId}`);
  await page.evaluate(() => {
    const event = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), { prompt: async () => {}, userChoice: Promise.resolve({ outcome: 'dismissed' }) });
    window.dispatchEvent(event);
  });
  await expect(page.getByRole('status').filter({ hasText: 'Use Tollbook as an app on this device.' })).toBeVisible();

  // The invoice's total is the editor's last element: scrolled to the end, it is clear of the dock.
  const total = page.getByTestId('total-total');
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 700 });
    await expect
      .poll(() =>
        total.evaluate((element) => {
          window.scrollTo(0, document.documentElement.scrollHeight);
          const box = element.getBoundingClientRect();
          const dock = document.querySelector('.notice-dock')!.getBoundingClientRect();
          const onTop = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return { clearOfDock: box.bottom <= dock.top, onTop: onTop === element || element.contains(onTop) };
        }),
      )
      .toEqual({ clearOfDock: true, onTop: true });
  }
});

/**
 * Device two's pulls come in pages of two changes, and the page that brings the usage is held back
 * until `release` (the network is slow, not broken): the device is in the middle of its first sync.
 */
async function holdUsagePages(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/trpc/sync.pull?**', async (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set('input', JSON.stringify({ ...JSON.parse(url.searchParams.get('input')!), limit: 2 }));
    const response = await route.fetch({ url: url.toString() });
    const body = await response.text();
    if (body.includes('"entity":"usage"')) await released;
    // A page the device navigated away from meanwhile no longer takes its answer.
    await route.fulfill({ response, body }).catch(() => undefined);
  });
  return release;
}

test('a new device in the middle of its first sync bills nothing from half its data, its statements warn and offer no PDF, its empty lists say the data is still arriving, and a link to what has not arrived says so', async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const data = billingData();
  const draft = draftWithLines(data.customer.id, ['Port fee']);
  await seed(one, [...seedMutations(data), draft.mutation]);
  const release = await holdUsagePages(two);

  // The customer and its package have arrived, its usage and invoices not yet.
  await two.goto(`/invoice/generate?customer=${data.customer.id}`);
  await expect(two.getByTestId('sync-status')).toHaveText(/^Syncing \d+ of \d+…$/, { timeout: 20_000 });
  await expect(two.getByRole('heading', { name: 'Generate invoice for Globex Carrier' })).toBeVisible();
  await expect(two.getByTestId('not-downloaded')).toHaveText(
    /^This device is still downloading the company's data \(\d+ of \d+ records\)\. Generate Invoice waits until it has all of it: an invoice made from part of the usage, packages and earlier invoices would bill the wrong amount\.$/,
  );
  await expect(two.getByRole('button', { name: 'Create draft' })).toHaveCount(0);
  await expect(two.getByRole('heading', { name: 'Preview' })).toHaveCount(0);

  // The customer's statement would leave out what has not arrived: it says so, and offers no PDF.
  await two.goto(`/customer/statement?id=${data.customer.id}`);
  await expect(two.getByRole('heading', { name: 'Statement: Globex Carrier', level: 1 })).toBeVisible();
  await expect(two.getByTestId('not-downloaded')).toHaveText(
    /^This device is still downloading the company's data( \(\d+ of \d+ records\))?\. The statement may leave out invoices and payments that have not arrived, so its balances may be wrong; its PDF waits until the device has all of it\.$/,
  );
  await expect(two.getByRole('button', { name: 'PDF' })).toHaveCount(0);

  await two.goto(`/customer?id=${data.customer.id}`);
  await expect(two.getByRole('region', { name: 'Usage summary' }).getByRole('status')).toHaveText(
    // Reloaded, the device resumes its download; the count shows again with the next page.
    /^Usage records are still arriving\. This device is still downloading the company's data( \(\d+ of \d+ records\))?\.$/,
  );
  await two.goto('/invoices');
  await expect(two.getByRole('status').filter({ hasText: 'Invoices are still arriving' })).toContainText("This device is still downloading the company's data");
  await expect(two.getByText('No invoices yet')).toHaveCount(0);
  // A link to the invoice, opened before it has arrived: not "not found", but on its way.
  await two.goto(`/invoice?id=${draft.invoiceId}`);
  await expect(two.getByRole('heading', { name: 'Invoice not downloaded yet', level: 1 })).toBeVisible();
  await expect(two.getByRole('status').filter({ hasText: 'This invoice may be among' })).toHaveText(
    /^This device is still downloading the company's data( \(\d+ of \d+ records\))?\. This invoice may be among what has not arrived: it shows here once it has\. Back to invoices$/,
  );

  // The rest arrives: the list fills, and Generate Invoice offers the draft of all the usage.
  release();
  await expect(two.getByTestId('sync-status')).toHaveText('Synced', { timeout: 20_000 });
  await expect(two.getByText('Port fee')).toBeVisible();
  await two.goto('/invoices');
  await expect(two.getByTestId('invoice-rows').getByRole('row')).toHaveCount(1);
  await two.goto(`/invoice/generate?customer=${data.customer.id}`);
  await expect(two.getByText('United Kingdom - Mobile')).toBeVisible();
  await expect(two.getByRole('button', { name: 'Create draft' })).toBeVisible();
  await expect(two.getByTestId('not-downloaded')).toHaveCount(0);
  await two.goto(`/customer/statement?id=${data.customer.id}`);
  await expect(two.getByRole('button', { name: 'PDF' })).toBeVisible();
  await expect(two.getByTestId('not-downloaded')).toHaveCount(0);
});

test('a new device that cannot reach the server, or is offline, before its first sync says so, and that it has nothing to bill from', async ({ browser }) => {
  const [one, two] = await twoDevices(browser);
  const data = billingData();
  await seed(one, seedMutations(data));
  // The server is down: no answer at all (the page itself was served before).
  await two.route('**/api/trpc/sync.pull?**', (route) => route.abort('failed'));

  await two.goto('/customers');
  const badge = two.getByTestId('sync-status');
  await expect(badge).toHaveText("Can't reach the server", { timeout: 20_000 });
  await expect(badge).toHaveAttribute('data-state', 'unreachable');
  await expect(badge).toHaveAttribute('title', 'The server could not be reached (Failed to fetch); this device keeps trying.');
  await expect(two.getByRole('status').filter({ hasText: 'No customers on this device yet' })).toContainText(
    "This device cannot reach the server and has not downloaded the company's data yet. It keeps trying, and downloads the data once the server answers.",
  );

  await two.goto(`/invoice/generate?customer=${data.customer.id}`);
  await expect(two.getByTestId('not-downloaded')).toHaveText(
    "This device cannot reach the server and has not downloaded the company's data yet. It keeps trying, and downloads the data once the server answers. Until then there is nothing to bill from.",
    { timeout: 20_000 },
  );
  await expect(two.getByText('Pick a customer first.')).toHaveCount(0);

  await two.context().setOffline(true);
  // The syncer looks again on focus (as when the user comes back to the window).
  await two.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(badge).toHaveText('Offline', { timeout: 20_000 });
  await expect(two.getByTestId('not-downloaded')).toHaveText(
    "This device is offline and has not downloaded the company's data yet. Connect it to the network: the data downloads on its own. Until then there is nothing to bill from.",
  );
});
