import { expect, test, type Dialog } from '@playwright/test';
import { signUp } from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations, waitForRoutesOnDevice } from './page-checks';

test('create a monthly and a free-minutes package, assign both, end one, retire the one in use, offline', async ({ page }) => {
  await signUp(page);
  await page.goto('/packages');
  await expect(page.getByRole('heading', { name: 'Packages', level: 1 })).toBeVisible();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
  await waitForRoutesOnDevice(page);
  await page.context().setOffline(true);
  const nav = page.getByRole('navigation', { name: 'Main' });

  // A monthly fee: match days are offered for monthly and weekly only; free-minute fields never for a fee.
  await page.getByRole('link', { name: 'New package' }).click();
  await expect(page.getByRole('heading', { name: 'New package', level: 1 })).toBeVisible();
  // The Type shows its value whole on one line at 1280 px, not cut at the select's edge.
  const shownType = page.locator('.field', { has: page.getByLabel('Type') }).getByTestId('select-shown');
  await expect(shownType).toHaveText('Fee (e.g. DID rental, monthly fee)');
  const typeWhole = await shownType.evaluate((box) => {
    const range = document.createRange();
    range.selectNodeContents(box);
    const rects = [...range.getClientRects()];
    const right = box.getBoundingClientRect().right - parseFloat(getComputedStyle(box).paddingRight) + 0.5;
    return rects.every((r) => r.right <= right) && new Set(rects.map((r) => Math.round(r.top))).size === 1;
  });
  expect(typeWhole).toBe(true);
  await expect(page.getByRole('group', { name: 'Bill on these days of the month' })).toBeVisible();
  await expect(page.getByLabel('Destination prefixes')).toHaveCount(0);
  await page.getByLabel('Frequency').selectOption('daily');
  await expect(page.getByRole('group', { name: /Bill on these/ })).toHaveCount(0);
  await page.getByLabel('Frequency').selectOption('weekly');
  await expect(page.getByRole('group', { name: 'Bill on these weekdays' }).getByRole('checkbox')).toHaveCount(7);
  await page.getByLabel('Frequency').selectOption('monthly');
  await page.getByLabel('Retail price per period').fill('1.5.0');
  await page.getByRole('button', { name: 'Create package' }).click();
  await expect(page.getByText('Name is required')).toBeVisible();
  await expect(page.getByText('Retail price per period must be a decimal number with at most 15 digits before the point and 6 after, like 12.50')).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel('Name', { exact: true }).fill('DID Rental UK');
  await page.getByLabel('Description').fill('One UK geographic number');
  await page.getByLabel('Retail price per period').fill('1.50');
  await page.getByLabel('Setup price').fill('5');
  await page.getByRole('checkbox', { name: 'Day 1', exact: true }).check();
  await page.getByRole('button', { name: 'Create package' }).click();
  await expect(page.getByRole('heading', { name: 'Packages', level: 1 })).toBeVisible();
  const catalogue = page.getByRole('table', { name: 'Package catalogue' });
  await expect(catalogue.getByRole('row', { name: /DID Rental UK/ })).toContainText('Monthly');
  await expect(catalogue.getByRole('row', { name: /DID Rental UK/ })).toContainText('1.50');

  // A free-minutes bundle: its prefix and minutes appear only for that type, and are required.
  await page.getByRole('link', { name: 'New package' }).click();
  await page.getByLabel('Name', { exact: true }).fill('UK Bundle 1000');
  await page.getByLabel('Type').selectOption('free-minutes');
  await expect(page.getByLabel('Destination prefixes')).toBeVisible();
  await page.getByRole('button', { name: 'Create package' }).click();
  await expect(page.getByText('Destination prefixes is required for a free-minutes package (e.g. 44,1)')).toBeVisible();
  await expect(page.getByText('Free minutes must be more than 0 for a free-minutes package')).toBeVisible();
  await page.getByLabel('Destination prefixes').fill('44, 353');
  await page.getByLabel('Free minutes').fill('1000');
  await page.getByLabel('Retail price per period').fill('15');
  // No setup fee: a blank setup price is 0, not refused.
  await page.getByLabel('Setup price').fill('');
  await page.getByRole('button', { name: 'Create package' }).click();
  const bundleRow = catalogue.getByRole('row', { name: /UK Bundle 1000/ });
  await expect(bundleRow).toContainText('1000 free minutes (44, 353)');
  const headers = (await catalogue.getByRole('columnheader').allInnerTexts()).map((text) => text.trim());
  // The first column is the row's header, not a cell.
  await expect(bundleRow.getByRole('cell').nth(headers.indexOf('Setup') - 1)).toHaveText('0.00');
  await expectNoSeriousA11yViolations(page);

  // An unused package deletes; a used one is refused and offered retirement.
  await page.getByRole('link', { name: 'New package' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Temporary');
  await page.getByLabel('Frequency').selectOption('none');
  await page.getByRole('button', { name: 'Create package' }).click();
  page.once('dialog', (dialog) => void dialog.accept());
  await catalogue.getByRole('button', { name: 'Delete Temporary' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Temporary was deleted.' })).toBeVisible();
  await expect(catalogue.getByRole('row', { name: /Temporary/ })).toHaveCount(0);

  await nav.getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Harbor Voice');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: 'Harbor Voice', level: 1 })).toBeVisible();
  const packages = page.getByRole('region', { name: 'Packages' });
  await expect(packages).toContainText('No packages assigned.');

  const assign = page.getByRole('form', { name: 'Assign a package' });
  await assign.getByRole('button', { name: 'Assign package' }).click();
  await expect(assign.getByText('Package is required: choose a package')).toBeVisible();
  await assign.getByLabel('Package').selectOption({ label: 'DID Rental UK' });
  await assign.getByLabel('Quantity').fill('10');
  await assign.getByLabel('Start date').fill('2026-01-01');
  // Pressed twice in one go (a double-click, Enter twice): one assignment (two would bill it twice).
  await assign.getByRole('button', { name: 'Assign package' }).evaluate((button: HTMLElement) => {
    button.click();
    button.click();
  });
  await expect(packages.getByRole('status').filter({ hasText: 'DID Rental UK assigned.' })).toBeVisible();
  await assign.getByLabel('Package').selectOption({ label: 'UK Bundle 1000' });
  await assign.getByLabel('Start date').fill('2026-02-01');
  await assign.getByLabel('End date').fill('2026-01-15');
  await assign.getByRole('button', { name: 'Assign package' }).click();
  await expect(assign.getByText('End date must not be before the start date')).toBeVisible();
  await assign.getByLabel('End date').fill('');
  await assign.getByRole('button', { name: 'Assign package' }).click();
  const assigned = packages.getByRole('table');
  await expect(assigned.getByRole('row')).toHaveCount(3);
  const did = assigned.getByRole('row', { name: /DID Rental UK/ });
  await expect(did).toContainText('10');
  await expect(did).toContainText('Jan 1, 2026');
  await expect(assigned.getByRole('row', { name: /UK Bundle 1000/ })).toContainText('Feb 1, 2026');

  // End opens its form with the focus on the date; Cancel gives the focus back to End.
  await did.getByRole('button', { name: 'End DID Rental UK' }).click();
  await expect(did.getByLabel('Last day of DID Rental UK')).toBeFocused();
  await did.getByRole('button', { name: 'Cancel' }).click();
  await expect(did.getByRole('button', { name: 'End DID Rental UK' })).toBeFocused();
  // Ending an assignment sets its last day; it stays listed.
  await page.keyboard.press('Enter');
  await expect(did.getByLabel('Last day of DID Rental UK')).toBeFocused();
  await did.getByLabel('Last day of DID Rental UK').fill('2026-03-31');
  await did.getByRole('button', { name: 'Confirm end' }).click();
  await expect(did).toContainText('Mar 31, 2026');
  await expect(did).toContainText('Ended');
  // Ended, it offers no End (ending it "today" would have billed it again); Remove asks first.
  await expect(did.getByRole('button', { name: 'End DID Rental UK' })).toHaveCount(0);
  const bundle = assigned.getByRole('row', { name: /UK Bundle 1000/ });
  page.once('dialog', (confirm) => void confirm.dismiss());
  await bundle.getByRole('button', { name: 'Remove UK Bundle 1000' }).click();
  await expect(assigned.getByRole('row')).toHaveCount(3);
  // The other one ends too, and then offers no End either.
  await bundle.getByRole('button', { name: 'End UK Bundle 1000' }).click();
  await bundle.getByLabel('Last day of UK Bundle 1000').fill('2026-02-28');
  await bundle.getByRole('button', { name: 'Confirm end' }).click();
  await expect(bundle).toContainText('Feb 28, 2026');
  await expect(bundle.getByRole('button', { name: 'End UK Bundle 1000' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  await nav.getByRole('link', { name: 'Packages' }).click();
  await expect(catalogue.getByRole('row', { name: /DID Rental UK/ }).getByRole('cell').nth(5)).toHaveText('1');
  // Delete is refused before any "This cannot be undone?" is asked: the reason shows, with Retire at hand.
  const questions: string[] = [];
  const answer = (dialog: Dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  };
  page.on('dialog', answer);
  await catalogue.getByRole('button', { name: 'Delete DID Rental UK' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Package DID Rental UK is assigned to customers and cannot be deleted; retire it instead' })).toBeVisible();
  await page.getByRole('button', { name: 'Retire DID Rental UK' }).click();
  page.off('dialog', answer);
  expect(questions).toEqual([]);
  // Retired, it leaves the catalogue, which lists the current packages unless asked for the retired ones too.
  await expect(page.getByText('DID Rental UK is retired')).toBeVisible();
  await expect(catalogue.getByRole('row', { name: /DID Rental UK/ })).toHaveCount(0);
  await expect(page.getByLabel('Show retired packages')).not.toBeChecked();
  await page.getByLabel('Show retired packages').check();
  await expect(catalogue.getByRole('row', { name: /DID Rental UK/ })).toContainText('Retired');
  await page.getByLabel('Show retired packages').uncheck();
  await expect(catalogue.getByRole('row', { name: /DID Rental UK/ })).toHaveCount(0);

  // A retired package is no longer offered for new assignments.
  await nav.getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('table', { name: 'Customers' }).getByRole('link', { name: 'Harbor Voice' }).click();
  await expect(assign.getByLabel('Package').getByRole('option')).toHaveText(['Choose a package…', 'UK Bundle 1000']);
});

test('the package screens fit a phone', async ({ page }) => {
  await signUp(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/package/edit');
  await expect(page.getByRole('heading', { name: 'New package', level: 1 })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Weekly Support Retainer');
  await page.getByLabel('Frequency').selectOption('weekly');
  await page.getByRole('checkbox', { name: 'Monday' }).check();
  await page.getByLabel('Retail price per period').fill('25');
  await expectNoHorizontalScroll(page);
  await page.getByRole('button', { name: 'Create package' }).click();
  await expect(page.getByRole('table', { name: 'Package catalogue' })).toContainText('Weekly Support Retainer');
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);
});

test('a one-off package names its price as charged once, in the field and its messages; a recurring one per period', async ({ page }) => {
  await signUp(page);
  await page.goto('/package/edit');
  await expect(page.getByRole('heading', { name: 'New package', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Retail price per period')).toBeVisible();
  await page.getByLabel('Frequency').selectOption('none');
  await expect(page.getByLabel('Retail price per period')).toHaveCount(0);
  await page.getByLabel('Price (charged once)').fill('1.5.0');
  await page.getByRole('button', { name: 'Create package' }).click();
  await expect(page.getByText('Price (charged once) must be a decimal number with at most 15 digits before the point and 6 after, like 12.50')).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill('Port-in fee');
  await page.getByLabel('Price (charged once)').fill('25');
  await page.getByRole('button', { name: 'Create package' }).click();
  await expect(page.getByRole('heading', { name: 'Packages', level: 1 })).toBeVisible();
  await page.getByRole('table', { name: 'Package catalogue' }).getByRole('link', { name: 'Port-in fee', exact: true }).click();
  await expect(page.getByLabel('Price (charged once)')).toHaveValue('25');
  // Made recurring, it has a period again.
  await page.getByLabel('Frequency').selectOption('monthly');
  await expect(page.getByLabel('Retail price per period')).toHaveValue('25');
});
