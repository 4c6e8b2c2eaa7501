/**
 * The status a user sees for an invoice, derived (never stored) from its state, payments and due date.
 */
import type { Invoice } from './entities';
import { compareDecimals } from './money';

export type InvoiceDisplayStatus = 'draft' | 'pending' | 'issued' | 'partly paid' | 'paid' | 'overdue' | 'credit' | 'applied' | 'void';

export const INVOICE_DISPLAY_STATUSES: readonly InvoiceDisplayStatus[] = ['draft', 'pending', 'issued', 'partly paid', 'paid', 'overdue', 'credit', 'applied', 'void'];

/**
 * What each status means, in the words the invoices list's status filter explains them with: the
 * rules of invoiceDisplayStatus (and, for "partly paid", of matchesStatusFilter) said plainly.
 */
export const INVOICE_STATUS_MEANINGS: Readonly<Record<InvoiceDisplayStatus, string>> = {
  draft: 'not issued yet: no number, still editable',
  pending: 'issued offline, number assigned on sync',
  issued: 'numbered, nothing paid yet, not past its due date',
  'partly paid': 'part of its total paid (the filter finds those overdue or pending too)',
  paid: 'paid in full, or a total of zero',
  overdue: 'past its due date with a balance left to pay',
  credit: 'a credit note with credit left',
  applied: 'a credit note whose credit is all used',
  void: 'voided: owed by no one',
};

/**
 * Whether an invoice is a credit note: its total is below zero, so it is owed to the customer (its
 * screen and PDF title it "Credit note"). A draft's total may be computed from its lines as they
 * are edited; pass those totals, which carry `total` too.
 */
export function isCreditNote(invoice: Pick<Invoice, 'total'>): boolean {
  return compareDecimals(invoice.total, '0') < 0;
}

/**
 * Whether an invoice shows a due date (its page, PDF and list): not a credit note, which is owed to
 * the customer, nor a void invoice, owed by no one. `totals`: the invoice's, or a draft's computed
 * from its lines as they are edited.
 */
export function showsDueDate(invoice: Pick<Invoice, 'status'>, totals: Pick<Invoice, 'total'>): boolean {
  return invoice.status !== 'void' && !isCreditNote(totals);
}

/**
 * `today` is the calendar day (YYYY-MM-DD) in the account's timezone (`todayIn`), not the
 * viewer's. An issued invoice still waiting for its number from the server is "pending"; an unpaid
 * balance after the due date is "overdue"; an invoice whose total is below zero (a credit note) is
 * owed to the customer, so it is "credit" while any of its credit is left to apply to invoices, and
 * "applied" once all of it is applied (its paid equals its total): nobody pays a credit note, its
 * credit is used up. An invoice of zero total owes nothing either way: "paid".
 */
export function invoiceDisplayStatus(
  invoice: Pick<Invoice, 'status' | 'number' | 'total' | 'paid' | 'dueDate'>,
  today: string,
): InvoiceDisplayStatus {
  if (invoice.status === 'draft' || invoice.status === 'void') return invoice.status;
  if (invoice.number === null) return 'pending';
  if (isCreditNote(invoice)) return compareDecimals(invoice.paid, invoice.total) <= 0 ? 'applied' : 'credit';
  const paidInFull = compareDecimals(invoice.paid, invoice.total) >= 0;
  if (paidInFull) return 'paid';
  if (invoice.dueDate < today) return 'overdue';
  return compareDecimals(invoice.paid, '0') > 0 ? 'partly paid' : 'issued';
}

/** What an invoice is, in words: "invoice", or "credit note" (see invoiceNoun). */
export type InvoiceNoun = 'invoice' | 'credit note';

/**
 * What the user calls an invoice: a "credit note" when its total is below zero, and a draft made by
 * Credit note… (which names the invoice it credits even before it gives anything back) is one from
 * the start; an "invoice" otherwise.
 */
export function invoiceNoun(invoice: Pick<Invoice, 'total' | 'creditsId'>): InvoiceNoun {
  return invoice.creditsId != null || isCreditNote(invoice) ? 'credit note' : 'invoice';
}

/**
 * The words a status badge says for `invoice` shown as `status`: a draft credit note (invoiceNoun)
 * is a "credit note draft", told from a draft invoice by more than its minus sign. Filtered, it is
 * still a "draft".
 */
export function invoiceStatusText(invoice: Pick<Invoice, 'total' | 'creditsId'>, status: InvoiceDisplayStatus): string {
  return status === 'draft' && invoiceNoun(invoice) === 'credit note' ? 'credit note draft' : status;
}

/** An issued invoice with part, not all, of its (positive) total paid, whatever its status shows. */
export function isPartlyPaid(invoice: Pick<Invoice, 'status' | 'total' | 'paid'>): boolean {
  return invoice.status === 'issued' && compareDecimals(invoice.paid, '0') > 0 && compareDecimals(invoice.paid, invoice.total) < 0;
}

/**
 * Whether the invoices list's status filter finds an invoice whose display status is `status`:
 * that status, and "partly paid" also finds a part-paid invoice that shows as overdue (or as
 * pending), the status its badge puts first.
 */
export function matchesStatusFilter(
  invoice: Pick<Invoice, 'status' | 'total' | 'paid'>,
  status: InvoiceDisplayStatus,
  filter: InvoiceDisplayStatus,
): boolean {
  return status === filter || (filter === 'partly paid' && isPartlyPaid(invoice));
}

/**
 * What stands in an invoice's number column: its number; "draft" for a draft (numbers are given
 * when an invoice is issued); "pending" for one issued offline, until the server numbers it.
 */
export function invoiceNumberLabel(invoice: Pick<Invoice, 'status' | 'number'>): string {
  return invoice.number ?? (invoice.status === 'draft' ? 'draft' : 'pending');
}

/** One collator for every comparison (the list sorts up to 100,000 numbers); fixed to one locale, so a number sorts alike on every device and on the server. */
const NUMBER_ORDER = new Intl.Collator('en', { numeric: true });

/**
 * Numbers compared in their series' order: "INV-9" before "INV-10" (digits compare as numbers, not
 * as text); no number yet (a draft, or pending until the server numbers it) after every number.
 * The invoices list sorts by it, and so do the lists of invoices and credit notes credit is applied
 * from or to.
 */
export function compareInvoiceNumbers(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return NUMBER_ORDER.compare(a, b);
}

