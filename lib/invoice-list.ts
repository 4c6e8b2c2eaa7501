/**
 * The invoices list's filters and order as its URL keeps them, and its arithmetic: the order of its
 * Total and Period columns, what its Paid column (and the export) says was paid or applied, and the
 * totals under it. Amounts in different
 * currencies are never compared or added at face value (€1,087 is not more than $802).
 */
import { foldForSearch, searchCustomers, type CustomerIndex, type SearchableCustomer } from './customer-search';
import { isDay } from './dates';
import type { Invoice } from './entities';
import { INVOICE_DISPLAY_STATUSES, type InvoiceDisplayStatus, invoiceNumberLabel, isCreditNote } from './invoice-status';
import { addDecimals, compareDecimals, negateDecimal } from './money';
import { invoiceBalance } from './payments';

/** The columns the list sorts by. */
export type InvoiceSortKey = 'invoiceDate' | 'number' | 'customer' | 'period' | 'dueDate' | 'total';

/** What the list shows: its filters ('' for none) and its order, as its URL keeps them. */
export interface InvoiceListView {
  /** As typed (the list matches it trimmed). */
  search: string;
  status: InvoiceDisplayStatus | '';
  /** A customer's id; only where the list has a customer filter (not on the customer's own page). */
  customer: string;
  /** ISO days, the invoice dates' bounds (inclusive). */
  from: string;
  to: string;
  sort: { key: InvoiceSortKey; descending: boolean };
}

/** Every invoice, newest first. */
export const DEFAULT_INVOICE_LIST_VIEW: InvoiceListView = { search: '', status: '', customer: '', from: '', to: '', sort: { key: 'invoiceDate', descending: true } };

/** The sort columns by the names the URL gives them (`sort=due&dir=asc`): short, and what the headers say. */
const SORT_PARAMS: Readonly<Record<string, InvoiceSortKey>> = {
  date: 'invoiceDate',
  number: 'number',
  customer: 'customer',
  period: 'period',
  due: 'dueDate',
  total: 'total',
};
const SORT_PARAM_OF = Object.fromEntries(Object.entries(SORT_PARAMS).map(([param, key]) => [key, param])) as Record<InvoiceSortKey, string>;

/** The URL parameters the list owns; a page's others (the customer page's `id`) are left as they are. */
const VIEW_PARAMS = ['search', 'status', 'customer', 'from', 'to', 'sort', 'dir'] as const;

/**
 * What the list shows for its URL's parameters (the same list on a reload, Back/Forward, a
 * bookmark or a link someone sent). A value the list cannot show (status=foo, from=2026-13-45,
 * sort=bogus) is ignored, as if absent: that filter is off, or the order is the usual one (a
 * direction without a known column is ignored with it). A column without a direction sorts the
 * way its header does at the first press: newest first by date, ascending otherwise. With
 * `customerFilter` false (one customer's own list) the `customer` parameter is not the list's.
 */
export function invoiceListViewFromParams(params: URLSearchParams, customerFilter = true): InvoiceListView {
  const status = params.get('status') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const sortKey = SORT_PARAMS[params.get('sort') ?? 'date'];
  const direction = params.get('dir');
  return {
    search: params.get('search') ?? '',
    status: (INVOICE_DISPLAY_STATUSES as readonly string[]).includes(status) ? (status as InvoiceDisplayStatus) : '',
    customer: customerFilter ? (params.get('customer') ?? '') : '',
    from: isDay(from) ? from : '',
    to: isDay(to) ? to : '',
    sort: sortKey
      ? { key: sortKey, descending: direction === 'desc' || (direction !== 'asc' && sortKey === 'invoiceDate') }
      : DEFAULT_INVOICE_LIST_VIEW.sort,
  };
}

/**
 * `params` with the list's own parameters saying `view` (only what differs from the usual list:
 * plain /invoices for every invoice, newest first), in a fixed order after the page's others. With
 * `customerFilter` false, a `customer` parameter is the page's, left as it is.
 */
export function withInvoiceListView(params: URLSearchParams, view: InvoiceListView, customerFilter = true): URLSearchParams {
  const next = new URLSearchParams(params);
  const isDefaultSort = view.sort.key === DEFAULT_INVOICE_LIST_VIEW.sort.key && view.sort.descending === DEFAULT_INVOICE_LIST_VIEW.sort.descending;
  const values: Record<(typeof VIEW_PARAMS)[number], string> = {
    search: view.search.trim() ? view.search : '',
    status: view.status,
    customer: view.customer,
    from: view.from,
    to: view.to,
    sort: isDefaultSort ? '' : SORT_PARAM_OF[view.sort.key],
    dir: isDefaultSort ? '' : view.sort.descending ? 'desc' : 'asc',
  };
  const own = VIEW_PARAMS.filter((name) => name !== 'customer' || customerFilter);
  for (const name of own) next.delete(name);
  // In one order, after the page's own, whichever was set first: one list, one address.
  for (const name of own) if (values[name]) next.append(name, values[name]);
  return next;
}

/** An invoice found by the list's search, and the name it was issued to (lib/invoice-parties invoiceCustomerName). */
export type InvoiceSearch = (invoice: Pick<Invoice, 'status' | 'number' | 'customerId'>, issuedTo: string) => boolean;

/**
 * The invoices list's search: an invoice is found by its number ("INV-12", "draft"), by the name
 * it was issued to, or by its customer as the customer picker finds one (lib/customer-search: every
 * word in its name, company or external accounting id, case and accents aside), so "Acme Telecom
 * SARL" or "acme-01" finds Acme's invoices. Null for a blank query: every invoice is shown.
 */
export function invoiceSearch(customers: CustomerIndex<SearchableCustomer>, query: string): InvoiceSearch | null {
  const folded = foldForSearch(query).trim().replace(/\s+/g, ' ');
  if (folded === '') return null;
  const words = folded.split(' ');
  const found = new Set(searchCustomers(customers, query, customers.entries.length).shown.map((c) => c.id));
  // The list has up to 100,000 invoices of far fewer names: each name is folded once.
  const foldedNames = new Map<string, string>();
  const nameMatches = (name: string) => {
    let foldedName = foldedNames.get(name);
    if (foldedName === undefined) foldedNames.set(name, (foldedName = foldForSearch(name)));
    return words.every((word) => foldedName.includes(word));
  };
  return (invoice, issuedTo) => found.has(invoice.customerId) || foldForSearch(invoiceNumberLabel(invoice)).includes(folded) || nameMatches(issuedTo);
}

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
  if (isCreditNote(invoice)) return { kind: 'credit applied', amount: negateDecimal(invoice.paid) };
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

/**
 * What the list's totals say of how their figures reconcile, when credit notes are among them. Paid
 * less Credit applied is the money received that went to the invoices listed, not all the money
 * received: what a payment did not put against any invoice (an overpayment, a payment in advance,
 * one taken off an invoice voided since) is the customer's credit, in neither figure
 * (lib/payments `unappliedOf`; the customer's page shows it).
 */
export const TOTALS_IDENTITY_NOTE =
  'Balance = Total − Paid + Credit applied. A credit note’s total counts against Total, and the credit applied from it to an invoice counts again in that invoice’s Paid, so it is added back once. ' +
  'Paid includes that credit; Credit applied is how much of the credit notes’ credit has been used so far. Paid less Credit applied is the money received that went to the invoices listed, ' +
  'when the credit notes and the invoices their credit went to are listed together: money received and not put against any invoice (an overpayment, a payment in advance, or one taken off a void invoice) is the customer’s credit, in neither figure; the customer’s page shows it.';

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
