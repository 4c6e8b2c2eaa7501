import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billingDay } from './dates';
import { LOCAL_DESTINATION_NAME, callingCodeName } from './destinations';
import type { InvoiceLine, Usage } from './entities';
import { billedMinutes, currentDayLineLabel, groupUsage, groupUsageByDay, groupUsageByDestination, isInternalCallsLine, prepareUsage, selectBillableUsage, unitAfter, usageInPeriod, usageLineGrouping } from './grouping';
import { addDecimals, compareDecimals, decimalToString, subtractDecimals } from './money';
import { CUSTOMER_ID, OTHER_CUSTOMER_ID, testUsage } from './test-fixtures';
import { computeTotals } from './totals';

const MARCH = { start: '2026-03-01', end: '2026-03-31' };

const rows = [
  testUsage({ day: '2026-03-01', destination: '4420', destinationName: 'UK London', calls: 10, billedSeconds: 600, charge: '1.234567' }),
  testUsage({ day: '2026-03-02', destination: '4420', destinationName: 'UK London', calls: 5, billedSeconds: 300, charge: '0.617284' }),
  testUsage({ day: '2026-03-01', destination: '1212', destinationName: 'US New York', calls: 3, billedSeconds: 90, charge: '0.05' }),
  testUsage({ day: '2026-03-02', destination: '33', destinationName: 'France', calls: 1, billedSeconds: 61, charge: '2.000001' }),
];

describe('groupUsageByDestination', () => {
  it('sums charges exactly per destination, largest amount first', () => {
    const lines = groupUsageByDestination(rows);
    expect(lines.map((l) => [l.description, l.amount, l.calls, l.minutes, l.unitPrice, l.startDate, l.endDate])).toEqual([
      // 2.000001; 61 s = 1.0167 min → 1.02; rate 2.000001 × 60 / 61 = 1.96721409… → 1.967214
      ['France (33)', '2.000001', 1, '1.02', '1.967214', '2026-03-02', '2026-03-02'],
      // 1.234567 + 0.617284 = 1.851851; 900 s = 15.00 min; rate 1.851851 / 15 = 0.1234567… → 0.123457
      ['UK London (4420)', '1.851851', 15, '15.00', '0.123457', '2026-03-01', '2026-03-02'],
      // 0.05; 90 s = 1.50 min; rate 0.05 / 1.5 = 0.0333… → 0.033333
      ['US New York (1212)', '0.050000', 3, '1.50', '0.033333', '2026-03-01', '2026-03-01'],
    ]);
    expect(lines.every((l) => l.kind === 'usage' && l.unit === 'min' && l.quantity === l.minutes)).toBe(true);
    // Nets 2.00 + 1.85 + 0.05 = 3.90; 20% tax 0.78; total 4.68
    expect(computeTotals(lines.map((l) => ({ ...l, taxRate: '20' })), 'USD')).toMatchObject({ net: '3.90', tax: '0.78', total: '4.68' });
  });

  it('breaks amount ties by name then prefix, and shows the latest name of a renamed destination', () => {
    const lines = groupUsageByDestination([
      testUsage({ destination: '49', destinationName: 'Germany', charge: '1' }),
      testUsage({ destination: '44', destinationName: 'UK', charge: '1', day: '2026-03-01' }),
      testUsage({ destination: '44', destinationName: 'United Kingdom Fixed', charge: '0', day: '2026-03-05' }),
      testUsage({ destination: '4', destinationName: 'Germany', charge: '1' }),
      testUsage({ destination: '', destinationName: '', charge: '0' }),
    ]);
    expect(lines.map((l) => l.description)).toEqual(['Germany (4)', 'Germany (49)', 'United Kingdom Fixed (44)', 'Unknown destination']);
  });

  it('keeps a destination’s name when later usage came without one (an Asterisk file after a softswitch export)', () => {
    const rows = [
      testUsage({ destination: '49', destinationName: 'Germany', charge: '1', day: '2026-03-01' }),
      testUsage({ destination: '49', destinationName: '', charge: '1', day: '2026-03-05' }),
      testUsage({ destination: '33', destinationName: '', charge: '0.5', day: '2026-03-01' }),
    ];
    for (const order of [rows, [...rows].reverse()]) {
      expect(groupUsageByDestination(order).map((l) => l.description)).toEqual(['Germany (49)', '33']);
    }
  });

  it('keeps the name the CDR file gave over the country named for a later call the file left unnamed', () => {
    // Nov 3 and Nov 10 came named by the file; Nov 12 came without a name, and import named it by its country.
    const rows = [
      testUsage({ destination: '49', destinationName: 'Germany Mobile', charge: '1', day: '2026-11-03' }),
      testUsage({ destination: '49', destinationName: 'Germany Mobile', charge: '1', day: '2026-11-10' }),
      testUsage({ destination: '49', destinationName: 'Germany', charge: '1', day: '2026-11-12' }),
      testUsage({ destination: '33', destinationName: 'France', charge: '0.5', day: '2026-11-01' }),
      testUsage({ destination: '33', destinationName: '', charge: '0.5', day: '2026-11-02' }),
      testUsage({ destination: '5001', destinationName: 'Reception', charge: '0.2', day: '2026-11-01' }),
      testUsage({ destination: '5001', destinationName: 'Local/extension', charge: '0.2', day: '2026-11-02' }),
    ];
    for (const order of [rows, [...rows].reverse()]) {
      expect(groupUsageByDestination(order).map((l) => l.description)).toEqual(['Germany Mobile (49)', 'France (33)', 'Reception (5001)']);
    }
  });

  it('rejects a charge that is not an exact stored amount, naming the row', () => {
    expect(() => groupUsageByDestination([testUsage(), testUsage({ charge: '0.1234567' })])).toThrow(
      'usage[1].charge must have at most 6 decimals',
    );
    expect(() => groupUsageByDestination([testUsage({ charge: 'NaN' })])).toThrow(/^usage\[0\]\.charge /);
    expect(() => groupUsageByDay([testUsage({ billedSeconds: -1 })])).toThrow(/^usage\[0\]\.billedSeconds /);
  });
});

