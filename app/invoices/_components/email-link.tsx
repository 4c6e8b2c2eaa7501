'use client';

import type { Invoice } from '@/lib/entities';
import { invoiceEmail, mailtoUrl, type InvoiceEmail } from '@/lib/invoice-email';
import type { InvoiceCustomer, InvoiceSeller } from '@/lib/invoice-parties';
import { isCreditNote } from '@/lib/invoice-status';
import { compareDecimals } from '@/lib/money';
import { creditLeft, invoiceBalance } from '@/lib/payments';
import { formatAmount, formatDay } from '../../_components/locale';
import { invoicePdfFileName } from '../../_pdf/invoice-pdf-data';
import { documentName } from './replaces-notice';

/**
 * The email sending an issued invoice, as the screen shows it: its contacts as issued, the amount
 * still owed (none once paid, none on a credit note), the due date and the payment details printed
 * on it. Undefined for what is not sent: a draft, an invoice waiting for its number, a void one.
 */
export function issuedInvoiceEmail(invoice: Invoice, seller: InvoiceSeller, customer: InvoiceCustomer, today: string): InvoiceEmail | undefined {
  if (invoice.status !== 'issued' || invoice.number === null) return undefined;
  const balance = invoiceBalance(invoice);
  const credit = isCreditNote(invoice);
  const left = creditLeft(invoice);
  return invoiceEmail({
    documentName: documentName(invoice),
    number: invoice.number,
    seller,
    customer,
    period: invoice.periodStart && invoice.periodEnd ? `${formatDay(invoice.periodStart)} – ${formatDay(invoice.periodEnd)}` : '',
    total: formatAmount(invoice.total, invoice.currency),
    owed: !credit && balance !== null && compareDecimals(balance, '0') > 0 ? formatAmount(balance, invoice.currency) : undefined,
    dueDate: formatDay(invoice.dueDate),
    overdue: today > invoice.dueDate,
    creditLeft: credit && compareDecimals(left, '0') > 0 ? formatAmount(left, invoice.currency) : undefined,
    fileName: invoicePdfFileName(invoice, customer.name),
  });
}

/** "Email…": the device's mail app opens with the message written; the sender attaches the PDF. */
export function EmailLink({ email }: { email: InvoiceEmail }) {
  const to = email.to.length > 0 ? email.to.join(', ') : 'no email address: the customer has none';
  return (
    <>
      <a className="button" href={mailtoUrl(email)} title={`Opens your mail app with the message to ${to}. Attach the PDF (download it with PDF).`}>
        Email…
      </a>
      {/* Said beside it: the message opens with no recipient, to be filled in. */}
      {email.to.length === 0 && (
        <span className="muted small" data-testid="email-no-recipient">
          The customer has no contact email
        </span>
      )}
    </>
  );
}
