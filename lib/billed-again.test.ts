import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billedAgain, chargeForItem, leavingOutCallsOf, unseenBilledAgain, unseenBilledAgainRefusal } from './billed-again';
import type { InvoiceLine } from './entities';
import { generateInvoice, lateCallsInvoice, lateUsage, type InvoiceWithLines } from './generate';
import { divideDecimals, multiplyDecimals, negateDecimal } from './money';
import { CUSTOMER_ID, OTHER_CUSTOMER_ID, lineIdSequence, testAccount, testAssignment, testCustomer, testInvoice, testLine, testPackage, testUsage, testUuid } from './test-fixtures';

const did = testPackage({ id: testUuid(1, 'c'), name: 'DID rental', retail: '2.50', frequency: 'monthly', matchDays: [1] });
const didAssigned = [testAssignment({ packageId: did.id, startDate: '2026-01-01' })];

/** October's invoice generated from usage (two destinations) and the DID's monthly charge, as `number`. */
function october(id: number, number: string | null, status: 'draft' | 'issued' | 'void' = 'issued'): InvoiceWithLines {
  const generated = generateInvoice({
    account: testAccount(),
    customer: testCustomer(),
    packages: [did],
    assignments: didAssigned,
    usage: [
      testUsage({ day: '2026-10-05', destination: '4420', destinationName: 'UK London', charge: '1.000000' }),
      testUsage({ day: '2026-10-20', destination: '447', destinationName: 'UK Mobile', charge: '2.000000' }),
    ],
    period: { start: '2026-10-01', end: '2026-10-31' },
    invoiceDate: '2026-11-01',
    invoiceId: testUuid(id, 'f'),
    newLineId: lineIdSequence(),
  });
  return { invoice: { ...generated.invoice, number, status }, lines: generated.lines };
}

/** Duplicate's copy of `of`: a new draft with the same lines. */
function copyOf(of: InvoiceWithLines): InvoiceWithLines {
  const id = testUuid(99, 'f');
  return { invoice: { ...of.invoice, id, number: null, status: 'draft' }, lines: of.lines.map((l, i) => ({ ...l, id: testUuid(100 + i, 'e'), invoiceId: id })) };
}

describe('billedAgain', () => {
  it('names the issued invoice a copy was made of: it bills the same calls and package charges, over the same days', () => {
    const issued = october(1, 'TB-2026-1001');
    const copy = copyOf(issued);
    expect(billedAgain(copy.invoice, copy.lines, [issued, copy], didAssigned)).toEqual([
      { invoice: issued.invoice, usage: { start: '2026-10-05', end: '2026-10-20' }, packageLines: copy.lines.filter((l) => l.kind === 'package'), setupLines: [] },
    ]);
  });

  it('names nothing when the copy is of a void invoice, or of another customer, or its lines were changed to other days', () => {
    const voided = october(1, 'TB-2026-1001', 'void');
    const copy = copyOf(voided);
    expect(billedAgain(copy.invoice, copy.lines, [voided], didAssigned)).toEqual([]);
    expect(billedAgain({ ...copy.invoice, customerId: OTHER_CUSTOMER_ID }, copy.lines, [october(1, 'TB-2026-1001')], didAssigned)).toEqual([]);
    // The copy's lines moved to November (dates changed on each line): no day is billed twice.
    const november = copy.lines.map((l): InvoiceLine => ({ ...l, startDate: l.startDate!.replace('2026-10', '2026-11'), endDate: l.endDate!.replace('2026-10', '2026-11') }));
    expect(billedAgain(copy.invoice, november, [october(1, 'TB-2026-1001')], didAssigned)).toEqual([]);
    // Only manual lines left: nothing comes from usage or packages.
    expect(billedAgain(copy.invoice, copy.lines.map((l) => ({ ...l, kind: 'manual' as const })), [october(1, 'TB-2026-1001')], didAssigned)).toEqual([]);
  });

  it('names no draft of the same period: a draft bills nothing until it is issued; issued, it is named', () => {
    const draft = october(2, null, 'draft');
    const copy = copyOf(october(1, 'TB-2026-1001'));
    expect(billedAgain(copy.invoice, copy.lines, [draft], didAssigned)).toEqual([]);
    const issued = { ...draft, invoice: { ...draft.invoice, status: 'issued' as const, number: 'TB-2026-1002' } };
    expect(billedAgain(copy.invoice, copy.lines, [issued], didAssigned)).toEqual([
      { invoice: issued.invoice, usage: { start: '2026-10-05', end: '2026-10-20' }, packageLines: copy.lines.filter((l) => l.kind === 'package'), setupLines: [] },
    ]);
  });

  it('tells usage from package charges: a copy of the calls alone names no package line', () => {
    const draft = october(2, 'TB-2026-1002');
    const copy = copyOf(october(1, 'TB-2026-1001'));
    const callsOnly = copy.lines.filter((l) => l.kind === 'usage');
    expect(billedAgain(copy.invoice, callsOnly, [draft], didAssigned)).toEqual([{ invoice: draft.invoice, usage: { start: '2026-10-05', end: '2026-10-20' }, packageLines: [], setupLines: [] }]);
    // An invoice billing only the DID for October: the copy's calls are not on it, its DID charge is.
    const didOnly = { invoice: { ...draft.invoice, id: testUuid(3, 'f'), number: 'TB-2026-1002', status: 'issued' as const }, lines: draft.lines.filter((l) => l.kind === 'package') };
    expect(billedAgain(copy.invoice, copy.lines, [didOnly], didAssigned)).toEqual([{ invoice: didOnly.invoice, usage: null, packageLines: copy.lines.filter((l) => l.kind === 'package'), setupLines: [] }]);
  });

  it('lists the invoices in number order, those without a number last', () => {
    const copy = copyOf(october(1, 'TB-2026-1001'));
    // Issued, its number pending (issued on a device offline): last.
    const found = billedAgain(copy.invoice, copy.lines, [october(3, null, 'issued'), october(2, 'TB-2026-1010'), october(1, 'TB-2026-1001')], didAssigned);
    expect(found.map((f) => f.invoice.number)).toEqual(['TB-2026-1001', 'TB-2026-1010', null]);
    expect(CUSTOMER_ID).toBe(copy.invoice.customerId);
  });
});

