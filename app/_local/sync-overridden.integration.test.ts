/**
 * Two devices (Dexie on fake-indexeddb, the real sync engine) against the real server (tRPC callers
 * on PGlite, and on Postgres when DATABASE_URL is set), both offline: a change of one device is
 * undone by a change the other made without knowing of it, after the first had synced its change
 * (lib/overridden-changes). Who wins does not change; the device whose change lost is told, in
 * either order the devices sync, and the other device hears nothing.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Invoice, InvoiceLine } from '@/lib/entities';
import { invoiceSave, type InvoiceVersion } from '@/lib/invoice-edit';
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
  const db = createDb(`overridden-${name}-${randomUUID()}`);
  const engine = new SyncEngine(db, randomUUID(), {
    push: (request) => signedIn.caller.sync.push(request),
    pull: (request) => signedIn.caller.sync.pull(request),
  });
  return { db, engine };
}

const notices = async (d: Device) => (await d.db.rejections.toArray()).map(({ error, partial, overridden }) => ({ error, partial, overridden }));

/** The customer form's save on `device`: only the fields changed travel, with the device's values of them (`seen`). */
async function editCustomer(device: Device, id: string, change: Partial<Customer>): Promise<void> {
  const held = (await device.db.customers.get(id))!;
  const seen = Object.fromEntries(Object.keys(change).map((field) => [field, held[field as keyof Customer]]));
  await mutate('updateCustomer', { id, patch: change, seen }, device.db);
}

/** The invoice editor's save on `device`: editing began from what the device holds; `edit` makes the user's lines. */
async function saveLines(device: Device, invoiceId: string, edit: (lines: InvoiceLine[]) => InvoiceLine[]): Promise<void> {
  const invoice = (await device.db.invoices.get(invoiceId))!;
  const lines = await device.db.invoiceLines.where('invoiceId').equals(invoiceId).sortBy('position');
  const base: InvoiceVersion = { invoice, lines };
  await mutate('saveInvoice', { id: invoiceId, ...invoiceSave(base, { invoice, lines: edit(lines) }, base) }, device.db);
}

/** The invoice editor's save on `device` of header fields only: editing began from what the device holds. */
async function editHeader(device: Device, invoiceId: string, change: Partial<Invoice>): Promise<void> {
  const invoice = (await device.db.invoices.get(invoiceId))!;
  const lines = await device.db.invoiceLines.where('invoiceId').equals(invoiceId).sortBy('position');
  const held: InvoiceVersion = { invoice, lines };
  await mutate('saveInvoice', { id: invoiceId, ...invoiceSave(held, { invoice: { ...invoice, ...change }, lines }, held) }, device.db);
}

/** Syncs the devices in that order, then each again, so both hold the server's rows. */
async function syncInOrder(first: Device, second: Device): Promise<void> {
  await first.engine.sync();
  await second.engine.sync();
  await first.engine.sync();
  await second.engine.sync();
}

