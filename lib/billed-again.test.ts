import { describe, expect, it } from 'vitest';
import { billedAgain } from './billed-again';
import type { InvoiceLine } from './entities';
import { generateInvoice, type InvoiceWithLines } from './generate';
import { CUSTOMER_ID, OTHER_CUSTOMER_ID, lineIdSequence, testAccount, testAssignment, testCustomer, testPackage, testUsage, testUuid } from './test-fixtures';

const did = testPackage({ id: testUuid(1, 'c'), name: 'DID rental', retail: '2.50', frequency: 'monthly', matchDays: [1] });

/** October's invoice generated from usage (two destinations) and the DID's monthly charge, as `number`. */
function october(id: number, number: string | null, status: 'draft' | 'issued' | 'void' = 'issued'): InvoiceWithLines {
  const generated = generateInvoice({
    account: testAccount(),
    customer: testCustomer(),
    packages: [did],
    assignments: [testAssignment({ packageId: did.id, startDate: '2026-01-01' })],
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
    expect(billedAgain(copy.invoice, copy.lines, [issued, copy])).toEqual([
      { invoice: issued.invoice, usage: { start: '2026-10-05', end: '2026-10-20' }, packageLines: copy.lines.filter((l) => l.kind === 'package') },
    ]);
  });

  it('names nothing when the copy is of a void invoice, or of another customer, or its lines were changed to other days', () => {
    const voided = october(1, 'TB-2026-1001', 'void');
    const copy = copyOf(voided);
    expect(billedAgain(copy.invoice, copy.lines, [voided])).toEqual([]);
    expect(billedAgain({ ...copy.invoice, customerId: OTHER_CUSTOMER_ID }, copy.lines, [october(1, 'TB-2026-1001')])).toEqual([]);
    // The copy's lines moved to November (dates changed on each line): no day is billed twice.
    const november = copy.lines.map((l): InvoiceLine => ({ ...l, startDate: l.startDate!.replace('2026-10', '2026-11'), endDate: l.endDate!.replace('2026-10', '2026-11') }));
    expect(billedAgain(copy.invoice, november, [october(1, 'TB-2026-1001')])).toEqual([]);
    // Only manual lines left: nothing comes from usage or packages.
    expect(billedAgain(copy.invoice, copy.lines.map((l) => ({ ...l, kind: 'manual' as const })), [october(1, 'TB-2026-1001')])).toEqual([]);
  });

  it('names a draft of the same period too, and tells usage from package charges: a copy of the calls alone names no package line', () => {
    const draft = october(2, null, 'draft');
    const copy = copyOf(october(1, 'TB-2026-1001'));
    const callsOnly = copy.lines.filter((l) => l.kind === 'usage');
    expect(billedAgain(copy.invoice, callsOnly, [draft])).toEqual([{ invoice: draft.invoice, usage: { start: '2026-10-05', end: '2026-10-20' }, packageLines: [] }]);
    // An invoice billing only the DID for October: the copy's calls are not on it, its DID charge is.
    const didOnly = { invoice: { ...draft.invoice, id: testUuid(3, 'f'), number: 'TB-2026-1002', status: 'issued' as const }, lines: draft.lines.filter((l) => l.kind === 'package') };
    expect(billedAgain(copy.invoice, copy.lines, [didOnly])).toEqual([{ invoice: didOnly.invoice, usage: null, packageLines: copy.lines.filter((l) => l.kind === 'package') }]);
  });

  it('lists the invoices in number order, those without a number last', () => {
    const copy = copyOf(october(1, 'TB-2026-1001'));
    const found = billedAgain(copy.invoice, copy.lines, [october(3, null, 'draft'), october(2, 'TB-2026-1010'), october(1, 'TB-2026-1001')]);
    expect(found.map((f) => f.invoice.number)).toEqual(['TB-2026-1001', 'TB-2026-1010', null]);
    expect(CUSTOMER_ID).toBe(copy.invoice.customerId);
  });
});
