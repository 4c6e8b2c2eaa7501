import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { testInvoice, testUuid } from '@/lib/test-fixtures';
import { SetupsLeftOutNote } from './setups-left-out';

/** The note's words, its links' markup aside. */
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'").trim();

describe('SetupsLeftOutNote', () => {
  const invoice = testInvoice({ id: testUuid(1, 'e'), number: 'NW-2026-100', status: 'issued', total: '120.00' });
  const creditNote = testInvoice({ id: testUuid(2, 'e'), number: 'NW-2026-102', status: 'issued', total: '-12.00', creditsId: invoice.id });

  it('names the credit note giving a setup back beside the invoice billing it, so the counts add up to the one left out', () => {
    const html = renderToStaticMarkup(
      <SetupsLeftOutNote
        leftOut={[
          {
            charge: 'setup',
            packageId: testUuid(1, 'c'),
            packageName: 'DID Paris +33 1',
            quantity: '1',
            assigned: '2',
            billedOn: [{ invoice, quantity: '2' }],
            givenBackOn: [{ invoice: creditNote, quantity: '1' }],
          },
        ]}
      />,
    );
    expect(text(html)).toBe('1 setup of DID Paris +33 1 is already billed, so it is not on this invoice: NW-2026-100 bills 2 and credit note NW-2026-102 gives 1 back, of the 2 assigned.');
    expect(html).toContain(`href="/invoice?id=${creditNote.id}"`);
  });

  it('names only the invoices billing, when nothing is given back', () => {
    const html = renderToStaticMarkup(
      <SetupsLeftOutNote
        leftOut={[{ charge: 'one-off', packageId: testUuid(1, 'c'), packageName: 'Port-in fee', quantity: '1', assigned: '1', billedOn: [{ invoice, quantity: '1' }], givenBackOn: [] }]}
      />,
    );
    expect(text(html)).toBe('1 one-off charge of Port-in fee is already billed, so it is not on this invoice: NW-2026-100 bills 1, of the 1 assigned.');
  });
});
