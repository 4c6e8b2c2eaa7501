'use client';

import Link from 'next/link';
import type { Invoice } from '@/lib/entities';
import { invoiceNumberLabel, isCreditNote } from '@/lib/invoice-status';
import { compareDecimals, isZeroDecimal } from '@/lib/money';
import { formatAmount } from '../../_components/locale';

/** What an invoice is called: a total below zero makes a credit note (as its page and PDF say). */
export const documentName = (invoice: Pick<Invoice, 'total'>) => (isCreditNote(invoice) ? 'Credit note' : 'Invoice');

/**
 * What a replacement says of the void invoice it replaces, with a link to it; and, when that one
 * holds payments, that they stay there until moved by hand: nothing paid moves by itself.
 */
export function ReplacesNotice({ replacesId, replaced }: { replacesId: string; replaced: Invoice | undefined }) {
  if (!replaced) {
    return (
      <p className="card" data-testid="replaces">
        Replaces an invoice not on this device.
      </p>
    );
  }
  const replacedName = `${documentName(replaced).toLowerCase()} ${invoiceNumberLabel(replaced)}`;
  return (
    <p className="card" data-testid="replaces">
      Replaces {documentName(replaced).toLowerCase()} <Link href={`/invoice?id=${replacesId}`}>{invoiceNumberLabel(replaced)}</Link>
      {replaced.status === 'void' ? ' (void)' : ''}.
      {!isZeroDecimal(replaced.paid) && compareDecimals(replaced.total, '0') > 0 && (
        <>
          {' '}
          {formatAmount(replaced.paid, replaced.currency)} paid against {replacedName} stays recorded there: to count it here, delete those payments under
          that invoice&apos;s Payments and record them again against this one once it is issued.
        </>
      )}
    </p>
  );
}
