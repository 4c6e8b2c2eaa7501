/**
 * The named mutations of Tollbook. Each runs twice: optimistically on the device (Dexie) and
 * authoritatively on the server (Postgres), through the same code against `MutationTx`. The server
 * run is the truth: it re-validates, assigns invoice numbers, and its rows replace the device's.
 *
 * Conflict rules follow from running in server arrival order: updates carry only the changed fields
 * (per-field last-writer-wins), deletes win, and an issued invoice refuses every change but pay/void.
 * But a deletion made without knowing of an invoice does not lose it: a customer deleted on another
 * device while this one invoiced it, or a draft deleted there while this one edited or issued it, is
 * restored on the server from its tombstone (MutationTx restoreDeleted), and this device is told.
 * A field that carries money is the exception to last-writer-wins: an update also says what the
 * device held of it (`seen`), and one changed on another device meanwhile keeps that device's value
 * (lib/field-patch). The mutator then applies the rest and returns a message saying what it did not
 * apply, which the server records like a refusal and the device shows.
 */
import { z } from 'zod';
import { addCellToUsage, addToCells, blankCdr, CHARGE_SCALE, MAX_CALL_ID_LENGTH, subtractCellFromUsage, usageId, type UsageCell } from './cdr';
import {
  ACCOUNT_ID,
  accountSchema,
  currencySchema,
  daySchema,
  customerPackageSchema,
  customerSchema,
  decimalSchema,
  idSchema,
  invoiceLineSchema,
  invoiceSchema,
  isLogoDataUrl,
  packageSchema,
  paymentAllocationSchema,
  paymentSchema,
  storableTextSchema,
  usageSchema,
  cdrImportSchema,
  type Account,
  type CdrImport,
  type CdrImportCell,
  type Customer,
  type Entities,
  type EntityName,
  type Invoice,
  type InvoiceLine,
  type Package,
  type Payment,
  type PaymentAllocation,
  type Usage,
} from './entities';
import { currencyExponent } from './currencies';
import { contentsKeepingDemoOut, demoSellerDetails, generateDemoData } from './demo-data';
import { dayAndClockAt, dayAsShown, isDay, isTimeZone, todayIn } from './dates';
import { invoiceDigest } from './invoice-digest';
import { type IssuedBy, clashingNumber, invoiceNumber, nextInvoiceNumber, numberTakenMessage, outOfDateOrderNotice, usedNumbers } from './invoice-numbers';
import { billedAgain, unseenBilledAgain, unseenBilledAgainRefusal } from './billed-again';
import { billsAlready, type InvoiceWithLines } from './generate';
import { importedDays, importUndoBlockers } from './issued-periods';
import { invoiceNoun, invoiceNumberLabel, isCreditNote } from './invoice-status';
import { snapshotParties } from './invoice-parties';
import { addDecimals, compareDecimals, formatMoney, formatUnits, isDecimalString, isInMinorUnits, isZeroDecimal, readUnitsAtScale, roundToCurrency, subtractDecimals } from './money';
import { packageCurrencyMismatch, retailPriceLabel } from './packages';
import { applicationReference, comparePayments, creditMovesOf, hasApplicationReference, releasedByVoid, unappliedOf, type ReleasedByVoid } from './payments';
import { notCreditable } from './credit-notes';
import { argumentDetail, argumentProblem } from './argument-problems';
import { mergePatch, sameFieldValue, staleEditMessage, type GuardedFields } from './field-patch';
import { computeTotals } from './totals';
import { usageLinesSpan, usageShortfall } from './usage-shortfall';
import { possessive } from './possessive';
import { listInWords, lowerFirst, upperFirst } from './text';
import { RESTORED_AFTER_DELETION } from './change-labels';
import { CUSTOMER_IDENTITY_FIELDS, DRAFT_HEADER_LABELS, quotedValue, type OverriddenChange } from './overridden-changes';
import { INVOICE_HEADER_FIELDS } from './invoice-edit';

/** Fields each entity can be listed by (indexed on the device and on the server). */
export interface IndexedFields {
  account: never;
  customers: never;
  packages: never;
  customerPackages: 'customerId' | 'packageId';
  usage: 'customerId';
  invoices: 'customerId' | 'number' | 'replacesId';
  invoiceLines: 'invoiceId';
  payments: 'customerId';
  cdrImports: never;
  cdrImportParts: 'importId';
}

/** What a mutator may do: read and write rows of one tenant inside one transaction. */
export interface MutationTx {
  /** 'server' runs are authoritative (e.g. they assign invoice numbers). */
  readonly location: 'client' | 'server';
  get<E extends EntityName>(entity: E, id: string): Promise<Entities[E] | undefined>;
  put<E extends EntityName>(entity: E, row: Entities[E]): Promise<void>;
  delete(entity: EntityName, id: string): Promise<void>;
  list<E extends EntityName>(entity: E, field: IndexedFields[E], value: string): Promise<Entities[E][]>;
  /** Whether `list` would return any row, without reading them all (a customer may have 100,000 usage rows). */
  exists<E extends EntityName>(entity: E, field: IndexedFields[E], value: string): Promise<boolean>;
  /** How many rows of `entity` the tenant has, this transaction's writes included (none deleted). */
  count(entity: EntityName): Promise<number>;
  /**
   * The customer's usage rows of the days `first` to `last`, both included, this transaction's
   * writes included: one range of the usage rows' key (lib/cdr usageId starts with the customer and
   * the day) on the server, of the [customerId+day] index on the device, where `list` would read
   * all of the customer's rows.
   */
  usageOfDays(customerId: string, first: string, last: string): Promise<Usage[]>;
  /**
   * Every number the tenant's invoices have (issued and void), this transaction's writes included:
   * a number is taken when one of them reads the same (lib/invoice-numbers), which no index finds.
   */
  invoiceNumbers(): Promise<string[]>;
  /**
   * Claims CDR identities (lib/cdr `Cdr.key`) for the tenant and says, per key, whether this
   * mutation may bill that CDR. The server answers from `cdr_keys`, which `POST /api/cdrs` shares:
   * true only for the first claim of a key by any device or the API, and the claims of a mutation
   * that is refused are dropped with its writes. The device answers true for every key: its import
   * already left out what it imported before, and the server's rows replace its sums on the next pull.
   * `importId`: the browser import (cdrImports) the claims belong to, so undoing it can release them.
   */
  claimCdrKeys(keys: readonly string[], importId?: string): Promise<boolean[]>;
  /**
   * Forgets the CDR keys an import claimed (undoCdrImport), so its CDRs can be imported again: the
   * server deletes them from `cdr_keys` with the mutation's other writes (and a later claim of the
   * same keys, in the same push too, is fresh). The device keeps no claims (its ledger is the Usage
   * screen's, app/usage/ledger.ts): nothing to do there.
   */
  releaseCdrKeys(importId: string): Promise<void>;
  /**
   * Brings back a row another device deleted, as it was then, with the rows of `children` (their
   * entity, and the field that names the row) that the same change deleted along with it (a
   * customer's package assignments, a draft's lines), and returns it. Undefined when there is none
   * to bring back: a row never stored, a live one, one deleted by this device's own changes, or one
   * deleted so long ago that sync has forgotten it (TOMBSTONE_RETENTION_DAYS). Only the server keeps
   * deleted rows; on the device, which runs a change against the rows it was made on, it is always
   * undefined.
   */
  restoreDeleted<E extends EntityName, C extends EntityName>(entity: E, id: string, children?: { entity: C; field: IndexedFields[C] }): Promise<Entities[E] | undefined>;
  /**
   * Says that this change undoes another device's, made without knowing of it (lib/overridden-changes):
   * the server tells the device that made it, with this change's writes. Only the server sees
   * another device's changes; on the device it does nothing.
   */
  overrode(change: OverriddenChange): void;
}

/**
 * A refusal by the business rules (not a fault): recorded as a rejection and shown to the user.
 * `detail`, when there is one, is the developer's version (the mutator and field by their code
 * names): logged where developers look (the server's log, the browser's console), never shown.
 */
