/**
 * The device's MutationTx (Dexie on fake-indexeddb): writes are buffered per mutation and written
 * in bulk, with the server pre-image of each touched row shadowed first.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CustomerPackage, Package } from '@/lib/entities';
import { MutationError } from '@/lib/mutators';
import { testAssignment, testPackage } from '@/lib/test-fixtures';
import { computeTotals } from '@/lib/totals';
import { customer, draftInvoice, manualLine } from '@/server/sync/test-mutations';
import { createDb, type TollbookDb } from './db';
import { shadowKey, LocalMutationTx } from './local-tx';
import { mutate, predictRefusals, refusalReason, writeTables } from './mutate';

let db: TollbookDb | undefined;
let n = 0;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

async function withBuyer() {
  db = createDb(`local-tx-test-${n++}`);
  const buyer = customer();
  await mutate('createCustomer', buyer, db);
  // As after a sync: the customer is the server's, nothing is pending.
  await db.outbox.clear();
  await db.shadows.clear();
  return { db, buyer };
}

describe('LocalMutationTx', () => {
  it('writes 2,500 lines of one mutation in bulk and shadows each new row as absent on the server', async () => {
    const { db, buyer } = await withBuyer();
    const invoice = draftInvoice(buyer.id);
    const lines = Array.from({ length: 2500 }, (_, i) => manualLine(invoice.id, i + 1));
    await mutate('createInvoice', { invoice, lines }, db);

    expect(await db.invoiceLines.count()).toBe(2500);
    expect((await db.invoices.get(invoice.id))?.total).toBe(computeTotals(lines, 'EUR').total);
    const shadows = await db.shadows.toArray();
    expect(shadows).toHaveLength(2501);
    expect(shadows.every((s) => s.row === null)).toBe(true);
    // Read, not written: not shadowed.
    expect(await db.shadows.get(shadowKey('customers', buyer.id))).toBeUndefined();
  });

  it('keeps the first pre-image of a row that pending mutations change twice', async () => {
    const { db, buyer } = await withBuyer();
    await mutate('updateCustomer', { id: buyer.id, patch: { name: 'First rename' } }, db);
    await mutate('updateCustomer', { id: buyer.id, patch: { name: 'Second rename' } }, db);
    expect((await db.customers.get(buyer.id))?.name).toBe('Second rename');
    expect((await db.shadows.get(shadowKey('customers', buyer.id)))?.row).toEqual(buyer);
  });

  it('drops every write of a mutation that is refused part way, and keeps those of the others in the transaction', async () => {
    const { db, buyer } = await withBuyer();
    const invoice = draftInvoice(buyer.id);
    // The third line names another invoice: createInvoice has put two lines when it refuses.
    const lines = [manualLine(invoice.id, 1), manualLine(invoice.id, 2), manualLine(draftInvoice(buyer.id).id, 3)];
    await db.transaction('rw', writeTables(db), async () => {
      const tx = new LocalMutationTx(db);
      await tx.run('updateCustomer', { id: buyer.id, patch: { notes: 'Before the refusal' } });
      await expect(tx.run('createInvoice', { invoice, lines })).rejects.toBeInstanceOf(MutationError);
      await tx.run('updateCustomer', { id: buyer.id, patch: { name: 'After the refusal' } });
      await tx.flush();
    });
    expect(await db.invoiceLines.count()).toBe(0);
    expect(await db.invoices.count()).toBe(0);
    expect(await db.customers.get(buyer.id)).toMatchObject({ notes: 'Before the refusal', name: 'After the refusal' });
    expect(await db.shadows.count()).toBe(1);
  });

  it('names the change a refusal was of, as the device knows its records, with the ids in the reason named too', async () => {
    const { db, buyer } = await withBuyer();
    const invoice = draftInvoice(buyer.id);
    await mutate('createInvoice', { invoice, lines: [] }, db);
    await expect(mutate('issueInvoice', { id: invoice.id }, db)).rejects.toHaveProperty(
      'message',
      `Issue of invoice draft of Nov 1, 2026 for ${buyer.name} was refused. An invoice without lines cannot be issued.`,
    );
    await expect(mutate('voidInvoice', { id: invoice.id, reason: 'Wrong period' }, db)).rejects.toHaveProperty(
      'message',
      `Void of invoice draft of Nov 1, 2026 for ${buyer.name} was refused. Only an issued invoice can be voided, and this one is a draft.`,
    );
    // The reason alone, for a screen that names the change itself.
    const refused = await mutate('issueInvoice', { id: invoice.id }, db).catch((e: unknown) => e);
    expect(refusalReason(refused)).toBe('An invoice without lines cannot be issued');
  });

  it('names a change of a credit note as one, by the label the device keeps with the change', async () => {
    const { db, buyer } = await withBuyer();
    const creditNote = draftInvoice(buyer.id);
    await mutate('createInvoice', { invoice: creditNote, lines: [manualLine(creditNote.id, 1, { description: 'Refund', unitPrice: '-10.00' })] }, db);
    await expect(mutate('voidInvoice', { id: creditNote.id, reason: 'Wrong period' }, db)).rejects.toHaveProperty(
      'message',
      `Void of credit note draft of Nov 1, 2026 for ${buyer.name} was refused. Only an issued invoice can be voided, and this one is a draft.`,
    );
    // Kept with the change for the server's word on it later: a refusal of its issue says "credit note" too.
    await mutate('issueInvoice', { id: creditNote.id }, db);
    const issue = (await db.outbox.toArray()).find((m) => m.name === 'issueInvoice');
    expect(issue?.labels?.[creditNote.id]).toEqual({ name: `draft of Nov 1, 2026 for ${buyer.name}`, noun: 'credit note' });
  });

  it('lists rows as the mutation left them: its deletes gone, its puts in, in id order', async () => {
    const { db, buyer } = await withBuyer();
    const invoice = draftInvoice(buyer.id);
    const [first, second] = [manualLine(invoice.id, 1), manualLine(invoice.id, 2, { quantity: '3' })];
    await mutate('createInvoice', { invoice, lines: [first!, second!] }, db);
    const added = manualLine(invoice.id, 3, { quantity: '7', unitPrice: '1.005' });
    // saveInvoice totals the invoice from `list` after its own writes, before anything is stored.
    await mutate('saveInvoice', { id: invoice.id, patch: {}, upsertLines: [added], deleteLineIds: [first!.id] }, db);
    expect((await db.invoices.get(invoice.id))?.total).toBe(computeTotals([second!, added], 'EUR').total);
    expect((await db.invoiceLines.toArray()).map((l) => l.id).sort()).toEqual([second!.id, added.id].sort());
  });
});

describe('predictRefusals', () => {
  it('runs mutations in order without saving any, and names each one the device would refuse', async () => {
    const { db, buyer } = await withBuyer();
    await mutate('createInvoice', { invoice: draftInvoice(buyer.id), lines: [] }, db);
    const before = { customers: await db.customers.toArray(), outbox: await db.outbox.count(), shadows: await db.shadows.count() };
    const newcomer = customer({ name: 'Newcomer', currency: 'USD' });

    const verdicts = await predictRefusals(
      [
        { name: 'updateCustomer', args: { id: buyer.id, patch: { currency: 'USD' } } },
        { name: 'createCustomer', args: newcomer },
        // Sees the create before it, though nothing was saved.
        { name: 'updateCustomer', args: { id: newcomer.id, patch: { currency: 'GBP' } } },
        { name: 'createCustomer', args: newcomer },
      ],
      db,
    );
    expect(verdicts).toEqual([
      `${buyer.name}'s currency is fixed: the customer already has invoices`,
      null,
      null,
      `Customer ${newcomer.id} already exists`,
    ]);
    expect({ customers: await db.customers.toArray(), outbox: await db.outbox.count(), shadows: await db.shadows.count() }).toEqual(before);
  });

  it("refuses a next number that reads the same as a number an invoice on the device has, drafts (no number) aside", async () => {
    const { db, buyer } = await withBuyer();
    // As pulled: one issued invoice, one draft.
    await db.invoices.bulkPut([draftInvoice(buyer.id, { status: 'issued', number: 'NV-2026-1015' }), draftInvoice(buyer.id)]);
    const verdicts = await predictRefusals(
      [
        { name: 'saveAccount', args: { numberPrefix: 'nv-2026-', nextNumber: 1015 } },
        { name: 'saveAccount', args: { numberPrefix: 'NV\u20112026\u2011', nextNumber: 1015 } },
        { name: 'saveAccount', args: { numberPrefix: 'NV-2026-', nextNumber: 1016 } },
      ],
      db,
    );
    const choose = ': choose a next number (or a prefix) that no invoice has';
    expect(verdicts).toEqual([
      `NV-2026-1015 is already used; nv-2026-1015 would read the same${choose}`,
      `NV-2026-1015 is already used; NV\u20112026\u20111015 would read the same${choose}`,
      null,
    ]);
  });

  it('sees a stored row changed away by an earlier mutation as gone, and one past those writes as there (exists)', async () => {
    const { db, buyer } = await withBuyer();
    const [dids, trunks, fees] = ['DIDs', 'Trunks', 'Fees'].map((name) => testPackage({ id: randomUUID(), name, currency: buyer.currency })) as [Package, Package, Package];
    const assign = (pkg: Package) => testAssignment({ id: randomUUID(), customerId: buyer.id, packageId: pkg.id });
    const did = assign(dids);
    // trunkA first in key order: a lookup of one row would find only it.
    const [trunkA, trunkB] = [assign(trunks), assign(trunks)].sort((a, b) => (a.id < b.id ? -1 : 1)) as [CustomerPackage, CustomerPackage];
    for (const pkg of [dids, trunks, fees]) await mutate('createPackage', pkg, db);
    for (const assignment of [did, trunkA, trunkB]) await mutate('assignPackage', assignment, db);

    const verdicts = await predictRefusals(
      [
        { name: 'deleteAssignment', args: { id: did.id } },
        { name: 'deletePackage', args: { id: dids.id } },
        { name: 'deleteAssignment', args: { id: trunkA.id } },
        { name: 'assignPackage', args: assign(fees) },
        { name: 'assignPackage', args: assign(fees) },
        { name: 'deletePackage', args: { id: trunks.id } },
      ],
      db,
    );
    expect(verdicts).toEqual([null, null, null, null, null, 'Package Trunks is assigned to customers and cannot be deleted; retire it instead']);
  });
});
