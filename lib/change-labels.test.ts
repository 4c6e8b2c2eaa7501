import { describe, expect, it } from 'vitest';
import { CHANGE_KINDS, changeName, refusalNotice } from './change-labels';
import { outOfDateOrderNotice } from './invoice-numbers';
import { MUTATOR_NAMES } from './mutators';

describe('changeName', () => {
  it('names the change by its kind and its record, as the device labelled the record', () => {
    const labels = { 'inv-1': 'INV-3', 'draft-1': 'draft for Globex', 'pay-1': '"WIRE-9" of €50.00 dated Nov 20, 2026' };
    expect(changeName('voidInvoice', { id: 'inv-1', reason: 'Wrong period' }, labels)).toBe('Void of invoice INV-3');
    expect(changeName('issueInvoice', { id: 'draft-1' }, labels)).toBe('Issue of invoice draft for Globex');
    expect(changeName('createInvoice', { invoice: { id: 'draft-1' }, lines: [] }, labels)).toBe('New invoice draft for Globex');
    expect(changeName('applyPaymentCredit', { paymentId: 'pay-1', allocations: [] }, labels)).toBe('Credit application from payment "WIRE-9" of €50.00 dated Nov 20, 2026');
  });

  it('names a change of an invoice by what the invoice is: a credit note is no invoice', () => {
    const labels = { 'cn-1': { name: 'INV-4', noun: 'credit note' }, 'inv-1': { name: 'INV-3', noun: 'invoice' }, 'cn-draft': { name: 'draft of Dec 7, 2026 for Globex', noun: 'credit note' } } as const;
    expect(changeName('issueInvoice', { id: 'cn-1' }, labels)).toBe('Issue of credit note INV-4');
    expect(changeName('voidInvoice', { id: 'cn-1', reason: 'Wrong' }, labels)).toBe('Void of credit note INV-4');
    expect(changeName('voidInvoice', { id: 'inv-1', reason: 'Wrong' }, labels)).toBe('Void of invoice INV-3');
    expect(changeName('saveInvoice', { id: 'cn-draft' }, labels)).toBe('Edit of credit note draft of Dec 7, 2026 for Globex');
    expect(changeName('deleteInvoice', { id: 'cn-draft' }, labels)).toBe('Deletion of credit note draft of Dec 7, 2026 for Globex');
    // Made by Credit note…: the kind says so already.
    expect(changeName('createCreditNote', { invoice: { id: 'cn-draft' } }, labels)).toBe('Credit note draft of Dec 7, 2026 for Globex');
  });

  it('is the kind alone when the record has no label or the change names none, and "A change" for an unknown mutation', () => {
    expect(changeName('voidInvoice', { id: 'unlabelled' }, {})).toBe('Void of invoice');
    expect(changeName('voidInvoice', undefined, undefined)).toBe('Void of invoice');
    expect(changeName('importCdrs', { cells: [] }, { x: 'y' })).toBe('Import of CDRs');
    expect(changeName('frobnicate', { id: 'inv-1' }, { 'inv-1': 'INV-3' })).toBe('A change');
  });

  it('has a label for every mutator', () => {
    expect(Object.keys(CHANGE_KINDS).sort()).toEqual([...MUTATOR_NAMES].sort());
    for (const name of MUTATOR_NAMES) expect(changeName(name, {}, {})).toMatch(/^[A-Z]/);
  });
});