export class MutationError extends Error {
  override name = 'MutationError';
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/**
 * A mutator applies its change or throws a MutationError. One that applies only part of it (a field
 * another device changed first, lib/field-patch) returns a message saying what it left out.
 */
type MutatorRun<A> = (tx: MutationTx, args: A) => Promise<string | void>;

function defineMutator<S extends z.ZodType>(args: S, run: MutatorRun<z.infer<S>>) {
  return { args, run };
}

/** The seller account a new tenant starts with. */
export function defaultAccount(): Account {
  return {
    id: ACCOUNT_ID,
    companyName: '',
    address: '',
    email: '',
    registrationId: '',
    vatId: '',
    logo: '',
    paymentDetails: '',
    currency: 'USD',
    timezone: 'UTC',
    homeCountry: '',
    lineGrouping: 'destination',
    rounding: 'half-up',
    numberPrefix: 'INV-',
    nextNumber: 1,
    paperSize: 'A4',
  };
}

async function accountOf(tx: MutationTx): Promise<Account> {
  return (await tx.get('account', ACCOUNT_ID)) ?? defaultAccount();
}

async function mustGet<E extends EntityName>(tx: MutationTx, entity: E, id: string, what: string): Promise<Entities[E]> {
  const row = await tx.get(entity, id);
  if (!row) throw new MutationError(`${what} ${id} does not exist (it may have been deleted on another device)`);
  return row;
}

async function draftInvoice(tx: MutationTx, id: string): Promise<Invoice> {
  return refuseUnlessDraft(await mustGet(tx, 'invoices', id, 'Invoice'));
}

function refuseUnlessDraft(invoice: Invoice): Invoice {
  if (invoice.status !== 'draft') {
    const correct = invoice.status === 'void' ? 'Replace on its page' : 'Void and replace on its page';
    // The notice names the invoice (lib/change-labels): a number still pending is not "(pending)" here.
    throw new MutationError(`The invoice is ${invoice.status} and can no longer be changed; to correct it, use ${correct}`);
  }
  return invoice;
}

/**
 * The invoice a change of this device is about (`change`: 'changed' or 'issued'). A draft another
 * device deleted while this one changed or issued it (both offline) is restored, with the lines
 * deleted with it: the deletion was made without knowing of the change, and a draft issued (its
 * PDF sent, perhaps) must not be lost to it. `restored` says so, for the device that made the
 * change. Restoring is the server's (lib MutationTx restoreDeleted); the device has the row.
 */
async function invoiceToChange(tx: MutationTx, id: string, change: 'changed' | 'issued'): Promise<{ invoice: Invoice; restored?: string }> {
  const live = await tx.get('invoices', id);
  if (live) return { invoice: live };
  const restored = await tx.restoreDeleted('invoices', id, { entity: 'invoiceLines', field: 'invoiceId' });
  if (restored) {
    // By its id, which the device replaces with its label (its number once issued, or the draft for its customer).
    const after = change === 'issued' ? 'and issued' : 'and the change applied';
    const told = [`Invoice ${id}${RESTORED_AFTER_DELETION}${change} it meanwhile: it was restored, with its lines as they were, ${after}.`];
    tx.overrode({
      entity: 'invoices',
      id,
      message: `Invoice ${id} came back: this device deleted it while another device, which had not seen the deletion, ${change} it. It was restored, with its lines as they were, so the ${change === 'issued' ? 'issue' : 'change'} is not lost.`,
      mentions: [{ entity: 'invoices', id }],
    });
    // Its customer, which the draft no longer kept from being deleted, comes back with it.
    const { restored: customer } = await customerToBill(tx, restored.customerId, id, change);
    if (customer) told.push(customer);
    return { invoice: restored, restored: told.join(' ') };
  }
  // Never stored: the change that created it was refused (on the server, which its own notice says), not deleted.
  throw new MutationError(
    `The invoice is not on the server: the change that created it was refused (its notice says why), or it was deleted on another device long ago. Nothing was ${change}.`,
    `invoice ${id} has no row and no tombstone`,
  );
}

/**
 * The customer an invoice is made for, moved to, or that of a draft restored (`what`, of the draft). One another device
 * deleted while this one made the invoice (both offline) is restored as it was, with the packages
 * assigned to it then (those of a package since deleted left out): the deletion was made without
 * knowing of the invoice, which must not be lost to it (issued next, its PDF sent, perhaps).
 * `restored` says so, for the device that made the invoice.
 */
async function customerToBill(tx: MutationTx, customerId: string, invoiceId: string, what: 'made' | 'moved' | 'changed' | 'issued'): Promise<{ customer: Customer; restored?: string }> {
  const live = await tx.get('customers', customerId);
  if (live) return { customer: live };
  const customer = await tx.restoreDeleted('customers', customerId, { entity: 'customerPackages', field: 'customerId' });
  if (!customer) throw new MutationError(`Customer ${customerId} does not exist (it may have been deleted on another device)`);
  let packages = 0;
  for (const assignment of await tx.list('customerPackages', 'customerId', customerId)) {
    if (await tx.get('packages', assignment.packageId)) packages++;
    else await tx.delete('customerPackages', assignment.id);
  }
  const withPackages = packages === 0 ? '' : `, with the ${packages === 1 ? 'package' : `${packages} packages`} assigned to it`;
  tx.overrode({
    entity: 'customers',
    id: customerId,
    message:
      `${customer.name} came back: this device deleted it while another device, which had not seen the deletion, ${what} an invoice ${what === 'moved' ? 'over to' : 'for'} it (${invoiceId}). ` +
      `The customer was restored as it was${withPackages}, so the invoice keeps its customer. Set the customer inactive if it is no longer billed.`,
    mentions: [{ entity: 'invoices', id: invoiceId }],
  });
  // The invoice by its id, which the device replaces with its label (its number once issued, or the draft for the customer).
  return {
    customer,
    restored:
      `${customer.name}${RESTORED_AFTER_DELETION}${what} an invoice ${what === 'moved' ? 'over to' : 'for'} it meanwhile (${invoiceId}): the customer was restored as it was${withPackages}, so the invoice keeps its customer. ` +
      'Set the customer inactive if it is no longer billed.',
  };
}

/**
 * Tells the device whose Name, Company, VAT id or Address of the customer this change replaces
 * (`stored`, now `merged`), when this device had not seen that value (`seen` is another): the later
 * arrival wins, as for any field but money, and the device whose value it replaced is told
 * (lib/overridden-changes). Patches without `seen` (devices before it) say nothing.
 */
function tellReplacedIdentity(tx: MutationTx, stored: Customer, merged: Customer, patch: Partial<Customer>, seen: Readonly<Record<string, unknown>> | undefined): void {
  if (!seen) return;
  for (const [field, label] of Object.entries(CUSTOMER_IDENTITY_FIELDS) as [keyof Customer & string, string][]) {
    if (!Object.hasOwn(patch, field) || !Object.hasOwn(seen, field)) continue;
    const replaced = stored[field] ?? '';
    const value = merged[field] ?? '';
    if (sameFieldValue(replaced, seen[field]) || sameFieldValue(replaced, value)) continue;
    tx.overrode({
      entity: 'customers',
      id: stored.id,
      field,
      value: replaced,
      message:
        `${possessive(merged.name)} ${label} was changed to ${quotedValue(value)} on another device, which had not seen this device's change of it to ${quotedValue(replaced)}: ` +
        `the change that reached the server last stands. Set it again if ${quotedValue(replaced)} is right.`,
    });
  }
}

/**
 * Tells the device whose value of a draft's header field (its customer, dates, period or notes) this
 * save replaces (`stored`, now `saved`), when this device had not seen that value (`seen` is
 * another): the later arrival wins, as for a customer's Name, and the device whose value it replaced
 * is told (lib/overridden-changes). The invoice by its number, or by its id, which the device
 * replaces with its label (the draft of its date for the customer). Saves without `seen` (devices
 * before it) say nothing.
 */
async function tellReplacedHeader(tx: MutationTx, stored: Invoice, saved: Invoice, patch: Partial<Invoice>, seen: Readonly<Record<string, unknown>> | undefined): Promise<void> {
  if (!seen) return;
  const noun = invoiceNoun(stored);
  for (const field of INVOICE_HEADER_FIELDS) {
    if (!Object.hasOwn(patch, field) || !Object.hasOwn(seen, field)) continue;
    const replaced = stored[field];
    const value = saved[field];
    if (sameFieldValue(replaced, seen[field]) || sameFieldValue(replaced, value)) continue;
    // A credit note's due date is its date (lib/credit-notes dueDateFor), which its editor shows alone: the date's notice says it.
    if (field === 'dueDate' && noun === 'credit note') continue;
    const shown = async (of: string | null): Promise<string> => {
      if (field === 'customerId' && of) return quotedValue((await tx.get('customers', of))?.name ?? of);
      return quotedValue(field !== 'notes' && of && isDay(of) ? dayAsShown(of) : of);
    };
    const label = field === 'invoiceDate' && noun === 'credit note' ? 'date' : DRAFT_HEADER_LABELS[field];
    const [was, it] = field === 'notes' ? ['were', 'them'] : ['was', 'it'];
    tx.overrode({
      entity: 'invoices',
      id: stored.id,
      field,
      value: replaced,
      message:
        `The ${label} of ${noun} ${stored.number ?? stored.id} ${was} changed to ${await shown(value)} on another device, which had not seen this device's change of ${it} to ${await shown(replaced)}: ` +
        `the change that reached the server last stands. Set ${it} again if ${await shown(replaced)} is right.`,
      mentions: [{ entity: 'invoices', id: stored.id }],
    });
  }
}

/**
 * What is wrong with an invoice's dates, if anything: the editor asks before saving, and the
 * mutators refuse the same (a period that ends before it starts would also make every new line's
 * default dates invalid).
 */
export function invoiceDatesProblem(invoice: Pick<Invoice, 'invoiceDate' | 'dueDate' | 'periodStart' | 'periodEnd'>): string | undefined {
  if (invoice.dueDate < invoice.invoiceDate) return 'The due date must not be before the invoice date.';
  if (invoice.periodStart && invoice.periodEnd && invoice.periodEnd < invoice.periodStart) return 'The period must not end before it starts.';
  return undefined;
}

/**
 * Whether the account's next number moved on from the one a device saw (`seen.nextNumber`) only by
 * issuing: every number of the series from it up to the next number is an invoice's now (an issue
 * takes the next number, passing over those taken). Then `from`, the number the device saw;
 * undefined when the device saw none or the same, or when the series was set otherwise meanwhile
 * (on another device's Settings).
 */
function issuedSince(account: Account, seen: Readonly<Record<string, unknown>> | undefined, used: ReadonlyMap<string, string>): { from: number } | undefined {
  const from = seen?.nextNumber;
  if (typeof from !== 'number' || !Number.isSafeInteger(from) || from >= account.nextNumber) return undefined;
  // More numbers between than invoices have: not all of them were issued.
  if (account.nextNumber - from > used.size) return undefined;
  for (let n = from; n < account.nextNumber; n++) {
    if (clashingNumber(used, invoiceNumber(account.numberPrefix, n)) === undefined) return undefined;
  }
  return { from };
}

async function numbersUsed(tx: MutationTx): Promise<Map<string, string>> {
  return usedNumbers(await tx.invoiceNumbers());
}

/** Recomputes an invoice's cached totals from its lines with the one totals function. */
async function refreshTotals(tx: MutationTx, invoice: Invoice): Promise<Invoice> {
  const datesProblem = invoiceDatesProblem(invoice);
  if (datesProblem) throw new MutationError(datesProblem);
  const lines = await tx.list('invoiceLines', 'invoiceId', invoice.id);
  const totals = computeTotals(lines, invoice.currency, invoice.rounding);
  // Refused here, where the device sees it at once, rather than by the stored row's schema on the
  // server, which would undo the whole save later.
  for (const [name, amount] of [['net', totals.net], ['tax', totals.tax], ['total', totals.total]] as const) {
    if (!isDecimalString(amount)) {
      throw new MutationError(`The invoice's ${name} (${amount}) is too large: amounts have at most 15 digits before the decimal point`);
    }
  }
  const next = { ...invoice, net: totals.net, tax: totals.tax, total: totals.total };
  await tx.put('invoices', next);
  return next;
}

const accountPatchSchema = accountSchema.omit({ id: true }).partial();
const customerPatchSchema = customerSchema.omit({ id: true }).partial();
const packagePatchSchema = packageSchema.omit({ id: true }).partial();
const linePatchSchema = invoiceLineSchema.omit({ id: true, invoiceId: true }).partial();
const assignmentPatchSchema = customerPackageSchema.pick({ quantity: true, startDate: true, endDate: true }).partial();
const invoicePatchSchema = invoiceSchema
  .pick({ customerId: true, invoiceDate: true, dueDate: true, periodStart: true, periodEnd: true, notes: true })
  .partial();
const idArgs = z.object({ id: idSchema });
/** Issue, with what the user saw: the draft's total and digest (lib/invoice-digest). */
const issueArgs = idArgs.extend({
  expectedTotal: decimalSchema.optional(),
  expectedDigest: z.string().regex(/^[0-9a-f]{16}$/).optional(),
  // The issued invoices Issue's question said bill what the draft bills too (lib/billed-again), when
  // the user chose to issue it anyway. Optional: devices before it send none, and every overlap then is unseen.
  knownOverlaps: z.array(idSchema).max(1000).optional(),
  // The date of the latest numbered invoice Issue's question said this one would be numbered after (lib/invoice-numbers outOfDateOrderNotice).
  outOfOrderSeenUntil: z.string().refine(isDay, { message: 'is not a day' }).optional(),
  // The invoices the device issued itself whose numbers it had not got yet when Issue was pressed
  // (sent by Issue's question, which names numbered ones): what the notices say was issued before
  // is told as this device's own, or else another device's (lib/invoice-numbers IssuedBy).
  // Optional: a billing run and devices before it send none, and the notices then say neither.
  issuedHere: z.array(idSchema).max(1000).optional(),
});
/**
 * What a device held of the fields it patches, compared and never stored: any values, so a row the
 * schemas have since grown stricter about does not make the change unusable.
 */
const seenSchema = z.record(z.string(), z.unknown()).optional();

/**
 * The fields that carry money, by record, with the label the user knows each by: an edit of one
 * made against a value another device has changed since is not applied (lib/field-patch).
 */
const CUSTOMER_MONEY_FIELDS: GuardedFields<Customer> = { currency: 'Currency', taxRate: 'Tax %', dueDays: 'Invoice due days' };
const PACKAGE_MONEY_FIELDS: GuardedFields<Package> = { setup: 'Setup price', freeMinutes: 'Free minutes', currency: 'Currency' };
const ACCOUNT_MONEY_FIELDS: GuardedFields<Account> = {
  currency: 'Default currency',
  rounding: 'Rounding',
  numberPrefix: 'Invoice number prefix',
  nextNumber: 'Next invoice number',
  vatId: 'VAT id',
};
const LINE_MONEY_FIELDS: GuardedFields<InvoiceLine> = { quantity: 'quantity', unitPrice: 'unit price', taxRate: 'tax %', amount: 'amount' };

/** How a refusal names the fields of a line this device changed (position is not the user's doing). */
const LINE_FIELD_LABELS: Record<keyof z.infer<typeof linePatchSchema>, string> = {
  position: 'position',
  kind: 'kind',
  description: 'description',
  startDate: 'start date',
  endDate: 'end date',
  quantity: 'quantity',
  unit: 'unit',
  unitPrice: 'unit price',
  taxRate: 'tax %',
  amount: 'amount',
  calls: 'calls',
  minutes: 'minutes',
  packageId: 'package',
};

/**
 * A change to some fields of an invoice line: `patch` the fields the user changed, `seen` the line
 * as the device held it then (at least those fields, and its description, which names the line in
 * a refusal). Without `seen`, the patch applies as it is.
 */
const invoiceLinePatchSchema = z.object({ id: idSchema, patch: linePatchSchema, seen: seenSchema });

/** CDRs one importCdrs mutation may carry (commit-import also cuts by size, to keep its JSON well under 1 MB). */
export const IMPORT_CDRS_MAX = 10_000;
/** A CDR key longer than this is refused (lib/cdr keys are `c:<call id>` or `r:<16 hex digits>`). */
export const CDR_KEY_MAX_CHARS = MAX_CALL_ID_LENGTH + 2;

/**
 * One CDR per line of a cell's `cdrs` text: key, seconds, billed seconds and charge (decimal, at
 * most 6 decimals), tab-separated. Text rather than an object per CDR: a million CDRs are tens of
 * megabytes in the outbox and on the wire, and validating them one object at a time would take
 * tens of seconds on every replay. A key holds no control characters (no tab or line end in it).
 */
const CDR_LINE = new RegExp(`^([cr]:[^\\u0000-\\u001f\\u007f]{1,${CDR_KEY_MAX_CHARS - 2}})\\t(\\d{1,7})\\t(\\d{1,7})\\t(\\d{1,15}(?:\\.\\d{1,6})?)$`);
const MAX_CDR_SECONDS = 2_592_000;

/** A CDR as an importCdrs line (see CDR_LINE). */
export function cdrLine(key: string, seconds: number, billedSeconds: number, charge: string): string {
  return `${key}\t${seconds}\t${billedSeconds}\t${charge}`;
}

/** The CDRs of one usage cell (customer × day × destination) under one destination name. */
const cdrCellSchema = z.object({
  customerId: idSchema,
  /** The currency of the charges: must be the customer's. */
  currency: usageSchema.shape.currency,
  day: usageSchema.shape.day,
  destination: usageSchema.shape.destination.min(1),
  destinationName: usageSchema.shape.destinationName,
  /** CDR lines (cdrLine) joined by "\n". */
  cdrs: z.string().min(1).max(IMPORT_CDRS_MAX * CDR_KEY_MAX_CHARS),
});
export type CdrCell = z.infer<typeof cdrCellSchema>;

/**
 * The browser import an importCdrs mutation is part of: the first creates its record (cdrImports),
 * each adds what it billed to it and keeps that as its part (`${id}:${part}`), for undoCdrImport.
 * Absent in outboxes written before imports were recorded (such an import cannot be undone).
 */
const importOfCdrsSchema = z.object({
  id: idSchema,
  /** This mutation's place in the import: 0, 1, … */
  part: z.number().int().min(0).max(1_000_000),
  fileName: cdrImportSchema.shape.fileName,
  importedAt: cdrImportSchema.shape.importedAt,
  importedBy: cdrImportSchema.shape.importedBy,
});
export type ImportOfCdrs = z.infer<typeof importOfCdrsSchema>;

const importCdrsSchema = z.object({ cells: z.array(cdrCellSchema).min(1).max(IMPORT_CDRS_MAX), import: importOfCdrsSchema.optional() });

/**
 * When an import was made or undone, as every device and the server write it alike, in the
 * account's timezone and said: 'Mar 5, 2026 13:00 Asia/Bahrain', 'Mar 5, 2026 10:00 UTC' (a time
 * in one zone, named, rather than each browser's own); '' for a time not written as an ISO
 * timestamp (another client's). A zone this runtime does not know gives the time in UTC, said.
 */
export function cdrImportTime(iso: string, timeZone = 'UTC'): string {
  const at = cdrImportClock(iso, timeZone);
  return at ? `${at.day} ${at.clock} ${at.zone}` : '';
}

/** The day and clock time of an import (as cdrImportTime writes them) and the zone they are in; undefined for a time not written as an ISO timestamp. */
export function cdrImportClock(iso: string, timeZone = 'UTC'): { day: string; clock: string; zone: string } | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso)) return undefined;
  // Devices write importedAt as UTC ("…Z"); a time written with an offset is turned to UTC first,
  // so the label never shows another zone's clock time marked UTC.
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(iso) && !Number.isNaN(Date.parse(iso));
  if (hasZone && timeZone !== 'UTC' && isTimeZone(timeZone)) {
    const { day, clock } = dayAndClockAt(Date.parse(iso), timeZone);
    return { day: inWords(day), clock, zone: timeZone };
  }
  const at = hasZone ? new Date(iso).toISOString() : iso;
  return { day: inWords(at.slice(0, 10)), clock: at.slice(11, 16), zone: 'UTC' };
}

/** How refusals and the Usage screen name an import: '"march.csv" imported Mar 5, 2026 10:00 UTC' (in the account's timezone). */
export function cdrImportLabel(record: Pick<CdrImport, 'fileName' | 'importedAt'>, timeZone = 'UTC'): string {
  const at = cdrImportTime(record.importedAt, timeZone);
  return `"${record.fileName}"${at ? ` imported ${at}` : ''}`;
}

/** A new import's record, before any CDR is counted. */
function newCdrImport(of: ImportOfCdrs): CdrImport {
  return {
    id: of.id,
    fileName: of.fileName,
    importedAt: of.importedAt,
    importedBy: of.importedBy,
    status: 'imported',
    undoneAt: null,
    undoneBy: null,
    cdrs: 0,
    calls: 0,
    billedSeconds: 0,
    charges: [],
    customerIds: [],
    firstDay: null,
    lastDay: null,
  };
}

/** The import's record with `cells` (billed by `cdrs` more of its CDRs) counted in; charges in the customers' currencies. */
function countIntoImport(record: CdrImport, cells: readonly CdrImportCell[], cdrs: number, currencyOf: ReadonlyMap<string, string>): CdrImport {
  const charges = new Map(record.charges.map((c) => [c.currency, c.amount]));
  const customerIds = new Set(record.customerIds);
  let { calls, billedSeconds, firstDay, lastDay } = record;
  for (const cell of cells) {
    const currency = currencyOf.get(cell.customerId)!;
    charges.set(currency, addDecimals(charges.get(currency) ?? '0', cell.charge));
    customerIds.add(cell.customerId);
    calls += cell.calls;
    billedSeconds += cell.billedSeconds;
    if (firstDay === null || cell.day < firstDay) firstDay = cell.day;
    if (lastDay === null || cell.day > lastDay) lastDay = cell.day;
  }
  return {
    ...record,
    cdrs: record.cdrs + cdrs,
    calls,
    billedSeconds,
    charges: [...charges].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => (a.currency < b.currency ? -1 : 1)),
    customerIds: [...customerIds],
    firstDay,
    lastDay,
  };
}

/**
 * The refusal of an importCdrs mutation with more CDRs than IMPORT_CDRS_MAX (`cdrs`, when counted):
 * the app cuts an import into parts within it, so only a part sent by another version can be larger.
 */
