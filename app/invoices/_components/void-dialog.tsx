'use client';

import { useId, useState } from 'react';
import { useModalDialog } from '../../_components/modal-dialog';
import { useSubmitOnce } from '../../_components/submit-once';
import { listInWords } from '@/lib/text';

/**
 * `paid`: what payments have already put against the invoice (formatted), when anything; for a
 * credit note (`creditNote`), the credit of it applied to invoices. `creditMoves`: the payments (as
 * paymentDescription says them) that moved a credit note's credit to this invoice, or this credit
 * note's to invoices (lib/payments creditMovesOf). A credit note with any is refused by voidInvoice,
 * so the dialog says what to do instead and offers no Void; an invoice is voided, and what was paid
 * against it comes off it (lib/payments releasedByVoid), as the dialog says: money received becomes
 * the customer's credit, credit from a credit note goes back to it. `onReplace`, when given, offers
 * Void and replace beside Void: the invoice is voided and a copy of it opens as a new draft.
 */
export function VoidDialog({
  paid,
  creditNote,
  creditMoves = [],
  onVoid,
  onReplace,
  onClose,
}: {
  paid?: string;
  creditNote?: boolean;
  creditMoves?: readonly string[];
  onVoid: (reason: string) => Promise<string | null>;
  onReplace?: (reason: string) => Promise<string | null>;
  onClose: () => void;
}) {
  const ref = useModalDialog();
  const ids = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const once = useSubmitOnce();
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Which button submitted: Void and replace, or Void.
    const replace = (event.nativeEvent as SubmitEvent).submitter?.dataset.action === 'replace';
    await once.run(async () => {
      if (!reason.trim()) {
        setError(`A reason is required to void ${creditNote ? 'a credit note' : 'an invoice'}`);
        return false;
      }
      const problem = await (replace && onReplace ? onReplace : onVoid)(reason.trim());
      if (problem) setError(problem);
      return !problem;
    });
  }
  const title = creditNote ? 'Void credit note' : 'Void invoice';
  if (creditNote && creditMoves.length > 0) {
    return (
      <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} aria-describedby={`${ids}-blocked`} onCancel={onClose} onClose={onClose}>
        <h2 id={`${ids}-title`}>{title}</h2>
        <div id={`${ids}-blocked`} className="warning" data-testid="void-blocked">
          <p>
            This credit note cannot be voided while its credit is applied to invoices{paid ? ` (${paid} of it)` : ''}: voided, it would leave that credit spent on them.
            It was applied by {listInWords(creditMoves)}.
          </p>
          <p>
            To void it, first delete {creditMoves.length === 1 ? 'that application' : 'those applications'} under its Payments, so the invoices owe that amount again;
            then void it.
          </p>
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </dialog>
    );
  }
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} onCancel={onClose} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${ids}-title`}>{title}</h2>
        <p data-testid="void-effect">
          {creditNote
            ? // A credit note is owed to the customer, not by them: voiding it takes back the credit.
              "A void credit note keeps its number and stays on record; its credit can no longer be applied to the customer's invoices."
            : 'A void invoice keeps its number and stays on record; it is no longer owed.'}
        </p>
        {onReplace && (
          <p>
            Void and replace also opens a copy of it as a new draft, to correct and issue: the new invoice says which one it replaces and gets the next number
            when issued.{paid && !creditNote ? ' It starts with nothing paid.' : ''}
          </p>
        )}
        {paid && !creditNote && (
          <p className="warning" data-testid="void-paid-warning">
            {paid} has been paid against this invoice. A void invoice is owed nothing, so voiding takes it off: the money received becomes the customer’s credit,
            left on its payment, to apply to their other invoices{onReplace ? ' (the one replacing it, once issued)' : ''} with Apply credit on the customer’s page
            {creditMoves.length > 0 ? `; the credit applied from a credit note goes back to the credit note (${listInWords(creditMoves)})` : ''}.
          </p>
        )}
        <label className="field">
          <span>Reason</span>
          <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={!!error} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          {onReplace && (
            <button type="submit" className="button danger" data-action="replace">
              Void and replace
            </button>
          )}
          <button type="submit" className="button danger" data-action="void">
            {title}
          </button>
        </div>
      </form>
    </dialog>
  );
}

