'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { hasCompletedSync } from './_components/sync-messages';
import { localDb } from './_local/db';
import { useSyncStatus } from './_local/sync-status';

/**
 * The first screen after sign-in. An account with no customers (its data downloaded, so none is on
 * its way) is shown the way to its first invoice, each step a link; one with customers only the
 * sections, as the header has them.
 */
export default function HomePage() {
  const customerCount = useLiveQuery(() => localDb().customers.count(), []);
  const sync = useSyncStatus();
  const gettingStarted = customerCount === 0 && sync !== undefined && hasCompletedSync(sync.status);
  return (
    <>
      <h1>Tollbook</h1>
      <div className="card">
        <p>Invoice your customers for call usage and packages, online or offline.</p>
        <p>
          <Link href="/invoices">Invoices</Link> · <Link href="/customers">Customers</Link> · <Link href="/packages">Packages</Link> ·{' '}
          <Link href="/usage/import">Usage</Link> (CDR import) · <Link href="/settings">Settings</Link>
        </p>
      </div>
      {gettingStarted && (
        <section className="card" aria-labelledby="getting-started-heading">
          <h2 id="getting-started-heading">Getting started</h2>
          <ol>
            <li>
              <Link href="/settings">Fill in My Account</Link>: your company&apos;s details, printed as the seller on every invoice.
            </li>
            <li>
              <Link href="/customer/edit">Add a customer</Link>, or <Link href="/customers/import">import customers from a CSV</Link>.
            </li>
            <li>
              <Link href="/packages">Set up packages</Link> (DID rentals, monthly fees, free-minute bundles) and assign them on the customer&apos;s page.
            </li>
            <li>
              <Link href="/usage/import">Import CDRs</Link>: the customers&apos; calls, billed as usage.
            </li>
            <li>
              <Link href="/customers">Generate Invoice</Link> from the customer&apos;s page in Customers.
            </li>
          </ol>
          <p className="muted">
            To try it out first, load the demo carrier in <Link href="/settings">Settings</Link>.
          </p>
        </section>
      )}
    </>
  );
}
