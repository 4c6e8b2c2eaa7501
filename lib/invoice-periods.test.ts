import { describe, expect, it } from 'vitest';
import { coveredPeriod, overlappingInvoices, withoutOwnPeriod, type LineDates } from './invoice-periods';
import { testInvoice, testUuid } from './test-fixtures';

const noPeriod = { periodStart: null, periodEnd: null };
const dated = (startDate: string | null, endDate: string | null, kind: LineDates['kind'] = 'package'): LineDates => ({ startDate, endDate, kind });

describe('coveredPeriod', () => {
  it("is the invoice's own period when it has one, whatever its lines' dates", () => {
    expect(coveredPeriod({ periodStart: '2026-03-01', periodEnd: '2026-03-31' }, [dated('2026-01-01', '2026-05-31')])).toEqual({
      start: '2026-03-01',
      end: '2026-03-31',
      from: 'period',
    });
  });

  it("without one, spans its lines' dates: the earliest start to the latest end", () => {
    const lines = [dated('2026-03-01', '2026-03-31'), dated('2026-02-10', '2026-02-10'), dated(null, null), dated('2026-03-15', '2026-04-14')];
    expect(coveredPeriod(noPeriod, lines)).toEqual({ start: '2026-02-10', end: '2026-04-14', from: 'lines' });
  });

  it('counts a line dated at one end only as that day', () => {
    expect(coveredPeriod(noPeriod, [dated('2026-03-05', null), dated(null, '2026-03-20')])).toEqual({ start: '2026-03-05', end: '2026-03-20', from: 'lines' });
    expect(coveredPeriod(noPeriod, [dated(null, '2026-03-20')])).toEqual({ start: '2026-03-20', end: '2026-03-20', from: 'lines' });
  });

  it('with half a period, goes by its lines', () => {
    expect(coveredPeriod({ periodStart: '2026-03-01', periodEnd: null }, [dated('2026-04-01', '2026-04-30')])).toEqual({ start: '2026-04-01', end: '2026-04-30', from: 'lines' });
  });

  it('leaves out plain items and setup fees: a port-in fee or a goodwill credit, dated the day charged, bills no period', () => {
    const fee = dated('2026-11-10', '2026-11-10', 'manual');
    const setup = dated('2026-11-10', '2026-11-10', 'setup');
    expect(coveredPeriod(noPeriod, [fee, setup])).toBeNull();
    expect(coveredPeriod(noPeriod, [fee, dated('2026-12-01', '2026-12-31'), dated('2026-11-02', '2026-11-02', 'usage')])).toEqual({ start: '2026-11-02', end: '2026-12-31', from: 'lines' });
    for (const kind of ['free-minutes', 'minimum-spend'] as const) expect(coveredPeriod(noPeriod, [fee, dated('2026-11-01', '2026-11-30', kind)])?.start).toBe('2026-11-01');
  });

  it('is null for an invoice with neither a period nor dated lines: not guessed at', () => {
    expect(coveredPeriod(noPeriod, [])).toBeNull();
    expect(coveredPeriod(noPeriod, [dated(null, null)])).toBeNull();
  });
});

describe('overlappingInvoices', () => {
  const march = { start: '2026-03-01', end: '2026-03-31' };
  const byHand = testInvoice({ id: testUuid(1, 'e'), ...noPeriod, status: 'issued', number: 'INV-1', invoiceDate: '2026-03-06' });
  const generated = testInvoice({ id: testUuid(2, 'e'), periodStart: '2026-02-15', periodEnd: '2026-03-14', status: 'draft' });
  const february = testInvoice({ id: testUuid(3, 'e'), periodStart: '2026-02-01', periodEnd: '2026-02-28' });
  const voided = testInvoice({ id: testUuid(4, 'e'), status: 'void' });
  const undated = testInvoice({ id: testUuid(5, 'e'), ...noPeriod });
  const lines = new Map<string, LineDates[]>([
    [byHand.id, [dated('2026-03-01', '2026-03-31')]],
    [undated.id, [dated(null, null)]],
    // Not asked for: an invoice with a period of its own goes by it.
    [february.id, [dated('2026-03-01', '2026-03-31')]],
  ]);
  const linesOf = (invoice: { id: string }) => lines.get(invoice.id) ?? [];

  it('finds those with a period, and those without one by their lines, overlapping, by their first day; void and undated ones aside', () => {
    const found = overlappingInvoices([byHand, generated, february, voided, undated], linesOf, march);
    expect(found.map((o) => [o.invoice.id, o.covered])).toEqual([
      [generated.id, { start: '2026-02-15', end: '2026-03-14', from: 'period' }],
      [byHand.id, { start: '2026-03-01', end: '2026-03-31', from: 'lines' }],
    ]);
  });

  it('finds none for a period the lines do not reach', () => {
    expect(overlappingInvoices([byHand], linesOf, { start: '2026-04-01', end: '2026-04-30' })).toEqual([]);
    // The day the lines end still overlaps.
    expect(overlappingInvoices([byHand], linesOf, { start: '2026-03-31', end: '2026-04-30' }).map((o) => o.invoice.id)).toEqual([byHand.id]);
  });

  it('asks for the lines only of invoices without a period of their own', () => {
    const asked: string[] = [];
    overlappingInvoices([byHand, generated, february], (invoice) => (asked.push(invoice.id), linesOf(invoice)), march);
    expect(asked).toEqual([byHand.id]);
    expect([byHand, generated].map(withoutOwnPeriod)).toEqual([true, false]);
  });
});
