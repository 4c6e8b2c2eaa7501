/**
 * Usage rows (customer × day × destination, already rated call by call upstream) to invoice lines:
 * one line per destination or one per day, the account's choice. A line's amount is the exact,
 * unrounded sum of the charges in it; totals round it once, as the line's net. Minutes and the
 * effective rate are shown for information and never multiplied back into money.
 *
 * A year of usage is about 110,000 rows, so the rows are read once into a column table (typed
 * arrays: charge in millionths, day as yyyymmdd, destination as a small integer, calls, seconds) and
 * grouping and packages work on the columns. Walking 100,000 objects again per step costs more than
 * the sums themselves; the columns are a few hundred kilobytes that stay in cache.
 */
import { dayAsShown, dayNumber, dayWritten, isDay } from './dates';
import { LOCAL_DESTINATION_NAME, destinationNameRank } from './destinations';
import type { InvoiceLine, LineGrouping, Period, Usage } from './entities';
import { MAX_DECIMALS, type Units, addUnits, compareDecimals, divideUnitsRounded, formatUnits, isDecimalString, multiplyUnits, readUnitsAtScale } from './money';

/** An invoice line before it has an id, an invoice, a position and a tax rate (generate sets those). */
export type InvoiceLineDraft = Omit<InvoiceLine, 'id' | 'invoiceId' | 'position' | 'taxRate'>;

/** Decimals of the billed minutes shown on a usage line ("12.50" min). */
export const MINUTES_DECIMALS = 2;

/**
 * Billed seconds as the minutes every screen shows them, to MINUTES_DECIMALS, half-up: 165 →
 * "2.75", 4007202 → "66786.70". Usage lines, the usage summary and Past imports alike.
 */
export function billedMinutes(billedSeconds: number): string {
  return formatUnits(divideUnitsRounded(billedSeconds * 10 ** MINUTES_DECIMALS, 60, 'half-up'), MINUTES_DECIMALS);
}

/** A customer's usage rows whose day lies in the period (inclusive), in input order. */
export function usageInPeriod(usage: readonly Usage[], customerId: string, period: Period): Usage[] {
  const { start, end } = period;
  // `YYYY-MM-DD` strings compare as the days they name.
  return usage.filter((row) => row.customerId === customerId && row.day >= start && row.day <= end);
}

const isZeroCharge = (charge: Units): boolean => charge === 0 || charge === 0n;

/**
 * Whether a usage row is internal calls, which a carrier does not bill: calls at no charge to an
 * extension or short code of the customer's own switch, named LOCAL_DESTINATION_NAME by the CDR
 * import (lib/destinations: a number too short to be a phone number), such as the
 * extension-to-extension calls of an Asterisk Master.csv. Read into no table (see `UsageTable`), so
 * they make no invoice line, take no free minutes and count as no late calls, as failed attempts
 * make no line; the customer's usage summary, which reads the rows, still counts them. A short
 * code with a charge (a premium service) is billed as any call.
 */
function isInternalCall(charge: Units, destinationName: string): boolean {
  return isZeroCharge(charge) && destinationName === LOCAL_DESTINATION_NAME;
}

/**
 * Whether an invoice line is one Generate Invoice made of internal calls before it left them out
 * (see `isInternalCall`): a usage line of LOCAL_DESTINATION_NAME billing nothing, "Local/extension
 * (101) … $0.00", a late-calls note after it or not. It bills no usage now, so it matches none.
 */
export function isInternalCallsLine(line: Pick<InvoiceLine, 'kind' | 'description' | 'amount'>): boolean {
  return (
    line.kind === 'usage' &&
    usageLineLabel(line.description).startsWith(`${LOCAL_DESTINATION_NAME} (`) &&
    line.amount !== null &&
    isDecimalString(line.amount) &&
    compareDecimals(line.amount, '0') === 0
  );
}

/** Calls left out of a table, summed: how many, and their billed seconds. */
export interface CallsLeftOut {
  calls: number;
  billedSeconds: number;
}

/** Usage rows read once for billing: columns index-aligned with `rows`. */
export interface UsageTable {
  /** The rows read, internal calls (`isInternalCall`) left out. */
  readonly rows: readonly Usage[];
  readonly length: number;
  /** Millionths (6 decimals, the scale of a stored charge); NaN where the charge is in `bigCharges`. */
  readonly charges: Float64Array;
  /** Charges too large for a safe integer in a double (above 9 billion): never in practice, exact anyway. */
  readonly bigCharges: ReadonlyMap<number, bigint>;
  /** The day as the integer yyyymmdd (see `dayNumber`). */
  readonly days: Int32Array;
  /** Index into `destinations`. */
  readonly destinationIds: Int32Array;
  /** The distinct destination prefixes, in order of first appearance. */
  readonly destinations: readonly string[];
  readonly calls: Float64Array;
  readonly billedSeconds: Float64Array;
  /** The internal calls left out of `rows` (see `isInternalCall`): a carrier bills none, and the clerk is told so. */
  readonly internalCalls: CallsLeftOut;
}

