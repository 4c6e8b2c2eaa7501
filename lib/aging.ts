/**
 * Receivables aging: what each customer owes, in each currency, by how long it is past its due
 * date, as of a day (today in My Account's timezone). An issued invoice's balance (lib/payments
 * invoiceBalance: total less paid, credit applied included) goes to the bucket of the days since its
 * due date; the customer's credit (credit left on credit notes, payments not put against invoices)
 * is shown beside it and netted in `net`, as the customer's page nets it (outstandingByCurrency).
 * Amounts are never added across currencies.
 */
import { toEpochDay } from './dates';
import type { Invoice, Payment } from './entities';
import { addDecimals, compareDecimals, subtractDecimals } from './money';
import { outstandingByCurrency } from './payments';

/** The buckets, by days past due: not yet due (or due today), 1–30, 31–60, 61–90, over 90. */
export const AGING_BUCKETS = ['Current', '1–30 days', '31–60 days', '61–90 days', 'Over 90 days'] as const;
const BUCKET_ENDS = [0, 30, 60, 90];

/** The bucket (an index into AGING_BUCKETS) of an invoice due on `dueDate`, on `today`. */
export function agingBucket(dueDate: string, today: string): number {
  const overdue = toEpochDay(today) - toEpochDay(dueDate);
  const bucket = BUCKET_ENDS.findIndex((end) => overdue <= end);
  return bucket === -1 ? BUCKET_ENDS.length : bucket;
}

export interface AgingRow {
  customerId: string;
  currency: string;
  /** The open invoices' balances in each bucket of AGING_BUCKETS. */
  buckets: string[];
  /** The sum of the buckets: what the open invoices still ask for. */
  owed: string;
  /** The customer's credit not yet applied (credit notes, payments beyond their allocations), positive. */
  credit: string;
  /** `owed` less `credit`: what the customer owes, below zero when the credit is more. */
  net: string;
  /** The open invoices, and the due date of the one longest unpaid (null with none). */
  invoices: number;
  oldestDue: string | null;
}

type AgingInvoice = Pick<Invoice, 'customerId' | 'status' | 'currency' | 'total' | 'paid' | 'dueDate'>;
type AgingPayment = Pick<Payment, 'customerId' | 'currency' | 'amount' | 'allocations'>;

/**
 * One row per customer and currency with something owed or some credit, on `today`; by currency,
 * then the largest net first (ties by customer id, so the order is the same on every device).
 */
export function receivablesAging(invoices: readonly AgingInvoice[], payments: readonly AgingPayment[], today: string): AgingRow[] {
  const rows = new Map<string, AgingRow>();
  const rowOf = (customerId: string, currency: string) => {
    const key = `${customerId}|${currency}`;
    let row = rows.get(key);
    if (!row) {
      row = { customerId, currency, buckets: AGING_BUCKETS.map(() => '0'), owed: '0', credit: '0', net: '0', invoices: 0, oldestDue: null };
      rows.set(key, row);
    }
    return row;
  };
  const byCustomer = new Map<string, { invoices: AgingInvoice[]; payments: AgingPayment[] }>();
  const groupOf = (customerId: string) => {
    let group = byCustomer.get(customerId);
    if (!group) byCustomer.set(customerId, (group = { invoices: [], payments: [] }));
    return group;
  };
  for (const invoice of invoices) groupOf(invoice.customerId).invoices.push(invoice);
  for (const payment of payments) groupOf(payment.customerId).payments.push(payment);

  for (const [customerId, group] of byCustomer) {
    // The customer page's own sums: owed on open invoices, credit on credit notes and payments.
    for (const outstanding of outstandingByCurrency(group.invoices, group.payments)) {
      const row = rowOf(customerId, outstanding.currency);
      row.owed = outstanding.owed;
      row.credit = addDecimals(outstanding.credit, outstanding.unapplied);
      row.net = outstanding.amount;
      row.invoices = outstanding.invoices;
    }
    for (const invoice of group.invoices) {
      if (invoice.status !== 'issued') continue;
      const balance = subtractDecimals(invoice.total, invoice.paid);
      if (compareDecimals(balance, '0') <= 0) continue;
      const row = rowOf(customerId, invoice.currency);
      const bucket = agingBucket(invoice.dueDate, today);
      row.buckets[bucket] = addDecimals(row.buckets[bucket]!, balance);
      if (row.oldestDue === null || invoice.dueDate < row.oldestDue) row.oldestDue = invoice.dueDate;
    }
  }
  return [...rows.values()].sort(
    (a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0) || compareDecimals(b.net, a.net) || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
  );
}

/** The rows' sums per currency (by code), in the same shape, customerId ''. */
export function agingTotals(rows: readonly AgingRow[]): AgingRow[] {
  const totals = new Map<string, AgingRow>();
  for (const row of rows) {
    const total = totals.get(row.currency);
    if (!total) {
      totals.set(row.currency, { ...row, customerId: '', buckets: [...row.buckets] });
      continue;
    }
    total.buckets = total.buckets.map((amount, i) => addDecimals(amount, row.buckets[i]!));
    total.owed = addDecimals(total.owed, row.owed);
    total.credit = addDecimals(total.credit, row.credit);
    total.net = addDecimals(total.net, row.net);
    total.invoices += row.invoices;
    if (row.oldestDue !== null && (total.oldestDue === null || row.oldestDue < total.oldestDue)) total.oldestDue = row.oldestDue;
  }
  return [...totals.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}
