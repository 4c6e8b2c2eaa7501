import { describe, expect, it } from 'vitest';
import { invoiceDigest } from './invoice-digest';
import { OTHER_CUSTOMER_ID, testInvoice, testLine, testUuid } from './test-fixtures';

const line = (n: number, description: string) => testLine({ id: testUuid(n, 'e'), position: n, description, taxRate: '20' });

describe('invoiceDigest', () => {
  const lines = [line(0, 'Setup'), line(1, 'Support')];
  const digest = invoiceDigest(testInvoice(), lines);

  it('is 16 hex digits, the same for the same draft whatever order its lines are read in, and unmoved by totals and status', () => {
    expect(digest).toMatch(/^[0-9a-f]{16}$/);
    expect(invoiceDigest(testInvoice(), [...lines].reverse())).toBe(digest);
    expect(invoiceDigest(testInvoice({ total: '24.00', net: '20.00', tax: '4.00', status: 'issued', number: 'INV-3' }), lines)).toBe(digest);
  });

  it('changes with anything the invoice prints: customer, dates, notes, a line’s words, amounts or order', () => {
    const changed = [
      invoiceDigest(testInvoice({ customerId: OTHER_CUSTOMER_ID }), lines),
      invoiceDigest(testInvoice({ invoiceDate: '2026-04-02' }), lines),
      invoiceDigest(testInvoice({ notes: 'Thank you' }), lines),
      invoiceDigest(testInvoice(), [line(0, 'Set-up'), line(1, 'Support')]),
      invoiceDigest(testInvoice(), [{ ...line(0, 'Setup'), unitPrice: '10.5' }, line(1, 'Support')]),
      invoiceDigest(testInvoice(), [{ ...line(0, 'Setup'), position: 2 }, line(1, 'Support')]),
      invoiceDigest(testInvoice(), [line(0, 'Setup')]),
    ];
    expect(changed.every((d) => d !== digest)).toBe(true);
    expect(new Set(changed).size).toBe(changed.length);
  });
});
