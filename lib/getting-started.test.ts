import { describe, expect, it } from 'vitest';
import { gettingStarted } from './getting-started';
import { defaultAccount } from './mutators';

const empty = { customers: 0, packages: 0, usage: 0, invoices: 0 };
const filledIn = { ...defaultAccount(), companyName: 'Acme Telecom', address: '1 Main St', paymentDetails: 'IBAN GB33 BUKB 2020 1555 5555 55' };

describe('gettingStarted', () => {
  it('has every step to do in a new account', () => {
    expect(gettingStarted({ ...defaultAccount(), companyName: 'Acme Telecom' }, empty)).toEqual({
      account: ['address', 'payment details'],
      customers: false,
      packages: false,
      usage: false,
      invoices: false,
      done: false,
    });
  });

  it('keeps My Account to do while customers, packages, usage and invoices exist without it', () => {
    const demo = gettingStarted({ ...defaultAccount(), companyName: 'Acme Telecom' }, { customers: 50, packages: 12, usage: 40_000, invoices: 3 });
    expect(demo).toMatchObject({ account: ['address', 'payment details'], customers: true, packages: true, usage: true, invoices: true, done: false });
  });

  it('is done once My Account is filled in and the account has a customer and an invoice (packages and usage are optional)', () => {
    expect(gettingStarted(filledIn, { customers: 1, packages: 1, usage: 1, invoices: 1 }).done).toBe(true);
    // A carrier billing by hand, with no packages or CDRs: done once it has invoiced.
    expect(gettingStarted(filledIn, { customers: 1, packages: 0, usage: 0, invoices: 1 })).toMatchObject({ packages: false, usage: false, done: true });
    expect(gettingStarted(filledIn, { customers: 1, packages: 1, usage: 1, invoices: 0 })).toMatchObject({ account: [], invoices: false, done: false });
    expect(gettingStarted(filledIn, empty)).toMatchObject({ account: [], customers: false, done: false });
  });
});
