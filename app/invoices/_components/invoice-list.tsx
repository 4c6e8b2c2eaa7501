'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { Dexie } from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { Fragment, useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { invoicesCsvFileName, invoicesToCsv } from '@/lib/csv';
import type { Customer, Invoice } from '@/lib/entities';
import { invoiceCustomerName } from '@/lib/invoice-parties';
import { INVOICE_DISPLAY_STATUSES, INVOICE_STATUS_MEANINGS, compareInvoiceNumbers, invoiceDisplayStatus, invoiceNumberLabel, invoiceStatusText, matchesStatusFilter, showsDueDate, type InvoiceDisplayStatus } from '@/lib/invoice-status';
import { DEFAULT_INVOICE_LIST_VIEW, compareInvoicePeriods, compareInvoiceTotals, invoiceListTotals, invoiceSearch, invoiceSettled, TOTALS_IDENTITY_NOTE, type InvoiceListTotals, type InvoiceSortKey } from '@/lib/invoice-list';
import { indexCustomers } from '@/lib/customer-search';
import { compareDecimals, negateDecimal } from '@/lib/money';
import { invoiceBalance } from '@/lib/payments';
import { CustomerPicker } from '../../_components/customer-picker';
import { CardCell, CardRow, PhoneCardsTable, type CardColumn } from '../../_components/phone-cards';
import { downloadText } from '../../_components/download';
import { NotDownloadedState } from '../../_components/empty-state';
import { usePhoneWidth } from '../../_components/phone-width';
import { countOf, formatAmount, formatDay, formatInteger, periodParts } from '../../_components/locale';
import { hasCompletedSync } from '../../_components/sync-messages';
import { accountToday, useAccountToday } from '../../_local/account-today';
import { localDb } from '../../_local/db';
import { useSyncStatus } from '../../_local/sync-status';
import { StatusBadge } from './status-badge';
import { useInvoiceListView } from './use-invoice-list-view';

interface Row {
  invoice: Invoice;
  /** The name the invoice was issued to (what it prints), else the customer's: shown, sorted and exported. */
  customerName: string;
  status: InvoiceDisplayStatus;
}

function rowOf(invoice: Invoice, liveName: string, status: InvoiceDisplayStatus): Row {
  return { invoice, customerName: invoiceCustomerName(invoice, liveName), status };
}

/**
 * A row's height as first guessed, before the list measures it: one line at a desk; on a phone, where
 * each row stacks into three lines (globals.css) and a long customer name wraps, more. The guess only
 * sizes the rows not drawn yet; the ones on screen take their measured height.
 */
const ROW_HEIGHT = 52;
const PHONE_ROW_HEIGHT = 76;
/** Rows read first through the date index, so the list shows before every invoice is loaded. */
const FIRST_ROWS = 100;

function compareField(key: Exclude<InvoiceSortKey, 'total' | 'period'>): (a: Row, b: Row) => number {
  switch (key) {
    case 'customer':
      return (a, b) => a.customerName.localeCompare(b.customerName);
    case 'number':
      // Pending numbers sort last; numbers of one series compare naturally ("INV-9" < "INV-10").
      return (a, b) => compareInvoiceNumbers(a.invoice.number, b.invoice.number);
    default:
      // ISO days compare correctly as plain strings (and far faster than localeCompare at 100,000 rows).
      return (a, b) => (a.invoice[key] < b.invoice[key] ? -1 : a.invoice[key] > b.invoice[key] ? 1 : 0);
  }
}

/**
 * Ties break by number (invoices of one day in the order they were numbered, drafts and pending
 * last), then by id (UUIDv7: creation order), the order of the date index the first rows come from;
 * descending reverses it all, except that totals keep their currencies in A to Z order and invoices
 * without a billing period stay last (lib/invoice-list).
 */
function compareRows(key: InvoiceSortKey, descending: boolean): (a: Row, b: Row) => number {
  const direction = descending ? -1 : 1;
  const byNumber = compareField('number');
  const byField: (a: Row, b: Row) => number =
    key === 'total'
      ? (a, b) => compareInvoiceTotals(a.invoice, b.invoice, descending)
      : key === 'period'
        ? (a, b) => compareInvoicePeriods(a.invoice, b.invoice, descending)
        : ((compare) => (a, b) => direction * compare(a, b))(compareField(key));
  return (a, b) => byField(a, b) || direction * (byNumber(a, b) || (a.invoice.id < b.invoice.id ? -1 : a.invoice.id > b.invoice.id ? 1 : 0));
}

