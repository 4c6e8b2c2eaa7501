/**
 * Exact decimal money. Amounts travel as decimal strings ("12.50", "-0.004711"); this module is the
 * only place that turns them into numbers, and it never uses a binary float for a value.
 *
 * Why our own fixed point instead of decimal.js / big.js: we need addition, multiplication,
 * comparison, rounding to a scale in two modes and one rounded division. That is a few hundred lines
 * on native BigInt (Node 20 and every evergreen browser), with no dependency shipped to the client,
 * no global configuration (decimal.js's precision is process-wide, and too low a precision silently
 * rounds), and a fast path the library could not give us:
 *
 * - A value is `units × 10^-scale` with `units` an integer. The general path keeps `units` as a
 *   BigInt, so it is exact at any size.
 * - The hot paths (totals of a 20,000-line invoice, sums of 100,000 usage charges) keep `units` as
 *   a JS number while it is a safe integer (|units| < 2^53). Integer +, −, × and % on doubles are
 *   exact below 2^53, and every result is checked against that bound before it is trusted; anything
 *   that would not fit goes to BigInt. Both paths give the same strings, so callers never know.
 */
import type { RoundingMode } from './entities';
import { currencyExponent } from './currencies';

/** 'half-up' (halves away from zero, the default) or 'half-even'; defined once, beside the entities. */
export type { RoundingMode } from './entities';

/** Decimals kept by stored amounts: unit prices and per-call charges. */
export const MAX_DECIMALS = 6;
/** Integer digits allowed in a stored amount (a quadrillion minus one, in any currency). */
export const MAX_INTEGER_DIGITS = 15;

/** An exact decimal: the value is `units × 10^-scale`. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** A malformed or out-of-range amount; `field` names the input it came from. */
export class DecimalError extends RangeError {
  constructor(
    readonly field: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`${field} ${reason}, got ${JSON.stringify(value)}`);
    this.name = 'DecimalError';
  }
}

const STORED_DECIMAL = new RegExp(`^-?\\d{1,${MAX_INTEGER_DIGITS}}(\\.\\d{1,${MAX_DECIMALS}})?$`);
/** Any plain decimal: the exact results of products and sums may carry more than 6 decimals. */
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** True when `s` is a decimal string as we store it: at most 15 integer digits and 6 decimals. */
export function isDecimalString(s: unknown): s is string {
  return typeof s === 'string' && STORED_DECIMAL.test(s);
}

/**
 * Parses a stored amount (user input, a synced record): optional minus, 1 to 15 integer digits,
 * optional point and 1 to 6 decimals. Anything else ("1,2.3", "NaN", "1e400", " 1", "1.", ".5",
 * "0.1234567") throws a DecimalError naming `field`.
 */
export function parseDecimal(s: string, field = 'amount'): Decimal {
  if (typeof s !== 'string') throw new DecimalError(field, s, 'must be a decimal string');
  if (!STORED_DECIMAL.test(s)) throw new DecimalError(field, s, decimalProblem(s));
  return toDecimal(s, field);
}

/**
 * Why `s` is not a stored decimal, in words that say what to change: a % sign, a comma, a currency
 * sign or letters, or too many digits; else what a decimal looks like. The forms' and the
 * mutations' checks (lib/entities) and parseDecimal all say it this way.
 */
export function decimalProblem(s: string): string {
  return (
    specificDecimalProblem(s) ??
    `must be a decimal number with at most ${MAX_INTEGER_DIGITS} digits before the point and ${MAX_DECIMALS} after, like 12.50`
  );
}

/** What to change in `s` when something in it can be named (see decimalProblem); undefined when not. */
export function specificDecimalProblem(s: string): string | undefined {
  if (PLAIN_DECIMAL.test(s)) {
    const [integer = '', decimals = ''] = s.replace('-', '').split('.');
    if (decimals.length > MAX_DECIMALS) return `must have at most ${MAX_DECIMALS} decimals`;
    if (integer.length > MAX_INTEGER_DIGITS) return `must have at most ${MAX_INTEGER_DIGITS} integer digits`;
  }
  if (/\d/.test(s)) {
    if (s.includes('%')) return 'must be a number without the % sign, like 19.5';
    if (/^[-\d.,\s]+$/.test(s) && s.includes(',')) return 'must use a point for decimals and no thousands separators, like 1234.50';
    if (/[^-\d.\s]/.test(s)) return 'must be a number alone, with no currency sign or letters, like 12.50';
  }
  return undefined;
}

