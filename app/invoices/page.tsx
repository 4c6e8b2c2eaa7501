'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import { EmptyState } from '../_components/empty-state';
import { localDb } from '../_local/db';

export default function InvoicesPage() {
  const count = useLiveQuery(() => localDb().invoices.count(), []);
  return (
    <>
      <div className="page-head">
        <h1>Invoices</h1>
      </div>
      {count === 0 && <EmptyState title="No invoices yet">Generate one from a customer&apos;s page.</EmptyState>}
      {count !== undefined && count > 0 && <p>{count} invoices</p>}
    </>
  );
}
