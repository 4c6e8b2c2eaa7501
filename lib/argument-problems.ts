/**
 * A mutation's arguments that its schema refuses, said as the user knows the record and field: "The
 * invoice's id is not valid", "The payment's amount must be a number", not "issueInvoice: id Invalid
 * UUID". A billing user reads these after "… was refused." (lib/change-labels); the developer's
 * version (mutator, zod path and message) is `argumentDetail`, for the server log and the console.
 */
import type { z } from 'zod';
import { CURRENCY_CODES } from './currencies';
import { type EntityName, frequencySchema } from './entities';
import type { MutatorName } from './mutators';
import { retailPriceLabel } from './packages';
import { lowerFirst, upperFirst } from './text';

type Issue = z.core.$ZodIssue;

/** A field as the user knows it; `kind` says what a value of the wrong type should have been. */
interface Field {
  words: string;
  kind?: 'id' | 'decimal' | 'day';
  /** Words for many: "are missing", not "is missing". */
  plural?: true;
}

const FIELDS: Readonly<Record<string, Field>> = {
  id: { words: 'id', kind: 'id' },
  customerId: { words: 'customer', kind: 'id' },
  invoiceId: { words: 'invoice', kind: 'id' },
  packageId: { words: 'package', kind: 'id' },
  paymentId: { words: 'payment', kind: 'id' },
  importId: { words: 'import', kind: 'id' },
  replacesId: { words: 'invoice it replaces', kind: 'id' },
  creditsId: { words: 'invoice it credits', kind: 'id' },
  customerIds: { words: 'customers', kind: 'id', plural: true },
  amount: { words: 'amount', kind: 'decimal' },
  taxRate: { words: 'tax %', kind: 'decimal' },
  /** Named as the package form names it when the package's frequency is known (see `retailField`). */
  retail: { words: 'retail price', kind: 'decimal' },
  setup: { words: 'setup price', kind: 'decimal' },
  quantity: { words: 'quantity', kind: 'decimal' },
  unitPrice: { words: 'unit price', kind: 'decimal' },
  net: { words: 'net', kind: 'decimal' },
  tax: { words: 'tax', kind: 'decimal' },
  total: { words: 'total', kind: 'decimal' },
  paid: { words: 'amount paid', kind: 'decimal' },
  charge: { words: 'charge', kind: 'decimal' },
  minutes: { words: 'minutes', kind: 'decimal', plural: true },
  expectedTotal: { words: 'total shown when Issue was pressed', kind: 'decimal' },
  date: { words: 'date', kind: 'day' },
  day: { words: 'day', kind: 'day' },
  invoiceDate: { words: 'invoice date', kind: 'day' },
  dueDate: { words: 'due date', kind: 'day' },
  periodStart: { words: 'period start', kind: 'day' },
  periodEnd: { words: 'period end', kind: 'day' },
  startDate: { words: 'start date', kind: 'day' },
  endDate: { words: 'end date', kind: 'day' },
  firstDay: { words: 'first day', kind: 'day' },
  lastDay: { words: 'last day', kind: 'day' },
  /** The demo data's (loadDemoData): its six months of usage end before this day's month. */
  today: { words: 'day its months count back from', kind: 'day' },
  dueDays: { words: 'invoice due days' },
  externalId: { words: 'external id' },
  vatId: { words: 'VAT id' },
  taxNote: { words: 'tax note' },
  matchDays: { words: 'days', plural: true },
  prefixPattern: { words: 'destination prefixes', plural: true },
  freeMinutes: { words: 'free minutes', plural: true },
  minimumSpend: { words: 'minimum spend' },
  destinationName: { words: 'destination name' },
  companyName: { words: 'company name' },
  registrationId: { words: 'registration id' },
  paymentDetails: { words: 'payment details', plural: true },
  paymentDetailsByCurrency: { words: 'payment details by currency', plural: true },
  homeCountry: { words: 'home country' },
  lineGrouping: { words: 'line grouping' },
  numberPrefix: { words: 'invoice number prefix' },
  nextNumber: { words: 'next invoice number' },
  paperSize: { words: 'paper size' },
  fileName: { words: 'file name' },
  importedAt: { words: 'import time' },
  importedBy: { words: 'importer' },
  undoneAt: { words: 'undo time' },
  undoneBy: { words: 'undoer' },
  voidReason: { words: 'void reason' },
  reason: { words: 'reason for voiding' },
  cdrs: { words: 'CDRs', plural: true },
  cells: { words: 'CDRs', plural: true },
  rows: { words: 'usage rows', plural: true },
  lines: { words: 'lines', plural: true },
  upsertLines: { words: 'lines', plural: true },
  linePatches: { words: 'lines', plural: true },
  deleteLineIds: { words: 'lines to delete', kind: 'id', plural: true },
  allocations: { words: 'invoices', plural: true },
  expectedDigest: { words: 'record of what Issue showed' },
  seen: { words: 'values this device held', plural: true },
  parties: { words: 'seller and customer details', plural: true },
  part: { words: 'part number' },
};

