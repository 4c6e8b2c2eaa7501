/**
 * How the billing run names an invoice that leaves its customer out (it bills days of the run's
 * period already): by its number. A draft has none, and a customer may have more than one: it is
 * named by its date, as the late-calls note names a draft ("draft of Dec 1, 2026"), and by the days
 * it bills, as Generate Invoice's overlap warning names an overlapping invoice, so the clerk can
 * tell which draft it is before opening it.
 */
import type { Invoice } from '@/lib/entities';
import type { OverlappingInvoice } from '@/lib/invoice-periods';
import { formatDay, periodParts } from '../../_components/locale';

export function leftOutInvoiceName({ invoice, covered }: OverlappingInvoice<Pick<Invoice, 'number' | 'status' | 'invoiceDate'>>): string {
  if (invoice.number !== null) return invoice.number;
  if (invoice.status !== 'draft') return 'issued, number pending';
  // An invoice without a period of its own bills its items' dates: say so, as the overlap warning does.
  const days = periodParts(covered.start, covered.end).join(' ');
  return `draft of ${formatDay(invoice.invoiceDate)} for ${covered.from === 'lines' ? `items dated ${days}` : days}`;
}
