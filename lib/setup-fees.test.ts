/**
 * An item's setup is billed once, whichever way an invoice is made: Add Invoice Item
 * (setupFeeBilling), Generate Invoice, a billing run, Invoice the rest of the period (lateCallsInvoice)
 * and Update lines from usage (regenerateDraftLines) count the setups the customer's other invoices
 * bill the same way.
 */
import { describe, expect, it } from 'vitest';
import { planBillingRun } from './billing-run';
import type { Invoice, InvoiceLine } from './entities';
import { type GenerateInvoiceInput, type InvoiceWithLines, generateInvoice, lateCallsInvoice, lateUsage, regenerateDraftLines } from './generate';
import { setupFeeBilling } from './packages';
import { lineIdSequence, testAccount, testAssignment, testCustomer, testInvoice, testLine, testPackage, testUsage, testUuid } from './test-fixtures';

const globex = testCustomer({ name: 'Globex' });
const didRental = testPackage({ id: testUuid(1, 'c'), name: 'DID rental', retail: '1', setup: '5', frequency: 'monthly', matchDays: [1] });
// 10 DIDs from 1 November (their setups on INV-7), 5 more from 1 December.
const first10 = testAssignment({ id: testUuid(1, 'd'), packageId: didRental.id, quantity: 10, startDate: '2025-11-01' });
const more5 = testAssignment({ id: testUuid(2, 'd'), packageId: didRental.id, quantity: 5, startDate: '2025-12-01' });
const assignments = [first10, more5];
const NOVEMBER = { start: '2025-11-01', end: '2025-11-30' };
const DECEMBER = { start: '2025-12-01', end: '2025-12-31' };
const DECEMBER_ID = testUuid(9, 'e');

function generate(period: { start: string; end: string }, billedSetups: readonly InvoiceWithLines[], overrides: Partial<GenerateInvoiceInput> = {}) {
  return generateInvoice({
    account: testAccount(),
    customer: globex,
    assignments,
    packages: [didRental],
    usage: [],
    period,
    invoiceDate: addMonth(period.start),
    invoiceId: DECEMBER_ID,
    newLineId: lineIdSequence(),
    billedSetups,
    ...overrides,
  });
}

function addMonth(day: string): string {
  return day.startsWith('2025-11') ? '2025-12-01' : '2026-01-01';
}

const issue = (generated: { invoice: Invoice; lines: InvoiceLine[] }, number: string): InvoiceWithLines => ({
  invoice: { ...generated.invoice, status: 'issued', number },
  lines: generated.lines,
});

/** November as INV-7: the 10 setups. */
const inv7 = issue(generate(NOVEMBER, [], { invoiceId: testUuid(7, 'e') }), 'INV-7');

/** A draft on which the clerk added the 5 setups Add Invoice Item fills in, dated its period (December). */
function draftWithSetups(status: Invoice['status'] = 'draft'): InvoiceWithLines {
  const invoice = testInvoice({ id: testUuid(8, 'e'), status, periodStart: DECEMBER.start, periodEnd: DECEMBER.end, invoiceDate: '2025-12-02' });
  const filled = setupFeeBilling(didRental.id, assignments, [inv7, { invoice, lines: [] }]);
  const line = testLine({
    id: testUuid(1, 'b'),
    invoiceId: invoice.id,
    kind: 'setup',
    description: 'DID rental (setup)',
    startDate: DECEMBER.start,
    endDate: DECEMBER.end,
    quantity: filled.quantity,
    unitPrice: didRental.setup,
    packageId: didRental.id,
    taxRate: '20',
  });
  return { invoice, lines: [line] };
}

const setupsOf = (lines: readonly Pick<InvoiceLine, 'kind' | 'quantity'>[]) => lines.filter((l) => l.kind === 'setup').map((l) => l.quantity);

