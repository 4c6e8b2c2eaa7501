import { describe, expect, it } from 'vitest';
import { type PackageLinesOptions, activeWindow, billingOccurrences, onceChargeBilling, oneChargeWording, packageLines, parsePrefixPattern, retailPriceLabel, rewordedCharge, setupFeeBilling, usageDaysNeeded } from './packages';
import { packageChargeDates } from './item-dates';
import { addDays } from './dates';
import type { Usage } from './entities';
import { testAssignment, testInvoice, testPackage, testUsage, testUuid } from './test-fixtures';

const MARCH = { start: '2026-03-01', end: '2026-03-31' };

describe('billingOccurrences', () => {
  const monthly = (matchDays: number[]) => testPackage({ frequency: 'monthly', matchDays });

  it('a monthly package matched on the 15th and the 31st', () => {
    // 31-day month: both days exist
    expect(billingOccurrences(monthly([15, 31]), '2026-01-01', MARCH)).toEqual(['2026-03-15', '2026-03-31']);
    // 30-day month: the 31st means the last day, the 30th
    expect(billingOccurrences(monthly([15, 31]), '2026-01-01', { start: '2026-04-01', end: '2026-04-30' })).toEqual([
      '2026-04-15',
      '2026-04-30',
    ]);
    // February: the 28th, and the 29th in a leap year
    expect(billingOccurrences(monthly([15, 31]), '2026-01-01', { start: '2026-02-01', end: '2026-02-28' })).toEqual([
      '2026-02-15',
      '2026-02-28',
    ]);
    expect(billingOccurrences(monthly([15, 31]), '2024-01-01', { start: '2024-02-01', end: '2024-02-29' })).toEqual([
      '2024-02-15',
      '2024-02-29',
    ]);
    // The 30th and the 31st both fall on 28 February: one charge for that day
    expect(billingOccurrences(monthly([30, 31]), '2026-01-01', { start: '2026-02-01', end: '2026-02-28' })).toEqual(['2026-02-28']);
    // Over a quarter: Jan 15, Jan 31, Feb 15, Feb 28, Mar 15, Mar 31
    expect(billingOccurrences(monthly([31, 15]), '2026-01-01', { start: '2026-01-01', end: '2026-03-31' })).toHaveLength(6);
  });

  it('defaults to the start day and clips to the window', () => {
    // Started on the 10th: bills on the 10th of each month
    expect(billingOccurrences(monthly([]), '2026-01-10', MARCH)).toEqual(['2026-03-10']);
    expect(billingOccurrences(monthly([]), '2026-01-10', { start: '2026-03-11', end: '2026-03-31' })).toEqual([]);
    // Started on the 31st: bills on the last day of shorter months
    expect(billingOccurrences(monthly([]), '2026-01-31', { start: '2026-04-01', end: '2026-04-30' })).toEqual(['2026-04-30']);
  });

  it('daily, weekly and none', () => {
    expect(billingOccurrences(testPackage({ frequency: 'daily' }), '2026-01-01', MARCH)).toHaveLength(31);
    // Mondays of March 2026: 2, 9, 16, 23, 30
    expect(billingOccurrences(testPackage({ frequency: 'weekly', matchDays: [1] }), '2026-01-01', MARCH)).toEqual([
      '2026-03-02',
      '2026-03-09',
      '2026-03-16',
      '2026-03-23',
      '2026-03-30',
    ]);
    // No match days: the start day's weekday (2026-01-01 was a Thursday): 5, 12, 19, 26
    expect(billingOccurrences(testPackage({ frequency: 'weekly', matchDays: [] }), '2026-01-01', MARCH)).toHaveLength(4);
    expect(billingOccurrences(testPackage({ frequency: 'none' }), '2026-03-10', MARCH)).toEqual(['2026-03-10']);
    expect(billingOccurrences(testPackage({ frequency: 'none' }), '2026-02-10', MARCH)).toEqual([]);
  });

  it('refuses match days that do not fit the frequency', () => {
    expect(() => billingOccurrences(testPackage({ frequency: 'weekly', matchDays: [8] }), '2026-01-01', MARCH, 'packages[0].matchDays')).toThrow(
      /^packages\[0\]\.matchDays of a weekly package must be ISO weekdays/,
    );
  });
});

describe('activeWindow', () => {
  it('clips the assignment to the period', () => {
    expect(activeWindow({ startDate: '2026-03-10', endDate: null }, MARCH)).toEqual({ start: '2026-03-10', end: '2026-03-31' });
    expect(activeWindow({ startDate: '2026-01-01', endDate: '2026-03-20' }, MARCH)).toEqual({ start: '2026-03-01', end: '2026-03-20' });
    expect(activeWindow({ startDate: '2026-01-01', endDate: '2026-02-28' }, MARCH)).toBeNull();
    expect(activeWindow({ startDate: '2026-04-01', endDate: null }, MARCH)).toBeNull();
  });
});

