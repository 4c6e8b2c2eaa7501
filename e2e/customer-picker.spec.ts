/**
 * The customer picker (app/_components/customer-picker) on + New invoice: found by part of a name
 * or accounting id, picked with the keyboard alone, and fast and whole on a phone with many
 * customers.
 */
import { expect, test } from '@playwright/test';
import { customer } from '../server/sync/test-mutations';
import { billingData, seedMutations } from './billing-data';
import { openSynced, seed, signUp } from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations } from './page-checks';

test('a customer is found by part of its accounting id, picked with the keyboard, and the invoice saved for it', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  const glacier = customer({ name: 'Glacier Networks', company: '', currency: 'USD', externalId: 'GLX-2' });
  const gone = customer({ name: 'Glow Telecom', company: '', currency: 'USD', externalId: 'GLX-3', status: 'inactive' });
  await seed(page, [...seedMutations(data), ...[glacier, gone].map((args) => ({ name: 'createCustomer', args }))]);
  await openSynced(page, '/invoices');
  await page.getByRole('link', { name: 'New invoice' }).click();

  const field = page.getByRole('combobox', { name: 'Customer (required)' });
  const list = page.getByRole('listbox', { name: 'Customers' });
  await expect(field).toHaveAttribute('aria-expanded', 'false');
  await field.focus();
  await page.keyboard.type('glx');
  await expect(field).toHaveAttribute('aria-expanded', 'true');
  await expect(field).toHaveAttribute('aria-controls', (await list.getAttribute('id'))!);
  // By name among the active ones, the inactive one last; the first is highlighted as typed.
  const options = list.getByRole('option');
  await expect(options).toHaveText([/^Glacier Networks\s*GLX-2$/, /^Globex Carrier \(Globex Ltd\)\s*GLX-1$/, /^Glow Telecom \(inactive\)\s*GLX-3$/]);
  /** The highlighted option is the one named by aria-activedescendant, and the only one selected. */
  const expectHighlighted = async (name: string) => {
    const option = list.getByRole('option', { selected: true });
    await expect(option).toHaveCount(1);
    await expect(option).toContainText(name);
    await expect(field).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
  };
  await expectHighlighted('Glacier Networks');
  // Until the arrows move into the list, Home and End move in the text.
  await page.keyboard.press('End');
  await expectHighlighted('Glacier Networks');
  await page.keyboard.press('ArrowDown');
  await expectHighlighted('Globex Carrier');
  await page.keyboard.press('End');
  await expectHighlighted('Glow Telecom');
  await page.keyboard.press('Home');
  await expectHighlighted('Glacier Networks');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(field).toHaveValue('Globex Carrier (Globex Ltd)');
  await expect(field).toHaveAttribute('aria-expanded', 'false');
  await expect(field).not.toHaveAttribute('aria-activedescendant');
  await expect(page.getByTestId('invoice-customer-ref')).toHaveText('Customer ref. GLX-1');

  // Escape closes the list of what was typed, and a second Escape puts back the customer picked.
  await field.selectText();
  await page.keyboard.type('nobody');
  await expect(page.getByText('No customer matches “nobody”')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(field).toHaveAttribute('aria-expanded', 'false');
  await expect(field).toHaveValue('nobody');
  await page.keyboard.press('Escape');
  await expect(field).toHaveValue('Globex Carrier (Globex Ltd)');

  await page.getByRole('button', { name: 'Add Invoice Item' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Description').fill('Consulting');
  await dialog.getByLabel('Unit price (required)').fill('100');
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText('draft');
  await expect(page.getByText('Globex Carrier').first()).toBeVisible();
  await expect(page.getByText('Customer ref. GLX-1')).toBeVisible();
});

test('on a 390px phone with 120 customers the picker lists the first 50, says how many more, and narrows as one types', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page);
  // Accounting ids of letters alone (ACC-AA, ACC-AB, …), so the numbers typed below match names only.
  const letters = (i: number) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26));
  const many = Array.from({ length: 120 }, (_, i) =>
    customer({ name: `Carrier ${String(i).padStart(3, '0')}`, company: 'Wholesale Voice Holdings International', currency: 'USD', externalId: `ACC-${letters(i)}` }),
  );
  await seed(page, many.map((args) => ({ name: 'createCustomer', args })));
  await openSynced(page, '/invoices');
  await page.getByRole('link', { name: 'New invoice' }).click();

  const field = page.getByRole('combobox', { name: 'Customer (required)' });
  const options = page.getByRole('listbox', { name: 'Customers' }).getByRole('option');
  await field.click();
  await expect(options).toHaveCount(50);
  await expect(page.getByText('70 more — keep typing')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '120 customers match, the first 50 listed' })).toBeAttached();
  await expectNoHorizontalScroll(page);
  const list = (await page.getByRole('listbox', { name: 'Customers' }).boundingBox())!;
  expect(list.x).toBeGreaterThanOrEqual(0);
  expect(list.x + list.width).toBeLessThanOrEqual(390);
  await expectNoSeriousA11yViolations(page);

  // "Carrier 110" to "Carrier 119" begin with what is typed; Carrier 011 only holds both words.
  await field.fill('carrier 11');
  await expect(options).toHaveCount(11);
  await expect(options.first()).toContainText('Carrier 110');
  await expect(options.last()).toContainText('Carrier 011');
  await expect(page.getByText(/more — keep typing/)).toHaveCount(0);
  await field.fill('acc-en'); // Carrier 117's
  await expect(options).toHaveCount(1);
  await options.first().click();
  const name = 'Carrier 117 (Wholesale Voice Holdings International)';
  await expect(field).toHaveValue(name);
  await expect(field).toBeFocused();
  await expectNoHorizontalScroll(page);
  // Too long for the field, the name ends in an ellipsis though the field keeps the focus (where a
  // field draws none itself): it is drawn over the field, whose own text is not drawn; whole in the title.
  await expect(field).toHaveAttribute('title', name);
  const drawn = field.locator('xpath=..').getByTestId('picker-shown');
  await expect(drawn).toHaveText(name);
  expect(await field.evaluate((el) => getComputedStyle(el).color)).toBe('rgba(0, 0, 0, 0)');
  const cut = await drawn.evaluate((el) => ({ ellipsis: getComputedStyle(el).textOverflow === 'ellipsis', overflows: el.scrollWidth > el.clientWidth, right: el.getBoundingClientRect().right }));
  expect(cut).toMatchObject({ ellipsis: true, overflows: true });
  // Clear of the field's arrow.
  expect(cut.right).toBeLessThanOrEqual((await field.boundingBox())!.x + (await field.boundingBox())!.width - 30);
  // Typing shows what is typed, in the field itself.
  await page.keyboard.type('carrier');
  await expect(drawn).toHaveCount(0);
  await expect(field).not.toHaveAttribute('title');
});
