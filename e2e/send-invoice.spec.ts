/**
 * Sending an issued invoice: "Email…" opens a dialog with the message to the customer's contacts
 * the clerk ticks (all at first; what is owed, by when, how to pay), saying the mail app gets no attachment, with the PDF to
 * download beside "Open in mail app"; where the browser can share files, "Share PDF…" hands the
 * invoice's PDF with that message to the system's share sheet. A draft is not sent.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { billingData, draftWithLines } from './billing-data';
import { openSynced, seed, signUp } from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations } from './page-checks';
import { checkPdf } from '../app/_pdf/pdf-test-tools';

/** The message Email…'s dialog opens the mail app with (its Open in mail app link); the dialog is closed after. */
async function emailOf(page: Page): Promise<{ to: string; subject: string; body: string }> {
  await page.getByRole('button', { name: 'Email…' }).click();
  const dialog = page.getByRole('dialog');
  const href = (await dialog.getByRole('link', { name: 'Open in mail app' }).getAttribute('href'))!;
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  expect(href.startsWith('mailto:')).toBe(true);
  const url = new URL(href);
  return { to: decodeURIComponent(url.pathname), subject: url.searchParams.get('subject')!, body: url.searchParams.get('body')! };
}

test('Email… writes to the contacts what is owed, by when and how to pay; once paid, that nothing is due; a draft has none', async ({ page }) => {
  await signUp(page);
  const customer = {
    ...billingData().customer,
    contacts: [
      { name: 'Gail', email: 'gail@globex.example', phone: '' },
      { name: 'Accounts payable', email: 'ap@globex.example', phone: '' },
    ],
  };
  const issued = draftWithLines(customer.id, ['Wholesale termination']);
  const draft = draftWithLines(customer.id, ['Not sent yet']);
  await seed(page, [
    { name: 'saveAccount', args: { paymentDetails: 'IBAN GB33 BUKB 2020 1555 5555 55' } },
    { name: 'createCustomer', args: customer },
    issued.mutation,
    draft.mutation,
    { name: 'issueInvoice', args: { id: issued.invoiceId } },
  ]);
  await openSynced(page, `/invoice?id=${draft.invoiceId}`);
  await expect(page.getByRole('button', { name: 'PDF' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Email…' })).toHaveCount(0);

  await openSynced(page, `/invoice?id=${issued.invoiceId}`);
  const email = await emailOf(page);
  expect(email.to).toBe('gail@globex.example,ap@globex.example');
  expect(email.subject).toBe('Invoice INV-1 from Acme Telecom');
  expect(email.body.split('\r\n\r\n')).toEqual([
    'Dear Gail and Accounts payable,',
    'Please find attached invoice INV-1 from Acme Telecom (INV-1.pdf).',
    // Due on 2026-12-01, before today.
    'Total: $10.00. Amount due: $10.00, which was due on Dec 1, 2026 and is overdue.',
    'Payment details:\r\nIBAN GB33 BUKB 2020 1555 5555 55',
    'Please quote INV-1 with your payment.',
    'Kind regards,\r\nAcme Telecom',
  ]);

  await seed(page, [
    {
      name: 'recordPayment',
      args: {
        id: randomUUID(), customerId: customer.id, date: '2026-11-02', amount: '10', currency: 'USD', method: 'Bank transfer', reference: 'WIRE-1',
        allocations: [{ invoiceId: issued.invoiceId, amount: '10' }],
      },
    },
  ]);
  await openSynced(page, `/invoice?id=${issued.invoiceId}`);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  await expect.poll(async () => (await emailOf(page)).body).toContain('Total: $10.00. Nothing is due on it.');
  expect((await emailOf(page)).body).not.toContain('IBAN');
});

test("Email… lets the clerk choose which of the customer's contacts get it, all ticked at first; the mail app and the greeting follow, and with no one ticked there is nothing to open", async ({ page }) => {
  await signUp(page);
  const customer = {
    ...billingData().customer,
    contacts: [
      { name: 'Noah Ivanova', email: 'noah.ivanova@atlas.example', phone: '+44 20 7946 0001' },
      { name: 'Sven Okafor', email: 'noc@atlas.example', phone: '+44 20 7946 0002' },
      { name: 'Front desk', email: '', phone: '+44 20 7946 0000' },
      { name: 'Rosa Costa', email: 'ap@atlas.example', phone: '' },
    ],
  };
  const issued = draftWithLines(customer.id, ['Wholesale termination']);
  await seed(page, [{ name: 'createCustomer', args: customer }, issued.mutation, { name: 'issueInvoice', args: { id: issued.invoiceId } }]);
  await openSynced(page, `/invoice?id=${issued.invoiceId}`);
  await page.getByRole('button', { name: 'Email…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Email invoice INV-1' });
  const to = dialog.getByRole('group', { name: 'To' });
  // The contacts with an email, each ticked; the one with a phone only is not offered.
  await expect(to.getByRole('checkbox')).toHaveCount(3);
  const noah = to.getByRole('checkbox', { name: 'Noah Ivanova noah.ivanova@atlas.example' });
  const sven = to.getByRole('checkbox', { name: 'Sven Okafor noc@atlas.example' });
  const rosa = to.getByRole('checkbox', { name: 'Rosa Costa ap@atlas.example' });
  for (const box of [noah, sven, rosa]) await expect(box).toBeChecked();
  const mailto = async () => {
    const url = new URL((await dialog.getByRole('link', { name: 'Open in mail app' }).getAttribute('href'))!);
    return { to: decodeURIComponent(url.pathname), greeting: url.searchParams.get('body')!.split('\r\n')[0] };
  };
  expect(await mailto()).toEqual({ to: 'noah.ivanova@atlas.example,noc@atlas.example,ap@atlas.example', greeting: 'Dear Noah Ivanova, Sven Okafor and Rosa Costa,' });

  // The NOC is left out: the mail app and the message shown go to the others alone.
  await sven.uncheck();
  await expect.poll(mailto).toEqual({ to: 'noah.ivanova@atlas.example,ap@atlas.example', greeting: 'Dear Noah Ivanova and Rosa Costa,' });
  await expect(dialog.getByTestId('email-no-one-chosen')).toHaveCount(0);
  await expect(dialog.getByText(/^Dear Noah Ivanova and Rosa Costa,/)).toBeVisible();
  await rosa.uncheck();
  await expect.poll(mailto).toEqual({ to: 'noah.ivanova@atlas.example', greeting: 'Dear Noah Ivanova,' });

  // No one ticked: nothing to open, and the dialog says why.
  await noah.uncheck();
  await expect(dialog.getByRole('link', { name: 'Open in mail app' })).toHaveCount(0);
  const open = dialog.getByRole('button', { name: 'Open in mail app' });
  await expect(open).toBeDisabled();
  const reason = 'No one is ticked to send it to: tick at least one contact to open it in your mail app.';
  await expect(dialog.getByTestId('email-no-one-chosen')).toHaveText(reason);
  await expect(open).toHaveAccessibleDescription(reason);
  await expectNoSeriousA11yViolations(page);
  await rosa.check();
  await expect.poll(mailto).toEqual({ to: 'ap@atlas.example', greeting: 'Dear Rosa Costa,' });
  await expect(dialog.getByTestId('email-no-one-chosen')).toHaveCount(0);

  // Opened again, all are ticked again.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Email…' }).click();
  for (const box of [noah, sven, rosa]) await expect(box).toBeChecked();
});

test('Share PDF…, where the browser shares files, hands over the invoice PDF with the message', async ({ page }) => {
  // Chromium on Linux has no share sheet: this one records what it is given, as a phone's would take it.
  await page.addInitScript(() => {
    const shared: unknown[] = [];
    Object.assign(window, { sharedForTest: shared });
    Object.defineProperty(navigator, 'canShare', { value: (data: { files?: File[] }) => Boolean(data.files?.every((f) => f.type === 'application/pdf')) });
    Object.defineProperty(navigator, 'share', {
      value: async (data: { files: File[]; title: string; text: string }) => {
        const file = data.files[0]!;
        const head = new TextDecoder().decode((await file.arrayBuffer()).slice(0, 5));
        shared.push({ name: file.name, type: file.type, head, size: file.size, title: data.title, text: data.text });
      },
    });
  });
  await signUp(page);
  const customer = { ...billingData().customer, contacts: [{ name: 'Gail', email: 'gail@globex.example', phone: '' }] };
  const issued = draftWithLines(customer.id, ['Wholesale termination']);
  await seed(page, [{ name: 'createCustomer', args: customer }, issued.mutation, { name: 'issueInvoice', args: { id: issued.invoiceId } }]);
  await openSynced(page, `/invoice?id=${issued.invoiceId}`);
  await page.getByRole('button', { name: 'Share PDF…' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { sharedForTest: unknown[] }).sharedForTest.length), { timeout: 30_000 }).toBe(1);
  const [shared] = await page.evaluate(() => (window as unknown as { sharedForTest: { name: string; type: string; head: string; size: number; title: string; text: string }[] }).sharedForTest);
  expect(shared).toMatchObject({ name: 'INV-1.pdf', type: 'application/pdf', head: '%PDF-', title: 'Invoice INV-1 from Acme Telecom' });
  expect(shared!.size).toBeGreaterThan(1000);
  expect(shared!.text).toContain('Dear Gail,');
  expect(shared!.text).toContain('Amount due: $10.00, which was due on Dec 1, 2026 and is overdue.');
  await expect(page.getByText(/The PDF could not be/)).toHaveCount(0);
});

test("Email…'s dialog says, on a phone too, that the mail app opens without the PDF, and its PDF button downloads the file the message names", async ({ page }) => {
  // A phone: no pointer to hover a tooltip with.
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  const customer = { ...billingData().customer, contacts: [{ name: 'Gail', email: 'gail@globex.example', phone: '' }] };
  const issued = draftWithLines(customer.id, ['Wholesale termination']);
  await seed(page, [{ name: 'createCustomer', args: customer }, issued.mutation, { name: 'issueInvoice', args: { id: issued.invoiceId } }]);
  await openSynced(page, `/invoice?id=${issued.invoiceId}`);
  await page.getByRole('button', { name: 'Email…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Email invoice INV-1' });
  const hint = 'Your mail app opens with this message but without the PDF: download it here first (INV-1.pdf), then attach it yourself.';
  await expect(dialog.getByText(hint)).toBeVisible();
  await expect(dialog).toHaveAccessibleDescription(hint);
  await expect(dialog.getByText('Please find attached invoice INV-1 from Acme Telecom (INV-1.pdf).')).toBeVisible();
  const send = dialog.getByRole('link', { name: 'Open in mail app' });
  await expect(send).toBeVisible();
  const body = new URL((await send.getAttribute('href'))!).searchParams.get('body')!;

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'PDF' }).click()]);
  expect(download.suggestedFilename()).toBe('INV-1.pdf');
  expect(body).toContain(`(${download.suggestedFilename()}).`);
  // The invoice's own PDF, as the page's PDF button downloads it.
  const pdf = checkPdf(new Uint8Array(await readFile((await download.path())!)));
  expect(pdf.text).toMatch(/Invoice no\. +INV-1\b/);
  await expect(dialog.getByText(/The PDF could not be/)).toHaveCount(0);
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);

  // Closed, the keyboard is back on Email….
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Email…' })).toBeFocused();
});

