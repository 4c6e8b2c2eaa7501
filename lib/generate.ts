/**
 * Generate Invoice: a customer's usage and packages for a period, as a draft invoice the user can
 * still edit. Pure and deterministic: the same input (and the same `newLineId` sequence) gives the
 * same invoice, line order included, on the client and on the server.
 *
 * Line order: package charges and setups (by assignment start, then id), usage lines (by the
 * account's grouping), free-minutes credits, minimum-spend top-ups.
 */
import type { z } from 'zod';
import { currencyExponent } from './currencies';
import { addDays } from './dates';
import {
  type Account,
  type Customer,
  type CustomerPackage,
  type Invoice,
  type InvoiceLine,
  type Package,
  type Period,
  type Usage,
  accountSchema,
  customerPackageSchema,
  customerSchema,
  daySchema,
  idSchema,
  packageSchema,
  periodSchema,
} from './entities';
import { type InvoiceLineDraft, groupUsage, selectBillableUsage, usageLineGrouping } from './grouping';
import { MAX_DECIMALS, addDecimals, compareDecimals, formatUnits, readUnitsAtScale } from './money';
import { packageLines } from './packages';
import { computeTotals } from './totals';

/** What Generate Invoice needs: the records as they are stored, the period and the new ids. */
export interface GenerateInvoiceInput {
  /** The seller: its line grouping and rounding mode apply. */
  account: Account;
  customer: Customer;
  /** The customer's package assignments (others' are ignored). */
  assignments: readonly CustomerPackage[];
  /** The catalogue, or at least every package the assignments name. */
  packages: readonly Package[];
  /** Usage rows; only the customer's, inside the period, are billed. */
  usage: readonly Usage[];
  /** Inclusive days. */
  period: Period;
  invoiceDate: string;
  invoiceId: string;
  /** Mints line ids (UUIDv7 on the client); called once per line, in line order. */
  newLineId: () => string;
}

/** A draft invoice and its lines, ready to store together. */
export interface GeneratedInvoice {
  invoice: Invoice;
  lines: InvoiceLine[];
}

/** An input that fails validation; `field` is its path, e.g. `customer.taxRate` or `period.end`. */
export class InvoiceInputError extends RangeError {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field} ${reason}`);
    this.name = 'InvoiceInputError';
  }
}

function fieldPath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`), root);
}

/** Parses with `schema`, throwing an InvoiceInputError named after the first bad field. */
function check<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new InvoiceInputError(fieldPath(field, issue.path), issue.message);
}

const accountSettingsSchema = accountSchema.pick({ lineGrouping: true, rounding: true });
const customerTermsSchema = customerSchema.pick({ id: true, currency: true, taxRate: true, dueDays: true });

/**
 * Builds a draft invoice (status 'draft', no number, nothing paid) for a customer and period:
 * usage lines grouped by the account's setting, package charges, setups, free-minutes credits and
 * minimum-spend top-ups, every line at the customer's tax rate, totals by `computeTotals`, due
 * date = invoice date + the customer's due days, currency = the customer's.
 *
 * Validates the small inputs with the entity schemas (InvoiceInputError) and each billed usage
 * row's numbers and currency (DecimalError for an amount, else RangeError); every error message
 * starts with the field's path.
 */
export function generateInvoice(input: GenerateInvoiceInput): GeneratedInvoice {
  const { account, customer, packages, usage, newLineId } = input;
  const settings = check(accountSettingsSchema, account, 'account');
  const terms = check(customerTermsSchema, customer, 'customer');
  const period = check(periodSchema, input.period, 'period');
  const invoiceDate = check(daySchema, input.invoiceDate, 'invoiceDate');
  const invoiceId = check(idSchema, input.invoiceId, 'invoiceId');
  const assignments = input.assignments.filter((a) => a.customerId === terms.id);
  input.assignments.forEach((a, i) => {
    if (a.customerId === terms.id) check(customerPackageSchema, a, `assignments[${i}]`);
  });
  // Only the packages this invoice uses: a broken entry elsewhere in the catalogue is not this invoice's problem.
  const used = new Set(assignments.map((a) => a.packageId));
  packages.forEach((p, i) => {
    if (used.has(p.id)) check(packageSchema, p, `packages[${i}]`);
  });

  const billed = selectBillableUsage(usage, terms.id, period, terms.currency);
  const usageLines = groupUsage(billed, settings.lineGrouping);
  // A minimum spend over the whole period tops up what the usage lines bill once each is rounded,
  // so usage plus top-up comes to the commitment to the cent.
  const billedUsage = packages.some((p) => p.minimumSpend && used.has(p.id))
    ? readUnitsAtScale(usageNet(usageLines, terms.currency, settings.rounding), MAX_DECIMALS, 'usage')
    : undefined;
  const fromPackages = packageLines(assignments, packages, billed, period, billedUsage);
  const drafts: InvoiceLineDraft[] = [
    ...fromPackages.charges,
    ...usageLines,
    ...fromPackages.credits,
    ...fromPackages.topUps,
  ];
  const lines = drafts.map(
    (draft, position): InvoiceLine => ({
      id: newLineId(),
      invoiceId,
      position,
      ...draft,
      taxRate: terms.taxRate,
    }),
  );

  const totals = computeTotals(lines, terms.currency, settings.rounding);
  const invoice: Invoice = {
    id: invoiceId,
    customerId: terms.id,
    number: null,
    status: 'draft',
    invoiceDate,
    dueDate: addDays(invoiceDate, terms.dueDays),
    periodStart: period.start,
    periodEnd: period.end,
    currency: terms.currency,
    rounding: settings.rounding,
    notes: '',
    voidReason: '',
    net: totals.net,
    tax: totals.tax,
    total: totals.total,
    paid: formatUnits(0, currencyExponent(terms.currency)),
  };
  return { invoice, lines };
}

