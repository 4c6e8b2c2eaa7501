import { describe, expect, it } from 'vitest';
import { AGING_BUCKETS, agingBucket, agingTotals, receivablesAging } from './aging';
import { agingToCsv, parseCsv } from './csv';
import { testInvoice } from './test-fixtures';

const TODAY = '2026-12-06';

/** An issued invoice of `customerId` for `total`, `paid` of it paid, due on `dueDate`. */
function issued(customerId: string, total: string, dueDate: string, paid = '0.00', currency = 'USD') {
  return testInvoice({ id: `${customerId}-${dueDate}-${total}`, customerId, status: 'issued', number: 'INV-1', total, paid, dueDate, currency });
}

describe('agingBucket', () => {
  it('counts days past the due date: due today or later is current, then 1–30, 31–60, 61–90, over 90', () => {
    const bucketOf = (dueDate: string) => AGING_BUCKETS[agingBucket(dueDate, TODAY)];
    expect(bucketOf('2027-01-05')).toBe('Current');
    expect(bucketOf('2026-12-06')).toBe('Current');
    expect(bucketOf('2026-12-05')).toBe('1–30 days');
    expect(bucketOf('2026-11-06')).toBe('1–30 days');
    expect(bucketOf('2026-11-05')).toBe('31–60 days');
    expect(bucketOf('2026-10-07')).toBe('31–60 days');
    expect(bucketOf('2026-10-06')).toBe('61–90 days');
    expect(bucketOf('2026-09-07')).toBe('61–90 days');
    expect(bucketOf('2026-09-06')).toBe('Over 90 days');
    expect(bucketOf('2020-01-01')).toBe('Over 90 days');
  });
});

describe('receivablesAging', () => {
  it("puts each open invoice's balance in its bucket, nets the customer's credit, and leaves out drafts, void and paid invoices", () => {
    const invoices = [
      issued('globex', '100.00', '2026-12-20'),
      issued('globex', '250.00', '2026-11-20', '50.00'),
      issued('globex', '80.00', '2026-08-01'),
      issued('globex', '40.00', '2026-10-01', '40.00'),
      testInvoice({ id: 'draft', customerId: 'globex', status: 'draft', total: '999.00', dueDate: '2026-01-01' }),
      testInvoice({ id: 'void', customerId: 'globex', status: 'void', total: '999.00', dueDate: '2026-01-01' }),
      // A credit note with 15.00 of its 20.00 left to apply.
      testInvoice({ id: 'credit', customerId: 'globex', status: 'issued', number: 'INV-9', total: '-20.00', paid: '-5.00', dueDate: '2026-11-01' }),
    ];
    const payments = [{ customerId: 'globex', currency: 'USD', amount: '30.00', allocations: [{ invoiceId: 'x', amount: '25.00' }] }];
    expect(receivablesAging(invoices, payments, TODAY)).toEqual([
      {
        customerId: 'globex',
        currency: 'USD',
        buckets: ['100.00', '200.00', '0', '0', '80.00'],
        owed: '380.00',
        credit: '20.00',
        net: '360.00',
        invoices: 3,
        oldestDue: '2026-08-01',
      },
    ]);
  });

  it('keeps currencies apart, lists a customer with only credit (net below zero), and orders by currency then net', () => {
    const invoices = [
      issued('globex', '10.00', '2026-12-01', '0.00', 'EUR'),
      issued('initech', '500.00', '2026-12-10'),
      issued('globex', '50.00', '2026-12-10'),
      testInvoice({ id: 'credit', customerId: 'umbrella', status: 'issued', number: 'INV-3', total: '-12.00', paid: '0.00' }),
    ];
    const rows = receivablesAging(invoices, [], TODAY);
    expect(rows.map((r) => [r.customerId, r.currency, r.net])).toEqual([
      ['globex', 'EUR', '10.00'],
      ['initech', 'USD', '500.00'],
      ['globex', 'USD', '50.00'],
      ['umbrella', 'USD', '-12.00'],
    ]);
    expect(rows[3]).toMatchObject({ buckets: ['0', '0', '0', '0', '0'], owed: '0', credit: '12.00', invoices: 0, oldestDue: null });
    expect(agingTotals(rows)).toEqual([
      { customerId: '', currency: 'EUR', buckets: ['0', '10.00', '0', '0', '0'], owed: '10.00', credit: '0', net: '10.00', invoices: 1, oldestDue: '2026-12-01' },
      { customerId: '', currency: 'USD', buckets: ['550.00', '0', '0', '0', '0'], owed: '550.00', credit: '12.00', net: '538.00', invoices: 2, oldestDue: '2026-12-10' },
    ]);
  });

  it('has no row for a customer that owes nothing and has no credit', () => {
    expect(receivablesAging([issued('globex', '10.00', '2026-01-01', '10.00')], [], TODAY)).toEqual([]);
    expect(agingTotals([])).toEqual([]);
  });
});

describe('agingToCsv', () => {
  it('writes one row per customer and currency with the buckets in order, credit positive, and the day it is as of', () => {
    const [row] = receivablesAging([issued('globex', '100.00', '2026-11-01', '10.00')], [], TODAY);
    expect(parseCsv(agingToCsv([{ row: row!, customerName: '=Globex' }], TODAY))).toEqual([
      ['customer', 'currency', 'current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90', 'owed', 'credit', 'net', 'oldest_due', 'as_of'],
      // A name a spreadsheet would run as a formula gets its apostrophe, as in every export.
      ["'=Globex", 'USD', '0.00', '0.00', '90.00', '0.00', '0.00', '90.00', '0.00', '90.00', '2026-11-01', TODAY],
    ]);
  });
});
