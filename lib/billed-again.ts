/**
 * What a draft bills that another invoice of its customer bills already: the calls, package charges
 * and setups of a copy (Duplicate) of an invoice, before it is saved and after, until it is issued.
 * What is billed already is decided by the issued invoices alone (lib/generate `billsAlready`), their
 * credit notes giving back what they refund, as Generate Invoice decides it: a draft bills nothing
 * until it is issued, so another draft of the period is no invoice billing it (Generate Invoice
 * names it, lib/invoice-periods `periodInvoices`); issue one, and the other is named here.
 * Each usage or package line covers days (its dates, else the invoice's period); a line of the
 * draft and one of an issued invoice covering a common day bill that day twice: the same
 * calls for usage lines, the same package for package lines. A setup is billed once per item
 * assigned, whatever its dates (lib/packages setupFeeBilling): the draft's setups of a package bill
 * again when other invoices already bill its items' setups, so that fewer are left than the draft
 * bills. A one-off package's charge (frequency 'none') is counted the same way, not by its dates.
 * A refund (a credit note's line below zero, lib/invoice-periods `refunds`; a setup or one-off at a
 * price below zero) bills nothing: neither is it billed again nor does it bill what a draft bills.
 * And it gives back what it refunds: calls or a package's charge refunded in full, line
 * for line or together (lib/invoice-periods `givenBack`: one line for all of a month's calls, a line
 * refunded in parts), bill those days no more, so billing them again names no invoice; refunded in
 * part, they still bill. Setups and one-offs are netted by items, as Generate counts them.
 * (lib/invoice-periods answers the coarser question of Generate Invoice and the billing run: which
 * invoices bill any day of a period.)
 */
import type { CustomerPackage, Invoice, InvoiceLine, Package, Period } from './entities';
import { billsAlready, byNumber, isLateCallsInvoice, lateCallsCompleted, type InvoiceWithLines } from './generate';
import { dayAsShown, dayRangeAsShown } from './dates';
import { addDecimals, compareDecimals, isDecimalString } from './money';
import { givenBack, refunds } from './invoice-periods';
import { listInWords } from './text';
import type { IssuedBy } from './invoice-numbers';
import { type InvoiceSetups, type OnceCharge, type SetupFeeBilling, onceChargeBilling, onceChargeItems } from './packages';

/** Days from `start` to `end` (YYYY-MM-DD, both included): a period, as Generate Invoice takes one. */
type DayRange = Period;

export interface BilledAgain {
  /** The other invoice: an issued one (never a draft, which bills nothing yet, nor a void one). */
  invoice: Invoice;
  /** The days whose calls both bill (the first and last of them), or null when its usage lines cover none of the draft's. */
  usage: DayRange | null;
  /**
   * The calls of `usage` are a credit on both: two late-calls invoices of one invoice, each giving
   * back what it billed beyond the usage now (calls credited since), would give it back twice.
   */
  credit?: true;
  /** The draft's package lines it bills too: the same package for a common day; a one-off's, by count as setups. */
  packageLines: InvoiceLine[];
  /** The draft's setup lines of the packages whose setups it bills, when fewer are left unbilled than the draft bills. */
  setupLines: InvoiceLine[];
}

function lineDays(line: Pick<InvoiceLine, 'startDate' | 'endDate'>, invoice: Pick<Invoice, 'periodStart' | 'periodEnd'>): DayRange | null {
  const start = line.startDate ?? invoice.periodStart;
  const end = line.endDate ?? invoice.periodEnd;
  return start === null || end === null || start > end ? null : { start, end };
}

function common(a: DayRange | null, b: DayRange | null): DayRange | null {
  if (a === null || b === null) return null;
  const start = a.start > b.start ? a.start : b.start;
  const end = a.end < b.end ? a.end : b.end;
  return start <= end ? { start, end } : null;
}

function samePeriod(a: Pick<Invoice, 'periodStart' | 'periodEnd'>, b: Pick<Invoice, 'periodStart' | 'periodEnd'>): boolean {
  return a.periodStart === b.periodStart && a.periodEnd === b.periodEnd;
}

