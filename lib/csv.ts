/**
 * CSV of customers: RFC 4180 parsing and writing, and the validation of an import against the
 * customer schema (and the Invoices list's export). Pure: the screens read the file and write through the mutators; this module only
 * says which rows are customers and, for the others, which row, which column and why.
 *
 * Row numbers are spreadsheet rows: the header is row 1, the first customer row 2 (a quoted cell
 * spanning several lines still counts as one row, as a spreadsheet shows it).
 */
import type { AgingRow } from './aging';
import { z } from 'zod';
import { customerMatchKey } from './cdr';
import { customerSchema, type Contact, type Customer, type Invoice } from './entities';
import { daysInMonth } from './dates';
import { fieldChanges } from './field-patch';
import { invoiceSettled } from './invoice-list';
import { invoiceNumberLabel, showsDueDate } from './invoice-status';
import { roundToCurrency } from './money';
import { invoiceBalance } from './payments';
import { possessive } from './possessive';

/** A file that cannot be read as CSV at all (nothing from it may be imported). */
export class CsvError extends Error {
  override name = 'CsvError';
}

/**
 * The text of a CSV file's bytes: UTF-8 (with or without a byte-order mark), or UTF-16 with its
 * byte-order mark (what "Unicode text" in Excel saves). Throws CsvError for anything else: a
 * spreadsheet, an image, or text in another encoding such as Latin-1/Windows-1252, which cannot be
 * told from UTF-8 reliably except by its bytes failing as UTF-8.
 */
export function decodeCsvFile(bytes: Uint8Array): string {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  try {
    // fatal: bytes that are not text fail here instead of turning into U+FFFD characters.
    return new TextDecoder(utf16 ?? 'utf-8', { fatal: true }).decode(bytes);
  } catch {
    if (utf16) throw new CsvError('The file starts as UTF-16 text but is not valid UTF-16 (is it cut short?). Save it as "CSV UTF-8" and try again.');
    throw new CsvError(
      'The file is not UTF-8 text: it is a spreadsheet or an image, or a CSV saved in another encoding such as Latin-1/Windows-1252. Save it as "CSV UTF-8" and try again.',
    );
  }
}

/**
 * Parses CSV text into rows of cells. Accepts `,` separators, `"` quoting with `""` escapes,
 * LF or CRLF line ends and a UTF-8 byte-order mark. Throws CsvError on an unterminated quote, a
 * quote inside an unquoted cell, or binary content (a NUL or undecodable bytes), naming the
 * spreadsheet row (and the line of the text file too, when a cell above spans lines).
 */
export function parseCsv(text: string): string[][] {
  return parseCsvCells(text).map((row) => row.map((cell) => cell.value));
}

/** A cell as the file writes it: whether it was quoted tells written spaces from stray ones. */
interface CsvCell {
  value: string;
  quoted: boolean;
}

function parseCsvCells(text: string): CsvCell[][] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A NUL never occurs in text, and U+FFFD is what a decoder makes of bytes that are not UTF-8.
  if (text.includes('\u0000') || text.includes('\uFFFD')) throw new CsvError('The file is not a text CSV file (it contains binary data)');
  const rows: CsvCell[][] = [];
  let row: CsvCell[] = [];
  let cell = '';
  let quoted = false;
  let cellStarted = false;
  let cellQuoted = false;
  let line = 1;
  // Where an error is: the spreadsheet row being read, and the line of the text when it differs.
  const at = (lineNumber: number) => {
    const row = rows.length + 1;
    return row === lineNumber ? `Row ${row}` : `Row ${row} (line ${lineNumber} of the file: a quoted cell spans lines)`;
  };
  let quoteAt = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"') {
      if (cellStarted) throw new CsvError(`${at(line)}: a quote (") inside an unquoted cell; quote the whole cell and double the quote`);
      quoted = true;
      cellStarted = true;
      cellQuoted = true;
      quoteAt = at(line);
    } else if (c === ',') {
      row.push({ value: cell, quoted: cellQuoted });
      cell = '';
      cellStarted = false;
      cellQuoted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push({ value: cell, quoted: cellQuoted });
      rows.push(row);
      row = [];
      cell = '';
      cellStarted = false;
      cellQuoted = false;
      line++;
    } else {
      // Text after a closing quote ("ab"c) is as malformed as a quote in the middle of a cell.
      if (cellStarted && text[i - 1] === '"') throw new CsvError(`${at(line)}: text after a closing quote`);
      cell += c;
      cellStarted = true;
    }
  }
  if (quoted) throw new CsvError(`${quoteAt}: a quoted cell is never closed`);
  if (cellStarted || row.length > 0) {
    row.push({ value: cell, quoted: cellQuoted });
    rows.push(row);
  }
  return rows;
}

