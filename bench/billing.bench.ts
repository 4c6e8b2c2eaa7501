/**
 * `npm run bench -- billing`: the cost of exact money. Each case runs the real engine against a
 * floor in the same run: the same sums done with plain JS numbers (parseFloat, Math.round) in one
 * loop, which is what a float implementation would cost and cannot be beaten by much. Goal: the
 * engine within 3× of the floor at every size.
 *
 * Cases: totals of invoices of 20 to 20,000 lines (20,000 lines per sample); Generate Invoice for one customer from one month
 * and one year of usage over 300 destinations (about 110,000 usage rows), grouped both ways.
 */
import { loadavg } from 'node:os';
import { type BenchCase, compare } from './harness';
import type { Account, Customer, CustomerPackage, Package, Usage } from '../lib/entities';
import { mulberry32 } from '../lib/demo-data';
import { defaultAccount } from '../lib/mutators';
import { generateInvoice } from '../lib/generate';
import { type TotalsLine, computeTotals } from '../lib/totals';

/** `units` millionths as a 6-decimal string ("12.345678"), without a float in between. */
function micros(units: number): string {
  const digits = String(units).padStart(7, '0');
  return `${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

const TAX_RATES = ['0', '7.5', '20'] as const;

/** The 1-minute load average goes beside each case: on a shared 2-core machine it explains a noisy ratio. */
const round2 = (n: number) => Math.round(n * 100) / 100;

function invoiceLines(count: number): TotalsLine[] {
  // Seeded: every run measures the same invoices.
  const next = mulberry32(count);
  return Array.from({ length: count }, (_, i): TotalsLine => {
    const taxRate = TAX_RATES[i % TAX_RATES.length]!;
    // A third are usage lines (an unrounded 6-decimal amount), the rest quantity × unit price.
    if (i % 3 === 0) return { quantity: '1', unitPrice: '0', taxRate, amount: micros(Math.floor(next() * 500_000_000)) };
    return { quantity: String(1 + Math.floor(next() * 20)), unitPrice: micros(Math.floor(next() * 100_000_000)), taxRate, amount: null };
  });
}

/** Totals with floats: the floor. Same steps as computeTotals, same inputs. */
function floatTotals(lines: readonly TotalsLine[]): { nets: number[]; net: number; tax: number; total: number } {
  const nets: number[] = new Array(lines.length);
  const bases = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const exact = line.amount != null ? parseFloat(line.amount) : parseFloat(line.quantity) * parseFloat(line.unitPrice);
    const net = Math.round(exact * 100) / 100;
    nets[i] = net;
    bases.set(line.taxRate, (bases.get(line.taxRate) ?? 0) + net);
  }
  let net = 0;
  let tax = 0;
  for (const [rate, base] of bases) {
    net += base;
    tax += Math.round(base * parseFloat(rate)) / 100;
  }
  return { nets, net, tax, total: net + tax };
}

const CUSTOMER_ID = '0190a000-0000-7000-8000-000000000001';
const uuid = (n: number, family: string) => `0190${family}000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const COUNTRY_CODES = ['44', '1', '49', '33', '34', '39', '61', '81', '86', '91'];

function dayOf(epochDay: number): string {
  return new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
}

/** Every destination every day: 300 × days rows for the customer. */
export function yearOfUsage(days: number): Usage[] {
  const next = mulberry32(days);
  const first = Date.UTC(2025, 0, 1) / 86_400_000;
  const rows: Usage[] = [];
  for (let d = 0; d < days; d++) {
    const day = dayOf(first + d);
    for (let k = 0; k < 300; k++) {
      const calls = 1 + Math.floor(next() * 40);
      const billedSeconds = calls * (30 + Math.floor(next() * 300));
      const destination = `${COUNTRY_CODES[k % 10]}${Math.floor(k / 10) + 10}`;
      rows.push({
        id: `${day}:${destination}`,
        customerId: CUSTOMER_ID,
        day,
        destination,
        destinationName: `Destination ${destination}`,
        calls,
        attempts: calls + 2,
        seconds: billedSeconds - calls,
        billedSeconds,
        charge: micros(Math.floor(next() * 30_000_000)),
        currency: 'USD',
      });
    }
  }
  return rows;
}

export function catalogue(): { packages: Package[]; assignments: CustomerPackage[] } {
  const base = { description: '', currency: 'USD', setup: '0', matchDays: [], prefixPattern: '', freeMinutes: 0, minimumSpend: false, retired: false };
  const packages: Package[] = [
    { ...base, id: uuid(1, 'c'), name: 'DID rental', retail: '2.50', frequency: 'monthly', kind: 'fee' },
    { ...base, id: uuid(2, 'c'), name: 'UK bundle', retail: '15', frequency: 'monthly', kind: 'free-minutes', prefixPattern: '4410', freeMinutes: 1000 },
    { ...base, id: uuid(3, 'c'), name: 'Minimum spend', retail: '100000', frequency: 'monthly', kind: 'fee', minimumSpend: true },
  ];
  const assignments = packages.map(
    (pkg, i): CustomerPackage => ({ id: uuid(i, 'd'), customerId: CUSTOMER_ID, packageId: pkg.id, quantity: 10, startDate: '2024-06-01', endDate: null }),
  );
  return { packages, assignments };
}

export const account: Account = { ...defaultAccount(), companyName: 'Bench Carrier' };

export const customer: Customer = {
  id: CUSTOMER_ID,
  name: 'Bench customer',
  company: '',
  status: 'active',
  currency: 'USD',
  taxRate: '20',
  dueDays: 30,
  schedule: 'monthly',
  address: '',
  contacts: [],
  externalId: '',
  notes: '',
};

/**
 * Generate Invoice with floats: the floor. One pass over the usage doing the same sums the engine
 * does (per group charge, calls and seconds; matched free-minutes usage; usage for minimum spend),
 * then the same sort and rounding.
 */
function floatGenerate(usage: readonly Usage[], start: string, end: string, byDay: boolean): number {
  const groups = new Map<string, { name: string; charge: number; calls: number; billedSeconds: number }>();
  let matchedSeconds = 0;
  let matchedCharge = 0;
  let spent = 0;
  for (const row of usage) {
    if (row.customerId !== CUSTOMER_ID || row.day < start || row.day > end) continue;
    const charge = parseFloat(row.charge);
    const key = byDay ? row.day : row.destination;
    let group = groups.get(key);
    if (group === undefined) {
      group = { name: row.destinationName, charge: 0, calls: 0, billedSeconds: 0 };
      groups.set(key, group);
    }
    group.charge += charge;
    group.calls += row.calls;
    group.billedSeconds += row.billedSeconds;
    spent += charge;
    if (row.destination.startsWith('4410')) {
      matchedSeconds += row.billedSeconds;
      matchedCharge += charge;
    }
  }
  const lines = [...groups.values()].sort((a, b) => b.charge - a.charge || (a.name < b.name ? -1 : 1));
  let net = 0;
  for (const line of lines) net += Math.round(line.charge * 100) / 100;
  const credit = matchedSeconds ? Math.round(((matchedCharge * Math.min(matchedSeconds, 600_000)) / matchedSeconds) * 100) / 100 : 0;
  net -= credit;
  net += Math.max(0, Math.round((1_000_000 - spent) * 100) / 100);
  return net + Math.round(net * 20) / 100;
}

const benchmark = async (): Promise<BenchCase[]> => {
  const cases: BenchCase[] = [];

  // Small invoices are timed by the batch (20,000 lines per sample) so a sample is long enough to measure.
  const batches = [20, 200, 2_000, 20_000].map((size) => Array.from({ length: 20_000 / size }, (_, k) => invoiceLines(size + k).slice(0, size)));
  // Warm the JIT on every size first, so the first case timed does not pay for compiling.
  for (let round = 0; round < 3; round++) {
    for (const lines of batches.flat()) {
      computeTotals(lines, 'USD');
      floatTotals(lines);
    }
  }
  for (const batch of batches) {
    const size = batch[0]!.length;
    const result = await compare(
      `computeTotals, ${size.toLocaleString('en-US')}-line invoice${batch.length > 1 ? ` (×${batch.length.toLocaleString('en-US')})` : ''}`,
      () => batch.map((lines) => computeTotals(lines, 'USD')),
      () => batch.map((lines) => floatTotals(lines)),
      { runs: 25, warmup: 5 },
    );
    cases.push({ ...result, extra: { linesPerMs: Math.round(20_000 / result.value), load1: round2(loadavg()[0]!) } });
  }

  const usage = yearOfUsage(365);
  const { packages, assignments } = catalogue();
  let lineId = 0;
  const newLineId = () => uuid(lineId++, 'b');
  // Warm the JIT on every shape of the work first, so the first case timed does not pay for compiling the rest.
  for (let round = 0; round < 3; round++) {
    for (const lineGrouping of ['destination', 'day'] as const) {
      const common = { customer, assignments, packages, usage, invoiceDate: '2026-01-01', invoiceId: uuid(1, 'e'), newLineId };
      generateInvoice({ ...common, account: { ...account, lineGrouping }, period: { start: '2025-03-01', end: '2025-03-31' } });
      generateInvoice({ ...common, account: { ...account, lineGrouping }, period: { start: '2025-01-01', end: '2025-12-31' } });
      floatGenerate(usage, '2025-03-01', '2025-03-31', lineGrouping === 'day');
    }
  }
  for (const [label, start, end] of [
    ['1 month', '2025-03-01', '2025-03-31'],
    ['1 year', '2025-01-01', '2025-12-31'],
  ] as const) {
    for (const grouping of ['destination', 'day'] as const) {
      const input = {
        account: { ...account, lineGrouping: grouping },
        customer,
        assignments,
        packages,
        usage,
        period: { start, end },
        invoiceDate: '2026-01-01',
        invoiceId: uuid(1, 'e'),
        newLineId,
      };
      const rows = usage.filter((u) => u.day >= start && u.day <= end).length;
      const generated = generateInvoice(input);
      const result = await compare(
        `generateInvoice, ${label} (${rows.toLocaleString('en-US')} rows), by ${grouping}`,
        () => generateInvoice(input),
        () => floatGenerate(usage, start, end, grouping === 'day'),
        { runs: 21, warmup: 6 },
      );
      cases.push({ ...result, extra: { scannedRows: usage.length, billedRows: rows, lines: generated.lines.length, load1: round2(loadavg()[0]!) } });
    }
  }
  return cases;
};

export default benchmark;
