/**
 * Void and replace through the outbox (Dexie on fake-indexeddb, the real sync engine) against the
 * real server (tRPC callers on PGlite, and on Postgres when DATABASE_URL is set), with a second
 * device at work on the same invoice meanwhile: the conflict rules of the mutators decide, the
 * devices converge on the server's rows, and the device whose change lost is told why, naming the
 * invoices as it knew them.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invoice } from '@/lib/entities';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@/server/test-databases';
import { customer, draftInvoice, manualLine } from '@/server/sync/test-mutations';
import { signUpOwner, type SignedIn } from '@/server/test-sessions';
import { createDb, type TollbookDb } from '../_local/db';
import { mutate } from '../_local/mutate';
import { SyncEngine } from '../_local/sync-engine';
import { deviceRows, serverRows } from '../_local/sync-test-rows';
import { draftCopy, replaceInvoice } from './replace-invoice';

interface Device {
  db: TollbookDb;
  engine: SyncEngine;
}

function device(signedIn: SignedIn, name: string): Device {
  const db = createDb(`replace-${name}-${randomUUID()}`);
  const engine = new SyncEngine(db, randomUUID(), {
    push: (request) => signedIn.caller.sync.push(request),
    pull: (request) => signedIn.caller.sync.pull(request),
  });
  return { db, engine };
}

/** Void and replace on `device`, as the invoice page does it: a copy of what the device holds, dated 2026-11-20. */
async function voidAndReplace(on: Device, invoiceId: string, reason: string): Promise<string> {
  const invoice = (await on.db.invoices.get(invoiceId))!;
  const lines = await on.db.invoiceLines.where('invoiceId').equals(invoiceId).sortBy('position');
  const replacementId = randomUUID();
  await replaceInvoice(on.db, invoice, draftCopy(invoice, lines, replacementId, '2026-11-20', 30), reason);
  return replacementId;
}

const rejections = async (on: Device) => (await on.db.rejections.toArray()).map(({ name, error }) => `${name}: ${error}`);

describe.each(TEST_DATABASE_KINDS)('Void and replace on two devices on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  /** INV-1 of Atlas Link, issued and synced to devices a and b. */
  async function issuedOnTwoDevices(company: string) {
    const owner = await signUpOwner(database, `${company} ${kind}`);
    const [a, b] = [device(owner, 'a'), device(owner, 'b')];
    const atlas = customer({ name: 'Atlas Link', currency: 'USD', taxRate: '0' });
    const invoice = draftInvoice(atlas.id, { currency: 'USD' });
    await mutate('createCustomer', atlas, a.db);
    await mutate('createInvoice', { invoice, lines: [manualLine(invoice.id, 0, { description: 'Port fee', quantity: '1', unitPrice: '10', taxRate: '0' })] }, a.db);
    await mutate('issueInvoice', { id: invoice.id }, a.db);
    await a.engine.sync();
    await b.engine.sync();
    expect(await b.db.invoices.get(invoice.id)).toMatchObject({ number: 'INV-1', status: 'issued' });
    return { owner, a, b, invoice };
  }

  it('a device offline voids and replaces INV-1 and corrects the copy while another pays INV-1: the payment comes off the void invoice as the customer\'s credit (A is told), the copy keeps its edit and is numbered INV-2', async () => {
    const { owner, a, b, invoice } = await issuedOnTwoDevices('Replace While Paid');
    // A, offline: Void and replace, then the price corrected on the copy.
    const replacementId = await voidAndReplace(a, invoice.id, 'Wrong price');
    const [copied] = await a.db.invoiceLines.where('invoiceId').equals(replacementId).toArray();
    await mutate('saveInvoice', { id: replacementId, patch: {}, upsertLines: [], linePatches: [{ id: copied!.id, patch: { unitPrice: '12' }, seen: { unitPrice: '10' } }], deleteLineIds: [] }, a.db);
    expect(await a.db.outbox.toArray()).toMatchObject([{ name: 'voidInvoice' }, { name: 'createReplacementInvoice' }, { name: 'saveInvoice' }]);
    // B, online, records a payment of 4.00 against INV-1 first.
    await mutate('recordPayment', { id: randomUUID(), customerId: invoice.customerId, date: '2026-11-10', amount: '4', currency: 'USD', method: 'Bank transfer', reference: 'B-1', allocations: [{ invoiceId: invoice.id, amount: '4' }] }, b.db);
    await b.engine.sync();
    // A comes online; then issues the copy.
    await a.engine.sync();
    await mutate('issueInvoice', { id: replacementId }, a.db);
    await a.engine.sync();
    await b.engine.sync();

    const server = await serverRows(owner);
    expect(server.get(`invoices/${invoice.id}`)).toMatchObject({ number: 'INV-1', status: 'void', voidReason: 'Wrong price', paid: '0.00' });
    expect(server.get(`invoices/${replacementId}`)).toMatchObject({ number: 'INV-2', status: 'issued', replacesId: invoice.id, total: '12.00', paid: '0.00' });
    for (const d of [a, b]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await rejections(b)).toEqual([]);
    expect(await rejections(a)).toEqual([
      'voidInvoice: Invoice INV-1 was voided, and what was paid against it, on another device meanwhile say, came off it, since a void invoice is owed nothing: ' +
        'payment "B-1" of $4.00 dated Nov 10, 2026 put $4.00 against it ($4.00 of it is now Atlas Link\'s credit). ' +
        "Apply the credit to open invoices with Apply credit beside the payment on the customer's page.",
    ]);
  });

  it('two devices void and replace INV-1 offline: the first to sync stands; the second is told why, its copy goes, and both converge', async () => {
    const { owner, a, b, invoice } = await issuedOnTwoDevices('Replace Twice');
    const fromA = await voidAndReplace(a, invoice.id, 'Wrong price');
    const fromB = await voidAndReplace(b, invoice.id, 'Wrong period');
    await a.engine.sync();
    await b.engine.sync();
    await a.engine.sync();

    const server = await serverRows(owner);
    expect(server.get(`invoices/${invoice.id}`)).toMatchObject({ status: 'void', voidReason: 'Wrong price' });
    expect(server.get(`invoices/${fromA}`)).toMatchObject({ status: 'draft', replacesId: invoice.id });
    expect(server.has(`invoices/${fromB}`)).toBe(false);
    for (const d of [a, b]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await rejections(a)).toEqual([]);
    // B never saw A's copy: it is named as a draft, not by an id B cannot name.
    expect(await rejections(b)).toEqual([
      'voidInvoice: Void of invoice INV-1 was refused. Only an issued invoice can be voided, and this one is void already.',
      'createReplacementInvoice: Replacement invoice draft of Nov 20, 2026 for Atlas Link was refused. Invoice INV-1 is replaced already, by a draft made on another device or in another tab (its page links to it).',
    ]);
    const invoices = (await b.db.invoices.toArray()) as Invoice[];
    expect(invoices.filter((i) => i.replacesId === invoice.id).map((i) => i.id)).toEqual([fromA]);
  });
});
