/**
 * What an invoice needs of its seller (My Account) before it goes to a customer: who it is from
 * (the company's name and address) and, when it asks for money, how to pay (the payment details it
 * prints). The VAT id, registration id and email are left to the seller: not every carrier has
 * them, and an invoice is paid without them.
 */
import type { Account, Invoice } from './entities';
import type { InvoiceSeller } from './invoice-parties';
import { compareDecimals } from './money';
import { invoiceBalance } from './payments';
import { listInWords, upperFirst } from './text';

/** A seller detail an invoice needs, as a sentence names it. */
export type SellerDetail = 'company name' | 'address' | 'payment details';

/**
 * The details `seller` lacks for an invoice: its company name and address, and its payment details
 * when the invoice asks for payment (`asksForPayment`: not a credit note, nor one with nothing left to pay).
 */
export function missingSellerDetails(seller: Pick<InvoiceSeller, 'companyName' | 'address' | 'paymentDetails'>, asksForPayment: boolean): SellerDetail[] {
  const missing: SellerDetail[] = [];
  if (seller.companyName.trim() === '') missing.push('company name');
  if (seller.address.trim() === '') missing.push('address');
  if (asksForPayment && seller.paymentDetails.trim() === '') missing.push('payment details');
  return missing;
}

/**
 * The details My Account lacks for its invoices in general: a company name, an address, and
 * payment details for every currency or for one at least (a seller paid in EUR only may keep
 * its IBAN under EUR).
 */
export function missingAccountDetails(account: Pick<Account, 'companyName' | 'address' | 'paymentDetails' | 'paymentDetailsByCurrency'>): SellerDetail[] {
  const missing = missingSellerDetails({ companyName: account.companyName, address: account.address, paymentDetails: '' }, false);
  const paid = [account.paymentDetails, ...Object.values(account.paymentDetailsByCurrency ?? {})].some((text) => text.trim() !== '');
  if (!paid) missing.push('payment details');
  return missing;
}

/**
 * The details `invoice` lacks of its seller (`seller`: as it prints it, lib/invoice-parties
 * printedSeller): none on a void one, which is not sent; payment details on a draft invoice, or an
 * issued one with something left to pay, but not on a credit note (`creditNote`), which is not paid.
 */
export function invoiceMissingSellerDetails(
  invoice: Pick<Invoice, 'status' | 'total' | 'paid'>,
  creditNote: boolean,
  seller: Pick<InvoiceSeller, 'companyName' | 'address' | 'paymentDetails'>,
): SellerDetail[] {
  if (invoice.status === 'void') return [];
  const balance = invoiceBalance(invoice);
  const asksForPayment = !creditNote && (invoice.status === 'draft' || (balance !== null && compareDecimals(balance, '0') > 0));
  return missingSellerDetails(seller, asksForPayment);
}

/**
 * What a document (`document`: "invoice", "credit note") missing `missing` of its seller's details
 * says, before the way to fill in My Account: a draft, printing My Account as it is, that it would
 * reach the customer without them; an issued one (`issued`), which keeps the details it was issued
 * with, that filling in My Account now changes only what is issued after, so it takes Void and
 * replace. '' when nothing is missing.
 */
export function missingSellerDetailsNotice(missing: readonly SellerDetail[], { document, issued }: { document: string; issued: boolean }): string {
  if (missing.length === 0) return '';
  const details = `your company's ${listInWords(missing.map((detail) => (detail === 'company name' ? 'name' : detail)))}`;
  const unsaid = [
    ...(missing.includes('company name') || missing.includes('address') ? ['who it is from'] : []),
    ...(missing.includes('payment details') ? ['how to pay'] : []),
  ].join(' or ');
  if (!issued) {
    const one = missing.length === 1 && missing[0] !== 'payment details';
    return `${upperFirst(details)} ${one ? 'is' : 'are'} empty in My Account: this ${document} would reach the customer without ${one ? 'it' : 'them'}, not saying ${unsaid}.`;
  }
  return `This ${document} was issued without ${details}: its PDF and email do not say ${unsaid}. It keeps the details it was issued with: once My Account has them, Void and replace it to send one that does.`;
}
