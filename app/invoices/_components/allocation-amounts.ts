import { currencyExponent } from '@/lib/currencies';
import { decimalSchema } from '@/lib/entities';
import { addDecimals, isInMinorUnits } from '@/lib/money';

/**
 * The amounts typed per invoice in a dialog that splits money over invoices (a payment, an
 * application of credit), read as both check them: the filled ones (trimmed, by invoice id), the
 * first that is not a number (with `positive`, also one written with a minus), the first with more
 * decimals than the currency has, their sum when all are numbers, and the currency's decimals rule
 * in words.
 */
export function readAllocationAmounts(amounts: Readonly<Record<string, string>>, currency: string, { positive = false } = {}) {
  const filled = Object.entries(amounts)
    .map(([invoiceId, typed]) => [invoiceId, typed.trim()] as const)
    .filter(([, amount]) => amount !== '');
  const invalid = filled.find(([, amount]) => !decimalSchema.safeParse(amount).success || (positive && amount.startsWith('-')));
  const fractional = invalid ? undefined : filled.find(([, amount]) => !isInMinorUnits(amount, currency));
  const total = invalid ? undefined : addDecimals('0', ...filled.map(([, amount]) => amount));
  const digits = currencyExponent(currency);
  const decimalsRule = digits === 0 ? 'are whole numbers' : `have at most ${digits} decimals`;
  return { filled, invalid, fractional, total, decimalsRule };
}
