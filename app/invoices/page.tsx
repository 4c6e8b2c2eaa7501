'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { DocumentTitle } from '../_components/document-title';
import { localDb } from '../_local/db';
import { InvoiceList } from './_components/invoice-list';

function Invoices() {
  // The list keeps its filters in the URL (InvoiceList): a customer's "View invoices" opens it
  // filtered by /invoices?customer=…, and the heading says so too.
  const customerId = useSearchParams().get('customer') ?? '';
  const customer = useLiveQuery(async () => (customerId ? ((await localDb().customers.get(customerId)) ?? null) : null), [customerId]);
  return (
    <>
      {customer && <DocumentTitle title={`Invoices: ${customer.name}`} />}
      <div className="page-head">
        <h1>
          Invoices
          {customer && (
            <>
              : <bdi>{customer.name}</bdi>
            </>
          )}
        </h1>
        <div className="actions">
          <Link href="/invoices/run" className="button">
            Billing run
          </Link>
          <Link href="/invoices/aging" className="button">
            Aging
          </Link>
          {/* The name starts with what the button shows, so a voice user saying "+" finds it (WCAG 2.5.3). */}
          <Link href={customerId ? `/invoice/edit?customer=${customerId}` : '/invoice/edit'} className="button primary" aria-label="+ New invoice">
            +
          </Link>
        </div>
      </div>
      <InvoiceList />
    </>
  );
}

export default function InvoicesPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <Invoices />
    </Suspense>
  );
}
