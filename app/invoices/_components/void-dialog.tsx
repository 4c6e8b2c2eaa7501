'use client';

import Link from 'next/link';
import { useId, useState, type ReactNode, type RefObject } from 'react';
import { askBeforeClosing, useModalDialog } from '../../_components/modal-dialog';
import { useSubmitOnce } from '../../_components/submit-once';
import { listInWords } from '@/lib/text';

/** An issued credit note made by Credit note… that credits the invoice being voided: it must be voided first. */
export interface CreditingNote {
  id: string;
  /** Its number, or "pending". */
  number: string;
  /** The credit of it applied to invoices (formatted), when any: that application must be deleted before it can be voided. */
  applied?: string;
}

/**
 * Where what was paid against an invoice goes when it is voided (lib/payments voidReleases),
 * formatted: `toCredit`, the money received (the customer's credit now), when any; `creditBack`, the
 * credit applied from each credit note, which goes back to it ("$26.14 to credit note INV-3").
 */
export interface VoidPaidParts {
  toCredit?: string;
  creditBack: { amount: string; creditNote: string }[];
}

/**
 * What the Void dialog says of what was paid against an invoice (`paid`, formatted) before it is
 * voided: each part where it goes, money received apart from credit applied from a credit note, so
 * that credit is not called money received. `replacing`: Void and replace is offered.
 */
export function voidPaidWords(paid: string, parts: VoidPaidParts, replacing: boolean): string {
  const apply = `to apply to their other invoices${replacing ? ' (the one replacing it, once issued)' : ''} with Apply credit on the customer’s page`;
  const back = parts.creditBack.map((c) => `${c.amount} of credit applied from ${c.creditNote} goes back to ${c.creditNote}`);
  const head = `${paid} has been paid against this invoice. A void invoice is owed nothing, so voiding takes it off: `;
  if (back.length === 0) return `${head}the money received becomes the customer’s credit, left on its payment, ${apply}.`;
  if (!parts.toCredit) return `${head}it is credit applied from credit notes, not money received, so nothing becomes the customer’s credit: ${listInWords(back)}.`;
  return `${head}${parts.toCredit} of it is money received, which becomes the customer’s credit, left on its payment, ${apply}; and ${listInWords(back)}.`;
}

/**
 * `paid`: what payments have already put against the invoice (formatted), when anything; for a
 * credit note (`creditNote`), the credit of it applied to invoices. `creditMoves`: for a credit note,
 * the payments (as paymentDescription says them) that applied its credit to invoices (lib/payments
 * creditMovesOf). A credit note with any is refused by voidInvoice, and so is an invoice that issued
 * credit notes made by Credit note… credit (`creditedBy`): the dialog says so up front, why and
 * what to do instead, and offers no Void. Otherwise the invoice is voided, and what was paid against
 * it comes off it (lib/payments releasedByVoid), as the dialog says, each part as it goes
 * (`paidParts`, see `voidPaidWords`): money received becomes the customer's credit, credit from a
 * credit note goes back to it. `onReplace`, when given, offers Void and replace beside Void: the
 * invoice is voided and a copy of it opens as a new draft. `name`: the invoice's number (or "pending").
 */
export function VoidDialog({
  name,
  paid,
  creditNote,
  creditMoves = [],
  creditedBy = [],
  paidParts = { creditBack: [] },
  onVoid,
  onReplace,
  onClose,
}: {
  name?: string;
  paid?: string;
  creditNote?: boolean;
  creditMoves?: readonly string[];
  creditedBy?: readonly CreditingNote[];
  paidParts?: VoidPaidParts;
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
  // The reason typed lives in the dialog alone: Escape and Cancel ask before losing it; untouched, they just close.
  const closing = askBeforeClosing(reason.trim() !== '', `This ${creditNote ? 'credit note' : 'invoice'} is not voided. Close it and lose the reason typed?`, onClose);
  if (creditNote && creditMoves.length > 0) {
    return (
      <BlockedDialog dialogRef={ref} ids={ids} title={title} onClose={onClose}>
          <p>
            This credit note cannot be voided while its credit is applied to invoices{paid ? ` (${paid} of it)` : ''}: voided, it would leave that credit spent on them.
            It was applied by {listInWords(creditMoves)}.
          </p>
          <p>
            To void it, first delete {creditMoves.length === 1 ? 'that application' : 'those applications'} under its Payments, so the invoices owe that amount again;
            then void it.
          </p>
      </BlockedDialog>
    );
  }
  if (!creditNote && creditedBy.length > 0) {
    const one = creditedBy.length === 1;
    const notes = `credit ${one ? 'note' : 'notes'} ${listInWords(creditedBy.map((n) => n.number))}`;
    const applied = creditedBy.filter((n) => n.applied);
    return (
      <BlockedDialog dialogRef={ref} ids={ids} title={title} onClose={onClose}>
          <p>
            Invoice {name ?? 'this invoice'} cannot be voided while {notes} {one ? 'credits' : 'credit'} it: voided, it would leave {one ? 'that credit note’s' : 'their'} credit with
            the customer for an invoice owed by no one.{paid ? ` What was paid against it (${paid}) stays where it is.` : ''}
          </p>
          <p>
            To void it, first void {notes}, then this invoice.
            {applied.map((n) => (
              <span key={n.id}>
                {' '}
                Credit note {n.number} has {n.applied} of its credit applied to invoices: delete that application under its Payments first (the invoices then owe it again), then
                void it.
              </span>
            ))}
          </p>
          <p>
            {creditedBy.map((n, i) => (
              <span key={n.id}>
                {i > 0 && ' · '}
                <Link href={`/invoice?id=${n.id}`}>Open credit note {n.number}</Link>
              </span>
            ))}
          </p>
      </BlockedDialog>
    );
  }
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} onCancel={closing.onCancel} onClose={onClose}>
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
            {voidPaidWords(paid, paidParts, onReplace !== undefined)}
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
          <button type="button" className="button" onClick={closing.close}>
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

/** The Void dialog when voiding is refused up front: why, what to do instead, and only Close. */
function BlockedDialog({ dialogRef, ids, title, onClose, children }: { dialogRef: RefObject<HTMLDialogElement | null>; ids: string; title: string; onClose: () => void; children: ReactNode }) {
  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby={`${ids}-title`} aria-describedby={`${ids}-blocked`} onCancel={onClose} onClose={onClose}>
      <h2 id={`${ids}-title`}>{title}</h2>
      <div id={`${ids}-blocked`} className="warning" data-testid="void-blocked">
        {children}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
