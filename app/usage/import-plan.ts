/**
 * From what the worker read to what Import will write: customers matched (by id, external id or
 * name, or as the user mapped them), unknown customers skipped unless mapped, groups in another
 * currency than their customer's turned into bad rows, and the rest summed per usage row.
 */
import { CustomerDirectory, mergeCells, usageId, type CdrCustomer, type CdrRowError, type UsageCell } from '@/lib/cdr';
import { readUnitsAtScale } from '@/lib/money';
import type { CollectResult } from './cdr-collector';

/** What the user chose for a customer text the file uses: a customer id, or skip. */
export type CustomerChoice = string | 'skip';

export interface UnknownCustomer {
  /** As written in the file. */
  text: string;
  rows: number;
  /** Several customers have this name or external id. */
  ambiguous: boolean;
}

export interface PlannedCell {
  customerId: string;
  currency: string;
  cell: UsageCell;
}

export interface ImportPlan {
  cells: PlannedCell[];
  /** CDRs that will be imported. */
  goodRows: number;
  /** CDRs of customers left unmapped (or skipped). */
  skippedRows: number;
  unknown: UnknownCustomer[];
  /** Lines refused because of their currency, listed (up to what the groups kept) and counted. */
  currencyBadRows: CdrRowError[];
  currencyBadCount: number;
  /** New ledger keys by UTC day (only of the CDRs imported). */
  keys: Record<string, string>;
}

export function planImport(result: CollectResult, customers: readonly CdrCustomer[], choices: Readonly<Record<string, CustomerChoice>>): ImportPlan {
  const directory = new CustomerDirectory(customers);
  const byId = new Map(customers.map((c) => [c.id, c]));
  const cells = new Map<string, PlannedCell>();
  const unknown = new Map<string, UnknownCustomer>();
  const keys: Record<string, string[]> = {};
  const currencyBadRows: CdrRowError[] = [];
  let currencyBadCount = 0;
  let goodRows = 0;
  let skippedRows = 0;

  for (const group of result.groups) {
    const choice = choices[group.customer];
    const match = directory.match(group.customer);
    let customer: CdrCustomer | undefined;
    if (choice !== undefined) customer = choice === 'skip' ? undefined : byId.get(choice);
    else if (match && 'customer' in match) customer = match.customer;
    if (choice === undefined && !(match && 'customer' in match)) {
      const entry = unknown.get(group.customer) ?? { text: group.customer, rows: 0, ambiguous: match !== undefined };
      entry.rows += group.rows;
      unknown.set(group.customer, entry);
    }
    if (!customer) {
      skippedRows += group.rows;
      continue;
    }
    if (group.currency !== '' && group.currency !== customer.currency) {
      currencyBadCount += group.rows;
      const reason = `currency ${group.currency} is not ${customer.name}'s (${customer.currency})`;
      for (const line of group.lines) currencyBadRows.push({ line, reason });
      continue;
    }
    goodRows += group.rows;
    for (const cell of group.cells) {
      const id = usageId(customer.id, cell.day, cell.destination);
      const units = { ...cell, charge: readUnitsAtScale(cell.charge, 6, 'charge') };
      const planned = cells.get(id);
      if (planned) mergeCells(planned.cell, units);
      else cells.set(id, { customerId: customer.id, currency: customer.currency, cell: units });
    }
    for (const [day, dayKeys] of Object.entries(group.keys)) (keys[day] ??= []).push(dayKeys);
  }
  currencyBadRows.sort((a, b) => a.line - b.line);
  return {
    cells: [...cells.values()],
    goodRows,
    skippedRows,
    unknown: [...unknown.values()].sort((a, b) => b.rows - a.rows || (a.text < b.text ? -1 : 1)),
    currencyBadRows,
    currencyBadCount,
    keys: Object.fromEntries(Object.entries(keys).map(([day, parts]) => [day, parts.join('')])),
  };
}