describe.each(TEST_DATABASE_KINDS)('a change undone by another device that had not seen it, on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it.each([
    ['A syncs first', 'a'],
    ['B syncs first', 'b'],
  ] as const)("tells the device whose Company and VAT id of a customer lost to the other device's (%s)", async (_, syncsFirst) => {
    const owner = await signUpOwner(database, `Same Field ${syncsFirst} ${kind}`);
    const [a, b] = [device(owner, 'a'), device(owner, 'b')];
    const atlas = customer({ name: 'Atlas Link', company: 'Atlas Link', vatId: 'LV40003000001', address: 'Riga', currency: 'USD', taxRate: '0' });
    await mutate('createCustomer', atlas, a.db);
    await syncInOrder(a, b);

    // Both offline: A sets the legal name and VAT id; B sets both too, and the address.
    await editCustomer(a, atlas.id, { company: 'Atlas Link SIA', vatId: 'LV40003000002' });
    await editCustomer(b, atlas.id, { company: 'Atlas Holdings SIA', vatId: 'LV40003000009', address: 'Brivibas 1, Riga' });
    const [first, second] = syncsFirst === 'a' ? [a, b] : [b, a];
    await syncInOrder(first, second);

    // The later arrival wins, as before.
    const server = await serverRows(owner);
    const won = syncsFirst === 'a' ? { company: 'Atlas Holdings SIA', vatId: 'LV40003000009' } : { company: 'Atlas Link SIA', vatId: 'LV40003000002' };
    expect(server.get(`customers/${atlas.id}`)).toMatchObject({ ...won, address: 'Brivibas 1, Riga' });
    for (const d of [a, b]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await notices(second)).toEqual([]);
    expect(await notices(first)).toEqual(
      syncsFirst === 'a'
        ? [
            {
              error: "Atlas Link's Company was changed to “Atlas Holdings SIA” on another device, which had not seen this device's change of it to “Atlas Link SIA”: the change that reached the server last stands. Set it again if “Atlas Link SIA” is right.",
              overridden: true,
            },
            {
              error: "Atlas Link's VAT id was changed to “LV40003000009” on another device, which had not seen this device's change of it to “LV40003000002”: the change that reached the server last stands. Set it again if “LV40003000002” is right.",
              overridden: true,
            },
          ]
        : [
            {
              error: "Atlas Link's Company was changed to “Atlas Link SIA” on another device, which had not seen this device's change of it to “Atlas Holdings SIA”: the change that reached the server last stands. Set it again if “Atlas Holdings SIA” is right.",
              overridden: true,
            },
            {
              error: "Atlas Link's VAT id was changed to “LV40003000002” on another device, which had not seen this device's change of it to “LV40003000009”: the change that reached the server last stands. Set it again if “LV40003000009” is right.",
              overridden: true,
            },
          ],
    );
  });

  it("tells no one when a device changes a customer's Company after it has seen the other device's change", async () => {
    const owner = await signUpOwner(database, `Seen Change ${kind}`);
    const [a, b] = [device(owner, 'a'), device(owner, 'b')];
    const atlas = customer({ name: 'Atlas Link', company: 'Atlas Link', currency: 'USD', taxRate: '0' });
    await mutate('createCustomer', atlas, a.db);
    await syncInOrder(a, b);

    await editCustomer(a, atlas.id, { company: 'Atlas Link SIA' });
    await syncInOrder(a, b);
    await editCustomer(b, atlas.id, { company: 'Atlas Holdings SIA' });
    await syncInOrder(b, a);

    expect((await serverRows(owner)).get(`customers/${atlas.id}`)).toMatchObject({ company: 'Atlas Holdings SIA' });
    for (const d of [a, b]) expect(await notices(d)).toEqual([]);
  });

  it.each([
    ['A syncs first', 'a'],
    ['B syncs first', 'b'],
  ] as const)("tells the device whose due date and notes of a draft lost to the other device's (%s)", async (_, syncsFirst) => {
    const owner = await signUpOwner(database, `Draft Header ${syncsFirst} ${kind}`);
    const [a, b] = [device(owner, 'a'), device(owner, 'b')];
    const baltic = customer({ name: 'Baltic Voice', currency: 'EUR', taxRate: '0' });
    const invoice = draftInvoice(baltic.id, { currency: 'EUR', invoiceDate: '2026-12-07', dueDate: '2026-12-21', notes: 'Pay by wire' });
    await mutate('createCustomer', baltic, a.db);
    await mutate('createInvoice', { invoice, lines: [manualLine(invoice.id, 0, { description: 'Port fee', quantity: '1', unitPrice: '5', taxRate: '0' })] }, a.db);
    await syncInOrder(a, b);

    // Both offline: A sets the due date and the notes; B sets both too, and the period's end.
    await editHeader(a, invoice.id, { dueDate: '2027-01-06', notes: 'Net 30' });
    await editHeader(b, invoice.id, { dueDate: '2026-12-28', notes: 'Paid in advance', periodEnd: '2026-10-30' });
    const [first, second] = syncsFirst === 'a' ? [a, b] : [b, a];
    await syncInOrder(first, second);

    // The later arrival wins, as before.
    const server = await serverRows(owner);
    const won = syncsFirst === 'a' ? { dueDate: '2026-12-28', notes: 'Paid in advance' } : { dueDate: '2027-01-06', notes: 'Net 30' };
    expect(server.get(`invoices/${invoice.id}`)).toMatchObject({ ...won, periodEnd: '2026-10-30' });
    for (const d of [a, b]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await notices(second)).toEqual([]);
    const [lost, kept] = syncsFirst === 'a' ? [{ dueDate: 'Jan 6, 2027', notes: 'Net 30' }, { dueDate: 'Dec 28, 2026', notes: 'Paid in advance' }] : [{ dueDate: 'Dec 28, 2026', notes: 'Paid in advance' }, { dueDate: 'Jan 6, 2027', notes: 'Net 30' }];
    expect(await notices(first)).toEqual([
      {
        error: `The due date of invoice draft of Dec 7, 2026 for Baltic Voice was changed to “${kept.dueDate}” on another device, which had not seen this device's change of it to “${lost.dueDate}”: the change that reached the server last stands. Set it again if “${lost.dueDate}” is right.`,
        overridden: true,
      },
      {
        error: `The notes of invoice draft of Dec 7, 2026 for Baltic Voice were changed to “${kept.notes}” on another device, which had not seen this device's change of them to “${lost.notes}”: the change that reached the server last stands. Set them again if “${lost.notes}” is right.`,
        overridden: true,
      },
    ]);
  });

  it("tells no one when a device changes a draft's notes after it has seen the other device's change", async () => {
    const owner = await signUpOwner(database, `Draft Header Seen ${kind}`);
    const [a, b] = [device(owner, 'a'), device(owner, 'b')];
    const baltic = customer({ name: 'Baltic Voice', currency: 'EUR', taxRate: '0' });
    const invoice = draftInvoice(baltic.id, { currency: 'EUR', notes: 'Pay by wire' });
    await mutate('createCustomer', baltic, a.db);
    await mutate('createInvoice', { invoice, lines: [] }, a.db);
    await syncInOrder(a, b);

    await editHeader(a, invoice.id, { notes: 'Net 30' });
    await syncInOrder(a, b);
    await editHeader(b, invoice.id, { notes: 'Paid in advance' });
    await syncInOrder(b, a);

    expect((await serverRows(owner)).get(`invoices/${invoice.id}`)).toMatchObject({ notes: 'Paid in advance' });
    for (const d of [a, b]) expect(await notices(d)).toEqual([]);
  });

  it.each([
    ['the deleting device syncs first', 'deleter'],
    ['the editing device syncs first', 'editor'],
  ] as const)('tells the device that changed a line another device deleted (%s)', async (_, syncsFirst) => {
    const owner = await signUpOwner(database, `Line Deleted ${syncsFirst} ${kind}`);
    const [editor, deleter] = [device(owner, 'editor'), device(owner, 'deleter')];
    const baltic = customer({ name: 'Baltic Voice', currency: 'EUR', taxRate: '0' });
    const invoice = draftInvoice(baltic.id, { currency: 'EUR', invoiceDate: '2026-12-07', dueDate: '2026-12-21' });
    const did = manualLine(invoice.id, 0, { kind: 'package', description: 'DID Rental', quantity: '22', unitPrice: '1.50', taxRate: '0' });
    const port = manualLine(invoice.id, 1, { description: 'Port fee', quantity: '1', unitPrice: '5', taxRate: '0' });
    await mutate('createCustomer', baltic, editor.db);
    await mutate('createInvoice', { invoice, lines: [did, port] }, editor.db);
    await syncInOrder(editor, deleter);

    // Both offline: the editor raises the DID quantity 22 → 25; the deleter removes that line.
    await saveLines(editor, invoice.id, (lines) => lines.map((line) => (line.id === did.id ? { ...line, quantity: '25' } : line)));
    await saveLines(deleter, invoice.id, (lines) => lines.filter((line) => line.id !== did.id));
    const [first, second] = syncsFirst === 'editor' ? [editor, deleter] : [deleter, editor];
    await syncInOrder(first, second);

    // The delete wins, as before: the port fee alone.
    const server = await serverRows(owner);
    expect(server.has(`invoiceLines/${did.id}`)).toBe(false);
    expect(server.get(`invoices/${invoice.id}`)).toMatchObject({ total: '5.00' });
    for (const d of [editor, deleter]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await notices(deleter)).toEqual([]);
    expect(await notices(editor)).toEqual([
      syncsFirst === 'deleter'
        ? {
            error:
              'Edit of invoice draft of Dec 7, 2026 for Baltic Voice was saved only in part. Line “DID Rental” of invoice draft of Dec 7, 2026 for Baltic Voice was deleted on another device while this device\'s change to it (quantity 25) waited to sync: the change was not applied.',
            partial: true,
          }
        : {
            error:
              "Line “DID Rental” of invoice draft of Dec 7, 2026 for Baltic Voice was deleted on another device, which had not seen this device's change to it (quantity 25): the deletion reached the server last, so the line is gone with the change. Add the line again if it is still due.",
            overridden: true,
          },
    ]);
  });

  it('tells the device that deleted a customer why it came back: the other device invoiced it meanwhile', async () => {
    const owner = await signUpOwner(database, `Customer Back ${kind}`);
    const [a, b] = [device(owner, 'a'), device(owner, 'b')];
    const deleteMe = customer({ name: 'Delete Me Ltd', currency: 'EUR', taxRate: '0' });
    await mutate('createCustomer', deleteMe, a.db);
    await syncInOrder(a, b);

    // Both offline: A deletes the customer; B invoices it and issues the invoice. A syncs first.
    await mutate('deleteCustomer', { id: deleteMe.id }, a.db);
    const invoice = draftInvoice(deleteMe.id, { currency: 'EUR' });
    await mutate('createInvoice', { invoice, lines: [manualLine(invoice.id, 0, { quantity: '1', unitPrice: '10', taxRate: '0' })] }, b.db);
    await mutate('issueInvoice', { id: invoice.id }, b.db);
    await syncInOrder(a, b);

    const server = await serverRows(owner);
    expect(server.get(`customers/${deleteMe.id}`)).toMatchObject({ name: 'Delete Me Ltd' });
    for (const d of [a, b]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await notices(a)).toEqual([
      {
        error:
          'Delete Me Ltd came back: this device deleted it while another device, which had not seen the deletion, made an invoice for it (INV-1). The customer was restored as it was, so the invoice keeps its customer. Set the customer inactive if it is no longer billed.',
        overridden: true,
      },
    ]);
    // The device that made the invoice is told as before.
    expect((await notices(b)).map((n) => n.error)).toEqual([
      'Delete Me Ltd was deleted on another device, but this device made an invoice for it meanwhile (INV-1): the customer was restored as it was, so the invoice keeps its customer. Set the customer inactive if it is no longer billed.',
    ]);
  });

  it('tells the device that deleted a draft why it came back: the other device edited it meanwhile', async () => {
    const owner = await signUpOwner(database, `Draft Back ${kind}`);
    const [a, b] = [device(owner, 'a'), device(owner, 'b')];
    const baltic = customer({ name: 'Baltic Voice', currency: 'EUR', taxRate: '0' });
    const invoice = draftInvoice(baltic.id, { currency: 'EUR', invoiceDate: '2026-12-07', dueDate: '2026-12-21' });
    await mutate('createCustomer', baltic, a.db);
    await mutate('createInvoice', { invoice, lines: [manualLine(invoice.id, 0, { description: 'Port fee', quantity: '1', unitPrice: '5', taxRate: '0' })] }, a.db);
    await syncInOrder(a, b);

    // Both offline: A deletes the draft; B doubles its line. A syncs first.
    await mutate('deleteInvoice', { id: invoice.id }, a.db);
    await saveLines(b, invoice.id, (lines) => lines.map((line) => ({ ...line, quantity: '2' })));
    await syncInOrder(a, b);

    const server = await serverRows(owner);
    expect(server.get(`invoices/${invoice.id}`)).toMatchObject({ status: 'draft', total: '10.00' });
    for (const d of [a, b]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await notices(a)).toEqual([
      {
        error:
          'Invoice draft of Dec 7, 2026 for Baltic Voice came back: this device deleted it while another device, which had not seen the deletion, changed it. It was restored, with its lines as they were, so the change is not lost.',
        overridden: true,
      },
    ]);
  });
});
