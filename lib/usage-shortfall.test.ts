import { describe, expect, it } from 'vitest';
import { testInvoice, testLine, testUsage, testUuid } from './test-fixtures';
import { usageLinesSpan, usageShortfall } from './usage-shortfall';

/** A by-day usage line of `day`: `calls` calls whose charges add up to `amount`. */
const dayLine = (n: number, day: string, calls: number, amount: string) =>
  testLine({ id: testUuid(n, 'e'), position: n, kind: 'usage', description: `Calls on ${day}`, startDate: day, endDate: day, quantity: '1', unit: 'min', unitPrice: '0', amount, calls });
const usageOf = (day: string, calls: number, charge: string, destination = '4420') => testUsage({ id: `u:${day}:${destination}`, day, destination, calls, attempts: calls, charge });

describe('usageShortfall', () => {
  const draft = testInvoice({ periodStart: '2026-12-01', periodEnd: '2026-12-31', currency: 'USD' });

  it('is none while the usage of the lines’ days holds what they bill, or more (late CDRs)', () => {
    const lines = [dayLine(1, '2026-12-01', 2, '0.45'), dayLine(2, '2026-12-02', 1, '0.10')];
    expect(usageShortfall(draft, lines, [usageOf('2026-12-01', 2, '0.45'), usageOf('2026-12-02', 1, '0.10')])).toBeNull();
    expect(usageShortfall(draft, lines, [usageOf('2026-12-01', 2, '0.45'), usageOf('2026-12-01', 5, '1.00', '447'), usageOf('2026-12-02', 1, '0.10'), usageOf('2026-12-09', 9, '9')])).toBeNull();
  });

  it('names the days whose lines bill more than they hold, though calls came in on another day', () => {
    const lines = [dayLine(1, '2026-12-01', 2, '0.45'), dayLine(2, '2026-12-02', 1, '0.10')];
    // Dec 1's import undone; three late calls on Dec 2: more calls in all, but Dec 1's are gone.
    expect(usageShortfall(draft, lines, [usageOf('2026-12-02', 4, '0.70')])).toEqual({ calls: 2, charge: '0.45', days: ['2026-12-01'], byDay: true });
    // A charge alone (a CDR counted twice on a device, once on the server, of the same calls but not the same charge).
    expect(usageShortfall(draft, lines, [usageOf('2026-12-01', 2, '0.40'), usageOf('2026-12-02', 1, '0.10')])).toEqual({ calls: 0, charge: '0.05', days: ['2026-12-01'], byDay: true });
  });

  it('compares lines over several days (by destination) with all the usage of their days, and names their span', () => {
    const byDestination = [
      testLine({ id: testUuid(1, 'e'), kind: 'usage', description: 'UK London (4420)', startDate: '2026-12-01', endDate: '2026-12-20', amount: '3.000001', calls: 7 }),
      testLine({ id: testUuid(2, 'e'), kind: 'usage', description: 'UK Mobile (447)', startDate: '2026-12-05', endDate: '2026-12-28', amount: '2', calls: 3 }),
    ];
    expect(usageShortfall(draft, byDestination, [usageOf('2026-12-01', 7, '3.000001'), usageOf('2026-12-28', 3, '2', '447')])).toBeNull();
    expect(usageShortfall(draft, byDestination, [usageOf('2026-12-28', 3, '2', '447')])).toEqual({ calls: 7, charge: '3.000001', days: ['2026-12-01', '2026-12-28'], byDay: false });
    // Usage outside the lines' days does not count.
    expect(usageShortfall(draft, byDestination, [usageOf('2026-12-29', 7, '3.000001'), usageOf('2026-12-28', 3, '2', '447')])).toMatchObject({ calls: 7 });
  });

  it('leaves out credit notes, issued invoices, lines other than calls, and usage in another currency', () => {
    const lines = [dayLine(1, '2026-12-01', 2, '0.45'), testLine({ id: testUuid(2, 'e'), kind: 'free-minutes', startDate: '2026-12-01', endDate: '2026-12-31', amount: '-0.45' })];
    expect(usageLinesSpan(draft, lines)).toEqual({ first: '2026-12-01', last: '2026-12-01' });
    expect(usageShortfall(draft, lines, [])).toMatchObject({ calls: 2, charge: '0.45' });
    expect(usageShortfall({ ...draft, creditsId: testUuid(9, 'c') }, lines, [])).toBeNull();
    expect(usageShortfall({ ...draft, status: 'issued' }, lines, [])).toBeNull();
    const manual = [testLine({ kind: 'manual', startDate: '2026-12-01', endDate: '2026-12-01' })];
    expect(usageLinesSpan(draft, manual)).toBeNull();
    expect(usageShortfall(draft, manual, [])).toBeNull();
    expect(usageShortfall(draft, manual, [usageOf('2026-12-01', 2, '0.45')])).toBeNull();
    // A usage line counting no calls was not made by Generate Invoice from the usage rows.
    expect(usageShortfall(draft, [testLine({ kind: 'usage', startDate: '2026-12-01', endDate: '2026-12-01', amount: '3.25', calls: null })], [])).toBeNull();
    expect(usageShortfall(draft, lines, [testUsage({ day: '2026-12-01', calls: 1, charge: '0.01', currency: 'EUR' })])).toBeNull();
  });

  it('takes the invoice’s period for a usage line without days', () => {
    const undated = [testLine({ kind: 'usage', amount: '1.5', calls: 3 })];
    expect(usageLinesSpan(draft, undated)).toEqual({ first: '2026-12-01', last: '2026-12-31' });
    expect(usageShortfall(draft, undated, [usageOf('2026-12-15', 3, '1.5')])).toBeNull();
    expect(usageShortfall({ ...draft, periodStart: null, periodEnd: null }, undated, [])).toBeNull();
  });
});
