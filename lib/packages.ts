/**
 * What a customer's package assignments add to an invoice for a period:
 * - a recurring charge: occurrences of the package's frequency inside the assignment's active
 *   window × assignment quantity × retail (minimum-spend packages have none: their retail is a
 *   commitment, see below);
 * - the setup price × quantity, when the assignment starts inside the period;
 * - free minutes: a credit for usage whose destination starts with one of the package's prefixes,
 *   up to minutes × quantity per package period (see below), valued at the average charge per
 *   minute of the matched usage in the invoice's days (so the customer is credited what those calls
 *   actually cost), which its line says;
 * - minimum spend: when usage charges in the window are below retail × quantity per occurrence, a
 *   top-up line for the shortfall.
 *
 * Occurrences: 'daily' bills every day of the window; 'weekly' the window's days whose ISO weekday
 * is in matchDays; 'monthly' the window's days whose day of month is in matchDays, a day past the
 * month's end meaning its last day (31 → 30 April, 28 February), one charge per day at most;
 * 'none' bills once, on the assignment's start day, its line dated that day alone (a recurring
 * charge's line is dated the window it bills). Empty matchDays mean the start day's weekday or
 * day of month.
 *
 * Charges billed once: an item's setup, and a one-off package's charge (frequency 'none'). Given
 * the customer's other invoices, a period's setups or one-off charges that they bill already
 * (beyond those of the assignments that started earlier, see `onceChargeBilling`) are left out, and
 * said so (`setupsLeftOut`): a one-off fee a clerk charged on an invoice made by hand is not billed
 * again by Generate Invoice.
 *
 * Minimum spend is a commitment per package period: from one billing day to the day before the next
 * (a monthly package billed on the 1st: the calendar month; cut at the assignment's end). An invoice
 * settles the package periods that end inside it, against the usage of those periods, even days
 * before its own period: a customer invoiced weekly on a monthly commitment is topped up once, on
 * the invoice holding the month's last day, for what the whole month fell short (not on the week
 * holding the 1st against that week's usage alone). A monthly invoice with a monthly commitment
 * billed on the 1st settles its own month, as before. The top-up line is dated the days it settles;
 * `usageDaysNeeded` says which days of usage to give. A one-off (frequency 'none') commitment
 * compares the usage in the invoice's days.
 *
 * Free minutes are an allowance per package period too: minutes × quantity for the calls of the
 * period's days, earliest first (an earlier assignment's bundle before a later's, on calls both
 * match). An invoice credits the matched calls of its own days from what the calls of the period's
 * days before it left, worked out from that usage (not from other invoices): a customer invoiced
 * weekly on a monthly bundle billed on the 1st has the month's minutes for the month's calls, week
 * after week, until they are used (not all of them for the week holding the 1st and none for the
 * others), and a weekly bundle on a monthly invoice gives each week's minutes to that week's calls
 * (not the month's allowances pooled). One credit line per assignment, dated the invoice's days
 * with the assignment, valued at the average rate of the matched calls in them. So however a
 * stretch of days is cut into invoices, the minutes credited are the same. A monthly invoice with a
 * monthly bundle billed on the 1st credits as before. Calls before an assignment's first billing
 * day are in no period (as for minimum spend); a one-off bundle (frequency 'none') gives its
 * minutes once, to the calls of the invoice holding its start day, in that invoice's days.
 *
 * Limits, by design: free minutes a package period leaves unused do not carry over to the next
 * period; minimum spend compares gross
 * usage charges (before free-minute credits), as billed (each usage line rounded) when the invoice's
 * usage lines are given and each lies wholly inside or outside the assignment's window (always so
 * over the whole period, and with lines by day), so that the usage lines and the top-up add up to
 * the commitment to the cent. A line straddling the window's edge (by destination, over a window of
 * part of the period) cannot be split: the window's spend is then the exact sum of its charges in
 * those days, and the usage lines plus top-up may differ from the commitment by the lines' rounding
 * (a fraction of a cent per line).
 */
import { addDays, dayNumber, daysInMonth, fromEpochDay, isoWeekday, maxDay, minDay, toEpochDay } from './dates';
import type { Customer, CustomerPackage, Invoice, InvoiceLine, Package, Period, Usage } from './entities';
import { type InvoiceLineDraft, MINUTES_DECIMALS, type UsageTable, asTable, chargeAt } from './grouping';
import {
  DecimalError,
  MAX_DECIMALS,
  type Units,
  addDecimals,
  addUnits,
  compareDecimals,
  divideUnitsRounded,
  formatMoney,
  formatPrice,
  formatUnits,
  isDecimalString,
  negateDecimal,
  multiplyUnits,
  readUnitsAtScale,
  subtractDecimals,
  trimDecimal,
} from './money';

/**
 * How a package's retail price is named, on its form and in messages about it: a one-off package
 * (frequency 'none') has no period, its price is charged once, on the assignment's start day.
 */
export function retailPriceLabel(frequency: Package['frequency']): string {
  return frequency === 'none' ? 'Price (charged once)' : 'Retail price per period';
}

/**
 * Why a package cannot be billed to a customer, when it cannot: its prices are amounts of another
 * currency than the customer is billed in (29.99 EUR billed as ¥30). assignPackage refuses such an
 * assignment and Generate Invoice one made before packages had a currency, both in these words.
 */
export function packageCurrencyMismatch(pkg: Pick<Package, 'name' | 'currency'>, customer: Pick<Customer, 'name' | 'currency'>): string | undefined {
  if (pkg.currency === customer.currency) return undefined;
  return `Package ${pkg.name} is priced in ${pkg.currency}, but ${customer.name} is billed in ${customer.currency}: its prices cannot be billed to ${customer.name}`;
}

