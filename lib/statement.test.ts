import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './dates';
import type { Invoice, Payment } from './entities';
import { addDecimals, compareDecimals, subtractDecimals } from './money';
import { outstandingByCurrency } from './payments';
import { buildStatement, closingBalanceNote, monthPeriod, STATEMENT_BASIS, statementClosingDay, statementCurrencies } from './statement';
import { CUSTOMER_ID, OTHER_CUSTOMER_ID, testInvoice, testUuid } from './test-fixtures';

function invoice(n: number, overrides: Partial<Invoice>): Invoice {
  return testInvoice({ id: testUuid(n, 'e'), number: `INV-${n}`, status: 'issued', ...overrides });
}

function payment(n: number, overrides: Partial<Payment>): Payment {
  return { id: testUuid(n, 'f'), customerId: CUSTOMER_ID, date: '2026-11-01', amount: '0.00', currency: 'USD', method: 'Bank transfer', reference: `WIRE-${n}`, allocations: [], ...overrides };
}

const rows = (s: ReturnType<typeof buildStatement>) => s.entries.map((e) => `${e.date} ${e.description} | ${e.dueDate ?? '-'} | ${e.debit ?? ''} | ${e.credit ?? ''} | ${e.balance}`);

describe('buildStatement', () => {
  // October: INV-10 120.00 (paid 100.00 in October, 20.00 in November) and INV-11 80.00, unpaid.
  // November: INV-12 200.00, credit note INV-13 −30.00 whose credit is applied to INV-12, WIRE-3 150.00 on INV-12.
  const invoices = [
    invoice(10, { invoiceDate: '2026-10-05', dueDate: '2026-10-20', total: '120.00', paid: '120.00' }),
    invoice(11, { invoiceDate: '2026-10-28', dueDate: '2026-11-27', total: '80.00', paid: '0.00' }),
    invoice(12, { invoiceDate: '2026-11-03', dueDate: '2026-11-18', total: '200.00', paid: '180.00' }),
    invoice(13, { invoiceDate: '2026-11-10', dueDate: '2026-11-10', total: '-30.00', paid: '-30.00' }),
    invoice(14, { status: 'draft', number: null, invoiceDate: '2026-11-15', total: '999.00' }),
    invoice(15, { status: 'void', invoiceDate: '2026-11-16', total: '55.00' }),
    invoice(16, { invoiceDate: '2026-12-01', dueDate: '2026-12-31', total: '10.00' }),
  ];
  const payments = [
    payment(1, { date: '2026-10-25', amount: '100.00', allocations: [{ invoiceId: testUuid(10, 'e'), amount: '100.00' }] }),
    payment(2, { date: '2026-11-20', amount: '20.00', reference: '', method: 'Cheque', allocations: [{ invoiceId: testUuid(10, 'e'), amount: '20.00' }] }),
    payment(3, { date: '2026-11-03', amount: '150.00', allocations: [{ invoiceId: testUuid(12, 'e'), amount: '150.00' }] }),
    // Apply credit: INV-13's 30.00 to INV-12, received nothing.
    payment(4, {
      date: '2026-11-12',
      method: 'Credit note INV-13',
      reference: 'Applied to INV-12',
      allocations: [
        { invoiceId: testUuid(13, 'e'), amount: '-30.00' },
        { invoiceId: testUuid(12, 'e'), amount: '30.00' },
      ],
    }),
  ];

  it('opens with what was owed before the period, lists its invoices, credit notes and payments with the running balance, and closes', () => {
    const s = buildStatement({ customerId: CUSTOMER_ID, currency: 'USD', from: '2026-11-01', to: '2026-11-30', today: '2026-12-07', invoices, payments });
    // 120.00 + 80.00 − 100.00
    expect(s.opening).toBe('100.00');
    // The credit note's application is no row: the credit note lowered the balance when issued.
    // On Nov 3 the invoice comes before the payment of that day.
    expect(rows(s)).toEqual([
      '2026-11-03 Invoice INV-12 | 2026-11-18 | 200.00 |  | 300.00',
      '2026-11-03 Payment WIRE-3 (Bank transfer) | - |  | 150.00 | 150.00',
      '2026-11-10 Credit note INV-13 | - |  | 30.00 | 120.00',
      '2026-11-20 Payment (Cheque) | - |  | 20.00 | 100.00',
    ]);
    expect(s.debits).toBe('200.00');
    expect(s.credits).toBe('200.00');
    expect(s.closing).toBe('100.00');
    // At the end of November INV-12 (due Nov 18) is 20.00 short and INV-11 (due Nov 27) unpaid.
    expect(s.overdue).toBe('100.00');
    expect(s.overdueInvoices).toBe(2);
    expect(s.unnumbered).toBe(0);
  });

  it('counts the issued invoices it holds that have no number yet (issued on this device, not yet synced): the statement is provisional', () => {
    const pending = [
      ...invoices,
      // In the opening balance, in the period, and one dated after it: only the first two count.
      invoice(20, { number: null, invoiceDate: '2026-10-30', dueDate: '2026-11-14', total: '5.00' }),
      invoice(21, { number: null, invoiceDate: '2026-11-21', dueDate: '2026-12-06', total: '7.00' }),
      invoice(22, { number: null, invoiceDate: '2026-12-02', dueDate: '2026-12-17', total: '9.00' }),
    ];
    const s = buildStatement({ customerId: CUSTOMER_ID, currency: 'USD', from: '2026-11-01', to: '2026-11-30', today: '2026-12-07', invoices: pending, payments });
    expect(s.unnumbered).toBe(2);
    expect(rows(s)).toContain('2026-11-21 Invoice pending | 2026-12-06 | 7.00 |  | 112.00');
  });

  it('counts overdue by the payments and credit applied by the end of the period, not those after', () => {
    const s = buildStatement({ customerId: CUSTOMER_ID, currency: 'USD', from: '2026-10-01', to: '2026-10-31', today: '2026-12-07', invoices, payments });
    expect(s.opening).toBe('0');
    expect(rows(s)).toEqual([
      '2026-10-05 Invoice INV-10 | 2026-10-20 | 120.00 |  | 120.00',
      '2026-10-25 Payment WIRE-1 (Bank transfer) | - |  | 100.00 | 20.00',
      '2026-10-28 Invoice INV-11 | 2026-11-27 | 80.00 |  | 100.00',
    ]);
    // INV-10 was 20.00 short on Oct 31 (paid in full on Nov 20); INV-11 was not due yet.
    expect(s.overdue).toBe('20.00');
    expect(s.overdueInvoices).toBe(1);
  });

  it('closes at today when the period ends after today: nothing after today is known, and nobody is late on a day that has not come', () => {
    // Made on Nov 20 for all of November: it is of Nov 1 to Nov 20. INV-12 (due Nov 18) is 20.00
    // short that day; INV-11 is due Nov 27, not yet.
    const s = buildStatement({ customerId: CUSTOMER_ID, currency: 'USD', from: '2026-11-01', to: '2026-11-30', today: '2026-11-20', invoices, payments });
    expect([s.from, s.to]).toEqual(['2026-11-01', '2026-11-20']);
    expect(s.closing).toBe('100.00');
    expect(s.overdue).toBe('20.00');
    expect(s.overdueInvoices).toBe(1);
    // The period's end when it has passed.
    expect(buildStatement({ customerId: CUSTOMER_ID, currency: 'USD', from: '2026-11-01', to: '2026-11-30', today: '2026-12-07', invoices, payments }).to).toBe('2026-11-30');
  });

  it('leaves a record dated after today off a statement made today, for those made on or after its day', () => {
    // INV-16 is dated Dec 1: on Nov 20 this statement of Nov 1 to Dec 31 closes before it.
    const made = (today: string) => buildStatement({ customerId: CUSTOMER_ID, currency: 'USD', from: '2026-11-01', to: '2026-12-31', today, invoices, payments });
    expect([made('2026-11-20').to, made('2026-11-20').closing, made('2026-11-20').entries.map((e) => e.description)]).toEqual([
      '2026-11-20',
      '100.00',
      ['Invoice INV-12', 'Payment WIRE-3 (Bank transfer)', 'Credit note INV-13', 'Payment (Cheque)'],
    ]);
    expect([made('2026-12-01').to, made('2026-12-01').closing, made('2026-12-01').entries.at(-1)?.reference]).toEqual(['2026-12-01', '110.00', 'INV-16']);
  });

  it('is of no period that starts after today', () => {
    expect(statementClosingDay('2026-12-08', '2026-12-31', '2026-12-07')).toBeUndefined();
    expect(statementClosingDay('2026-12-07', '2026-12-31', '2026-12-07')).toBe('2026-12-07');
    expect(statementClosingDay('2026-12-01', '2026-12-05', '2026-12-07')).toBe('2026-12-05');
    expect(() => buildStatement({ customerId: CUSTOMER_ID, currency: 'USD', from: '2027-01-01', to: '2027-01-31', today: '2026-12-07', invoices, payments })).toThrow(RangeError);
  });

  it("does not call an invoice due later this month overdue on this month's statement", () => {
    // Invoiced Dec 7, due Dec 21; $20.00 received and $6.16 of credit applied the same day.
    const inv = invoice(40, { invoiceDate: '2026-12-07', dueDate: '2026-12-21', total: '46.70', paid: '26.16' });
    const note = invoice(41, { invoiceDate: '2026-12-07', total: '-6.16', paid: '-6.16' });
    const pays = [
      payment(9, { date: '2026-12-07', amount: '20.00', allocations: [{ invoiceId: inv.id, amount: '20.00' }] }),
      payment(10, {
        date: '2026-12-07',
        method: 'Credit note INV-41',
        reference: 'Applied to INV-40',
        allocations: [
          { invoiceId: note.id, amount: '-6.16' },
          { invoiceId: inv.id, amount: '6.16' },
        ],
      }),
    ];
    const december = { customerId: CUSTOMER_ID, currency: 'USD', from: '2026-12-01', to: '2026-12-31', invoices: [inv, note], payments: pays };
    const onDec7 = buildStatement({ ...december, today: '2026-12-07' });
    expect(onDec7.closing).toBe('20.54');
    expect([onDec7.to, onDec7.overdue, onDec7.overdueInvoices]).toEqual(['2026-12-07', '0', 0]);
    const onDec22 = buildStatement({ ...december, today: '2026-12-22' });
    expect([onDec22.to, onDec22.overdue, onDec22.overdueInvoices]).toEqual(['2026-12-22', '20.54', 1]);
  });

  it("leaves out drafts, void invoices, other customers' and other currencies' records, and what a payment put against a void invoice", () => {
    const voided = invoice(20, { status: 'void', invoiceDate: '2026-11-02', total: '50.00', paid: '50.00' });
    const open = invoice(21, { invoiceDate: '2026-11-02', total: '70.00', paid: '70.00' });
    const all = [
      voided,
      open,
      invoice(22, { customerId: OTHER_CUSTOMER_ID, invoiceDate: '2026-11-02', total: '5.00' }),
      invoice(23, { currency: 'EUR', invoiceDate: '2026-11-02', total: '6.00' }),
      invoice(24, { status: 'draft', number: null, invoiceDate: '2026-11-02', total: '7.00' }),
    ];
    const pays = [
      payment(5, {
        date: '2026-11-04',
        // Stored as typed: the description reads it as money all the same.
        amount: '120',
        allocations: [
          { invoiceId: voided.id, amount: '50' },
          { invoiceId: open.id, amount: '70.00' },
        ],
      }),
      payment(6, { date: '2026-11-05', amount: '9.00', currency: 'EUR' }),
    ];
    const s = buildStatement({ customerId: CUSTOMER_ID, currency: 'USD', from: '2026-11-01', to: '2026-11-30', today: '2026-12-07', invoices: all, payments: pays });
    expect(rows(s)).toEqual([
      '2026-11-02 Invoice INV-21 | 2026-05-01 | 70.00 |  | 70.00',
      '2026-11-04 Payment WIRE-5 (Bank transfer): $120.00 received, $50.00 of it on void invoice INV-20, not counted | - |  | 70 | 0.00',
    ]);
    // As the customer's page: nothing owed in USD, no credit (the 50.00 stays on the void invoice).
    expect(outstandingByCurrency(all.filter((i) => i.customerId === CUSTOMER_ID), pays).map((o) => o.currency)).toEqual(['EUR']);
    expect(statementCurrencies(all, pays)).toEqual(['EUR', 'USD']);
  });

  it('lists a payment made in advance and a payment of the net of a credit note at the money received', () => {
    const inv = invoice(30, { invoiceDate: '2026-11-01', dueDate: '2026-12-01', total: '100.00', paid: '100.00' });
    const note = invoice(31, { invoiceDate: '2026-11-01', total: '-40.00', paid: '-40.00' });
    const pays = [
      payment(7, {
        date: '2026-11-02',
        amount: '60.00',
        allocations: [
          { invoiceId: note.id, amount: '-40.00' },
          { invoiceId: inv.id, amount: '100.00' },
        ],
      }),
      payment(8, { date: '2026-11-03', amount: '25.00' }),
    ];
    const s = buildStatement({ customerId: CUSTOMER_ID, currency: 'USD', from: '2026-11-01', to: '2026-11-30', today: '2026-12-07', invoices: [inv, note], payments: pays });
    expect(rows(s)).toEqual([
      '2026-11-01 Invoice INV-30 | 2026-12-01 | 100.00 |  | 100.00',
      '2026-11-01 Credit note INV-31 | - |  | 40.00 | 60.00',
      '2026-11-02 Payment WIRE-7 (Bank transfer) | - |  | 60.00 | 0.00',
      '2026-11-03 Payment WIRE-8 (Bank transfer) | - |  | 25.00 | -25.00',
    ]);
    expect(s.closing).toBe('-25.00');
    expect(s.overdue).toBe('0');
  });
});