/** The charge of row `i` of the table, in millionths. */
export function chargeAt(table: UsageTable, i: number): Units {
  const charge = table.charges[i]!;
  return charge === charge ? charge : table.bigCharges.get(i)!;
}

/** Fills the columns row by row, growing them by doubling. */
class UsageTableBuilder {
  private rows: Usage[] | null;
  private count = 0;
  private charges: Float64Array;
  private readonly bigCharges = new Map<number, bigint>();
  private days: Int32Array;
  private destinationIds: Int32Array;
  private readonly destinationIndex = new Map<string, number>();
  private readonly destinations: string[] = [];
  private calls: Float64Array;
  private billedSeconds: Float64Array;
  private lastDay = '';
  private lastDayNumber = -1;
  private readonly internalCalls: CallsLeftOut = { calls: 0, billedSeconds: 0 };

  constructor(
    private readonly source: readonly Usage[],
    capacity: number,
  ) {
    this.rows = null;
    this.charges = new Float64Array(capacity);
    this.days = new Int32Array(capacity);
    this.destinationIds = new Int32Array(capacity);
    this.calls = new Float64Array(capacity);
    this.billedSeconds = new Float64Array(capacity);
  }

  /** Reads and checks `source[index]`, leaving it out when it is internal calls (`isInternalCall`); errors name `usage[index].field`. */
  add(index: number): void {
    const row = this.source[index]!;
    // Rows mostly come in day order: a string equality (often the same string) beats re-reading the day.
    if (row.day !== this.lastDay) {
      this.lastDayNumber = dayNumber(row.day);
      this.lastDay = row.day;
    }
    const day = this.lastDayNumber;
    if (day < 0) throw new RangeError(`usage[${index}].day must be a date like 2026-01-31, got ${JSON.stringify(row.day)}`);
    const charge = readUnitsAtScale(row.charge, MAX_DECIMALS, 'usage', index, 'charge');
    const { calls, billedSeconds } = row;
    if (!(Number.isSafeInteger(calls) && calls >= 0)) throw new RangeError(`usage[${index}].calls must be a whole number ≥ 0, got ${calls}`);
    if (!(Number.isSafeInteger(billedSeconds) && billedSeconds >= 0)) {
      throw new RangeError(`usage[${index}].billedSeconds must be a whole number ≥ 0, got ${billedSeconds}`);
    }
    if (isInternalCall(charge, row.destinationName)) {
      this.internalCalls.calls += calls;
      this.internalCalls.billedSeconds += billedSeconds;
      this.skip(index);
      return;
    }
    let destinationId = this.destinationIndex.get(row.destination);
    if (destinationId === undefined) {
      destinationId = this.destinations.length;
      this.destinations.push(row.destination);
      this.destinationIndex.set(row.destination, destinationId);
    }

    const at = this.count;
    if (at === this.charges.length) this.grow();
    if (typeof charge === 'number') this.charges[at] = charge;
    else {
      this.charges[at] = Number.NaN;
      this.bigCharges.set(at, charge);
    }
    this.days[at] = day;
    this.destinationIds[at] = destinationId;
    this.calls[at] = calls;
    this.billedSeconds[at] = billedSeconds;
    this.rows?.push(row);
    this.count++;
  }

  /** Call for each row of `source` left out: from then on `rows` is a copy of the rows added. */
  skip(index: number): void {
    this.rows ??= this.source.slice(0, index);
  }

  private grow(): void {
    const capacity = Math.max(16, this.count * 2);
    const grown = <T extends Float64Array | Int32Array>(column: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(column);
      return next;
    };
    this.charges = grown(this.charges, (n) => new Float64Array(n));
    this.days = grown(this.days, (n) => new Int32Array(n));
    this.destinationIds = grown(this.destinationIds, (n) => new Int32Array(n));
    this.calls = grown(this.calls, (n) => new Float64Array(n));
    this.billedSeconds = grown(this.billedSeconds, (n) => new Float64Array(n));
  }

