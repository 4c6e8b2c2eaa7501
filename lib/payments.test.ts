import { describe, expect, it } from 'vitest';
import type { Payment } from './entities';
import { formatMoney } from './money';
import { creditApplication, creditApplied, creditLeft, creditMovesOf, creditNotesWithCredit, invoiceBalance, invoicesOpenForCredit, outstandingByCurrency, outstandingLines, paymentDeletionEffect, paymentOnInvoice, paymentsOfInvoice, releasedByVoid, settlementOf, settlementRows, spreadCredit, voidReleases, suggestedPaymentAllocations, unappliedOf, voidInvoicePaidNote } from './payments';
import { CUSTOMER_ID, INVOICE_ID, OTHER_CUSTOMER_ID, testInvoice, testUuid } from './test-fixtures';

const OTHER_INVOICE_ID = testUuid(2, 'c');

function payment(n: number, date: string, allocations: Payment['allocations']): Payment {
  return { id: testUuid(n, 'f'), customerId: CUSTOMER_ID, date, amount: '0', currency: 'USD', method: 'Bank transfer', reference: `R${n}`, allocations };
}

describe('paymentsOfInvoice', () => {
  it("lists an invoice's payments by date, then in entry order, each with the amount applied to that invoice", () => {
    const payments = [
      payment(1, '2026-11-20', [{ invoiceId: INVOICE_ID, amount: '5.00' }]),
      // Entered second, dated first: a cheque found in a drawer.
      payment(2, '2026-11-03', [
        { invoiceId: OTHER_INVOICE_ID, amount: '70.00' },
        { invoiceId: INVOICE_ID, amount: '30.00' },
      ]),
      payment(3, '2026-11-20', [{ invoiceId: INVOICE_ID, amount: '1.00' }]),
      payment(4, '2026-11-01', [{ invoiceId: OTHER_INVOICE_ID, amount: '9.00' }]),
    ];
    expect(paymentsOfInvoice(payments, INVOICE_ID).map((p) => `${p.payment.reference} ${p.payment.date} ${p.applied}`)).toEqual([
      'R2 2026-11-03 30.00',
      'R1 2026-11-20 5.00',
      'R3 2026-11-20 1.00',
    ]);
  });
});

describe('outstandingByCurrency', () => {
  it('sums what is left to pay on issued invoices per currency, leaving out drafts, void and paid invoices', () => {
    const invoices = [
      // 100.00 − 30.00 = 70.00, + 12.34 = 82.34 USD over two invoices.
      testInvoice({ status: 'issued', currency: 'USD', total: '100.00', paid: '30.00' }),
      testInvoice({ status: 'issued', number: null, currency: 'USD', total: '12.34', paid: '0.00' }),
      testInvoice({ status: 'issued', currency: 'USD', total: '50.00', paid: '50.00' }),
      testInvoice({ status: 'issued', currency: 'USD', total: '-20.00', paid: '0.00' }),
      testInvoice({ status: 'draft', currency: 'USD', total: '999.00', paid: '0' }),
      testInvoice({ status: 'void', currency: 'USD', total: '40.00', paid: '10.00' }),
      testInvoice({ status: 'issued', currency: 'JPY', total: '1200', paid: '200' }),
    ];
    expect(outstandingByCurrency(invoices)).toEqual([
      // 102.34 owed (the −20.00 credit note counts against it, below).
      { currency: 'JPY', amount: '1000', owed: '1000', invoices: 1, credit: '0', creditNotes: 0, unapplied: '0', payments: 0 },
      { currency: 'USD', amount: '62.34', owed: '82.34', invoices: 2, credit: '20.00', creditNotes: 1, unapplied: '0', payments: 0 },
    ]);
    expect(outstandingByCurrency([])).toEqual([]);
  });

  it('counts the credit left on credit notes against what is owed, exactly, and leaves out one applied in full', () => {
    const invoices = [
      testInvoice({ status: 'issued', currency: 'EUR', total: '10.00', paid: '0.00' }),
      // −25.10 of which 5.05 applied: 20.05 left.
      testInvoice({ status: 'issued', currency: 'EUR', total: '-25.10', paid: '-5.05' }),
      testInvoice({ status: 'issued', currency: 'EUR', total: '-3.00', paid: '-3.00' }),
      testInvoice({ status: 'void', currency: 'EUR', total: '-40.00', paid: '0.00' }),
    ];
    expect(outstandingByCurrency(invoices)).toEqual([{ currency: 'EUR', amount: '-10.05', owed: '10.00', invoices: 1, credit: '20.05', creditNotes: 1, unapplied: '0', payments: 0 }]);
  });
});

