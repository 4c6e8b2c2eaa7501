import { describe, expect, it } from 'vitest';
import { defaultAccount } from './mutators';
import { invoiceMissingSellerDetails, missingAccountDetails, missingSellerDetails, missingSellerDetailsNotice } from './seller-details';

const complete = { companyName: 'Acme Telecom', address: '1 Main St\nSpringfield', paymentDetails: 'IBAN GB33 BUKB 2020 1555 5555 55' };

describe('missingSellerDetails', () => {
  it('asks for the company name and address on every invoice, and payment details on one that asks for payment', () => {
    expect(missingSellerDetails(complete, true)).toEqual([]);
    expect(missingSellerDetails({ companyName: ' ', address: '\n', paymentDetails: '' }, true)).toEqual(['company name', 'address', 'payment details']);
    expect(missingSellerDetails({ ...complete, address: '' }, true)).toEqual(['address']);
    expect(missingSellerDetails({ ...complete, paymentDetails: ' \n ' }, true)).toEqual(['payment details']);
    // A credit note, or an invoice with nothing left to pay, asks for no payment.
    expect(missingSellerDetails({ ...complete, paymentDetails: '' }, false)).toEqual([]);
    expect(missingSellerDetails({ companyName: 'Acme Telecom', address: '', paymentDetails: '' }, false)).toEqual(['address']);
  });
});

describe('invoiceMissingSellerDetails', () => {
  const none = { companyName: 'Acme Telecom', address: '', paymentDetails: '' };
  it('asks a draft invoice, and an issued one still owed, for payment details; a paid one, a credit note or a void one for none', () => {
    expect(invoiceMissingSellerDetails({ status: 'draft', total: '0', paid: '0' }, false, none)).toEqual(['address', 'payment details']);
    expect(invoiceMissingSellerDetails({ status: 'issued', total: '10.00', paid: '4.00' }, false, none)).toEqual(['address', 'payment details']);
    expect(invoiceMissingSellerDetails({ status: 'issued', total: '10.00', paid: '10.00' }, false, none)).toEqual(['address']);
    expect(invoiceMissingSellerDetails({ status: 'draft', total: '-5.00', paid: '0' }, true, none)).toEqual(['address']);
    expect(invoiceMissingSellerDetails({ status: 'issued', total: '-5.00', paid: '0' }, true, none)).toEqual(['address']);
    expect(invoiceMissingSellerDetails({ status: 'void', total: '10.00', paid: '0' }, false, none)).toEqual([]);
    expect(invoiceMissingSellerDetails({ status: 'issued', total: '10.00', paid: '0' }, false, complete)).toEqual([]);
  });
});

describe('missingAccountDetails', () => {
  it("names what a new account lacks, and counts one currency's payment details as payment details", () => {
    expect(missingAccountDetails(defaultAccount())).toEqual(['company name', 'address', 'payment details']);
    expect(missingAccountDetails({ ...defaultAccount(), companyName: 'Acme Telecom' })).toEqual(['address', 'payment details']);
    expect(missingAccountDetails({ ...defaultAccount(), ...complete })).toEqual([]);
    expect(missingAccountDetails({ ...defaultAccount(), ...complete, paymentDetails: '', paymentDetailsByCurrency: { EUR: 'IBAN DE89 3704 0044 0532 0130 00' } })).toEqual([]);
    expect(missingAccountDetails({ ...defaultAccount(), ...complete, paymentDetails: '', paymentDetailsByCurrency: { EUR: ' ' } })).toEqual(['payment details']);
  });
});

describe('missingSellerDetailsNotice', () => {
  const draft = { document: 'invoice', issued: false };
  it('says a draft would reach the customer without what is missing, and what the customer would not know', () => {
    expect(missingSellerDetailsNotice([], draft)).toBe('');
    expect(missingSellerDetailsNotice(['address', 'payment details'], draft)).toBe(
      "Your company's address and payment details are empty in My Account: this invoice would reach the customer without them, not saying who it is from or how to pay.",
    );
    expect(missingSellerDetailsNotice(['address'], draft)).toBe("Your company's address is empty in My Account: this invoice would reach the customer without it, not saying who it is from.");
    expect(missingSellerDetailsNotice(['payment details'], draft)).toBe(
      "Your company's payment details are empty in My Account: this invoice would reach the customer without them, not saying how to pay.",
    );
    expect(missingSellerDetailsNotice(['address'], { document: 'credit note', issued: false })).toBe(
      "Your company's address is empty in My Account: this credit note would reach the customer without it, not saying who it is from.",
    );
    expect(missingSellerDetailsNotice(['company name', 'address', 'payment details'], draft)).toBe(
      "Your company's name, address and payment details are empty in My Account: this invoice would reach the customer without them, not saying who it is from or how to pay.",
    );
  });

  it('says an issued invoice keeps what it was issued with, so filling in My Account takes Void and replace for it', () => {
    expect(missingSellerDetailsNotice(['payment details'], { document: 'invoice', issued: true })).toBe(
      "This invoice was issued without your company's payment details: its PDF and email do not say how to pay. It keeps the details it was issued with: once My Account has them, Void and replace it to send one that does.",
    );
    expect(missingSellerDetailsNotice([], { document: 'invoice', issued: true })).toBe('');
  });
});