describe('packageLines: charges and setup', () => {
  it('a package starting mid-period: its occurrences from the start, and its setup', () => {
    const pkg = testPackage({ frequency: 'daily', retail: '1.50', setup: '25' });
    const { charges } = packageLines([testAssignment({ quantity: 2, startDate: '2026-03-10' })], [pkg], [], MARCH);
    expect(charges.map((l) => [l.kind, l.quantity, l.unit, l.unitPrice, l.startDate, l.endDate])).toEqual([
      ['setup', '2', 'each', '25', '2026-03-10', '2026-03-10'], // 2 × 25 = 50.00
      ['package', '44', 'each', '1.50', '2026-03-10', '2026-03-31'], // 22 days (10th–31st) × 2 = 44; × 1.50 = 66.00
    ]);
  });

  it('an assignment ending mid-period stops billing; setup only in the start period', () => {
    const pkg = testPackage({ frequency: 'daily', retail: '1.50', setup: '25' });
    const { charges } = packageLines([testAssignment({ quantity: 2, startDate: '2026-02-01', endDate: '2026-03-20' })], [pkg], [], MARCH);
    // 20 days (1st–20th) × 2 = 40; no setup (started in February)
    expect(charges.map((l) => [l.kind, l.quantity, l.endDate])).toEqual([['package', '40', '2026-03-20']]);
  });

  it('bills nothing for inactive assignments, zero prices, or no occurrence', () => {
    const pkg = testPackage({ frequency: 'monthly', matchDays: [15] });
    expect(packageLines([testAssignment({ endDate: '2026-02-28' })], [pkg], [], MARCH).charges).toEqual([]);
    expect(packageLines([testAssignment({ startDate: '2026-04-01' })], [pkg], [], MARCH).charges).toEqual([]);
    expect(packageLines([testAssignment()], [testPackage({ retail: '0' })], [], MARCH).charges).toEqual([]);
    expect(packageLines([testAssignment({ startDate: '2026-03-16' })], [pkg], [], MARCH).charges).toEqual([]); // next 15th is in April
  });

  it('counts weeks or months when billed once a period, and charges when billed on several days of each', () => {
    const line = (pkg: ReturnType<typeof testPackage>) => packageLines([testAssignment({ startDate: '2026-01-01' })], [pkg], [], MARCH).charges[0];
    // Mondays and Thursdays of March 2026: 5 + 4 billing days. Not "9 weeks".
    expect(line(testPackage({ frequency: 'weekly', matchDays: [1, 4] }))).toMatchObject({ quantity: '9', unit: 'charge' });
    // The 1st and the 15th: 2 billing days. Not "2 months".
    expect(line(testPackage({ frequency: 'monthly', matchDays: [1, 15] }))).toMatchObject({ quantity: '2', unit: 'charge' });
    // Once a week or month: weeks and months.
    expect(line(testPackage({ frequency: 'weekly', matchDays: [1] }))).toMatchObject({ quantity: '5', unit: 'week' });
    expect(line(testPackage({ frequency: 'monthly', matchDays: [15] }))).toMatchObject({ quantity: '1', unit: 'month' });
    expect(line(testPackage({ frequency: 'daily', matchDays: [] }))).toMatchObject({ quantity: '31', unit: 'day' });
  });

  it('several of a package (23 DID numbers) count items, and the description says what each is charged for: not "23 months"', () => {
    const line = (pkg: ReturnType<typeof testPackage>, quantity: number) =>
      packageLines([testAssignment({ quantity, startDate: '2026-01-01' })], [pkg], [], MARCH).charges[0];
    const did = { name: 'DID Rental - UK Geographic', retail: '1.50' };
    expect(line(testPackage({ ...did, frequency: 'monthly', matchDays: [1] }), 23)).toMatchObject({
      description: 'DID Rental - UK Geographic (1 month each)',
      quantity: '23',
      unit: 'each',
      unitPrice: '1.50', // 23 × 1.50 = 34.50, as before
    });
    expect(line(testPackage({ ...did, frequency: 'weekly', matchDays: [1] }), 2)).toMatchObject({ description: 'DID Rental - UK Geographic (2 × 5 weeks)', quantity: '10', unit: 'each' });
    expect(line(testPackage({ ...did, frequency: 'monthly', matchDays: [1, 15] }), 2)).toMatchObject({ description: 'DID Rental - UK Geographic (2 × 2 charges)', quantity: '4', unit: 'each' });
    expect(line(testPackage({ ...did, frequency: 'daily', matchDays: [] }), 3)).toMatchObject({ description: 'DID Rental - UK Geographic (3 × 31 days)', quantity: '93', unit: 'each' });
    // One of it: its name alone, counted in its unit.
    expect(line(testPackage({ ...did, frequency: 'monthly', matchDays: [1] }), 1)).toMatchObject({ description: 'DID Rental - UK Geographic', quantity: '1', unit: 'month' });
  });

  it('orders by assignment start then id, whatever the input order', () => {
    const a = testPackage({ id: testUuid(1, 'c'), name: 'A' });
    const b = testPackage({ id: testUuid(2, 'c'), name: 'B' });
    const assignments = [
      testAssignment({ id: testUuid(3, 'd'), packageId: a.id, startDate: '2026-02-01' }),
      testAssignment({ id: testUuid(2, 'd'), packageId: b.id, startDate: '2026-01-01' }),
      testAssignment({ id: testUuid(1, 'd'), packageId: a.id, startDate: '2026-02-01' }),
    ];
    const names = (list: typeof assignments) => packageLines(list, [a, b], [], MARCH).charges.map((l) => l.description);
    expect(names(assignments)).toEqual(['B', 'A', 'A']);
    expect(names([...assignments].reverse())).toEqual(names(assignments));
  });

  it('names the field of a broken assignment', () => {
    expect(() => packageLines([testAssignment({ packageId: testUuid(9, 'c') })], [testPackage()], [], MARCH)).toThrow(
      /^assignments\[0\]\.packageId names no package/,
    );
    expect(() => packageLines([testAssignment({ startDate: '2026-03-10', endDate: '2026-03-01' })], [testPackage()], [], MARCH)).toThrow(
      /^assignments\[0\]\.endDate must not be before its startDate/,
    );
    expect(() => packageLines([testAssignment()], [testPackage({ retail: '-1' })], [], MARCH)).toThrow('packages[0].retail must not be negative');
  });
});