/** From the first day of either to the last of either. */
function span(a: DayRange | null, b: DayRange): DayRange {
  if (a === null) return b;
  return { start: a.start < b.start ? a.start : b.start, end: a.end > b.end ? a.end : b.end };
}

/**
 * The draft's `charges` lines (its setup lines, or its package lines of the one-off packages
 * `oneOffs`) of each package whose charges issued invoices (see `billedAgain`) bill so many of that
 * the draft's bill more than are left of the items `assignments` assign, with the invoices billing
 * them: the count Add Invoice Item and Generate Invoice go by (onceChargeBilling).
 */
function onceAgain(
  charge: OnceCharge,
  lines: readonly InvoiceLine[],
  others: readonly InvoiceWithLines[],
  assignments: readonly Pick<CustomerPackage, 'packageId' | 'quantity' | 'startDate'>[],
  oneOffs: ReadonlySet<string>,
) {
  const counted = lines.filter(
    (l) => (charge === 'setup' ? l.kind === 'setup' : l.kind === 'package' && oneOffs.has(l.packageId ?? '')) && l.packageId !== null && isDecimalString(l.quantity),
  );
  const again: { lines: InvoiceLine[]; billedOn: Invoice[] }[] = [];
  for (const packageId of new Set(counted.map((l) => l.packageId!))) {
    const mine = counted.filter((l) => l.packageId === packageId);
    const billing = onceChargeBilling(charge, packageId, assignments, others);
    if (billing.billedOn.length === 0) continue;
    if (compareDecimals(addDecimals('0', ...mine.map(onceChargeItems)), billing.unbilled) > 0) again.push({ lines: mine, billedOn: billing.billedOn.map((b) => b.invoice) });
  }
  return again;
}

/**
 * The issued invoices of `draft`'s customer (drafts and void ones bill nothing) that bill calls,
 * package charges or setups its `lines` bill too, in number order (those without a number last).
 * Only usage lines count for calls (free-minutes credits and minimum-spend top-ups follow them),
 * only package lines for packages and only setup lines for setups. A late-calls draft bills the
 * calls of the days of the invoices it completes that they do not (lib/generate lateCallsInvoice):
 * not again. Another late-calls invoice of its period, which it does not complete (both made before
 * either was issued: on two devices offline, say), bills the calls of its days that those do not
 * too: the same calls over a common day, billed twice; or credited twice, when both give back what
 * the invoice they complete billed beyond the usage now (`credit`). `assignments`: the customer's packages, whose items' setups are billed once, as are
 * the charges of one-off packages (`packages` with frequency 'none'; those not given count by dates).
 */
