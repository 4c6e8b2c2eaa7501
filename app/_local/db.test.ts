/**
 * The device database's upgrades (Dexie on fake-indexeddb): a database written by an earlier
 * version of the app opens with its rows brought up to date. Version 2 gave payments their
 * currency; version 3 added the browser imports' tables, and a device that synced with protocol 1,
 * which leaves the import records out, keeps its data and outbox and fetches every row once more
 * from the start, so it gets the records it was not sent; version 4 gave packages their currency;
 * version 5 indexed the invoice each invoice replaces.
 */
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, type Package } from '@/lib/entities';
import { testAccount, testCustomer, testPackage, testUuid } from '@/lib/test-fixtures';
import { customer, draftInvoice } from '@/server/sync/test-mutations';
import { createDb, type TollbookDb } from './db';
import { shadowKey } from './local-tx';

/** Version 1 as devices hold it (createDb before payments' currency and the import tables). */
const VERSION_1 = {
  account: 'id',
  customers: 'id, name, company, status',
  packages: 'id, name',
  customerPackages: 'id, customerId, packageId',
  usage: 'id, customerId, [customerId+day], day',
  invoices: 'id, customerId, status, invoiceDate, dueDate, number, [customerId+invoiceDate]',
  invoiceLines: 'id, invoiceId',
  payments: 'id, customerId, date',
  outbox: 'id',
  shadows: 'key',
  meta: 'key',
  draftEdits: 'key',
  rejections: 'mutationId',
};

let db: TollbookDb | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

/** A database as version 1 of the app left it, holding `rows` by table. */
async function version1Database(name: string, rows: Record<string, unknown[]>): Promise<void> {
  const old = new Dexie(name);
  old.version(1).stores(VERSION_1);
  await old.open();
  for (const [table, list] of Object.entries(rows)) await old.table(table).bulkPut(list);
  old.close();
}

/** A package as a device pulled it before packages had a currency. */
function packageWithoutCurrency(id: string, name: string): Omit<Package, 'currency'> {
  const { currency: _none, ...row } = testPackage({ id, name });
  return row;
}

