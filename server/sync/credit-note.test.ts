/**
 * Credit note… on the server (PGlite, and Postgres when DATABASE_URL is set): the credit note
 * (createCreditNote) syncs with the invoice it credits (invoices.credits_id), is edited and numbered
 * when issued like any draft; one naming another tenant's invoice, or a void one, is refused and
 * stores nothing; of two devices each crediting all of an invoice offline, the second issue is refused.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditNoteDraft } from '../../lib/credit-notes';
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

/** The mutations that create `buyer` and an invoice of two lines for it (2 × 10.125 at 20%, each: 24.30), and issue it: 48.60. */
function issuedInvoiceOf(buyer: Customer) {
  const invoice = draftInvoice(buyer.id, { currency: buyer.currency });
  const lines = [manualLine(invoice.id, 0), manualLine(invoice.id, 1)];
  return {
    invoice: { ...invoice, status: 'issued' as const, net: '40.50', tax: '8.10', total: '48.60' },
    mutations: [
      { name: 'createCustomer', args: buyer },
      { name: 'createInvoice', args: { invoice, lines } },
      { name: 'issueInvoice', args: { id: invoice.id } },
    ],
    lines,
  };
}

/** createCreditNote of `credited` by its lines negated, as the invoice page makes it. */
function creditNoteOf(credited: Invoice, lines: InvoiceLine[]) {
  const id = randomUUID();
  const draft = creditNoteDraft(credited, lines, { id, lineId: randomUUID }, '2026-11-20');
  return { id, lines: draft.lines, mutation: { name: 'createCreditNote', args: { creditsId: credited.id, ...draft } } };
}

describe.each(TEST_DATABASE_KINDS)('Credit note… through sync on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  async function storedInvoice(tenantId: string, id: string) {
    const [row] = await database.db
      .select({ number: invoiceRows.number, status: invoiceRows.status, total: invoiceRows.total, creditsId: invoiceRows.creditsId })
      .from(invoiceRows)
      .where(and(eq(invoiceRows.tenantId, tenantId), eq(invoiceRows.id, id)));
    return row;
  }

  it('syncs the credit note with the invoice it credits, cut down to one line and numbered on issue; a second device crediting all of it offline is refused at issue', async () => {
    const owner = await signUpOwner(database, 'Credit Carrier');
    const laptop = deviceOf(owner);
    const phone = deviceOf(owner);
    const { invoice, lines, mutations } = issuedInvoiceOf(customer({ name: 'Globex', currency: 'EUR' }));
    expect(await laptop(...mutations)).toEqual(['applied', 'applied', 'applied']);
    const partial = creditNoteOf({ ...invoice, number: 'INV-1' }, lines);
    const edit = { name: 'saveInvoice', args: { id: partial.id, patch: {}, upsertLines: [], deleteLineIds: [partial.lines[1]!.id] } };
    expect(await laptop(partial.mutation, edit, { name: 'issueInvoice', args: { id: partial.id, expectedTotal: '-24.30' } })).toEqual(['applied', 'applied', 'applied']);

    // The phone, offline meanwhile, credited all of INV-1: 48.60, with 24.30 credited already.
    const whole = creditNoteOf({ ...invoice, number: 'INV-1' }, lines);
    expect(await phone(whole.mutation, { name: 'issueInvoice', args: { id: whole.id } })).toEqual([
      'applied',
      'rejected: This credit note credits €48.60 of invoice INV-1, more than is left to credit: its total is €48.60 and credit note INV-2 credits €24.30 of it already, so at most €24.30 is left. Lower its amounts and issue it again.',
    ]);

    const pulled = await pulledInvoices(owner);
    expect(pulled.get(invoice.id)).toMatchObject({ status: 'issued', number: 'INV-1', creditsId: null });
    expect(pulled.get(partial.id)).toMatchObject({ status: 'issued', number: 'INV-2', customerId: invoice.customerId, currency: 'EUR', total: '-24.30', creditsId: invoice.id });
    expect(pulled.get(whole.id)).toMatchObject({ status: 'draft', number: null, total: '-48.60', creditsId: invoice.id });
    expect(await storedInvoice(owner.tenantId, partial.id)).toEqual({ number: 'INV-2', status: 'issued', total: '-24.30', creditsId: invoice.id });
  });

  it("refuses a credit note naming another tenant's invoice, or a void one, and stores nothing of it", async () => {
    const other = await signUpOwner(database, 'Other Carrier');
    const theirs = issuedInvoiceOf(customer({ name: 'Their Customer', currency: 'EUR' }));
    expect(await deviceOf(other)(...theirs.mutations)).toEqual(Array(3).fill('applied'));

    const owner = await signUpOwner(database, 'Own Carrier');
    const push = deviceOf(owner);
    const ours = issuedInvoiceOf(customer({ name: 'Our Customer', currency: 'EUR' }));
    expect(await push(...ours.mutations, { name: 'voidInvoice', args: { id: ours.invoice.id, reason: 'Wrong period' } })).toEqual(Array(4).fill('applied'));
    // Another tenant's issued invoice, the credit note for our customer: as if it did not exist.
    const ofTheirs = creditNoteOf({ ...ours.invoice, id: theirs.invoice.id }, ours.lines);
    const ofVoid = creditNoteOf({ ...ours.invoice, number: 'INV-1' }, ours.lines);
    expect(await push(ofTheirs.mutation, ofVoid.mutation)).toEqual([
      `rejected: The invoice to credit, ${theirs.invoice.id}, does not exist`,
      'rejected: Invoice INV-1 is void: a void invoice is owed by no one, so there is nothing to credit',
    ]);
    for (const id of [ofTheirs.id, ofVoid.id]) {
      expect(await storedInvoice(owner.tenantId, id)).toBeUndefined();
      expect(await storedInvoice(other.tenantId, id)).toBeUndefined();
    }
    expect([...(await pulledInvoices(owner)).keys()]).toEqual([ours.invoice.id]);
    expect(await storedInvoice(other.tenantId, theirs.invoice.id)).toEqual({ number: 'INV-1', status: 'issued', total: '48.60', creditsId: null });
  });
});