describe('billedAgain: a hand-made invoice, setups and late calls', () => {
  const didWithSetup = testPackage({ id: testUuid(2, 'c'), name: 'DID rental', retail: '1', setup: '5', frequency: 'monthly', matchDays: [1] });
  // 10 DIDs from 1 November, their setups billed on INV-7; 5 more from 1 December.
  const first10 = testAssignment({ id: testUuid(1, 'd'), packageId: didWithSetup.id, quantity: 10, startDate: '2025-11-01' });
  const more5 = testAssignment({ id: testUuid(2, 'd'), packageId: didWithSetup.id, quantity: 5, startDate: '2025-12-01' });

  /** A line of `invoiceId` as Add Invoice Item makes it on an invoice without a period: dated with what it bills. */
  function item(invoiceId: string, n: number, kind: 'package' | 'setup' | 'manual', quantity: string, start: string, end: string): InvoiceLine {
    return testLine({
      id: testUuid(n, 'e'),
      invoiceId,
      position: n,
      kind,
      description: kind === 'setup' ? 'DID rental (setup)' : kind === 'package' ? 'DID rental (1 month each)' : 'Port-in fee',
      startDate: start,
      endDate: end,
      quantity,
      unit: kind === 'package' ? 'month' : 'each',
      unitPrice: kind === 'setup' ? '5' : '1',
      packageId: kind === 'manual' ? null : didWithSetup.id,
    });
  }

  /** INV-7, made by hand (no period of its own): November's 10 DIDs, their setups and a port-in fee. */
  const inv7Id = testUuid(7, 'f');
  const inv7: InvoiceWithLines = {
    invoice: testInvoice({ id: inv7Id, number: 'INV-7', status: 'issued', invoiceDate: '2025-11-01', periodStart: null, periodEnd: null }),
    lines: [item(inv7Id, 1, 'package', '10', '2025-11-01', '2025-11-30'), item(inv7Id, 2, 'setup', '10', '2025-11-01', '2025-11-01'), item(inv7Id, 3, 'manual', '1', '2025-11-01', '2025-11-01')],
  };

  it("names the hand-made invoice a copy was made of, with the copy's package charge and setup: the copy has no period, its items' dates say what they bill", () => {
    const copy = copyOf(inv7);
    expect(copy.invoice.periodStart).toBeNull();
    expect(billedAgain(copy.invoice, copy.lines, [inv7], [first10])).toEqual([
      { invoice: inv7.invoice, usage: null, packageLines: copy.lines.filter((l) => l.kind === 'package'), setupLines: copy.lines.filter((l) => l.kind === 'setup') },
    ]);
  });

  it('names the setups another invoice bills when fewer are left to bill than the copy bills, as Add Invoice Item counts them (by items assigned, whatever the dates)', () => {
    const decemberId = testUuid(8, 'f');
    const december: InvoiceWithLines = {
      invoice: testInvoice({ id: decemberId, number: 'INV-8', status: 'issued', invoiceDate: '2025-12-01', periodStart: null, periodEnd: null }),
      lines: [item(decemberId, 4, 'setup', '5', '2025-12-01', '2025-12-01')],
    };
    // The copy's setups only (its charge moved to January): 10 of 15 assigned, 15 billed already.
    const copy = copyOf(inv7);
    const setupsOnly = copy.lines.filter((l) => l.kind === 'setup');
    expect(billedAgain(copy.invoice, setupsOnly, [inv7, december], [first10, more5])).toEqual([
      { invoice: inv7.invoice, usage: null, packageLines: [], setupLines: setupsOnly },
      { invoice: december.invoice, usage: null, packageLines: [], setupLines: setupsOnly },
    ]);
    // December's own setups, before INV-8 was made: the 5 items from 1 December are not billed yet.
    const decemberDraft = { ...december, invoice: { ...december.invoice, number: null, status: 'draft' as const } };
    expect(billedAgain(decemberDraft.invoice, decemberDraft.lines, [inv7], [first10, more5])).toEqual([]);
    // A void invoice bills no setup: a copy of it bills them once.
    expect(billedAgain(copy.invoice, setupsOnly, [{ ...inv7, invoice: { ...inv7.invoice, status: 'void' } }], [first10])).toEqual([]);
  });

  it("does not name the issued invoice a late-calls draft completes for its calls (it bills the calls that one does not), but names another invoice billing the same calls", () => {
    const issued = october(1, 'TB-2026-1001');
    // A late call of 20 October, after the invoice was issued.
    const late = lateCallsInvoice({
      account: testAccount(),
      customer: testCustomer(),
      packages: [did],
      assignments: didAssigned,
      usage: [
        testUsage({ day: '2026-10-05', destination: '4420', destinationName: 'UK London', charge: '1.000000' }),
        testUsage({ day: '2026-10-20', destination: '447', destinationName: 'UK Mobile', charge: '2.000000' }),
        testUsage({ day: '2026-10-20', destination: '447', destinationName: 'UK Mobile', charge: '4.000000' }),
      ],
      invoice: issued.invoice,
      lines: issued.lines,
      invoices: [issued],
      invoiceDate: '2026-11-10',
      invoiceId: testUuid(5, 'f'),
      newLineId: lineIdSequence(),
    });
    expect(late.lines.some((l) => l.kind === 'usage')).toBe(true);
    expect(billedAgain(late.invoice, late.lines, [issued], didAssigned)).toEqual([]);
    // Another invoice of October, not named in its notes (issued since, on another device): it bills those days' calls.
    const other = { ...october(2, 'TB-2026-1002'), lines: october(2, 'TB-2026-1002').lines.filter((l) => l.kind === 'usage') };
    expect(billedAgain(late.invoice, late.lines, [issued, other], didAssigned).map((f) => f.invoice.number)).toEqual(['TB-2026-1002']);
  });
});

