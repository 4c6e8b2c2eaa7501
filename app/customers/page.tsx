'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import { EmptyState } from '../_components/empty-state';
import { localDb } from '../_local/db';

export default function CustomersPage() {
  const count = useLiveQuery(() => localDb().customers.count(), []);
  return (
    <>
      <div className="page-head">
        <h1>Customers</h1>
      </div>
      {count === 0 && <EmptyState title="No customers yet" />}
      {count !== undefined && count > 0 && <p>{count} customers</p>}
    </>
  );
}
