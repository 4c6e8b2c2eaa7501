/**
 * Usage rows (customer × day × destination, already rated call by call upstream) to invoice lines:
 * one line per destination or one per day, the account's choice. A line's amount is the exact,
 * unrounded sum of the charges in it; totals round it once, as the line's net. Minutes and the
 * effective rate are shown for information and never multiplied back into money.
 */
import type { InvoiceLine, LineGrouping, Period, Usage } from './entities';
import { DecimalError, MAX_DECIMALS, type Units, addUnits, divideUnitsRounded, formatUnits, lastReadScale, multiplyUnits, readUnits, rescaleUnits } from './money';

/** An invoice line before it has an id, an invoice, a position and a tax rate (generate sets those). */
export type InvoiceLineDraft = Omit<InvoiceLine, 'id' | 'invoiceId' | 'position' | 'taxRate'>;

/** Decimals of the billed minutes shown on a usage line ("12.50" min). */
export const MINUTES_DECIMALS = 2;

/** A customer's usage rows whose day lies in the period (inclusive), in input order. */
export function usageInPeriod(usage: readonly Usage[], customerId: string, period: Period): Usage[] {
  const { start, end } = period;
  const selected: Usage[] = [];
  for (const row of usage) {
    // `YYYY-MM-DD` strings compare as the days they name.
    if (row.customerId === customerId && row.day >= start && row.day <= end) selected.push(row);
  }
  return selected;
}

/** The running sums of one line. `charge` is in millionths (6 decimals, the scale of a stored charge). */
interface UsageBucket {
  key: string;
  destination: string;
  name: string;
  /** The day the name was seen on: the latest day's name wins, so a renamed destination shows its current name. */
  nameDay: string;
  startDate: string;
  endDate: string;
  calls: number;
  billedSeconds: number;
  charge: Units;
}

function accumulate(usage: readonly Usage[], byDay: boolean): UsageBucket[] {
  const buckets = new Map<string, UsageBucket>();
  for (let i = 0; i < usage.length; i++) {
    const row = usage[i]!;
    let charge = readUnits(row.charge, () => `usage[${i}].charge`);
    const scale = lastReadScale();
    if (scale > MAX_DECIMALS) throw new DecimalError(`usage[${i}].charge`, row.charge, `must have at most ${MAX_DECIMALS} decimals`);
    charge = rescaleUnits(charge, scale, MAX_DECIMALS, 'half-up'); // only adds zeros: exact
    const { calls, billedSeconds } = row;
    if (!(Number.isSafeInteger(calls) && calls >= 0)) throw new RangeError(`usage[${i}].calls must be a whole number ≥ 0, got ${calls}`);
    if (!(Number.isSafeInteger(billedSeconds) && billedSeconds >= 0)) {
      throw new RangeError(`usage[${i}].billedSeconds must be a whole number ≥ 0, got ${billedSeconds}`);
    }

    const key = byDay ? row.day : row.destination;
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      bucket = {
        key,
        destination: row.destination,
        name: row.destinationName,
        nameDay: row.day,
        startDate: row.day,
        endDate: row.day,
        calls: 0,
        billedSeconds: 0,
        charge: 0,
      };
      buckets.set(key, bucket);
    } else {
      if (row.day < bucket.startDate) bucket.startDate = row.day;
      if (row.day > bucket.endDate) bucket.endDate = row.day;
      if (row.day > bucket.nameDay || (row.day === bucket.nameDay && row.destinationName > bucket.name)) {
        bucket.name = row.destinationName;
        bucket.nameDay = row.day;
      }
    }
    bucket.calls += calls;
    bucket.billedSeconds += billedSeconds;
    bucket.charge = addUnits(bucket.charge, charge);
  }
  return [...buckets.values()];
}

function toLine(bucket: UsageBucket, description: string): InvoiceLineDraft {
  const minutes = formatUnits(divideUnitsRounded(bucket.billedSeconds * 10 ** MINUTES_DECIMALS, 60, 'half-up'), MINUTES_DECIMALS);
  // Effective rate per minute = charge × 60 / billed seconds, to 6 decimals: information only.
  const rate =
    bucket.billedSeconds === 0
      ? formatUnits(0, MAX_DECIMALS)
      : formatUnits(divideUnitsRounded(multiplyUnits(bucket.charge, 60), bucket.billedSeconds, 'half-up'), MAX_DECIMALS);
  return {
    kind: 'usage',
    description,
    startDate: bucket.startDate,
    endDate: bucket.endDate,
    quantity: minutes,
    unit: 'min',
    unitPrice: rate,
    amount: formatUnits(bucket.charge, MAX_DECIMALS),
    calls: bucket.calls,
    minutes,
    packageId: null,
  };
}

/** "UK - London (4420)"; the prefix alone when the name is empty. */
export function destinationLabel(destination: string, name: string): string {
  if (!destination) return name || 'Unknown destination';
  return name ? `${name} (${destination})` : destination;
}

/**
 * One usage line per destination prefix, the largest amount first, then by name and prefix
 * (code-point order, the same on every runtime). Input order does not matter.
 */
export function groupUsageByDestination(usage: readonly Usage[]): InvoiceLineDraft[] {
  const buckets = accumulate(usage, false);
  buckets.sort(
    (a, b) =>
      (a.charge > b.charge ? -1 : a.charge < b.charge ? 1 : 0) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0),
  );
  return buckets.map((bucket) => toLine(bucket, destinationLabel(bucket.destination, bucket.name)));
}

/**
 * One usage line per billing day, in day order. `Usage.day` is already the day in the account's
 * timezone (see `billingDay` in lib/dates), so a 23- or 25-hour DST day is one line like any other.
 */
export function groupUsageByDay(usage: readonly Usage[]): InvoiceLineDraft[] {
  const buckets = accumulate(usage, true);
  buckets.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return buckets.map((bucket) => toLine(bucket, `Usage ${bucket.key}`));
}

/** Usage lines grouped as the account setting says. */
export function groupUsage(usage: readonly Usage[], grouping: LineGrouping): InvoiceLineDraft[] {
  return grouping === 'day' ? groupUsageByDay(usage) : groupUsageByDestination(usage);
}