describe('billedAgain: two late-calls drafts for one invoice', () => {
  /** October's calls, with a late call to UK Mobile on the 25th (after TB-2026-1001 was issued) and another on the 20th, a day TB-2026-1001 bills. */
  const usage = [
    testUsage({ day: '2026-10-05', destination: '4420', destinationName: 'UK London', charge: '1.000000' }),
    testUsage({ day: '2026-10-20', destination: '447', destinationName: 'UK Mobile', charge: '2.000000' }),
    testUsage({ day: '2026-10-20', destination: '447', destinationName: 'UK Mobile', charge: '3.000000' }),
    testUsage({ day: '2026-10-25', destination: '447', destinationName: 'UK Mobile', charge: '4.000000' }),
  ];
  function lateOf(issued: InvoiceWithLines, n: number, invoices: InvoiceWithLines[] = [issued], invoiceDate = '2026-11-10', now = usage) {
    return lateCallsInvoice({
      account: testAccount(),
      customer: testCustomer(),
      packages: [did],
      assignments: didAssigned,
      usage: now,
      invoice: issued.invoice,
      lines: issued.lines,
      invoices,
      invoiceDate,
      invoiceId: testUuid(n, 'f'),
      newLineId: () => testUuid(n * 100 + 1, 'e'),
    });
  }
  const issue = (draft: { invoice: InvoiceWithLines['invoice']; lines: InvoiceLine[] }, number: string | null): InvoiceWithLines => ({
    invoice: { ...draft.invoice, status: 'issued', number },
    lines: draft.lines,
  });

  it('names the late-calls invoice issued first as billing the late calls the other bills too (two devices offline, or one device twice), not the invoice both complete', () => {
    const issued = october(1, 'TB-2026-1001');
    const [first, second] = [lateOf(issued, 5), lateOf(issued, 6)];
    expect(second.lines.map((l) => [l.description, l.startDate, l.endDate])).toEqual([['UK Mobile (447) — calls not on TB-2026-1001', '2026-10-20', '2026-10-25']]);
    // Neither bills TB-2026-1001's own calls; issued, the first bills the late calls of the 20th to the 25th.
    expect(billedAgain(second.invoice, second.lines, [issued], didAssigned)).toEqual([]);
    for (const number of ['TB-2026-1002', null]) {
      const inv2 = issue(first, number);
      expect(billedAgain(second.invoice, second.lines, [issued, inv2], didAssigned)).toEqual([{ invoice: inv2.invoice, usage: { start: '2026-10-20', end: '2026-10-25' }, packageLines: [], setupLines: [] }]);
    }
    // A late-calls draft made once the first was issued completes both: nothing is left for it to bill twice.
    const inv2 = issue(first, 'TB-2026-1002');
    const after = { ...second.invoice, notes: 'Completes TB-2026-1001 and TB-2026-1002 (period Oct 1–31, 2026): usage of the period not billed on them.' };
    expect(billedAgain(after, second.lines, [issued, inv2], didAssigned)).toEqual([]);
  });

  it('a late-calls draft made while the invoice it completes waited for its number still completes it once numbered: its calls are not named', () => {
    // October issued offline: its number pending when the late calls were invoiced.
    const pending = october(1, null);
    const late = lateOf(pending, 5);
    expect(late.invoice.notes).toMatch(/^Completes the invoice dated Nov 1, 2026 \(number pending\) \(period Oct 1–31, 2026\)/);
    expect(billedAgain(late.invoice, late.lines, [pending], didAssigned)).toEqual([]);
    // Synced, October is TB-2026-1001; the draft's notes keep the name they were written with. Its UK Mobile line covers the 20th, a day TB-2026-1001 bills: those are the late calls.
    const numbered = { ...pending, invoice: { ...pending.invoice, number: 'TB-2026-1001' } };
    expect(billedAgain(late.invoice, late.lines, [numbered], didAssigned)).toEqual([]);
  });

  it('tells the invoice a late-calls draft completes from a late-calls invoice of the same date and the same name, the one issued first', () => {
    // October issued offline on Nov 1, and two late-calls drafts of it dated that day: both complete "the invoice dated Nov 1, 2026 (number pending)".
    const pending = october(1, null);
    const [first, second] = [lateOf(pending, 5, [pending], '2026-11-01'), lateOf(pending, 6, [pending], '2026-11-01')];
    expect(second.invoice.notes).toBe(first.invoice.notes);
    // The first issued too, its number pending: it has the same name as October, but it is not what the second completes.
    const inv2 = issue(first, null);
    const again = { usage: { start: '2026-10-20', end: '2026-10-25' }, packageLines: [], setupLines: [] };
    expect(billedAgain(second.invoice, second.lines, [pending, inv2], didAssigned)).toEqual([{ invoice: inv2.invoice, ...again }]);
    // Numbered on the server: still the first alone, not October, whose UK Mobile line covers the 20th.
    const numbered = [{ ...pending, invoice: { ...pending.invoice, number: 'TB-2026-1001' } }, issue(first, 'TB-2026-1002')] as const;
    expect(billedAgain(second.invoice, second.lines, numbered, didAssigned)).toEqual([{ invoice: numbered[1].invoice, ...again }]);
    // A late-calls draft made once the first was issued names both: it completes them.
    const both = { ...second.invoice, notes: 'Completes the invoice dated Nov 1, 2026 (number pending) and the invoice dated Nov 1, 2026 (number pending) (period Oct 1–31, 2026): …' };
    expect(billedAgain(both, second.lines, [pending, inv2], didAssigned)).toEqual([]);
    expect(billedAgain(both, second.lines, numbered, didAssigned)).toEqual([]);
  });

  it('names the late-calls credit issued first when the usage went down: the other would give the same calls back twice', () => {
    const issued = october(1, 'TB-2026-1001');
    // The call to UK Mobile on the 20th was rated again since, for 1.50: TB-2026-1001 billed 0.50 too much.
    const credited = [usage[0]!, testUsage({ day: '2026-10-20', destination: '447', destinationName: 'UK Mobile', charge: '1.500000' })];
    const [first, second] = [lateOf(issued, 5, [issued], '2026-11-10', credited), lateOf(issued, 6, [issued], '2026-11-10', credited)];
    expect(second.lines.map((l) => [l.startDate, l.endDate, l.amount])).toEqual([['2026-10-20', '2026-10-20', '-0.50']]);
    expect(billedAgain(second.invoice, second.lines, [issued], didAssigned)).toEqual([]);
    const inv2 = issue(first, 'TB-2026-1002');
    expect(billedAgain(second.invoice, second.lines, [issued, inv2], didAssigned)).toEqual([
      { invoice: inv2.invoice, usage: { start: '2026-10-20', end: '2026-10-20' }, credit: true, packageLines: [], setupLines: [] },
    ]);
    expect(unseenBilledAgainRefusal(unseenBilledAgain(billedAgain(second.invoice, second.lines, [issued, inv2], didAssigned), []), () => 'another device')).toBe(
      'TB-2026-1002, issued on another device, credits the calls of Oct 20, 2026 already. Issued too, this draft would credit it twice: it stays a draft. ' +
        'Open the draft to credit only what is left (Update lines from usage), or delete it.',
    );
    // A credit note of TB-2026-1001 (Credit note…) is no late-calls credit: it gives back what it credits, and is told of elsewhere.
    const creditNote = { ...inv2, invoice: { ...inv2.invoice, notes: '', creditsId: issued.invoice.id } };
    expect(billedAgain(second.invoice, second.lines, [issued, creditNote], didAssigned)).toEqual([]);
  });

  it('offers no late calls once one late-calls invoice bills them, numbered or not yet', () => {
    const issued = october(1, 'TB-2026-1001');
    const input = { account: testAccount(), customer: testCustomer(), packages: [did], assignments: didAssigned, usage, invoice: issued.invoice, lines: issued.lines };
    expect(lateUsage({ ...input, invoices: [issued] })?.usage.net).toBe('7.00');
    for (const number of ['TB-2026-1002', null]) expect(lateUsage({ ...input, invoices: [issued, issue(lateOf(issued, 5), number)] })).toBeNull();
  });
});

