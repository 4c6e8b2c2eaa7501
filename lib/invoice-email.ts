/**
 * The email that sends an issued invoice (or credit note) to the customer: addressed to the
 * customer's contacts as the invoice was issued to them, saying what is owed, by when and how to
 * pay, with the PDF attached by the sender (a mailto: link cannot attach a file; a share sheet can).
 * Dates and amounts come formatted, as the screen shows them.
 */
import type { InvoiceCustomer, InvoiceSeller } from './invoice-parties';

export interface InvoiceEmailFacts {
  /** "Invoice" or "Credit note", as the PDF is titled. */
  documentName: string;
  number: string;
  seller: Pick<InvoiceSeller, 'companyName' | 'paymentDetails'>;
  customer: Pick<InvoiceCustomer, 'contacts'>;
  /** The period, formatted ("Nov 1 – Nov 30, 2026"), or '' for none. */
  period: string;
  /** The total, formatted with its currency. */
  total: string;
  /** What is still owed, formatted; undefined when nothing is (paid, or a credit note). */
  owed: string | undefined;
  /** The due date, formatted. */
  dueDate: string;
  /** The due date has passed (today in My Account's timezone is after it). */
  overdue: boolean;
  /** A credit note's credit not yet applied, formatted; undefined for an invoice, or none left. */
  creditLeft?: string | undefined;
  /** The PDF's file name, which the sender attaches. */
  fileName: string;
}

export interface InvoiceEmail {
  to: string[];
  subject: string;
  body: string;
}

/** The email sending the invoice `facts` describe. */
export function invoiceEmail(facts: InvoiceEmailFacts): InvoiceEmail {
  const contacts = facts.customer.contacts.filter((c) => c.email.trim() !== '');
  const to = [...new Set(contacts.map((c) => c.email.trim()))];
  const from = facts.seller.companyName.trim();
  const document = `${facts.documentName.toLowerCase()} ${facts.number}`;
  const greeting = contacts.length === 1 && contacts[0]!.name.trim() ? `Dear ${contacts[0]!.name.trim()},` : 'Hello,';
  const paragraphs = [
    greeting,
    `Please find attached ${document}${from ? ` from ${from}` : ''}${facts.period ? ` for ${facts.period}` : ''} (${facts.fileName}).`,
  ];
  if (facts.owed !== undefined) {
    paragraphs.push(
      facts.overdue
        ? `Total: ${facts.total}. Amount due: ${facts.owed}, which was due on ${facts.dueDate} and is overdue.`
        : `Total: ${facts.total}. Amount due: ${facts.owed}, by ${facts.dueDate}.`,
    );
    if (facts.seller.paymentDetails.trim()) paragraphs.push(`Payment details:\n${facts.seller.paymentDetails.trim()}`);
    paragraphs.push(`Please quote ${facts.number} with your payment.`);
  } else if (facts.creditLeft !== undefined) {
    paragraphs.push(`Total: ${facts.total}. Credit left to apply to your invoices: ${facts.creditLeft}.`);
  } else {
    paragraphs.push(`Total: ${facts.total}. Nothing is due on it.`);
  }
  paragraphs.push(`Kind regards,${from ? `\n${from}` : ''}`);
  return {
    to,
    subject: `${facts.documentName} ${facts.number}${from ? ` from ${from}` : ''}`,
    body: paragraphs.join('\n\n'),
  };
}

/**
 * `email` as a mailto: URL (RFC 6068): addresses and fields percent-encoded as UTF-8, line breaks
 * as CRLF, spaces as %20 (not +, which mail apps keep as a plus).
 */
export function mailtoUrl(email: InvoiceEmail): string {
  const encode = (text: string) => encodeURIComponent(text.replace(/\r?\n/g, '\r\n'));
  const to = email.to.map((address) => encodeURIComponent(address).replace(/%40/g, '@')).join(',');
  return `mailto:${to}?subject=${encode(email.subject)}&body=${encode(email.body)}`;
}
