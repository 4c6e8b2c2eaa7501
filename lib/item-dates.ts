/**
 * The dates Add Invoice Item fills in for a new item, still editable. An item dated with the days
 * it bills tells the customer what it is for, and lets the checks against billing a period twice
 * see it (lib/invoice-periods) on an invoice made by hand, which often has no period of its own.
 */
import { currentPeriod } from './billing-run';
import type { Invoice, InvoiceLine, Package, Period } from './entities';

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
 * A new item's dates on the invoice: the invoice's own period when it has one (the item is part of
 * what it bills); else, for a package's charge, the package's period around the invoice date (a
 * monthly package: that month), and for a plain item or a setup fee the invoice date alone.
 */
export function newItemDates(invoice: Pick<Invoice, 'invoiceDate' | 'periodStart' | 'periodEnd'>, charged?: Pick<Package, 'frequency'>): Period {
  if (invoice.periodStart !== null && invoice.periodEnd !== null) return { start: invoice.periodStart, end: invoice.periodEnd };
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
 * An invoice's items once the invoice is dated anew (`before` to `after`): an item Add Invoice
 * Item makes (a plain item, a setup fee, a package's charge) still dated as `newItemDates` dated
 * it on `before` (the month around the old date, say) takes the dates it would get on `after`, as
 * `refilledDates` has it; dates typed by hand, empty ones, and other lines (from usage) are kept.
 * A package's charge whose package is not among `packages` is kept: its period is not known.
 * Unchanged items are returned as they were.
 */
export function redatedItems<L extends ItemDates & Pick<InvoiceLine, 'kind' | 'packageId'>>(
  lines: readonly L[],
  before: DatingInvoice,
  after: DatingInvoice,
  packages: readonly Pick<Package, 'id' | 'frequency'>[],
): L[] {
  const packageById = new Map(packages.map((p) => [p.id, p]));
  return lines.map((line) => {
    if (line.kind !== 'manual' && line.kind !== 'setup' && line.kind !== 'package') return line;
    let charged: Pick<Package, 'frequency'> | undefined;
    if (line.kind === 'package') {
      charged = line.packageId === null ? undefined : packageById.get(line.packageId);
      if (charged === undefined) return line;
    }
    const filled = newItemDates(before, charged);
    if (line.startDate !== filled.start || line.endDate !== filled.end) return line;
    const now = newItemDates(after, charged);
    return now.start === filled.start && now.end === filled.end ? line : { ...line, startDate: now.start, endDate: now.end };
  });
}