describe('packageLines: free minutes', () => {
  const bundle = (freeMinutes: number, overrides = {}) =>
    testPackage({ kind: 'free-minutes', name: 'UK bundle', prefixPattern: '44', freeMinutes, retail: '5', ...overrides });
  // 44 usage: 1800 s for 3.00 and 1200 s for 1.50 = 50 min for 4.50 (0.09/min); 1212 does not match
  const usage = [
    testUsage({ destination: '44', billedSeconds: 1800, charge: '3.00', day: '2026-03-02' }),
    testUsage({ destination: '4420', billedSeconds: 1200, charge: '1.50', day: '2026-03-03' }),
    testUsage({ destination: '1212', billedSeconds: 600, charge: '1.00', day: '2026-03-02' }),
  ];

  it('more free minutes than usage credits all the matched charges', () => {
    const { charges, credits } = packageLines([testAssignment()], [bundle(100)], usage, MARCH);
    expect(charges.map((l) => [l.kind, l.quantity, l.unitPrice])).toEqual([['package', '1', '5']]);
    // 50 of 100 minutes used: credit the whole 4.50
    expect(credits.map((l) => [l.kind, l.quantity, l.unitPrice, l.amount])).toEqual([['free-minutes', '50.00', '-0.090000', '-4.500000']]);
  });

  it('fewer free minutes than usage credits at the average charge per minute', () => {
    // 20 min × quantity 2 = 40 min of 50: 4.50 × 40 / 50 = 3.60
    expect(packageLines([testAssignment({ quantity: 2 })], [bundle(20)], usage, MARCH).credits[0]).toMatchObject({
      quantity: '40.00',
      amount: '-3.600000',
    });
    // uneven average: 4.51 × 20 / 50 = 1.804
    const uneven = [usage[0]!, { ...usage[1]!, charge: '1.51' }];
    expect(packageLines([testAssignment()], [bundle(20)], uneven, MARCH).credits[0]).toMatchObject({
      quantity: '20.00',
      unitPrice: '-0.090200', // 4.51 / 50
      amount: '-1.804000',
    });
  });

  it('the credit line says the rate per minute its minutes are valued at, in the package currency', () => {
    // 50 min for 4.50: 0.09/min. The line bills an amount, so its description is where the rate shows.
    expect(packageLines([testAssignment()], [bundle(100)], usage, MARCH).credits.map((l) => l.description)).toEqual(['UK bundle (free minutes at $0.09/min)']);
    // 4.51 / 50 = 0.0902; 1.00 / 7 min = 0.142857142… → 0.142857 (the rate's 6 decimals); ¥ has no decimals but a rate keeps its own.
    const uneven = [usage[0]!, { ...usage[1]!, charge: '1.51' }];
    expect(packageLines([testAssignment()], [bundle(20)], uneven, MARCH).credits[0]!.description).toBe('UK bundle (free minutes at $0.0902/min)');
    const sevenMinutes = [testUsage({ destination: '44', billedSeconds: 420, charge: '1.00' })];
    expect(packageLines([testAssignment()], [bundle(20)], sevenMinutes, MARCH).credits[0]).toMatchObject({ description: 'UK bundle (free minutes at $0.142857/min)', amount: '-1.000000' });
    const yen = [testUsage({ destination: '44', billedSeconds: 120, charge: '7' })];
    expect(packageLines([testAssignment()], [bundle(20, { currency: 'JPY' })], yen, MARCH).credits[0]!.description).toBe('UK bundle (free minutes at ¥3.5/min)');
  });

  it('matches several prefixes and only usage in the active window', () => {
    // From the 3rd: only the 4420 row (1200 s, 1.50) and nothing of 1212 on the 2nd
    const { credits } = packageLines([testAssignment({ startDate: '2026-03-03' })], [bundle(100, { prefixPattern: '1, 44' })], usage, MARCH);
    expect(credits[0]).toMatchObject({ quantity: '20.00', amount: '-1.500000' });
    expect(parsePrefixPattern(' 44, +1;33 ')).toEqual(['44', '1', '33']);
  });

  it('two bundles never credit the same seconds twice', () => {
    // A 30 min → 30 of 50 at 0.09 = 2.70; B 30 min → the remaining 20 = 1.80; together the whole 4.50
    const a = bundle(30, { id: testUuid(1, 'c') });
    const b = bundle(30, { id: testUuid(2, 'c') });
    const { credits } = packageLines(
      [testAssignment({ id: testUuid(1, 'd'), packageId: a.id }), testAssignment({ id: testUuid(2, 'd'), packageId: b.id })],
      [a, b],
      usage,
      MARCH,
    );
    expect(credits.map((l) => [l.quantity, l.amount])).toEqual([
      ['30.00', '-2.700000'],
      ['20.00', '-1.800000'],
    ]);
  });

  it('no matching usage, no credit line', () => {
    expect(packageLines([testAssignment()], [bundle(100, { prefixPattern: '49' })], usage, MARCH).credits).toEqual([]);
  });

  // UK Bundle 1000 of the demo: 1000 minutes a month to UK numbers, billed on the 1st. February 2027
  // is four weeks, Monday to Sunday.
  const uk1000 = bundle(1000, { name: 'UK Bundle 1000', retail: '15', matchDays: [1] });
  const FEBRUARY = { start: '2027-02-01', end: '2027-02-28' };
  const weeksOfFebruary = [0, 7, 14, 21].map((d) => ({ start: addDays('2027-02-01', d), end: addDays('2027-02-07', d) }));
  /** Calls to the UK every day of the month from `from`, at $0.02 a minute, and a US call each day (no bundle covers it). */
  const everyDay = (from: string, days: number, ukMinutes: number) =>
    Array.from({ length: days }, (_, i) => [
      testUsage({ id: `uk-${from}-${i}`, day: addDays(from, i), destination: '4420', billedSeconds: ukMinutes * 60, charge: String(ukMinutes * 0.02) }),
      testUsage({ id: `us-${from}-${i}`, day: addDays(from, i), destination: '1212', billedSeconds: 600, charge: '1.00' }),
    ]).flat();
  /** The credit lines of an invoice for `period`, given the customer's usage (days before the period included, as usageDaysNeeded asks). */
  const creditsFor = (assignments: Parameters<typeof packageLines>[0], packages: Parameters<typeof packageLines>[1], usage: Usage[], period: { start: string; end: string }) =>
    packageLines(assignments, packages, usage, period, { earlierUsage: usage }).credits.map((l) => [l.packageId, l.startDate, l.endDate, l.quantity, l.amount]);

  it("a monthly bundle on weekly invoices: each week's calls get what the month's calls before that week left of its minutes", () => {
    // 50 UK minutes a day: 350 a week. The weeks credit 350, 350 and the 300 left, then nothing:
    // 1000 minutes in all, the month's, as one monthly invoice credits. (Each week was credited as
    // though it had the month's 1000 minutes to itself when it held the 1st, and none otherwise:
    // 350 minutes over the four weeks.)
    const assignment = testAssignment({ startDate: '2026-10-01' });
    const heavy = everyDay('2027-02-01', 28, 50);
    expect(weeksOfFebruary.map((week) => creditsFor([assignment], [uk1000], heavy, week))).toEqual([
      [[uk1000.id, '2027-02-01', '2027-02-07', '350.00', '-7.000000']],
      [[uk1000.id, '2027-02-08', '2027-02-14', '350.00', '-7.000000']],
      [[uk1000.id, '2027-02-15', '2027-02-21', '300.00', '-6.000000']], // 300 of the week's 350 minutes at $0.02
      [],
    ]);
    expect(creditsFor([assignment], [uk1000], heavy, FEBRUARY)).toEqual([[uk1000.id, '2027-02-01', '2027-02-28', '1000.00', '-20.000000']]);
    // 20 minutes a day, 560 in the month: every week's calls are credited in full, as by the monthly invoice.
    const light = everyDay('2027-02-01', 28, 20);
    expect(weeksOfFebruary.map((week) => creditsFor([assignment], [uk1000], light, week).map((l) => l[3]))).toEqual([['140.00'], ['140.00'], ['140.00'], ['140.00']]);
    expect(creditsFor([assignment], [uk1000], light, FEBRUARY).map((l) => l[3])).toEqual(['560.00']);
  });

  it("a week across two months credits each month's calls from that month's minutes, never one month's from the other's", () => {
    // November's 1500 minutes used its 1000 by the 20th: none are left for November 30; December 1
    // to 6 (300 minutes) get December's. One line for the week, valued at the week's average rate.
    const assignment = testAssignment({ startDate: '2026-10-01' });
    const calls = [...everyDay('2026-11-01', 30, 50), ...everyDay('2026-12-01', 6, 50)];
    expect(creditsFor([assignment], [uk1000], calls, { start: '2026-11-30', end: '2026-12-06' })).toEqual([[uk1000.id, '2026-11-30', '2026-12-06', '300.00', '-6.000000']]);
  });

  it("a weekly bundle on a monthly invoice: each week's minutes for that week's calls, not pooled over the month", () => {
    // 100 minutes a week, billed on Mondays (March 2026: the 2nd, 9th, 16th, 23rd and 30th). Pooled,
    // the month's five allowances (500 minutes) covered all 500 minutes of calls; each week's own:
    // March 1 (the week from February 23) 30, the week of the 2nd 100 of 300, the 9th's 50, the
    // 30th's 100 of 120: 280 minutes at $0.01.
    const weekly = bundle(100, { frequency: 'weekly', matchDays: [1] });
    const march = [
      testUsage({ day: '2026-03-01', destination: '44', billedSeconds: 30 * 60, charge: '0.30' }),
      testUsage({ day: '2026-03-03', destination: '44', billedSeconds: 300 * 60, charge: '3.00' }),
      testUsage({ day: '2026-03-10', destination: '44', billedSeconds: 50 * 60, charge: '0.50' }),
      testUsage({ day: '2026-03-31', destination: '44', billedSeconds: 120 * 60, charge: '1.20' }),
    ];
    expect(packageLines([testAssignment()], [weekly], march, MARCH).credits.map((l) => [l.quantity, l.amount])).toEqual([['280.00', '-2.800000']]);
    // 80 minutes on February 25, the week the 1st's calls share, leave 20 of its 100 for them.
    const february = [testUsage({ day: '2026-02-25', destination: '44', billedSeconds: 80 * 60, charge: '0.80' })];
    expect(packageLines([testAssignment()], [weekly], march, MARCH, { earlierUsage: february }).credits.map((l) => [l.quantity, l.amount])).toEqual([['270.00', '-2.700000']]);
  });

  it('two bundles on the same calls over weekly invoices: an earlier bundle takes the calls of its own period first, days before the invoice included', () => {
    // A: 100 minutes a month from the 1st; B: 100 from the 15th (assigned a day later, so A goes
    // first). 10 UK minutes a day through January and February 2027: A takes January 1–10, B (its
    // period from December 15) the 11th to 14th, then (from January 15) the 15th to 24th; A takes
    // February 1–10 and B's period from January 15 has nothing left. So the week of February 8
    // credits A's 30 minutes (8th to 10th) and nothing of B's, and the week of the 15th B's 70.
    const a = bundle(100, { id: testUuid(1, 'c'), name: 'A', matchDays: [1] });
    const b = bundle(100, { id: testUuid(2, 'c'), name: 'B', matchDays: [15] });
    const assignments = [testAssignment({ id: testUuid(1, 'd'), packageId: a.id, startDate: '2026-10-01' }), testAssignment({ id: testUuid(2, 'd'), packageId: b.id, startDate: '2026-10-02' })];
    const calls = everyDay('2027-01-01', 59, 10);
    expect(creditsFor(assignments, [a, b], calls, weeksOfFebruary[1]!).map((l) => [l[0], l[3]])).toEqual([[a.id, '30.00']]);
    expect(creditsFor(assignments, [a, b], calls, weeksOfFebruary[2]!).map((l) => [l[0], l[3]])).toEqual([[b.id, '70.00']]);
    // The week of February 8 reads from January 1: B's period from January 15, and what A took of its days.
    expect(usageDaysNeeded(assignments, [a, b], weeksOfFebruary[1]!)).toEqual({ start: '2027-01-01', end: '2027-02-14' });
  });

  it("usageDaysNeeded: from the start of the package period a bundle's minutes in the invoice's days come from", () => {
    const assignment = testAssignment({ startDate: '2026-10-01' });
    // A week after the 1st reads from the 1st; the week holding it, and a monthly invoice, their own days.
    expect(usageDaysNeeded([assignment], [uk1000], weeksOfFebruary[2]!)).toEqual({ start: '2027-02-01', end: '2027-02-21' });
    expect(usageDaysNeeded([assignment], [uk1000], weeksOfFebruary[0]!)).toEqual(weeksOfFebruary[0]);
    expect(usageDaysNeeded([assignment], [uk1000], FEBRUARY)).toEqual(FEBRUARY);
    // A bundle that ended before the week reads nothing earlier; a one-off bundle neither.
    expect(usageDaysNeeded([{ ...assignment, endDate: '2027-01-31' }], [uk1000], weeksOfFebruary[2]!)).toEqual(weeksOfFebruary[2]);
    expect(usageDaysNeeded([assignment], [{ ...uk1000, frequency: 'none' }], weeksOfFebruary[2]!)).toEqual(weeksOfFebruary[2]);
  });
});

