'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import { EmptyState } from '../_components/empty-state';
import { localDb } from '../_local/db';

export default function PackagesPage() {
  const count = useLiveQuery(() => localDb().packages.count(), []);
  return (
    <>
      <div className="page-head">
        <h1>Packages</h1>
      </div>
      {count === 0 && <EmptyState title="No packages yet" />}
      {count !== undefined && count > 0 && <p>{count} packages</p>}
    </>
  );
}
