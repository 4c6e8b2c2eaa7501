/**
 * Small screens, right-to-left text, page titles, focus and high contrast: what a keyboard, a
 * screen reader, a phone or 400% zoom user meets across the screens.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { billingData, draftWithLines, seedMutations } from './billing-data';
import { openSynced, pickCustomer, seed, signUp, issueDraft } from './fixtures';
import { addDays } from '../lib/dates';
import { formatMoney } from '../lib/money';
import { creditApplication } from '../lib/payments';
import type { Customer } from '../lib/entities';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations, waitForRoutesOnDevice } from './page-checks';

test('on a 375px phone an invoice with an item fits the screen, and the item dialog keeps Save and Cancel on it', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 667 });
  await signUp(page);
  await seed(page, seedMutations(billingData()));
  await openSynced(page, '/invoices');
  await page.getByRole('link', { name: 'New invoice' }).click();
  await pickCustomer(page, 'Customer (required)', 'Globex Carrier (Globex Ltd)');
  const add = page.getByRole('button', { name: 'Add Invoice Item' });
  await add.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Package').selectOption({ label: 'DID rental' });
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(page.getByRole('region', { name: 'Invoice lines' })).toBeVisible();
  // The lines scroll in their own box; the page itself does not scroll sideways.
  await expectNoHorizontalScroll(page);

  await add.click();
  for (const name of ['Save item', 'Cancel']) {
    const box = (await dialog.getByRole('button', { name }).boundingBox())!;
    expect(box.x + box.width, `${name} ends within the screen`).toBeLessThanOrEqual(375);
  }
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await expectNoHorizontalScroll(page);
});

test('a long name without spaces wraps in its headings on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 667 });
  await signUp(page);
  const data = billingData();
  const longName = `Supercalifragilistic${'Telecommunications'.repeat(4)}Limited`;
  await seed(page, [{ name: 'createCustomer', args: { ...data.customer, name: longName } }]);
  await openSynced(page, `/customer?id=${data.customer.id}`);
  await expect(page.getByRole('heading', { name: longName, level: 1 })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.goto(`/customer/edit?id=${data.customer.id}`);
  await expect(page.getByRole('heading', { name: `Edit ${longName}`, level: 1 })).toBeVisible();
  await expectNoHorizontalScroll(page);
});

test('Settings fits a 320px screen (400% zoom): the hidden logo file input does not widen it', async ({ page }) => {
  // The "Choose logo…" button stands for the file input, which is hidden.
  await page.setViewportSize({ width: 320, height: 256 });
  await signUp(page);
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expectNoHorizontalScroll(page);
});

/**
 * On a 390px phone, signed up with Globex (billingData), `more` of its records (given the data), and
 * its Port fee invoice issued as INV-1, `paid` of it paid by bank transfer today.
 */
async function phoneWithPaidInvoice(page: Page, paid: string, more: (data: ReturnType<typeof billingData>) => { name: string; args: unknown }[] = () => []) {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  const data = billingData();
  const draft = draftWithLines(data.customer.id, ['Port fee']);
  const today = new Date().toISOString().slice(0, 10);
  await seed(page, [
    ...seedMutations(data),
    ...more(data),
    draft.mutation,
    { name: 'issueInvoice', args: { id: draft.invoiceId } },
    {
      name: 'recordPayment',
      args: { id: randomUUID(), customerId: data.customer.id, date: today, amount: paid, currency: 'USD', method: 'Bank transfer', reference: 'WIRE-1', allocations: [{ invoiceId: draft.invoiceId, amount: paid }] },
    },
  ]);
  return { data, invoiceId: draft.invoiceId, today };
}

test('on a 390px phone each package of the catalogue is a card: its name whole, every figure labelled, Edit and Delete on screen and 44 px high; retired ones hidden until asked for', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  const data = billingData();
  const longName = 'International Premium Termination Bundle With Extras';
  const retired = { ...data.did, id: randomUUID(), name: 'Old DID plan', retired: true };
  await seed(page, [...seedMutations(data), { name: 'createPackage', args: { ...data.did, id: randomUUID(), name: longName } }, { name: 'createPackage', args: retired }]);
  await openSynced(page, '/packages');
  const catalogue = page.getByRole('table', { name: 'Package catalogue' });
  // Retired packages are hidden until asked for; the box says how many there are.
  await expect(page.getByLabel(/Show retired packages/)).not.toBeChecked();
  await expect(catalogue.getByRole('row', { name: /Old DID plan/ })).toHaveCount(0);
  const card = catalogue.getByRole('row', { name: new RegExp(longName) });
  // Every cell but Edit and Delete (their names' hidden words, clipped, run past it), which are checked below.
  await expectContentInCardOnScreen(card, '.package-actions');
  await expect(card.getByRole('cell').filter({ hasText: 'Monthly' })).toBeVisible();
  for (const name of [`Edit ${longName}`, `Delete ${longName}`]) {
    const button = card.getByRole('link', { name }).or(card.getByRole('button', { name }));
    await expectInCardOnScreen(card, button);
    expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  }
  // The name is whole: not cut at the card's edge.
  const nameLink = card.getByRole('link', { name: longName, exact: true });
  expect(await nameLink.evaluate((link) => link.scrollWidth <= link.clientWidth + 1 && link.getClientRects().length >= 1)).toBe(true);
  await expectNoSidewaysScrollIn(page.getByRole('region', { name: 'Package catalogue table' }));
  await expectNoHorizontalScroll(page);
  await page.getByLabel(/Show retired packages/).check();
  await expect(catalogue.getByRole('row', { name: /Old DID plan/ })).toContainText('Retired');
  await expectNoSeriousA11yViolations(page);

  // At a desk, a table.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(catalogue.getByRole('columnheader', { name: 'Retail' })).toBeVisible();
  await expect(card.getByRole('button', { name: `Delete ${longName}` })).toBeVisible();
});

test('on a 390px phone each customer of the list is a card: the name whole and wrapped, its company and status on screen; the list stays virtualised', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  const longName = 'Atlas Telecommunications Voice Services International';
  const customers = Array.from({ length: 300 }, (_, i) => ({
    ...billingData().customer,
    id: randomUUID(),
    name: i === 0 ? longName : `Atlas Voice ${String(i).padStart(3, '0')}`,
    company: `Atlas Holdings ${i}`,
    status: i % 2 ? 'inactive' : 'active',
  }));
  await seed(page, customers.map((customer) => ({ name: 'createCustomer', args: customer })));
  await openSynced(page, '/customers');
  const table = page.getByRole('table', { name: 'Customers' });
  const card = table.getByRole('row', { name: new RegExp(longName) });
  const name = card.getByRole('link', { name: longName });
  await expect(name).toBeVisible();
  // Whole: the name wraps within its card, nothing of it cut off or past the screen.
  const cut = await card.evaluate((row) => [...row.querySelectorAll<HTMLElement>('[role="cell"]')].filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.textContent));
  expect(cut).toEqual([]);
  const nameBox = (await name.boundingBox())!;
  expect(nameBox.height).toBeGreaterThan(30);
  await expectInCardOnScreen(card, name);
  await expectInCardOnScreen(card, card.getByText('Atlas Holdings 0', { exact: true }));
  await expectInCardOnScreen(card, card.getByText('Active', { exact: true }));
  // Cards do not overlap: each starts where the one above ends.
  const boxes = await table.getByRole('row').evaluateAll((rows) => rows.slice(1, 6).map((row) => row.getBoundingClientRect()).map((b) => ({ top: b.top, bottom: b.bottom })));
  for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.top).toBeGreaterThanOrEqual(boxes[i - 1]!.bottom - 1);
  // Virtualised: only the cards in view are drawn, and the last is reached by scrolling.
  expect(await table.getByRole('row').count()).toBeLessThan(60);
  await page.getByRole('rowgroup', { name: 'Customers rows' }).evaluate((scroller) => scroller.scrollTo(0, scroller.scrollHeight));
  await expect(table.getByRole('link', { name: 'Atlas Voice 299' })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);

  // At a desk each customer is one line of a table.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('rowgroup', { name: 'Customers rows' }).evaluate((scroller) => scroller.scrollTo(0, 0));
  await expect(card.getByText('Atlas Holdings 0', { exact: true })).toBeVisible();
  expect((await card.boundingBox())!.height).toBeLessThanOrEqual(53);
});

