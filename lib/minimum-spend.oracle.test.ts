/**
 * A minimum-spend commitment is settled per package period (a billing day to the day before the
 * next, cut at the assignment's end) on the invoice holding the period's last day, against the usage
 * of the period, days before the invoice's own included; usage lines by day. What the invoice bills
 * for November's days of those periods, its usage lines (each rounded), plus the days before
 * November (their exact charges), plus the top-up, is the commitment to the minor unit, or the usage
 * when it is above it. The oracle works out the periods plainly and adds the lines as billed; the
 * charges, assignments, frequencies, currencies and rounding modes are random from a fixed seed, so
 * a failure reproduces (keep its seed below). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent } from './currencies';
import { addDays } from './dates';
import type { Package, Usage } from './entities';
import { generateInvoice } from './generate';
import { addDecimals, compareDecimals, decimalToString, roundToCurrency, subtractDecimals } from './money';
import { billingOccurrences } from './packages';
import { computeTotals } from './totals';
import { INVOICE_ID, lineIdSequence, testAccount, testAssignment, testCustomer, testPackage, testUsage } from './test-fixtures';

const SEED = 20251120;
const NOVEMBER = { start: '2025-11-01', end: '2025-11-30' };

/** Generate Invoice for November by day, with one minimum-spend assignment. */
function november(options: {
  charges: readonly { day: string; charge: string }[];
  pkg: Package;
  startDate: string;
  endDate: string | null;
  currency: string;
  rounding: 'half-up' | 'half-even';
}) {
  const customer = testCustomer({ currency: options.currency, taxRate: '0' });
  const usage: Usage[] = options.charges.map(({ day, charge }, i) =>
    testUsage({ id: `${i}`, day, charge, currency: options.currency, destination: String(1000 + i), destinationName: `Destination ${i}` }),
  );
  return generateInvoice({
    account: testAccount({ lineGrouping: 'day', rounding: options.rounding, currency: options.currency }),
    customer,
    assignments: [testAssignment({ packageId: options.pkg.id, startDate: options.startDate, endDate: options.endDate })],
    packages: [{ ...options.pkg, currency: options.currency }],
    usage,
    period: NOVEMBER,
    invoiceDate: '2025-12-01',
    invoiceId: INVOICE_ID,
    newLineId: lineIdSequence(),
  });
}