/** Parses any plain decimal string exactly, whatever its length (for computed values). */
function toDecimal(s: string, field: string): Decimal {
  if (typeof s !== 'string' || !PLAIN_DECIMAL.test(s)) {
    throw new DecimalError(field, s, 'must be a decimal number like 12.50 (digits, an optional minus and point)');
  }
  const point = s.indexOf('.');
  if (point < 0) return { units: BigInt(s), scale: 0 };
  return { units: BigInt(s.slice(0, point) + s.slice(point + 1)), scale: s.length - point - 1 };
}

/** The decimal's string with exactly `scale` decimals ("-0.50"); never "-0". */
export function decimalToString(d: Decimal): string {
  return formatUnits(d.units, d.scale);
}

// ---------------------------------------------------------------------------------------------
// Scaled integers: the shared core of both paths. `Units` is a safe-integer number or a BigInt.
// Exported for lib's hot loops (totals, grouping, packages); lib/index.ts does not re-export them.
// ---------------------------------------------------------------------------------------------

/** An integer count of 10^-scale steps: a number while it is a safe integer, else a BigInt. */
export type Units = number | bigint;

const POWERS_OF_TEN: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);
const BIG_POWERS_OF_TEN: bigint[] = [];

function bigPowerOfTen(exponent: number): bigint {
  let p = BIG_POWERS_OF_TEN[exponent];
  if (p === undefined) {
    p = 10n ** BigInt(exponent);
    BIG_POWERS_OF_TEN[exponent] = p;
  }
  return p;
}

/** Safe integers are exact in a double; beyond them +, × and % may round. */
function isSafe(n: number): boolean {
  return n <= Number.MAX_SAFE_INTEGER && n >= -Number.MAX_SAFE_INTEGER;
}

/** Back to a number when a BigInt result is small again, so later steps take the fast path. */
function shrink(n: bigint): Units {
  return n <= 9007199254740991n && n >= -9007199254740991n ? Number(n) : n;
}

/** Exact `a + b`. */
export function addUnits(a: Units, b: Units): Units {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    // Each operand is below 2^53 so the exact sum is below 2^54; if the rounded sum is safe the
    // exact one was too (rounding is monotonic and 2^53 is representable), hence exact.
    if (isSafe(sum)) return sum;
  }
  return shrink(BigInt(a) + BigInt(b));
}

/** Exact `a × b` (the scales add up: the caller keeps track). */
export function multiplyUnits(a: Units, b: Units): Units {
  if (typeof a === 'number' && typeof b === 'number') {
    const product = a * b;
    if (isSafe(product)) return product === 0 ? 0 : product;
  }
  return shrink(BigInt(a) * BigInt(b));
}

/** `units × 10^exponent`, exponent ≥ 0. */
function scaleUp(units: Units, exponent: number): Units {
  if (exponent === 0) return units;
  if (typeof units === 'number' && exponent < POWERS_OF_TEN.length) return multiplyUnits(units, POWERS_OF_TEN[exponent]!);
  return shrink(BigInt(units) * bigPowerOfTen(exponent));
}

/**
 * Divides by `divisor` (> 0) to an integer, rounding in `mode`: half-up sends halves away from
 * zero (0.125 → 0.13, −0.005 → −0.01), half-even to the even neighbour (0.125 → 0.12).
 */