describe('closingBalanceNote and STATEMENT_BASIS', () => {
  it('says a closing balance below zero is credit the customer holds, and says nothing of one at zero or more', () => {
    expect(closingBalanceNote({ closing: '-15.31' })).toBe('A balance below zero is credit the customer holds.');
    expect(closingBalanceNote({ closing: '0.00' })).toBeUndefined();
    expect(closingBalanceNote({ closing: '-0.00' })).toBeUndefined();
    expect(closingBalanceNote({ closing: '90.00' })).toBeUndefined();
  });

  it('says how void invoices count in words true of invoices voided now (what was paid comes off as credit) and of older ones still holding a payment', () => {
    // Not "it stays there": voiding takes a payment off the invoice now (lib/payments releasedByVoid).
    expect(STATEMENT_BASIS).not.toMatch(/stays there/);
    expect(STATEMENT_BASIS).toBe(
      'Issued invoices and credit notes at their totals, and payments at the amount received, by date; drafts and void invoices are left out. ' +
        "Voiding an invoice takes what was paid against it off it, so money received counts here in full, as the customer's credit; " +
        "only an amount a payment still holds on an invoice voided earlier is not counted, and that payment's row says how much. " +
        "Applying a credit note's credit to invoices changes no balance: the credit note counted when it was issued.",
    );
  });
});