  build(): UsageTable {
    const n = this.count;
    return {
      rows: this.rows ?? this.source,
      length: n,
      charges: this.charges.subarray(0, n),
      bigCharges: this.bigCharges,
      days: this.days.subarray(0, n),
      destinationIds: this.destinationIds.subarray(0, n),
      destinations: this.destinations,
      calls: this.calls.subarray(0, n),
      billedSeconds: this.billedSeconds.subarray(0, n),
      internalCalls: { ...this.internalCalls },
    };
  }
}

/** All the rows, read and checked (errors name `usage[i].field`). */
export function prepareUsage(usage: readonly Usage[]): UsageTable {
  const builder = new UsageTableBuilder(usage, usage.length);
  for (let i = 0; i < usage.length; i++) builder.add(i);
  return builder.build();
}

/**
 * In one pass over `usage`: the customer's rows inside the period (inclusive), read and checked. A
 * row of the customer in another currency than `currency` is an error (naming `usage[i].currency`,
 * i its index in `usage`): it cannot be billed on this invoice.
 */
export function selectBillableUsage(usage: readonly Usage[], customerId: string, period: Period, currency: string): UsageTable {
  const { start, end } = period;
  // A month out of a year of rows should not allocate for the year: start small, grow by doubling.
  const builder = new UsageTableBuilder(usage, Math.min(usage.length, 4096));
  for (let i = 0; i < usage.length; i++) {
    const row = usage[i]!;
    // `YYYY-MM-DD` strings compare as the days they name.
    if (row.customerId !== customerId || row.day < start || row.day > end) {
      builder.skip(i);
      continue;
    }
    if (row.currency !== currency) {
      throw new RangeError(`usage[${i}].currency must be the customer's currency ${currency}, got ${JSON.stringify(row.currency)}`);
    }
    builder.add(i);
  }
  return builder.build();
}

/** The rows as a table: prepared now when given as plain rows. */
export function asTable(usage: readonly Usage[] | UsageTable): UsageTable {
  return 'charges' in usage ? usage : prepareUsage(usage);
}

/** The sums of one line; `first`, `last` and `named` are row indexes. */
interface UsageGroup {
  charge: Units;
  calls: number;
  billedSeconds: number;
  /** The row with the earliest day, and with the latest. */
  first: number;
  last: number;
  /**
   * The row whose destination name the line shows: the latest day's with a name the CDR file gave,
   * so a renamed destination shows its current name; failing that, the latest day's with a name
   * Tollbook derived (its country: lib/destinations isDerivedDestinationName).
   */
  named: number;
  /** How `named`'s name ranks (`nameRank`). */
  namedRank: number;
  /** The rows summed, when asked for (see `groupUsageWithRows`). */
  rows?: number[];
}

/**
 * Sums the table's rows into groups by `groupOf(i)` (a dense index below `groupCount`).
 *
 * A row with no answered call and no charge (attempts that failed) bills nothing: it is left out,
 * so it neither makes a line ("0 calls · 0.00 min $0.00") nor stretches a line's days or names it.
 * A row with a charge but no calls still counts (money first), and so does a free call. A group
 * whose rows come to no calls and no charge (a charge and its reversal) makes no line either.
 */
function sumGroups(table: UsageTable, groupCount: number, groupOf: (i: number) => number, withRows: boolean): UsageGroup[] {
  const groups: (UsageGroup | undefined)[] = new Array(groupCount);
  const { rows, days, calls, billedSeconds } = table;
  for (let i = 0; i < table.length; i++) {
    if (calls[i] === 0 && isZeroCharge(chargeAt(table, i))) continue;
    const g = groupOf(i);
    const group = groups[g];
    if (group === undefined) {
      groups[g] = { charge: chargeAt(table, i), calls: calls[i]!, billedSeconds: billedSeconds[i]!, first: i, last: i, named: i, namedRank: nameRank(rows[i]!), rows: withRows ? [i] : undefined };
      continue;
    }
    group.rows?.push(i);
    group.charge = addUnits(group.charge, chargeAt(table, i));
    group.calls += calls[i]!;
    group.billedSeconds += billedSeconds[i]!;
    const day = days[i]!;
    if (day < days[group.first]!) group.first = i;
    if (day > days[group.last]!) group.last = i;
    const name = rows[i]!.destinationName;
    const namedName = rows[group.named]!.destinationName;
    // The same name ranks the same: no need to look it up again (most rows of a line share one).
    const rank = name === namedName ? group.namedRank : nameRank(rows[i]!);
    const namedDay = days[group.named]!;
    // An empty name (CDRs from a format without names) never hides a name, nor a derived name one
    // the file gave. Same day twice for one destination only with duplicate rows: the larger name,
    // so input order never matters.
    if (rank > group.namedRank || (rank === group.namedRank && (day > namedDay || (day === namedDay && name > namedName)))) {
      group.named = i;
      group.namedRank = rank;
    }
  }
  return groups.filter((group): group is UsageGroup => group !== undefined && !(group.calls === 0 && isZeroCharge(group.charge)));
}

