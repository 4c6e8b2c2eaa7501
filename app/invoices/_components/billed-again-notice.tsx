'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { Fragment } from 'react';
import { billedAgain, type BilledAgain } from '@/lib/billed-again';
import type { Invoice, InvoiceLine } from '@/lib/entities';
import { localDb } from '../../_local/db';
import { periodParts } from '../../_components/locale';

/**
 * The customer's other invoices with their usage and package lines (live): what a copy's lines may
 * bill again. Undefined while it is read.
 */
function useBilledLines(customerId: string, id: string) {
  return useLiveQuery(async () => {
    if (!customerId) return [];
    const db = localDb();
    const invoices = (await db.invoices.where('customerId').equals(customerId).toArray()).filter((i) => i.id !== id && i.status !== 'void');
    const lines = await db.invoiceLines
      .where('invoiceId')
      .anyOf(invoices.map((i) => i.id))
      .filter((l) => l.kind === 'usage' || l.kind === 'package')
      .toArray();
    return invoices.map((invoice) => ({ invoice, lines: lines.filter((l) => l.invoiceId === invoice.id) }));
  }, [customerId, id]);
}

/** "the calls of Oct 1 – Oct 31, 2026 and DID rental (1 month each)": what `found` bills that the copy bills too. */
function what(found: BilledAgain): string {
  const parts = [
    ...(found.usage ? [`the calls of ${periodParts(found.usage.start, found.usage.end).join(' ')}`] : []),
    ...found.packageLines.map((line) => line.description || 'a package charge'),
  ];
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
}

/**
 * Duplicate's copy, before it is saved: says at once when its lines bill calls or package charges
 * that another invoice (not void) bills already, by number and linked, and what to do. Saved as
 * it is, the customer would be billed twice for them.
 */
export function BilledAgainNotice({ invoice, lines }: { invoice: Invoice; lines: readonly InvoiceLine[] }) {
  const others = useBilledLines(invoice.customerId, invoice.id);
  if (!others) return null;
  const found = billedAgain(invoice, lines, others);
  if (found.length === 0) return null;
  return (
    <div className="card warning" role="alert" data-testid="billed-again">
      <p>
        <strong>This copy bills again what is billed already.</strong>{' '}
        {found.map((f, i) => (
          <Fragment key={f.invoice.id}>
            {i > 0 && ' '}
            {i === 0 ? 'It bills ' : 'It also bills '}
            {what(f)}, already on{' '}
            <Link href={`/invoice?id=${f.invoice.id}`}>{f.invoice.number ?? (f.invoice.status === 'draft' ? 'a draft' : 'an invoice not yet numbered')}</Link>.
          </Fragment>
        ))}{' '}
        Before saving, change its period and those lines (delete them, or change their days) to bill something else, or the customer is billed twice for them.
      </p>
    </div>
  );
}