describe('invoiceBalance', () => {
  it('is what is left to settle on an issued invoice, numbered or pending: its total less its payments and the credit applied to it', () => {
    // 120.00 − 30.00 paid = 90.00.
    expect(invoiceBalance(testInvoice({ status: 'issued', number: 'INV-1', total: '120.00', paid: '30.00' }))).toBe('90.00');
    expect(invoiceBalance(testInvoice({ status: 'issued', number: null, total: '12.34', paid: '0.00' }))).toBe('12.34');
    expect(invoiceBalance(testInvoice({ status: 'issued', number: 'INV-2', total: '50.00', paid: '50.00' }))).toBe('0.00');
    // In the currency's own decimals: 1200 − 200 yen.
    expect(invoiceBalance(testInvoice({ status: 'issued', number: 'INV-3', currency: 'JPY', total: '1200', paid: '200' }))).toBe('1000');
  });

  it('is none for a draft (not owed yet) or a void invoice (owed no longer), whatever was paid against it', () => {
    expect(invoiceBalance(testInvoice({ status: 'draft', total: '99.00', paid: '0.00' }))).toBeNull();
    expect(invoiceBalance(testInvoice({ status: 'void', number: 'INV-4', total: '40.00', paid: '10.00' }))).toBeNull();
  });

  it("is minus a credit note's credit left, and the credit left is exactly that", () => {
    // Credit note of −25.10 with 5.05 applied (paid −5.05): 20.05 left, a balance of −20.05.
    const creditNote = testInvoice({ status: 'issued', number: 'INV-5', total: '-25.10', paid: '-5.05' });
    expect(invoiceBalance(creditNote)).toBe('-20.05');
    expect(creditLeft(creditNote)).toBe('20.05');
    expect(invoiceBalance(testInvoice({ status: 'issued', number: 'INV-6', total: '-25.10', paid: '-25.10' }))).toBe('0.00');
  });
});

describe('creditLeft', () => {
  it('is what is not yet applied of an issued credit note, and 0 for any other invoice', () => {
    expect(creditLeft(testInvoice({ status: 'issued', total: '-25.10', paid: '-5.05' }))).toBe('20.05');
    expect(creditLeft(testInvoice({ status: 'issued', total: '-25.10', paid: '-25.10' }))).toBe('0');
    expect(creditLeft(testInvoice({ status: 'void', total: '-25.10', paid: '0.00' }))).toBe('0');
    expect(creditLeft(testInvoice({ status: 'draft', total: '-25.10', paid: '0.00' }))).toBe('0');
    expect(creditLeft(testInvoice({ status: 'issued', total: '25.10', paid: '0.00' }))).toBe('0');
  });
});

describe('creditApplication', () => {
  it('is a payment of 0 taking the exact sum from the credit note and putting each amount against its invoice', () => {
    const creditNote = testInvoice({ id: testUuid(9, 'c'), status: 'issued', number: 'INV-6', total: '-50.00', paid: '0.00' });
    const numbers = new Map([[testUuid(1, 'c'), 'INV-1'], [testUuid(2, 'c'), 'INV-2']]);
    const allocations = [{ invoiceId: testUuid(1, 'c'), amount: '10.1' }, { invoiceId: testUuid(2, 'c'), amount: '19.90' }];
    expect(creditApplication(creditNote, { id: testUuid(1, 'f'), date: '2026-04-10', allocations, numbers })).toEqual({
      id: testUuid(1, 'f'),
      customerId: creditNote.customerId,
      date: '2026-04-10',
      amount: '0.00',
      currency: 'USD',
      method: 'Credit note INV-6',
      reference: 'Applied to INV-1, INV-2',
      allocations: [{ invoiceId: creditNote.id, amount: '-30.00' }, ...allocations],
    });
  });
});

describe('creditApplied', () => {
  it("is the credit an application of credit took from its credit note, as a positive amount; none for a payment that received money, or one drawing on no credit note", () => {
    const CREDIT_NOTE_ID = testUuid(9, 'c');
    const applied = { ...payment(2, '2026-04-02', [{ invoiceId: CREDIT_NOTE_ID, amount: '-30.00' }, { invoiceId: INVOICE_ID, amount: '10.10' }, { invoiceId: OTHER_INVOICE_ID, amount: '19.90' }]), amount: '0.00' };
    expect(creditApplied(applied)).toEqual({ creditNoteIds: [CREDIT_NOTE_ID], amount: '30.00' });
    const net = { ...payment(3, '2026-04-03', [{ invoiceId: CREDIT_NOTE_ID, amount: '-2.00' }, { invoiceId: OTHER_INVOICE_ID, amount: '12.00' }]), amount: '10.00' };
    expect(creditApplied(net)).toBeNull();
    expect(creditApplied({ ...payment(4, '2026-04-04', []), amount: '0.00' })).toBeNull();
  });
});