/** A usage row's destination name: 2 one the CDR file gave, 1 one Tollbook derived, 0 none. */
function nameRank(row: Pick<Usage, 'destination' | 'destinationName'>): number {
  return destinationNameRank(row.destination, row.destinationName);
}

function toLine(table: UsageTable, group: UsageGroup, description: string): InvoiceLineDraft {
  const minutes = billedMinutes(group.billedSeconds);
  // Effective rate per minute = charge × 60 / billed seconds, to 6 decimals: information only.
  const rate =
    group.billedSeconds === 0
      ? formatUnits(0, MAX_DECIMALS)
      : formatUnits(divideUnitsRounded(multiplyUnits(group.charge, 60), group.billedSeconds, 'half-up'), MAX_DECIMALS);
  return {
    kind: 'usage',
    description,
    startDate: table.rows[group.first]!.day,
    endDate: table.rows[group.last]!.day,
    quantity: minutes,
    unit: 'min',
    unitPrice: rate,
    amount: formatUnits(group.charge, MAX_DECIMALS),
    calls: group.calls,
    minutes,
    packageId: null,
  };
}

/** Units invoice lines are generated with that take a plural after a quantity other than 1. */
const PLURAL_UNITS: Readonly<Record<string, string>> = { day: 'days', week: 'weeks', month: 'months', charge: 'charges' };

/** A line's unit as shown after its quantity: "1 month", "3 months"; other units as written. */
export function unitAfter(quantity: string, unit: string): string {
  const plural = PLURAL_UNITS[unit];
  if (plural === undefined || !isDecimalString(quantity)) return unit;
  return compareDecimals(quantity.startsWith('-') ? quantity.slice(1) : quantity, '1') === 0 ? unit : plural;
}

/** "UK - London (4420)"; the prefix alone when the name is empty. */
export function destinationLabel(destination: string, name: string): string {
  if (!destination) return name || 'Unknown destination';
  return name ? `${name} (${destination})` : destination;
}

const byCodePoints = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One usage line per destination prefix, the largest amount first, then by name and prefix
 * (code-point order, the same on every runtime). Input order does not matter.
 */
export function groupUsageByDestination(usage: readonly Usage[] | UsageTable): InvoiceLineDraft[] {
  const table = asTable(usage);
  return destinationGroups(table, false).map(({ group, description }) => toLine(table, group, description));
}

function destinationGroups(table: UsageTable, withRows: boolean): { group: UsageGroup; description: string }[] {
  const { destinationIds, rows } = table;
  const groups = sumGroups(table, table.destinations.length, (i) => destinationIds[i]!, withRows).map((group) => ({
    group,
    destination: rows[group.first]!.destination,
    name: rows[group.named]!.destinationName,
  }));
  groups.sort(
    (a, b) =>
      (a.group.charge > b.group.charge ? -1 : a.group.charge < b.group.charge ? 1 : 0) ||
      byCodePoints(a.name, b.name) ||
      byCodePoints(a.destination, b.destination),
  );
  return groups.map(({ group, destination, name }) => ({ group, description: destinationLabel(destination, name) }));
}

/**
 * One usage line per billing day, in day order. `Usage.day` is already the day in the account's
 * timezone (see `billingDay` in lib/dates), so a 23- or 25-hour DST day is one line like any other.
 */
export function groupUsageByDay(usage: readonly Usage[] | UsageTable): InvoiceLineDraft[] {
  const table = asTable(usage);
  return dayGroups(table, false).map(({ group, description }) => toLine(table, group, description));
}

function dayGroups(table: UsageTable, withRows: boolean): { group: UsageGroup; description: string }[] {
  const { days } = table;
  const dayIndex = new Map<number, number>();
  const groupOfRow = new Int32Array(table.length);
  for (let i = 0; i < table.length; i++) {
    let g = dayIndex.get(days[i]!);
    if (g === undefined) {
      g = dayIndex.size;
      dayIndex.set(days[i]!, g);
    }
    groupOfRow[i] = g;
  }
  const groups = sumGroups(table, dayIndex.size, (i) => groupOfRow[i]!, withRows);
  groups.sort((a, b) => days[a.first]! - days[b.first]!);
  return groups.map((group) => ({ group, description: dayLineDescription(table.rows[group.first]!.day) }));
}

