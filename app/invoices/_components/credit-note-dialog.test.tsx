import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { LeftToCredit } from '@/lib/credit-notes';
import { testInvoice, testLine, testUuid } from '@/lib/test-fixtures';
import { CreditNoteDialog } from './credit-note-dialog';

const invoice = testInvoice({ status: 'issued', number: 'INV-7', total: '150.14' });
const issued = testInvoice({ id: testUuid(8, 'f'), status: 'issued', number: 'INV-9', invoiceDate: '2026-11-20', total: '-66.16', creditsId: invoice.id });
const draft = testInvoice({ id: testUuid(9, 'f'), status: 'draft', invoiceDate: '2026-12-07', total: '-83.99', creditsId: invoice.id });

/** The dialog's words (tags dropped, apostrophes as typed). */
function words(left: LeftToCredit): string {
  return renderToStaticMarkup(<CreditNoteDialog invoice={invoice} left={left} onCreate={async () => {}} onClose={() => {}} />)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

describe('CreditNoteDialog', () => {
  it('says an invoice credited in full is, by which credit notes, and offers no new one', () => {
    const text = words({ lines: [], creditedBy: [issued, draft], drafts: [draft], nothing: true });
    expect(text).toContain(
      'Invoice INV-7 is fully credited by credit note INV-9 and the draft credit note of Dec 7, 2026: nothing is left to credit, so no new credit note was made. The draft is not issued yet: open it to change what it gives back.',
    );
    expect(text).toContain('Open credit note INV-9 (-$66.16)');
    expect(text).not.toContain('New credit note');
  });

  it('says a draft credit note of the invoice waits, offers to open it, or to make one of the rest', () => {
    const text = words({ lines: [testLine()], creditedBy: [draft], drafts: [draft], nothing: false });
    expect(text).toContain(
      'Invoice INV-7 already has the draft credit note of Dec 7, 2026, not issued yet. Open it to change what it gives back, or make a new credit note of the rest (what it gives back is left out).',
    );
    expect(text).toContain('Open the draft credit note of Dec 7, 2026');
    expect(text).toContain('New credit note of what is left');
  });
});
