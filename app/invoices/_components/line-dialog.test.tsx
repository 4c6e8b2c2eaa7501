import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { testLine } from '@/lib/test-fixtures';
import type { InvoiceLine } from '@/lib/entities';
import { LineDialog } from './line-dialog';

/** The calls to UK mobiles given back on a credit note: 100.004 (100.00). */
const calls = testLine({ kind: 'usage', description: 'United Kingdom Mobile (447)', quantity: '1234', unit: 'min', unitPrice: '0', taxRate: '20', amount: '-100.004', calls: 410, minutes: '1234' });

function dialogHtml(line: InvoiceLine, creditNote: boolean): string {
  return renderToStaticMarkup(
    <LineDialog
      line={line}
      packages={[]}
      currency="USD"
      rounding="half-up"
      defaultTaxRate="20"
      assignedQuantity={() => undefined}
      setupFee={() => ({ billedOn: [], givenBackOn: [], quantity: '0', unbilled: '0', assigned: '0' })}
      oneOffCharge={() => ({ billedOn: [], givenBackOn: [], quantity: '0', unbilled: '0', assigned: '0' })}
      invoiceId={line.invoiceId}
      invoices={[]}
      itemDates={() => ({ start: '2026-03-01', end: '2026-03-31' })}
      invoicePeriod={{ periodStart: '2026-03-01', periodEnd: '2026-03-31' }}
      creditNote={creditNote}
      onSave={() => {}}
      onClose={() => {}}
    />,
  );
}

/** The amount field's input, when the dialog has one. */
const amountInput = (html: string) => /<span>Amount \(required\)<\/span><input[^>]*>/.exec(html)?.[0];

describe('LineDialog: the amount of a line billing one (calls)', () => {
  it('is editable on a credit note, so the clerk gives back part of the calls (40.00 of 100.00), the quantity and price still read-only', () => {
    const html = dialogHtml(calls, true);
    const input = amountInput(html);
    expect(input).toContain('value="-100.004"');
    expect(input).not.toContain('disabled');
    expect(html.replace(/<[^>]*>/g, '')).toContain('To give back part of it, enter a smaller amount below zero (−40.00 gives back 40.00).');
    expect(/<span>Quantity<\/span><input[^>]*>/.exec(html)?.[0]).toContain('disabled');
  });

  it('is not offered on an invoice: the calls bill the sum of their charges, as generated', () => {
    const html = dialogHtml({ ...calls, amount: '100.004' }, false);
    expect(amountInput(html)).toBeUndefined();
    expect(html.replace(/<[^>]*>/g, '').replace(/&#x27;/g, "'")).toContain("This line bills the sum of its calls' charges, 100.004 (rounded: $100.00), not quantity × unit price.");
  });
});
