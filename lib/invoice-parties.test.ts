import { describe, expect, it } from 'vitest';
import {
  customerDetailLines,
  customerRefLine,
  customerVatIdLine,
  printedCustomer,
  paymentDetailsFor,
  printedParties,
  printedSeller,
  printedTaxNote,
  REVERSE_CHARGE_NOTE,
  snapshotParties,
  suggestsReverseChargeNote,
} from './invoice-parties';
import { testAccount, testCustomer, testInvoice } from './test-fixtures';

describe('printedCustomer and customerRefLine', () => {
  const issuedTo = testCustomer({ name: 'Globex Carrier', externalId: 'GLX-1' });
  // The customer since: renamed, its external id changed.
  const now = testCustomer({ name: 'Globex Holdings', externalId: 'GLX-2' });

  it('gives the customer an issued invoice was issued to, whatever the customer is now, as the PDF prints it', () => {
    const issued = testInvoice({ status: 'issued', number: 'INV-1', parties: snapshotParties(testAccount(), issuedTo, 'USD') });
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

describe("the buyer's VAT id and the tax note", () => {
  const reverseCharge = 'Reverse charge: VAT to be accounted for by the recipient';
  const issuedTo = testCustomer({ name: 'Globex BV', vatId: 'NL123456789B01', taxNote: reverseCharge, externalId: 'GLX-1' });
  // The customer since: a new VAT id, no note.
  const now = testCustomer({ name: 'Globex BV', vatId: 'NL999999999B01', taxNote: '', externalId: 'GLX-1' });

  it('prints the VAT id and the note an issued invoice was issued with, whatever the customer has now', () => {
    const issued = testInvoice({ status: 'issued', number: 'INV-1', parties: snapshotParties(testAccount(), issuedTo, 'USD') });
    const printed = printedCustomer(issued, now)!;
    expect(customerDetailLines(printed)).toEqual(['VAT ID NL123456789B01', 'Customer ref. GLX-1']);
    expect(printedTaxNote(printed)).toBe(reverseCharge);
    // Kept on the invoice: the same with the customer not on this device.
    expect(printedTaxNote(printedCustomer(issued, undefined))).toBe(reverseCharge);
  });

  it("prints a draft's customer as it is now", () => {
    const draft = testInvoice({ status: 'draft', parties: null });
    expect(customerDetailLines(printedCustomer(draft, now)!)).toEqual(['VAT ID NL999999999B01', 'Customer ref. GLX-1']);
    expect(printedTaxNote(printedCustomer(draft, now))).toBe('');
    expect(printedTaxNote(printedCustomer(draft, issuedTo))).toBe(reverseCharge);
  });

  it('prints neither on an invoice issued before they were kept (its snapshot lacks them), nor for a customer written before them', () => {
    const { vatId: _vatId, taxNote: _taxNote, ...olderCustomer } = snapshotParties(testAccount(), issuedTo, 'USD').customer;
    const issuedBefore = testInvoice({ status: 'issued', number: 'INV-1', parties: { ...snapshotParties(testAccount(), issuedTo, 'USD'), customer: olderCustomer } });
    expect(customerDetailLines(printedCustomer(issuedBefore, now)!)).toEqual(['Customer ref. GLX-1']);
    expect(printedTaxNote(printedCustomer(issuedBefore, now))).toBe('');
    const { vatId: _v, taxNote: _t, ...writtenBefore } = testCustomer({ externalId: '' });
    expect(snapshotParties(testAccount(), writtenBefore, 'USD').customer).toMatchObject({ vatId: '', taxNote: '' });
    expect(customerDetailLines(writtenBefore)).toEqual([]);
    expect(customerVatIdLine({ vatId: '' })).toBe('');
    expect(customerVatIdLine({ vatId: 'ATU12345678' })).toBe('VAT ID ATU12345678');
  });

  it('suggests the reverse-charge note for a customer at 0% without a note, and never otherwise', () => {
    expect(REVERSE_CHARGE_NOTE).toBe('Reverse charge: VAT to be accounted for by the recipient (Art. 196, Directive 2006/112/EC)');
    for (const rate of ['0', '0.00', ' 0 ']) expect(suggestsReverseChargeNote(rate, ''), rate).toBe(true);
    for (const rate of ['20', '0.5', '', 'x']) expect(suggestsReverseChargeNote(rate, ''), rate).toBe(false);
    expect(suggestsReverseChargeNote('0', 'Exempt under Art. 44')).toBe(false);
    expect(suggestsReverseChargeNote('0', '  ')).toBe(true);
  });
});

describe('payment details by currency', () => {
  const account = testAccount({
    paymentDetails: 'Any currency: IBAN GB00 TEST 0000 0000 0000 00',
    paymentDetailsByCurrency: { EUR: 'EUR account: IBAN DE89 3704 0044 0532 0130 00', CHF: '  ' },
  });

  it("prints a currency's own details on its invoices, and the account's details on the others", () => {
    expect(paymentDetailsFor(account, 'EUR')).toBe('EUR account: IBAN DE89 3704 0044 0532 0130 00');
    expect(paymentDetailsFor(account, 'USD')).toBe('Any currency: IBAN GB00 TEST 0000 0000 0000 00');
    // Details left blank for a currency are no details: the account's are printed.
    expect(paymentDetailsFor(account, 'CHF')).toBe('Any currency: IBAN GB00 TEST 0000 0000 0000 00');
    // An account saved before the per-currency details existed has none.
    expect(paymentDetailsFor(testAccount({ paymentDetails: 'Old IBAN' }), 'EUR')).toBe('Old IBAN');
  });

  it("keeps on an issued invoice the details of its currency as they were, and shows a draft's as they are now", () => {
    const customer = testCustomer({ currency: 'EUR' });
    const issued = testInvoice({ status: 'issued', number: 'INV-1', currency: 'EUR', parties: snapshotParties(account, customer, 'EUR') });
    const changed = testAccount({ paymentDetailsByCurrency: { EUR: 'New EUR bank' } });
    expect(printedSeller(issued, changed).paymentDetails).toBe('EUR account: IBAN DE89 3704 0044 0532 0130 00');
    expect(printedParties(issued, changed, customer).seller).toEqual(printedSeller(issued, changed));
    const draft = testInvoice({ status: 'draft', currency: 'EUR', parties: null });
    expect(printedSeller(draft, changed).paymentDetails).toBe('New EUR bank');
    expect(printedSeller({ ...draft, currency: 'USD' }, changed).paymentDetails).toBe(changed.paymentDetails);
  });
});
