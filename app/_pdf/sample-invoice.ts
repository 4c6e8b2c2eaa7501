/**
 * Sample invoices for the PDF's tests and benchmark: a wholesale carrier's month of usage by
 * destination plus packages. Deterministic (no clock, no randomness), valid against lib/entities.
 */
import type { Account, Customer, Invoice, InvoiceLine } from '@/lib/entities';
import type { InvoicePdfData } from './invoice-pdf-data';

/** A valid UUID (version 7 layout) from a counter, so fixtures are stable. */
export function sampleId(n: number, kind = 0): string {
  const hex = n.toString(16).padStart(12, '0');
  return `0190a000-${kind.toString(16).padStart(4, '0')}-7000-8000-${hex}`;
}

/** Short enough that every sample line prints on one line of the table (page counts are exact). */
const DESTINATIONS = [
  'UK - Mobile',
  'Germany - Fixed',
  'France - Orange',
  'Poland - Łódź Fixed',
  'Switzerland - Zürich',
  'USA - Alaska',
  'Japan - Tokyo Mobile',
  'Brazil - São Paulo',
  'India - Mobile Jio',
  'Nigeria - MTN Mobile',
];

export const SAMPLE_INVOICE_ID = sampleId(1, 1);

export function sampleAccount(overrides: Partial<Account> = {}): Account {
  return {
    id: 'account',
    companyName: 'Zürich Telekom AG',
    address: 'Bahnhofstrasse 1\n8001 Zürich\nSwitzerland',
    email: 'billing@zuerich-telekom.example',
    registrationId: 'CHE-123.456.789',
    vatId: 'CHE-123.456.789 MWST',
    logo: '',
    paymentDetails: 'IBAN CH93 0076 2011 6238 5295 7 · BIC POFICHBEXXX\nPlease quote the invoice number with your payment.',
    currency: 'EUR',
    timezone: 'Europe/Zurich',
    lineGrouping: 'destination',
    rounding: 'half-up',
    numberPrefix: 'INV-',
    nextNumber: 42,
    paperSize: 'A4',
    ...overrides,
  };
}

export function sampleCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: sampleId(1, 2),
    name: 'Łódź Connect',
    company: 'Łódź Connect Sp. z o.o.',
    status: 'active',
    currency: 'EUR',
    taxRate: '20',
    dueDays: 14,
    schedule: 'monthly',
    address: 'ul. Piotrkowska 100\n90-001 Łódź\nPoland',
    contacts: [{ name: 'Anna Nowak', email: 'anna@lodz-connect.example', phone: '+48 42 000 0000' }],
    externalId: 'ACC-7781',
    notes: '',
    ...overrides,
  };
}

/** The lines of sampleAccount() and sampleCustomer() that page 1's heading prints, in its order: the seller's, then the customer's. */
export const SAMPLE_PARTY_TEXTS = [
  // The seller: name, address, email and ids.
  'Zürich Telekom AG',
  'Bahnhofstrasse 1\n8001 Zürich\nSwitzerland',
  'billing@zuerich-telekom.example',
  'VAT ID CHE-123.456.789 MWST',
  'Reg. no. CHE-123.456.789',
  // The customer: name, company, address, the contact's parts, reference.
  'Łódź Connect',
  'Łódź Connect Sp. z o.o.',
  'ul. Piotrkowska 100\n90-001 Łódź\nPoland',
  'Anna Nowak',
  'anna@lodz-connect.example',
  '+48 42 000 0000',
  'Customer ref. ACC-7781',
];

/**
 * Line i: usage to a destination (calls, minutes, amount = sum of per-call charges with 6 decimals)
 * for most lines, and every 7th line a package (quantity × unit price).
 */
export function sampleLine(i: number, invoiceId = SAMPLE_INVOICE_ID): InvoiceLine {
  const destination = DESTINATIONS[i % DESTINATIONS.length]!;
  if (i % 7 === 6) {
    return {
      id: sampleId(i + 1, 3),
      invoiceId,
      position: i,
      kind: 'package',
      description: `DID rental ${i}: ${destination}`,
      startDate: '2026-01-01',
      endDate: '2026-01-31',
      quantity: String(1 + (i % 5)),
      unit: 'DID',
      unitPrice: '2.500000',
      taxRate: '20',
      amount: null,
      calls: null,
      minutes: null,
      packageId: null,
    };
  }
  const calls = 10 + ((i * 37) % 900);
  const seconds = calls * (30 + (i % 90));
  return {
    id: sampleId(i + 1, 3),
    invoiceId,
    position: i,
    kind: 'usage',
    description: `${destination} (${4400 + (i % 97)}) #${i}`,
    startDate: '2026-01-01',
    endDate: '2026-01-31',
    quantity: '1',
    unit: '',
    unitPrice: '0',
    // Tax 20% except every 5th line at 7.5%, to print two rates.
    taxRate: i % 5 === 4 ? '7.5' : '20',
    amount: `${(i * 7919) % 500}.${String((i * 104729) % 1_000_000).padStart(6, '0')}`,
    calls,
    minutes: `${Math.floor(seconds / 60)}.${Math.floor(((seconds % 60) * 10) / 60)}`,
    packageId: null,
  };
}

export function sampleInvoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    id: SAMPLE_INVOICE_ID,
    customerId: sampleId(1, 2),
    number: 'INV-000042',
    status: 'issued',
    invoiceDate: '2026-02-01',
    dueDate: '2026-02-15',
    periodStart: '2026-01-01',
    periodEnd: '2026-01-31',
    currency: 'EUR',
    rounding: 'half-up',
    notes: 'Thank you for your business.',
    voidReason: '',
    net: '0',
    tax: '0',
    total: '0',
    paid: '0',
    ...overrides,
  };
}

export function sampleInvoicePdfData(lineCount: number, overrides: Partial<InvoicePdfData> = {}): InvoicePdfData {
  return {
    account: sampleAccount(),
    customer: sampleCustomer(),
    invoice: sampleInvoice(),
    lines: Array.from({ length: lineCount }, (_, i) => sampleLine(i)),
    ...overrides,
  };
}
