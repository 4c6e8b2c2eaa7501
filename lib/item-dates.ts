/**
 * The dates Add Invoice Item fills in for a new item, still editable. An item dated with the days
 * it bills tells the customer what it is for, and lets the checks against billing a period twice
 * see it (lib/invoice-periods) on an invoice made by hand, which often has no period of its own.
 */
import { currentPeriod } from './billing-run';
import { addDays, minDay } from './dates';
import type { Invoice, InvoiceLine, Package, Period } from './entities';
import type { PackageOf } from './invoice-periods';
import { billingOccurrences } from './packages';

/**
 * A package as what dates its charge: how often and on which days it bills, and the start days of
 * the customer's assignments of it (a package without match days bills on its assignment's start
 * day, lib/packages `billingOccurrences`), when known.
 */
export type ChargeDating = Pick<Package, 'frequency' | 'matchDays'> & { assignmentStarts?: readonly string[] };

/**
 * The period one charge of the package bills that holds `day`: the calendar month of a monthly
 * package, the ISO week (Monday to Sunday) of a weekly one, the day of a daily one (the billing
 * month, week and day of lib/billing-run `currentPeriod`, which Generate Invoice bills by), and the
 * day itself for one billed once ('none', billed on its day).
 */
export function packageChargePeriod(pkg: Pick<Package, 'frequency'>, day: string): Period {
  return pkg.frequency === 'none' ? { start: day, end: day } : currentPeriod(pkg.frequency, day);
}

/**
 * The dates of one charge of the package on an invoice for `period`: the package's charge period
 * (`packageChargePeriod`) holding the first day in `period` Generate Invoice would bill it on (its
 * match days, else its assignment's start day; neither known, the first day in it a charge period
 * starts: a Monday, the 1st). That is the charge Generate for the period bills first, dated as the
 * overlap checks count it (lib/invoice-periods `chargedIn`: for the periods holding that day): a
 * weekly support billed on Mondays on a Nov 1 – Nov 30 invoice is the week of Monday Nov 2, not the
 * month (one week's charge, as the item's quantity says). When Generate for the period would bill
 * none (a monthly DID billed on the 1st, on an invoice for Dec 7 – Dec 13), the charge period
 * holding its first day: December. A one-off package, the day Generate bills it (its assignment's
 * start) when the period holds it, else the period's first day.
 */
export function packageChargeDates(pkg: ChargeDating, period: Period): Period {
  return packageChargePeriod(pkg, firstBillingDay(pkg, period) ?? period.start);
}

/** The first day in `period` the package bills on (see `packageChargeDates`), if any. */
function firstBillingDay(pkg: ChargeDating, period: Period): string | undefined {
  if (period.start > period.end) return undefined;
  if (pkg.frequency === 'daily') return period.start;
  // The first charge of a weekly or monthly package lies in the period's first month: only its days
  // are looked at (a period being typed may span centuries).
  const window = pkg.frequency === 'none' ? period : { start: period.start, end: minDay(period.end, addDays(period.start, 31)) };
  const starts = pkg.frequency !== 'none' && pkg.matchDays.length > 0 ? [period.start] : (pkg.assignmentStarts ?? []);
  if (starts.length === 0) {
    if (pkg.frequency === 'none') return undefined;
    for (let day = window.start; day <= window.end; day = addDays(day, 1)) if (packageChargePeriod(pkg, day).start === day) return day;
    return undefined;
  }
  let first: string | undefined;
  for (const start of starts) {
    let day: string | undefined;
    try {
      day = billingOccurrences(pkg, start, window)[0];
    } catch {
      // Match days out of range (another client's): no billing day known from them.
    }
    if (day !== undefined && (first === undefined || day < first)) first = day;
  }
  return first;
}

/**
 * A new item's dates on the invoice. With its own period: for a package's charge, one charge's
 * dates (`packageChargeDates`: the package's own charge period, as Generate would bill it for the
 * period), for a plain item or a setup fee the period (the item is part of what it bills). Without
 * one: for a package's charge, the package's period around the invoice date (a monthly package:
 * that month), for a plain item or a setup fee the invoice date alone.
 */
export function newItemDates(invoice: Pick<Invoice, 'invoiceDate' | 'periodStart' | 'periodEnd'>, charged?: ChargeDating): Period {
  if (invoice.periodStart !== null && invoice.periodEnd !== null) {
    const period = { start: invoice.periodStart, end: invoice.periodEnd };
    return charged ? packageChargeDates(charged, period) : period;
  }
  return charged ? packageChargePeriod(charged, invoice.invoiceDate) : { start: invoice.invoiceDate, end: invoice.invoiceDate };
}

/** An item's dates as the dialog holds them. */
export interface ItemDates {
  startDate: string | null;
  endDate: string | null;
}

/**
 * An item's dates once another package (or none) is picked: dates still as filled in before
 * (`filled`), or empty, take the ones for the new pick (`now`); dates the clerk typed are kept.
 */
export function refilledDates(item: ItemDates, filled: Period | null, now: Period): ItemDates {
  const empty = item.startDate === null && item.endDate === null;
  const asFilled = filled !== null && item.startDate === filled.start && item.endDate === filled.end;
  return empty || asFilled ? { startDate: now.start, endDate: now.end } : { startDate: item.startDate, endDate: item.endDate };
}

/**
 * The invoice's own period when an item's dates (either of them) fall outside it, for the dialog's
 * note: on a November invoice an item dated December bills December too (lib/invoice-periods),
 * which the clerk may not mean. Null when they lie inside it, are empty, or the invoice has no period.
 */
export function periodOutside(item: ItemDates, invoice: Pick<Invoice, 'periodStart' | 'periodEnd'>): Period | null {
  if (invoice.periodStart === null || invoice.periodEnd === null) return null;
  const period = { start: invoice.periodStart, end: invoice.periodEnd };
  const outside = (day: string | null) => day !== null && (day < period.start || day > period.end);
  return outside(item.startDate) || outside(item.endDate) ? period : null;
}

/** An invoice as what dates a new item on it: its date, and its own period when it has one. */
type DatingInvoice = Pick<Invoice, 'invoiceDate' | 'periodStart' | 'periodEnd'>;

/**
 * An invoice's items once the invoice is dated anew (`before` to `after`: its date, or its period,
 * changed): an item Add Invoice Item makes (a plain item, a setup fee, a package's charge) still
 * dated as `newItemDates` dated it on `before` (the month around the old date, say) takes the dates
 * it would get on `after` (the period set since, say), as `refilledDates` has it; dates typed by
 * hand, empty ones, and other lines (from usage) are kept. A package's charge whose package
 * `packageOf` does not know is kept: its period is not known. Unchanged items are returned as they were.
 */
export function redatedItems<L extends ItemDates & Pick<InvoiceLine, 'kind' | 'packageId'>>(
  lines: readonly L[],
  before: DatingInvoice,
  after: DatingInvoice,
  packageOf: PackageOf,
): L[] {
  return lines.map((line) => {
    if (line.kind !== 'manual' && line.kind !== 'setup' && line.kind !== 'package') return line;
    let charged: ChargeDating | undefined;
    if (line.kind === 'package') {
      charged = line.packageId === null ? undefined : packageOf(line.packageId);
      if (charged === undefined) return line;
    }
    const filled = newItemDates(before, charged);
    if (line.startDate !== filled.start || line.endDate !== filled.end) return line;
    const now = newItemDates(after, charged);
    return now.start === filled.start && now.end === filled.end ? line : { ...line, startDate: now.start, endDate: now.end };
  });
}
