/**
 * Payment details by currency on the server (PGlite, and Postgres when DATABASE_URL is set): saved
 * with My Account and sent to devices; a device from before them saves My Account without touching
 * them; an issued invoice keeps its currency's details; drizzle/0015 gives accounts stored before it
 * none ({}).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invoice } from '../../lib/entities';
import { MIGRATIONS_FOLDER } from '../db';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { deviceOf, pulledRows, signUpOwner } from '../test-sessions';
import { emptyDatabase, migrationsBefore } from './test-migrations';
import { customer, draftInvoice, manualLine } from './test-mutations';

const BY_CURRENCY = { EUR: 'EUR account: IBAN DE89 3704 0044 0532 0130 00', USD: 'USD account: ABA 026009593' };

describe.each(TEST_DATABASE_KINDS)('payment details by currency through sync on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('are saved with My Account, kept by a device that does not know them, and printed by each currency as issued', async () => {
    const owner = await signUpOwner(database, 'Two Banks Carrier');
    const push = deviceOf(owner);
    // A new account has none.
    expect((await pulledRows(owner)).get('account/account')).toMatchObject({ paymentDetailsByCurrency: {} });
    const euro = customer({ name: 'Euro Carrier GmbH', currency: 'EUR' });
    const pound = customer({ name: 'Pound Carrier Ltd', currency: 'GBP' });
    const euroInvoice = draftInvoice(euro.id, { currency: 'EUR' });
    const poundInvoice = draftInvoice(pound.id, { currency: 'GBP' });
    expect(
      await push(
        { name: 'saveAccount', args: { paymentDetails: 'Any currency: IBAN GB33 BUKB', paymentDetailsByCurrency: BY_CURRENCY } },
        // From a device that does not know them: they stay.
        { name: 'saveAccount', args: { companyName: 'Two Banks Carrier Ltd' } },
        { name: 'createCustomer', args: euro },
        { name: 'createCustomer', args: pound },
        { name: 'createInvoice', args: { invoice: euroInvoice, lines: [manualLine(euroInvoice.id, 0)] } },
        { name: 'createInvoice', args: { invoice: poundInvoice, lines: [manualLine(poundInvoice.id, 0)] } },
        { name: 'issueInvoice', args: { id: euroInvoice.id } },
        { name: 'issueInvoice', args: { id: poundInvoice.id } },
        { name: 'saveAccount', args: { paymentDetailsByCurrency: { EUR: 'New EUR bank' } } },
        { name: 'saveAccount', args: { paymentDetailsByCurrency: { EURO: 'IBAN' } } },
      ),
    ).toEqual([...Array(9).fill('applied'), "rejected: The currency EURO of My Account's payment details is not a known ISO 4217 currency code"]);
    const rows = await pulledRows(owner);
    expect(rows.get('account/account')).toMatchObject({ companyName: 'Two Banks Carrier Ltd', paymentDetailsByCurrency: { EUR: 'New EUR bank' } });
    expect((rows.get(`invoices/${euroInvoice.id}`) as Invoice).parties?.seller.paymentDetails).toBe(BY_CURRENCY.EUR);
    expect((rows.get(`invoices/${poundInvoice.id}`) as Invoice).parties?.seller.paymentDetails).toBe('Any currency: IBAN GB33 BUKB');
  });
});

describe.each(TEST_DATABASE_KINDS)('drizzle/0015_add_payment_details_by_currency on %s', (kind) => {
  it('gives the accounts stored before it no payment details by currency ({}), the rest of each row as it was', async () => {
    const before = await migrationsBefore('0015_add_payment_details_by_currency');
    const database = await emptyDatabase(kind);
    try {
      await database.migrate(before.folder);
      const tenant = randomUUID();
      await database.query(sql`insert into tenants (id, name) values (${tenant}, 'Old Carrier')`);
      await database.query(sql`
        insert into account (tenant_id, id, version, company_name, address, email, registration_id, vat_id, logo, payment_details, currency,
                             timezone, line_grouping, rounding, number_prefix, next_number, paper_size)
        values (${tenant}, 'account', 4, 'Old Carrier', '', '', '', '', '', 'IBAN OLD', 'EUR', 'UTC', 'destination', 'half-up', 'INV-', 7, 'A4')`);
      await database.migrate(MIGRATIONS_FOLDER);
      expect(
        await database.query(sql`select payment_details as "paymentDetails", payment_details_by_currency as "byCurrency", next_number::int as "nextNumber", version::int as version from account`),
      ).toEqual([{ paymentDetails: 'IBAN OLD', byCurrency: {}, nextNumber: 7, version: 4 }]);
    } finally {
      await database.close();
      await before.remove();
    }
  });
});