function importTooLarge(cdrs?: number): MutationError {
  const max = IMPORT_CDRS_MAX.toLocaleString('en-US');
  const held = cdrs === undefined ? `more CDRs than the ${max}` : `${cdrs.toLocaleString('en-US')} CDRs, more than the ${max}`;
  return new MutationError(
    `This part of the import holds ${held} one change can carry, so none of them were imported. Split the file into smaller files and import them one at a time.`,
    `importCdrs: at most ${IMPORT_CDRS_MAX} CDRs per mutation${cdrs === undefined ? '' : `, not ${cdrs}`}`,
  );
}

/** The CDRs of a mutation's cells, read and checked; a MutationError names the first bad line. */
function readCdrCells(cells: readonly CdrCell[]) {
  const keys: string[] = [];
  const cellOf: number[] = [];
  const seconds: number[] = [];
  const billedSeconds: number[] = [];
  const charges: string[] = [];
  cells.forEach((cell, c) => {
    const lines = cell.cdrs.split('\n');
    if (keys.length + lines.length > IMPORT_CDRS_MAX) throw importTooLarge(cells.reduce((n, each) => n + each.cdrs.split('\n').length, 0));
    lines.forEach((line, l) => {
      const m = CDR_LINE.exec(line);
      if (!m || Number(m[2]) > MAX_CDR_SECONDS || Number(m[3]) > MAX_CDR_SECONDS) {
        // The app writes these lines from CDRs it has read and checked: one it cannot read came from another version.
        const to = cell.destinationName.trim() ? `${cell.destinationName.trim()} (${cell.destination})` : cell.destination;
        throw new MutationError(
          `A CDR of the calls to ${to} on ${inWords(cell.day)} cannot be billed: its call id, its duration (at most 30 days) or its charge (at most 6 decimals) is not valid. None of this part of the import was imported: import the file again.`,
          `importCdrs: cells.${c}.cdrs line ${l + 1} is not a CDR (key, seconds up to ${MAX_CDR_SECONDS}, billed seconds, charge of at most 6 decimals, tab-separated)`,
        );
      }
      keys.push(m[1]!);
      cellOf.push(c);
      seconds.push(Number(m[2]));
      billedSeconds.push(Number(m[3]));
      charges.push(m[4]!);
    });
  });
  return { keys, cellOf, seconds, billedSeconds, charges };
}

/** Whether two usage rows of one cell hold the same figures (charges compared as amounts: Postgres may return "0.25" as "0.250000"). */
function sameUsage(a: Usage, b: Usage): boolean {
  return (
    a.destinationName === b.destinationName &&
    a.calls === b.calls &&
    a.attempts === b.attempts &&
    a.seconds === b.seconds &&
    a.billedSeconds === b.billedSeconds &&
    a.currency === b.currency &&
    compareDecimals(a.charge, b.charge) === 0
  );
}

/**
 * Issuing a credit note of an invoice (Invoice.creditsId) with `total`: refused unless it credits
 * something (a total below zero), the invoice it credits is still issued (voided since, by another
 * device, say, it is owed by no one), and the invoice's credit notes issued so far and this one
 * together credit at most the invoice's total.
 */
/** The issued credit notes made by Credit note… of `invoice`. */
async function issuedCreditNotesOf(tx: MutationTx, invoice: Pick<Invoice, 'id' | 'customerId'>): Promise<Invoice[]> {
  return (await tx.list('invoices', 'customerId', invoice.customerId)).filter((other) => other.creditsId === invoice.id && other.status === 'issued');
}

async function refuseCreditBeyondInvoice(tx: MutationTx, creditNote: Invoice, total: string): Promise<void> {
  const credited = await tx.get('invoices', creditNote.creditsId!);
  const name = `invoice ${credited?.number ?? creditNote.creditsId}`;
  const money = (amount: string) => formatMoney(amount, creditNote.currency);
  if (!isCreditNote({ total })) {
    throw new MutationError(
      `This credit note credits ${name}, but its total is ${money(total)}: a credit note's total is below zero (its lines give back what the invoice billed, as amounts or quantities below zero). Correct its lines and issue it again.`,
    );
  }
  if (!credited) throw new MutationError(`The invoice this credit note credits, ${creditNote.creditsId}, does not exist: it was not issued`);
  if (credited.status !== 'issued') throw new MutationError(`This credit note credits ${name}, which is ${credited.status === 'void' ? 'void now' : 'a draft'}: there is nothing to credit, so it was not issued. Delete this draft.`);
  // This credit note is still a draft: the issued ones are the others.
  const earlier = await issuedCreditNotesOf(tx, credited);
  const left = addDecimals(credited.total, ...earlier.map((other) => other.total));
  if (compareDecimals(addDecimals(left, total), '0') < 0 && !(await givesBackTheRestExactly(tx, credited, [...earlier, creditNote]))) {
    const already = earlier.length === 0 ? '' : ` and ${earlier.length === 1 ? 'credit note' : 'credit notes'} ${earlier.map((other) => other.number ?? '(pending)').join(', ')} ${earlier.length === 1 ? 'credits' : 'credit'} ${money(subtractDecimals(credited.total, left))} of it already`;
    throw new MutationError(
      `This credit note credits ${money(subtractDecimals('0', total))} of ${name}, more than is left to credit: its total is ${money(credited.total)}${already}${compareDecimals(left, '0') <= 0 ? ', so nothing is left to credit. Delete this draft.' : `, so at most ${money(left)} is left. Lower its amounts and issue it again.`}`,
    );
  }
}

/**
 * Whether `creditNotes` together give back exactly the net `credited` billed at each tax rate: all
 * of it, in parts. Their tax, each rounded on its own net (lib/totals), may then add up to a cent
 * or so more than the invoice's, rounded once on the whole: that is rounding, not over-crediting,
 * and the last part of an invoice credited in parts is issued rather than refused by a cent.
 */
async function givesBackTheRestExactly(tx: MutationTx, credited: Invoice, creditNotes: readonly Invoice[]): Promise<boolean> {
  const basesOf = async (invoice: Invoice) => computeTotals(await tx.list('invoiceLines', 'invoiceId', invoice.id), invoice.currency, invoice.rounding).taxes;
  const left = new Map((await basesOf(credited)).map((t) => [t.rate, t.base]));
  for (const note of creditNotes) {
    for (const { rate, base } of await basesOf(note)) left.set(rate, addDecimals(left.get(rate) ?? '0', base));
  }
  return [...left.values()].every((base) => isZeroDecimal(base));
}

const invoiceWithLinesSchema = z.object({ invoice: invoiceSchema, lines: z.array(invoiceLineSchema).max(50_000) });

/**
 * Stores a new draft with its lines (createInvoice, createReplacementInvoice, createCreditNote):
 * `links.replacesId`, the void invoice it replaces, and `links.creditsId`, the invoice it credits,
 * each else null, whatever the device sent in the invoice.
 */
async function createDraft(
  tx: MutationTx,
  invoice: Invoice,
  lines: readonly InvoiceLine[],
  links: { replacesId?: string; creditsId?: string } = {},
): Promise<string | undefined> {
  if (await tx.get('invoices', invoice.id)) throw new MutationError(`Invoice ${invoice.id} already exists`);
  const { customer, restored } = await customerToBill(tx, invoice.customerId, invoice.id, 'made');
  // The prices were written in the invoice's currency: if the customer's changed since (on
  // another device, before this one synced), taking the new one would change every amount.
  if (invoice.currency !== customer.currency) {
    throw new MutationError(`${customer.name} is now billed in ${customer.currency}; this invoice was written in ${invoice.currency}, so it was not saved. Create it again.`);
  }
  // A new invoice is always a draft without a number, nothing paid yet (in the currency's minor
  // unit, "0.00"), and without parties as issued (a duplicate of an issued one shows the live
  // records until it is issued). It keeps the rounding its totals were shown with.
  const paid = roundToCurrency('0', customer.currency);
  const draft: Invoice = { ...invoice, status: 'draft', number: null, paid, voidReason: '', parties: null, replacesId: links.replacesId ?? null, creditsId: links.creditsId ?? null };
  for (const line of lines) {
    // Lines have no name the user knows them by: the id is for the log.
    if (line.invoiceId !== invoice.id) throw new MutationError(lineElsewhere(line), `line ${line.id} has invoiceId ${line.invoiceId}`);
    if (await tx.get('invoiceLines', line.id)) throw new MutationError(`The line ${lineName(line.description)} is saved already, on this or another invoice`, `line ${line.id} exists`);
    await tx.put('invoiceLines', line);
  }
  await refreshTotals(tx, draft);
  return restored;
}