/**
 * A cell a spreadsheet may run as a formula gets a leading apostrophe on export (the OWASP "CSV
 * injection" defence); import removes it again. The rule, strict on purpose: every value starting
 * with `=`, `+`, `-`, `@`, a tab, a CR or a LF (or the full-width ＝ ＋ － ＠, which some spreadsheets
 * read as the ASCII ones) is escaped, unless it is plainly a number (`-12.50`, `+3`) or a phone
 * number (`+` then only digits, spaces, dots, hyphens and parentheses: `+44 20 7946 0000`,
 * `+1 (212) 555-0100`). Neither of those can name a function or a cell, so a spreadsheet shows
 * them at worst as a number; anything else (`-2+3+cmd|' /C calc'!A0`, `+1+HYPERLINK(…)`, `- item`)
 * is escaped.
 *
 * So that the escape is reversible, a value that already starts with apostrophes before such a
 * value (a note that reads '=SUM(A1)) gets one more too, and import removes exactly one
 * apostrophe, only from a value the export would have escaped.
 */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;
const PHONE_NUMBER = /^\+[\d ().-]*\d[\d ().-]*$/;

function escapedOnExport(value: string): boolean {
  const text = value.replace(/^'+/, '');
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) && !PHONE_NUMBER.test(text);
}

