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
import { addDays, dayAsShown, dayRangeAsShown } from './dates';
import {
  type Account,
  type Customer,
  type CustomerPackage,
  type Invoice,
  type InvoiceLine,
  type LineGrouping,
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
import {
  type InvoiceLineDraft,
  type UsageTable,
  billedMinutes,
  currentDayLineLabel,
  groupUsage,
  groupUsageWithRows,
  isInternalCallsLine,
  lateCallsDescription,
  selectBillableUsage,
  usageLineGrouping,
  usageLineLabel,
} from './grouping';
import {
  MAX_DECIMALS,
  addDecimals,
  compareDecimals,
  divideDecimals,
  formatPrice,
  formatUnits,
  isDecimalString,
  isZeroDecimal,
  multiplyDecimals,
  negateDecimal,
  readUnitsAtScale,
  roundDecimal,
  roundToCurrency,
  subtractDecimals,
} from './money';
import { isCreditNote } from './invoice-status';
import { type InvoiceSetups, type SetupsLeftOut, activeWindow, packageCurrencyMismatch, packageLines, usageDaysNeeded } from './packages';
import { computeTotals } from './totals';
import { possessive } from './possessive';
import { listInWords } from './text';

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
  /**
   * The customer's invoices with (at least) their setup and package lines: a setup or a one-off
   * package's charge the issued ones bill already (less what their credit notes give back) is not
   * billed again (see lib/packages `onceChargeBilling`). A draft bills nothing until it is issued,
   * so drafts do not count, as they count for none of the period's calls or recurring charges
   * either; nor do void invoices, nor the invoice being made (`invoiceId`). Without them every
   * setup of an assignment starting in the period is billed.
   */
  billedSetups?: readonly InvoiceSetups[];
}

/**
 * Whether what an invoice's lines bill is billed already, for Generate Invoice to leave out: only an
 * issued invoice's (a credit note's refunds among them, giving back what they refund). A draft
 * bills nothing until it is issued, and a void invoice bills nothing at all.
 */
export function billsAlready(invoice: Pick<Invoice, 'status'>): boolean {
  return invoice.status === 'issued';
}

/** A draft invoice and its lines, ready to store together. */
export interface GeneratedInvoice {
  invoice: Invoice;
  lines: InvoiceLine[];
  /** Setups of assignments starting in the period left out, as issued invoices bill them already (say so to the clerk). */
  setupsLeftOut: SetupsLeftOut[];
}

/**
 * Generate Invoice's draft, with the period's internal calls it leaves out (lib/grouping
 * `isInternalCall`: to an extension or short code of the customer's switch, at no charge), null
 * when there are none: a carrier bills none, and the preview says why they are not on it.
 */
