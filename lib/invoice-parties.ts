/**
 * The seller and customer details an invoice prints. An issued invoice keeps those it was issued
 * with (`Invoice.parties`, taken by issueInvoice), so printing it again gives the same document
 * whatever My Account or the customer say now; a draft shows the live records.
 */
import type { Account, Customer, Invoice, InvoiceParties } from './entities';
import { compareDecimals, isDecimalString } from './money';

export type InvoiceSeller = InvoiceParties['seller'];
export type InvoiceCustomer = InvoiceParties['customer'];

/**
 * The payment details an invoice in `currency` prints: the account's details for that currency when
 * it has some, else its payment details for every currency.
 */
export function paymentDetailsFor(account: Pick<Account, 'paymentDetails' | 'paymentDetailsByCurrency'>, currency: string): string {
  const own = account.paymentDetailsByCurrency?.[currency];
  return own !== undefined && own.trim() !== '' ? own : account.paymentDetails;
}

/**
 * `details` with `currency`'s payment details set to `text` (removed when undefined), keys in
 * code order, so two devices' equal settings compare equal as JSON.
 */
export function withCurrencyPaymentDetails(details: Readonly<Record<string, string>>, currency: string, text: string | undefined): Record<string, string> {
  const next: Record<string, string> = {};
  for (const code of [...new Set([...Object.keys(details), currency])].sort()) {
    const value = code === currency ? text : details[code];
    if (value !== undefined) next[code] = value;
  }
  return next;
}

/** Payment details by currency without the blank ones, which print nothing of their own (paymentDetailsFor). */
export function withoutBlankPaymentDetails(details: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(details).filter(([, text]) => text.trim() !== ''));
}

/** The seller as an invoice in `currency` prints it (the payment details of that currency). */
export function sellerOf(account: Account, currency: string): InvoiceSeller {
  return {
    companyName: account.companyName,
    address: account.address,
    email: account.email,
    registrationId: account.registrationId,
    vatId: account.vatId,
    paymentDetails: paymentDetailsFor(account, currency),
  };
}

/**
 * The details of `account` and `customer` an invoice in `currency` prints, copied (contacts
 * included) to keep.
 */
export function snapshotParties(account: Account, customer: Customer, currency: string): InvoiceParties {
  return { seller: sellerOf(account, currency), customer: snapshotCustomer(customer) };
}

function snapshotCustomer(customer: Customer): InvoiceCustomer {
  return {
    name: customer.name,
    company: customer.company,
    address: customer.address,
    contacts: customer.contacts.map((c) => ({ name: c.name, email: c.email, phone: c.phone })),
    externalId: customer.externalId,
    vatId: customer.vatId ?? '',
    taxNote: customer.taxNote ?? '',
  };
}

/**
 * What `invoice` prints about its parties: its snapshot when it has one, else (a draft, or an
 * invoice issued before snapshots were kept, whose printed details are lost) the live records.
 */
export function printedParties(invoice: Pick<Invoice, 'parties' | 'currency'>, account: Account, customer: Customer): InvoiceParties {
  return invoice.parties ?? snapshotParties(account, customer, invoice.currency);
}

/** The seller as `invoice` prints it (printedParties' seller), for the screens that show the invoice as its PDF does. */
export function printedSeller(invoice: Pick<Invoice, 'parties' | 'currency'>, account: Account): InvoiceSeller {
  return invoice.parties?.seller ?? sellerOf(account, invoice.currency);
}

/**
 * The customer as `invoice` prints it (printedParties' customer), for the screens that show the
 * invoice as its PDF does: as issued to, else the live record; undefined when the invoice kept none
 * and the customer is not on this device.
 */
export function printedCustomer(invoice: Pick<Invoice, 'parties'>, customer: Customer | undefined): InvoiceCustomer | undefined {
  return invoice.parties?.customer ?? (customer && snapshotCustomer(customer));
}

/**
 * The customer's reference (its external accounting id) as the invoice prints it under the
 * customer's address, "Customer ref. GLX-1"; '' for a customer without one, which prints none.
 */
export function customerRefLine(customer: Pick<InvoiceCustomer, 'externalId'>): string {
  return customer.externalId ? `Customer ref. ${customer.externalId}` : '';
}

/**
 * The buyer's VAT id as the invoice prints it under the customer's address, "VAT ID NL123456789B01"
 * (the seller's reads the same); '' for a customer without one, and for an invoice issued before
 * the VAT id was kept, which printed none.
 */
export function customerVatIdLine(customer: Pick<InvoiceCustomer, 'vatId'>): string {
  return customer.vatId ? `VAT ID ${customer.vatId}` : '';
}

/** The lines printed under the customer's address, in order: its VAT id, then its reference. */
export function customerDetailLines(customer: Pick<InvoiceCustomer, 'vatId' | 'externalId'>): string[] {
  return [customerVatIdLine(customer), customerRefLine(customer)].filter((line) => line !== '');
}

/**
 * The tax note the invoice prints near its totals (the reverse-charge wording, say): the one it was
 * issued with, else the customer's now; '' for none.
 */
export function printedTaxNote(customer: Pick<InvoiceCustomer, 'taxNote'> | undefined): string {
  return customer?.taxNote ?? '';
}

/**
 * The wording the customer form suggests as the tax note of a customer taxed at 0%: an EU business
 * in another member state, which accounts for the VAT itself (Council Directive 2006/112/EC, Art. 196).
 */
export const REVERSE_CHARGE_NOTE = 'Reverse charge: VAT to be accounted for by the recipient (Art. 196, Directive 2006/112/EC)';

/** Whether the customer form offers REVERSE_CHARGE_NOTE: a 0% tax rate and no note of its own yet. */
export function suggestsReverseChargeNote(taxRate: string, taxNote: string): boolean {
  return isDecimalString(taxRate.trim()) && compareDecimals(taxRate.trim(), '0') === 0 && taxNote.trim() === '';
}

/** The customer name an invoice is shown and exported under: the one it was issued to, else the live one. */
export function invoiceCustomerName(invoice: Pick<Invoice, 'parties'>, liveName: string): string {
  return invoice.parties?.customer.name ?? liveName;
}
