import { describe, expect, it } from 'vitest';
import { customerRefLine, printedCustomer, printedParties, snapshotParties } from './invoice-parties';
import { testAccount, testCustomer, testInvoice } from './test-fixtures';

describe('printedCustomer and customerRefLine', () => {
  const issuedTo = testCustomer({ name: 'Globex Carrier', externalId: 'GLX-1' });
  // The customer since: renamed, its external id changed.
  const now = testCustomer({ name: 'Globex Holdings', externalId: 'GLX-2' });

  it('gives the customer an issued invoice was issued to, whatever the customer is now, as the PDF prints it', () => {
    const issued = testInvoice({ status: 'issued', number: 'INV-1', parties: snapshotParties(testAccount(), issuedTo) });
    expect(printedCustomer(issued, now)).toEqual(printedParties(issued, testAccount(), now).customer);
    expect(customerRefLine(printedCustomer(issued, now)!)).toBe('Customer ref. GLX-1');
    // Kept on the invoice, it shows even with the customer not on this device.
    expect(printedCustomer(issued, undefined)?.externalId).toBe('GLX-1');
  });

  it('gives a draft (and an invoice issued before the parties were kept) the customer as it is now', () => {
    for (const invoice of [testInvoice({ status: 'draft', parties: null }), testInvoice({ status: 'issued', number: 'INV-2' })]) {
      expect(printedCustomer(invoice, now)).toEqual(printedParties(invoice, testAccount(), now).customer);
      expect(customerRefLine(printedCustomer(invoice, now)!)).toBe('Customer ref. GLX-2');
      expect(printedCustomer(invoice, undefined)).toBeUndefined();
    }
  });

  it('prints no reference for a customer without an external id', () => {
    expect(customerRefLine(testCustomer({ externalId: '' }))).toBe('');
  });
});