describe('Generate Invoice bills a setup only where no other invoice bills it', () => {
  it('INV-7 bills the 10 setups of November; Add Invoice Item fills in the 5 of December not billed yet', () => {
    expect(setupsOf(inv7.lines)).toEqual(['10']);
    expect(draftWithSetups().lines[0]!.quantity).toBe('5');
    expect(setupFeeBilling(didRental.id, assignments, [inv7])).toMatchObject({ assigned: '15', unbilled: '5' });
  });

  it('leaves out the 5 setups of December the clerk billed by hand on an issued invoice, and says where they are billed', () => {
    const billed = draftWithSetups('issued');
    const december = generate(DECEMBER, [inv7, billed]);
    expect(setupsOf(december.lines)).toEqual([]);
    expect(december.setupsLeftOut).toEqual([
      {
        charge: 'setup',
        packageId: didRental.id,
        packageName: 'DID rental',
        quantity: '5',
        assigned: '15',
        billedOn: [
          { invoice: inv7.invoice, quantity: '10' },
          { invoice: billed.invoice, quantity: '5' },
        ],
        givenBackOn: [],
      },
    ]);
    // The monthly charge is billed all the same.
    expect(december.lines.map((l) => l.kind)).toEqual(['package', 'package']);
  });

  it('bills the setups a draft holds: a draft bills nothing until it is issued, as for its calls and monthly charges', () => {
    const draft = draftWithSetups();
    const december = generate(DECEMBER, [inv7, draft]);
    expect(setupsOf(december.lines)).toEqual(['5']);
    expect(december.setupsLeftOut).toEqual([]);
    // A second December generated while the first is still a draft has all the first one's lines.
    const first = generate(DECEMBER, [inv7]);
    const second = generate(DECEMBER, [inv7, first], { invoiceId: testUuid(12, 'e') });
    expect(second.lines.map((l) => [l.kind, l.quantity])).toEqual(first.lines.map((l) => [l.kind, l.quantity]));
    expect(second.setupsLeftOut).toEqual([]);
    // The first one issued, its setups are billed: the second leaves them out, naming it.
    const issuedFirst = issue(first, 'INV-8');
    const after = generate(DECEMBER, [inv7, issuedFirst], { invoiceId: testUuid(12, 'e') });
    expect(setupsOf(after.lines)).toEqual([]);
    expect(after.setupsLeftOut).toMatchObject([{ quantity: '5', billedOn: [{ invoice: inv7.invoice }, { invoice: issuedFirst.invoice, quantity: '5' }] }]);
  });

  it('bills them when nothing else bills them, or only a void invoice does', () => {
    expect(setupsOf(generate(DECEMBER, [inv7]).lines)).toEqual(['5']);
    const voided = generate(DECEMBER, [inv7, draftWithSetups('void')]);
    expect(setupsOf(voided.lines)).toEqual(['5']);
    expect(voided.setupsLeftOut).toEqual([]);
    // Without the other invoices given, as before.
    expect(setupsOf(generate(DECEMBER, []).lines)).toEqual(['5']);
  });

  it('bills what is not billed yet when an issued invoice bills only part, taking the billed ones from the earliest assignment of the period', () => {
    const two = { ...draftWithSetups('issued'), lines: draftWithSetups('issued').lines.map((l) => ({ ...l, quantity: '2' })) };
    expect(setupsOf(generate(DECEMBER, [inv7, two]).lines)).toEqual(['3']);
    const split = [first10, testAssignment({ id: testUuid(3, 'd'), packageId: didRental.id, quantity: 3, startDate: '2025-12-01' }), testAssignment({ id: testUuid(4, 'd'), packageId: didRental.id, quantity: 2, startDate: '2025-12-10' })];
    const generated = generate(DECEMBER, [inv7, { ...two, lines: two.lines.map((l) => ({ ...l, quantity: '4' })) }], { assignments: split });
    expect(generated.lines.filter((l) => l.kind === 'setup').map((l) => [l.startDate, l.quantity])).toEqual([['2025-12-10', '1']]);
    expect(generated.setupsLeftOut[0]).toMatchObject({ quantity: '4' });
  });

  it("does not count the invoice being made, nor another customer's", () => {
    const draft = draftWithSetups('issued');
    expect(setupsOf(generate(DECEMBER, [inv7, draft], { invoiceId: draft.invoice.id }).lines)).toEqual(['5']);
    const theirs = { ...draft, invoice: { ...draft.invoice, customerId: testUuid(5) } };
    expect(setupsOf(generate(DECEMBER, [inv7, theirs]).lines)).toEqual(['5']);
  });

  it("November generated again (INV-7 voided) still bills its 10: December's setups are dated after it", () => {
    const december = issue(generate(DECEMBER, [inv7]), 'INV-9');
    const voided7 = { ...inv7, invoice: { ...inv7.invoice, status: 'void' as const } };
    expect(setupsOf(generate(NOVEMBER, [voided7, december], { invoiceId: testUuid(10, 'e') }).lines)).toEqual(['10']);
    // With INV-7 standing, none.
    expect(setupsOf(generate(NOVEMBER, [inv7, december], { invoiceId: testUuid(10, 'e') }).lines)).toEqual([]);
  });

  it('a billing run leaves them out too', () => {
    const draft = draftWithSetups('issued');
    const run = planBillingRun({
      account: testAccount(),
      customers: [globex],
      schedule: 'monthly',
      period: DECEMBER,
      invoiceDate: '2026-01-01',
      assignments,
      packages: [didRental],
      // The invoice is for another period here, so the run does not leave Globex out for it.
      invoices: [inv7.invoice, { ...draft.invoice, periodStart: '2025-10-01', periodEnd: '2025-10-31' }],
      setupLines: [...inv7.lines, ...draft.lines].filter((l) => l.kind === 'setup'),
      lineDates: [],
      usageByCustomer: new Map(),
      newId: lineIdSequence(),
    });
    const outcome = run[0]!.outcome;
    expect(outcome.kind).toBe('draft');
    if (outcome.kind !== 'draft') return;
    expect(setupsOf(outcome.generated.lines)).toEqual([]);
    expect(outcome.generated.setupsLeftOut.map((s) => s.quantity)).toEqual(['5']);
  });
});

