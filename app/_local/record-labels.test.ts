/** How the device names records in messages (it puts back what refusals name by id). */
import { describe, expect, it } from 'vitest';
import type { Invoice } from '@/lib/entities';
import { testPackage } from '@/lib/test-fixtures';
import { customer, draftInvoice } from '@/server/sync/test-mutations';
import { labelsNow, nameRecords, recordLabel, refusalText, type LabelLookup, type SeenRow } from './record-labels';

const globex = customer({ name: 'Globex Carrier' });
const pkg = testPackage({ id: '01-package', name: 'Gold DID', retail: '5' });
const lookup = (invoices: Invoice[] = []): LabelLookup => ({
  customer: async (id) => (id === globex.id ? globex : undefined),
  package: async (id) => (id === pkg.id ? pkg : undefined),
  invoicesOf: async (customerId) => invoices.filter((i) => i.customerId === customerId),
});

/** An invoice's label (record-labels recordLabel): its name, and what it is. */
const invoiceLabel = (name: string) => ({ name, noun: 'invoice' });

describe('recordLabel', () => {
  it('names an invoice by its number, else as the draft (or the pending issue) for its customer', async () => {
    expect(await recordLabel({ entity: 'invoices', row: draftInvoice(globex.id, { number: 'INV-0007', status: 'issued' }) }, lookup())).toEqual(invoiceLabel('INV-0007'));
    expect(await recordLabel({ entity: 'invoices', row: draftInvoice(globex.id) }, lookup())).toEqual(invoiceLabel('draft of Nov 1, 2026 for Globex Carrier'));
    expect(await recordLabel({ entity: 'invoices', row: draftInvoice(globex.id, { status: 'issued' }) }, lookup())).toEqual(invoiceLabel('for Globex Carrier (number pending)'));
    // Its customer is not on the device: no label, the id stays.
    expect(await recordLabel({ entity: 'invoices', row: draftInvoice('01-unknown') }, lookup())).toBeUndefined();
  });

  it("tells two drafts of a customer dated the same day apart, as the screens name drafts (lib/draft-names)", async () => {
    const small = draftInvoice(globex.id, { total: '12.40' });
    const large = draftInvoice(globex.id, { total: '30.00' });
    const otherDay = draftInvoice(globex.id, { invoiceDate: '2026-12-07' });
    const all = [small, large, otherDay];
    expect(await recordLabel({ entity: 'invoices', row: small }, lookup(all))).toEqual(invoiceLabel('draft of Nov 1, 2026 for €12.40 for Globex Carrier'));
    expect(await recordLabel({ entity: 'invoices', row: large }, lookup(all))).toEqual(invoiceLabel('draft of Nov 1, 2026 for €30.00 for Globex Carrier'));
    expect(await recordLabel({ entity: 'invoices', row: otherDay }, lookup(all))).toEqual(invoiceLabel('draft of Dec 7, 2026 for Globex Carrier'));
    const november = draftInvoice(globex.id, { invoiceDate: '2026-12-07', periodStart: '2026-11-01', periodEnd: '2026-11-30' });
    expect(await recordLabel({ entity: 'invoices', row: november }, lookup([...all, november]))).toEqual(invoiceLabel('draft of Dec 7, 2026 for Nov 1–30, 2026 for Globex Carrier'));
  });

  it('says of a credit note, issued or a draft, that it is one: the notices of changes of it call it so', async () => {
    const issued = draftInvoice(globex.id, { number: 'INV-4', status: 'issued', net: '-20.00', total: '-20.00' });
    expect(await recordLabel({ entity: 'invoices', row: issued }, lookup())).toEqual({ name: 'INV-4', noun: 'credit note' });
    // Made by Credit note… of INV-1, it is one before any line gives anything back.
    const draft = draftInvoice(globex.id, { creditsId: '01-invoice' });
    expect(await recordLabel({ entity: 'invoices', row: draft }, lookup())).toEqual({ name: 'draft of Nov 1, 2026 for Globex Carrier', noun: 'credit note' });
    expect(refusalText('voidInvoice', { id: issued.id, reason: 'Wrong' }, { [issued.id]: (await recordLabel({ entity: 'invoices', row: issued }, lookup()))! }, 'Only an issued invoice can be voided, and this one is void already')).toBe(
      'Void of credit note INV-4 was refused. Only an issued invoice can be voided, and this one is void already.',
    );
    expect(refusalText('issueInvoice', { id: draft.id }, { [draft.id]: (await recordLabel({ entity: 'invoices', row: draft }, lookup()))! }, 'An invoice without lines cannot be issued')).toBe(
      'Issue of credit note draft of Nov 1, 2026 for Globex Carrier was refused. An invoice without lines cannot be issued.',
    );
  });

  it('names a customer or package by its name, and an assignment as the package for the customer', async () => {
    expect(await recordLabel({ entity: 'customers', row: globex }, lookup())).toBe('Globex Carrier');
    expect(await recordLabel({ entity: 'packages', row: pkg }, lookup())).toBe('Gold DID');
    const assignment = { id: '01-assignment', customerId: globex.id, packageId: pkg.id, quantity: 1, startDate: '2026-01-01', endDate: null };
    expect(await recordLabel({ entity: 'customerPackages', row: assignment }, lookup())).toBe('Gold DID for Globex Carrier');
  });

  it('names a payment by its reference, amount and date, as refusals name it ("payment <id>")', async () => {
    const payment = { id: '01-payment', customerId: globex.id, date: '2026-11-20', amount: '50.00', currency: 'EUR', method: 'Bank transfer', reference: 'WIRE-9', allocations: [] };
    expect(nameRecords(`Credit from payment ${payment.id} was not applied`, { [payment.id]: (await recordLabel({ entity: 'payments', row: payment }, lookup()))! })).toBe(
      'Credit from payment "WIRE-9" of €50.00 dated Nov 20, 2026 was not applied',
    );
    expect(await recordLabel({ entity: 'payments', row: { ...payment, reference: ' ' } }, lookup())).toBe('of €50.00 dated Nov 20, 2026');
  });
});

