/**
 * Payments through push and pull, as devices send them: recorded on two devices, deleted on one,
 * and what every device then pulls (the invoice's paid amount, the payment's tombstone).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invoice, Payment } from '../../lib/entities';
import type { MutatorArgs } from '../../lib/mutators';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { addMember, type SignedIn } from '../test-sessions';
import { signUpWithCustomers } from './test-setup';
import { customer, draftInvoice, manualLine, numbered, pullOf, pushOf } from './test-mutations';

type RecordPaymentArgs = MutatorArgs<'recordPayment'>;

/** One device: its client id and its next mutation id. */
function device(signedIn: SignedIn) {
  const clientId = randomUUID();
  let next = 1;
  return {
    clientId,
    async push(...mutations: { name: string; args: unknown }[]) {
      const { results } = await signedIn.caller.sync.push(pushOf(clientId, numbered(next, mutations)));
      next += mutations.length;
      // A refusal by its message; one applied otherwise than made (a payment fitted to a balance changed meanwhile) with its message.
      return results.map((r) => (r.status === 'rejected' ? r.error : r.error !== undefined ? `${r.status}: ${r.error}` : r.status));
    },
    /** Every row and tombstone since `cursor`, by entity/id (null: deleted). */
    async pull(cursor = 0) {
      const changes = new Map<string, unknown>();
      let request = pullOf(clientId, cursor);
      for (;;) {
        const page = await signedIn.caller.sync.pull(request);
        for (const change of page.changes) changes.set(`${change.entity}/${change.id}`, change.row);
        if (!page.more) return { changes, cursor: page.cursor };
        request = pullOf(clientId, page.cursor, { snapshot: page.snapshot });
      }
    },
  };
}

/** recordPayment's arguments; without `currency`, as devices sent them before payments had one (the first invoice's is taken). */
function payment(customerId: string, allocations: Payment['allocations'], overrides: Partial<RecordPaymentArgs> = {}): RecordPaymentArgs {
  return {
    id: randomUUID(),
    customerId,
    date: '2026-11-20',
    amount: allocations.length === 1 ? allocations[0]!.amount : '0',
    method: 'Bank transfer',
    reference: '',
    allocations,
    ...overrides,
  };
}