describe('a one-off package charged by hand is billed once too', () => {
  const portIn = testPackage({ id: testUuid(2, 'c'), name: 'Port-in fee', retail: '25', setup: '0', frequency: 'none', matchDays: [] });
  const portInFrom = testAssignment({ id: testUuid(3, 'd'), packageId: portIn.id, quantity: 1, startDate: '2025-12-05' });
  // An invoice made by hand (no period) on which the clerk charged the fee, dated its invoice date.
  const byHand = testInvoice({ id: testUuid(11, 'e'), number: 'INV-8', status: 'issued', periodStart: null, periodEnd: null, invoiceDate: '2025-12-05' });
  const feeLine = testLine({
    id: testUuid(2, 'b'), invoiceId: byHand.id, kind: 'package', description: 'Port-in fee', startDate: '2025-12-05', endDate: '2025-12-05', unitPrice: '25', packageId: portIn.id,
  });

  it('a billing run for its month bills the DIDs and leaves the fee out, saying where it is billed', () => {
    const run = planBillingRun({
      account: testAccount(),
      customers: [globex],
      schedule: 'monthly',
      period: DECEMBER,
      invoiceDate: '2026-01-01',
      assignments: [...assignments, portInFrom],
      packages: [didRental, portIn],
      invoices: [inv7.invoice, byHand],
      setupLines: [...inv7.lines, feeLine].filter((l) => l.kind === 'setup' || l.kind === 'package'),
      // A one-off's charge bills no days: the run does not leave Globex out for INV-8.
      lineDates: [feeLine],
      usageByCustomer: new Map(),
      newId: lineIdSequence(),
    });
    const outcome = run[0]!.outcome;
    expect(outcome.kind).toBe('draft');
    if (outcome.kind !== 'draft') return;
    expect(outcome.generated.lines.filter((l) => l.packageId === portIn.id)).toEqual([]);
    expect(outcome.generated.lines.some((l) => l.packageId === didRental.id && l.kind === 'package')).toBe(true);
    expect(outcome.generated.setupsLeftOut).toEqual([
      { charge: 'one-off', packageId: portIn.id, packageName: 'Port-in fee', quantity: '1', assigned: '1', billedOn: [{ invoice: byHand, quantity: '1' }], givenBackOn: [] },
    ]);
  });
});

