'use client';

import Link from 'next/link';
import type { Invoice } from '@/lib/entities';
import { invoiceNumberLabel, isCreditNote } from '@/lib/invoice-status';
import { compareDecimals, isZeroDecimal } from '@/lib/money';
import { formatDay } from '../../_components/locale';
import { Money } from '../../_components/money';

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
          <Money amount={replaced.paid} currency={replaced.currency} /> paid against {replacedName} stays recorded there: to count it here, delete those payments under
          that invoice&apos;s Payments and record them again against this one once it is issued.
        </>
      )}
    </p>
  );
}

/**
 * What a credit note made by Credit note… says of the invoice it credits: its number, linked, and its
 * date (the PDF prints both, as EU invoices must name the invoice they correct).
 */
export function CreditsNotice({ creditsId, credited, issued }: { creditsId: string; credited: Invoice | undefined; issued: boolean }) {
  if (!credited) {
    return (
      <p className="card" data-testid="credits">
        Credits an invoice not on this device.
      </p>
    );
  }
  return (
    <p className="card" data-testid="credits">
      Credits invoice <Link href={`/invoice?id=${creditsId}`}>{invoiceNumberLabel(credited)}</Link> of {formatDay(credited.invoiceDate)}
      {credited.status === 'void' ? (issued ? ' (void since)' : ' (void since: this credit note cannot be issued)') : ''}.
    </p>
  );
}

/** On an invoice's page, its credit notes (Credit note…), issued or draft, each linked with its total. */
export function CreditedByNotice({ creditNotes }: { creditNotes: readonly Invoice[] }) {
  if (creditNotes.length === 0) return null;
  return (
    <p className="card" data-testid="credited-by">
      Credited by{' '}
      {creditNotes.map((note, i) => (
        <span key={note.id}>
          {i > 0 && ', '}
          {note.status === 'draft' ? (
            // A draft has no number yet: it is named by its date, as drafts are elsewhere.
            <Link href={`/invoice?id=${note.id}`}>draft credit note of {formatDay(note.invoiceDate)}</Link>
          ) : (
            <>
              {note.status === 'void' ? 'void credit note' : 'credit note'} <Link href={`/invoice?id=${note.id}`}>{invoiceNumberLabel(note)}</Link>
            </>
          )}{' '}
          (<Money amount={note.total} currency={note.currency} />)
        </span>
      ))}
    </p>
  );
}
