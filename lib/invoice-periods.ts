/**
 * The days an invoice bills, for the checks that keep a period from being billed twice (Generate
 * Invoice's overlap warning, the billing run's left-out customers). An invoice made by hand often
 * has no period of its own, only dated items (Add Invoice Item dates a package's charge with the
 * package's period): it bills the days of its items. An invoice with neither is not guessed at.
 */
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

/** The days an invoice bills, and where they come from: its own period, or the span of its items' dates. */
export interface CoveredPeriod extends Period {
  from: 'period' | 'lines';
}

/**
 * The invoice's own period when it has one (both ends); else the span of its lines that bill days
 * (PERIOD_KINDS), from the earliest start to the latest end (a line dated at one end only counts as
 * that day); else null.
 */
export function coveredPeriod(invoice: Pick<Invoice, 'periodStart' | 'periodEnd'>, lines: readonly LineDates[]): CoveredPeriod | null {
  if (!withoutOwnPeriod(invoice)) return { start: invoice.periodStart!, end: invoice.periodEnd!, from: 'period' };
  let start: string | null = null;
  let end: string | null = null;
  for (const line of lines) {
    if (!PERIOD_KINDS.has(line.kind)) continue;
    const first = line.startDate ?? line.endDate;
    const last = line.endDate ?? line.startDate;
    if (first === null || last === null) continue;
    if (start === null || first < start) start = first;
    if (end === null || last > end) end = last;
  }
  return start !== null && end !== null ? { start, end, from: 'lines' } : null;
}

/** An invoice that bills days of a period, with the days it bills. */
export interface OverlappingInvoice<I> {
  invoice: I;
  covered: CoveredPeriod;
}

/**
 * The invoices (void ones aside) whose covered days (see `coveredPeriod`) overlap `period`, by
 * their first day, then last day, then invoice date. `linesOf` gives an invoice's lines (their
 * dates): only asked of invoices without a period of their own.
 */
export function overlappingInvoices<I extends Pick<Invoice, 'status' | 'periodStart' | 'periodEnd' | 'invoiceDate'>>(
  invoices: readonly I[],
  linesOf: (invoice: I) => readonly LineDates[],
  period: Period,
): OverlappingInvoice<I>[] {
  const found: OverlappingInvoice<I>[] = [];
  for (const invoice of invoices) {
    if (invoice.status === 'void') continue;
    const covered = coveredPeriod(invoice, withoutOwnPeriod(invoice) ? linesOf(invoice) : []);
    if (covered !== null && covered.start <= period.end && covered.end >= period.start) found.push({ invoice, covered });
  }
  return found.sort(
    (a, b) =>
      a.covered.start.localeCompare(b.covered.start) || a.covered.end.localeCompare(b.covered.end) || a.invoice.invoiceDate.localeCompare(b.invoice.invoiceDate),
  );
}

/** Whether an invoice has no period of its own, so that its lines' dates tell what it bills. */
export function withoutOwnPeriod(invoice: Pick<Invoice, 'periodStart' | 'periodEnd'>): boolean {
  return invoice.periodStart === null || invoice.periodEnd === null;
}
