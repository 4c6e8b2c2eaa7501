import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { VoidDialog, voidPaidWords, type CreditingNote, type VoidPaidParts } from './void-dialog';

/** The dialog's words (tags dropped). */
function words(props: { paid?: string; creditedBy?: CreditingNote[]; paidParts?: VoidPaidParts }): string {
  return renderToStaticMarkup(<VoidDialog name="INV-2" onVoid={async () => null} onReplace={async () => null} onClose={() => {}} {...props} />)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

describe('VoidDialog of an invoice', () => {
  it('says up front that an invoice a credit note credits cannot be voided, and what to do, offering no Void: not that money received becomes credit', () => {
    // INV-2 settled by credit note INV-6's credit, $43.86 of it applied: no money was received.
    const text = words({ paid: '$43.86', creditedBy: [{ id: 'cn', number: 'INV-6', applied: '$43.86' }], paidParts: { creditBack: [{ amount: '$43.86', creditNote: 'credit note INV-6' }] } });
    expect(text).toContain(
      "Invoice INV-2 cannot be voided while credit note INV-6 credits it: voided, it would leave that credit note’s credit with the customer for an invoice owed by no one.",
    );
    expect(text).toContain(
      'To void it, first void credit note INV-6, then this invoice. Credit note INV-6 has $43.86 of its credit applied to invoices: delete that application under its Payments first (the invoices then owe it again), then void it.',
    );
    expect(text).toContain('Open credit note INV-6');
    expect(text).not.toContain('money received');
    expect(text).not.toContain('Reason');
    expect(text).not.toMatch(/Void and replace|Void invoice Close|>Void invoice</);
  });

  it('offers Void and Void and replace, and names each part of what was paid where it goes', () => {
    const text = words({ paid: '$66.14', paidParts: { toCredit: '$40.00', creditBack: [{ amount: '$26.14', creditNote: 'credit note INV-3' }] } });
    expect(text).toContain('Reason');
    expect(text).toContain('Void and replace');
    expect(text).toContain(
      '$66.14 has been paid against this invoice. A void invoice is owed nothing, so voiding takes it off: $40.00 of it is money received, which becomes the customer’s credit, left on its payment, to apply to their other invoices (the one replacing it, once issued) with Apply credit on the customer’s page; and $26.14 of credit applied from credit note INV-3 goes back to credit note INV-3.',
    );
  });
});

describe('voidPaidWords', () => {
  it('calls money received money, and credit applied from a credit note credit, never the one for the other', () => {
    expect(voidPaidWords('$100.00', { toCredit: '$100.00', creditBack: [] }, false)).toBe(
      '$100.00 has been paid against this invoice. A void invoice is owed nothing, so voiding takes it off: the money received becomes the customer’s credit, left on its payment, to apply to their other invoices with Apply credit on the customer’s page.',
    );
    expect(voidPaidWords('$0.50', { creditBack: [{ amount: '$0.50', creditNote: 'credit note INV-3' }] }, true)).toBe(
      '$0.50 has been paid against this invoice. A void invoice is owed nothing, so voiding takes it off: it is credit applied from credit notes, not money received, so nothing becomes the customer’s credit: $0.50 of credit applied from credit note INV-3 goes back to credit note INV-3.',
    );
  });
});
