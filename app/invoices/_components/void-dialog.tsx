'use client';

import { useId, useState } from 'react';
import { useModalDialog } from '../../_components/modal-dialog';
import { useSubmitOnce } from '../../_components/submit-once';

/**
 * `paid`: what payments have already put against the invoice (formatted), when anything; for a
 * credit note (`creditNote`), the credit of it applied to invoices. `onReplace`, when given, offers
 * Void and replace beside Void: the invoice is voided and a copy of it opens as a new draft.
 */
export function VoidDialog({
  paid,
  creditNote,
  onVoid,
  onReplace,
  onClose,
}: {
  paid?: string;
  creditNote?: boolean;
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
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} onCancel={onClose} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${ids}-title`}>{creditNote ? 'Void credit note' : 'Void invoice'}</h2>
        <p>A void invoice keeps its number and stays on record; it is no longer owed.</p>
        {onReplace && (
          <p>
            Void and replace also opens a copy of it as a new draft, to correct and issue: the new invoice says which one it replaces and gets the next number
            when issued.{paid && !creditNote ? ' It starts with nothing paid.' : ''}
          </p>
        )}
        {paid && creditNote && (
          <p className="warning" data-testid="void-paid-warning">
            {paid} of this credit note’s credit has been applied to invoices. Delete those applications under its Payments first, so the invoices owe it again; then it can be voided.
          </p>
        )}
        {paid && !creditNote && (
          <p className="warning" data-testid="void-paid-warning">
            {paid} has been paid against this invoice. The payments stay recorded against it once void: settle them with the customer (a refund, or a note on the next invoice), or delete a payment under this invoice’s Payments and record it again against the invoice that replaces it.
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
            Void invoice
          </button>
        </div>
      </form>
    </dialog>
  );
}
