import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billedAndDraftDays, chargedIn, chargedPackages, coveredDays, coversEveryDay, givenBack, givenBackIn, givenBackText, invoicesGivenBack, lineDates, periodGivenBack, periodGivenBackNote, linesByInvoice, overlappingInvoices, periodInvoices, periodUsageGivenBack, refunds, withoutOwnPeriod, type LineDates } from './invoice-periods';
import { divideDecimals, multiplyDecimals, negateDecimal, roundToCurrency } from './money';
import { addDays } from './dates';
import { testInvoice, testUuid } from './test-fixtures';

const noPeriod = { periodStart: null, periodEnd: null, total: '10.00' };
const november = { periodStart: '2026-11-01', periodEnd: '2026-11-30', total: '10.00' };
const dated = (startDate: string | null, endDate: string | null, kind: LineDates['kind'] = 'package', more: Partial<LineDates> = {}): LineDates => ({
  startDate,
  endDate,
  kind,
  quantity: '1',
  unitPrice: '10',
  amount: kind === 'usage' ? '12.5' : kind === 'free-minutes' ? '-2.5' : null,
  packageId: null,
  description: '',
  ...more,
});
// The catalogue: a monthly DID billed on the 1st, a weekly support billed on Mondays, a monthly
// rental of no match day of its own (billed on its assignment's start day), a one-off port-in fee.
const customerId = testUuid(1, 'c');
const packageOf = chargedPackages(
  [
    { id: 'did', frequency: 'monthly', matchDays: [1] },
    { id: 'support', frequency: 'weekly', matchDays: [1] },
    { id: 'rental', frequency: 'monthly', matchDays: [] },
    { id: 'port-in', frequency: 'none', matchDays: [] },
  ],
  [
    { customerId, packageId: 'rental', startDate: '2026-10-15' },
    { customerId: testUuid(2, 'c'), packageId: 'rental', startDate: '2026-10-20' },
  ],
)(customerId);
const fromPeriod = (start: string, end: string) => ({ start, end, from: 'period' });
const fromLines = (start: string, end: string) => ({ start, end, from: 'lines' });

describe('coveredDays', () => {
  it("is the invoice's own period when its lines lie inside it", () => {
    expect(coveredDays(november, [dated('2026-11-01', '2026-11-30'), dated('2026-11-03', '2026-11-03', 'usage')])).toEqual([fromPeriod('2026-11-01', '2026-11-30')]);
  });

  it('adds to its own period the days its items are dated beyond it: a December package charge on a November invoice bills December', () => {
    expect(coveredDays(november, [dated('2026-11-01', '2026-11-30', 'usage'), dated('2026-12-01', '2026-12-31')])).toEqual([
      fromPeriod('2026-11-01', '2026-11-30'),
      fromLines('2026-12-01', '2026-12-31'),
    ]);
    // An item across the period's ends adds only the days outside it, before and after.
    expect(coveredDays(november, [dated('2026-10-15', '2026-12-15')])).toEqual([
      fromLines('2026-10-15', '2026-10-31'),
      fromPeriod('2026-11-01', '2026-11-30'),
      fromLines('2026-12-01', '2026-12-15'),
    ]);
    // A plain item or a setup fee dated outside the period bills no days.
    expect(coveredDays(november, [dated('2026-12-05', '2026-12-05', 'manual'), dated('2026-12-05', '2026-12-05', 'setup')])).toEqual([fromPeriod('2026-11-01', '2026-11-30')]);
  });

  it("without one, is the days its lines are dated, merged where they overlap or touch: October and December items leave November out", () => {
    expect(coveredDays(noPeriod, [dated('2026-12-01', '2026-12-31'), dated('2026-10-01', '2026-10-31')])).toEqual([
      fromLines('2026-10-01', '2026-10-31'),
      fromLines('2026-12-01', '2026-12-31'),
    ]);
    const lines = [dated('2026-03-01', '2026-03-31'), dated('2026-02-10', '2026-02-10'), dated(null, null), dated('2026-03-15', '2026-04-14'), dated('2026-02-28', '2026-02-28', 'usage')];
    expect(coveredDays(noPeriod, lines)).toEqual([fromLines('2026-02-10', '2026-02-10'), fromLines('2026-02-28', '2026-04-14')]);
  });

  it('counts a line dated at one end only as that day, and one dated the wrong way round as the days between', () => {
    expect(coveredDays(noPeriod, [dated('2026-03-05', null), dated(null, '2026-03-20')])).toEqual([fromLines('2026-03-05', '2026-03-05'), fromLines('2026-03-20', '2026-03-20')]);
    expect(coveredDays(noPeriod, [dated('2026-03-20', '2026-03-05')])).toEqual([fromLines('2026-03-05', '2026-03-20')]);
  });

  it('with half a period, goes by its lines', () => {
    expect(coveredDays({ ...noPeriod, periodStart: '2026-03-01' }, [dated('2026-04-01', '2026-04-30')])).toEqual([fromLines('2026-04-01', '2026-04-30')]);
  });

  it('leaves out plain items and setup fees: a port-in fee or a goodwill credit, dated the day charged, bills no period', () => {
    const fee = dated('2026-11-10', '2026-11-10', 'manual');
    const setup = dated('2026-11-10', '2026-11-10', 'setup');
    expect(coveredDays(noPeriod, [fee, setup])).toEqual([]);
    expect(coveredDays(noPeriod, [fee, dated('2026-12-01', '2026-12-31'), dated('2026-11-02', '2026-11-02', 'usage')])).toEqual([
      fromLines('2026-11-02', '2026-11-02'),
      fromLines('2026-12-01', '2026-12-31'),
    ]);
    for (const kind of ['free-minutes', 'minimum-spend'] as const) expect(coveredDays(noPeriod, [fee, dated('2026-11-01', '2026-11-30', kind)])).toEqual([fromLines('2026-11-01', '2026-11-30')]);
  });

  it("leaves out a refund: a credit note's package charge or calls below zero bill no days, nor a free-minutes credit taken back", () => {
    const refund = dated('2026-11-01', '2026-11-30', 'package', { quantity: '-3' });
    expect(coveredDays(noPeriod, [refund])).toEqual([]);
    expect(coveredDays(noPeriod, [dated('2026-11-01', '2026-11-30', 'package', { unitPrice: '-10' })])).toEqual([]);
    expect(coveredDays(noPeriod, [dated('2026-11-02', '2026-11-02', 'usage', { amount: '-12.5' }), dated('2026-11-01', '2026-11-30', 'free-minutes', { amount: '2.5' })])).toEqual([]);
    // A free-minutes credit as it bills (below zero), and a line of zero, count.
    expect(coveredDays(noPeriod, [dated('2026-11-01', '2026-11-30', 'free-minutes')])).toEqual([fromLines('2026-11-01', '2026-11-30')]);
    expect(coveredDays(noPeriod, [dated('2026-12-01', '2026-12-31', 'package', { quantity: '0' })])).toEqual([fromLines('2026-12-01', '2026-12-31')]);
    expect([refund, dated(null, null, 'usage', { amount: '-1' }), dated(null, null, 'usage', { amount: 'x' })].map(refunds)).toEqual([true, true, false]);
  });

  it("leaves out a one-off package's charge (a port-in fee bills no period), given the packages", () => {
    const portIn = dated('2026-11-20', '2026-11-20', 'package', { packageId: 'port-in' });
    expect(coveredDays(noPeriod, [portIn], packageOf)).toEqual([]);
    expect(coveredDays(noPeriod, [portIn, dated('2026-12-01', '2026-12-31', 'package', { packageId: 'did' })], packageOf)).toEqual([fromLines('2026-12-01', '2026-12-31')]);
    // A package not known counts by its dates.
    expect(coveredDays(noPeriod, [dated('2026-11-20', '2026-11-20', 'package', { packageId: 'gone' })], packageOf)).toEqual([fromLines('2026-11-20', '2026-11-20')]);
  });

  it('is none for an invoice with neither a period nor dated lines: not guessed at', () => {
    expect(coveredDays(noPeriod, [])).toEqual([]);
    expect(coveredDays(noPeriod, [dated(null, null)])).toEqual([]);
  });
});