test('on a 390px phone a tap anywhere on an invoice card opens the invoice, and its link still takes the keyboard', async ({ page }) => {
  const { invoiceId } = await phoneWithPaidInvoice(page, '1.00');
  await openSynced(page, '/invoices');
  const card = page.getByTestId('invoice-rows').getByRole('row').first();
  await expect(card).toContainText('Globex Carrier');
  // The customer's name and the status badge are not links themselves: the card is.
  /** A tap in the middle of what `target` shows, wherever the page takes it. */
  async function tap(target: Locator) {
    const box = (await target.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }
  await tap(card.getByRole('cell').filter({ hasText: 'Globex Carrier' }));
  await expect(page).toHaveURL(new RegExp(`/invoice\\?id=${invoiceId}$`));
  await page.goBack();
  // The status badge, at the card's bottom right.
  await tap(card.getByRole('cell').last());
  await expect(page).toHaveURL(new RegExp(`/invoice\\?id=${invoiceId}$`));
  await page.goBack();
  // From the keyboard, the number's link (one Tab stop per card) opens it, its ring round the card.
  const link = card.getByRole('link', { name: 'INV-1' });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/invoice\\?id=${invoiceId}$`));
  await page.goBack();
  await expect(card.getByRole('link')).toHaveCount(1);
  await expectNoSeriousA11yViolations(page);
});

test('on a 390px phone the header is one row: Menu opens the sections, the company and Sign out, and a section chosen folds it; offline too', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page, 'Phone Telecom Ltd');
  await openSynced(page, '/invoices');
  const header = page.getByRole('banner');
  const menu = header.getByRole('button', { name: 'Menu' });
  const nav = page.getByRole('navigation', { name: 'Main' });
  const oneRow = 72;
  expect((await header.boundingBox())!.height).toBeLessThanOrEqual(oneRow);
  await expect(page.getByTestId('sync-status')).toBeVisible();
  await expect(nav).toBeHidden();
  await expect(header.getByRole('button', { name: 'Sign out' })).toBeHidden();
  const toggleBox = (await menu.boundingBox())!;
  expect(Math.min(toggleBox.width, toggleBox.height)).toBeGreaterThanOrEqual(44);

  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(header.getByRole('link', { name: 'Phone Telecom Ltd' })).toBeVisible();
  await expect(header.getByRole('button', { name: 'Sign out' })).toBeVisible();
  for (const link of await nav.getByRole('link').all()) expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);
  // Tab goes from Menu into what it opened; Escape folds it and gives the focus back to Menu.
  await menu.focus();
  await page.keyboard.press('Tab');
  await expect(header.getByRole('link', { name: 'Tollbook home' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('link', { name: 'Invoices' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  // A section chosen opens and folds the menu.
  await menu.click();
  await nav.getByRole('link', { name: 'Customers' }).click();
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');

  // Offline with changes waiting, the badge's longer words still leave the header one row.
  await waitForRoutesOnDevice(page);
  await page.context().setOffline(true);
  await page.evaluate(() => window.dispatchEvent(new Event('offline')));
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Offline Carrier');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByTestId('sync-status')).toHaveText(/Offline · 1 unsynced/, { timeout: 20_000 });
  expect((await header.boundingBox())!.height).toBeLessThanOrEqual(oneRow);
  await expectNoHorizontalScroll(page);

  // At a desk there is no menu: the sections, the company and Sign out are in the header.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(menu).toBeHidden();
  await expect(nav).toBeVisible();
  await expect(header.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('on a 390px phone the header stays at the top of a long list: Menu is in reach at its end, and the list still scrolls in itself', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  const data = billingData();
  const drafts = Array.from({ length: 60 }, (_, n) => draftWithLines(data.customer.id, [`Cross-connect ${n + 1}`]).mutation);
  await seed(page, [...seedMutations(data), ...drafts]);
  await openSynced(page, '/invoices');
  await expect(page.getByText('60 of 60 invoices')).toBeVisible();
  const header = page.getByRole('banner');
  const menu = header.getByRole('button', { name: 'Menu' });
  const headerHeight = (await header.boundingBox())!.height;

  // The list scrolled to its last invoice, then the page to its end: the header is where it was.
  const rows = page.getByTestId('invoice-rows');
  await rows.evaluate((element) => element.scrollTo(0, element.scrollHeight));
  await expect(page.locator('[aria-rowindex="61"]')).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(headerHeight);
  expect(await header.boundingBox()).toMatchObject({ y: 0, height: headerHeight });
  await expect(menu).toBeInViewport();
  // What lies under it is the page scrolled by, not hidden content: the page's end is below it.
  expect((await page.getByText('60 of 60 invoices').boundingBox())!.y).toBeGreaterThanOrEqual(headerHeight);
  await expectNoHorizontalScroll(page);

  await menu.click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
});

/** The box of `target` is at least 44 × 44 CSS px: a finger's tap lands on it (WCAG 2.5.5). */
async function expectTapTarget(target: Locator) {
  await expect(target).toBeVisible();
  const box = (await target.boundingBox())!;
  expect({ width: box.width >= 44, height: box.height >= 44 }, `${await target.textContent()} is ${box.width} × ${box.height}`).toEqual({ width: true, height: true });
}

test('on a 390px phone the small controls are 44 px tap targets: the CDR file button (naming the file read), period, schedule and usage summary choices, breadcrumb links; no page of them scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  const data = billingData();
  await seed(page, seedMutations(data));
  await openSynced(page, '/usage/import');
  // The file field is a button; once the file is read, its name shows beside it (not "No file chosen").
  const chooser = page.locator('label.button').filter({ hasText: 'Choose a CDR file' });
  await expectTapTarget(chooser);
  await expect(page.getByTestId('cdr-file-chosen')).toHaveText('No file chosen');
  await page.getByLabel('CDR file', { exact: true }).setInputFiles(path.join(import.meta.dirname, 'fixtures', 'cdr', 'softswitch.csv'));
  await expect(page.getByTestId('cdr-file-chosen')).toHaveText('softswitch.csv');
  await expect(page.getByLabel('CDR file', { exact: true })).toHaveAccessibleDescription('softswitch.csv');
  await expectNoHorizontalScroll(page);

  await page.goto(`/customer?id=${data.customer.id}`);
  await expectTapTarget(page.getByRole('main').getByRole('link', { name: 'Customers', exact: true }));
  // The usage summary's By day, By week and By month.
  const summarize = page.getByRole('group', { name: 'Summarize usage' });
  for (const name of ['By day', 'By week', 'By month']) await expectTapTarget(summarize.getByRole('button', { name }));
  await summarize.getByRole('button', { name: 'By day' }).click();
  await expect(page.getByRole('table', { name: /by day/ })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.goto(`/invoice/generate?customer=${data.customer.id}`);
  for (const name of ['Last month', 'This month', 'Custom']) await expectTapTarget(page.locator('label.radio').filter({ hasText: name }));
  // The whole label takes the tap, not only the radio.
  const custom = page.locator('label.radio').filter({ hasText: 'Custom' });
  const box = (await custom.boundingBox())!;
  await page.mouse.click(box.x + box.width - 4, box.y + 4);
  await expect(page.getByRole('radio', { name: 'Custom' })).toBeChecked();
  await expectNoHorizontalScroll(page);
  await page.goto(`/customer/statement?id=${data.customer.id}`);
  for (const name of ['Last month', 'This month', 'Custom']) await expectTapTarget(page.locator('label.radio').filter({ hasText: name }));
  await expectNoHorizontalScroll(page);
  await page.goto('/invoices/run');
  await expect(page.getByRole('heading', { name: 'Billing run', level: 1 })).toBeVisible();
  for (const label of await page.locator('label.radio').all()) await expectTapTarget(label);
  await expectNoHorizontalScroll(page);
});

/** The box of `target` lies on a 390px screen, and inside `card` (its row), with no sideways scroll needed to see it. */
async function expectInCardOnScreen(card: Locator, target: Locator) {
  await expect(target).toBeVisible();
  const box = (await target.boundingBox())!;
  const cardBox = (await card.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(box.x).toBeGreaterThanOrEqual(cardBox.x - 0.5);
  expect(box.x + box.width).toBeLessThanOrEqual(cardBox.x + cardBox.width + 0.5);
  expect(box.y).toBeGreaterThanOrEqual(cardBox.y - 0.5);
  expect(box.y + box.height).toBeLessThanOrEqual(cardBox.y + cardBox.height + 0.5);
}

/** Nothing in `region` lies past its right edge: it has nothing to scroll sideways. */
async function expectNoSidewaysScrollIn(region: Locator) {
  expect(await region.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
}

/** What each cell of `card` shows (its text, not only its box) lies inside the card and on a 390px screen: none runs past an edge. */
async function expectContentInCardOnScreen(card: Locator, except = '') {
  const outside = await card.evaluate((row, except) => {
    const rect = row.getBoundingClientRect();
    return [...row.querySelectorAll('th, td')]
      .filter((c) => !except || !c.matches(except))
      .filter((c) => c.getClientRects().length > 0 && c.textContent?.trim())
      .filter((c) => {
        const range = document.createRange();
        range.selectNodeContents(c);
        const box = range.getBoundingClientRect();
        return box.left < Math.max(0, rect.left - 0.5) || box.right > Math.min(390, rect.right + 0.5);
      })
      .map((c) => c.textContent);
  }, except);
  expect(outside).toEqual([]);
}

/** No more than `most` px between a card's edges and what it shows: no tall, empty rows. */
async function expectNoEmptySpace(card: Locator, most = 14) {
  const { top, bottom, contentTop, contentBottom } = await card.evaluate((row) => {
    const boxes = [...row.querySelectorAll('th, td')].filter((c) => c.getClientRects().length > 0 && c.textContent?.trim()).map((c) => {
      // The content's own box: a cell stretched by its grid row would hide the empty space.
      const range = document.createRange();
      range.selectNodeContents(c);
      return range.getBoundingClientRect();
    });
    const rect = row.getBoundingClientRect();
    return { top: rect.top, bottom: rect.bottom, contentTop: Math.min(...boxes.map((b) => b.top)), contentBottom: Math.max(...boxes.map((b) => b.bottom)) };
  });
  expect(contentTop - top).toBeLessThan(most);
  expect(bottom - contentBottom).toBeLessThan(most);
}

test('on a 390px phone each invoice line is a card: the description whole, its period, quantity × unit price, tax and net, and in the editor Edit and Delete, all on screen; at a desk a table', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  const data = billingData();
  const invoiceId = randomUUID();
  const line = (position: number, fields: Record<string, unknown>) => ({
    id: randomUUID(), invoiceId, position, kind: 'manual', description: 'Item', startDate: null, endDate: null,
    quantity: '1', unit: 'each', unitPrice: '10', taxRate: '20', amount: null, calls: null, minutes: null, packageId: null, ...fields,
  });
  const lines = [
    line(0, { kind: 'package', description: 'DID rental — UK geographic number (1 month each)', quantity: '23', unitPrice: '2.50', startDate: '2026-11-01', endDate: '2026-11-30' }),
    line(1, { description: 'Support fee', unitPrice: '1250.125' }),
    line(2, { kind: 'usage', description: 'United Kingdom - London', quantity: '511.50', unit: 'min', unitPrice: '0.024', amount: '12.345678', calls: 100, minutes: '511.50', startDate: '2026-10-01', endDate: '2026-10-31' }),
  ];
  const invoice = {
    id: invoiceId, customerId: data.customer.id, number: null, status: 'draft', invoiceDate: '2026-11-01', dueDate: '2026-12-01',
    periodStart: null, periodEnd: null, currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
  };
  await seed(page, [...seedMutations(data), { name: 'createInvoice', args: { invoice, lines } }]);
  const usd = (amount: string) => formatMoney(amount, 'USD', 'en-US');
  const expected = [
    { row: /DID rental — UK geographic number \(1 month each\)/, period: 'Nov 1, 2026 – Nov 30, 2026', qty: '23 each', price: '2.50', net: usd('57.50') },
    { row: /Support fee/, period: '', qty: '1 each', price: '1,250.125', net: usd('1250.13') },
    { row: /United Kingdom - London/, period: 'Oct 1, 2026 – Oct 31, 2026', qty: '511.50 min', price: '', net: usd('12.35') },
  ];

  for (const path of [`/invoice?id=${invoiceId}`, `/invoice/edit?id=${invoiceId}`]) {
    if (path.startsWith('/invoice?')) await openSynced(page, path);
    else await page.goto(path);
    const items = page.getByRole('region', { name: 'Invoice lines' });
    await expect(items.getByRole('row', { name: /Support fee/ })).toBeVisible();
    // The cells are still found by their column headers, hidden from sight only.
    const headers = (await items.getByRole('columnheader').allInnerTexts()).map((text) => text.trim());
    expect(headers.slice(0, 6)).toEqual(['Description', 'Period', 'Qty', 'Unit price', 'Tax %', 'Net']);
    const cell = (row: RegExp, header: string) => items.getByRole('row', { name: row }).getByRole('cell').nth(headers.indexOf(header));
    for (const { row, period, qty, price, net } of expected) {
      const card = items.getByRole('row', { name: row });
      await expect(cell(row, 'Period')).toHaveText(period);
      await expect(cell(row, 'Qty')).toHaveText(qty);
      await expect(cell(row, 'Unit price')).toHaveText(price);
      await expect(cell(row, 'Net')).toHaveText(net);
      await expect(cell(row, 'Tax %')).toHaveText('20');
      // The description whole on its own line; the figures, on screen in the card.
      const description = cell(row, 'Description');
      expect(await description.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
      for (const header of ['Description', 'Qty', 'Tax %', 'Net', ...(period ? ['Period'] : []), ...(price ? ['Unit price'] : [])]) await expectInCardOnScreen(card, cell(row, header));
      if (path.startsWith('/invoice/edit')) {
        const name = (await description.innerText()).split('\n')[0]!;
        await expectInCardOnScreen(card, card.getByRole('button', { name: `Edit ${name}` }));
        await expectInCardOnScreen(card, card.getByRole('button', { name: `Delete ${name}` }));
      }
      await expectNoEmptySpace(card);
    }
    // Each figure says what it is: the labels drawn beside them.
    const labels = await items.getByRole('row', { name: /DID rental/ }).locator('td').evaluateAll((cells) => cells.map((c) => getComputedStyle(c, '::before').content));
    expect(labels).toEqual(expect.arrayContaining(['"Period" / ""', '"Qty × unit price" / ""', '"Tax" / ""', '"Net" / ""']));
    await expectNoSidewaysScrollIn(items);
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);
  }

  // The editor's buttons work from the card.
  const items = page.getByRole('region', { name: 'Invoice lines' });
  await items.getByRole('button', { name: 'Edit Support fee' }).click();
  await expect(page.getByRole('dialog').getByLabel('Description')).toHaveValue('Support fee');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  // At a desk: a table, its header row in sight, each line's figures on one row.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(items.getByRole('columnheader', { name: 'Net' })).toBeVisible();
  const support = items.getByRole('row', { name: /Support fee/ });
  const tops = await support.getByRole('cell').evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);
});

test("on a 390px phone a customer's package assignments and statement lines are cards: every figure labelled and on screen, End and Remove too, with no empty space", async ({ page }) => {
  // Besides the running DID rental, one ended.
  const { data, today } = await phoneWithPaidInvoice(page, '4.00', ({ assignment }) => [
    { name: 'assignPackage', args: { ...assignment, id: randomUUID(), quantity: 2, startDate: '2026-01-01', endDate: '2026-03-31' } },
  ]);
  await openSynced(page, `/customer?id=${data.customer.id}`);
  const region = page.getByRole('region', { name: 'Package assignments' });
  const cards = region.getByRole('row', { name: /DID rental/ });
  await expect(cards).toHaveCount(2);
  for (const card of await cards.all()) {
    await expectInCardOnScreen(card, card.getByRole('rowheader', { name: 'DID rental' }));
    for (const cell of await card.getByRole('cell').all()) if (await cell.textContent()) await expectInCardOnScreen(card, cell);
    await expectInCardOnScreen(card, card.getByRole('button', { name: 'Remove DID rental' }));
    await expectNoEmptySpace(card);
  }
  // The running one can be ended; the ended one has nothing left to end.
  await expectInCardOnScreen(cards.first(), cards.first().getByRole('button', { name: 'End DID rental' }));
  await expect(cards.nth(1).getByRole('button', { name: 'End DID rental' })).toHaveCount(0);
  await expect(cards.nth(1).getByRole('cell')).toHaveText(['2', 'Jan 1, 2026', 'Mar 31, 2026', 'Ended', 'Remove DID rental']);
  await expectNoSidewaysScrollIn(region);
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);

  // End opens its form inside the card, on screen too.
  await cards.first().getByRole('button', { name: 'End DID rental' }).click();
  await expectInCardOnScreen(cards.first(), cards.first().getByLabel('Last day of DID rental'));
  await expectInCardOnScreen(cards.first(), cards.first().getByRole('button', { name: 'Confirm end' }));
  await expectNoHorizontalScroll(page);

  // The statement: each line's description, day and figures in its card, none past the screen's right.
  await page.goto(`/customer/statement?id=${data.customer.id}&from=2026-10-01&to=${today}`);
  const statement = page.getByRole('region', { name: 'Statement entries' });
  const lines = statement.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(lines).toHaveCount(4);
  const usd = (amount: string) => formatMoney(amount, 'USD', 'en-US');
  await expect(lines.nth(1).getByRole('cell')).toHaveText(['Nov 1, 2026', 'Invoice INV-1', 'Dec 1, 2026', usd('10.00'), '', usd('10.00')]);
  await expect(lines.nth(3).getByRole('cell')).toHaveText([/, 20\d\d$/, 'Closing balance', '', usd('10.00'), usd('4.00'), usd('6.00')]);
  for (const line of await lines.all()) {
    for (const cell of await line.getByRole('cell').all()) if (await cell.textContent()) await expectInCardOnScreen(line, cell);
    await expectNoEmptySpace(line);
  }
  const labels = await lines.nth(3).locator('td').evaluateAll((cells) => cells.map((c) => getComputedStyle(c, '::before').content));
  expect(labels).toEqual(expect.arrayContaining(['"Debit" / ""', '"Credit" / ""', '"Balance" / ""']));
  await expectNoSidewaysScrollIn(statement);
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);
});

test("on a 390px phone each of an invoice's payments is a card: date, method, reference and amount labelled, a long reference wrapped, Delete too, all on screen; at a desk a table", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  const data = billingData();
  const first = draftWithLines(data.customer.id, ['Port fee']);
  const second = draftWithLines(data.customer.id, ['Port fee']);
  const today = new Date().toISOString().slice(0, 10);
  // The payments in a known order: by date.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const reference = 'REMITTANCE-ADVICE-2026-11-000000000000000000000000123456789';
  await seed(page, [
    ...seedMutations(data),
    first.mutation,
    { name: 'issueInvoice', args: { id: first.invoiceId } },
    second.mutation,
    { name: 'issueInvoice', args: { id: second.invoiceId } },
    {
      name: 'recordPayment',
      args: { id: randomUUID(), customerId: data.customer.id, date: yesterday, amount: '4.00', currency: 'USD', method: 'Bank transfer', reference: 'WIRE-1', allocations: [{ invoiceId: first.invoiceId, amount: '4.00' }] },
    },
    {
      name: 'recordPayment',
      args: {
        id: randomUUID(), customerId: data.customer.id, date: today, amount: '30.00', currency: 'USD', method: 'Cheque', reference,
        allocations: [{ invoiceId: first.invoiceId, amount: '6.00' }, { invoiceId: second.invoiceId, amount: '10.00' }],
      },
    },
  ]);
  await openSynced(page, `/invoice?id=${first.invoiceId}`);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  const region = page.getByTestId('invoice-payments').getByRole('region', { name: 'Payment history' });
  // The cells are still found by their column headers, hidden from sight only.
  const headers = (await region.getByRole('columnheader').allInnerTexts()).map((text) => text.trim());
  expect(headers).toEqual(['Date', 'Method', 'Reference', 'Amount', 'Actions']);
  const cards = region.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(cards).toHaveCount(2);
  const usd = (amount: string) => formatMoney(amount, 'USD', 'en-US');
  await expect(cards.nth(1).getByRole('cell').nth(headers.indexOf('Reference'))).toHaveText(reference);
  await expect(cards.nth(1).getByRole('cell').nth(headers.indexOf('Amount'))).toHaveText(`${usd('6.00')}of ${usd('30.00')}, also to INV-2 (${usd('10.00')}); ${usd('14.00')} left as credit`);
  for (const card of await cards.all()) {
    for (const cell of await card.getByRole('cell').all()) if (await cell.textContent()) await expectInCardOnScreen(card, cell);
    await expectInCardOnScreen(card, card.getByRole('button', { name: /^Delete the payment of/ }));
    await expectContentInCardOnScreen(card);
    await expectNoEmptySpace(card);
    // Each figure says what it is: the column's name drawn beside it.
    const labels = await card.locator('td').evaluateAll((cells) => cells.map((c) => getComputedStyle(c, '::before').content));
    expect(labels).toEqual(['"Date" / ""', '"Method" / ""', '"Reference" / ""', '"Amount" / ""', 'none']);
  }
  await expectNoSidewaysScrollIn(region);
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);

  // At a desk: a table, its header row in sight, each payment's date, method and amount on one row.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(region.getByRole('columnheader', { name: 'Amount' })).toBeVisible();
  const tops = await cards.first().getByRole('cell').evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);
});

test("on a 390px phone each of a customer's payments is a card: date, method, reference, invoices and amount labelled, a long reference wrapped, Apply credit and Delete too, all on screen; at a desk a table", async ({ page }) => {
  // Besides 4.00 paid on INV-1 today, 30.00 paid in advance yesterday, all of it credit INV-1 can take.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const reference = 'REMITTANCE-ADVICE-2026-11-000000000000000000000000123456789';
  const { data } = await phoneWithPaidInvoice(page, '4.00', ({ customer }) => [
    {
      name: 'recordPayment',
      args: { id: randomUUID(), customerId: customer.id, date: yesterday, amount: '30.00', currency: 'USD', method: 'Cheque', reference, allocations: [] },
    },
  ]);
  await openSynced(page, `/customer?id=${data.customer.id}`);
  const region = page.getByTestId('customer-payments').getByRole('region', { name: 'Payment history' });
  // The cells are still found by their column headers, hidden from sight only.
  const headers = (await region.getByRole('columnheader').allInnerTexts()).map((text) => text.trim());
  expect(headers).toEqual(['Date', 'Method', 'Reference', 'Invoices', 'Amount', 'Actions']);
  const cards = region.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(cards).toHaveCount(2);
  const usd = (amount: string) => formatMoney(amount, 'USD', 'en-US');
  await expect(cards.nth(0).getByRole('cell').nth(headers.indexOf('Invoices'))).toHaveText('INV-1');
  await expect(cards.nth(1).getByRole('cell').nth(headers.indexOf('Reference'))).toHaveText(reference);
  await expect(cards.nth(1).getByRole('cell').nth(headers.indexOf('Invoices'))).toHaveText(`${usd('30.00')} unapplied`);
  await expectInCardOnScreen(cards.nth(1), cards.nth(1).getByRole('button', { name: /^Apply credit from the payment of/ }));
  for (const card of await cards.all()) {
    for (const cell of await card.getByRole('cell').all()) if (await cell.textContent()) await expectInCardOnScreen(card, cell);
    await expectInCardOnScreen(card, card.getByRole('button', { name: /^Delete the payment of/ }));
    await expectContentInCardOnScreen(card);
    await expectNoEmptySpace(card);
    // Each figure says what it is: the column's name drawn beside it.
    const labels = await card.locator('td').evaluateAll((cells) => cells.map((c) => getComputedStyle(c, '::before').content));
    expect(labels).toEqual(['"Date" / ""', '"Method" / ""', '"Reference" / ""', '"Invoices" / ""', '"Amount" / ""', 'none']);
  }
  await expectNoSidewaysScrollIn(region);
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);

  // At a desk: a table, its header row in sight, each payment on one row.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(region.getByRole('columnheader', { name: 'Invoices' })).toBeVisible();
  for (const card of await cards.all()) {
    const tops = await card.getByRole('cell').evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
  }
});

test("on a 390px phone a customer's application of credit is a card saying the credit applied and the credit note it came from, not an amount of $0.00", async ({ page }) => {
  // INV-1 (10.00) with 4.00 paid; a credit note of 3.45 (INV-2), 3.00 of it applied to INV-1.
  const { data, invoiceId } = await phoneWithPaidInvoice(page, '4.00');
  const refund = draftWithLines(data.customer.id, ['Refund']);
  Object.assign(refund.mutation.args.lines[0]!, { quantity: '-1', unitPrice: '3.45' });
  const today = new Date().toISOString().slice(0, 10);
  await seed(page, [refund.mutation, { name: 'issueInvoice', args: { id: refund.invoiceId } }]);
  const application = creditApplication(
    { id: refund.invoiceId, customerId: data.customer.id, currency: 'USD', number: 'INV-2' },
    { id: randomUUID(), date: today, allocations: [{ invoiceId, amount: '3.00' }], numbers: new Map([[invoiceId, 'INV-1']]) },
  );
  await seed(page, [{ name: 'recordPayment', args: application }]);
  await openSynced(page, `/customer?id=${data.customer.id}`);
  const region = page.getByTestId('customer-payments').getByRole('region', { name: 'Payment history' });
  const card = region.getByRole('row').filter({ hasText: 'Credit note INV-2' });
  const usd = (amount: string) => formatMoney(amount, 'USD', 'en-US');
  const applied = card.getByTestId('payment-credit-applied');
  await expect(applied).toHaveText(`${usd('3.00')}credit applied from credit note INV-2`);
  await expect(applied.getByRole('link', { name: 'credit note INV-2' })).toHaveAttribute('href', `/invoice?id=${refund.invoiceId}`);
  expect(await applied.evaluate((cell) => getComputedStyle(cell, '::before').content)).toBe('"Credit applied" / ""');
  await expect(card).not.toContainText(usd('0.00'));
  await expectInCardOnScreen(card, applied);
  await expectContentInCardOnScreen(card);
  await expectNoHorizontalScroll(page);
});

test("on a 390px phone a customer's usage summary is cards: the period heads each with its tick box, every figure labelled, its invoices and Preview / PDF, all on screen; at a desk a table", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  const { customer } = billingData();
  const usageOn = (day: string, charge: string) => ({
    id: `${customer.id}:${day}:44`, customerId: customer.id, day, destination: '44', destinationName: 'United Kingdom',
    calls: 10, attempts: 12, seconds: 600, billedSeconds: 600, charge, currency: 'USD',
  });
  // October billed by INV-1 (its number linked from October's card); September by none. A charge
  // in six figures, as a carrier's month runs to, widens the figures.
  const draft = draftWithLines(customer.id, ['Port fee']);
  const { invoice } = draft.mutation.args;
  await seed(page, [
    { name: 'createCustomer', args: customer },
    { name: 'putUsage', args: { rows: [usageOn('2026-09-20', '5'), usageOn('2026-10-05', '123456.789')] } },
    { ...draft.mutation, args: { ...draft.mutation.args, invoice: { ...invoice, periodStart: '2026-10-01', periodEnd: '2026-10-31' } } },
    { name: 'issueInvoice', args: { id: draft.invoiceId } },
  ]);
  await openSynced(page, `/customer?id=${customer.id}`);
  const region = page.getByRole('region', { name: 'Usage summary table' });
  const cards = region.getByRole('row').filter({ has: page.getByRole('rowheader') });
  await expect(cards).toHaveCount(2);
  const october = region.getByRole('row', { name: /October 2026/ });
  await expect(october.getByRole('cell')).toHaveText(['', '12', '10', '83.3%', '1:00', '10.00', '$123,456.79', 'INV-1', 'Preview / PDF for October 2026']);
  for (const card of await cards.all()) {
    const month = (await card.getByRole('rowheader').textContent())!;
    await expectInCardOnScreen(card, card.getByRole('rowheader'));
    await expectInCardOnScreen(card, card.getByRole('checkbox', { name: `Select ${month}` }));
    for (const cell of await card.getByRole('cell').all()) if (await cell.textContent()) await expectInCardOnScreen(card, cell);
    await expectInCardOnScreen(card, card.getByRole('link', { name: `Preview / PDF for ${month}` }));
    await expectContentInCardOnScreen(card);
    await expectNoEmptySpace(card);
    // Each figure says what it is: the column's name drawn beside it.
    const labels = await card.locator('td').evaluateAll((cells) => cells.map((c) => getComputedStyle(c, '::before').content));
    expect(labels).toEqual(['none', ...['Attempts', 'Calls', 'ASR', 'ACD', 'Minutes', 'Charge', 'Invoices'].map((label) => `"${label}" / ""`), 'none']);
  }
  await expectInCardOnScreen(october, october.getByRole('link', { name: 'INV-1' }));
  await expectNoSidewaysScrollIn(region);
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);
  // The tick box takes a tap: October ticked, Generate Invoice offers its days.
  await october.getByRole('checkbox', { name: 'Select October 2026' }).check();
  await expect(page.getByRole('link', { name: /^Generate Invoice for / })).toHaveAttribute('href', /from=2026-10-01&to=2026-10-31/);

  // At a desk: a table, its header row in sight (ASR spelled out on hover), each period's figures on one row.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(region.getByRole('columnheader', { name: 'Charge' })).toBeVisible();
  await expect(region.getByRole('columnheader', { name: 'ASR' }).locator('abbr')).toHaveAttribute('title', 'Answer-seizure ratio: answered calls per attempt');
  const tops = await october.getByRole('cell').evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);
});

/**
 * The elements of the page that scroll up and down inside it (a box with its own vertical scroll
 * bar, its content taller than it), by their accessible name or tag: the page's own scroll aside.
 */
async function boxesScrollingInThePage(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.body.querySelectorAll('*')]
      .filter((e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight)
      .map((e) => e.getAttribute('aria-label') ?? e.tagName.toLowerCase()),
  );
}

/**
 * Scrolls the page alone (no box inside it) to bring `target` to the middle of the screen, and
 * says whether it is then on screen whole and uncovered (by the sticky header, or a box's edge
 * cutting it off): what a user scrolling the page sees.
 */
async function seenByScrollingThePage(target: Locator): Promise<boolean> {
  return target.evaluate((element) => {
    const before = element.getBoundingClientRect();
    window.scrollTo(0, window.scrollY + before.top + before.height / 2 - window.innerHeight / 2);
    const box = element.getBoundingClientRect();
    if (box.top < 0 || box.left < 0 || box.bottom > window.innerHeight || box.right > window.innerWidth) return false;
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit !== null && element.contains(hit);
  });
}

/** `customer` with, on each of `days`, 10 calls to the UK (600 s, $5.00). */
async function seedCustomerWithDailyUsage(page: Page, customer: Customer, days: readonly string[]): Promise<void> {
  const usageOn = (day: string) => ({
    id: `${customer.id}:${day}:44`, customerId: customer.id, day, destination: '44', destinationName: 'United Kingdom',
    calls: 10, attempts: 12, seconds: 600, billedSeconds: 600, charge: '5', currency: 'USD',
  });
  await seed(page, [
    { name: 'createCustomer', args: customer },
    { name: 'putUsage', args: { rows: days.map(usageOn) } },
  ]);
}

test("on a 390px phone the usage summary flows with the page: By day's 37 cards, By week's and By month's, each Preview / PDF seen by scrolling the page, no box scrolling inside it; at a desk the table keeps its box", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  const { customer } = billingData();
  // Sep 25 – Oct 31, 2026: 37 days, in 6 weeks (Monday or Sunday first) and 2 months.
  const days = Array.from({ length: 37 }, (_, i) => addDays('2026-09-25', i));
  await seedCustomerWithDailyUsage(page, customer, days);
  await openSynced(page, `/customer?id=${customer.id}`);
  const region = page.getByRole('region', { name: 'Usage summary table' });
  const cards = region.getByRole('row').filter({ has: page.getByRole('rowheader') });
  for (const [period, count] of [['By day', 37], ['By week', 6], ['By month', 2]] as const) {
    await page.getByRole('button', { name: period }).click();
    await expect(cards).toHaveCount(count);
    expect(await boxesScrollingInThePage(page)).toEqual([]);
    // Scrolling nothing, the table's box is no Tab stop: Tab goes from the last Summarize toggle to the first card.
    await expect(region).not.toHaveAttribute('tabindex');
    await page.getByRole('button', { name: 'By month' }).focus();
    await page.keyboard.press('Tab');
    await expect(region).not.toBeFocused();
    await expect(cards.first().getByRole('checkbox')).toBeFocused();
    for (const card of await cards.all()) {
      const name = (await card.getByRole('rowheader').textContent())!;
      const preview = card.getByRole('link', { name: `Preview / PDF for ${name}` });
      expect(await seenByScrollingThePage(preview), `Preview / PDF for ${name} (${period})`).toBe(true);
      await expect(preview).toBeInViewport({ ratio: 1 });
    }
    await expectNoHorizontalScroll(page);
  }

  // At a desk the 37 days scroll in the table's box, its header row in sight.
  await page.getByRole('button', { name: 'By day' }).click();
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(region.getByRole('columnheader', { name: 'Charge' })).toBeVisible();
  expect(await boxesScrollingInThePage(page)).toEqual(['Usage summary table']);
  // Scrolling in its box, it is a Tab stop, for the arrow keys to scroll it; By month's 2 rows fit it, and it is not.
  await expect(region).toHaveAttribute('tabindex', '0');
  await page.getByRole('button', { name: 'By month' }).click();
  await expect(cards).toHaveCount(2);
  await expect(region).not.toHaveAttribute('tabindex');
});

test("on a 390px phone the days ticked near the top of six months' usage are invoiced from where they are: Generate Invoice stays at the bottom of the screen, above the notices, and a card reached with Tab is not hidden under it", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  const { customer } = billingData();
  // Jun 2 – Dec 3, 2026: 185 days, the newest first, as the demo data's six months are.
  const days = Array.from({ length: 185 }, (_, i) => addDays('2026-06-02', i));
  await seedCustomerWithDailyUsage(page, customer, days);
  await openSynced(page, `/customer?id=${customer.id}`);
  await page.getByRole('button', { name: 'By day' }).click();
  const region = page.getByRole('region', { name: 'Usage summary table' });
  const cards = region.getByRole('row').filter({ has: page.getByRole('rowheader') });
  await expect(cards).toHaveCount(185);

  // Nothing ticked: no bar over the cards, the hint waits at the end.
  const generate = page.getByRole('link', { name: /^Generate Invoice for / });
  await expect(generate).toHaveCount(0);
  await cards.nth(0).getByRole('checkbox').check();
  await cards.nth(1).getByRole('checkbox').check();
  const scrolled = await page.evaluate(() => window.scrollY);
  await expect(generate).toHaveText('Generate Invoice for Dec 2, 2026 – Dec 3, 2026');
  await expect(generate).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  // On screen and uncovered (by a card, by the notices), its text whole within the screen.
  expect(await generate.evaluate((link) => {
    const box = link.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit !== null && link.contains(hit) && box.right <= window.innerWidth;
  })).toBe(true);
  await page.screenshot({ path: testInfo.outputPath('usage-selection-390.png') });
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);

  // Tab from a card's tick box to its Preview / PDF, which lay under the bar: it is scrolled clear of it.
  const card = cards.nth(6);
  const bar = page.getByTestId('usage-selection');
  await card.getByRole('checkbox').focus();
  const preview = card.getByRole('link', { name: /^Preview \/ PDF/ });
  const barTop = (await bar.boundingBox())!.y;
  await preview.evaluate((element, top) => window.scrollBy(0, element.getBoundingClientRect().bottom - top + 4), barTop);
  await page.keyboard.press('Tab');
  await expect(preview).toBeFocused();
  const previewBox = (await preview.boundingBox())!;
  expect(previewBox.y + previewBox.height).toBeLessThanOrEqual((await bar.boundingBox())!.y);

  // At the end of the list the bar rests in its place under the cards.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const lastCard = (await cards.last().boundingBox())!;
  expect((await bar.boundingBox())!.y).toBeGreaterThanOrEqual(lastCard.y + lastCard.height);

  // A notice in the dock at the bottom of the screen (a box standing for a refused change, measured
  // by NoticeDock as any notice is) lifts the bar above it, uncovered.
  await cards.nth(0).evaluate((card) => card.scrollIntoView({ block: 'center' }));
  const dock = page.locator('.notice-dock');
  await dock.evaluate((element) => {
    const notice = document.createElement('div');
    notice.className = 'card';
    notice.style.height = '80px';
    element.append(notice);
  });
  await expect.poll(async () => (await bar.boundingBox())!.y + (await bar.boundingBox())!.height).toBeLessThanOrEqual((await dock.boundingBox())!.y);
  await expect(generate).toBeInViewport({ ratio: 1 });

  // The two days ticked, and only they, are what Generate Invoice opens with.
  await generate.click();
  await expect(page).toHaveURL(/\/invoice\/generate\?customer=[^&]+&from=2026-12-02&to=2026-12-03$/);
  await expect(page.getByRole('heading', { level: 1, name: `Generate invoice for ${customer.name}` })).toBeVisible();
});

const ARABIC_NAME = 'شركة الاتصالات المتحدة للخدمات الرقمية والاتصالات الدولية';
const ARABIC_ADDRESS = 'شارع الملك فهد ١٢\nالرياض';

/** The direction the browser lays the element's text out in ("rtl" for dir="auto" on Arabic). */
const direction = (element: Locator) => element.evaluate((e) => getComputedStyle(e).direction);

test('right-to-left names read from their start: lists cut them at their end and show them whole on hover; forms and pages lay them out right to left', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  const data = billingData();
  const customer = { ...data.customer, name: ARABIC_NAME, address: ARABIC_ADDRESS };
  const draft = draftWithLines(customer.id, ['خدمة الأرقام الدولية']);
  await seed(page, [{ name: 'createCustomer', args: customer }, draft.mutation]);

  await openSynced(page, '/customers');
  const customerCell = page.getByRole('table', { name: 'Customers' }).getByRole('cell').filter({ hasText: ARABIC_NAME });
  await expect(customerCell).toHaveAttribute('title', ARABIC_NAME);
  expect(await direction(customerCell)).toBe('rtl');

  await page.goto('/invoices');
  const invoiceCell = page.getByTestId('invoice-rows').getByRole('cell').filter({ hasText: ARABIC_NAME });
  await expect(invoiceCell).toHaveAttribute('title', ARABIC_NAME);
  expect(await direction(invoiceCell)).toBe('rtl');

  await page.goto(`/customer?id=${customer.id}`);
  const ownList = page.getByTestId('customer-invoices').getByRole('cell').filter({ hasText: ARABIC_NAME });
  await expect(ownList).toHaveAttribute('title', ARABIC_NAME);
  expect(await direction(ownList)).toBe('rtl');
  expect(await direction(page.getByRole('heading', { name: ARABIC_NAME, level: 1 }))).toBe('rtl');
  expect(await direction(page.getByText('شارع الملك فهد'))).toBe('rtl');

  await page.goto(`/customer/edit?id=${customer.id}`);
  expect(await direction(page.getByLabel('Name', { exact: true }))).toBe('rtl');
  expect(await direction(page.getByLabel('Address'))).toBe('rtl');
  // A field of another language stays left to right.
  expect(await direction(page.getByLabel('Company'))).toBe('ltr');

  await page.goto(`/invoice?id=${draft.invoiceId}`);
  expect(await direction(page.getByTestId('invoice-customer'))).toBe('rtl');
  expect(await direction(page.getByRole('cell', { name: 'خدمة الأرقام الدولية' }))).toBe('rtl');
  await page.goto(`/invoice/edit?id=${draft.invoiceId}`);
  // The customer picker lays the name out right to left, and its arrow follows to the left, clear of it.
  const picker = page.getByRole('combobox', { name: 'Customer (required)' });
  await expect(picker).toHaveValue(new RegExp(ARABIC_NAME));
  expect(await direction(picker)).toBe('rtl');
  const arrow = await picker.evaluate((field) => {
    const box = field.parentElement!.getBoundingClientRect();
    const after = getComputedStyle(field.parentElement!, '::after');
    return { left: box.left + parseFloat(after.left), width: box.width, fieldLeft: box.left, paddingLeft: parseFloat(getComputedStyle(field).paddingLeft) };
  });
  expect(arrow.left - arrow.fieldLeft).toBeLessThan(arrow.paddingLeft);
  await page.getByRole('button', { name: 'Edit خدمة الأرقام الدولية' }).click();
  expect(await direction(page.getByRole('dialog').getByLabel('Description'))).toBe('rtl');
});

test('every screen has its own title, a record screen names its record, and a move between screens is announced', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const draft = draftWithLines(data.customer.id, ['Cross-connect']);
  await seed(page, [...seedMutations(data), draft.mutation]);
  await openSynced(page, '/invoices');
  await expect(page).toHaveTitle('Invoices · Tollbook');
  const nav = page.getByRole('navigation', { name: 'Main' });
  const announcer = page.locator('#__next-route-announcer__');
  for (const [link, title] of [
    ['Customers', 'Customers · Tollbook'],
    ['Packages', 'Packages · Tollbook'],
    ['Usage', 'Import CDRs · Tollbook'],
    ['Settings', 'Settings · Tollbook'],
    ['Invoices', 'Invoices · Tollbook'],
  ] as const) {
    await nav.getByRole('link', { name: link }).click();
    await expect(page).toHaveTitle(title);
    // Next's route announcer reads the title out after a move made in the page (no reload).
    await expect(announcer).toHaveText(title);
  }

  await page.getByRole('link', { name: 'Billing run' }).click();
  await expect(page).toHaveTitle('Billing run · Tollbook');
  await page.goto(`/customer?id=${data.customer.id}`);
  await expect(page).toHaveTitle('Globex Carrier · Tollbook');
  await page.getByRole('link', { name: 'Edit customer' }).click();
  await expect(page).toHaveTitle('Edit Globex Carrier · Tollbook');
  await page.goto('/customer/edit');
  await expect(page).toHaveTitle('New customer · Tollbook');
  await page.goto('/customers/import');
  await expect(page).toHaveTitle('Import customers · Tollbook');
  await page.goto(`/invoice/generate?customer=${data.customer.id}`);
  await expect(page).toHaveTitle('Generate invoice for Globex Carrier · Tollbook');

  await page.goto(`/invoice?id=${draft.invoiceId}`);
  await expect(page).toHaveTitle('Invoice draft · Tollbook');
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page).toHaveTitle('Edit invoice (draft) · Tollbook');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await issueDraft(page);
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  await expect(page).toHaveTitle('INV-1 · Tollbook');
  // Leaving a record screen gives the route's title back.
  await nav.getByRole('link', { name: 'Invoices' }).click();
  await expect(page).toHaveTitle('Invoices · Tollbook');
});

/** Shows the install offer, a notice in the dock at the bottom (what Chromium fires when it would offer installation). */
async function showInstallOffer(page: Page) {
  await page.evaluate(() => {
    const event = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), { prompt: async () => {}, userChoice: Promise.resolve({ outcome: 'dismissed' }) });
    window.dispatchEvent(event);
  });
  await expect(page.getByRole('status').filter({ hasText: 'Use Tollbook as an app on this device.' })).toBeVisible();
}

test('a field reached with Tab is scrolled clear of the sticky header and of the notices at the bottom', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 700 });
  await signUp(page);
  const { customer } = billingData();
  await seed(page, [{ name: 'createCustomer', args: customer }]);
  await openSynced(page, `/customer/edit?id=${customer.id}`);
  const header = (await page.getByRole('banner').boundingBox())!;

  // Scrolled so that the Company field lies under the header, then reached with Tab from Name.
  const name = page.getByLabel('Name', { exact: true });
  const company = page.getByLabel('Company');
  await name.focus();
  await company.evaluate((element) => window.scrollBy(0, element.getBoundingClientRect().top - 10));
  await page.keyboard.press('Tab');
  await expect(company).toBeFocused();
  expect((await company.boundingBox())!.y).toBeGreaterThanOrEqual(header.y + header.height);

  // On a phone the header (one row) stays at the top too: a field reached with Tab lands below it.
  await page.setViewportSize({ width: 390, height: 700 });
  const phoneHeader = (await page.getByRole('banner').boundingBox())!;
  await name.focus();
  await company.evaluate((element) => window.scrollBy(0, element.getBoundingClientRect().top - 10));
  await page.keyboard.press('Tab');
  await expect(company).toBeFocused();
  expect((await page.getByRole('banner').boundingBox())!).toMatchObject({ y: 0, height: phoneHeader.height });
  expect((await company.boundingBox())!.y).toBeGreaterThanOrEqual(phoneHeader.height);

  // And the notices take the screen's width.
  await showInstallOffer(page);
  const dock = page.locator('.notice-dock');
  const notes = page.getByLabel('Notes');
  // The field before Notes (at 20% tax the reverse-charge button is not offered between them).
  const taxNote = page.getByLabel('Tax note');
  // Scrolled so that Tax note lies under the notice, then reached with Shift+Tab from Notes.
  await notes.focus();
  const dockTop = (await dock.boundingBox())!.y;
  await taxNote.evaluate((element, top) => window.scrollBy(0, element.getBoundingClientRect().top - top - 4), dockTop);
  await page.keyboard.press('Shift+Tab');
  await expect(taxNote).toBeFocused();
  const box = (await taxNote.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual((await dock.boundingBox())!.y);
});

test('PDF keeps the keyboard focus while it renders, and says how far it is in a live region', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const draft = draftWithLines(data.customer.id, ['Cross-connect']);
  await seed(page, [...seedMutations(data), draft.mutation]);
  await openSynced(page, `/invoice?id=${draft.invoiceId}`);
  const pdf = page.getByRole('button', { name: 'PDF' });
  await pdf.focus();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  await expect(pdf).toBeFocused();
  await expect(page.getByTestId('pdf-progress')).toHaveAttribute('role', 'status');
});

test('Issue, pressed from the keyboard, hands the focus to the heading (the button is gone)', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const draft = draftWithLines(data.customer.id, ['Cross-connect']);
  await seed(page, [...seedMutations(data), draft.mutation]);
  await openSynced(page, `/invoice?id=${draft.invoiceId}`);
  await page.getByRole('button', { name: 'Issue', exact: true }).focus();
  await page.keyboard.press('Enter');
  // The confirmation opens on Cancel; Tab reaches Issue invoice.
  const dialog = page.getByRole('dialog', { name: 'Issue invoice' });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Issue invoice' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('invoice-number')).toHaveText('INV-1');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
});

test('Create customer, pressed from the keyboard, hands the focus to the new customer’s heading; the page opened again by Cancel leaves it alone', async ({ page }) => {
  await signUp(page);
  await openSynced(page, '/customer/edit');
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('Kestrel Voice');
  // Enter in a field submits the form: Create customer.
  await name.press('Enter');
  const heading = page.getByRole('heading', { name: 'Kestrel Voice', level: 1 });
  await expect(heading).toBeFocused();
  // Tab goes on from the heading: to the page's first action, not back to the header.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Statement' })).toBeFocused();

  // Once only: the page opened again without a save does not take the focus.
  await page.getByRole('link', { name: 'Edit customer' }).press('Enter');
  await expect(page.getByRole('heading', { name: 'Edit Kestrel Voice', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).press('Enter');
  await expect(heading).toBeVisible();
  await expect(heading).not.toBeFocused();
});

test('Save in the invoice editor, pressed from the keyboard, hands the focus to the invoice’s heading', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const draft = draftWithLines(data.customer.id, ['Cross-connect']);
  await seed(page, [...seedMutations(data), draft.mutation]);
  await openSynced(page, `/invoice/edit?id=${draft.invoiceId}`);
  await page.getByLabel('Notes').fill('Thank you for your business.');
  await page.getByRole('button', { name: 'Save', exact: true }).press('Enter');
  const heading = page.getByRole('heading', { name: 'Invoice draft', level: 1 });
  await expect(heading).toBeFocused();
});

test('Save package, pressed from the keyboard, hands the focus to the Packages heading', async ({ page }) => {
  await signUp(page);
  const { did } = billingData();
  await seed(page, [{ name: 'createPackage', args: did }]);
  await openSynced(page, `/package/edit?id=${did.id}`);
  const retail = page.getByLabel('Retail price per period');
  await retail.fill('2.75');
  await retail.press('Enter');
  await expect(page.getByRole('heading', { name: 'Packages', level: 1 })).toBeFocused();
  await expect(page.getByRole('row', { name: /DID rental/ })).toContainText('2.75');
});

test('Load demo data keeps the keyboard focus while it loads', async ({ page }) => {
  await signUp(page);
  await openSynced(page, '/settings');
  const load = page.getByRole('button', { name: 'Load demo data' });
  await load.focus();
  await page.keyboard.press('Enter');
  // The app's dialog asks first (what it adds, that it syncs to every device); Tab from Cancel, then Enter, says yes.
  const asking = page.getByRole('dialog', { name: 'Load demo data' });
  await expect(asking.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(asking.getByRole('button', { name: 'Load the demo data' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(asking).toHaveCount(0);
  await expect(page.getByTestId('demo-status')).toHaveText('Loading the demo data…');
  await expect(load).toBeFocused();
  await expect(load).toHaveAttribute('aria-disabled', 'true');
});

test('in high contrast (forced colours) the pressed Summarize toggle looks different from the others', async ({ page }) => {
  await signUp(page);
  const { customer } = billingData();
  await seed(page, [{ name: 'createCustomer', args: customer }]);
  await page.emulateMedia({ forcedColors: 'active' });
  await openSynced(page, `/customer?id=${customer.id}`);
  const look = (name: string) =>
    page.getByRole('button', { name }).evaluate((button) => {
      const style = getComputedStyle(button);
      return { background: style.backgroundColor, color: style.color, border: style.borderColor };
    });
  await expect(page.getByRole('button', { name: 'By month' })).toHaveAttribute('aria-pressed', 'true');
  expect(await look('By month')).not.toEqual(await look('By day'));
});

test('errors point at their fields: the invoice customer, the item dialog; Add Invoice Item says why it waits for a customer', async ({ page }) => {
  await signUp(page);
  await seed(page, seedMutations(billingData()));
  await openSynced(page, '/invoices');
  await page.getByRole('link', { name: 'New invoice' }).click();
  await expect(page.getByRole('heading', { name: 'New invoice' })).toBeVisible();

  const add = page.getByRole('button', { name: 'Add Invoice Item' });
  await expect(add).toHaveAccessibleDescription('Pick the customer first: items are priced in its currency, at its tax %.');
  await add.focus();
  await expect(add).toBeFocused();

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const customerField = page.getByRole('combobox', { name: 'Customer (required)' });
  await expect(customerField).toBeFocused();
  await expect(customerField).toHaveAttribute('aria-invalid', 'true');
  await expect(customerField).toHaveAccessibleDescription('Customer is required: pick the customer to invoice.');
  await pickCustomer(page, 'Customer (required)', 'Globex Carrier (Globex Ltd)');
  await expect(customerField).not.toHaveAttribute('aria-invalid', 'true');
  await expect(add).not.toHaveAttribute('aria-disabled', 'true');

  await add.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Description (required)')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save item' }).click();
  // The first field in error, in the dialog's order: the unit price, then the description.
  const price = dialog.getByLabel('Unit price (required)');
  await expect(price).toBeFocused();
  await expect(price).toHaveAccessibleDescription('Unit price is required');
  await expect(dialog.getByLabel('Description (required)')).toHaveAttribute('aria-invalid', 'true');
});

test('the sync badge announces a change of state and shows its whole story on a press', async ({ page }) => {
  await signUp(page);
  await openSynced(page, '/invoices');
  const badge = page.getByTestId('sync-status');
  const announcement = page.getByRole('banner').getByRole('status');
  await expect(announcement).toHaveText('Synced');
  await page.context().setOffline(true);
  // The syncer looks again on focus (as when the user comes back to the window).
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(badge).toHaveAttribute('data-state', 'offline');
  await expect(announcement).toHaveText('Offline');

  await badge.focus();
  await page.keyboard.press('Enter');
  await expect(badge).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('sync-details')).toHaveText('This device has no network; it syncs when it is back.');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('sync-details')).toBeHidden();
});

test('the + button’s name begins with the + it shows (WCAG 2.5.3, label in name)', async ({ page }) => {
  await signUp(page);
  await page.goto('/invoices');
  await page.getByRole('link', { name: '+ New invoice', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'New invoice' })).toBeVisible();
});
