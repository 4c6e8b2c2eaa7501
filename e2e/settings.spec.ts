import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import type { Usage } from '../lib/entities';
import { cdrCustomers, customer, draftInvoice, manualLine } from '../server/sync/test-mutations';
import { followMainLink, openSynced, seed, signUp, waitUntilNothingToSync } from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations, waitForRoutesOnDevice } from './page-checks';

// A 1×1 PNG, and files that must be refused as logos.
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PNG_TOO_BIG = Buffer.concat([PNG_1X1, Buffer.alloc(300 * 1024)]);
const NOT_AN_IMAGE = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>');

test('change My Account offline and see it persist after a reload', async ({ page }) => {
  await signUp(page);
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByTestId('server-status')).toContainText('Connected (');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
  await expect(page.getByLabel('Company name')).toHaveValue('Acme Telecom');
  await page.context().setOffline(true);

  await page.getByLabel('Company name').fill('Northwind Voice Ltd');
  await page.getByLabel('Email').fill('billing@northwind.example');
  await page.getByLabel('Company registration id').fill('09876543');
  await page.getByLabel('VAT id').fill('GB 123 4567 89');
  await page.getByLabel('Address').fill('12 Exchange Square\nLondon EC2A 2BR');
  await page.getByLabel('Payment details').fill('IBAN GB33 BUKB 2020 1555 5555 55');
  await page.getByLabel('Default currency').selectOption('EUR');
  await page.getByLabel('Timezone').selectOption('Europe/Berlin');
  await page.getByLabel('Invoice line grouping').selectOption('day');
  await page.getByLabel('Rounding').selectOption('half-even');
  await page.getByLabel('Paper size').selectOption('LETTER');

  // Logos: wrong type and too large are refused with a reason; a small PNG is kept.
  const logo = page.getByLabel('Logo', { exact: true });
  await logo.setInputFiles({ name: 'logo.svg', mimeType: 'image/png', buffer: NOT_AN_IMAGE });
  await expect(page.getByText('The logo must be a PNG or JPEG image. Nothing was changed.')).toBeVisible();
  await logo.setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: PNG_TOO_BIG });
  await expect(page.getByText(/The logo is 30\d KB; it must be at most 256 KB/)).toBeVisible();
  await logo.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG_1X1 });
  await expect(page.getByRole('img', { name: 'Current logo' })).toHaveAttribute('src', /^data:image\/png;base64,iVBOR/);

  // An invalid value is refused beside its field and nothing is saved.
  await page.getByLabel('Invoice number prefix').fill('THIS-PREFIX-IS-FAR-TOO-LONG-');
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByText('Invoice number prefix must be at most 20 characters')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toBeVisible();
  await page.getByLabel('Invoice number prefix').fill('NW-');
  await expect(page.getByText('The next invoice issued is NW-1.')).toBeVisible();
  // The series can continue an earlier system's.
  await page.getByLabel('Next invoice number').fill('0');
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByText('Next invoice number must be at least 1')).toBeVisible();
  await page.getByLabel('Next invoice number').fill('1001');
  await expect(page.getByText('The next invoice issued is NW-1001.')).toBeVisible();
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Account saved.' })).toBeVisible();
  await expect(page.getByTestId('server-status')).toHaveText(/^Connected \(\w+\)$/);
  await expectNoSeriousA11yViolations(page);

  // The service worker does not exist yet, so the reload needs the network; the data comes from the device.
  await page.context().setOffline(false);
  await page.reload();
  await expect(page.getByLabel('Company name')).toHaveValue('Northwind Voice Ltd');
  await expect(page.getByLabel('Email')).toHaveValue('billing@northwind.example');
  await expect(page.getByLabel('Company registration id')).toHaveValue('09876543');
  await expect(page.getByLabel('VAT id')).toHaveValue('GB 123 4567 89');
  await expect(page.getByLabel('Address')).toHaveValue('12 Exchange Square\nLondon EC2A 2BR');
  await expect(page.getByLabel('Payment details')).toHaveValue('IBAN GB33 BUKB 2020 1555 5555 55');
  await expect(page.getByLabel('Default currency')).toHaveValue('EUR');
  await expect(page.getByLabel('Timezone')).toHaveValue('Europe/Berlin');
  await expect(page.getByLabel('Invoice line grouping')).toHaveValue('day');
  await expect(page.getByLabel('Rounding')).toHaveValue('half-even');
  await expect(page.getByLabel('Invoice number prefix')).toHaveValue('NW-');
  await expect(page.getByLabel('Next invoice number')).toHaveValue('1001');
  await expect(page.getByLabel('Paper size')).toHaveValue('LETTER');
  await expect(page.getByRole('img', { name: 'Current logo' })).toHaveAttribute('src', /^data:image\/png;base64,iVBOR/);

  await page.getByRole('button', { name: 'Remove logo' }).click();
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Account saved.' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Current logo' })).toHaveCount(0);
});

