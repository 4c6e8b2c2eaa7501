import { expect, test } from '@playwright/test';
import { signUp } from './fixtures';
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

test('settings fit a phone', async ({ page }) => {
  await signUp(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/settings');
  await expect(page.getByLabel('Company name')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);
});

test('load the demo carrier offline: 50 customers, 12 packages and months of usage', async ({ page }) => {
  await signUp(page);
  // Six batches of 5,000 usage rows go through the mutators, shadows and outbox row by row: minutes on a busy machine.
  test.setTimeout(480_000);
  await page.goto('/settings');
  await expect(page.getByRole('button', { name: 'Load demo data' })).toBeEnabled();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
  await waitForRoutesOnDevice(page);
  await page.context().setOffline(true);
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Loaded 50 customers, 12 packages, \d+ assignments/ })).toBeVisible({ timeout: 420_000 });
  // Blank seller details were filled in; the company's own name was kept.
  await expect(page.getByLabel('Address')).toHaveValue('12 Exchange Square\nLondon EC2A 2BR\nUnited Kingdom');
  await expect(page.getByLabel('Company name')).toHaveValue('Acme Telecom');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The demo data is already loaded on this device.' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
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
});