describe('coversEveryDay', () => {
  it('holds when the ranges, touching or overlapping, leave no day of the period out', () => {
    const octoberToNovember = coveredDays(november, [dated('2026-10-01', '2026-10-31')]);
    expect(coversEveryDay(octoberToNovember, { start: '2026-10-26', end: '2026-11-01' })).toBe(true);
    expect(coversEveryDay(octoberToNovember, { start: '2026-10-01', end: '2026-12-01' })).toBe(false);
    const octoberAndDecember = coveredDays(noPeriod, [dated('2026-10-01', '2026-10-31'), dated('2026-12-01', '2026-12-31')]);
    expect(coversEveryDay(octoberAndDecember, { start: '2026-10-01', end: '2026-10-31' })).toBe(true);
    expect(coversEveryDay(octoberAndDecember, { start: '2026-10-01', end: '2026-12-31' })).toBe(false);
    expect(coversEveryDay(octoberAndDecember, { start: '2026-09-30', end: '2026-10-31' })).toBe(false);
    expect(coversEveryDay([], { start: '2026-10-01', end: '2026-10-01' })).toBe(false);
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
    [february.id, [dated('2026-02-01', '2026-02-28', 'usage')]],
  ]);
  const linesOf = (invoice: { id: string }) => lines.get(invoice.id) ?? [];

  it('finds those with a period, and those without one by their lines, overlapping, by their first day; void and undated ones aside', () => {
    const found = overlappingInvoices([byHand, generated, february, voided, undated], linesOf, march);
    expect(found.map((o) => [o.invoice.id, o.days])).toEqual([
      [generated.id, [fromPeriod('2026-02-15', '2026-03-14')]],
      [byHand.id, [fromLines('2026-03-01', '2026-03-31')]],
    ]);
  });

  it('finds none for a period the lines do not reach', () => {
    expect(overlappingInvoices([byHand], linesOf, { start: '2026-04-01', end: '2026-04-30' })).toEqual([]);
    // The day the lines end still overlaps.
    expect(overlappingInvoices([byHand], linesOf, { start: '2026-03-31', end: '2026-04-30' }).map((o) => o.invoice.id)).toEqual([byHand.id]);
  });

  it('finds an invoice with a November period whose December package charge overlaps December, named by that item\'s days', () => {
    const withDecember = testInvoice({ id: testUuid(6, 'e'), ...november, number: 'INV-2' });
    const itsLines = [dated('2026-11-01', '2026-11-30', 'usage'), dated('2026-12-01', '2026-12-31')];
    const found = overlappingInvoices([withDecember], () => itsLines, { start: '2026-12-01', end: '2026-12-31' });
    expect(found.map((o) => [o.invoice.id, o.days])).toEqual([[withDecember.id, [fromLines('2026-12-01', '2026-12-31')]]]);
    // Over both months: both of its ranges, the period's first.
    expect(overlappingInvoices([withDecember], () => itsLines, { start: '2026-11-15', end: '2026-12-15' })[0]!.days).toEqual([
      fromPeriod('2026-11-01', '2026-11-30'),
      fromLines('2026-12-01', '2026-12-31'),
    ]);
  });

  it('does not find an invoice made by hand of October and December items for November', () => {
    const octoberAndDecember = testInvoice({ id: testUuid(7, 'e'), ...noPeriod });
    const itsLines = [dated('2026-10-01', '2026-10-31'), dated('2026-12-01', '2026-12-31')];
    expect(overlappingInvoices([octoberAndDecember], () => itsLines, { start: '2026-11-01', end: '2026-11-30' })).toEqual([]);
    expect(overlappingInvoices([octoberAndDecember], () => itsLines, { start: '2026-10-15', end: '2026-11-30' })[0]!.days).toEqual([fromLines('2026-10-01', '2026-10-31')]);
  });

  it('asks for the lines of each invoice not void, once', () => {
    const asked: string[] = [];
    overlappingInvoices([byHand, generated, february, voided], (invoice) => (asked.push(invoice.id), linesOf(invoice)), march);
    expect(asked).toEqual([byHand.id, generated.id, february.id]);
    expect([byHand, generated].map(withoutOwnPeriod)).toEqual([true, false]);
  });
});

