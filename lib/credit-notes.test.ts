import { describe, expect, it } from 'vitest';
import type { Invoice, InvoiceLine } from './entities';
import { creditNoteDraft, dueDateFor, leftToCredit, usageCountsShown, usageGivenBackInPart, type CreditNoteWithLines } from './credit-notes';
import { addDecimals, negateDecimal } from './money';
import { givenBack, billsDays } from './invoice-periods';
import { computeTotals } from './totals';
import { INVOICE_ID, testInvoice, testLine, testUuid } from './test-fixtures';

/**
 * INV-7 for October: Port fee 1 × 10.125 (10.13), DID rental 3 × 4.995 (14.99) and the calls to UK
 * mobiles, 100.004 (100.00), all at 20%: net 125.12, tax 25.02 (25.024), total 150.14.
 */
const port = testLine({ id: testUuid(1, 'e'), position: 0, description: 'Port fee', quantity: '1', unitPrice: '10.125', taxRate: '20' });
const dids = testLine({
  id: testUuid(2, 'e'),
  position: 1,
  kind: 'package',
  description: 'DID rental',
  startDate: '2026-10-01',
  endDate: '2026-10-31',
  quantity: '3',
  unitPrice: '4.995',
  taxRate: '20',
  packageId: testUuid(1, 'c'),
});
const calls = testLine({
  id: testUuid(3, 'e'),
  position: 2,
  kind: 'usage',
  description: 'United Kingdom Mobile (447)',
  startDate: '2026-10-01',
  endDate: '2026-10-31',
  quantity: '1234',
  unit: 'min',
  unitPrice: '0.081',
  taxRate: '20',
  amount: '100.004',
  calls: 410,
  minutes: '1234',
});
const lines = [port, dids, calls];
const invoice = testInvoice({ status: 'issued', number: 'INV-7', invoiceDate: '2026-11-01', net: '125.12', tax: '25.02', total: '150.14' });

let n = 0;
/** A credit note of INV-7 made by Credit note… from `from` (the invoice's lines, or what is left), then changed by `change`. */
function creditNote(from: readonly InvoiceLine[], change: (refunds: InvoiceLine[]) => InvoiceLine[] = (r) => r, status: Invoice['status'] = 'issued'): CreditNoteWithLines {
  const id = testUuid(++n, 'f');
  const draft = creditNoteDraft(invoice, from, { id, lineId: () => testUuid(++n, 'd') }, '2026-11-20');
  const changed = change(draft.lines);
  const totals = computeTotals(changed, invoice.currency, invoice.rounding);
  return { invoice: { ...draft.invoice, status, number: status === 'draft' ? null : `INV-${8 + n}`, net: totals.net, tax: totals.tax, total: totals.total }, lines: changed };
}

const withoutIds = (left: readonly InvoiceLine[]) => left.map(({ description, quantity, unitPrice, amount }) => ({ description, quantity, unitPrice, amount }));