describe('creditMovesOf', () => {
  it("finds the payments that moved credit from a credit note to the invoice, or from the credit note itself: those that keep either from being voided", () => {
    const CREDIT_NOTE_ID = testUuid(9, 'c');
    const cash = payment(1, '2026-04-01', [{ invoiceId: INVOICE_ID, amount: '10.00' }]);
    const applied = payment(2, '2026-04-02', [{ invoiceId: CREDIT_NOTE_ID, amount: '-5.00' }, { invoiceId: INVOICE_ID, amount: '5.00' }]);
    // A payment of the net: money for the other invoice, with the credit note's credit.
    const net = { ...payment(3, '2026-04-03', [{ invoiceId: CREDIT_NOTE_ID, amount: '-2.00' }, { invoiceId: OTHER_INVOICE_ID, amount: '12.00' }]), amount: '10.00' };
    const payments = [cash, applied, net];
    expect(creditMovesOf(INVOICE_ID, payments)).toEqual([applied]);
    expect(creditMovesOf(OTHER_INVOICE_ID, payments)).toEqual([net]);
    expect(creditMovesOf(CREDIT_NOTE_ID, payments)).toEqual([applied, net]);
    expect(creditMovesOf(INVOICE_ID, [cash])).toEqual([]);
  });
});

describe('unappliedOf', () => {
  it('is what a payment received less what it put against invoices, credit notes drawn on counting against it', () => {
    expect(unappliedOf({ amount: '150.00', allocations: [{ invoiceId: INVOICE_ID, amount: '100.00' }] })).toBe('50.00');
    expect(unappliedOf({ amount: '500.00', allocations: [] })).toBe('500.00');
    // 60.00 received; 100.00 to an invoice, 50.00 drawn from a credit note: 10.00 left.
    expect(unappliedOf({ amount: '60.00', allocations: [{ invoiceId: INVOICE_ID, amount: '100.00' }, { invoiceId: OTHER_INVOICE_ID, amount: '-50.00' }] })).toBe('10.00');
    expect(unappliedOf({ amount: '0.00', allocations: [{ invoiceId: INVOICE_ID, amount: '5.00' }, { invoiceId: OTHER_INVOICE_ID, amount: '-5.00' }] })).toBe('0.00');
  });
});

describe('outstandingByCurrency with payments', () => {
  it('counts what payments hold unapplied as the customer’s credit, in their own currency, against what is owed', () => {
    const invoices = [
      testInvoice({ status: 'issued', currency: 'USD', total: '100.00', paid: '60.00' }),
      testInvoice({ status: 'issued', currency: 'USD', total: '-10.00', paid: '0.00' }),
    ];
    const payments = [
      // 150.00 received, 60.00 of it on the invoice: 90.00 left; a payment in advance of 25.50.
      { ...payment(1, '2026-11-01', [{ invoiceId: INVOICE_ID, amount: '60.00' }]), amount: '150.00' },
      { ...payment(2, '2026-11-02', []), amount: '25.50' },
      // Applied in full: no credit.
      { ...payment(3, '2026-11-03', [{ invoiceId: OTHER_INVOICE_ID, amount: '5.00' }]), amount: '5.00' },
      { ...payment(4, '2026-11-04', []), amount: '1000', currency: 'JPY' },
    ];
    // USD: 40.00 owed − 10.00 credit note − 115.50 unapplied = −85.50 (owed to the customer).
    expect(outstandingByCurrency(invoices, payments)).toEqual([
      { currency: 'JPY', amount: '-1000', owed: '0', invoices: 0, credit: '0', creditNotes: 0, unapplied: '1000', payments: 1 },
      { currency: 'USD', amount: '-85.50', owed: '40.00', invoices: 1, credit: '10.00', creditNotes: 1, unapplied: '115.50', payments: 2 },
    ]);
  });
});

