/**
 * Credit note… on an issued invoice: the draft credit note that gives back all of it, for the clerk
 * to cut down to what is refunded (delete lines, lower a quantity or price) before issuing it. It is
 * the invoice's customer's, in its currency and rounding, and records the invoice it credits
 * (Invoice.creditsId, lib/mutators createCreditNote), which its screen and PDF name.
 */
import { addDays } from './dates';
import type { Invoice, InvoiceLine } from './entities';
import { isCreditNote } from './invoice-status';
import { refundKey, refunds, refundsGiveBack, type RefundableInvoice, type RefundingInvoice } from './invoice-periods';
import { addDecimals, compareDecimals, isDecimalString, isPositiveDecimal, negateDecimal } from './money';
import { computeTotals } from './totals';

/** Why `invoice` cannot be credited (a sentence's end, after "Invoice INV-1 "), or null when it can: issued, and not itself a credit note. */
export function notCreditable(invoice: Pick<Invoice, 'status' | 'total'>): string | null {
  if (invoice.status === 'draft') return 'is a draft: only an issued invoice is credited (a draft is changed or deleted instead)';
  if (invoice.status === 'void') return 'is void: a void invoice is owed by no one, so there is nothing to credit';
  if (isCreditNote(invoice)) return 'is a credit note itself: a credit note is corrected by voiding it, not by another credit note';
  return null;
}

/**
 * A line that gives back `line` in full: the same kind, description, dates, package, unit, price
 * and tax rate, its net negated exactly (the amount negated when it has one, else the quantity), so
 * that lib/invoice-periods `refundsGiveBack` matches it to the line it refunds (what is left to
 * credit, `leftToCredit`; the days it billed may be billed again, `givenBack`). The number of calls
 * and minutes stay: they say which calls are refunded (shown as given back, `usageCountsShown`).
 */
export function refundLine(line: InvoiceLine, id: string, invoiceId: string): InvoiceLine {
  return line.amount !== null
    ? { ...line, id, invoiceId, amount: negateDecimal(line.amount) }
    : { ...line, id, invoiceId, quantity: negateDecimal(line.quantity) };
}

/** A usage line's calls and billed minutes as the invoice screen and PDF show them (see `usageCountsShown`). */
export interface UsageCountsShown {
  /** Calls, below zero on a line giving calls back; null when the line has none, or gives back part of them (`partOf`). */
  calls: number | null;
  /** Billed minutes (decimal string), below zero on a line giving calls back; null when the line has none, or gives back part of them. */
  minutes: string | null;
  /** The line's quantity as its Qty shows it: a usage line's minutes, of the same sign; null on a line giving back part of them (no minutes are claimed). */
  quantity: string | null;
  /**
   * On a line giving back part of the calls of the line it refunds, by amount (−40.00 of 100.00):
   * the calls and minutes that line billed, which it gives back part of ("part of 410 calls"),
   * never as given back; null otherwise.
   */
  partOf: { calls: number | null; minutes: string | null } | null;
}

/**
 * A line's calls, minutes and quantity as the invoice screen and PDF show them: on a usage line that
 * gives calls back (its net below zero, lib/invoice-periods `refunds`: a credit note's line, a
 * late-calls credit), of the sign of its net, so a credit note giving back 120 calls reads "−120
 * calls" beside its net below zero, as its quantity of DIDs reads −3. Stored, calls are a count
 * (never below zero, lib/entities) and a refund keeps the line's as they were (`refundLine`: they
 * say which calls are given back); a late-calls credit's minutes may be below zero already. Any
 * other line shows them as stored.
 *
 * `inPart`: the line gives back only part of the line it refunds, by amount (`usageGivenBackInPart`):
 * it gives back none of the calls in particular, so it claims no calls, minutes nor quantity, and
 * says which line's calls it gives back part of (`partOf`).
 */