describe('leftToCredit: what a second Credit note… starts from', () => {
  it('is the whole invoice while it has no credit note', () => {
    expect(leftToCredit(invoice, lines, [])).toEqual({ lines, creditedBy: [], drafts: [], nothing: false });
  });

  it('leaves out a line given back in full and reduces the quantity of one given back in part at its own price (one DID of three: two left)', () => {
    const partial = creditNote(lines, ([portBack, didsBack]) => [portBack!, { ...didsBack!, quantity: '-1' }]);
    const left = leftToCredit(invoice, lines, [partial]);
    expect(withoutIds(left.lines)).toEqual([
      { description: 'DID rental', quantity: '2', unitPrice: '4.995', amount: null },
      { description: 'United Kingdom Mobile (447)', quantity: '1234', unitPrice: '0.081', amount: '100.004' },
    ]);
    expect(left.creditedBy).toEqual([partial.invoice]);
    expect(left.drafts).toEqual([]);
    expect(left.nothing).toBe(false);
    // The line left keeps what says which line it is, so a refund of it is matched again.
    expect(left.lines[0]).toEqual({ ...dids, quantity: '2' });
  });

  it('reduces a usage line given back in part to what is left of its net, as an amount (40.00 of the 100.00 calls given back: 60.00 left)', () => {
    const partial = creditNote([calls], ([callsBack]) => [{ ...callsBack!, amount: '-40.00' }]);
    const left = leftToCredit(invoice, lines, [partial]);
    expect(withoutIds(left.lines)).toEqual([
      { description: 'Port fee', quantity: '1', unitPrice: '10.125', amount: null },
      { description: 'DID rental', quantity: '3', unitPrice: '4.995', amount: null },
      { description: 'United Kingdom Mobile (447)', quantity: '1234', unitPrice: '0.081', amount: '60.00' },
    ]);
  });

  it('reduces a line whose price was lowered on the credit note by money: what is left of its net becomes its amount', () => {
    // 3 × 1.00 given back of the DIDs' 14.99: 11.99 left.
    const partial = creditNote([dids], ([didsBack]) => [{ ...didsBack!, unitPrice: '1.00' }]);
    const left = leftToCredit(invoice, lines, [partial]);
    expect(withoutIds(left.lines)[1]).toEqual({ description: 'DID rental', quantity: '3', unitPrice: '4.995', amount: '11.99' });
  });

  it('counts the draft credit notes of the invoice too, and names them; a void one gives back nothing, nor does another invoice\'s', () => {
    const draft = creditNote([port], undefined, 'draft');
    const voided = creditNote([dids], undefined, 'void');
    const others = creditNote([calls]);
    const ofOther = { ...others, invoice: { ...others.invoice, creditsId: testUuid(9, 'f') } };
    const left = leftToCredit(invoice, lines, [draft, voided, ofOther]);
    expect(left.lines.map((l) => l.description)).toEqual(['DID rental', 'United Kingdom Mobile (447)']);
    expect(left.creditedBy).toEqual([draft.invoice]);
    expect(left.drafts).toEqual([draft.invoice]);
  });

  it('leaves nothing once the credit notes give back every line, whether at once or in parts', () => {
    const first = creditNote(lines, ([portBack, didsBack, callsBack]) => [portBack!, { ...didsBack!, quantity: '-1' }, { ...callsBack!, amount: '-40.00' }]);
    const second = creditNote(leftToCredit(invoice, lines, [first]).lines);
    expect(withoutIds(second.lines)).toEqual([
      { description: 'DID rental', quantity: '-2', unitPrice: '4.995', amount: null },
      { description: 'United Kingdom Mobile (447)', quantity: '1234', unitPrice: '0.081', amount: '-60.00' },
    ]);
    // Together they give back the invoice's net to the cent; their taxes, each rounded on its own
    // (11.026 → 11.03, 13.998 → 14.00), a cent more than its 25.024 → 25.02 (lib/mutators issueInvoice lets that through).
    expect(addDecimals(first.invoice.net, second.invoice.net)).toBe(negateDecimal(invoice.net));
    expect(addDecimals(first.invoice.total, second.invoice.total)).toBe('-150.15');
    expect(leftToCredit(invoice, lines, [first, second])).toMatchObject({ lines: [], nothing: true, creditedBy: [first.invoice, second.invoice] });
    expect(leftToCredit(invoice, lines, [creditNote(lines)])).toMatchObject({ lines: [], nothing: true });
  });

  it('leaves nothing when a line matching none of the invoice\'s (a goodwill discount) gives back its whole total', () => {
    const goodwill = creditNote([port], ([portBack]) => [{ ...portBack!, description: 'Goodwill discount', unitPrice: '-125.12', quantity: '1' }]);
    const left = leftToCredit(invoice, lines, [goodwill]);
    expect(left.lines).toHaveLength(3);
    expect(left.nothing).toBe(true);
  });

  it('spreads what is given back over the invoice\'s lines of one key in their order, each at most its own', () => {
    const again = { ...dids, id: testUuid(4, 'e'), position: 3 };
    const twice = [...lines, again];
    // Four DIDs of the six, over two credit notes.
    const first = creditNote([dids], ([d]) => [{ ...d!, quantity: '-1' }]);
    const second = creditNote([dids]);
    expect(withoutIds(leftToCredit({ ...invoice, total: '168.13' }, twice, [first, second]).lines).map((l) => [l.description, l.quantity])).toEqual([
      ['Port fee', '1'],
      ['United Kingdom Mobile (447)', '1234'],
      ['DID rental', '2'],
    ]);
  });

  it('keeps the invoice\'s lines as they are (their ids and invoice) on the lines left: creditNoteDraft gives the credit note its own', () => {
    const left = leftToCredit(invoice, lines, [creditNote([port])]);
    expect(left.lines.every((l) => l.invoiceId === INVOICE_ID)).toBe(true);
  });
});