/** "paymentDetailsByCurrency" as words, for a field the table does not name. */
function fieldOf(key: string): Field {
  return Object.hasOwn(FIELDS, key) ? FIELDS[key]! : { words: key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase() };
}

/**
 * The retail price as the package form labels it (lib/packages `retailPriceLabel`: "price (charged
 * once)" for a one-off package, "retail price per period" else) when the package's frequency stands
 * beside it (a new package, a stored row, a change that sets the frequency too); a plain "retail
 * price" when it does not (a change of the price alone: the stored package is not read here).
 */
function retailField(args: unknown, path: readonly PropertyKey[]): Field {
  const owner = valueAt(args, path.slice(0, path.lastIndexOf('retail')));
  const frequency = frequencySchema.safeParse(owner !== null && typeof owner === 'object' ? (owner as { frequency?: unknown }).frequency : undefined);
  if (!frequency.success) return FIELDS.retail!;
  const label = retailPriceLabel(frequency.data);
  return { ...FIELDS.retail!, words: lowerFirst(label) };
}

/** Whose field it is: the field's words into a noun phrase ("the customer's name", "the quantity of line 2 of the invoice"). */
type Subject = (field: string) => string;

/** A record's field: "the customer's name", "My Account's timezone"; "the invoice date", not "the invoice's invoice date". */
function record(noun: string): Subject {
  const bare = noun.replace(/^the /, '');
  return (field) => (noun.startsWith('the ') && field.startsWith(`${bare} `) ? `the ${field}` : `${noun}'s ${field}`);
}

/** The record each mutator's arguments are, as its notice names it. */
const RECORDS: { readonly [N in MutatorName]: string } = {
  saveAccount: 'My Account',
  createCustomer: 'the customer',
  updateCustomer: 'the customer',
  deleteCustomer: 'the customer',
  createPackage: 'the package',
  updatePackage: 'the package',
  deletePackage: 'the package',
  assignPackage: 'the package assignment',
  updateAssignment: 'the package assignment',
  deleteAssignment: 'the package assignment',
  putUsage: 'the usage',
  loadDemoData: 'the demo data',
  importCdrs: 'the CDR import',
  undoCdrImport: 'the CDR import',
  createInvoice: 'the invoice',
  createReplacementInvoice: 'the invoice',
  createCreditNote: 'the credit note',
  saveInvoice: 'the invoice',
  deleteInvoice: 'the invoice',
  issueInvoice: 'the invoice',
  voidInvoice: 'the invoice',
  recordPayment: 'the payment',
  applyPaymentCredit: 'the credit application',
  deletePayment: 'the payment',
};

/**
 * Walks the path to the field it names: the record it belongs to (a line, a contact, an allocation
 * of a payment) and the field's key. Indexes count from 1, as the user does.
 */
function locate(root: Subject, mutator: MutatorName | undefined, path: readonly PropertyKey[]): { subject: Subject; key: string | undefined } {
  let subject = root;
  let key: string | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = String(path[i]);
    const next = path[i + 1];
    const index = typeof next === 'number' ? next + 1 : undefined;
    if (segment === 'patch') continue;
    if (segment === 'invoice' && (mutator === 'createInvoice' || mutator === 'createReplacementInvoice' || mutator === 'createCreditNote')) {
      subject = record(mutator === 'createCreditNote' ? 'the credit note' : 'the invoice');
      continue;
    }
    if (segment === 'import' && mutator === 'importCdrs') {
      subject = record('the CDR import');
      continue;
    }
    if (index !== undefined && i + 2 < path.length) {
      // An element of a list, with a field of its own below it.
      i++;
      if (segment === 'lines') subject = (field) => `the ${field} of line ${index} of the invoice`;
      else if (segment === 'upsertLines' || segment === 'linePatches') subject = (field) => `the ${field} of one of the invoice's lines`;
      else if (segment === 'contacts') subject = (field) => `the ${field} of the customer's contact ${index}`;
      else if (segment === 'allocations') {
        const what = mutator === 'applyPaymentCredit' ? 'the credit' : 'the payment';
        subject = (field) => (field === 'amount' ? 'an amount put against an invoice' : field === 'invoice' ? `one of the invoices ${what} is put against` : `the ${field} of an invoice ${what} is put against`);
      }
      else if (segment === 'cells') subject = (field) => `the ${field} of a group of CDRs`;
      else if (segment === 'rows') subject = (field) => `the ${field} of usage row ${index}`;
      else subject = (field) => `the ${field} of ${fieldOf(segment).words} ${index}`;
      continue;
    }
    if (segment === 'paymentDetailsByCurrency' && next !== undefined && i + 2 === path.length) {
      // Keyed by currency: a key that is no currency is the problem itself (the value is checked first, and rarely wrong).
      const currency = String(next);
      return { subject: () => (CURRENCY_CODES.has(currency) ? `My Account's payment details for ${currency}` : `the currency ${currency} of My Account's payment details`), key: segment };
    }
    // The credit's invoices as a whole: "The credit must go to at least one invoice".
    if (segment === 'allocations' && mutator === 'applyPaymentCredit' && i + 1 === path.length) return { subject: () => 'the credit', key: segment };
    key = segment;
    // A list's element itself (deleteLineIds.3, matchDays.0): the list's field names it.
    if (index !== undefined) break;
  }
  return { subject, key };
}

