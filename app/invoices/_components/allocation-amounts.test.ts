/** The Record payment dialog's reading of what the clerk typed (readPaymentEntry). */
import { describe, expect, it } from 'vitest';
import { readAllocationAmounts, readPaymentEntry, receivedAmountProblem, type TypedPayment } from './allocation-amounts';

// INV-1 owes 100.00, INV-2 owes 80.00; credit note INV-3 has 50.00 of credit left.
const balances = {
  invoices: new Map([
    ['inv-1', '100.00'],
    ['inv-2', '80.00'],
  ]),
  creditLeft: new Map([['cn-3', '50.00']]),
};
const labels: Record<string, string> = { 'inv-1': 'INV-1', 'inv-2': 'INV-2', 'cn-3': 'INV-3' };
const read = (typed: Partial<TypedPayment>, currency = 'USD') =>
  readPaymentEntry({ received: '', invoiceAmounts: {}, creditAmounts: {}, ...typed }, currency, balances, (id) => labels[id] ?? id);

describe('readPaymentEntry', () => {
  it('records the sum of the amounts against invoices when nothing is typed as received', () => {
    expect(read({ invoiceAmounts: { 'inv-1': '100', 'inv-2': ' 30.50 ' } })).toEqual({
      amount: '130.50',
      allocations: [
        { invoiceId: 'inv-1', amount: '100' },
        { invoiceId: 'inv-2', amount: '30.50' },
      ],
      unapplied: '0',
    });
  });

  it('records the whole amount received, the rest left as credit; a payment in advance goes to no invoice', () => {
    expect(read({ received: '250.00', invoiceAmounts: { 'inv-1': '100.00', 'inv-2': '' } })).toEqual({
      amount: '250.00',
      allocations: [{ invoiceId: 'inv-1', amount: '100.00' }],
      unapplied: '150.00',
    });
    expect(read({ received: '75' })).toEqual({ amount: '75', allocations: [], unapplied: '75' });
  });

  it('nets a credit note in the same payment: its credit, as a negative allocation, goes to the invoices with the money', () => {
    // INV-1's 100.00 paid with 50.00 of INV-3's credit and 50.00 received.
    expect(read({ invoiceAmounts: { 'inv-1': '100.00' }, creditAmounts: { 'cn-3': '50.00' } })).toEqual({
      amount: '50.00',
      allocations: [
        { invoiceId: 'inv-1', amount: '100.00' },
        { invoiceId: 'cn-3', amount: '-50.00' },
      ],
      unapplied: '0',
    });
    // 60.00 received for the same: 10.00 left as credit.
    expect(read({ received: '60.00', invoiceAmounts: { 'inv-1': '100.00' }, creditAmounts: { 'cn-3': '50.00' } })).toMatchObject({ amount: '60.00', unapplied: '10.00' });
  });

  it('names what is wrong: amounts past a balance or the credit left, credit not all going to invoices, less received than allocated', () => {
    expect(read({ invoiceAmounts: { 'inv-2': '80.01' } }).problem).toBe(
      "Invoice INV-2 has $80.00 left to pay, less than the $80.01 entered: enter at most its balance, and the whole amount as the amount received (the rest stays as the customer's credit)",
    );
    expect(read({ invoiceAmounts: { 'inv-1': '100' }, creditAmounts: { 'cn-3': '50.01' } }).problem).toBe(
      'Credit note INV-3 has $50.00 of credit left, less than the $50.01 entered: enter at most that',
    );
    expect(read({ invoiceAmounts: { 'inv-1': '20' }, creditAmounts: { 'cn-3': '30' } }).problem).toBe(
      'The credit taken from credit notes ($30.00) is more than the amounts put against invoices ($20.00): the credit is netted against invoices',
    );
    expect(read({ invoiceAmounts: { 'inv-1': '30' }, creditAmounts: { 'cn-3': '30' } }).problem).toBe(
      'Nothing is received: to apply a credit note alone, use Apply credit on the credit note',
    );
    expect(read({ received: '99.99', invoiceAmounts: { 'inv-1': '100' } }).problem).toBe(
      'The amounts put against invoices come to $100.00, more than the $99.99 received: lower them, or correct the amount received',
    );
    expect(read({}).problem).toBe('Enter the amount received, or the amount paid against at least one invoice');
    expect(read({ received: '-5' }).problem).toBe('The amount received must be a positive number like 12.50');
    expect(read({ received: '0' }).problem).toBe('The amount received must be greater than zero');
    expect(read({ invoiceAmounts: { 'inv-1': '-5' } }).problem).toBe('The amount for invoice INV-1 must be a positive number like 12.50');
    // What to change, where it can be named.
    expect(read({ received: '$5' }).problem).toBe('The amount received must be a number alone, with no currency sign or letters, like 12.50');
    expect(read({ received: '1.234,50' }).problem).toBe('The amount received must use a point for decimals and no thousands separators, like 1234.50');
    expect(read({ invoiceAmounts: { 'inv-1': '1,5' } }).problem).toBe('The amount for invoice INV-1 must use a point for decimals and no thousands separators, like 1234.50');
    expect(read({ received: 'abc' }).problem).toBe('The amount received must be a positive number like 12.50');
    expect(read({ invoiceAmounts: { 'inv-1': '100.5' } }, 'JPY').problem).toBe('Amounts in JPY are whole numbers: check the amount for INV-1');
    expect(read({ received: '10.001' }).problem).toBe('Amounts in USD have at most 2 decimals: check the amount received');
  });
});

describe('readAllocationAmounts', () => {
  it('leaves out an invoice whose amount is typed as zero, as a blank one: zero applied is none (Apply credit, clearing an amount filled in)', () => {
    const read = readAllocationAmounts({ 'inv-1': '0', 'inv-2': '25.00', 'inv-3': ' 0.00 ', 'inv-4': '' }, 'USD', { positive: true });
    expect(read.filled).toEqual([['inv-2', '25.00']]);
    expect(read.total).toBe('25.00');
    expect(read.invalid).toBeUndefined();
    // A minus is still a problem, even before a zero.
    expect(readAllocationAmounts({ 'inv-1': '-0' }, 'USD', { positive: true }).invalid).toEqual(['inv-1', '-0']);
  });
});

describe('receivedAmountProblem', () => {
  it('says what is wrong with the amount received on its own, as Record payment refuses it', () => {
    expect(receivedAmountProblem('10.005', 'USD')).toBe('Amounts in USD have at most 2 decimals: check the amount received');
    expect(read({ received: '10.005', invoiceAmounts: { 'inv-1': '10.00' } })).toEqual({ problem: receivedAmountProblem('10.005', 'USD') });
    expect(receivedAmountProblem('100.5', 'JPY')).toBe('Amounts in JPY are whole numbers: check the amount received');
    expect(receivedAmountProblem('-5', 'USD')).toMatch(/^The amount received /);
    expect(receivedAmountProblem('0', 'USD')).toBe('The amount received must be greater than zero');
  });
  it('finds nothing wrong in an amount, or in nothing typed', () => {
    expect(receivedAmountProblem(' 10.00 ', 'USD')).toBeUndefined();
    expect(receivedAmountProblem('', 'USD')).toBeUndefined();
  });
});
