'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { useState } from 'react';
import type { Customer } from '@/lib/entities';
import { invoiceNumberLabel } from '@/lib/invoice-status';
import { compareDecimals } from '@/lib/money';
import { comparePayments, creditApplied, creditNotesWithCredit, invoicesOpenForCredit, outstandingByCurrency, outstandingLines, unappliedOf } from '@/lib/payments';
import { formatAmount, formatDay } from '../../_components/locale';
import { useAccountToday } from '../../_local/account-today';
import { localDb } from '../../_local/db';
import { newId } from '../../_local/ids';
import { mutate, writeErrorMessage } from '../../_local/mutate';
import { CreditDialog } from '../../invoices/_components/credit-dialog';
import { PaymentDialog } from '../../invoices/_components/payment-dialog';
import { DeletePaymentButton, paymentDescription } from '../../invoices/_components/payment-rows';
import { CardCell, CardRow, PhoneCardsTable, type CardColumn } from '../../_components/phone-cards';
import { ScrollRegion } from '../../_components/scroll-region';

/** The columns of the customer's payments: on a phone each labelled beside its value. */
const PAYMENT_COLUMN = {
  date: { header: 'Date', label: true },
  method: { header: 'Method', label: true },
  reference: { header: 'Reference', label: true },
  invoices: { header: 'Invoices', label: true },
  amount: { header: 'Amount', numeric: true, label: true },
  actions: { header: 'Actions', hiddenHeader: true },
} satisfies Record<string, CardColumn>;
const PAYMENT_COLUMNS = Object.values(PAYMENT_COLUMN);

/**
 * What the customer owes on its issued invoices and the credit it holds (the credit left on its
 * credit notes and what its payments received beyond their invoices), per currency, each figure
 * said once on its own line (lib/payments outstandingLines), and the payments it made, newest
 * first, each with the invoices it paid and the credit it still holds. Record payment takes money
 * received for the customer's open invoices, or in advance; Apply credit puts a payment's credit
 * against open invoices.
 */
