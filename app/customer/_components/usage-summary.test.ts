import { describe, expect, it } from 'vitest';
import { coveredDays, type LineDates } from '@/lib/invoice-periods';
import { testInvoice, testUsage, testUuid } from '@/lib/test-fixtures';
import { invoicesOfRow, summarizeUsage } from './usage-summary';

describe('summarizeUsage', () => {
  // 2026-03-01 is a Sunday, so it closes ISO week 2026-02-23..03-01; 03-02 opens the next.
  const rows = [
    testUsage({ id: 'a', day: '2026-03-01', calls: 3, billedSeconds: 90, charge: '0.100001' }),
    testUsage({ id: 'b', day: '2026-03-01', destination: '49', calls: 1, billedSeconds: 30, charge: '0.2' }),
    testUsage({ id: 'c', day: '2026-03-02', calls: 2, billedSeconds: 61, charge: '1.05' }),
    testUsage({ id: 'd', day: '2026-02-28', calls: 1, billedSeconds: 60, charge: '0.5' }),
  ];

  it('sums calls, billed minutes and exact charges per day, newest first', () => {
    expect(summarizeUsage(rows, 'day').map((r) => [r.start, r.end, r.calls, r.minutes, r.charge])).toEqual([
      ['2026-03-02', '2026-03-02', 2, '1.02', '1.05'],
      // 120 s = 2.00 min; 0.100001 + 0.2 = 0.300001 exactly
      ['2026-03-01', '2026-03-01', 4, '2.00', '0.300001'],
      ['2026-02-28', '2026-02-28', 1, '1.00', '0.5'],
    ]);
  });

  it('buckets by ISO week (Monday to Sunday) and by calendar month', () => {
    expect(summarizeUsage(rows, 'week').map((r) => [r.start, r.end, r.calls, r.charge])).toEqual([
      ['2026-03-02', '2026-03-08', 2, '1.05'],
      ['2026-02-23', '2026-03-01', 5, '0.800001'],
    ]);
    expect(summarizeUsage(rows, 'month').map((r) => [r.start, r.end, r.calls, r.minutes])).toEqual([
      ['2026-03-01', '2026-03-31', 6, '3.02'],
      ['2026-02-01', '2026-02-28', 1, '1.00'],
    ]);
  });

  it('ends December buckets on the 31st', () => {
    expect(summarizeUsage([testUsage({ day: '2025-12-15' })], 'month')[0]).toMatchObject({ start: '2025-12-01', end: '2025-12-31' });
  });

  it('gives the attempts, the answer-seizure ratio and the average call duration of each bucket', () => {
    const quality = [
      testUsage({ id: 'a', day: '2026-03-01', calls: 3, attempts: 4, seconds: 100 }),
      testUsage({ id: 'b', day: '2026-03-01', destination: '49', calls: 0, attempts: 3, seconds: 0 }),
      testUsage({ id: 'c', day: '2026-03-02', calls: 0, attempts: 0, seconds: 0 }),
    ];
    expect(summarizeUsage(quality, 'day').map((r) => [r.start, r.attempts, r.asr, r.acdSeconds])).toEqual([
      ['2026-03-02', 0, null, null], // nothing attempted: no ratio, no average
      ['2026-03-01', 7, '42.9', 33], // 3 of 7 answered; 100 s over 3 calls = 33.3 s
    ]);
  });
});

describe('invoicesOfRow', () => {
  const dated = (startDate: string, endDate: string): LineDates => ({ startDate, endDate, kind: 'package', quantity: '1', unitPrice: '10', amount: null, packageId: null, description: 'DID rental' });
  const withDays = (invoice: ReturnType<typeof testInvoice>, lines: LineDates[]) => ({ invoice, days: coveredDays(invoice, lines) });
  const generated = withDays(testInvoice({ id: testUuid(1, 'e'), periodStart: '2026-11-01', periodEnd: '2026-11-30', invoiceDate: '2026-12-01' }), []);
  // Made by hand, no period of its own: a package's charge for November.
  const byHand = withDays(testInvoice({ id: testUuid(2, 'e'), periodStart: null, periodEnd: null, invoiceDate: '2026-11-05' }), [dated('2026-11-01', '2026-11-30')]);
  // Made by hand for October and December: not November.
  const twoMonths = withDays(testInvoice({ id: testUuid(3, 'e'), periodStart: null, periodEnd: null, invoiceDate: '2026-12-02' }), [
    dated('2026-10-01', '2026-10-31'),
    dated('2026-12-01', '2026-12-31'),
  ]);
  const all = [generated, byHand, twoMonths];
  const of = (start: string, end: string) => invoicesOfRow({ start, end }, all).map(({ invoice, part }) => [invoice.id, part]);

  it('shows an invoice without a period of its own against the days its items bill, by invoice date', () => {
    expect(of('2026-11-01', '2026-11-30')).toEqual([
      [byHand.invoice.id, false],
      [generated.invoice.id, false],
    ]);
    expect(of('2026-10-01', '2026-10-31')).toEqual([[twoMonths.invoice.id, false]]);
    expect(of('2026-12-01', '2026-12-31')).toEqual([[twoMonths.invoice.id, false]]);
    expect(of('2026-09-01', '2026-09-30')).toEqual([]);
  });

  it('marks an invoice that bills only some of the days (part)', () => {
    // The ISO week of Oct 26 – Nov 1: November's invoices bill its Sunday only; the two months' its other days.
    expect(of('2026-10-26', '2026-11-01')).toEqual([
      [byHand.invoice.id, true],
      [generated.invoice.id, true],
      [twoMonths.invoice.id, true],
    ]);
    expect(invoicesOfRow({ start: '2026-11-30', end: '2026-12-06' }, [withDays(generated.invoice, [dated('2026-12-01', '2026-12-31')])])[0]!.part).toBe(false);
  });
});
