/**
 * A customer's statement of account for a period, in one currency: what it owed when the period
 * began (the opening balance), every issued invoice, credit note and payment dated in the period
 * with the balance after each, what it owes at the end (the closing balance) and how much of that
 * was overdue then. Carriers send one to each wholesale customer every month.
 *
 * A statement is made on a day (`today`, the account's) and knows nothing after it: a period not
 * over yet ends at today. This month's statement made on Dec 7 is of Dec 1 to Dec 7 and closes at
 * what is owed on Dec 7, not at a Dec 31 still to come (see `statementClosingDay`).
 *
 * The balance is the one the customer's page shows (lib/payments outstandingByCurrency): issued
 * invoices and credit notes at their totals, less the money received. So:
 *
 * - A credit note lowers the balance on its own date, by its whole total. Applying its credit to
 *   invoices later (Apply credit: a payment of 0 moving credit from the credit note to invoices)
 *   changes no balance, so it is no row of the statement; nor is any other payment that receives
 *   nothing (amount 0) and puts nothing against a void invoice.
 * - A payment lowers it by the amount received, on its date, whatever it was put against.
 * - Drafts are not owed yet and void invoices no longer are: neither is listed, nor counted in the
 *   opening balance. Voiding an invoice takes what was paid against it off it (lib/payments
 *   releasedByVoid): the money received is the customer's credit, on its payment, and counts here
 *   in full. Invoices voided before voiding did that may still hold amounts of payments: such an
 *   amount is not counted, as the customer page does not count it (until the payment is deleted
 *   there and recorded again, say against the invoice replacing it): the payment is listed at the
 *   amount it received, its credit the part not put against void invoices, and its description says
 *   how much went to which void invoice. A statement is worked out from the records as they are
 *   now: one made for a past month after an invoice of it was voided no longer lists that invoice.
 *
 * Every amount is an exact decimal (lib/money); nothing is rounded, and amounts are never added
 * across currencies.
 */
import { addDays, daysInMonth, minDay } from './dates';
import type { Invoice, Payment } from './entities';
import { compareInvoiceNumbers, invoiceNumberLabel, isCreditNote } from './invoice-status';
import { addDecimals, compareDecimals, formatMoney, isZeroDecimal, negateDecimal, subtractDecimals } from './money';
import { comparePayments } from './payments';

export type StatementInvoice = Pick<Invoice, 'id' | 'customerId' | 'number' | 'status' | 'invoiceDate' | 'dueDate' | 'currency' | 'total' | 'paid'>;
export type StatementPayment = Pick<Payment, 'id' | 'customerId' | 'date' | 'amount' | 'currency' | 'method' | 'reference' | 'allocations'>;

export interface StatementEntry {
  kind: 'invoice' | 'credit-note' | 'payment';
  /** The invoice's or the payment's id. */
  id: string;
  date: string;
  /** The invoice's number ("pending" until the server numbers it), or the payment's reference ('' for none). */
  reference: string;
  /** "Invoice INV-12", "Credit note INV-13", "Payment WIRE-7 (Bank transfer)". */
  description: string;
  /** An invoice's due date; null for a credit note and a payment. */
  dueDate: string | null;
  /** What the entry adds to the balance (an invoice's total), or null. */
  debit: string | null;
  /** What it takes off (a credit note's total as a positive amount, a payment's amount less what it put against void invoices), or null. */
  credit: string | null;
  /** The balance after this entry. */
  balance: string;
}

export interface Statement {
  currency: string;
  from: string;
  /** The last day it covers, the day it closes at and counts overdue at: the period's end, or today when the period ends after today (`statementClosingDay`). */
  to: string;
  /** What the customer owed before `from`: below zero when it held credit. */
  opening: string;
  entries: StatementEntry[];
  /** The sums of the entries' debits and credits. */
  debits: string;
  credits: string;
  /** `opening` + `debits` − `credits`: what the customer owed at the end of `to`. */
  closing: string;
  /**
   * The balances, as of `to`, of the invoices due before `to` and not paid in full by then
   * (payments and credit applied dated after it not counted), and how many. Nobody is late on a day
   * that has not come: an invoice due before the period's end but after today is not overdue yet.
   */
  overdue: string;
  overdueInvoices: number;
  /**
   * Issued invoices and credit notes it counts (in the opening balance or as entries) that have no
   * number yet: issued on this device and not yet numbered by the server. While there are any, the
   * statement is provisional: it names them "pending", and the sync that numbers them may bring
   * other devices' changes too.
   */
  unnumbered: number;
}

