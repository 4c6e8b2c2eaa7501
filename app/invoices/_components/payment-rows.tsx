'use client';

import Link from 'next/link';
import { useId, useState, type ReactNode } from 'react';
import type { Invoice, Payment } from '@/lib/entities';
import { invoiceNumberLabel } from '@/lib/invoice-status';
import { compareDecimals } from '@/lib/money';
import { paymentDeletionEffect, paymentOnInvoice, type InvoicePayment, type PaymentOnInvoice } from '@/lib/payments';
import { DialogActions } from '../../_components/form-actions';
import { formatAmount, formatDay } from '../../_components/locale';
import { useModalDialog } from '../../_components/modal-dialog';
import { useSubmitOnce } from '../../_components/submit-once';
import { mutate, writeErrorMessage } from '../../_local/mutate';
import { CardCell, CardRow, PhoneCardsTable, type CardColumn } from '../../_components/phone-cards';
import { ScrollRegion } from '../../_components/scroll-region';

/**
 * "the payment of $30.00 dated Dec 5, 2026 (Bank transfer, B-wire)": a payment as the user entered
 * it, in its currency; an application of credit (a payment of 0) is "the application of credit dated … (Credit note INV-6, …)".
 */
export function paymentDescription(payment: Payment): string {
  const how = [payment.method.trim(), payment.reference.trim()].filter(Boolean).join(', ');
  if (compareDecimals(payment.amount, '0') === 0) return `the application of credit dated ${formatDay(payment.date)}${how ? ` (${how})` : ''}`;
  return `the payment of ${formatAmount(payment.amount, payment.currency)} dated ${formatDay(payment.date)}${how ? ` (${how})` : ''}`;
}

/**
 * Deletes a payment (lib/mutators deletePayment) after asking in the app's dialog, which names it
 * and says what deleting it does, every amount positive (lib/payments paymentDeletionEffect): the
 * invoices it paid owe that again, credit it drew goes back to its credit note, the credit it holds
 * goes with it. A refusal shows in the dialog.
 */
export function DeletePaymentButton({ payment, invoicesById }: { payment: Payment; invoicesById: ReadonlyMap<string, Invoice> }) {
  const [asking, setAsking] = useState(false);
  const description = paymentDescription(payment);
  return (
    <>
      <button type="button" className="button small danger" onClick={() => setAsking(true)} aria-label={`Delete ${description}`}>
        Delete
      </button>
      {asking && <DeletePaymentDialog payment={payment} invoicesById={invoicesById} onClose={() => setAsking(false)} />}
    </>
  );
}

