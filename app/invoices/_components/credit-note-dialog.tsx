'use client';

import Link from 'next/link';
import { useId } from 'react';
import { useModalDialog } from '../../_components/modal-dialog';
import type { Invoice } from '@/lib/entities';
import type { LeftToCredit } from '@/lib/credit-notes';
import { invoiceNumberLabel } from '@/lib/invoice-status';
import { formatAmount, formatDay } from '../../_components/locale';
import { listInWords } from '@/lib/text';

/** A credit note as the dialog names it: "credit note INV-9", or a draft by its date, "the draft credit note of Dec 7, 2026". */
export function creditNoteName(note: Invoice): string {
  return note.status === 'draft' ? `the draft credit note of ${formatDay(note.invoiceDate)}` : `credit note ${invoiceNumberLabel(note)}`;
}

/** "a", "a and b", "a, b and c". */

/**
 * Credit note… on an invoice that has credit notes already (lib/credit-notes leftToCredit), asked
 * before a new draft is made: when nothing is left to credit, it says so and by which credit notes,
 * and makes nothing; when a draft credit note of the invoice waits to be issued, it offers to open
 * that one, or to make another of what is left after it (what the draft gives back left out).
 */
export function CreditNoteDialog({
  invoice,
  left,
  onCreate,
  onClose,
}: {
  invoice: Invoice;
  left: LeftToCredit;
  /** Makes the new draft of what is left and opens it (a refusal shows on the page). */
  onCreate: () => Promise<void>;
  onClose: () => void;
}) {
  const ref = useModalDialog();
  const ids = useId();
  const number = invoiceNumberLabel(invoice);
  const links = (notes: readonly Invoice[]) => (
    <ul className="plain-list">
      {notes.map((note) => (
        <li key={note.id}>
          {/* The page stays mounted as it shows the credit note: the dialog closes as it goes. */}
          <Link href={`/invoice?id=${note.id}`} onClick={onClose}>
            Open {creditNoteName(note)}
          </Link> ({formatAmount(note.total, note.currency)})
        </li>
      ))}
    </ul>
  );
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} aria-describedby={`${ids}-text`} onCancel={onClose} onClose={onClose}>
      <h2 id={`${ids}-title`}>Credit note of invoice {number}</h2>
      {left.nothing ? (
        <div id={`${ids}-text`}>
          <p data-testid="credit-note-nothing-left">
            Invoice {number} is fully credited by {listInWords(left.creditedBy.map(creditNoteName))}: nothing is left to credit, so no new credit note was made.
            {left.drafts.length > 0 && ` ${left.drafts.length === 1 ? 'The draft is' : 'The drafts are'} not issued yet: open ${left.drafts.length === 1 ? 'it' : 'one'} to change what it gives back.`}
          </p>
          {links(left.creditedBy)}
        </div>
      ) : (
        <div id={`${ids}-text`}>
          <p data-testid="credit-note-draft-exists">
            Invoice {number} already has {listInWords(left.drafts.map(creditNoteName))}, not issued yet. Open {left.drafts.length === 1 ? 'it' : 'one'} to change what it gives back,
            or make a new credit note of the rest (what {left.creditedBy.length === 1 ? 'it gives' : 'its credit notes give'} back is left out).
          </p>
          {links(left.drafts)}
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {left.nothing ? 'Close' : 'Cancel'}
        </button>
        {!left.nothing && (
          <button type="button" className="button primary" onClick={() => void onCreate()}>
            New credit note of what is left
          </button>
        )}
      </div>
    </dialog>
  );
}