describe('packageLines: minimum spend', () => {
  const commitment = testPackage({ name: 'Minimum 50', retail: '50', minimumSpend: true });

  it('missed: tops up the shortfall, and charges no fee', () => {
    // usage 3.00 + 1.50 + 1.00 = 5.50; 50 − 5.50 = 44.50
    const usage = [testUsage({ charge: '3.00' }), testUsage({ charge: '1.50' }), testUsage({ charge: '1.00' })];
    const lines = packageLines([testAssignment()], [commitment], usage, MARCH);
    expect(lines.charges).toEqual([]);
    expect(lines.topUps.map((l) => [l.kind, l.quantity, l.unitPrice])).toEqual([['minimum-spend', '1', '44.500000']]);
  });

  it('the top-up says what it compares: the commitment and the usage before free-minute credits', () => {
    // A free-minutes credit on the same invoice nets the usage below the commitment; the top-up
    // still tops up the gross usage (by design), and its description says so.
    const bundle = testPackage({ id: testUuid(2, 'c'), name: 'UK bundle', kind: 'free-minutes', prefixPattern: '44', freeMinutes: 100, retail: '0' });
    const usage = [testUsage({ destination: '44', billedSeconds: 600, charge: '3.00' }), testUsage({ destination: '1', charge: '1.50' })];
    const lines = packageLines([testAssignment(), testAssignment({ id: testUuid(2, 'd'), packageId: bundle.id })], [commitment, bundle], usage, MARCH);
    expect(lines.credits.map((l) => l.amount)).toEqual(['-3.000000']);
    expect(lines.topUps.map((l) => [l.description, l.unitPrice])).toEqual([['Minimum 50 (minimum spend $50.00: usage before free minutes $4.50)', '45.500000']]);
    // Quantity 2 until the 20th: 2 × 5000 committed; the usage in those days only. In the package's currency, as the invoice shows money.
    const yen = testPackage({ name: 'Minimum ¥5000', retail: '5000', minimumSpend: true, currency: 'JPY', matchDays: [1] });
    const toTwentieth = packageLines(
      [testAssignment({ packageId: yen.id, startDate: '2026-03-01', endDate: '2026-03-20', quantity: 2 })],
      [yen],
      [testUsage({ day: '2026-03-12', charge: '1234.5' }), testUsage({ day: '2026-03-25', charge: '9000' })],
      MARCH,
    );
    expect(toTwentieth.topUps.map((l) => [l.description, l.unitPrice, l.endDate])).toEqual([['Minimum ¥5000 (minimum spend ¥10,000: usage before free minutes ¥1,235)', '8765.500000', '2026-03-20']]);
  });

  it('met: nothing to add', () => {
    expect(packageLines([testAssignment()], [commitment], [testUsage({ charge: '50' })], MARCH).topUps).toEqual([]);
    expect(packageLines([testAssignment()], [commitment], [testUsage({ charge: '50.000001' })], MARCH).topUps).toEqual([]);
  });

  it('counts usage in the package period from the assignment\'s start, against retail × quantity per period, on the invoice holding its end', () => {
    // From March 10, quantity 2, billed on the 10th: its first package period runs to April 9 and
    // commits 2 × 50 = 100. March settles nothing; April does, counting March's usage from the 10th
    // (the 12th's 30, not the 5th's 80, before the start) and April's to the 9th (5; the 20th's 7 is past it): top-up 65.
    const onTenth = testPackage({ ...commitment, matchDays: [10] });
    const assignment = testAssignment({ startDate: '2026-03-10', quantity: 2 });
    const march = [testUsage({ day: '2026-03-05', charge: '80' }), testUsage({ day: '2026-03-12', charge: '30' })];
    expect(packageLines([assignment], [onTenth], march, MARCH).topUps).toEqual([]);
    const april = [testUsage({ day: '2026-04-02', charge: '5' }), testUsage({ day: '2026-04-20', charge: '7' })];
    const lines = packageLines([assignment], [onTenth], april, { start: '2026-04-01', end: '2026-04-30' }, { earlierUsage: march });
    expect(lines.topUps).toMatchObject([{ unitPrice: '65.000000', startDate: '2026-03-10', endDate: '2026-04-09' }]);
  });

  it('a monthly commitment on weekly invoices is settled once, on the week holding the month\'s last day, against the whole month', () => {
    // Delta Wholesale of the demo: $500 a month from the 1st, invoiced weekly (Monday to Sunday).
    const monthly = testPackage({ ...commitment, name: 'Minimum Spend Commitment', retail: '500', matchDays: [1] });
    const assignment = testAssignment({ startDate: '2026-10-01' });
    const november = Array.from({ length: 30 }, (_, i) => testUsage({ id: `n${i}`, day: `2026-11-${String(i + 1).padStart(2, '0')}`, charge: '15.50' }));
    const december = [testUsage({ id: 'd1', day: '2026-12-01', charge: '9.83' })];
    // The weeks inside November settle nothing.
    for (const week of [{ start: '2026-11-02', end: '2026-11-08' }, { start: '2026-11-23', end: '2026-11-29' }]) {
      expect(packageLines([assignment], [monthly], november, week, { earlierUsage: november }).topUps, week.start).toEqual([]);
    }
    // The week of November 30 to December 6 holds November's last day: November's $465.00 against $500.
    const week = { start: '2026-11-30', end: '2026-12-06' };
    const lines = packageLines([assignment], [monthly], [...november.slice(29), ...december], week, { earlierUsage: november.slice(0, 29) });
    expect(lines.topUps.map((l) => [l.description, l.startDate, l.endDate, l.unitPrice])).toEqual([
      ['Minimum Spend Commitment (minimum spend $500.00: usage before free minutes $465.00)', '2026-11-01', '2026-11-30', '35.000000'],
    ]);
    // A monthly invoice for November settles the same month, as before.
    expect(packageLines([assignment], [monthly], november, { start: '2026-11-01', end: '2026-11-30' }).topUps.map((l) => l.unitPrice)).toEqual(['35.000000']);
  });

  it('usageDaysNeeded: from the start of the earliest package period an invoice settles', () => {
    const monthly = testPackage({ ...commitment, matchDays: [1] });
    const fee = testPackage({ id: testUuid(9, 'c'), matchDays: [1] });
    const week = { start: '2026-11-30', end: '2026-12-06' };
    expect(usageDaysNeeded([testAssignment({ startDate: '2026-10-01' })], [monthly], week)).toEqual({ start: '2026-11-01', end: '2026-12-06' });
    // Started on November 12 with no billing day chosen (so the 12th's): the week holding December 11 settles from then.
    const fromTwelfth = testPackage({ ...commitment, matchDays: [] });
    expect(usageDaysNeeded([testAssignment({ startDate: '2026-11-12' })], [fromTwelfth], { start: '2026-12-07', end: '2026-12-13' })).toEqual({ start: '2026-11-12', end: '2026-12-13' });
    // A week settling nothing, a package without minimum spend: the period alone.
    expect(usageDaysNeeded([testAssignment({ startDate: '2026-10-01' })], [monthly], { start: '2026-11-02', end: '2026-11-08' })).toEqual({ start: '2026-11-02', end: '2026-11-08' });
    expect(usageDaysNeeded([testAssignment({ packageId: fee.id, startDate: '2026-10-01' })], [fee], week)).toEqual(week);
  });
});