describe('usage rows without answered calls', () => {
  // Attempts that were not answered: usage rows with calls 0 and no charge (the usage summary counts them for ASR).
  const failed = (day: string, destination = '1212', destinationName = 'USA New York') =>
    testUsage({ day, destination, destinationName, calls: 0, attempts: 3, seconds: 0, billedSeconds: 0, charge: '0' });

  it('make no line, by destination or by day, and bill nothing', () => {
    expect(groupUsageByDestination([failed('2026-03-12')])).toEqual([]);
    expect(groupUsageByDay([failed('2026-03-12'), failed('2026-03-13', '4420', 'UK London')])).toEqual([]);
    const usage = [...rows, failed('2026-03-12'), failed('2026-03-12', '49', 'Germany')];
    expect(groupUsageByDestination(usage)).toEqual(groupUsageByDestination(rows));
    expect(groupUsageByDay(usage)).toEqual(groupUsageByDay(rows));
  });

  it("neither stretch a line's days nor name it", () => {
    const [line] = groupUsageByDestination([
      failed('2026-03-01', '4420', 'UK London (old)'),
      testUsage({ day: '2026-03-15', destination: '4420', destinationName: 'UK London', calls: 1, charge: '0.20' }),
      failed('2026-03-27', '4420', 'UK London (new)'),
    ]);
    expect([line!.description, line!.startDate, line!.endDate, line!.calls]).toEqual(['UK London (4420)', '2026-03-15', '2026-03-15', 1]);
  });

  it('still bill a charge without calls, and a free call', () => {
    const charged = testUsage({ day: '2026-03-03', destination: '1212', destinationName: 'USA New York', calls: 0, billedSeconds: 0, charge: '0.50' });
    const free = testUsage({ day: '2026-03-04', destination: '49', destinationName: 'Germany', calls: 2, billedSeconds: 120, charge: '0' });
    expect(groupUsageByDestination([charged, free]).map((l) => [l.description, l.calls, l.amount])).toEqual([
      ['USA New York (1212)', 0, '0.500000'],
      ['Germany (49)', 2, '0.000000'],
    ]);
    expect(groupUsageByDay([charged, free]).map((l) => [l.startDate, l.calls, l.amount])).toEqual([
      ['2026-03-03', 0, '0.500000'],
      ['2026-03-04', 2, '0.000000'],
    ]);
  });
});

