/**
 * The review plan alone: what the "Customers not found" step lists and what Import will write, as
 * the user picks customers for the texts the file uses and changes those picks.
 */
import { describe, expect, it } from 'vitest';
import type { CdrCustomer } from '@/lib/cdr';
import type { CollectedGroup, CollectResult } from './cdr-collector';
import { CompactCdrsBuilder } from './compact-cdrs';
import { planImport } from './import-plan';

const carrier01: CdrCustomer = { id: 'c-01', name: 'Carrier 01', externalId: 'CR-01', currency: 'USD' };
const carrier02: CdrCustomer = { id: 'c-02', name: 'Carrier 02', externalId: 'CR-02', currency: 'USD' };
const customers = [carrier01, carrier02];

/** A group of `rows` CDRs of one day and destination (the plan reads its counts, cells and keys, not its CDRs). */
function group(customer: string, rows: number): CollectedGroup {
  return {
    customer,
    currency: '',
    rows,
    lines: Array.from({ length: rows }, (_, i) => i + 2),
    cells: [{ day: '2026-03-01', destination: '44', destinationName: 'United Kingdom' }],
    cdrs: new CompactCdrsBuilder().finish(),
    keys: { '2026-03-01': 'k'.repeat(16 * rows) },
  };
}

const result: CollectResult = {
  groups: [group('CR-01', 3), group('Mystery Telecom', 2), group('Other Co', 1)],
  badRows: [],
  badCount: 0,
  duplicates: 0,
  lines: 6,
  ledgerLengths: {},
};

const unknownRows = (choices: Record<string, string>) => planImport(result, customers, choices).unknown.map(({ text, rows, customerId }) => ({ text, rows, customerId }));

describe('planImport', () => {
  it('lists every unknown customer text, picked or not, with the customer picked for it', () => {
    expect(unknownRows({})).toEqual([
      { text: 'Mystery Telecom', rows: 2, customerId: undefined },
      { text: 'Other Co', rows: 1, customerId: undefined },
    ]);
    expect(unknownRows({ 'Mystery Telecom': carrier01.id })).toEqual([
      { text: 'Mystery Telecom', rows: 2, customerId: carrier01.id },
      { text: 'Other Co', rows: 1, customerId: undefined },
    ]);
    // Skip picked, or a customer no longer on the device: listed, skipped.
    expect(unknownRows({ 'Mystery Telecom': 'skip', 'Other Co': 'gone' })).toEqual([
      { text: 'Mystery Telecom', rows: 2, customerId: undefined },
      { text: 'Other Co', rows: 1, customerId: undefined },
    ]);
  });

  it('counts the CDRs to import and to skip as picks change', () => {
    const counts = (choices: Record<string, string>) => {
      const plan = planImport(result, customers, choices);
      return { good: plan.goodRows, skipped: plan.skippedRows, to: plan.groups.map((g) => `${g.group.customer}→${g.customerId}`) };
    };
    expect(counts({})).toEqual({ good: 3, skipped: 3, to: ['CR-01→c-01'] });
    expect(counts({ 'Mystery Telecom': carrier02.id })).toEqual({ good: 5, skipped: 1, to: ['CR-01→c-01', 'Mystery Telecom→c-02'] });
    expect(counts({ 'Mystery Telecom': carrier01.id, 'Other Co': carrier01.id })).toEqual({ good: 6, skipped: 0, to: ['CR-01→c-01', 'Mystery Telecom→c-01', 'Other Co→c-01'] });
    expect(counts({ 'Mystery Telecom': 'skip', 'Other Co': carrier01.id })).toEqual({ good: 4, skipped: 2, to: ['CR-01→c-01', 'Other Co→c-01'] });
  });
});
