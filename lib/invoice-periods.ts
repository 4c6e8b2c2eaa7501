/**
 * The days an invoice bills, for the checks that keep a period from being billed twice (Generate
 * Invoice's overlap warning, the billing run's left-out customers) and the customer page's usage
 * summary. An invoice bills its own period, when it has one, and the days of its items that bill
 * days: an invoice made by hand often has no period of its own, only dated items (Add Invoice Item
 * dates a package's charge with the package's period), and one with a period may carry an item
 * for other days (a package's charge for the next month, added before the period was set). An
 * invoice with neither is not guessed at.
 */
import { addDays } from './dates';
import type { Invoice, InvoiceLine, Period } from './entities';

/** A line's dates and kind, all the coverage needs of it. */
export type LineDates = Pick<InvoiceLine, 'startDate' | 'endDate' | 'kind'>;

/**
 * The kinds of line that bill days: calls, a package's charge for its period, and the credits and
 * top-ups that follow them. A plain item (a port-in fee, a goodwill credit) or a setup fee is dated
 * the day it is charged, but bills no period's calls or packages: an invoice of them alone leaves
 * the month to be billed.
 */
const PERIOD_KINDS: ReadonlySet<InvoiceLine['kind']> = new Set(['usage', 'package', 'free-minutes', 'minimum-spend']);

/** Whether a line's dates are days its invoice bills (see PERIOD_KINDS): the lines callers need to supply. */
export function billsDays(line: Pick<InvoiceLine, 'kind'>): boolean {
  return PERIOD_KINDS.has(line.kind);
}

/** Days an invoice bills, one stretch of them, and where they come from. */
export interface CoveredRange extends Period {
  /** 'period': the invoice's own period; 'lines': days its items are dated beyond it (or all of them, without one). */
  from: 'period' | 'lines';
}

/**
 * The days an invoice bills, by first day, no two overlapping: its own period when it has one (both
 * ends), and the days its lines that bill days (PERIOD_KINDS) are dated outside it (a line dated
 * at one end only counts as that day), those merged where they overlap or touch. So items dated
 * October and December bill those months, not November; a December item on a November invoice
 * adds December. An invoice with neither gives none.
 */
export function coveredDays(invoice: Pick<Invoice, 'periodStart' | 'periodEnd'>, lines: readonly LineDates[]): CoveredRange[] {
  const own: Period | null = withoutOwnPeriod(invoice) ? null : { start: invoice.periodStart!, end: invoice.periodEnd! };
  const dated: Period[] = [];
  for (const line of lines) {
    if (!billsDays(line)) continue;
    const first = line.startDate ?? line.endDate;
    const last = line.endDate ?? line.startDate;
    if (first === null || last === null) continue;
    // Dates the wrong way round (the editor refuses them; another client might not): the days between.
    dated.push(first <= last ? { start: first, end: last } : { start: last, end: first });
  }
  const ranges: CoveredRange[] = [];
  for (const days of mergedDays(dated)) {
    if (own === null) ranges.push({ ...days, from: 'lines' });
    else {
      // Only the days beyond the period add to it: before it, and after it.
      if (days.start < own.start) ranges.push({ start: days.start, end: days.end < own.start ? days.end : addDays(own.start, -1), from: 'lines' });
      if (days.end > own.end) ranges.push({ start: days.start > own.end ? days.start : addDays(own.end, 1), end: days.end, from: 'lines' });
    }
  }
  if (own !== null) ranges.push({ ...own, from: 'period' });
  return ranges.sort((a, b) => a.start.localeCompare(b.start));
}

/** Periods by first day, those that overlap or touch (one ends the day before the next starts) made one. */
function mergedDays(periods: readonly Period[]): Period[] {
  const merged: Period[] = [];
  for (const period of [...periods].sort((a, b) => a.start.localeCompare(b.start))) {
    const last = merged.at(-1);
    if (last !== undefined && period.start <= addDays(last.end, 1)) {
      if (period.end > last.end) last.end = period.end;
    } else merged.push({ start: period.start, end: period.end });
  }
  return merged;
}

/** The ranges (of `coveredDays`) that share a day with `period`. */
export function rangesOverlapping<R extends Period>(ranges: readonly R[], period: Period): R[] {
  return ranges.filter((range) => range.start <= period.end && range.end >= period.start);
}

/** Whether the ranges (of `coveredDays`, by first day) hold every day of `period`. */
export function coversEveryDay(ranges: readonly Period[], period: Period): boolean {
  let next = period.start;
  for (const range of ranges) {
    if (range.start > next) break;
    if (range.end >= next) next = addDays(range.end, 1);
    if (next > period.end) return true;
  }
  return false;
}

/** An invoice that bills days of a period, with the ranges of its days that do. */
export interface OverlappingInvoice<I> {
  invoice: I;
  /** Its covered days (see `coveredDays`) that share a day with the period, by first day: one or more. */
  days: CoveredRange[];
}

/**
 * The invoices (void ones aside) whose covered days (see `coveredDays`) overlap `period`, by the
 * first day of those that do, then their last day, then invoice date. `linesOf` gives an invoice's
 * lines (their dates; only those that bill days matter, see `billsDays`), asked once of each
 * invoice not void: give it a lookup (`linesByInvoice`), not a search of all lines.
 */
export function overlappingInvoices<I extends Pick<Invoice, 'status' | 'periodStart' | 'periodEnd' | 'invoiceDate'>>(
  invoices: readonly I[],
  linesOf: (invoice: I) => readonly LineDates[],
  period: Period,
): OverlappingInvoice<I>[] {
  const found: OverlappingInvoice<I>[] = [];
  for (const invoice of invoices) {
    if (invoice.status === 'void') continue;
    const days = rangesOverlapping(coveredDays(invoice, linesOf(invoice)), period);
    if (days.length > 0) found.push({ invoice, days });
  }
  return found.sort(
    (a, b) =>
      a.days[0]!.start.localeCompare(b.days[0]!.start) ||
      a.days.at(-1)!.end.localeCompare(b.days.at(-1)!.end) ||
      a.invoice.invoiceDate.localeCompare(b.invoice.invoiceDate),
  );
}

/** Lines grouped by invoice once, looked up by invoice: `overlappingInvoices`'s `linesOf` in one pass over the lines. */
export function linesByInvoice<L extends Pick<InvoiceLine, 'invoiceId'>>(lines: readonly L[]): (invoice: Pick<Invoice, 'id'>) => readonly L[] {
  const grouped = new Map<string, L[]>();
  for (const line of lines) {
    const group = grouped.get(line.invoiceId);
    if (group) group.push(line);
    else grouped.set(line.invoiceId, [line]);
  }
  return (invoice) => grouped.get(invoice.id) ?? [];
}

/** Whether an invoice has no period of its own (or half of one), so that its lines' dates alone tell what it bills. */
export function withoutOwnPeriod(invoice: Pick<Invoice, 'periodStart' | 'periodEnd'>): boolean {
  return invoice.periodStart === null || invoice.periodEnd === null;
}