function escapeCell(value: string): string {
  const safe = escapedOnExport(value) ? `'${value}` : value;
  // Quoted when padded too: import trims only unquoted cells (stray spaces of a hand-written file).
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function unescapeCell(value: string): string {
  return value.startsWith("'") && escapedOnExport(value.slice(1)) ? value.slice(1) : value;
}

/** Writes rows as CSV (CRLF line ends, as RFC 4180 and spreadsheets expect). */
export function serializeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(escapeCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * The customer columns, in export order; contacts follow as contact_N_name/_email/_phone, then
 * CUSTOMER_CSV_LATER_COLUMNS. Spreadsheets and accounting imports read them by position too: a new
 * column goes at the end (after the contacts), and none is renamed or moved.
 */
export const CUSTOMER_CSV_COLUMNS = [
  'id',
  'name',
  'company',
  'status',
  'currency',
  'tax_rate',
  'due_days',
  'schedule',
  'address',
  'external_id',
  'notes',
] as const;
/** The columns added since, written after the contacts so the earlier ones keep their positions. */
export const CUSTOMER_CSV_LATER_COLUMNS = ['vat_id', 'tax_note'] as const;
const ALL_CUSTOMER_COLUMNS = [...CUSTOMER_CSV_COLUMNS, ...CUSTOMER_CSV_LATER_COLUMNS] as const;
type CustomerColumn = (typeof ALL_CUSTOMER_COLUMNS)[number];
const CONTACT_FIELDS = ['name', 'email', 'phone'] as const satisfies readonly (keyof Contact)[];

const COLUMN_OF_FIELD: Record<string, CustomerColumn> = {
  id: 'id',
  name: 'name',
  company: 'company',
  status: 'status',
  currency: 'currency',
  taxRate: 'tax_rate',
  dueDays: 'due_days',
  schedule: 'schedule',
  address: 'address',
  externalId: 'external_id',
  notes: 'notes',
  vatId: 'vat_id',
  taxNote: 'tax_note',
};

/** Customers as CSV, with as many contact column groups as the customer with the most contacts. */
export function customersToCsv(customers: readonly Customer[]): string {
  const contactGroups = Math.max(1, ...customers.map((c) => c.contacts.length));
  const header: string[] = [...CUSTOMER_CSV_COLUMNS];
  for (let n = 1; n <= contactGroups; n++) for (const f of CONTACT_FIELDS) header.push(`contact_${n}_${f}`);
  header.push(...CUSTOMER_CSV_LATER_COLUMNS);
  const rows = customers.map((c) => {
    const cells = [c.id, c.name, c.company, c.status, c.currency, c.taxRate, String(c.dueDays), c.schedule, c.address, c.externalId, c.notes];
    for (let n = 0; n < contactGroups; n++) {
      const contact = c.contacts[n];
      for (const f of CONTACT_FIELDS) cells.push(contact?.[f] ?? '');
    }
    cells.push(c.vatId ?? '', c.taxNote ?? '');
    return cells;
  });
  return serializeCsv([header, ...rows]);
}

/**
 * The invoice list's export columns, in order. Spreadsheets and accounting imports read them by
 * position too: a new column goes at the end, and none is renamed or moved.
 */
export const INVOICE_CSV_COLUMNS = [
  'number',
  'customer',
  'invoice_date',
  'due_date',
  'currency',
  'net',
  'tax',
  'total',
  'paid',
  'credit_applied',
  'status',
  'balance',
  'period_start',
  'period_end',
] as const;

/**
 * Invoices as CSV (the Invoices list's export), amounts as stored (decimal point, no grouping).
 * `paid` is what an invoice was paid; a credit note (a total below zero) is not paid but its credit
 * applied to invoices, which `credit_applied` gives as a positive amount (lib/invoice-list
 * invoiceSettled, as the list's Paid column shows it), leaving `paid` blank; an invoice leaves
 * `credit_applied` blank. A credit note
 * has no due date (it is owed to the customer), nor has a void invoice (owed by no one), as on
 * their pages and PDFs (lib/invoice-status `showsDueDate`). `balance` is what is still
 * to settle (lib/payments invoiceBalance, as the list shows it): signed as the total, so a credit
 * note's is minus its credit left and the column sums to what is owed net; blank for a draft or a
 * void invoice, which nobody owes. So each issued row keeps the identity the list's totals
 * state: balance = total − paid + credit_applied, a blank counting as none. `period_start` and `period_end` are the billing period, blank
 * where the invoice has none.
 */
export function invoicesToCsv(rows: readonly { invoice: Invoice; customerName: string; status: string }[]): string {
  const body = rows.map(({ invoice, customerName, status }) => {
    const settled = invoiceSettled(invoice);
    const creditNote = settled.kind === 'credit applied';
    return [
      invoiceNumberLabel(invoice),
      customerName,
      invoice.invoiceDate,
      showsDueDate(invoice, invoice) ? invoice.dueDate : '',
      invoice.currency,
      invoice.net,
      invoice.tax,
      invoice.total,
      creditNote ? '' : settled.amount,
      creditNote ? settled.amount : '',
      status,
      invoiceBalance(invoice) ?? '',
      invoice.periodStart ?? '',
      invoice.periodEnd ?? '',
    ];
  });
  return serializeCsv([INVOICE_CSV_COLUMNS, ...body]);
}

/** The Invoices list's filters, as the export's file name tells them. */
export interface InvoiceListFilters {
  /** The search box, as typed. */
  search: string;
  /** A display status (lib/invoice-status), or '' for all. */
  status: string;
  /** The name of the customer the list is filtered to, or '' for all customers. */
  customerName: string;
  /** Invoice dates from and to (YYYY-MM-DD, both included), or ''. */
  from: string;
  to: string;
}

/**
 * The export's file name, saying what the list held: "invoices.csv" unfiltered, else the filters in
 * the list's order, e.g. "invoices-issued-2026-11.csv" (issued invoices dated in November 2026),
 * "invoices-partly-paid-globex-carrier-2026-10-05-to-2026-11-04-matching-inv-1.csv". Names are cut
 * to letters and digits joined by hyphens, so the name is a valid file name on every system.
 */
export function invoicesCsvFileName(filters: InvoiceListFilters): string {
  const parts = ['invoices', fileNamePart(filters.status), fileNamePart(filters.customerName), datesFileNamePart(filters.from, filters.to)];
  const search = fileNamePart(filters.search);
  if (search) parts.push(`matching-${search}`);
  return `${parts.filter(Boolean).join('-')}.csv`;
}

/** Longest piece a name or search gives a file name (whole characters). */
const FILE_NAME_PART_MAX = 40;

/** Lower-case letters and digits (of any script), runs of anything else one hyphen: "Globex Carrier, Ltd." → "globex-carrier-ltd". */
function fileNamePart(text: string): string {
  const slug = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return [...slug].slice(0, FILE_NAME_PART_MAX).join('').replace(/-+$/, '');
}

/**
 * The date filter as briefly as it reads: a whole month "2026-11", a whole year "2026", whole
 * months "2026-10-to-2026-12", one day "2026-11-05", else "2026-11-05-to-2026-12-04"; only one
 * end, "from-2026-11-05" or "to-2026-11-30".
 */
function datesFileNamePart(from: string, to: string): string {
  if (!from || !to) return from ? `from-${from}` : to ? `to-${to}` : '';
  if (from === to) return from;
  const lastOfMonth = (day: string) => Number(day.slice(8)) === daysInMonth(Number(day.slice(0, 4)), Number(day.slice(5, 7)));
  if (from.endsWith('-01') && lastOfMonth(to)) {
    const [startMonth, endMonth] = [from.slice(0, 7), to.slice(0, 7)];
    if (startMonth === endMonth) return startMonth;
    if (from.slice(5) === '01-01' && to.slice(5) === '12-31') return from.slice(0, 4) === to.slice(0, 4) ? from.slice(0, 4) : `${from.slice(0, 4)}-to-${to.slice(0, 4)}`;
    return `${startMonth}-to-${endMonth}`;
  }
  return `${from}-to-${to}`;
}

/** One reason a row was not imported. */
export interface CsvRowError {
  /** Spreadsheet row (the header is row 1). */
  row: number;
  /** The CSV column at fault, or "row" when the row as a whole is wrong. */
  field: string;
  reason: string;
}

/** The fields an update writes; the others keep the customer's values. */
export type CustomerPatch = Partial<Omit<Customer, 'id'>>;

export interface CustomerImportRow {
  row: number;
  /** The row's id; minted when its id cell is blank (or the file has no id column). */
  id: string;
  /**
   * The row as a new customer: columns the file lacks, and blank cells, hold the defaults. Null in a
   * file without a name column: the row can only update the customer with its id.
   */
  customer: Customer | null;
  /**
   * The row as an update of the existing customer with its id: only the columns the file has. A
   * blank cell in a column with a default (status, currency, tax_rate, due_days, schedule) is left
   * out too, since blank cannot be the value there; a blank text cell (company, notes…) clears the
   * field. With any contact column, the row's contacts replace the customer's (a blank row of
   * contact cells removes them), as editing an export and importing it back would mean.
   */
  patch: CustomerPatch;
}

export interface CustomerImport {
  /**
   * Valid rows, each to create a customer or, when its id is an existing customer's, to update it
   * (the parse does not know the customers: see matchExistingCustomers).
   */
  valid: CustomerImportRow[];
  /** Every problem of every rejected row (a row may have several). */
  errors: CsvRowError[];
  /** Header cells that are not customer columns; their values are not imported. */
  ignoredColumns: string[];
}

export interface CustomerImportDefaults {
  /** Currency of rows that leave it blank (the account's). */
  currency: string;
  /** Mints the id of a row without one (UUIDv7 on the device). */
  newId: () => string;
}

/** "Tax rate", "TAX_RATE" and "taxRate" all name tax_rate. */
function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
}

const CONTACT_HEADER = /^contact(\d{1,2})(name|email|phone)$/;

/** Columns whose blank cell means "the default" for a new customer, never a value of its own. */
const DEFAULTED_COLUMNS: ReadonlySet<CustomerColumn> = new Set(['status', 'currency', 'tax_rate', 'due_days', 'schedule']);

/**
 * Columns which no space around the value belongs to, trimmed even when quoted: codes and numbers,
 * the VAT id (one line, trimmed: lib/entities) and the tax note (a trailing line break of a cell
 * edited in a spreadsheet is no part of it).
 */
const TRIMMED_COLUMNS: ReadonlySet<CustomerColumn> = new Set(['id', ...DEFAULTED_COLUMNS, 'vat_id', 'tax_note']);

/**
 * A cell's text: an unquoted cell loses the spaces around it (`Acme, Ltd` in a hand-written file), a
 * quoted one is kept exactly (the export quotes every value with leading or trailing whitespace).
 */
function cellText(cell: CsvCell | undefined): string {
  if (!cell) return '';
  return unescapeCell(cell.quoted ? cell.value : cell.value.trim());
}

/** A row of a file without a name column can only update a customer, so its blank name is no error. */
const updateOnlyCustomerSchema = customerSchema.extend({ name: z.string() });

const FIELD_OF_COLUMN = Object.fromEntries(Object.entries(COLUMN_OF_FIELD).map(([field, column]) => [column, field])) as Record<
  CustomerColumn,
  keyof Customer
>;

/**
 * Reads customers from CSV text. Throws CsvError when the file as a whole is unreadable (not CSV,
 * no header, neither a name nor an id column, no row under the header): then nothing may be imported. Otherwise every data row is either a
 * valid customer or reported with its row number, column and reason. Blank cells take defaults
 * (active, the account currency, tax 0, due in 30 days, monthly) for a new customer; an update
 * changes only what the row gives (see CustomerImportRow.patch).
 */
export function parseCustomerCsv(text: string, defaults: CustomerImportDefaults): CustomerImport {
  const rows = parseCsvCells(text);
  const header = rows[0]?.map((h) => h.value);
  if (!header || header.every((h) => h.trim() === '')) throw new CsvError('The file is empty: it needs a header row naming the columns');

  const columnIndex = new Map<CustomerColumn, number>();
  const contactIndex: { n: number; field: (typeof CONTACT_FIELDS)[number]; index: number }[] = [];
  const ignoredColumns: string[] = [];
  const known = new Map(ALL_CUSTOMER_COLUMNS.map((c) => [normalizeHeader(c), c]));
  header.forEach((h, index) => {
    const key = normalizeHeader(h);
    const column = known.get(key);
    const contact = CONTACT_HEADER.exec(key);
    if (column && !columnIndex.has(column)) columnIndex.set(column, index);
    else if (contact) contactIndex.push({ n: Number(contact[1]), field: contact[2] as (typeof CONTACT_FIELDS)[number], index });
    else if (h.trim() !== '') ignoredColumns.push(h.trim());
  });
  const hasName = columnIndex.has('name');
  if (!hasName && !columnIndex.has('id')) {
    throw new CsvError('The file has neither a "name" nor an "id" column, so it is not a customer list (the first row must name the columns)');
  }
  const rowSchema = hasName ? customerSchema : updateOnlyCustomerSchema;

  if (rows.slice(1).every((cells) => cells.every((c) => c.value.trim() === ''))) {
    throw new CsvError('The file has a header row but no customer rows: add a row for each customer under the header');
  }

  const valid: CustomerImportRow[] = [];
  const errors: CsvRowError[] = [];
  const seenIds = new Map<string, number>();

  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r]!;
    const rowNumber = r + 1;
    if (cells.every((c) => c.value.trim() === '')) continue;
    const rowErrors: CsvRowError[] = [];
    // Too few is as wrong as too many: the cells may be shifted, and on an update a missing cell
    // would read as blank, clearing that field of the customer.
    if (cells.length > header.length) {
      rowErrors.push({ row: rowNumber, field: 'row', reason: `has ${cells.length} cells but the header names ${header.length} columns` });
    } else if (cells.length < header.length) {
      rowErrors.push({
        row: rowNumber,
        field: 'row',
        reason: `has ${cells.length} ${cells.length === 1 ? 'cell' : 'cells'} but the header names ${header.length} columns (write a comma for each blank cell)`,
      });
    }
    const cell = (column: CustomerColumn): string => {
      const index = columnIndex.get(column);
      const text = index === undefined ? '' : cellText(cells[index]);
      return TRIMMED_COLUMNS.has(column) ? text.trim() : text;
    };

    const dueDaysText = cell('due_days');
    let dueDays: number | string = 30;
    if (dueDaysText !== '') dueDays = /^\d{1,6}$/.test(dueDaysText) ? Number(dueDaysText) : dueDaysText;

    const contactsByN = new Map<number, Contact>();
    for (const { n, field, index } of contactIndex) {
      const value = cellText(cells[index]);
      const contact = contactsByN.get(n) ?? { name: '', email: '', phone: '' };
      contact[field] = value;
      contactsByN.set(n, contact);
    }
    const contacts = [...contactsByN.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, c]) => c)
      .filter((c) => c.name !== '' || c.email !== '' || c.phone !== '');

    const idText = cell('id');
    if (!hasName && idText === '') rowErrors.push({ row: rowNumber, field: 'name', reason: 'is needed to create a customer (the row has no id of a customer to update)' });
    const id = idText || defaults.newId();
    const candidate = {
      id,
      name: cell('name'),
      company: cell('company'),
      status: cell('status').toLowerCase() || 'active',
      currency: cell('currency').toUpperCase() || defaults.currency,
      taxRate: cell('tax_rate').replace(/%$/, '').trim() || '0',
      dueDays,
      schedule: cell('schedule').toLowerCase() || 'monthly',
      address: cell('address'),
      contacts,
      externalId: cell('external_id'),
      notes: cell('notes'),
      vatId: cell('vat_id'),
      taxNote: cell('tax_note'),
    };
    const parsed = rowSchema.safeParse(candidate);
    if (!parsed.success) rowErrors.push(...issuesToRowErrors(parsed.error, rowNumber));
    const firstRow = seenIds.get(id);
    if (firstRow !== undefined) rowErrors.push({ row: rowNumber, field: 'id', reason: `repeats the id of row ${firstRow}` });
    else seenIds.set(id, rowNumber);

    if (rowErrors.length > 0 || !parsed.success) {
      errors.push(...rowErrors);
      continue;
    }
    const customer = parsed.data;
    const patch: Record<string, unknown> = {};
    for (const column of columnIndex.keys()) {
      if (column === 'id' || (DEFAULTED_COLUMNS.has(column) && cell(column) === '')) continue;
      const field = FIELD_OF_COLUMN[column];
      patch[field] = customer[field];
    }
    if (contactIndex.length > 0) patch.contacts = customer.contacts;
    valid.push({ row: rowNumber, id, customer: hasName ? customer : null, patch: patch as CustomerPatch });
  }
  return { valid, errors, ignoredColumns };
}

