/**
 * How the billing run and Generate Invoice name the invoices of a period. What bills it already is
 * an issued invoice (lib/invoice-periods `periodInvoices`), named by its number; a draft bills
 * nothing until it is issued, so it is never named as billing: a draft of the period is named by
 * the days it bills ("Draft of Nov 1 – Nov 30, 2026"), in a notice of its own.
 */
import type { Invoice, Period } from '@/lib/entities';
import type { CoveredRange, OverlappingInvoice } from '@/lib/invoice-periods';
import { upperFirst } from '@/lib/text';
import { formatAmount, formatDay, periodParts } from '../../_components/locale';

type Named = Pick<Invoice, 'id' | 'number' | 'invoiceDate' | 'total' | 'currency'>;

/**
 * How the billing run names an issued invoice that leaves its customer out (it bills days of the
 * run's period already): by its number, or, issued offline, as waiting for it.
 */
export function leftOutInvoiceName(invoice: Pick<Invoice, 'number'>): string {
  return invoice.number ?? 'issued, number pending';
}

/** How Generate Invoice's overlap warning names an issued invoice, before the days of it that overlap: as the billing run does, starting a list item. */
export function overlapInvoiceName(invoice: Pick<Invoice, 'number'>): string {
  return upperFirst(leftOutInvoiceName(invoice));
}

/**
 * How Generate Invoice's draft notice and the billing run name a draft of the period, by the days it bills ("Draft
 * of Nov 1 – Nov 30, 2026"), which is what the clerk chose the period by; when another of `drafts`
 * bills the same days, by its date too, and its total when even that is shared ("Draft of Nov 1 –
 * Nov 30, 2026, dated Dec 1, 2026, for $12.40").
 */
export function draftOfDaysName({ invoice, days }: OverlappingInvoice<Named>, drafts: readonly OverlappingInvoice<Named>[]): string {
  const text = coveredDaysText(days);
  const alike = drafts.filter((other) => other.invoice.id !== invoice.id && coveredDaysText(other.days) === text);
  if (alike.length === 0) return `Draft of ${text}`;
  const sameDate = alike.some((other) => other.invoice.invoiceDate === invoice.invoiceDate);
  return `Draft of ${text}, dated ${formatDay(invoice.invoiceDate)}${sameDate ? `, for ${formatAmount(invoice.total, invoice.currency)}` : ''}`;
}

/**
 * Which days of `period` drafts are of, as the notices that name them say it: "this period" when
 * each is of exactly it (its own period, no item dated beyond), else "days of this period".
 */
export function draftsOfWhichDays(drafts: readonly Pick<OverlappingInvoice<unknown>, 'days'>[], period: Period): string {
  const exactly = drafts.every(({ days }) => days.length === 1 && days[0]!.from === 'period' && days[0]!.start === period.start && days[0]!.end === period.end);
  return exactly ? 'this period' : 'days of this period';
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
