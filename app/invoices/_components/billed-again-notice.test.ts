import { describe, expect, it } from 'vitest';
import { testInvoice, testUuid } from '@/lib/test-fixtures';
import { billedAgainQuestion } from './billed-again-notice';

describe('billedAgainQuestion', () => {
  it('names a draft by its date, beginning the sentence with a capital, so that two drafts read apart', () => {
    const draft = (n: number, invoiceDate: string) => testInvoice({ id: testUuid(n, 'f'), number: null, status: 'draft', invoiceDate });
    const found = [
      { invoice: draft(1, '2026-12-01'), usage: { start: '2026-11-03', end: '2026-11-04' }, packageLines: [], setupLines: [] },
      { invoice: draft(2, '2026-12-06'), usage: { start: '2026-11-05', end: '2026-11-05' }, packageLines: [], setupLines: [] },
    ];
    expect(billedAgainQuestion(found)).toBe(
      'The draft of Dec 1, 2026 already bills the calls of Nov 3 – Nov 4, 2026, which this draft bills too. The draft of Dec 6, 2026 already bills the calls of Nov 5, 2026, which this draft bills too. Issue it anyway, billing them twice?',
    );
  });
});