describe('billedAgain: refunds bill nothing', () => {
  it("does not name the invoice a credit note refunds: the credit note's calls and package charge below zero bill nothing twice", () => {
    const issued = october(1, 'TB-2026-1001');
    const creditId = testUuid(98, 'f');
    const refund = issued.lines
      .filter((l) => l.kind === 'usage' || l.kind === 'package')
      .map((l, i): InvoiceLine => ({ ...l, id: testUuid(300 + i, 'e'), invoiceId: creditId, quantity: l.kind === 'package' ? '-1' : l.quantity, amount: l.amount === null ? null : `-${l.amount}` }));
    const credit = { ...issued.invoice, id: creditId, number: null, status: 'draft' as const };
    expect(billedAgain(credit, refund, [issued], didAssigned)).toEqual([]);
  });

  it('does not name a credit note as billing what a new draft bills again (the refunded charge is due again)', () => {
    const issued = october(1, 'TB-2026-1001');
    const creditId = testUuid(98, 'f');
    const creditNote: InvoiceWithLines = {
      invoice: { ...issued.invoice, id: creditId, number: 'TB-2026-1002' },
      lines: issued.lines.filter((l) => l.kind === 'package').map((l, i) => ({ ...l, id: testUuid(300 + i, 'e'), invoiceId: creditId, unitPrice: `-${l.unitPrice}` })),
    };
    const copy = copyOf(issued);
    const charges = copy.lines.filter((l) => l.kind === 'package');
    // Only the issued invoice bills the DID; the credit note gives it back.
    expect(billedAgain(copy.invoice, charges, [creditNote], didAssigned)).toEqual([]);
  });

  it('counts a setup refunded at a price below zero (1 x -5.00) as given back, as -1 x 5.00 is', () => {
    const setupPkg = testPackage({ id: testUuid(3, 'c'), name: 'DID rental', retail: '1', setup: '5', frequency: 'monthly', matchDays: [1] });
    const one = testAssignment({ id: testUuid(3, 'd'), packageId: setupPkg.id, quantity: 1, startDate: '2025-11-01' });
    const setupLine = (invoiceId: string, n: number, quantity: string, unitPrice: string) =>
      testLine({ id: testUuid(n, 'e'), invoiceId, kind: 'setup', description: 'DID rental (setup)', startDate: '2025-11-01', endDate: '2025-11-01', quantity, unitPrice, packageId: setupPkg.id });
    const billedId = testUuid(11, 'f');
    const refundedId = testUuid(12, 'f');
    const draftId = testUuid(13, 'f');
    const billed: InvoiceWithLines = { invoice: testInvoice({ id: billedId, number: 'INV-1', status: 'issued' }), lines: [setupLine(billedId, 1, '1', '5')] };
    const byPrice: InvoiceWithLines = { invoice: testInvoice({ id: refundedId, number: 'INV-2', status: 'issued' }), lines: [setupLine(refundedId, 2, '1', '-5')] };
    const byQuantity: InvoiceWithLines = { ...byPrice, lines: [setupLine(refundedId, 2, '-1', '5')] };
    const draft = testInvoice({ id: draftId, number: null, status: 'draft' });
    const again = [setupLine(draftId, 3, '1', '5')];
    expect(billedAgain(draft, again, [billed, byQuantity], [one])).toEqual([]);
    expect(billedAgain(draft, again, [billed, byPrice], [one])).toEqual([]);
    // Without the refund, the setup is billed twice.
    expect(billedAgain(draft, again, [billed], [one])).toHaveLength(1);
  });
});

