/**
 * A billing run: Generate Invoice for every customer on one invoice schedule at once, for the
 * schedule's last whole period (last month for monthly customers, last week for weekly, yesterday
 * for daily). Each customer's draft is exactly what Generate Invoice would make for it. A customer
 * with an issued invoice billing days of the period already (by its own period or its items' dates,
 * its issued credit notes giving back what they refund, see lib/invoice-periods `periodInvoices`),
 * with a draft of the period (no second draft: the clerk opens that one), or with nothing to bill,
 * is left out and says why, so a run can be started again without billing anyone twice. A period
 * an issued invoice billed and credit notes gave back in full is billed again, its row naming both
 * (a month credited to be waived must not be billed again unknowingly). A draft
 * bills nothing until it is issued, and so a draft credit note gives nothing back: the period it
 * refunds stays billed. Setups the customer's issued invoices bill already are left out of its
 * draft, as Generate Invoice leaves them out.
 */
import { addDays, daysInMonth, isoWeekday } from './dates';
import type { Account, Customer, CustomerPackage, Invoice, InvoiceLine, Package, Period, Usage } from './entities';
import { generateInvoice, type GeneratedDraft } from './generate';
import { chargedPackages, type GivenBackInvoice, type LineDates, linesByInvoice, type OverlappingInvoice, periodGivenBack, periodInvoices } from './invoice-periods';
import { computeTotals, type InvoiceTotals } from './totals';

export type RunSchedule = Exclude<Customer['schedule'], 'none'>;
export const RUN_SCHEDULES: readonly RunSchedule[] = ['monthly', 'weekly', 'daily'];

/**
 * The schedule's period that holds `today` (a day in the account's timezone): its calendar month,
 * its ISO week (Monday to Sunday), or the day itself. The one definition of a customer's billing
 * month, week and day: the billing run's and Generate Invoice's presets count from it.
 */
export function currentPeriod(schedule: RunSchedule, today: string): Period {
  switch (schedule) {
    case 'daily':
      return { start: today, end: today };
    case 'weekly': {
      const monday = addDays(today, 1 - isoWeekday(today));
      return { start: monday, end: addDays(monday, 6) };
    }
    case 'monthly': {
      const year = Number(today.slice(0, 4));
      const month = Number(today.slice(5, 7));
      const mm = String(month).padStart(2, '0');
      return { start: `${today.slice(0, 4)}-${mm}-01`, end: `${today.slice(0, 4)}-${mm}-${String(daysInMonth(year, month)).padStart(2, '0')}` };
    }
  }
}

/**
 * The schedule's last whole period before `today`: the period before currentPeriod's, so the
 * previous calendar month, the previous ISO week (Monday to Sunday), or yesterday.
 */
export function lastWholePeriod(schedule: RunSchedule, today: string): Period {
  return currentPeriod(schedule, addDays(currentPeriod(schedule, today).start, -1));
}

/** What the run does for one customer. */
export type RunOutcome =
  /**
   * A draft to create: Generate Invoice's, with its totals. `givenBack`: the issued invoices that
   * billed days of the period which credit notes have since given back in full (lib/invoice-periods
   * `periodGivenBack`): the draft bills those days again, which its row says, as Generate does.
   */
  | { kind: 'draft'; generated: GeneratedDraft; totals: InvoiceTotals; givenBack: GivenBackInvoice<Invoice>[] }
  /**
   * Left out: issued invoices billing days of the run's period already exist: by their own period,
   * or by their items' dates (lib/invoice-periods `periodInvoices`), each with those of its days that do.
   */
  | { kind: 'invoiced'; invoices: OverlappingInvoice<Invoice>[] }
  /**
   * Left out: no issued invoice bills the period, but drafts of days of it exist. They bill nothing
   * yet; a second draft would bill the period twice once both are issued, so the clerk opens one instead.
   */
  | { kind: 'drafted'; drafts: OverlappingInvoice<Invoice>[] }
  /**
   * Left out: nothing to bill in the period (no calls, no package charges). `internalCalls`: the
   * period's internal calls, which Generate Invoice leaves out (see `GeneratedDraft.internalCalls`), when any.
   */
  | { kind: 'nothing'; internalCalls: GeneratedDraft['internalCalls'] }
  /** Left out: Generate Invoice refuses the customer's data (usage in another currency, say), with why. */
  | { kind: 'failed'; reason: string };

