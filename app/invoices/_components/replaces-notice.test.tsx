import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { testInvoice } from '@/lib/test-fixtures';
import { CreditedByNotice, CreditsNotice } from './replaces-notice';

const text = (element: React.ReactElement) => renderToStaticMarkup(element).replace(/<[^>]*>/g, '');

describe('the notices of Credit note…', () => {
  it('name a draft credit note by its date, not by its number it has not got ("draft credit note draft")', () => {
    const issued = testInvoice({ id: 'cn-1', status: 'issued', number: 'INV-2', total: '-6.00', invoiceDate: '2026-12-01' });
    const draft = testInvoice({ id: 'cn-2', status: 'draft', number: null, total: '-24.14', invoiceDate: '2026-12-07' });
    const shown = text(<CreditedByNotice creditNotes={[issued, draft]} />);
    expect(shown).toMatch(/^Credited by credit note INV-2 \(.*6\.00\), draft credit note of Dec 7, 2026 \(.*24\.14\)$/);
  });

  it('keeps each credit note total in one piece (a .money span), so "(-" never ends a line with "€12.50)" on the next', () => {
    const issued = testInvoice({ id: 'cn-1', status: 'issued', number: 'INV-7', total: '-12.50', currency: 'EUR', invoiceDate: '2026-12-01' });
    const html = renderToStaticMarkup(<CreditedByNotice creditNotes={[issued]} />);
    expect(html).toMatch(/\(<span class="money">-€12\.50<\/span>\)/);
  });

  it('says an issued credit note of an invoice voided since is of a void invoice, not that it cannot be issued', () => {
    const voided = testInvoice({ id: 'inv-1', status: 'void', number: 'INV-1', invoiceDate: '2026-11-01' });
    expect(text(<CreditsNotice creditsId="inv-1" credited={voided} issued />)).toBe('Credits invoice INV-1 of Nov 1, 2026 (void since).');
    expect(text(<CreditsNotice creditsId="inv-1" credited={voided} issued={false} />)).toBe(
      'Credits invoice INV-1 of Nov 1, 2026 (void since: this credit note cannot be issued).',
    );
  });
});