export function usageCountsShown(line: Pick<InvoiceLine, 'kind' | 'calls' | 'minutes' | 'quantity' | 'unitPrice' | 'amount'>, inPart = false): UsageCountsShown {
  const { calls, minutes, quantity } = line;
  if (line.kind !== 'usage' || !refunds(line)) return { calls, minutes, quantity, partOf: null };
  /** `n` without its sign. */
  const size = (n: string) => (n.startsWith('-') ? n.slice(1) : n);
  if (inPart) return { calls: null, minutes: null, quantity: null, partOf: { calls: calls === null ? null : Math.abs(calls), minutes: minutes === null ? null : size(minutes) } };
  /** `n` below zero: its size negated (a zero stays zero, with no minus). */
  const given = (n: string) => (isPositiveDecimal(n) ? negateDecimal(n) : n);
  return {
    calls: calls === null || calls === 0 ? calls : -Math.abs(calls),
    minutes: minutes === null ? null : given(minutes),
    quantity: line.amount === null ? quantity : given(quantity),
    partOf: null,
  };
}

/**
 * The ids of the usage lines of the credit note `note` that give back only part of the calls of the
 * line they refund, by amount: a line of Credit note… keeps the calls and minutes of the line it
 * refunds (`refundLine`), and the clerk lowers its amount to credit part of it (−40.00 of the
 * 100.00 billing 410 calls; what is left to credit after such a credit, `leftToCredit`, is part
 * too). Such a line gives back none of the calls in particular: it claims none (`usageCountsShown`).
 *
 * The line it refunds is that of the same key (destination and days, lib/invoice-periods
 * `refundKey`, as `refundsGiveBack` matches them) on `credited`, the invoice the note credits
 * (Invoice.creditsId), when the device has it; its net (to the minor unit, in each invoice's
 * rounding) is more than the refund's, by size. A line giving back all of it (or more), one matching
 * no line of `credited`, and the lines of a note without `credited` (made by hand, a late-calls
 * credit: its numbers are the calls' own) are not in the set: they show their calls as given back.
 */
export function usageGivenBackInPart(note: RefundableInvoice<InvoiceLine>, credited: RefundableInvoice<InvoiceLine> | undefined): ReadonlySet<string> {
  const inPart = new Set<string>();
  if (credited === undefined) return inPart;
  const netOf = (line: InvoiceLine, invoice: RefundingInvoice): string | null => {
    if (line.amount === null ? !isDecimalString(line.quantity) || !isDecimalString(line.unitPrice) : !isDecimalString(line.amount)) return null;
    try {
      return computeTotals([{ quantity: line.quantity, unitPrice: line.unitPrice, amount: line.amount, taxRate: '0' }], invoice.currency, invoice.rounding).lines[0]!.net;
    } catch {
      return null;
    }
  };
  // The credited invoice's usage lines that bill, by key: an invoice may have many.
  const billed = new Map<string, string>();
  for (const line of credited.lines) {
    if (line.kind !== 'usage' || refunds(line)) continue;
    const net = netOf(line, credited.invoice);
    if (net === null) continue;
    const key = refundKey(line, credited.invoice);
    billed.set(key, addDecimals(billed.get(key) ?? '0', net));
  }
  for (const line of note.lines) {
    if (line.kind !== 'usage' || !refunds(line) || (line.calls === null && line.minutes === null)) continue;
    const of = billed.get(refundKey(line, note.invoice));
    const net = netOf(line, note.invoice);
    if (of === undefined || net === null) continue;
    if (compareDecimals(negateDecimal(net), of) < 0) inPart.add(line.id);
  }
  return inPart;
}

/** A credit note of an invoice (Invoice.creditsId) with its lines, as `leftToCredit` reads it. */
export interface CreditNoteWithLines {
  invoice: Invoice;
  lines: readonly InvoiceLine[];
}

/** What a new credit note of an invoice starts from: see `leftToCredit`. */
export interface LeftToCredit {
  /**
   * The invoice's lines as far as they are not given back yet, in their order: a line given back
   * in full is left out, one given back in part is reduced (its quantity, when everything that gave
   * it back did so at its own unit price; else its amount, what is left of its net).
   */
  lines: InvoiceLine[];
  /** The invoice's credit notes that give back some of it (issued or draft, never void), in the order given. */
  creditedBy: Invoice[];
  /** Of those, the drafts: what they give back counts already, and they are still to be issued. */
  drafts: Invoice[];
  /** True when nothing is left to credit: no line is left, or what is left gives back nothing (its total is not below zero), or the invoice's total is given back already. */
  nothing: boolean;
}

