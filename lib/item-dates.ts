/**
 * The dates Add Invoice Item fills in for a new item, still editable. An item dated with the days
 * it bills tells the customer what it is for, and lets the checks against billing a period twice
 * see it (lib/invoice-periods) on an invoice made by hand, which often has no period of its own.
 */
import { currentPeriod } from './billing-run';
import type { Invoice, Package, Period } from './entities';

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
