'use client';

import Link from 'next/link';
import type { Invoice } from '@/lib/entities';
import { invoiceNumberLabel } from '@/lib/invoice-status';
import { compareDecimals } from '@/lib/money';
import type { InvoicePayment } from '@/lib/payments';
import { formatAmount, formatDay } from '../../_components/locale';

/**
 * The payments of one invoice (lib/payments paymentsOfInvoice: by date, then entry), each with the
 * amount it put against this invoice; a payment split over several invoices says so.
 */
export function InvoicePayments({ invoice, payments, invoicesById }: { invoice: Invoice; payments: readonly InvoicePayment[]; invoicesById: ReadonlyMap<string, Invoice> }) {
  if (payments.length === 0) return null;
  const currency = invoice.currency;
  return (
    <section className="card" aria-labelledby="invoice-payments-heading" data-testid="invoice-payments">
      <h2 id="invoice-payments-heading">Payments</h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Method</th>
              <th scope="col">Reference</th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {payments.map(({ payment, applied }) => {
              const others = payment.allocations.filter((a) => a.invoiceId !== invoice.id);
              return (
                <tr key={payment.id}>
                  <td>{formatDay(payment.date)}</td>
                  <td>{payment.method}</td>
                  <td>{payment.reference}</td>
                  <td className="num">
                    {formatAmount(applied, currency)}
                    {others.length > 0 && compareDecimals(applied, payment.amount) !== 0 && (
                      <div className="muted small">
                        of {formatAmount(payment.amount, currency)}, also to{' '}
                        {others.map((a, i) => {
                          const other = invoicesById.get(a.invoiceId);
                          return (
                            <span key={a.invoiceId}>
                              {i > 0 && ', '}
                              {other ? <Link href={`/invoice?id=${other.id}`}>{invoiceNumberLabel(other)}</Link> : 'another invoice'} ({formatAmount(a.amount, currency)})
                            </span>
                          );
                        })}
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
