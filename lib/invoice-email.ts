/**
 * The email that sends an issued invoice (or credit note) to the customer: addressed to the
 * customer's contacts as the invoice was issued to them, saying what is owed, by when and how to
 * pay, with the PDF attached by the sender (a mailto: link cannot attach a file; a share sheet can).
 * Dates and amounts come formatted, as the screen shows them.
 */
import type { Contact } from './entities';
import type { InvoiceCustomer, InvoiceSeller } from './invoice-parties';
import { listInWords } from './text';

export interface InvoiceEmailFacts {
  /** "Invoice" or "Credit note", as the PDF is titled. */
  documentName: string;
  number: string;
  seller: Pick<InvoiceSeller, 'companyName' | 'paymentDetails'>;
  customer: Pick<InvoiceCustomer, 'contacts'>;
  /**
   * The addresses the clerk chose to send it to, among emailContacts(customer.contacts); undefined
   * for all of them. Contacts carry no role, so nothing tells the billing contact from the NOC: all
   * are offered, and the clerk leaves out whom it does not concern.
   */
  to?: readonly string[] | undefined;
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

/**
 * The contacts an invoice can be emailed to: those with an email, trimmed, each address once (under
 * the first contact's name that has it), in the customer's order.
 */
export function emailContacts(contacts: readonly Contact[]): Contact[] {
  const seen = new Set<string>();
  const found: Contact[] = [];
  for (const contact of contacts) {
    const email = contact.email.trim();
    if (email === '' || seen.has(email)) continue;
    seen.add(email);
    found.push({ name: contact.name.trim(), email, phone: contact.phone });
  }
  return found;
}

/**
 * The greeting of a message to `contacts`: by their names ("Dear Gail,", "Dear Gail and Noah,"),
 * or "Hello," when one of them has no name, or there is no one to name.
 */
export function emailGreeting(contacts: readonly Pick<Contact, 'name'>[]): string {
  const names = contacts.map((c) => c.name.trim());
  return names.length > 0 && names.every((name) => name !== '') ? `Dear ${listInWords(names)},` : 'Hello,';
}

/** The email sending the invoice `facts` describe. */
export function invoiceEmail(facts: InvoiceEmailFacts): InvoiceEmail {
  const offered = emailContacts(facts.customer.contacts);
  const chosen = facts.to === undefined ? offered : offered.filter((c) => facts.to!.some((address) => address.trim() === c.email));
  const to = chosen.map((c) => c.email);
  const from = facts.seller.companyName.trim();
  const document = `${facts.documentName.toLowerCase()} ${facts.number}`;
  const greeting = emailGreeting(chosen);
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