describe('minimum spend over part of a period, usage lines by day', () => {
  it('$100 a month from 1 October to 20 November, 20 days at $0.005: the lines bill $0.20 and the top-up $99.80, $100 in all', () => {
    const charges = Array.from({ length: 20 }, (_, i) => ({ day: addDays('2025-11-01', i), charge: '0.005' }));
    const pkg = testPackage({ name: 'Minimum 100', retail: '100', minimumSpend: true, frequency: 'monthly', matchDays: [1] });
    for (const rounding of ['half-up', 'half-even'] as const) {
      const { invoice, lines } = november({ charges, pkg, startDate: '2025-10-01', endDate: '2025-11-20', currency: 'USD', rounding });
      const topUp = lines.find((l) => l.kind === 'minimum-spend')!;
      // Half-even rounds each 0.005 to 0.00: no usage billed, the whole $100 topped up.
      expect([topUp.unitPrice, invoice.net], rounding).toEqual(rounding === 'half-up' ? ['99.80', '100.00'] : ['100.00', '100.00']);
    }
  });

  const currencyArb = fc.constantFrom('USD', 'JPY', 'BHD');
  const roundingArb = fc.constantFrom('half-up' as const, 'half-even' as const);
  // Charges of up to 6 decimals, many of them exact halves of the minor unit (the worst case for rounding).
  const chargeArb = fc.oneof(
    fc.integer({ min: 0, max: 2_000_000 }).map((n) => decimalToString({ units: BigInt(n), scale: 6 })),
    fc.integer({ min: 0, max: 2_000 }).map((n) => decimalToString({ units: BigInt(n * 10 + 5), scale: 4 })),
    fc.integer({ min: 0, max: 20 }).map((n) => decimalToString({ units: BigInt(n * 10 + 5), scale: 1 })),
  );
  const dayArb = (from: string, days: number) => fc.integer({ min: 0, max: days - 1 }).map((n) => addDays(from, n));
  const scenarioArb = fc.record({
    currency: currencyArb,
    rounding: roundingArb,
    charges: fc.array(fc.record({ day: dayArb('2025-10-25', 45), charge: chargeArb }), { maxLength: 60 }),
    // Starts before or inside November; ends inside it, after it, or never.
    startDate: dayArb('2025-10-01', 61),
    endAfter: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
    retailMinor: fc.integer({ min: 1, max: 2_000_000 }),
    frequency: fc.constantFrom('monthly' as const, 'weekly' as const, 'daily' as const),
    matchDays: fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 3 }),
  });

  /**
   * The package periods settled in November, worked out plainly: each billing day (from a year of
   * them) runs to the day before the next, cut at the assignment's end; November settles those
   * ending in it.
   */
  function settledInNovember(pkg: Package, startDate: string, endDate: string | null): { start: string; end: string; count: number } | null {
    const days = billingOccurrences(pkg, startDate, { start: startDate, end: '2026-12-31' }).filter((d) => endDate === null || d <= endDate);
    const periods = days.map((start, i) => {
      const next = days[i + 1];
      const natural = next === undefined ? (endDate ?? '2026-12-31') : addDays(next, -1);
      return { start, end: endDate !== null && natural > endDate ? endDate : natural };
    });
    const settled = periods.filter((p) => p.end >= NOVEMBER.start && p.end <= NOVEMBER.end);
    return settled.length === 0 ? null : { start: settled[0]!.start, end: settled.at(-1)!.end, count: settled.length };
  }

  it('usage lines plus the top-up come to the commitment of the periods November settles, to the minor unit, or to the usage when it is above it', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const startDate = s.startDate > NOVEMBER.end ? NOVEMBER.end : s.startDate;
        const endDate = s.endAfter === null ? null : addDays(startDate, s.endAfter);
        const digits = currencyExponent(s.currency);
        const retail = decimalToString({ units: BigInt(s.retailMinor), scale: digits });
        const pkg = testPackage({ name: 'Minimum', retail, minimumSpend: true, frequency: s.frequency, matchDays: s.matchDays });
        const { lines } = november({ charges: s.charges, pkg, startDate, endDate, currency: s.currency, rounding: s.rounding });
        const settled = settledInNovember(pkg, startDate, endDate);
        const nets = computeTotals(lines, s.currency, s.rounding).lines.map((l) => l.net);
        const topUps = lines.flatMap((line, i) => (line.kind === 'minimum-spend' ? [{ line, net: nets[i]! }] : []));
        if (settled === null) {
          expect(topUps).toEqual([]);
          return;
        }
        const zero = decimalToString({ units: 0n, scale: digits });
        // November's days as its usage lines bill them; the days before November, their exact charges.
        const inNovember = lines.flatMap((line, i) => (line.kind === 'usage' && line.startDate! >= settled.start && line.endDate! <= settled.end ? [nets[i]!] : []));
        const before = s.charges.filter((c) => c.day >= settled.start && c.day < NOVEMBER.start).map((c) => c.charge);
        const usage = addDecimals(zero, ...inNovember, ...before);
        const commitment = decimalToString({ units: BigInt(s.retailMinor) * BigInt(settled.count), scale: digits });
        if (compareDecimals(usage, commitment) >= 0) {
          expect(topUps).toEqual([]);
          return;
        }
        expect(topUps.map((t) => [t.line.startDate, t.line.endDate])).toEqual([[settled.start, settled.end]]);
        // The top-up is priced in the minor unit: the shortfall rounded as the invoice rounds.
        const shortfall = roundToCurrency(subtractDecimals(commitment, usage), s.currency, s.rounding);
        expect(compareDecimals(topUps[0]!.net, shortfall), `${commitment} − ${usage} vs ${topUps[0]!.net}`).toBe(0);
        // Over November's days alone, usage lines plus the top-up are the commitment to the minor unit.
        if (before.length === 0) expect(compareDecimals(addDecimals(usage, topUps[0]!.net), commitment)).toBe(0);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