/** Usage as an invoice bills it: calls, the exact sum of per-call charges, and the net of its lines. */
export interface UsageFigures {
  calls: number;
  charge: string;
  /** The usage lines' nets (each rounded), summed: what the invoice bills for them. */
  net: string;
}

/** A draft whose usage lines no longer bill its period's usage: what they bill, and the usage now. */
export interface UsageDrift {
  billed: UsageFigures;
  now: UsageFigures;
}

/** The lines Generate Invoice makes from usage: they change when the usage does. */
const USAGE_LINE_KINDS: ReadonlySet<InvoiceLine['kind']> = new Set(['usage', 'free-minutes', 'minimum-spend']);

/** Whether a line comes from the period's usage (a usage line, a free-minutes credit, a minimum-spend top-up). */
export function isUsageLine(line: Pick<InvoiceLine, 'kind'>): boolean {
  return USAGE_LINE_KINDS.has(line.kind);
}

/** The net of usage lines, each rounded as the invoice rounds (tax aside). */
function usageNet(lines: readonly InvoiceLineDraft[], currency: string, rounding: Invoice['rounding']): string {
  return computeTotals(lines.map((line) => ({ ...line, taxRate: '0' })), currency, rounding).net;
}

/**
 * Whether a draft's usage lines still bill the usage of its period. Usage changes after Generate
 * Invoice when late CDRs arrive, or when the server counted once a call this device had counted
 * again (a re-import of CDRs it already had). Compared exactly, by calls and the sum of per-call
 * charges (usage lines keep it unrounded in `amount`); the figures also carry the nets as billed,
 * the usage now grouped as the draft's lines are, for showing. Null when nothing changed, or when
 * the invoice is not a draft with lines from usage (a hand-made invoice is the user's to fill).
 * `usage`: the customer's rows; those outside the period are ignored.
 */
export function usageDrift(invoice: Invoice, lines: readonly InvoiceLine[], usage: readonly Usage[]): UsageDrift | null {
  if (invoice.status !== 'draft' || invoice.periodStart === null || invoice.periodEnd === null || !lines.some(isUsageLine)) return null;
  const billedLines = lines.filter((line) => line.kind === 'usage');
  const billed: UsageFigures = {
    ...figures(billedLines.map((line) => ({ calls: line.calls ?? 0, charge: line.amount ?? '0' }))),
    net: usageNet(billedLines, invoice.currency, invoice.rounding),
  };
  let table;
  try {
    table = selectBillableUsage(usage, invoice.customerId, { start: invoice.periodStart, end: invoice.periodEnd }, invoice.currency);
  } catch {
    // Usage in another currency cannot be billed on this invoice at all; Generate Invoice says so.
    return null;
  }
  const nowLines = groupUsage(table, usageLineGrouping(lines) ?? 'destination');
  const now: UsageFigures = {
    ...figures(nowLines.map((line) => ({ calls: line.calls ?? 0, charge: line.amount ?? '0' }))),
    net: usageNet(nowLines, invoice.currency, invoice.rounding),
  };
  return billed.calls === now.calls && compareDecimals(billed.charge, now.charge) === 0 ? null : { billed, now };
}

function figures(rows: readonly { calls: number; charge: string }[]): { calls: number; charge: string } {
  let calls = 0;
  for (const row of rows) calls += row.calls;
  return { calls, charge: rows.length === 0 ? '0' : addDecimals(...rows.map((row) => row.charge)) };
}

/**
 * The lines that bring a draft's usage up to date: its lines from usage (usage lines, free-minutes
 * credits, minimum-spend top-ups) generated anew for its period as of now, grouped as its usage
 * lines are, in the place of the old ones. Every other line stays as it is: package charges and
 * setups (whether generated or added by hand), manual lines. The header (dates, notes) stays.
 */
export function regenerateDraftLines(
  input: Omit<GenerateInvoiceInput, 'period' | 'invoiceDate' | 'invoiceId'> & { invoice: Invoice; lines: readonly InvoiceLine[] },
): { upsertLines: InvoiceLine[]; deleteLineIds: string[] } {
  const { invoice, lines } = input;
  if (invoice.periodStart === null || invoice.periodEnd === null) throw new InvoiceInputError('invoice.periodStart', 'a draft without a period cannot be generated again');
  const grouping = usageLineGrouping(lines) ?? input.account.lineGrouping;
  const generated = generateInvoice({
    ...input,
    account: { ...input.account, lineGrouping: grouping, rounding: invoice.rounding },
    period: { start: invoice.periodStart, end: invoice.periodEnd },
    invoiceDate: invoice.invoiceDate,
    invoiceId: invoice.id,
  });
  const sorted = [...lines].sort((a, b) => a.position - b.position);
  const firstUsage = sorted.findIndex(isUsageLine);
  const kept = sorted.filter((line) => !isUsageLine(line));
  // The new usage lines go where the old ones began (after the package charges, as generated):
  // every line before the first usage line is kept, so that is its index among the kept ones too.
  const at = firstUsage < 0 ? kept.length : firstUsage;
  const ordered = [...kept.slice(0, at), ...generated.lines.filter(isUsageLine), ...kept.slice(at)];
  return {
    upsertLines: ordered.map((line, position) => ({ ...line, position })),
    deleteLineIds: sorted.filter(isUsageLine).map((line) => line.id),
  };
}
