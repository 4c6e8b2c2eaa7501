'use client';

import { useId, useState } from 'react';
import { askBeforeClosing, useModalDialog } from '../../_components/modal-dialog';
import type { Invoice } from '@/lib/entities';
import { invoiceNumberLabel } from '@/lib/invoice-status';
import { addDecimals, compareDecimals, subtractDecimals } from '@/lib/money';
import { creditLeft, invoiceBalance, suggestedPaymentAllocations } from '@/lib/payments';
import { DialogActions } from '../../_components/form-actions';
import { countOf, formatAmount } from '../../_components/locale';
import { useSubmitOnce } from '../../_components/submit-once';
import { readAllocationAmounts, readPaymentEntry, receivedAmountProblem } from './allocation-amounts';
import { AllocationTable } from './allocation-table';

export interface PaymentDraft {
  date: string;
  method: string;
  reference: string;
  /** What was received, in `currency`: at least the allocations' sum, the rest left as the customer's credit. */
  amount: string;
  currency: string;
  /** Positive against invoices, negative against credit notes (the credit netted). */
  allocations: { invoiceId: string; amount: string }[];
}

/**
 * Records a payment: the amount received (blank: the sum of the amounts against invoices), split
 * across the customer's open invoices, one amount per invoice; what is received beyond them stays
 * as the customer's credit. The customer's credit notes with credit left can be netted in the same
 * step: the credit taken from them goes to the invoices with the money. `prefilled`: the first
 * invoice (the one the dialog was opened from) starts with its balance. Until the clerk types an
 * amount against an invoice, the amount received (with the credit taken) is spread over the
 * invoices in their order, each up to its balance; after that, amounts that add up to more than
 * was received are refused, naming both. The date starts at `today` (in the account's timezone).
 */
