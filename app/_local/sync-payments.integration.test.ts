/**
 * Two devices (Dexie on fake-indexeddb, the real sync engine) recording payments against the real
 * server (tRPC callers on PGlite, and on Postgres when DATABASE_URL is set), both offline, against
 * one invoice: the money received is always recorded. What no longer fits the invoice's balance
 * when the payment is applied (on the server, or replayed on the device after a pull) stays as the
 * customer's credit, and the device that recorded it is told; both devices end with the server's rows.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invoice, Payment } from '@/lib/entities';
import { dayAsShown, todayIn } from '@/lib/dates';
import { creditApplication, unappliedOf } from '@/lib/payments';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@/server/test-databases';
import { customer, draftInvoice, manualLine } from '@/server/sync/test-mutations';
import { signUpOwner, type SignedIn } from '@/server/test-sessions';
import { refusalsSummary } from '@/app/_components/sync-messages';
import { createDb, type TollbookDb } from './db';
import { deviceRows, serverRows } from './sync-test-rows';
import { mutate } from './mutate';
import { SyncEngine } from './sync-engine';

interface Device {
  db: TollbookDb;
  engine: SyncEngine;
}

function device(signedIn: SignedIn, name: string): Device {
  const db = createDb(`payments-${name}-${randomUUID()}`);
  const engine = new SyncEngine(db, randomUUID(), {
    push: (request) => signedIn.caller.sync.push(request),
    pull: (request) => signedIn.caller.sync.pull(request),
  });
  return { db, engine };
}

/** An invoice (or, below zero, a credit note) of one line of `amount` without tax, created and issued on `device`. */
async function issued(device: Device, customerId: string, amount: string): Promise<Invoice> {
  const invoice = draftInvoice(customerId, { currency: 'EUR' });
  await mutate('createInvoice', { invoice, lines: [manualLine(invoice.id, 0, { quantity: '1', unitPrice: amount, taxRate: '0' })] }, device.db);
  await mutate('issueInvoice', { id: invoice.id }, device.db);
  return invoice;
}

/** What the device was told of its changes, as the notices show them. */
async function told(device: Device) {
  return (await device.db.rejections.toArray()).map(({ name, error, partial, overridden }) => ({ name, error, partial, overridden }));
}

