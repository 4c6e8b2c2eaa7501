/**
 * Issued invoices whose billing period holds days that usage was just added to. An issued invoice
 * is final: usage added to its period afterwards (late calls) is billed by a late-calls invoice
 * from that invoice's page, and an import that added it cannot be undone while the invoice stands.
 */
import type { Invoice } from './entities';

export interface IssuedPeriodDays<I> {
  invoice: I;
  /** The days given for its customer that its period holds, in order. */
  days: string[];
}

/**
 * The customer's issued invoices (not drafts, not void) with a billing period holding some of the
 * days in `daysByCustomer` (billing days, YYYY-MM-DD, by customer id), in the order of the customers
 * given, then by period start.
 */
export function issuedInvoicesOverDays<I extends Pick<Invoice, 'customerId' | 'status' | 'periodStart' | 'periodEnd'>>(
  invoices: readonly I[],
  daysByCustomer: ReadonlyMap<string, Iterable<string>>,
): IssuedPeriodDays<I>[] {
  const found: IssuedPeriodDays<I>[] = [];
  for (const [customerId, given] of daysByCustomer) {
    const days = [...new Set(given)].sort();
    const hits: IssuedPeriodDays<I>[] = [];
    for (const invoice of invoices) {
      if (invoice.customerId !== customerId || invoice.status !== 'issued') continue;
      const { periodStart: start, periodEnd: end } = invoice;
      if (start === null || end === null) continue;
      const covered = days.filter((day) => day >= start && day <= end);
      if (covered.length > 0) hits.push({ invoice, days: covered });
    }
    hits.sort((a, b) => (a.invoice.periodStart! < b.invoice.periodStart! ? -1 : a.invoice.periodStart! > b.invoice.periodStart! ? 1 : 0));
    found.push(...hits);
  }
  return found;
}
