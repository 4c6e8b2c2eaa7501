import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { testInvoice, testLine, testUuid } from '@/lib/test-fixtures';
import { BilledAgainNotice, billedAgainQuestion, otherName } from './billed-again-notice';

/** The notice's words, its links' markup aside. */
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'").trim();

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

  it('says a late-calls credit another late-calls invoice gives already is credited twice, not billed twice', () => {
    const inv2 = testInvoice({ id: testUuid(3, 'f'), number: 'INV-2', status: 'issued' });
    const credit = { invoice: inv2, usage: { start: '2026-10-20', end: '2026-10-20' }, credit: true as const, packageLines: [], setupLines: [], name: 'INV-2' };
    expect(billedAgainQuestion([credit])).toBe('INV-2 already credits the calls of Oct 20, 2026, which this draft credits too. Issue it anyway, crediting them twice?');
    expect(text(renderToStaticMarkup(createElement(BilledAgainNotice, { found: [credit], saved: true })))).toBe(
      'This draft credits again what is credited already. It credits the calls of Oct 20, 2026, already on INV-2. Issued as it is, the customer is credited twice for them: update its lines from usage, or delete the draft.',
    );
    // With a package charge billed again besides: both said, and it is billed twice.
    const did = testLine({ kind: 'package', description: 'DID rental' });
    expect(billedAgainQuestion([{ ...credit, packageLines: [did] }])).toBe(
      'INV-2 already credits the calls of Oct 20, 2026, which this draft credits too. INV-2 already bills DID rental, which this draft bills too. Issue it anyway, billing them twice?',
    );
    expect(text(renderToStaticMarkup(createElement(BilledAgainNotice, { found: [{ ...credit, packageLines: [did] }], saved: true })))).toMatch(
      /^This draft bills again what is billed already\. It credits the calls of Oct 20, 2026 and bills DID rental, already on INV-2\./,
    );
  });
});
