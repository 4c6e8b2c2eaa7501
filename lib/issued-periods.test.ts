import { describe, expect, it } from 'vitest';
import { issuedInvoicesOverDays } from './issued-periods';

const invoice = (id: string, customerId: string, status: 'draft' | 'issued' | 'void', periodStart: string | null, periodEnd: string | null) => ({
  id,
  customerId,
  status,
  periodStart,
  periodEnd,
});

describe('issuedInvoicesOverDays', () => {
  const invoices = [
    invoice('nov', 'a', 'issued', '2026-11-01', '2026-11-30'),
    invoice('oct', 'a', 'issued', '2026-10-01', '2026-10-31'),
    invoice('draft', 'a', 'draft', '2026-11-01', '2026-11-30'),
    invoice('void', 'a', 'void', '2026-11-01', '2026-11-30'),
    invoice('manual', 'a', 'issued', null, null),
    invoice('other', 'b', 'issued', '2026-11-01', '2026-11-30'),
    invoice('dec', 'a', 'issued', '2026-12-01', '2026-12-31'),
  ];

  it('finds the issued invoices whose period holds a day, each with the days it holds, by period', () => {
    const hits = issuedInvoicesOverDays(invoices, new Map([['a', ['2026-11-15', '2026-10-31', '2026-11-02', '2026-11-15']]]));
    expect(hits.map((h) => [h.invoice.id, h.days])).toEqual([
      ['oct', ['2026-10-31']],
      ['nov', ['2026-11-02', '2026-11-15']],
    ]);
  });

  it('leaves out drafts, void invoices, invoices with no period and other customers', () => {
    expect(issuedInvoicesOverDays(invoices, new Map([['c', ['2026-11-15']]]))).toEqual([]);
    const hits = issuedInvoicesOverDays(invoices, new Map([['b', ['2026-11-30']], ['a', ['2027-01-01']]]));
    expect(hits.map((h) => h.invoice.id)).toEqual(['other']);
  });

  it('counts the period edges as inside', () => {
    const hits = issuedInvoicesOverDays(invoices, new Map([['a', ['2026-12-01', '2026-12-31']]]));
    expect(hits.map((h) => [h.invoice.id, h.days])).toEqual([['dec', ['2026-12-01', '2026-12-31']]]);
  });
});