describe('monthPeriod', () => {
  it('gives the first and last days of the month, across years and leap Februaries', () => {
    expect(monthPeriod('2026-01-15', -1)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(monthPeriod('2028-03-31', -1)).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthPeriod('2026-12-01', 0)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(monthPeriod('2026-12-01', 1)).toEqual({ from: '2027-01-01', to: '2027-01-31' });
  });
});

/**
 * Random customer histories made as the mutators make them: each invoice's `paid` is the sum of its
 * allocations, a payment puts at most what it received (plus credit it draws from credit notes)
 * against invoices, credit notes give at most their credit.
 */
const cents = fc.integer({ min: 1, max: 100_000 }).map((n) => (n / 100).toFixed(2));
const day = fc.integer({ min: 0, max: 90 }).map((n) => new Date(Date.UTC(2026, 9, 1 + n)).toISOString().slice(0, 10));
const history = fc
  .record({
    invoices: fc.array(
      fc.record({ total: cents, credit: fc.boolean(), date: day, due: fc.integer({ min: 0, max: 45 }), status: fc.constantFrom('issued', 'issued', 'issued', 'draft', 'void') }),
      { maxLength: 12 },
    ),
    payments: fc.array(
      fc.record({ date: day, amount: fc.integer({ min: 0, max: 200_000 }), shares: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 100 })), { maxLength: 3 }), useCredit: fc.boolean() }),
      { maxLength: 10 },
    ),
    period: fc.tuple(day, day),
  })
  .map(({ invoices: drafts, payments: plans, period }) => {
    const invoices: Invoice[] = drafts.map((d, n) =>
      invoice(n + 1, {
        status: d.status as Invoice['status'],
        number: d.status === 'draft' ? null : `INV-${n + 1}`,
        invoiceDate: d.date,
        dueDate: new Date(Date.parse(`${d.date}T00:00:00Z`) + d.due * 86_400_000).toISOString().slice(0, 10),
        total: d.credit ? `-${d.total}` : d.total,
        paid: '0.00',
      }),
    );
    const payments: Payment[] = plans.map((plan, n) => {
      const allocations: Payment['allocations'] = [];
      // Credit drawn from a credit note with credit left, then the money and that credit over invoices with a balance.
      let budget = Math.floor(plan.amount / 100);
      const note = plan.useCredit ? invoices.find((i) => i.status === 'issued' && compareDecimals(i.total, i.paid) < 0) : undefined;
      if (note) {
        const left = Math.round(Number(subtractDecimals(note.paid, note.total)) * 100);
        const take = Math.min(left, 5_000);
        note.paid = subtractDecimals(note.paid, (take / 100).toFixed(2));
        allocations.push({ invoiceId: note.id, amount: `-${(take / 100).toFixed(2)}` });
        budget += take;
      }
      for (const [pick, percent] of plan.shares) {
        const targets = invoices.filter((i) => i.status !== 'draft' && compareDecimals(i.total, i.paid) > 0);
        const target = targets[pick % Math.max(1, targets.length)];
        if (!target || budget === 0) break;
        const left = Math.round(Number(subtractDecimals(target.total, target.paid)) * 100);
        const take = Math.min(left, budget, Math.max(1, Math.floor((budget * percent) / 100)));
        target.paid = addDecimals(target.paid, (take / 100).toFixed(2));
        allocations.push({ invoiceId: target.id, amount: (take / 100).toFixed(2) });
        budget -= take;
      }
      // The money received: at least what the allocations take (the credit drawn covers the rest).
      const allocated = addDecimals('0', ...allocations.map((a) => a.amount));
      const amount = compareDecimals(allocated, (plan.amount / 100).toFixed(2)) > 0 ? allocated : (plan.amount / 100).toFixed(2);
      return payment(n + 1, { date: plan.date, amount: compareDecimals(amount, '0') < 0 ? '0.00' : amount, allocations });
    });
    const [a, b] = period;
    return { invoices, payments, from: a < b ? a : b, to: a < b ? b : a };
  })
  // A credit note drawn on more than received: not a history the mutators allow (a payment never puts more than it received against invoices net).
  .filter(({ payments }) => payments.every((p) => compareDecimals(addDecimals('0', ...p.allocations.map((a) => a.amount)), p.amount) <= 0));

