'use client';

import { useId, useState } from 'react';
import { useModalDialog } from '../../_components/modal-dialog';
import type { Invoice } from '@/lib/entities';
import { compareDecimals, subtractDecimals } from '@/lib/money';
import { DialogActions } from '../../_components/form-actions';
import { formatAmount } from '../../_components/locale';
import { useSubmitOnce } from '../../_components/submit-once';
import { readAllocationAmounts } from './allocation-amounts';

export interface PaymentDraft {
  date: string;
  method: string;
  reference: string;
  allocations: { invoiceId: string; amount: string }[];
}

/**
 * Records a payment, split across the customer's open invoices: one amount per invoice, the
 * payment's amount is their sum. The invoice it was opened from comes first, pre-filled with its balance.
 * The date starts at `today` (in the account's timezone).
 */
export function PaymentDialog({
  openInvoices,
  currency,
  today,
  onSave,
  onClose,
}: {
  openInvoices: readonly Invoice[];
  currency: string;
  today: string;
  onSave: (payment: PaymentDraft & { amount: string }) => Promise<string | null>;
  onClose: () => void;
}) {
  const ref = useModalDialog();
  const ids = useId();
  const [date, setDate] = useState(today);
  const [method, setMethod] = useState('Bank transfer');
  const [reference, setReference] = useState('');
  const [amounts, setAmounts] = useState<Record<string, string>>(() =>
    Object.fromEntries(openInvoices.map((inv, i) => [inv.id, i === 0 ? subtractDecimals(inv.total, inv.paid) : ''])),
  );
  const [error, setError] = useState('');
  const { filled, invalid, fractional, total, decimalsRule } = readAllocationAmounts(amounts, currency);

  const once = useSubmitOnce();

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    await once.run(record);
  }

  /** True when the payment was recorded. */
  async function record(): Promise<boolean> {
    // An emptied (or, in some browsers, half-typed) date field: the mutator would only say the date is malformed.
    if (!date) return refuse('Enter the payment date');
    if (invalid) return refuse('Each amount must be a number like 12.50');
    if (fractional) return refuse(`Amounts in ${currency} ${decimalsRule}`);
    if (!total || compareDecimals(total, '0') <= 0) return refuse('Enter the amount paid against at least one invoice');
    const problem = await onSave({ date, method, reference, amount: total, allocations: filled.map(([invoiceId, amount]) => ({ invoiceId, amount })) });
    return problem ? refuse(problem) : true;
  }

  function refuse(message: string): false {
    setError(message);
    return false;
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} onCancel={onClose} onClose={onClose}>
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
        </div>
        <table className="lines">
          <caption className="visually-hidden">Allocate to invoices</caption>
          <thead>
            <tr>
              <th scope="col">Invoice</th>
              <th scope="col" className="num">Balance</th>
              <th scope="col" className="num">Amount</th>
            </tr>
          </thead>
          <tbody>
            {openInvoices.map((inv) => (
              <tr key={inv.id}>
                <td>{inv.number ?? 'pending'}</td>
                <td className="num">{formatAmount(subtractDecimals(inv.total, inv.paid), currency)}</td>
                <td className="num">
                  <input
                    inputMode="decimal"
                    aria-label={`Amount for invoice ${inv.number ?? 'pending'}`}
                    value={amounts[inv.id] ?? ''}
                    onChange={(e) => setAmounts((a) => ({ ...a, [inv.id]: e.target.value }))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          {/* Formatting would round an amount with too many decimals (100.5 JPY read "¥101"): show it as typed. */}
          Payment amount:{' '}
          <strong data-testid="payment-amount">{!total ? '—' : fractional ? `${total} ${currency} (too many decimals: amounts in ${currency} ${decimalsRule})` : formatAmount(total, currency)}</strong>
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <DialogActions submitLabel="Record payment" onCancel={onClose} />
      </form>
    </dialog>
  );
}
