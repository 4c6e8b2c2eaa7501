/**
 * The customer page's Summary (as the original's): usage rolled up by day, ISO week or month.
 * Charges are summed exactly with lib/money; minutes are billed seconds / 60, as the invoice shows;
 * ASR and ACD (answer-seizure ratio, average call duration) as carriers read call quality.
 */
import { addDays, isoWeekday } from '@/lib/dates';
import type { Invoice, Period, Usage } from '@/lib/entities';
import { type InvoiceDays, coversEveryDay, rangesOverlapping } from '@/lib/invoice-periods';
import { billedMinutes } from '@/lib/grouping';
import { addDecimals, divideDecimals } from '@/lib/money';

export type SummaryPeriod = 'day' | 'week' | 'month';

export interface UsageSummaryRow {
  /** First day of the bucket: the day, the Monday of the ISO week, or the 1st of the month. */
  start: string;
  /** Last day of the bucket (inclusive). */
  end: string;
  calls: number;
  /** Call attempts, answered or not. */
  attempts: number;
  /** Answer-seizure ratio: answered calls per attempt, in percent with 1 decimal; null with no attempts. */
  asr: string | null;
  /** Average call duration: talk seconds per answered call, whole seconds; null with no calls. */
  acdSeconds: number | null;
  /** Billed minutes, 2 decimals. */
  minutes: string;
  /** Sum of the usage charges (unrounded: rounding belongs to invoice lines). */
  charge: string;
  currency: string;
}

function bucketStart(day: string, period: SummaryPeriod): string {
  if (period === 'day') return day;
  if (period === 'week') return addDays(day, 1 - isoWeekday(day));
  return `${day.slice(0, 8)}01`;
}

function bucketEnd(start: string, period: SummaryPeriod): string {
  if (period === 'day') return start;
  if (period === 'week') return addDays(start, 6);
  const [y, m] = start.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

/** Buckets newest first; a customer's usage is in one currency, but a bucket per currency keeps a mixed set honest. */
export function summarizeUsage(rows: readonly Usage[], period: SummaryPeriod): UsageSummaryRow[] {
  const buckets = new Map<string, { start: string; currency: string; calls: number; attempts: number; seconds: number; billedSeconds: number; charges: string[] }>();
  for (const row of rows) {
    const start = bucketStart(row.day, period);
    const key = `${start}|${row.currency}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { start, currency: row.currency, calls: 0, attempts: 0, seconds: 0, billedSeconds: 0, charges: [] };
      buckets.set(key, bucket);
    }
    bucket.calls += row.calls;
    bucket.attempts += row.attempts;
    bucket.seconds += row.seconds;
    bucket.billedSeconds += row.billedSeconds;
    bucket.charges.push(row.charge);
  }
  return [...buckets.values()]
    .sort((a, b) => (a.start === b.start ? a.currency.localeCompare(b.currency) : a.start < b.start ? 1 : -1))
    .map((b) => ({
      start: b.start,
      end: bucketEnd(b.start, period),
      calls: b.calls,
      attempts: b.attempts,
      asr: b.attempts > 0 ? divideDecimals(String(b.calls * 100), String(b.attempts), 1) : null,
      acdSeconds: b.calls > 0 ? Math.round(b.seconds / b.calls) : null,
      minutes: billedMinutes(b.billedSeconds),
      charge: b.charges.length > 0 ? addDecimals(...b.charges) : '0',
      currency: b.currency,
    }));
}

/**
 * The invoices (void ones left out by the caller) that bill days of a row (or, drafts, are of them: lib/invoice-periods `billedAndDraftDays`), by invoice date, each
 * with whether it bills only some of them (`part`: a week across two months, say). An invoice
 * counts by the days it bills, its period's and its items', so one made by hand shows against the
 * days its items are dated, and one of October and December items not against November.
 */
export function invoicesOfRow<I extends Pick<Invoice, 'invoiceDate'>>(row: Period, invoices: readonly InvoiceDays<I>[]): { invoice: I; part: boolean }[] {
  return invoices
    .filter(({ days }) => rangesOverlapping(days, row).length > 0)
    .sort((a, b) => a.invoice.invoiceDate.localeCompare(b.invoice.invoiceDate))
    .map(({ invoice, days }) => ({ invoice, part: !coversEveryDay(days, row) }));
}
