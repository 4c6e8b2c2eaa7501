/**
 * Each kind of change (a mutator) as the user knows it, for the notices that say a change was
 * refused: "Void of invoice INV-3 was refused. …". The record a change is about is named by the
 * label the device gave its id when the change was made (app/_local/record-labels).
 */
import { NUMBERED_OUT_OF_DATE_ORDER } from './invoice-numbers';
import type { InvoiceNoun } from './invoice-status';
import type { MutatorName } from './mutators';

/**
 * How a notice names a record (app/_local/record-labels gives it): a customer, package or payment by
 * its name ("Globex Carrier"); an invoice by its name ("INV-4", "draft of Dec 7, 2026 for Globex
 * Carrier") and what it is (lib/invoice-status invoiceNoun), which the kinds of change about
 * invoices say: "Void of credit note INV-4". (A change waiting in an outbox since before invoices'
 * labels said what they are has the name alone, and its invoice is called an invoice.)
 */
export type RecordLabel = string | { name: string; noun: InvoiceNoun };

/** How the labels of a change's records are kept with it: by record id. */
export type RecordLabels = Readonly<Record<string, RecordLabel>>;

/** The name a label calls its record by: "INV-4", "Globex Carrier". */
export function labelName(label: RecordLabel): string {
  return typeof label === 'string' ? label : label.name;
}

/** The arguments a change names its record by (each mutator's schema checks them; here they are only read). */
interface ChangeArgs {
  id?: unknown;
  paymentId?: unknown;
  invoice?: { id?: unknown };
}

interface ChangeKind {
  /** What the change does, to which kind of record: "Change of customer"; to an invoice, by what the invoice is ("Void of credit note"). */
  label: string | ((invoice: InvoiceNoun) => string);
  /** The id of the record it is about, from its arguments; none for a change of many (an import). */
  recordId?: (args: ChangeArgs) => unknown;
  /** Its refusals, and its messages when applied otherwise than made, say which change they were already ("Payment … was not recorded: …"): kept as they are. */
  namesItself?: true;
  /** Its messages when applied otherwise than made (not its refusals) say which change they were already ("Invoice INV-1 was voided, and …"): kept as they are. */
  appliedNamesItself?: true;
}

const byId = (args: ChangeArgs) => args.id;
const byInvoice = (args: ChangeArgs) => args.invoice?.id;

/** Every mutator's kind of change; a mutator added without one does not compile. */
export const CHANGE_KINDS: { readonly [N in MutatorName]: ChangeKind } = {
  saveAccount: { label: 'Change of My Account' },
  createCustomer: { label: 'New customer', recordId: byId },
  updateCustomer: { label: 'Change of customer', recordId: byId },
  deleteCustomer: { label: 'Deletion of customer', recordId: byId },
  createPackage: { label: 'New package', recordId: byId },
  updatePackage: { label: 'Change of package', recordId: byId },
  deletePackage: { label: 'Deletion of package', recordId: byId },
  assignPackage: { label: 'Assignment of package', recordId: byId },
  updateAssignment: { label: 'Change of package', recordId: byId },
  deleteAssignment: { label: 'Removal of package', recordId: byId },
  putUsage: { label: 'Upload of usage' },
  loadDemoData: { label: 'Loading of the demo data', namesItself: true },
  importCdrs: { label: 'Import of CDRs' },
  undoCdrImport: { label: 'Undo of a CDR import' },
  createInvoice: { label: (invoice) => `New ${invoice}`, recordId: byInvoice },
  createReplacementInvoice: { label: 'Replacement invoice', recordId: byInvoice },
  createCreditNote: { label: 'Credit note', recordId: byInvoice },
  saveInvoice: { label: (invoice) => `Edit of ${invoice}`, recordId: byId },
  deleteInvoice: { label: (invoice) => `Deletion of ${invoice}`, recordId: byId },
  issueInvoice: { label: (invoice) => `Issue of ${invoice}`, recordId: byId },
  voidInvoice: { label: (invoice) => `Void of ${invoice}`, recordId: byId, appliedNamesItself: true },
  recordPayment: { label: 'Payment', recordId: byId, namesItself: true },
  applyPaymentCredit: { label: 'Credit application from payment', recordId: (args) => args.paymentId },
  deletePayment: { label: 'Deletion of payment', recordId: byId, appliedNamesItself: true },
};

function kindOf(name: string): ChangeKind | undefined {
  return Object.hasOwn(CHANGE_KINDS, name) ? CHANGE_KINDS[name as MutatorName] : undefined;
}

/**
 * The change as the user knows it: "Void of invoice INV-3", "Void of credit note INV-4", its record
 * named by `labels` (by id); the kind alone when the record has no label ("Void of invoice"), "A
 * change" for a name no mutator has.
 */
export function changeName(name: string, args: unknown, labels: RecordLabels | undefined): string {
  const kind = kindOf(name);
  if (!kind) return 'A change';
  const id = args && typeof args === 'object' ? kind.recordId?.(args as ChangeArgs) : undefined;
  const record = typeof id === 'string' ? labels?.[id] : undefined;
  const label = typeof kind.label === 'string' ? kind.label : kind.label(typeof record === 'object' ? record.noun : 'invoice');
  return record ? `${label} ${labelName(record)}` : label;
}

/**
 * What a notice of a record restored for a change says after the record's name: "Globex was
 * deleted on another device, but this device made an invoice for it meanwhile (INV-12): …" (lib
 * mutators). Such a notice says which change it was: it is kept as it is.
 */
export const RESTORED_AFTER_DELETION = ' was deleted on another device, but this device ';

/**
 * What a refusal notice says: which change it was, then why, each a sentence ("Void of invoice
 * INV-3 was refused. Only an issued invoice can be voided, and this one is void already."); one applied but for a part
 * (`partial`, lib/field-patch) "was saved only in part. …". A kind
 * whose messages name the change already keeps them as they are, refusals and the others (a
 * payment recorded with some of it left as credit says "Payment … was recorded, but …").
 */
export function refusalNotice(name: string, change: string, reason: string, partial = false): string {
  if (kindOf(name)?.namesItself) return sentence(reason);
  // Applied as made, with a record another device had deleted brought back for it ("Globex was deleted on another device, but …").
  if (partial && reason.includes(RESTORED_AFTER_DELETION)) return sentence(reason);
  // Issued as made, numbered out of date order ("Invoice INV-2, dated Nov 20, 2026, was numbered after …").
  if (partial && reason.includes(NUMBERED_OUT_OF_DATE_ORDER)) return sentence(reason);
  // Applied as made, in the change's own words (a void that took payments off the invoice, a deletion that undid credit applied elsewhere).
  if (partial && kindOf(name)?.appliedNamesItself) return sentence(reason);
  // Two sentences, not "was refused: The …": a reason is written to stand alone (a dialog shows it
  // as it is), and may start with a name ("iTel has invoices"), which must keep its case.
  return `${change} ${partial ? 'was saved only in part' : 'was refused'}. ${sentence(reason)}`;
}

/** The text ending as a sentence does: with a full stop unless it has one (or "?", "!", "…"). */
function sentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.?!…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
