/**
 * The invoices list's arithmetic: the order of its Total and Period columns, what its Paid column
 * (and the export) says was paid or applied, and the totals under it. Amounts in different
 * currencies are never compared or added at face value (€1,087 is not more than $802).
 */
import type { Invoice } from './entities';
import { addDecimals, compareDecimals, negateDecimal } from './money';
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

/**
 * What has been put against an invoice, as a billing user reads it, never below zero: on an
 * invoice, what it was paid (payments, and credit applied to it); on a credit note (a total below
 * zero), which nobody pays, how much of its credit has been applied to invoices so far (its `paid`
 * runs from 0 down to its total, so it is minus that). The list's Paid column, its totals and the
 * export's `paid` and `credit_applied` columns all read it.
 */
export type Settled = { kind: 'paid'; amount: string } | { kind: 'credit applied'; amount: string };

export function invoiceSettled(invoice: Pick<Invoice, 'total' | 'paid'>): Settled {
  if (compareDecimals(invoice.total, '0') < 0) return { kind: 'credit applied', amount: negateDecimal(invoice.paid) };
  return { kind: 'paid', amount: invoice.paid };
}

/** The sums of one currency's issued invoices and credit notes (amounts in that currency, exact). */
export interface CurrencyTotals {
  currency: string;
  /** How many issued invoices and credit notes make up the sums. */
  invoices: number;
  /** Their totals added up, a credit note's (below zero) counting against the invoices': what was billed, net. */
  total: string;
  /** What the invoices among them were paid (credit applied to them included), added up. */
  paid: string;
  /** How many of them are credit notes, and how much of their credit has been applied to invoices, added up (at least zero). */
  creditNotes: number;
  creditApplied: string;
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
 * or pending), per currency; their balances come to total − paid + credit applied (credit applied
 * to an invoice counts in its paid, and has left its credit note's credit). Drafts are left out (not billed yet, they may still change or be
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
    const sums = byCurrency.get(invoice.currency) ?? { currency: invoice.currency, invoices: 0, total: '0', paid: '0', creditNotes: 0, creditApplied: '0', balance: '0' };
    const settled = invoiceSettled(invoice);
    const creditNote = settled.kind === 'credit applied';
    byCurrency.set(invoice.currency, {
      currency: invoice.currency,
      invoices: sums.invoices + 1,
      total: addDecimals(sums.total, invoice.total),
      paid: creditNote ? sums.paid : addDecimals(sums.paid, settled.amount),
      creditNotes: sums.creditNotes + (creditNote ? 1 : 0),
      creditApplied: creditNote ? addDecimals(sums.creditApplied, settled.amount) : sums.creditApplied,
      balance: addDecimals(sums.balance, balance),
    });
  }
  return { byCurrency: [...byCurrency.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0)), drafts, voided };
}
