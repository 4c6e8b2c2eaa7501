'use client';
/**
 * A page's record (customer, invoice, package) is not in this device's database: deleted, or, on a
 * device whose first sync has not finished, not downloaded yet (sync-messages recordNotDownloaded).
 */
import Link from 'next/link';
import { upperFirst } from '@/lib/text';
import { useSyncStatus } from '../_local/sync-status';
import { DocumentTitle } from './document-title';
import { recordNotDownloaded } from './sync-messages';

export function NotOnDevice({ thing, gone, back }: { thing: 'customer' | 'invoice' | 'package'; gone: string; back?: { href: string; label: string } }) {
  const sync = useSyncStatus();
  if (sync === undefined) return <p className="muted">Loading…</p>;
  const waiting = recordNotDownloaded(sync.status, thing);
  const title = waiting?.title ?? `${upperFirst(thing)} not found`;
  return (
    <>
      <DocumentTitle title={title} />
      <h1>{title}</h1>
      <p role="status">
        {waiting?.text ?? gone}
        {back && (
          <>
            {' '}
            <Link href={back.href}>{back.label}</Link>
          </>
        )}
      </p>
    </>
  );
}
