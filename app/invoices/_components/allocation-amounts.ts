import { currencyExponent } from '@/lib/currencies';
import { decimalSchema } from '@/lib/entities';
import { addDecimals, compareDecimals, isInMinorUnits, specificDecimalProblem, subtractDecimals } from '@/lib/money';
import { formatAmount } from '../../_components/locale';

/**
 * The amounts typed per invoice in a dialog that splits money over invoices (a payment, an
 * application of credit), read as both check them: the filled ones (trimmed, by invoice id; a
 * zero, typed over an amount filled in for the clerk, is an invoice left out, as a blank is), the
 * first that is not a number (with `positive`, also one written with a minus), the first with more
 * decimals than the currency has, their sum when all are numbers, and the currency's decimals rule
 * in words.
 */
export function readAllocationAmounts(amounts: Readonly<Record<string, string>>, currency: string, { positive = false } = {}) {
  const filled = Object.entries(amounts)
    .map(([invoiceId, typed]) => [invoiceId, typed.trim()] as const)
    // A zero goes to no invoice: sent, the change would be refused at sync ("must be greater than zero").
    .filter(([, amount]) => amount !== '' && !isZero(amount));
  const invalid = filled.find(([, amount]) => !decimalSchema.safeParse(amount).success || (positive && amount.startsWith('-')));
  const fractional = invalid ? undefined : filled.find(([, amount]) => !isInMinorUnits(amount, currency));
  const total = invalid ? undefined : addDecimals('0', ...filled.map(([, amount]) => amount));
  const digits = currencyExponent(currency);
  const decimalsRule = digits === 0 ? 'are whole numbers' : `have at most ${digits} decimals`;
  return { filled, invalid, fractional, total, decimalsRule };
}

/** "0", "0.00", "+0": a number, and zero ("-0" is left to the check of its minus). */
function isZero(amount: string): boolean {
  return !amount.startsWith('-') && decimalSchema.safeParse(amount).success && compareDecimals(amount, '0') === 0;
}

/** A payment as the Record payment dialog has it typed: what was received, and the amounts per invoice and per credit note. */
export interface TypedPayment {
  /** The amount received as typed; blank: the sum of the amounts against invoices, less the credit taken. */
  received: string;
  /** By invoice id: what is put against each open invoice. */
  invoiceAmounts: Readonly<Record<string, string>>;
  /** By credit note id: the credit taken from each (typed positive). */
  creditAmounts: Readonly<Record<string, string>>;
}

/** What a typed payment comes to, or the first problem with it (in words for the clerk). */
export type PaymentEntry =
  | { problem: string }
  | {
      problem?: undefined;
      /** What is recorded as received. */
      amount: string;
      /** Invoices positive, credit notes negative (lib/mutators recordPayment). */
      allocations: { invoiceId: string; amount: string }[];
      /** What the payment leaves as the customer's credit (amount less the allocations). */
      unapplied: string;
    };

/**
 * Reads the Record payment dialog: each amount a number in the currency's minor units, each
 * invoice's at most its balance, each credit note's at most its credit left, the credit taken no
 * more than what goes to invoices (it is netted against them), and the amount received, when
 * typed, at least the net of the allocations: the rest stays as credit. `label` names an invoice
 * or credit note by id as the dialog shows it.
 */
/** Why a typed amount is not a positive amount: what to change in it where that can be named ("$5", "1,5"). */
export function positiveAmountProblem(typed: string): string {
  return specificDecimalProblem(typed.trim()) ?? 'must be a positive number like 12.50';
}

/**
 * What is wrong with the amount received as typed on its own (not a positive number, more
 * decimals than `currency` has), in the words Record payment refuses it with; undefined when it is
 * an amount, or blank. The dialog says it as it is typed.
 */
export function receivedAmountProblem(typed: string, currency: string): string | undefined {
  const received = typed.trim();
  if (received === '') return undefined;
  if (!decimalSchema.safeParse(received).success || received.startsWith('-')) return `The amount received ${positiveAmountProblem(received)}`;
  if (!isInMinorUnits(received, currency)) return `Amounts in ${currency} ${readAllocationAmounts({}, currency).decimalsRule}: check the amount received`;
  if (compareDecimals(received, '0') <= 0) return 'The amount received must be greater than zero';
  return undefined;
}

export function readPaymentEntry(
  typed: TypedPayment,
  currency: string,
  balances: { invoices: ReadonlyMap<string, string>; creditLeft: ReadonlyMap<string, string> },
  label: (id: string) => string,
): PaymentEntry {
  const money = (amount: string) => formatAmount(amount, currency);
  const invoices = readAllocationAmounts(typed.invoiceAmounts, currency, { positive: true });
  const credits = readAllocationAmounts(typed.creditAmounts, currency, { positive: true });
  const decimalsRule = invoices.decimalsRule;
  if (invoices.invalid) return { problem: `The amount for invoice ${label(invoices.invalid[0])} ${positiveAmountProblem(invoices.invalid[1])}` };
  if (credits.invalid) return { problem: `The credit to take from credit note ${label(credits.invalid[0])} ${positiveAmountProblem(credits.invalid[1])}` };
  const fractional = invoices.fractional ?? credits.fractional;
  if (fractional) return { problem: `Amounts in ${currency} ${decimalsRule}: check the amount for ${label(fractional[0])}` };
  for (const [invoiceId, amount] of invoices.filled) {
    const balance = balances.invoices.get(invoiceId) ?? '0';
    if (compareDecimals(amount, balance) > 0) return {
        problem: `Invoice ${label(invoiceId)} has ${money(balance)} left to pay, less than the ${money(amount)} entered: enter at most its balance, and the whole amount as the amount received (the rest stays as the customer's credit)`,
      };
  }
  for (const [creditNoteId, amount] of credits.filled) {
    const left = balances.creditLeft.get(creditNoteId) ?? '0';
    if (compareDecimals(amount, left) > 0) return { problem: `Credit note ${label(creditNoteId)} has ${money(left)} of credit left, less than the ${money(amount)} entered: enter at most that` };
  }
  const toInvoices = invoices.total ?? '0';
  const creditTaken = credits.total ?? '0';
  if (compareDecimals(creditTaken, toInvoices) > 0) {
    return { problem: `The credit taken from credit notes (${money(creditTaken)}) is more than the amounts put against invoices (${money(toInvoices)}): the credit is netted against invoices` };
  }
  const net = subtractDecimals(toInvoices, creditTaken);
  const received = typed.received.trim();
  if (received === '') {
    if (compareDecimals(net, '0') > 0) return { amount: net, allocations: allocationsOf(invoices.filled, credits.filled), unapplied: '0' };
    if (compareDecimals(creditTaken, '0') > 0) return { problem: 'Nothing is received: to apply a credit note alone, use Apply credit on the credit note' };
    return { problem: 'Enter the amount received, or the amount paid against at least one invoice' };
  }
  const receivedProblem = receivedAmountProblem(received, currency);
  if (receivedProblem) return { problem: receivedProblem };
  if (compareDecimals(net, received) > 0) {
    return { problem: `The amounts put against invoices come to ${money(net)}, more than the ${money(received)} received: lower them, or correct the amount received` };
  }
  return { amount: received, allocations: allocationsOf(invoices.filled, credits.filled), unapplied: subtractDecimals(received, net) };
}

function allocationsOf(invoices: readonly (readonly [string, string])[], credits: readonly (readonly [string, string])[]) {
  return [...invoices.map(([invoiceId, amount]) => ({ invoiceId, amount })), ...credits.map(([invoiceId, amount]) => ({ invoiceId, amount: subtractDecimals('0', amount) }))];
}