describe('internal calls (to an extension or short code of the customer\'s switch, at no charge)', () => {
  // Extension 101 called from 100: an Asterisk Master.csv row, named Local/extension by the import.
  const internal = (day: string, destination = '101', more: Partial<Usage> = {}) =>
    testUsage({ day, destination, destinationName: LOCAL_DESTINATION_NAME, calls: 4, attempts: 4, seconds: 300, billedSeconds: 300, charge: '0', ...more });

  it('make no line, by destination or by day, as failed attempts make none, and are counted as left out', () => {
    expect(groupUsageByDestination([internal('2026-03-12'), internal('2026-03-13', '5001', { charge: '0.000000' })])).toEqual([]);
    const usage = [...rows, internal('2026-03-01'), internal('2026-03-02', '200')];
    expect(groupUsageByDestination(usage)).toEqual(groupUsageByDestination(rows));
    // A day's line counts only the calls it bills.
    expect(groupUsageByDay(usage)).toEqual(groupUsageByDay(rows));
    const table = selectBillableUsage(usage, CUSTOMER_ID, MARCH, 'USD');
    expect(table.rows).toEqual(rows);
    expect(table.internalCalls).toEqual({ calls: 8, billedSeconds: 600 });
    expect(prepareUsage(rows).internalCalls).toEqual({ calls: 0, billedSeconds: 0 });
  });

  it('are only those: a short code with a charge, or a free call to a phone number, is billed as ever', () => {
    const premium = internal('2026-03-03', '18118', { charge: '0.50' });
    const free = testUsage({ day: '2026-03-04', destination: '49', destinationName: 'Germany', calls: 2, billedSeconds: 120, charge: '0' });
    // The file named the extension: its name says nothing of what it is.
    const named = internal('2026-03-05', '5001', { destinationName: 'Reception' });
    expect(groupUsageByDestination([premium, free, named]).map((l) => [l.description, l.calls, l.amount])).toEqual([
      ['Local/extension (18118)', 4, '0.500000'],
      ['Germany (49)', 2, '0.000000'],
      ['Reception (5001)', 4, '0.000000'],
    ]);
  });

  it("tells the line Generate Invoice made of them before they were left out, as it stands on invoices issued then", () => {
    const line = (description: string, amount: string | null, kind: InvoiceLine['kind'] = 'usage') => ({ kind, description, amount });
    expect(isInternalCallsLine(line('Local/extension (101)', '0.000000'))).toBe(true);
    expect(isInternalCallsLine(line('Local/extension (101) — calls not on INV-1', '0'))).toBe(true);
    expect(isInternalCallsLine(line('Local/extension (18118)', '0.500000'))).toBe(false);
    expect(isInternalCallsLine(line('Germany (49)', '0'))).toBe(false);
    expect(isInternalCallsLine(line('Local/extension (101)', null, 'manual'))).toBe(false);
  });
});