describe('invoicesOpenForCredit and spreadCredit', () => {
  it('lists the customer’s issued invoices in the currency with a balance, earliest due first, and spreads credit over them up to each balance', () => {
    const invoices = [
      testInvoice({ id: testUuid(1, 'c'), status: 'issued', number: 'INV-2', dueDate: '2026-05-10', total: '30.00', paid: '10.00' }),
      testInvoice({ id: testUuid(2, 'c'), status: 'issued', number: 'INV-1', dueDate: '2026-05-01', total: '15.00', paid: '0.00' }),
      testInvoice({ id: testUuid(3, 'c'), status: 'issued', number: 'INV-3', dueDate: '2026-05-01', total: '40.00', paid: '0.00' }),
      testInvoice({ id: testUuid(4, 'c'), status: 'issued', number: 'INV-4', total: '40.00', paid: '40.00' }),
      testInvoice({ id: testUuid(5, 'c'), status: 'issued', number: 'INV-5', total: '-40.00', paid: '0.00' }),
      testInvoice({ id: testUuid(6, 'c'), status: 'draft', total: '40.00' }),
      testInvoice({ id: testUuid(7, 'c'), status: 'void', number: 'INV-7', total: '40.00' }),
      testInvoice({ id: testUuid(8, 'c'), status: 'issued', number: 'INV-8', currency: 'EUR', total: '40.00' }),
      testInvoice({ id: testUuid(9, 'c'), customerId: OTHER_CUSTOMER_ID, status: 'issued', number: 'INV-9', total: '40.00' }),
    ];
    const open = invoicesOpenForCredit(CUSTOMER_ID, 'USD', invoices);
    expect(open.map((i) => i.number)).toEqual(['INV-1', 'INV-3', 'INV-2']);
    // 60.00: INV-1's 15.00, INV-3's 40.00, and the last 5.00 of it to INV-2 (20.00 left to pay).
    expect([...spreadCredit('60.00', open)]).toEqual([
      [testUuid(2, 'c'), '15.00'],
      [testUuid(3, 'c'), '40.00'],
      [testUuid(1, 'c'), '5.00'],
    ]);
    expect([...spreadCredit('0', open)]).toEqual([]);
  });

  it('lists invoices due the same day in their numbers\' order, INV-9 before INV-10, pending ones last', () => {
    const invoices = ['INV-10', null, 'INV-9', 'INV-100', 'INV-11'].map((number, n) =>
      testInvoice({ id: testUuid(n + 1, 'c'), status: 'issued', number, dueDate: '2026-05-01', total: '10.00', paid: '0.00' }),
    );
    expect(invoicesOpenForCredit(CUSTOMER_ID, 'USD', invoices).map((i) => i.number)).toEqual(['INV-9', 'INV-10', 'INV-11', 'INV-100', null]);
  });
});

describe('suggestedPaymentAllocations', () => {
  // In the dialog's order: INV-1 with 25.10 left to pay, INV-2 with 10.00, INV-3 with 4.05.
  const first = testInvoice({ id: testUuid(1, 'c'), status: 'issued', number: 'INV-1', total: '30.10', paid: '5.00' });
  const second = testInvoice({ id: testUuid(2, 'c'), status: 'issued', number: 'INV-2', total: '10.00', paid: '0.00' });
  const third = testInvoice({ id: testUuid(3, 'c'), status: 'issued', number: 'INV-3', total: '4.05', paid: '0.00' });
  const open = [first, second, third];

  it('puts an amount below the first balance all on the first invoice, in the currency\'s decimals', () => {
    expect([...suggestedPaymentAllocations('9', [], open, 'USD')!]).toEqual([[first.id, '9.00']]);
    expect([...suggestedPaymentAllocations(' 25.09 ', [], open, 'USD')!]).toEqual([[first.id, '25.09']]);
  });

  it('fills the invoices in their order, each up to its balance, exactly', () => {
    // 30.15 = 25.10 + 5.05 of INV-2's 10.00.
    expect([...suggestedPaymentAllocations('30.15', [], open, 'USD')!]).toEqual([
      [first.id, '25.10'],
      [second.id, '5.05'],
    ]);
    expect([...suggestedPaymentAllocations('0.1', [], [second, first], 'USD')!]).toEqual([[second.id, '0.10']]);
  });

  it('fills every balance when more is received than they add up to: the rest stays as credit, in no allocation', () => {
    expect([...suggestedPaymentAllocations('100', [], open, 'USD')!]).toEqual([
      [first.id, '25.10'],
      [second.id, '10.00'],
      [third.id, '4.05'],
    ]);
  });

  it('adds the credit taken from credit notes, netted against the invoices, to what goes to them', () => {
    // 20.00 received + 3.45 + 2.00 of credit = 25.45: INV-1's 25.10 and 0.35 of INV-2.
    expect([...suggestedPaymentAllocations('20.00', ['3.45', ' ', '2'], open, 'USD')!]).toEqual([
      [first.id, '25.10'],
      [second.id, '0.35'],
    ]);
  });

  it('puts nothing anywhere for 0 received', () => {
    expect([...suggestedPaymentAllocations('0', [], open, 'USD')!]).toEqual([]);
  });

  it('works in whole yen: two JPY invoices', () => {
    const yen = [
      testInvoice({ id: testUuid(4, 'c'), status: 'issued', currency: 'JPY', total: '1200', paid: '200' }),
      testInvoice({ id: testUuid(5, 'c'), status: 'issued', currency: 'JPY', total: '500', paid: '0' }),
    ];
    expect([...suggestedPaymentAllocations('1350', [], yen, 'JPY')!]).toEqual([
      [testUuid(4, 'c'), '1000'],
      [testUuid(5, 'c'), '350'],
    ]);
    // A fraction of a yen is not an amount to spread.
    expect(suggestedPaymentAllocations('1350.5', [], yen, 'JPY')).toBeNull();
  });

  it('is none for a blank, half-typed, negative or over-precise amount, or a credit amount that is not one', () => {
    for (const received of ['', '  ', '12.', '.5', 'abc', '-5', '1,000', '9.001']) expect(suggestedPaymentAllocations(received, [], open, 'USD')).toBeNull();
    for (const credit of ['x', '-1', '0.001']) expect(suggestedPaymentAllocations('9', [credit], open, 'USD')).toBeNull();
  });
});

