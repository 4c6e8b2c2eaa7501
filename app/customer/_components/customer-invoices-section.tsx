import Link from 'next/link';
import type { Customer } from '@/lib/entities';

/**
 * The spot for the customer's invoices. The invoices screens (app/invoices, app/invoice) own the
 * list and Generate Invoice; their component for one customer's invoices goes here when it exists.
 */
export function CustomerInvoicesSection({ customer }: { customer: Customer }) {
  return (
    <section className="card" aria-labelledby="invoices-heading" data-testid="customer-invoices">
      <div className="section-head">
        <h2 id="invoices-heading">Invoices</h2>
        <div className="actions">
          <Link href={`/invoices?customer=${customer.id}`} className="button">
            View invoices
          </Link>
          <Link href={`/invoice/generate?customer=${customer.id}`} className="button primary">
            Generate Invoice
          </Link>
        </div>
      </div>
    </section>
  );
}