/** A day's first and last days, `offset` months from the month of `day` (−1: last month). */
export function monthPeriod(day: string, offset: number): { from: string; to: string } {
  const months = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 + offset;
  const year = Math.floor(months / 12);
  const month = months - year * 12 + 1;
  const yyyy = String(year).padStart(4, '0');
  const mm = String(month).padStart(2, '0');
  return { from: `${yyyy}-${mm}-01`, to: `${yyyy}-${mm}-${String(daysInMonth(year, month)).padStart(2, '0')}` };
}

/**
 * The last day a statement of `from`..`to` made on `today` covers: `to` once the period is over,
 * else today. Nothing after today is known (usage not invoiced yet, money not received yet), so a
 * statement of a month not over closes at what is owed today, as the customer's page does, and
 * says so: "Closing balance Dec 7, 2026", not Dec 31. A record dated after today (an invoice dated
 * ahead) is on the statements made on or after its day. Undefined when the period starts after
 * today: there is nothing to state yet.
 */
export function statementClosingDay(from: string, to: string, today: string): string | undefined {
  return from > today ? undefined : minDay(to, today);
}

/**
 * The currencies a customer's statement can be in: those of its issued invoices and credit notes
 * and of its payments, sorted by code. Usually one, the customer's.
 */
export function statementCurrencies(invoices: readonly Pick<Invoice, 'status' | 'currency'>[], payments: readonly Pick<Payment, 'currency'>[]): string[] {
  const codes = new Set<string>();
  for (const invoice of invoices) if (invoice.status === 'issued') codes.add(invoice.currency);
  for (const payment of payments) codes.add(payment.currency);
  return [...codes].sort();
}

/** What a payment put against invoices that are not issued (void, or not on this device), per invoice: not part of the balance. */
function notOnAccount(payment: StatementPayment, issued: ReadonlyMap<string, StatementInvoice>, known: ReadonlyMap<string, StatementInvoice>) {
  return payment.allocations
    .filter((a) => !issued.has(a.invoiceId) && !isZeroDecimal(a.amount))
    .map((a) => ({ amount: a.amount, invoice: known.get(a.invoiceId) }));
}

/** "Payment WIRE-7 (Bank transfer)": its reference and method, those it has. */
function paymentDescription(payment: StatementPayment): string {
  const reference = payment.reference.trim();
  const method = payment.method.trim();
  return ['Payment', reference, method && `(${method})`].filter(Boolean).join(' ');
}

/**
 * The statement of `customerId`'s account in `currency` for `from`..`to` (calendar days, both
 * included), from its invoices and payments (others' are ignored), made on `today` (the account's
 * day): it ends at `statementClosingDay`, today for a period not over yet. See the module's comment
 * for what is counted. Entries are in date order; on one day invoices and credit notes come first,
 * in their numbers' order, then payments in the order they were entered. Throws a RangeError for a
 * period that starts after today.
 */