describe('groupUsageByDay', () => {
  it('sums per day in day order', () => {
    const lines = groupUsageByDay(rows);
    expect(lines.map((l) => [l.description, l.amount, l.calls, l.minutes])).toEqual([
      ['Calls on Mar 1, 2026', '1.284567', 13, '11.50'], // 1.234567 + 0.05; 690 s
      ['Calls on Mar 2, 2026', '2.617285', 6, '6.02'], //   0.617284 + 2.000001; 361 s = 6.0167 min
    ]);
    // Nets 1.28 + 2.62 = 3.90, the same as by destination here
    expect(computeTotals(lines.map((l) => ({ ...l, taxRate: '0' })), 'USD').net).toBe('3.90');
  });

  it('may differ from destination grouping by per-line rounding only', () => {
    // Two destinations of 0.004 on one day: by destination 0.00 + 0.00 = 0.00; by day 0.008 → 0.01
    const usage = [testUsage({ destination: '44', charge: '0.004' }), testUsage({ destination: '49', charge: '0.004' })];
    const total = (grouping: 'day' | 'destination') =>
      computeTotals(groupUsage(usage, grouping).map((l) => ({ ...l, taxRate: '0' })), 'USD').net;
    expect(total('destination')).toBe('0.00');
    expect(total('day')).toBe('0.01');
  });

  it('groups calls by their billing day across DST changes (Europe/London and America/New_York)', () => {
    // CDRs rolled up the way CDR import does it: billing day in the account's zone × destination.
    const rollUp = (cdrs: { at: string; charge: string }[], zone: string): Usage[] => {
      const byDay = new Map<string, Usage>();
      for (const cdr of cdrs) {
        const day = billingDay(cdr.at, zone);
        const row = byDay.get(day) ?? testUsage({ day, calls: 0, billedSeconds: 0, charge: '0' });
        byDay.set(day, { ...row, calls: row.calls + 1, billedSeconds: row.billedSeconds + 60, charge: addDecimals(row.charge, cdr.charge) });
      }
      return [...byDay.values()];
    };
    const london = groupUsageByDay(
      rollUp(
        [
          { at: '2026-10-24T22:30:00Z', charge: '0.10' }, // 23:30 BST, 24 Oct
          { at: '2026-10-24T23:30:00Z', charge: '0.20' }, // 00:30 BST, 25 Oct (a 25-hour day)
          { at: '2026-10-25T00:30:00Z', charge: '0.30' }, // 01:30 BST, 25 Oct
          { at: '2026-10-25T01:30:00Z', charge: '0.40' }, // 01:30 GMT, 25 Oct: the repeated hour
          { at: '2026-10-25T23:30:00Z', charge: '0.50' }, // 23:30 GMT, 25 Oct
          { at: '2026-10-26T00:30:00Z', charge: '0.60' }, // 00:30 GMT, 26 Oct
        ],
        'Europe/London',
      ),
    );
    expect(london.map((l) => [l.startDate, l.calls, l.amount])).toEqual([
      ['2026-10-24', 1, '0.100000'],
      ['2026-10-25', 4, '1.400000'], // 0.20 + 0.30 + 0.40 + 0.50
      ['2026-10-26', 1, '0.600000'],
    ]);
    const newYork = groupUsageByDay(
      rollUp(
        [
          { at: '2026-03-08T04:30:00Z', charge: '1' }, // 23:30 EST, 7 Mar
          { at: '2026-03-08T06:59:00Z', charge: '2' }, // 01:59 EST, 8 Mar (a 23-hour day)
          { at: '2026-03-08T07:00:00Z', charge: '3' }, // 03:00 EDT, 8 Mar
          { at: '2026-03-09T03:30:00Z', charge: '4' }, // 23:30 EDT, 8 Mar
          { at: '2026-03-09T04:30:00Z', charge: '5' }, // 00:30 EDT, 9 Mar
        ],
        'America/New_York',
      ),
    );
    expect(newYork.map((l) => [l.startDate, l.calls, l.amount])).toEqual([
      ['2026-03-07', 1, '1.000000'],
      ['2026-03-08', 3, '9.000000'], // 2 + 3 + 4
      ['2026-03-09', 1, '5.000000'],
    ]);
  });
});