export function divideUnitsRounded(units: Units, divisor: Units, mode: RoundingMode): Units {
  if (typeof units === 'number' && typeof divisor === 'number') {
    // % and the division of an exact multiple are exact for safe integers.
    const remainder = units % divisor;
    const quotient = (units - remainder) / divisor;
    const twiceRemainder = 2 * Math.abs(remainder);
    if (twiceRemainder < divisor) return quotient === 0 ? 0 : quotient;
    const awayFromZero = units < 0 ? quotient - 1 : quotient + 1;
    if (twiceRemainder > divisor || mode === 'half-up') return awayFromZero;
    return quotient % 2 === 0 ? (quotient === 0 ? 0 : quotient) : awayFromZero;
  }
  const n = BigInt(units);
  const d = BigInt(divisor);
  const quotient = n / d; // BigInt division truncates toward zero
  const remainder = n % d;
  const twiceRemainder = 2n * (remainder < 0n ? -remainder : remainder);
  const awayFromZero = n < 0n ? quotient - 1n : quotient + 1n;
  if (twiceRemainder < d) return shrink(quotient);
  if (twiceRemainder > d || mode === 'half-up') return shrink(awayFromZero);
  return shrink(quotient % 2n === 0n ? quotient : awayFromZero);
}

/** Re-expresses `units × 10^-from` with `to` decimals, rounding in `mode` when decimals are dropped. */
export function rescaleUnits(units: Units, from: number, to: number, mode: RoundingMode): Units {
  if (to >= from) return scaleUp(units, to - from);
  const drop = from - to;
  const divisor: Units = drop < POWERS_OF_TEN.length ? POWERS_OF_TEN[drop]! : bigPowerOfTen(drop);
  return divideUnitsRounded(units, divisor, mode);
}

const ZEROS: readonly string[] = Array.from({ length: 16 }, (_, i) => '0'.repeat(i));

/** ".00" to ".99" (and the 1- and 3-digit tables): minor units are formatted on every line, and a lookup allocates nothing. */
const FRACTIONS: (readonly string[] | undefined)[] = [];

function fractionTable(scale: number): readonly string[] {
  let table = FRACTIONS[scale];
  if (table === undefined) {
    table = Array.from({ length: 10 ** scale }, (_, f) => `.${String(f).padStart(scale, '0')}`);
    FRACTIONS[scale] = table;
  }
  return table;
}

