import { describe, expect, it } from 'vitest';
import { INVOICE_DISPLAY_STATUSES, INVOICE_STATUS_MEANINGS, compareInvoiceNumbers, invoiceDisplayStatus, invoiceNumberLabel, invoiceStatusText, isCreditNote, matchesStatusFilter, showsDueDate } from './invoice-status';

const issued = { status: 'issued' as const, number: 'INV-7', total: '120.00', paid: '0.00', dueDate: '2026-02-14' };

describe('isCreditNote', () => {
  it('is a total below zero, however written', () => {
    expect(isCreditNote({ total: '-0.01' })).toBe(true);
    expect(isCreditNote({ total: '-5' })).toBe(true);
  });

  it('is not a total of zero (negative zero too) or above', () => {
    expect(isCreditNote({ total: '0' })).toBe(false);
    expect(isCreditNote({ total: '-0.00' })).toBe(false);
    expect(isCreditNote({ total: '12.50' })).toBe(false);
  });
});

describe('invoiceDisplayStatus', () => {
  it('shows drafts and voids as they are', () => {
    expect(invoiceDisplayStatus({ ...issued, status: 'draft', number: null }, '2026-01-01')).toBe('draft');
    expect(invoiceDisplayStatus({ ...issued, status: 'void' }, '2026-01-01')).toBe('void');
  });

  it('shows an issued invoice without its number yet as pending', () => {
    expect(invoiceDisplayStatus({ ...issued, number: null }, '2026-01-01')).toBe('pending');
  });

  it('follows payments: issued, partly paid, paid', () => {
    expect(invoiceDisplayStatus(issued, '2026-02-14')).toBe('issued');
    expect(invoiceDisplayStatus({ ...issued, paid: '0.01' }, '2026-02-14')).toBe('partly paid');
    expect(invoiceDisplayStatus({ ...issued, paid: '120.00' }, '2026-02-14')).toBe('paid');
  });

  it('is overdue the day after the due date while a balance remains', () => {
    expect(invoiceDisplayStatus(issued, '2026-02-15')).toBe('overdue');
    expect(invoiceDisplayStatus({ ...issued, paid: '60.00' }, '2026-02-15')).toBe('overdue');
    expect(invoiceDisplayStatus({ ...issued, paid: '120.00' }, '2026-02-15')).toBe('paid');
  });

  it('shows a credit note (a negative total) as a credit while credit is left, never overdue, and as applied (not paid) once all of it is applied', () => {
    expect(invoiceDisplayStatus({ ...issued, total: '-83.00' }, '2026-01-01')).toBe('credit');
    expect(invoiceDisplayStatus({ ...issued, total: '-0.01' }, '2026-03-01')).toBe('credit');
    expect(invoiceDisplayStatus({ ...issued, total: '-83.00', paid: '-82.99' }, '2026-03-01')).toBe('credit');
    expect(invoiceDisplayStatus({ ...issued, total: '-83.00', paid: '-83.00' }, '2026-03-01')).toBe('applied');
    expect(invoiceDisplayStatus({ ...issued, total: '-0.01', paid: '-0.01' }, '2026-01-01')).toBe('applied');
    expect(invoiceDisplayStatus({ ...issued, total: '-83.00', paid: '-83.00', number: null }, '2026-03-01')).toBe('pending');
    // Nothing owed either way: paid.
    expect(invoiceDisplayStatus({ ...issued, total: '0.00' }, '2026-03-01')).toBe('paid');
  });
});

describe('INVOICE_STATUS_MEANINGS', () => {
  it('explains every status the filter offers, in its order', () => {
    expect(Object.keys(INVOICE_STATUS_MEANINGS)).toEqual(INVOICE_DISPLAY_STATUSES);
  });
});

describe('invoiceNumberLabel', () => {
  it('is the number, "draft" for a draft, and "pending" for an invoice issued offline', () => {
    expect(invoiceNumberLabel(issued)).toBe('INV-7');
    expect(invoiceNumberLabel({ status: 'draft', number: null })).toBe('draft');
    expect(invoiceNumberLabel({ status: 'issued', number: null })).toBe('pending');
  });
});

