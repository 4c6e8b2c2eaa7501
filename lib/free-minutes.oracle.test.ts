/**
 * Free minutes are an allowance per package period (a billing day to the day before the next, cut at
 * the assignment's end) for the calls of that period's days, earliest first, an earlier assignment's
 * bundle before a later's. An invoice credits the calls of its own days from what the calls of the
 * days before it left, so how the days are cut into invoices changes nothing of the minutes
 * credited: a customer invoiced weekly gets, over a month, the minutes one monthly invoice gives,
 * and never more than the month's allowance. Usage, bundles and cuts are random from a fixed seed,
 * so a failure reproduces (keep its seed below). Billed seconds are multiples of 6, so every line's
 * minutes (two decimals) are exact and the sums compare exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday } from './dates';
import type { CustomerPackage, Package, Period, Usage } from './entities';
import { generateInvoice } from './generate';
import { addDecimals, compareDecimals, decimalToString, trimDecimal } from './money';
import { INVOICE_ID, lineIdSequence, testAccount, testAssignment, testCustomer, testPackage, testUsage, testUuid } from './test-fixtures';

const SEED = 20261208;

/** The free minutes Generate Invoice credits for `period`, per package, given all of the customer's usage. */
function creditedMinutes(packages: readonly Package[], assignments: readonly CustomerPackage[], usage: readonly Usage[], period: Period): Map<string, string> {
  const { lines } = generateInvoice({
    account: testAccount({ lineGrouping: 'day' }),
    customer: testCustomer({ taxRate: '0' }),
    packages,
    assignments,
    usage,
    period,
    invoiceDate: addDays(period.end, 1),
    invoiceId: INVOICE_ID,
    newLineId: lineIdSequence(),
  });
  const minutes = new Map<string, string>();
  for (const line of lines) {
    if (line.kind === 'free-minutes') minutes.set(line.packageId!, addDecimals(minutes.get(line.packageId!) ?? '0', line.quantity));
  }
  return minutes;
}

/** Per package, the minutes of several invoices added up (trailing zeros trimmed, so equal sums compare equal). */
function total(invoices: readonly Map<string, string>[], packages: readonly Package[]): string[] {
  return packages.map((p) => trimDecimal(addDecimals('0', ...invoices.map((minutes) => minutes.get(p.id) ?? '0'))));
}

/** The month's days as a weekly customer is invoiced for them: weeks from `weekday` (ISO), the first and last cut at the month's edges. */
function weeksOf(month: Period, weekday: number): Period[] {
  const weeks: Period[] = [];
  let start = month.start;
  while (start <= month.end) {
    let end = start;
    while (end < month.end && isoWeekday(addDays(end, 1)) !== weekday) end = addDays(end, 1);
    weeks.push({ start, end });
    start = addDays(end, 1);
  }
  return weeks;
}

const MONTHS = [
  { start: '2026-11-01', end: '2026-11-30' },
  { start: '2027-02-01', end: '2027-02-28' },
  { start: '2027-03-01', end: '2027-03-31' },
];
const DESTINATIONS = ['4420', '447', '1212', '3314'];

const dayArb = (from: string, days: number) => fc.integer({ min: 0, max: days - 1 }).map((n) => addDays(from, n));
/** Calls from 40 days before `from` to 70 after: the month before, the month, the month after. */
const callsArb = (from: string) =>
  fc.array(
    fc.record({
      day: dayArb(addDays(from, -40), 110),
      destination: fc.constantFrom(...DESTINATIONS),
      billedSeconds: fc.integer({ min: 1, max: 400 }).map((n) => n * 6),
      charge: fc.integer({ min: 1, max: 5_000_000 }).map((n) => decimalToString({ units: BigInt(n), scale: 6 })),
    }),
    { maxLength: 80 },
  );
const toUsage = (calls: readonly { day: string; destination: string; billedSeconds: number; charge: string }[]): Usage[] =>
  calls.map((c, i) => testUsage({ id: `u${i}`, ...c, destinationName: `Destination ${c.destination}` }));

