import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { billingData, seedMutations } from './billing-data';
import { openSynced, seed, signUp } from './fixtures';

async function signInThroughForm(page: Page, email: string, password: string) {
  await page.getByRole('button', { name: 'I already have an account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('sign up, create data, sign out, sign in elsewhere, invite a teammate; another tenant sees nothing', async ({ browser }) => {
  // Four browsers sign in one after another; on a loaded 2-core machine that takes a while.
  test.setTimeout(180_000);
  const email = `owner+${randomUUID()}@example.com`;
  const password = 'a long enough password';
  const owner = await (await browser.newContext()).newPage();
  await owner.goto('/customers');
  await owner.getByLabel('Company name').fill('Łódź Telecom');
  await owner.getByLabel('Email').fill(email);
  await owner.getByLabel('Password').fill(password);
  await owner.getByRole('button', { name: 'Create account' }).click();
  await expect(owner.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced');
  await seed(owner, seedMutations(billingData()));
  await openSynced(owner, '/customers');
  await expect(owner.getByText('Globex Carrier')).toBeVisible();

  // Signing out wipes this device's copy and returns to the sign-in screen.
  await owner.getByRole('button', { name: 'Sign out' }).click();
  await expect(owner.getByRole('heading', { name: 'Sign in to Tollbook' }).or(owner.getByRole('heading', { name: 'Create your company account' }))).toBeVisible();
  const dbs = await owner.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  expect(dbs.filter((n) => n?.startsWith('tollbook-') && n !== 'tollbook-signed-out')).toEqual([]);

  // A second browser signs in and gets the tenant's data.
  const laptop = await (await browser.newContext()).newPage();
  await laptop.goto('/customers');
  await signInThroughForm(laptop, email, password);
  await expect(laptop.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced');
  await expect(laptop.getByText('Globex Carrier')).toBeVisible();

  // The owner invites a teammate, who joins with the link and sees the same data.
  await laptop.getByRole('link', { name: 'Łódź Telecom' }).click();
  await expect(laptop.getByRole('heading', { name: 'Team', level: 1 })).toBeVisible();
  await laptop.getByLabel('Email').fill(`mate+${randomUUID()}@example.com`);
  await laptop.getByRole('button', { name: 'Create invite link' }).click();
  const link = await laptop.getByLabel('Invite link').inputValue();
  expect(link).toMatch(/\/join\?token=/);
  const mate = await (await browser.newContext()).newPage();
  await mate.goto(link);
  await mate.getByLabel('Your name').fill('Mateusz');
  await mate.getByLabel('Choose a password').fill('another long password');
  await mate.getByRole('button', { name: 'Join' }).click();
  await expect(mate.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
  await expect(mate.getByTestId('sync-status')).toHaveAttribute('data-state', 'synced');
  await mate.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await expect(mate.getByText('Globex Carrier')).toBeVisible();

  // Another company account sees none of it.
  const stranger = await (await browser.newContext()).newPage();
  await signUp(stranger, 'Other Carrier');
  await openSynced(stranger, '/customers');
  await expect(stranger.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  await expect(stranger.getByText('Globex Carrier')).toHaveCount(0);
});