test('a logo chosen is kept once Save account is pressed, as the other fields are, and its note says so', async ({ page }) => {
  await signUp(page);
  await openSynced(page, '/settings');
  await expect(page.getByLabel('Logo', { exact: true })).toHaveAccessibleDescription('PNG or JPEG, at most 256 KB. Kept on this device and synced once you press Save account, as the other fields are.');
  await page.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG_1X1 });
  await expect(page.getByRole('img', { name: 'Current logo' })).toHaveAttribute('src', /^data:image\/png;base64,iVBOR/);
  // Another tab of this device reads the account as kept: no logo until the form is saved.
  const other = await page.context().newPage();
  await openSynced(other, '/settings');
  await expect(other.getByLabel('Company name')).toHaveValue('Acme Telecom');
  await expect(other.getByRole('img', { name: 'Current logo' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Account saved.' })).toBeVisible();
  await expect(other.getByRole('img', { name: 'Current logo' })).toHaveAttribute('src', /^data:image\/png;base64,iVBOR/);
});

test('the timezone list names zones as IANA does, Asia/Bahrain included, and shows a value saved under a legacy name', async ({ page }) => {
  await signUp(page);
  // Saved by an earlier version from Chromium's list, which named Kolkata Asia/Calcutta.
  await seed(page, [{ name: 'saveAccount', args: { timezone: 'Asia/Calcutta' } }]);
  await openSynced(page, '/settings');
  const zone = page.getByLabel('Timezone');
  await expect(zone).toHaveValue('Asia/Calcutta');
  await expect(zone.locator('option:checked')).toHaveText('Asia/Kolkata (saved as Asia/Calcutta)');
  for (const name of ['Asia/Bahrain', 'Asia/Kolkata', 'Europe/Kyiv', 'Asia/Kathmandu', 'America/Nuuk', 'UTC']) {
    await expect(zone.locator(`option[value="${name}"]`), name).toHaveCount(1);
  }
  for (const legacy of ['Europe/Kiev', 'Asia/Katmandu', 'America/Godthab', 'Asia/Saigon']) {
    await expect(zone.locator(`option[value="${legacy}"]`), legacy).toHaveCount(0);
  }
  // Kolkata under its IANA name is the same zone: saved without a question.
  await zone.selectOption('Asia/Kolkata');
  await expect(page.getByText('Billing days are calendar days in this zone, counted when usage is imported.')).toBeVisible();
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Account saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Timezone')).toHaveValue('Asia/Kolkata');
  await expect(page.getByLabel('Timezone').locator('option[value="Asia/Calcutta"]')).toHaveCount(0);
});

test('the Home country field shows its value whole: Not set, and the longest country, on one line at 1280 px and wrapped on a 390 px phone', async ({ page }) => {
  await signUp(page);
  await openSynced(page, '/settings');
  const home = page.getByLabel('Home country');
  await expect(home).toHaveValue('');
  await expect(home.locator('option:checked')).toHaveText('Not set');
  await expect(page.getByText('Not set, numbers are read as international.')).toBeVisible();
  // What the field shows of the chosen option (a closed select would cut it at its edge).
  const shown = page.locator('.field', { has: home }).getByTestId('select-shown');
  /**
   * The lines the shown text takes, whether all of it lies within the field's box (inside its
   * padding, and clear of the arrow), and whether the select covers the box (a tap anywhere on it opens the picker).
   */
  const layout = () =>
    shown.evaluate((box) => {
      const style = getComputedStyle(box);
      const outer = box.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(box);
      const rects = [...range.getClientRects()];
      const select = box.parentElement!.querySelector('select')!.getBoundingClientRect();
      return {
        lines: new Set(rects.map((r) => Math.round(r.top))).size,
        inside: rects.every((r) => r.left >= outer.left + parseFloat(style.paddingLeft) - 0.5 && r.right <= outer.right - parseFloat(style.paddingRight) + 0.5 && r.bottom <= outer.bottom),
        covered: Math.abs(select.left - outer.left) < 1 && Math.abs(select.right - outer.right) < 1 && Math.abs(select.top - outer.top) < 1 && Math.abs(select.bottom - outer.bottom) < 1,
      };
    });
  await expect(shown).toHaveText('Not set');
  expect(await layout()).toEqual({ lines: 1, inside: true, covered: true });
  await home.selectOption('1');
  await expect(shown).toHaveText('United States, Canada and Caribbean (+1)');
  expect(await layout()).toEqual({ lines: 1, inside: true, covered: true });

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await layout()).toEqual({ lines: 2, inside: true, covered: true });
  await expectNoHorizontalScroll(page);
  // The select is the control: a tap on the shown text lands on it, and from the keyboard its focus ring shows on the box.
  const tapLandsOnSelect = await shown.evaluate((box) => {
    box.scrollIntoView({ block: 'center' });
    const r = box.getBoundingClientRect();
    return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === box.parentElement!.querySelector('select');
  });
  expect(tapLandsOnSelect).toBe(true);
  await page.getByLabel('Timezone').focus();
  await page.keyboard.press('Tab');
  await expect(home).toBeFocused();
  await expect.poll(() => shown.evaluate((box) => getComputedStyle(box).outlineStyle)).toBe('solid');
  await home.selectOption('44');
  await expect(shown).toHaveText('United Kingdom (+44)');
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Account saved.' })).toBeVisible();
  await page.reload();
  await expect(home).toHaveValue('44');
  await expect(shown).toHaveText('United Kingdom (+44)');
});

