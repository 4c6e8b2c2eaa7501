/**
 * The days an invoice bills, for the checks that keep a period from being billed twice (Generate
 * Invoice's overlap warning, the billing run's left-out customers) and the customer page's usage
 * summary. An invoice bills its own period, when it has one, and the days of its items that bill
 * days: an invoice made by hand often has no period of its own, only dated items (Add Invoice Item
 * dates a package's charge with the package's period), and one with a period may carry an item
 * for other days (a package's charge for the next month, added before the period was set). An
 * invoice with neither is not guessed at.
 *
 * A line bills no days when it gives back what another bills (a credit note's refund: below zero,
 * see `refunds`), when refunds give it back in full, line for line or together (one line for all of
 * a month's calls, a line refunded in parts; see `givenBack`, by the one refund matcher
 * `refundsGiveBack` that Credit note… also goes by), or when it is a
 * one-off package's charge (a port-in fee bills no period). A credit note's own period bills
 * nothing, and neither does that of an invoice whose lines refunds give back (see `billedPeriod`). A
 * package's recurring charge counts for a period only when Generate Invoice for that period would
 * bill the same charge (see `chargedIn`): a monthly DID dated Dec 1 – Dec 31 is billed on its
 * match day, so it does not stand for the calls of the week of Dec 7 – Dec 13.
 */
import { addDays, dayRangeAsShown, maxDay, minDay } from './dates';
import type { CustomerPackage, Invoice, InvoiceLine, Package, Period } from './entities';
import { billsAlready, byNumber, namedDestination, usageLineDestination } from './generate';
import { isCreditNote } from './invoice-status';
import { addDecimals, compareDecimals, isDecimalString, isPositiveDecimal, isZeroDecimal, negateDecimal, subtractDecimals } from './money';
import { billingOccurrences } from './packages';
import { listInWords } from './text';
import { computeTotals } from './totals';

/**
 * A line's dates, kind, price, package and description: all the coverage needs of it (pick them
 * with `lineDates`); the description tells a usage line's destination, to match a refund to it.
 */
export type LineDates = Pick<InvoiceLine, 'startDate' | 'endDate' | 'kind' | 'quantity' | 'unitPrice' | 'amount' | 'packageId' | 'description'>;

/** What the coverage needs of a line, as stored lines are kept by callers (a tenant's invoices may have many usage lines). */
export function lineDates<L extends LineDates & Pick<InvoiceLine, 'invoiceId'>>(line: L): LineDates & Pick<InvoiceLine, 'invoiceId'> {
  const { invoiceId, kind, startDate, endDate, quantity, unitPrice, amount, packageId, description } = line;
  return { invoiceId, kind, startDate, endDate, quantity, unitPrice, amount, packageId, description };
}

/**
 * The kinds of line that bill days: calls, a package's charge for its period, and the credits and
 * top-ups that follow them. A plain item (a port-in fee, a goodwill credit) or a setup fee is dated
 * the day it is charged, but bills no period's calls or packages: an invoice of them alone leaves
 * the month to be billed.
 */
const PERIOD_KINDS: ReadonlySet<InvoiceLine['kind']> = new Set(['usage', 'package', 'free-minutes', 'minimum-spend']);

/** Whether a line's dates may be days its invoice bills (see PERIOD_KINDS): the lines callers need to supply. */
export function billsDays(line: Pick<InvoiceLine, 'kind'>): boolean {
  return PERIOD_KINDS.has(line.kind);
}

/**
 * Whether a line gives back what another line billed rather than billing: its net below zero (a
 * credit note's refund of calls or of a package's charge, quantity -3 of a DID), or, for a
 * free-minutes credit, which is below zero as it bills, above it (a credit note taking the credit
 * back with the calls). A refund bills no days: the days it refunds are to be billed again. A line
 * of zero, or whose numbers cannot be read (another client's), is not a refund.
 */
export function refunds(line: Pick<InvoiceLine, 'kind' | 'quantity' | 'unitPrice' | 'amount'>): boolean {
  const sign = netSign(line);
  if (sign === null) return false;
  return line.kind === 'free-minutes' ? sign > 0 : sign < 0;
}

/** The sign of a line's net: of its amount when it has one (usage, credits), else of quantity × unit price; null when unreadable. */
function netSign(line: Pick<InvoiceLine, 'quantity' | 'unitPrice' | 'amount'>): number | null {
  if (line.amount !== null) return isDecimalString(line.amount) ? compareDecimals(line.amount, '0') : null;
  if (!isDecimalString(line.quantity) || !isDecimalString(line.unitPrice)) return null;
  return compareDecimals(line.quantity, '0') * compareDecimals(line.unitPrice, '0');
}

/**
 * A line's net as its invoice bills it: lib/totals' line net (its amount, else quantity × unit
 * price, rounded to the currency in the invoice's rounding); null when unreadable, or in a currency
 * not known (another client's), whose money cannot be told.
 */
function billedNet(line: Pick<InvoiceLine, 'quantity' | 'unitPrice' | 'amount'>, invoice: Pick<Invoice, 'currency' | 'rounding'>): string | null {
  try {
    return computeTotals([{ quantity: line.quantity, unitPrice: line.unitPrice, amount: line.amount, taxRate: '0' }], invoice.currency, invoice.rounding).lines[0]!.net;
  } catch {
    return null;
  }
}

/** Which thing a line bills, for a refund to name: a usage line's destination (the "(4420)" its description ends with), another line's package; null when it names none. */
function namedThing(line: LineDates): string | null {
  return line.kind === 'usage' ? namedDestination(line.description) : line.packageId;
}

/**
 * An invoice as the refund matcher reads it. `id` and `creditsId`, when known, tie a credit note
 * made by Credit note… to the invoice it credits: its lines give back that invoice's lines alone.
 */
export type RefundingInvoice = Pick<Invoice, 'customerId' | 'status' | 'periodStart' | 'periodEnd' | 'currency' | 'rounding'> & Partial<Pick<Invoice, 'id' | 'creditsId'>>;