export function PaymentDialog({
  openInvoices,
  creditNotes = [],
  currency,
  today,
  prefilled = true,
  onSave,
  onClose,
}: {
  openInvoices: readonly Invoice[];
  creditNotes?: readonly Invoice[];
  currency: string;
  today: string;
  prefilled?: boolean;
  onSave: (payment: PaymentDraft) => Promise<string | null>;
  onClose: () => void;
}) {
  const ref = useModalDialog();
  const ids = useId();
  const [date, setDate] = useState(today);
  const [method, setMethod] = useState('Bank transfer');
  const [reference, setReference] = useState('');
  const [received, setReceived] = useState('');
  // What the dialog opens with, and comes back to when the amount received is cleared.
  const [opening] = useState<Record<string, string>>(() =>
    Object.fromEntries(openInvoices.map((inv, i) => [inv.id, prefilled && i === 0 ? (invoiceBalance(inv) ?? '0') : ''])),
  );
  const [amounts, setAmounts] = useState(opening);
  // Until the clerk types an amount against an invoice, those amounts are the dialog's suggestion
  // and follow the amount received; from then on they are the clerk's figures, left as typed.
  const [allocationsTyped, setAllocationsTyped] = useState(false);
  const [credits, setCredits] = useState<Record<string, string>>({});
  const [error, setError] = useState('');

  const labels = new Map([...openInvoices, ...creditNotes].map((i) => [i.id, invoiceNumberLabel(i)]));
  const balances = {
    invoices: new Map(openInvoices.map((i) => [i.id, invoiceBalance(i) ?? '0'])),
    creditLeft: new Map(creditNotes.map((c) => [c.id, creditLeft(c)])),
  };
  const entry = readPaymentEntry({ received, invoiceAmounts: amounts, creditAmounts: credits }, currency, balances, (id) => labels.get(id) ?? 'pending');
  // Shown while typing, before any check: the net of the amounts as typed (a fraction of the minor
  // unit shown as typed, since formatting would round it: 100.5 JPY read "¥101").
  const typedInvoices = readAllocationAmounts(amounts, currency);
  const typedCredits = readAllocationAmounts(credits, currency);
  const { decimalsRule } = typedInvoices;
  const typedNet = typedInvoices.total !== undefined && typedCredits.total !== undefined ? subtractDecimals(typedInvoices.total, typedCredits.total) : undefined;
  const creditAvailable = addDecimals('0', ...balances.creditLeft.values());
  // Said under the field as it is typed (the amounts below cannot follow it meanwhile), in the words
  // Record payment refuses it with; once Record payment has said it, not twice.
  const receivedProblem = receivedAmountProblem(received, currency);
  const showReceivedProblem = receivedProblem !== undefined && receivedProblem !== error;
  const once = useSubmitOnce();
  // What was typed lives in the dialog alone: Escape and Cancel ask before losing it; untouched, they just close.
  const typed =
    date !== today ||
    method !== 'Bank transfer' ||
    reference !== '' ||
    received !== '' ||
    Object.entries(amounts).some(([id, amount]) => amount !== (opening[id] ?? '')) ||
    Object.values(credits).some((amount) => amount !== '');
  const closing = askBeforeClosing(typed, 'This payment is not recorded. Close it and lose what was typed?', onClose);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    await once.run(record);
  }

  /** True when the payment was recorded. */
  async function record(): Promise<boolean> {
    // An emptied (or, in some browsers, half-typed) date field: the mutator would only say the date is malformed.
    if (!date) return refuse('Enter the payment date');
    if (entry.problem !== undefined) return refuse(entry.problem);
    const problem = await onSave({ date, method, reference, amount: entry.amount, currency, allocations: entry.allocations });
    return problem ? refuse(problem) : true;
  }

  function refuse(message: string): false {
    setError(message);
    return false;
  }

  function amountShown(): string {
    // A mistaken amount received is not shown as typed, as if it were the money's ("10.005").
    if (received.trim() !== '') return receivedProblem === undefined ? formatAmount(entry.problem === undefined ? entry.amount : received.trim(), currency) : '—';
    if (!typedNet || compareDecimals(typedNet, '0') === 0) return '—';
    if (typedInvoices.fractional || typedCredits.fractional) return `${typedNet} ${currency} (too many decimals: amounts in ${currency} ${decimalsRule})`;
    return formatAmount(typedNet, currency);
  }

  /**
   * The amounts against invoices follow what is received, as long as they are the dialog's own
   * (lib/payments suggestedPaymentAllocations: the money and the credit taken spread over the
   * invoices in the dialog's order). Blank received: back to what the dialog opened with; a
   * half-typed or mistaken amount: the amounts stay as they are, and saving names the mistake.
   */
  function followReceived(nextReceived: string, nextCredits: Readonly<Record<string, string>>) {
    if (allocationsTyped) return;
    if (nextReceived.trim() === '') {
      setAmounts(opening);
      return;
    }
    const suggestion = suggestedPaymentAllocations(nextReceived, Object.values(nextCredits), openInvoices, currency);
    if (suggestion) setAmounts(Object.fromEntries(openInvoices.map((inv) => [inv.id, suggestion.get(inv.id) ?? ''])));
  }

  function typeReceived(typed: string) {
    // What Record payment refused is typed over: its refusal would speak of the amount as it was.
    setError('');
    setReceived(typed);
    followReceived(typed, credits);
  }

  function typeAllocation(invoiceId: string, typed: string) {
    setAllocationsTyped(true);
    setAmounts((a) => ({ ...a, [invoiceId]: typed }));
  }

  function typeCredit(creditNoteId: string, typed: string) {
    const next = { ...credits, [creditNoteId]: typed };
    setCredits(next);
    followReceived(received, next);
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} onCancel={closing.onCancel} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${ids}-title`}>Record payment</h2>
        <div className="form-grid">
          <label className="field">
            <span>Date</span>
            <input type="date" value={date} max={today} onChange={(e) => setDate(e.target.value)} required />
          </label>
          <label className="field">
            <span>Method</span>
            <input value={method} onChange={(e) => setMethod(e.target.value)} />
          </label>
          <label className="field span-2">
            <span>Reference</span>
            <input value={reference} onChange={(e) => setReference(e.target.value)} />
          </label>
          <div className="field span-2">
            <label htmlFor={`${ids}-received`}>Amount received ({currency})</label>
            <input
              id={`${ids}-received`}
              inputMode="decimal"
              value={received}
              placeholder={typedNet && !typedInvoices.fractional && !typedCredits.fractional ? typedNet : undefined}
              aria-invalid={receivedProblem !== undefined}
              aria-describedby={showReceivedProblem ? `${ids}-received-problem ${ids}-received-hint` : `${ids}-received-hint`}
              onChange={(e) => typeReceived(e.target.value)}
            />
            {showReceivedProblem && (
              <p className="field-error" id={`${ids}-received-problem`} data-testid="received-problem">
                {receivedProblem}
              </p>
            )}
            <p className="field-hint" id={`${ids}-received-hint`}>
              Blank: the amounts put against invoices below. Typed: it goes to the invoices below in their order, each up to its balance, until you change one of their
              amounts. More than those: the rest stays as the customer&apos;s credit, to apply to invoices later.
            </p>
          </div>
        </div>
        {openInvoices.length === 0 ? (
          <p className="muted">No issued invoice in {currency} has a balance to pay: all of the amount received stays as the customer&apos;s credit.</p>
        ) : (
          <AllocationTable
            caption="Allocate to invoices"
            numberHeading="Invoice"
            availableHeading="Balance"
            amountHeading="Amount"
            invoices={openInvoices}
            available={(inv) => invoiceBalance(inv) ?? '0'}
            currency={currency}
            amounts={amounts}
            inputLabel={(number) => `Amount for invoice ${number}`}
            onAmountChange={typeAllocation}
          />
        )}
        {creditNotes.length > 0 && (
          <section aria-labelledby={`${ids}-net`}>
            <h3 id={`${ids}-net`}>Net against credit notes</h3>
            <p className="muted small" data-testid="payment-credit-offer">
              The customer has {formatAmount(creditAvailable, currency)} of credit left on {countOf(creditNotes.length, 'credit note', 'credit notes')}. Credit taken here goes to the
              invoices above with the money: the payment is the amounts against invoices less the credit.
            </p>
            <AllocationTable
              caption="Credit notes to net against this payment"
              numberHeading="Credit note"
              availableHeading="Credit left"
              amountHeading="Credit to take"
              invoices={creditNotes}
              available={creditLeft}
              currency={currency}
              amounts={credits}
              inputLabel={(number) => `Credit to take from credit note ${number}`}
              onAmountChange={typeCredit}
            />
          </section>
        )}
        <p>
          Payment amount: <strong data-testid="payment-amount">{amountShown()}</strong>
        </p>
        {entry.problem === undefined && compareDecimals(entry.unapplied, '0') > 0 && (
          <p>
            Left as the customer&apos;s credit: <strong data-testid="payment-unapplied">{formatAmount(entry.unapplied, currency)}</strong>
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <DialogActions submitLabel="Record payment" onCancel={closing.close} />
      </form>
    </dialog>
  );
}