test("an invoice about to go out without the seller's address or payment details says so, on the page, in Issue's and in Email…'s dialogs, with the way to My Account; filled in, a draft no longer does, an invoice issued without them still does", async ({ page }) => {
  // Signed up, the account has a company name only: no address, no payment details.
  await signUp(page);
  const customer = billingData().customer;
  const draft = draftWithLines(customer.id, ['Wholesale termination']);
  const issuedBare = draftWithLines(customer.id, ['Port fee']);
  await seed(page, [{ name: 'createCustomer', args: customer }, draft.mutation, issuedBare.mutation, { name: 'issueInvoice', args: { id: issuedBare.invoiceId } }]);

  await openSynced(page, `/invoice?id=${draft.invoiceId}`);
  const notice = page.getByTestId('seller-details-notice');
  const draftSays =
    "Your company's address and payment details are empty in My Account: this invoice would reach the customer without them, not saying who it is from or how to pay. Fill in My Account in Settings.";
  await expect(notice).toHaveText(draftSays);
  // Said, not asked: Issue is there to press all the same, and its dialog says it again.
  await page.getByRole('button', { name: 'Issue' }).click();
  const issuing = page.getByRole('dialog', { name: 'Issue invoice' });
  await expect(issuing.getByTestId('seller-details-notice')).toHaveText(draftSays);
  await expect(issuing.getByRole('button', { name: 'Issue invoice' })).toBeEnabled();
  await issuing.getByRole('button', { name: 'Cancel' }).click();
  await expect(issuing).toHaveCount(0);

  // Issued without them, it keeps what it was issued with: the page and Email… say so.
  await openSynced(page, `/invoice?id=${issuedBare.invoiceId}`);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  const issuedSays =
    "This invoice was issued without your company's address and payment details: its PDF and email do not say who it is from or how to pay. It keeps the details it was issued with: once My Account has them, Void and replace it to send one that does. Fill in My Account in Settings.";
  await expect(notice).toHaveText(issuedSays);
  await page.getByRole('button', { name: 'Email…' }).click();
  const emailing = page.getByRole('dialog', { name: 'Email invoice INV-1' });
  await expect(emailing.getByTestId('seller-details-notice')).toHaveText(issuedSays);
  await expectNoSeriousA11yViolations(page);
  await emailing.getByRole('button', { name: 'Close' }).click();

  // The link opens My Account; filled in there, the draft has nothing to say any more.
  await notice.getByRole('link', { name: 'Fill in My Account' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await page.getByLabel('Address').fill('12 Exchange Square\nLondon EC2A 2BR');
  await page.getByLabel('Payment details', { exact: true }).fill('IBAN GB33 BUKB 2020 1555 5555 55');
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Account saved.' })).toBeVisible();
  await openSynced(page, `/invoice?id=${draft.invoiceId}`);
  await expect(page.getByRole('button', { name: 'Issue' })).toBeVisible();
  await expect(notice).toHaveCount(0);
  await page.getByRole('button', { name: 'Issue' }).click();
  await expect(issuing.getByTestId('seller-details-notice')).toHaveCount(0);
  await issuing.getByRole('button', { name: 'Issue invoice' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText(/^INV-2$|^pending$/);
  await expect(page.getByRole('button', { name: 'Email…' })).toBeVisible({ timeout: 20_000 });
  await expect(notice).toHaveCount(0);
  // The one issued without them still says so.
  await openSynced(page, `/invoice?id=${issuedBare.invoiceId}`);
  await expect(notice).toHaveText(issuedSays);
});