/** The server's usage rows of the tenant, as a fresh device would pull them. */
async function serverUsage(page: Page): Promise<Usage[]> {
  const input = { protocolVersion: 1, clientId: randomUUID(), cursor: 0 };
  const response = await page.request.get(`/api/trpc/sync.pull?input=${encodeURIComponent(JSON.stringify(input))}`);
  const body = (await response.json()) as { result: { data: { changes: { entity: string; row: Usage | null }[] } } };
  return body.result.data.changes.filter((c) => c.entity === 'usage' && c.row).map((c) => c.row!);
}

test('changing the timezone once usage is imported asks first, saying the usage stays on the days it was counted in', async ({ page }) => {
  await signUp(page);
  const { globex } = cdrCustomers();
  const usage: Usage = {
    id: `${globex.id}:2026-03-01:44`,
    customerId: globex.id,
    day: '2026-03-01',
    destination: '44',
    destinationName: 'United Kingdom',
    calls: 1,
    attempts: 1,
    seconds: 60,
    billedSeconds: 60,
    charge: '0.100000',
    currency: 'USD',
  };
  await seed(page, [
    { name: 'createCustomer', args: globex },
    { name: 'putUsage', args: { rows: [usage] } },
  ]);
  await openSynced(page, '/settings');
  const zone = page.getByLabel('Timezone');
  await expect(zone).toHaveValue('UTC');
  await zone.selectOption('Asia/Bahrain');
  const warning =
    'Usage already imported stays on the days it was counted in (UTC days); only CDRs imported from now on, in the browser or through the API, are counted in Asia/Bahrain days.';
  await expect(page.getByText(warning, { exact: false })).toBeVisible();

  // Asked first: declining saves nothing.
  let question = '';
  page.once('dialog', (dialog) => {
    question = dialog.message();
    void dialog.dismiss();
  });
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was saved: the timezone is still UTC.' })).toBeVisible();
  expect(question).toContain(`Change the timezone from UTC to Asia/Bahrain? ${warning}`);
  expect(question).toContain('To move a file\'s calls, undo its import under Past imports on the Import CDRs page and import it again.');
  await page.reload();
  await expect(page.getByLabel('Timezone')).toHaveValue('UTC');

  // Accepted: the zone changes, and the usage stays on 1 March.
  await page.getByLabel('Timezone').selectOption('Asia/Bahrain');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Account saved.' })).toBeVisible();
  await expect.poll(async () => (await serverUsage(page)).map((u) => `${u.day} ${u.destination} ${u.calls}`)).toEqual(['2026-03-01 44 1']);
  await page.reload();
  await expect(page.getByLabel('Timezone')).toHaveValue('Asia/Bahrain');
  await expect(page.getByText('Billing days are calendar days in this zone, counted when usage is imported.')).toBeVisible();
});

