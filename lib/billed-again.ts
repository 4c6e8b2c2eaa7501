/**
 * What a draft bills that another invoice of its customer bills already: the calls and package
 * charges of a copy (Duplicate) of an invoice generated from usage, before it is saved. Each usage
 * or package line covers days (its dates, else the invoice's period); a line of the draft and one
 * of another invoice not void covering a common day bill that day twice: the same calls for usage
 * lines, the same package for package lines. (lib/invoice-periods answers the coarser question of
 * Generate Invoice and the billing run: which invoices bill any day of a period.)
 */
import type { Invoice, InvoiceLine, Period } from './entities';
import { byNumber, type InvoiceWithLines } from './generate';

/** Days from `start` to `end` (YYYY-MM-DD, both included): a period, as Generate Invoice takes one. */
type DayRange = Period;

export interface BilledAgain {
  /** The other invoice (issued, pending or a draft; never a void one). */
  invoice: Invoice;
  /** The days whose calls both bill (the first and last of them), or null when its usage lines cover none of the draft's. */
  usage: DayRange | null;
  /** The draft's package lines it bills too: the same package for a common day. */
  packageLines: InvoiceLine[];
}

function lineDays(line: Pick<InvoiceLine, 'startDate' | 'endDate'>, invoice: Pick<Invoice, 'periodStart' | 'periodEnd'>): DayRange | null {
  const start = line.startDate ?? invoice.periodStart;
  const end = line.endDate ?? invoice.periodEnd;
  return start === null || end === null || start > end ? null : { start, end };
}

function common(a: DayRange | null, b: DayRange | null): DayRange | null {
  if (a === null || b === null) return null;
  const start = a.start > b.start ? a.start : b.start;
  const end = a.end < b.end ? a.end : b.end;
  return start <= end ? { start, end } : null;
}

/** From the first day of either to the last of either. */
function span(a: DayRange | null, b: DayRange): DayRange {
  if (a === null) return b;
  return { start: a.start < b.start ? a.start : b.start, end: a.end > b.end ? a.end : b.end };
}

/**
 * The invoices of `draft`'s customer, void ones and the draft itself aside, that bill calls or
 * package charges its `lines` bill too, in number order (those without a number last). Only usage
 * lines count for calls (free-minutes credits and minimum-spend top-ups follow them), and only
 * package lines for packages: a setup is billed once and the line dialog says where it was.
 */
export function billedAgain(draft: Pick<Invoice, 'id' | 'customerId' | 'periodStart' | 'periodEnd'>, lines: readonly InvoiceLine[], others: readonly InvoiceWithLines[]): BilledAgain[] {
  const usageDays = lines.filter((l) => l.kind === 'usage').map((l) => lineDays(l, draft));
  const packageLines = lines.filter((l) => l.kind === 'package' && l.packageId !== null);
  const found: BilledAgain[] = [];
  for (const other of others) {
    if (other.invoice.id === draft.id || other.invoice.customerId !== draft.customerId || other.invoice.status === 'void') continue;
    let usage: DayRange | null = null;
    for (const line of other.lines) {
      if (line.kind !== 'usage') continue;
      for (const days of usageDays) {
        const both = common(days, lineDays(line, other.invoice));
        if (both === null) continue;
        usage = span(usage, both);
      }
    }
    const packagesAgain = packageLines.filter((mine) =>
      other.lines.some((line) => line.kind === 'package' && line.packageId === mine.packageId && common(lineDays(mine, draft), lineDays(line, other.invoice)) !== null),
    );
    if (usage !== null || packagesAgain.length > 0) found.push({ invoice: other.invoice, usage, packageLines: packagesAgain });
  }
  return found.sort((a, b) => byNumber(a.invoice, b.invoice));
}
