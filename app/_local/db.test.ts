/**
 * The device database's upgrades (Dexie on fake-indexeddb): a database written by an earlier
 * version of the app opens with its rows brought up to date.
 */
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID } from '@/lib/entities';
import { customer, draftInvoice } from '@/server/sync/test-mutations';
import { createDb, ENTITY_INDEXES, type TollbookDb } from './db';

let db: TollbookDb | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

describe('device database version 2', () => {
  it("gives payments pulled before payments had a currency their first invoice's, else their customer's, else the account's, server pre-images too", async () => {
    const name = 'db-upgrade-test';
    const old = new Dexie(name);
    old.version(1).stores({ ...ENTITY_INDEXES, outbox: 'id', shadows: 'key', meta: 'key', draftEdits: 'key', rejections: 'mutationId' });
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
});