describe('compareInvoiceNumbers', () => {
  it("orders numbers as their series runs, INV-9 before INV-10 (not as text), and invoices without a number yet after them", () => {
    const numbers = ['INV-10', null, 'INV-9', 'INV-100', 'INV-1', 'INV-11', null, 'INV-2'];
    expect(numbers.sort(compareInvoiceNumbers)).toEqual(['INV-1', 'INV-2', 'INV-9', 'INV-10', 'INV-11', 'INV-100', null, null]);
    expect(compareInvoiceNumbers('CN-10', 'CN-9')).toBeGreaterThan(0);
    expect(compareInvoiceNumbers('INV-7', 'INV-7')).toBe(0);
  });
});

describe('matchesStatusFilter', () => {
  const found = (invoice: Parameters<typeof invoiceDisplayStatus>[0], today: string) =>
    (['issued', 'partly paid', 'paid', 'overdue', 'pending'] as const).filter((filter) => matchesStatusFilter(invoice, invoiceDisplayStatus(invoice, today), filter));

  it('finds a part-paid invoice past its due date under both "overdue" and "partly paid"', () => {
    expect(found({ ...issued, paid: '60.00' }, '2026-02-15')).toEqual(['partly paid', 'overdue']);
    expect(found({ ...issued, paid: '60.00', number: null }, '2026-02-15')).toEqual(['partly paid', 'pending']);
  });

  it('finds every other invoice under its own status alone', () => {
    expect(found({ ...issued, paid: '60.00' }, '2026-02-14')).toEqual(['partly paid']);
    expect(found(issued, '2026-02-15')).toEqual(['overdue']);
    expect(found({ ...issued, paid: '120.00' }, '2026-02-15')).toEqual(['paid']);
    expect(found({ ...issued, status: 'void', paid: '60.00' }, '2026-02-15')).toEqual([]);
    // A credit note: under "credit" while credit is left (never "partly paid"), under "applied" (never "paid") once applied in full.
    const creditFound = (paid: string) => (['credit', 'applied', 'partly paid', 'paid', 'overdue'] as const).filter((filter) => matchesStatusFilter({ ...issued, total: '-83.00', paid }, invoiceDisplayStatus({ ...issued, total: '-83.00', paid }, '2026-02-15'), filter));
    expect(creditFound('-30.00')).toEqual(['credit']);
    expect(creditFound('-83.00')).toEqual(['applied']);
  });
});

describe('invoiceStatusText', () => {
  const draft = { total: '0', creditsId: null };
  it('names a draft credit note as one: made by Credit note… (even before it gives anything back), or below zero', () => {
    expect(invoiceStatusText({ ...draft, creditsId: 'inv-1' }, 'draft')).toBe('credit note draft');
    expect(invoiceStatusText({ ...draft, total: '-6.00' }, 'draft')).toBe('credit note draft');
  });
  it('leaves any other status as it is', () => {
    expect(invoiceStatusText(draft, 'draft')).toBe('draft');
    expect(invoiceStatusText({ total: '-6.00', creditsId: 'inv-1' }, 'credit')).toBe('credit');
    expect(invoiceStatusText({ total: '30.14', creditsId: null }, 'pending')).toBe('pending');
  });
});

describe('showsDueDate', () => {
  it('is an issued or draft invoice\'s, not a credit note\'s (owed to the customer) nor a void invoice\'s (owed by no one)', () => {
    expect(showsDueDate({ status: 'issued' }, { total: '10.00' })).toBe(true);
    expect(showsDueDate({ status: 'draft' }, { total: '0.00' })).toBe(true);
    expect(showsDueDate({ status: 'issued' }, { total: '-10.00' })).toBe(false);
    expect(showsDueDate({ status: 'void' }, { total: '10.00' })).toBe(false);
  });
});
