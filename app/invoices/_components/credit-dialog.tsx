'use client';

import { useId, useState } from 'react';
import { askBeforeClosing, useModalDialog } from '../../_components/modal-dialog';
import type { Invoice } from '@/lib/entities';
import { invoiceNumberLabel } from '@/lib/invoice-status';
import { compareDecimals } from '@/lib/money';
import { invoiceBalance, invoicesOpenForCredit, spreadCredit } from '@/lib/payments';
import { DialogActions } from '../../_components/form-actions';
import { formatAmount } from '../../_components/locale';
import { useSubmitOnce } from '../../_components/submit-once';
import { positiveAmountProblem, readAllocationAmounts } from './allocation-amounts';
import { AllocationTable } from './allocation-table';

/** An application of credit as the dialog enters it: the amount put against each invoice (all positive). */
export interface CreditDraft {
  date: string;
  allocations: { invoiceId: string; amount: string }[];
}

/**
 * The invoices a credit note's credit can go to: the same customer's issued invoices in its
 * currency with a balance due (never another credit note), the earliest due first; the invoice it
 * credits (Credit note…), when open, before them.
 */
export function invoicesForCredit(creditNote: Invoice, customerInvoices: readonly Invoice[]): Invoice[] {
  const open = invoicesOpenForCredit(creditNote.customerId, creditNote.currency, customerInvoices);
  // A credit note made by Credit note… credits its invoice first: its credit is that invoice's refund.
  return [...open.filter((i) => i.id === creditNote.creditsId), ...open.filter((i) => i.id !== creditNote.creditsId)];
}

/** Where the credit comes from: a credit note's credit left, or a payment's amount left unapplied. */
export interface CreditSource {
  /** "credit note INV-3", 'payment "WIRE-9" of $50.00 dated Nov 20, 2026'. */
  name: string;
  /** The credit that can be applied, in `currency` (positive). */
  left: string;
  currency: string;
  /** "Credit left on credit note INV-3", "Unapplied on payment …": the line above the amounts. */
  leftLabel: string;
  /** Whether the application has a date of its own (a credit note's is a payment of 0 on that day; a payment's credit joins the payment). */
  dated: boolean;
}

/**
 * Apply credit: spreads credit (a credit note's, or a payment's left unapplied) over the
 * customer's open invoices, one amount per invoice, at most each one's balance and in all at most
 * the credit left. Pre-filled with the credit left, the earliest due invoice first. The date, when
 * the application has one, starts at `today` (in the account's timezone).
 */
export function CreditDialog({
  source,
  invoices,
  today,
  onSave,
  onClose,
}: {
  source: CreditSource;
  invoices: readonly Invoice[];
  today: string;
  onSave: (application: CreditDraft & { applied: string }) => Promise<string | null>;
  onClose: () => void;
}) {
  const ref = useModalDialog();
  const ids = useId();
  const { currency, left } = source;
  const [date, setDate] = useState(today);
  // What the dialog opens with: the credit spread over the invoices.
  const [prefilled] = useState<Record<string, string>>(() => {
    const spread = spreadCredit(left, invoices);
    return Object.fromEntries(invoices.map((inv) => [inv.id, spread.get(inv.id) ?? '']));
  });
  const [amounts, setAmounts] = useState(prefilled);
  const [error, setError] = useState('');
  // What was typed lives in the dialog alone: Escape and Cancel ask before losing it; untouched, they just close.
  const typed = (source.dated && date !== today) || Object.entries(amounts).some(([id, amount]) => amount !== (prefilled[id] ?? ''));
  const closing = askBeforeClosing(typed, 'This credit is not applied. Close it and lose what was typed?', onClose);

  const { filled, invalid, fractional, total, decimalsRule } = readAllocationAmounts(amounts, currency, { positive: true });
  const numberOf = (invoiceId: string) => {
    const invoice = invoices.find((i) => i.id === invoiceId);
    return invoice ? invoiceNumberLabel(invoice) : 'pending';
  };

  const once = useSubmitOnce();

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    await once.run(apply);
  }

  /** True when the credit was applied. */
  async function apply(): Promise<boolean> {
    if (source.dated && !date) return refuse('Enter the date the credit is applied');
    if (invalid) return refuse(`The amount for invoice ${numberOf(invalid[0])} ${positiveAmountProblem(invalid[1])}`);
    if (fractional) return refuse(`Amounts in ${currency} ${decimalsRule}: check the amount for invoice ${numberOf(fractional[0])}`);
    if (!total || compareDecimals(total, '0') <= 0) return refuse('Enter the credit to apply to at least one invoice');
    for (const [invoiceId, amount] of filled) {
      const inv = invoices.find((i) => i.id === invoiceId);
      const balance = (inv && invoiceBalance(inv)) ?? '0';
      if (compareDecimals(amount, balance) > 0) {
        return refuse(`Invoice ${numberOf(invoiceId)} has ${formatAmount(balance, currency)} left to pay, less than the ${formatAmount(amount, currency)} entered: enter at most its balance`);
      }
    }
    if (compareDecimals(total, left) > 0) {
      return refuse(`The amounts add up to ${formatAmount(total, currency)}, more than the ${formatAmount(left, currency)} of credit left on ${source.name}: lower them`);
    }
    const problem = await onSave({ date, applied: total, allocations: filled.map(([invoiceId, amount]) => ({ invoiceId, amount })) });
    return problem ? refuse(problem) : true;
  }

  function refuse(message: string): false {
    setError(message);
    return false;
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} onCancel={closing.onCancel} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${ids}-title`}>Apply credit</h2>
        <p>
          {source.leftLabel}: <strong data-testid="credit-left">{formatAmount(left, currency)}</strong>
        </p>
        {source.dated && (
          <div className="form-grid">
            <label className="field">
              <span>Date</span>
              <input type="date" value={date} max={today} onChange={(e) => setDate(e.target.value)} required />
            </label>
          </div>
        )}
        {invoices.length === 0 ? (
          <p className="muted">This customer has no issued invoice in {currency} with a balance to pay.</p>
        ) : (
          <AllocationTable
            caption="Apply the credit to invoices"
            numberHeading="Invoice"
            availableHeading="Balance"
            amountHeading="Credit to apply"
            invoices={invoices}
            available={(inv) => invoiceBalance(inv) ?? '0'}
            currency={currency}
            amounts={amounts}
            inputLabel={(number) => `Credit to apply to invoice ${number}`}
            onAmountChange={(invoiceId, typed) => setAmounts((a) => ({ ...a, [invoiceId]: typed }))}
          />
        )}
        <p>
          Credit applied:{' '}
          <strong data-testid="credit-applied">{!total ? '—' : fractional ? `${total} ${currency} (too many decimals: amounts in ${currency} ${decimalsRule})` : formatAmount(total, currency)}</strong>
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <DialogActions submitLabel="Apply credit" onCancel={closing.close} />
      </form>
    </dialog>
  );
}