describe('late calls and usage updates bill no setup twice and drop none', () => {
  const call = (day: string, charge: string) => testUsage({ day, charge, destination: '1212', destinationName: 'US New York' });
  const lateInput = (issued: InvoiceWithLines, invoices: InvoiceWithLines[], billedSetups: InvoiceWithLines[]) => ({
    account: testAccount(),
    customer: globex,
    assignments,
    packages: [didRental],
    usage: [call('2025-12-05', '1'), call('2025-12-20', '2')],
    invoice: issued.invoice,
    lines: issued.lines,
    invoices,
    billedSetups,
  });

  it('December issued without the setups a draft bills: its late calls are just late calls (the packages did not change)', () => {
    const draft = draftWithSetups();
    const generated = generate(DECEMBER, [inv7, draft], { usage: [call('2025-12-05', '1')] });
    const inv9 = issue(generated, 'INV-9');
    const found = lateUsage(lateInput(inv9, [inv9], [inv7, draft, inv9]));
    expect(found).toMatchObject({ packagesChanged: false, chargesUnbilled: false, setupsLeftOut: [] });
    expect(found?.lines.map((l) => l.kind)).toEqual(['usage']);
  });

  it('Invoice the rest of the period leaves out the setups another issued invoice bills, and bills them when it is void or a draft', () => {
    // December's own invoice (with the 5 setups) voided; INV-10 billed its late calls alone.
    const inv9 = issue(generate(DECEMBER, [inv7], { usage: [call('2025-12-05', '1')] }), 'INV-9');
    const voided9 = { ...inv9, invoice: { ...inv9.invoice, status: 'void' as const } };
    const inv10 = issue(lateCallsInvoice({ ...lateInput(inv9, [inv9], [inv7, inv9]), invoiceDate: '2026-01-10', invoiceId: testUuid(10, 'e'), newLineId: lineIdSequence() }), 'INV-10');
    const billed = draftWithSetups('issued');
    const invoices = [inv10, voided9];
    const rest = lateCallsInvoice({ ...lateInput(inv10, invoices, [inv7, voided9, billed, inv10]), invoiceDate: '2026-01-20', invoiceId: testUuid(11, 'e'), newLineId: lineIdSequence() });
    expect(rest.late.chargesUnbilled).toBe(true);
    expect(setupsOf(rest.lines)).toEqual([]);
    expect(rest.setupsLeftOut.map((s) => s.quantity)).toEqual(['5']);
    // Still a draft, they are not billed yet: the rest of the period bills them.
    const restDraft = lateCallsInvoice({ ...lateInput(inv10, invoices, [inv7, voided9, draftWithSetups(), inv10]), invoiceDate: '2026-01-20', invoiceId: testUuid(11, 'e'), newLineId: lineIdSequence() });
    expect(setupsOf(restDraft.lines)).toEqual(['5']);
    // With it void, nothing else bills them: the rest of the period does.
    const restVoid = lateCallsInvoice({ ...lateInput(inv10, invoices, [inv7, voided9, draftWithSetups('void'), inv10]), invoiceDate: '2026-01-20', invoiceId: testUuid(11, 'e'), newLineId: lineIdSequence() });
    expect(setupsOf(restVoid.lines)).toEqual(['5']);
    expect(restVoid.setupsLeftOut).toEqual([]);
  });

  it('Update lines from usage on a rest-of-the-period draft keeps its package charges and setups once', () => {
    const inv9 = issue(generate(DECEMBER, [inv7], { usage: [call('2025-12-05', '1')] }), 'INV-9');
    const voided9 = { ...inv9, invoice: { ...inv9.invoice, status: 'void' as const } };
    const inv10 = issue(lateCallsInvoice({ ...lateInput(inv9, [inv9], [inv7, inv9]), invoiceDate: '2026-01-10', invoiceId: testUuid(10, 'e'), newLineId: lineIdSequence() }), 'INV-10');
    const rest = lateCallsInvoice({ ...lateInput(inv10, [inv10, voided9], [inv7, voided9, inv10]), invoiceDate: '2026-01-20', invoiceId: testUuid(11, 'e'), newLineId: lineIdSequence() });
    expect(setupsOf(rest.lines)).toEqual(['5']);
    // A call more comes in; the draft's usage lines are generated again.
    const { upsertLines, deleteLineIds } = regenerateDraftLines({
      account: testAccount(),
      customer: globex,
      assignments,
      packages: [didRental],
      usage: [call('2025-12-05', '1'), call('2025-12-20', '2'), call('2025-12-21', '4')],
      invoice: rest.invoice,
      lines: rest.lines,
      invoices: [inv10],
      billedSetups: [inv7, voided9, inv10, { invoice: rest.invoice, lines: rest.lines }],
      newLineId: lineIdSequence(),
    });
    // Every line the draft has after the update (the old usage lines are deleted).
    const after = upsertLines;
    expect(deleteLineIds).toEqual(rest.lines.filter((l) => l.kind === 'usage').map((l) => l.id));
    expect(setupsOf(after)).toEqual(['5']);
    expect(after.filter((l) => l.kind === 'package')).toHaveLength(rest.lines.filter((l) => l.kind === 'package').length);
    // The usage INV-10 does not bill: 1 + 2 + 4 less its 2.
    expect(after.filter((l) => l.kind === 'usage').map((l) => l.amount)).toEqual(['5.00']);
  });

  it('Update lines from usage on a generated draft keeps its setups as they are, and adds none', () => {
    const draft = generate(DECEMBER, [inv7], { usage: [call('2025-12-05', '1')] });
    const { upsertLines } = regenerateDraftLines({
      account: testAccount(),
      customer: globex,
      assignments,
      packages: [didRental],
      usage: [call('2025-12-05', '1'), call('2025-12-20', '2')],
      invoice: draft.invoice,
      lines: draft.lines,
      billedSetups: [inv7, { invoice: draft.invoice, lines: draft.lines }],
      newLineId: lineIdSequence(),
    });
    expect(setupsOf(upsertLines)).toEqual(['5']);
  });
});
