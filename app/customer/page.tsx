'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { localDb } from '../_local/db';
import { CustomerDetails } from './_components/customer-details';
import { CustomerInvoicesSection } from './_components/customer-invoices-section';
import { DeleteCustomerButton } from './_components/delete-customer-button';
import { CustomerPackages } from './_components/customer-packages';
import { CustomerPayments } from './_components/customer-payments';
import { CustomerUsage } from './_components/customer-usage';
import { DocumentTitle } from '../_components/document-title';
import { PageHeading } from '../_components/page-heading';
import { PrefetchRoutes } from '../_components/prefetch-routes';
import { NotOnDevice } from '../_components/not-on-device';

function CustomerView() {
  const id = useSearchParams().get('id') ?? '';
  // Wrapped so "loading" (undefined) differs from "not on this device" ({ customer: undefined }).
  const loaded = useLiveQuery(async () => ({ customer: id ? await localDb().customers.get(id) : undefined }), [id]);
  if (!loaded) return <p className="muted">Loading…</p>;
  const { customer } = loaded;
  if (!customer) {
    return (
      <NotOnDevice thing="customer" gone="This customer does not exist on this device (it may have been deleted)." back={{ href: '/customers', label: 'Back to customers' }} />
    );
  }
  return (
    <div className="stack">
      <DocumentTitle title={customer.name} />
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href="/customers">Customers</Link>
          </p>
          <PageHeading dir="auto">{customer.name}</PageHeading>
        </div>
        <div className="actions">
          <Link href={`/customer/statement?id=${customer.id}`} className="button">
            Statement
          </Link>
          <Link href={`/customer/edit?id=${customer.id}`} className="button">
            Edit customer
          </Link>
          <DeleteCustomerButton customer={customer} />
        </div>
      </div>
      <CustomerDetails customer={customer} />
      <CustomerInvoicesSection customer={customer} />
      <CustomerPayments customer={customer} />
      <CustomerPackages customer={customer} />
      <CustomerUsage customer={customer} />
    </div>
  );
}

export default function CustomerPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <PrefetchRoutes />
      <CustomerView />
    </Suspense>
  );
}