describe('chargedIn', () => {
  const december = (packageId: string | null, kind: LineDates['kind'] = 'package') => dated('2026-12-01', '2026-12-31', kind, { packageId });
  const week = (start: string, end: string) => ({ start, end });

  it("counts a weekly or monthly package's charge for a period that holds one of its billing days within its dates, as Generate would bill it there", () => {
    // The DID is billed on Dec 1: by Generate for the week of Nov 30 – Dec 6, not for later weeks.
    expect(chargedIn(december('did'), week('2026-11-30', '2026-12-06'), packageOf)).toBe(true);
    expect(chargedIn(december('did'), week('2026-12-07', '2026-12-13'), packageOf)).toBe(false);
    expect(chargedIn(december('did'), week('2026-12-01', '2026-12-31'), packageOf)).toBe(true);
    // No match day of its own: its assignment's start day (the 15th), this customer's, not another's (the 20th).
    expect(chargedIn(december('rental'), week('2026-12-14', '2026-12-20'), packageOf)).toBe(true);
    expect(chargedIn(december('rental'), week('2026-12-07', '2026-12-13'), packageOf)).toBe(false);
    expect(chargedIn(december('rental'), week('2026-12-19', '2026-12-25'), packageOf)).toBe(false);
    // Weekly on Mondays: a day that is not one bills none.
    expect(chargedIn(dated('2026-12-07', '2026-12-13', 'package', { packageId: 'support' }), week('2026-12-08', '2026-12-08'), packageOf)).toBe(false);
    expect(chargedIn(dated('2026-12-07', '2026-12-13', 'package', { packageId: 'support' }), week('2026-12-07', '2026-12-07'), packageOf)).toBe(true);
  });

  it('counts other lines, and a package not known (or without packages), by their dates', () => {
    for (const line of [december(null, 'usage'), december('did', 'free-minutes'), december('gone'), december(null)]) {
      expect(chargedIn(line, week('2026-12-07', '2026-12-13'), packageOf)).toBe(true);
      expect(chargedIn(line, week('2026-11-23', '2026-11-29'), packageOf)).toBe(false);
    }
    expect(chargedIn(december('did'), week('2026-12-07', '2026-12-13'))).toBe(true);
  });
});

describe('overlappingInvoices, by what Generate would bill', () => {
  const byHand = testInvoice({ id: testUuid(8, 'e'), customerId, ...noPeriod, status: 'issued', number: 'INV-4' });

  it("does not find a credit note refunding a month's package charge for that month", () => {
    const refund = [dated('2026-11-01', '2026-11-30', 'package', { quantity: '-3', packageId: 'did' })];
    expect(overlappingInvoices([byHand], () => refund, { start: '2026-11-01', end: '2026-11-30' }, packageOf)).toEqual([]);
  });

  it("does not find an invoice of a one-off package's charge alone for its month", () => {
    const portIn = [dated('2026-11-20', '2026-11-20', 'package', { packageId: 'port-in' })];
    expect(overlappingInvoices([byHand], () => portIn, { start: '2026-11-01', end: '2026-11-30' }, packageOf)).toEqual([]);
  });

  it("finds an invoice of a December DID for the week its match day falls in only, named by the item's days", () => {
    const did = [dated('2026-12-01', '2026-12-31', 'package', { packageId: 'did' })];
    expect(overlappingInvoices([byHand], () => did, { start: '2026-11-30', end: '2026-12-06' }, packageOf).map((o) => o.days)).toEqual([[fromLines('2026-12-01', '2026-12-31')]]);
    for (const start of ['2026-12-07', '2026-12-14', '2026-12-21', '2026-12-28']) {
      expect(overlappingInvoices([byHand], () => did, { start, end: addDays(start, 6) }, packageOf)).toEqual([]);
    }
    // Its calls in a later week do count for it.
    const withCalls = [...did, dated('2026-12-08', '2026-12-08', 'usage')];
    expect(overlappingInvoices([byHand], () => withCalls, { start: '2026-12-07', end: '2026-12-13' }, packageOf).map((o) => o.days)).toEqual([[fromLines('2026-12-08', '2026-12-08')]]);
  });
});

