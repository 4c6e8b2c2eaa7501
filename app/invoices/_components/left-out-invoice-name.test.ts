import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testInvoice, testUuid } from '@/lib/test-fixtures';
import { coveredDaysText, draftOfDaysName, draftsOfWhichDays, leftOutInvoiceName, overlapInvoiceName } from './left-out-invoice-name';

// Days are shown in the browser's locale; Node's navigator follows the machine's: pin it to en-US.
beforeAll(() => vi.stubGlobal('navigator', { language: 'en-US' }));
afterAll(() => vi.unstubAllGlobals());
const november = { start: '2026-11-01', end: '2026-11-30', from: 'period' } as const;
const december = { start: '2026-12-01', end: '2026-12-31', from: 'lines' } as const;
const october = { start: '2026-10-01', end: '2026-10-31', from: 'lines' } as const;
const invoice = (n: number, overrides: Parameters<typeof testInvoice>[0]) =>
  testInvoice({ id: testUuid(n, 'e'), periodStart: '2026-11-01', periodEnd: '2026-11-30', total: '12.40', ...overrides });

describe('leftOutInvoiceName', () => {
  it('names an issued invoice by its number, one issued offline as waiting for it', () => {
    expect(leftOutInvoiceName(invoice(1, { number: 'INV-7', status: 'issued', invoiceDate: '2026-12-01' }))).toBe('INV-7');
    expect(leftOutInvoiceName(invoice(2, { number: null, status: 'issued', invoiceDate: '2026-12-01' }))).toBe('issued, number pending');
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
  it('names an issued invoice by its number, one issued offline as waiting for it, starting a list item', () => {
    expect(overlapInvoiceName(invoice(1, { number: 'INV-7', status: 'issued', invoiceDate: '2026-12-01' }))).toBe('INV-7');
    expect(overlapInvoiceName(invoice(3, { number: null, status: 'issued', invoiceDate: '2026-12-06' }))).toBe('Issued, number pending');
  });
});

describe('draftsOfWhichDays', () => {
  const period = { start: '2026-11-01', end: '2026-11-30' };
  it('says "this period" of drafts of exactly it, else "days of this period"', () => {
    expect(draftsOfWhichDays([{ days: [november] }], period)).toBe('this period');
    expect(draftsOfWhichDays([{ days: [november] }, { days: [november] }], period)).toBe('this period');
    expect(draftsOfWhichDays([{ days: [november] }, { days: [{ start: '2026-11-01', end: '2026-11-07', from: 'period' }] }], period)).toBe('days of this period');
    expect(draftsOfWhichDays([{ days: [{ ...november, from: 'lines' }] }], period)).toBe('days of this period');
    expect(draftsOfWhichDays([{ days: [november, december] }], period)).toBe('days of this period');
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