export const mutators = {
  /**
   * The changed fields of My Account, and (`seen`, from devices that send it) what the device held
   * of them: a flat patch, as outboxes written before `seen` hold it.
   */
  saveAccount: defineMutator(accountPatchSchema.extend({ seen: seenSchema }), async (tx, { seen, ...patch }) => {
    // Every screen counts "today" in this zone: one Intl does not know broke them on every device.
    if (patch.timezone !== undefined && !isTimeZone(patch.timezone)) {
      throw new MutationError(`The timezone ${JSON.stringify(patch.timezone)} is not a timezone this ${tx.location === 'server' ? 'server' : 'device'} knows; choose one like Europe/London`);
    }
    if (patch.logo !== undefined && !isLogoDataUrl(patch.logo)) {
      throw new MutationError(
        'The logo must be a PNG or JPEG image chosen in My Account, or none; a link to an image is not taken',
        'saveAccount: logo is not a data:image/png or data:image/jpeg base64 URL',
      );
    }
    const stored = await accountOf(tx);
    const used = await numbersUsed(tx);
    // The next number moves on the server as invoices are issued (this device's own issues made
    // offline among them, which its form did not count): a next number set against one since passed
    // that way was changed by no one, and is applied (it is checked against the numbers issued below).
    const issued = issuedSince(stored, seen, used);
    const { merged: account, stale } = mergePatch(stored, patch, issued ? { ...seen, nextNumber: stored.nextNumber } : seen, ACCOUNT_MONEY_FIELDS);
    // The series may continue from any number no invoice has yet, nor one that reads the same
    // (numbers are unique per tenant as a reader tells them apart: lib/invoice-numbers).
    if (account.nextNumber !== stored.nextNumber || account.numberPrefix !== stored.numberPrefix) {
      const number = invoiceNumber(account.numberPrefix, account.nextNumber);
      const existing = clashingNumber(used, number);
      if (existing !== undefined) {
        const meanwhile = issued !== undefined && account.numberPrefix === stored.numberPrefix && account.nextNumber >= issued.from && account.nextNumber < stored.nextNumber;
        throw new MutationError(
          meanwhile
            ? `${existing} was issued while this change waited to sync, so the next invoice number cannot be ${account.nextNumber}: choose a next number (or a prefix) that no invoice has, ${stored.nextNumber} or more say`
            : `${numberTakenMessage(existing, number)}: choose a next number (or a prefix) that no invoice has`,
        );
      }
    }
    await tx.put('account', account);
    if (stale.length > 0) return staleEditMessage((label) => `My Account's ${label}`, stale);
  }),

  createCustomer: defineMutator(customerSchema, async (tx, customer) => {
    if (await tx.get('customers', customer.id)) throw new MutationError(`Customer ${customer.id} already exists`);
    await tx.put('customers', customer);
  }),

  /** `seen`: what the device held of the patched fields (lib/field-patch); devices before it send none. */
  updateCustomer: defineMutator(z.object({ id: idSchema, patch: customerPatchSchema, seen: seenSchema }), async (tx, { id, patch, seen }) => {
    const customer = await mustGet(tx, 'customers', id, 'Customer');
    const { merged, stale } = mergePatch(customer, patch, seen, CUSTOMER_MONEY_FIELDS);
    if (merged.currency !== customer.currency) {
      if (await tx.exists('invoices', 'customerId', id)) throw new MutationError(`${possessive(customer.name)} currency is fixed: the customer already has invoices`);
      // Usage is charged in the customer's currency: it could no longer be invoiced.
      if (await tx.exists('usage', 'customerId', id)) throw new MutationError(`${possessive(customer.name)} currency is fixed: the customer already has usage in ${customer.currency}`);
      // A payment's credit left over pays later invoices in its currency.
      if (await tx.exists('payments', 'customerId', id)) throw new MutationError(`${possessive(customer.name)} currency is fixed: the customer already has payments in ${customer.currency}`);
      // Packages are billed only in their own currency (assignPackage).
      for (const assignment of await tx.list('customerPackages', 'customerId', id)) {
        const pkg = await tx.get('packages', assignment.packageId);
        if (pkg && pkg.currency !== merged.currency) {
          throw new MutationError(`${possessive(customer.name)} currency cannot become ${merged.currency}: the package ${pkg.name}, priced in ${pkg.currency}, is assigned to the customer. Remove it first.`);
        }
      }
    }
    await tx.put('customers', merged);
    tellReplacedIdentity(tx, customer, merged, patch, seen);
    // The customer by no name: the notice names the change, and so the customer, as the device knows it now (app/_local/record-labels).
    if (stale.length > 0) return staleEditMessage((label) => `the customer's ${label}`, stale);
  }),

  deleteCustomer: defineMutator(idArgs, async (tx, { id }) => {
    const customer = await tx.get('customers', id);
    if (!customer) return;
    // What to do instead: a customer with a history stays, set inactive (an inactive one is already).
    const instead = customer.status === 'inactive' ? 'it stays, inactive, with its history' : 'set the customer inactive instead';
    if (await tx.exists('invoices', 'customerId', id)) {
      throw new MutationError(`${customer.name} has invoices and cannot be deleted; ${instead}`);
    }
    // Usage is calls not yet invoiced (or the record of those that were): deleting the customer
    // would leave it billed to no one, and its CDRs would stay claimed, so a re-import would skip them.
    if (await tx.exists('usage', 'customerId', id)) {
      throw new MutationError(`${customer.name} has usage (imported calls) and cannot be deleted; ${instead}`);
    }
    // A payment received in advance has no invoice yet: it would be money received from no one.
    if (await tx.exists('payments', 'customerId', id)) {
      throw new MutationError(`${customer.name} has payments and cannot be deleted; ${instead}`);
    }
    for (const assignment of await tx.list('customerPackages', 'customerId', id)) await tx.delete('customerPackages', assignment.id);
    await tx.delete('customers', id);
  }),

  // Outboxes written before packages had a currency hold createPackage without one: such a package
  // was priced in My Account's currency, as drizzle/0012 reads the packages of that time.
  createPackage: defineMutator(packageSchema.extend({ currency: currencySchema.optional() }), async (tx, { currency, ...rest }) => {
    if (await tx.get('packages', rest.id)) throw new MutationError(`Package ${rest.id} already exists`);
    await tx.put('packages', { ...rest, currency: currency ?? (await accountOf(tx)).currency });
  }),

  /** `seen`: what the device held of the patched fields (lib/field-patch); devices before it send none. */
  updatePackage: defineMutator(z.object({ id: idSchema, patch: packagePatchSchema, seen: seenSchema }), async (tx, { id, patch, seen }) => {
    const pkg = await mustGet(tx, 'packages', id, 'Package');
    // The retail price named as the form names it, for the frequency the package now has.
    const { merged, stale } = mergePatch(pkg, patch, seen, { ...PACKAGE_MONEY_FIELDS, retail: retailPriceLabel(patch.frequency ?? pkg.frequency) });
    // Its assignments bill customers in its currency (assignPackage): another would bill them in a currency they are not billed in.
    if (merged.currency !== pkg.currency && (await tx.exists('customerPackages', 'packageId', id))) {
      throw new MutationError(`${possessive(pkg.name)} currency is fixed at ${pkg.currency}: the package is assigned to customers billed in ${pkg.currency}. Create a package priced in ${merged.currency} instead.`);
    }
    await tx.put('packages', merged);
    if (stale.length > 0) return staleEditMessage((label) => `package ${possessive(pkg.name)} ${label}`, stale);
  }),

  deletePackage: defineMutator(idArgs, async (tx, { id }) => {
    const pkg = await tx.get('packages', id);
    if (!pkg) return;
    if (await tx.exists('customerPackages', 'packageId', id)) {
      throw new MutationError(`Package ${pkg.name} is assigned to customers and cannot be deleted; retire it instead`);
    }
    await tx.delete('packages', id);
  }),

  assignPackage: defineMutator(customerPackageSchema, async (tx, assignment) => {
    const customer = await mustGet(tx, 'customers', assignment.customerId, 'Customer');
    const pkg = await mustGet(tx, 'packages', assignment.packageId, 'Package');
    if (pkg.retired) throw new MutationError(`Package ${pkg.name} is retired and cannot be assigned`);
    // Its prices are amounts of its currency: billed to a customer in another, 29.99 EUR would become 29.99 of that.
    const mismatch = packageCurrencyMismatch(pkg, customer);
    if (mismatch) throw new MutationError(`${mismatch}. Assign a package priced in ${customer.currency} instead.`);
    if (assignment.endDate !== null && assignment.endDate < assignment.startDate) {
      throw new MutationError('The end date must not be before the start date');
    }
    await tx.put('customerPackages', assignment);
  }),

  updateAssignment: defineMutator(z.object({ id: idSchema, patch: assignmentPatchSchema }), async (tx, { id, patch }) => {
    const assignment = await mustGet(tx, 'customerPackages', id, 'Package assignment');
    const next = { ...assignment, ...patch };
    if (next.endDate !== null && next.endDate < next.startDate) throw new MutationError('The end date must not be before the start date');
    await tx.put('customerPackages', next);
  }),

  deleteAssignment: defineMutator(idArgs, async (tx, { id }) => {
    await tx.delete('customerPackages', id);
  }),

  /**
   * Creates whole usage rows (ids are deterministic per customer × day × destination). Outboxes
   * written before importCdrs (or before loadDemoData) may still hold it; the CDR import does not:
   * whole rows from two devices overwrite each other's sums. A row that exists may be put again
   * only as it is stored (a resumed demo load puts a batch twice): changing its figures would undo
   * the CDRs billed into it, whose keys stay claimed, so sending them again could not repair it.
   */
  putUsage: defineMutator(z.object({ rows: z.array(usageSchema).max(5000) }), async (tx, { rows }) => {
    // A batch is thousands of rows of a few customers: read each customer once.
    const customers = new Map<string, Customer>();
    for (const row of rows) {
      // The server finds a customer's usage by this id's prefix (server-tx list).
      const id = usageId(row.customerId, row.day, row.destination);
      if (row.id !== id) {
        throw new MutationError(
          `The usage of ${inWords(row.day)} to ${row.destination} is filed under the wrong record: it was not saved`,
          `putUsage: usage ${row.id} must have the id ${id} (customer:day:destination)`,
        );
      }
      const customer = customers.get(row.customerId) ?? (await mustGet(tx, 'customers', row.customerId, 'Customer'));
      customers.set(customer.id, customer);
      if (customer.currency !== row.currency) {
        throw new MutationError(`Usage in ${row.currency} cannot be billed to ${customer.name}, who is billed in ${customer.currency}`);
      }
      const stored = await tx.get('usage', row.id);
      if (stored) {
        if (sameUsage(stored, row)) continue;
        throw new MutationError(
          `${possessive(customer.name)} usage of ${inWords(row.day)} to ${row.destination} already exists (${calls(stored.calls)}, ${stored.charge} ${stored.currency}); this change cannot replace it with ${calls(row.calls)}, ${row.charge} ${row.currency}. Usage changes only by importing CDRs.`,
        );
      }
      await tx.put('usage', row);
    }
  }),

  /**
   * Loads the demo carrier (lib/demo-data) into an empty account, all of it in this one mutation:
   * the device and the server each make the same records from `today` and the seed. An account
   * with customers, packages or invoices is refused, with what it holds, and gets nothing of the
   * demo; on the server that is the account as it is when the load arrives (another device may have
   * added a customer since this one showed it empty). The demo company's seller details fill only
   * an account with no company name yet (lib/demo-data demoSellerDetails).
   */
  loadDemoData: defineMutator(z.object({ today: daySchema, seed: z.number().int().min(1).max(1_000_000).optional() }), async (tx, { today, seed }) => {
    const held = contentsKeepingDemoOut({ customers: await tx.count('customers'), packages: await tx.count('packages'), invoices: await tx.count('invoices') });
    if (held) {
      throw new MutationError(
        `The demo data was not loaded: it goes only into an empty account, and this account has ${held} (added on another device before the load reached the server, say). Nothing of the demo was added.`,
      );
    }
    const account = await accountOf(tx);
    const data = generateDemoData({ today, seed, currency: account.currency });
    const seller = demoSellerDetails(data, account);
    if (Object.keys(seller).length > 0) await tx.put('account', { ...account, ...seller });
    // Written as made: generated valid (lib/demo-data's tests), and the server's put checks every row again.
    for (const pkg of data.packages) await tx.put('packages', pkg);
    for (const customer of data.customers) await tx.put('customers', customer);
    for (const assignment of data.assignments) await tx.put('customerPackages', assignment);
    for (const row of data.usage) await tx.put('usage', row);
  }),

  /**
   * Adds CDRs to the usage rows: claims their keys, then rolls up only the CDRs whose claim is
   * fresh and adds them to the stored rows. A delta, unlike putUsage: two devices importing into
   * the same cell both count, and a CDR already billed (by another device, or by POST /api/cdrs,
   * which uses the same keys) is not billed again. On the device every claim is fresh; the server
   * decides, and its rows replace the device's on the next pull.
   */
  importCdrs: defineMutator(importCdrsSchema, async (tx, { cells, import: of }) => {
    const cdrs = readCdrCells(cells);
    let record: CdrImport | undefined;
    if (of) {
      record = (await tx.get('cdrImports', of.id)) ?? newCdrImport(of);
      // The rest of an import undone on another device before all of it arrived: billing it now
      // would leave usage no import accounts for (refused, its CDRs leave the device's ledger).
      if (record.status === 'undone') {
        throw new MutationError(`${cdrImportLabel(record, (await accountOf(tx)).timezone)} was undone before all of it reached the server: ${cdrs.keys.length} of its CDRs were not imported. Import the file again if they are wanted.`);
      }
      if (await tx.get('cdrImportParts', `${of.id}:${of.part}`)) throw new MutationError(`Part ${of.part} of ${cdrImportLabel(record, (await accountOf(tx)).timezone)} was imported already`);
    }
    const fresh = await tx.claimCdrKeys(cdrs.keys, of?.id);
    const customers = new Map<string, Customer>();
    for (const cell of cells) {
      const customer = customers.get(cell.customerId) ?? (await mustGet(tx, 'customers', cell.customerId, 'Customer'));
      customers.set(customer.id, customer);
      if (customer.currency !== cell.currency) {
        throw new MutationError(`CDRs in ${cell.currency} cannot be billed to ${customer.name}, who is billed in ${customer.currency}`);
      }
    }
    // Per customer, the fresh CDRs rolled up by lib/cdr, as the server ingest rolls them up.
    const rollups = new Map<string, Map<string, UsageCell>>();
    // One object for every CDR: addToCells reads only the fields set here.
    const cdr = blankCdr();
    let billed = 0;
    for (let i = 0; i < cdrs.keys.length; i++) {
      if (!fresh[i]) continue;
      billed++;
      const cell = cells[cdrs.cellOf[i]!]!;
      let rollup = rollups.get(cell.customerId);
      if (!rollup) rollups.set(cell.customerId, (rollup = new Map()));
      cdr.destination = cell.destination;
      cdr.destinationName = cell.destinationName;
      cdr.key = cdrs.keys[i]!;
      cdr.seconds = cdrs.seconds[i]!;
      cdr.billedSeconds = cdrs.billedSeconds[i]!;
      cdr.charge = readUnitsAtScale(cdrs.charges[i]!, CHARGE_SCALE, 'charge');
      addToCells(rollup, cdr, cell.day);
    }
    // What this mutation billed, per usage row: the import's part, which undoCdrImport takes back out.
    const partCells: CdrImportCell[] = [];
    for (const [customerId, rollup] of rollups) {
      const currency = customers.get(customerId)!.currency;
      for (const cell of rollup.values()) {
        const existing = await tx.get('usage', usageId(customerId, cell.day, cell.destination));
        await tx.put('usage', addCellToUsage(existing, cell, customerId, currency));
        const { day, destination, calls, attempts, seconds, billedSeconds } = cell;
        partCells.push({ customerId, day, destination, calls, attempts, seconds, billedSeconds, charge: formatUnits(cell.charge, CHARGE_SCALE) });
      }
    }
    if (of && record) {
      const currencyOf = new Map([...customers.values()].map((c) => [c.id, c.currency]));
      await tx.put('cdrImports', countIntoImport(record, partCells, billed, currencyOf));
      // A part that billed nothing (every CDR known already) has nothing to take back.
      if (partCells.length > 0) await tx.put('cdrImportParts', { id: `${of.id}:${of.part}`, importId: of.id, cells: partCells });
    }
  }),

  /**
   * Undoes a browser import: takes exactly what it billed (its parts) back out of the usage rows
   * (a row left with no attempt is deleted), forgets its CDR keys so the file can be imported again
   * (with the right timezone or customer, say), and marks it undone. Refused while an issued
   * invoice bills any of its days for that customer (void the invoice first, or invoice the
   * difference as late calls); drafts may drift, and say so. An import undone already (on another
   * device, say) is refused: its usage was taken off once, and never twice.
   */
  undoCdrImport: defineMutator(
    z.object({ id: idSchema, undoneAt: cdrImportSchema.shape.importedAt, undoneBy: cdrImportSchema.shape.importedBy }),
    async (tx, { id, undoneAt, undoneBy }) => {
      const record = await tx.get('cdrImports', id);
      if (!record) throw new MutationError('The import does not exist (it may not have reached the server yet)', `cdrImports ${id} does not exist`);
      // Named at the time the account's screens show it (Past imports), in its timezone.
      const label = cdrImportLabel(record, (await accountOf(tx)).timezone);
      if (record.status === 'undone') {
        const by = record.undoneBy ? ` by ${record.undoneBy}` : '';
        throw new MutationError(`${label} was already undone${by}: its usage was taken off then, and nothing was changed now.`);
      }
      // What the import billed, per usage row (its parts may share rows), and its days per customer.
      const byRow = new Map<string, CdrImportCell>();
      const parts = await tx.list('cdrImportParts', 'importId', id);
      const daysOf = importedDays(parts);
      for (const part of parts) {
        for (const cell of part.cells) {
          const rowId = usageId(cell.customerId, cell.day, cell.destination);
          const sum = byRow.get(rowId);
          byRow.set(
            rowId,
            sum
              ? {
                  ...sum,
                  calls: sum.calls + cell.calls,
                  attempts: sum.attempts + cell.attempts,
                  seconds: sum.seconds + cell.seconds,
                  billedSeconds: sum.billedSeconds + cell.billedSeconds,
                  charge: addDecimals(sum.charge, cell.charge),
                }
              : cell,
          );
        }
      }
      const customerName = async (customerId: string) => (await tx.get('customers', customerId))?.name ?? customerId;

      // An issued invoice is immutable: usage it billed must stay, or what it billed and the usage
      // would disagree for good. Any issued invoice whose period holds one of the days counts.
      const invoices: Invoice[] = [];
      for (const customerId of daysOf.keys()) invoices.push(...(await tx.list('invoices', 'customerId', customerId)));
      const names = new Map<string, string>();
      for (const customerId of daysOf.keys()) names.set(customerId, await customerName(customerId));
      const billedBy = importUndoBlockers(invoices, daysOf, (customerId) => names.get(customerId) ?? customerId);
      if (billedBy.length > 0) {
        throw new MutationError(
          `${label} cannot be undone: ${billedBy.join('; ')}. Void ${billedBy.length === 1 ? 'that invoice' : 'those invoices'} first and then undo the import, or keep the import and bill the difference as late calls. Nothing was changed.`,
        );
      }

      // Every row worked out before any is written: a shortfall refuses the whole undo.
      const rows: { id: string; usage: Usage | null }[] = [];
      for (const [rowId, cell] of byRow) {
        const existing = await tx.get('usage', rowId);
        const after = existing
          ? subtractCellFromUsage(existing, { ...cell, charge: readUnitsAtScale(cell.charge, CHARGE_SCALE, 'charge') })
          : ({ short: 'attempts' } as const);
        if ('short' in after) {
          throw new MutationError(
            `${label} cannot be undone: ${possessive(await customerName(cell.customerId))} usage of ${inWords(cell.day)} to ${cell.destination} holds fewer ${after.short} than the import added. Nothing was changed.`,
          );
        }
        rows.push({ id: rowId, usage: after.usage });
      }
      for (const { id: rowId, usage } of rows) {
        if (usage) await tx.put('usage', usage);
        else await tx.delete('usage', rowId);
      }
      for (const part of parts) await tx.delete('cdrImportParts', part.id);
      await tx.releaseCdrKeys(id);
      await tx.put('cdrImports', { ...record, status: 'undone', undoneAt, undoneBy });
    },
  ),

  createInvoice: defineMutator(invoiceWithLinesSchema, async (tx, { invoice, lines }) => {
    return createDraft(tx, invoice, lines);
  }),

  /**
   * Creates the draft that replaces a void invoice (Void and replace: voidInvoice, then this, in one
   * device transaction, so two changes in the outbox): a copy to correct, for the same customer,
   * that says which invoice it replaces. It is numbered when issued, as any invoice; the void one
   * keeps its number. In server order the replaced invoice must be void by then: if its void was
   * refused (its credit applied on another device meanwhile, say), the replacement is refused too.
   * An invoice is replaced once: a second replacement (two devices, offline) is refused, naming the first.
   */
  createReplacementInvoice: defineMutator(invoiceWithLinesSchema.extend({ replacesId: idSchema }), async (tx, { replacesId, invoice, lines }) => {
    const replaced = await tx.get('invoices', replacesId);
    // Another tenant's invoice is not found either: the server reads only the tenant's rows.
    if (!replaced) throw new MutationError(`The invoice to replace, ${replacesId}, does not exist`);
    // By its number, or by its id, which the device replaces with its label (pending); the notice
    // says already that the replacement was refused ("Replacement invoice … was refused. …").
    const refuse = (reason: string) => new MutationError(`Invoice ${replaced.number ?? replaced.id} ${reason}`);
    if (replaced.customerId !== invoice.customerId) throw refuse("is another customer's; a replacement is for the customer of the invoice it replaces");
    if (replaced.status !== 'void') throw refuse(`is ${replaced.status === 'draft' ? 'a draft' : replaced.status}, not void (an invoice is replaced once it is void; if its void was refused, see why, void it, then replace it)`);
    const earlier = (await tx.list('invoices', 'replacesId', replacesId)).find((other) => other.id !== invoice.id);
    // Named by its number, or as a draft: the device whose replacement is refused never saw it, so could not name it by its id.
    if (earlier) throw refuse(`is replaced already, by ${earlier.number ? `invoice ${earlier.number}` : 'a draft'} made on another device or in another tab (its page links to it)`);
    return createDraft(tx, invoice, lines, { replacesId });
  }),

  /**
   * Creates a draft credit note of an issued invoice (Credit note… on its page, lines prefilled by
   * lib/credit-notes creditNoteDraft), for the same customer and currency, that records the invoice
   * it credits. It is edited (cut down to a partial credit) and issued as any draft; issueInvoice
   * refuses it once the credited invoice is void, or if it no longer credits anything. An invoice may
   * have several credit notes (a refund in March, another in May). Refused, creating nothing: an
   * invoice that does not exist (another tenant's), is another customer's or in another currency, is
   * a draft or void, or is itself a credit note.
   */
  createCreditNote: defineMutator(invoiceWithLinesSchema.extend({ creditsId: idSchema }), async (tx, { creditsId, invoice, lines }) => {
    const credited = await tx.get('invoices', creditsId);
    // Another tenant's invoice is not found either: the server reads only the tenant's rows.
    if (!credited) throw new MutationError(`The invoice to credit, ${creditsId}, does not exist`);
    // By its number, or by its id, which the device replaces with its label (pending).
    const refuse = (reason: string) => new MutationError(`Invoice ${credited.number ?? credited.id} ${reason}`);
    if (credited.customerId !== invoice.customerId) throw refuse("is another customer's; a credit note is for the customer of the invoice it credits");
    const problem = notCreditable(credited);
    if (problem) throw refuse(problem);
    if (credited.currency !== invoice.currency) throw refuse(`is in ${credited.currency}; a credit note is in the currency of the invoice it credits, not ${invoice.currency}`);
    return createDraft(tx, invoice, lines, { creditsId });
  }),

  /**
   * Saves the editor: changed header fields, lines added (`upsertLines`, whole), fields of lines
   * changed (`linePatches`, merged field by field into the line as stored, so another device's change
   * to another field of it stays), lines removed. Drafts only. Outboxes written before line patches
   * hold changed lines whole in `upsertLines`, which replace the stored line as before.
   */
  saveInvoice: defineMutator(
    z.object({
      id: idSchema,
      patch: invoicePatchSchema,
      /** What the device held of the header fields in `patch` (lib/invoice-edit); devices before it send none. */
      seen: seenSchema,
      upsertLines: z.array(invoiceLineSchema).max(50_000),
      linePatches: z.array(invoiceLinePatchSchema).max(50_000).optional(),
      deleteLineIds: z.array(idSchema).max(50_000),
      /** What the device held of the lines it deletes, by id (lib/invoice-edit); devices before it send none. */
      deletedLinesSeen: z.record(idSchema, z.record(z.string(), z.unknown())).optional(),
    }),
    async (tx, { id, patch, seen, upsertLines, linePatches = [], deleteLineIds, deletedLinesSeen }) => {
      const found = await invoiceToChange(tx, id, 'changed');
      let invoice = refuseUnlessDraft(found.invoice);
      const beforeSave = invoice;
      // What the device is told of records restored for this change, first, and of parts of it not applied.
      const notApplied: string[] = found.restored ? [found.restored] : [];
      if (patch.customerId !== undefined && patch.customerId !== invoice.customerId) {
        if (invoice.replacesId) {
          const replaced = await tx.get('invoices', invoice.replacesId);
          throw new MutationError(
            `This draft replaces invoice ${replaced?.number ?? invoice.replacesId} and stays with that invoice's customer: it was not saved. To bill another customer, create a new invoice.`,
          );
        }
        if (invoice.creditsId) {
          const credited = await tx.get('invoices', invoice.creditsId);
          throw new MutationError(
            `This credit note credits invoice ${credited?.number ?? invoice.creditsId} and stays with that invoice's customer: it was not saved. To credit another customer, use Credit note… on one of its invoices.`,
          );
        }
        const { customer, restored } = await customerToBill(tx, patch.customerId, id, 'moved');
        if (restored) notApplied.push(restored);
        invoice = { ...invoice, currency: customer.currency };
      }
      invoice = { ...invoice, ...patch };
      await tellReplacedHeader(tx, beforeSave, invoice, patch, seen);
      for (const lineId of deleteLineIds) {
        const line = await tx.get('invoiceLines', lineId);
        if (!line || line.invoiceId !== id) continue;
        await tx.delete('invoiceLines', lineId);
        // Changed on another device since this one saw it: the delete wins, and that device is told (lib/overridden-changes).
        const seenLine = deletedLinesSeen?.[lineId];
        const changes = seenLine ? changedLineFields(line, seenLine) : [];
        if (changes.length > 0) {
          tx.overrode({
            entity: 'invoiceLines',
            id: lineId,
            message: `Line ${lineName(line.description)} of ${invoiceNoun(invoice)} ${invoice.number ?? invoice.id} was deleted on another device, which had not seen this device's change to it (${changes.join(', ')}): the deletion reached the server last, so the line is gone with the change. Add the line again if it is still due.`,
            mentions: [{ entity: 'invoices', id }],
          });
        }
      }
      for (const line of upsertLines) {
        if (line.invoiceId !== id) throw new MutationError(lineElsewhere(line), `line ${line.id} has invoiceId ${line.invoiceId}`);
        // An existing line must be this invoice's: another's (an issued one's, say) is not to be moved.
        const stored = await tx.get('invoiceLines', line.id);
        if (stored && stored.invoiceId !== id) throw new MutationError(lineElsewhere(stored), `line ${line.id} is invoice ${stored.invoiceId}'s`);
        await tx.put('invoiceLines', line);
      }
      // By its number, or by its id, which the device replaces with its label (the draft of its date for the customer).
      const invoiceName = `${invoiceNoun(invoice)} ${invoice.number ?? invoice.id}`;
      for (const { id: lineId, patch: linePatch, seen } of linePatches) {
        const stored = await tx.get('invoiceLines', lineId);
        if (stored && stored.invoiceId !== id) throw new MutationError(lineElsewhere(stored), `line ${lineId} is invoice ${stored.invoiceId}'s`);
        if (!stored) {
          // Deleted on another device meanwhile: the delete wins. A line only renumbered needs no word.
          const changes = (Object.keys(linePatch) as (keyof typeof linePatch)[])
            .filter((field) => field !== 'position')
            .map((field) => lineFieldChange(field, linePatch[field]));
          if (changes.length > 0) {
            notApplied.push(
              `Line ${lineName(typeof seen?.description === 'string' ? seen.description : undefined)} of ${invoiceName} was deleted on another device while this device's change to it (${changes.join(', ')}) waited to sync: the change was not applied.`,
            );
          }
          continue;
        }
        const { merged, stale } = mergePatch(stored, linePatch, seen, LINE_MONEY_FIELDS);
        await tx.put('invoiceLines', merged);
        if (stale.length > 0) notApplied.push(staleEditMessage((label) => `the ${label} of line ${lineName(stored.description)} of ${invoiceName}`, stale));
      }
      await refreshTotals(tx, invoice);
      if (notApplied.length > 0) return notApplied.join(' ');
    },
  ),

  deleteInvoice: defineMutator(idArgs, async (tx, { id }) => {
    if (!(await tx.get('invoices', id))) return;
    await draftInvoice(tx, id);
    for (const line of await tx.list('invoiceLines', 'invoiceId', id)) await tx.delete('invoiceLines', line.id);
    await tx.delete('invoices', id);
  }),

  /**
   * Issues a draft. On the device the number stays null ("pending"); the server assigns the next
   * number of the series in the same transaction, so numbers are gapless and in issue order.
   * `expectedTotal` and `expectedDigest` (lib/invoice-digest), the total and the draft the user saw
   * when pressing Issue: a draft changed on another device before this issue reached the server
   * (offline, say) is refused rather than issued with content the user never saw. The invoice keeps the seller's and customer's details as they are now
   * (lib/invoice-parties): the server's, like the number, replace the device's on the next pull.
   */
  issueInvoice: defineMutator(issueArgs, async (tx, { id, expectedTotal, expectedDigest, knownOverlaps = [], outOfOrderSeenUntil, issuedHere }) => {
    const issuedBy = (other: Pick<Invoice, 'id'>): IssuedBy => (issuedHere === undefined ? undefined : issuedHere.includes(other.id) ? 'this device' : 'another device');
    const { invoice: existing, restored } = await invoiceToChange(tx, id, 'issued');
    // Issued already (by another device, both offline): that issue stands; this one has nothing to do.
    if (existing.status === 'issued') {
      throw new MutationError(
        `The invoice was issued already, on another device or in another tab, before this device's Issue reached the server: it stands as issued, and nothing was changed.`,
      );
    }
    const invoice = refuseUnlessDraft(existing);
    const lines = await tx.list('invoiceLines', 'invoiceId', id);
    if (lines.length === 0) throw new MutationError('An invoice without lines cannot be issued');
    if (expectedTotal !== undefined) {
      const total = computeTotals(lines, invoice.currency, invoice.rounding).total;
      if (compareDecimals(total, expectedTotal) !== 0) {
        throw new MutationError(
          `The invoice changed on another device before it was issued: its total is now ${formatMoney(total, invoice.currency)}, not the ${formatMoney(expectedTotal, invoice.currency)} shown when Issue was pressed. Check it and issue it again.`,
        );
      }
    }
    if (expectedDigest !== undefined && invoiceDigest(invoice, lines) !== expectedDigest) {
      throw new MutationError(
        `The invoice changed on another device before it was issued: its customer, dates, notes or lines are not what was shown when Issue was pressed, though its total may be the same. Check it and issue it again.`,
      );
    }
    if (invoice.creditsId) await refuseCreditBeyondInvoice(tx, invoice, computeTotals(lines, invoice.currency, invoice.rounding).total);
    const account = await accountOf(tx);
    const customer = await mustGet(tx, 'customers', invoice.customerId, 'Customer');
    await refuseUsageGone(tx, invoice, lines, customer);
    await refuseUnseenBilledAgain(tx, invoice, lines, knownOverlaps, issuedBy);
    const parties = snapshotParties(account, customer, invoice.currency);
    let number: string | null = null;
    // What the device is told besides: a record restored for this issue, a number out of date order.
    const told: string[] = restored ? [restored] : [];
    if (tx.location === 'server') {
      // Numbers an invoice already has, or one reading the same (from an earlier series with the
      // same prefix, say), are passed over: an issue never fails on the numbers' unique index, nor
      // gives a number that reads like another's. The push holds the tenant lock: no other issue
      // can take a number meanwhile.
      const used = await numbersUsed(tx);
      const next = nextInvoiceNumber(account, used);
      number = next.number;
      await tx.put('account', { ...account, nextNumber: next.n + 1 });
      const previous = await lastNumbered(tx, used, account);
      const outOfOrder = outOfDateOrderNotice(
        { number, invoiceDate: invoice.invoiceDate },
        previous && { number: previous.number!, invoiceDate: previous.invoiceDate },
        outOfOrderSeenUntil,
        previous && issuedBy(previous),
      );
      if (outOfOrder) told.push(outOfOrder);
    }
    await refreshTotals(tx, { ...invoice, status: 'issued', number, parties });
    if (told.length > 0) return told.join(' ');
  }),

  /**
   * Voids an issued invoice or credit note, with a reason. What was put against a voided invoice
   * comes off it (lib/payments releasedByVoid): money received becomes the customer's credit, on its
   * payment, to apply elsewhere, and credit applied from a credit note goes back to the credit note,
   * whichever device recorded it and in whichever order the two changes arrive (a payment recorded
   * against an invoice voided meanwhile is fitted the same way, fitPayment). `paidSeen`: what the
   * device saw paid against it when voiding (the dialog says it moves to credit); whatever else
   * moves (a payment recorded on another device meanwhile, both offline) is news to the device, and
   * the message returned tells it, as for a change applied otherwise than made. A credit note with
   * its credit applied is refused (refuseVoidWhileCreditApplied), as is an invoice a credit note credits.
   */
  voidInvoice: defineMutator(
    z.object({ id: idSchema, reason: storableTextSchema.min(1, { message: 'is required' }).max(1000), paidSeen: decimalSchema.optional() }),
    async (tx, { id, reason, paidSeen }) => {
      const invoice = await mustGet(tx, 'invoices', id, 'Invoice');
      if (invoice.status !== 'issued') throw new MutationError(`Only an issued invoice can be voided, and this one is ${invoice.status === 'draft' ? 'a draft' : 'void already'}`);
      if (isCreditNote(invoice)) await refuseVoidWhileCreditApplied(tx, invoice);
      // Its issued credit notes would leave the customer credit for an invoice owed by no one.
      const creditNotes = await issuedCreditNotesOf(tx, invoice);
      if (creditNotes.length > 0) {
        const numbers = creditNotes.map((other) => other.number ?? '(number pending)').join(', ');
        throw new MutationError(
          `Invoice ${invoice.number ?? id} is credited by credit ${creditNotes.length === 1 ? 'note' : 'notes'} ${numbers}: void the credit ${creditNotes.length === 1 ? 'note' : 'notes'} first (else ${creditNotes.length === 1 ? 'its' : 'their'} credit would stay with the customer for an invoice owed by no one). The invoice was not voided.`,
        );
      }
      const moves = isCreditNote(invoice) ? [] : await releaseVoidedInvoice(tx, invoice);
      const released = addDecimals('0', ...moves.map((m) => m.move.released));
      await tx.put('invoices', { ...invoice, status: 'void', voidReason: reason, paid: roundToCurrency(subtractDecimals(invoice.paid, released), invoice.currency) });
      if (moves.length === 0 || (paidSeen !== undefined && compareDecimals(paidSeen, released) === 0)) return;
      const customer = await tx.get('customers', invoice.customerId);
      return await voidMovedMessage(tx, invoice, moves, customer?.name ?? 'the customer');
    },
  ),

  /**
   * Records money received from a customer, in one currency, allocated to its issued invoices in
   * that currency: the allocations add up to at most the amount, and what is left over (an
   * overpayment, or a payment in advance with no allocation) stays on the payment as the customer's
   * credit, applied later with applyPaymentCredit. A credit note (an issued invoice whose total is
   * below zero) takes a negative allocation: its credit is drawn on, up to what is left of it, and
   * all of it goes to the invoices of the same payment (the allocations never add up to less than 0).
   * An application of credit ("Apply credit") is a payment of 0 whose allocations are −X on the
   * credit note and X spread over invoices; a customer paying the net of an invoice and a credit
   * note is a payment of that net with both allocations. Each invoice's `paid` moves by exactly its
   * allocation, so a credit note's `paid` runs from 0 down to its total (its balance, total − paid, up to 0).
   * `currency` may be left out (outboxes written before payments had one): the first invoice's is taken.
   * Money received is never refused for a balance that dropped after the device checked it (an
   * invoice paid on another device meanwhile, both offline), nor for an invoice voided or deleted
   * meanwhile (or whose issue was refused): its allocations are cut to fit (fitPayment, to nothing
   * on an invoice that takes no payment now), the rest stays as credit, and the message returned tells the device that recorded
   * it, as for a change applied in part. An application of credit that no longer fits is refused.
   */
  recordPayment: defineMutator(paymentSchema.extend({ currency: paymentSchema.shape.currency.optional() }), async (tx, args) => {
    // Every refusal names the payment (its amount, reference and date), and its notice is that
    // alone (lib/change-labels namesItself): money received that is not recorded must not read as a
    // message about an invoice, and be dismissed as one. Its currency, when the device sent none,
    // is its first invoice's (an invoice gone since leaves the amount unformatted).
    const firstInvoice = args.allocations[0] && (await tx.get('invoices', args.allocations[0].invoiceId));
    const currency = args.currency ?? firstInvoice?.currency;
    const money = (amount: string) => (currency ? formatMoney(amount, currency) : amount);
    // An amount with more decimals than its currency has is named as typed (formatted, it would read rounded).
    const name = paymentName(args, currency && isInMinorUnits(args.amount, currency) ? formatMoney(args.amount, currency) : args.amount, await creditNotesDrawn(tx, args));
    const refuse = (reason: string) => new MutationError(`${name} was not recorded: ${reason}`);
    if (await tx.get('payments', args.id)) throw refuse('it is recorded already (sent twice, on this device or another)');
    if (compareDecimals(args.amount, '0') < 0) throw refuse('the amount received must not be below zero');
    // One allocation per invoice: each is checked against the invoice's balance on its own.
    const twice = args.allocations.find((a, i) => args.allocations.findIndex((b) => b.invoiceId === a.invoiceId) !== i);
    if (twice) {
      const invoice = await tx.get('invoices', twice.invoiceId);
      throw refuse(`it is put against invoice ${invoice?.number ?? twice.invoiceId} more than once; enter one amount for each invoice`);
    }
    const allocated = addDecimals('0', ...args.allocations.map((a) => a.amount));
    if (compareDecimals(allocated, args.amount) > 0) {
      throw refuse(`the amounts put against invoices add up to ${money(allocated)}, more than the ${money(args.amount)} received`);
    }
    if (compareDecimals(allocated, '0') < 0) {
      throw refuse(
        `it takes ${money(subtractDecimals('0', allocated))} more credit from credit notes than it puts against invoices; all the credit taken must go to invoices in the same payment`,
      );
    }
    if (compareDecimals(args.amount, '0') === 0 && !args.allocations.some((a) => compareDecimals(a.amount, '0') < 0)) {
      throw refuse('the amount received must be greater than zero');
    }
    const gone = 'an invoice it was put against does not exist (deleted, or refused, on another device): record it again';
    if (!currency) {
      if (args.allocations.length > 0) throw refuse(gone);
      throw refuse('its currency is missing, and a payment put against no invoice takes none from an invoice. Record it again.');
    }
    const payment: Payment = { ...args, currency };
    const customer = await tx.get('customers', args.customerId);
    if (!customer) throw refuse('its customer does not exist (it may have been deleted on another device)');
    // A payment is money received: it has no fractions of the currency's minor unit.
    if (!isInMinorUnits(payment.amount, currency)) throw refuse(`${minorUnitsRule(currency)}`);
    // Unallocated, it is credit for the customer's invoices, which are in the customer's currency.
    if (args.allocations.length === 0 && currency !== customer.currency) {
      throw refuse(`${customer.name} is billed in ${customer.currency}; credit in ${currency} could pay none of its invoices`);
    }
    // An application of a credit note's credit receives nothing: it is applied as made or refused, and the credit stays.
    const isApplication = compareDecimals(args.amount, '0') === 0;
    // Each allocation's invoice as it is now; undefined for one that no longer exists.
    const invoices: (Invoice | undefined)[] = [];
    for (const allocation of args.allocations) {
      const invoice = await tx.get('invoices', allocation.invoiceId);
      if (!invoice) {
        // Money received against an invoice gone meanwhile (a draft deleted on another device before
        // this device's issue of it arrived, a replacement refused) is recorded: the customer's credit (below).
        if (isApplication) throw refuse(gone);
        const wrong = misallocation(`invoice ${allocation.invoiceId}`, undefined, allocation, currency);
        if (wrong) throw refuse(wrong);
        invoices.push(undefined);
        continue;
      }
      // The invoice (or credit note, whose credit a payment of 0 applies) by its number, or by its
      // id, which the device replaces with its label (pending).
      const name = `${isCreditNote(invoice) ? 'credit note' : 'invoice'} ${invoice.number ?? invoice.id}`;
      if (invoice.customerId !== payment.customerId) throw refuse(`${name} is another customer's`);
      if (invoice.status !== 'issued') {
        // Money received against an invoice voided meanwhile (or whose issue was refused) is the customer's credit (below).
        if (isApplication) throw refuse(`${name} is ${invoice.status === 'draft' ? 'a draft' : invoice.status}; only issued invoices take payments, and only issued credit notes give credit`);
        const wrong = misallocation(`invoice ${invoice.number ?? invoice.id}`, isCreditNote(invoice), allocation, currency);
        if (wrong) throw refuse(wrong);
      }
      const first = invoices.find((other) => other !== undefined);
      if (first && first.currency !== invoice.currency) {
        throw refuse(`${name} is in ${invoice.currency} and invoice ${first.number ?? first.id} in ${first.currency}; a payment is in one currency`);
      }
      if (invoice.currency !== currency) throw refuse(`${name} is in ${invoice.currency} and the payment in ${currency}; a payment is in one currency`);
      invoices.push(invoice);
    }
    // Money received is recorded whatever became of the invoices meanwhile (paid, voided or deleted
    // on another device, both offline): what no longer fits is the customer's credit (fitPayment).
    const fitted = isApplication ? null : fitPayment(args.amount, args.allocations, invoices, currency);
    // One reduced to nothing is no allocation: that invoice (or credit note) takes none of it.
    const kept = (fitted?.allocations ?? args.allocations)
      .map((allocation, i) => ({ allocation, invoice: invoices[i]! }))
      .filter(({ allocation }, i) => !fitted || compareDecimals(allocation.amount, '0') !== 0 || compareDecimals(args.allocations[i]!.amount, '0') === 0);
    // An application refused for a balance changed meanwhile says that no credit moved and it is still there to apply.
    const stale = (creditLeft: boolean) =>
      !isApplication ? '' : creditLeft ? '. Nothing was applied: no credit moved, and the credit left on the credit note stays there to apply' : '. Nothing was applied: no credit moved';
    const updated = kept.map(({ allocation, invoice }) => allocate(invoice, allocation, refuse, stale));
    payment.allocations = kept.map(({ allocation }) => allocation);
    // Money is recorded once received: a date after today (the account's, as due dates are) is a
    // typing slip. The server's clock decides; a device's own check at entry agrees unless its clock
    // runs ahead. A date before the invoice's is a prepayment, and stands.
    const timeZone = (await accountOf(tx)).timezone;
    const today = todayIn(isTimeZone(timeZone) ? timeZone : 'UTC', Date.now());
    if (payment.date > today) {
      throw refuse(`its date is after today (${inWords(today)} in ${timeZone}, My Account's timezone). Enter the day the money was received.`);
    }
    for (const invoice of updated) await tx.put('invoices', invoice);
    await tx.put('payments', payment);
    if (fitted?.changed) return fittedMessage(name, payment, fitted.changed, customer.name, money);
  }),

  /**
   * Applies credit left on a payment (what it received beyond its allocations) to the customer's
   * open invoices in its currency: the allocations join the payment's (an invoice it already paid
   * has its allocation raised), so deleting the payment still reverses all of it exactly. In server
   * order, an application that asks for more than is left unapplied by then (the same credit applied
   * on another device first, both offline) is refused, naming the payment.
   */
  applyPaymentCredit: defineMutator(
    z.object({ paymentId: idSchema, allocations: z.array(paymentAllocationSchema).min(1, { message: 'must go to at least one invoice' }).max(500) }),
    async (tx, { paymentId, allocations }) => {
      const payment = await tx.get('payments', paymentId);
      if (!payment) throw new MutationError('The payment no longer exists (it may have been deleted on another device)');
      const currency = payment.currency;
      const money = (amount: string) => formatMoney(amount, currency);
      // The notice names the payment already ("Credit application from payment … was refused. …"); allocate()'s reasons start in lower case.
      const refuse = (reason: string) => new MutationError(upperFirst(reason));
      if (new Set(allocations.map((a) => a.invoiceId)).size !== allocations.length) throw new MutationError('The credit is applied to each invoice once');
      const applied = addDecimals('0', ...allocations.map((a) => a.amount));
      const left = unappliedOf(payment);
      // Refused for a balance or credit changed meanwhile, it says what became of the credit: nothing
      // moved, so none is lost (the notice is the only word the user gets of it).
      const nothingApplied = `. Nothing was applied: the credit stays on the payment, to apply to another invoice`;
      if (compareDecimals(left, '0') <= 0 && compareDecimals(applied, '0') > 0) {
        throw refuse('the payment has no credit left: all it received is applied already (on another device, say). Nothing was applied');
      }
      if (compareDecimals(applied, left) > 0) {
        throw refuse(`the payment has ${money(left)} left unapplied, less than the ${money(applied)} to apply (applied already on another device, say)${nothingApplied}`);
      }
      const updated: Invoice[] = [];
      const merged = new Map(payment.allocations.map((a) => [a.invoiceId, a.amount]));
      for (const allocation of allocations) {
        const invoice = await mustGet(tx, 'invoices', allocation.invoiceId, 'Invoice');
        const name = `invoice ${invoice.number ?? invoice.id}`;
        if (invoice.customerId !== payment.customerId) throw refuse(`${name} is another customer's`);
        if (invoice.status !== 'issued') throw refuse(`${name} is ${invoice.status === 'draft' ? 'a draft' : invoice.status}; credit goes to issued invoices`);
        if (invoice.currency !== currency) throw refuse(`${name} is in ${invoice.currency} and the payment in ${currency}`);
        if (compareDecimals(allocation.amount, '0') <= 0) throw new MutationError('Each amount of credit applied must be greater than zero');
        if (isCreditNote(invoice)) throw refuse(`${name} is a credit note, which is not paid`);
        updated.push(allocate(invoice, allocation, refuse, () => nothingApplied));
        const before = merged.get(invoice.id);
        merged.set(invoice.id, before === undefined ? allocation.amount : roundToCurrency(addDecimals(before, allocation.amount), currency));
      }
      if (merged.size > 500) throw refuse('a payment goes to at most 500 invoices');
      for (const invoice of updated) await tx.put('invoices', invoice);
      await tx.put('payments', { ...payment, allocations: [...merged].map(([invoiceId, amount]) => ({ invoiceId, amount })) });
    },
  ),

  /**
   * Deletes (reverses) a recorded payment, a mistyped one say: each invoice it was allocated to
   * owes again exactly what it put there (its status follows from `paid`). A payment already
   * deleted, on another device say, is no change. Allowed on a void invoice too: the payment is a
   * record of money received, to be corrected whatever became of the invoice, and deleting it is how
   * money paid against an invoice voided since moves to the one replacing it (record it again there).
   * `allocationsSeen`: the payment's allocations as the device saw them when deleting it; credit of it
   * applied since (Apply credit on another device, both offline) is taken back with it, and the
   * message returned tells the device, which did not know of it. The devices that applied it hear
   * of it too (lib/overridden-changes: the allocations the deleting device had not seen, all of
   * them from a device that sends none), and each tells its user only of its own applications among
   * them (app/_local/credit-applications): one whose application the deleting device saw hears nothing.
   */
  deletePayment: defineMutator(idArgs.extend({ allocationsSeen: z.array(paymentAllocationSchema).max(500).optional() }), async (tx, { id, allocationsSeen }) => {
    const payment = await tx.get('payments', id);
    if (!payment) return;
    const updated: Invoice[] = [];
    for (const allocation of payment.allocations) {
      const invoice = await tx.get('invoices', allocation.invoiceId);
      // Payments go to issued invoices and only drafts can be deleted: none should be missing, and one is owed nothing back.
      if (!invoice) continue;
      const paid = roundToCurrency(subtractDecimals(invoice.paid, allocation.amount), invoice.currency);
      const money = (amount: string) => formatMoney(amount, invoice.currency);
      // Taking an allocation back must not carry `paid` past zero: an invoice's (positive) or a
      // credit note's (negative, the credit applied) no longer holds this payment.
      if (compareDecimals(allocation.amount, '0') > 0 && compareDecimals(paid, '0') < 0) {
        throw new MutationError(
          `Invoice ${invoice.number ?? invoice.id} shows ${money(invoice.paid)} paid, less than the ${money(allocation.amount)} this payment put against it, so taking it back would leave the invoice paid less than nothing`,
        );
      }
      if (compareDecimals(allocation.amount, '0') < 0 && compareDecimals(paid, '0') > 0) {
        const taken = subtractDecimals('0', allocation.amount);
        throw new MutationError(
          `Credit note ${invoice.number ?? invoice.id} shows ${money(subtractDecimals('0', invoice.paid))} of credit applied, less than the ${money(taken)} this payment took from it, so it cannot be given back`,
        );
      }
      updated.push({ ...invoice, paid });
    }
    for (const invoice of updated) await tx.put('invoices', invoice);
    await tx.delete('payments', id);
    const unseen = unseenAllocations(payment, allocationsSeen);
    if (unseen.length > 0) {
      tx.overrode({
        entity: 'payments',
        id,
        field: 'allocations',
        value: unseen,
        // An application of a credit note's credit by its credit notes, as every notice names it.
        message: `${paymentName(payment, formatMoney(payment.amount, payment.currency), await creditNotesDrawn(tx, payment))} was deleted on another device, which had not seen credit applied from it (${appliedInWords(payment.currency, unseen, (invoiceId) => updated.find((i) => i.id === invoiceId)?.number ?? invoiceId)}): that credit came off with it, and ${unseen.length === 1 ? 'the invoice owes' : 'those invoices owe'} it again`,
        mentions: unseen.map((a) => ({ entity: 'invoices' as const, id: a.invoiceId })),
      });
    }
    if (allocationsSeen) return unseenApplicationsMessage(payment, unseen, updated);
  }),
};

