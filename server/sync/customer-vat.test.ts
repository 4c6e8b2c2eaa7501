/**
 * A customer's VAT id and tax note on the server (PGlite, and Postgres when DATABASE_URL is set):
 * they sync through createCustomer and updateCustomer; a device from before them creates and edits
 * customers as before (stored as ''); an issued invoice keeps those it was issued with; another
 * tenant's customer is refused as before; drizzle/0014 gives the customers stored before it ''.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Invoice } from '../../lib/entities';
import { MIGRATIONS_FOLDER } from '../db';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { deviceOf, pulledRows, signUpOwner } from '../test-sessions';
import { emptyDatabase, migrationsBefore } from './test-migrations';
import { customer, draftInvoice, manualLine } from './test-mutations';

const REVERSE_CHARGE = 'Reverse charge: VAT to be accounted for by the recipient (Art. 196, Directive 2006/112/EC)';

describe.each(TEST_DATABASE_KINDS)("a customer's VAT id and tax note through sync on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('are stored and sent with the customer, created and updated; a device from before them stores none', async () => {
    const owner = await signUpOwner(database, 'VAT Carrier');
    const push = deviceOf(owner);
    const dutch = customer({ name: 'Globex BV', taxRate: '0', vatId: 'NL123456789B01', taxNote: REVERSE_CHARGE });
    const { vatId: _vatId, taxNote: _taxNote, ...fromOlderDevice } = customer({ name: 'Initech' });
    expect(await push({ name: 'createCustomer', args: dutch }, { name: 'createCustomer', args: fromOlderDevice })).toEqual(['applied', 'applied']);
    let rows = await pulledRows(owner);
    expect(rows.get(`customers/${dutch.id}`)).toEqual(dutch);
    expect(rows.get(`customers/${fromOlderDevice.id}`)).toEqual({ ...fromOlderDevice, vatId: '', taxNote: '' });

    expect(
      await push(
        { name: 'updateCustomer', args: { id: dutch.id, patch: { vatId: 'NL999999999B01', taxNote: '' }, seen: { vatId: 'NL123456789B01', taxNote: REVERSE_CHARGE } } },
        // An older device edits another field: the VAT id stays.
        { name: 'updateCustomer', args: { id: fromOlderDevice.id, patch: { vatId: 'DE123456789' } } },
        { name: 'updateCustomer', args: { id: fromOlderDevice.id, patch: { notes: 'older device' } } },
        { name: 'updateCustomer', args: { id: dutch.id, patch: { vatId: 'NL1\nB01' } } },
      ),
    ).toEqual(['applied', 'applied', 'applied', "rejected: The customer's VAT id must be one line without control characters (tabs, line breaks)"]);
    rows = await pulledRows(owner);
    expect(rows.get(`customers/${dutch.id}`)).toEqual({ ...dutch, vatId: 'NL999999999B01', taxNote: '' });
    expect(rows.get(`customers/${fromOlderDevice.id}`)).toMatchObject({ vatId: 'DE123456789', taxNote: '', notes: 'older device' });
  });

  it('an issued invoice keeps those it was issued with; a draft has none of its own', async () => {
    const owner = await signUpOwner(database, 'Issuing Carrier');
    const push = deviceOf(owner);
    const dutch = customer({ name: 'Globex BV', taxRate: '0', vatId: 'NL123456789B01', taxNote: REVERSE_CHARGE });
    const issued = draftInvoice(dutch.id);
    const draft = draftInvoice(dutch.id);
    expect(
      await push(
        { name: 'createCustomer', args: dutch },
        { name: 'createInvoice', args: { invoice: issued, lines: [manualLine(issued.id, 0, { taxRate: '0' })] } },
        { name: 'createInvoice', args: { invoice: draft, lines: [manualLine(draft.id, 0, { taxRate: '0' })] } },
        { name: 'issueInvoice', args: { id: issued.id } },
        { name: 'updateCustomer', args: { id: dutch.id, patch: { vatId: 'NL999999999B01', taxNote: 'Changed later' } } },
      ),
    ).toEqual(Array(5).fill('applied'));
    const rows = await pulledRows(owner);
    expect((rows.get(`invoices/${issued.id}`) as Invoice).parties?.customer).toMatchObject({ vatId: 'NL123456789B01', taxNote: REVERSE_CHARGE });
    expect(rows.get(`invoices/${draft.id}`)).toMatchObject({ parties: null });
    expect(rows.get(`customers/${dutch.id}`)).toMatchObject({ vatId: 'NL999999999B01', taxNote: 'Changed later' });
  });

  it("refuses another tenant's customer as before: its VAT id and note stay", async () => {
    const owner = await signUpOwner(database, 'Tenant A');
    const dutch = customer({ name: 'Globex BV', vatId: 'NL123456789B01', taxNote: REVERSE_CHARGE });
    expect(await deviceOf(owner)({ name: 'createCustomer', args: dutch })).toEqual(['applied']);
    const other = await signUpOwner(database, 'Tenant B');
    expect(await deviceOf(other)({ name: 'updateCustomer', args: { id: dutch.id, patch: { vatId: 'FR00000000000', taxNote: 'Stolen' } } })).toEqual([
      `rejected: Customer ${dutch.id} does not exist (it may have been deleted on another device)`,
    ]);
    expect((await pulledRows(owner)).get(`customers/${dutch.id}`)).toEqual(dutch);
    expect([...(await pulledRows(other)).keys()].some((key) => key.startsWith('customers/'))).toBe(false);
  });
});

describe.each(TEST_DATABASE_KINDS)('drizzle/0014_add_customer_vat_id_and_tax_note on %s', (kind) => {
  it("gives the customers stored before it no VAT id and no tax note (''), the rest of each row as it was", async () => {
    const before = await migrationsBefore('0014_add_customer_vat_id_and_tax_note');
    const database = await emptyDatabase(kind);
    try {
      await database.migrate(before.folder);
      const tenant = randomUUID();
      await database.query(sql`insert into tenants (id, name) values (${tenant}, 'Old Carrier')`);
      await database.query(sql`
        insert into customers (tenant_id, id, version, name, company, status, currency, tax_rate, due_days, schedule, address, contacts, external_id, notes)
        values (${tenant}, 'c-old', 3, 'Globex BV', '', 'active', 'EUR', '0', 30, 'monthly', '', '[]', 'GLX-1', '')`);
      await database.migrate(MIGRATIONS_FOLDER);
      expect(await database.query<Pick<Customer, 'name' | 'externalId' | 'vatId' | 'taxNote'> & { version: number }>(
        sql`select name, external_id as "externalId", vat_id as "vatId", tax_note as "taxNote", version::int as version from customers`,
      )).toEqual([{ name: 'Globex BV', externalId: 'GLX-1', vatId: '', taxNote: '', version: 3 }]);
      await expect(database.query(sql`update customers set vat_id = null`)).rejects.toThrow();
    } finally {
      await database.close();
      await before.remove();
    }
  });
});