describe('usageLineGrouping', () => {
  const manual = { kind: 'manual' as const, description: 'Number porting fee', startDate: '2026-03-01', endDate: '2026-03-01' };

  it('reads the grouping from the lines generation made, whatever the account says now', () => {
    expect(usageLineGrouping(groupUsageByDay(rows))).toBe('day');
    expect(usageLineGrouping(groupUsageByDestination(rows))).toBe('destination');
    expect(usageLineGrouping([manual, ...groupUsageByDay(rows)])).toBe('day');
  });

  it('tells one day of usage by day from destinations each used on a single, different day', () => {
    // One line per destination, each on one day, no day shared: the dates alone fit both groupings.
    const singleDays = [rows[2]!, rows[3]!];
    expect(groupUsageByDestination(singleDays).map((l) => [l.startDate, l.endDate])).toEqual([
      ['2026-03-02', '2026-03-02'],
      ['2026-03-01', '2026-03-01'],
    ]);
    expect(usageLineGrouping(groupUsageByDestination(singleDays))).toBe('destination');
    expect(usageLineGrouping(groupUsageByDay([rows[0]!]))).toBe('day');
  });

  it('reads by day the lines of an invoice generated when a day\'s line was described "Usage 2026-03-01" or "Calls on 1 Mar 2026"', () => {
    // One line on one day: the dates fit both groupings, the description decides.
    const [first] = groupUsageByDay([rows[0]!]);
    expect(first!.description).toBe('Calls on Mar 1, 2026');
    expect(usageLineGrouping([{ ...first!, description: 'Usage 2026-03-01' }])).toBe('day');
    expect(usageLineGrouping([{ ...first!, description: 'Calls on 1 Mar 2026' }])).toBe('day');
    expect(usageLineGrouping([{ ...first!, description: 'Calls on 1 Mar 2026 — calls not on INV-2' }])).toBe('day');
    expect(usageLineGrouping([{ ...first!, description: 'Usage 2026-03-02' }])).toBe('destination');
    expect(usageLineGrouping([{ ...first!, description: 'Calls on 2 Mar 2026' }])).toBe('destination');
    expect(usageLineGrouping([{ ...first!, description: 'Calls on Mar 2, 2026' }])).toBe('destination');
    expect(usageLineGrouping([{ ...first!, description: 'Calls on 01 Mar 2026' }])).toBe('destination');
  });

  it('writes by-day labels as generation does now, whichever way they were written', () => {
    expect(currentDayLineLabel('Calls on 1 Mar 2026')).toBe('Calls on Mar 1, 2026');
    expect(currentDayLineLabel('Usage 2026-03-01')).toBe('Calls on Mar 1, 2026');
    expect(currentDayLineLabel('Calls on Mar 1, 2026')).toBe('Calls on Mar 1, 2026');
    expect(currentDayLineLabel('Calls on 30 Feb 2026')).toBe('Calls on 30 Feb 2026');
    expect(currentDayLineLabel('Germany (49)')).toBe('Germany (49)');
  });

  it('keeps a by-day invoice by day when the user renamed a line', () => {
    const [first, second] = groupUsageByDay(rows);
    expect(usageLineGrouping([{ ...first!, description: 'Calls on 1 March' }, second!])).toBe('day');
  });

  it('is null for an invoice without usage lines', () => {
    expect(usageLineGrouping([manual])).toBeNull();
    expect(usageLineGrouping([])).toBeNull();
  });
});

