/**
 * The status a user sees for an invoice, derived (never stored) from its state, payments and due date.
 */
import type { Invoice } from './entities';
import { compareDecimals } from './money';

export type InvoiceDisplayStatus = 'draft' | 'pending' | 'issued' | 'partly paid' | 'paid' | 'overdue' | 'void';

export const INVOICE_DISPLAY_STATUSES: readonly InvoiceDisplayStatus[] = ['draft', 'pending', 'issued', 'partly paid', 'paid', 'overdue', 'void'];

/**
 * `today` is the viewer's calendar day (YYYY-MM-DD). An issued invoice still waiting for its
 * number from the server is "pending"; an unpaid balance after the due date is "overdue".
 */
export function invoiceDisplayStatus(
  invoice: Pick<Invoice, 'status' | 'number' | 'total' | 'paid' | 'dueDate'>,
  today: string,
): InvoiceDisplayStatus {
  if (invoice.status === 'draft' || invoice.status === 'void') return invoice.status;
  if (invoice.number === null) return 'pending';
  const paidInFull = compareDecimals(invoice.paid, invoice.total) >= 0;
  if (paidInFull) return 'paid';
  if (invoice.dueDate < today) return 'overdue';
  return compareDecimals(invoice.paid, '0') > 0 ? 'partly paid' : 'issued';
}
