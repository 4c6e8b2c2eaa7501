/**
 * THE totals of an invoice: the editor, the PDF and the server all call `computeTotals`, so they
 * agree to the minor unit. EN 16931 style:
 *   line net  = round(quantity × unitPrice), or round(amount) when the line carries an amount
 *               (usage lines: the unrounded sum of per-call charges; credits);
 *   tax       = per tax rate, round(sum of the nets at that rate × rate / 100), once per rate;
 *   total     = net + tax.
 * Every round is to the currency's minor unit in the invoice's rounding mode.
 */
import { currencyExponent } from './currencies';
import {
  type RoundingMode,
  type Units,
  DecimalError,
  addUnits,
  formatUnits,
  lastReadScale,
  multiplyUnits,
  readUnits,
  rescaleUnits,
  trimUnits,
} from './money';

/** What totals need of a line (an InvoiceLine has all of it). */
export interface TotalsLine {
  quantity: string;
  unitPrice: string;
  /** Percent, e.g. "20" or "7.5"; not negative. */
  taxRate: string;
  /** When set, the line's net is round(amount) instead of round(quantity × unitPrice). */
  amount?: string | null;
}

/** The tax at one rate: `tax = round(base × rate / 100)`. */
export interface TaxBreakdown {
  /** The rate without trailing zeros ("20", "7.5"). */
  rate: string;
  /** Sum of the nets of the lines at this rate. */
  base: string;
  tax: string;
}

/** All amounts are strings with exactly the currency's minor digits ("12.50", JPY "1250"). */
export interface InvoiceTotals {
  /** The net of each input line, in input order. */
  lines: { net: string }[];
  /** One entry per distinct rate (by value: "20" and "20.00" are one rate), ascending. */
  taxes: TaxBreakdown[];
  net: string;
  tax: string;
  total: string;
}

interface RateGroup {
  rate: string;
  rateUnits: Units;
  rateScale: number;
  base: Units;
}

/**
 * Totals of an invoice's lines in `currency`, rounding half-up unless `rounding` is 'half-even'.
 * Credits (negative lines) are allowed; no lines total zero. Throws a DecimalError naming the line
 * and field (`lines[3].unitPrice`) on a malformed amount or a negative tax rate, and a RangeError
 * on an unknown currency.
 */
export function computeTotals(
  lines: readonly TotalsLine[],
  currency: string,
  rounding: RoundingMode = 'half-up',
): InvoiceTotals {
  const minorDigits = currencyExponent(currency);
  const lineNets: { net: string }[] = new Array(lines.length);
  // Keyed by the rate string as written, so the common case (every line "20") costs one lookup;
  // rates equal in value but written differently share one group.
  const groupsByWrittenRate = new Map<string, RateGroup>();
  const groupsByRate = new Map<string, RateGroup>();

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let exact: Units;
    let exactScale: number;
    if (line.amount != null) {
      exact = readUnits(line.amount, 'lines', i, 'amount');
      exactScale = lastReadScale();
    } else {
      const quantity = readUnits(line.quantity, 'lines', i, 'quantity');
      const quantityScale = lastReadScale();
      const unitPrice = readUnits(line.unitPrice, 'lines', i, 'unitPrice');
      exact = multiplyUnits(quantity, unitPrice);
      exactScale = quantityScale + lastReadScale();
    }
    const net = rescaleUnits(exact, exactScale, minorDigits, rounding);
    lineNets[i] = { net: formatUnits(net, minorDigits) };

    let group = groupsByWrittenRate.get(line.taxRate);
    if (group === undefined) {
      const written = readUnits(line.taxRate, 'lines', i, 'taxRate');
      if (written < 0) throw new DecimalError(`lines[${i}].taxRate`, line.taxRate, 'must not be negative');
      const { units: rateUnits, scale: rateScale } = trimUnits(written, lastReadScale());
      const rate = formatUnits(rateUnits, rateScale);
      group = groupsByRate.get(rate);
      if (group === undefined) {
        group = { rate, rateUnits, rateScale, base: 0 };
        groupsByRate.set(rate, group);
      }
      groupsByWrittenRate.set(line.taxRate, group);
    }
    group.base = addUnits(group.base, net);
  }

  const groups = [...groupsByRate.values()].sort(compareRates);
  const taxes: TaxBreakdown[] = [];
  let netTotal: Units = 0;
  let taxTotal: Units = 0;
  for (const group of groups) {
    // base has the minor digits; × rate (rateScale decimals) / 100 adds rateScale + 2 decimals.
    const tax = rescaleUnits(
      multiplyUnits(group.base, group.rateUnits),
      minorDigits + group.rateScale + 2,
      minorDigits,
      rounding,
    );
    taxes.push({ rate: group.rate, base: formatUnits(group.base, minorDigits), tax: formatUnits(tax, minorDigits) });
    netTotal = addUnits(netTotal, group.base);
    taxTotal = addUnits(taxTotal, tax);
  }
  return {
    lines: lineNets,
    taxes,
    net: formatUnits(netTotal, minorDigits),
    tax: formatUnits(taxTotal, minorDigits),
    total: formatUnits(addUnits(netTotal, taxTotal), minorDigits),
  };
}

function compareRates(a: RateGroup, b: RateGroup): number {
  const scale = Math.max(a.rateScale, b.rateScale);
  // Re-expressing at the larger scale only appends zeros: exact, for any rate.
  const left = rescaleUnits(a.rateUnits, a.rateScale, scale, 'half-up');
  const right = rescaleUnits(b.rateUnits, b.rateScale, scale, 'half-up');
  return left < right ? -1 : left > right ? 1 : 0;
}