describe('setupFeeBilling: the setup Add Invoice Item fills in', () => {
  const did = testPackage({ id: testUuid(1, 'c'), setup: '10' });
  const other = testPackage({ id: testUuid(2, 'c'), setup: '5' });
  const assignments = [
    testAssignment({ id: testUuid(1, 'd'), packageId: did.id, quantity: 10, startDate: '2026-01-15' }),
    testAssignment({ id: testUuid(2, 'd'), packageId: other.id, quantity: 3 }),
  ];
  const setupLine = (packageId: string, quantity: string) => ({ kind: 'setup' as const, packageId, quantity });
  const january = testInvoice({ id: testUuid(1, 'e'), number: 'INV-1', status: 'issued', periodStart: '2026-01-01', periodEnd: '2026-01-31' });

  it('fills in the whole assignment while no invoice bills its setup', () => {
    expect(setupFeeBilling(did.id, assignments, [])).toEqual({ assigned: '10', billedOn: [], givenBackOn: [], unbilled: '10', quantity: '10' });
    // Another package's setup, a package charge of this one, a void invoice's setup: none bills it.
    const voided = testInvoice({ id: testUuid(2, 'e'), number: 'INV-2', status: 'void' });
    const lines = [setupLine(other.id, '3'), { kind: 'package' as const, packageId: did.id, quantity: '10' }];
    expect(setupFeeBilling(did.id, assignments, [{ invoice: january, lines }, { invoice: voided, lines: [setupLine(did.id, '10')] }]).quantity).toBe('10');
  });

  it('says where the setup was billed, and fills in 1 once every item is billed (the clerk may still add it)', () => {
    const billed = setupFeeBilling(did.id, assignments, [{ invoice: january, lines: [setupLine(did.id, '10')] }]);
    expect(billed).toEqual({ assigned: '10', billedOn: [{ invoice: january, quantity: '10' }], givenBackOn: [], unbilled: '0', quantity: '1' });
    // Billed beyond what is assigned (an assignment made smaller since): nothing left either.
    expect(setupFeeBilling(did.id, assignments, [{ invoice: january, lines: [setupLine(did.id, '12')] }])).toMatchObject({ unbilled: '0', quantity: '1' });
  });

  it('fills in the items not billed yet: an assignment added since, a part billed by hand, a setup refunded', () => {
    const more = [...assignments, testAssignment({ id: testUuid(3, 'd'), packageId: did.id, quantity: 2, startDate: '2026-03-10' })];
    const draft = testInvoice({ id: testUuid(3, 'e') });
    const billed = setupFeeBilling(did.id, more, [
      { invoice: january, lines: [setupLine(did.id, '10')] },
      // The invoice being edited, as it is now: one item added by hand.
      { invoice: draft, lines: [setupLine(did.id, '1.00')] },
    ]);
    expect(billed).toEqual({ assigned: '12', billedOn: [{ invoice: january, quantity: '10' }, { invoice: draft, quantity: '1' }], givenBackOn: [], unbilled: '1', quantity: '1' });
    // A setup line and its refund on one invoice bill nothing.
    expect(setupFeeBilling(did.id, more, [{ invoice: january, lines: [setupLine(did.id, '10'), setupLine(did.id, '-10')] }])).toMatchObject({ billedOn: [], quantity: '12' });
  });

  it("names the credit note that gives setups back beside the invoice that billed them, so Generate's note adds up to what it bills again", () => {
    // November: 2 DIDs from the 1st; INV-1 billed both setups, credit note CN-1 (1 × -10.00) gives one back.
    const did2 = testAssignment({ id: testUuid(4, 'd'), packageId: did.id, quantity: 2, startDate: '2026-11-01' });
    const november = testInvoice({ id: testUuid(4, 'e'), number: 'INV-1', status: 'issued', periodStart: '2026-11-01', periodEnd: '2026-11-30' });
    const creditNote = testInvoice({ id: testUuid(5, 'e'), number: 'CN-1', status: 'issued', periodStart: '2026-11-01', periodEnd: '2026-11-30' });
    const invoices = [
      { invoice: november, lines: [{ ...setupLine(did.id, '2'), unitPrice: '10.00', startDate: '2026-11-01' }] },
      { invoice: creditNote, lines: [{ ...setupLine(did.id, '1'), unitPrice: '-10.00', startDate: '2026-11-01' }] },
    ];
    expect(setupFeeBilling(did.id, [did2], invoices)).toEqual({
      assigned: '2',
      billedOn: [{ invoice: november, quantity: '2' }],
      givenBackOn: [{ invoice: creditNote, quantity: '1' }],
      unbilled: '1',
      quantity: '1',
    });
    // Generate for November bills the setup given back, and leaves out the other, naming both invoices.
    const generated = packageLines([did2], [did], [], { start: '2026-11-01', end: '2026-11-30' }, { invoices });
    expect(generated.charges.filter((l) => l.kind === 'setup').map((l) => l.quantity)).toEqual(['1']);
    expect(generated.setupsLeftOut).toMatchObject([{ charge: 'setup', quantity: '1', assigned: '2', billedOn: [{ invoice: november, quantity: '2' }], givenBackOn: [{ invoice: creditNote, quantity: '1' }] }]);
  });
});