/**
 * What is left to credit of the issued `invoice` (its `lines`) once its `creditNotes` (those
 * recording it in Invoice.creditsId, issued or draft; void ones give back nothing) give back what
 * they do: a second Credit note… starts from it rather than from the whole invoice again.
 *
 * What its credit notes give back is what the period checks count as given back: the one refund
 * matcher, lib/invoice-periods `refundsGiveBack`, so a credit note line gives back the same invoice
 * line here and there. In short: a credit note's lines give back the invoice's lines of the same
 * kind, thing billed (destination, package, else description) and days, whatever their price, tax
 * rate or wording, spread over them in their order, each taking at most its own net; by quantity
 * while every one gives back quantity × the line's unit price (one DID of three: the line left reads
 * 2 DIDs, not an amount); a line "Refund of October calls" gives back the calls its money adds up to
 * exactly. A line given back in full is left out; in part, it is left reduced: its quantity, else
 * its amount (what is left of its net). A credit note's line matching no invoice line (a goodwill
 * discount) gives back no line, but counts in the invoice's total given back: when that is all of
 * it, nothing is left.
 */
export function leftToCredit(invoice: Invoice, lines: readonly InvoiceLine[], creditNotes: readonly CreditNoteWithLines[]): LeftToCredit {
  const counted = creditNotes.filter((note) => note.invoice.creditsId === invoice.id && note.invoice.status !== 'void');
  const ordered = [...lines].sort((a, b) => a.position - b.position);
  const given = refundsGiveBack([{ invoice, lines: ordered }], counted);
  const left = ordered.flatMap((line) => {
    const back = given.get(line);
    if (back === undefined) return [line];
    if (back.full) return [];
    return [back.quantity !== null ? { ...line, quantity: back.quantity } : { ...line, amount: back.money }];
  });
  let totalGiven = '0';
  for (const note of counted) totalGiven = addDecimals(totalGiven, negateDecimal(computeTotals(note.lines, note.invoice.currency, note.invoice.rounding).total));
  const creditedBy = counted.filter((note) => note.lines.length > 0).map((note) => note.invoice);
  const leftTotal = computeTotals(left, invoice.currency, invoice.rounding).total;
  const nothing = left.length === 0 || compareDecimals(leftTotal, '0') <= 0 || compareDecimals(totalGiven, invoice.total) >= 0;
  return { lines: left, creditedBy, drafts: creditedBy.filter((note) => note.status === 'draft'), nothing };
}

/**
 * The due date stored with a document dated `invoiceDate`: `dueDays` after it for an invoice; its
 * own date for a credit note (`creditNote`), which nobody pays, so it has no due date: the editor
 * offers none, and its page, PDF, list, statement, email and Issue dialog print none. The column is
 * required, so the credit note's date stands in, never a day that reads as a deadline.
 */
export function dueDateFor(invoiceDate: string, dueDays: number, creditNote: boolean): string {
  return creditNote ? invoiceDate : addDays(invoiceDate, dueDays);
}

/**
 * The draft credit note of `invoice` (issued, see `notCreditable`): `lines` (the invoice's, or what
 * is left to credit of them, `leftToCredit`) each refunded in full (`refundLine`, in the same
 * order), dated `date` and due that day (nothing is due on a credit note), for the invoice's period
 * (so a line dated by the period refunds the same days), without notes. Its totals are its lines'
 * (lib/totals); of the whole invoice, they are the invoice's negated to the minor unit: rounding is
 * symmetric about zero (lib/money divideUnitsRounded), so each line's net and each rate's tax are
 * the invoice's negated.
 */
export function creditNoteDraft(
  invoice: Invoice,
  lines: readonly InvoiceLine[],
  ids: { id: string; lineId: () => string },
  date: string,
): { invoice: Invoice; lines: InvoiceLine[] } {
  const { id } = ids;
  const refunds = [...lines].sort((a, b) => a.position - b.position).map((line) => refundLine(line, ids.lineId(), id));
  const totals = computeTotals(refunds, invoice.currency, invoice.rounding);
  return {
    invoice: {
      ...invoice,
      id,
      number: null,
      status: 'draft',
      invoiceDate: date,
      dueDate: dueDateFor(date, 0, true),
      notes: '',
      voidReason: '',
      net: totals.net,
      tax: totals.tax,
      total: totals.total,
      paid: '0',
      parties: null,
      replacesId: null,
      creditsId: invoice.id,
    },
    lines: refunds,
  };
}