/**
 * A credit note whose credit is applied to invoices (lib/payments creditMovesOf) is not voided until
 * that is moved back: void, it would leave its credit spent on them. The Void dialog says so before
 * it is pressed, from the same rule. Deleting those applications moves the credit back exactly
 * (deletePayment). (An invoice paid with such credit is voided: the credit goes back, releaseVoidedInvoice.)
 */
async function refuseVoidWhileCreditApplied(tx: MutationTx, creditNote: Invoice): Promise<void> {
  const money = (amount: string) => formatMoney(amount, creditNote.currency);
  for (const payment of creditMovesOf(creditNote.id, await tx.list('payments', 'customerId', creditNote.customerId))) {
    const credit = payment.allocations.find((a) => a.invoiceId === creditNote.id && compareDecimals(a.amount, '0') < 0);
    if (!credit) continue;
    const what = paymentName(payment, formatMoney(payment.amount, payment.currency), await creditNotesDrawn(tx, payment));
    throw new MutationError(
      `Credit note ${creditNote.number ?? creditNote.id} has ${money(subtractDecimals('0', credit.amount))} of its credit applied: ${await creditAppliedBy(tx, payment, creditNote.id, lowerFirst(what))}. ` +
        'Delete that under its Payments first, so the invoices owe it again, then void it.',
    );
  }
}

