'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ACCOUNT_ID } from '@/lib/entities';
import { gettingStarted } from '@/lib/getting-started';
import { defaultAccount } from '@/lib/mutators';
import { listInWords } from '@/lib/text';
import { hasCompletedSync } from './_components/sync-messages';
import { localDb } from './_local/db';
import { useSyncStatus } from './_local/sync-status';

/**
 * The first screen after sign-in. Until the account has done every step of the way to its first
 * invoice (lib/getting-started: its data downloaded, so none is on its way), it shows those steps,
 * each a link, the ones done marked so; then only the sections, as the header has them.
 */
export default function HomePage() {
  const steps = useLiveQuery(async () => {
    const db = localDb();
    const [account, customers, packages, usage, invoices] = await Promise.all([db.account.get(ACCOUNT_ID), db.customers.count(), db.packages.count(), db.usage.count(), db.invoices.count()]);
    return gettingStarted(account ?? defaultAccount(), { customers, packages, usage, invoices });
  }, []);
  const sync = useSyncStatus();
  const shown = steps !== undefined && !steps.done && sync !== undefined && hasCompletedSync(sync.status);
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
      {shown && (
        <section className="card" aria-labelledby="getting-started-heading">
          <h2 id="getting-started-heading">Getting started</h2>
          <ol className="getting-started">
            <Step done={steps.account.length === 0}>
              <Link href="/settings">Fill in My Account</Link>: your company&apos;s details, printed as the seller on every invoice.
              {steps.account.length > 0 && ` Still empty: ${listInWords(steps.account)}.`}
            </Step>
            <Step done={steps.customers}>
              <Link href="/customer/edit">Add a customer</Link>, or <Link href="/customers/import">import customers from a CSV</Link>.
            </Step>
            <Step done={steps.packages}>
              <Link href="/packages">Set up packages</Link> (DID rentals, monthly fees, free-minute bundles) and assign them on the customer&apos;s page.
            </Step>
            <Step done={steps.usage}>
              <Link href="/usage/import">Import CDRs</Link>: the customers&apos; calls, billed as usage.
            </Step>
            <Step done={steps.invoices}>
              <Link href="/customers">Generate Invoice</Link> from the customer&apos;s page in Customers.
            </Step>
          </ol>
          {/* The demo goes only into an empty account. */}
          {!steps.customers && !steps.packages && !steps.invoices && (
            <p className="muted">
              To try it out first, load the demo carrier in <Link href="/settings">Settings</Link>.
            </p>
          )}
        </section>
      )}
    </>
  );
}

/** A step of Getting started; one done says so first, in words as well as in its look. */
function Step({ done, children }: { done: boolean; children: ReactNode }) {
  return (
    <li className={done ? 'step-done' : undefined}>
      {done && <strong>Done: </strong>}
      {children}
    </li>
  );
}
