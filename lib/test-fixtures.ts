/**
 * Builders of valid records for the engine's tests (not shipped: only *.test.ts import this).
 * Every builder takes overrides so a test states only what it is about.
 */
import type { Account, Customer, CustomerPackage, Invoice, InvoiceLine, Package, Usage } from './entities';

export const CUSTOMER_ID = '0190a000-0000-7000-8000-000000000001';
export const OTHER_CUSTOMER_ID = '0190a000-0000-7000-8000-000000000002';
export const INVOICE_ID = '0190a000-0000-7000-8000-0000000000f0';

/** A deterministic UUID per n, like the ids a client mints. */
export function testUuid(n: number, family = 'a'): string {
  return `0190${family.padEnd(4, '0').slice(0, 4)}-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A newLineId that counts: 0190b000-…-000000000000, …001, … */
export function lineIdSequence(): () => string {
  let n = 0;
  return () => testUuid(n++, 'b');
}

export function testAccount(overrides: Partial<Account> = {}): Account {
  return {
    id: 'account',
    companyName: 'Tollbook Carrier Ltd',
    address: '1 Exchange Street, London',
    email: 'billing@example.com',
    registrationId: '01234567',
    vatId: 'GB123456789',
    logo: '',
    paymentDetails: 'IBAN GB00 TEST 0000 0000 0000 00',
    currency: 'USD',
    timezone: 'UTC',
    lineGrouping: 'destination',
    rounding: 'half-up',
    numberPrefix: 'INV-',
    nextNumber: 1,
    paperSize: 'A4',
    ...overrides,
  };
}

export function testCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: CUSTOMER_ID,
    name: 'Acme Telecom',
    company: 'Acme Telecom Inc',
    status: 'active',
    currency: 'USD',
    taxRate: '20',
    dueDays: 30,
    schedule: 'monthly',
    address: '',
    contacts: [],
    externalId: '',
    notes: '',
    vatId: '',
    taxNote: '',
    ...overrides,
  };
}

export function testPackage(overrides: Partial<Package> = {}): Package {
  return {
    id: testUuid(1, 'c'),
    name: 'DID rental',
    description: '',
    currency: 'USD',
    retail: '10',
    setup: '0',
    frequency: 'monthly',
    matchDays: [],
    kind: 'fee',
    prefixPattern: '',
    freeMinutes: 0,
    minimumSpend: false,
    retired: false,
    ...overrides,
  };
}

export function testAssignment(overrides: Partial<CustomerPackage> = {}): CustomerPackage {
  return {
    id: testUuid(1, 'd'),
    customerId: CUSTOMER_ID,
    packageId: testUuid(1, 'c'),
    quantity: 1,
    startDate: '2026-01-01',
    endDate: null,
    ...overrides,
  };
}

let usageCounter = 0;

export function testUsage(overrides: Partial<Usage> = {}): Usage {
  return {
    id: `usage-${usageCounter++}`,
    customerId: CUSTOMER_ID,
    day: '2026-03-01',
    destination: '4420',
    destinationName: 'UK London',
    calls: 1,
    attempts: 1,
    seconds: 60,
    billedSeconds: 60,
    charge: '0.01',
    currency: 'USD',
    ...overrides,
  };
}

/** A line of INVOICE_ID entered by hand: 1 each at 10, no tax, undated. */
export function testLine(overrides: Partial<InvoiceLine> = {}): InvoiceLine {
  return {
    id: testUuid(1, 'e'),
    invoiceId: INVOICE_ID,
    position: 0,
    kind: 'manual',
    description: 'Consulting',
    startDate: null,
    endDate: null,
    quantity: '1',
    unit: 'each',
    unitPrice: '10',
    taxRate: '0',
    amount: null,
    calls: null,
    minutes: null,
    packageId: null,
    ...overrides,
  };
}

/** A draft invoice (INVOICE_ID) of CUSTOMER_ID in USD for March 2026, no lines' totals yet. */
export function testInvoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    id: INVOICE_ID,
    customerId: CUSTOMER_ID,
    number: null,
    status: 'draft',
    invoiceDate: '2026-04-01',
    dueDate: '2026-05-01',
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    currency: 'USD',
    rounding: 'half-up',
    notes: '',
    voidReason: '',
    net: '0.00',
    tax: '0.00',
    total: '0.00',
    paid: '0.00',
    ...overrides,
  };
}