/**
 * Of a recurring minimum-spend assignment, the package periods an invoice for `period` settles (see
 * the module comment): those ending inside it, as one span of days, and how many. Null when none ends
 * in it, and for a one-off package (frequency 'none'), whose commitment is the invoice's days'.
 */
export function settledCommitment(
  pkg: Pick<Package, 'frequency' | 'matchDays'>,
  assignment: Pick<CustomerPackage, 'startDate' | 'endDate'>,
  period: Period,
  field = 'package.matchDays',
): { span: Period; periods: number } | null {
  if (pkg.frequency === 'none') return null;
  const ending = packagePeriods(pkg, assignment, period, field).filter((p) => p.end <= period.end);
  if (ending.length === 0) return null;
  return { span: { start: ending[0]!.start, end: ending[ending.length - 1]!.end }, periods: ending.length };
}

/**
 * A recurring assignment's package periods that share a day with `days`, ascending: each from a
 * billing day to the day before the next, cut at the assignment's end (see the module comment).
 * Days before the assignment's first billing day are in none. None for a one-off package.
 */
export function packagePeriods(
  pkg: Pick<Package, 'frequency' | 'matchDays'>,
  assignment: Pick<CustomerPackage, 'startDate' | 'endDate'>,
  days: Period,
  field = 'package.matchDays',
): Period[] {
  if (pkg.frequency === 'none') return [];
  // Billing days are at most 31 days apart: 62 days on either side find the period holding the
  // first of the days, and the billing day after the last.
  const searched = { start: maxDay(assignment.startDate, addDays(days.start, -62)), end: addDays(days.end, 62) };
  if (searched.start > searched.end) return [];
  const billing = billingOccurrences(pkg, assignment.startDate, searched, field);
  const found: Period[] = [];
  for (let i = 0; i < billing.length; i++) {
    const start = billing[i]!;
    if (start > days.end || (assignment.endDate !== null && start > assignment.endDate)) break;
    const next = billing[i + 1];
    let end = next === undefined ? searched.end : addDays(next, -1);
    if (assignment.endDate !== null) end = minDay(end, assignment.endDate);
    if (end >= days.start) found.push({ start, end });
  }
  return found;
}