test('a next invoice number that reads like one already used is refused, naming it; the hint shows only a valid number', async ({ page }) => {
  await signUp(page);
  const buyer = customer({ name: 'Globex' });
  const invoice = draftInvoice(buyer.id);
  await seed(page, [
    { name: 'saveAccount', args: { numberPrefix: 'NV-2026-', nextNumber: 1015 } },
    { name: 'createCustomer', args: buyer },
    { name: 'createInvoice', args: { invoice, lines: [manualLine(invoice.id, 0)] } },
    { name: 'issueInvoice', args: { id: invoice.id } },
  ]);
  await openSynced(page, '/settings');
  const prefix = page.getByLabel('Invoice number prefix');
  const next = page.getByLabel('Next invoice number');
  await expect(prefix).toHaveValue('NV-2026-');
  await expect(next).toHaveValue('1016');
  await expect(page.getByText('The next invoice issued is NV-2026-1016.')).toBeVisible();

  const taken = (number: string) => `NV-2026-1015 is already used; ${number} would read the same`;
  await prefix.fill('nv-2026-');
  await next.fill('1015');
  await expect(page.getByText(`${taken('nv-2026-1015')}: choose a next number (or a prefix) that no invoice has.`)).toBeVisible();
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByText(`Next invoice number is taken: ${taken('nv-2026-1015')}`)).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toBeVisible();
  // Pasted with a space before it, and with Unicode hyphens: what will print is compared.
  await prefix.fill(' NV\u20102026\u2010');
  await expect(page.getByText(taken('NV\u20102026\u20101015'))).toBeVisible();
  await prefix.fill(' NV-2026-');
  await expect(page.getByText("NV-2026-1015 is already an invoice's number: choose a next number")).toBeVisible();

  // Only a number the account takes is shown as the next invoice's; never through a float.
  for (const [typed, refusal] of [
    ['0', 'must be at least 1'],
    ['-5', 'must be at least 1'],
    ['99999999999999999999', 'must be at most 12 digits'],
  ] as const) {
    await next.fill(typed);
    await expect(next).toHaveValue(typed);
    await expect(page.getByText('A whole number from 1 to 999999999999: the series continues from it.')).toBeVisible();
    await expect(page.getByText(/The next invoice issued is/)).toHaveCount(0);
    await page.getByRole('button', { name: 'Save account' }).click();
    await expect(page.getByText(`Next invoice number ${refusal}`)).toBeVisible();
    await expect(page.getByText(/NV-2026-(0|-5|1000)/)).toHaveCount(0);
  }

  await prefix.fill(' NV-2027- ');
  await next.fill('1');
  await expect(page.getByText('The next invoice issued is NV-2027-1.')).toBeVisible();
  await page.getByRole('button', { name: 'Save account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Account saved.' })).toBeVisible();
  await expect(prefix).toHaveValue('NV-2027-');
  await waitUntilNothingToSync(page);
  await page.reload();
  await expect(prefix).toHaveValue('NV-2027-');
  await expect(next).toHaveValue('1');
});

