'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import { useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { ACCOUNT_ID, currencySchema } from '@/lib/entities';
import { defaultAccount } from '@/lib/mutators';
import { localDb } from '../../_local/db';
import { PackageForm } from '../_components/package-form';
import { PrefetchRoutes } from '../../_components/prefetch-routes';
import { NotOnDevice } from '../../_components/not-on-device';

function EditPackage() {
  const params = useSearchParams();
  const id = params.get('id');
  // `?currency=` prices a new package in it (the customer page's link for a customer billed in it).
  const requestedCurrency = currencySchema.safeParse(params.get('currency')).data;
  // Wrapped so "loading" (undefined) differs from "not on this device" ({ pkg: undefined }).
  const loaded = useLiveQuery(async () => {
    const db = localDb();
    const [pkg, account] = await Promise.all([id ? db.packages.get(id) : undefined, db.account.get(ACCOUNT_ID)]);
    return { pkg, currency: requestedCurrency ?? account?.currency ?? defaultAccount().currency };
  }, [id, requestedCurrency]);
  // The mutator refuses a currency change once the package is assigned; the form says so up front.
  // Read on its own, so the package's row comes back after a save as soon as before (the form's
  // Back guard is timed on it).
  const assigned = useLiveQuery(async () => (id ? (await localDb().customerPackages.where('packageId').equals(id).count()) > 0 : false), [id]);
  const currencyFixed = assigned && loaded?.pkg ? `Fixed: the package is assigned to customers billed in ${loaded.pkg.currency}.` : undefined;
  // Once the form has shown the package it stays open if the package is deleted meanwhile (on
  // another device): the form says so and keeps the user's edits on screen.
  const [shownId, setShownId] = useState<string | null>(null);
  if (id && loaded?.pkg?.id === id && shownId !== id) setShownId(id);
  if (!loaded) return <p className="muted">Loading…</p>;
  if (id && !loaded.pkg && shownId !== id) {
    return (
      <NotOnDevice thing="package" gone="This package does not exist on this device (it may have been deleted)." back={{ href: '/packages', label: 'Back to packages' }} />
    );
  }
  return <PackageForm key={id ?? 'new'} pkg={loaded.pkg} defaultCurrency={loaded.currency} currencyFixed={currencyFixed} />;
}

export default function EditPackagePage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <PrefetchRoutes />
      <EditPackage />
    </Suspense>
  );
}
