import Link from 'next/link';
import type { Customer } from '@/lib/entities';
import { InvoiceList } from '../../invoices/_components/invoice-list';

/** The customer's invoices: the invoice screens' own list, filtered to this customer. */
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
      <InvoiceList customerId={customer.id} />
    </section>
  );
}