export interface GeneratedDraft extends GeneratedInvoice {
  internalCalls: { calls: number; minutes: string } | null;
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

/**
 * A package assignment active in the period whose package is priced in another currency than the
 * customer is billed in (made before packages had a currency: assignPackage refuses it now).
 * Generate Invoice refuses rather than bill its prices as amounts of the customer's currency. The
 * message is for the clerk: it names the package and both currencies, and `field` the assignment.
 */
export class PackageCurrencyError extends InvoiceInputError {
  constructor(field: string, message: string) {
    super(field, message);
    this.name = 'PackageCurrencyError';
    this.message = message;
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
 * usage lines grouped by the account's setting (internal calls left out, see `GeneratedDraft`), package charges, setups, free-minutes credits and
 * minimum-spend top-ups, every line at the customer's tax rate, totals by `computeTotals`, due
 * date = invoice date + the customer's due days, currency = the customer's.
 *
 * Validates the small inputs with the entity schemas (InvoiceInputError) and each billed usage
 * row's numbers and currency (DecimalError for an amount, else RangeError); every error message
 * starts with the field's path, but a PackageCurrencyError's, which speaks to the clerk: an
 * assignment active in the period of a package priced in another currency is never billed.
 */
export function generateInvoice(input: GenerateInvoiceInput): GeneratedDraft {
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
  const packageById = new Map(packages.map((p) => [p.id, p]));
  input.assignments.forEach((a, i) => {
    const pkg = packageById.get(a.packageId);
    if (a.customerId !== terms.id || pkg === undefined || activeWindow(a, period) === null) return;
    const mismatch = packageCurrencyMismatch(pkg, { name: customer.name, currency: terms.currency });
    if (mismatch) {
      throw new PackageCurrencyError(
        `assignments[${i}]`,
        `${mismatch}, so no invoice is generated. On ${possessive(customer.name)} page, remove ${pkg.name} (or end it before this period) and assign a package priced in ${terms.currency}.`,
      );
    }
  });

  const billed = selectBillableUsage(usage, terms.id, period, terms.currency);
  const usageLines = groupUsage(billed, settings.lineGrouping);
  // A minimum spend tops up what the usage lines in its days bill once each is rounded, so usage
  // plus top-up comes to the commitment to the cent.
  const billedUsage = packages.some((p) => p.minimumSpend && used.has(p.id))
    ? lineNets(usageLines, terms.currency, settings.rounding).map((net, i) => ({
        startDate: usageLines[i]!.startDate,
        endDate: usageLines[i]!.endDate,
        net: readUnitsAtScale(net, MAX_DECIMALS, 'usage'),
      }))
    : undefined;
  const billedSetups = input.billedSetups?.filter((other) => other.invoice.id !== invoiceId && other.invoice.customerId === terms.id && billsAlready(other.invoice));
  // A minimum spend settled here, or free minutes of a package period, that began before the period count the usage of those days too.
  const needed = usageDaysNeeded(assignments, packages, period);
  const earlierUsage = needed.start < period.start ? selectBillableUsage(usage, terms.id, { start: needed.start, end: addDays(period.start, -1) }, terms.currency) : undefined;
  const fromPackages = packageLines(assignments, packages, billed, period, { billedUsage, invoices: billedSetups, earlierUsage });
  const drafts: InvoiceLineDraft[] = [
    ...fromPackages.charges,
    ...usageLines,
    ...fromPackages.credits,
    ...fromPackages.topUps.map((topUp) => priceInCurrency(topUp, terms.currency, settings.rounding)),
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
  const { internalCalls } = billed;
  return {
    invoice,
    lines,
    setupsLeftOut: fromPackages.setupsLeftOut,
    internalCalls: internalCalls.calls === 0 ? null : { calls: internalCalls.calls, minutes: billedMinutes(internalCalls.billedSeconds) },
  };
}

/**
 * A line of quantity 1 priced in the currency's minor unit: its exact price rounded as its net
 * rounds it. A minimum-spend top-up may be the shortfall from exact usage charges (a usage line
 * straddling its window's edge), "18.765433"; a reader expects 1 × $18.77 on the invoice.
 * The net is the same to the cent: round(1 × round(p)) = round(p), in either rounding mode.
 */
function priceInCurrency(line: InvoiceLineDraft, currency: string, rounding: Invoice['rounding']): InvoiceLineDraft {
  return { ...line, unitPrice: roundToCurrency(line.unitPrice, currency, rounding) };
}

/** Usage as an invoice bills it: calls, the exact sum of per-call charges, and the net of its lines. */
export interface UsageFigures {
  calls: number;
  charge: string;
  /** The usage lines' nets (each rounded), summed: what the invoice bills for them. */
  net: string;
}

/**
 * A draft whose usage lines no longer bill its period's usage: what they bill, and the usage now.
 * For a draft that completes issued invoices of its period (`completes`), the usage now is what
 * those do not bill.
 */
export interface UsageDrift {
  billed: UsageFigures;
  now: UsageFigures;
  completes?: Invoice[];
  /**
   * Of `completes`, those a late-calls draft's notes do not name ("Completes INV-2 …"): issued since
   * the draft was made (another device's late-calls invoice, say), so they may bill what it holds.
   */
  billedSince?: Invoice[];
  /**
   * The draft is no late-calls draft (its notes complete no invoice: a copy of an issued invoice,
   * say, or a second draft of the month), so its usage lines bill again the calls `completes`
   * bill already: that, not late CDRs, is why they differ from what is left to bill.
   */
  billedAgain?: Invoice[];
  /**
   * Usage of the period now that no usage line of the draft covers (by day or destination, as its
   * lines are grouped): a line the user deleted, or calls on a day or destination the draft had no
   * line for. Which one cannot be told (a draft keeps no record of the lines it was generated with),
   * so it is not blamed on late CDRs. Absent when every line of the usage now has one of the draft's,
   * or when the lines cannot be matched (see `usageLineKey`).
   */
  unlined?: UnlinedUsage;
  /**
   * Whether the draft's usage lines bill other than the usage they cover: calls came in (or went)
   * on a day or destination the draft has a line for. False when the whole difference is `unlined`.
   */
  linesChanged: boolean;
}

/** Usage no line of a draft covers: its figures, the lines Generate Invoice would make for it now, and how they are grouped. */
export interface UnlinedUsage extends UsageFigures {
  lines: InvoiceLineDraft[];
  grouping: LineGrouping;
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
 *
 * `invoices`: the customer's other invoices with their lines. When some are issued for exactly
 * this period, the draft completes them (late calls, see `lateUsage`): its usage lines should bill
 * what they do not, so that is the usage "now" compared with.
 */
export function usageDrift(
  invoice: Invoice,
  lines: readonly InvoiceLine[],
  usage: readonly Usage[],
  invoices: readonly InvoiceWithLines[] = [],
): UsageDrift | null {
  if (invoice.status !== 'draft' || invoice.periodStart === null || invoice.periodEnd === null || !lines.some(isUsageLine)) return null;
  // The usage lines of a credit note made by Credit note… give calls back: they bill no usage, so
  // there is none for them to drift from. (A late-calls draft may come out below zero: it is checked.)
  if (invoice.creditsId) return null;
  const period = { start: invoice.periodStart, end: invoice.periodEnd };
  // A line of internal calls, made before they were left out, bills none of the usage now.
  const billedLines = lines.filter((line) => line.kind === 'usage' && !isInternalCallsLine(line));
  const billed = usageFigures(billedLines, invoice);
  let table;
  try {
    table = selectBillableUsage(usage, invoice.customerId, period, invoice.currency);
  } catch {
    // Usage in another currency cannot be billed on this invoice at all; Generate Invoice says so.
    return null;
  }
  const completes = issuedForPeriod(invoice, invoices);
  const grouping = completes.length === 0 ? (usageLineGrouping(lines) ?? 'destination') : (usageLineGrouping(primaryInvoice(completes).lines) ?? usageLineGrouping(lines) ?? 'destination');
  const nowLines = completes.length === 0 ? groupUsage(table, grouping) : usageDifference(completes, table, grouping, invoice.currency, invoice.rounding, period).lines;
  const now = usageFigures(nowLines, invoice);
  if (billed.calls === now.calls && compareDecimals(billed.charge, now.charge) === 0) return null;
  if (completes.length === 0) return { billed, now, ...linesDrift(billed, now, billedLines, nowLines, grouping, invoice) };
  if (!invoice.notes.startsWith('Completes ')) return { billed, now, completes: completes.map((c) => c.invoice), billedAgain: completes.map((c) => c.invoice), linesChanged: true };
  const completed = new Set(completedInvoices(invoice, completes.map((c) => c.invoice)));
  const billedSince = completes.filter((c) => !completed.has(c.invoice)).map((c) => c.invoice);
  const drift = { billed, now, completes: completes.map((c) => c.invoice), ...linesDrift(billed, now, billedLines, nowLines, grouping, invoice) };
  return billedSince.length === 0 ? drift : { ...drift, billedSince };
}

/** Calls, exact charges and nets as billed of usage lines. */
function usageFigures(lines: readonly InvoiceLineDraft[], invoice: Pick<Invoice, 'currency' | 'rounding'>): UsageFigures {
  return { ...figures(lines.map((line) => ({ calls: line.calls ?? 0, charge: line.amount ?? '0' }))), net: usageNet(lines, invoice.currency, invoice.rounding) };
}

/**
 * Of a drifted draft, the usage now that none of its usage lines covers (`unlined`), matched by
 * `usageLineKey` (a deleted line's day or destination has no line left), and whether the lines it
 * does have still differ from the usage now (`linesChanged`). When the lines cannot be matched (a
 * by-day line over several days, two lines of one key), the whole difference counts as changed.
 */
function linesDrift(
  billed: UsageFigures,
  now: UsageFigures,
  billedLines: readonly InvoiceLine[],
  nowLines: readonly InvoiceLineDraft[],
  grouping: LineGrouping,
  invoice: Pick<Invoice, 'currency' | 'rounding'>,
): Pick<UsageDrift, 'unlined' | 'linesChanged'> {
  const draftKeys = new Set<string>();
  for (const line of billedLines) {
    const key = usageLineKey(line, grouping);
    if (key === null || draftKeys.has(key)) return { linesChanged: true };
    draftKeys.add(key);
  }
  const missing: InvoiceLineDraft[] = [];
  for (const line of nowLines) {
    const key = usageLineKey(line, grouping);
    if (key === null) return { linesChanged: true };
    if (!draftKeys.has(key)) missing.push(line);
  }
  if (missing.length === 0) return { linesChanged: true };
  const unlined = usageFigures(missing, invoice);
  // The rest of the usage now, against what the draft's lines bill.
  const linesChanged = billed.calls !== now.calls - unlined.calls || compareDecimals(billed.charge, subtractDecimals(now.charge, unlined.charge)) !== 0;
  return { unlined: { ...unlined, lines: missing, grouping }, linesChanged };
}

/**
 * Whether `draft` is a late-calls draft completing `invoice` (lateCallsInvoice): its notes say
 * "Completes INV-2 …". Its usage lines then bill the calls of `invoice`'s days that `invoice` does not.
 * Of several invoices of one name (a date, their numbers pending), see `completedInvoices`.
 */
export function completesInvoice(draft: Pick<Invoice, 'notes'>, invoice: Invoice): boolean {
  return completedInvoices(draft, [invoice]).length > 0;
}

/** How a late-calls invoice's notes begin (lateCallsInvoice). */
const COMPLETES = 'Completes ';

/** Whether `invoice` is a late-calls invoice or draft (lateCallsInvoice): its notes name the invoices it completes. */
export function isLateCallsInvoice(invoice: Pick<Invoice, 'notes'>): boolean {
  return invoice.notes.startsWith(COMPLETES);
}

/**
 * The invoices of `invoices` (those of its period) that the late-calls draft `draft` completes: those
 * its notes name ("Completes INV-2 and the invoice dated Apr 18, 2026 (number pending) (period …)"),
 * by number, or by the date that named one whose number was pending when the notes were written,
 * numbered since or not (notes keep the text they had). Invoices of one date share that name: each
 * time the notes write it names one of them, the period's own invoice before a late-calls one (two
 * late-calls drafts made offline the day their invoice was issued both name it so; the first, issued
 * with that date, is not what the second completes, but bills the same late calls), then the first in
 * number order. Empty when its notes complete nothing.
 */
export function completedInvoices<I extends Invoice>(draft: Pick<Invoice, 'notes'> & { id?: string }, invoices: readonly I[]): I[] {
  const names = completedNames(draft.notes);
  if (names === null) return [];
  const candidates = invoices.filter((invoice) => invoice.id !== draft.id);
  // A number names one invoice.
  const completed = new Set(candidates.filter((invoice) => invoice.number !== null && timesNamed(names, invoice.number) > 0));
  const byPendingName = new Map<string, I[]>();
  for (const invoice of candidates) {
    if (completed.has(invoice)) continue;
    // As written now, and before Dec 2026 (2026-04-18).
    for (const name of [`the invoice dated ${dayAsShown(invoice.invoiceDate)} (number pending)`, `the invoice dated ${invoice.invoiceDate} (number pending)`]) {
      if (timesNamed(names, name) > 0) byPendingName.set(name, [...(byPendingName.get(name) ?? []), invoice]);
    }
  }
  for (const [name, named] of byPendingName) {
    const first = [...named].sort((a, b) => Number(isLateCallsInvoice(a)) - Number(isLateCallsInvoice(b)) || byNumber(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let left = timesNamed(names, name);
    for (const invoice of first) {
      if (left === 0) break;
      if (completed.has(invoice)) continue;
      completed.add(invoice);
      left -= 1;
    }
  }
  return candidates.filter((invoice) => completed.has(invoice));
}

/**
 * The invoices of the customer's `invoices` that the late-calls draft `draft` completes (see
 * `completedInvoices`): of those its notes may name, the issued invoices of its period that late
 * calls count (`issuedForPeriod`).
 */
export function lateCallsCompleted(draft: Pick<Invoice, 'id' | 'customerId' | 'periodStart' | 'periodEnd' | 'notes'>, invoices: readonly InvoiceWithLines[]): Invoice[] {
  if (!isLateCallsInvoice(draft)) return [];
  return completedInvoices(draft, issuedForPeriod(draft, invoices).map((entry) => entry.invoice));
}

/** The names of the invoices a late-calls invoice's notes complete: "INV-2 and INV-3" of "Completes INV-2 and INV-3 (period …): …"; null for other notes. */
function completedNames(notes: string): string | null {
  if (!notes.startsWith(COMPLETES)) return null;
  const names = notes.slice(COMPLETES.length);
  const end = names.indexOf(' (period ');
  return end < 0 ? names : names.slice(0, end);
}

/** How many times `text` names `name` as a whole ("INV-1" is not named by "INV-12"). */
function timesNamed(text: string, name: string): number {
  let times = 0;
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    const part = (c: string | undefined) => c !== undefined && /[\w-]/.test(c);
    if (!part(text[i - 1]) && !part(text[i + name.length])) times += 1;
  }
  return times;
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
 * A draft that completes issued invoices of its period (`invoices`, see `usageDrift`) gets the
 * lines from usage of what they do not bill (`lateUsage`'s) instead; its package charges and setups
 * (a rest-of-the-period draft's) stay too, so none is billed twice.
 */
export function regenerateDraftLines(
  input: Omit<GenerateInvoiceInput, 'period' | 'invoiceDate' | 'invoiceId'> & {
    invoice: Invoice;
    lines: readonly InvoiceLine[];
    invoices?: readonly InvoiceWithLines[];
  },
): { upsertLines: InvoiceLine[]; deleteLineIds: string[] } {
  const { invoice, lines } = input;
  if (invoice.periodStart === null || invoice.periodEnd === null) throw new InvoiceInputError('invoice.periodStart', 'a draft without a period cannot be generated again');
  const completes = issuedForPeriod(invoice, input.invoices ?? []);
  let fresh: InvoiceLine[];
  if (completes.length === 0) {
    const grouping = usageLineGrouping(lines) ?? input.account.lineGrouping;
    const generated = generateInvoice({
      ...input,
      account: { ...input.account, lineGrouping: grouping, rounding: invoice.rounding },
      period: { start: invoice.periodStart, end: invoice.periodEnd },
      invoiceDate: invoice.invoiceDate,
      invoiceId: invoice.id,
    });
    fresh = generated.lines.filter(isUsageLine);
  } else {
    // This draft's own setups are what is kept, not setups billed elsewhere.
    const billedSetups = input.billedSetups?.filter((other) => other.invoice.id !== invoice.id);
    const unbilled = unbilledUsage({ ...input, billed: completes, billedSetups });
    const taxRate = check(customerTermsSchema, input.customer, 'customer').taxRate;
    // Only the lines from usage: the draft's package charges and setups (a rest-of-period draft's)
    // stay as they are, below, so they are not billed twice.
    fresh = unbilled.lines.filter(isUsageLine).map((draft, position) => ({ id: input.newLineId(), invoiceId: invoice.id, position, ...draft, taxRate }));
  }
  const sorted = [...lines].sort((a, b) => a.position - b.position);
  const firstUsage = sorted.findIndex(isUsageLine);
  const kept = sorted.filter((line) => !isUsageLine(line));
  // The new usage lines go where the old ones began (after the package charges, as generated):
  // every line before the first usage line is kept, so that is its index among the kept ones too.
  const at = firstUsage < 0 ? kept.length : firstUsage;
  const ordered = [...kept.slice(0, at), ...fresh, ...kept.slice(at)];
  return {
    upsertLines: ordered.map((line, position) => ({ ...line, position })),
    deleteLineIds: sorted.filter(isUsageLine).map((line) => line.id),
  };
}

// ---------------------------------------------------------------------------------------------
// Late calls: usage of an issued invoice's period that no invoice bills yet.
// ---------------------------------------------------------------------------------------------

/** An invoice and its lines. */
export interface InvoiceWithLines {
  invoice: Invoice;
  lines: readonly InvoiceLine[];
}

/**
 * The usage of a period that its issued invoices do not bill, as the lines of an invoice that
 * completes them. Every amount is a net as billed: each line rounded as Generate Invoice rounds it.
 */
export interface UnbilledUsage {
  /** The issued invoices of the period whose lines count as billed; the first is the one whose grouping is followed. */
  billedBy: Invoice[];
  /** Usage lines, then free-minutes credits, then minimum-spend top-ups, as Generate Invoice orders them. */
  lines: InvoiceLineDraft[];
  /** The usage lines' calls (a line whose calls went down counts none), billed minutes and net. */
  usage: { calls: number; minutes: string; net: string };
  /** Net of the free-minutes credit lines (usually ≤ 0), and of the minimum-spend lines (usually ≤ 0: less to top up). */
  freeMinutes: string;
  minimumSpend: string;
  /** The lines' net: below zero when the invoices bill more than the usage now (a credit). */
  net: string;
  /** The billed usage lines could not be matched to the usage now (renamed, merged, another grouping): one line holds the whole difference. */
  oneLine: boolean;
  /**
   * The customer's packages no longer give the package lines the invoices bill (an assignment or a
   * price changed, or a line was edited): free-minutes credits and minimum-spend top-ups are left
   * as billed, since working them out again would bill the package change, not the late calls.
   */
  packagesChanged: boolean;
  /**
   * No issued invoice of the period bills its package charges, though the customer's packages give
   * some: the period's own invoice was voided, leaving only late-calls ones. The lines then start
   * with the package charges and setups, and the free-minutes and minimum-spend lines are worked
   * out in full, so that the issued invoices and this one still bill the period once.
   */
  chargesUnbilled: boolean;
  /** Net of the package charge and setup lines (zero unless `chargesUnbilled`). */
  packageCharges: string;
  /** With `chargesUnbilled`: the setups left out of the lines as other invoices (not of the period's issued ones) bill them already. */
  setupsLeftOut: SetupsLeftOut[];
  /**
   * Free-minutes credits and minimum-spend top-ups the clerk changed on the issued invoice before
   * issuing it (deleted, or edited; see `clerksDecisions`): left as billed, not worked out again.
   * Each as Generate Invoice would make it now, for naming.
   */
  keptAsBilled: InvoiceLineDraft[];
  /**
   * The period's internal calls (see `GeneratedDraft.internalCalls`), null when there are none: on
   * no line of the invoices nor of the draft made of what they do not bill, as a carrier bills none.
   */
  internalCalls: GeneratedDraft['internalCalls'];
}

/** Late usage of an issued invoice: the unbilled usage, and the drafts of its period that may already hold it. */
export interface LateUsage extends UnbilledUsage {
  /** Drafts for the same customer and period with lines from usage (a late-calls draft not issued yet, say). */
  drafts: Invoice[];
  /**
   * On a replacement (Void and replace): the part of the usage not billed that the void invoice it
   * replaces billed and it leaves out, on purpose as a rule (a disputed line removed): not late
   * calls. Absent when there is none (see `leftOutOfReplaced`).
   */
  leftOut?: LeftOutUsage;
}

/** Calls the invoice a replacement replaces billed, and the replacement leaves out (see `LateUsage.leftOut`). */
export interface LeftOutUsage {
  /** The void invoice it replaces, which billed them. */
  replaced: Invoice;
  /** Their calls, billed minutes and net, as `UnbilledUsage.usage` counts them. */
  calls: number;
  minutes: string;
  net: string;
  /** Every call not billed is one of them: none came in after the replaced invoice was issued. */
  all: boolean;
}

type UnbilledUsageInput = Omit<GenerateInvoiceInput, 'period' | 'invoiceDate' | 'invoiceId' | 'newLineId'> & { billed: readonly InvoiceWithLines[] };

export type LateUsageInput = Omit<GenerateInvoiceInput, 'period' | 'invoiceDate' | 'invoiceId' | 'newLineId'> & {
  /** The issued invoice, and its lines. */
  invoice: Invoice;
  lines: readonly InvoiceLine[];
  /** The customer's other invoices with their lines (any others are ignored). */
  invoices: readonly InvoiceWithLines[];
  /**
   * The void invoice `invoice` replaces (Void and replace: its `replacesId`), with its lines, when
   * known: calls it billed that `invoice` leaves out are said to be left out, not late (`LateUsage.leftOut`).
   */
  replaced?: InvoiceWithLines;
};

function samePeriod(a: Pick<Invoice, 'customerId' | 'periodStart' | 'periodEnd'>, b: Pick<Invoice, 'customerId' | 'periodStart' | 'periodEnd'>): boolean {
  return a.customerId === b.customerId && a.periodStart === b.periodStart && a.periodEnd === b.periodEnd;
}

/**
 * The other invoices of `invoice`'s customer for exactly its period that bill (`billsAlready`:
 * issued, not void, not draft), as late calls count them: not credit notes made by Credit note…,
 * whose usage lines give calls back on purpose (a refund is not calls that came in late; lib/invoice-periods `givenBack` frees
 * the days they refund for Generate Invoice instead).
 */
function issuedForPeriod(invoice: Pick<Invoice, 'id' | 'customerId' | 'periodStart' | 'periodEnd'>, invoices: readonly InvoiceWithLines[]): InvoiceWithLines[] {
  return invoices.filter((other) => other.invoice.id !== invoice.id && billsAlready(other.invoice) && !other.invoice.creditsId && samePeriod(invoice, other.invoice));
}

/**
 * The issued invoices (of `invoices`, the customer's) that bill the usage of exactly `period`, as
 * Generate Invoice names them ("INV-7 bills all of this period's usage already", or, a credit note
 * giving some of it back, "INV-7 bills this period's usage; credit note INV-8 gives back part of
 * it": lib/invoice-periods periodUsageGivenBack) and asks the main
 * one of for late calls: not credit notes, made by Credit note… or any whose total is below zero
 * (lib/invoice-status `isCreditNote`), whose period says what they give back, not what they bill.
 */
export function periodUsageBilledBy<E extends InvoiceWithLines>(invoices: readonly E[], period: Period): E[] {
  return invoices.filter(
    ({ invoice }) =>
      billsAlready(invoice) &&
      !invoice.creditsId &&
      !(isDecimalString(invoice.total) && isCreditNote(invoice)) &&
      invoice.periodStart === period.start &&
      invoice.periodEnd === period.end,
  );
}

/**
 * The invoice whose usage lines' grouping the others follow: the one with the most usage lines
 * (the month's own invoice, not a late-calls one), then the earliest.
 */
export function primaryInvoice(billed: readonly InvoiceWithLines[]): InvoiceWithLines {
  const usageLines = (entry: InvoiceWithLines) => entry.lines.filter((line) => line.kind === 'usage').length;
  return [...billed].sort(
    (a, b) =>
      usageLines(b) - usageLines(a) ||
      (a.invoice.invoiceDate < b.invoice.invoiceDate ? -1 : a.invoice.invoiceDate > b.invoice.invoiceDate ? 1 : 0) ||
      (a.invoice.id < b.invoice.id ? -1 : 1),
  )[0]!;
}

/**
 * How an invoice is named in a late-calls invoice's notes and lines: its number, or its date while
 * the number is pending ("the invoice dated Apr 2, 2026 (number pending)"; before Dec 2026 the
 * date was written 2026-04-02, see `completedInvoices`).
 */
function invoiceName(invoice: Invoice): string {
  return invoice.number ?? `the invoice dated ${dayAsShown(invoice.invoiceDate)} (number pending)`;
}

/** Number order (INV-9 before INV-10), invoices with no number yet last, by date. */
export function byNumber(a: Pick<Invoice, 'number' | 'invoiceDate'>, b: Pick<Invoice, 'number' | 'invoiceDate'>): number {
  return a.number !== null && b.number !== null
    ? a.number.localeCompare(b.number, 'en', { numeric: true })
    : a.number !== null
      ? -1
      : b.number !== null
        ? 1
        : a.invoiceDate.localeCompare(b.invoiceDate);
}

/**
 * Invoices named in a sentence, in number order ("INV-1, INV-2 and INV-10"), those with no number
 * yet last (by date): `name` names each.
 */
export function invoiceList(invoices: readonly Invoice[], name: (invoice: Invoice) => string = invoiceName): string {
  const sorted = [...invoices].sort(byNumber);
  return listInWords(sorted.map(name));
}

const names = (invoices: readonly Invoice[]) => invoiceList(invoices);

/** Each line's net (tax aside), rounded as an invoice in `currency` and `rounding` rounds it. */
function lineNets(lines: readonly InvoiceLineDraft[], currency: string, rounding: Invoice['rounding']): string[] {
  return computeTotals(lines.map((line) => ({ ...line, taxRate: '0' })), currency, rounding).lines.map((line) => line.net);
}

/**
 * The prefix a usage line's description names in the "(4420)" it ends with (before a late-calls
 * note, grouping `usageLineLabel`); null when it ends with none.
 */
export function namedDestination(description: string): string | null {
  return /\(([^()]*)\)$/.exec(usageLineLabel(description))?.[1] ?? null;
}

/**
 * The destination a usage line's description names: its prefix (`namedDestination`), so a
 * destination renamed since still matches; else the description (without a late-calls note), a
 * by-day line's as generation writes it now (grouping `currentDayLineLabel`), so a line described
 * "Calls on 1 Mar 2026" before matches one described "Calls on Mar 1, 2026" now.
 */
export function usageLineDestination(description: string): string {
  return namedDestination(description) ?? currentDayLineLabel(usageLineLabel(description));
}

/**
 * What a usage line bills, for matching a line generated now to the billed one: the day of a by-day
 * line, the destination of a by-destination line (see `usageLineDestination`). Null when a line
 * cannot be a line of that grouping (a by-day line over several days).
 */
function usageLineKey(line: Pick<InvoiceLine, 'description' | 'startDate' | 'endDate'>, grouping: LineGrouping): string | null {
  if (grouping === 'day') return line.startDate !== null && line.startDate === line.endDate ? line.startDate : null;
  return usageLineDestination(line.description);
}

interface UsageSums {
  net: string;
  calls: number;
  minutes: string;
}

/** Billed minutes to their 2 decimals, a line without minutes counting none. */
const minutesOf = (line: Pick<InvoiceLine, 'minutes'>) => line.minutes ?? '0';

/**
 * A usage line for the difference `now − billed` of nets, calls and minutes, over `template`'s days:
 * the days of the late calls when they can be told, else the line's days now (see `usageDifference`).
 */
function differenceLine(template: Pick<InvoiceLine, 'description' | 'startDate' | 'endDate'>, now: UsageSums, billed: UsageSums): InvoiceLineDraft {
  const net = subtractDecimals(now.net, billed.net);
  const minutes = roundDecimal(subtractDecimals(now.minutes, billed.minutes), 2);
  return {
    kind: 'usage',
    description: template.description,
    startDate: template.startDate,
    endDate: template.endDate,
    quantity: minutes,
    unit: 'min',
    // Information only, as on any usage line: the money is the amount.
    unitPrice: isZeroDecimal(minutes) ? formatUnits(0, MAX_DECIMALS) : divideDecimals(net, minutes, MAX_DECIMALS),
    amount: net,
    // Calls cannot be negative on a line: one whose calls went down (a call credited) shows none.
    calls: Math.max(0, now.calls - billed.calls),
    minutes,
    packageId: null,
  };
}

/**
 * Whether a difference is worth a line: money to bill or credit, calls not billed yet (a free call
 * too), or billed minutes changed (a call's billed duration corrected, at the same charge): those
 * change what a free-minutes credit is valued at (the average rate of the minutes), so the credit
 * is worked out again with them (see `lateUsage`).
 */
function billable(now: UsageSums, billed: UsageSums): boolean {
  return compareDecimals(now.net, billed.net) !== 0 || now.calls > billed.calls || compareDecimals(now.minutes, billed.minutes) !== 0;
}

/**
 * The usage lines of what the `billed` invoices' usage lines do not bill of the usage in `table`:
 * the usage grouped now (in `grouping`), each line matched to the billed lines of its day or
 * destination. A line nobody billed comes as generated (its exact sum of charges); a line billed in
 * part comes as the difference of the nets, to the cent, so that the billed nets plus this one are
 * the net a single invoice would bill for it. When a billed line matches no line of the usage now
 * (its description changed, or it is of another grouping), one line holds the whole difference.
 */
function usageDifference(
  billed: readonly InvoiceWithLines[],
  table: UsageTable,
  grouping: LineGrouping,
  currency: string,
  rounding: Invoice['rounding'],
  period: Period,
): { lines: InvoiceLineDraft[]; oneLine: boolean } {
  const zero = formatUnits(0, currencyExponent(currency));
  const none = (): UsageSums => ({ net: zero, calls: 0, minutes: '0' });
  const nowWithRows = groupUsageWithRows(table, grouping);
  const now = nowWithRows.map(({ line }) => line);
  const nowNets = lineNets(now, currency, rounding);
  const nowSums = now.map((line, i): UsageSums => ({ net: nowNets[i]!, calls: line.calls ?? 0, minutes: minutesOf(line) }));
  const index = new Map<string, number>();
  let matched = true;
  now.forEach((line, i) => {
    const key = usageLineKey(line, grouping);
    if (key === null || index.has(key)) matched = false;
    else index.set(key, i);
  });
  const billedSums: (UsageSums | undefined)[] = new Array(now.length);
  // The days each line of the usage now was billed over (the billed lines' periods); null when a
  // billed line has none, so they cannot be told.
  const billedDays: (Period[] | null | undefined)[] = new Array(now.length);
  const allBilled = none();
  const add = (sums: UsageSums, net: string, line: InvoiceLine) => {
    sums.net = addDecimals(sums.net, net);
    sums.calls += line.calls ?? 0;
    sums.minutes = addDecimals(sums.minutes, minutesOf(line));
  };
  for (const { invoice, lines } of billed) {
    // A line of no calls and no charge bills nothing: Generate Invoice made them of failed call
    // attempts before it left those out, and lines of internal calls (lib/grouping
    // isInternalCallsLine) before it left those out. Matched, it would match no line of the usage now.
    const usageLines = lines.filter((line) => line.kind === 'usage' && !((line.calls ?? 0) === 0 && isZeroDecimal(line.amount ?? '0')) && !isInternalCallsLine(line));
    // Each invoice's lines as that invoice rounded them.
    const nets = lineNets(usageLines, currency, invoice.rounding);
    usageLines.forEach((line, j) => {
      add(allBilled, nets[j]!, line);
      const key = usageLineKey(line, grouping);
      const at = key === null ? undefined : index.get(key);
      if (at === undefined) matched = false;
      else {
        add((billedSums[at] ??= none()), nets[j]!, line);
        const days = billedDays[at];
        if (line.startDate === null || line.endDate === null) billedDays[at] = null;
        else if (days !== null) (billedDays[at] = days ?? []).push({ start: line.startDate, end: line.endDate });
      }
    });
  }

  if (!matched) {
    const allNow = none();
    nowSums.forEach((sums) => {
      allNow.net = addDecimals(allNow.net, sums.net);
      allNow.calls += sums.calls;
      allNow.minutes = addDecimals(allNow.minutes, sums.minutes);
    });
    if (!billable(allNow, allBilled)) return { lines: [], oneLine: true };
    const description = `Usage ${dayRangeAsShown(period.start, period.end)} not billed on ${names(billed.map((b) => b.invoice))}`;
    return { lines: [differenceLine({ description, startDate: period.start, endDate: period.end }, allNow, allBilled)], oneLine: true };
  }
  /**
   * The days of line `i`'s calls not billed, when they can be told: usage rows keep no record of
   * when they came, and a billed line only its first and last day. The rows now on days no billed
   * line of it covers came since; when the rows on the other days still come to what was billed
   * (calls, minutes and net alike), nothing changed there, so those days are the late calls' days.
   * Null otherwise (late calls among the billed days, usage gone down): the line's days now.
   */
  const lateDays = (i: number, was: UsageSums): Period | null => {
    const covered = billedDays[i];
    if (grouping === 'day' || !covered) return null;
    const { rows } = nowWithRows[i]!;
    const isCovered = (row: number) => covered.some(({ start, end }) => table.rows[row]!.day >= start && table.rows[row]!.day <= end);
    const since = rows.filter((row) => !isCovered(row));
    if (since.length === 0) return null;
    const [before] = groupUsage(rows.filter(isCovered).map((row) => table.rows[row]!), grouping);
    const still = before === undefined ? none() : { net: lineNets([before], currency, rounding)[0]!, calls: before.calls ?? 0, minutes: minutesOf(before) };
    if (still.calls !== was.calls || compareDecimals(still.minutes, was.minutes) !== 0 || compareDecimals(still.net, was.net) !== 0) return null;
    const [late] = groupUsage(since.map((row) => table.rows[row]!), grouping);
    return { start: late!.startDate!, end: late!.endDate! };
  };
  const lines: InvoiceLineDraft[] = [];
  // Each line says its calls are not on the billed invoices: over days one of theirs covers too, it
  // would read as that line billed twice.
  const billedOn = names(billed.map((b) => b.invoice));
  now.forEach((line, i) => {
    const was = billedSums[i];
    const late = { ...line, description: lateCallsDescription(line.description, billedOn) };
    if (was === undefined) {
      if (billable(nowSums[i]!, none())) lines.push(late);
    } else if (billable(nowSums[i]!, was)) {
      const days = lateDays(i, was);
      lines.push(differenceLine(days === null ? late : { ...late, startDate: days.start, endDate: days.end }, nowSums[i]!, was));
    }
  });
  return { lines, oneLine: false };
}

/** Generated lines that follow the usage and are worked out again for late usage (as differences). */
const ADJUSTED_KINDS: ReadonlySet<InvoiceLine['kind']> = new Set(['free-minutes', 'minimum-spend']);

/** A package charge or setup line, as compared between what was billed and what the packages give now. */
const chargeKey = (line: InvoiceLineDraft) => [line.kind, line.packageId, line.startDate, line.endDate, line.quantity, line.unitPrice, line.amount].join('|');

/** A free-minutes credit's or a minimum-spend top-up's package and days: what its differences are worked out per. */
const adjustmentKey = (line: Pick<InvoiceLineDraft, 'kind' | 'packageId' | 'startDate' | 'endDate'>) => [line.kind, line.packageId, line.startDate, line.endDate].join('|');

/**
 * What a late-calls adjustment of a billed credit or top-up is called: a difference, not a line of
 * its own kind, whose label would mislead (a positive amount under "free minutes" reads as a charge
 * for free minutes, when the late calls lowered the average rate the credit is valued at). A
 * free-minutes credit: "UK bundle (free minutes credit revised, now at $0.126923/min, see INV-2)",
 * the rate the whole credit is valued at now when there is one; a top-up: "Minimum 20 (minimum
 * spend top-up revised, see INV-2)", as its own description's figures (lib/packages
 * minimumSpendDescription), of the usage then or now, are not the difference's. A credit or top-up
 * no invoice billed yet keeps its own description. `now`: the line for the usage now, if any.
 */
function adjustmentDescription(
  template: InvoiceLineDraft,
  now: InvoiceLineDraft | undefined,
  billedOn: readonly Invoice[],
  packages: readonly Pick<Package, 'id' | 'name'>[],
  currency: string,
): string {
  if (billedOn.length === 0) return template.description;
  const name = packages.find((p) => p.id === template.packageId)?.name;
  if (name === undefined) return template.description;
  const see = `see ${names(billedOn)}`;
  if (template.kind === 'minimum-spend') return `${name} (minimum spend top-up revised, ${see})`;
  // A credit's unit price is minus the rate its minutes are valued at.
  return now === undefined ? `${name} (free minutes credit revised, ${see})` : `${name} (free minutes credit revised, now at ${formatPrice(negateDecimal(now.unitPrice), currency)}/min, ${see})`;
}

/** A line's exact net before rounding: its amount, or quantity × unit price. */
const exactNet = (line: Pick<InvoiceLineDraft, 'amount' | 'quantity' | 'unitPrice'>) => line.amount ?? multiplyDecimals(line.quantity, line.unitPrice);

/**
 * The free-minutes credits and minimum-spend top-ups (by `adjustmentKey`) that the period's main
 * issued invoice (`primaryLines`) does not have as Generate Invoice made them: the clerk deleted or
 * edited them before issuing (a waived top-up, say). Those are the clerk's decisions, so late calls
 * do not bill their difference: what the invoice billed for them stands.
 *
 * Decided per package and days, by package (not description, which the clerk may reword):
 * - A minimum-spend top-up: Generate Invoice made `commitment − spent` when that was above zero,
 *   `spent` being what the invoice's usage lines in its days bill, each rounded (as Generate Invoice
 *   tops up; over fewer days than the period it once used their exact charges, and a top-up made
 *   so still counts as generated: a usage line's amount is the exact sum of its charges). When the lines tell the days'
 *   spend (the whole period, or every usage line lies wholly inside or outside the days), the top-up is as generated when the invoice's top-up
 *   lines for it bill that, to the cent (none when nothing was short), else it is a decision. When
 *   they cannot tell (a by-destination line straddling the days, or days before the period, of a
 *   commitment that began before it), a top-up on the invoice counts as generated and one missing
 *   from it as deleted.
 * - A free-minutes credit: the usage lines cannot tell which calls a package covered, so a credit on
 *   the invoice counts as generated, and one missing from it as not made then (no calls on its
 *   prefixes yet): the late calls get their credit. A credit the clerk deleted is therefore given
 *   again; deleting a credit the customer is owed is not a decision this guards.
 */
function clerksDecisions(input: Omit<GenerateInvoiceInput, 'invoiceDate' | 'newLineId'> & { primaryLines: readonly InvoiceLine[] }): Set<string> {
  const { period, primaryLines } = input;
  const { currency } = input.customer;
  const { rounding } = input.account;
  const decisions = new Set<string>();
  // With no usage, a minimum-spend package's top-up is its whole commitment for its days: exact
  // from packageLines (Generate Invoice prices it in the currency's minor unit).
  const commitments = packageLines(input.assignments.filter((a) => a.customerId === input.customer.id), input.packages, [], period).topUps;
  const usageLines = primaryLines.filter((line) => line.kind === 'usage');
  const usageNets = lineNets(usageLines, currency, rounding);
  // What the usage lines in the days bill: each rounded, as Generate Invoice tops up now; and their
  // exact charges, as it topped up over part of the period before (an invoice issued then still
  // reads as generated). Null when a line straddles the days.
  const spentIn = (start: string, end: string): string[] | null => {
    // Over the whole period, Generate Invoice always topped up what the usage lines bill, each rounded.
    if (start === period.start && end === period.end) return [addDecimals('0', ...usageNets)];
    // A commitment settled here that began before the period counts days no line of this invoice bills.
    if (start < period.start) return null;
    let rounded = '0';
    let exact = '0';
    for (const [i, line] of usageLines.entries()) {
      const inside = line.startDate !== null && line.endDate !== null && line.startDate >= start && line.endDate <= end;
      const outside = line.startDate !== null && line.endDate !== null && (line.endDate < start || line.startDate > end);
      if (inside) {
        rounded = addDecimals(rounded, usageNets[i]!);
        exact = addDecimals(exact, exactNet(line));
      } else if (!outside) return null;
    }
    return [rounded, exact];
  };
  // What the top-ups billed, each line's net: compared to the cent, so a top-up priced in cents and
  // one issued before at its exact shortfall (17.196000) both read as generated.
  const billedTopUps = new Map<string, string>();
  const topUpLines = primaryLines.filter((line) => line.kind === 'minimum-spend');
  lineNets(topUpLines, currency, rounding).forEach((net, i) => {
    const key = adjustmentKey(topUpLines[i]!);
    billedTopUps.set(key, addDecimals(billedTopUps.get(key) ?? '0', net));
  });
  for (const commitment of commitments) {
    const key = adjustmentKey(commitment);
    const billed = billedTopUps.get(key);
    const spent = spentIn(commitment.startDate!, commitment.endDate!);
    if (spent === null) {
      if (billed === undefined) decisions.add(key);
      continue;
    }
    const generated = spent.map((s) => {
      const shortfall = subtractDecimals(exactNet(commitment), s);
      return compareDecimals(shortfall, '0') > 0 ? roundToCurrency(shortfall, currency, rounding) : '0';
    });
    if (!generated.some((g) => compareDecimals(billed ?? '0', g) === 0)) decisions.add(key);
  }
  return decisions;
}

/**
 * The usage of the billed invoices' period that they do not bill (see `UnbilledUsage`). `billed`
 * must be non-empty, one customer's issued invoices for one period. Throws as Generate Invoice does
 * (usage in another currency, a broken package), naming the field.
 */
function unbilledUsage(input: UnbilledUsageInput): UnbilledUsage {
  const { billed, account } = input;
  const { invoice, lines: primaryLines } = primaryInvoice(billed);
  const billedBy = [invoice, ...billed.map((b) => b.invoice).filter((other) => other.id !== invoice.id)];
  const period = { start: invoice.periodStart!, end: invoice.periodEnd! };
  const { currency, rounding } = invoice;
  const table = selectBillableUsage(input.usage, invoice.customerId, period, currency);
  const grouping = usageLineGrouping(primaryLines) ?? account.lineGrouping;
  const usagePart = usageDifference(billed, table, grouping, currency, rounding, period);

  // Free-minutes credits and minimum-spend top-ups as a single invoice for the usage now would
  // have them, less what the invoices billed, per package assignment (package and days).
  // Setups the billed invoices bill are what is compared; those other invoices bill are not billed again.
  const billedIds = new Set(billed.map((b) => b.invoice.id));
  const { lines: generated, setupsLeftOut, internalCalls } = generateInvoice({
    ...input,
    account: { ...account, lineGrouping: grouping, rounding },
    period,
    invoiceDate: period.end,
    invoiceId: invoice.id,
    newLineId: () => invoice.id,
    billedSetups: input.billedSetups?.filter((other) => !billedIds.has(other.invoice.id)),
  });
  const billedLines = billed.flatMap((b) => b.lines);
  const adjustable = generated.some((line) => ADJUSTED_KINDS.has(line.kind)) || billedLines.some((line) => ADJUSTED_KINDS.has(line.kind));
  const charges = (lines: readonly InvoiceLineDraft[]) => lines.filter((line) => line.kind === 'package' || line.kind === 'setup').map(chargeKey).sort();
  const chargesUnbilled = charges(billedLines).length === 0 && charges(generated).length > 0;
  const packagesChanged = adjustable && !chargesUnbilled && charges(generated).join('\n') !== charges(billedLines).join('\n');
  const adjustments: InvoiceLineDraft[] = [];
  const keptAsBilled: InvoiceLineDraft[] = [];
  if (adjustable && !packagesChanged) {
    const zero = formatUnits(0, currencyExponent(currency));
    const byKey = new Map<string, { template: InvoiceLineDraft; now: string; billed: string; nowMinutes: string; billedMinutes: string; billedOn: Invoice[] }>();
    const entry = (line: InvoiceLineDraft) => {
      const key = adjustmentKey(line);
      let found = byKey.get(key);
      if (found === undefined) byKey.set(key, (found = { template: line, now: zero, billed: zero, nowMinutes: '0', billedMinutes: '0', billedOn: [] }));
      return found;
    };
    const fresh = generated.filter((line) => ADJUSTED_KINDS.has(line.kind));
    lineNets(fresh, currency, rounding).forEach((net, i) => {
      const found = entry(fresh[i]!);
      found.now = addDecimals(found.now, net);
      found.nowMinutes = addDecimals(found.nowMinutes, minutesOf(fresh[i]!));
    });
    for (const b of billed) {
      const old = b.lines.filter((line) => ADJUSTED_KINDS.has(line.kind));
      lineNets(old, currency, b.invoice.rounding).forEach((net, i) => {
        const found = entry(old[i]!);
        found.billed = addDecimals(found.billed, net);
        found.billedMinutes = addDecimals(found.billedMinutes, minutesOf(old[i]!));
        if (!found.billedOn.includes(b.invoice)) found.billedOn.push(b.invoice);
      });
    }
    // The clerk's decisions were made on the period's own invoice; with it void, there are none.
    const asBilled = chargesUnbilled
      ? new Set<string>()
      : clerksDecisions({ ...input, account: { ...account, lineGrouping: grouping, rounding }, period, invoiceId: invoice.id, primaryLines });
    for (const [key, { template, now, billed: was, nowMinutes, billedMinutes, billedOn }] of byKey) {
      const net = subtractDecimals(now, was);
      if (isZeroDecimal(net)) continue;
      if (asBilled.has(key)) {
        keptAsBilled.push(template);
        continue;
      }
      const base = { kind: template.kind, description: template.description, startDate: template.startDate, endDate: template.endDate, calls: null, packageId: template.packageId };
      const description = adjustmentDescription(template, fresh.some((line) => line === template) ? template : undefined, billedOn, input.packages, currency);
      if (template.kind === 'free-minutes') {
        const minutes = roundDecimal(subtractDecimals(nowMinutes, billedMinutes), 2);
        adjustments.push({ ...base, description, quantity: minutes, unit: 'min', unitPrice: template.unitPrice, amount: net, minutes });
      } else {
        adjustments.push({ ...base, description, quantity: '1', unit: 'each', unitPrice: net, amount: null, minutes: null });
      }
    }
    // Credits before top-ups, as Generate Invoice orders them.
    adjustments.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'free-minutes' ? -1 : 1));
  }

  const chargeLines: InvoiceLineDraft[] = chargesUnbilled
    ? generated.filter((line) => line.kind === 'package' || line.kind === 'setup').map(({ id: _id, invoiceId: _invoiceId, position: _position, taxRate: _taxRate, ...draft }) => draft)
    : [];
  const lines = [...chargeLines, ...usagePart.lines, ...adjustments];
  const nets = lineNets(lines, currency, rounding);
  const zero = formatUnits(0, currencyExponent(currency));
  const sumOf = (kind: InvoiceLine['kind']) => addDecimals(zero, ...nets.filter((_, i) => lines[i]!.kind === kind));
  let calls = 0;
  for (const line of usagePart.lines) calls += line.calls ?? 0;
  return {
    billedBy,
    lines,
    usage: { calls, minutes: roundDecimal(addDecimals('0', ...usagePart.lines.map(minutesOf)), 2), net: sumOf('usage') },
    freeMinutes: sumOf('free-minutes'),
    minimumSpend: sumOf('minimum-spend'),
    net: addDecimals(zero, ...nets),
    oneLine: usagePart.oneLine,
    packagesChanged,
    chargesUnbilled,
    packageCharges: addDecimals(zero, ...nets.filter((_, i) => lines[i]!.kind === 'package' || lines[i]!.kind === 'setup')),
    keptAsBilled,
    setupsLeftOut: chargesUnbilled ? setupsLeftOut : [],
    internalCalls,
  };
}

/**
 * The usage of an issued invoice's period that no issued invoice of that customer for that period
 * bills yet: calls that came in after it was issued (late CDRs), or, when the usage went down
 * since (a call credited, a double count corrected), what it billed too much, as a credit. The
 * invoice's own lines count, and those of the other issued invoices for the same period (an
 * earlier late-calls invoice), so once the late calls are invoiced and issued there is nothing
 * left. Drafts do not count as billed; those of the period with lines from usage are listed.
 *
 * The lines follow the grouping of the period's main invoice (see `usageDifference`); free-minutes
 * credits and minimum-spend top-ups are worked out again as a single invoice for the usage now
 * would have them, and the difference billed, unless the customer's packages changed since
 * (`packagesChanged`). Package charges and setups are never billed again.
 *
 * Null when the invoice is not issued, is a credit note made by Credit note…, has no period or no lines from usage (a hand-made one), when
 * all the usage is billed (whatever the package adjustments would come to now), or when the period
 * has usage in another currency. When the usage changed but the net is zero (the late calls are
 * covered, by the minimum-spend commitment say), it is found, but `lateCallsInvoice` makes no draft.
 */
export function lateUsage(input: LateUsageInput): LateUsage | null {
  const { invoice, lines, invoices } = input;
  if (!billsAlready(invoice) || invoice.creditsId || invoice.periodStart === null || invoice.periodEnd === null || !lines.some(isUsageLine)) return null;
  try {
    selectBillableUsage(input.usage, invoice.customerId, { start: invoice.periodStart, end: invoice.periodEnd }, invoice.currency);
  } catch {
    // Usage in another currency cannot be billed on the invoice's period at all; Generate Invoice says so.
    return null;
  }
  const unbilled = unbilledUsage({ ...input, billed: [{ invoice, lines }, ...issuedForPeriod(invoice, invoices)] });
  // Only late calls make a notice: with no usage changed there is nothing late, whatever the
  // free-minutes and minimum-spend lines would come to now (see `clerksDecisions`).
  if (unbilled.lines.every((line) => line.kind !== 'usage')) return null;
  // Billed minutes changed with no money and no calls (a billed duration corrected): late only when
  // that changes a free-minutes credit or a top-up, so the difference has money to bill or credit.
  const minutesOnly = unbilled.lines.every((line) => line.kind !== 'usage' || ((line.calls ?? 0) === 0 && isZeroDecimal(line.amount ?? '0')));
  if (minutesOnly && isZeroDecimal(unbilled.net)) return null;
  const drafts = invoices
    .filter((other) => other.invoice.status === 'draft' && !other.invoice.creditsId && samePeriod(invoice, other.invoice) && other.lines.some(isUsageLine))
    .map((other) => other.invoice);
  const leftOut = leftOutOfReplaced(input, unbilled);
  return { ...unbilled, drafts, ...(leftOut ? { leftOut } : {}) };
}

/**
 * Of the usage a replacement leaves unbilled (`unbilled`), the part the void invoice it replaces
 * (`input.replaced`, of the same period) billed: what was unbilled had that invoice stood, less what
 * is unbilled with the replacement, calls, minutes and money. A replacement made by Void and replace
 * with a line removed on purpose (a disputed destination) leaves those calls out: they are not
 * calls that came in after it was issued, and the clerk is not to be invited to bill them as such.
 * Null when it replaces none, or another period's, or leaves out nothing it billed, or the usage
 * went down (a credit).
 */
function leftOutOfReplaced(input: LateUsageInput, unbilled: UnbilledUsage): LeftOutUsage | null {
  const { invoice, replaced } = input;
  if (!replaced || invoice.replacesId !== replaced.invoice.id || !samePeriod(invoice, replaced.invoice) || !replaced.lines.some(isUsageLine)) return null;
  if (lateUsageDirection(unbilled) !== 'up') return null;
  // As though the replaced invoice stood instead: what it leaves unbilled came in late.
  const stood = unbilledUsage({ ...input, billed: [{ invoice: { ...replaced.invoice, status: 'issued' }, lines: replaced.lines }, ...issuedForPeriod(invoice, input.invoices)] });
  const late = stood.lines.some((line) => line.kind === 'usage') && lateUsageDirection(stood) === 'up' ? stood.usage : { calls: 0, minutes: '0', net: '0' };
  const calls = unbilled.usage.calls - late.calls;
  const net = subtractDecimals(unbilled.usage.net, late.net);
  if (calls <= 0 && compareDecimals(net, '0') <= 0) return null;
  return {
    replaced: replaced.invoice,
    calls: Math.max(calls, 0),
    minutes: roundDecimal(subtractDecimals(unbilled.usage.minutes, late.minutes), 2),
    net,
    all: late.calls === 0 && isZeroDecimal(late.net),
  };
}

/**
 * Which way a late usage's usage lines go, the package adjustments aside: `up` when calls came in
 * (more to bill, or calls that change no line's net), `down` when the period's usage went down
 * since (calls credited or counted twice): then they are a credit.
 */
export function lateUsageDirection(late: Pick<UnbilledUsage, 'usage'>): 'up' | 'down' {
  const { calls, minutes, net } = late.usage;
  const sign = compareDecimals(net, '0');
  if (sign !== 0) return sign > 0 ? 'up' : 'down';
  return calls > 0 || compareDecimals(minutes, '0') >= 0 ? 'up' : 'down';
}

/** "a larger free-minutes credit", "a smaller minimum-spend top-up": how the package adjustments change, in words. */
export function adjustmentWords(late: Pick<UnbilledUsage, 'freeMinutes' | 'minimumSpend'>): string[] {
  const words: string[] = [];
  // A free-minutes credit is below zero: a difference below zero is more credit.
  const free = compareDecimals(late.freeMinutes, '0');
  if (free !== 0) words.push(`a ${free < 0 ? 'larger' : 'smaller'} free-minutes credit`);
  const topUp = compareDecimals(late.minimumSpend, '0');
  if (topUp !== 0) words.push(`a ${topUp > 0 ? 'larger' : 'smaller'} minimum-spend top-up`);
  return words;
}

/**
 * A draft that bills what `lateUsage` finds: the same customer and period, its lines at the
 * customer's tax rate, rounded as the issued invoice, notes naming the invoices it completes and
 * saying what it bills: the usage by its own direction, then the package adjustments, then the
 * balance when they turn it the other way. Throws an InvoiceInputError when there is nothing to
 * bill, and when the net is zero (the late calls are covered).
 */
export function lateCallsInvoice(
  input: LateUsageInput & Pick<GenerateInvoiceInput, 'invoiceDate' | 'invoiceId' | 'newLineId'>,
): GeneratedInvoice & { late: LateUsage } {
  const terms = check(customerTermsSchema, input.customer, 'customer');
  const invoiceDate = check(daySchema, input.invoiceDate, 'invoiceDate');
  const invoiceId = check(idSchema, input.invoiceId, 'invoiceId');
  const late = lateUsage(input);
  if (late === null) throw new InvoiceInputError('invoice', `${invoiceName(input.invoice)} has no usage left to bill: its period's usage is all on issued invoices`);
  if (isZeroDecimal(late.net)) {
    throw new InvoiceInputError(
      'invoice',
      `${invoiceName(input.invoice)}'s late calls are covered: with the free-minutes and minimum-spend changes they bring, they come to nothing to bill, so no invoice is needed`,
    );
  }
  const { invoice: issued } = input;
  const lines = late.lines.map((draft, position): InvoiceLine => ({ id: input.newLineId(), invoiceId, position, ...draft, taxRate: terms.taxRate }));
  const totals = computeTotals(lines, issued.currency, issued.rounding);
  const billedBy = names(late.billedBy);
  const issuedWas = late.billedBy.length === 1 ? 'it was' : 'they were';
  // The usage by its own direction; then the package adjustments it brings, and the balance when
  // they turn it the other way (calls came in, yet the top-up saved makes it a credit).
  const up = lateUsageDirection(late) === 'up';
  const leftOut = late.leftOut;
  const usage = late.chargesUnbilled
    ? `the package charges no issued invoice of the period bills (its own invoice is void), and usage of the period not billed on ${billedBy}`
    : up && leftOut
    ? `usage of the period not billed on ${billedBy}: calls ${invoiceName(leftOut.replaced)}, which ${billedBy} replaces, billed and ${billedBy} left out, billed on purpose${leftOut.all ? '' : `, and calls that came in after ${issuedWas} issued`}`
    : up
    ? `usage of the period not billed on ${billedBy}, such as calls that came in after ${issuedWas} issued`
    : `a credit for the usage ${billedBy} billed beyond the period's usage as it is now (calls credited or counted twice since)`;
  const adjusted = adjustmentWords(late);
  const credit = compareDecimals(late.net, '0') < 0;
  const what =
    usage +
    (adjusted.length === 0 ? '' : `, with the package adjustments it brings (${adjusted.join(' and ')})`) +
    (adjusted.length > 0 && credit === up ? `; on balance a ${credit ? 'credit' : 'charge'}` : '');
  const invoice: Invoice = {
    id: invoiceId,
    customerId: issued.customerId,
    number: null,
    status: 'draft',
    invoiceDate,
    dueDate: addDays(invoiceDate, terms.dueDays),
    periodStart: issued.periodStart,
    periodEnd: issued.periodEnd,
    currency: issued.currency,
    rounding: issued.rounding,
    notes: `Completes ${billedBy} (period ${dayRangeAsShown(issued.periodStart!, issued.periodEnd!)}): ${what}.`,
    voidReason: '',
    net: totals.net,
    tax: totals.tax,
    total: totals.total,
    paid: formatUnits(0, currencyExponent(issued.currency)),
  };
  return { invoice, lines, late, setupsLeftOut: late.setupsLeftOut };
}
