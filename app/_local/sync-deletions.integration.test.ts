/**
 * Two devices (Dexie on fake-indexeddb, the real sync engine) against the real server (tRPC callers
 * on PGlite, and on Postgres when DATABASE_URL is set), both offline: one deletes a record, the
 * other makes an invoice of it, and the deletion syncs first. The deletion was made without
 * knowing of the invoice: the record comes back, the device that made the invoice is told why, and
 * so is the device that deleted it (lib/overridden-changes).
 * And a device's own offline issue does not make its own change of the next invoice number read
 * as another device's.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceSave } from '@/lib/invoice-edit';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@/server/test-databases';
import { customer, draftInvoice, manualLine } from '@/server/sync/test-mutations';
import { signUpOwner, type SignedIn } from '@/server/test-sessions';
import { createDb, type TollbookDb } from './db';
import { deviceRows, serverRows } from './sync-test-rows';
import { mutate } from './mutate';
import { SyncEngine } from './sync-engine';

interface Device {
  db: TollbookDb;
  engine: SyncEngine;
}

function device(signedIn: SignedIn, name: string): Device {
  const db = createDb(`deletions-${name}-${randomUUID()}`);
  const engine = new SyncEngine(db, randomUUID(), {
    push: (request) => signedIn.caller.sync.push(request),
    pull: (request) => signedIn.caller.sync.pull(request),
  });
  return { db, engine };
}

const notices = async (d: Device) => (await d.db.rejections.toArray()).map((r) => r.error);

describe.each(TEST_DATABASE_KINDS)('a deletion made without knowing of an invoice, on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('restores a customer deleted on one device while the other invoiced it, and keeps the issued invoice', async () => {
    const owner = await signUpOwner(database, `Deleted Customer ${kind}`);
    const [a, b] = [device(owner, 'a'), device(owner, 'b')];
    const deleteMe = customer({ name: 'Delete Me Ltd', currency: 'EUR', taxRate: '19' });
    await mutate('createCustomer', deleteMe, a.db);
    await a.engine.sync();
    await b.engine.sync();

    // Both offline: A deletes the customer; B invoices it (2 lines) and issues the invoice.
    await mutate('deleteCustomer', { id: deleteMe.id }, a.db);
    const invoice = draftInvoice(deleteMe.id, { currency: 'EUR' });
    const lines = [manualLine(invoice.id, 0, { quantity: '2', unitPrice: '100.33', taxRate: '19' }), manualLine(invoice.id, 1, { quantity: '1', unitPrice: '0.01', taxRate: '0' })];
    await mutate('createInvoice', { invoice, lines }, b.db);
    await mutate('issueInvoice', { id: invoice.id }, b.db);
    // A syncs first.
    await a.engine.sync();
    await b.engine.sync();
    await a.engine.sync();

    const server = await serverRows(owner);
    expect(server.get(`customers/${deleteMe.id}`)).toMatchObject({ name: 'Delete Me Ltd' });
    expect(server.get(`invoices/${invoice.id}`)).toMatchObject({ status: 'issued', number: 'INV-1', total: '238.80' });
    expect([...server.keys()].filter((key) => key.startsWith('invoiceLines/'))).toHaveLength(2);
    for (const d of [a, b]) expect(await deviceRows(d.db)).toEqual(server);
    // The device that deleted it hears why it came back (lib/overridden-changes).
    expect(await notices(a)).toEqual([
      'Delete Me Ltd came back: this device deleted it while another device, which had not seen the deletion, made an invoice for it (INV-1). The customer was restored as it was, so the invoice keeps its customer. Set the customer inactive if it is no longer billed.',
    ]);
    expect(await notices(b)).toEqual([
      'Delete Me Ltd was deleted on another device, but this device made an invoice for it meanwhile (INV-1): the customer was restored as it was, so the invoice keeps its customer. Set the customer inactive if it is no longer billed.',
    ]);
  });

  it('restores a draft deleted on one device while the other edited and issued it, with its lines', async () => {
    const owner = await signUpOwner(database, `Deleted Draft ${kind}`);
    const [a, b] = [device(owner, 'a'), device(owner, 'b')];
    const baltic = customer({ name: 'Baltic Voice', currency: 'EUR', taxRate: '0' });
    const invoice = draftInvoice(baltic.id, { currency: 'EUR' });
    const lines = [manualLine(invoice.id, 0, { description: 'DID rental', quantity: '2', unitPrice: '10', taxRate: '0' }), manualLine(invoice.id, 1, { description: 'Port fee', quantity: '1', unitPrice: '5', taxRate: '0' })];
    await mutate('createCustomer', baltic, a.db);
    await mutate('createInvoice', { invoice, lines }, a.db);
    await a.engine.sync();
    await b.engine.sync();

    // Both offline: A deletes the draft; B raises a quantity in the editor and issues it.
    await mutate('deleteInvoice', { id: invoice.id }, a.db);
    const held = { invoice: (await b.db.invoices.get(invoice.id))!, lines: await b.db.invoiceLines.where('invoiceId').equals(invoice.id).sortBy('position') };
    const edited = { invoice: held.invoice, lines: held.lines.map((line) => (line.id === lines[0]!.id ? { ...line, quantity: '3' } : line)) };
    await mutate('saveInvoice', { id: invoice.id, ...invoiceSave(held, edited, held) }, b.db);
    await mutate('issueInvoice', { id: invoice.id }, b.db);
    await a.engine.sync();
    await b.engine.sync();
    await a.engine.sync();

    const server = await serverRows(owner);
    // 3 × 10 + 5.
    expect(server.get(`invoices/${invoice.id}`)).toMatchObject({ status: 'issued', number: 'INV-1', total: '35.00' });
    expect(server.get(`invoiceLines/${lines[1]!.id}`)).toMatchObject({ description: 'Port fee' });
    for (const d of [a, b]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await notices(a)).toEqual([
      'Invoice INV-1 came back: this device deleted it while another device, which had not seen the deletion, changed it. It was restored, with its lines as they were, so the change is not lost.',
    ]);
    expect(await notices(b)).toEqual([
      'Invoice INV-1 was deleted on another device, but this device changed it meanwhile: it was restored, with its lines as they were, and the change applied.',
    ]);
  });

  it("applies a next number raised offline over the device's own issue made meanwhile", async () => {
    const owner = await signUpOwner(database, `Own Issue ${kind}`);
    const a = device(owner, 'a');
    const atlas = customer({ name: 'Atlas Link', currency: 'USD', taxRate: '0' });
    const invoice = draftInvoice(atlas.id, { currency: 'USD' });
    await mutate('saveAccount', { nextNumber: 6 }, a.db);
    await mutate('createCustomer', atlas, a.db);
    await mutate('createInvoice', { invoice, lines: [manualLine(invoice.id, 0, { taxRate: '0' })] }, a.db);
    await a.engine.sync();

    // Offline: issue (number pending), then Settings → Next invoice number 6 → 100.
    await mutate('issueInvoice', { id: invoice.id }, a.db);
    await mutate('saveAccount', { nextNumber: 100, seen: { nextNumber: 6 } }, a.db);
    await a.engine.sync();

    const server = await serverRows(owner);
    expect(server.get(`invoices/${invoice.id}`)).toMatchObject({ number: 'INV-6' });
    expect(server.get('account/account')).toMatchObject({ nextNumber: 100 });
    expect(await deviceRows(a.db)).toEqual(server);
    expect(await notices(a)).toEqual([]);
  });
});
