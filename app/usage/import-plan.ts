/**
 * From what the worker read to what Import will write: customers matched (by id, external id or
 * name, or as the user mapped them), unknown customers not imported until mapped (nor once skipped), groups in another
 * currency than their customer's turned into bad rows, and the rest assigned to their customer.
 * CDRs that name no currency are read in the currency the user said for them (lib/cdr-review
 * fileCurrencyCheck), or, when told so, in their customer's own.
 */
import { currencyMismatch, CustomerDirectory, usageId, type CdrCustomer, type CdrRowError } from '@/lib/cdr';
import { chosenCurrencyMismatch, EACH_CUSTOMERS_CURRENCY, type CustomerWithoutCurrency } from '@/lib/cdr-review';
import type { CollectedGroup, CollectResult } from './cdr-collector';

/** What the user chose for a customer text the file uses: a customer id, or skip. */
export type CustomerChoice = string | 'skip';

export interface UnknownCustomer {
  /** As written in the file. */
  text: string;
  rows: number;
  /** Several customers have this name or external id. */
  ambiguous: boolean;
  /**
   * The customer the user picked for it, or undefined while its CDRs are not imported (nothing
   * picked yet, Skip picked, or the customer picked is gone). The row stays listed once picked, so the pick is
   * seen and can be changed until Import.
   */
  customerId: string | undefined;
  /** Skip was picked for it: its CDRs are skipped by choice, not merely waiting for a customer. */
  skipped: boolean;
}

/** A group of the file whose CDRs go to a customer, in the customer's currency. */
export interface PlannedGroup {
  customerId: string;
  currency: string;
  group: CollectedGroup;
}

export interface ImportPlan {
  groups: PlannedGroup[];
  /** Usage rows (customer × day × destination) the import adds to. */
  usageRows: number;
  /** CDRs that will be imported. */
  goodRows: number;
  /** CDRs of customers the user chose to skip. */
  skippedRows: number;
  /**
   * CDRs of customers not found (or matching several) for which nothing is picked yet, neither a
   * customer nor Skip (or the customer picked is gone): not imported either, but not by choice.
   */
  unmappedRows: number;
  /** The customer texts of the file those unmapped CDRs name. */
  unmappedCustomers: number;
  unknown: UnknownCustomer[];
  /** Lines refused because of their currency, listed (up to what the groups kept) and counted. */
  currencyBadRows: CdrRowError[];
  currencyBadCount: number;
  /** New ledger keys by UTC day (only of the CDRs imported). */
  keys: Record<string, string>;
  /**
   * The customers billed CDRs that name no currency (matched or picked, whatever they are read
   * in), by customer: what lib/cdr-review fileCurrencyCheck decides on.
   */
  withoutCurrency: (CustomerWithoutCurrency & { customerId: string })[];
  /** CDRs of the file that name their currency (whether their customer is known or not). */
  namedCurrencyRows: number;
}

/**
 * `unnamedCurrency`: the currency CDRs without one are read in (an ISO code), or
 * EACH_CUSTOMERS_CURRENCY / undefined for their customer's own.
 */
export function planImport(
  result: CollectResult,
  customers: readonly CdrCustomer[],
  choices: Readonly<Record<string, CustomerChoice>>,
  unnamedCurrency?: string,
): ImportPlan {
  const directory = new CustomerDirectory(customers);
  const byId = new Map(customers.map((c) => [c.id, c]));
  const groups: PlannedGroup[] = [];
  const usageRows = new Set<string>();
  const unknown = new Map<string, UnknownCustomer>();
  const keys: Record<string, string[]> = {};
  const currencyBadRows: CdrRowError[] = [];
  let currencyBadCount = 0;
  let goodRows = 0;
  let skippedRows = 0;
  let unmappedRows = 0;
  const unmappedTexts = new Set<string>();
  let namedCurrencyRows = 0;
  const withoutCurrency = new Map<string, CustomerWithoutCurrency & { customerId: string }>();
  const readAs = unnamedCurrency === EACH_CUSTOMERS_CURRENCY ? undefined : unnamedCurrency || undefined;
  const fileNamesCurrencies = result.groups.some((group) => group.currency !== '');

  for (const group of result.groups) {
    if (group.currency !== '') namedCurrencyRows += group.rows;
    const choice = choices[group.customer];
    const match = directory.match(group.customer);
    let customer: CdrCustomer | undefined;
    if (choice !== undefined) customer = choice === 'skip' ? undefined : byId.get(choice);
    else if (match && 'customer' in match) customer = match.customer;
    if (!(match && 'customer' in match)) {
      const entry = unknown.get(group.customer) ?? { text: group.customer, rows: 0, ambiguous: match !== undefined, customerId: customer?.id, skipped: choice === 'skip' };
      entry.rows += group.rows;
      unknown.set(group.customer, entry);
    }
    if (!customer) {
      if (choice === 'skip') skippedRows += group.rows;
      else {
        unmappedRows += group.rows;
        unmappedTexts.add(group.customer);
      }
      continue;
    }
    if (group.currency === '') {
      const entry = withoutCurrency.get(customer.id) ?? { customerId: customer.id, name: customer.name, currency: customer.currency, cdrs: 0 };
      entry.cdrs += group.rows;
      withoutCurrency.set(customer.id, entry);
    }
    // A currency the file names is quoted as such; one chosen for the CDRs naming none, as chosen.
    const reason =
      group.currency !== '' ? currencyMismatch(group, customer) : readAs !== undefined ? chosenCurrencyMismatch(readAs, customer, fileNamesCurrencies) : undefined;
    if (reason !== undefined) {
      currencyBadCount += group.rows;
      for (const line of group.lines) currencyBadRows.push({ line, reason });
      continue;
    }
    goodRows += group.rows;
    groups.push({ customerId: customer.id, currency: customer.currency, group });
    for (const cell of group.cells) usageRows.add(usageId(customer.id, cell.day, cell.destination));
    for (const [day, dayKeys] of Object.entries(group.keys)) (keys[day] ??= []).push(dayKeys);
  }
  currencyBadRows.sort((a, b) => a.line - b.line);
  return {
    groups,
    usageRows: usageRows.size,
    goodRows,
    skippedRows,
    unmappedRows,
    unmappedCustomers: unmappedTexts.size,
    unknown: [...unknown.values()].sort((a, b) => b.rows - a.rows || (a.text < b.text ? -1 : 1)),
    currencyBadRows,
    currencyBadCount,
    keys: Object.fromEntries(Object.entries(keys).map(([day, parts]) => [day, parts.join('')])),
    withoutCurrency: [...withoutCurrency.values()],
    namedCurrencyRows,
  };
}
