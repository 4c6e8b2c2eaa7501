'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import { useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { ACCOUNT_ID, currencySchema } from '@/lib/entities';
import { defaultAccount } from '@/lib/mutators';
import { localDb } from '../../_local/db';
import { PackageForm } from '../_components/package-form';
import { PrefetchRoutes } from '../../_components/prefetch-routes';

function EditPackage() {
  const params = useSearchParams();
  const id = params.get('id');
  // `?currency=` prices a new package in it (the customer page's link for a customer billed in it).
  const requestedCurrency = currencySchema.safeParse(params.get('currency')).data;
  // Wrapped so "loading" (undefined) differs from "not on this device" ({ pkg: undefined }).
  const loaded = useLiveQuery(async () => {
    const db = localDb();
    const [pkg, assignment, account] = await Promise.all([
      id ? db.packages.get(id) : undefined,
      id ? db.customerPackages.where('packageId').equals(id).first() : undefined,
      db.account.get(ACCOUNT_ID),
    ]);
    // The mutator refuses a currency change once the package is assigned; the form says so up front.
    const currencyFixed = assignment && pkg ? `Fixed: the package is assigned to customers billed in ${pkg.currency}.` : undefined;
    return { pkg, currencyFixed, currency: requestedCurrency ?? account?.currency ?? defaultAccount().currency };
  }, [id, requestedCurrency]);
  // Once the form has shown the package it stays open if the package is deleted meanwhile (on
  // another device): the form says so and keeps the user's edits on screen.
  const [shownId, setShownId] = useState<string | null>(null);
  if (id && loaded?.pkg?.id === id && shownId !== id) setShownId(id);
  if (!loaded) return <p className="muted">Loading…</p>;
  if (id && !loaded.pkg && shownId !== id) {
    return (
      <>
        <h1>Package not found</h1>
        <p>This package does not exist on this device (it may have been deleted).</p>
      </>
    );
  }
  return <PackageForm key={id ?? 'new'} pkg={loaded.pkg} defaultCurrency={loaded.currency} currencyFixed={loaded.currencyFixed} />;
}

export default function EditPackagePage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <PrefetchRoutes />
      <EditPackage />
    </Suspense>
  );
}
