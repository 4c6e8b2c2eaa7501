'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import { useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { ACCOUNT_ID } from '@/lib/entities';
import { localDb } from '../../_local/db';
import { CustomerForm } from '../_components/customer-form';
import { PrefetchRoutes } from '../../_components/prefetch-routes';
import { NotOnDevice } from '../../_components/not-on-device';

function EditCustomer() {
  const id = useSearchParams().get('id');
  // [row] wraps the result so "still loading" (undefined) differs from "no such customer" ([undefined]).
  const loaded = useLiveQuery(async () => {
    const db = localDb();
    const [customer, invoice, usage, payment, account, assignments] = await Promise.all([
      id ? db.customers.get(id) : undefined,
      id ? db.invoices.where('customerId').equals(id).first() : undefined,
      id ? db.usage.where('customerId').equals(id).first() : undefined,
      id ? db.payments.where('customerId').equals(id).first() : undefined,
      db.account.get(ACCOUNT_ID),
      id ? db.customerPackages.where('customerId').equals(id).toArray() : [],
    ]);
    // Packages are billed only in their own currency: another would strand them.
    const assigned = (await db.packages.bulkGet([...new Set(assignments.map((a) => a.packageId))])).filter((p) => p !== undefined);
    const packageCurrencies = [...new Set(assigned.map((p) => p.currency))].sort().join(', ');
    // The mutator refuses a currency change in these cases; the form says so up front.
    const currencyFixed = invoice
      ? 'Fixed: this customer already has invoices.'
      : usage
        ? 'Fixed: this customer already has usage (imported calls).'
        : payment
          ? 'Fixed: this customer already has payments.'
          : assigned.length > 0
            ? `Fixed: packages priced in ${packageCurrencies} are assigned to this customer (remove them to change it).`
            : undefined;
    return { customer, currencyFixed, currency: account?.currency ?? 'USD' };
  }, [id]);
  // Once the form has shown the customer it stays open if the customer is deleted meanwhile (on
  // another device): the form says so and keeps the user's edits on screen.
  const [shownId, setShownId] = useState<string | null>(null);
  if (id && loaded?.customer?.id === id && shownId !== id) setShownId(id);
  if (!loaded) return <p className="muted">Loading…</p>;
  if (id && !loaded.customer && shownId !== id) {
    return (
      <NotOnDevice thing="customer" gone="This customer does not exist on this device (it may have been deleted)." back={{ href: '/customers', label: 'Back to customers' }} />
    );
  }
  // Keyed by id so switching customers starts a fresh form rather than keeping the last one's edits.
  return <CustomerForm key={id ?? 'new'} customer={loaded.customer} currencyFixed={loaded.currencyFixed} defaultCurrency={loaded.currency} />;
}

export default function EditCustomerPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <PrefetchRoutes />
      <EditCustomer />
    </Suspense>
  );
}
