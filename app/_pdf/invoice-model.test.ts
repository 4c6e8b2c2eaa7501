import { describe, expect, it } from 'vitest';
import type { Payment } from '@/lib/entities';
import { addDecimals } from '@/lib/money';
import { buildInvoiceModel } from './invoice-model';
import { sampleId, sampleInvoice, sampleInvoicePdfData, SAMPLE_INVOICE_ID } from './sample-invoice';

describe('buildInvoiceModel payments', () => {
  it('lists the payments by date, then in the order they were entered, with the amount applied to this invoice', () => {
    const base = sampleInvoicePdfData(1, { invoice: sampleInvoice({ paid: '60.00' }) });
    const payment = (n: number, date: string, amount: string, other = '0'): Payment => ({
      id: sampleId(n, 9),
      customerId: base.customer.id,
      date,
      amount: addDecimals(amount, other),
      method: 'Bank transfer',
      reference: `REF-${n}`,
      allocations: [{ invoiceId: SAMPLE_INVOICE_ID, amount }, ...(other === '0' ? [] : [{ invoiceId: sampleId(99, 1), amount: other }])],
    });
    // Entered in this order: a February transfer, a January prepayment (before the invoice date), another February one.
    const model = buildInvoiceModel({
      ...base,
      payments: [payment(1, '2026-02-20', '10.00'), payment(2, '2026-01-15', '30.00', '5.00'), payment(3, '2026-02-20', '20.00')],
    });
    expect(model.payments.map((p) => `${p.date} ${p.reference} ${p.amount}`)).toEqual([
      '2026-01-15 REF-2 €30.00',
      '2026-02-20 REF-1 €10.00',
      '2026-02-20 REF-3 €20.00',
    ]);
  });
});
