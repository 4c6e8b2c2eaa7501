/**
 * The synced records of Tollbook and their zod schemas: one schema beside its inferred type.
 * Amounts are decimal strings (never JS numbers) so they cross IndexedDB, JSON, Postgres `numeric`
 * and the PDF without a binary float in between. Calendar days are ISO `YYYY-MM-DD` strings.
 */
import { z } from 'zod';
import { CURRENCY_CODES } from './currencies';
import { isDay } from './dates';
import { isHomeCountryCode } from './destinations';
import { cleanNumberPrefix } from './invoice-numbers';
import { compareDecimals, decimalProblem, isDecimalString } from './money';

/** A UUID (clients mint UUIDv7 so ids sort by creation). */
export const idSchema = z.string().uuid({ message: 'must be a UUID' });

/** A decimal amount as a string: optional minus, up to 15 integer digits, up to 6 decimals (lib/money's format). */
export const decimalSchema = z
  .string()
  .refine(isDecimalString, { error: (issue) => decimalProblem(String(issue.input)) });

/** A decimal that may not be negative (quantities, prices, tax rates). */
export const nonNegativeDecimalSchema = decimalSchema.refine((v) => !v.startsWith('-'), {
  message: 'must not be negative',
});

/**
 * A calendar day, `YYYY-MM-DD`, that exists (no 31 February), in the years 0001 to 9999: Postgres'
 * `date` has no year 0 (a push holding one would fail on the server), and lib/dates and the date
 * inputs read four-digit years.
 */
export const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-01-31' })
  .refine((v) => !v.startsWith('0000'), { message: 'must be a date in the years 0001 to 9999' })
  .refine(isDay, { message: 'is not a real calendar date' });

/** An inclusive range of days, as Generate Invoice takes it: the end may equal the start, not precede it. */
export const periodSchema = z
  .object({ start: daySchema, end: daySchema })
  .refine((p) => p.end >= p.start, { message: 'must not be before the start', path: ['end'] });
export type Period = z.infer<typeof periodSchema>;

/** A tax rate in percent, 0 to 100 ("20", "7.5"). */
export const taxRateSchema = nonNegativeDecimalSchema.refine((v) => !isDecimalString(v) || compareDecimals(v, '100') <= 0, {
  message: 'must be at most 100 (it is a percentage)',
});

/**
 * A logo as the Settings form stores it (app/settings/_components/logo.ts): a PNG or JPEG as a
 * base64 data: URL, or empty. Never a link: every teammate's browser would fetch it.
 */
export function isLogoDataUrl(value: string): boolean {
  return value === '' || /^data:image\/(?:png|jpeg);base64,(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value);
}

export const currencySchema = z
  .string()
  .refine((v) => CURRENCY_CODES.has(v), { message: 'is not a known ISO 4217 currency code' });

export const roundingModeSchema = z.enum(['half-up', 'half-even']);
export type RoundingMode = z.infer<typeof roundingModeSchema>;

export const lineGroupingSchema = z.enum(['destination', 'day']);
export type LineGrouping = z.infer<typeof lineGroupingSchema>;

export const frequencySchema = z.enum(['none', 'daily', 'weekly', 'monthly']);
export type Frequency = z.infer<typeof frequencySchema>;

/**
 * Text Postgres can store as the device holds it: no NUL character (Postgres refuses U+0000 in text
 * and jsonb, which failed the whole push) and no half of a surrogate pair (a jsonb refuses it; a
 * text column would silently store U+FFFD in its place).
 */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain the NUL character (U+0000): remove it and save again';
  if (UNPAIRED_SURROGATE.test(value)) return 'must not contain a broken character (half of a UTF-16 surrogate pair, such as a cut emoji): remove it and save again';
  return undefined;
}

/** `value` with each NUL and each half of a surrogate pair replaced by U+FFFD, so it can be stored. */
export function storableText(value: string): string {
  return value.replace(new RegExp(`\u0000|${UNPAIRED_SURROGATE.source}`, 'g'), '\uFFFD');
}

/** A string that is storable text (textProblem). */
export const storableTextSchema = z.string().check((ctx) => {
  const problem = textProblem(ctx.value);
  if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
});