/** The value the path points at in `args`, to tell a missing value from a wrong one. */
function valueAt(args: unknown, path: readonly PropertyKey[]): unknown {
  let value = args;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

const orList = (values: readonly unknown[]) => {
  const words = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
};

/** What is wrong with the value, in words: our schemas' own messages ("must not be negative") as they are, zod's own ("Too big: …") put plainly. */
function problemOf(issue: Issue, field: Field, value: unknown): string {
  if (value === undefined && issue.code === 'invalid_type') return 'is missing';
  // Ids are made by the app, never typed: what is wrong with one is of no use to the user.
  if (field.kind === 'id' && issue.code !== 'too_big' && issue.code !== 'too_small') return 'is not valid';
  // Our schemas word their messages for the user, in lower case after the field ("must be a date like 2026-01-31").
  if (/^[a-z]/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'must be a whole number';
      if (issue.expected === 'number' || field.kind === 'decimal') return 'must be a number';
      if (field.kind === 'day') return 'must be a date';
      if (issue.expected === 'string') return 'must be text';
      if (issue.expected === 'boolean') return 'must be yes or no';
      if (issue.expected === 'array') return 'must be a list';
      return 'is not valid';
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return Number(issue.minimum) <= 1 ? 'are missing' : `are too few (at least ${issue.minimum})`;
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `are too many (at most ${issue.maximum})`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
    case 'invalid_value':
      return issue.values.length === 1 ? 'is not valid' : `must be ${orList(issue.values)}`;
    default:
      return 'is not valid';
  }
}

/** The sentence a user reads: "The invoice's id is not valid". */
export function argumentProblem(mutator: MutatorName, issue: Issue | undefined, args: unknown): string {
  if (!issue || issue.path.length === 0) return `The details of the change are ${args === undefined || args === null ? 'missing' : 'not valid'}`;
  return sentence(issue, locate(record(RECORDS[mutator]), mutator, issue.path), args);
}

/** Each stored record as the user knows it, for a row a mutator would store that its schema refuses. */
const ROWS: { readonly [E in EntityName]: Subject } = {
  account: record('My Account'),
  customers: record('the customer'),
  packages: record('the package'),
  customerPackages: record('the package assignment'),
  usage: record('the usage'),
  invoices: record('the invoice'),
  invoiceLines: (field) => `the ${field} of one of the invoice's lines`,
  payments: record('the payment'),
  cdrImports: record('the CDR import'),
  cdrImportParts: record('the CDR import'),
};

/**
 * The sentence a user reads of a row the change would have stored that the schema refuses (the
 * server checks each before it writes it): "The invoice's total must be a decimal number …".
 */
export function rowProblem(entity: EntityName, issue: Issue | undefined, row: unknown): string {
  if (!issue || issue.path.length === 0) return `${upperFirst(ROWS[entity]('details'))} are not valid`;
  return sentence(issue, locate(ROWS[entity], undefined, issue.path), row);
}

function sentence(issue: Issue, { subject, key }: { subject: Subject; key: string | undefined }, args: unknown): string {
  const field = key === 'retail' ? retailField(args, issue.path) : fieldOf(key ?? '');
  const problem = problemOf(issue, field, valueAt(args, issue.path));
  const words = subject(field.words);
  // Agreement with what the subject ends on: "the package's days are", "one of the invoices … is".
  const plural = field.plural && words.endsWith(field.words);
  return upperFirst(`${words} ${plural ? problem.replace(/^is /, 'are ') : problem.replace(/^are /, 'is ')}`);
}

/** The developer's version: "issueInvoice: id Invalid UUID" (mutator or row, path and zod's message). */
export function argumentDetail(what: string, issue: Issue | undefined): string {
  return `${what}: ${issue?.path.map(String).join('.') || 'arguments'} ${issue?.message ?? 'are invalid'}`;
}