describe('device database upgrades', () => {
  it("gives payments pulled before payments had a currency their first invoice's, else their customer's, else the account's, server pre-images too", async () => {
    const name = 'db-upgrade-test';
    const old = new Dexie(name);
    old.version(1).stores(VERSION_1);
    const yen = customer({ currency: 'JPY' });
    const invoice = draftInvoice(yen.id, { currency: 'EUR', status: 'issued', number: 'INV-1' });
    const paid = (id: string, customerId: string, invoiceId: string) => ({ id, customerId, date: '2026-11-20', amount: '5', method: '', reference: '', allocations: [{ invoiceId, amount: '5' }] });
    await old.table('account').put({ id: ACCOUNT_ID, currency: 'GBP' });
    await old.table('customers').put(yen);
    await old.table('invoices').put(invoice);
    await old.table('payments').bulkPut([paid('p-invoice', yen.id, invoice.id), paid('p-customer', yen.id, 'gone'), paid('p-account', 'gone', 'gone')]);
    await old.table('shadows').bulkPut([
      { key: 'payments/p-invoice', entity: 'payments', id: 'p-invoice', row: paid('p-invoice', yen.id, invoice.id) },
      { key: 'payments/p-new', entity: 'payments', id: 'p-new', row: null },
    ]);
    old.close();

    db = createDb(name);
    const currencies = Object.fromEntries((await db.payments.toArray()).map((p) => [p.id, p.currency]));
    expect(currencies).toEqual({ 'p-invoice': 'EUR', 'p-customer': 'JPY', 'p-account': 'GBP' });
    expect(await db.shadows.get('payments/p-invoice')).toMatchObject({ row: { id: 'p-invoice', currency: 'EUR', amount: '5' } });
    expect((await db.shadows.get('payments/p-new'))?.row).toBeNull();
  });

  it('a database of version 1 opens as version 3 with its rows and outbox kept and its pull cursor back at 0', async () => {
    const name = 'db-upgrade-test';
    const old = new Dexie(name);
    old.version(1).stores(VERSION_1);
    const customer = testCustomer();
    await old.table('customers').put(customer);
    await old.table('outbox').put({ id: 1, name: 'updateCustomer', args: {}, createdAt: 0 });
    await old.table('meta').bulkPut([
      { key: 'cursor', value: 42 },
      { key: 'pullSnapshot', value: 50 },
      { key: 'lastMutationId', value: 1 },
    ]);
    old.close();

    db = createDb(name);
    expect(await db.customers.get(customer.id)).toEqual(customer);
    expect(await db.outbox.count()).toBe(1);
    expect((await db.meta.get('cursor'))?.value).toBe(0);
    expect(await db.meta.get('pullSnapshot')).toBeUndefined();
    expect((await db.meta.get('lastMutationId'))?.value).toBe(1);
    expect(await db.cdrImports.count()).toBe(0);
    expect(await db.cdrImportParts.where('importId').equals('x').count()).toBe(0);
  });

  it("gives packages pulled before they had a currency My Account's, as the server gave its rows, in the pre-images of pending mutations too", async () => {
    const platform = packageWithoutCurrency(testUuid(1, 'c'), 'Platform fee');
    const did = packageWithoutCurrency(testUuid(2, 'c'), 'DID rental');
    const pounds = testPackage({ id: testUuid(3, 'c'), name: 'UK fee', currency: 'GBP' });
    await version1Database('db-test-upgrade', {
      account: [testAccount({ currency: 'EUR' })],
      packages: [platform, { ...did, name: 'DID rental (renamed here)' }, pounds],
      // A rename of the DID rental pending: the server's row is put back on the next pull, then the rename replayed.
      shadows: [{ key: shadowKey('packages', did.id), entity: 'packages', id: did.id, row: did }, { key: shadowKey('packages', testUuid(4, 'c')), entity: 'packages', id: testUuid(4, 'c'), row: null }],
    });

    db = createDb('db-test-upgrade');
    expect(await db.packages.toArray()).toEqual([
      { ...platform, currency: 'EUR' },
      { ...did, name: 'DID rental (renamed here)', currency: 'EUR' },
      pounds,
    ]);
    expect(await db.shadows.toArray()).toEqual([
      { key: shadowKey('packages', did.id), entity: 'packages', id: did.id, row: { ...did, currency: 'EUR' } },
      { key: shadowKey('packages', testUuid(4, 'c')), entity: 'packages', id: testUuid(4, 'c'), row: null },
    ]);
  });

  it('takes the default account’s currency when the device has no account row yet', async () => {
    const platform = packageWithoutCurrency(testUuid(1, 'c'), 'Platform fee');
    await version1Database('db-test-no-account', { packages: [platform] });
    db = createDb('db-test-no-account');
    expect(await db.packages.get(platform.id)).toEqual({ ...platform, currency: 'USD' });
  });

  it('finds an invoice by the void invoice it replaces once opened as version 5, keeping the invoices pulled before, which replace none', async () => {
    const buyer = customer();
    const voided = draftInvoice(buyer.id, { status: 'void', number: 'INV-7', voidReason: 'Wrong period' });
    const other = draftInvoice(buyer.id, { status: 'issued', number: 'INV-8' });
    await version1Database('db-test-replaces', { customers: [buyer], invoices: [voided, other] });

    db = createDb('db-test-replaces');
    const replacement = draftInvoice(buyer.id, { replacesId: voided.id });
    await db.invoices.put(replacement);
    expect(await db.invoices.where('replacesId').equals(voided.id).toArray()).toEqual([replacement]);
    expect(await db.invoices.where('replacesId').equals(other.id).count()).toBe(0);
    expect(await db.invoices.get(voided.id)).toEqual(voided);
    expect(await db.invoices.where('customerId').equals(buyer.id).count()).toBe(3);
  });
});
