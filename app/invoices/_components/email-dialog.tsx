'use client';

import { useId, useState } from 'react';
import type { Contact, Invoice } from '@/lib/entities';
import { emailContacts, invoiceEmail, mailtoUrl, type InvoiceEmail } from '@/lib/invoice-email';
import type { InvoiceCustomer, InvoiceSeller } from '@/lib/invoice-parties';
import { isCreditNote } from '@/lib/invoice-status';
import { compareDecimals } from '@/lib/money';
import { creditLeft, invoiceBalance } from '@/lib/payments';
import { formatAmount, formatDay } from '../../_components/locale';
import { useModalDialog } from '../../_components/modal-dialog';
import { invoicePdfFileName } from '../../_pdf/invoice-pdf-data';
import { PdfButton, pdfButtonFileName, type PdfButtonProps } from './pdf-button';
import { SellerDetailsNotice } from './seller-details-notice';
import { documentName } from './replaces-notice';

/**
 * The email sending an issued invoice, as the screen shows it: to its contacts as issued (those of
 * them `to` names, when given), the amount still owed (none once paid, none on a credit note), the
 * due date and the payment details printed on it. Undefined for what is not sent: a draft, an
 * invoice waiting for its number, a void one.
 */
export function issuedInvoiceEmail(invoice: Invoice, seller: InvoiceSeller, customer: InvoiceCustomer, today: string, to?: readonly string[]): InvoiceEmail | undefined {
  if (invoice.status !== 'issued' || invoice.number === null) return undefined;
  const balance = invoiceBalance(invoice);
  const credit = isCreditNote(invoice);
  const left = creditLeft(invoice);
  return invoiceEmail({
    documentName: documentName(invoice),
    number: invoice.number,
    seller,
    customer,
    to,
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
 * Who gets it is the clerk's choice among the customer's contacts with an email (`contacts`), all
 * ticked at first: contacts carry no role, so nothing tells the billing contact from the NOC; the
 * message, its greeting included, follows the choice (`compose`), and with no one ticked there is
 * nothing to open. The message says the PDF is attached, but a mailto: link cannot attach a file:
 * the dialog says so in plain sight beside that button (a tooltip is seen by no one on a phone),
 * and offers the invoice's PDF button, given `pdf` as the page's is, to download the file the
 * message names.
 */
export function EmailDialog({
  sellerNotice,
  contacts,
  compose,
  pdf,
  onClose,
}: {
  /** What of the seller's details the message and the PDF go without (lib/seller-details), or ''. */
  sellerNotice: string;
  contacts: readonly Contact[];
  compose: (to: readonly string[]) => InvoiceEmail;
  pdf: Omit<PdfButtonProps, 'share'>;
  onClose: () => void;
}) {
  const ref = useModalDialog();
  const ids = useId();
  const offered = emailContacts(contacts);
  // The addresses left out; none at first.
  const [left, setLeft] = useState<ReadonlySet<string>>(() => new Set());
  const chosen = offered.filter((c) => !left.has(c.email)).map((c) => c.email);
  const email = compose(chosen);
  const noOne = offered.length > 0 && chosen.length === 0;
  const toggle = (address: string, ticked: boolean) =>
    setLeft((before) => {
      const next = new Set(before);
      if (ticked) next.delete(address);
      else next.add(address);
      return next;
    });
  const name = `${documentName(pdf.invoice).toLowerCase()} ${pdf.invoice.number ?? ''}`.trim();
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} aria-describedby={`${ids}-attach`} onCancel={onClose} onClose={onClose}>
      <h2 id={`${ids}-title`}>Email {name}</h2>
      {offered.length > 0 ? (
        <fieldset className="email-recipients" aria-describedby={noOne ? `${ids}-no-one` : undefined}>
          <legend>To</legend>
          {offered.map((contact) => (
            <label key={contact.email} className="email-recipient">
              <input type="checkbox" checked={!left.has(contact.email)} onChange={(e) => toggle(contact.email, e.target.checked)} />
              <span>
                {contact.name && (
                  <>
                    <bdi>{contact.name}</bdi>{' '}
                  </>
                )}
                <span className="muted">{contact.email}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : (
        <dl className="details">
          <div>
            <dt>To</dt>
            <dd>No one yet: the customer has no contact email. Add the recipient in your mail app.</dd>
          </div>
        </dl>
      )}
      <dl className="details">
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
      <SellerDetailsNotice text={sellerNotice} inDialog />
      {noOne && (
        <p id={`${ids}-no-one`} className="warning" data-testid="email-no-one-chosen">
          No one is ticked to send it to: tick at least one contact to open it in your mail app.
        </p>
      )}
      <div className="dialog-actions">
        {/* The page's own PDF button; Share PDF… stays on the page, beside it. */}
        <PdfButton {...pdf} />
        {noOne ? (
          <button type="button" className="button primary" disabled aria-describedby={`${ids}-no-one`}>
            Open in mail app
          </button>
        ) : (
          <a className="button primary" href={mailtoUrl(email)}>
            Open in mail app
          </a>
        )}
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