describe('billedAgain: calls and package charges a credit note refunds in full are billed no more', () => {
  /** A credit note numbered `number` refunding `refunded` lines of `of` (all its usage and package lines by default): each line as is, its net negated. */
  function creditNote(of: InvoiceWithLines, id: number, number: string | null, refunded = of.lines.filter((l) => l.kind === 'usage' || l.kind === 'package'), status: 'draft' | 'issued' | 'void' = 'issued'): InvoiceWithLines {
    const invoiceId = testUuid(id, 'f');
    return {
      invoice: { ...of.invoice, id: invoiceId, number, status, total: '-1.00', invoiceDate: '2026-11-15' },
      lines: refunded.map((l, i) => ({ ...l, id: testUuid(id * 10 + i, 'a'), invoiceId, ...negated(l) })),
    };
  }
  /** A line's net negated: a usage line's amount, a package line's quantity (a DID refunded as -1 x 2.50). */
  const negated = (l: InvoiceLine): Partial<InvoiceLine> => (l.amount !== null ? { amount: negateDecimal(l.amount) } : { quantity: negateDecimal(l.quantity) });

  it("does not name the invoice whose calls and DID charge a credit note refunds in full: October is to be billed again", () => {
    const inv1 = october(1, 'TB-2026-1001');
    const copy = copyOf(inv1);
    expect(billedAgain(copy.invoice, copy.lines, [inv1, creditNote(inv1, 2, 'TB-2026-1002')], didAssigned)).toEqual([]);
    // A draft credit note gives back nothing until it is issued, nor does a void one.
    expect(billedAgain(copy.invoice, copy.lines, [inv1, creditNote(inv1, 2, null, undefined, 'draft')], didAssigned)).toHaveLength(1);
    expect(billedAgain(copy.invoice, copy.lines, [inv1, creditNote(inv1, 2, 'TB-2026-1002', undefined, 'void')], didAssigned)).toHaveLength(1);
    // The DID refunded at a price below zero (1 x -2.50) is refunded as well.
    const byPrice = creditNote(inv1, 2, 'TB-2026-1002');
    byPrice.lines = byPrice.lines.map((l) => (l.kind === 'package' ? { ...l, quantity: '1', unitPrice: negateDecimal(l.unitPrice) } : l));
    expect(billedAgain(copy.invoice, copy.lines, [inv1, byPrice], didAssigned)).toEqual([]);
  });

  it('still names it for what a credit note refunds in part, or not at all: a line refunded for less, or not refunded', () => {
    const inv1 = october(1, 'TB-2026-1001');
    const copy = copyOf(inv1);
    const london = inv1.lines.find((l) => l.description.endsWith('(4420)'));
    const mobile = inv1.lines.find((l) => l.description.endsWith('(447)'));
    const did = inv1.lines.find((l) => l.kind === 'package')!;
    // London's calls and the DID refunded in full, Mobile's for half: Mobile's day is billed again.
    const partly = creditNote(inv1, 2, 'TB-2026-1002');
    partly.lines = partly.lines.map((l) => (l.description === mobile!.description ? { ...l, amount: negateDecimal(divideDecimals(mobile!.amount!, '2', 6)) } : l));
    expect(billedAgain(copy.invoice, copy.lines, [inv1, partly], didAssigned)).toEqual([{ invoice: inv1.invoice, usage: { start: '2026-10-20', end: '2026-10-20' }, packageLines: [], setupLines: [] }]);
    // The calls alone refunded: the DID is billed again.
    expect(billedAgain(copy.invoice, copy.lines, [inv1, creditNote(inv1, 2, 'TB-2026-1002', [london!, mobile!])], didAssigned)).toEqual([
      { invoice: inv1.invoice, usage: null, packageLines: copy.lines.filter((l) => l.kind === 'package'), setupLines: [] },
    ]);
    // A DID refunded at half its price is still billed in part.
    const halfDid = creditNote(inv1, 2, 'TB-2026-1002', [london!, mobile!, { ...did, unitPrice: '1.25' }]);
    expect(billedAgain(copy.invoice, copy.lines, [inv1, halfDid], didAssigned).map((f) => f.packageLines)).toEqual([copy.lines.filter((l) => l.kind === 'package')]);
  });

  it("matches a refund to a line of the same destination and days, for at least its net: less, another destination's, or other days', gives back nothing", () => {
    const inv1 = october(1, 'TB-2026-1001');
    const copy = copyOf(inv1);
    const london = inv1.lines.find((l) => l.description.endsWith('(4420)'));
    const mobile = inv1.lines.find((l) => l.description.endsWith('(447)'));
    // London refunded for half its 1.00, and Mobile's refund dated a day later: both still billed.
    const mismatched = creditNote(inv1, 2, 'TB-2026-1002', [
      { ...london!, amount: '0.50' },
      { ...mobile!, startDate: '2026-10-21', endDate: '2026-10-21' },
    ]);
    expect(billedAgain(copy.invoice, copy.lines.filter((l) => l.kind === 'usage'), [inv1, mismatched], didAssigned)).toEqual([
      { invoice: inv1.invoice, usage: { start: '2026-10-05', end: '2026-10-20' }, packageLines: [], setupLines: [] },
    ]);
    // London refunded for Mobile's 2.00, more than its 1.00: given back in full, as Credit note… counts it
    // (lib/invoice-periods refundsGiveBack), so only Mobile's day is billed again.
    const more = creditNote(inv1, 2, 'TB-2026-1002', [{ ...london!, amount: mobile!.amount }, { ...mobile!, startDate: '2026-10-21', endDate: '2026-10-21' }]);
    expect(billedAgain(copy.invoice, copy.lines.filter((l) => l.kind === 'usage'), [inv1, more], didAssigned)).toEqual([
      { invoice: inv1.invoice, usage: { start: '2026-10-20', end: '2026-10-20' }, packageLines: [], setupLines: [] },
    ]);
    // A destination renamed since still matches by its prefix, "UK London (4420)" as "London (4420)".
    const renamed = creditNote(inv1, 2, 'TB-2026-1002', [{ ...london!, description: 'London (4420)' }, mobile!]);
    expect(billedAgain(copy.invoice, copy.lines, [inv1, renamed], didAssigned).map((f) => [f.usage, f.packageLines.length])).toEqual([[null, 1]]);
  });

  it('gives back one line per refund: of two invoices billing October, one refunded still leaves October billed, named by the other', () => {
    const inv1 = october(1, 'TB-2026-1001');
    const inv2 = october(2, 'TB-2026-1002');
    const copy = copyOf(inv1);
    // Which of the two a refund was for, the lines cannot tell: the first by number is taken as refunded.
    expect(billedAgain(copy.invoice, copy.lines, [inv1, inv2, creditNote(inv1, 3, 'TB-2026-1003')], didAssigned).map((f) => f.invoice.number)).toEqual(['TB-2026-1002']);
    expect(billedAgain(copy.invoice, copy.lines, [inv1, inv2, creditNote(inv1, 3, 'TB-2026-1003'), creditNote(inv2, 4, 'TB-2026-1004')], didAssigned)).toEqual([]);
  });

  it("counts the draft's own refunds: a draft refunding October and billing it anew bills it once", () => {
    const inv1 = october(1, 'TB-2026-1001');
    const copy = copyOf(inv1);
    const own = creditNote(inv1, 2, null).lines.map((l) => ({ ...l, invoiceId: copy.invoice.id }));
    expect(billedAgain(copy.invoice, [...own, ...copy.lines], [inv1], didAssigned)).toEqual([]);
  });

  it("does not name the invoice for October's calls refunded in one line, nor for a DID refunded in parts; a cent off, it does", () => {
    const inv1 = october(1, 'TB-2026-1001');
    const copy = copyOf(inv1);
    const did = inv1.lines.find((l) => l.kind === 'package')!;
    /** INV-2, a credit note refunding `lines` (each negated). */
    const refunding = (lines: InvoiceLine[]) => creditNote(inv1, 2, 'TB-2026-1002', lines);
    // London's 1.00 and Mobile's 2.00 refunded as "October calls" -3.00, dated October.
    const calls = (amount: string) => testLine({ kind: 'usage', description: 'Refund of October calls', startDate: '2026-10-01', endDate: '2026-10-31', quantity: '1', unit: 'each', unitPrice: '0', amount });
    const didPart = { ...did, unitPrice: '1.25' };
    expect(billedAgain(copy.invoice, copy.lines, [inv1, refunding([calls('3.00'), didPart, didPart])], didAssigned)).toEqual([]);
    expect(billedAgain(copy.invoice, copy.lines, [inv1, refunding([calls('3.00')])], didAssigned)).toEqual([
      { invoice: inv1.invoice, usage: null, packageLines: copy.lines.filter((l) => l.kind === 'package'), setupLines: [] },
    ]);
    expect(billedAgain(copy.invoice, copy.lines, [inv1, refunding([calls('2.99'), didPart, didPart])], didAssigned)).toEqual([
      { invoice: inv1.invoice, usage: { start: '2026-10-05', end: '2026-10-20' }, packageLines: [], setupLines: [] },
    ]);
    expect(billedAgain(copy.invoice, copy.lines, [inv1, refunding([calls('3.00'), didPart, { ...didPart, unitPrice: '1.24' }])], didAssigned).map((f) => [f.usage, f.packageLines.length])).toEqual([[null, 1]]);
  });

  it('names the invoice exactly when some of its calls or DID charge on the days billed again is not refunded in full (property)', () => {
    const inv1 = october(1, 'TB-2026-1001');
    const copy = copyOf(inv1);
    const billing = inv1.lines.filter((l) => l.kind === 'usage' || l.kind === 'package');
    // Each line: refunded in full, in part (a fraction of it), or not at all.
    const refund = fc.constantFrom('full', 'part', 'none');
    fc.assert(
      fc.property(fc.array(refund, { minLength: billing.length, maxLength: billing.length }), fc.integer({ min: 1, max: 99 }), (how, percent) => {
        const refunded = billing.flatMap((l, i) => {
          if (how[i] === 'none') return [];
          if (how[i] === 'full') return [l];
          // Calls' amounts keep 6 decimals, as usage lines do.
          const part = (n: string, scale: number) => divideDecimals(multiplyDecimals(n, String(percent)), '100', scale);
          return [l.amount !== null ? { ...l, amount: part(l.amount, 6) } : { ...l, quantity: part(l.quantity, 2) }];
        });
        const found = billedAgain(copy.invoice, copy.lines, [inv1, creditNote(inv1, 2, 'TB-2026-1002', refunded)], didAssigned);
        expect(found.map((f) => f.invoice.number)).toEqual(how.every((h) => h === 'full') ? [] : ['TB-2026-1001']);
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });
});

describe('billedAgain: a one-off package charge, counted as setups are', () => {
  const portIn = testPackage({ id: testUuid(3, 'c'), name: 'Port-in fee', retail: '25', frequency: 'none', matchDays: [] });
  const fee = (invoiceId: string, n: number, quantity: string, day: string) =>
    testLine({ id: testUuid(n, 'b'), invoiceId, kind: 'package', description: 'Port-in fee', startDate: day, endDate: day, quantity, unitPrice: '25', packageId: portIn.id });
  const inv3Id = testUuid(3, 'f');
  const inv3: InvoiceWithLines = {
    invoice: testInvoice({ id: inv3Id, number: 'INV-3', status: 'issued', invoiceDate: '2025-11-05', periodStart: null, periodEnd: null }),
    lines: [fee(inv3Id, 1, '1', '2025-11-05')],
  };
  const draft = testInvoice({ id: testUuid(4, 'f'), invoiceDate: '2025-12-01', periodStart: null, periodEnd: null });

  it('names the invoice billing the fee already, whatever the dates, and not while items are left to bill', () => {
    const one = [testAssignment({ packageId: portIn.id, quantity: 1, startDate: '2025-11-05' })];
    // The draft's fee is dated a month later: no common day, billed again all the same.
    const again = [fee(draft.id, 2, '1', '2025-12-01')];
    expect(billedAgain(draft, again, [inv3], one, [portIn])).toEqual([{ invoice: inv3.invoice, usage: null, packageLines: again, setupLines: [] }]);
    // Two ports assigned, one billed on INV-3: the draft's one (the same day) is the second, billed once.
    const two = [testAssignment({ packageId: portIn.id, quantity: 2, startDate: '2025-11-05' })];
    expect(billedAgain(draft, [fee(draft.id, 2, '1', '2025-11-05')], [inv3], two, [portIn])).toEqual([]);
    // A void invoice bills none.
    expect(billedAgain(draft, again, [{ ...inv3, invoice: { ...inv3.invoice, status: 'void' } }], one, [portIn])).toEqual([]);
  });

  it('does not name a credit note refunding the fee (1 x -25.00): it gives the item back and bills nothing', () => {
    const one = [testAssignment({ packageId: portIn.id, quantity: 1, startDate: '2025-11-05' })];
    const cnId = testUuid(5, 'f');
    const creditNote: InvoiceWithLines = {
      invoice: testInvoice({ id: cnId, number: 'INV-5', status: 'issued', invoiceDate: '2025-11-20', periodStart: null, periodEnd: null }),
      lines: [{ ...fee(cnId, 3, '1', '2025-11-20'), unitPrice: '-25' }],
    };
    const again = [fee(draft.id, 2, '1', '2025-12-01')];
    // Billed and refunded: the draft bills it once.
    expect(billedAgain(draft, again, [inv3, creditNote], one, [portIn])).toEqual([]);
    // Billed, refunded and billed again on another invoice: it and INV-3 are named, not the credit note.
    const otherId = testUuid(6, 'f');
    const other: InvoiceWithLines = { invoice: testInvoice({ id: otherId, number: 'INV-6', status: 'issued', invoiceDate: '2025-12-02', periodStart: null, periodEnd: null }), lines: [fee(otherId, 4, '1', '2025-12-02')] };
    expect(billedAgain(draft, again, [inv3, creditNote, other], one, [portIn]).map((f) => f.invoice.id)).toEqual([inv3Id, otherId]);
    // Billed again on a draft only: that bills nothing yet, so the draft asked about bills it once.
    const otherDraft = { ...other, invoice: { ...other.invoice, number: null, status: 'draft' as const } };
    expect(billedAgain(draft, again, [inv3, creditNote, otherDraft], one, [portIn])).toEqual([]);
  });
});

describe('leavingOutCallsOf', () => {
  it('leaves out the calls of the invoices named (the drift notice says those), keeping their package charges, and drops an invoice left with nothing', () => {
    const issued = october(1, 'TB-2026-1001');
    const another = october(2, 'TB-2026-1002');
    const copy = copyOf(issued);
    const callsOnly = { ...another, lines: another.lines.filter((l) => l.kind === 'usage') };
    const found = billedAgain(copy.invoice, copy.lines, [issued, callsOnly], didAssigned);
    expect(found).toHaveLength(2);
    expect(leavingOutCallsOf(found, [issued.invoice, callsOnly.invoice])).toEqual([
      { invoice: issued.invoice, usage: null, packageLines: copy.lines.filter((l) => l.kind === 'package'), setupLines: [] },
    ]);
    expect(leavingOutCallsOf(found, [])).toEqual(found);
  });
});

describe('chargeForItem: what Add Invoice Item fills in for a setup or one-off charge', () => {
  const setups = testPackage({ id: testUuid(2, 'c'), name: 'DID rental', retail: '2.50', setup: '10', frequency: 'monthly', matchDays: [1] });
  const portIn = testPackage({ id: testUuid(3, 'c'), name: 'Port-in fee', retail: '25', frequency: 'none' });
  const assignments = [testAssignment({ packageId: setups.id, quantity: 10, startDate: '2026-01-01' }), testAssignment({ id: testUuid(2, 'd'), packageId: portIn.id, quantity: 1, startDate: '2026-01-01' })];
  const withLine = (id: number, status: 'draft' | 'issued' | 'void', kind: 'setup' | 'package', packageId: string, quantity: string, number: string | null = status === 'issued' ? `INV-${id}` : null) => {
    const invoice = testInvoice({ id: testUuid(id, 'f'), status, number });
    return { invoice, lines: [testLine({ id: testUuid(id, 'b'), invoiceId: invoice.id, kind, packageId, quantity, unitPrice: kind === 'setup' ? '10' : '25' })] };
  };
  const editing = { invoice: testInvoice({ id: testUuid(50, 'f'), status: 'draft' }), lines: [] };

  it('counts the setups issued invoices bill, not those another draft holds: a draft bills nothing until issued', () => {
    const issued = withLine(1, 'issued', 'setup', setups.id, '8');
    const otherDraft = withLine(2, 'draft', 'setup', setups.id, '2');
    const billing = chargeForItem('setup', setups.id, assignments, [issued, otherDraft, withLine(3, 'void', 'setup', setups.id, '2')], editing);
    expect(billing).toEqual({ assigned: '10', billedOn: [{ invoice: issued.invoice, quantity: '8' }], givenBackOn: [], unbilled: '2', quantity: '2' });
  });

  it('counts what the invoice being edited bills itself, as it is now', () => {
    const issued = withLine(1, 'issued', 'setup', setups.id, '8');
    const mine = { ...editing, lines: [testLine({ id: testUuid(60, 'b'), invoiceId: editing.invoice.id, kind: 'setup', packageId: setups.id, quantity: '2', unitPrice: '10' })] };
    // Its stored copy among the others counts once, as it is now.
    const stored = { invoice: editing.invoice, lines: [] };
    expect(chargeForItem('setup', setups.id, assignments, [issued, stored], mine)).toMatchObject({ billedOn: [{ quantity: '8' }, { invoice: editing.invoice, quantity: '2' }], unbilled: '0', quantity: '1' });
  });

  it("takes off what issued credit notes give back, not a draft credit note's", () => {
    const issued = withLine(1, 'issued', 'package', portIn.id, '1');
    const refund = withLine(2, 'issued', 'package', portIn.id, '-1');
    expect(chargeForItem('one-off', portIn.id, assignments, [issued, refund], editing)).toEqual({
      assigned: '1',
      billedOn: [{ invoice: issued.invoice, quantity: '1' }],
      givenBackOn: [{ invoice: refund.invoice, quantity: '1' }],
      unbilled: '1',
      quantity: '1',
    });
    const draftRefund = withLine(2, 'draft', 'package', portIn.id, '-1');
    expect(chargeForItem('one-off', portIn.id, assignments, [issued, draftRefund], editing)).toMatchObject({ givenBackOn: [], unbilled: '0' });
  });
});

describe('unseenBilledAgain: what an issue made offline may not bill twice unsaid', () => {
  it("names the invoice issued on another device, which Issue's question never showed: its calls and package charge, and what to do", () => {
    // Two devices offline generate October: one issues it (TB-2026-1001), the other's draft reaches the server after.
    const issued = october(1, 'TB-2026-1001');
    const second = october(2, null, 'draft');
    const found = billedAgain(second.invoice, second.lines, [issued], didAssigned);
    const unseen = unseenBilledAgain(found, []);
    expect(unseen.map((f) => f.invoice.number)).toEqual(['TB-2026-1001']);
    expect(unseenBilledAgainRefusal(unseen, () => 'another device')).toBe(
      'TB-2026-1001, issued on another device, bills the calls of Oct 5–20, 2026 and DID rental already. Issued too, this draft would bill them twice: it stays a draft. ' +
        'Open the draft to invoice only the late calls (Update lines from usage), or delete it.',
    );
  });

  it('leaves out the invoices Issue\'s question named (the user chose to issue anyway), and a late-calls draft bills nothing twice', () => {
    const issued = october(1, 'TB-2026-1001');
    const second = october(2, null, 'draft');
    expect(unseenBilledAgain(billedAgain(second.invoice, second.lines, [issued], didAssigned), [issued.invoice.id])).toEqual([]);
    const late = lateCallsInvoice({
      account: testAccount(),
      customer: testCustomer(),
      packages: [did],
      assignments: didAssigned,
      usage: [
        testUsage({ day: '2026-10-05', destination: '4420', destinationName: 'UK London', charge: '1.000000' }),
        testUsage({ day: '2026-10-20', destination: '447', destinationName: 'UK Mobile', charge: '2.000000' }),
        testUsage({ day: '2026-10-21', destination: '447', destinationName: 'UK Mobile', charge: '4.000000' }),
      ],
      invoice: issued.invoice,
      lines: issued.lines,
      invoices: [issued],
      invoiceDate: '2026-11-10',
      invoiceId: testUuid(5, 'f'),
      newLineId: lineIdSequence(),
    });
    expect(unseenBilledAgain(billedAgain(late.invoice, late.lines, [issued], didAssigned), [])).toEqual([]);
  });

  it('says the invoice was issued on this device when it was (its number still pending), and guesses neither when the device did not say', () => {
    const issued = october(1, null);
    const unseen = unseenBilledAgain(billedAgain(october(2, null, 'draft').invoice, october(2, null, 'draft').lines, [issued], didAssigned), []);
    expect(unseenBilledAgainRefusal(unseen, (i) => (i.id === issued.invoice.id ? 'this device' : 'another device'))).toMatch(
      /^The invoice dated Nov 1, 2026 \(number pending\), issued on this device, bills the calls of Oct 5–20, 2026 and DID rental already\. /,
    );
    expect(unseenBilledAgainRefusal(unseen)).toMatch(/^The invoice dated Nov 1, 2026 \(number pending\), issued before this draft was, bills the calls of Oct 5–20, 2026 and DID rental already\. /);
  });

  it('says "it" of one package charge, and to change those lines when no calls are billed twice', () => {
    const issued = october(1, 'TB-2026-1001');
    const copy = copyOf(issued);
    const packageOnly = copy.lines.filter((l) => l.kind === 'package');
    expect(unseenBilledAgainRefusal(unseenBilledAgain(billedAgain(copy.invoice, packageOnly, [issued], didAssigned), []), () => 'another device')).toBe(
      'TB-2026-1001, issued on another device, bills DID rental already. Issued too, this draft would bill it twice: it stays a draft. ' +
        'Open the draft to remove those lines or change their days, or delete it.',
    );
  });
});