describe('selectBillableUsage', () => {
  const usage = [
    testUsage({ day: '2026-02-28', charge: '1' }),
    testUsage({ day: '2026-03-01', charge: '2', destination: '49' }),
    testUsage({ day: '2026-03-15', charge: '3', customerId: OTHER_CUSTOMER_ID, currency: 'EUR' }),
    testUsage({ day: '2026-03-31', charge: '4.5' }),
    testUsage({ day: '2026-04-01', charge: '5' }),
  ];

  it('reads the customer’s rows in the period once, into columns', () => {
    const table = selectBillableUsage(usage, CUSTOMER_ID, MARCH, 'USD');
    expect(table.rows.map((r) => r.charge)).toEqual(['2', '4.5']);
    expect([...table.charges]).toEqual([2_000_000, 4_500_000]); // millionths
    expect([...table.days]).toEqual([20260301, 20260331]);
    expect(table.destinations).toEqual(['49', '4420']);
    // The same lines as grouping the plain rows
    expect(groupUsageByDestination(table)).toEqual(groupUsageByDestination(usageInPeriod(usage, CUSTOMER_ID, MARCH)));
  });

  it('refuses a billable row in another currency, naming it by its index in the input', () => {
    expect(() => selectBillableUsage(usage, OTHER_CUSTOMER_ID, MARCH, 'USD')).toThrow(
      `usage[2].currency must be the customer's currency USD, got "EUR"`,
    );
  });

  it('keeps charges past 2^53 millionths exact', () => {
    // 2 × 999,999,999,999,999.999999 = 1,999,999,999,999,999.999998: a double would say 2e15
    const big = [testUsage({ charge: '999999999999999.999999' }), testUsage({ charge: '999999999999999.999999', day: '2026-03-02' })];
    expect(groupUsageByDestination(big)[0]!.amount).toBe('1999999999999999.999998');
    expect(groupUsageByDay(prepareUsage(big)).map((l) => l.amount)).toEqual(['999999999999999.999999', '999999999999999.999999']);
  });

  it('names a malformed day', () => {
    expect(() => prepareUsage([testUsage(), testUsage({ day: '2026-3-1' })])).toThrow(/^usage\[1\]\.day must be a date/);
  });
});

describe('usageInPeriod', () => {
  it('keeps the customer’s rows with a day inside the inclusive period', () => {
    const usage = [
      testUsage({ day: '2026-02-28' }),
      testUsage({ day: '2026-03-01' }),
      testUsage({ day: '2026-03-31' }),
      testUsage({ day: '2026-04-01' }),
      testUsage({ day: '2026-03-15', customerId: OTHER_CUSTOMER_ID }),
    ];
    expect(usageInPeriod(usage, CUSTOMER_ID, { start: '2026-03-01', end: '2026-03-31' }).map((u) => u.day)).toEqual([
      '2026-03-01',
      '2026-03-31',
    ]);
  });
});

const usageArb: fc.Arbitrary<Usage> = fc
  .record({
    day: fc.integer({ min: 1, max: 28 }).map((d) => `2026-02-${String(d).padStart(2, '0')}`),
    destination: fc.constantFrom('44', '4420', '1', '1212', '49', '33'),
    calls: fc.integer({ min: 0, max: 500 }),
    billedSeconds: fc.integer({ min: 0, max: 100_000 }),
    charge: fc
      .tuple(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }))
      .map(([units, scale]) => decimalToString({ units, scale })),
    // A name the file gave (two, as a renamed destination), the one import derives (its country), or none.
    name: fc.constantFrom('file', 'renamed', 'derived', 'none'),
  })
  .map(({ name, ...fields }) =>
    testUsage({
      ...fields,
      destinationName: { file: `Destination ${fields.destination}`, renamed: `Renamed ${fields.destination}`, derived: callingCodeName(fields.destination)!, none: '' }[name],
    }),
  );

