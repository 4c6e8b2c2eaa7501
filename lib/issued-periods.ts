/**
 * Issued invoices whose billing period holds days that usage was just added to. An issued invoice
 * is final: usage added to its period afterwards (late calls) is billed by a late-calls invoice
 * from that invoice's page, and an import that added it cannot be undone while the invoice stands.
 */
import { dayAsShown, isDay } from './dates';
import type { Invoice } from './entities';
import { billsAlready } from './generate';

export interface IssuedPeriodDays<I> {
  invoice: I;
  /** The days given for its customer that its period holds, in order. */
  days: string[];
}

/**
 * The customer's invoices that bill (issued, not drafts, not void: lib/generate `billsAlready`) with
 * a billing period holding some of the days in `daysByCustomer` (billing days, YYYY-MM-DD, by
 * customer id), in the order of the customers given, then by period start.
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
      if (invoice.customerId !== customerId || !billsAlready(invoice)) continue;
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

/** The days an import added usage to, by customer id, from its parts (what undoing it takes off again). */
export function importedDays(parts: readonly { cells: readonly { customerId: string; day: string }[] }[]): Map<string, Set<string>> {
  const daysOf = new Map<string, Set<string>>();
  for (const part of parts) {
    for (const cell of part.cells) {
      let days = daysOf.get(cell.customerId);
      if (!days) daysOf.set(cell.customerId, (days = new Set()));
      days.add(cell.day);
    }
  }
  return daysOf;
}

const dayInWords = (day: string) => (isDay(day) ? dayAsShown(day) : day);

/**
 * Why an import of usage of `daysOf` (importedDays) cannot be undone, one clause per issued invoice
 * whose period holds some of its days: "invoice INV-1 (Globex Carrier, period Mar 1, 2026 to Mar 31,
 * 2026) bills its usage of Mar 2, 2026". None: it can be. The undo's refusal (lib/mutators
 * undoCdrImport) and Past imports (app/usage/import) say it alike.
 */
export function importUndoBlockers(
  invoices: readonly Pick<Invoice, 'id' | 'number' | 'customerId' | 'status' | 'periodStart' | 'periodEnd'>[],
  daysOf: ReadonlyMap<string, Iterable<string>>,
  customerName: (customerId: string) => string,
): string[] {
  return issuedInvoicesOverDays(invoices, daysOf).map(({ invoice, days }) => {
    const span = days.length === 1 ? dayInWords(days[0]!) : `${dayInWords(days[0]!)} to ${dayInWords(days[days.length - 1]!)}`;
    return `invoice ${invoice.number ?? invoice.id} (${customerName(invoice.customerId)}, period ${dayInWords(invoice.periodStart!)} to ${dayInWords(invoice.periodEnd!)}) bills its usage of ${span}`;
  });
}