/** `units × 10^-scale` as a string with exactly `scale` decimals; never "-0". */
export function formatUnits(units: Units, scale: number): string {
  if (typeof units === 'number' && scale < POWERS_OF_TEN.length) {
    // Hot path (every line net): split with exact integer % instead of slicing digit strings.
    const negative = units < 0;
    const magnitude = negative ? -units : units;
    if (scale === 0) return negative ? `-${magnitude}` : `${magnitude}`;
    const power = POWERS_OF_TEN[scale]!;
    const fraction = magnitude % power;
    const whole = (magnitude - fraction) / power;
    if (scale <= 3) return negative ? `-${whole}${fractionTable(scale)[fraction]!}` : `${whole}${fractionTable(scale)[fraction]!}`;
    const fractionDigits = `${fraction}`;
    const text = `${whole}.${ZEROS[scale - fractionDigits.length]!}${fractionDigits}`;
    return negative ? `-${text}` : text;
  }
  const negative = units < 0;
  let digits = String(negative ? -units : units);
  if (scale === 0) return negative ? `-${digits}` : digits;
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
  const text = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

/** Scale of the last successful `scanUnits`; a module variable so the hot loop allocates nothing. */
let scannedScale = 0;

/**
 * Fast path of parsing: the digits of a plain decimal as a safe-integer number (value = result ×
 * 10^-scannedScale), or NaN when the string is malformed or has more than 15 digits (the caller
 * then takes the BigInt path, which also produces the error message).
 */
function scanUnits(s: string): number {
  const length = s.length;
  if (length === 0 || length > 17) return Number.NaN;
  let i = 0;
  let negative = false;
  if (s.charCodeAt(0) === 45 /* - */) {
    negative = true;
    i = 1;
  }
  let units = 0;
  let digits = 0;
  let scale = -1; // −1 until the point is seen
  for (; i < length; i++) {
    const code = s.charCodeAt(i);
    if (code === 46 /* . */) {
      if (scale >= 0 || digits === 0) return Number.NaN;
      scale = 0;
      continue;
    }
    const digit = code - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    units = units * 10 + digit;
    digits++;
    if (scale >= 0) scale++;
  }
  if (digits === 0 || scale === 0 || digits > 15) return Number.NaN;
  scannedScale = scale < 0 ? 0 : scale;
  return negative && units !== 0 ? -units : units;
}

/**
 * Reads any plain decimal string into units and scale, fast path first (the scale is then
 * `lastReadScale()`). Throws a DecimalError naming the field on a malformed string: `field`, or
 * `field[index].property` when an index is given (built only on error, so hot loops allocate nothing).
 */
export function readUnits(s: string, field: string, index?: number, property?: string): Units {
  const fast = scanUnits(s);
  if (fast === fast) return fast; // not NaN
  const d = toDecimal(s, fieldName(field, index, property));
  scannedScale = d.scale;
  return shrink(d.units);
}

/**
 * Reads a stored amount as units of exactly `scale` decimals (millionths for 6), adding zeros
 * only: throws a DecimalError when the string has more decimals than `scale`, naming the field as
 * `readUnits` does.
 */
export function readUnitsAtScale(s: string, scale: number, field: string, index?: number, property?: string): Units {
  const units = readUnits(s, field, index, property);
  const from = scannedScale;
  if (from > scale) throw new DecimalError(fieldName(field, index, property), s, `must have at most ${scale} decimals`);
  if (from === scale) return units;
  if (typeof units === 'number') {
    const scaled = units * POWERS_OF_TEN[scale - from]!;
    if (isSafe(scaled)) return scaled;
  }
  return scaleUp(units, scale - from);
}

function fieldName(field: string, index: number | undefined, property: string | undefined): string {
  if (index === undefined) return field;
  return property === undefined ? `${field}[${index}]` : `${field}[${index}].${property}`;
}

/** The scale of the value last returned by `readUnits`. */
export function lastReadScale(): number {
  return scannedScale;
}

// ---------------------------------------------------------------------------------------------
// The string API.
// ---------------------------------------------------------------------------------------------

/** Exact sum; the result has as many decimals as the most precise term ("1.5" + "2" = "3.5"). No terms: "0". */
export function addDecimals(...amounts: string[]): string {
  let sum: Units = 0;
  let scale = 0;
  for (let i = 0; i < amounts.length; i++) {
    const units = readUnits(amounts[i]!, 'amounts', i);
    const termScale = scannedScale;
    if (termScale > scale) {
      sum = scaleUp(sum, termScale - scale);
      scale = termScale;
    }
    sum = addUnits(sum, scaleUp(units, scale - termScale));
  }
  return formatUnits(sum, scale);
}

/** Exact `a − b`. */
export function subtractDecimals(a: string, b: string): string {
  return addDecimals(a, negateDecimal(b));
}

/** `-a`, keeping its decimals; zero stays unsigned. */
export function negateDecimal(a: string): string {
  const units = readUnits(a, 'amount');
  const scale = scannedScale;
  return formatUnits(typeof units === 'number' ? (units === 0 ? 0 : -units) : -units, scale);
}

/** Exact product; its decimals are the sum of the operands' ("1.5" × "0.25" = "0.375"). */
export function multiplyDecimals(a: string, b: string): string {
  const unitsA = readUnits(a, 'a');
  const scaleA = scannedScale;
  const unitsB = readUnits(b, 'b');
  return formatUnits(multiplyUnits(unitsA, unitsB), scaleA + scannedScale);
}

/**
 * `a ÷ b` rounded to `scale` decimals in `mode`. Division is the one operation that is not exact,
 * so it always says where it rounds. Throws on division by zero.
 */
export function divideDecimals(a: string, b: string, scale: number, mode: RoundingMode = 'half-up'): string {
  const x = toDecimal(a, 'dividend');
  const y = toDecimal(b, 'divisor');
  if (y.units === 0n) throw new RangeError('divisor must not be zero');
  // a/b = (xu/10^xs) / (yu/10^ys); scaled by 10^scale: xu × 10^(scale + ys) / (yu × 10^xs).
  let numerator = x.units * bigPowerOfTen(scale + y.scale);
  let denominator = y.units * bigPowerOfTen(x.scale);
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  return formatUnits(divideUnitsRounded(numerator, denominator, mode), scale);
}

/** −1, 0 or 1 as `a` is less than, equal to or greater than `b` (by value: "1.50" equals "1.5"). */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const x = toDecimal(a, 'a');
  const y = toDecimal(b, 'b');
  const left = x.units * bigPowerOfTen(Math.max(0, y.scale - x.scale));
  const right = y.units * bigPowerOfTen(Math.max(0, x.scale - y.scale));
  return left < right ? -1 : left > right ? 1 : 0;
}

