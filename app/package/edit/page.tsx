'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import { useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { localDb } from '../../_local/db';
import { PackageForm } from '../_components/package-form';
import { PrefetchRoutes } from '../../_components/prefetch-routes';

function EditPackage() {
  const id = useSearchParams().get('id');
  // Wrapped so "loading" (undefined) differs from "not on this device" ({ pkg: undefined }).
  const loaded = useLiveQuery(async () => ({ pkg: id ? await localDb().packages.get(id) : undefined }), [id]);
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
  return <PackageForm key={id ?? 'new'} pkg={loaded.pkg} />;
}

export default function EditPackagePage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <PrefetchRoutes />
      <EditPackage />
    </Suspense>
  );
}