describe('creditNotesWithCredit', () => {
  it("lists the credit notes with credit left in the currency, in their numbers' order: CN-9 before CN-10", () => {
    const invoices = [
      testInvoice({ id: testUuid(1, 'c'), status: 'issued', number: 'CN-10', total: '-5.00', paid: '0.00' }),
      testInvoice({ id: testUuid(2, 'c'), status: 'issued', number: 'CN-9', total: '-5.00', paid: '-1.00' }),
      testInvoice({ id: testUuid(3, 'c'), status: 'issued', number: 'CN-2', total: '-5.00', paid: '0.00' }),
      // Applied in full, void, in another currency, or an invoice: none has credit to take.
      testInvoice({ id: testUuid(4, 'c'), status: 'issued', number: 'CN-3', total: '-5.00', paid: '-5.00' }),
      testInvoice({ id: testUuid(5, 'c'), status: 'void', number: 'CN-4', total: '-5.00', paid: '0.00' }),
      testInvoice({ id: testUuid(6, 'c'), status: 'issued', number: 'CN-5', currency: 'EUR', total: '-5.00', paid: '0.00' }),
      testInvoice({ id: testUuid(7, 'c'), status: 'issued', number: 'INV-6', total: '5.00', paid: '0.00' }),
    ];
    expect(creditNotesWithCredit(invoices, 'USD').map((i) => i.number)).toEqual(['CN-2', 'CN-9', 'CN-10']);
  });
});

describe('paymentOnInvoice', () => {
  const CREDIT_NOTE_ID = testUuid(3, 'c');
  const SECOND_NOTE_ID = testUuid(4, 'c');
  // Apply credit: 3.00 of the credit note's credit, 2.50 to INVOICE_ID and 0.50 to OTHER_INVOICE_ID.
  const application = creditApplication(
    { id: CREDIT_NOTE_ID, customerId: CUSTOMER_ID, currency: 'USD', number: 'INV-3' },
    {
      id: testUuid(9, 'f'),
      date: '2026-12-07',
      allocations: [
        { invoiceId: INVOICE_ID, amount: '2.50' },
        { invoiceId: OTHER_INVOICE_ID, amount: '0.50' },
      ],
      numbers: new Map([
        [INVOICE_ID, 'INV-1'],
        [OTHER_INVOICE_ID, 'INV-2'],
      ]),
    },
  );

  it('reads an application of credit with positive amounts on both sides: on the credit note the credit it took and where it went', () => {
    expect(paymentOnInvoice(application, CREDIT_NOTE_ID)).toEqual({
      amount: '3.00',
      ownCredit: true,
      received: null,
      creditFrom: [],
      alsoTo: [
        { invoiceId: INVOICE_ID, amount: '2.50' },
        { invoiceId: OTHER_INVOICE_ID, amount: '0.50' },
      ],
      unapplied: '0',
    });
    expect(paymentOnInvoice(application, INVOICE_ID)).toEqual({
      amount: '2.50',
      ownCredit: false,
      received: null,
      creditFrom: [{ invoiceId: CREDIT_NOTE_ID, amount: '3.00' }],
      alsoTo: [{ invoiceId: OTHER_INVOICE_ID, amount: '0.50' }],
      unapplied: '0',
    });
  });

  it('reads a payment of the net and an overpayment: the money received, the credit drawn, the rest left as credit', () => {
    const net: Payment = {
      ...payment(10, '2026-12-07', [
        { invoiceId: SECOND_NOTE_ID, amount: '-40.00' },
        { invoiceId: INVOICE_ID, amount: '100.00' },
      ]),
      amount: '60.00',
    };
    expect(paymentOnInvoice(net, INVOICE_ID)).toMatchObject({ amount: '100.00', ownCredit: false, received: '60.00', creditFrom: [{ invoiceId: SECOND_NOTE_ID, amount: '40.00' }], alsoTo: [] });
    expect(paymentOnInvoice(net, SECOND_NOTE_ID)).toMatchObject({ amount: '40.00', ownCredit: true, received: '60.00', alsoTo: [{ invoiceId: INVOICE_ID, amount: '100.00' }] });
    const over: Payment = { ...payment(11, '2026-12-07', [{ invoiceId: INVOICE_ID, amount: '10.00' }]), amount: '25.00' };
    expect(paymentOnInvoice(over, INVOICE_ID)).toEqual({ amount: '10.00', ownCredit: false, received: '25.00', creditFrom: [], alsoTo: [], unapplied: '15.00' });
  });
});