export interface RunEntry {
  customer: Customer;
  outcome: RunOutcome;
}

export interface BillingRunInput {
  account: Account;
  /** Every customer; those on `schedule` take part, active or not (one made inactive mid-period still owes it). */
  customers: readonly Customer[];
  schedule: RunSchedule;
  period: Period;
  /** The drafts' invoice date (today in the account's timezone). */
  invoiceDate: string;
  assignments: readonly CustomerPackage[];
  packages: readonly Package[];
  /** The invoices of the customers on the schedule (others are ignored). */
  invoices: readonly Invoice[];
  /** The setup and package lines of those invoices: a setup or one-off charge one bills is not billed again (see Generate Invoice's `billedSetups`). */
  setupLines: readonly Pick<InvoiceLine, 'invoiceId' | 'kind' | 'packageId' | 'quantity' | 'startDate'>[];
  /**
   * Those invoices' lines that bill days (lib/invoice-periods `billsDays`, as `lineDates` picks
   * them; others are ignored): with an invoice's own period, the days it bills (one made by hand
   * has no period, and any may carry an item for other days), so that the run does not bill those
   * days again. A refund bills none, nor a line it refunds in full, nor a credit note's period, nor
   * a one-off package's charge, and a package's charge only
   * the period Generate would bill it in (`assignments` and `packages` tell which).
   */
  lineDates: readonly (LineDates & Pick<InvoiceLine, 'invoiceId'>)[];
  /** Usage rows of the period by customer id. */
  usageByCustomer: ReadonlyMap<string, readonly Usage[]>;
  /** Mints invoice and line ids. */
  newId: () => string;
}

/** The run's customers (on the schedule), by name, each with what the run does for it. */
export function planBillingRun(input: BillingRunInput): RunEntry[] {
  const { account, schedule, period } = input;
  const customers = input.customers.filter((c) => c.schedule === schedule).sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  const invoicesOf = groupBy(input.invoices, (i) => i.customerId);
  const assignmentsOf = groupBy(input.assignments, (a) => a.customerId);
  const setupLinesOf = groupBy(input.setupLines, (line) => line.invoiceId);
  const lineDatesOf = linesByInvoice(input.lineDates);
  const packagesOf = chargedPackages(input.packages, input.assignments);
  return customers.map((customer) => {
    // As Generate Invoice sees the period: what issued invoices bill (a draft credit note gives nothing back), and its drafts.
    const { billed, drafts } = periodInvoices(invoicesOf.get(customer.id) ?? [], lineDatesOf, period, packagesOf(customer.id));
    if (billed.length > 0) return { customer, outcome: { kind: 'invoiced', invoices: billed } };
    if (drafts.length > 0) return { customer, outcome: { kind: 'drafted', drafts } };
    let generated: GeneratedDraft;
    try {
      generated = generateInvoice({
        account,
        customer,
        assignments: assignmentsOf.get(customer.id) ?? [],
        packages: input.packages,
        usage: input.usageByCustomer.get(customer.id) ?? [],
        billedSetups: (invoicesOf.get(customer.id) ?? []).map((invoice) => ({ invoice, lines: setupLinesOf.get(invoice.id) ?? [] })),
        period,
        invoiceDate: input.invoiceDate,
        invoiceId: input.newId(),
        newLineId: input.newId,
      });
    } catch (error) {
      return { customer, outcome: { kind: 'failed', reason: error instanceof Error ? error.message : String(error) } };
    }
    // An invoice without lines cannot be issued: no draft of one.
    if (generated.lines.length === 0) return { customer, outcome: { kind: 'nothing', internalCalls: generated.internalCalls } };
    const givenBack = periodGivenBack(invoicesOf.get(customer.id) ?? [], lineDatesOf, period, packagesOf(customer.id));
    return { customer, outcome: { kind: 'draft', generated, totals: computeTotals(generated.lines, generated.invoice.currency, generated.invoice.rounding), givenBack } };
  });
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
