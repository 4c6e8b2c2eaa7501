import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { testInvoice, testLine, testPackage, testUuid } from '@/lib/test-fixtures';
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

describe("LineDialog: where a one-off package's charge is billed already", () => {
  it('names the issued credit notes giving some back, so the count filled in adds up', () => {
    const portIn = testPackage({ id: testUuid(3, 'c'), name: 'Port-in fee', retail: '25', frequency: 'none' });
    const line = testLine({ kind: 'package', description: 'Port-in fee', quantity: '1', unitPrice: '25', packageId: portIn.id });
    const inv1 = testInvoice({ id: testUuid(1, 'f'), status: 'issued', number: 'INV-1', total: '25.00' });
    const inv2 = testInvoice({ id: testUuid(2, 'f'), status: 'issued', number: 'INV-2', total: '-25.00' });
    const html = renderToStaticMarkup(
      <LineDialog
        line={line}
        packages={[portIn]}
        currency="USD"
        rounding="half-up"
        defaultTaxRate="20"
        assignedQuantity={() => 1}
        setupFee={() => ({ billedOn: [], givenBackOn: [], quantity: '1', unbilled: '1', assigned: '0' })}
        oneOffCharge={() => ({ billedOn: [{ invoice: inv1, quantity: '1' }], givenBackOn: [{ invoice: inv2, quantity: '1' }], quantity: '1', unbilled: '1', assigned: '1' })}
        invoiceId={line.invoiceId}
        itemDates={() => ({ start: '2026-03-01', end: '2026-03-31' })}
        invoicePeriod={{ periodStart: '2026-03-01', periodEnd: '2026-03-31' }}
        creditNote={false}
        onSave={() => {}}
        onClose={() => {}}
      />,
    );
    expect(html.replace(/<[^>]*>/g, '')).toContain(
      'Port-in fee already billed: 1 on INV-1, less 1 given back by credit note INV-2. 1 of the 1 assigned is not billed yet: that is the quantity filled in.',
    );
  });
});
