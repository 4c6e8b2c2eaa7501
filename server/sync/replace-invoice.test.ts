/**
 * Void and replace on the server (PGlite, and Postgres when DATABASE_URL is set): the replacement
 * (createReplacementInvoice) syncs with the invoice it replaces and is numbered when issued, never
 * with the void one's number; a replacement naming another tenant's invoice, or one that is not
 * void, is refused and stores nothing; of two devices replacing the same invoice offline, the
 * second is refused.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Invoice, InvoiceLine } from '../../lib/entities';
import { invoiceRows } from '../schema';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-databases';
import { deviceOf, pulledRows, signUpOwner, type SignedIn } from '../test-sessions';
import { customer, draftInvoice, manualLine } from './test-mutations';

/** Every invoice a new device of `signedIn` pulls, by id. */
async function pulledInvoices(signedIn: SignedIn): Promise<Map<string, Invoice>> {
  const invoices = new Map<string, Invoice>();
  for (const [key, row] of await pulledRows(signedIn)) if (key.startsWith('invoices/')) invoices.set(key.slice('invoices/'.length), row as Invoice);
  return invoices;
}

/** The mutations that create `buyer` and an invoice of one line for it, and issue it. */
function issuedInvoiceOf(buyer: Customer) {
  const invoice = draftInvoice(buyer.id);
  const lines = [manualLine(invoice.id, 0)];
  return {
    invoice,
    mutations: [
      { name: 'createCustomer', args: buyer },
      { name: 'createInvoice', args: { invoice, lines } },
      { name: 'issueInvoice', args: { id: invoice.id } },
    ],
    lines,
  };
}

/** createReplacementInvoice of `replacesId` by a copy of `invoice` and `lines`, as the invoice page makes it. */
function replacementOf(replacesId: string, invoice: Invoice, lines: InvoiceLine[]) {
  const id = randomUUID();
  return {
    id,
    mutation: {
      name: 'createReplacementInvoice',
      args: {
        replacesId,
        invoice: { ...invoice, id, number: null, status: 'draft', invoiceDate: '2026-11-20', dueDate: '2026-12-20', replacesId },
        lines: lines.map((l) => ({ ...l, id: randomUUID(), invoiceId: id })),
      },
    },
  };
}

describe.each(TEST_DATABASE_KINDS)('Void and replace through sync on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  async function storedInvoice(tenantId: string, id: string) {
    const [row] = await database.db
      .select({ number: invoiceRows.number, status: invoiceRows.status, replacesId: invoiceRows.replacesId })
      .from(invoiceRows)
      .where(and(eq(invoiceRows.tenantId, tenantId), eq(invoiceRows.id, id)));
    return row;
  }

  it("syncs the replacement with the invoice it replaces, numbers it on issue after the void one's number, and refuses a second device's replacement of the same invoice", async () => {
    const owner = await signUpOwner(database, 'Replace Carrier');
    const laptop = deviceOf(owner);
    const phone = deviceOf(owner);
    const { invoice, lines, mutations } = issuedInvoiceOf(customer({ name: 'Globex' }));
    expect(await laptop(...mutations)).toEqual(['applied', 'applied', 'applied']);
    // Both devices void and replace INV-1 offline; the laptop's outbox reaches the server first.
    const fromLaptop = replacementOf(invoice.id, invoice, lines);
    const fromPhone = replacementOf(invoice.id, invoice, lines);
    expect(await laptop({ name: 'voidInvoice', args: { id: invoice.id, reason: 'Wrong period' } }, fromLaptop.mutation)).toEqual(['applied', 'applied']);
    expect(await phone({ name: 'voidInvoice', args: { id: invoice.id, reason: 'Wrong tax' } }, fromPhone.mutation)).toEqual([
      'rejected: Only an issued invoice can be voided, and this one is void already',
      'rejected: Invoice INV-1 is replaced already, by a draft made on another device or in another tab (its page links to it)',
    ]);

    expect(await laptop({ name: 'issueInvoice', args: { id: fromLaptop.id } })).toEqual(['applied']);
    const pulled = await pulledInvoices(owner);
    expect(pulled.get(invoice.id)).toMatchObject({ status: 'void', number: 'INV-1', voidReason: 'Wrong period', replacesId: null });
    expect(pulled.get(fromLaptop.id)).toMatchObject({ status: 'issued', number: 'INV-2', customerId: invoice.customerId, periodStart: invoice.periodStart, replacesId: invoice.id });
    expect(pulled.has(fromPhone.id)).toBe(false);
    expect(await storedInvoice(owner.tenantId, fromLaptop.id)).toEqual({ number: 'INV-2', status: 'issued', replacesId: invoice.id });
  });

  it("refuses a replacement naming another tenant's invoice, or one not void, and stores nothing of it", async () => {
    const other = await signUpOwner(database, 'Other Carrier');
    const theirs = issuedInvoiceOf(customer({ name: 'Their Customer' }));
    expect(await deviceOf(other)(...theirs.mutations, { name: 'voidInvoice', args: { id: theirs.invoice.id, reason: 'Wrong period' } })).toEqual(Array(4).fill('applied'));

    const owner = await signUpOwner(database, 'Own Carrier');
    const push = deviceOf(owner);
    const ours = issuedInvoiceOf(customer({ name: 'Our Customer' }));
    expect(await push(...ours.mutations)).toEqual(['applied', 'applied', 'applied']);
    // Another tenant's void invoice, the replacement for our customer: as if it did not exist.
    const ofTheirs = replacementOf(theirs.invoice.id, ours.invoice, ours.lines);
    // Our own invoice, issued and not void.
    const ofIssued = replacementOf(ours.invoice.id, ours.invoice, ours.lines);
    expect(await push(ofTheirs.mutation, ofIssued.mutation)).toEqual([
      `rejected: The invoice to replace, ${theirs.invoice.id}, does not exist`,
      'rejected: Invoice INV-1 is issued, not void (an invoice is replaced once it is void; if its void was refused, see why, void it, then replace it)',
    ]);
    for (const id of [ofTheirs.id, ofIssued.id]) {
      expect(await storedInvoice(owner.tenantId, id)).toBeUndefined();
      expect(await storedInvoice(other.tenantId, id)).toBeUndefined();
    }
    expect([...(await pulledInvoices(owner)).keys()]).toEqual([ours.invoice.id]);
    expect(await storedInvoice(other.tenantId, theirs.invoice.id)).toEqual({ number: 'INV-1', status: 'void', replacesId: null });
  });
});
