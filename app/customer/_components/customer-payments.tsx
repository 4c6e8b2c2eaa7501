'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import type { Customer } from '@/lib/entities';
import { invoiceNumberLabel } from '@/lib/invoice-status';
import { comparePayments, outstandingByCurrency } from '@/lib/payments';
import { countOf, formatAmount, formatDay } from '../../_components/locale';
import { localDb } from '../../_local/db';
import { DeletePaymentButton } from '../../invoices/_components/payment-rows';

/**
 * What the customer owes (the balance of its issued invoices less the credit left on its credit
 * notes, per currency) and the payments it made, newest first, each with the invoices it paid.
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
  if (!data) return null;
  const owed = outstandingByCurrency([...data.invoices.values()]);
  // A payment is in the currency of the invoices it pays (the customer's, fixed once it has invoices).
  const currencyOf = (invoiceId: string | undefined) => (invoiceId && data.invoices.get(invoiceId)?.currency) || customer.currency;
  return (
    <section className="card" aria-labelledby="payments-heading" data-testid="customer-payments">
      <h2 id="payments-heading">Payments</h2>
      <p data-testid="customer-outstanding">
        {owed.length === 0
          ? 'Nothing is owed: no issued invoice has a balance to pay, and no credit note has credit left.'
          : owed.map((o, i) => (
              <span key={o.currency}>
                {i > 0 && '; '}
                Owed: <strong>{formatAmount(o.amount, o.currency)}</strong>
                {o.creditNotes === 0
                  ? ` on ${countOf(o.invoices, 'issued invoice', 'issued invoices')}`
                  : o.invoices === 0
                    ? ` (credit left on ${countOf(o.creditNotes, 'credit note', 'credit notes')}, owed to the customer)`
                    : ` (${formatAmount(o.owed, o.currency)} on ${countOf(o.invoices, 'issued invoice', 'issued invoices')} less ${formatAmount(o.credit, o.currency)} of credit left on ${countOf(o.creditNotes, 'credit note', 'credit notes')})`}
              </span>
            ))}
      </p>
      {data.payments.length === 0 ? (
        <p className="muted">No payments recorded.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Payments from {customer.name}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Method</th>
                <th scope="col">Reference</th>
                <th scope="col">Invoices</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.payments.map((payment) => {
                const currency = currencyOf(payment.allocations[0]?.invoiceId);
                return (
                  <tr key={payment.id}>
                    <td>{formatDay(payment.date)}</td>
                    <td>{payment.method}</td>
                    <td>{payment.reference}</td>
                    <td>
                      {payment.allocations.map((a, i) => {
                        const invoice = data.invoices.get(a.invoiceId);
                        return (
                          <span key={a.invoiceId}>
                            {i > 0 && ', '}
                            {invoice ? <Link href={`/invoice?id=${invoice.id}`}>{invoiceNumberLabel(invoice)}</Link> : 'an invoice not on this device'}
                            {payment.allocations.length > 1 && ` (${formatAmount(a.amount, currency)})`}
                          </span>
                        );
                      })}
                    </td>
                    <td className="num">{formatAmount(payment.amount, currency)}</td>
                    <td>
                      <DeletePaymentButton payment={payment} currency={currency} invoicesById={data.invoices} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
