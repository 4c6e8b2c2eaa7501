import { describe, expect, it } from 'vitest';
import { currentPeriod, lastWholePeriod, planBillingRun, type BillingRunInput } from './billing-run';
import { addDays } from './dates';
import { LOCAL_DESTINATION_NAME } from './destinations';
import { generateInvoice } from './generate';
import { periodGivenBackNote } from './invoice-periods';
import { computeTotals } from './totals';
import { lineIdSequence, testAccount, testAssignment, testCustomer, testInvoice, testPackage, testUsage, testUuid } from './test-fixtures';

describe('lastWholePeriod', () => {
  it('is the previous calendar month for monthly customers, across a year end and a leap February', () => {
    expect(lastWholePeriod('monthly', '2026-04-01')).toEqual({ start: '2026-03-01', end: '2026-03-31' });
    expect(lastWholePeriod('monthly', '2026-04-30')).toEqual({ start: '2026-03-01', end: '2026-03-31' });
    expect(lastWholePeriod('monthly', '2027-01-15')).toEqual({ start: '2026-12-01', end: '2026-12-31' });
    expect(lastWholePeriod('monthly', '2028-03-02')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
  });

  it('is the previous Monday-to-Sunday week for weekly customers, whatever the weekday today', () => {
    // 2026-12-07 is a Monday, 2026-12-13 a Sunday.
    expect(lastWholePeriod('weekly', '2026-12-07')).toEqual({ start: '2026-11-30', end: '2026-12-06' });
    expect(lastWholePeriod('weekly', '2026-12-13')).toEqual({ start: '2026-11-30', end: '2026-12-06' });
    expect(lastWholePeriod('weekly', '2027-01-01')).toEqual({ start: '2026-12-21', end: '2026-12-27' });
  });

  it('is yesterday for daily customers', () => {
    expect(lastWholePeriod('daily', '2027-01-01')).toEqual({ start: '2026-12-31', end: '2026-12-31' });
    expect(lastWholePeriod('daily', '2028-03-01')).toEqual({ start: '2028-02-29', end: '2028-02-29' });
  });
});

describe('currentPeriod', () => {
  it("is the calendar month, the Monday-to-Sunday week or the day that holds today", () => {
    expect(currentPeriod('monthly', '2028-02-10')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(currentPeriod('monthly', '2026-12-31')).toEqual({ start: '2026-12-01', end: '2026-12-31' });
    // 2026-12-07 is a Monday, 2026-12-13 a Sunday; the week of 2027-01-01 (a Friday) starts in 2026.
    expect(currentPeriod('weekly', '2026-12-07')).toEqual({ start: '2026-12-07', end: '2026-12-13' });
    expect(currentPeriod('weekly', '2026-12-13')).toEqual({ start: '2026-12-07', end: '2026-12-13' });
    expect(currentPeriod('weekly', '2027-01-01')).toEqual({ start: '2026-12-28', end: '2027-01-03' });
    expect(currentPeriod('daily', '2028-02-29')).toEqual({ start: '2028-02-29', end: '2028-02-29' });
  });

  it('follows on from lastWholePeriod: the last whole period ends the day before the current one starts', () => {
    for (const schedule of ['monthly', 'weekly', 'daily'] as const) {
      for (const today of ['2026-01-01', '2026-03-01', '2027-12-31', '2028-02-29']) {
        const last = lastWholePeriod(schedule, today);
        const current = currentPeriod(schedule, today);
        expect(addDays(last.end, 1)).toBe(current.start);
        expect(currentPeriod(schedule, last.end)).toEqual(last);
      }
    }
  });
});

describe('planBillingRun', () => {
  const period = { start: '2026-03-01', end: '2026-03-31' };
  const did = testPackage({ id: testUuid(1, 'c'), name: 'DID rental', retail: '2.50', matchDays: [1] });
  const withUsage = testCustomer({ id: testUuid(1), name: 'Beta Voice' });
  const packageOnly = testCustomer({ id: testUuid(2), name: 'Alpha Carrier', status: 'inactive' });
  const invoiced = testCustomer({ id: testUuid(3), name: 'Gamma Tel' });
  const idle = testCustomer({ id: testUuid(4), name: 'Delta Lines' });
  const weekly = testCustomer({ id: testUuid(5), name: 'Epsilon', schedule: 'weekly' });
  const wrongCurrency = testCustomer({ id: testUuid(6), name: 'Zeta', currency: 'EUR' });
  const usage = [
    testUsage({ customerId: withUsage.id, day: '2026-03-05', charge: '1.005' }),
    testUsage({ customerId: withUsage.id, day: '2026-03-31', destination: '1212', destinationName: 'US New York', charge: '2.50' }),
    testUsage({ customerId: weekly.id, day: '2026-03-05', charge: '9' }),
    testUsage({ customerId: wrongCurrency.id, day: '2026-03-05', charge: '9', currency: 'USD' }),
  ];
  /** A line as the run is given it: priced as billing (1 × 10, calls of 1), of no package, unless told. */
  type Dated = Pick<BillingRunInput['lineDates'][number], 'invoiceId' | 'kind' | 'startDate' | 'endDate'> & Partial<BillingRunInput['lineDates'][number]>;
  const priced = (lines: readonly Dated[]): BillingRunInput['lineDates'] =>
    lines.map((line) => ({ quantity: '1', unitPrice: '10', amount: line.kind === 'usage' ? '1' : null, packageId: null, description: '', ...line }));
  const input = (overrides: Partial<BillingRunInput> = {}): BillingRunInput => ({
    account: testAccount(),
    customers: [withUsage, packageOnly, invoiced, idle, weekly, wrongCurrency],
    schedule: 'monthly',
    period,
    invoiceDate: '2026-04-01',
    assignments: [testAssignment({ id: testUuid(1, 'd'), customerId: packageOnly.id, packageId: did.id, quantity: 2 })],
    packages: [did],
    invoices: [
      testInvoice({ id: testUuid(1, 'e'), customerId: invoiced.id, periodStart: '2026-03-15', periodEnd: '2026-04-14', status: 'issued', number: 'INV-7' }),
      // Void, or for another period: no obstacle.
      testInvoice({ id: testUuid(2, 'e'), customerId: withUsage.id, status: 'void' }),
      testInvoice({ id: testUuid(3, 'e'), customerId: withUsage.id, periodStart: '2026-02-01', periodEnd: '2026-02-28' }),
    ],
    setupLines: [],
    lineDates: [],
    usageByCustomer: new Map([withUsage, weekly, wrongCurrency].map((c) => [c.id, usage.filter((u) => u.customerId === c.id)])),
    newId: lineIdSequence(),
    ...overrides,
  });

  it("takes the schedule's customers by name, each with Generate Invoice's draft or why it is left out", () => {
    const run = planBillingRun(input());
    expect(run.map((e) => [e.customer.name, e.outcome.kind])).toEqual([
      ['Alpha Carrier', 'draft'], // inactive since, but its DIDs ran in March
      ['Beta Voice', 'draft'],
      ['Delta Lines', 'nothing'],
      ['Gamma Tel', 'invoiced'],
      ['Zeta', 'failed'],
    ]);
    const gamma = run[3]!.outcome;
    expect(gamma.kind === 'invoiced' && gamma.invoices.map(({ invoice, days }) => [invoice.number, days])).toEqual([
      ['INV-7', [{ start: '2026-03-15', end: '2026-04-14', from: 'period' }]],
    ]);
    const zeta = run[4]!.outcome;
    expect(zeta.kind === 'failed' && zeta.reason).toMatch(/USD/);
  });

  it("leaves out a customer whose invoice without a period has items dated in the run's period, and not for items of another month, nor for fees alone", () => {
    // Made by hand: no period of its own, its DID charge dated March (and a fee dated February).
    const byHand = testInvoice({ id: testUuid(4, 'e'), customerId: packageOnly.id, periodStart: null, periodEnd: null, status: 'issued', number: 'INV-8' });
    const march = { invoiceId: byHand.id, kind: 'package' as const, startDate: '2026-03-01', endDate: '2026-03-31' };
    const februaryCalls = { invoiceId: byHand.id, kind: 'usage' as const, startDate: '2026-02-10', endDate: '2026-02-10' };
    const alpha = (lineDates: Dated[]) => planBillingRun(input({ invoices: [...input().invoices, byHand], lineDates: priced(lineDates) }))[0]!;
    // With the days of it that the run's period holds: March's, not February's calls.
    expect(alpha([februaryCalls, march]).outcome).toEqual({ kind: 'invoiced', invoices: [{ invoice: byHand, days: [{ start: '2026-03-01', end: '2026-03-31', from: 'lines' }] }] });
    expect(alpha([februaryCalls]).outcome.kind).toBe('draft');
    // A port-in fee or a goodwill credit dated in March bills none of March's calls or packages.
    expect(alpha([{ invoiceId: byHand.id, kind: 'manual', startDate: '2026-03-10', endDate: '2026-03-10' }]).outcome.kind).toBe('draft');
    expect(alpha([{ invoiceId: byHand.id, kind: 'setup', startDate: '2026-03-10', endDate: '2026-03-10' }]).outcome.kind).toBe('draft');
    // Nothing dated: not guessed at.
    expect(alpha([{ invoiceId: byHand.id, kind: 'package', startDate: null, endDate: null }]).outcome.kind).toBe('draft');
  });

  it("leaves out a customer whose invoice for February carries a package charge dated March: it bills March's package already", () => {
    const february = testInvoice({ id: testUuid(4, 'e'), customerId: packageOnly.id, periodStart: '2026-02-01', periodEnd: '2026-02-28', status: 'issued', number: 'INV-8' });
    const alpha = (lineDates: Dated[]) => planBillingRun(input({ invoices: [...input().invoices, february], lineDates: priced(lineDates) }))[0]!;
    const marchCharge = { invoiceId: february.id, kind: 'package' as const, startDate: '2026-03-01', endDate: '2026-03-31' };
    expect(alpha([marchCharge]).outcome).toEqual({ kind: 'invoiced', invoices: [{ invoice: february, days: [{ start: '2026-03-01', end: '2026-03-31', from: 'lines' }] }] });
    // Its lines inside February, or a fee dated March, leave March to bill.
    expect(alpha([{ ...marchCharge, startDate: '2026-02-01', endDate: '2026-02-28' }]).outcome.kind).toBe('draft');
    expect(alpha([{ ...marchCharge, kind: 'manual' }]).outcome.kind).toBe('draft');
  });

  it("does not leave out a customer for a credit note refunding a month's package charge, nor for a one-off package's charge alone", () => {
    const creditNote = testInvoice({ id: testUuid(4, 'e'), customerId: packageOnly.id, periodStart: null, periodEnd: null, status: 'issued', number: 'INV-4' });
    const portIn = testPackage({ id: testUuid(2, 'c'), name: 'Port-in fee', retail: '15', frequency: 'none' });
    const alpha = (lineDates: Dated[]) => planBillingRun(input({ packages: [did, portIn], invoices: [...input().invoices, creditNote], lineDates: priced(lineDates) }))[0]!;
    const refund = { invoiceId: creditNote.id, kind: 'package' as const, startDate: '2026-03-01', endDate: '2026-03-31', quantity: '-3', packageId: did.id };
    expect(alpha([refund]).outcome.kind).toBe('draft');
    expect(alpha([{ ...refund, quantity: '3' }]).outcome.kind).toBe('invoiced');
    const fee = { invoiceId: creditNote.id, kind: 'package' as const, startDate: '2026-03-20', endDate: '2026-03-20', packageId: portIn.id };
    expect(alpha([fee]).outcome.kind).toBe('draft');
  });

  it("does not leave out a customer whose March invoice a credit note refunds in full, nor for the credit note's own period", () => {
    const march = testInvoice({ id: testUuid(4, 'e'), customerId: withUsage.id, status: 'issued', number: 'INV-4', total: '11.00' });
    const creditNote = testInvoice({ id: testUuid(5, 'e'), customerId: withUsage.id, status: 'issued', number: 'INV-5', total: '-11.00' });
    const beta = (lineDates: Dated[]) => planBillingRun(input({ invoices: [...input().invoices, march, creditNote], lineDates: priced(lineDates) }))[1]!;
    const calls = { invoiceId: march.id, kind: 'usage' as const, startDate: '2026-03-05', endDate: '2026-03-31', description: 'UK London (4420)', amount: '1.00' };
    const refund = { ...calls, invoiceId: creditNote.id, amount: '-1.00' };
    const again = beta([calls, refund]).outcome;
    expect(again.kind).toBe('draft');
    // Billed again, and the row says so: INV-4 billed March, credit note INV-5 gave it back.
    expect(again.kind === 'draft' && again.givenBack).toEqual([{ invoice: march, days: [period], by: [creditNote] }]);
    expect(again.kind === 'draft' && periodGivenBackNote(again.givenBack)).toMatch(/^INV-4 billed Mar 1–31, 2026; credit note INV-5 gave all of it back\. /);
    // A customer never billed for March has nothing given back to name.
    const alpha = planBillingRun(input({ invoices: [...input().invoices, march, creditNote], lineDates: priced([calls, refund]) }))[0]!.outcome;
    expect(alpha.kind === 'draft' && alpha.givenBack).toEqual([]);
    // Refunded in part: March is still billed on INV-4, the credit note is not named.
    const partly = beta([calls, { ...refund, amount: '-0.50' }]);
    expect(partly.outcome.kind === 'invoiced' && partly.outcome.invoices.map((o) => o.invoice.number)).toEqual(['INV-4']);
  });

  it('leaves out a customer whose March invoice a DRAFT credit note refunds in full: a draft gives nothing back until it is issued', () => {
    const march = testInvoice({ id: testUuid(4, 'e'), customerId: withUsage.id, status: 'issued', number: 'INV-4', total: '11.00' });
    const draftCredit = testInvoice({ id: testUuid(5, 'e'), customerId: withUsage.id, status: 'draft', number: null, total: '-11.00' });
    const calls = { invoiceId: march.id, kind: 'usage' as const, startDate: '2026-03-05', endDate: '2026-03-31', description: 'UK London (4420)', amount: '1.00' };
    const refund = { ...calls, invoiceId: draftCredit.id, amount: '-1.00' };
    const beta = planBillingRun(input({ invoices: [...input().invoices, march, draftCredit], lineDates: priced([calls, refund]) }))[1]!;
    // Still billed on INV-4: a second March invoice would bill its calls twice. The draft credit note is named nowhere.
    expect(beta.outcome).toEqual({ kind: 'invoiced', invoices: [{ invoice: march, days: [{ start: '2026-03-01', end: '2026-03-31', from: 'period' }] }] });
    // Issued, it gives March back.
    const issuedCredit = { ...draftCredit, status: 'issued' as const, number: 'INV-5' };
    expect(planBillingRun(input({ invoices: [...input().invoices, march, issuedCredit], lineDates: priced([calls, refund]) }))[1]!.outcome.kind).toBe('draft');
  });

  it('leaves out a customer with a draft of the period, saying it is a draft (no second draft), not that the period is invoiced', () => {
    const draft = testInvoice({ id: testUuid(4, 'e'), customerId: withUsage.id, status: 'draft', number: null, total: '4.21' });
    const beta = planBillingRun(input({ invoices: [...input().invoices, draft] }))[1]!;
    expect(beta.outcome).toEqual({ kind: 'drafted', drafts: [{ invoice: draft, days: [{ start: '2026-03-01', end: '2026-03-31', from: 'period' }] }] });
    // An issued invoice billing the period as well: that is what leaves it out, the draft aside.
    const issued = testInvoice({ id: testUuid(5, 'e'), customerId: withUsage.id, status: 'issued', number: 'INV-5', periodStart: '2026-03-15', periodEnd: '2026-03-31' });
    const both = planBillingRun(input({ invoices: [...input().invoices, draft, issued] }))[1]!.outcome;
    expect(both.kind === 'invoiced' && both.invoices.map((o) => o.invoice.number)).toEqual(['INV-5']);
  });

  it("leaves a weekly customer out of the week its hand-made invoice's monthly DID is billed in, not the month's other weeks", () => {
    // The DID bills on the 1st: Generate for the week of Monday Mar 30 – Apr 5 would bill April's again.
    const byHand = testInvoice({ id: testUuid(4, 'e'), customerId: weekly.id, periodStart: null, periodEnd: null, status: 'issued', number: 'INV-9' });
    const april = { invoiceId: byHand.id, kind: 'package' as const, startDate: '2026-04-01', endDate: '2026-04-30', packageId: did.id };
    const epsilon = (start: string) =>
      planBillingRun(input({ schedule: 'weekly', period: { start, end: addDays(start, 6) }, invoices: [byHand], lineDates: priced([april]) })).find((e) => e.customer.id === weekly.id)!.outcome;
    expect(epsilon('2026-03-30').kind).toBe('invoiced');
    for (const monday of ['2026-04-06', '2026-04-13', '2026-04-20', '2026-04-27']) expect(epsilon(monday).kind).not.toBe('invoiced');
  });

  it("makes for each customer exactly the draft and totals Generate Invoice makes for it alone", () => {
    const run = planBillingRun(input());
    for (const { customer, outcome } of run) {
      if (outcome.kind !== 'draft') continue;
      const alone = generateInvoice({
        account: testAccount(),
        customer,
        assignments: input().assignments.filter((a) => a.customerId === customer.id),
        packages: [did],
        usage: usage.filter((u) => u.customerId === customer.id),
        period,
        invoiceDate: '2026-04-01',
        invoiceId: outcome.generated.invoice.id,
        newLineId: lineIdSequence(),
      });
      const strip = (lines: typeof alone.lines) => lines.map(({ id: _id, ...rest }) => rest);
      expect(strip(outcome.generated.lines)).toEqual(strip(alone.lines));
      expect(outcome.generated.invoice).toEqual(alone.invoice);
      expect(outcome.totals).toEqual(computeTotals(alone.lines, 'USD'));
    }
    const beta = run[1]!.outcome;
    // 1.005 rounds half-up to 1.01; 2.50; tax 20 % of 3.51.
    expect(beta.kind === 'draft' && [beta.totals.net, beta.totals.tax, beta.totals.total]).toEqual(['3.51', '0.70', '4.21']);
  });

  it('gives every draft and line its own id', () => {
    const run = planBillingRun(input());
    const ids = run.flatMap(({ outcome }) => (outcome.kind === 'draft' ? [outcome.generated.invoice.id, ...outcome.generated.lines.map((l) => l.id)] : []));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('takes the weekly customers for a weekly run', () => {
    const run = planBillingRun(input({ schedule: 'weekly', period: { start: '2026-03-02', end: '2026-03-08' } }));
    expect(run.map((e) => [e.customer.name, e.outcome.kind])).toEqual([['Epsilon', 'draft']]);
  });

  it('leaves out a customer whose week has only failed call attempts: nothing to bill, not a $0.00 draft', () => {
    const failed = testUsage({ customerId: weekly.id, day: '2026-03-10', calls: 0, attempts: 2, seconds: 0, billedSeconds: 0, charge: '0' });
    const run = planBillingRun(
      input({ schedule: 'weekly', period: { start: '2026-03-09', end: '2026-03-15' }, usageByCustomer: new Map([[weekly.id, [failed]]]) }),
    );
    expect(run.map((e) => [e.customer.name, e.outcome.kind])).toEqual([['Epsilon', 'nothing']]);
  });

  it("says how many internal calls (to an extension, at no charge) it leaves out, as Generate Invoice does: with a draft, and with nothing else to bill", () => {
    const internal = (customerId: string, day: string) =>
      testUsage({ customerId, day, destination: '101', destinationName: LOCAL_DESTINATION_NAME, calls: 3, billedSeconds: 450, charge: '0' });
    const usageByCustomer = new Map([
      [withUsage.id, [...usage.filter((u) => u.customerId === withUsage.id), internal(withUsage.id, '2026-03-02')]],
      [idle.id, [internal(idle.id, '2026-03-02'), internal(idle.id, '2026-03-03')]],
    ]);
    const run = planBillingRun(input({ usageByCustomer }));
    const outcome = (name: string) => run.find((e) => e.customer.name === name)!.outcome;
    const beta = outcome('Beta Voice');
    expect(beta.kind === 'draft' && beta.generated.internalCalls).toEqual({ calls: 3, minutes: '7.50' });
    // Its lines are those without them.
    const without = planBillingRun(input()).find((e) => e.customer.name === 'Beta Voice')!.outcome;
    expect(beta.kind === 'draft' && without.kind === 'draft' && beta.generated.lines.map((l) => l.description)).toEqual(without.kind === 'draft' && without.generated.lines.map((l) => l.description));
    expect(outcome('Delta Lines')).toEqual({ kind: 'nothing', internalCalls: { calls: 6, minutes: '15.00' } });
    const alpha = outcome('Alpha Carrier');
    expect(alpha.kind === 'draft' && alpha.generated.internalCalls).toBeNull();
    expect(planBillingRun(input()).find((e) => e.customer.name === 'Delta Lines')!.outcome).toEqual({ kind: 'nothing', internalCalls: null });
  });
});