describe('buildStatement, on any history', () => {
  it('closes at opening + debits − credits, each row the balance before it plus its debit less its credit', () => {
    fc.assert(
      fc.property(history, ({ invoices, payments, from, to }) => {
        const s = buildStatement({ customerId: CUSTOMER_ID, currency: 'USD', from, to, today: '2026-12-31', invoices, payments });
        expect(compareDecimals(s.closing, subtractDecimals(addDecimals(s.opening, s.debits), s.credits))).toBe(0);
        let balance = s.opening;
        for (const e of s.entries) {
          balance = subtractDecimals(addDecimals(balance, e.debit ?? '0'), e.credit ?? '0');
          expect(compareDecimals(e.balance, balance)).toBe(0);
          expect(e.date >= from && e.date <= to).toBe(true);
        }
        // The next period opens where this one closed.
        const next = buildStatement({ customerId: CUSTOMER_ID, currency: 'USD', from: addDays(to, 1), to: '2099-12-31', today: '2099-12-31', invoices, payments });
        expect(compareDecimals(next.opening, s.closing)).toBe(0);
      }),
    );
  });

  it("closes, on a day after every record, at what the customer's page shows as owed in that currency", () => {
    fc.assert(
      fc.property(history, ({ invoices, payments, from }) => {
        const s = buildStatement({ customerId: CUSTOMER_ID, currency: 'USD', from, to: '2026-12-31', today: '2026-12-31', invoices, payments });
        const owed = outstandingByCurrency(invoices, payments).find((o) => o.currency === 'USD')?.amount ?? '0';
        expect(compareDecimals(s.closing, owed)).toBe(0);
      }),
    );
  });
});