const text = (max: number) => storableTextSchema.max(max, { message: `must be at most ${max} characters` });

/** A name that must say something: not empty, not only spaces (a blank row in every list). */
const nameSchema = (max: number) => text(max).refine((v) => v.trim() !== '', { message: 'is required' });

/**
 * An email address, or empty. Loose on purpose (one @, a dot in the domain, no spaces): it catches
 * typing slips such as a missing @ without refusing addresses real mail servers accept.
 */
const emailSchema = text(320).refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), { message: 'must be an email address like billing@example.com' });

/** The seller ("My Account"): one row per tenant, id fixed to ACCOUNT_ID. */
export const accountSchema = z.object({
  id: z.literal('account'),
  companyName: text(200),
  address: text(1000),
  email: emailSchema,
  registrationId: text(100),
  vatId: text(100),
  /** A data: URL (PNG or JPEG, at most LOGO_MAX_BYTES decoded) or empty. */
  logo: text(400_000),
  paymentDetails: text(2000),
  /**
   * Payment details for invoices in a currency that is paid into another account (a EUR IBAN, a USD
   * account): printed instead of `paymentDetails` on that currency's invoices. Absent on accounts
   * saved before it existed, and from devices that do not know it: none.
   */
  paymentDetailsByCurrency: z
    .record(z.string(), text(2000))
    .check((ctx) => {
      for (const code of Object.keys(ctx.value)) {
        if (!CURRENCY_CODES.has(code)) ctx.issues.push({ code: 'custom', message: 'is not a known ISO 4217 currency code', input: code, path: [code] });
      }
    })
    .optional(),
  currency: currencySchema,
  timezone: text(64),
  /**
   * The calling code ("1", "44") of the country whose national numbers the company's switches
   * write in CDRs (lib/destinations homeNumbering), or '' for none: bare numbers are then read as
   * international. Absent on accounts written before it was kept (read as '').
   */
  homeCountry: z
    .string()
    .refine((v) => v === '' || isHomeCountryCode(v), { message: 'must be a country calling code such as 1 or 44, or empty' })
    .optional(),
  lineGrouping: lineGroupingSchema,
  rounding: roundingModeSchema,
  /**
   * Kept without control characters or surrounding spaces (lib/invoice-numbers cleanNumberPrefix):
   * a prefix pasted with a space before it would print numbers that read like others.
   */
  numberPrefix: storableTextSchema.overwrite(cleanNumberPrefix).max(20, { message: 'must be at most 20 characters' }),
  /**
   * The next number of the series: the server advances it when it issues an invoice; the user may
   * set it (say, to continue an earlier system's series) to a number no invoice has.
   */
  nextNumber: z
    .number({ message: 'must be a whole number' })
    // Before .int(): a number too large to be exact (99999999999999999999 typed) is not a safe
    // integer, and the first message shown should say why it is refused.
    .max(999_999_999_999, { message: 'must be at most 12 digits' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be at least 1' }),
  paperSize: z.enum(['A4', 'LETTER']),
});
export type Account = z.infer<typeof accountSchema>;
export const ACCOUNT_ID = 'account' as const;
export const LOGO_MAX_BYTES = 256 * 1024;

export const contactSchema = z.object({
  name: text(200),
  email: emailSchema,
  phone: text(50),
});
export type Contact = z.infer<typeof contactSchema>;

/** A control character (C0, DEL, C1): a tab, a line break, an escape code pasted from a terminal. */
const CONTROL_CHARACTER = /\p{Cc}/u;
/** A control character other than a line break (LF, CR). */
const CONTROL_CHARACTER_BUT_LINE_BREAK = /(?![\n\r])\p{Cc}/u;

/**
 * The customer's VAT identification number as it prints on its invoices (EU invoices must show the
 * buyer's): free text, since formats differ by country ("NL123456789B01", "ATU12345678", "CHE-123.456.789
 * MWST"), but one line, trimmed (the form and the CSV import trim it) and short. Absent on customers
 * written before it was kept (read as '').
 */
export const VAT_ID_MAX_LENGTH = 50;
export const customerVatIdSchema = text(VAT_ID_MAX_LENGTH)
  .refine((v) => !CONTROL_CHARACTER.test(v), { message: 'must be one line without control characters (tabs, line breaks)' })
  .refine((v) => v === v.trim(), { message: 'must not begin or end with spaces' });

/**
 * A note printed near the totals of the customer's invoices, such as the reverse-charge wording a
 * 0% invoice to a business in another EU country must carry. A line break may separate languages;
 * other control characters are refused. Trimmed, like the VAT id. Absent on customers written
 * before it was kept (read as '').
 */
export const TAX_NOTE_MAX_LENGTH = 500;
export const customerTaxNoteSchema = text(TAX_NOTE_MAX_LENGTH)
  .refine((v) => !CONTROL_CHARACTER_BUT_LINE_BREAK.test(v), { message: 'must not contain control characters (tabs, escape codes); line breaks are fine' })
  .refine((v) => v === v.trim(), { message: 'must not begin or end with spaces or blank lines' });

export const customerSchema = z.object({
  id: idSchema,
  name: nameSchema(200),
  company: text(200),
  status: z.enum(['active', 'inactive']),
  currency: currencySchema,
  /** Default tax % of the customer's lines, e.g. "20" or "7.5". */
  taxRate: taxRateSchema,
  dueDays: z.number().int().min(0).max(365),
  schedule: frequencySchema,
  address: text(1000),
  contacts: z.array(contactSchema).max(50),
  externalId: text(100),
  notes: text(5000),
  /** The buyer's VAT id (customerVatIdSchema); absent on customers written before it was kept. */
  vatId: customerVatIdSchema.optional(),
  /** Printed near the invoice totals (customerTaxNoteSchema); absent on customers written before it was kept. */
  taxNote: customerTaxNoteSchema.optional(),
});
export type Customer = z.infer<typeof customerSchema>;

export const packageSchema = z.object({
  id: idSchema,
  name: nameSchema(200),
  description: text(1000),
  /**
   * The currency its prices are in. Only customers billed in it may have it assigned (a fee priced
   * in EUR is never billed as yen), and it is fixed once the package is assigned. Packages made
   * before it existed took My Account's currency (drizzle/0012; on devices, app/_local/db.ts).
   */
  currency: currencySchema,
  /** Price per billing period (per occurrence of the frequency), in `currency`. */
  retail: nonNegativeDecimalSchema,
  /** One-off price charged in the period the assignment starts. */
  setup: nonNegativeDecimalSchema,
  frequency: frequencySchema,
  /** Weekly: ISO weekdays 1 (Mon) to 7 (Sun); monthly: days of the month 1 to 31. Empty: every day (daily) or start day. */
  matchDays: z.array(z.number().int().min(1).max(31)).max(31),
  kind: z.enum(['fee', 'free-minutes']),
  /** Free minutes: comma-separated destination number prefixes, e.g. "44,1". */
  prefixPattern: text(500),
  freeMinutes: z.number().int().min(0),
  minimumSpend: z.boolean(),
  /** A package in use cannot be deleted, only retired (hidden from new assignments). */
  retired: z.boolean(),
});
export type Package = z.infer<typeof packageSchema>;

export const customerPackageSchema = z.object({
  id: idSchema,
  customerId: idSchema,
  packageId: idSchema,
  quantity: z.number().int().min(1).max(1_000_000),
  startDate: daySchema,
  endDate: daySchema.nullable(),
});
export type CustomerPackage = z.infer<typeof customerPackageSchema>;

/** Usage rolled up per customer × day × destination; `charge` is the sum of per-call charges. */
export const usageSchema = z.object({
  id: storableTextSchema.min(1).max(200),
  customerId: idSchema,
  day: daySchema,
  /** The destination number prefix the calls were rated on, e.g. "4420". */
  destination: text(32),
  destinationName: text(200),
  calls: z.number().int().min(0),
  attempts: z.number().int().min(0),
  seconds: z.number().int().min(0),
  billedSeconds: z.number().int().min(0),
  charge: decimalSchema,
  currency: currencySchema,
});
export type Usage = z.infer<typeof usageSchema>;

export const invoiceStatusSchema = z.enum(['draft', 'issued', 'void']);
export type InvoiceStatus = z.infer<typeof invoiceStatusSchema>;

/**
 * What an issued invoice prints about the seller and the customer, as they were when it was issued:
 * an invoice is a legal document, and editing My Account or the customer afterwards must not change
 * it. Not the logo: it is branding (and up to LOGO_MAX_BYTES on every invoice).
 */
export const invoicePartiesSchema = z.object({
  seller: accountSchema.pick({ companyName: true, address: true, email: true, registrationId: true, vatId: true, paymentDetails: true }),
  /** vatId and taxNote are absent on invoices issued before they were kept: those printed neither. */
  customer: customerSchema.pick({ name: true, company: true, address: true, contacts: true, externalId: true, vatId: true, taxNote: true }),
});
export type InvoiceParties = z.infer<typeof invoicePartiesSchema>;

export const invoiceSchema = z.object({
  id: idSchema,
  customerId: idSchema,
  /** Null until the server assigns it on issue: drafts and offline-issued invoices show "pending". */
  number: storableTextSchema.nullable(),
  status: invoiceStatusSchema,
  invoiceDate: daySchema,
  dueDate: daySchema,
  periodStart: daySchema.nullable(),
  periodEnd: daySchema.nullable(),
  currency: currencySchema,
  rounding: roundingModeSchema,
  notes: text(5000),
  voidReason: text(1000),
  /** Cached totals of the lines (by lib/totals), kept in step by the mutators, for lists. */
  net: decimalSchema,
  tax: decimalSchema,
  total: decimalSchema,
  /** Sum of payment allocations to this invoice. */
  paid: decimalSchema,
  /**
   * The parties as issued (lib/invoice-parties): taken by issueInvoice, whose server run is the one
   * kept; void and payments keep it. Drafts have none: they show the live records. Invoices issued
   * before it was recorded have none either (absent, or null from the server) and show the live
   * records as they always did: what they printed then is recorded nowhere.
   */
  parties: invoicePartiesSchema.nullable().optional(),
  /**
   * The void invoice this one replaces (createReplacementInvoice: Void and replace), the same
   * customer's; its screen and PDF say "Replaces invoice <number>", and the void one's screen links
   * back. Null on other invoices; absent on those written before it was kept.
   */
  replacesId: idSchema.nullable().optional(),
  /**
   * The issued invoice this credit note credits (createCreditNote: Credit note… on the invoice's
   * page), the same customer's; its screen and PDF say "Credits invoice <number>" with that
   * invoice's date (EU invoices must name the invoice they correct), and the credited invoice's
   * screen links to its credit notes. Null on other invoices; absent on those written before it was kept.
   */
  creditsId: idSchema.nullable().optional(),
});
export type Invoice = z.infer<typeof invoiceSchema>;

export const lineKindSchema = z.enum(['usage', 'package', 'setup', 'manual', 'minimum-spend', 'free-minutes']);
export type LineKind = z.infer<typeof lineKindSchema>;

export const invoiceLineSchema = z.object({
  id: idSchema,
  invoiceId: idSchema,
  /** Sort key within the invoice. */
  position: z.number().int().min(0),
  kind: lineKindSchema,
  description: text(5000),
  startDate: daySchema.nullable(),
  endDate: daySchema.nullable(),
  quantity: decimalSchema,
  unit: text(20),
  unitPrice: decimalSchema,
  taxRate: taxRateSchema,
  /** When set, the line's net is round(amount) instead of round(quantity × unitPrice): usage lines (sum of per-call charges) and credits. */
  amount: decimalSchema.nullable(),
  calls: z.number().int().min(0).nullable(),
  /** Billed minutes of a usage line (decimal string). */
  minutes: decimalSchema.nullable(),
  packageId: idSchema.nullable(),
});
export type InvoiceLine = z.infer<typeof invoiceLineSchema>;

export const paymentAllocationSchema = z.object({ invoiceId: idSchema, amount: decimalSchema });
export type PaymentAllocation = z.infer<typeof paymentAllocationSchema>;

/**
 * Money received from a customer (or, at amount 0, a credit note's credit applied), allocated to
 * its invoices. What is not allocated (amount less the allocations' sum) is the customer's credit
 * in the payment's currency, applied to invoices later (applyPaymentCredit adds allocations); a
 * payment received in advance has no allocation at all.
 */
export const paymentSchema = z.object({
  id: idSchema,
  customerId: idSchema,
  date: daySchema,
  amount: decimalSchema,
  /**
   * The currency received, which every invoice it goes to is in. Payments recorded before it was
   * kept were given their invoices' currency (drizzle/0010 on the server, the device database's
   * version 2 on a device).
   */
  currency: currencySchema,
  method: text(50),
  reference: text(200),
  allocations: z.array(paymentAllocationSchema).max(500),
});
export type Payment = z.infer<typeof paymentSchema>;

/**
 * One CDR file imported in the browser (Usage → Import CDRs): listed on the Usage screen and undone
 * from there. Its figures count only the CDRs it billed: on the server, those whose key no device
 * and no POST /api/cdrs sent before (a device counts every CDR it sent until the server's row comes
 * back). What it added to each usage row is kept in its parts (`cdrImportParts`), to subtract on undo.
 */
export const cdrImportSchema = z.object({
  id: idSchema,
  fileName: text(255),
  /** When Import was pressed, by the importing device's clock (ISO 8601): shown, never used for ordering. */
  importedAt: text(40),
  /** Who imported it (the signed-in email), '' when not known. */
  importedBy: text(320),
  status: z.enum(['imported', 'undone']),
  /** When and by whom it was undone (device clock, signed-in email); null while imported. */
  undoneAt: text(40).nullable(),
  undoneBy: text(320).nullable(),
  cdrs: z.number().int().min(0),
  /** Answered calls and billed seconds of those CDRs. */
  calls: z.number().int().min(0),
  billedSeconds: z.number().int().min(0),
  /** Charges per currency (each customer's usage is in its own currency), decimal strings. */
  charges: z.array(z.object({ currency: currencySchema, amount: decimalSchema })).max(200),
  /** The customers it billed, and the first and last day of its usage (null: it billed nothing). */
  customerIds: z.array(idSchema).max(100_000),
  firstDay: daySchema.nullable(),
  lastDay: daySchema.nullable(),
});
export type CdrImport = z.infer<typeof cdrImportSchema>;

/** What one importCdrs mutation of an import added to one usage row (customer × day × destination). */
export const cdrImportCellSchema = z.object({
  customerId: idSchema,
  day: daySchema,
  destination: text(32),
  calls: z.number().int().min(0),
  attempts: z.number().int().min(0),
  seconds: z.number().int().min(0),
  billedSeconds: z.number().int().min(0),
  /** Sum of the CDRs' charges, at most 6 decimals. */
  charge: decimalSchema,
});
export type CdrImportCell = z.infer<typeof cdrImportCellSchema>;

/** The roll-up one importCdrs mutation of an import billed; id `${importId}:${part}`. */
export const cdrImportPartSchema = z.object({
  id: storableTextSchema.min(1).max(100),
  importId: idSchema,
  cells: z.array(cdrImportCellSchema).max(10_000),
});
export type CdrImportPart = z.infer<typeof cdrImportPartSchema>;

/** Every synced entity, by table name. */
export interface Entities {
  account: Account;
  customers: Customer;
  packages: Package;
  customerPackages: CustomerPackage;
  usage: Usage;
  invoices: Invoice;
  invoiceLines: InvoiceLine;
  payments: Payment;
  cdrImports: CdrImport;
  cdrImportParts: CdrImportPart;
}
export type EntityName = keyof Entities;
export const ENTITY_NAMES = [
  'account',
  'customers',
  'packages',
  'customerPackages',
  'usage',
  'invoices',
  'invoiceLines',
  'payments',
  'cdrImports',
  'cdrImportParts',
] as const satisfies readonly EntityName[];

export const entitySchemas: { [E in EntityName]: z.ZodType<Entities[E]> } = {
  account: accountSchema,
  customers: customerSchema,
  packages: packageSchema,
  customerPackages: customerPackageSchema,
  usage: usageSchema,
  invoices: invoiceSchema,
  invoiceLines: invoiceLineSchema,
  payments: paymentSchema,
  cdrImports: cdrImportSchema,
  cdrImportParts: cdrImportPartSchema,
};
