/**
 * Small screens, right-to-left text, page titles, focus and high contrast: what a keyboard, a
 * screen reader, a phone or 400% zoom user meets across the screens.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { billingData, draftWithLines, seedMutations } from './billing-data';
import { openSynced, seed, signUp } from './fixtures';
import { expectNoHorizontalScroll } from './page-checks';

test('on a 375px phone an invoice with an item fits the screen, and the item dialog keeps Save and Cancel on it', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 667 });
  await signUp(page);
  await seed(page, seedMutations(billingData()));
  await openSynced(page, '/invoices');
  await page.getByRole('link', { name: 'New invoice' }).click();
  await page.getByLabel('Customer (required)').selectOption({ label: 'Globex Carrier (Globex Ltd)' });
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