describe.each(TEST_DATABASE_KINDS)('payments on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  /** A tenant with two devices (owner, member) and two issued EUR invoices of 24.30 each. */
  async function twoDevicesTwoInvoices() {
    const c = customer();
    const owner = await signUpWithCustomers(database, 'Payments Ltd', [c]);
    const member = await addMember(database, owner);
    const a = device(owner);
    const b = device(member);
    // 2 × 10.125 = 20.25 net, 20% tax 4.05: 24.30 each.
    const invoices = [draftInvoice(c.id), draftInvoice(c.id)];
    expect(
      await a.push(
        ...invoices.map((invoice) => ({ name: 'createInvoice', args: { invoice, lines: [manualLine(invoice.id, 0)] } })),
        ...invoices.map((invoice) => ({ name: 'issueInvoice', args: { id: invoice.id } })),
      ),
    ).toEqual(Array(4).fill('applied'));
    return { customerId: c.id, a, b, ids: invoices.map((i) => i.id) as [string, string] };
  }

  it('deletes a payment another device recorded: each invoice owes again exactly what it paid there, and every device pulls the tombstone', async () => {
    const { customerId, a, b, ids } = await twoDevicesTwoInvoices();
    const split = payment(customerId, [
      { invoiceId: ids[0], amount: '4.30' },
      { invoiceId: ids[1], amount: '24.30' },
    ], { amount: '28.60', reference: 'WIRE-1' });
    const rest = payment(customerId, [{ invoiceId: ids[0], amount: '20.00' }]);
    expect(await a.push({ name: 'recordPayment', args: split })).toEqual(['applied']);
    expect(await b.push({ name: 'recordPayment', args: rest })).toEqual(['applied']);
    const before = await a.pull();
    expect(before.changes.get(`invoices/${ids[0]}`)).toMatchObject({ total: '24.30', paid: '24.30' });

    expect(await b.push({ name: 'deletePayment', args: { id: split.id } })).toEqual(['applied']);
    const { changes } = await a.pull(before.cursor);
    expect(changes.get(`payments/${split.id}`)).toBeNull();
    expect(changes.has(`payments/${rest.id}`)).toBe(false);
    // 24.30 − 4.30 = 20.00 (the other payment stays); 24.30 − 24.30 = 0.00.
    expect((changes.get(`invoices/${ids[0]}`) as Invoice).paid).toBe('20.00');
    expect((changes.get(`invoices/${ids[1]}`) as Invoice).paid).toBe('0.00');

    // Device A, not having pulled, deletes it too: already gone, no change.
    expect(await a.push({ name: 'deletePayment', args: { id: split.id } })).toEqual(['applied']);
    const after = await b.pull();
    expect(after.changes.get(`payments/${split.id}`)).toBeNull();
    expect(after.changes.get(`invoices/${ids[0]}`)).toMatchObject({ paid: '20.00' });
    expect(after.changes.get(`invoices/${ids[1]}`)).toMatchObject({ paid: '0.00' });
    // Deleted, the amount can be recorded again as it should have been.
    expect(await a.push({ name: 'recordPayment', args: payment(customerId, [{ invoiceId: ids[1], amount: '24.30' }]) })).toEqual(['applied']);
  });

  it('records the second of two payments of one balance recorded offline on two devices, all of it as credit, and tells that device, naming it', async () => {
    const { customerId, a, b, ids } = await twoDevicesTwoInvoices();
    const full = [{ invoiceId: ids[0], amount: '24.30' }];
    // Both devices saw 24.30 to pay and recorded it offline; A's push arrives first.
    expect(await a.push({ name: 'recordPayment', args: payment(customerId, full, { reference: 'A-wire', date: '2026-12-01' }) })).toEqual(['applied']);
    const late = payment(customerId, full, { reference: 'B-wire', date: '2026-12-02' });
    expect(await b.push({ name: 'recordPayment', args: late })).toEqual([
      "applied: Payment \"B-wire\" of €24.30 dated Dec 2, 2026 was recorded, but €24.30 of it is now Acme Telecom's credit: invoice INV-1 took none of the €24.30 put against it (it was paid meanwhile, on another device say). Apply the credit to open invoices with Apply credit beside the payment on the customer's page.",
    ]);
    const { changes } = await a.pull();
    expect(changes.get(`payments/${late.id}`)).toMatchObject({ amount: '24.30', currency: 'EUR', allocations: [] });
    expect(changes.get(`invoices/${ids[0]}`)).toMatchObject({ paid: '24.30' });
    // The credit pays the other invoice: nothing received was lost.
    expect(await a.push({ name: 'applyPaymentCredit', args: { paymentId: late.id, allocations: [{ invoiceId: ids[1], amount: '24.30' }] } })).toEqual(['applied']);
    expect((await b.pull()).changes.get(`invoices/${ids[1]}`)).toMatchObject({ paid: '24.30' });
  });

  it('takes a payment off an invoice voided since, as credit; deleted, it can be recorded against the invoice replacing it', async () => {
    const { customerId, a, ids } = await twoDevicesTwoInvoices();
    const paid = payment(customerId, [{ invoiceId: ids[0], amount: '24.30' }]);
    expect(
      await a.push(
        { name: 'recordPayment', args: paid },
        { name: 'voidInvoice', args: { id: ids[0], reason: 'Wrong entity', paidSeen: '24.30' } },
        { name: 'deletePayment', args: { id: paid.id, allocationsSeen: [] } },
      ),
    ).toEqual(['applied', 'applied', 'applied']);
    expect(await a.push({ name: 'recordPayment', args: { ...paid, id: randomUUID(), allocations: [{ invoiceId: ids[1], amount: '24.30' }] } })).toEqual(['applied']);
    const { changes } = await a.pull();
    expect(changes.get(`invoices/${ids[0]}`)).toMatchObject({ status: 'void', paid: '0.00' });
    expect(changes.get(`invoices/${ids[1]}`)).toMatchObject({ status: 'issued', paid: '24.30' });
  });
  it('applies a credit note to an invoice through sync, refuses the second of two offline applications of one credit, and deleting it reverses it exactly', async () => {
    const { customerId, a, b, ids } = await twoDevicesTwoInvoices();
    // A credit note of −10.00 (INV-3), issued on device A.
    const credit = draftInvoice(customerId);
    const line = manualLine(credit.id, 0, { quantity: '-1', unitPrice: '10.00', taxRate: '0' });
    expect(await a.push({ name: 'createInvoice', args: { invoice: credit, lines: [line] } }, { name: 'issueInvoice', args: { id: credit.id } })).toEqual(['applied', 'applied']);
    const application = payment(customerId, [
      { invoiceId: credit.id, amount: '-10.00' },
      { invoiceId: ids[0], amount: '6.01' },
      { invoiceId: ids[1], amount: '3.99' },
    ], { amount: '0', method: 'Credit note INV-3' });
    expect(await a.push({ name: 'recordPayment', args: application })).toEqual(['applied']);
    // Device B applied the same credit offline: there is none left.
    expect(await b.push({ name: 'recordPayment', args: { ...application, id: randomUUID(), allocations: [{ invoiceId: credit.id, amount: '-10.00' }, { invoiceId: ids[1], amount: '10.00' }] } })).toEqual([
      "The application of credit note INV-3's credit dated Nov 20, 2026 was not recorded: credit note INV-3 has no credit left (all of it is applied), so the €10.00 cannot be taken from it. Nothing was applied: no credit moved",
    ]);
    const applied = await b.pull();
    expect(applied.changes.get(`invoices/${credit.id}`)).toMatchObject({ number: 'INV-3', total: '-10.00', paid: '-10.00' });
    expect(applied.changes.get(`invoices/${ids[0]}`)).toMatchObject({ paid: '6.01' });
    expect(applied.changes.get(`invoices/${ids[1]}`)).toMatchObject({ paid: '3.99' });
    expect(applied.changes.get(`payments/${application.id}`)).toMatchObject({ amount: '0', allocations: application.allocations });

    expect(await b.push({ name: 'deletePayment', args: { id: application.id } })).toEqual(['applied']);
    const { changes } = await a.pull(applied.cursor);
    expect(changes.get(`payments/${application.id}`)).toBeNull();
    expect((changes.get(`invoices/${credit.id}`) as Invoice).paid).toBe('0.00');
    expect((changes.get(`invoices/${ids[0]}`) as Invoice).paid).toBe('0.00');
    expect((changes.get(`invoices/${ids[1]}`) as Invoice).paid).toBe('0.00');
  });

  it('keeps an overpayment as credit, and of two devices applying the same credit offline refuses the second, naming the payment', async () => {
    const { customerId, a, b, ids } = await twoDevicesTwoInvoices();
    // 50.00 received for INV-1 (24.30): 25.70 left as credit, in the payment's own currency.
    const over = payment(customerId, [{ invoiceId: ids[0], amount: '24.30' }], { amount: '50.00', currency: 'EUR', reference: 'WIRE-9' });
    expect(await a.push({ name: 'recordPayment', args: over })).toEqual(['applied']);
    const recorded = await b.pull();
    expect(recorded.changes.get(`payments/${over.id}`)).toMatchObject({ amount: '50.00', currency: 'EUR', allocations: [{ invoiceId: ids[0], amount: '24.30' }] });

    // Both devices saw 25.70 left and applied 24.30 of it to INV-2, offline; A's push arrives first.
    const apply = { name: 'applyPaymentCredit', args: { paymentId: over.id, allocations: [{ invoiceId: ids[1], amount: '24.30' }] } };
    expect(await a.push(apply)).toEqual(['applied']);
    expect(await b.push(apply)).toEqual([
      'The payment has €1.40 left unapplied, less than the €24.30 to apply (applied already on another device, say). Nothing was applied: the credit stays on the payment, to apply to another invoice',
    ]);
    const applied = await b.pull(recorded.cursor);
    expect(applied.changes.get(`invoices/${ids[1]}`)).toMatchObject({ paid: '24.30' });
    expect(applied.changes.get(`payments/${over.id}`)).toMatchObject({
      amount: '50.00',
      allocations: [
        { invoiceId: ids[0], amount: '24.30' },
        { invoiceId: ids[1], amount: '24.30' },
      ],
    });

    // Deleted, the payment takes back exactly what it paid, the credit applied later included.
    expect(await b.push({ name: 'deletePayment', args: { id: over.id } })).toEqual(['applied']);
    const { changes } = await a.pull(applied.cursor);
    expect(changes.get(`payments/${over.id}`)).toBeNull();
    expect((changes.get(`invoices/${ids[0]}`) as Invoice).paid).toBe('0.00');
    expect((changes.get(`invoices/${ids[1]}`) as Invoice).paid).toBe('0.00');
    // A's device applied the credit of the payment B deleted: refused, saying so.
    expect(await a.push(apply)).toEqual(['The payment no longer exists (it may have been deleted on another device)']);
  });

  it('records a payment in advance with no invoice, and applies it once the invoice is issued', async () => {
    const { customerId, a, ids } = await twoDevicesTwoInvoices();
    const advance = payment(customerId, [], { amount: '100.00', currency: 'EUR' });
    const draft = draftInvoice(customerId);
    expect(
      await a.push(
        { name: 'recordPayment', args: advance },
        { name: 'createInvoice', args: { invoice: draft, lines: [manualLine(draft.id, 0)] } },
        { name: 'issueInvoice', args: { id: draft.id } },
        { name: 'applyPaymentCredit', args: { paymentId: advance.id, allocations: [{ invoiceId: draft.id, amount: '24.30' }, { invoiceId: ids[0], amount: '24.30' }] } },
      ),
    ).toEqual(['applied', 'applied', 'applied', 'applied']);
    const { changes } = await a.pull();
    expect(changes.get(`invoices/${draft.id}`)).toMatchObject({ number: 'INV-3', paid: '24.30' });
    expect(changes.get(`payments/${advance.id}`)).toMatchObject({ amount: '100.00', currency: 'EUR', allocations: [{ invoiceId: draft.id }, { invoiceId: ids[0] }] });
  });
});