describe('grouping properties', () => {
  it('by destination and by day cover the same unrounded sum; rounded nets differ by at most half a minor unit per line', () => {
    fc.assert(
      fc.property(fc.array(usageArb, { maxLength: 60 }), (usage) => {
        const byDestination = groupUsageByDestination(usage);
        const byDay = groupUsageByDay(usage);
        const exact = addDecimals('0', ...usage.map((u) => u.charge));
        expect(compareDecimals(addDecimals('0', ...byDestination.map((l) => l.amount!)), exact)).toBe(0);
        expect(compareDecimals(addDecimals('0', ...byDay.map((l) => l.amount!)), exact)).toBe(0);
        const sumOf = (f: (l: (typeof byDay)[number]) => number, lines: typeof byDay) => lines.reduce((s, l) => s + f(l), 0);
        expect(sumOf((l) => l.calls!, byDestination)).toBe(sumOf((l) => l.calls!, byDay));
        // No line bills nothing: each has a call or a charge.
        for (const line of [...byDestination, ...byDay]) expect(line.calls! > 0 || compareDecimals(line.amount!, '0') !== 0).toBe(true);

        const net = (lines: typeof byDay) => computeTotals(lines.map((l) => ({ ...l, taxRate: '0' })), 'USD').net;
        const difference = subtractDecimals(net(byDestination), net(byDay)).replace('-', '');
        const bound = decimalToString({ units: BigInt(byDestination.length + byDay.length) * 5n, scale: 3 }); // (n + m) × 0.005
        expect(compareDecimals(difference, bound)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it("names a destination's line by the latest day's name the file gave; by the derived name only when the file gave none", () => {
    fc.assert(
      fc.property(fc.array(usageArb, { maxLength: 40 }), (usage) => {
        const billed = usage.filter((u) => u.calls > 0 || compareDecimals(u.charge, '0') !== 0);
        const lines = groupUsageByDestination(usage);
        for (const destination of new Set(billed.map((u) => u.destination))) {
          const rows = billed.filter((u) => u.destination === destination);
          const line = lines.find((l) => l.description === destination || l.description.endsWith(` (${destination})`));
          if (!line) continue; // Its calls and charges came to nothing: no line.
          const latest = (names: Usage[]) => names.sort((a, b) => (a.day === b.day ? (a.destinationName < b.destinationName ? -1 : 1) : a.day < b.day ? -1 : 1)).at(-1)?.destinationName;
          const derived = callingCodeName(destination)!;
          const expected = latest(rows.filter((u) => u.destinationName !== '' && u.destinationName !== derived)) ?? latest(rows.filter((u) => u.destinationName === derived)) ?? '';
          expect(line.description).toBe(expected === '' ? destination : `${expected} (${destination})`);
        }
      }),
    );
  });

  it('does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(
        fc.array(usageArb, { maxLength: 40 }).chain((usage) => fc.tuple(fc.constant(usage), fc.shuffledSubarray(usage, { minLength: usage.length }))),
        ([usage, shuffled]) => {
          expect(groupUsageByDestination(shuffled)).toEqual(groupUsageByDestination(usage));
          expect(groupUsageByDay(shuffled)).toEqual(groupUsageByDay(usage));
        },
      ),
    );
  });
});

describe('unitAfter', () => {
  it('puts generated units in the plural after a quantity other than 1, and leaves others as written', () => {
    expect([unitAfter('1', 'month'), unitAfter('1.00', 'month'), unitAfter('-1', 'week'), unitAfter('3', 'week'), unitAfter('0.5', 'day')]).toEqual([
      'month',
      'month',
      'week',
      'weeks',
      'days',
    ]);
    expect([unitAfter('2', 'each'), unitAfter('30.00', 'min'), unitAfter('2', 'hours'), unitAfter('2', '')]).toEqual(['each', 'min', 'hours', '']);
    expect([unitAfter('1', 'charge'), unitAfter('18', 'charge')]).toEqual(['charge', 'charges']);
  });
});

describe('billedMinutes: billed seconds as every screen shows minutes', () => {
  it('gives two decimals, half-up, exactly', () => {
    expect(billedMinutes(165)).toBe('2.75');
    expect(billedMinutes(90)).toBe('1.50');
    // 4,007,202 s: 66,786.7 minutes, as Past imports wrote it with one decimal.
    expect(billedMinutes(4_007_202)).toBe('66786.70');
    // 1 s is 0.01666… min: 0.02; 0 s: 0.00.
    expect(billedMinutes(1)).toBe('0.02');
    expect(billedMinutes(0)).toBe('0.00');
  });
});