describe('refusalNotice', () => {
  it('says which change was refused, then why; one applied but for a part says so', () => {
    expect(refusalNotice('voidInvoice', 'Void of invoice INV-3', 'Only an issued invoice can be voided, and this one is void already')).toBe('Void of invoice INV-3 was refused. Only an issued invoice can be voided, and this one is void already.');
    expect(refusalNotice('updateCustomer', 'Change of customer Atlas Link', "Atlas Link's Tax % was changed on another device", true)).toBe(
      "Change of customer Atlas Link was saved only in part. Atlas Link's Tax % was changed on another device.",
    );
  });

  it('keeps a payment refusal as it is but for its full stop: it names the payment already', () => {
    const reason = 'Payment "B-wire" of $3.31 dated Dec 5, 2026 was not recorded: invoice INV-4 is another customer\'s';
    expect(refusalNotice('recordPayment', 'Payment', reason)).toBe(`${reason}.`);
    // Recorded with some of it left as credit (an invoice paid meanwhile): as it is too.
    const fitted = 'Payment "B-wire" of $3.31 dated Dec 5, 2026 was recorded, but $3.31 of it is now Globex\'s credit: invoice INV-4 took none of the $3.31 put against it.';
    expect(refusalNotice('recordPayment', 'Payment "B-wire" of $3.31 dated Dec 5, 2026', fitted, true)).toBe(fitted);
  });

  it('keeps the message of a void or a payment deletion applied otherwise than made as it is: it says which change it was', () => {
    const voided = 'Invoice INV-1 was voided, and what was paid against it, on another device meanwhile say, came off it, since a void invoice is owed nothing: payment "W" of $5.00 dated Dec 5, 2026 put $5.00 against it ($5.00 of it is now Globex\'s credit).';
    expect(refusalNotice('voidInvoice', 'Void of invoice INV-1', voided, true)).toBe(voided);
    const deleted = 'Payment "ADV" of $20.00 dated Dec 5, 2026 was deleted, and with it credit applied from it on another device meanwhile: $12.01 to invoice INV-2, which owes it again';
    expect(refusalNotice('deletePayment', 'Deletion of payment ADV', deleted, true)).toBe(`${deleted}.`);
    // Their refusals still say which change was refused.
    expect(refusalNotice('deletePayment', 'Deletion of payment ADV', 'It cannot be given back')).toBe('Deletion of payment ADV was refused. It cannot be given back.');
  });

  it('keeps a notice of a record restored for the change as it is: it says which change it was', () => {
    const restored = 'Delete Me Ltd was deleted on another device, but this device made an invoice for it meanwhile (INV-12): the customer was restored as it was, so the invoice keeps its customer.';
    expect(refusalNotice('createInvoice', 'New invoice INV-12', restored, true)).toBe(restored);
    // A refusal of the same kind still says which change was refused.
    expect(refusalNotice('createInvoice', 'New invoice draft for Globex', 'Customer Globex does not exist')).toBe('New invoice draft for Globex was refused. Customer Globex does not exist.');
  });

  it('keeps a notice of an issue numbered out of date order as it is: it names the invoice and says it stands issued', () => {
    const outOfOrder = outOfDateOrderNotice({ number: 'INV-2', invoiceDate: '2026-11-20' }, { number: 'INV-1', invoiceDate: '2026-12-05' })!;
    expect(refusalNotice('issueInvoice', 'Issue of invoice INV-2', outOfOrder, true)).toBe(outOfOrder);
  });

  it('ends each sentence with a full stop, and puts no capital after a colon: the reason is a sentence of its own', () => {
    expect(refusalNotice('applyPaymentCredit', 'Credit application from payment "B-PAY" of €5.00 dated Dec 7, 2026', 'The payment no longer exists (it may have been deleted on another device)')).toBe(
      'Credit application from payment "B-PAY" of €5.00 dated Dec 7, 2026 was refused. The payment no longer exists (it may have been deleted on another device).',
    );
    expect(refusalNotice('deleteCustomer', 'Deletion of customer iTel', 'iTel has invoices and cannot be deleted; set the customer inactive instead')).toBe(
      'Deletion of customer iTel was refused. iTel has invoices and cannot be deleted; set the customer inactive instead.',
    );
    expect(refusalNotice('saveInvoice', 'Edit of invoice INV-3', 'Nothing was changed.')).toBe('Edit of invoice INV-3 was refused. Nothing was changed.');
  });
});