/** A usage line and the rows it sums (indexes into the table's `rows`), those with no call and no charge left out. */
export interface UsageLineRows {
  line: InvoiceLineDraft;
  rows: readonly number[];
}

/** `groupUsage`'s lines, in its order, each with the rows it sums: to tell which days a change of a line lies on. */
export function groupUsageWithRows(table: UsageTable, grouping: LineGrouping): UsageLineRows[] {
  const groups = grouping === 'day' ? dayGroups(table, true) : destinationGroups(table, true);
  return groups.map(({ group, description }) => ({ line: toLine(table, group, description), rows: group.rows! }));
}

/** How a by-day usage line is described: "Calls on Mar 1, 2026", a day as the app writes days (lib/dates dayAsShown). */
function dayLineDescription(day: string): string {
  return `Calls on ${dayAsShown(day)}`;
}

/**
 * The day a by-day usage line's label (without a late-calls note) names as Generate Invoice wrote
 * it, now or before (issued invoices keep the text they had): "Calls on Mar 1, 2026" now, "Calls on
 * 1 Mar 2026" until Dec 2026, "Usage 2026-03-01" before that. Null for any other text, a renamed
 * line's say.
 */
function dayLineDay(label: string): string | null {
  if (label.startsWith('Calls on ')) return dayWritten(label.slice('Calls on '.length));
  const iso = /^Usage (\d{4}-\d{2}-\d{2})$/.exec(label)?.[1];
  return iso !== undefined && isDay(iso) ? iso : null;
}

/**
 * A by-day usage line's label as generation writes it now, whichever way it was written
 * ("Calls on 1 Mar 2026", "Usage 2026-03-01" → "Calls on Mar 1, 2026"); any other label as it is.
 * So a line generated now matches one billed before its text changed.
 */
export function currentDayLineLabel(label: string): string {
  const day = dayLineDay(label);
  return day === null ? label : dayLineDescription(day);
}

/**
 * A late-calls line's description (lib/generate lateCallsInvoice): the line's own, saying its calls
 * are not on the issued invoices of the period, "Germany (49) — calls not on INV-1", so that the
 * customer does not read it as INV-1's Germany line billed twice.
 */
export function lateCallsDescription(description: string, billedOn: string): string {
  return `${description}${LATE_CALLS_NOTE}${billedOn}`;
}

const LATE_CALLS_NOTE = ' — calls not on ';

/**
 * A usage line's description without the note `lateCallsDescription` adds: what tells its
 * destination ("Germany (49)") or its day ("Calls on Nov 20, 2026") to whatever matches lines.
 */
export function usageLineLabel(description: string): string {
  const at = description.lastIndexOf(LATE_CALLS_NOTE);
  return at < 0 ? description : description.slice(0, at);
}

/** Whether `description` is one Generate Invoice gives, or gave (`dayLineDay`), a by-day line of `day`. */
function isDayLineDescription(description: string, day: string): boolean {
  return dayLineDay(usageLineLabel(description)) === day;
}

/** Usage lines grouped as the account setting says. */
export function groupUsage(usage: readonly Usage[] | UsageTable, grouping: LineGrouping): InvoiceLineDraft[] {
  return grouping === 'day' ? groupUsageByDay(usage) : groupUsageByDestination(usage);
}

/**
 * How an invoice's usage lines were grouped when it was generated, read from the lines (the
 * account's setting may have changed since); null when the invoice has no usage lines.
 *
 * A by-day line covers one day and no two share one, so a line over several days, or two on the
 * same day, are destinations. When the dates fit both (each line one day, every day different: a
 * by-day invoice, or destinations each used on one day) the descriptions decide: generation names
 * a day's line "Calls on Mar 1, 2026" (before, "Calls on 1 Mar 2026" or "Usage 2026-03-01") and a destination's after the
 * destination. One such name is enough, so a by-day invoice stays by day when the user renames some
 * of its lines.
 */
export function usageLineGrouping(lines: readonly Pick<InvoiceLine, 'kind' | 'description' | 'startDate' | 'endDate'>[]): LineGrouping | null {
  const days = new Set<string>();
  let dayNamed = false;
  let usageLines = 0;
  for (const line of lines) {
    if (line.kind !== 'usage') continue;
    usageLines++;
    const day = line.startDate;
    if (day === null || line.endDate !== day || days.has(day)) return 'destination';
    days.add(day);
    if (isDayLineDescription(line.description, day)) dayNamed = true;
  }
  if (usageLines === 0) return null;
  return dayNamed ? 'day' : 'destination';
}
