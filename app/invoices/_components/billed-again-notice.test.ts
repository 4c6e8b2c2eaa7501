import { describe, expect, it } from 'vitest';
import { testInvoice, testUuid } from '@/lib/test-fixtures';
import { billedAgainQuestion, otherName } from './billed-again-notice';

describe('billedAgainQuestion', () => {
  it('names a draft by its date, beginning the sentence with a capital, so that two drafts read apart', () => {
    const draft = (n: number, invoiceDate: string) => testInvoice({ id: testUuid(n, 'f'), number: null, status: 'draft', invoiceDate });
    const invoices = [draft(1, '2026-12-01'), draft(2, '2026-12-06')];
    const found = [
      { invoice: invoices[0]!, usage: { start: '2026-11-03', end: '2026-11-04' }, packageLines: [], setupLines: [] },
      { invoice: invoices[1]!, usage: { start: '2026-11-05', end: '2026-11-05' }, packageLines: [], setupLines: [] },
    ].map((f) => ({ ...f, name: otherName(f.invoice, invoices) }));
    expect(billedAgainQuestion(found)).toBe(
      'The draft of Dec 1, 2026 already bills the calls of Nov 3 – Nov 4, 2026, which this draft bills too. The draft of Dec 6, 2026 already bills the calls of Nov 5, 2026, which this draft bills too. Issue it anyway, billing them twice?',
    );
  });

  it('tells the other draft from the draft on screen when both are dated the same day', () => {
    const other = testInvoice({ id: testUuid(1, 'f'), number: null, status: 'draft', invoiceDate: '2026-12-07', total: '12.40' });
    const onScreen = testInvoice({ id: testUuid(2, 'f'), number: null, status: 'draft', invoiceDate: '2026-12-07', total: '30.00' });
    expect(otherName(other, [onScreen, other])).toBe('the draft of Dec 7, 2026 for $12.40');
    expect(otherName(other, [other])).toBe('the draft of Dec 7, 2026');
  });
});