describe("onceChargeBilling 'one-off': the one-off charge Add Invoice Item fills in and says is billed", () => {
  const portIn = testPackage({ id: testUuid(5, 'c'), name: 'Port-in fee', frequency: 'none', retail: '25', setup: '0' });
  const assignments = [testAssignment({ id: testUuid(5, 'd'), packageId: portIn.id, quantity: 1, startDate: '2026-01-15' })];
  const charge = (quantity: string, unitPrice = '25') => ({ kind: 'package' as const, packageId: portIn.id, quantity, unitPrice, startDate: '2026-01-15' });
  const inv3 = testInvoice({ id: testUuid(5, 'e'), number: 'INV-3', status: 'issued' });
  const creditNote = testInvoice({ id: testUuid(6, 'e'), number: 'INV-4', status: 'issued' });

  it('names the invoice billing it by its package line, as a setup by its setup line, and fills in 1', () => {
    expect(onceChargeBilling('one-off', portIn.id, assignments, [])).toEqual({ assigned: '1', billedOn: [], givenBackOn: [], unbilled: '1', quantity: '1' });
    const billed = onceChargeBilling('one-off', portIn.id, assignments, [{ invoice: inv3, lines: [charge('1'), { kind: 'setup', packageId: portIn.id, quantity: '1' }] }]);
    expect(billed).toEqual({ assigned: '1', billedOn: [{ invoice: inv3, quantity: '1' }], givenBackOn: [], unbilled: '0', quantity: '1' });
    // Its setup lines are the setup's count, not the one-off's.
    expect(onceChargeBilling('setup', portIn.id, assignments, [{ invoice: inv3, lines: [charge('1')] }]).billedOn).toEqual([]);
  });

  it('gives the charge back when a credit note refunds it below zero, as it gives a setup back; the refund is named as giving it back, not billing it', () => {
    const refunded = onceChargeBilling('one-off', portIn.id, assignments, [
      { invoice: inv3, lines: [charge('1')] },
      { invoice: creditNote, lines: [charge('1', '-25')] },
    ]);
    expect(refunded).toEqual({ assigned: '1', billedOn: [{ invoice: inv3, quantity: '1' }], givenBackOn: [{ invoice: creditNote, quantity: '1' }], unbilled: '1', quantity: '1' });
    // A setup refunded so reads the same.
    const setup = (quantity: string, unitPrice: string) => ({ kind: 'setup' as const, packageId: portIn.id, quantity, unitPrice });
    expect(onceChargeBilling('setup', portIn.id, assignments, [{ invoice: inv3, lines: [setup('1', '5')] }, { invoice: creditNote, lines: [setup('1', '-5')] }])).toEqual(refunded);
  });
});

