'use client';

import { useId } from 'react';
import type { Invoice } from '@/lib/entities';
import { invoiceEmail, mailtoUrl, type InvoiceEmail } from '@/lib/invoice-email';
import type { InvoiceCustomer, InvoiceSeller } from '@/lib/invoice-parties';
import { isCreditNote } from '@/lib/invoice-status';
import { compareDecimals } from '@/lib/money';
import { creditLeft, invoiceBalance } from '@/lib/payments';
import { formatAmount, formatDay } from '../../_components/locale';
import { useModalDialog } from '../../_components/modal-dialog';
import { invoicePdfFileName } from '../../_pdf/invoice-pdf-data';
import { PdfButton, pdfButtonFileName, type PdfButtonProps } from './pdf-button';
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

/**
 * "Email…": opens EmailDialog. Beside it, when the customer has no contact email, that the message
 * opens with no recipient.
 */
export function EmailButton({ email, onOpen }: { email: InvoiceEmail; onOpen: () => void }) {
  return (
    <>
      <button type="button" className="button" aria-haspopup="dialog" onClick={onOpen}>
        Email…
      </button>
      {/* Said beside it: the message opens with no recipient, to be filled in. */}
      {email.to.length === 0 && (
        <span className="muted small" data-testid="email-no-recipient">
          The customer has no contact email
        </span>
      )}
    </>
  );
}

/**
 * The message "Open in mail app" opens the device's mail app with (a mailto: link), shown first.
 * The message says the PDF is attached, but a mailto: link cannot attach a file: the dialog says so
 * in plain sight beside that button (a tooltip is seen by no one on a phone), and offers the
 * invoice's PDF button, given `pdf` as the page's is, to download the file the message names.
 */
export function EmailDialog({ email, pdf, onClose }: { email: InvoiceEmail; pdf: Omit<PdfButtonProps, 'share'>; onClose: () => void }) {
  const ref = useModalDialog();
  const ids = useId();
  const name = `${documentName(pdf.invoice).toLowerCase()} ${pdf.invoice.number ?? ''}`.trim();
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} aria-describedby={`${ids}-attach`} onCancel={onClose} onClose={onClose}>
      <h2 id={`${ids}-title`}>Email {name}</h2>
      <dl className="details">
        <div>
          <dt>To</dt>
          <dd>{email.to.length > 0 ? email.to.join(', ') : 'No one yet: the customer has no contact email. Add the recipient in your mail app.'}</dd>
        </div>
        <div>
          <dt>Subject</dt>
          <dd dir="auto">{email.subject}</dd>
        </div>
      </dl>
      <h3>Message</h3>
      <p className="pre email-body" dir="auto">
        {email.body}
      </p>
      <p id={`${ids}-attach`} className="warning" data-testid="email-attach-hint">
        Your mail app opens with this message but without the PDF: download it here first ({pdfButtonFileName(pdf)}), then attach it yourself.
      </p>
      <div className="dialog-actions">
        {/* The page's own PDF button; Share PDF… stays on the page, beside it. */}
        <PdfButton {...pdf} />
        <a className="button primary" href={mailtoUrl(email)}>
          Open in mail app
        </a>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
