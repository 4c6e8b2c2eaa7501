import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { coveredDaysText, leftOutInvoiceName, overlapInvoiceName } from './left-out-invoice-name';

// Days are shown in the browser's locale; Node's navigator follows the machine's: pin it to en-US.
beforeAll(() => vi.stubGlobal('navigator', { language: 'en-US' }));
afterAll(() => vi.unstubAllGlobals());
const november = { start: '2026-11-01', end: '2026-11-30', from: 'period' } as const;
const december = { start: '2026-12-01', end: '2026-12-31', from: 'lines' } as const;
const october = { start: '2026-10-01', end: '2026-10-31', from: 'lines' } as const;

describe('leftOutInvoiceName', () => {
  it('names a numbered invoice by its number', () => {
    expect(leftOutInvoiceName({ invoice: { number: 'INV-7', status: 'issued', invoiceDate: '2026-12-01' }, days: [november] })).toBe('INV-7');
  });

  it('names a draft by its date and the days it bills, so two drafts of a customer read apart', () => {
    const draft = { number: null, status: 'draft', invoiceDate: '2026-12-01' } as const;
    expect(leftOutInvoiceName({ invoice: draft, days: [november] })).toBe('draft of Dec 1, 2026 for Nov 1 – Nov 30, 2026');
    expect(leftOutInvoiceName({ invoice: { ...draft, invoiceDate: '2026-12-03' }, days: [{ start: '2026-11-15', end: '2026-12-14', from: 'period' }] })).toBe(
      'draft of Dec 3, 2026 for Nov 15 – Dec 14, 2026',
    );
    // Without a period of its own, its items' dates are what it bills.
    expect(leftOutInvoiceName({ invoice: draft, days: [{ start: '2026-11-03', end: '2026-11-05', from: 'lines' }] })).toBe('draft of Dec 1, 2026 for items dated Nov 3 – Nov 5, 2026');
    // A November draft with an item dated December, left out of a December run: by that item's days.
    expect(leftOutInvoiceName({ invoice: draft, days: [december] })).toBe('draft of Dec 1, 2026 for items dated Dec 1 – Dec 31, 2026');
  });

  it('names an invoice issued offline as waiting for its number', () => {
    expect(leftOutInvoiceName({ invoice: { number: null, status: 'issued', invoiceDate: '2026-12-01' }, days: [november] })).toBe('issued, number pending');
  });
});

describe('coveredDaysText', () => {
  it('names each range as it is, the period first, then the items, never one span over days not billed', () => {
    expect(coveredDaysText([november])).toBe('Nov 1 – Nov 30, 2026');
    expect(coveredDaysText([october, december])).toBe('items dated Oct 1 – Oct 31, 2026 and Dec 1 – Dec 31, 2026');
    expect(coveredDaysText([october, november, december])).toBe('Nov 1 – Nov 30, 2026 and items dated Oct 1 – Oct 31, 2026 and Dec 1 – Dec 31, 2026');
  });

  it('names a single day once', () => {
    expect(coveredDaysText([{ start: '2026-11-20', end: '2026-11-20', from: 'lines' }])).toBe('items dated Nov 20, 2026');
    expect(coveredDaysText([{ start: '2026-12-05', end: '2026-12-05', from: 'period' }])).toBe('Dec 5, 2026');
  });
});

describe('overlapInvoiceName', () => {
  it("names an invoice by its number, a draft by its date (two drafts read apart), one issued offline as waiting for its number", () => {
    expect(overlapInvoiceName({ number: 'INV-7', status: 'issued', invoiceDate: '2026-12-01' })).toBe('INV-7');
    expect(overlapInvoiceName({ number: null, status: 'draft', invoiceDate: '2026-12-06' })).toBe('Draft of Dec 6, 2026');
    expect(overlapInvoiceName({ number: null, status: 'issued', invoiceDate: '2026-12-06' })).toBe('Issued, number pending');
  });
});