describe.each(TEST_DATABASE_KINDS)('two devices paying one invoice offline on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  // The account's timezone is UTC: a payment is dated no later than its today.
  const today = todayIn('UTC', Date.now());
  const payment = (customerId: string, amount: string, reference: string, allocations: Payment['allocations']): Payment => ({
    id: randomUUID(),
    customerId,
    date: today,
    amount,
    currency: 'EUR',
    method: 'Bank transfer',
    reference,
    allocations,
  });

  it('records the payment whose invoice was paid in part meanwhile: the rest is credit, on the device already when it pulls, and it is told', async () => {
    const owner = await signUpOwner(database, `Offline Payments ${kind}`);
    const [desktop, phone] = [device(owner, 'desktop'), device(owner, 'phone')];
    const baltic = customer({ name: 'Baltic Voice', currency: 'EUR' });
    await mutate('createCustomer', baltic, desktop.db);
    const invoice = await issued(desktop, baltic.id, '504.23');
    await desktop.engine.sync();
    await phone.engine.sync();
    expect(await phone.db.invoices.get(invoice.id)).toMatchObject({ number: 'INV-1', total: '504.23', paid: '0.00' });

    // Both offline: the desktop records €300.00, the phone the whole €504.23.
    await mutate('recordPayment', payment(baltic.id, '300.00', 'SEPA-DESK-1', [{ invoiceId: invoice.id, amount: '300.00' }]), desktop.db);
    const phones = payment(baltic.id, '504.23', 'SEPA-PHONE-1', [{ invoiceId: invoice.id, amount: '504.23' }]);
    await mutate('recordPayment', phones, phone.db);
    await desktop.engine.sync();

    // The phone pulls before it pushes: its payment, replayed on the server's rows, puts what is
    // left (€204.23) against the invoice and keeps the rest as credit, as the server will.
    await phone.engine.pull();
    const replayed = (await phone.db.payments.get(phones.id))!;
    expect(replayed).toMatchObject({ amount: '504.23', allocations: [{ invoiceId: invoice.id, amount: '204.23' }] });
    expect(unappliedOf(replayed)).toBe('300.00');
    expect(await phone.db.invoices.get(invoice.id)).toMatchObject({ paid: '504.23' });

    await phone.engine.sync();
    await desktop.engine.sync();
    const server = await serverRows(owner);
    expect(server.get(`payments/${phones.id}`)).toEqual(replayed);
    expect(server.get(`invoices/${invoice.id}`)).toMatchObject({ total: '504.23', paid: '504.23' });
    for (const d of [desktop, phone]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await told(desktop)).toEqual([]);
    expect(await told(phone)).toEqual([
      {
        name: 'recordPayment',
        error: `Payment "SEPA-PHONE-1" of €504.23 dated ${dayAsShown(today)} was recorded, but €300.00 of it is now Baltic Voice's credit: invoice INV-1 took €204.23 of the €504.23 put against it (it was paid meanwhile, on another device say). Apply the credit to open invoices with Apply credit beside the payment on the customer's page.`,
        partial: true,
      },
    ]);

    // The desktop applies part of the credit to another invoice: some is left, the notice stays.
    const next = await issued(desktop, baltic.id, '100.00');
    await desktop.engine.sync();
    await mutate('applyPaymentCredit', { paymentId: phones.id, allocations: [{ invoiceId: next.id, amount: '100.00' }] }, desktop.db);
    await desktop.engine.sync();
    await phone.engine.sync();
    expect(unappliedOf((await phone.db.payments.get(phones.id))!)).toBe('200.00');
    expect(await told(phone)).toHaveLength(1);

    // The desktop deletes the payment: the phone's notice, about a payment gone, goes with it.
    await mutate('deletePayment', { id: phones.id }, desktop.db);
    await desktop.engine.sync();
    await phone.engine.sync();
    expect(await phone.db.payments.get(phones.id)).toBeUndefined();
    expect(await told(phone)).toEqual([]);
  });

  it("records a card payment of a balance a credit note's credit was applied to meanwhile, the credit's worth as credit; applied second, the credit is refused and stays", async () => {
    const owner = await signUpOwner(database, `Credit And Card ${kind}`);
    const [desktop, phone] = [device(owner, 'desktop'), device(owner, 'phone')];
    const baltic = customer({ name: 'Baltic Voice', currency: 'EUR' });
    await mutate('createCustomer', baltic, desktop.db);
    const invoice = await issued(desktop, baltic.id, '219.63');
    const creditNote = await issued(desktop, baltic.id, '-37.65');
    const other = await issued(desktop, baltic.id, '219.63');
    await desktop.engine.sync();
    await phone.engine.sync();
    const numbers = new Map([[invoice.id, 'INV-1']]);
    const apply = (invoiceId: string) =>
      creditApplication({ ...creditNote, number: 'INV-2' }, { id: randomUUID(), date: today, allocations: [{ invoiceId, amount: '37.65' }], numbers });

    // Offline: the phone applies the credit note to INV-1, the desktop records a card payment of INV-1's whole balance.
    await mutate('recordPayment', apply(invoice.id), phone.db);
    const card = { ...payment(baltic.id, '219.63', 'CARD-1', [{ invoiceId: invoice.id, amount: '219.63' }]), method: 'Card' };
    await mutate('recordPayment', card, desktop.db);
    // The phone's arrives first.
    await phone.engine.sync();
    await desktop.engine.sync();
    await phone.engine.sync();

    const server = await serverRows(owner);
    expect(server.get(`payments/${card.id}`)).toMatchObject({ amount: '219.63', allocations: [{ invoiceId: invoice.id, amount: '181.98' }] });
    expect(server.get(`invoices/${invoice.id}`)).toMatchObject({ paid: '219.63' });
    expect(server.get(`invoices/${creditNote.id}`)).toMatchObject({ paid: '-37.65' });
    for (const d of [desktop, phone]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await told(phone)).toEqual([]);
    expect(await told(desktop)).toEqual([
      {
        name: 'recordPayment',
        error: `Payment "CARD-1" of €219.63 dated ${dayAsShown(today)} was recorded, but €37.65 of it is now Baltic Voice's credit: invoice INV-1 took €181.98 of the €219.63 put against it (it was paid meanwhile, on another device say). Apply the credit to open invoices with Apply credit beside the payment on the customer's page.`,
        partial: true,
      },
    ]);

    // The phone applies the whole of the card payment's credit to a new invoice: the desktop's notice, asking for just that, goes.
    const fourth = await issued(phone, baltic.id, '37.65');
    await mutate('applyPaymentCredit', { paymentId: card.id, allocations: [{ invoiceId: fourth.id, amount: '37.65' }] }, phone.db);
    await phone.engine.sync();
    await desktop.engine.sync();
    expect(unappliedOf((await desktop.db.payments.get(card.id))!)).toBe('0.00');
    expect(await told(desktop)).toEqual([]);

    // The other way round on INV-3: the card payment first, and the application of credit, which
    // received nothing, is refused, saying that the credit note keeps its credit.
    const second = { ...payment(baltic.id, '219.63', 'CARD-2', [{ invoiceId: other.id, amount: '219.63' }]), method: 'Card' };
    await mutate('recordPayment', second, desktop.db);
    await mutate('deletePayment', { id: (await phone.db.payments.where('customerId').equals(baltic.id).filter((p) => p.amount === '0.00').first())!.id }, phone.db);
    await phone.engine.sync();
    await mutate('recordPayment', { ...apply(other.id), reference: 'Applied to INV-3' }, phone.db);
    await desktop.engine.sync();
    await phone.engine.sync();
    expect((await told(phone)).map((t) => t.error)).toEqual([
      `The application of credit note INV-2's credit dated ${dayAsShown(today)} was not recorded: invoice INV-3 has nothing left to pay (it is paid in full), so the €37.65 cannot be put against it. Nothing was applied: no credit moved, and the credit left on the credit note stays there to apply.`,
    ]);
    expect(await phone.db.invoices.get(creditNote.id)).toMatchObject({ paid: '0.00' });
    expect(await phone.db.invoices.get(other.id)).toMatchObject({ paid: '219.63' });
  });

  it('records a payment against an invoice voided meanwhile on another device as the customer’s credit, and tells the device that recorded it', async () => {
    const owner = await signUpOwner(database, `Voided Meanwhile ${kind}`);
    const [desktop, phone] = [device(owner, 'desktop'), device(owner, 'phone')];
    const globex = customer({ name: 'Globex', currency: 'EUR' });
    await mutate('createCustomer', globex, desktop.db);
    const invoice = await issued(desktop, globex.id, '360.00');
    const next = await issued(desktop, globex.id, '500.00');
    await desktop.engine.sync();
    await phone.engine.sync();

    // Both offline: the desktop voids INV-1, the phone records the €360.00 received for it. The desktop syncs first.
    await mutate('voidInvoice', { id: invoice.id, reason: 'Wrong period' }, desktop.db);
    const received = payment(globex.id, '360.00', 'SEPA-B-360', [{ invoiceId: invoice.id, amount: '360.00' }]);
    await mutate('recordPayment', received, phone.db);
    await desktop.engine.sync();
    await phone.engine.sync();
    await desktop.engine.sync();

    // The money is recorded, all of it the customer's credit; the void invoice is paid nothing.
    const server = await serverRows(owner);
    expect(server.get(`payments/${received.id}`)).toMatchObject({ amount: '360.00', allocations: [] });
    expect(server.get(`invoices/${invoice.id}`)).toMatchObject({ status: 'void', paid: '0.00' });
    for (const d of [desktop, phone]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await told(desktop)).toEqual([]);
    expect(await told(phone)).toEqual([
      {
        name: 'recordPayment',
        error: `Payment "SEPA-B-360" of €360.00 dated ${dayAsShown(today)} was recorded, but €360.00 of it is now Globex's credit: invoice INV-1 took none of the €360.00 put against it (it was voided meanwhile, on another device say). Apply the credit to open invoices with Apply credit beside the payment on the customer's page.`,
        partial: true,
      },
    ]);

    // The desktop applies the credit to INV-2: the phone's notice, asking for just that, goes.
    await mutate('applyPaymentCredit', { paymentId: received.id, allocations: [{ invoiceId: next.id, amount: '360.00' }] }, desktop.db);
    await desktop.engine.sync();
    await phone.engine.sync();
    expect(await phone.db.invoices.get(next.id)).toMatchObject({ paid: '360.00' });
    expect(await told(phone)).toEqual([]);
  });

  it('takes a payment recorded on another device off an invoice voided offline, the payment arriving first: the money is the customer’s credit, and the voiding device is told', async () => {
    const owner = await signUpOwner(database, `Paid Then Voided ${kind}`);
    const [desktop, phone] = [device(owner, 'desktop'), device(owner, 'phone')];
    const globex = customer({ name: 'Globex', currency: 'EUR' });
    await mutate('createCustomer', globex, desktop.db);
    const invoice = await issued(desktop, globex.id, '100.00');
    const next = await issued(desktop, globex.id, '60.00');
    await desktop.engine.sync();
    await phone.engine.sync();

    // Both offline: the desktop voids INV-1 (nothing paid on it that it knows of), the phone records €100.00 for it. The phone syncs first.
    await mutate('voidInvoice', { id: invoice.id, reason: 'Wrong entity', paidSeen: '0.00' }, desktop.db);
    const received = payment(globex.id, '100.00', 'PAY-THEN-VOID', [{ invoiceId: invoice.id, amount: '100.00' }]);
    await mutate('recordPayment', received, phone.db);
    await phone.engine.sync();
    await desktop.engine.sync();
    await phone.engine.sync();

    // As in the other order: the money is recorded, all of it credit; the void invoice is paid nothing.
    const server = await serverRows(owner);
    expect(server.get(`payments/${received.id}`)).toMatchObject({ amount: '100.00', allocations: [] });
    expect(server.get(`invoices/${invoice.id}`)).toMatchObject({ status: 'void', paid: '0.00' });
    for (const d of [desktop, phone]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await told(phone)).toEqual([]);
    expect(await told(desktop)).toEqual([
      {
        name: 'voidInvoice',
        error: `Invoice INV-1 was voided, and what was paid against it, on another device meanwhile say, came off it, since a void invoice is owed nothing: payment "PAY-THEN-VOID" of €100.00 dated ${dayAsShown(today)} put €100.00 against it (€100.00 of it is now Globex's credit). Apply the credit to open invoices with Apply credit beside the payment on the customer's page.`,
        partial: true,
      },
    ]);
    // The credit pays INV-2.
    await mutate('applyPaymentCredit', { paymentId: received.id, allocations: [{ invoiceId: next.id, amount: '60.00' }] }, desktop.db);
    await desktop.engine.sync();
    expect((await serverRows(owner)).get(`invoices/${next.id}`)).toMatchObject({ paid: '60.00' });
  });

  it('gives a credit note’s credit applied on another device back to it when the invoice is voided offline, in either order', async () => {
    for (const order of ['apply first', 'void first'] as const) {
      const owner = await signUpOwner(database, `Credit Then Voided ${order} ${kind}`);
      const [desktop, phone] = [device(owner, 'desktop'), device(owner, 'phone')];
      const globex = customer({ name: 'Globex', currency: 'EUR' });
      await mutate('createCustomer', globex, desktop.db);
      const invoice = await issued(desktop, globex.id, '100.00');
      const creditNote = await issued(desktop, globex.id, '-30.00');
      await desktop.engine.sync();
      await phone.engine.sync();

      await mutate('voidInvoice', { id: invoice.id, reason: 'Wrong entity', paidSeen: '0.00' }, desktop.db);
      const application = creditApplication({ ...creditNote, number: 'INV-2' }, { id: randomUUID(), date: today, allocations: [{ invoiceId: invoice.id, amount: '30.00' }], numbers: new Map([[invoice.id, 'INV-1']]) });
      await mutate('recordPayment', application, phone.db);
      const [first, second] = order === 'apply first' ? [phone, desktop] : [desktop, phone];
      await first.engine.sync();
      await second.engine.sync();
      await first.engine.sync();

      // Either way the credit note has all its credit to apply again, and the void invoice none of it.
      const server = await serverRows(owner);
      expect(server.get(`invoices/${creditNote.id}`)).toMatchObject({ status: 'issued', paid: '0.00' });
      expect(server.get(`invoices/${invoice.id}`)).toMatchObject({ status: 'void', paid: '0.00' });
      expect(server.get(`payments/${application.id}`)).toBeUndefined();
      for (const d of [desktop, phone]) expect(await deviceRows(d.db)).toEqual(server);
      // Applied first, the void that took it back tells the desktop; voided first, the application is refused and the phone told.
      if (order === 'apply first') {
        expect((await told(desktop)).map((t) => t.error)).toEqual([
          `Invoice INV-1 was voided, and what was paid against it, on another device meanwhile say, came off it, since a void invoice is owed nothing: the application of credit note INV-2's credit dated ${dayAsShown(today)} put €30.00 against it (€30.00 went back to credit note INV-2).`,
        ]);
      } else {
        expect((await told(phone)).map((t) => t.error)).toEqual([
          `The application of credit note INV-2's credit dated ${dayAsShown(today)} was not recorded: invoice INV-1 is void; only issued invoices take payments, and only issued credit notes give credit.`,
        ]);
      }
    }
  });

  it('deletes a payment whose credit another device applied meanwhile, and tells both: the deleting device what it took back, the applying device that its credit came off', async () => {
    const owner = await signUpOwner(database, `Deleted Advance ${kind}`);
    const [desktop, phone] = [device(owner, 'desktop'), device(owner, 'phone')];
    const globex = customer({ name: 'Globex', currency: 'EUR' });
    await mutate('createCustomer', globex, desktop.db);
    const invoice = await issued(desktop, globex.id, '60.00');
    const advance = payment(globex.id, '20.00', 'ADV', []);
    await mutate('recordPayment', advance, desktop.db);
    await desktop.engine.sync();
    await phone.engine.sync();

    // Both offline: the phone applies €12.01 of the advance to INV-1, the desktop deletes the advance. The phone syncs first.
    await mutate('applyPaymentCredit', { paymentId: advance.id, allocations: [{ invoiceId: invoice.id, amount: '12.01' }] }, phone.db);
    await mutate('deletePayment', { id: advance.id, allocationsSeen: [] }, desktop.db);
    await phone.engine.sync();
    await desktop.engine.sync();
    await phone.engine.sync();

    const server = await serverRows(owner);
    expect(server.get(`payments/${advance.id}`)).toBeUndefined();
    expect(server.get(`invoices/${invoice.id}`)).toMatchObject({ paid: '0.00' });
    for (const d of [desktop, phone]) expect(await deviceRows(d.db)).toEqual(server);
    expect(await told(desktop)).toEqual([
      {
        name: 'deletePayment',
        error: `Payment "ADV" of €20.00 dated ${dayAsShown(today)} was deleted, and with it credit applied from it on another device meanwhile, which this device had not seen: €12.01 to invoice INV-1, which owes it again.`,
        partial: true,
      },
    ]);
    // The phone, whose Apply credit the deletion undid, is told too: once (the server's notice of the
    // deletion is not told again as a change of this device's undone), as a change undone by another device.
    expect(await told(phone)).toEqual([
      {
        name: 'applyPaymentCredit',
        error: `Payment "ADV" of €20.00 dated ${dayAsShown(today)} was deleted on another device, which had not seen the credit this device applied from it (€12.01 to invoice INV-1): that credit came off with it, and the invoice owes it again.`,
        overridden: true,
      },
    ]);
    expect(refusalsSummary(await phone.db.rejections.toArray())).toBe('A change was undone by another device');

    // A payment the phone applied credit from and deleted itself: nothing to tell.
    const second = payment(globex.id, '5.00', 'ADV-2', []);
    await mutate('recordPayment', second, phone.db);
    await mutate('applyPaymentCredit', { paymentId: second.id, allocations: [{ invoiceId: invoice.id, amount: '5.00' }] }, phone.db);
    await phone.engine.sync();
    await mutate('deletePayment', { id: second.id, allocationsSeen: [{ invoiceId: invoice.id, amount: '5.00' }] }, phone.db);
    await phone.engine.sync();
    await desktop.engine.sync();
    expect(await told(phone)).toHaveLength(1);
    expect(await told(desktop)).toHaveLength(1);

    // Credit the phone applied and the desktop saw (synced) before deleting the payment: the desktop
    // meant to take it back, and the phone is told nothing.
    const third = payment(globex.id, '8.00', 'ADV-3', []);
    await mutate('recordPayment', third, phone.db);
    await mutate('applyPaymentCredit', { paymentId: third.id, allocations: [{ invoiceId: invoice.id, amount: '8.00' }] }, phone.db);
    await phone.engine.sync();
    await desktop.engine.sync();
    const seen = (await desktop.db.payments.get(third.id))!.allocations;
    expect(seen).toEqual([{ invoiceId: invoice.id, amount: '8.00' }]);
    await mutate('deletePayment', { id: third.id, allocationsSeen: seen }, desktop.db);
    await desktop.engine.sync();
    await phone.engine.sync();
    expect(await phone.db.payments.get(third.id)).toBeUndefined();
    expect(await told(phone)).toHaveLength(1);
    expect(await told(desktop)).toHaveLength(1);
  });

  it('pays an invoice whose draft was deleted on another device before its issue arrived: the draft comes back issued, and the payment is on it in full', async () => {
    const owner = await signUpOwner(database, `Deleted Meanwhile ${kind}`);
    const [desktop, phone] = [device(owner, 'desktop'), device(owner, 'phone')];
    const globex = customer({ name: 'Globex', currency: 'EUR' });
    await mutate('createCustomer', globex, desktop.db);
    const draft = draftInvoice(globex.id, { currency: 'EUR' });
    await mutate('createInvoice', { invoice: draft, lines: [manualLine(draft.id, 0, { quantity: '1', unitPrice: '360.00', taxRate: '0' })] }, desktop.db);
    await desktop.engine.sync();
    await phone.engine.sync();

    // Both offline: the desktop deletes the draft; the phone issues it and records the €360.00 received for it. The desktop syncs first.
    await mutate('deleteInvoice', { id: draft.id }, desktop.db);
    await mutate('issueInvoice', { id: draft.id }, phone.db);
    const received = payment(globex.id, '360.00', 'SEPA-B-360', [{ invoiceId: draft.id, amount: '360.00' }]);
    await mutate('recordPayment', received, phone.db);
    await desktop.engine.sync();
    await phone.engine.sync();
    await desktop.engine.sync();

    const server = await serverRows(owner);
    expect(server.get(`invoices/${draft.id}`)).toMatchObject({ status: 'issued', number: 'INV-1', total: '360.00', paid: '360.00' });
    expect(server.get(`payments/${received.id}`)).toMatchObject({ amount: '360.00', allocations: [{ invoiceId: draft.id, amount: '360.00' }] });
    for (const d of [desktop, phone]) expect(await deviceRows(d.db)).toEqual(server);
    const notices = await told(phone);
    expect(notices.find((t) => t.name === 'recordPayment')).toBeUndefined();
    expect(notices.find((t) => t.name === 'issueInvoice')?.error).toMatch(/^Invoice INV-1 was deleted on another device, but this device issued it meanwhile: it was restored/);
  });
});