describe('free minutes over invoices of any length', () => {
  it('a monthly bundle billed on the 1st: the weekly invoices of a month credit the minutes one monthly invoice does, the matched minutes up to the allowance', () => {
    fc.assert(
      fc.property(
        fc.record({
          weekday: fc.integer({ min: 1, max: 7 }),
          freeMinutes: fc.integer({ min: 1, max: 600 }),
          quantity: fc.integer({ min: 1, max: 3 }),
          prefixPattern: fc.constantFrom('44', '4420', '44, 1'),
          startsBefore: fc.integer({ min: 0, max: 90 }),
          endsAfter: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
        }),
        fc.integer({ min: 0, max: 2 }).chain((m) => fc.tuple(fc.constant(m), callsArb(MONTHS[m]!.start))),
        (s, [m, calls]) => {
          const month = MONTHS[m]!;
          const bundle = testPackage({ name: 'UK Bundle', kind: 'free-minutes', retail: '15', frequency: 'monthly', matchDays: [1], prefixPattern: s.prefixPattern, freeMinutes: s.freeMinutes });
          const startDate = addDays(month.start, -s.startsBefore);
          const endDate = s.endsAfter === null ? null : addDays(month.start, s.endsAfter);
          const assignments = [testAssignment({ packageId: bundle.id, quantity: s.quantity, startDate, endDate })];
          const usage = toUsage(calls);
          const monthly = total([creditedMinutes([bundle], assignments, usage, month)], [bundle]);
          const weekly = total(weeksOf(month, s.weekday).map((week) => creditedMinutes([bundle], assignments, usage, week)), [bundle]);
          expect(weekly).toEqual(monthly);
          // The oracle: the month's matched minutes while assigned, up to its allowance.
          const last = endDate !== null && endDate < month.end ? endDate : month.end;
          const prefixes = s.prefixPattern.split(', ');
          const matchedSeconds = calls
            .filter((c) => c.day >= month.start && c.day <= last && prefixes.some((p) => c.destination.startsWith(p)))
            .reduce((sum, c) => sum + c.billedSeconds, 0);
          const seconds = Math.min(matchedSeconds, s.freeMinutes * 60 * s.quantity);
          expect(compareDecimals(monthly[0]!, decimalToString({ units: BigInt(seconds / 6), scale: 1 })), `${monthly[0]} vs ${seconds} s`).toBe(0);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('any bundles (monthly, weekly, daily; one or two on the same calls, assigned and ended any day): invoices cut anywhere credit the minutes one invoice for all their days does', () => {
    const bundleArb = fc.record({
      frequency: fc.constantFrom('monthly' as const, 'weekly' as const, 'daily' as const),
      day: fc.integer({ min: 1, max: 31 }),
      freeMinutes: fc.integer({ min: 1, max: 300 }),
      quantity: fc.integer({ min: 1, max: 2 }),
      prefixPattern: fc.constantFrom('44', '4420', '44, 1'),
      start: dayArb('2026-12-01', 75),
      endsAfter: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
    });
    const FROM = '2027-01-01';
    fc.assert(
      fc.property(
        fc.array(bundleArb, { minLength: 1, maxLength: 2 }),
        callsArb('2027-01-20'),
        // Invoices of 1 to 10 days from January 1 to the end of February.
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 59, maxLength: 59 }),
        (bundles, calls, lengths) => {
          const packages = bundles.map((b, i) =>
            testPackage({
              id: testUuid(i + 1, 'c'),
              name: `Bundle ${i + 1}`,
              kind: 'free-minutes',
              retail: '0',
              frequency: b.frequency,
              matchDays: b.frequency === 'weekly' ? [((b.day - 1) % 7) + 1] : b.frequency === 'monthly' ? [b.day] : [],
              prefixPattern: b.prefixPattern,
              freeMinutes: b.freeMinutes,
            }),
          );
          const assignments = bundles.map((b, i) =>
            testAssignment({ id: testUuid(i + 1, 'd'), packageId: packages[i]!.id, quantity: b.quantity, startDate: b.start, endDate: b.endsAfter === null ? null : addDays(b.start, b.endsAfter) }),
          );
          const usage = toUsage(calls);
          const whole = { start: FROM, end: '2027-02-28' };
          const invoices: Period[] = [];
          for (let start = FROM, i = 0; start <= whole.end; i++) {
            const end = addDays(start, lengths[i]! - 1);
            invoices.push({ start, end: end > whole.end ? whole.end : end });
            start = addDays(end, 1);
          }
          const once = total([creditedMinutes(packages, assignments, usage, whole)], packages);
          const cut = total(invoices.map((period) => creditedMinutes(packages, assignments, usage, period)), packages);
          expect(cut, JSON.stringify(invoices)).toEqual(once);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });
});
