import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testInvoice, testUuid } from '@/lib/test-fixtures';
import { coveredDaysText, draftOfDaysName, leftOutInvoiceName, overlapInvoiceName } from './left-out-invoice-name';

// Days are shown in the browser's locale; Node's navigator follows the machine's: pin it to en-US.
beforeAll(() => vi.stubGlobal('navigator', { language: 'en-US' }));
afterAll(() => vi.unstubAllGlobals());
const november = { start: '2026-11-01', end: '2026-11-30', from: 'period' } as const;
const december = { start: '2026-12-01', end: '2026-12-31', from: 'lines' } as const;
const october = { start: '2026-10-01', end: '2026-10-31', from: 'lines' } as const;
const invoice = (n: number, overrides: Parameters<typeof testInvoice>[0]) =>
  testInvoice({ id: testUuid(n, 'e'), periodStart: '2026-11-01', periodEnd: '2026-11-30', total: '12.40', ...overrides });

describe('leftOutInvoiceName', () => {
  it('names a numbered invoice by its number', () => {
    expect(leftOutInvoiceName({ invoice: invoice(1, { number: 'INV-7', status: 'issued', invoiceDate: '2026-12-01' }), days: [november] }, [])).toBe('INV-7');
  });

  it('names a draft by its date and the days it bills, so two drafts of a customer read apart', () => {
    const draft = invoice(1, { number: null, status: 'draft', invoiceDate: '2026-12-01' });
    expect(leftOutInvoiceName({ invoice: draft, days: [november] }, [draft])).toBe('draft of Dec 1, 2026 for Nov 1 – Nov 30, 2026');
    expect(leftOutInvoiceName({ invoice: { ...draft, invoiceDate: '2026-12-03' }, days: [{ start: '2026-11-15', end: '2026-12-14', from: 'period' }] }, [draft])).toBe(
      'draft of Dec 3, 2026 for Nov 15 – Dec 14, 2026',
    );
    // Without a period of its own, its items' dates are what it bills.
    expect(leftOutInvoiceName({ invoice: draft, days: [{ start: '2026-11-03', end: '2026-11-05', from: 'lines' }] }, [draft])).toBe('draft of Dec 1, 2026 for items dated Nov 3 – Nov 5, 2026');
    // A November draft with an item dated December, left out of a December run: by that item's days.
    expect(leftOutInvoiceName({ invoice: draft, days: [december] }, [draft])).toBe('draft of Dec 1, 2026 for items dated Dec 1 – Dec 31, 2026');
  });

  it('tells a draft from another of its customer dated the same day: by its total when their periods are alike, not repeating a period its days say', () => {
    const draft = invoice(1, { number: null, status: 'draft', invoiceDate: '2026-12-01' });
    const twin = invoice(2, { number: null, status: 'draft', invoiceDate: '2026-12-01', total: '30.00' });
    expect(leftOutInvoiceName({ invoice: draft, days: [november] }, [draft, twin])).toBe('draft of Dec 1, 2026 for $12.40, billing Nov 1 – Nov 30, 2026');
    expect(leftOutInvoiceName({ invoice: twin, days: [november] }, [draft, twin])).toBe('draft of Dec 1, 2026 for $30.00, billing Nov 1 – Nov 30, 2026');
    // Of another period, the days it bills already say which it is.
    const week = { ...twin, periodEnd: '2026-11-07' };
    expect(leftOutInvoiceName({ invoice: week, days: [{ start: '2026-11-01', end: '2026-11-07', from: 'period' }] }, [draft, week])).toBe('draft of Dec 1, 2026 for Nov 1 – Nov 7, 2026');
  });

  it('names an invoice issued offline as waiting for its number', () => {
    expect(leftOutInvoiceName({ invoice: invoice(2, { number: null, status: 'issued', invoiceDate: '2026-12-01' }), days: [november] }, [])).toBe('issued, number pending');
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
    expect(overlapInvoiceName({ invoice: invoice(1, { number: 'INV-7', status: 'issued', invoiceDate: '2026-12-01' }), days: [november] }, [])).toBe('INV-7');
    expect(overlapInvoiceName({ invoice: invoice(2, { number: null, status: 'draft', invoiceDate: '2026-12-06' }), days: [november] }, [])).toBe('Draft of Dec 6, 2026');
    const twin = invoice(4, { number: null, status: 'draft', invoiceDate: '2026-12-06', total: '30.00' });
    expect(overlapInvoiceName({ invoice: twin, days: [november] }, [invoice(2, { number: null, status: 'draft', invoiceDate: '2026-12-06' }), twin])).toBe('Draft of Dec 6, 2026 for $30.00');
    expect(overlapInvoiceName({ invoice: invoice(3, { number: null, status: 'issued', invoiceDate: '2026-12-06' }), days: [november] }, [])).toBe('Issued, number pending');
  });
});

describe('draftOfDaysName', () => {
  it('names a draft by the days it bills, adding its date, then its total, only when another draft bills the same days', () => {
    const draft = { invoice: invoice(1, { number: null, status: 'draft', invoiceDate: '2026-12-01' }), days: [november] };
    expect(draftOfDaysName(draft, [draft])).toBe('Draft of Nov 1 – Nov 30, 2026');
    const week = { invoice: invoice(2, { number: null, status: 'draft', invoiceDate: '2026-12-01', periodEnd: '2026-11-07' }), days: [{ start: '2026-11-01', end: '2026-11-07', from: 'period' } as const] };
    expect(draftOfDaysName(draft, [draft, week])).toBe('Draft of Nov 1 – Nov 30, 2026');
    const later = { invoice: invoice(3, { number: null, status: 'draft', invoiceDate: '2026-12-03', total: '30.00' }), days: [november] };
    expect(draftOfDaysName(draft, [draft, later])).toBe('Draft of Nov 1 – Nov 30, 2026, dated Dec 1, 2026');
    const twin = { invoice: { ...later.invoice, invoiceDate: '2026-12-01' }, days: [november] };
    expect(draftOfDaysName(draft, [draft, twin])).toBe('Draft of Nov 1 – Nov 30, 2026, dated Dec 1, 2026, for $12.40');
    expect(draftOfDaysName({ ...draft, days: [november, december] }, [draft])).toBe('Draft of Nov 1 – Nov 30, 2026 and items dated Dec 1 – Dec 31, 2026');
  });
});