/** Assignments in the order packageLines takes them: by start day, then id. */
function inAssignmentOrder<T extends Pick<CustomerPackage, 'startDate' | 'id'>>(assignments: readonly T[]): T[] {
  return [...assignments].sort(
    (a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * Of assignments in packageLines' order, the package periods whose free minutes an invoice for
 * `period` works out (see the module comment), per assignment (none for those without free
 * minutes, one-off ones, or broken ones, which packageLines reports), and the first of their days.
 *
 * A period's allowance goes to its calls earliest first, an earlier assignment's before a later's:
 * what is left of it for the invoice's days is what the calls of its days before the invoice did
 * not use, and what an earlier assignment took of those calls depends on its own period holding
 * them. So, from the last assignment back, each assignment's periods are those sharing a day with
 * the invoice or with the earlier days a later assignment reads; a period of an assignment reading
 * none of those days changes nothing the invoice credits.
 */
function freeMinutesPeriods(ordered: readonly CustomerPackage[], packages: readonly Package[], period: Period): { start: string; periods: (Period[] | null)[] } {
  const periods: (Period[] | null)[] = ordered.map(() => null);
  let start = period.start;
  for (let j = ordered.length - 1; j >= 0; j--) {
    const assignment = ordered[j]!;
    const pkg = packages.find((p) => p.id === assignment.packageId);
    if (pkg === undefined || pkg.kind !== 'free-minutes' || !(pkg.freeMinutes > 0) || pkg.frequency === 'none') continue;
    if (assignment.endDate !== null && assignment.endDate < assignment.startDate) continue;
    let found: Period[];
    try {
      found = packagePeriods(pkg, assignment, { start, end: period.end });
    } catch {
      // Match days that do not fit the frequency: packageLines names them.
      continue;
    }
    periods[j] = found;
    if (found.length > 0) start = minDay(start, found[0]!.start);
  }
  return { start, periods };
}

/**
 * The days of a customer's usage Generate Invoice reads for `period`: the period, from earlier when a
 * minimum-spend commitment it settles began before it, or a free-minutes allowance it credits from
 * (see the module comment). Assignments of other customers, without their package, or broken, are
 * the period's alone: Generate Invoice reports those.
 */
export function usageDaysNeeded(assignments: readonly CustomerPackage[], packages: readonly Package[], period: Period): Period {
  let start = freeMinutesPeriods(inAssignmentOrder(assignments), packages, period).start;
  for (const assignment of assignments) {
    const pkg = packages.find((p) => p.id === assignment.packageId);
    if (pkg === undefined || !pkg.minimumSpend) continue;
    try {
      const settled = settledCommitment(pkg, assignment, period);
      if (settled !== null) start = minDay(start, settled.span.start);
    } catch {
      // Match days that do not fit the frequency: Generate Invoice names them.
    }
  }
  return { start, end: period.end };
}

/** The days an assignment is active within a period, or null when it is not active in it. */
export function activeWindow(assignment: Pick<CustomerPackage, 'startDate' | 'endDate'>, period: Period): Period | null {
  const start = maxDay(assignment.startDate, period.start);
  const end = assignment.endDate === null ? period.end : minDay(assignment.endDate, period.end);
  return start <= end ? { start, end } : null;
}

/**
 * The days in `window` on which the package bills (see the module comment), ascending.
 * `assignmentStart` gives the default match day and the 'none' day.
 */
export function billingOccurrences(
  pkg: Pick<Package, 'frequency' | 'matchDays'>,
  assignmentStart: string,
  window: Period,
  field = 'package.matchDays',
): string[] {
  const days: string[] = [];
  const first = toEpochDay(window.start);
  const last = toEpochDay(window.end);
  switch (pkg.frequency) {
    case 'none':
      if (assignmentStart >= window.start && assignmentStart <= window.end) days.push(assignmentStart);
      return days;
    case 'daily':
      for (let d = first; d <= last; d++) days.push(fromEpochDay(d));
      return days;
    case 'weekly': {
      if (pkg.matchDays.some((w) => w < 1 || w > 7)) {
        throw new RangeError(`${field} of a weekly package must be ISO weekdays 1 (Monday) to 7 (Sunday), got [${pkg.matchDays.join(', ')}]`);
      }
      const weekdays = new Set(pkg.matchDays.length ? pkg.matchDays : [isoWeekday(assignmentStart)]);
      for (let d = first; d <= last; d++) {
        const day = fromEpochDay(d);
        if (weekdays.has(isoWeekday(day))) days.push(day);
      }
      return days;
    }
    case 'monthly': {
      if (pkg.matchDays.some((m) => m < 1 || m > 31)) {
        throw new RangeError(`${field} of a monthly package must be days of the month 1 to 31, got [${pkg.matchDays.join(', ')}]`);
      }
      const monthDays = pkg.matchDays.length ? pkg.matchDays : [Number(assignmentStart.slice(8, 10))];
      const found = new Set<string>();
      let year = Number(window.start.slice(0, 4));
      let month = Number(window.start.slice(5, 7));
      const endMonth = window.end.slice(0, 7);
      for (;;) {
        const monthPrefix = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
        if (monthPrefix > endMonth) break;
        const lastDate = daysInMonth(year, month);
        for (const wanted of monthDays) {
          const day = `${monthPrefix}-${String(Math.min(wanted, lastDate)).padStart(2, '0')}`;
          if (day >= window.start && day <= window.end) found.add(day);
        }
        month++;
        if (month > 12) {
          month = 1;
          year++;
        }
      }
      return [...found].sort();
    }
  }
}

const FREQUENCY_UNITS = { none: 'each', daily: 'day', weekly: 'week', monthly: 'month' } as const;

/**
 * The unit of a package's charge line. Billed once a week or month, a count of charges is a count
 * of weeks or months (times the quantity); billed on several days of each (Mondays and Thursdays,
 * the 1st and the 15th), it is not: "16 weeks" would tell the customer they paid for 16 weeks of
 * what was 8 billing days over 4 weeks (× 2), so the line counts charges.
 */
function chargeUnit(pkg: Pick<Package, 'frequency' | 'matchDays'>): string {
  const severalPerPeriod = (pkg.frequency === 'weekly' || pkg.frequency === 'monthly') && pkg.matchDays.length > 1;
  return severalPerPeriod ? 'charge' : FREQUENCY_UNITS[pkg.frequency];
}

const PLURAL_UNITS: Readonly<Record<string, string>> = { day: 'days', week: 'weeks', month: 'months', charge: 'charges' };

/**
 * A package charge line's description, quantity and unit, for `quantity` of the package charged
 * `occurrences` times. One of it: the count of weeks, months, days or charges, in that unit.
 * Several (23 DID numbers): "23 months" would read as 23 months of rental, so the line counts items
 * and its description says what each is charged for: "DID Rental (1 month each)", 23 each (still
 * true when the clerk edits the quantity); charged several times, "SIP channel (2 × 5 weeks)", 10
 * each. `name`: the description's start (the package's name, as Generate Invoice words it).
 */
export function packageCharge(
  pkg: Pick<Package, 'name' | 'frequency' | 'matchDays'>,
  occurrences: number,
  quantity: number,
  name: string = pkg.name,
): { description: string; quantity: string; unit: string } {
  const unit = chargeUnit(pkg);
  if (quantity === 1) return { description: name, quantity: String(occurrences), unit };
  if (pkg.frequency === 'none') return { description: name, quantity: String(occurrences * quantity), unit };
  const per = `${occurrences} ${occurrences === 1 ? unit : (PLURAL_UNITS[unit] ?? unit)}`;
  const what = occurrences === 1 ? `${per} each` : `${quantity} × ${per}`;
  return { description: `${name} (${what})`, quantity: String(occurrences * quantity), unit: 'each' };
}

/** A package charge line's wording: its description and unit. */
export interface ChargeWording {
  description: string;
  unit: string;
}

/**
 * One period's charge of `quantity` (as typed) of the package, worded as packageCharge words an
 * assignment of that quantity: 10 DIDs read "DID rental (1 month each)", 10 each, never "10
 * months". Undefined while the quantity is not a number (being typed): the wording waits for one.
 */
export function oneChargeWording(pkg: Pick<Package, 'name' | 'frequency' | 'matchDays'>, quantity: string, name: string = pkg.name): ChargeWording | undefined {
  if (!isDecimalString(quantity)) return undefined;
  const { description, unit } = packageCharge(pkg, 1, Number(quantity), name);
  return { description, unit };
}

/**
 * A package line's description and unit after its quantity changed: each still as `filled` (the
 * wording filled in for the quantity before) takes the new wording `now`; one the user edited by
 * hand is kept as they wrote it.
 */
export function rewordedCharge(line: ChargeWording, filled: ChargeWording, now: ChargeWording): ChargeWording {
  return {
    description: line.description === filled.description ? now.description : line.description,
    unit: line.unit === filled.unit ? now.unit : line.unit,
  };
}

/** Destination prefixes of a free-minutes pattern: "44, +1" → ["44", "1"]. */
export function parsePrefixPattern(pattern: string): string[] {
  return pattern
    .split(/[\s,;]+/)
    .map((p) => p.replace(/^\+/, ''))
    .filter((p) => p.length > 0);
}

/** A usage line as the invoice bills it: its days and its net, rounded as the invoice rounds it, in millionths. */
export interface BilledUsageLine {
  startDate: string | null;
  endDate: string | null;
  net: Units;
}

/** The usage as free minutes and minimum spend see it. */
interface UsageLedger {
  table: UsageTable;
  /** Seconds of each row not yet credited by a free-minutes bundle; made on first use. */
  remainingSeconds: Float64Array | null;
  /** The invoice's usage lines as billed, when the caller gives them (packageLines' billedUsage). */
  billedLines: readonly BilledUsageLine[] | undefined;
  /** The whole period's spend (see `usageChargesIn`), made on first use: many assignments share it. */
  total: Units | null;
}

/**
 * Charges billed once per item (setups, one-off packages' charges) that a period's assignments of a
 * package would bill and other invoices bill already: left out.
 */
export interface SetupsLeftOut {
  /** Which charge: the package's setup, or a one-off package's charge (its package line). */
  charge: OnceCharge;
  packageId: string;
  packageName: string;
  /** Charges left out (of the items assigned in the period). */
  quantity: string;
  /** Items assigned by the period's end, over all the assignments of the package. */
  assigned: string;
  /** The other invoices (not void) billing the charge (not dated after the period), with how many. */
  billedOn: SetupFeeBilling['billedOn'];
  /** The other invoices (not void) giving some back (a credit note's refund), with how many: why fewer are left out than `billedOn` bill. */
  givenBackOn: SetupFeeBilling['givenBackOn'];
}

/** Package lines of an invoice, in the three places they go. */
export interface PackageLines {
  /** Recurring and setup charges, per assignment in order. */
  charges: InvoiceLineDraft[];
  /** Free-minutes credits (negative amounts). */
  credits: InvoiceLineDraft[];
  /** Minimum-spend top-ups. */
  topUps: InvoiceLineDraft[];
  /** Setups and one-off charges left out as other invoices bill them already, by package in assignment order. */
  setupsLeftOut: SetupsLeftOut[];
}

/** What the invoice being made has beside the usage: its usage lines as billed, the customer's other invoices. */
export interface PackageLinesOptions {
  /**
   * The invoice's usage lines as it bills them (each line's net rounded, in millionths). A minimum
   * spend compares the nets of those inside its window rather than the raw charges, so that its
   * top-up and the usage lines add up to the commitment exactly (see the module comment).
   */
  billedUsage?: readonly BilledUsageLine[];
  /**
   * The customer's other invoices with (at least) their setup lines and package lines, the invoice
   * being made left out: the setups and one-off charges they bill already are not billed again (see
   * `onceChargeBilling`, through the period's end). Void ones do not count.
   */
  invoices?: readonly InvoiceSetups[];
  /**
   * The customer's usage of the days before the period that `usageDaysNeeded` adds: a minimum spend
   * settled here that began before the period counts it, and free minutes of a package period that
   * began before it are what its calls there left. Missing, those days count nothing.
   */
  earlierUsage?: readonly Usage[] | UsageTable;
}

/**
 * Lines for all of a customer's assignments in a period. `usage` is the customer's usage in the
 * period. Assignments are taken in (startDate, id) order, which also decides which bundle's free
 * minutes are used first when two bundles match the same calls; a call's seconds are credited once.
 * Throws naming the field on an assignment without its package, an end before its start, or
 * match days that do not fit the frequency.
 */
export function packageLines(
  assignments: readonly CustomerPackage[],
  packages: readonly Package[],
  usage: readonly Usage[] | UsageTable,
  period: Period,
  options: PackageLinesOptions = {},
): PackageLines {
  const packageIndex = new Map(packages.map((pkg, i) => [pkg.id, i]));
  const ordered = assignments
    .map((assignment, index) => ({ assignment, index }))
    .sort(
      (a, b) =>
        (a.assignment.startDate < b.assignment.startDate ? -1 : a.assignment.startDate > b.assignment.startDate ? 1 : 0) ||
        (a.assignment.id < b.assignment.id ? -1 : a.assignment.id > b.assignment.id ? 1 : 0),
    );
  const result: PackageLines = { charges: [], credits: [], topUps: [], setupsLeftOut: [] };
  // Read only when a package needs usage.
  let ledger: UsageLedger | null = null;
  const usageLedger = (): UsageLedger => (ledger ??= { table: asTable(usage), remainingSeconds: null, billedLines: options.billedUsage, total: null });
  // Per charge and package: how many of the period's setups or one-off charges other invoices bill
  // already, still to leave out (taken from its earliest assignments in the period first).
  const toLeaveOut = new Map<string, string>();
  const startsInPeriod = (a: Pick<CustomerPackage, 'startDate'>) => a.startDate >= period.start && a.startDate <= period.end;
  /** Of `quantity` charges billed once that an assignment starting in the period would bill, those no other invoice bills yet. */
  const notBilledYet = (charge: OnceCharge, pkg: Package, quantity: string): string => {
    if (options.invoices === undefined) return quantity;
    const key = `${charge}|${pkg.id}`;
    let leaveOut = toLeaveOut.get(key);
    if (leaveOut === undefined) {
      const inPeriod = assignments.filter((a) => a.packageId === pkg.id && startsInPeriod(a));
      const assignedNow = addDecimals('0', ...inPeriod.map((a) => String(a.quantity)));
      const billing = onceChargeBilling(charge, pkg.id, assignments, options.invoices, period.end);
      // What other invoices bill beyond the earlier assignments' items: this period's, already billed.
      const billedAlready = subtractDecimals(assignedNow, billing.unbilled);
      leaveOut = compareDecimals(billedAlready, '0') > 0 ? trimDecimal(billedAlready) : '0';
      if (leaveOut !== '0') {
        result.setupsLeftOut.push({
          charge,
          packageId: pkg.id,
          packageName: pkg.name,
          quantity: leaveOut,
          assigned: billing.assigned,
          billedOn: billing.billedOn,
          givenBackOn: billing.givenBackOn,
        });
      }
    }
    const left = subtractDecimals(quantity, leaveOut);
    const billedHere = compareDecimals(left, '0') > 0 ? trimDecimal(left) : '0';
    toLeaveOut.set(key, trimDecimal(subtractDecimals(leaveOut, subtractDecimals(quantity, billedHere))));
    return billedHere;
  };

  for (const { assignment, index } of ordered) {
    const field = `assignments[${index}]`;
    const pkgAt = packageIndex.get(assignment.packageId);
    if (pkgAt === undefined) throw new RangeError(`${field}.packageId names no package in the catalogue: ${assignment.packageId}`);
    const pkg = packages[pkgAt]!;
    if (assignment.endDate !== null && assignment.endDate < assignment.startDate) {
      throw new RangeError(`${field}.endDate must not be before its startDate (${assignment.endDate} < ${assignment.startDate})`);
    }
    if (!(Number.isSafeInteger(assignment.quantity) && assignment.quantity >= 1)) {
      throw new RangeError(`${field}.quantity must be a whole number ≥ 1, got ${assignment.quantity}`);
    }
    const retail = readPrice(pkg.retail, `packages[${pkgAt}].retail`);
    const setup = readPrice(pkg.setup, `packages[${pkgAt}].setup`);
    const window = activeWindow(assignment, period);

    // `!= 0` on purpose: a price is a number or, past 2^53 millionths, a BigInt.
    const setupQuantity = startsInPeriod(assignment) && setup != 0 ? notBilledYet('setup', pkg, String(assignment.quantity)) : '0';
    if (setupQuantity !== '0') {
      result.charges.push({
        kind: 'setup',
        description: `${pkg.name} (setup)`,
        startDate: assignment.startDate,
        endDate: assignment.startDate,
        quantity: setupQuantity,
        unit: 'each',
        unitPrice: pkg.setup,
        amount: null,
        calls: null,
        minutes: null,
        packageId: pkg.id,
      });
    }
    if (pkg.minimumSpend) {
      const topUp = minimumSpendTopUp(pkg, retail, assignment, period, `packages[${pkgAt}].matchDays`, usageLedger, options.earlierUsage);
      if (topUp !== null) result.topUps.push(topUp);
    }
    if (window === null) continue;

    const days = billingOccurrences(pkg, assignment.startDate, window, `packages[${pkgAt}].matchDays`);
    const occurrences = days.length;
    if (occurrences === 0) continue;

    // A one-off's charge is billed once, on the start day (occurrences is 1): like a setup, not
    // again when another invoice bills it already, and dated that day, as Add Invoice Item dates it
    // (lib/item-dates): it is one day's event, not a charge for the rest of the period.
    const charge = packageCharge(pkg, occurrences, assignment.quantity);
    const charged = !pkg.minimumSpend && retail != 0;
    const chargeQuantity = charged && pkg.frequency === 'none' ? notBilledYet('one-off', pkg, charge.quantity) : charge.quantity;
    const chargeDays: Period = pkg.frequency === 'none' ? { start: days[0]!, end: days[0]! } : window;
    if (charged && chargeQuantity !== '0') {
      result.charges.push({
        kind: 'package',
        ...charge,
        quantity: chargeQuantity,
        startDate: chargeDays.start,
        endDate: chargeDays.end,
        unitPrice: pkg.retail,
        amount: null,
        calls: null,
        minutes: null,
        packageId: pkg.id,
      });
    }

  }

  // Free minutes, once every assignment is checked: an assignment not active in the period may
  // still have taken calls of days before it that a later assignment's package period holds.
  const plan = freeMinutesPeriods(
    ordered.map((o) => o.assignment),
    packages,
    period,
  );
  let earlier: EarlierLedger | null = null;
  const earlierLedger = (): EarlierLedger | null => {
    if (options.earlierUsage === undefined) return null;
    if (earlier === null) {
      const table = asTable(options.earlierUsage);
      earlier = { table, remainingSeconds: table.billedSeconds.slice(), before: dayNumber(period.start) };
    }
    return earlier;
  };
  for (const [j, { assignment }] of ordered.entries()) {
    const pkg = packages[packageIndex.get(assignment.packageId)!]!;
    if (pkg.kind !== 'free-minutes' || !(pkg.freeMinutes > 0)) continue;
    const window = activeWindow(assignment, period);
    const perPeriod = pkg.freeMinutes * 60 * assignment.quantity;
    let allowances: Allowance[];
    if (pkg.frequency === 'none') {
      // A one-off bundle: its minutes for the calls of the invoice holding its start day, in its days.
      if (window === null || billingOccurrences(pkg, assignment.startDate, window).length === 0) continue;
      allowances = [{ start: dayNumber(window.start), end: dayNumber(window.end), seconds: perPeriod }];
    } else {
      const periods = plan.periods[j];
      if (periods === null || periods === undefined || periods.length === 0) continue;
      allowances = periods.map((p) => ({ start: dayNumber(p.start), end: dayNumber(p.end), seconds: perPeriod }));
    }
    const credit = freeMinutesCredit(usageLedger(), earlierLedger(), parsePrefixPattern(pkg.prefixPattern), window, allowances);
    if (credit !== null && window !== null) {
      result.credits.push({
        kind: 'free-minutes',
        description: freeMinutesDescription(pkg, credit.rate),
        startDate: window.start,
        endDate: window.end,
        quantity: credit.minutes,
        unit: 'min',
        unitPrice: credit.ratePerMinute,
        amount: credit.amount,
        calls: null,
        minutes: credit.minutes,
        packageId: pkg.id,
      });
    }
  }
  return result;
}

/**
 * A minimum-spend assignment's top-up on an invoice for `period`, or null when nothing falls short or
 * nothing is settled here: the commitment (retail × quantity per package period) of the package
 * periods the invoice settles against their usage (see the module comment). The days before the
 * period count `earlierUsage`'s charges exactly; the period's, the usage lines as billed when given.
 */
function minimumSpendTopUp(
  pkg: Package,
  retail: Units,
  assignment: CustomerPackage,
  period: Period,
  field: string,
  usageLedger: () => UsageLedger,
  earlierUsage: readonly Usage[] | UsageTable | undefined,
): InvoiceLineDraft | null {
  let days: Period;
  let count: number;
  const settled = settledCommitment(pkg, assignment, period, field);
  if (settled !== null) {
    days = settled.span;
    count = settled.periods * assignment.quantity;
  } else {
    const window = pkg.frequency === 'none' ? activeWindow(assignment, period) : null;
    if (window === null) return null;
    count = billingOccurrences(pkg, assignment.startDate, window, field).length * assignment.quantity;
    if (count === 0) return null;
    days = window;
  }
  const inPeriod = { start: maxDay(days.start, period.start), end: days.end };
  let spent = usageChargesIn(usageLedger(), inPeriod, period);
  if (days.start < period.start && earlierUsage !== undefined) {
    const earlier = asTable(earlierUsage);
    spent = addUnits(spent, chargesIn(earlier, { start: days.start, end: addDays(period.start, -1) }, null));
  }
  const commitment = multiplyUnits(retail, count); // millionths
  if (spent >= commitment) return null;
  return {
    kind: 'minimum-spend',
    description: minimumSpendDescription(pkg, commitment, spent),
    startDate: days.start,
    endDate: days.end,
    quantity: '1',
    unit: 'each',
    unitPrice: formatUnits(addUnits(commitment, negate(spent)), MAX_DECIMALS),
    amount: null,
    calls: null,
    minutes: null,
    packageId: pkg.id,
  };
}

/**
 * A free-minutes credit's description, saying the rate its minutes are valued at (the average
 * charge per minute of the matched usage, see the module comment): "DE Bundle 60 (free minutes at
 * $0.0405/min)". The line bills an amount, not minutes × a price, so neither the screen nor the PDF
 * shows it a unit price: its description is where both show the rate. `rate`: per minute, ≥ 0.
 */
export function freeMinutesDescription(pkg: Pick<Package, 'name' | 'currency'>, rate: string): string {
  return `${pkg.name} (free minutes at ${formatPrice(rate, pkg.currency)}/min)`;
}

/**
 * A minimum-spend top-up's description, saying what it compares: the commitment (retail × quantity
 * × occurrences) and the usage charges against it, before free-minute credits (see the module
 * comment). An invoice with a free-minutes credit nets below the commitment, and the line says
 * why: "Commit 10 (minimum spend $10.00: usage before free minutes $9.38)". Both figures are
 * rounded to the currency as the invoice shows money; the top-up is their difference (to the cent
 * but for the lines' rounding when a usage line straddles the window, see the module comment).
 */
export function minimumSpendDescription(pkg: Pick<Package, 'name' | 'currency'>, commitment: Units, spent: Units): string {
  const money = (units: Units) => formatMoney(formatUnits(units, MAX_DECIMALS), pkg.currency);
  return `${pkg.name} (minimum spend ${money(commitment)}: usage before free minutes ${money(spent)})`;
}

/**
 * The usage spent in the window, in millionths: the nets of the invoice's usage lines inside it when
 * each line lies wholly inside or outside it (what the invoice bills for those days), else the sum
 * of the usage charges in its days.
 */
function usageChargesIn(ledger: UsageLedger, window: Period, period: Period): Units {
  const whole = window.start === period.start && window.end === period.end;
  // The whole period: many assignments share the one sum.
  if (whole && ledger.total !== null) return ledger.total;
  const spent = billedLinesIn(ledger.billedLines, window) ?? chargesIn(ledger.table, window, period);
  if (whole) ledger.total = spent;
  return spent;
}

/** The nets of the billed usage lines inside the window; null when not given, or when one straddles its edge (or has no dates). */
function billedLinesIn(lines: readonly BilledUsageLine[] | undefined, window: Period): Units | null {
  if (lines === undefined) return null;
  let spent: Units = 0;
  for (const line of lines) {
    if (line.startDate === null || line.endDate === null) return null;
    if (line.endDate < window.start || line.startDate > window.end) continue;
    if (line.startDate < window.start || line.endDate > window.end) return null;
    spent = addUnits(spent, line.net);
  }
  return spent;
}

/** Sum of the usage charges in the window, in millionths. `period`: the days the table holds, when they are the window's (every row counts). */
function chargesIn(table: UsageTable, window: Period, period: Period | null): Units {
  const { days } = table;
  if (period !== null && window.start === period.start && window.end === period.end) {
    // The whole period: every row counts.
    let total: Units = 0;
    for (let i = 0; i < days.length; i++) total = addUnits(total, chargeAt(table, i));
    return total;
  }
  const first = dayNumber(window.start);
  const last = dayNumber(window.end);
  let spent: Units = 0;
  for (let i = 0; i < days.length; i++) {
    if (days[i]! >= first && days[i]! <= last) spent = addUnits(spent, chargeAt(table, i));
  }
  return spent;
}

/** A package price in millionths; errors name the field. */
function readPrice(value: string, field: string): Units {
  const units = readUnitsAtScale(value, MAX_DECIMALS, field);
  if (units < 0) throw new DecimalError(field, value, 'must not be negative');
  return units;
}

/** A package period's free seconds: its days (day numbers, see lib/dates dayNumber) and how many. */
interface Allowance {
  start: number;
  end: number;
  seconds: number;
}

/** The usage of the days before the period (packageLines' earlierUsage), as free minutes take it. */
interface EarlierLedger {
  table: UsageTable;
  /** Seconds of each row no bundle took yet, as the invoices of those days credited them. */
  remainingSeconds: Float64Array;
  /** The period's first day, as a day number: rows from it on are the period's, not earlier. */
  before: number;
}

/**
 * The rows of `table` in `first`..`last` (day numbers) on destinations starting with one of the
 * prefixes, earliest first, so the seconds taken never depend on the order rows arrived in (rows
 * equal in day, destination and seconds match the same bundles, so which is taken first is moot).
 */
function matchedRows(table: UsageTable, prefixes: readonly string[], first: number, last: number): number[] {
  const { days, destinationIds, destinations, billedSeconds } = table;
  // A few hundred destinations over many days: decide each destination once.
  const destinationMatches = destinations.map((destination) => prefixes.some((prefix) => destination.startsWith(prefix)));
  const matched: number[] = [];
  for (let i = 0; i < table.length; i++) {
    if (days[i]! >= first && days[i]! <= last && destinationMatches[destinationIds[i]!]) matched.push(i);
  }
  const destinationOf = (i: number) => destinations[destinationIds[i]!]!;
  matched.sort((x, y) => {
    const a = destinationOf(x);
    const b = destinationOf(y);
    return days[x]! - days[y]! || (a < b ? -1 : a > b ? 1 : 0) || billedSeconds[x]! - billedSeconds[y]!;
  });
  return matched;
}

/**
 * Takes the rows' seconds (earliest first) from the allowance of the package period holding each
 * row's day, marking them in `remaining`; rows on days no allowance holds are left. Returns the
 * seconds taken. `left`: each allowance's seconds still free, lowered as they are taken.
 */
function takeSeconds(table: UsageTable, rows: readonly number[], remaining: Float64Array, allowances: readonly Allowance[], left: number[]): number {
  const { days } = table;
  let taken = 0;
  let k = 0;
  for (const i of rows) {
    const day = days[i]!;
    while (k < allowances.length && allowances[k]!.end < day) k++;
    if (k === allowances.length) break;
    if (day < allowances[k]!.start || left[k] === 0) continue;
    const take = Math.min(remaining[i]!, left[k]!);
    remaining[i]! -= take;
    left[k]! -= take;
    taken += take;
  }
  return taken;
}

/**
 * A free-minutes assignment's credit for the not-yet-credited matching usage in the window: each
 * package period's allowance (ascending, disjoint) goes to the calls of its days, earliest first,
 * those of days before the period (`earlier`) first, as their invoices credited them; what is left
 * of it goes to its days in the window. Valued at the average charge per second of all the matching
 * usage in the window. Marks the seconds it takes, earlier ones too (a later assignment's period
 * may hold those days). Null when nothing in the window is credited (or there is no window).
 */
function freeMinutesCredit(
  ledger: UsageLedger,
  earlier: EarlierLedger | null,
  prefixes: readonly string[],
  window: Period | null,
  allowances: readonly Allowance[],
): { amount: string; minutes: string; rate: string; ratePerMinute: string } | null {
  const left = allowances.map((a) => a.seconds);
  if (earlier !== null && allowances[0]!.start < earlier.before) {
    const rows = matchedRows(earlier.table, prefixes, allowances[0]!.start, earlier.before - 1);
    takeSeconds(earlier.table, rows, earlier.remainingSeconds, allowances, left);
  }
  if (window === null) return null;
  const { table } = ledger;
  const matched = matchedRows(table, prefixes, dayNumber(window.start), dayNumber(window.end));
  let matchedSeconds = 0;
  let matchedCharge: Units = 0;
  for (const i of matched) {
    matchedSeconds += table.billedSeconds[i]!;
    matchedCharge = addUnits(matchedCharge, chargeAt(table, i));
  }
  if (matchedSeconds === 0) return null;
  const remaining = (ledger.remainingSeconds ??= table.billedSeconds.slice());
  const credited = takeSeconds(table, matched, remaining, allowances, left);
  if (credited === 0) return null;

  // All of the matched usage credited: exactly its charge; else charge × credited / matched seconds.
  const credit =
    credited === matchedSeconds ? matchedCharge : divideUnitsRounded(multiplyUnits(matchedCharge, credited), matchedSeconds, 'half-up');
  const ratePerMinute = divideUnitsRounded(multiplyUnits(matchedCharge, 60), matchedSeconds, 'half-up');
  return {
    amount: formatUnits(negate(credit), MAX_DECIMALS),
    minutes: formatUnits(divideUnitsRounded(credited * 10 ** MINUTES_DECIMALS, 60, 'half-up'), MINUTES_DECIMALS),
    rate: formatUnits(ratePerMinute, MAX_DECIMALS),
    ratePerMinute: formatUnits(negate(ratePerMinute), MAX_DECIMALS),
  };
}

function negate(units: Units): Units {
  return typeof units === 'number' ? (units === 0 ? 0 : -units) : -units;
}

/** A setup or package line as `onceChargeBilling` counts it: its kind, package, quantity and first day (a line without dates counts on any day). */
export type SetupLineLike = Pick<InvoiceLine, 'kind' | 'packageId' | 'quantity'> & { startDate?: string | null; unitPrice?: string };

/**
 * The items a line of a charge billed once counts for: its quantity, negated when its price is
 * below zero (a credit note refunding a setup as 1 × -10.00 gives one back, as -1 × 10.00 does).
 */
export function onceChargeItems(line: Pick<SetupLineLike, 'quantity' | 'unitPrice'>): string {
  const refundPrice = line.unitPrice !== undefined && isDecimalString(line.unitPrice) && compareDecimals(line.unitPrice, '0') < 0;
  return refundPrice ? negateDecimal(line.quantity) : line.quantity;
}

/** An invoice with (at least) its setup lines, and its package lines where one-off charges count. */
export interface InvoiceSetups {
  invoice: Invoice;
  lines: readonly SetupLineLike[];
}

/** How a package's setup fee stands for a customer: what is assigned, what invoices bill already. */
export interface SetupFeeBilling {
  /** Items of the package assigned to the customer, over all its assignments of it (up to `through`). */
  assigned: string;
  /** The invoices (not void) whose setup lines of the package bill some, with how many, in the order given. */
  billedOn: { invoice: Invoice; quantity: string }[];
  /** The invoices (not void) whose lines of the package give some back (a credit note's refund), with how many (above zero), in the order given. */
  givenBackOn: { invoice: Invoice; quantity: string }[];
  /** Assigned items whose setup no invoice bills yet; "0" when every one is billed. */
  unbilled: string;
  /** What Add Invoice Item fills in: the items not billed yet, or 1 when none is left (a setup billed again, knowingly). */
  quantity: string;
}

/**
 * A package's setup fee for a customer: the items assigned less those the customer's invoices
 * already bill, void ones aside. Counted by items, not matched to assignments: a setup line added
 * by hand carries the invoice's dates, not its assignment's start. The one count both Add Invoice
 * Item (what it fills in, the invoice being edited included as it is now) and Generate Invoice
 * (how many of a period's setups are billed already, see `packageLines`) go by.
 *
 * `through`: count only the assignments starting by that day, and the setup lines not dated after
 * it (a line without dates counts); lines dated after it count only for as many items as they bill
 * beyond the later assignments'. Generate Invoice counts through its period's end, so a setup
 * billed for a later assignment (generated on a later invoice: dated its start; added by hand to an
 * invoice of a later period: dated its period) does not stand for one of this period's, and an
 * earlier period generated again (its invoice voided) still bills its own setups; but one of this
 * period's billed late by hand (no later assignment to stand for) is not billed again. A refund
 * (`onceChargeItems` below zero) gives an item back: its invoice is named in `givenBackOn`, not `billedOn`.
 * `assignments`: the customer's; `invoices`: the customer's, with their lines (others are ignored).
 */
export function setupFeeBilling(
  packageId: string,
  assignments: readonly Pick<CustomerPackage, 'packageId' | 'quantity' | 'startDate'>[],
  invoices: readonly InvoiceSetups[],
  through?: string,
): SetupFeeBilling {
  return onceChargeBilling('setup', packageId, assignments, invoices, through);
}

/** A charge billed once per item assigned: a package's setup (its setup lines), a one-off package's charge (its package lines). */
export type OnceCharge = 'setup' | 'one-off';

/**
 * `setupFeeBilling` for either charge billed once per item: a one-off package's (frequency 'none')
 * charge is counted as its setup is, by its package lines' quantities (a refund's negative
 * quantity takes back what it refunds: billed no more, so billed again when generated).
 */
export function onceChargeBilling(
  charge: OnceCharge,
  packageId: string,
  assignments: readonly Pick<CustomerPackage, 'packageId' | 'quantity' | 'startDate'>[],
  invoices: readonly InvoiceSetups[],
  through?: string,
): SetupFeeBilling {
  const lineKind = charge === 'setup' ? 'setup' : 'package';
  const later = (day: string | null | undefined) => through !== undefined && day != null && day > through;
  const ofPackage = assignments.filter((a) => a.packageId === packageId);
  const items = (of: readonly Pick<CustomerPackage, 'quantity'>[]) => addDecimals('0', ...of.map((a) => String(a.quantity)));
  const assigned = trimDecimal(items(ofPackage.filter((a) => !later(a.startDate))));
  const assignedLater = items(ofPackage.filter((a) => later(a.startDate)));
  // Per invoice: the items its lines bill by `through`, and after it (signed: a refund gives back).
  const billing: { invoice: Invoice; by: string; after: string }[] = [];
  for (const { invoice, lines } of invoices) {
    if (invoice.status === 'void') continue;
    const counted = lines.filter((line) => line.kind === lineKind && line.packageId === packageId && isDecimalString(line.quantity));
    const by = addDecimals('0', ...counted.filter((line) => !later(line.startDate)).map(onceChargeItems));
    const after = addDecimals('0', ...counted.filter((line) => later(line.startDate)).map(onceChargeItems));
    billing.push({ invoice, by, after });
  }
  // Lines dated after `through` stand for the later assignments' items first; those beyond them
  // were billed late for these (a port-in fee of November charged by hand on a December invoice).
  const billedAfter = addDecimals('0', ...billing.map((b) => b.after));
  const lateForThese = compareDecimals(billedAfter, assignedLater) > 0;
  const excess = lateForThese ? subtractDecimals(billedAfter, assignedLater) : '0';
  const billedNet = addDecimals(excess, ...billing.map((b) => b.by));
  // Named: the invoices that bill some, and those that give some back (a credit note's refund
  // bills none, but counts: a note naming only what is billed would not add up).
  const billedOn: SetupFeeBilling['billedOn'] = [];
  const givenBackOn: SetupFeeBilling['givenBackOn'] = [];
  for (const { invoice, by, after } of billing) {
    const quantity = lateForThese ? addDecimals(by, after) : by;
    const sign = compareDecimals(quantity, '0');
    if (sign > 0) billedOn.push({ invoice, quantity: trimDecimal(quantity) });
    else if (sign < 0) givenBackOn.push({ invoice, quantity: trimDecimal(negateDecimal(quantity)) });
  }
  const left = subtractDecimals(assigned, billedNet);
  const unbilled = compareDecimals(left, '0') > 0 ? trimDecimal(left) : '0';
  return { assigned, billedOn, givenBackOn, unbilled, quantity: unbilled === '0' ? '1' : unbilled };
}
