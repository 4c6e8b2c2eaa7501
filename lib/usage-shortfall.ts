/**
 * Whether a draft's usage lines bill calls its customer's usage no longer holds: usage shrinks when
 * a browser import is undone (undoCdrImport, on another device while this one was offline, say),
 * or when the server counted once CDRs a device had counted twice. Issuing such a draft would bill
 * calls that exist nowhere, so issueInvoice refuses it. Usage that grew (late CDRs) is no shortfall:
 * that draft bills less than there is, which the invoice page's drift notice (lib/generate
 * usageDrift) offers to bring up to date, and the user may issue it as it is.
 *
 * The comparison is usageDrift's, by calls and the exact sum of per-call charges (a usage line
 * keeps it unrounded in `amount`), against the usage of the lines' own days rather than of the
 * period: a draft completing an issued invoice (late calls) bills part of its days, a copy of one
 * all of them, and neither bills more than the days hold. Days are compared one by one where lines
 * bill one day each (by-day lines, or a destination called on one day), so calls gone on one day
 * are not hidden by calls come in on another; all the lines' days together otherwise.
 */
import { addDecimals, compareDecimals, subtractDecimals } from './money';
import type { Invoice, InvoiceLine, Usage } from './entities';
import { mergedDays } from './invoice-periods';

/** What a draft's usage lines bill beyond the usage now: calls and the exact sum of charges (either may be 0), and on which days. */
export interface UsageShortfall {
  calls: number;
  charge: string;
  /** The days it is found on, in order: days whose one-day lines bill more than they hold, else the first and last day of the lines. */
  days: string[];
  /** Whether `days` are those days, or the span of all the lines' days. */
  byDay: boolean;
}

type ShortfallLine = Pick<InvoiceLine, 'kind' | 'startDate' | 'endDate' | 'calls' | 'amount'>;

interface Figures {
  calls: number;
  charge: string;
}

/** Whether an invoice's usage lines are compared with the usage: a draft's, not a credit note's (its usage lines give calls back). */
function comparesUsage(invoice: Pick<Invoice, 'status' | 'creditsId'>): boolean {
  return invoice.status === 'draft' && !invoice.creditsId;
}

/**
 * The days of usage a draft's lines bill, as one span to read (the first and last day), or null
 * when there is nothing to compare: not a draft, a credit note (its usage lines give calls back),
 * or no usage line with days.
 */
export function usageLinesSpan(invoice: Pick<Invoice, 'status' | 'creditsId' | 'periodStart' | 'periodEnd'>, lines: readonly ShortfallLine[]): { first: string; last: string } | null {
  if (!comparesUsage(invoice)) return null;
  let first: string | null = null;
  let last: string | null = null;
  for (const line of lines) {
    const days = daysOf(line, invoice);
    if (!days) continue;
    if (first === null || days.start < first) first = days.start;
    if (last === null || days.end > last) last = days.end;
  }
  return first === null || last === null ? null : { first, last };
}

/**
 * A usage line's days: its own, else its invoice's period; null when neither is known, or when the
 * line counts no calls (Generate Invoice counts them on every usage line it makes: one without was
 * written otherwise, through the API say, and is not known to bill usage rows). Such a line is not compared.
 */
function daysOf(line: ShortfallLine, invoice: Pick<Invoice, 'periodStart' | 'periodEnd'>): { start: string; end: string } | null {
  if (line.kind !== 'usage' || line.calls === null) return null;
  const start = line.startDate ?? invoice.periodStart;
  const end = line.endDate ?? invoice.periodEnd;
  return start === null || end === null || start > end ? null : { start, end };
}

/**
 * What the draft's usage lines bill beyond `usage` (the customer's rows of at least the days
 * `usageLinesSpan` gives, in the invoice's currency), or null when they bill no more than it holds.
 * Null too when a row of those days is in another currency: that usage cannot be on the invoice,
 * and Generate Invoice says so.
 */
export function usageShortfall(
  invoice: Pick<Invoice, 'status' | 'creditsId' | 'periodStart' | 'periodEnd' | 'currency'>,
  lines: readonly ShortfallLine[],
  usage: readonly Pick<Usage, 'day' | 'calls' | 'charge' | 'currency'>[],
): UsageShortfall | null {
  // The span is the caller's, to read `usage` by. A draft without a usage line with days (no span)
  // bills nothing below, so it comes to no shortfall without one.
  if (!comparesUsage(invoice)) return null;
  const ranges: { start: string; end: string }[] = [];
  const billed: Figures = { calls: 0, charge: '0' };
  // What the lines of one day each bill, per day.
  const billedOnDay = new Map<string, Figures>();
  for (const line of lines) {
    const days = daysOf(line, invoice);
    if (!days) continue;
    ranges.push(days);
    const figures = { calls: line.calls ?? 0, charge: line.amount ?? '0' };
    add(billed, figures);
    if (days.start === days.end) add(dayFigures(billedOnDay, days.start), figures);
  }
  // The lines' days as few ranges (by-destination lines share the period's): a row is looked up in those.
  const merged = mergedDays(ranges);
  const inRanges = (day: string) => merged.some((r) => r.start <= day && day <= r.end);
  const now: Figures = { calls: 0, charge: '0' };
  const nowOnDay = new Map<string, Figures>();
  for (const row of usage) {
    if (!inRanges(row.day)) continue;
    if (row.currency !== invoice.currency) return null;
    const figures = { calls: row.calls, charge: row.charge };
    add(now, figures);
    if (billedOnDay.has(row.day)) add(dayFigures(nowOnDay, row.day), figures);
  }
  const short: UsageShortfall = { calls: 0, charge: '0', days: [], byDay: true };
  for (const [day, dayBilled] of [...billedOnDay].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const beyond = beyondOf(dayBilled, nowOnDay.get(day) ?? { calls: 0, charge: '0' });
    if (!beyond) continue;
    add(short, beyond);
    short.days.push(day);
  }
  if (short.days.length > 0) return short;
  const beyond = beyondOf(billed, now);
  if (!beyond) return null;
  const first = merged[0]!.start;
  const last = merged[merged.length - 1]!.end;
  return { ...beyond, days: first === last ? [first] : [first, last], byDay: false };
}

/** What `billed` bills beyond `now` (each figure at least 0), or null when it bills no more calls and no more charge. */
function beyondOf(billed: Figures, now: Figures): Figures | null {
  const calls = Math.max(0, billed.calls - now.calls);
  const charge = compareDecimals(billed.charge, now.charge) > 0 ? subtractDecimals(billed.charge, now.charge) : '0';
  return calls === 0 && compareDecimals(charge, '0') === 0 ? null : { calls, charge };
}

function add(into: Figures, figures: Figures): void {
  into.calls += figures.calls;
  into.charge = addDecimals(into.charge, figures.charge);
}

function dayFigures(byDay: Map<string, Figures>, day: string): Figures {
  let figures = byDay.get(day);
  if (!figures) byDay.set(day, (figures = { calls: 0, charge: '0' }));
  return figures;
}
