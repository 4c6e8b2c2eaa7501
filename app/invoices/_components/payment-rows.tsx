'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { Invoice, Payment } from '@/lib/entities';
import { invoiceNumberLabel } from '@/lib/invoice-status';
import { compareDecimals } from '@/lib/money';
import { unappliedOf, type InvoicePayment } from '@/lib/payments';
import { formatAmount, formatDay } from '../../_components/locale';
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

/** "A, B and C". */
export function listed(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * Deletes a payment (lib/mutators deletePayment) after a confirmation naming it, the invoices
 * whose paid amount it lowers and the credit it still holds. A refusal shows beside the button.
 */
export function DeletePaymentButton({ payment, invoicesById }: { payment: Payment; invoicesById: ReadonlyMap<string, Invoice> }) {
  const [error, setError] = useState('');
  const once = useSubmitOnce();
  const currency = payment.currency;
  const description = paymentDescription(payment);
  async function remove() {
    const invoices = payment.allocations.map((a) => {
      const invoice = invoicesById.get(a.invoiceId);
      return `${invoice ? invoiceNumberLabel(invoice) : 'an invoice not on this device'} (${formatAmount(a.amount, currency)})`;
    });
    const unapplied = unappliedOf(payment);
    const credit = compareDecimals(unapplied, '0') > 0 ? `${formatAmount(unapplied, currency)} of the customer's credit` : '';
    const effect =
      invoices.length === 0
        ? `It is all the customer's credit, applied to no invoice yet: that credit goes with it.`
        : `It is taken off the amount paid of ${listed(invoices)}${credit ? `, and the ${credit} it still holds goes with it` : ''}.`;
    const question = `Delete ${description}? ${effect} This cannot be undone.`;
    if (!window.confirm(question)) return;
    await once.run(async () => {
      setError('');
      try {
        await mutate('deletePayment', { id: payment.id });
        return true;
      } catch (e) {
        setError(writeErrorMessage(e));
        return false;
      }
    });
  }
  return (
    <>
      <button type="button" className="button small danger" onClick={() => void remove()} disabled={once.busy} aria-label={`Delete ${description}`}>
        Delete
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </>
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

/**
 * The payments of one invoice (lib/payments paymentsOfInvoice: by date, then entry), each with the
 * amount it put against this invoice; a payment split over several invoices says so. On a phone
 * each payment is a card (globals.css phone-cards), as the invoice's lines are: nothing is left
 * past the screen's right.
 */
export function InvoicePayments({ invoice, payments, invoicesById }: { invoice: Invoice; payments: readonly InvoicePayment[]; invoicesById: ReadonlyMap<string, Invoice> }) {
  if (payments.length === 0) return null;
  const currency = invoice.currency;
  return (
    <section className="card" aria-labelledby="invoice-payments-heading" data-testid="invoice-payments">
      <h2 id="invoice-payments-heading">Payments</h2>
      <ScrollRegion label="Payment history">
        <PhoneCardsTable columns={PAYMENT_COLUMNS} className="table payment-cards">
          {payments.map(({ payment, applied }) => {
            const others = payment.allocations.filter((a) => a.invoiceId !== invoice.id);
            return (
              <CardRow key={payment.id}>
                <CardCell column={PAYMENT_COLUMN.date}>{formatDay(payment.date)}</CardCell>
                <CardCell column={PAYMENT_COLUMN.method} blank={payment.method === ''}>
                  {payment.method}
                </CardCell>
                <CardCell column={PAYMENT_COLUMN.reference} blank={payment.reference === ''}>
                  {payment.reference}
                </CardCell>
                <CardCell column={PAYMENT_COLUMN.amount} className="payment-amount">
                  {formatAmount(applied, currency)}
                  {compareDecimals(applied, payment.amount) !== 0 && (compareDecimals(payment.amount, '0') !== 0 || others.length > 0) && (
                    <div className="muted small">
                      {compareDecimals(payment.amount, '0') === 0 ? 'credit applied with' : `of ${formatAmount(payment.amount, currency)}${others.length > 0 ? ', also to' : ''}`}
                      {others.map((a, i) => {
                        const other = invoicesById.get(a.invoiceId);
                        return (
                          <span key={a.invoiceId}>
                            {i > 0 ? ', ' : ' '}
                            {other ? <Link href={`/invoice?id=${other.id}`}>{invoiceNumberLabel(other)}</Link> : 'another invoice'} ({formatAmount(a.amount, currency)})
                          </span>
                        );
                      })}
                      {compareDecimals(unappliedOf(payment), '0') > 0 && `; ${formatAmount(unappliedOf(payment), currency)} left as credit`}
                    </div>
                  )}
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