/**
 * Credit note… (what is left to credit) and the period checks (what a period has been given back,
 * lib/invoice-periods givenBack) read the same credit notes: a credit note line gives back the same
 * invoice line in both, in full or not. `agreed` is what both say INV-7's lines that bill days are
 * given back in full by `notes`.
 */
function agreed(notes: readonly CreditNoteWithLines[], of: readonly InvoiceLine[] = lines, credited: Invoice = invoice): string[] {
  const leftOut = of.filter(billsDays).filter((line) => !leftToCredit(credited, of, notes).lines.some((left) => left.id === line.id));
  const given = givenBack([{ invoice: credited, lines: of }, ...notes.map((note) => ({ invoice: note.invoice, lines: note.lines }))]);
  expect(of.filter((line) => given.has(line)).map((l) => l.description)).toEqual(leftOut.map((l) => l.description));
  return leftOut.map((l) => l.description);
}

describe('leftToCredit and givenBack: one matcher, so a credit note line gives back the same invoice line in both', () => {
  it('agree on a full credit note, a partial one, and the rest credited by a second', () => {
    expect(agreed([creditNote(lines)])).toEqual(['DID rental', 'United Kingdom Mobile (447)']);
    const first = creditNote([calls], ([c]) => [{ ...c!, amount: '-40.00' }]);
    expect(agreed([first])).toEqual([]);
    expect(agreed([first, creditNote(leftToCredit(invoice, lines, [first]).lines.filter((l) => l.kind === 'usage'))])).toEqual(['United Kingdom Mobile (447)']);
  });

  it('give back the DIDs credited one at a time on three credit notes, though each −4.995 is −5.00 and the three −15.00, a cent more than the 14.99 billed', () => {
    const oneDid = () => creditNote([dids], ([d]) => [{ ...d!, quantity: '-1' }]);
    expect(agreed([oneDid(), oneDid(), oneDid()])).toEqual(['DID rental']);
    expect(agreed([oneDid(), oneDid()])).toEqual([]);
  });

  it('give back two DIDs credited half and half on two credit notes (−5.00 twice for the 9.99 billed)', () => {
    const two = { ...dids, quantity: '2' };
    const half = () => creditNote([two], ([d]) => [{ ...d!, quantity: '-1' }]);
    expect(agreed([half(), half()], [port, two, calls], { ...invoice, total: '132.15' })).toEqual(['DID rental']);
  });

  it('give back a calls line whose credit was edited to more than it billed (−100.01 for the 100.00 billed), and not one edited to less', () => {
    expect(agreed([creditNote([calls], ([c]) => [{ ...c!, amount: '-100.01' }])])).toEqual(['United Kingdom Mobile (447)']);
    expect(agreed([creditNote([calls], ([c]) => [{ ...c!, amount: '-99.99' }])])).toEqual([]);
  });

  it('give back a line whose credit was renamed, or put at another tax rate: the package (or destination), the days and the kind say which line it is', () => {
    expect(agreed([creditNote([dids], ([d]) => [{ ...d!, description: 'DID rental (refund)' }])])).toEqual(['DID rental']);
    expect(agreed([creditNote([dids, calls], (refunds) => refunds.map((r) => ({ ...r, taxRate: '0' })))])).toEqual(['DID rental', 'United Kingdom Mobile (447)']);
  });

  it("give back the calls of one line refunding all of them ('Refund of October calls'), as the period checks do", () => {
    const refund = creditNote([calls], ([c]) => [{ ...c!, description: 'Refund of October calls', calls: null, minutes: null }]);
    expect(agreed([refund])).toEqual(['United Kingdom Mobile (447)']);
    expect(leftToCredit(invoice, lines, [refund]).lines.map((l) => l.description)).toEqual(['Port fee', 'DID rental']);
  });

  it('give back the line of the invoice a credit note credits, not the same calls on another invoice numbered before it', () => {
    // INV-6 billed October's UK mobile calls too (the same calls twice); INV-7 is credited.
    const inv6 = testInvoice({ id: testUuid(6, 'a'), status: 'issued', number: 'INV-6', invoiceDate: '2026-11-01', total: '120.00' });
    const twice = { ...calls, id: testUuid(6, 'e'), invoiceId: inv6.id };
    const note = creditNote([calls]);
    const given = givenBack([{ invoice: inv6, lines: [twice] }, { invoice, lines }, { invoice: note.invoice, lines: note.lines }]);
    expect(given.has(calls)).toBe(true);
    expect(given.has(twice)).toBe(false);
    expect(leftToCredit(invoice, lines, [note]).lines.map((l) => l.description)).toEqual(['Port fee', 'DID rental']);
  });
});

