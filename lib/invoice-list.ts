/**
 * The invoices list's arithmetic: the order of its Total column and the totals under it. Amounts in
 * different currencies are never compared or added at face value (€1,087 is not more than $802).
 */
import type { Invoice } from './entities';
import { addDecimals, compareDecimals } from './money';
import { invoiceBalance } from './payments';

/**
 * Totals by currency (by code, A to Z, whichever way the amounts run), then by amount, ascending
 * or, with `descending`, the largest first: each currency's invoices stay together, in the same
 * place in both directions, and compare only with each other.
 */
export function compareInvoiceTotals(a: Pick<Invoice, 'currency' | 'total'>, b: Pick<Invoice, 'currency' | 'total'>, descending = false): number {
  if (a.currency !== b.currency) return a.currency < b.currency ? -1 : 1;
  const byAmount = compareDecimals(a.total, b.total);
  return descending ? -byAmount : byAmount;
}

/**
 * Billing periods by their first day, then by their last (ascending, or the latest first with
 * `descending`). A period open at one end (only a start, or only an end) reads as unbounded there:
 * no start comes before any start, no end after any end. Invoices with no period at all (a manual
 * invoice) come last in both directions, as blanks do in a spreadsheet's sort.
 */
export function compareInvoicePeriods(
  a: Pick<Invoice, 'periodStart' | 'periodEnd'>,
  b: Pick<Invoice, 'periodStart' | 'periodEnd'>,
  descending = false,
): number {
  const aHasPeriod = a.periodStart !== null || a.periodEnd !== null;
  const bHasPeriod = b.periodStart !== null || b.periodEnd !== null;
  if (aHasPeriod !== bHasPeriod) return aHasPeriod ? -1 : 1;
  // ISO days compare as plain strings; '' sorts before every day and '~' after every one.
  const byDays = compareStrings(a.periodStart ?? '', b.periodStart ?? '') || compareStrings(a.periodEnd ?? '~', b.periodEnd ?? '~');
  return descending && byDays !== 0 ? -byDays : byDays;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The sums of one currency's issued invoices and credit notes (amounts in that currency, exact). */
export interface CurrencyTotals {
  currency: string;
  /** How many issued invoices and credit notes make up the sums. */
  invoices: number;
  /** Their totals added up, a credit note's (below zero) counting against the invoices': what was billed, net. */
  total: string;
  /** Their balances (lib/payments invoiceBalance) added up: still owed, less the credit left on credit notes (below zero when the credit is more). */
  balance: string;
}

export interface InvoiceListTotals {
  /** One entry per currency, by code. */
  byCurrency: CurrencyTotals[];
  /** The drafts and void invoices among those given, which the sums leave out. */
  drafts: number;
  voided: number;
}

/**
 * What a ledger would add up of the invoices given: the issued invoices and credit notes (numbered
 * or pending), per currency. Drafts are left out (not billed yet, they may still change or be
 * deleted), and so are void invoices (cancelled: neither billed nor owed, whatever was paid on them).
 */
export function invoiceListTotals(invoices: Iterable<Pick<Invoice, 'status' | 'currency' | 'total' | 'paid'>>): InvoiceListTotals {
  const byCurrency = new Map<string, CurrencyTotals>();
  let drafts = 0;
  let voided = 0;
  for (const invoice of invoices) {
    const balance = invoiceBalance(invoice);
    if (balance === null) {
      if (invoice.status === 'draft') drafts++;
      else voided++;
      continue;
    }
    const sums = byCurrency.get(invoice.currency) ?? { currency: invoice.currency, invoices: 0, total: '0', balance: '0' };
    byCurrency.set(invoice.currency, {
      currency: invoice.currency,
      invoices: sums.invoices + 1,
      total: addDecimals(sums.total, invoice.total),
      balance: addDecimals(sums.balance, balance),
    });
  }
  return { byCurrency: [...byCurrency.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0)), drafts, voided };
}