/** What Import does with one valid row, given the customers on the device. */
export type CustomerImportAction =
  | { kind: 'create'; row: number; customer: Customer }
  | { kind: 'update'; row: number; before: Customer; patch: CustomerPatch };

export interface CustomerImportPlan {
  actions: CustomerImportAction[];
  /** The parse's errors and those of rows that cannot create a customer, in row order. */
  errors: CsvRowError[];
  ignoredColumns: string[];
}

/**
 * Matches the parsed rows with the existing customers by id: a row with the id of one updates it,
 * any other row creates a customer, which a row of a file without a name column cannot: it is
 * reported instead.
 */
export function matchExistingCustomers(parsed: CustomerImport, existing: ReadonlyMap<string, Customer>): CustomerImportPlan {
  const actions: CustomerImportAction[] = [];
  const errors = [...parsed.errors];
  for (const { row, id, customer, patch } of parsed.valid) {
    const before = existing.get(id);
    if (before) actions.push({ kind: 'update', row, before, patch });
    else if (customer) actions.push({ kind: 'create', row, customer });
    else errors.push({ row, field: 'name', reason: 'is needed to create a customer (no customer has the id of this row)' });
  }
  // Stable: a row's own errors keep their order.
  errors.sort((a, b) => a.row - b.row);
  return { actions, errors, ignoredColumns: parsed.ignoredColumns };
}