/**
 * Which line a refund gives back, line for line: the one of the same key, that is the same
 * customer, currency and kind, the same thing billed (the destination of calls, see
 * `usageLineDestination`, so a late-calls note or a renamed destination still matches; a package's
 * charge, free-minutes credit or top-up by its package; else the description) and the same days (the
 * line's dates, else its invoice's period). Not the price, quantity, tax rate or unit: the clerk
 * lowers those to give back less, or a credit note may be taxed otherwise.
 */
export function refundKey(line: LineDates, invoice: RefundingInvoice): string {
  const what = line.kind === 'usage' ? usageLineDestination(line.description) : (line.packageId ?? `:${line.description.trim()}`);
  return JSON.stringify([invoice.customerId, invoice.currency, line.kind, what, line.startDate ?? invoice.periodStart, line.endDate ?? invoice.periodEnd]);
}

/** An invoice with its lines (those that bill days, `billsDays`; others are ignored), as `givenBack` takes them. */
export interface RefundableInvoice<L extends LineDates> {
  invoice: RefundingInvoice;
  lines: readonly L[];
}

/** What refunds give back of a line that bills (see `refundsGiveBack`). */
export interface LineGivenBack<I> {
  /** What is left of its net (as its invoice bills it, lib/totals): zero once given back in full. */
  money: string;
  /** What is left of its quantity while every refund of it gave back a quantity at its unit price (one DID of three); else null. */
  quantity: string | null;
  /** Whether it is given back in full. */
  full: boolean;
  /** The invoices of the refunds giving back some of it, in the order met. */
  by: I[];
}

/** A line that bills, as `refundsGiveBack` spreads refunds over it. */
interface Billed<L, I> extends LineGivenBack<I> {
  line: L;
  /** Its invoice's id, for the refunds of a credit note of it. */
  invoiceId: string | undefined;
  key: string;
  /** The customer, currency and kind: refunds together give back only lines of their own group. */
  group: string;
  thing: string | null;
  /** Its days: its dates (at one end only, that day), else its invoice's period; null when neither. */
  days: Period | null;
  /** Its invoice's place among the invoices that bill. */
  at: number;
}

/** A refund, as `refundsGiveBack` reads it. */
interface Refund<L, I> {
  line: L;
  invoice: I;
  /** What it gives back, of the sign of the lines it gives back: its net (lib/totals) negated. */
  money: string;
  /** The quantity it gives back, when it gives back quantity × unit price (no amount); else null. */
  quantity: string | null;
  key: string;
  group: string;
  thing: string | null;
  days: Period | null;
  /** The invoice its credit note credits (Credit note…), whose lines alone it gives back; null: any of the customer's. */
  credits: string | null;
}

/** A line's customer, currency and kind: a refund gives back only lines of its own group. */
function groupOf(line: Pick<LineDates, 'kind'>, invoice: Pick<Invoice, 'customerId' | 'currency'>): string {
  return JSON.stringify([invoice.customerId, invoice.currency, line.kind]);
}

function sharesDay(a: Period, b: Period): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Whether `a` and `b` are of one sign (neither zero). */
const sameSign = (a: string, b: string) => compareDecimals(a, '0') * compareDecimals(b, '0') > 0;

/** Of `amount` (of one sign with `of`), at most `of`: the smaller by size. */
function atMost(amount: string, of: string): string {
  return isPositiveDecimal(amount) ? (compareDecimals(amount, of) <= 0 ? amount : of) : compareDecimals(amount, of) >= 0 ? amount : of;
}

/**
 * The one refund matcher: what the refunds of `refunding`'s invoices give back of the lines of
 * `billing`'s, line by line, for Credit note… (lib/credit-notes `leftToCredit`: what is left to
 * credit of an invoice) and the period checks (`givenBack`: what is billed no more), so that a credit
 * note's line gives back the same invoice line in both. Each side's lines are taken as they are
 * given: the caller says which bill (an invoice's lines, or those above zero) and which give back (its
 * credit notes' lines, or those below zero, see `refunds`). Void invoices give back nothing and are
 * given back nothing. A line never has a link to the line it refunds (a credit note is made by hand,
 * or as a Duplicate with its quantities or prices negated), so:
 * - Line for line first: the refunds of one key (see `refundKey`) give back, together, the lines of
 *   that key, spread over them in `billing`'s order, each taking at most what is left of its net; a
 *   credit note made by Credit note… (Invoice.creditsId) gives back the lines of the invoice it
 *   credits alone, before the others' refunds take theirs. While every refund of a key gives back
 *   quantity × the line's unit price, quantities are spread instead (DIDs credited one at a time
 *   give back all three, though each −4.995 is −5.00 to the cent and the three a cent more than the
 *   14.99 billed). A refund for more than its line bills gives it back in full, the rest going to
 *   the next line of the key; for less, it gives back that part.
 * - Then the refunds whose key no line has (a line "Refund of March calls" for all of March's calls,
 *   or March refunded half-month by half-month), of the kinds that bill days (see `billsDays`): a
 *   set of them gives back the lines left of their group whose days lie within the refunds' days, of
 *   the destination or package they all name (else of any), of one invoice (the first in `billing`'s
 *   order whose lines add up) or else of all of them, when what is left of those lines adds up to
 *   exactly the refunds' money to the cent and each refund shares a day with them: a cent off gives
 *   back nothing, as money is then the only thing that says which lines they are. The sets tried,
 *   in order: each refund alone, those for the same thing over the same days, then all those left.
 *   A refund matching nothing (a goodwill discount) gives back no line.
 * A line or refund of zero (free calls), or whose numbers or currency cannot be read (another
 * client's), takes no part. Only the lines given back some of are in the map, in the order met.
 */