/**
 * Where `payment` (named `what`) put the credit it took from the credit note `creditNoteId`, every
 * amount saying what it is, so that they add up: the credit, with what else the payment put
 * against invoices (credit taken from other credit notes, money received), makes what the invoices
 * took. "the application of credit note INV-3's credit dated Apr 10, 2026 put it against invoices
 * INV-1 ($10.00) and INV-2 ($20.00)"; "the Bank transfer payment of $50.00 dated Apr 10, 2026 put
 * it, with $40.00 of the money received, against invoice INV-1 ($100.00)". The credit taken is at
 * most what the invoices took (recordPayment), so what the money received gave is the rest.
 */
async function creditAppliedBy(tx: MutationTx, payment: Payment, creditNoteId: string, what: string): Promise<string> {
  const money = (amount: string) => formatMoney(amount, payment.currency);
  // By number, or by id, which the device replaces with its label (pending).
  const numberOf = async (invoiceId: string) => (await tx.get('invoices', invoiceId))?.number ?? invoiceId;
  const receivers = payment.allocations.filter((a) => compareDecimals(a.amount, '0') > 0);
  const otherCredit = payment.allocations.filter((a) => a.invoiceId !== creditNoteId && compareDecimals(a.amount, '0') < 0);
  const taken = addDecimals('0', ...payment.allocations.filter((a) => compareDecimals(a.amount, '0') < 0).map((a) => subtractDecimals('0', a.amount)));
  const received = subtractDecimals(addDecimals('0', ...receivers.map((a) => a.amount)), taken);
  const alongside = [
    ...(await Promise.all(otherCredit.map(async (a) => `${money(subtractDecimals('0', a.amount))} of credit from credit note ${await numberOf(a.invoiceId)}`))),
    ...(compareDecimals(received, '0') > 0 ? [`${money(received)} of the money received`] : []),
  ];
  const numbered = await Promise.all(receivers.map(async (a) => `${await numberOf(a.invoiceId)} (${money(a.amount)})`));
  const against = `${receivers.length === 1 ? 'invoice' : 'invoices'} ${listInWords(numbered)}`;
  return `${what} put it${alongside.length > 0 ? `, with ${listInWords(alongside)},` : ''} against ${against}`;
}