/** The customer as Import leaves it: an update keeps the customer's values for the columns the file lacks. */
export function customerAfterImport(action: CustomerImportAction): Customer {
  return action.kind === 'create' ? action.customer : { ...action.before, ...action.patch };
}

/** A customer a row's customer would share its external id with; `row` when it is one of the file's. */
export interface ExternalIdHolder {
  name: string;
  row: number | null;
}

export interface ExternalIdClash {
  /** The row's external id, as the file writes it. */
  externalId: string;
  others: ExternalIdHolder[];
}

/**
 * For each action, the other customers that would have its customer's external id once the import
 * is done (the device's customers, updated by the file, and the file's new ones), or null. CDRs find
 * their customer by external id (trimmed, any case: customerMatchKey), so a shared one is refused
 * as ambiguous (lib/cdr CustomerDirectory). A blank external id matches no CDR and clashes with none.
 */
export function externalIdClashes(actions: readonly CustomerImportAction[], existing: readonly Customer[]): (ExternalIdClash | null)[] {
  const after = new Map<string, { customer: Customer; row: number | null }>();
  for (const customer of existing) after.set(customer.id, { customer, row: null });
  for (const action of actions) {
    const customer = customerAfterImport(action);
    after.set(customer.id, { customer, row: action.row });
  }
  const holders = new Map<string, { id: string; holder: ExternalIdHolder }[]>();
  for (const { customer, row } of after.values()) {
    const key = customerMatchKey(customer.externalId);
    if (key === '') continue;
    const list = holders.get(key) ?? [];
    list.push({ id: customer.id, holder: { name: customer.name, row } });
    holders.set(key, list);
  }
  return actions.map((action) => {
    const customer = customerAfterImport(action);
    const key = customerMatchKey(customer.externalId);
    const others = (holders.get(key) ?? []).filter((h) => h.id !== customer.id).map((h) => h.holder);
    return key === '' || others.length === 0 ? null : { externalId: customer.externalId.trim(), others };
  });
}

