/**
 * How the user knows a record, for messages about a change: refusals name records by id (lib
 * mutators, on the server too), and the device, which held the rows when the change was made,
 * puts the names back. A customer or package by its name, an invoice by its number or as the draft
 * for its customer, a package assignment as the package for the customer, a payment by its
 * reference, amount and date ("payment <id>" reads 'payment "WIRE-9" of €50.00 dated Nov 20, 2026').
 * An invoice's label says what it is too, for the notices of changes of invoices: "Void of credit note INV-4".
 * A draft is named as every screen names one (lib/draft-names), by its date and, when the customer
 * has other drafts of that date, by what tells it from them: "draft of Dec 7, 2026 for $12.40 for
 * Globex Carrier", so two refused changes of two drafts never read alike.
 */
import type { Customer, CustomerPackage, EntityName, Invoice, Package, Payment } from '@/lib/entities';
import { changeName, labelName, refusalNotice, type RecordLabel, type RecordLabels } from '@/lib/change-labels';
import { dayAsShown, dayRangeAsShown, isDay } from '@/lib/dates';
import { type DraftNameFormat, draftName } from '@/lib/draft-names';
import { invoiceNoun } from '@/lib/invoice-status';
import { formatMoney } from '@/lib/money';

export type LabelledEntity = 'customers' | 'invoices' | 'packages' | 'customerPackages' | 'payments';

/** The kinds of record a notice names by label. */
export const LABELLED_ENTITIES: readonly LabelledEntity[] = ['customers', 'invoices', 'packages', 'customerPackages', 'payments'];

export function isLabelled(entity: EntityName): entity is LabelledEntity {
  return (LABELLED_ENTITIES as readonly EntityName[]).includes(entity);
}

/** A labelled row as a change saw it, and how to read the rows its label mentions. */
export type SeenRow =
  | { entity: 'customers'; row: Customer }
  | { entity: 'invoices'; row: Invoice }
  | { entity: 'packages'; row: Package }
  | { entity: 'customerPackages'; row: CustomerPackage }
  | { entity: 'payments'; row: Payment };

export interface LabelLookup {
  customer(id: string): Promise<Customer | undefined>;
  package(id: string): Promise<Package | undefined>;
  /** The customer's invoices, to tell a draft from the customer's other drafts of its date. */
  invoicesOf(customerId: string): Promise<Invoice[]>;
}

/** Days and money in the words every device writes the same (lib/dates dayAsShown): a label is stored with the change. */
const LABEL_FORMAT: DraftNameFormat = { day: (day) => dayAsShown(day), period: (start, end) => dayRangeAsShown(start, end), money: formatMoney };

/** The label, or undefined when a record it depends on is not on the device (the id stays). */
export async function recordLabel(seen: SeenRow, lookup: LabelLookup): Promise<RecordLabel | undefined> {
  switch (seen.entity) {
    case 'customers':
    case 'packages':
      return seen.row.name;
    case 'invoices': {
      const name = await invoiceName(seen.row, lookup);
      return name === undefined ? undefined : { name, noun: invoiceNoun(seen.row) };
    }
    case 'customerPackages': {
      const [pkg, customer] = await Promise.all([lookup.package(seen.row.packageId), lookup.customer(seen.row.customerId)]);
      return pkg && customer ? `${pkg.name} for ${customer.name}` : undefined;
    }
    case 'payments': {
      const reference = seen.row.reference.trim();
      // Its day in words, as the refusals that name payments write it (lib/mutators).
      return `${reference ? `"${reference}" ` : ''}of ${formatMoney(seen.row.amount, seen.row.currency)} dated ${isDay(seen.row.date) ? dayAsShown(seen.row.date) : seen.row.date}`;
    }
  }
}

/** An invoice by its number, else as the draft (or the pending issue) for its customer; undefined when its customer is not on the device. */
async function invoiceName(invoice: Invoice, lookup: LabelLookup): Promise<string | undefined> {
  if (invoice.number) return invoice.number;
  const customer = (await lookup.customer(invoice.customerId))?.name;
  if (customer === undefined) return undefined;
  // Issued on this device but not yet numbered by the server.
  if (invoice.status !== 'draft') return `for ${customer} (number pending)`;
  return `${draftName(invoice, await lookup.invoicesOf(invoice.customerId), LABEL_FORMAT)} for ${customer}`;
}

/**
 * The labels a change was made with, each record still on the device named as it is now (`current`
 * reads the device's row of an id, of whichever labelled kind it is): a draft issued on another
 * device since, or an issue numbered by the server, reads "INV-3" rather than "draft of Nov 1, 2026
 * for Globex", and a customer renamed meanwhile is named by its new name, so the notice names it as
 * the screens do now. A record no longer on the device keeps the label it had.
 */
export async function labelsNow(
  labels: RecordLabels | undefined,
  current: (id: string) => Promise<SeenRow | undefined>,
  lookup: LabelLookup,
): Promise<Record<string, RecordLabel> | undefined> {
  if (!labels) return labels;
  const now: Record<string, RecordLabel> = {};
  for (const [id, label] of Object.entries(labels)) {
    const row = await current(id);
    now[id] = (row && (await recordLabel(row, lookup))) ?? label;
  }
  return now;
}

/** The message with every id it names replaced by that record's name (the message says what the record is). */
export function nameRecords(message: string, labels: RecordLabels | undefined): string {
  let named = message;
  for (const [id, label] of Object.entries(labels ?? {})) named = named.replaceAll(id, labelName(label));
  return named;
}

/**
 * What the user is told of a refused change (lib/change-labels): which change it was, as the device
 * knew its records when it was made (`labels`), then the reason with every id in it named.
 */
export function refusalText(name: string, args: unknown, labels: RecordLabels | undefined, reason: string, partial = false): string {
  return refusalNotice(name, changeName(name, args, labels), nameRecords(reason, labels), partial);
}