export function buildStatement(args: {
  customerId: string;
  currency: string;
  from: string;
  to: string;
  today: string;
  invoices: readonly StatementInvoice[];
  payments: readonly StatementPayment[];
}): Statement {
  const { customerId, currency, from } = args;
  const to = statementClosingDay(from, args.to, args.today);
  if (to === undefined) throw new RangeError(`A statement cannot be made of a period that starts after today: from ${from}, today ${args.today}`);
  const known = new Map(args.invoices.filter((i) => i.customerId === customerId).map((i) => [i.id, i]));
  const issued = new Map([...known].filter(([, i]) => i.status === 'issued'));
  const invoices = [...issued.values()].filter((i) => i.currency === currency);
  const payments = args.payments.filter((p) => p.customerId === customerId && p.currency === currency);

  let opening = '0';
  type Dated = { date: string; order: number; entry: Omit<StatementEntry, 'balance'> };
  const dated: Dated[] = [];

  for (const invoice of invoices) {
    const creditNote = isCreditNote(invoice);
    if (invoice.invoiceDate < from) {
      opening = addDecimals(opening, invoice.total);
      continue;
    }
    if (invoice.invoiceDate > to) continue;
    const number = invoiceNumberLabel(invoice);
    dated.push({
      date: invoice.invoiceDate,
      order: 0,
      entry: {
        kind: creditNote ? 'credit-note' : 'invoice',
        id: invoice.id,
        date: invoice.invoiceDate,
        reference: number,
        description: `${creditNote ? 'Credit note' : 'Invoice'} ${number}`,
        dueDate: creditNote ? null : invoice.dueDate,
        debit: creditNote ? null : invoice.total,
        credit: creditNote ? negateDecimal(invoice.total) : null,
      },
    });
  }

  for (const payment of payments) {
    const elsewhere = notOnAccount(payment, issued, known);
    const credit = subtractDecimals(payment.amount, addDecimals('0', ...elsewhere.map((e) => e.amount)));
    if (payment.date < from) {
      opening = subtractDecimals(opening, credit);
      continue;
    }
    if (payment.date > to) continue;
    // Received nothing and changed no balance: an application of credit, already counted when the credit note was issued.
    if (isZeroDecimal(payment.amount) && isZeroDecimal(credit)) continue;
    // Amounts in the description read as the statement's columns do ("€5.00"), not as typed ("5").
    const money = (amount: string) => formatMoney(amount, payment.currency);
    const onVoid = elsewhere.map((e) => `${money(e.amount)} of it on ${e.invoice ? `${e.invoice.status} ${isCreditNote(e.invoice) ? 'credit note' : 'invoice'} ${invoiceNumberLabel(e.invoice)}` : 'an invoice not on this device'}`);
    dated.push({
      date: payment.date,
      order: 1,
      entry: {
        kind: 'payment',
        id: payment.id,
        date: payment.date,
        reference: payment.reference.trim(),
        description: onVoid.length === 0 ? paymentDescription(payment) : `${paymentDescription(payment)}: ${money(payment.amount)} received, ${onVoid.join(', ')}, not counted`,
        dueDate: null,
        debit: null,
        credit,
      },
    });
  }

  const paymentsById = new Map(payments.map((p) => [p.id, p]));
  dated.sort((a, b) => {
    if (a.date !== b.date) return a.date < b.date ? -1 : 1;
    if (a.order !== b.order) return a.order - b.order;
    if (a.order === 0) return compareInvoiceNumbers(issued.get(a.entry.id)!.number, issued.get(b.entry.id)!.number) || (a.entry.id < b.entry.id ? -1 : 1);
    return comparePayments(paymentsById.get(a.entry.id)!, paymentsById.get(b.entry.id)!);
  });

  let balance = opening;
  let debits = '0';
  let credits = '0';
  const entries = dated.map(({ entry }) => {
    if (entry.debit !== null) {
      debits = addDecimals(debits, entry.debit);
      balance = addDecimals(balance, entry.debit);
    }
    if (entry.credit !== null) {
      credits = addDecimals(credits, entry.credit);
      balance = subtractDecimals(balance, entry.credit);
    }
    return { ...entry, balance };
  });

  // Overdue at the end of `to`: what was still to pay then, by the payments and credit applied by then.
  const paidBy = new Map<string, string>();
  for (const payment of payments) {
    if (payment.date > to) continue;
    for (const a of payment.allocations) paidBy.set(a.invoiceId, addDecimals(paidBy.get(a.invoiceId) ?? '0', a.amount));
  }
  let overdue = '0';
  let overdueInvoices = 0;
  for (const invoice of invoices) {
    if (compareDecimals(invoice.total, '0') <= 0 || invoice.invoiceDate > to || invoice.dueDate >= to) continue;
    const left = subtractDecimals(invoice.total, paidBy.get(invoice.id) ?? '0');
    if (compareDecimals(left, '0') <= 0) continue;
    overdue = addDecimals(overdue, left);
    overdueInvoices++;
  }

  const unnumbered = invoices.filter((invoice) => invoice.number === null && invoice.invoiceDate <= to).length;

  return { currency, from, to, opening, entries, debits, credits, closing: balance, overdue, overdueInvoices, unnumbered };
}

/**
 * How a statement is worked out, in a sentence or three, said under it on the screen: what counts
 * and what does not. True of invoices voided now (what was paid comes off them, as credit) and of
 * those voided before that, which may still hold part of a payment (not counted).
 */
export const STATEMENT_BASIS =
  'Issued invoices and credit notes at their totals, and payments at the amount received, by date; drafts and void invoices are left out. ' +
  "Voiding an invoice takes what was paid against it off it, so money received counts here in full, as the customer's credit; " +
  "only an amount a payment still holds on an invoice voided earlier is not counted, and that payment's row says how much. " +
  "Applying a credit note's credit to invoices changes no balance: the credit note counted when it was issued.";

/**
 * What a closing balance below zero means, said under it on the screen and printed under the
 * balances of the PDF the customer receives, where "-$15.31" alone reads like a debt or a mistake.
 * Undefined when the closing balance is zero or more.
 */
export function closingBalanceNote(statement: Pick<Statement, 'closing'>): string | undefined {
  return compareDecimals(statement.closing, '0') < 0 ? 'A balance below zero is credit the customer holds.' : undefined;
}

/** The day before `day`: the date an opening balance is "as of". */
export function dayBefore(day: string): string {
  return addDays(day, -1);
}