/** "external id BETA is also Beta Tel's: CDRs naming it will be refused as ambiguous". */
export function externalIdClashText({ externalId, others }: ExternalIdClash): string {
  const names = others.map((o) => `${possessive(o.name)}${o.row === null ? '' : ` (row ${o.row})`}`);
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
  return `external id ${externalId} is also ${list}: CDRs naming it will be refused as ambiguous`;
}

/** One field an update changes, named by its CSV column, with the values as text. */
export interface CustomerChange {
  column: CustomerColumn | 'contacts';
  from: string;
  to: string;
}

function contactsText(contacts: readonly Contact[]): string {
  return contacts.map((c) => c.name || c.email || c.phone).join(', ');
}

/**
 * What Import sends to update `before` with a row's `patch`: only the fields the row changes, which
 * the preview lists (customerImportChanges), and `seen`, the device's values of them when the file
 * was checked, as the customer form sends its edits (lib/field-patch fieldChanges). A field the row
 * holds as it was is left out, so another device's change of it, not yet on this device, stays; a
 * guarded one (tax %, due days, currency) the row changes and another device changed meanwhile is
 * refused and the device told, as a stale edit of the form is.
 */
export function customerImportUpdate(before: Customer, patch: CustomerPatch): { patch: CustomerPatch; seen: CustomerPatch } {
  const held: Customer = {
    ...before,
    // A customer written before its VAT id and tax note were kept has neither: ''.
    vatId: before.vatId ?? '',
    taxNote: before.taxNote ?? '',
    // Compared field by field: the same contacts with their fields in another order are no change.
    contacts: before.contacts.map((c) => ({ name: c.name, email: c.email, phone: c.phone })),
  };
  return fieldChanges<CustomerPatch>(held, patch);
}

