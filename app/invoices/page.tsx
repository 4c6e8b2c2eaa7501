'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { InvoiceList } from './_components/invoice-list';

function Invoices() {
  const customerId = useSearchParams().get('customer') ?? undefined;
  return (
    <>
      <div className="page-head">
        <h1>Invoices</h1>
        <div className="actions">
          <Link href="/invoices/run" className="button">
            Billing run
          </Link>
          {/* The name starts with what the button shows, so a voice user saying "+" finds it (WCAG 2.5.3). */}
          <Link href={customerId ? `/invoice/edit?customer=${customerId}` : '/invoice/edit'} className="button primary" aria-label="+ New invoice">
            +
          </Link>
        </div>
      </div>
      <InvoiceList customerId={customerId} />
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