export function CustomerPayments({ customer }: { customer: Customer }) {
  const data = useLiveQuery(async () => {
    const db = localDb();
    const [invoices, payments] = await Promise.all([
      db.invoices.where('customerId').equals(customer.id).toArray(),
      db.payments.where('customerId').equals(customer.id).toArray(),
    ]);
    return { invoices: new Map(invoices.map((i) => [i.id, i])), payments: payments.sort((a, b) => comparePayments(b, a)) };
  }, [customer.id]);
  const today = useAccountToday();
  const [dialog, setDialog] = useState<{ kind: 'record' } | { kind: 'apply'; paymentId: string } | null>(null);
  if (!data) return null;
  const invoices = [...data.invoices.values()];
  const owed = outstandingByCurrency(invoices, data.payments);
  // Read live: another device may apply or delete the payment while the dialog is open.
  const applying = dialog?.kind === 'apply' ? data.payments.find((p) => p.id === dialog.paymentId) : undefined;

  /** Runs a dialog's change: the dialog shows the refusal. */
  async function attempt(run: () => Promise<void>): Promise<string | null> {
    try {
      await run();
      setDialog(null);
      return null;
    } catch (e) {
      return writeErrorMessage(e);
    }
  }

  return (
    <section className="card" aria-labelledby="payments-heading" data-testid="customer-payments">
      <div className="section-head">
        <h2 id="payments-heading">Payments</h2>
        {today && (
          <button type="button" className="button small" onClick={() => setDialog({ kind: 'record' })}>
            Record payment
          </button>
        )}
      </div>
      <div data-testid="customer-outstanding">
        {owed.length === 0 ? (
          <p>Nothing is owed: no issued invoice has a balance to pay, and the customer has no credit.</p>
        ) : (
          owed.map((o) => (
            <p key={o.currency} data-testid={`customer-outstanding-${o.currency}`}>
              {outstandingLines(o, (amount) => formatAmount(amount, o.currency)).map((line, i) => (
                <span key={line} className="outstanding-line">
                  {i > 0 && <br />}
                  {line}
                </span>
              ))}
            </p>
          ))
        )}
      </div>
      {data.payments.length === 0 ? (
        <p className="muted">No payments recorded.</p>
      ) : (
        <ScrollRegion label="Payment history">
          {/* On a phone each payment is a card (globals.css phone-cards), as an invoice's payments
              are: every figure labelled by its column, Apply credit and Delete on screen. */}
          <PhoneCardsTable columns={PAYMENT_COLUMNS} className="table payment-cards" caption={`Payments from ${customer.name}, newest first`}>
            {data.payments.map((payment) => {
              const currency = payment.currency;
              const unapplied = unappliedOf(payment);
              const hasCredit = compareDecimals(unapplied, '0') > 0;
              const applied = creditApplied(payment);
              const canApply = hasCredit && today !== undefined && invoicesOpenForCredit(customer.id, currency, invoices).length > 0;
              return (
                <CardRow key={payment.id}>
                  <CardCell column={PAYMENT_COLUMN.date}>{formatDay(payment.date)}</CardCell>
                  <CardCell column={PAYMENT_COLUMN.method} blank={payment.method === ''}>
                    {payment.method}
                  </CardCell>
                  <CardCell column={PAYMENT_COLUMN.reference} blank={payment.reference === ''}>
                    {/* Inside the cell: dir on the cell would put a card's label at its right. */}
                    <span dir="auto">{payment.reference}</span>
                  </CardCell>
                  <CardCell column={PAYMENT_COLUMN.invoices} blank={payment.allocations.length === 0 && !hasCredit}>
                    {/* One piece: on a phone the invoices and the credit left wrap together beside their label. */}
                    <div>
                      {payment.allocations.map((a, i) => {
                        const invoice = data.invoices.get(a.invoiceId);
                        return (
                          <span key={a.invoiceId}>
                            {i > 0 && ', '}
                            {invoice ? <Link href={`/invoice?id=${invoice.id}`} className="nowrap">
                                {invoiceNumberLabel(invoice)}
                              </Link> : 'an invoice not on this device'}
                            {(payment.allocations.length > 1 || hasCredit) && ` (${formatAmount(a.amount, currency)})`}
                          </span>
                        );
                      })}
                      {hasCredit && (
                        <div className="muted small" data-testid="payment-unapplied">
                          {formatAmount(unapplied, currency)} unapplied
                        </div>
                      )}
                    </div>
                  </CardCell>
                  {applied ? (
                    // An application of credit received nothing: it shows the credit it applied, and
                    // from which credit note, as the invoice's own payments show it (not "Amount $0.00").
                    <CardCell column={PAYMENT_COLUMN.amount} label="Credit applied" className="payment-amount" data-testid="payment-credit-applied">
                      {formatAmount(applied.amount, currency)}
                      <div className="muted small">
                        credit applied from{' '}
                        {applied.creditNoteIds.map((creditNoteId, i) => {
                          const creditNote = data.invoices.get(creditNoteId);
                          return (
                            <span key={creditNoteId}>
                              {i > 0 && ', '}
                              {creditNote ? <Link href={`/invoice?id=${creditNote.id}`}>credit note {invoiceNumberLabel(creditNote)}</Link> : 'a credit note not on this device'}
                            </span>
                          );
                        })}
                      </div>
                    </CardCell>
                  ) : (
                    <CardCell column={PAYMENT_COLUMN.amount}>{formatAmount(payment.amount, currency)}</CardCell>
                  )}
                  <CardCell column={PAYMENT_COLUMN.actions} className="payment-actions">
                    <div className="actions">
                      {/* Its name begins with the words it shows (WCAG 2.5.3, label in name). */}
                      {canApply && (
                        <button type="button" className="button small" onClick={() => setDialog({ kind: 'apply', paymentId: payment.id })} aria-label={`Apply credit from ${paymentDescription(payment)}`}>
                          Apply credit
                        </button>
                      )}
                      <DeletePaymentButton payment={payment} invoicesById={data.invoices} />
                    </div>
                  </CardCell>
                </CardRow>
              );
            })}
          </PhoneCardsTable>
        </ScrollRegion>
      )}
      {dialog?.kind === 'record' && today && (
        <PaymentDialog
          openInvoices={invoicesOpenForCredit(customer.id, customer.currency, invoices)}
          creditNotes={creditNotesWithCredit(invoices, customer.currency)}
          currency={customer.currency}
          today={today}
          prefilled={false}
          onClose={() => setDialog(null)}
          onSave={(p) => attempt(() => mutate('recordPayment', { id: newId(), customerId: customer.id, ...p }))}
        />
      )}
      {applying && today && (
        <CreditDialog
          source={{
            name: 'this payment',
            left: unappliedOf(applying),
            currency: applying.currency,
            leftLabel: `Unapplied on ${paymentDescription(applying)}`,
            dated: false,
          }}
          invoices={invoicesOpenForCredit(customer.id, applying.currency, invoices)}
          today={today}
          onClose={() => setDialog(null)}
          onSave={({ allocations }) => attempt(() => mutate('applyPaymentCredit', { paymentId: applying.id, allocations }))}
        />
      )}
    </section>
  );
}
