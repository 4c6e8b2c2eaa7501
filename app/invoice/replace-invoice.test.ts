import { describe, expect, it } from 'vitest';
import { testInvoice, testLine } from '@/lib/test-fixtures';
import { draftCopy } from './replace-invoice';

describe('draftCopy', () => {
  it("dates a copy of an invoice as given, due after the customer's days; a copy of a credit note has no due date apart from its date", () => {
    const invoice = testInvoice({ status: 'issued', number: 'INV-4', total: '30.00' });
    const copy = draftCopy(invoice, [testLine()], '019af000-0000-7000-8000-00000000c0a1', '2026-12-07', 15);
    expect([copy.invoice.invoiceDate, copy.invoice.dueDate, copy.invoice.status, copy.invoice.number]).toEqual(['2026-12-07', '2026-12-22', 'draft', null]);
    const creditNote = testInvoice({ status: 'issued', number: 'INV-6', total: '-43.86' });
    const creditCopy = draftCopy(creditNote, [testLine()], '019af000-0000-7000-8000-00000000c0a2', '2026-12-07', 15);
    expect([creditCopy.invoice.invoiceDate, creditCopy.invoice.dueDate]).toEqual(['2026-12-07', '2026-12-07']);
  });
});
