/**
 * How the billing run names an invoice that leaves its customer out (it bills days of the run's
 * period already): by its number. A draft has none, and a customer may have more than one: it is
 * named by its date, as the late-calls note names a draft ("draft of Dec 1, 2026"), and by the days
 * it bills, as Generate Invoice's overlap warning names an overlapping invoice, so the clerk can
 * tell which draft it is before opening it.
 */
import { type NamedDraft, distinctionWords, draftDistinction } from '@/lib/draft-names';
import type { Invoice } from '@/lib/entities';
import type { CoveredRange, OverlappingInvoice } from '@/lib/invoice-periods';
import { formatAmount, formatDay, periodParts } from '../../_components/locale';
import { shownDraftFormat } from './draft-name';

type Named = Pick<Invoice, 'number'> & NamedDraft;

/**
 * A draft's name (lib/draft-names) before the days it bills: the period that tells it from a
 * draft of the same date is not said again when those days already say it.
 */
function draftBefore(draft: Named, days: readonly CoveredRange[], invoices: readonly NamedDraft[]): { name: string; told: boolean } {
  const distinction = draftDistinction(draft, invoices);
  const saidByDays = distinction.by === 'period' && days.some((range) => range.from === 'period' && range.start === distinction.start && range.end === distinction.end);
  const told = saidByDays ? '' : distinctionWords(distinction, shownDraftFormat);
  return { name: `draft of ${formatDay(draft.invoiceDate)}${told}`, told: told !== '' };
}

/**
 * How Generate Invoice's overlap warning names an invoice, before the days of it that overlap: by
 * its number; a draft, which has none, by its date ("Draft of Dec 6, 2026"), told from the
 * customer's other drafts of that date among `invoices` when there are any.
 */
export function overlapInvoiceName({ invoice, days }: OverlappingInvoice<Named>, invoices: readonly NamedDraft[]): string {
  if (invoice.number !== null) return invoice.number;
  if (invoice.status !== 'draft') return 'Issued, number pending';
  const { name } = draftBefore(invoice, days, invoices);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function leftOutInvoiceName({ invoice, days }: OverlappingInvoice<Named>, invoices: readonly NamedDraft[]): string {
  if (invoice.number !== null) return invoice.number;
  if (invoice.status !== 'draft') return 'issued, number pending';
  // "draft of Dec 1, 2026 for $12.40, billing Nov 1 – Nov 30, 2026": one "for" to a name.
  const { name, told } = draftBefore(invoice, days, invoices);
  return `${name}${told ? ', billing' : ' for'} ${coveredDaysText(days)}`;
}

/**
 * How Generate Invoice's draft notice names a draft of the period, by the days it bills ("Draft
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