export function billedAgain(
  draft: Pick<Invoice, 'id' | 'customerId' | 'periodStart' | 'periodEnd' | 'notes' | 'currency' | 'rounding'>,
  lines: readonly InvoiceLine[],
  others: readonly InvoiceWithLines[],
  assignments: readonly Pick<CustomerPackage, 'customerId' | 'packageId' | 'quantity' | 'startDate'>[],
  packages: readonly Pick<Package, 'id' | 'frequency'>[] = [],
): BilledAgain[] {
  const oneOffs = new Set(packages.filter((p) => p.frequency === 'none').map((p) => p.id));
  // A refund (a credit note's line below zero) bills nothing: neither the draft's nor another's.
  const usageDays = lines.filter((l) => l.kind === 'usage' && !refunds(l)).map((l) => lineDays(l, draft));
  // A one-off's charge bills no days: counted as setups are, below.
  const packageLines = lines.filter((l) => l.kind === 'package' && l.packageId !== null && !oneOffs.has(l.packageId) && !refunds(l));
  const candidates = others.filter((other) => other.invoice.id !== draft.id && other.invoice.customerId === draft.customerId && billsAlready(other.invoice));
  const customerAssignments = assignments.filter((a) => a.customerId === draft.customerId);
  // Lines of the others given back in full by refunds, the draft's own refunds too (its lines
  // that bill are what is asked about, not to be given back), the lowest number first.
  const given = givenBack([...[...candidates].sort((a, b) => byNumber(a.invoice, b.invoice)), { invoice: { ...draft, status: 'draft' }, lines: lines.filter(refunds) }]);
  const setups = onceAgain('setup', lines, candidates, customerAssignments, oneOffs);
  const oneOffCharges = onceAgain('one-off', lines, candidates, customerAssignments, oneOffs);
  // A late-calls draft bills the calls of its days that the invoices it completes do not.
  const completed = new Set(lateCallsCompleted(draft, candidates).map((invoice) => invoice.id));
  // Its credits (the usage went down since those were issued) give back what they billed too much:
  // another late-calls invoice of the period, not completed by it, crediting the same days gave that back already.
  const creditDays = isLateCallsInvoice(draft) ? lines.filter((l) => l.kind === 'usage' && refunds(l)).map((l) => lineDays(l, draft)) : [];
  const found: BilledAgain[] = [];
  for (const other of candidates) {
    let usage: DayRange | null = null;
    let credit = false;
    if (!completed.has(other.invoice.id)) {
      for (const line of other.lines) {
        if (line.kind !== 'usage' || refunds(line) || given.has(line)) continue;
        for (const days of usageDays) {
          const both = common(days, lineDays(line, other.invoice));
          if (both === null) continue;
          usage = span(usage, both);
        }
      }
      if (usage === null && creditDays.length > 0 && isLateCallsInvoice(other.invoice) && !other.invoice.creditsId && samePeriod(draft, other.invoice)) {
        for (const line of other.lines) {
          if (line.kind !== 'usage' || !refunds(line)) continue;
          for (const days of creditDays) {
            const both = common(days, lineDays(line, other.invoice));
            if (both === null) continue;
            usage = span(usage, both);
            credit = true;
          }
        }
      }
    }
    const packagesAgain = [
      ...packageLines.filter((mine) =>
        other.lines.some((line) => line.kind === 'package' && !refunds(line) && !given.has(line) && line.packageId === mine.packageId && common(lineDays(mine, draft), lineDays(line, other.invoice)) !== null),
      ),
      ...oneOffCharges.filter((s) => s.billedOn.some((i) => i.id === other.invoice.id)).flatMap((s) => s.lines),
    ];
    const setupsAgainHere = setups.filter((s) => s.billedOn.some((i) => i.id === other.invoice.id)).flatMap((s) => s.lines);
    if (usage !== null || packagesAgain.length > 0 || setupsAgainHere.length > 0) {
      found.push({ invoice: other.invoice, usage, ...(credit ? { credit: true as const } : {}), packageLines: packagesAgain, setupLines: setupsAgainHere });
    }
  }
  return found.sort((a, b) => byNumber(a.invoice, b.invoice));
}

/**
 * How a setup or a one-off package's charge stands for Add Invoice Item on `editing` (the draft
 * being edited, with its lines as they are now, the one in the dialog aside): what the customer's
 * issued invoices bill, less what their issued credit notes give back (lib/packages `givenBackOn`),
 * as Generate Invoice and `billedAgain` count them (lib/generate `billsAlready`), and what `editing`
 * bills itself (a second setup line of the same items on it would bill them twice once issued).
 * The customer's other drafts bill nothing until issued, so they leave nothing out of the quantity
 * filled in; void invoices neither. `others`: the customer's other invoices with (at least) their
 * setup and package lines.
 */
export function chargeForItem(
  charge: OnceCharge,
  packageId: string,
  assignments: readonly Pick<CustomerPackage, 'packageId' | 'quantity' | 'startDate'>[],
  others: readonly InvoiceSetups[],
  editing: InvoiceSetups,
): SetupFeeBilling {
  const issued = others.filter((other) => other.invoice.id !== editing.invoice.id && billsAlready(other.invoice));
  return onceChargeBilling(charge, packageId, assignments, [...issued, editing]);
}

/**
 * `found` without the calls `invoices` bill: said already (the drift notice of a draft whose usage
 * lines bill again the calls of its period's issued invoices, lib/generate usageDrift), each
 * invoice left with only the package charges and setups it bills too, if any.
 */
