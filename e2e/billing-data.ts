/** A small, known carrier for invoice tests: one customer, a DID package, and usage last month (or in `period`). */
import { randomUUID } from 'node:crypto';
import { addDays, daysInMonth } from '../lib/dates';
import type { Customer, CustomerPackage, Package, Usage } from '../lib/entities';

export function lastMonth(today = new Date()): { start: string; end: string } {
  const year = today.getMonth() === 0 ? today.getFullYear() - 1 : today.getFullYear();
  const month = today.getMonth() === 0 ? 12 : today.getMonth();
  const mm = String(month).padStart(2, '0');
  return { start: `${year}-${mm}-01`, end: `${year}-${mm}-${daysInMonth(year, month)}` };
}

export function billingData(period = lastMonth()) {
  const customer: Customer = {
    id: randomUUID(),
    name: 'Globex Carrier',
    company: 'Globex Ltd',
    status: 'active',
    currency: 'USD',
    taxRate: '20',
    dueDays: 30,
    schedule: 'monthly',
    address: '1 Carrier Way\nLondon',
    contacts: [{ name: 'Gail', email: 'gail@globex.example', phone: '+44 20 7946 0000' }],
    externalId: 'GLX-1',
    notes: '',
  };
  const did: Package = {
    id: randomUUID(),
    name: 'DID rental',
    description: 'UK geographic number',
    currency: 'USD',
    retail: '2.50',
    setup: '10.00',
    frequency: 'monthly',
    matchDays: [1],
    kind: 'fee',
    prefixPattern: '',
    freeMinutes: 0,
    minimumSpend: false,
    retired: false,
  };
  const assignment: CustomerPackage = {
    id: randomUUID(),
    customerId: customer.id,
    packageId: did.id,
    quantity: 10,
    startDate: addDays(period.start, -40),
    endDate: null,
  };
  const destinations = [
    { destination: '4420', destinationName: 'United Kingdom - London', charge: '1.234567' },
    { destination: '447', destinationName: 'United Kingdom - Mobile', charge: '3.100005' },
    { destination: '1212', destinationName: 'USA - New York', charge: '0.505' },
  ];
  const usage: Usage[] = [];
  for (let d = 0; d < 3; d++) {
    const day = addDays(period.start, d);
    for (const dest of destinations) {
      usage.push({
        id: `${customer.id}:${day}:${dest.destination}`,
        customerId: customer.id,
        day,
        destination: dest.destination,
        destinationName: dest.destinationName,
        calls: 12 + d,
        attempts: 15 + d,
        seconds: 1800 + d * 60,
        billedSeconds: 1830 + d * 60,
        charge: dest.charge,
        currency: 'USD',
      });
    }
  }
  return { period, customer, did, assignment, usage };
}

export function seedMutations(data: ReturnType<typeof billingData>) {
  return [
    { name: 'createCustomer', args: data.customer },
    { name: 'createPackage', args: data.did },
    { name: 'assignPackage', args: data.assignment },
    { name: 'putUsage', args: { rows: data.usage } },
  ];
}

/** A createInvoice mutation: a USD draft for `customerId` with one manual line of 10.00 per description. */
export function draftWithLines(customerId: string, descriptions: readonly string[]) {
  const invoiceId = randomUUID();
  const lines = descriptions.map((description, position) => ({
    id: randomUUID(), invoiceId, position, kind: 'manual', description, startDate: null, endDate: null,
    quantity: '1', unit: 'each', unitPrice: '10', taxRate: '0', amount: null, calls: null, minutes: null, packageId: null,
  }));
  const invoice = {
    id: invoiceId, customerId, number: null, status: 'draft', invoiceDate: '2026-11-01', dueDate: '2026-12-01',
    periodStart: null, periodEnd: null, currency: 'USD', rounding: 'half-up', notes: '', voidReason: '', net: '0', tax: '0', total: '0', paid: '0',
  };
  return { invoiceId, mutation: { name: 'createInvoice', args: { invoice, lines } } };
}