describe('settlementOf', () => {
  it("gives an invoice's paid and balance due, and a credit note's credit applied and credit left as positive amounts of credit", () => {
    expect(settlementOf('10.00', '4.00')).toEqual({ paidLabel: 'Paid', paid: '4.00', leftLabel: 'Balance due', left: '6.00' });
    expect(settlementOf('-3.45', '-3.00')).toEqual({ paidLabel: 'Credit applied', paid: '3.00', leftLabel: 'Credit left', left: '0.45' });
    expect(settlementOf('-6.16', '-6.16')).toEqual({ paidLabel: 'Credit applied', paid: '6.16', leftLabel: 'Credit left', left: '0.00' });
  });
});

describe('voidReleases', () => {
  const pay = (n: number, amount: string, allocations: Payment['allocations']) => ({ ...payment(n, '2026-11-20', allocations), amount });

  it('tells apart what voiding takes off as money received (the customer\'s credit) and as credit applied from credit notes (back to them)', () => {
    const payments = [
      // $40.00 received for this invoice.
      pay(1, '40.00', [{ invoiceId: INVOICE_ID, amount: '40.00' }]),
      // Credit note A's $26.14 applied to it (a payment of 0), and the net of credit note B and money.
      pay(2, '0.00', [{ invoiceId: 'cn-a', amount: '-26.14' }, { invoiceId: INVOICE_ID, amount: '26.14' }]),
      pay(3, '5.00', [{ invoiceId: 'cn-b', amount: '-10.00' }, { invoiceId: INVOICE_ID, amount: '15.00' }]),
      // Another invoice's payment: untouched.
      pay(4, '9.00', [{ invoiceId: OTHER_INVOICE_ID, amount: '9.00' }]),
    ];
    expect(voidReleases(INVOICE_ID, payments)).toEqual({
      released: '81.14',
      toCredit: '45.00',
      creditBack: [
        { invoiceId: 'cn-a', amount: '26.14' },
        { invoiceId: 'cn-b', amount: '10.00' },
      ],
    });
    // Paid by credit alone: no money received, nothing becomes the customer's credit.
    expect(voidReleases(INVOICE_ID, [payments[1]!])).toEqual({ released: '26.14', toCredit: '0.00', creditBack: [{ invoiceId: 'cn-a', amount: '26.14' }] });
    expect(voidReleases(INVOICE_ID, [payments[3]!])).toEqual({ released: '0', toCredit: '0', creditBack: [] });
  });
});

describe('settlementRows', () => {
  const shown = (rows: ReturnType<typeof settlementRows>) => rows.map((r) => `${r.label}: ${r.amount ?? r.words}${r.strong ? ' (strong)' : ''}`);

  it('shows nothing under the Total of an invoice nothing was put against, and Paid and Balance due once something was', () => {
    expect(settlementRows('10.00', '0.00', { voided: false })).toEqual([]);
    expect(shown(settlementRows('10.00', '4.00', { voided: false }))).toEqual(['Paid: 4.00', 'Balance due: 6.00 (strong)']);
    // A payment listed on it (the PDF's payments), though it left nothing paid.
    expect(shown(settlementRows('10.00', '0.00', { voided: false, payments: 1 }))).toEqual(['Paid: 0.00', 'Balance due: 10.00 (strong)']);
    expect(shown(settlementRows('-3.45', '-3.00', { voided: false }))).toEqual(['Credit applied: 3.00', 'Credit left: 0.45 (strong)']);
  });

  it('ends a void invoice with "Void — not owed", never a balance due, even with nothing paid (voiding took its payments off)', () => {
    expect(shown(settlementRows('10.00', '0.00', { voided: true }))).toEqual(['Balance: Void — not owed']);
    expect(shown(settlementRows('10.00', '4.00', { voided: true }))).toEqual(['Paid: 4.00', 'Balance: Void — not owed']);
  });
});

