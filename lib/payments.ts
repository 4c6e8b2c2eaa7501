/**
 * Payments as people read them: in date order, per invoice, and what a customer still owes. The
 * mutators keep each invoice's `paid` (the sum of its allocations); this module only reads.
 */
import type { Invoice, Payment } from './entities';
import { addDecimals, compareDecimals, roundToCurrency, subtractDecimals } from './money';

/**
 * Payments by date, then in the order they were entered (ids are UUIDv7, minted at entry, so they
 * sort by creation): the order of a statement, whatever order they were typed in.
 */
export function comparePayments(a: Pick<Payment, 'date' | 'id'>, b: Pick<Payment, 'date' | 'id'>): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A payment as it touches one invoice: the amount it put against that invoice (`applied`). */
export interface InvoicePayment {
  payment: Payment;
  applied: string;
}

/** The payments with an allocation to `invoiceId`, in date order, each with the amount it applied there. */
export function paymentsOfInvoice(payments: readonly Payment[], invoiceId: string): InvoicePayment[] {
  return payments
    .flatMap((payment) => payment.allocations.filter((a) => a.invoiceId === invoiceId).map((a) => ({ payment, applied: a.amount })))
    .sort((x, y) => comparePayments(x.payment, y.payment));
}

/** What a customer owes in one currency: the balances of its open invoices less the credit left on its credit notes. */
export interface Outstanding {
  currency: string;
  /** What is owed net: `owed` less `credit` (below zero when the credit left is more). */
  amount: string;
  /** The balances still to pay on issued invoices, and how many invoices make it up. */
  owed: string;
  invoices: number;
  /** The credit left (not yet applied) on issued credit notes, as a positive amount, and how many credit notes hold it. */
  credit: string;
  creditNotes: number;
}

/**
 * What a customer owes, per currency (sorted by code): the balance (total less paid) of every
 * issued invoice (numbered or pending) with something left to pay, less the credit left on every
 * issued credit note (a total below zero, owed to the customer) not yet applied in full. Drafts
 * are not owed yet, void invoices no longer are.
 */
export function outstandingByCurrency(invoices: readonly Pick<Invoice, 'status' | 'currency' | 'total' | 'paid'>[]): Outstanding[] {
  const byCurrency = new Map<string, Outstanding>();
  for (const invoice of invoices) {
    if (invoice.status !== 'issued') continue;
    const balance = subtractDecimals(invoice.total, invoice.paid);
    const sign = compareDecimals(balance, '0');
    if (sign === 0) continue;
    const sum = byCurrency.get(invoice.currency) ?? { currency: invoice.currency, amount: '0', owed: '0', invoices: 0, credit: '0', creditNotes: 0 };
    const next =
      sign > 0
        ? { ...sum, owed: addDecimals(sum.owed, balance), invoices: sum.invoices + 1 }
        : { ...sum, credit: subtractDecimals(sum.credit, balance), creditNotes: sum.creditNotes + 1 };
    byCurrency.set(invoice.currency, { ...next, amount: subtractDecimals(next.owed, next.credit) });
  }
  return [...byCurrency.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}

/** The credit left on a credit note (an issued invoice whose total is below zero): what is not yet applied, as a positive amount; '0' for any other invoice. */
export function creditLeft(invoice: Pick<Invoice, 'status' | 'total' | 'paid'>): string {
  if (invoice.status !== 'issued' || compareDecimals(invoice.total, '0') >= 0) return '0';
  const left = subtractDecimals(invoice.paid, invoice.total);
  return compareDecimals(left, '0') > 0 ? left : '0';
}

/**
 * An application of a credit note's credit to invoices (Apply credit), as the payment recordPayment
 * takes: received nothing (amount 0), method "Credit note <number>", reference naming the invoices
 * it went to, allocations −X on the credit note and the (positive) amounts over the invoices, X
 * their exact sum. `numbers` labels each invoice id (its number, or "pending").
 */
export function creditApplication(
  creditNote: Pick<Invoice, 'id' | 'customerId' | 'currency' | 'number'>,
  args: { id: string; date: string; allocations: readonly { invoiceId: string; amount: string }[]; numbers: ReadonlyMap<string, string> },
): Payment {
  const applied = addDecimals('0', ...args.allocations.map((a) => a.amount));
  const names = args.allocations.map((a) => args.numbers.get(a.invoiceId) ?? 'pending');
  const listed = `Applied to ${names.join(', ')}`;
  return {
    id: args.id,
    customerId: creditNote.customerId,
    date: args.date,
    amount: roundToCurrency('0', creditNote.currency),
    method: `Credit note ${creditNote.number ?? 'pending'}`.slice(0, 50),
    // The reference holds at most 200 characters: many invoices are counted instead.
    reference: listed.length <= 200 ? listed : `Applied to ${names.length} invoices`,
    allocations: [
      { invoiceId: creditNote.id, amount: roundToCurrency(subtractDecimals('0', applied), creditNote.currency) },
      ...args.allocations.map((a) => ({ invoiceId: a.invoiceId, amount: a.amount })),
    ],
  };
}