/** A payment that put something against an invoice being voided, and what became of it (lib/payments releasedByVoid). */
interface VoidMove {
  payment: Payment;
  move: ReleasedByVoid;
}

/**
 * Takes off `invoice` (being voided) what every payment put against it: each payment keeps what it
 * received as the customer's credit, or is deleted when it was an application of credit left with
 * nothing; credit notes get back the credit taken from them for it.
 */
async function releaseVoidedInvoice(tx: MutationTx, invoice: Invoice): Promise<VoidMove[]> {
  const moves: VoidMove[] = [];
  const creditBack = new Map<string, string>();
  for (const payment of await tx.list('payments', 'customerId', invoice.customerId)) {
    const move = releasedByVoid(payment, invoice.id);
    if (!move) continue;
    moves.push({ payment, move });
    if (move.empty) await tx.delete('payments', payment.id);
    else await tx.put('payments', { ...payment, allocations: move.allocations, reference: await referenceAfterVoid(tx, payment, move.allocations) });
    for (const back of move.creditBack) creditBack.set(back.invoiceId, addDecimals(creditBack.get(back.invoiceId) ?? '0', back.amount));
  }
  for (const [creditNoteId, amount] of creditBack) {
    const creditNote = await tx.get('invoices', creditNoteId);
    if (creditNote) await tx.put('invoices', { ...creditNote, paid: roundToCurrency(addDecimals(creditNote.paid, amount), creditNote.currency) });
  }
  moves.sort((a, b) => comparePayments(a.payment, b.payment));
  return moves;
}

/**
 * The reference of `payment` once a void left it `allocations`: an application of credit's says the
 * invoices it still goes to (lib/payments hasApplicationReference), as the screens name them now;
 * any other stays as entered.
 */
async function referenceAfterVoid(tx: MutationTx, payment: Payment, allocations: readonly PaymentAllocation[]): Promise<string> {
  if (!hasApplicationReference(payment)) return payment.reference;
  const names: string[] = [];
  for (const allocation of allocations) {
    if (compareDecimals(allocation.amount, '0') <= 0) continue;
    const invoice = await tx.get('invoices', allocation.invoiceId);
    names.push(invoice ? invoiceNumberLabel(invoice) : 'pending');
  }
  return applicationReference(names);
}

/**
 * What the device that voided `invoice` is told when more came off it than it saw paid (a payment
 * recorded on another device meanwhile, both offline): which payments, and where their money went.
 */
async function voidMovedMessage(tx: MutationTx, invoice: Invoice, moves: readonly VoidMove[], customer: string): Promise<string> {
  const money = (amount: string) => formatMoney(amount, invoice.currency);
  const numberOf = async (invoiceId: string) => (await tx.get('invoices', invoiceId))?.number ?? invoiceId;
  const parts: string[] = [];
  for (const { payment, move } of moves) {
    const where: string[] = [];
    if (compareDecimals(move.toCredit, '0') > 0) where.push(`${money(move.toCredit)} of it is now ${customer}'s credit`);
    for (const back of move.creditBack) where.push(`${money(back.amount)} went back to credit note ${await numberOf(back.invoiceId)}`);
    const name = paymentName(payment, formatMoney(payment.amount, payment.currency), await creditNotesDrawn(tx, payment));
    parts.push(`${lowerFirst(name)} put ${money(move.released)} against it (${where.join(', ')})`);
  }
  const total = addDecimals('0', ...moves.map((m) => m.move.toCredit));
  const hint = compareDecimals(total, '0') > 0 ? ` ${APPLY_CREDIT_HINT}` : '';
  return `Invoice ${invoice.number ?? invoice.id} was voided, and what was paid against it, on another device meanwhile say, came off it, since a void invoice is owed nothing: ${parts.join('; ')}.${hint}`;
}

/**
 * What of `payment`'s allocations to invoices a device deleting it had not seen (`seen`: its
 * allocations as that device had them): credit applied from it meanwhile, on another device, by
 * invoice, what is beyond what was seen there. All of them when the device sent none (a device
 * before allocationsSeen): what it saw is not known.
 */
function unseenAllocations(payment: Payment, seen: readonly PaymentAllocation[] | undefined): PaymentAllocation[] {
  return payment.allocations.flatMap((allocation) => {
    const before = addDecimals('0', ...(seen ?? []).filter((s) => s.invoiceId === allocation.invoiceId).map((s) => s.amount));
    const beyond = subtractDecimals(allocation.amount, before);
    if (compareDecimals(allocation.amount, '0') <= 0 || compareDecimals(beyond, '0') <= 0) return [];
    return [{ invoiceId: allocation.invoiceId, amount: roundToCurrency(beyond, payment.currency) }];
  });
}

/** "$12.01 to invoice INV-2, $5.00 to invoice INV-3": credit applied, each invoice named by `nameOf`. */
function appliedInWords(currency: string, applied: readonly PaymentAllocation[], nameOf: (invoiceId: string) => string): string {
  return applied.map((a) => `${formatMoney(a.amount, currency)} to invoice ${nameOf(a.invoiceId)}`).join(', ');
}

/**
 * What the device that deleted `payment` is told when the payment had credit applied from it that the
 * device did not see (`unseen`, unseenAllocations): the deletion took that back too, and those
 * invoices owe it again. Undefined when it saw them all.
 */
function unseenApplicationsMessage(payment: Payment, unseen: readonly PaymentAllocation[], invoices: readonly Invoice[]): string | undefined {
  if (unseen.length === 0) return undefined;
  // Credit applied from a payment is money it received: it is no application of credit (which receives none), named by its credit notes.
  const name = paymentName(payment, formatMoney(payment.amount, payment.currency), []);
  const went = appliedInWords(payment.currency, unseen, (invoiceId) => invoices.find((i) => i.id === invoiceId)?.number ?? invoiceId);
  return `${name} was deleted, and with it credit applied from it on another device meanwhile, which this device had not seen: ${went}, which ${unseen.length === 1 ? 'owes' : 'owe'} it again`;
}

/**
 * What a device that applied credit from `payment` (Apply credit: `applied`, those of its
 * applications the deleting device had not seen) is told when the payment was deleted on another
 * device afterwards: the deletion took that credit back, and the invoices owe it again. `numbers`
 * names each invoice as the device knows it. The deleting device is told its side (unseenApplicationsMessage).
 */
export function undoneApplicationMessage(
  payment: Pick<Payment, 'reference' | 'method' | 'amount' | 'date' | 'allocations' | 'currency'>,
  applied: readonly PaymentAllocation[],
  numbers: ReadonlyMap<string, string>,
): string {
  // Credit applied from a payment is money it received: it is no application of credit (which receives none), named by its credit notes.
  const name = paymentName(payment, formatMoney(payment.amount, payment.currency), []);
  const went = appliedInWords(payment.currency, applied, (invoiceId) => numbers.get(invoiceId) ?? invoiceId);
  return `${name} was deleted on another device, which had not seen the credit this device applied from it (${went}): that credit came off with it, and ${applied.length === 1 ? 'the invoice owes' : 'those invoices owe'} it again`;
}

/** A day as refusals write it, "Nov 1, 2026", as the screens show days (lib/dates dayAsShown); one that is no day (never stored) as it is. */
const inWords = (day: string) => (isDay(day) ? dayAsShown(day) : day);

/**
 * Refuses to issue a draft whose usage lines bill calls the customer's usage of their days no longer
 * holds (lib/usage-shortfall): their import undone on another device while this one, offline,
 * generated and issued the draft, say. Usage that grew since (late CDRs) is no reason: the draft
 * bills less than there is, as the user chose. One read of the lines' days of usage, however many lines.
 */
/**
 * Refuses to issue a draft that bills calls, package charges or setups an issued invoice of its
 * customer bills already (lib/billed-again, the rule of Issue's question and the draft's notice),
 * unless that invoice is among `known`, those Issue's question named when the user chose to issue
 * anyway. Offline, two devices may bill one month (a billing run on one, Generate on the other):
 * the second issue to reach the server finds the first's invoice, never seen, and the draft stays
 * a draft, unnumbered. A late-calls draft bills only what the invoices it completes do not: it issues.
 */
async function refuseUnseenBilledAgain(tx: MutationTx, invoice: Invoice, lines: readonly InvoiceLine[], known: readonly string[], issuedBy: (other: Invoice) => IssuedBy): Promise<void> {
  const others: InvoiceWithLines[] = [];
  for (const other of await tx.list('invoices', 'customerId', invoice.customerId)) {
    if (other.id === invoice.id || !billsAlready(other)) continue;
    others.push({ invoice: other, lines: await tx.list('invoiceLines', 'invoiceId', other.id) });
  }
  if (others.length === 0) return;
  const assignments = await tx.list('customerPackages', 'customerId', invoice.customerId);
  // Only the draft's packages are asked about (one-off ones are counted as setups are).
  const packageIds = [...new Set(lines.flatMap((line) => (line.packageId === null ? [] : [line.packageId])))];
  const packages = (await Promise.all(packageIds.map((packageId) => tx.get('packages', packageId)))).filter((p): p is Package => p !== undefined);
  const unseen = unseenBilledAgain(billedAgain(invoice, lines, others, assignments, packages), known);
  if (unseen.length > 0) throw new MutationError(unseenBilledAgainRefusal(unseen, issuedBy));
}

/**
 * The invoice holding the series' last number before the one being given (`account.nextNumber`
 * less one, as the number it reads the same as is stored), if any: a series started anew in
 * Settings, or a prefix changed, has none.
 */
async function lastNumbered(tx: MutationTx, used: ReadonlyMap<string, string>, account: Account): Promise<Invoice | undefined> {
  if (account.nextNumber <= 1) return undefined;
  const stored = clashingNumber(used, invoiceNumber(account.numberPrefix, account.nextNumber - 1));
  if (stored === undefined) return undefined;
  return (await tx.list('invoices', 'number', stored)).find((other) => other.number !== null);
}

async function refuseUsageGone(tx: MutationTx, invoice: Invoice, lines: readonly InvoiceLine[], customer: Customer): Promise<void> {
  const span = usageLinesSpan(invoice, lines);
  if (!span) return;
  const shortfall = usageShortfall(invoice, lines, await tx.usageOfDays(invoice.customerId, span.first, span.last));
  if (!shortfall) return;
  const charge = roundToCurrency(shortfall.charge, invoice.currency);
  // The charge as billed (rounded), or, below the currency's smallest unit, exactly.
  const money = isZeroDecimal(charge) ? `${shortfall.charge} ${invoice.currency}` : formatMoney(charge, invoice.currency);
  const what = shortfall.calls === 0 ? `${money} of calls` : isZeroDecimal(shortfall.charge) ? calls(shortfall.calls) : `${calls(shortfall.calls)} (${money})`;
  const days = shortfall.days.map(inWords);
  // The days it is short on, or (lines over several days each) the span of the lines' days.
  const when = !shortfall.byDay
    ? days.length === 1
      ? `on ${days[0]}`
      : `between ${days[0]} and ${days[1]}`
    : days.length === 1
      ? `on ${days[0]}`
      : days.length <= 3
        ? `on ${days.slice(0, -1).join(', ')} and ${days[days.length - 1]}`
        : `on ${days.length} days from ${days[0]} to ${days[days.length - 1]}`;
  throw new MutationError(
    `The draft dated ${inWords(invoice.invoiceDate)} bills ${what} ${when} that ${possessive(customer.name)} usage of ${days.length === 1 ? 'that day' : 'those days'} no longer holds: ` +
      `their import was undone, on another device say (or CDRs a device counted twice were counted once). ` +
      `It stays a draft: update its lines from usage, or remove those lines, then issue it.`,
  );
}

/**
 * The invoice as paid by `allocation` (positive on an invoice, up to its balance; negative on a
 * credit note, up to its credit left), or the refusal `refuse` makes of why it cannot be; `stale`
 * ends the refusal of an amount beyond the balance or the credit left (changed meanwhile, say),
 * told whether the credit note has any credit left (a refusal must not point to credit not there).
 */