function DeletePaymentDialog({ payment, invoicesById, onClose }: { payment: Payment; invoicesById: ReadonlyMap<string, Invoice>; onClose: () => void }) {
  const ref = useModalDialog();
  const ids = useId();
  const [error, setError] = useState('');
  const once = useSubmitOnce();
  // Read live: another device may apply credit from it, or delete it, while the dialog is open.
  const application = compareDecimals(payment.amount, '0') === 0;
  const effect = paymentDeletionEffect(payment, invoicesById, (amount) => formatAmount(amount, payment.currency));
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    await once.run(async () => {
      setError('');
      try {
        // What the dialog named: credit applied from it on another device meanwhile is news the server tells.
        await mutate('deletePayment', { id: payment.id, allocationsSeen: payment.allocations });
        onClose();
        return true;
      } catch (e) {
        setError(writeErrorMessage(e));
        return false;
      }
    });
  }
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} aria-describedby={`${ids}-what`} onCancel={onClose} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${ids}-title`}>{application ? 'Delete application of credit' : 'Delete payment'}</h2>
        <div id={`${ids}-what`}>
          <p data-testid="delete-payment-question">Delete {paymentDescription(payment)}?</p>
          <p data-testid="delete-payment-effect">{effect} This cannot be undone.</p>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <DialogActions submitLabel={application ? 'Delete application' : 'Delete payment'} onCancel={onClose} danger />
      </form>
    </dialog>
  );
}

/** The columns of an invoice's payments: on a phone each figure labelled by its column's name. */
const PAYMENT_COLUMN = {
  date: { header: 'Date', label: true },
  method: { header: 'Method', label: true },
  reference: { header: 'Reference', label: true },
  amount: { header: 'Amount', numeric: true, label: true },
  actions: { header: 'Actions', hiddenHeader: true },
} satisfies Record<string, CardColumn>;
const PAYMENT_COLUMNS = Object.values(PAYMENT_COLUMN);

/** An invoice's number linking to its page: "INV-2", or "another invoice" for one not on this device. */
function InvoiceLink({ invoice }: { invoice: Invoice | undefined }) {
  return invoice ? <Link href={`/invoice?id=${invoice.id}`}>{invoiceNumberLabel(invoice)}</Link> : <>another invoice</>;
}

/** "INV-1" for one; "INV-1 ($2.50), INV-2 ($0.50)" for several, each linked. */
function InvoicesWithAmounts({ items, invoicesById, currency, amounts }: { items: readonly { invoiceId: string; amount: string }[]; invoicesById: ReadonlyMap<string, Invoice>; currency: string; amounts: boolean }) {
  return items.map((item, i) => (
    <span key={item.invoiceId}>
      {i > 0 && ', '}
      <InvoiceLink invoice={invoicesById.get(item.invoiceId)} />
      {amounts && ` (${formatAmount(item.amount, currency)})`}
    </span>
  ));
}

/**
 * What else a payment did, under the amount it put against this invoice, every amount positive
 * (lib/payments paymentOnInvoice): "of $7.00, also to INV-2 ($3.00)", "credit applied from INV-3",
 * "of $3.00 credit applied from INV-3, also to INV-2 ($0.50)", "$60.00 received and $40.00 credit
 * applied from INV-31", "; $15.00 left as credit". Null when there is nothing more to say.
 */
function paymentNote(shown: PaymentOnInvoice, invoicesById: ReadonlyMap<string, Invoice>, currency: string): ReactNode {
  const money = (amount: string) => formatAmount(amount, currency);
  const { amount, received, creditFrom, alsoTo, unapplied } = shown;
  const leftAsCredit = compareDecimals(unapplied, '0') > 0 ? `; ${money(unapplied)} left as credit` : '';
  if (shown.ownCredit) {
    // On the credit note: where its credit went (an application's reference says so already).
    if (received === null && creditFrom.length === 0) return null;
    return (
      <>
        applied to <InvoicesWithAmounts items={alsoTo} invoicesById={invoicesById} currency={currency} amounts />
        {received !== null && `, with ${money(received)} received`}
        {leftAsCredit}
      </>
    );
  }
  const credit = creditFrom.map((c, i) => {
    // A whole application to this invoice alone needs no amount: it is the row's.
    const wholeHere = received === null && creditFrom.length === 1 && alsoTo.length === 0;
    const prefix = i > 0 ? ' and ' : received !== null ? ` and ` : wholeHere ? '' : 'of ';
    return (
      <span key={c.invoiceId}>
        {prefix}
        {!wholeHere && `${money(c.amount)} `}credit applied from <InvoiceLink invoice={invoicesById.get(c.invoiceId)} />
      </span>
    );
  });
  const receivedText = received === null ? '' : creditFrom.length > 0 ? `${money(received)} received` : `of ${money(received)}`;
  // Money received for this invoice alone, all of it here: nothing to add.
  if (creditFrom.length === 0 && alsoTo.length === 0 && !leftAsCredit && (received === null || compareDecimals(received, amount) === 0)) return null;
  return (
    <>
      {receivedText}
      {credit}
      {alsoTo.length > 0 && (
        <>
          {receivedText || credit.length > 0 ? ', also to ' : 'also to '}
          <InvoicesWithAmounts items={alsoTo} invoicesById={invoicesById} currency={currency} amounts />
        </>
      )}
      {leftAsCredit}
    </>
  );
}

/**
 * The payments of one invoice (lib/payments paymentsOfInvoice: by date, then entry), each with the
 * amount it put against this invoice; a payment split over several invoices says so. On a credit
 * note, an application of its own credit reads "Credit applied", "Applied to INV-1" and the credit
 * it took, positive as on the invoice it went to (not the method "Credit note INV-2", naming
 * itself). On a phone each payment is a card (globals.css phone-cards), as the invoice's lines
 * are: nothing is left past the screen's right.
 */
export function InvoicePayments({ invoice, payments, invoicesById }: { invoice: Invoice; payments: readonly InvoicePayment[]; invoicesById: ReadonlyMap<string, Invoice> }) {
  if (payments.length === 0) return null;
  const currency = invoice.currency;
  return (
    <section className="card" aria-labelledby="invoice-payments-heading" data-testid="invoice-payments">
      <h2 id="invoice-payments-heading">Payments</h2>
      <ScrollRegion label="Payment history">
        <PhoneCardsTable columns={PAYMENT_COLUMNS} className="table payment-cards">
          {payments.map(({ payment }) => {
            const shown = paymentOnInvoice(payment, invoice.id);
            const ownApplication = shown.ownCredit && shown.received === null;
            const method = ownApplication ? 'Credit applied' : payment.method;
            const note = paymentNote(shown, invoicesById, currency);
            return (
              <CardRow key={payment.id}>
                <CardCell column={PAYMENT_COLUMN.date}>{formatDay(payment.date)}</CardCell>
                <CardCell column={PAYMENT_COLUMN.method} blank={method === ''}>
                  {method}
                </CardCell>
                <CardCell column={PAYMENT_COLUMN.reference} blank={!ownApplication && payment.reference === ''}>
                  {ownApplication ? (
                    <>
                      Applied to <InvoicesWithAmounts items={shown.alsoTo} invoicesById={invoicesById} currency={currency} amounts={shown.alsoTo.length > 1} />
                    </>
                  ) : (
                    payment.reference
                  )}
                </CardCell>
                <CardCell column={PAYMENT_COLUMN.amount} className="payment-amount">
                  {formatAmount(shown.amount, currency)}
                  {note !== null && <div className="muted small">{note}</div>}
                </CardCell>
                <CardCell column={PAYMENT_COLUMN.actions} className="payment-actions">
                  <DeletePaymentButton payment={payment} invoicesById={invoicesById} />
                </CardCell>
              </CardRow>
            );
          })}
        </PhoneCardsTable>
      </ScrollRegion>
    </section>
  );
}