describe('credit notes and refunds in full', () => {
  const period = { start: '2026-11-01', end: '2026-11-30' };
  // INV-1 bills November: two destinations' calls and 3 DIDs at 2.50.
  const inv1 = testInvoice({ id: testUuid(1, 'e'), customerId, ...november, status: 'issued', number: 'INV-1', total: '23.25', invoiceDate: '2026-12-01' });
  const london = dated('2026-11-03', '2026-11-20', 'usage', { description: 'UK London (4420)', amount: '12.5' });
  const mobile = dated('2026-11-05', '2026-11-05', 'usage', { description: 'UK Mobile (447)', amount: '3.25' });
  const dids = dated('2026-11-01', '2026-11-30', 'package', { packageId: 'did', quantity: '3', unitPrice: '2.50' });
  const inv1Lines = [london, mobile, dids];
  /** A line refunded in full: its net negated (a DID by its quantity). */
  const refundOf = (line: LineDates): LineDates => (line.amount !== null ? { ...line, amount: negateDecimal(line.amount) } : { ...line, quantity: negateDecimal(line.quantity) });
  /** INV-2, a credit note for November refunding `lines` (every one of INV-1 by default). */
  const creditNote = (status: 'draft' | 'issued' | 'void' = 'issued') =>
    testInvoice({ id: testUuid(2, 'e'), customerId, ...november, status, number: status === 'draft' ? null : 'INV-2', total: '-23.25', invoiceDate: '2026-12-05' });
  const overlapping = (invoices: ReturnType<typeof testInvoice>[], lines: Record<string, LineDates[]>) =>
    overlappingInvoices(invoices, (invoice) => lines[invoice.number ?? 'draft'] ?? [], period, packageOf).map((o) => [o.invoice.number, o.days]);

  it('does not find a credit note by its own period: a credit note bills no days, only its lines that bill do, by their dates', () => {
    expect(overlapping([creditNote()], { 'INV-2': [refundOf(dids)] })).toEqual([]);
    // A goodwill credit alone for November, on a credit note of that period.
    expect(overlapping([creditNote()], { 'INV-2': [dated('2026-11-30', '2026-11-30', 'manual', { unitPrice: '-5' })] })).toEqual([]);
    // A credit note that bills late calls of Nov 20 as it refunds more (its total below zero): those days.
    expect(overlapping([creditNote()], { 'INV-2': [refundOf(dids), dated('2026-11-20', '2026-11-20', 'usage', { amount: '0.40' })] })).toEqual([['INV-2', [fromLines('2026-11-20', '2026-11-20')]]]);
    expect(coveredDays(creditNote(), [refundOf(dids)])).toEqual([]);
  });

  it("does not find an invoice whose calls and package charges a credit note refunds in full, a draft one too; finds it refunded in part", () => {
    const all = { 'INV-1': inv1Lines, 'INV-2': inv1Lines.map(refundOf) };
    expect(overlapping([inv1, creditNote()], all)).toEqual([]);
    expect(overlapping([inv1, creditNote('draft')], { ...all, draft: all['INV-2'] })).toEqual([]);
    // Void, the credit note gives back nothing.
    expect(overlapping([inv1, creditNote('void')], all)).toEqual([['INV-1', [fromPeriod('2026-11-01', '2026-11-30')]]]);
    // One DID of three refunded, or Mobile's calls not refunded: November is still billed.
    expect(overlapping([inv1, creditNote()], { ...all, 'INV-2': [refundOf(london), refundOf(mobile), { ...dids, quantity: '-1' }] })).toEqual([['INV-1', [fromPeriod('2026-11-01', '2026-11-30')]]]);
    expect(overlapping([inv1, creditNote()], { ...all, 'INV-2': [refundOf(london), refundOf(dids)] })).toEqual([['INV-1', [fromPeriod('2026-11-01', '2026-11-30')]]]);
    // Refunded for other days, or another destination: not the lines INV-1 bills.
    expect(overlapping([inv1, creditNote()], { ...all, 'INV-2': [refundOf(london), { ...refundOf(mobile), startDate: '2026-11-06', endDate: '2026-11-06' }, refundOf(dids)] })).toHaveLength(1);
    expect(overlapping([inv1, creditNote()], { ...all, 'INV-2': [refundOf(london), { ...refundOf(mobile), description: 'UK London (4420)' }, refundOf(dids)] })).toHaveLength(1);
  });

  it('keeps the period of an invoice with a line no refund could give back: none that bills days, or one of zero', () => {
    // An invoice of a manual item for November: its period is what it bills.
    expect(overlapping([inv1, creditNote()], { 'INV-1': [dated('2026-11-30', '2026-11-30', 'manual')], 'INV-2': inv1Lines.map(refundOf) })).toHaveLength(1);
    // Free calls (a line of zero) cannot be refunded: INV-1 still bills them, and November with them.
    const free = dated('2026-11-09', '2026-11-09', 'usage', { description: 'US Toll-free (1800)', amount: '0' });
    expect(overlapping([inv1, creditNote()], { 'INV-1': [...inv1Lines, free], 'INV-2': inv1Lines.map(refundOf) })).toEqual([['INV-1', [fromPeriod('2026-11-01', '2026-11-30')]]]);
  });

  it("gives the customer page's covered days net of refunds too", () => {
    const given = givenBack([
      { invoice: inv1, lines: inv1Lines },
      { invoice: creditNote(), lines: [refundOf(london), refundOf(mobile)] },
    ]);
    expect([...given]).toEqual([london, mobile]);
    // The DIDs still bill November.
    expect(coveredDays(inv1, inv1Lines, packageOf, given)).toEqual([fromPeriod('2026-11-01', '2026-11-30')]);
    // A hand-made invoice without a period: its refunded calls' days are billed no more.
    const byHand = { ...inv1, ...noPeriod };
    expect(coveredDays(byHand, inv1Lines, packageOf, given)).toEqual([fromLines('2026-11-01', '2026-11-30')]);
    expect(coveredDays(byHand, [london, mobile], packageOf, given)).toEqual([]);
  });

  it('finds INV-1 for November exactly when some line of it is not refunded in full (property)', () => {
    const how = fc.constantFrom('full', 'part', 'none');
    fc.assert(
      fc.property(fc.array(how, { minLength: 3, maxLength: 3 }), fc.integer({ min: 1, max: 99 }), fc.boolean(), (refunded, percent, withPeriod) => {
        const part = (n: string) => divideDecimals(multiplyDecimals(n, String(percent)), '100', 6);
        const lines = inv1Lines.flatMap((line, i) =>
          refunded[i] === 'none' ? [] : refunded[i] === 'full' ? [refundOf(line)] : [refundOf(line.amount !== null ? { ...line, amount: part(line.amount) } : { ...line, quantity: part(line.quantity) })],
        );
        const invoice = withPeriod ? inv1 : { ...inv1, ...noPeriod };
        const found = overlapping([invoice, creditNote()], { 'INV-1': inv1Lines, 'INV-2': lines });
        expect(found.map(([number]) => number)).toEqual(refunded.every((r) => r === 'full') ? [] : ['INV-1']);
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });
});

describe('refunds together: one line for several, several for one', () => {
  const march = { start: '2026-03-01', end: '2026-03-31' };
  const marchPeriod = { periodStart: march.start, periodEnd: march.end };
  // INV-1 bills March: calls to two destinations (amounts unrounded, as usage lines keep them:
  // billed as 12.50 and 3.25) and 3 DIDs at 2.50 (7.50).
  const inv1 = testInvoice({ id: testUuid(1, 'e'), customerId, ...marchPeriod, status: 'issued', number: 'INV-1', total: '23.25' });
  const london = dated('2026-03-03', '2026-03-28', 'usage', { description: 'UK London (4420)', amount: '12.503417' });
  const mobile = dated('2026-03-05', '2026-03-05', 'usage', { description: 'UK Mobile (447)', amount: '3.250001' });
  const dids = dated('2026-03-01', '2026-03-31', 'package', { packageId: 'did', quantity: '3', unitPrice: '2.50' });
  const inv1Lines = [london, mobile, dids];
  /** A credit note of the customer for March, numbered `number` (INV-2 by default). */
  const creditNote = (number = 'INV-2', more: Partial<ReturnType<typeof testInvoice>> = {}) =>
    testInvoice({ id: testUuid(Number(number.slice(4)), 'e'), customerId, ...marchPeriod, status: 'issued', number, total: '-1.00', ...more });
  /** A refund of calls, dated `days` (the credit note's period when null), for `amount`. */
  const callsRefund = (amount: string, days: { start: string; end: string } | null = march, description = 'Refund of March calls') =>
    dated(days?.start ?? null, days?.end ?? null, 'usage', { description, amount });
  const didsRefund = dated('2026-03-01', '2026-03-31', 'package', { packageId: 'did', quantity: '-3', unitPrice: '2.50' });
  const given = (...invoices: { invoice: ReturnType<typeof testInvoice>; lines: LineDates[] }[]) => [...givenBack([{ invoice: inv1, lines: inv1Lines }, ...invoices])];
  const overlapping = (invoices: { invoice: ReturnType<typeof testInvoice>; lines: LineDates[] }[]) => {
    const all = [{ invoice: inv1, lines: inv1Lines }, ...invoices];
    return overlappingInvoices(all.map((i) => i.invoice), (invoice) => all.find((i) => i.invoice === invoice)!.lines, march, packageOf).map((o) => o.invoice.number);
  };

  it("gives back all of an invoice's March calls for one line refunding them, dated March or on a credit note for March: the money billed, to the cent", () => {
    // 12.50 + 3.25 as billed: the unrounded amounts need not add up.
    expect(given({ invoice: creditNote(), lines: [callsRefund('-15.75')] })).toEqual([london, mobile]);
    expect(given({ invoice: creditNote(), lines: [callsRefund('-15.75', null)] })).toEqual([london, mobile]);
    // The unrounded sum refunded, billed as -15.75: the same money.
    expect(given({ invoice: creditNote(), lines: [callsRefund('-15.753418')] })).toEqual([london, mobile]);
    // With its DIDs refunded line for line too, INV-1 no longer bills March: Generate and the billing run name nothing.
    expect(overlapping([{ invoice: creditNote(), lines: [callsRefund('-15.75'), didsRefund] }])).toEqual([]);
    expect(overlapping([{ invoice: creditNote(), lines: [callsRefund('-15.75')] }])).toEqual(['INV-1']);
    // Refunded line for line, with the DIDs refunded in one line for the month by price: the same.
    expect(overlapping([{ invoice: creditNote(), lines: [callsRefund('-15.75'), dated('2026-03-01', '2026-03-31', 'package', { description: 'Refund of March DIDs', unitPrice: '-7.5' })] }])).toEqual([]);
  });

  it('gives back nothing for a near miss: a cent off, days that leave a line out, another kind, customer or currency, a void credit note', () => {
    for (const amount of ['-15.74', '-15.76']) expect(given({ invoice: creditNote(), lines: [callsRefund(amount)] })).toEqual([]);
    // London's calls run to Mar 28: a refund to Mar 27 leaves them out (and is not Mobile's alone).
    expect(given({ invoice: creditNote(), lines: [callsRefund('-15.75', { start: '2026-03-01', end: '2026-03-27' })] })).toEqual([]);
    expect(given({ invoice: creditNote(), lines: [callsRefund('-15.75', { start: '2026-03-04', end: '2026-03-31' })] })).toEqual([]);
    // Undated on a credit note without a period: no days, so none of the calls'.
    expect(given({ invoice: creditNote('INV-2', { periodStart: null, periodEnd: null }), lines: [callsRefund('-15.75', null)] })).toEqual([]);
    // The calls' sum refunded as a package's charge, or as a top-up: not calls.
    for (const kind of ['package', 'minimum-spend'] as const) expect(given({ invoice: creditNote(), lines: [{ ...callsRefund('-15.75'), kind, amount: null, unitPrice: '-15.75' }] })).toEqual([]);
    expect(given({ invoice: creditNote('INV-2', { customerId: testUuid(2, 'c') }), lines: [callsRefund('-15.75')] })).toEqual([]);
    expect(given({ invoice: creditNote('INV-2', { currency: 'EUR' }), lines: [callsRefund('-15.75')] })).toEqual([]);
    expect(given({ invoice: creditNote('INV-2', { status: 'void' }), lines: [callsRefund('-15.75')] })).toEqual([]);
    // Line for line, another customer's refund gives back nothing either.
    expect(given({ invoice: creditNote('INV-2', { customerId: testUuid(2, 'c') }), lines: [{ ...london, amount: '-12.503417' }] })).toEqual([]);
  });

  it('gives back nothing for a partial refund: the period is still billed', () => {
    expect(given({ invoice: creditNote(), lines: [callsRefund('-10.00')] })).toEqual([]);
    expect(overlapping([{ invoice: creditNote(), lines: [callsRefund('-10.00'), didsRefund] }])).toEqual(['INV-1']);
  });

  it('gives back only the destination a refund names: London refunded for the month, not Mobile', () => {
    const londonForMarch = (amount: string) => callsRefund(amount, march, 'UK London (4420)');
    expect(given({ invoice: creditNote(), lines: [londonForMarch('-12.50')] })).toEqual([london]);
    expect(given({ invoice: creditNote(), lines: [londonForMarch('-15.75')] })).toEqual([]);
    // The DIDs by their package: another package's refund gives back none.
    expect(given({ invoice: creditNote(), lines: [{ ...didsRefund, packageId: 'rental' }] })).toEqual([]);
  });

  it('gives back the lines of the one invoice whose calls the refund adds up to, else of all of them together', () => {
    // INV-3 bills London's late calls of Mar 30 (0.40).
    const late = dated('2026-03-30', '2026-03-30', 'usage', { description: 'UK London (4420)', amount: '0.4' });
    const inv3 = { invoice: testInvoice({ id: testUuid(3, 'e'), customerId, ...marchPeriod, status: 'issued', number: 'INV-3' }), lines: [late] };
    expect(given(inv3, { invoice: creditNote('INV-4'), lines: [callsRefund('-15.75')] })).toEqual([london, mobile]);
    expect(given(inv3, { invoice: creditNote('INV-4'), lines: [callsRefund('-0.40')] })).toEqual([late]);
    expect(given(inv3, { invoice: creditNote('INV-4'), lines: [callsRefund('-16.15')] })).toEqual([london, mobile, late]);
    expect(given(inv3, { invoice: creditNote('INV-4'), lines: [callsRefund('-16.14')] })).toEqual([]);
  });

  it('gives back a line refunded in several parts for the same thing and days, on one credit note or several; a cent off, none', () => {
    const part = (amount: string) => ({ ...london, amount });
    expect(given({ invoice: creditNote(), lines: [part('-6.00'), part('-6.50')] })).toEqual([london]);
    expect(given({ invoice: creditNote(), lines: [part('-6.00')] }, { invoice: creditNote('INV-3'), lines: [part('-6.50')] })).toEqual([london]);
    expect(given({ invoice: creditNote(), lines: [part('-6.00')] }, { invoice: creditNote('INV-3'), lines: [part('-6.49')] })).toEqual([]);
    // A DID refunded one at a time: all three.
    const oneDid = { ...didsRefund, quantity: '-1' };
    expect(given({ invoice: creditNote(), lines: [oneDid, oneDid, oneDid] })).toEqual([dids]);
    expect(given({ invoice: creditNote(), lines: [oneDid, oneDid] })).toEqual([]);
    // A part beside a partial refund of Mobile: London's parts still add up.
    expect(given({ invoice: creditNote(), lines: [part('-6.00'), part('-6.50'), { ...mobile, amount: '-1.00' }] })).toEqual([london]);
    // The second part for April's days refunds none of March's calls.
    expect(given({ invoice: creditNote(), lines: [part('-6.00'), { ...part('-6.50'), startDate: '2026-04-01', endDate: '2026-04-30' }] })).toEqual([]);
  });

  it("gives back March's calls refunded half-month by half-month: the refunds' days together cover them; a day left out, none", () => {
    const firstHalf = callsRefund('-7.00', { start: '2026-03-01', end: '2026-03-15' });
    expect(given({ invoice: creditNote(), lines: [firstHalf] }, { invoice: creditNote('INV-3'), lines: [callsRefund('-8.75', { start: '2026-03-16', end: '2026-03-31' })] })).toEqual([london, mobile]);
    expect(given({ invoice: creditNote(), lines: [firstHalf] }, { invoice: creditNote('INV-3'), lines: [callsRefund('-8.75', { start: '2026-03-17', end: '2026-03-31' })] })).toEqual([]);
  });

  it('never gives back a line of zero: free calls keep the period, as line for line', () => {
    const free = dated('2026-03-09', '2026-03-09', 'usage', { description: 'US Toll-free (1800)', amount: '0.000001' });
    const withFree = [{ invoice: inv1, lines: [...inv1Lines, free] }, { invoice: creditNote(), lines: [callsRefund('-15.75'), didsRefund] }];
    expect([...givenBack(withFree)]).toEqual([dids, london, mobile]);
    expect(coveredDays(inv1, [...inv1Lines, free], packageOf, givenBack(withFree))).toEqual([fromPeriod(march.start, march.end)]);
  });

  it("gives back an invoice's calls exactly when the refunds, in one to three parts on as many credit notes, add up to them to the cent (property)", () => {
    const destination = fc.constantFrom('UK London (4420)', 'UK Mobile (447)', 'DE Berlin (4930)');
    const callLine = fc.record({ destination, day: fc.integer({ min: 1, max: 31 }), days: fc.integer({ min: 0, max: 5 }), millionths: fc.integer({ min: 5_000, max: 50_000_000 }) });
    fc.assert(
      fc.property(fc.array(callLine, { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: -2, max: 2 }), fc.boolean(), (calls, weights, centsOff, undated) => {
        const lines = calls.map((c) => {
          const start = `2026-03-${String(c.day).padStart(2, '0')}`;
          const end = addDays(start, c.days) > march.end ? march.end : addDays(start, c.days);
          return dated(start, end, 'usage', { description: c.destination, amount: divideDecimals(String(c.millionths), '1000000', 6) });
        });
        // The money billed: each line rounded to the cent, as its invoice bills it.
        const billedCents = lines.reduce((sum, l) => sum + Number(roundToCurrency(l.amount!, 'USD').replace('.', '')), 0);
        const refundCents = billedCents + centsOff;
        // Split by the weights, each part at least a cent, the last taking what is left. Refunded
        // for more, in one part (in several, some of them could add up to the calls exactly).
        const split = centsOff > 0 ? [1] : weights;
        const total = split.reduce((a, b) => a + b, 0);
        const parts = split.map((w) => Math.max(1, Math.floor((refundCents * w) / total)));
        parts[parts.length - 1] = refundCents - parts.slice(0, -1).reduce((a, b) => a + b, 0);
        fc.pre(parts.every((p) => p > 0));
        const notes = parts.map((cents, i) => ({ invoice: creditNote(`INV-${i + 2}`), lines: [callsRefund(negateDecimal(divideDecimals(String(cents), '100', 2)), undated ? null : march)] }));
        const found = [...givenBack([{ invoice: inv1, lines }, ...notes])];
        expect(found).toEqual(centsOff === 0 ? lines : []);
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });
});

describe('lineDates', () => {
  it('keeps what the coverage needs of a line, and its invoice', () => {
    const line = { ...dated('2026-12-01', '2026-12-31', 'package', { packageId: 'did' }), invoiceId: 'a', id: 'x', description: 'DID', calls: null };
    // The description tells a usage line's destination, for matching a refund to it.
    expect(lineDates(line)).toEqual({ ...dated('2026-12-01', '2026-12-31', 'package', { packageId: 'did', description: 'DID' }), invoiceId: 'a' });
  });
});

describe('linesByInvoice', () => {
  it("gives each invoice its lines, in their order, and none to one without", () => {
    const a = { invoiceId: 'a', n: 1 };
    const b = { invoiceId: 'b', n: 2 };
    const a2 = { invoiceId: 'a', n: 3 };
    const linesOf = linesByInvoice([a, b, a2]);
    expect(linesOf({ id: 'a' })).toEqual([a, a2]);
    expect(linesOf({ id: 'b' })).toEqual([b]);
    expect(linesOf({ id: 'c' })).toEqual([]);
  });
});

describe('periodInvoices: what Generate Invoice names for a period', () => {
  const period = { start: '2026-11-01', end: '2026-11-30' };
  const lines = [dated('2026-11-01', '2026-11-30', 'usage', { description: 'UK London (4420)', amount: '12.5' }), dated('2026-11-01', '2026-11-30', 'package', { packageId: 'did', quantity: '3', unitPrice: '2.50' })];
  const invoice = (n: number, status: 'draft' | 'issued' | 'void', more: Partial<ReturnType<typeof testInvoice>> = {}) =>
    testInvoice({ id: testUuid(n, 'e'), customerId, ...november, status, number: status === 'draft' ? null : `INV-${n}`, total: '15.00', invoiceDate: '2026-12-01', ...more });
  const refunded = lines.map((line): LineDates => ({ ...line, amount: line.amount === null ? null : negateDecimal(line.amount), quantity: line.amount === null ? negateDecimal(line.quantity) : line.quantity }));
  const names = (found: { invoice: { id: string } }[]) => found.map((o) => o.invoice.id);

  it('counts as billed only the issued invoices: a draft of the period is a draft, not billed, and a void one neither', () => {
    const first = invoice(1, 'draft');
    const found = periodInvoices([first, invoice(2, 'void')], () => lines, period, packageOf);
    expect(found.billed).toEqual([]);
    expect(found.drafts).toEqual([{ invoice: first, days: [fromPeriod('2026-11-01', '2026-11-30')] }]);
    // The draft issued: billed, and no draft left.
    const issued = { ...first, status: 'issued' as const, number: 'INV-1' };
    expect(periodInvoices([issued], () => lines, period, packageOf)).toEqual({ billed: [{ invoice: issued, days: [fromPeriod('2026-11-01', '2026-11-30')] }], drafts: [] });
    // Of another period, neither.
    expect(periodInvoices([first, issued], () => lines, { start: '2026-12-01', end: '2026-12-31' }, packageOf)).toEqual({ billed: [], drafts: [] });
  });

  it('lets an issued credit note give back what it refunds, not a draft one', () => {
    const inv1 = invoice(1, 'issued');
    const linesOf = (i: { id: string }) => (i.id === inv1.id ? lines : refunded);
    const issuedCredit = invoice(2, 'issued', { total: '-15.00' });
    expect(periodInvoices([inv1, issuedCredit], linesOf, period, packageOf)).toEqual({ billed: [], drafts: [] });
    const draftCredit = invoice(2, 'draft', { total: '-15.00' });
    const found = periodInvoices([inv1, draftCredit], linesOf, period, packageOf);
    expect(names(found.billed)).toEqual([inv1.id]);
    // A draft credit note bills no days: it is no draft of the period either.
    expect(found.drafts).toEqual([]);
  });

  it('keeps a draft of the period a draft of it when a draft credit note would refund it in full: a draft gives nothing back', () => {
    const draft = invoice(1, 'draft');
    const draftCredit = invoice(2, 'draft', { total: '-15.00' });
    const linesOf = (i: { id: string }) => (i.id === draft.id ? lines : refunded);
    expect(periodInvoices([draft, draftCredit], linesOf, period, packageOf)).toEqual({ billed: [], drafts: [{ invoice: draft, days: [fromPeriod('2026-11-01', '2026-11-30')] }] });
  });
});

describe('billedAndDraftDays: the days each invoice bills, issued apart from drafts', () => {
  const lines = [dated('2026-11-01', '2026-11-30', 'usage', { description: 'UK London (4420)', amount: '12.5' }), dated('2026-11-01', '2026-11-30', 'package', { packageId: 'did', quantity: '3', unitPrice: '2.50' })];
  const refunded = lines.map((line): LineDates => ({ ...line, amount: line.amount === null ? null : negateDecimal(line.amount), quantity: line.amount === null ? negateDecimal(line.quantity) : line.quantity }));
  const invoice = (n: number, status: 'draft' | 'issued' | 'void', more: Partial<ReturnType<typeof testInvoice>> = {}) =>
    testInvoice({ id: testUuid(n, 'e'), customerId, ...november, status, number: status === 'draft' ? null : `INV-${n}`, total: '15.00', invoiceDate: '2026-12-01', ...more });
  const november30 = [fromPeriod('2026-11-01', '2026-11-30')];

  it('lists an issued invoice as billing its days, a draft of the same days as a draft, a void one nowhere', () => {
    const issued = invoice(1, 'issued');
    const draft = invoice(2, 'draft');
    expect(billedAndDraftDays([issued, draft, invoice(3, 'void')], () => lines, packageOf)).toEqual({
      billed: [{ invoice: issued, days: november30 }],
      drafts: [{ invoice: draft, days: november30 }],
    });
  });

  it("keeps an invoice billing its days when a draft credit note refunds it in full: only an issued one gives them back", () => {
    const inv1 = invoice(1, 'issued');
    const linesOf = (i: { id: string }) => (i.id === inv1.id ? lines : refunded);
    const draftCredit = invoice(2, 'draft', { total: '-15.00' });
    expect(billedAndDraftDays([inv1, draftCredit], linesOf, packageOf)).toEqual({ billed: [{ invoice: inv1, days: november30 }], drafts: [] });
    const issuedCredit = { ...draftCredit, status: 'issued' as const, number: 'INV-2' };
    expect(billedAndDraftDays([inv1, issuedCredit], linesOf, packageOf)).toEqual({ billed: [], drafts: [] });
  });

  it('keeps a draft a draft of its days when a draft credit note would refund it in full', () => {
    const draft = invoice(1, 'draft');
    const linesOf = (i: { id: string }) => (i.id === draft.id ? lines : refunded);
    expect(billedAndDraftDays([draft, invoice(2, 'draft', { total: '-15.00' })], linesOf, packageOf)).toEqual({ billed: [], drafts: [{ invoice: draft, days: november30 }] });
  });
});

describe('periodUsageGivenBack: what credit notes give back of the calls a period\'s invoices bill', () => {
  // INV-1 bills November: London's calls 12.50, Mobile's 3.25, and 3 DIDs at 2.50.
  const inv1 = testInvoice({ id: testUuid(1, 'e'), customerId, ...november, status: 'issued', number: 'INV-1', total: '23.25' });
  const london = dated('2026-11-01', '2026-11-30', 'usage', { description: 'UK London (4420)', amount: '12.5' });
  const mobile = dated('2026-11-01', '2026-11-30', 'usage', { description: 'UK Mobile (447)', amount: '3.25' });
  const dids = dated('2026-11-01', '2026-11-30', 'package', { packageId: 'did', quantity: '3', unitPrice: '2.50' });
  const creditNote = (n: number, lines: LineDates[], status: 'issued' | 'draft' = 'issued') => ({
    invoice: testInvoice({ id: testUuid(n, 'e'), customerId, ...november, status, number: status === 'draft' ? null : `INV-${n}`, total: '-1.00', creditsId: inv1.id }),
    lines,
  });
  const refundOf = (line: LineDates, amount = negateDecimal(line.amount!)) => ({ ...line, amount });
  const of = (...notes: ReturnType<typeof creditNote>[]) => {
    const found = periodUsageGivenBack([{ invoice: inv1, lines: [london, mobile, dids] }, ...notes], [inv1]);
    return { by: found.by.map((i) => i.number), all: found.all };
  };

  it('names the credit notes giving back some of the calls, and says when they give back all of them', () => {
    expect(of()).toEqual({ by: [], all: false });
    // 5.00 of London's 12.50: part of it.
    expect(of(creditNote(2, [refundOf(london, '-5.00')]))).toEqual({ by: ['INV-2'], all: false });
    expect(of(creditNote(3, [refundOf(mobile)]), creditNote(2, [refundOf(london, '-5.00')]))).toEqual({ by: ['INV-2', 'INV-3'], all: false });
    expect(of(creditNote(2, [refundOf(london), refundOf(mobile)]))).toEqual({ by: ['INV-2'], all: true });
    // One line for all of November's calls, as the period checks match it.
    expect(of(creditNote(2, [dated('2026-11-01', '2026-11-30', 'usage', { description: 'Refund of November calls', amount: '-15.75' })]))).toEqual({ by: ['INV-2'], all: true });
  });

  it('leaves out what gives back no calls: a refund of the DIDs alone, a draft credit note', () => {
    expect(of(creditNote(2, [{ ...dids, quantity: '-3' }]))).toEqual({ by: [], all: false });
    expect(of(creditNote(2, [refundOf(london), refundOf(mobile)], 'draft'))).toEqual({ by: [], all: false });
  });
});

describe('periodGivenBack, givenBackIn: a period billed and then given back in full is named, not taken as never billed', () => {
  // INV-2 bills November for Atlas: London's calls and 3 DIDs; credit note INV-6 (Credit note…) gives all of it back.
  const lines = [dated('2026-11-01', '2026-11-30', 'usage', { description: 'UK London (4420)', amount: '12.5' }), dated('2026-11-01', '2026-11-30', 'package', { packageId: 'did', quantity: '3', unitPrice: '2.50' })];
  const refunded = lines.map((line): LineDates => ({ ...line, amount: line.amount === null ? null : negateDecimal(line.amount), quantity: line.amount === null ? negateDecimal(line.quantity) : line.quantity }));
  const inv2 = testInvoice({ id: testUuid(2, 'e'), customerId, ...november, status: 'issued', number: 'INV-2', total: '20.00', invoiceDate: '2026-12-01' });
  const note = (n: number, status: 'issued' | 'draft', more: Partial<ReturnType<typeof testInvoice>> = {}) =>
    testInvoice({ id: testUuid(n, 'e'), customerId, ...november, status, number: status === 'draft' ? null : `INV-${n}`, total: '-20.00', invoiceDate: '2026-12-07', creditsId: inv2.id, ...more });
  const inv6 = note(6, 'issued');
  const linesOf = (given: LineDates[]) => (i: { id: string }) => (i.id === inv2.id ? lines : given);
  const period = { start: '2026-11-01', end: '2026-11-30' };

  it('names the invoice that billed November and the credit note that gave all of it back, in words', () => {
    const found = periodGivenBack([inv2, inv6], linesOf(refunded), period, packageOf);
    expect(found).toEqual([{ invoice: inv2, days: [period], by: [inv6] }]);
    // The period is billed no more: Generate and the billing run may bill it again, and say so.
    expect(periodInvoices([inv2, inv6], linesOf(refunded), period, packageOf)).toEqual({ billed: [], drafts: [] });
    expect(givenBackText(found[0]!)).toBe('INV-2 billed Nov 1–30, 2026; credit note INV-6 gave all of it back');
    expect(periodGivenBackNote(found)).toBe(
      'INV-2 billed Nov 1–30, 2026; credit note INV-6 gave all of it back. No invoice bills those days now, so a new invoice bills them again; if the credit was to waive them, do not bill them again.',
    );
    expect(periodGivenBackNote([])).toBe('');
  });

  it('names nothing while some of the period is still billed (a partial credit), nothing for a draft credit note, and nothing for another period', () => {
    const part = [{ ...refunded[0]!, amount: '-5.00' }, refunded[1]!];
    expect(periodGivenBack([inv2, inv6], linesOf(part), period, packageOf)).toEqual([]);
    expect(periodGivenBack([inv2, note(6, 'draft')], linesOf(refunded), period, packageOf)).toEqual([]);
    expect(periodGivenBack([inv2, inv6], linesOf(refunded), { start: '2026-12-01', end: '2026-12-31' }, packageOf)).toEqual([]);
    // A void credit note gives nothing back.
    expect(periodGivenBack([inv2, note(6, 'issued', { status: 'void' })], linesOf(refunded), period, packageOf)).toEqual([]);
  });

  it('names credit notes in parts, each of them, and an invoice still waiting for its number as not yet numbered', () => {
    const inv7 = note(7, 'issued', { number: null });
    const of = (i: { id: string }) => (i.id === inv2.id ? lines : i.id === inv6.id ? [refunded[0]!] : [refunded[1]!]);
    const found = periodGivenBack([inv7, inv6, inv2], of, period, packageOf);
    expect(found.map((f) => f.by.map((b) => b.number))).toEqual([['INV-6', null]]);
    expect(givenBackText(found[0]!)).toBe('INV-2 billed Nov 1–30, 2026; credit notes INV-6 and not yet numbered gave all of it back');
  });

  it("gives the usage summary's rows the same: a month, a week of it (its days), not December", () => {
    const found = invoicesGivenBack([inv2, inv6], linesOf(refunded), packageOf);
    expect(givenBackIn(found, period)).toEqual([{ invoice: inv2, days: [period], by: [inv6] }]);
    const week = { start: '2026-11-02', end: '2026-11-08' };
    expect(givenBackIn(found, week)).toEqual([{ invoice: inv2, days: [week], by: [inv6] }]);
    expect(givenBackText(givenBackIn(found, week)[0]!)).toBe('INV-2 billed Nov 2–8, 2026; credit note INV-6 gave all of it back');
    expect(givenBackIn(found, { start: '2026-12-01', end: '2026-12-31' })).toEqual([]);
    // Given back in part, the invoice still bills the row: the row lists it as billing, and no note.
    const part = invoicesGivenBack([inv2, inv6], linesOf([refunded[1]!]), packageOf);
    expect(givenBackIn(part, period)).toEqual([]);
    expect(billedAndDraftDays([inv2, inv6], linesOf([refunded[1]!]), packageOf).billed.map((b) => b.invoice)).toEqual([inv2]);
  });
});
