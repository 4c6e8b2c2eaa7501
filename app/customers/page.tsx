'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { useDeferredValue, useMemo, useState } from 'react';
import { customersToCsv } from '@/lib/csv';
import type { Customer } from '@/lib/entities';
import { EmptyState, NotDownloadedState } from '../_components/empty-state';
import { downloadText } from '../_components/download';
import { formatInteger } from '../_components/locale';
import { PrefetchRoutes } from '../_components/prefetch-routes';
import { hasCompletedSync } from '../_components/sync-messages';
import { VirtualTable, type VirtualColumn } from '../_components/virtual-table';
import { useAccountToday } from '../_local/account-today';
import { localDb } from '../_local/db';
import { useSyncStatus } from '../_local/sync-status';

type SortKey = 'name' | 'company' | 'status' | 'currency';
type StatusFilter = 'all' | 'active' | 'inactive';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Everything a user may search a customer by, lowercased once per customer rather than per keystroke. */
function searchText(c: Customer): string {
  return [c.name, c.company, c.externalId, ...c.contacts.flatMap((k) => [k.name, k.email, k.phone])].join('\n').toLowerCase();
}

const contactOf = (c: Customer) => c.contacts[0]?.email || c.contacts[0]?.name || '';

const customerKey = (c: Customer) => c.id;

/** On a phone each customer is a card: its name whole (wrapping) and its status, its company under them. */
const COLUMNS: VirtualColumn<Customer>[] = [
  {
    key: 'name',
    header: 'Name',
    width: 'minmax(0, 2fr)',
    phone: 'title',
    text: (c) => c.name,
    render: (c) => (
      <Link href={`/customer?id=${c.id}`} className="vt-primary">
        {c.name}
      </Link>
    ),
  },
  { key: 'company', header: 'Company', width: 'minmax(0, 2fr)', text: (c) => c.company, render: (c) => c.company },
  { key: 'contact', header: 'Contact', width: 'minmax(0, 2fr)', wide: true, text: contactOf, render: contactOf },
  { key: 'currency', header: 'Currency', width: '80px', wide: true, render: (c) => c.currency },
  { key: 'status', header: 'Status', width: '90px', phone: 'badge', render: (c) => <span className={`pill pill-${c.status}`}>{c.status === 'active' ? 'Active' : 'Inactive'}</span> },
];

export default function CustomersPage() {
  const customers = useLiveQuery(() => localDb().customers.toArray(), []);
  const today = useAccountToday();
  const sync = useSyncStatus();
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [sort, setSort] = useState<SortKey>('name');
  const [descending, setDescending] = useState(false);
  // Filtering 10,000 customers on every keystroke is fine deferred: typing stays responsive.
  const deferredQuery = useDeferredValue(query);

  const indexed = useMemo(() => (customers ?? []).map((c) => ({ c, text: searchText(c) })), [customers]);
  const shown = useMemo(() => {
    const terms = deferredQuery.toLowerCase().split(/\s+/).filter(Boolean);
    const rows = indexed.filter(({ c, text }) => (status === 'all' || c.status === status) && terms.every((t) => text.includes(t))).map(({ c }) => c);
    rows.sort((a, b) => collator.compare(a[sort], b[sort]) || collator.compare(a.name, b.name) || a.id.localeCompare(b.id));
    if (descending) rows.reverse();
    return rows;
  }, [indexed, deferredQuery, status, sort, descending]);

  return (
    <>
      <PrefetchRoutes />
      <div className="page-head">
        <h1>Customers</h1>
        <div className="actions">
          <Link href="/customers/import" className="button">
            Import CSV
          </Link>
          <button type="button" className="button" disabled={!customers?.length || !today} onClick={() => downloadText(`customers-${today}.csv`, customersToCsv(shown))}>
            Export CSV
          </button>
          <Link href="/customer/edit" className="button primary">
            New customer
          </Link>
        </div>
      </div>
      {customers?.length === 0 && sync && !hasCompletedSync(sync.status) && <NotDownloadedState status={sync.status} things="customers" />}
      {customers?.length === 0 && sync && hasCompletedSync(sync.status) && (
        <EmptyState title="No customers yet">
          <p>
            Add one with <strong>New customer</strong>, import a CSV, or load the demo carrier in <Link href="/settings">Settings</Link>.
          </p>
        </EmptyState>
      )}
      {customers !== undefined && customers.length > 0 && (
        <section className="card" aria-label="Customer list">
          <div className="toolbar" role="search">
            <div className="field grow">
              <label htmlFor="customer-search">Search customers</label>
              <input id="customer-search" type="search" value={query} placeholder="Name, company or contact" onChange={(e) => setQuery(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="customer-status">Status</label>
              <select id="customer-status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
                <option value="all">All</option>
                <option value="active">Active</option>
                <option value="inactive">Inactive</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="customer-sort">Sort by</label>
              <select id="customer-sort" value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
                <option value="name">Name</option>
                <option value="company">Company</option>
                <option value="status">Status</option>
                <option value="currency">Currency</option>
              </select>
            </div>
            <div className="field">
              <span className="field-label" id="customer-order-label">
                Order
              </span>
              <button type="button" className="button" aria-describedby="customer-order-label" aria-pressed={descending} onClick={() => setDescending((d) => !d)}>
                {descending ? 'Descending' : 'Ascending'}
              </button>
            </div>
          </div>
          <p className="muted" role="status">
            {shown.length === customers.length
              ? `${formatInteger(customers.length)} ${customers.length === 1 ? 'customer' : 'customers'}`
              : `${formatInteger(shown.length)} of ${formatInteger(customers.length)} customers`}
          </p>
          {shown.length > 0 ? <VirtualTable label="Customers" items={shown} columns={COLUMNS} getKey={customerKey} /> : <p>No customer matches.</p>}
        </section>
      )}
    </>
  );
}