test('settings fit a phone', async ({ page }) => {
  await signUp(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/settings');
  await expect(page.getByLabel('Company name')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);
});

test('load the demo carrier offline, after confirming what it adds: 50 customers, 12 packages and months of usage; then the account is no longer empty and offers no second load', async ({ page }) => {
  await signUp(page);
  // One change of ~25,000 usage rows, made on the device, then pushed and pulled back: a minute or more on a busy machine.
  test.setTimeout(480_000);
  await page.goto('/settings');
  const load = page.getByRole('button', { name: 'Load demo data' });
  await expect(load).toBeEnabled();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
  await waitForRoutesOnDevice(page);
  await page.context().setOffline(true);
  // The app's own dialog asks, as Issue and Void do: never the browser's.
  const browserQuestions: string[] = [];
  page.on('dialog', (dialog) => {
    browserQuestions.push(dialog.message());
    void dialog.dismiss();
  });
  const asking = page.getByRole('dialog', { name: 'Load demo data' });
  // The question says what it adds and that it reaches every device; declined, nothing is added.
  await load.click();
  await expect(asking.getByTestId('demo-question')).toHaveText(
    /^Load the demo data into this account\? It adds 50 customers with contacts, 12 packages, \d+ package assignments and the usage of [\d,]+ calls \([A-Z][a-z]{2} \d{1,2}(, \d{4})? – [A-Z][a-z]{2} \d{1,2}, \d{4}\)\. It syncs to every device of the company account, and cannot be taken out again: customers with usage cannot be deleted\.$/,
  );
  await asking.getByRole('button', { name: 'Cancel' }).click();
  await expect(asking).toHaveCount(0);
  await expect(load).toBeFocused();
  await expect(load).toBeEnabled();
  await expect(page.getByTestId('demo-status')).toHaveText('');
  await load.click();
  await asking.getByRole('button', { name: 'Load the demo data' }).click();
  const loaded = page.getByRole('status').filter({ hasText: /^Loaded 50 customers with contacts, 12 packages, \d+ package assignments/ });
  await expect(loaded).toBeVisible({ timeout: 420_000 });
  // Its days as every screen writes days ("Sep 8 – Dec 6, 2026").
  await expect(loaded).toContainText(/the usage of [\d,]+ calls \([A-Z][a-z]{2} \d{1,2}(, \d{4})? – [A-Z][a-z]{2} \d{1,2}, \d{4}\)\. It syncs to every device of the company account\.$/);
  // One change: the whole demo, or none of it.
  await expect(page.getByTestId('sync-status')).toHaveText('Offline · 1 unsynced');
  // The company named itself at sign-up: its seller details stay its own, none of the demo company's
  // (whose address and bank details would otherwise print on its invoices).
  await expect(page.getByLabel('Company name')).toHaveValue('Acme Telecom');
  await expect(page.getByLabel('Address')).toHaveValue('');
  await expect(page.getByLabel('Email')).toHaveValue('');
  // No longer empty: no second load, and the reason beside the button.
  await expect(load).toBeDisabled();
  await expect(page.getByTestId('demo-not-empty')).toHaveText(
    'This account has 50 customers and 12 packages, so the demo data cannot be loaded: its customers, with their usage, could not be deleted from among yours afterwards.',
  );
  expect(browserQuestions).toEqual([]);

  await followMainLink(page, 'Customers');
  await expect(page.getByText('50 customers', { exact: true })).toBeVisible();
  // An active customer: those who left stop calling part way through the six months.
  await page.getByLabel('Status', { exact: true }).selectOption('active');
  const first = page.getByRole('table', { name: 'Customers' }).getByRole('row').nth(1).getByRole('link');
  const name = await first.textContent();
  await first.click();
  await expect(page.getByRole('heading', { name: name!, level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: /Packages assigned/ }).getByRole('row').nth(1)).toBeVisible();
  const usage = page.getByRole('region', { name: 'Usage summary table' });
  // Six full months, newest first, each with calls and a charge.
  await expect(usage.getByRole('row')).toHaveCount(7);
  await page.getByRole('button', { name: 'By week' }).click();
  expect(await usage.getByRole('row').count()).toBeGreaterThan(20);
  await expectNoSeriousA11yViolations(page);

  // Online, the server takes the load whole (the account is still empty there) and the device keeps it.
  await page.context().setOffline(false);
  await expect(page.getByTestId('sync-status')).toHaveText('Synced', { timeout: 300_000 });
  await expect(page.getByRole('alert').filter({ hasText: 'A change was not saved' })).toHaveCount(0);
  await followMainLink(page, 'Customers');
  await expect(page.getByText('50 customers', { exact: true })).toBeVisible();
});

test('the demo data goes only into an empty account: one with a customer offers none and says why; a load made offline is refused whole by the server once another device has added a customer', async ({ page }) => {
  await signUp(page);
  test.setTimeout(480_000);
  await openSynced(page, '/settings');
  await waitForRoutesOnDevice(page);
  const load = page.getByRole('button', { name: 'Load demo data' });
  await expect(load).toBeEnabled();
  await expect(page.getByTestId('demo-not-empty')).toHaveCount(0);

  // Offline, the device still shows the account empty while another device adds a customer.
  await page.context().setOffline(true);
  await seed(page, [{ name: 'createCustomer', args: customer({ name: 'Real Customer Ltd', currency: 'USD' }) }]);
  await load.click();
  await page.getByRole('dialog', { name: 'Load demo data' }).getByRole('button', { name: 'Load the demo data' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Loaded 50 customers/ })).toBeVisible({ timeout: 420_000 });
  await page.context().setOffline(false);
  // Refused whole, named for what it is and why; nothing of the demo is left on the device.
  const refusals = page.getByRole('alert').filter({ hasText: 'A change was not saved' });
  await refusals.getByRole('button', { name: 'Show' }).click({ timeout: 300_000 });
  await expect(refusals).toContainText(
    'The demo data was not loaded: it goes only into an empty account, and this account has 1 customer (added on another device before the load reached the server, say). Nothing of the demo was added.',
  );
  await expect(page.getByTestId('demo-not-empty')).toHaveText(
    'This account has 1 customer, so the demo data cannot be loaded: its customers, with their usage, could not be deleted from among yours afterwards.',
    { timeout: 60_000 },
  );
  await expect(load).toBeDisabled();
  await followMainLink(page, 'Customers');
  await expect(page.getByText('1 customer', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Real Customer Ltd' })).toBeVisible();
});