/** What applying `patch` to `before` changes, in column order (contacts last); [] when nothing. */
export function customerImportChanges(before: Customer, patch: CustomerPatch): CustomerChange[] {
  // The fields Import sends: the preview lists exactly those.
  const { patch: changed, seen } = customerImportUpdate(before, patch);
  const changes: CustomerChange[] = [];
  for (const column of ALL_CUSTOMER_COLUMNS) {
    const field = FIELD_OF_COLUMN[column];
    if (field === 'id' || field === 'contacts' || !Object.hasOwn(changed, field)) continue;
    changes.push({ column, from: String(seen[field]), to: String(changed[field]) });
  }
  if (changed.contacts) changes.push({ column: 'contacts', from: contactsText(seen.contacts ?? []), to: contactsText(changed.contacts) });
  return changes;
}

/** Long enough to recognise a note or an address, short enough to keep one change to a line or two. */
function shortText(value: string): string {
  if (value === '') return '(blank)';
  const line = value.replace(/\s+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}

const withoutSpacing = (value: string) => value.replace(/\s+/g, '');

/**
 * An update's changes as the import preview lists them: `notes: old → new; …`. Text is shown on one
 * line, its spacing collapsed, so a change of spacing alone is named as such (it would read "a → a").
 * Not for contacts: they are listed by name, and the same names may hide a change of email or phone.
 */
export function customerChangesText(changes: readonly CustomerChange[]): string {
  if (changes.length === 0) return 'No changes';
  return changes
    .map(({ column, from, to }) =>
      column !== 'contacts' && withoutSpacing(from) === withoutSpacing(to) ? `${column}: spacing changed` : `${column}: ${shortText(from)} → ${shortText(to)}`,
    )
    .join('; ');
}

function issuesToRowErrors(error: z.ZodError, row: number): CsvRowError[] {
  return error.issues.map((issue) => {
    const [first, index, sub] = issue.path;
    let field: string;
    if (first === 'contacts' && typeof index === 'number') field = `contact_${index + 1}_${String(sub ?? 'name')}`;
    else field = COLUMN_OF_FIELD[String(first)] ?? String(first ?? 'row');
    let reason = issue.message;
    // zod's own messages for enums and numbers are written for developers; say what the cell may hold.
    if (field === 'status' && issue.code === 'invalid_value') reason = 'must be active or inactive';
    else if (field === 'schedule' && issue.code === 'invalid_value') reason = 'must be none, daily, weekly or monthly';
    else if (field === 'due_days') reason = 'must be a whole number of days from 0 to 365';
    return { row, field, reason };
  });
}

/** The aging export's columns: the buckets as in lib/aging AGING_BUCKETS, in order. */
export const AGING_CSV_COLUMNS = ['customer', 'currency', 'current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90', 'owed', 'credit', 'net', 'oldest_due', 'as_of'];

/** Receivables aging (lib/aging) as CSV, one row per customer and currency, as of `asOf`; amounts in the currency's decimals, credit positive. */
export function agingToCsv(rows: readonly { row: AgingRow; customerName: string }[], asOf: string): string {
  const body = rows.map(({ row, customerName }) => {
    // Already whole minor units: this writes them all alike ("20" received becomes "20.00").
    const amount = (value: string) => roundToCurrency(value, row.currency);
    return [customerName, row.currency, ...row.buckets.map(amount), amount(row.owed), amount(row.credit), amount(row.net), row.oldestDue ?? '', asOf];
  });
  return serializeCsv([AGING_CSV_COLUMNS, ...body]);
}