describe('usageCountsShown: a credit note line reads as giving calls back', () => {
  it("shows a usage line's calls, minutes and quantity below zero when its net is (−410 calls, −1234 min beside −100.00), and any other as stored", () => {
    const [, didsBack, callsBack] = creditNoteDraft(invoice, lines, { id: testUuid(9, 'f'), lineId: () => testUuid(++n, 'd') }, '2026-11-20').lines;
    expect(usageCountsShown(callsBack!)).toEqual({ calls: -410, minutes: '-1234', quantity: '-1234', partOf: null });
    expect(usageCountsShown(calls)).toEqual({ calls: 410, minutes: '1234', quantity: '1234', partOf: null });
    // A DID's quantity is below zero already, and it has no calls.
    expect(usageCountsShown(didsBack!)).toEqual({ calls: null, minutes: null, quantity: '-3', partOf: null });
    // A late-calls credit: its minutes below zero already, no calls (a count is never below zero).
    expect(usageCountsShown({ ...calls, amount: '-2.50', quantity: '-30.00', minutes: '-30.00', calls: 0 })).toEqual({ calls: 0, minutes: '-30.00', quantity: '-30.00', partOf: null });
  });

  it('claims no calls, minutes nor quantity on a line giving back part of them by amount, and says which calls it gives back part of', () => {
    const [callsBack] = creditNote([calls], ([back]) => [{ ...back!, amount: '-40.00' }]).lines;
    expect(usageCountsShown(callsBack!, true)).toEqual({ calls: null, minutes: null, quantity: null, partOf: { calls: 410, minutes: '1234' } });
    // Only a refund of calls is shown in part: a line that bills shows its calls as stored.
    expect(usageCountsShown(calls, true)).toEqual({ calls: 410, minutes: '1234', quantity: '1234', partOf: null });
  });
});

describe('usageGivenBackInPart: the usage lines of a credit note giving back part of a line by amount', () => {
  const credited = { invoice, lines };
  const inPart = (note: CreditNoteWithLines) => [...usageGivenBackInPart(note, credited)].map((id) => note.lines.find((l) => l.id === id)!.amount);

  it('is the line crediting 40.00 of the 100.00 that bills 410 calls, and the 60.00 of them left to credit after it', () => {
    const first = creditNote(lines, ([portBack, didsBack, callsBack]) => [portBack!, { ...didsBack!, quantity: '-1' }, { ...callsBack!, amount: '-40.00' }]);
    expect(inPart(first)).toEqual(['-40.00']);
    const rest = creditNote(leftToCredit(invoice, lines, [first]).lines);
    expect(inPart(rest)).toEqual(['-60.00']);
  });

  it('is not a line giving back all of the calls, to the cent (−100.00 typed for 100.004) or more, nor any line that is not a refund of calls', () => {
    expect(inPart(creditNote(lines))).toEqual([]);
    expect(inPart(creditNote([calls], ([back]) => [{ ...back!, amount: '-100.00' }]))).toEqual([]);
    expect(inPart(creditNote([calls], ([back]) => [{ ...back!, amount: '-120.00' }]))).toEqual([]);
    // A cent short is part of them.
    expect(inPart(creditNote([calls], ([back]) => [{ ...back!, amount: '-99.99' }]))).toEqual(['-99.99']);
  });

  it('tells nothing without the invoice credited, nor of a line matching none of its lines (another destination): those show their calls', () => {
    const partial = creditNote([calls], ([back]) => [{ ...back!, amount: '-40.00' }]);
    expect(usageGivenBackInPart(partial, undefined).size).toBe(0);
    const elsewhere = creditNote([calls], ([back]) => [{ ...back!, description: 'France Mobile (336)', amount: '-40.00' }]);
    expect(inPart(elsewhere)).toEqual([]);
  });
});

describe('dueDateFor: a credit note has no due date', () => {
  it("is the customer's due days after the date for an invoice, and the credit note's own date for a credit note, whatever the days", () => {
    expect(dueDateFor('2026-12-07', 15, false)).toBe('2026-12-22');
    expect(dueDateFor('2026-12-07', 0, false)).toBe('2026-12-07');
    expect(dueDateFor('2026-12-07', 15, true)).toBe('2026-12-07');
  });
});
