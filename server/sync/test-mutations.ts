/**
 * Builders of records and named mutations for the sync tests (only tests import this: *.test.ts,
 * and the e2e specs, so it imports nothing from the server).
 */
import { randomUUID } from 'node:crypto';
import type { Customer, Invoice, InvoiceLine } from '../../lib/entities';
import { PROTOCOL_VERSION, type Mutation, type PullRequest, type PushRequest } from '../../lib/protocol';

export function customer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: randomUUID(),
    name: 'Acme Telecom',
    company: 'Acme Telecom Inc',
    status: 'active',
    currency: 'EUR',
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

/**
 * The two customers the CDR fixtures (e2e/fixtures/cdr) bill, by external id: Globex Carrier
 * (GLX-1, USD) and Initech Voice (INI-7, EUR). New ids on every call.
 */
export function cdrCustomers(): { globex: Customer; initech: Customer } {
  return {
    globex: customer({ name: 'Globex Carrier', company: 'Globex Carrier Ltd', externalId: 'GLX-1', currency: 'USD' }),
    initech: customer({ name: 'Initech Voice', company: 'Initech Voice Ltd', externalId: 'INI-7', currency: 'EUR' }),
  };
}

export function draftInvoice(customerId: string, overrides: Partial<Invoice> = {}): Invoice {
  return {
    id: randomUUID(),
    customerId,
    number: null,
    status: 'draft',
    invoiceDate: '2026-11-01',
    dueDate: '2026-12-01',
    periodStart: '2026-10-01',
    periodEnd: '2026-10-31',
    currency: 'EUR',
    rounding: 'half-up',
    notes: '',
    voidReason: '',
    net: '0',
    tax: '0',
    total: '0',
    paid: '0',
    ...overrides,
  };
}

export function manualLine(invoiceId: string, position: number, overrides: Partial<InvoiceLine> = {}): InvoiceLine {
  return {
    id: randomUUID(),
    invoiceId,
    position,
    kind: 'manual',
    description: `Line ${position}`,
    startDate: null,
    endDate: null,
    quantity: '2',
    unit: 'pcs',
    unitPrice: '10.125',
    taxRate: '20',
    amount: null,
    calls: null,
    minutes: null,
    packageId: null,
    ...overrides,
  };
}

/** Numbers a list of `{name, args}` from `firstId` on, as a device's outbox would. */
export function numbered(firstId: number, mutations: { name: string; args: unknown }[]): Mutation[] {
  return mutations.map((m, i) => ({ id: firstId + i, ...m }));
}

export function pushOf(clientId: string, mutations: Mutation[]): PushRequest {
  return { protocolVersion: PROTOCOL_VERSION, clientId, mutations };
}

export function pullOf(clientId: string, cursor: number, extra: { snapshot?: number; rejectionsFrom?: number; limit?: number } = {}): PullRequest {
  return { protocolVersion: PROTOCOL_VERSION, clientId, cursor, ...extra };
}