/** True when the amount is zero ("0", "-0.00"). */
export function isZeroDecimal(a: string): boolean {
  return readUnits(a, 'amount') == 0; // loose: 0 and 0n
}

/** True when the amount is above zero ("0.000001", "3"; not "0", "-0.00" or "-1"). */
export function isPositiveDecimal(a: string): boolean {
  return compareDecimals(a, '0') > 0;
}

/** The decimal without trailing zero decimals ("20.50" → "20.5", "7.000" → "7", "-0.0" → "0"). */
export function trimDecimal(a: string): string {
  const units = readUnits(a, 'amount');
  const trimmed = trimUnits(units, scannedScale);
  return formatUnits(trimmed.units, trimmed.scale);
}

/** `units × 10^-scale` with the fewest decimals that keep it exact (20.50 → 205 × 10^-1). */
export function trimUnits(units: Units, scale: number): { units: Units; scale: number } {
  if (typeof units === 'number') {
    while (scale > 0 && units % 10 === 0) {
      units /= 10;
      scale--;
    }
    return { units: units === 0 ? 0 : units, scale };
  }
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return { units: shrink(units), scale };
}

/** `amount` rounded to exactly `scale` decimals in `mode` (padding with zeros when it has fewer). */
export function roundDecimal(amount: string, scale: number, mode: RoundingMode = 'half-up'): string {
  const units = readUnits(amount, 'amount');
  return formatUnits(rescaleUnits(units, scannedScale, scale, mode), scale);
}

/**
 * `amount` rounded to the currency's minor unit, with exactly that many decimals:
 * ("0.125", "USD") → "0.13"; ("1250", "JPY") → "1250"; ("1.25", "BHD") → "1.250".
 * Half-up (halves away from zero) unless `mode` is 'half-even'. Throws on an unknown currency.
 */
export function roundToCurrency(amount: string, currency: string, mode: RoundingMode = 'half-up'): string {
  return roundDecimal(amount, currencyExponent(currency), mode);
}

/** Whether `amount` is a whole number of the currency's minor units: 12.50 USD is, 12.505 USD is not. */
export function isInMinorUnits(amount: string, currency: string): boolean {
  return compareDecimals(roundToCurrency(amount, currency), amount) === 0;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * The amount for people: `Intl.NumberFormat` with the currency, fed the exact decimal string
 * (Intl.NumberFormat v3 formats strings without converting them to a double), after rounding it
 * half-up to the currency's minor unit. ("1234.5", "EUR", "de-DE") → "1.234,50 €".
 * The default locale is fixed (en-US) so server, PDF and screen agree unless a locale is given.
 */
export function formatMoney(amount: string, currency: string, locale = 'en-US'): string {
  const digits = currencyExponent(currency);
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      // ISO 4217 digits, not CLDR's (which differ for a few currencies, e.g. cash rounding).
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      // A zero prints without a minus, however it was written ("-0").
      signDisplay: 'negative',
    });
    moneyFormats.set(key, format);
  }
  return format.format(roundDecimal(amount, digits) as `${number}`);
}

const priceFormats = new Map<string, Intl.NumberFormat>();

/**
 * A price for people, as a per-minute rate is written: the currency's decimals at least, up to 6
 * (MAX_DECIMALS, a rate's precision), not rounded to the minor unit. ("0.0405", "USD") → "$0.0405";
 * ("3.5", "JPY") → "¥3.5"; ("0.09", "USD") → "$0.09". The default locale is fixed (en-US), as
 * formatMoney's, so text stored on an invoice reads the same wherever it is shown.
 */
export function formatPrice(amount: string, currency: string, locale = 'en-US'): string {
  const key = `${locale}|${currency}`;
  let format = priceFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: currencyExponent(currency),
      maximumFractionDigits: MAX_DECIMALS,
      signDisplay: 'negative',
    });
    priceFormats.set(key, format);
  }
  return format.format(roundDecimal(amount, MAX_DECIMALS) as `${number}`);
}
