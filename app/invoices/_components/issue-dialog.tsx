'use client';

import { useId, useState } from 'react';
import { cleanNumberPrefix } from '@/lib/invoice-numbers';
import { DialogActions } from '../../_components/form-actions';
import { useModalDialog } from '../../_components/modal-dialog';
import { useSubmitOnce } from '../../_components/submit-once';
import type { IssueNumbering } from '../../_local/issue-numbering';
import { SellerDetailsNotice } from './seller-details-notice';

/**
 * Asks before a draft is issued: issuing gives it the next number of its series and freezes it (a
 * correction then takes Void and replace), so the dialog shows what is about to go out: the
 * customer, the total with its currency and the due date (none for a credit note, which is not
 * paid), and the number it takes: the one the device expects (another device issuing first would
 * take it), or that it is assigned on sync. `warnings`: what else to weigh first (usage that changed since the draft was made, a date
 * before an invoice that already has a number). Cancel, or Escape, keeps the draft; a refusal shows
 * in the dialog.
 */
export function IssueDialog({
  documentName,
  customer,
  total,
  dueDate,
  numberPrefix,
  numbering,
  warnings,
  sellerNotice = '',
  onIssue,
  onClose,
}: {
  /** "Invoice" or "Credit note". */
  documentName: string;
  customer: string;
  /** Formatted, with its currency. */
  total: string;
  /** Formatted; none for a credit note. */
  dueDate?: string;
  /** The series' prefix ("INV-") as stored; empty when the numbers have none. */
  numberPrefix: string;
  numbering: IssueNumbering;
  warnings: readonly string[];
  /** What of the seller's details it would be issued without (lib/seller-details), or '': said, not asked. */
  sellerNotice?: string;
  onIssue: () => Promise<string | null>;
  onClose: () => void;
}) {
  const ref = useModalDialog();
  const ids = useId();
  const [error, setError] = useState('');
  const once = useSubmitOnce();
  const name = documentName.toLowerCase();
  // As the server will number it (lib/invoice-numbers invoiceNumber): a prefix stored before it was
  // cleaned on save may still hold a pasted tab or spaces, which the number will not.
  const prefix = cleanNumberPrefix(numberPrefix);
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    await once.run(async () => {
      const problem = await onIssue();
      if (problem) setError(problem);
      return !problem;
    });
  }
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} aria-describedby={`${ids}-what`} onCancel={onClose} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${ids}-title`}>Issue {name}</h2>
        <dl className="meta" data-testid="issue-summary">
          <div>
            <dt>Customer</dt>
            <dd>
              <bdi>{customer}</bdi>
            </dd>
          </div>
          <div>
            <dt>Total</dt>
            <dd>{total}</dd>
          </div>
          {dueDate && (
            <div>
              <dt>Due date</dt>
              <dd>{dueDate}</dd>
            </div>
          )}
        </dl>
        <p id={`${ids}-what`} data-testid="issue-number">
          {'known' in numbering
            ? `It takes the next number of its series, ${numbering.known} if no other device issues first, and can no longer be edited: a correction then takes Void and replace.`
            : `${numbering.onSync === 'offline' ? 'This device is offline' : 'Issues or a change of the number series made on this device are still waiting to sync'}, so the number is assigned on sync: the next of its series${prefix ? ` (${prefix}…)` : ''} when this issue reaches the server. It can no longer be edited: a correction then takes Void and replace.`}
        </p>
        {warnings.map((warning) => (
          <p key={warning} className="warning" data-testid="issue-warning">
            {warning}
          </p>
        ))}
        <SellerDetailsNotice text={sellerNotice} inDialog />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <DialogActions submitLabel={`Issue ${name}`} onCancel={onClose} />
      </form>
    </dialog>
  );
}