describe('releasedByVoid', () => {
  const payment = (amount: string, allocations: { invoiceId: string; amount: string }[]) => ({ amount, currency: 'USD', allocations });

  it('takes what a payment put against the voided invoice off it, as credit on the payment', () => {
    expect(releasedByVoid(payment('150.00', [{ invoiceId: 'a', amount: '100.00' }, { invoiceId: 'b', amount: '50.00' }]), 'a')).toEqual({
      allocations: [{ invoiceId: 'b', amount: '50.00' }],
      released: '100.00',
      creditBack: [],
      toCredit: '100.00',
      empty: false,
    });
    expect(releasedByVoid(payment('150.00', [{ invoiceId: 'b', amount: '50.00' }]), 'a')).toBeNull();
  });

  it('gives credit taken from credit notes back, the last first, as far as the invoices left no longer take it', () => {
    // $40 received, $60 from credit note c and $30 from d, over a ($100) and b ($30): a voided, b keeps
    // $30 of c's credit, d and c get $30 each back, and the $40 received is credit.
    const released = releasedByVoid(
      payment('40.00', [{ invoiceId: 'c', amount: '-60.00' }, { invoiceId: 'a', amount: '100.00' }, { invoiceId: 'd', amount: '-30.00' }, { invoiceId: 'b', amount: '30.00' }]),
      'a',
    );
    expect(released).toEqual({
      allocations: [
        { invoiceId: 'c', amount: '-30.00' },
        { invoiceId: 'b', amount: '30.00' },
      ],
      released: '100.00',
      creditBack: [
        { invoiceId: 'c', amount: '30.00' },
        { invoiceId: 'd', amount: '30.00' },
      ],
      toCredit: '40.00',
      empty: false,
    });
  });

  it('leaves an application of credit to the voided invoice alone with nothing: empty, to delete', () => {
    expect(releasedByVoid(payment('0.00', [{ invoiceId: 'c', amount: '-20.00' }, { invoiceId: 'a', amount: '20.00' }]), 'a')).toEqual({
      allocations: [],
      released: '20.00',
      creditBack: [{ invoiceId: 'c', amount: '20.00' }],
      toCredit: '0.00',
      empty: true,
    });
  });
});

describe('paymentDeletionEffect', () => {
  const money = (amount: string) => formatMoney(amount, 'USD');
  const CREDIT_NOTE_ID = testUuid(6, 'c');
  const VOID_ID = testUuid(7, 'c');
  const GONE_ID = testUuid(8, 'c');
  const invoices = new Map([
    [INVOICE_ID, { status: 'issued' as const, number: 'INV-2' }],
    [OTHER_INVOICE_ID, { status: 'issued' as const, number: null }],
    [CREDIT_NOTE_ID, { status: 'issued' as const, number: 'INV-6' }],
    [VOID_ID, { status: 'void' as const, number: 'INV-3' }],
  ]);

  it("says an application of a credit note's credit gives the credit back and the invoice owes it again, every amount positive", () => {
    const application = payment(1, '2026-12-07', [
      { invoiceId: CREDIT_NOTE_ID, amount: '-43.86' },
      { invoiceId: INVOICE_ID, amount: '43.86' },
    ]);
    expect(paymentDeletionEffect(application, invoices, money)).toBe("$43.86 of credit note INV-6's credit goes back to it; $43.86 is owed on INV-2 again.");
  });

  it('names each invoice a payment paid and what it owes again, and the credit it still holds', () => {
    const split = {
      ...payment(2, '2026-12-07', [
        { invoiceId: INVOICE_ID, amount: '4.00' },
        { invoiceId: OTHER_INVOICE_ID, amount: '3.00' },
      ]),
      amount: '25.00',
    };
    expect(paymentDeletionEffect(split, invoices, money)).toBe("$4.00 is owed on INV-2 again and $3.00 is owed on invoice pending again; the $18.00 of the customer's credit it still holds goes with it.");
  });

  it('says a payment of the net of a credit note gives its credit back, and what comes off a void invoice or one not on this device', () => {
    const net = {
      ...payment(3, '2026-12-07', [
        { invoiceId: CREDIT_NOTE_ID, amount: '-40.00' },
        { invoiceId: INVOICE_ID, amount: '100.00' },
      ]),
      amount: '60.00',
    };
    expect(paymentDeletionEffect(net, invoices, money)).toBe("$40.00 of credit note INV-6's credit goes back to it; $100.00 is owed on INV-2 again.");
    const old = {
      ...payment(4, '2026-12-07', [
        { invoiceId: VOID_ID, amount: '44.69' },
        { invoiceId: GONE_ID, amount: '5' },
      ]),
      amount: '49.69',
    };
    expect(paymentDeletionEffect(old, invoices, money)).toBe(
      'The $44.69 it still holds on void invoice INV-3 comes off it (a void invoice is owed nothing); the $5.00 it put against an invoice not on this device comes off it.',
    );
  });

  it('says a payment put against no invoice is all credit, which goes with it', () => {
    expect(paymentDeletionEffect({ ...payment(5, '2026-12-07', []), amount: '25.14' }, invoices, money)).toBe(
      "The $25.14 it received is the customer's credit, applied to no invoice yet: that credit goes with it.",
    );
  });
});