describe('retailPriceLabel: the retail price named for what it is', () => {
  it('is a price per period for a recurring package, charged once for a one-off', () => {
    expect(retailPriceLabel('monthly')).toBe('Retail price per period');
    expect(retailPriceLabel('daily')).toBe('Retail price per period');
    expect(retailPriceLabel('none')).toBe('Price (charged once)');
  });
});

describe('packageLines: a one-off charge billed already is not billed again', () => {
  // A one-off fee (frequency 'none') with a setup too: each is counted on its own lines.
  const portIn = testPackage({ id: testUuid(1, 'c'), name: 'Port-in fee', frequency: 'none', matchDays: [], retail: '15', setup: '2' });
  const assignment = testAssignment({ packageId: portIn.id, quantity: 3, startDate: '2026-03-10' });
  const packageLine = (quantity: string, startDate: string | null = '2026-03-01') => ({ kind: 'package' as const, packageId: portIn.id, quantity, startDate });
  const byHand = testInvoice({ id: testUuid(1, 'e'), number: 'INV-3', status: 'issued', periodStart: null, periodEnd: null });
  const generate = (invoices: PackageLinesOptions['invoices']) => packageLines([assignment], [portIn], [], MARCH, { invoices });
  const oneOff = (lines: ReturnType<typeof packageLines>) => lines.charges.filter((l) => l.kind === 'package').map((l) => l.quantity);

  it('leaves out the charge an invoice made by hand bills already, and says where', () => {
    const march = generate([{ invoice: byHand, lines: [packageLine('3')] }]);
    expect(oneOff(march)).toEqual([]);
    // Its setup is not billed on INV-3: still billed.
    expect(march.charges.map((l) => [l.kind, l.quantity])).toEqual([['setup', '3']]);
    expect(march.setupsLeftOut).toEqual([
      { charge: 'one-off', packageId: portIn.id, packageName: 'Port-in fee', quantity: '3', assigned: '3', billedOn: [{ invoice: byHand, quantity: '3' }], givenBackOn: [] },
    ]);
    // An undated line counts too.
    expect(oneOff(generate([{ invoice: byHand, lines: [packageLine('3', null)] }]))).toEqual([]);
  });

  it('bills the items not billed yet when part is billed, and all of them when the billing invoice is void or its line stands for a later assignment', () => {
    const partly = generate([{ invoice: byHand, lines: [packageLine('1')] }]);
    expect(oneOff(partly)).toEqual(['2']);
    expect(partly.setupsLeftOut).toMatchObject([{ charge: 'one-off', quantity: '1', assigned: '3' }]);
    const voided = generate([{ invoice: { ...byHand, status: 'void' }, lines: [packageLine('3')] }]);
    expect(oneOff(voided)).toEqual(['3']);
    expect(voided.setupsLeftOut).toEqual([]);
    // Dated after the period, for April's items: March's are still to bill.
    const april = testAssignment({ id: testUuid(9, 'd'), packageId: portIn.id, quantity: 3, startDate: '2026-04-05' });
    const withApril = packageLines([assignment, april], [portIn], [], MARCH, { invoices: [{ invoice: byHand, lines: [packageLine('3', '2026-04-05')] }] });
    expect(oneOff(withApril)).toEqual(['3']);
    expect(withApril.setupsLeftOut).toEqual([]);
  });

  it("counts a line dated after the period for this period's items when no later assignment is left for it: March's fee charged by hand on an April invoice is not billed again", () => {
    const billedLate = generate([{ invoice: byHand, lines: [packageLine('3', '2026-04-01')] }]);
    expect(oneOff(billedLate)).toEqual([]);
    expect(billedLate.setupsLeftOut).toMatchObject([{ charge: 'one-off', quantity: '3', assigned: '3', billedOn: [{ invoice: byHand, quantity: '3' }] }]);
    // Beyond a later assignment's items: only the rest counts for March.
    const april = testAssignment({ id: testUuid(9, 'd'), packageId: portIn.id, quantity: 2, startDate: '2026-04-05' });
    const some = packageLines([assignment, april], [portIn], [], MARCH, { invoices: [{ invoice: byHand, lines: [packageLine('3', '2026-04-05')] }] });
    expect(oneOff(some)).toEqual(['2']);
  });

  it('counts a refund (a credit note, negative quantity) as unbilled again, as setups do: billed by the next Generate', () => {
    const creditNote = testInvoice({ id: testUuid(2, 'e'), number: 'CN-1', status: 'issued', periodStart: null, periodEnd: null });
    const refunded = generate([
      { invoice: byHand, lines: [packageLine('3')] },
      { invoice: creditNote, lines: [packageLine('-1')] },
    ]);
    expect(oneOff(refunded)).toEqual(['1']);
    // The credit note gives one back and is not named as billing it.
    expect(refunded.setupsLeftOut).toMatchObject([{ charge: 'one-off', quantity: '2', billedOn: [{ invoice: byHand, quantity: '3' }] }]);
    expect(refunded.setupsLeftOut[0]!.billedOn).toHaveLength(1);
  });

  it("dates the charge its one day, the assignment's start, as Add Invoice Item dates it: not the rest of the period", () => {
    const march = generate([]);
    const line = march.charges.find((l) => l.kind === 'package')!;
    expect([line.startDate, line.endDate]).toEqual(['2026-03-10', '2026-03-10']);
    expect(packageChargeDates({ ...portIn, assignmentStarts: [assignment.startDate] }, MARCH)).toEqual({ start: line.startDate, end: line.endDate });
    // Its setup, billed once too, is dated so already.
    expect(march.charges.filter((l) => l.kind === 'setup').map((l) => [l.startDate, l.endDate])).toEqual([['2026-03-10', '2026-03-10']]);
    // Assigned for a few days only, the day is still its start.
    const fewDays = packageLines([{ ...assignment, endDate: '2026-03-12' }], [portIn], [], MARCH).charges.find((l) => l.kind === 'package')!;
    expect([fewDays.startDate, fewDays.endDate]).toEqual(['2026-03-10', '2026-03-10']);
  });

  it('a recurring package line is no one-off: billed whatever other invoices bill of it', () => {
    const monthly = { ...portIn, frequency: 'monthly' as const };
    const lines = packageLines([testAssignment({ packageId: portIn.id, startDate: '2026-01-01' })], [monthly], [], MARCH, { invoices: [{ invoice: byHand, lines: [packageLine('1')] }] });
    expect(lines.charges.map((l) => l.kind)).toEqual(['package']);
    expect(lines.setupsLeftOut).toEqual([]);
  });
});