function allocate(invoice: Invoice, allocation: PaymentAllocation, refuse: (reason: string) => MutationError, stale: (creditLeft: boolean) => string = () => ''): Invoice {
  const name = `invoice ${invoice.number ?? invoice.id}`;
  const money = (amount: string) => formatMoney(amount, invoice.currency);
  const creditNote = isCreditNote(invoice);
  const wrong = misallocation(name, creditNote, allocation, invoice.currency);
  if (wrong) throw refuse(wrong);
  const sign = compareDecimals(allocation.amount, '0');
  const balance = subtractDecimals(invoice.total, invoice.paid);
  if (sign < 0) {
    // The credit left is −balance; the allocation draws −allocation of it.
    if (compareDecimals(allocation.amount, balance) < 0) {
      const taken = money(subtractDecimals('0', allocation.amount));
      const note = `credit note ${invoice.number ?? invoice.id}`;
      if (compareDecimals(balance, '0') >= 0) throw refuse(`${note} has no credit left (all of it is applied), so the ${taken} cannot be taken from it${stale(false)}`);
      throw refuse(`${note} has ${money(subtractDecimals('0', balance))} of credit left, and the ${taken} taken from it is more than that${stale(true)}`);
    }
  } else if (compareDecimals(allocation.amount, balance) > 0) {
    if (compareDecimals(balance, '0') <= 0) throw refuse(`${name} has nothing left to pay (it is paid in full), so the ${money(allocation.amount)} cannot be put against it${stale(true)}`);
    throw refuse(`${name} has ${money(balance)} left to pay, and the ${money(allocation.amount)} put against it is more than that${stale(true)}`);
  }
  return { ...invoice, paid: roundToCurrency(addDecimals(invoice.paid, allocation.amount), invoice.currency) };
}

/**
 * Why an allocation is wrong whatever the invoice's balance (zero, too many decimals, the wrong sign
 * for an invoice or a credit note), or undefined. `creditNote` is undefined for an invoice no longer
 * there, whose kind is not known: the sign is not checked.
 */
function misallocation(name: string, creditNote: boolean | undefined, allocation: PaymentAllocation, currency: string): string | undefined {
  const sign = compareDecimals(allocation.amount, '0');
  if (sign === 0) return `the amount put against ${name} is zero: put an amount above zero against an invoice, or below zero against a credit note`;
  // A payment is money received: it has no fractions of the currency's minor unit.
  if (!isInMinorUnits(allocation.amount, currency)) return `the ${allocation.amount} put against ${name} has too many decimals: ${minorUnitsRule(currency)}`;
  if (sign < 0 && creditNote === false) return `${name} is not a credit note: the ${formatMoney(allocation.amount, currency)} against it must be a positive amount, what it is paid`;
  if (sign > 0 && creditNote === true) return `${name} is a credit note: its credit is applied to invoices (a negative amount against it), it is not paid`;
  return undefined;
}

/** An allocation of money received that no longer fit when the payment was applied: what was asked of the invoice (or credit note) and what it took. */
interface Refitted {
  invoiceId: string;
  /** The invoice as it is now; undefined when it no longer exists (it took none). */
  invoice: Invoice | undefined;
  asked: string;
  took: string;
  /** Cut to its own balance or credit left, changed meanwhile; otherwise cut for the others (the credit notes gave less, or the invoices took less). */
  meanwhile: boolean;
}

/**
 * The allocations of money received (`received` above 0) fitted to the invoices as they are now,
 * or null when they fit as entered. A device checks them against the balances it knows, but another
 * device may have paid an invoice (or applied a credit note's credit) meanwhile, both offline, and
 * money received must not be thrown away for it. Each amount against an invoice is reduced to its
 * balance (possibly 0), each taken from a credit note to the credit it has left, and one against an
 * invoice or credit note voided or deleted since (or still a draft, its issue refused) to 0; then, what credit
 * notes give beyond what the invoices now take is given back to them, the last first, and what the
 * invoices take beyond the money and the credit given is taken off them, the last first. What is
 * no longer put against invoices stays on the payment, the customer's credit (applyPaymentCredit).
 * Only the state applied to decides, so the device's replay and the server agree. An amount that is
 * wrong whatever the balances (zero, the wrong sign, too many decimals) is left for allocate to refuse.
 */
function fitPayment(
  received: string,
  allocations: readonly PaymentAllocation[],
  invoices: readonly (Invoice | undefined)[],
  currency: string,
): { allocations: PaymentAllocation[]; changed: Refitted[] } | null {
  const min = (a: string, b: string) => (compareDecimals(a, b) <= 0 ? a : b);
  const max = (a: string, b: string) => (compareDecimals(a, b) >= 0 ? a : b);
  const kinds = allocations.map((a, i) => {
    const invoice = invoices[i];
    if (!isInMinorUnits(a.amount, currency)) return 'other';
    const sign = compareDecimals(a.amount, '0');
    // One no longer there is taken for what the amount against it says it was.
    const creditNote = invoice ? isCreditNote(invoice) : sign < 0;
    return sign > 0 && !creditNote ? 'paid' : sign < 0 && creditNote ? 'credit' : 'other';
  });
  const amounts = allocations.map((a, i) => {
    const invoice = invoices[i];
    // Void, deleted, or a draft (its issue refused): it takes nothing, and a credit note gives nothing.
    if (invoice?.status !== 'issued') return kinds[i] === 'other' ? a.amount : '0';
    const balance = subtractDecimals(invoice.total, invoice.paid);
    // An invoice's balance (at least 0); a credit note's, minus the credit it has left (at most 0).
    if (kinds[i] === 'paid') return min(a.amount, max(balance, '0'));
    if (kinds[i] === 'credit') return max(a.amount, min(balance, '0'));
    return a.amount;
  });
  // Whether each was cut to its own balance or credit left (changed meanwhile), before any is cut for the others.
  const cut = amounts.map((amount, i) => compareDecimals(amount, allocations[i]!.amount) !== 0);
  const net = () => addDecimals('0', ...amounts);
  for (let i = amounts.length - 1; i >= 0 && compareDecimals(net(), '0') < 0; i--) {
    if (kinds[i] === 'credit') amounts[i] = min('0', subtractDecimals(amounts[i]!, net()));
  }
  for (let i = amounts.length - 1; i >= 0 && compareDecimals(net(), received) > 0; i--) {
    if (kinds[i] === 'paid') amounts[i] = max('0', subtractDecimals(amounts[i]!, subtractDecimals(net(), received)));
  }
  const changed: Refitted[] = [];
  const fitted = allocations.map((a, i) => {
    if (compareDecimals(amounts[i]!, a.amount) === 0) return a;
    const took = roundToCurrency(amounts[i]!, currency);
    changed.push({ invoiceId: a.invoiceId, invoice: invoices[i], asked: a.amount, took, meanwhile: cut[i]! });
    return { ...a, amount: took };
  });
  return changed.length === 0 ? null : { allocations: fitted, changed };
}

/**
 * The last sentence of what the device is told when part of a payment it recorded became the
 * customer's credit (fittedMessage). The device knows the notice by it (app/_local/credit-notices):
 * the server tells it in words only, and the notice stops being true once the payment is deleted
 * or its credit applied.
 */
export const APPLY_CREDIT_HINT = "Apply the credit to open invoices with Apply credit beside the payment on the customer's page.";

/**
 * What the device that recorded a payment is told when it was recorded with allocations fitted to
 * balances changed meanwhile (fitPayment): that the money was recorded, how much of it is now the
 * customer's credit, and which invoices took less. Reported like a change applied in part.
 */
function fittedMessage(name: string, payment: Payment, changed: readonly Refitted[], customer: string, money: (amount: string) => string): string {
  const negate = (amount: string) => subtractDecimals('0', amount);
  const what = changed.map(({ invoiceId, invoice, asked, took, meanwhile }) => {
    // The id of one no longer there: the device names it as it knew it (app/_local/record-labels).
    const label = invoice?.number ?? invoiceId;
    const creditNote = invoice ? isCreditNote(invoice) : compareDecimals(asked, '0') < 0;
    // Voided, deleted, or its issue refused, since the device recorded the payment: it takes none of it.
    const closed = !invoice
      ? 'it no longer exists: deleted, or refused, on another device say'
      : invoice.status === 'void'
        ? 'it was voided meanwhile, on another device say'
        : invoice.status === 'draft'
          ? 'it is a draft: its issue was refused'
          : undefined;
    if (creditNote) {
      if (closed) return `credit note ${label} gave none of the ${money(negate(asked))} of credit taken from it (${closed})`;
      const gave = compareDecimals(took, '0') === 0 ? 'none' : money(negate(took));
      const why = meanwhile ? 'its credit was applied meanwhile, on another device say' : 'the invoices took less';
      return `credit note ${label} gave ${gave} of the ${money(negate(asked))} of credit taken from it (${why}) and keeps the rest`;
    }
    if (closed) return `invoice ${label} took none of the ${money(asked)} put against it (${closed})`;
    const why = meanwhile ? 'it was paid meanwhile, on another device say' : 'the credit notes gave less';
    return `invoice ${label} took ${compareDecimals(took, '0') === 0 ? 'none' : money(took)} of the ${money(asked)} put against it (${why})`;
  });
  const credit = unappliedOf(payment);
  const hasCredit = compareDecimals(credit, '0') > 0;
  return (
    `${name} was recorded, but ${hasCredit ? `${money(credit)} of it is now ${customer}'s credit` : 'not as it was entered'}: ${what.join('; ')}.` +
    (hasCredit ? ` ${APPLY_CREDIT_HINT}` : '')
  );
}

/** What amounts of a currency are, as the payment dialog says it: "amounts in USD have at most 2 decimals". */
function minorUnitsRule(currency: string): string {
  const decimals = currencyExponent(currency);
  return decimals === 0 ? `amounts in ${currency} are whole numbers` : `amounts in ${currency} have at most ${decimals} decimal${decimals === 1 ? '' : 's'}`;
}

/** The refusal of a line that is another invoice's (never one the editor made): named by its description. */
function lineElsewhere(line: Pick<InvoiceLine, 'description'>): string {
  return `The line ${lineName(line.description)} belongs to another invoice`;
}

const calls = (n: number) => `${n} ${n === 1 ? 'call' : 'calls'}`;

/** A line's field set to `value`, as a notice lists it: a day as the user reads one ("start date 1 Nov 2026"), an amount as it is, other text quoted, nothing as "(none)". */
function lineFieldChange(field: keyof typeof LINE_FIELD_LABELS, value: unknown): string {
  const shown = value === null ? '(none)' : (field === 'startDate' || field === 'endDate') && isDay(value) ? inWords(value) : isDecimalString(value) ? value : JSON.stringify(value);
  return `${LINE_FIELD_LABELS[field]} ${shown}`;
}

/** The fields of `line` (but its position, which renumbering changes) that differ from what a device held of it (`seen`), as a notice lists them. */
function changedLineFields(line: InvoiceLine, seen: Readonly<Record<string, unknown>>): string[] {
  return (Object.keys(LINE_FIELD_LABELS) as (keyof typeof LINE_FIELD_LABELS)[])
    .filter((field) => field !== 'position' && !sameFieldValue(line[field] ?? null, seen[field] ?? null))
    .map((field) => lineFieldChange(field, line[field] ?? null));
}

/** A line as the user knows it: by its description, quoted (shortened, on one line). */
function lineName(description: string | undefined): string {
  const line = (description ?? '').replace(/\s+/g, ' ').trim();
  if (line === '') return '(without a description)';
  return `“${line.length > 60 ? `${line.slice(0, 59)}…` : line}”`;
}

/**
 * A payment as its user knows it, for refusals: 'Payment "B-wire" of $3.31 dated 5 Dec 2026' (by
 * its method when it has no reference). `amount` as it is to read: formatted in its currency (en-US), or as typed when it is no amount of that currency (formatting would round it) or the currency is not known. Refused on
 * another device's record (offline, both paying the same balance), a message must say which
 * payment it was: the user sees it later, in the list of refused changes. An application of credit
 * (lib/payments creditApplication: it receives nothing and draws on credit notes) is named by the
 * credit notes it draws on (`creditNotes`, creditNotesDrawn), as the payments list names them
 * ("credit applied from credit note INV-3"): "The application of credit note INV-3's credit dated
 * Apr 10, 2026", never by its method's text, written when it was made (the number pending, maybe).
 */
function paymentName(payment: Pick<Payment, 'reference' | 'method' | 'amount' | 'date' | 'allocations'>, amount: string, creditNotes: readonly string[]): string {
  if (compareDecimals(payment.amount, '0') === 0 && payment.allocations.some((a) => compareDecimals(a.amount, '0') < 0)) {
    const credit = creditNotes.length === 0 ? 'credit' : `${possessive(`${creditNotes.length === 1 ? 'credit note' : 'credit notes'} ${listInWords(creditNotes)}`)} credit`;
    return `The application of ${credit} dated ${inWords(payment.date)}`;
  }
  const reference = payment.reference.trim();
  const method = payment.method.trim();
  const what = reference ? `Payment "${reference}"` : method ? `The ${method} payment` : 'The payment';
  return `${what} of ${amount} dated ${inWords(payment.date)}`;
}

/**
 * The credit notes `payment` draws on (its allocations below zero), for paymentName: by number, or
 * by id, which the device replaces with its label (pending). One gone, or no credit note (an
 * allocation refused for it), is left out.
 */
async function creditNotesDrawn(tx: MutationTx, payment: Pick<Payment, 'allocations'>): Promise<string[]> {
  const names: string[] = [];
  for (const allocation of payment.allocations) {
    if (compareDecimals(allocation.amount, '0') >= 0) continue;
    const invoice = await tx.get('invoices', allocation.invoiceId);
    if (invoice && isCreditNote(invoice)) names.push(invoice.number ?? invoice.id);
  }
  return names;
}

export type Mutators = typeof mutators;
export type MutatorName = keyof Mutators;
export type MutatorArgs<N extends MutatorName> = z.infer<Mutators[N]['args']>;
export const MUTATOR_NAMES = Object.keys(mutators) as MutatorName[];

export function isMutatorName(name: string): name is MutatorName {
  return Object.hasOwn(mutators, name);
}

/**
 * Validates and runs a named mutation. Throws MutationError for a business refusal or invalid
 * arguments (the field named in the user's words, lib/argument-problems, with the developer's
 * version in its `detail`); anything else is an infrastructure fault. Returns,
 * for a mutation applied only in part, the message saying what it did not apply.
 */
export async function runMutation(tx: MutationTx, name: string, args: unknown): Promise<string | undefined> {
  if (!isMutatorName(name)) {
    // Sent by a newer version of the app (or by none): the user can only wait for the server's update.
    throw new MutationError(
      'This server does not know this kind of change: it may run an older version of Tollbook than this device. Make the change again once the server is updated.',
      `Unknown mutation "${name}"`,
    );
  }
  const mutator = mutators[name] as { args: z.ZodType; run: MutatorRun<unknown> };
  const parsed = mutator.args.safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Too many cells, or a cell's text too long to hold IMPORT_CDRS_MAX CDRs: too many CDRs either way.
    if (name === 'importCdrs' && issue?.code === 'too_big' && (issue.path.length === 1 || issue.path[2] === 'cdrs')) throw importTooLarge();
    throw new MutationError(argumentProblem(name, issue, args), argumentDetail(name, issue));
  }
  return (await mutator.run(tx, parsed.data)) ?? undefined;
}