export function leavingOutCallsOf(found: readonly BilledAgain[], invoices: readonly Pick<Invoice, 'id'>[]): BilledAgain[] {
  const said = new Set(invoices.map((i) => i.id));
  return found
    .map(({ credit, ...f }) => (said.has(f.invoice.id) ? { ...f, usage: null } : { ...f, ...(credit ? { credit } : {}) }))
    .filter((f) => f.usage !== null || f.packageLines.length > 0 || f.setupLines.length > 0);
}

/**
 * Of what issued invoices bill that a draft bills too (`billedAgain`), what the user did not see
 * before choosing to issue it anyway: the invoices not among `known`, the ones Issue's question
 * named (their ids). An invoice issued on another device while this one was offline, or synced
 * after the question was asked, was never seen, so issuing over it would bill the customer twice
 * unsaid: issueInvoice refuses that (`unseenBilledAgainRefusal`).
 */
export function unseenBilledAgain(found: readonly BilledAgain[], known: readonly string[]): BilledAgain[] {
  const seen = new Set(known);
  return found.filter((f) => !seen.has(f.invoice.id));
}

/** What `found` bills that the draft bills too, each in words: "the calls of Nov 1–30, 2026", "DID rental". */
function billedTwice(found: BilledAgain): string[] {
  return [
    ...new Set([
      ...(found.usage && !found.credit ? [`the calls of ${dayRangeAsShown(found.usage.start, found.usage.end)}`] : []),
      ...found.packageLines.map((line) => line.description || 'a package charge'),
      ...found.setupLines.map((line) => line.description || 'a setup fee'),
    ]),
  ];
}

/** What `found` does already that the draft does too: "bills the calls of Nov 1–30, 2026 and DID rental", "credits the calls of Nov 20, 2026". */
function doneAlready(found: BilledAgain): string {
  const billed = billedTwice(found);
  const credited = found.usage && found.credit ? `credits the calls of ${dayRangeAsShown(found.usage.start, found.usage.end)}` : '';
  return listInWords([...(credited ? [credited] : []), ...(billed.length > 0 ? [`bills ${listInWords(billed)}`] : [])]);
}

/**
 * Why a draft is not issued when it bills what `unseen` (see `unseenBilledAgain`, not empty) bill
 * already: "INV-1, issued on another device, bills the calls of Nov 1–30, 2026 and DID rental
 * already. …", or credits (two late-calls credits of one invoice). `issuedBy`: who issued each,
 * when the device said (lib/invoice-numbers IssuedBy); else "issued before this draft was", no
 * guess. The draft stays a draft, so nothing is billed twice and no number is used; the clerk
 * decides, as Issue's question would have let them: invoice only what is left (the late calls), or
 * delete it, or issue it again, now seeing the invoice.
 */
export function unseenBilledAgainRefusal(unseen: readonly BilledAgain[], issuedBy: (invoice: Invoice) => IssuedBy = () => undefined): string {
  const issued = (invoice: Invoice) => {
    const by = issuedBy(invoice);
    return by === undefined ? 'issued before this draft was' : `issued on ${by}`;
  };
  const named = unseen.map((f) => `${f.invoice.number ?? `The invoice dated ${dayAsShown(f.invoice.invoiceDate)} (number pending)`}, ${issued(f.invoice)}, ${doneAlready(f)} already.`);
  const things = unseen.flatMap((f) => [...(f.usage && f.credit ? [f.usage] : []), ...billedTwice(f)]);
  const credits = unseen.every((f) => f.credit && billedTwice(f).length === 0);
  const calls = unseen.some((f) => f.usage !== null);
  return (
    `${named.join(' ')} Issued too, this draft would ${credits ? 'credit' : 'bill'} ${things.length === 1 ? 'it' : 'them'} twice: it stays a draft. ` +
    (credits
      ? 'Open the draft to credit only what is left (Update lines from usage), or delete it.'
      : calls
        ? 'Open the draft to invoice only the late calls (Update lines from usage), or delete it.'
        : 'Open the draft to remove those lines or change their days, or delete it.')
  );
}