export function refundsGiveBack<L extends LineDates, I extends RefundingInvoice>(
  billing: readonly { invoice: I; lines: readonly L[] }[],
  refunding: readonly { invoice: I; lines: readonly L[] }[],
): Map<L, LineGivenBack<I>> {
  const billed: Billed<L, I>[] = [];
  billing.forEach(({ invoice, lines }, at) => {
    if (invoice.status === 'void') return;
    for (const line of lines) {
      const money = billedNet(line, invoice);
      if (money === null || compareDecimals(money, '0') === 0) continue;
      // Quantities are spread while the line bills a count (above zero) at its price.
      const quantity = line.amount === null && isPositiveDecimal(line.quantity) ? line.quantity : null;
      billed.push({ line, invoiceId: invoice.id, money, quantity, full: false, by: [], ...placed(line, invoice), at });
    }
  });
  const refunds: Refund<L, I>[] = [];
  for (const { invoice, lines } of refunding) {
    if (invoice.status === 'void') continue;
    for (const line of lines) {
      const net = billedNet(line, invoice);
      if (net === null || compareDecimals(net, '0') === 0) continue;
      const quantity = line.amount === null ? negateDecimal(line.quantity) : null;
      refunds.push({ line, invoice, money: negateDecimal(net), quantity, credits: invoice.creditsId ?? null, ...placed(line, invoice) });
    }
  }
  const given = new Map<L, LineGivenBack<I>>();
  const giveBack = (b: Billed<L, I>, by: readonly Refund<L, I>[]) => {
    for (const r of by) if (!b.by.includes(r.invoice)) b.by.push(r.invoice);
    b.full = isZeroDecimal(b.money);
    given.set(b.line, { money: b.money, quantity: b.quantity, full: b.full, by: b.by });
  };
  // Line for line: a credit note's refunds of the invoice it credits first, then the others'.
  const byKey = new Map<string, Refund<L, I>[]>();
  for (const r of [...refunds.filter((r) => r.credits !== null), ...refunds.filter((r) => r.credits === null)]) {
    const key = JSON.stringify([r.credits, r.key]);
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  // A tenant's invoices may have many usage lines: looked up by key, not searched per refund.
  const billedByKey = new Map<string, Billed<L, I>[]>();
  for (const b of billed) {
    const same = billedByKey.get(b.key);
    if (same) same.push(b);
    else billedByKey.set(b.key, [b]);
  }
  const unkeyed: Refund<L, I>[] = [];
  for (const same of byKey.values()) {
    const { key, credits } = same[0]!;
    const lines = (billedByKey.get(key) ?? []).filter((b) => credits === null || b.invoiceId === credits);
    if (lines.length === 0) unkeyed.push(...same);
    else spread(same, lines, billing, giveBack);
  }
  // Together: the refunds no line's key matched, of the kinds that bill days.
  const together = unkeyed.filter((r) => billsDays(r.line) && r.days !== null);
  const used = new Set<Refund<L, I>>();
  /** Gives back the lines left that `set` (refunds not used yet, of one group and credit note scope) refunds together, if any. */
  const giveBackTogether = (set: readonly Refund<L, I>[]) => {
    if (set.length === 0 || set.some((r) => used.has(r))) return;
    const stretches = mergedDays(set.map((r) => r.days!));
    const thing = set.every((r) => r.thing !== null && r.thing === set[0]!.thing) ? set[0]!.thing : null;
    const { group, credits } = set[0]!;
    const within = billed.filter(
      (b) =>
        b.group === group &&
        (credits === null || b.invoiceId === credits) &&
        !b.full &&
        b.days !== null &&
        (thing === null || b.thing === thing) &&
        stretches.some((days) => days.start <= b.days!.start && b.days!.end <= days.end),
    );
    const invoicesWithin = [...new Set(within.map((b) => b.at))].sort((a, b) => a - b);
    const candidates = [...invoicesWithin.map((at) => within.filter((b) => b.at === at)), ...(invoicesWithin.length > 1 ? [within] : [])];
    // Each refund of the set refunds some of them (April's refund adds nothing to March's), and they add up to the cent.
    const found = candidates.find(
      (lines) =>
        set.every((r) => lines.some((b) => sharesDay(r.days!, b.days!))) &&
        compareDecimals(addDecimals(...lines.map((b) => b.money)), addDecimals(...set.map((r) => r.money))) === 0,
    );
    if (found === undefined) return;
    for (const b of found) {
      b.money = subtractDecimals(b.money, b.money);
      b.quantity = b.quantity === null ? null : '0';
      giveBack(b, set);
    }
    for (const r of set) used.add(r);
  };
  const scopes = new Set(together.map((r) => JSON.stringify([r.credits, r.group])));
  for (const scope of scopes) {
    const left = () => together.filter((r) => !used.has(r) && JSON.stringify([r.credits, r.group]) === scope);
    for (const refund of left()) giveBackTogether([refund]);
    const sameKey = new Map<string, Refund<L, I>[]>();
    for (const refund of left()) sameKey.set(refund.key, [...(sameKey.get(refund.key) ?? []), refund]);
    for (const same of sameKey.values()) if (same.length > 1) giveBackTogether(same);
    const rest = left();
    if (rest.length > 1) giveBackTogether(rest);
  }
  return given;
}

/** Where a line stands for the matcher: its key, group, the thing it names and its days. */
function placed(line: LineDates, invoice: RefundingInvoice): Pick<Billed<unknown, unknown>, 'key' | 'group' | 'thing' | 'days'> {
  const days = lineDays({ startDate: line.startDate ?? invoice.periodStart, endDate: line.endDate ?? invoice.periodEnd });
  return { key: refundKey(line, invoice), group: groupOf(line, invoice), thing: namedThing(line), days };
}

/**
 * Spreads what the refunds `same` (of one key) give back over `lines` (of that key), in their order,
 * each taking at most what is left of it: by quantity while every refund and line goes by quantity
 * at the line's unit price, else by money (from then on, for the lines after too).
 */
function spread<L extends LineDates, I extends RefundingInvoice>(
  same: readonly Refund<L, I>[],
  lines: readonly Billed<L, I>[],
  billing: readonly { invoice: I }[],
  giveBack: (b: Billed<L, I>, by: readonly Refund<L, I>[]) => void,
) {
  let money = addDecimals('0', ...same.map((r) => r.money));
  let quantities: { quantity: string; unitPrice: string }[] | null = same.every((r) => r.quantity !== null)
    ? same.map((r) => ({ quantity: r.quantity!, unitPrice: r.line.unitPrice }))
    : null;
  for (const b of lines) {
    if (isZeroDecimal(b.money)) continue;
    const invoice = billing[b.at]!.invoice;
    const byQuantity = b.quantity !== null && quantities !== null && quantities.every((q) => compareDecimals(q.unitPrice, b.line.unitPrice) === 0);
    if (byQuantity) {
      const quantity = addDecimals('0', ...quantities!.map((q) => q.quantity));
      const taken = isPositiveDecimal(quantity) ? atMost(quantity, b.quantity!) : '0';
      quantities = [{ quantity: subtractDecimals(quantity, taken), unitPrice: b.line.unitPrice }];
      if (isZeroDecimal(taken)) continue;
      const left = subtractDecimals(b.quantity!, taken);
      const leftMoney = billedNet({ ...b.line, quantity: left }, invoice) ?? '0';
      money = subtractDecimals(money, subtractDecimals(b.money, leftMoney));
      b.quantity = left;
      b.money = leftMoney;
      giveBack(b, same);
      continue;
    }
    // Quantities no longer tell what is left once money was spread: the lines after go by money.
    quantities = null;
    const taken = sameSign(money, b.money) ? atMost(money, b.money) : '0';
    if (isZeroDecimal(taken)) continue;
    money = subtractDecimals(money, taken);
    b.money = subtractDecimals(b.money, taken);
    b.quantity = null;
    giveBack(b, same);
  }
}

/**
 * The lines billing days (see `billsDays`) that refunds give back in full (`refundsGiveBack`), so
 * that those days are billed no more: refunds (see `refunds`) on any invoice not void give back
 * lines (not refunds) of the same customer, currency and kind (calls, a package's charge, a
 * free-minutes credit, a top-up), a credit note made by Credit note… those of the invoice it
 * credits. A refund for less than what it refunds (a partial refund), or whose days leave out a
 * line's, does not give it back in full: the line still bills, so the checks still say so, rather
 * than let days be billed twice unsaid. A line of zero (free calls) is never given back. Of lines of
 * several invoices that a refund matches alike (the same calls billed twice), the first in
 * `invoices`'s order (number order, see lib/generate `byNumber`) is given back: the calls are still
 * billed by the other, whichever is named. Setups and one-off charges, billed once per item, are
 * netted by items instead (lib/packages `onceChargeItems`).
 */
export function givenBack<L extends LineDates>(invoices: readonly RefundableInvoice<L>[]): ReadonlySet<L> {
  return new Set(givenBackBy(invoices).keys());
}

/**
 * `givenBack`'s lines, each with the invoices (credit notes, as a rule) whose refunds gave it back,
 * in the order met: what the checks name when they say a period was billed and given back.
 */
export function givenBackBy<L extends LineDates, I extends RefundingInvoice>(invoices: readonly { invoice: I; lines: readonly L[] }[]): Map<L, I[]> {
  const billing = invoices.map(({ invoice, lines }) => ({ invoice, lines: lines.filter((line) => billsDays(line) && !refunds(line)) }));
  const refunding = invoices.map(({ invoice, lines }) => ({ invoice, lines: lines.filter((line) => billsDays(line) && refunds(line)) }));
  const given = new Map<L, I[]>();
  if (refunding.every(({ lines }) => lines.length === 0)) return given;
  for (const [line, back] of refundsGiveBack(billing, refunding)) if (back.full) given.set(line, back.by);
  return given;
}

/**
 * What the checks need of a package line's package: how often it bills and on which days (lib/packages
 * `billingOccurrences`), and the start days of the customer's assignments of it, whose day is the
 * match day of a package that names none.
 */
export interface ChargedPackage extends Pick<Package, 'frequency' | 'matchDays'> {
  assignmentStarts: readonly string[];
}

/** A package line's package by its id, for the customer of the invoice asked about; undefined when not known (the line then counts by its dates). */
export type PackageOf = (packageId: string) => ChargedPackage | undefined;

/**
 * The catalogue and the customers' assignments as a lookup by customer and package, built once
 * (linear in both): `packageOf(customerId)` is a customer's `PackageOf`.
 */
export function chargedPackages(
  packages: readonly Pick<Package, 'id' | 'frequency' | 'matchDays'>[],
  assignments: readonly Pick<CustomerPackage, 'customerId' | 'packageId' | 'startDate'>[],
): (customerId: string) => PackageOf {
  const byId = new Map(packages.map((p) => [p.id, p]));
  const starts = new Map<string, string[]>();
  for (const a of assignments) {
    const key = `${a.customerId}|${a.packageId}`;
    const found = starts.get(key);
    if (found) found.push(a.startDate);
    else starts.set(key, [a.startDate]);
  }
  return (customerId) => (packageId) => {
    const pkg = byId.get(packageId);
    return pkg && { frequency: pkg.frequency, matchDays: pkg.matchDays, assignmentStarts: starts.get(`${customerId}|${packageId}`) ?? [] };
  };
}

/** The package of a package line, when known. */
function packageOfLine(line: Pick<InvoiceLine, 'kind' | 'packageId'>, packageOf: PackageOf | undefined): ChargedPackage | undefined {
  return line.kind === 'package' && line.packageId !== null && packageOf !== undefined ? packageOf(line.packageId) : undefined;
}

/** Whether a line's dates are days its invoice bills: a kind that bills days, not a refund, not a one-off package's charge. */
function countsDays(line: LineDates, packageOf: PackageOf | undefined): boolean {
  return billsDays(line) && !refunds(line) && packageOfLine(line, packageOf)?.frequency !== 'none';
}

/** A line's first and last day: dated at one end only, that day; the wrong way round (another client's), the days between; undated, null. */
function lineDays(line: Pick<InvoiceLine, 'startDate' | 'endDate'>): Period | null {
  const first = line.startDate ?? line.endDate;
  const last = line.endDate ?? line.startDate;
  if (first === null || last === null) return null;
  return first <= last ? { start: first, end: last } : { start: last, end: first };
}

/**
 * Whether a line that bills days (see `countsDays`) bills some of `period`. A weekly or monthly
 * package's charge does when Generate Invoice for that period would bill the same charge: one of
 * its billing days (its match days, else its assignment's start day, see lib/packages
 * `billingOccurrences`) within the line's dates falls in the period. A monthly DID dated December
 * (billed on the 1st) is billed again by Generate for the week of Dec 1, not for later weeks. Any
 * other line (calls, credits, top-ups, a daily package, a package not known or of no known match
 * day) counts by its dates.
 */
export function chargedIn(line: LineDates, period: Period, packageOf?: PackageOf): boolean {
  const days = lineDays(line);
  if (days === null || days.start > period.end || days.end < period.start) return false;
  const pkg = packageOfLine(line, packageOf);
  if (pkg === undefined || (pkg.frequency !== 'weekly' && pkg.frequency !== 'monthly')) return true;
  const window = { start: maxDay(days.start, period.start), end: minDay(days.end, period.end) };
  // Match days of its own, or each assignment's start day; neither known: its dates decide.
  const starts = pkg.matchDays.length > 0 ? [window.start] : pkg.assignmentStarts;
  if (starts.length === 0) return true;
  try {
    return starts.some((start) => billingOccurrences(pkg, start, window).length > 0);
  } catch {
    // Match days out of range (another client's): its dates decide.
    return true;
  }
}

/** Days an invoice bills, one stretch of them, and where they come from. */
export interface CoveredRange extends Period {
  /** 'period': the invoice's own period; 'lines': days its items are dated beyond it (or all of them, without one). */
  from: 'period' | 'lines';
}

/**
 * Whether an invoice is a credit note (see lib/invoice-status `isCreditNote`); an unreadable total
 * makes none, rather than keep the checks from naming what the invoice's lines bill.
 */
const readableCreditNote = (invoice: Pick<Invoice, 'total'>): boolean => isDecimalString(invoice.total) && isCreditNote(invoice);

/**
 * An invoice's own period, when it bills it: it has one, it is not a credit note (whose period
 * says what it gives back, not what it bills; its lines that bill still count by their dates), and
 * `given` (see `givenBack`) does not hold every line of it that bills days, refunded in full. An
 * invoice with no such line keeps its period: what it bills is not in lines that could be given
 * back. Nor can a line of zero (free calls) be refunded: it keeps the period too, on the safe side.
 * `lines`: all the invoice's lines that bill days.
 */
function billedPeriod(
  invoice: Pick<Invoice, 'periodStart' | 'periodEnd' | 'total'>,
  lines: readonly LineDates[],
  packageOf: PackageOf | undefined,
  given: ReadonlySet<LineDates>,
): Period | null {
  if (withoutOwnPeriod(invoice) || readableCreditNote(invoice)) return null;
  const billing = lines.filter((line) => countsDays(line, packageOf));
  const refunded = billing.length > 0 && billing.every((line) => given.has(line));
  return refunded ? null : { start: invoice.periodStart!, end: invoice.periodEnd! };
}

const NONE_GIVEN_BACK: ReadonlySet<LineDates> = new Set();

/**
 * The days an invoice bills, by first day, no two overlapping: its own period when it bills it
 * (both ends; not a credit note's, nor one whose lines refunds gave back, see `billedPeriod`), and
 * the days its lines that bill days (PERIOD_KINDS, refunds, one-off packages' charges and lines
 * `given` back by refunds aside, see the module comment) are dated outside it (a line dated at one
 * end only counts as that day), those merged where they overlap or touch. So items dated October
 * and December bill those months, not November; a December item on a November invoice adds
 * December. An invoice with neither gives none. `packageOf`: the packages of its package lines (a
 * one-off's charge bills no days); without it, every package line counts. `given`: the lines of
 * the customer's invoices that refunds give back (`givenBack`); without it, none.
 */
export function coveredDays(
  invoice: Pick<Invoice, 'periodStart' | 'periodEnd' | 'total'>,
  lines: readonly LineDates[],
  packageOf?: PackageOf,
  given: ReadonlySet<LineDates> = NONE_GIVEN_BACK,
): CoveredRange[] {
  return daysBilled(billedPeriod(invoice, lines, packageOf, given), lines, packageOf, given);
}

/** `coveredDays` of an invoice whose own period, if it bills it, is `own`. */
function daysBilled(own: Period | null, lines: readonly LineDates[], packageOf: PackageOf | undefined, given: ReadonlySet<LineDates>): CoveredRange[] {
  const dated: Period[] = [];
  for (const line of lines) {
    if (!countsDays(line, packageOf) || given.has(line)) continue;
    const days = lineDays(line);
    if (days !== null) dated.push(days);
  }
  const ranges: CoveredRange[] = [];
  for (const days of mergedDays(dated)) {
    if (own === null) ranges.push({ ...days, from: 'lines' });
    else {
      // Only the days beyond the period add to it: before it, and after it.
      if (days.start < own.start) ranges.push({ start: days.start, end: days.end < own.start ? days.end : addDays(own.start, -1), from: 'lines' });
      if (days.end > own.end) ranges.push({ start: days.start > own.end ? days.start : addDays(own.end, 1), end: days.end, from: 'lines' });
    }
  }
  if (own !== null) ranges.push({ ...own, from: 'period' });
  return ranges.sort((a, b) => a.start.localeCompare(b.start));
}

/** Periods by first day, those that overlap or touch (one ends the day before the next starts) made one. */
export function mergedDays(periods: readonly Period[]): Period[] {
  const merged: Period[] = [];
  for (const period of [...periods].sort((a, b) => a.start.localeCompare(b.start))) {
    const last = merged.at(-1);
    if (last !== undefined && period.start <= addDays(last.end, 1)) {
      if (period.end > last.end) last.end = period.end;
    } else merged.push({ start: period.start, end: period.end });
  }
  return merged;
}

/** The ranges (of `coveredDays`) that share a day with `period`. */
export function rangesOverlapping<R extends Period>(ranges: readonly R[], period: Period): R[] {
  return ranges.filter((range) => range.start <= period.end && range.end >= period.start);
}

/** Whether the ranges (of `coveredDays`, by first day) hold every day of `period`. */
export function coversEveryDay(ranges: readonly Period[], period: Period): boolean {
  let next = period.start;
  for (const range of ranges) {
    if (range.start > next) break;
    if (range.end >= next) next = addDays(range.end, 1);
    if (next > period.end) return true;
  }
  return false;
}

/** An invoice that bills days of a period, with the ranges of its days that do. */
export interface OverlappingInvoice<I> {
  invoice: I;
  /** Its covered days (see `coveredDays`) that share a day with the period, by first day: one or more. */
  days: CoveredRange[];
}

/**
 * The invoices (void ones aside) that bill days of `period`: their own period overlaps it (not a
 * credit note's, nor one refunds gave back, see `coveredDays`), or an item of theirs that bills
 * some of it (see `chargedIn`; a package's charge only when Generate for `period` would bill it
 * again; not one a refund gives back, see `givenBack`), by the first day of their covered days
 * that overlap, then their last day, then invoice date. `invoices`: the customer's, whose refunds
 * give back lines of one another. `linesOf` gives an invoice's lines (only those that bill days
 * matter, see `billsDays`), asked of each invoice not void: give it a lookup (`linesByInvoice`),
 * not a search of all lines; `packageOf` the invoice's customer's packages (see `chargedPackages`):
 * without it, package lines count by their dates alone.
 */
export function overlappingInvoices<I extends Pick<Invoice, 'customerId' | 'status' | 'periodStart' | 'periodEnd' | 'invoiceDate' | 'number' | 'total' | 'currency' | 'rounding'>>(
  invoices: readonly I[],
  linesOf: (invoice: I) => readonly LineDates[],
  period: Period,
  packageOf?: PackageOf,
): OverlappingInvoice<I>[] {
  const standing = invoices.filter((invoice) => invoice.status !== 'void').map((invoice) => ({ invoice, lines: linesOf(invoice) }));
  return overlappingOf(standing, givenBack([...standing].sort((a, b) => byNumber(a.invoice, b.invoice))), period, packageOf);
}

/** `overlappingInvoices` of invoices with their lines, `given` the lines refunds give back. */
function overlappingOf<I extends Pick<Invoice, 'periodStart' | 'periodEnd' | 'invoiceDate' | 'total'>>(
  standing: readonly { invoice: I; lines: readonly LineDates[] }[],
  given: ReadonlySet<LineDates>,
  period: Period,
  packageOf: PackageOf | undefined,
): OverlappingInvoice<I>[] {
  const found: OverlappingInvoice<I>[] = [];
  for (const { invoice, lines } of standing) {
    const own = billedPeriod(invoice, lines, packageOf, given);
    const charged = lines.filter((line) => chargedIn(line, period, packageOf));
    const days = rangesOverlapping(daysBilled(own, charged, packageOf, given), period);
    if (days.length > 0) found.push({ invoice, days });
  }
  return found.sort(
    (a, b) =>
      a.days[0]!.start.localeCompare(b.days[0]!.start) ||
      a.days.at(-1)!.end.localeCompare(b.days.at(-1)!.end) ||
      a.invoice.invoiceDate.localeCompare(b.invoice.invoiceDate),
  );
}

/** What Generate Invoice says of a period before it generates (see `periodInvoices`). */
export interface PeriodInvoices<I> {
  /** The issued invoices that bill days of it already: generating again bills those days twice. */
  billed: OverlappingInvoice<I>[];
  /** The drafts of days of it: they bill nothing until issued, so another may still be generated. */
  drafts: OverlappingInvoice<I>[];
}

/**
 * The customer's invoices that Generate Invoice names for `period`, as `overlappingInvoices` finds
 * them, in two lists. What is billed already is decided by the issued invoices alone, their credit
 * notes giving back what they refund (lib/generate `billsAlready`): a draft credit note gives back
 * nothing until it is issued. The drafts are found by their own lines, nothing given back (not
 * even by a draft credit note): one of the period is there to open rather than generate another,
 * not a reason to leave anything out. The billing run leaves a customer out for either (it makes
 * no second draft of a period); Generate lets the clerk choose.
 */
export function periodInvoices<I extends Pick<Invoice, 'customerId' | 'status' | 'periodStart' | 'periodEnd' | 'invoiceDate' | 'number' | 'total' | 'currency' | 'rounding'>>(
  invoices: readonly I[],
  linesOf: (invoice: I) => readonly LineDates[],
  period: Period,
  packageOf?: PackageOf,
): PeriodInvoices<I> {
  return {
    billed: overlappingInvoices(invoices.filter(billsAlready), linesOf, period, packageOf),
    drafts: overlappingOf(draftsWithLines(invoices, linesOf), NONE_GIVEN_BACK, period, packageOf),
  };
}

/** The drafts of `invoices`, each with its lines. */
function draftsWithLines<I extends Pick<Invoice, 'status'>>(invoices: readonly I[], linesOf: (invoice: I) => readonly LineDates[]): { invoice: I; lines: readonly LineDates[] }[] {
  return invoices.filter((invoice) => invoice.status === 'draft').map((invoice) => ({ invoice, lines: linesOf(invoice) }));
}

/** An invoice with the days it bills (`coveredDays`). */
export interface InvoiceDays<I> {
  invoice: I;
  days: CoveredRange[];
}

/**
 * The customer's invoices with the days each bills, in two lists as `periodInvoices` splits them,
 * for every day at once (the customer page's usage summary): the issued invoices, their issued
 * credit notes giving back what they refund (lib/generate `billsAlready`), and the drafts, by their
 * own lines: a draft bills nothing until it is issued, so a draft credit note gives back nothing
 * (of an issued invoice or of a draft), and a draft is shown as a draft of those days, not as
 * billing them. Void invoices, and invoices that bill no days (a credit note, one given back in
 * full), are left out.
 */
export function billedAndDraftDays<I extends Pick<Invoice, 'customerId' | 'status' | 'periodStart' | 'periodEnd' | 'invoiceDate' | 'number' | 'total' | 'currency' | 'rounding'>>(
  invoices: readonly I[],
  linesOf: (invoice: I) => readonly LineDates[],
  packageOf?: PackageOf,
): { billed: InvoiceDays<I>[]; drafts: InvoiceDays<I>[] } {
  const daysOf = (withLines: readonly { invoice: I; lines: readonly LineDates[] }[], given: ReadonlySet<LineDates>): InvoiceDays<I>[] =>
    withLines.map(({ invoice, lines }) => ({ invoice, days: coveredDays(invoice, lines, packageOf, given) })).filter(({ days }) => days.length > 0);
  const issued = invoices.filter(billsAlready).map((invoice) => ({ invoice, lines: linesOf(invoice) }));
  return {
    billed: daysOf(issued, givenBack([...issued].sort((a, b) => byNumber(a.invoice, b.invoice)))),
    drafts: daysOf(draftsWithLines(invoices, linesOf), NONE_GIVEN_BACK),
  };
}

/** What credit notes give back of the usage a period's invoices bill (see `periodUsageGivenBack`). */
export interface PeriodUsageGivenBack<I> {
  /** The invoices whose refunds give back some of it (credit notes), in number order; none when nothing is given back. */
  by: I[];
  /** Whether they give back all of it: every usage line of the period's invoices (a line of zero aside) in full. */
  all: boolean;
}

/**
 * What refunds give back of the calls `billedBy` bill (the invoices billing a period's usage,
 * lib/generate `periodUsageBilledBy`), for Generate Invoice to say so rather than "INV-7 bills all of
 * this period's usage" when a credit note gave some of it back. `invoices`: the customer's, in number
 * order (lib/generate `byNumber`); only the issued ones count (lib/generate `billsAlready`): a draft
 * credit note gives back nothing until it is issued. Matched by the one refund matcher
 * (`refundsGiveBack`, as `givenBack`), over the usage lines of them all.
 */
export function periodUsageGivenBack<I extends RefundingInvoice & Pick<Invoice, 'id' | 'number' | 'invoiceDate'>>(
  invoices: readonly { invoice: I; lines: readonly LineDates[] }[],
  billedBy: readonly Pick<Invoice, 'id'>[],
): PeriodUsageGivenBack<I> {
  const billing = new Set(billedBy.map((invoice) => invoice.id));
  const usage = invoices.filter(({ invoice }) => billsAlready(invoice)).map(({ invoice, lines }) => ({ invoice, lines: lines.filter((line) => line.kind === 'usage') }));
  const given = refundsGiveBack(
    usage.map(({ invoice, lines }) => ({ invoice, lines: lines.filter((line) => !refunds(line)) })),
    usage.map(({ invoice, lines }) => ({ invoice, lines: lines.filter(refunds) })),
  );
  // The period's calls: its invoices' usage lines that bill money (free calls cannot be given back).
  const calls = usage
    .filter(({ invoice }) => billing.has(invoice.id))
    .flatMap(({ invoice, lines }) => lines.filter((line) => !refunds(line) && !isZeroDecimal(billedNet(line, invoice) ?? '0')));
  const by: I[] = [];
  for (const line of calls) for (const invoice of given.get(line)?.by ?? []) if (!by.includes(invoice)) by.push(invoice);
  return { by: by.sort(byNumber), all: by.length > 0 && calls.every((line) => given.get(line)?.full === true) };
}

/**
 * An issued invoice that billed days of a period which refunds (its credit notes, as a rule) have
 * since given back in full, so that no invoice bills them now (see `periodGivenBack`, `givenBackIn`).
 */
export interface GivenBackInvoice<I> {
  invoice: I;
  /** The days of the period it billed, nothing given back, by first day: one or more. */
  days: Period[];
  /** The invoices whose refunds gave them back (credit notes, as a rule), in number order. */
  by: I[];
}

type CheckedInvoice = Pick<Invoice, 'customerId' | 'status' | 'periodStart' | 'periodEnd' | 'invoiceDate' | 'number' | 'total' | 'currency' | 'rounding'> & Partial<Pick<Invoice, 'id' | 'creditsId'>>;

/** The customer's issued invoices (lib/generate `billsAlready`) with their lines, in number order, as the refund matcher reads them. */
function issuedWithLines<I extends CheckedInvoice>(invoices: readonly I[], linesOf: (invoice: I) => readonly LineDates[]): { invoice: I; lines: readonly LineDates[] }[] {
  return invoices
    .filter(billsAlready)
    .map((invoice) => ({ invoice, lines: linesOf(invoice) }))
    .sort((a, b) => byNumber(a.invoice, b.invoice));
}

/** Of `given` (`givenBackBy`), the invoices that gave back lines of `lines` billing days of `period`, in number order. */
function givenBackByIn<I extends CheckedInvoice>(invoice: I, lines: readonly LineDates[], given: ReadonlyMap<LineDates, I[]>, period: Period): I[] {
  const by: I[] = [];
  for (const line of lines) {
    const days = lineDays({ startDate: line.startDate ?? invoice.periodStart, endDate: line.endDate ?? invoice.periodEnd });
    if (days === null || !sharesDay(days, period)) continue;
    for (const other of given.get(line) ?? []) if (!by.includes(other)) by.push(other);
  }
  return by.sort(byNumber);
}

/** `ranges` within `period`, clipped to it and merged. */
function within(ranges: readonly Period[], period: Period): Period[] {
  return mergedDays(rangesOverlapping(ranges, period).map((range) => ({ start: maxDay(range.start, period.start), end: minDay(range.end, period.end) })));
}

/**
 * The issued invoices that billed days of `period` (as `periodInvoices` finds them, nothing given
 * back) but bill none of them now, refunds having given back in full every line of theirs that did:
 * a month credited in full. Generate Invoice and the billing run may bill those days again (that is
 * what crediting them allows), but say so, naming the invoice and the credit notes, so that a month
 * waived is not billed again unknowingly. An invoice some of whose days of the period are still
 * billed is not here: `periodInvoices` names it, and Generate says what was given back of it
 * (`periodUsageGivenBack`). Arguments as `periodInvoices`'s; in number order.
 */
export function periodGivenBack<I extends CheckedInvoice>(
  invoices: readonly I[],
  linesOf: (invoice: I) => readonly LineDates[],
  period: Period,
  packageOf?: PackageOf,
): GivenBackInvoice<I>[] {
  const issued = issuedWithLines(invoices, linesOf);
  const given = givenBackBy(issued);
  if (given.size === 0) return [];
  const still = new Set(overlappingOf(issued, new Set(given.keys()), period, packageOf).map((found) => found.invoice));
  const found: GivenBackInvoice<I>[] = [];
  for (const { invoice, days } of overlappingOf(issued, NONE_GIVEN_BACK, period, packageOf)) {
    if (still.has(invoice)) continue;
    const by = givenBackByIn(invoice, issued.find((entry) => entry.invoice === invoice)!.lines, given, period);
    if (by.length > 0) found.push({ invoice, days: within(days, period), by });
  }
  return found.sort((a, b) => byNumber(a.invoice, b.invoice));
}

/** An issued invoice some of whose lines refunds gave back in full (see `invoicesGivenBack`). */
export interface InvoiceGivenBackDays<I> {
  invoice: I;
  /** The days it billed before anything was given back (`coveredDays`, nothing given back). */
  billed: CoveredRange[];
  /** The days it bills still (`coveredDays`, what refunds give back aside). */
  left: CoveredRange[];
  /** Its lines, given back or not, to name who gave back which days. */
  lines: readonly LineDates[];
}

/**
 * For every day at once (the customer page's usage summary), as `periodGivenBack` is for one
 * period: the issued invoices with lines refunds gave back in full, with the days each billed and
 * still bills, and the lines given back by which invoices. Read a period of it with `givenBackIn`.
 */
export function invoicesGivenBack<I extends CheckedInvoice>(
  invoices: readonly I[],
  linesOf: (invoice: I) => readonly LineDates[],
  packageOf?: PackageOf,
): { invoices: InvoiceGivenBackDays<I>[]; given: ReadonlyMap<LineDates, I[]> } {
  const issued = issuedWithLines(invoices, linesOf);
  const given = givenBackBy(issued);
  if (given.size === 0) return { invoices: [], given };
  const set = new Set(given.keys());
  const found = issued
    .filter(({ lines }) => lines.some((line) => given.has(line)))
    .map(({ invoice, lines }) => ({ invoice, billed: coveredDays(invoice, lines, packageOf), left: coveredDays(invoice, lines, packageOf, set), lines }));
  return { invoices: found, given };
}

/** Of `invoicesGivenBack`, those that billed days of `period` and bill none of them now (see `periodGivenBack`), in number order. */
export function givenBackIn<I extends CheckedInvoice>(found: { invoices: readonly InvoiceGivenBackDays<I>[]; given: ReadonlyMap<LineDates, I[]> }, period: Period): GivenBackInvoice<I>[] {
  const result: GivenBackInvoice<I>[] = [];
  for (const { invoice, billed, left, lines } of found.invoices) {
    if (rangesOverlapping(billed, period).length === 0 || rangesOverlapping(left, period).length > 0) continue;
    const by = givenBackByIn(invoice, lines, found.given, period);
    if (by.length > 0) result.push({ invoice, days: within(billed, period), by });
  }
  return result;
}

/**
 * What a screen says of an invoice whose days of a period were given back in full: "INV-2 billed
 * Nov 1–30, 2026; credit note INV-6 gave all of it back". The days as the screens write days
 * (lib/dates `dayRangeAsShown`); an invoice or credit note still waiting for its number is "not yet
 * numbered"; a refund on an invoice that is no credit note (made by hand) names it as an invoice.
 */
export function givenBackText(entry: GivenBackInvoice<Pick<Invoice, 'number' | 'total'>>): string {
  const numberOf = (invoice: Pick<Invoice, 'number'>) => invoice.number ?? 'not yet numbered';
  const days = listInWords(entry.days.map((d) => dayRangeAsShown(d.start, d.end)));
  const name = entry.invoice.number ?? 'An invoice not yet numbered';
  const by = entry.by.every(readableCreditNote)
    ? `credit ${entry.by.length > 1 ? 'notes' : 'note'} ${listInWords(entry.by.map(numberOf))}`
    : listInWords(entry.by.map((invoice) => `${readableCreditNote(invoice) ? 'credit note' : 'invoice'} ${numberOf(invoice)}`));
  return `${name} billed ${days}; ${by} gave all of it back`;
}

/**
 * Generate Invoice's and the billing run's note of the period's invoices given back in full
 * (`periodGivenBack`): each in `givenBackText`'s words, then what generating means for those days.
 * Empty when there are none.
 */
export function periodGivenBackNote(entries: readonly GivenBackInvoice<Pick<Invoice, 'number' | 'total'>>[]): string {
  if (entries.length === 0) return '';
  return `${entries.map(givenBackText).join('. ')}. No invoice bills those days now, so a new invoice bills them again; if the credit was to waive them, do not bill them again.`;
}

/** Lines grouped by invoice once, looked up by invoice: `overlappingInvoices`'s `linesOf` in one pass over the lines. */
export function linesByInvoice<L extends Pick<InvoiceLine, 'invoiceId'>>(lines: readonly L[]): (invoice: Pick<Invoice, 'id'>) => readonly L[] {
  const grouped = new Map<string, L[]>();
  for (const line of lines) {
    const group = grouped.get(line.invoiceId);
    if (group) group.push(line);
    else grouped.set(line.invoiceId, [line]);
  }
  return (invoice) => grouped.get(invoice.id) ?? [];
}

/** Whether an invoice has no period of its own (or half of one), so that its lines' dates alone tell what it bills. */
export function withoutOwnPeriod(invoice: Pick<Invoice, 'periodStart' | 'periodEnd'>): boolean {
  return invoice.periodStart === null || invoice.periodEnd === null;
}
