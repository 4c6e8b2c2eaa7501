/**
 * The billing engine: the one import of the UI, the PDF, the server and any tool that touches
 * money. Pure and isomorphic (no React, Next, Dexie, Drizzle or tRPC). Each export's own JSDoc, at
 * its declaration, says what it does; this file says where to start.
 *
 * - Money (`./money`): amounts are decimal strings; parse, add, multiply, round, format them here
 *   and nowhere else. Never `parseFloat` an amount.
 * - Totals (`./totals`): `computeTotals`, the only way to total an invoice.
 * - Usage grouping (`./grouping`), packages (`./packages`), Generate Invoice (`./generate`).
 * - Days and billing days in a timezone (`./dates`).
 * - Entities and their zod schemas (`./entities`), currencies (`./currencies`).
 */

// Money: exact decimal strings.
export {
  /** Decimals kept by stored amounts (6). */
  MAX_DECIMALS,
  /** Integer digits allowed in a stored amount (15). */
  MAX_INTEGER_DIGITS,
  /** A malformed or out-of-range amount, with the field it came from. */
  DecimalError,
  /** Strict parse of a stored amount (at most 15 integer digits, 6 decimals) into an exact Decimal. */
  parseDecimal,
  /** True for a string in the stored amount format. */
  isDecimalString,
  /** The string of a Decimal with exactly its scale's decimals. */
  decimalToString,
  /** Exact sum of decimal strings. */
  addDecimals,
  /** Exact difference. */
  subtractDecimals,
  /** Exact negation. */
  negateDecimal,
  /** Exact product. */
  multiplyDecimals,
  /** Quotient rounded to a stated number of decimals. */
  divideDecimals,
  /** −1, 0 or 1 by value. */
  compareDecimals,
  /** True for any spelling of zero. */
  isZeroDecimal,
  /** True for an amount above zero. */
  isPositiveDecimal,
  /** Drops trailing zero decimals ("20.50" → "20.5"). */
  trimDecimal,
  /** Rounds to exactly n decimals, half-up or half-even. */
  roundDecimal,
  /** Rounds to the currency's minor unit with exactly its digits ("0.125" USD → "0.13"). */
  roundToCurrency,
  /** Locale- and currency-aware display of an exact amount ("$1,234.50"). */
  formatMoney,
} from './money';
export type {
  /** An exact decimal: units × 10^-scale, units a BigInt. */
  Decimal,
} from './money';

// Totals: the one totals function.
export {
  /** Line nets, per-rate tax (rounded once per rate), net, tax and total of an invoice's lines. */
  computeTotals,
} from './totals';
export type {
  /** What totals read of a line. */
  TotalsLine,
  /** Base and tax at one rate. */
  TaxBreakdown,
  /** The result of computeTotals. */
  InvoiceTotals,
} from './totals';

// Usage grouping.
export {
  /** Decimals of billed minutes on a usage line (2). */
  MINUTES_DECIMALS,
  /** A customer's usage rows within a period. */
  usageInPeriod,
  /** A customer's billable usage in a period, read once into columns (one pass, errors name the row). */
  selectBillableUsage,
  /** All the given usage rows read into columns. */
  prepareUsage,
  /** One usage line per destination, largest amount first. */
  groupUsageByDestination,
  /** One usage line per billing day, in day order. */
  groupUsageByDay,
  /** Usage lines grouped by the account's setting. */
  groupUsage,
  /** How an invoice's usage lines were grouped, read from the lines (null: no usage lines). */
  usageLineGrouping,
  /** "Name (prefix)" label of a destination. */
  destinationLabel,
} from './grouping';
export type {
  /** An invoice line before id, invoice, position and tax rate are set. */
  InvoiceLineDraft,
  /** Usage rows read once for billing: charges, days, destinations as typed columns. */
  UsageTable,
} from './grouping';

// Packages.
export {
  /** The days an assignment is active within a period. */
  activeWindow,
  /** The days a package bills on within a window. */
  billingOccurrences,
  /** Destination prefixes of a free-minutes pattern. */
  parsePrefixPattern,
  /** Charges, setups, free-minutes credits and minimum-spend top-ups of a customer's assignments. */
  packageLines,
} from './packages';
export type {
  /** The three kinds of package lines, by where they go on the invoice. */
  PackageLines,
} from './packages';

// Generate Invoice.
export {
  /** A draft invoice with all its lines for a customer and period. */
  generateInvoice,
  /** A Generate Invoice input that fails validation, with the field's path. */
  InvoiceInputError,
} from './generate';
export type {
  /** The input of generateInvoice. */
  GenerateInvoiceInput,
  /** The output of generateInvoice. */
  GeneratedInvoice,
} from './generate';

// Days.
export {
  /** The billing day of a CDR timestamp in a timezone. */
  billingDay,
  /** The billing day of an instant in epoch ms in a timezone. */
  billingDayAt,
  /** Today's calendar day in a timezone (the account's, for business days). */
  todayIn,
  /** The first instant of a day in a timezone (DST-aware). */
  startOfDayInZone,
  /** True for a known IANA timezone. */
  isTimeZone,
  /** True for a real `YYYY-MM-DD` day. */
  isDay,
  /** A day plus n days. */
  addDays,
  /** Days from start to end, inclusive. */
  inclusiveDayCount,
  /** Days in a month. */
  daysInMonth,
  /** ISO weekday, 1 Monday to 7 Sunday. */
  isoWeekday,
  /** A day as the integer yyyymmdd, for cheap comparisons in loops. */
  dayNumber,
  /** Days since 1970-01-01. */
  toEpochDay,
  /** The day of an epoch day. */
  fromEpochDay,
  /** The later of two days. */
  maxDay,
  /** The earlier of two days. */
  minDay,
} from './dates';

// Entities, their schemas and currencies.
export * from './entities';
export {
  /** Every ISO 4217 code we know. */
  CURRENCY_CODES,
  /** Minor-unit digits of a currency (USD 2, JPY 0, BHD 3). */
  currencyExponent,
} from './currencies';