describe('oneChargeWording and rewordedCharge (Add Invoice Item: a package line worded for the quantity typed)', () => {
  const did = testPackage({ name: 'DID rental', frequency: 'monthly', matchDays: [1] });

  it('words one period of the quantity as an assignment of it: several are items, each for one period', () => {
    expect(oneChargeWording(did, '1')).toEqual({ description: 'DID rental', unit: 'month' });
    expect(oneChargeWording(did, '1.00')).toEqual({ description: 'DID rental', unit: 'month' });
    expect(oneChargeWording(did, '10', 'DID rental — Finland')).toEqual({ description: 'DID rental — Finland (1 month each)', unit: 'each' });
    expect(oneChargeWording(did, '2.5')).toEqual({ description: 'DID rental (1 month each)', unit: 'each' });
    // Billed on several days of the month, a charge is no month.
    expect(oneChargeWording(testPackage({ name: 'Support', frequency: 'monthly', matchDays: [1, 15] }), '3')).toEqual({ description: 'Support (1 charge each)', unit: 'each' });
    // A one-off package reads the same whatever the quantity.
    expect(oneChargeWording(testPackage({ name: 'Porting', frequency: 'none', matchDays: [] }), '4')).toEqual({ description: 'Porting', unit: 'each' });
  });

  it('waits while the quantity typed is not a number yet', () => {
    for (const typed of ['', '1.', '-', '1,5', ' 10']) expect(oneChargeWording(did, typed)).toBeUndefined();
  });

  it('a description or unit still as filled in follows the new quantity; one edited by hand is kept', () => {
    const one = oneChargeWording(did, '1')!;
    const ten = oneChargeWording(did, '10')!;
    expect(rewordedCharge(one, one, ten)).toEqual(ten);
    expect(rewordedCharge({ ...one, description: 'Finnish numbers' }, one, ten)).toEqual({ description: 'Finnish numbers', unit: 'each' });
    expect(rewordedCharge({ ...ten, unit: 'DID' }, ten, one)).toEqual({ description: 'DID rental', unit: 'DID' });
  });
});