describe('outstandingLines', () => {
  const money = (amount: string) => formatMoney(amount, 'USD');
  const lines = (invoices: Parameters<typeof outstandingByCurrency>[0], payments: Parameters<typeof outstandingByCurrency>[1] = []) =>
    outstandingByCurrency(invoices, payments).map((o) => outstandingLines(o, money));
  const open = (n: number, total: string, paid = '0.00') => testInvoice({ id: testUuid(n, 'c'), number: `INV-${n}`, status: 'issued', total, paid });

  it('says what is owed on open invoices alone, and the credit alone, each figure once', () => {
    expect(lines([open(1, '10.00', '5.00'), open(2, '10.00', '3.00')])).toEqual([['Owed: $12.00 on 2 issued invoices']]);
    const advance = { ...payment(1, '2026-12-07', []), amount: '25.14' };
    // Not "Credit: $25.14 ($25.14 unapplied on 1 payment)".
    expect(lines([], [advance])).toEqual([['Credit: $25.14 unapplied on 1 payment']]);
    expect(lines([open(3, '-3.45')])).toEqual([['Credit: $3.45 left on 1 credit note']]);
    expect(lines([open(3, '-18.76')], [advance])).toEqual([['Credit: $43.90 ($25.14 unapplied on 1 payment and $18.76 left on 1 credit note)']]);
  });

  it('with an open invoice and credit says both plainly, then what is left once the credit is applied', () => {
    const credit = { ...payment(2, '2026-12-07', []), amount: '43.90' };
    // 43.86 open, 43.90 of credit: not "Credit: $0.04" with the open invoice in brackets.
    expect(lines([open(2, '43.86')], [credit])).toEqual([['Owed: $43.86 on 1 issued invoice', 'Credit: $43.90 unapplied on 1 payment', 'Once the credit is applied: nothing owed, $0.04 of credit left']]);
    // 20.00 − 3.45
    expect(lines([open(1, '10.00'), open(2, '10.00'), open(3, '-3.45')])).toEqual([
      ['Owed: $20.00 on 2 issued invoices', 'Credit: $3.45 left on 1 credit note', 'Once the credit is applied: $16.55 owed'],
    ]);
    expect(lines([open(2, '43.90')], [credit])).toEqual([['Owed: $43.90 on 1 issued invoice', 'Credit: $43.90 unapplied on 1 payment', 'Once the credit is applied: nothing owed']]);
  });
});

describe('voidInvoicePaidNote', () => {
  const money = (amount: string) => formatMoney(amount, 'USD');

  it('says where what was paid went when voiding took it off, and that how much is not recorded', () => {
    expect(voidInvoicePaidNote('0.00', 'Atlas Link', money)).toBe(
      "Nothing is paid against it: voiding took off whatever had been paid. Money received became Atlas Link's credit, left on its payment to apply to other invoices " +
        "(see Payments on the customer's page); credit applied from a credit note went back to that credit note. How much came off is not recorded on the invoice.",
    );
  });

  it('says a payment still on an invoice voided before voiding took payments off counts nowhere, and how to count it', () => {
    expect(voidInvoicePaidNote('44.69', 'Atlas Link', money)).toBe(
      "$44.69 paid against it stays on it (it was voided before voiding took payments off) and counts nowhere: not in what Atlas Link owes, nor as its credit. " +
        'To count it, delete the payment under Payments below and record it again, against the invoice replacing it or as credit.',
    );
  });
});
