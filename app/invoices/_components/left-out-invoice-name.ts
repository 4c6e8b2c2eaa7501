/**
 * How the billing run names an invoice that leaves its customer out (it bills days of the run's
 * period already): by its number. A draft has none, and a customer may have more than one: it is
 * named by its date, as the late-calls note names a draft ("draft of Dec 1, 2026"), and by the days
 * it bills, as Generate Invoice's overlap warning names an overlapping invoice, so the clerk can
 * tell which draft it is before opening it.
 */
import type { Invoice } from '@/lib/entities';
import type { CoveredRange, OverlappingInvoice } from '@/lib/invoice-periods';
import { formatDay, periodParts } from '../../_components/locale';

/**
 * How Generate Invoice's overlap warning names an invoice, before the days of it that overlap: by
 * its number; a draft, which has none, by its date ("Draft of Dec 6, 2026"), so two drafts of a
 * customer read apart.
 */
export function overlapInvoiceName(invoice: Pick<Invoice, 'number' | 'status' | 'invoiceDate'>): string {
  if (invoice.number !== null) return invoice.number;
  return invoice.status === 'draft' ? `Draft of ${formatDay(invoice.invoiceDate)}` : 'Issued, number pending';
}

export function leftOutInvoiceName({ invoice, days }: OverlappingInvoice<Pick<Invoice, 'number' | 'status' | 'invoiceDate'>>): string {
  if (invoice.number !== null) return invoice.number;
  if (invoice.status !== 'draft') return 'issued, number pending';
  return `draft of ${formatDay(invoice.invoiceDate)} for ${coveredDaysText(days)}`;
}

/**
 * The days of an invoice that overlap a period, as the overlap warning and the billing run name
 * them: its period's ("Nov 1 – Nov 30, 2026"), and days its items are dated beyond it, or without
 * one, said to be so ("items dated Oct 1 – Oct 31, 2026 and Dec 1 – Dec 31, 2026"): each range
 * as it is, never one span over days it does not bill.
 */
export function coveredDaysText(days: readonly CoveredRange[]): string {
  const shown = (range: CoveredRange) => periodParts(range.start, range.end).join(' ');
  const period = days.filter((range) => range.from === 'period').map(shown);
  const items = days.filter((range) => range.from === 'lines').map(shown);
  return [...period, ...(items.length > 0 ? [`items dated ${items.join(' and ')}`] : [])].join(' and ');
}