/** A filter the list is narrowed by, as its chip shows it: what it is, and how to clear it alone. */
interface ActiveFilter {
  key: 'search' | 'status' | 'customer' | 'from' | 'to';
  text: ReactNode;
  /** The name of the chip's × button. */
  clearName: string;
  clear: () => void;
}

interface InvoiceListProps {
  /**
   * One customer's list (on the customer's page): only its invoices are read, and there is no
   * customer filter. Otherwise every invoice, with a customer filter (/invoices?customer=…, where a
   * customer's "View invoices" leads).
   */
  customerId?: string;
}

/**
 * Every invoice (or one customer's): search, sort, filter, totals, CSV export; virtualized for
 * 100,000 rows. The filters and the order live in the page's URL beside its own parameters
 * (use-invoice-list-view), so a reload, Back/Forward or a link sent shows the same list.
 */
export function InvoiceList({ customerId }: InvoiceListProps) {
  const db = localDb();
  const [view, changeView] = useInvoiceListView(!customerId);
  const { search, status, from, to, sort } = view;
  const customerFilter = customerId ? '' : view.customer;
  // The first rows of one customer's invoices, filtered or not, come from its own index.
  const indexedCustomer = customerId ?? (customerFilter || undefined);
  const newest = useLiveQuery(async () => {
    const head = indexedCustomer
      ? db.invoices.where('[customerId+invoiceDate]').between([indexedCustomer, Dexie.minKey], [indexedCustomer, Dexie.maxKey])
      : db.invoices.orderBy('invoiceDate');
    // Overdue counts in the account's days; its timezone is read beside the rows, not before them.
    const [invoices, day] = await Promise.all([head.reverse().limit(FIRST_ROWS).toArray(), accountToday(db)]);
    const owners = await db.customers.bulkGet([...new Set(invoices.map((i) => i.customerId))]);
    const names = new Map(owners.filter((c) => c !== undefined).map((c) => [c.id, c.name]));
    return invoices.map((invoice) => rowOf(invoice, names.get(invoice.customerId) ?? '', invoiceDisplayStatus(invoice, day)));
  }, [indexedCustomer]);
  // Everything (for search, sorting and filters) is read once the first rows are on screen, so the
  // big read does not queue ahead of the small one in IndexedDB.
  const firstRowsShown = newest !== undefined;
  const invoices = useLiveQuery(
    async () => {
      if (!firstRowsShown) return undefined;
      return customerId ? db.invoices.where('customerId').equals(customerId).toArray() : db.invoices.toArray();
    },
    [customerId, firstRowsShown],
  );
  const customers = useLiveQuery(async () => (firstRowsShown ? db.customers.toArray() : undefined), [firstRowsShown]);
  const today = useAccountToday();
  const sync = useSyncStatus();
  // Each keystroke of a search rewrites the current history entry; any other change is an entry of
  // its own, so Back returns to the filters before it. A date typed digit by digit changes the
  // field (and the list) at each digit: while the field keeps the focus, one entry for all of them.
  const dateBeingEdited = useRef<'from' | 'to' | null>(null);
  const setSearch = (value: string) => changeView({ search: value }, 'replace');
  const setStatus = (value: InvoiceDisplayStatus | '') => changeView({ status: value }, 'push');
  const setCustomerFilter = (value: string) => changeView({ customer: value }, 'push');
  const setDate = (field: 'from' | 'to', value: string) => {
    changeView({ [field]: value }, dateBeingEdited.current === field ? 'replace' : 'push');
    dateBeingEdited.current = field;
  };
  const query = useDeferredValue(search.trim());

  const names = useMemo(() => new Map((customers ?? []).map((c: Customer) => [c.id, c.name])), [customers]);
  const customersByName = useMemo(() => [...(customers ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [customers]);
  const customerIndex = useMemo(() => indexCustomers(customers ?? []), [customers]);
  const defaultView = !query && !status && !from && !to && sort.key === 'invoiceDate' && sort.descending;
  const allRows = useMemo(() => {
    if (!invoices || !customers || !today) return undefined;
    const all: Row[] = invoices.map((invoice) => rowOf(invoice, names.get(invoice.customerId) ?? '', invoiceDisplayStatus(invoice, today)));
    const found = invoiceSearch(customerIndex, query);
    const shown = all.filter(
      (r) =>
        (!found || found(r.invoice, r.customerName)) &&
        (!status || matchesStatusFilter(r.invoice, r.status, status)) &&
        (!customerFilter || r.invoice.customerId === customerFilter) &&
        (!from || r.invoice.invoiceDate >= from) &&
        (!to || r.invoice.invoiceDate <= to),
    );
    shown.sort(compareRows(sort.key, sort.descending));
    return shown;
  }, [invoices, customers, today, names, customerIndex, query, status, customerFilter, from, to, sort]);
  const totals = useMemo(() => (allRows ? invoiceListTotals(allRows.map((r) => r.invoice)) : undefined), [allRows]);
  // Until every invoice is loaded, the default view shows the newest ones straight from the index.
  const rows = allRows ?? (defaultView ? newest : undefined);
  const complete = allRows !== undefined;

  const scroller = useRef<HTMLDivElement>(null);
  const phone = usePhoneWidth();
  // Heights are kept per invoice, not per place: sorted again, a row keeps its own. (Memoized: the
  // virtualizer recomputes every row's place when it changes.)
  const rowKey = useCallback((index: number) => rows?.[index]?.invoice.id ?? index, [rows]);
  const virtualizer = useVirtualizer({
    count: rows?.length ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => (phone ? PHONE_ROW_HEIGHT : ROW_HEIGHT),
    getItemKey: rowKey,
    overscan: 10,
  });
  // Turned to or from a phone's width: the rows not on screen are guessed again at the new height.
  useEffect(() => virtualizer.measure(), [virtualizer, phone]);

  // Every filter set shows as a chip that clears it alone; with more than one, "Clear all" clears them together.
  const searched = search.trim();
  const activeFilters: ActiveFilter[] = [];
  if (searched) activeFilters.push({ key: 'search', text: <>Search: “<bdi>{searched}</bdi>”</>, clearName: 'Clear the search', clear: () => setSearch('') });
  if (status) activeFilters.push({ key: 'status', text: `Status: ${status}`, clearName: 'Clear the status filter', clear: () => setStatus('') });
  if (customerFilter) {
    const name = customers ? (names.get(customerFilter) ?? 'Unknown customer') : '…';
    activeFilters.push({ key: 'customer', text: <>Customer: <bdi>{name}</bdi></>, clearName: 'Clear the customer filter', clear: () => setCustomerFilter('') });
  }
  if (from) activeFilters.push({ key: 'from', text: `From: ${formatDay(from)}`, clearName: 'Clear the From date', clear: () => setDate('from', '') });
  if (to) activeFilters.push({ key: 'to', text: `To: ${formatDay(to)}`, clearName: 'Clear the To date', clear: () => setDate('to', '') });
  function clearAllFilters() {
    const { search, status, customer, from, to } = DEFAULT_INVOICE_LIST_VIEW;
    changeView({ search, status, from, to, ...(customerFilter ? { customer } : {}) }, 'push');
  }
  // A cleared chip takes the keyboard focus with it: it moves on to the chip now in its place (or
  // the last one left), else to the Search field, once the chips show the change.
  const chips = useRef<HTMLDivElement>(null);
  const searchField = useRef<HTMLInputElement>(null);
  // The meanings of the statuses, opened from over the Status filter.
  const [legendShown, setLegendShown] = useState(false);
  const statusFieldId = useId();
  const legendId = useId();
  const focusAfterClearing = useRef<{ place: number; filtersLeft: string } | null>(null);
  const activeFilterKeys = activeFilters.map((f) => f.key).join(' ');
  useEffect(() => {
    const pending = focusAfterClearing.current;
    if (pending === null || pending.filtersLeft !== activeFilterKeys) return;
    focusAfterClearing.current = null;
    const buttons = chips.current?.querySelectorAll<HTMLButtonElement>('button') ?? [];
    (buttons[Math.min(pending.place, buttons.length - 1)] ?? searchField.current)?.focus();
  }, [activeFilterKeys]);
  /** What a chip's × (or "Clear all") does: clear `cleared`, the filter at `place` (or all), and move the focus on. */
  function clearing(place: number, cleared: ActiveFilter | 'all') {
    return () => {
      const filtersLeft = cleared === 'all' ? [] : activeFilters.filter((f) => f !== cleared);
      focusAfterClearing.current = { place, filtersLeft: filtersLeft.map((f) => f.key).join(' ') };
      if (cleared === 'all') clearAllFilters();
      else cleared.clear();
    };
  }

  function exportCsv() {
    if (!rows) return;
    // The file is named by what the list holds (the page's own customer too), so two exports do not both read "invoices.csv".
    const fileCustomer = customerId ?? customerFilter;
    const fileName = invoicesCsvFileName({ search: search.trim(), status, customerName: fileCustomer ? (names.get(fileCustomer) ?? '') : '', from, to });
    downloadText(fileName, invoicesToCsv(rows));
  }

  // aria-sort belongs to the column header, not to the button inside it.
  const sortHeader = (key: InvoiceSortKey, label: string, className?: string) => (
    <span role="columnheader" className={className} aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
      <button type="button" className="sort" onClick={() => changeView({ sort: { key, descending: sort.key === key ? !sort.descending : false } }, 'push')}>
        {label}
        {sort.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''}
      </button>
    </span>
  );

  return (
    <section aria-label="Invoices">
      <div className="filters">
        <label className="field">
          <span>Search</span>
          <input ref={searchField} type="search" placeholder="Number, customer or accounting id" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        {/* Over the filter, the way to what its statuses mean (pending, credit and applied are not
            obvious); the meanings open under the filters, across their width. */}
        <div className="field status-filter">
          <span className="status-filter-head">
            <label htmlFor={statusFieldId}>Status</label>
            <button type="button" className="status-filter-toggle" aria-expanded={legendShown} aria-controls={legendId} onClick={() => setLegendShown((shown) => !shown)}>
              What the statuses mean
            </button>
          </span>
          <select id={statusFieldId} value={status} onChange={(e) => setStatus(e.target.value as InvoiceDisplayStatus | '')}>
            <option value="">All</option>
            {INVOICE_DISPLAY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        {!customerId && (
          <CustomerPicker
            label="Customer"
            customers={customersByName}
            value={customerFilter}
            onChange={setCustomerFilter}
            noneLabel="All customers"
            // A link's customer not (yet) on this device still shows as the filter, not as "All customers".
            missingLabel={customers ? 'Unknown customer' : ''}
          />
        )}
        <label className="field">
          <span>From</span>
          <input type="date" value={from} onChange={(e) => setDate('from', e.target.value)} onBlur={() => (dateBeingEdited.current = null)} />
        </label>
        <label className="field">
          <span>To</span>
          <input type="date" value={to} onChange={(e) => setDate('to', e.target.value)} onBlur={() => (dateBeingEdited.current = null)} />
        </label>
        <button type="button" className="button" onClick={exportCsv} disabled={!complete || !rows?.length}>
          Export CSV
        </button>
      </div>
      {/* Each status beside its meaning, the statuses in one column and the meanings in the next. */}
      <section id={legendId} className="status-legend" aria-label="What the statuses mean" hidden={!legendShown}>
        <dl>
          {INVOICE_DISPLAY_STATUSES.map((s) => (
            <Fragment key={s}>
              <dt>{s}</dt>
              <dd>{INVOICE_STATUS_MEANINGS[s]}</dd>
            </Fragment>
          ))}
        </dl>
      </section>
      {activeFilters.length > 0 && (
        <div ref={chips} className="active-filters" role="group" aria-label="Active filters">
          {activeFilters.map((filter, place) => (
            <span key={filter.key} className="chip" data-testid={`${filter.key}-filter-chip`}>
              <span>{filter.text}</span>
              <button type="button" className="chip-clear" aria-label={filter.clearName} title={filter.clearName} onClick={clearing(place, filter)}>
                ×
              </button>
            </span>
          ))}
          {activeFilters.length > 1 && (
            <button type="button" className="button small" onClick={clearing(0, 'all')}>
              Clear all
            </button>
          )}
        </div>
      )}
      {rows === undefined && <p className="muted">Loading…</p>}
      {rows?.length === 0 && complete && !invoices?.length && sync && !hasCompletedSync(sync.status) && <NotDownloadedState status={sync.status} things="invoices" />}
      {rows?.length === 0 && complete && (Boolean(invoices?.length) || (sync !== undefined && hasCompletedSync(sync.status))) && (
        <div className="card empty" role="status">
          <p>
            {!invoices?.length
              ? // Shown on the customer's own page too, under its Generate Invoice button: said for where it is.
                customerId
                ? 'No invoices for this customer yet. Generate Invoice makes one from its usage and packages.'
                : 'No invoices yet. Generate one from a customer’s page, or press + to start a blank one.'
              : from && to && to < from
                ? 'No invoice matches: the To date is before the From date.'
                : 'No invoice matches these filters.'}
          </p>
        </div>
      )}
      {rows && rows.length > 0 && (
        <div className="vtable" role="table" aria-label="Invoices" aria-rowcount={rows.length + 1}>
          <div className="vrow vhead" role="row">
            {sortHeader('number', 'Number', 'number')}
            {sortHeader('customer', 'Customer', 'customer')}
            {sortHeader('invoiceDate', 'Date', 'date')}
            {sortHeader('period', 'Period', 'period')}
            {sortHeader('dueDate', 'Due', 'hide-narrow')}
            {sortHeader('total', 'Total', 'num total')}
            <span role="columnheader" className="num hide-narrow" title={PAID_MEANING}>
              Paid
            </span>
            <span role="columnheader" className="num balance">Balance</span>
            <span role="columnheader" className="status">
              Status
            </span>
          </div>
          <div ref={scroller} className="vbody" data-testid="invoice-rows">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const r = rows[item.index]!;
                return (
                  <div
                    key={r.invoice.id}
                    ref={virtualizer.measureElement}
                    data-index={item.index}
                    className="vrow"
                    role="row"
                    aria-rowindex={item.index + 2}
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
                  >
                    <span role="cell" className="number">
                      <Link href={`/invoice?id=${r.invoice.id}`}>{invoiceNumberLabel(r.invoice)}</Link>
                    </span>
                    {/* A right-to-left name is cut at its end (the left), and shown whole on hover; on a phone it wraps, whole. */}
                    <span role="cell" className="customer ellipsis" dir="auto" title={r.customerName}>
                      {r.customerName}
                    </span>
                    <span role="cell" className="date">
                      {formatDay(r.invoice.invoiceDate)}
                    </span>
                    <span role="cell" className="period">
                      <Period invoice={r.invoice} />
                    </span>
                    <span role="cell" className="hide-narrow">
                      {/* A credit note is owed to the customer: it falls due on no day. */}
                      {showsDueDate(r.invoice, r.invoice) ? formatDay(r.invoice.dueDate) : ''}
                    </span>
                    <span role="cell" className="num total">
                      {formatAmount(r.invoice.total, r.invoice.currency)}
                    </span>
                    <span role="cell" className="num hide-narrow">
                      <Paid invoice={r.invoice} />
                    </span>
                    <span role="cell" className="num balance">
                      <Balance invoice={r.invoice} />
                    </span>
                    <span role="cell" className="status">
                      <StatusBadge status={r.status} text={invoiceStatusText(r.invoice, r.status)} />
                    </span>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
      {/* Outside the table: a table holds rows only. */}
      {rows && rows.length > 0 && (
        <p className="muted small" aria-live="polite">
          {complete ? `${formatInteger(rows.length)} of ${countOf(invoices?.length ?? 0, 'invoice', 'invoices')}` : `Newest ${formatInteger(rows.length)} invoices; loading the rest…`}
        </p>
      )}
      {rows && rows.length > 0 && totals && <ListTotals totals={totals} />}
    </section>
  );
}

/**
 * The columns of the list's totals. On a phone each currency is a card (globals.css totals-cards),
 * every figure labelled, so Total, Paid, Credit applied and Balance can be reconciled on screen.
 */
const TOTALS_COLUMN = {
  currency: { header: 'Currency', rowHeader: true },
  invoices: { header: 'Invoices', label: true, numeric: true },
  total: { header: 'Total', label: true, numeric: true },
  paid: { header: 'Paid', label: true, numeric: true, title: 'What the invoices were paid, credit applied to them included' },
  creditApplied: { header: 'Credit applied', label: true, numeric: true, title: 'How much of the credit notes’ credit has been applied to invoices' },
  balance: { header: 'Balance', label: true, numeric: true },
} satisfies Record<string, CardColumn>;

/** The columns in order; Credit applied's only when credit notes are listed. */
function totalsColumns(withCreditNotes: boolean): CardColumn[] {
  const { currency, invoices, total, paid, creditApplied, balance } = TOTALS_COLUMN;
  return withCreditNotes ? [currency, invoices, total, paid, creditApplied, balance] : [currency, invoices, total, paid, balance];
}

/**
 * The sums of the invoices the filters select, one line per currency (never added across
 * currencies), and what they leave out: drafts (not billed yet) and void invoices (not owed).
 */
function ListTotals({ totals }: { totals: InvoiceListTotals }) {
  const left = [totals.drafts > 0 && countOf(totals.drafts, 'draft', 'drafts'), totals.voided > 0 && countOf(totals.voided, 'void invoice', 'void invoices')].filter(Boolean);
  const note = `Totals of the issued invoices and credit notes listed, credit notes counting against them; drafts (not billed yet) and void invoices (not owed) are left out${
    left.length ? `: ${left.join(' and ')} here` : ''
  }.`;
  // Most lists hold no credit note: no column of zeros for them.
  const withCreditNotes = totals.byCurrency.some((t) => t.creditNotes > 0);
  return (
    <section className="list-totals" aria-label="Totals" data-testid="invoice-totals">
      {totals.byCurrency.length > 0 && (
        <PhoneCardsTable columns={totalsColumns(withCreditNotes)} className="lines totals-cards">
          {totals.byCurrency.map((t) => (
            <CardRow key={t.currency}>
              <CardCell column={TOTALS_COLUMN.currency}>{t.currency}</CardCell>
              <CardCell column={TOTALS_COLUMN.invoices}>{t.invoices}</CardCell>
              <CardCell column={TOTALS_COLUMN.total}>{formatAmount(t.total, t.currency)}</CardCell>
              <CardCell column={TOTALS_COLUMN.paid}>{formatAmount(t.paid, t.currency)}</CardCell>
              {withCreditNotes && <CardCell column={TOTALS_COLUMN.creditApplied}>{formatAmount(t.creditApplied, t.currency)}</CardCell>}
              <CardCell column={TOTALS_COLUMN.balance}>
                <BalanceAmount balance={t.balance} currency={t.currency} />
              </CardCell>
            </CardRow>
          ))}
        </PhoneCardsTable>
      )}
      <p className="muted small">{note}</p>
      {/* Total − Paid is not the Balance once credit notes are listed: the note says the identity the figures keep, and why. */}
      {withCreditNotes && (
        <p className="muted small" data-testid="totals-identity">
          {TOTALS_IDENTITY_NOTE}
        </p>
      )}
    </section>
  );
}

/**
 * What is still to settle (lib/payments invoiceBalance): nothing for a draft or a void invoice; a
 * credit note's credit left reads as credit, not as a negative amount owed.
 */
function Balance({ invoice }: { invoice: Invoice }) {
  const balance = invoiceBalance(invoice);
  if (balance === null) return null;
  return <BalanceAmount balance={balance} currency={invoice.currency} />;
}

/** The billing period, which wraps (on a phone) between its days, never inside one: "Nov 1 –" over "Nov 30, 2026". */
function Period({ invoice }: { invoice: Invoice }) {
  return periodParts(invoice.periodStart, invoice.periodEnd).map((part, i) => (
    <Fragment key={i}>
      {i > 0 && ' '}
      <span className="nowrap">{part}</span>
    </Fragment>
  ));
}

/** The Paid column's header says what its cells hold (a credit note's cell says "applied" too). */
const PAID_MEANING = 'What an invoice was paid; on a credit note, how much of its credit has been applied to invoices';

/**
 * What was put against an invoice (lib/invoice-list invoiceSettled): what it was paid, or on a
 * credit note, which nobody pays, how much of its credit has been applied, positive and saying so.
 */
function Paid({ invoice }: { invoice: Invoice }) {
  const settled = invoiceSettled(invoice);
  const amount = formatAmount(settled.amount, invoice.currency);
  if (settled.kind === 'paid') return <>{amount}</>;
  return <span title="Credit applied to invoices so far">{amount} applied</span>;
}

function BalanceAmount({ balance, currency }: { balance: string; currency: string }) {
  if (compareDecimals(balance, '0') < 0) return <>{formatAmount(negateDecimal(balance), currency)} credit</>;
  return <>{formatAmount(balance, currency)}</>;
}
