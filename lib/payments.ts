/**
 * Payments as people read them: in date order, per invoice, and what a customer still owes. The
 * mutators keep each invoice's `paid` (the sum of its allocations); this module only reads.
 */
import type { Invoice, Payment } from './entities';
import { addDecimals, compareDecimals, subtractDecimals } from './money';

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

/** What a customer owes in one currency: the sum of the balances of its open invoices. */
export interface Outstanding {
  currency: string;
  amount: string;
  /** How many invoices make up the amount. */
  invoices: number;
}

/**
 * The balance still to pay on issued invoices, per currency (sorted by code): total less paid of
 * every issued invoice (numbered or pending) with something left. Drafts are not owed yet, void
 * invoices no longer are, and a credit (a total below zero) is owed to the customer, not by it.
 */
export function outstandingByCurrency(invoices: readonly Pick<Invoice, 'status' | 'currency' | 'total' | 'paid'>[]): Outstanding[] {
  const byCurrency = new Map<string, Outstanding>();
  for (const invoice of invoices) {
    if (invoice.status !== 'issued') continue;
    const balance = subtractDecimals(invoice.total, invoice.paid);
    if (compareDecimals(balance, '0') <= 0) continue;
    const sum = byCurrency.get(invoice.currency) ?? { currency: invoice.currency, amount: '0', invoices: 0 };
    byCurrency.set(invoice.currency, { ...sum, amount: addDecimals(sum.amount, balance), invoices: sum.invoices + 1 });
  }
  return [...byCurrency.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}