describe('nameRecords', () => {
  it('replaces every id the message names, and leaves the rest', () => {
    const labels = { [globex.id]: 'Globex Carrier' };
    expect(nameRecords(`Customer ${globex.id} does not exist; line 01-line belongs to another invoice`, labels)).toBe(
      'Customer Globex Carrier does not exist; line 01-line belongs to another invoice',
    );
    expect(nameRecords('Refused by the server', undefined)).toBe('Refused by the server');
  });
});

describe('refusalText', () => {
  it('says which change was refused, by the labels the device gave its records, and names the ids in the reason', () => {
    const labels = { '01-invoice': 'INV-3', '01-credit': 'INV-2' };
    expect(refusalText('voidInvoice', { id: '01-invoice', reason: 'Wrong' }, labels, 'Invoice INV-3 was paid with credit from credit note 01-credit')).toBe(
      'Void of invoice INV-3 was refused. Invoice INV-3 was paid with credit from credit note INV-2.',
    );
  });
});

describe('labelsNow', () => {
  it('names each record still on the device as it is now: a draft numbered since by its number, a renamed customer by its new name', async () => {
    const draft = draftInvoice(globex.id);
    const gone = draftInvoice(globex.id);
    const labels = { [draft.id]: 'draft of Nov 1, 2026 for Globex Carrier', [globex.id]: 'Globex Carrier', [gone.id]: 'draft of Nov 1, 2026 for Globex Carrier (2 of 2)' };
    const renamed = { ...globex, name: 'Globex Carrier SIA' };
    const rows: Record<string, SeenRow> = { [draft.id]: { entity: 'invoices', row: { ...draft, status: 'issued', number: 'INV-3' } }, [globex.id]: { entity: 'customers', row: renamed } };
    const now = await labelsNow(labels, async (id) => rows[id], { ...lookup(), customer: async (id) => (id === globex.id ? renamed : undefined) });
    // The one no longer on the device keeps the label it had.
    expect(now).toEqual({ [draft.id]: invoiceLabel('INV-3'), [globex.id]: 'Globex Carrier SIA', [gone.id]: 'draft of Nov 1, 2026 for Globex Carrier (2 of 2)' });
    expect(refusalText('updateCustomer', { id: globex.id }, now, "The customer's Tax % was changed to 21 on another device", true)).toBe(
      "Change of customer Globex Carrier SIA was saved only in part. The customer's Tax % was changed to 21 on another device.",
    );
    expect(await labelsNow(undefined, async () => undefined, lookup())).toBeUndefined();
  });
});
