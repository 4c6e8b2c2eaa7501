/**
 * Credit note… on an issued invoice: the draft credit note that gives back all of it, for the clerk
 * to cut down to what is refunded (delete lines, lower a quantity or price) before issuing it. It is
 * the invoice's customer's, in its currency and rounding, and records the invoice it credits
 * (Invoice.creditsId, lib/mutators createCreditNote), which its screen and PDF name.
 */
import type { Invoice, InvoiceLine } from './entities';
import { isCreditNote } from './invoice-status';
import { addDecimals, compareDecimals, isZeroDecimal, negateDecimal, subtractDecimals } from './money';
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
 * that lib/invoice-periods `givenBack` matches it to the line it refunds and the days it billed may
 * be billed again. The number of calls and minutes stay: they say which calls are refunded.
 */
export function refundLine(line: InvoiceLine, id: string, invoiceId: string): InvoiceLine {
  return line.amount !== null
    ? { ...line, id, invoiceId, amount: negateDecimal(line.amount) }
    : { ...line, id, invoiceId, quantity: negateDecimal(line.quantity) };
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
 * The refund key of a line: a credit note's line gives back the invoice's lines of the same kind,
 * description, days, package, unit and tax rate (what `refundLine` keeps), whatever its price: the
 * clerk may lower a price or an amount to give back less.
 */
function refundKey(line: InvoiceLine): string {
  return JSON.stringify([line.kind, line.description.trim(), line.startDate, line.endDate, line.packageId, line.unit.trim(), trimmedRate(line.taxRate)]);
}

/** A tax rate as a value ("20.00" and "20" are one rate). */
function trimmedRate(rate: string): string {
  return addDecimals(rate.trim());
}

/** Whether `a` and `b` are of one sign (neither zero). */
const sameSign = (a: string, b: string) => compareDecimals(a, '0') * compareDecimals(b, '0') > 0;

/** Of `magnitude` (of one sign with `of`), at most `of`: the smaller by size. */
function atMost(amount: string, of: string): string {
  return compareDecimals(amount, '0') > 0 ? (compareDecimals(amount, of) <= 0 ? amount : of) : compareDecimals(amount, of) >= 0 ? amount : of;
}

/**
 * What is left to credit of the issued `invoice` (its `lines`) once its `creditNotes` (those
 * recording it in Invoice.creditsId, issued or draft; void ones give back nothing) give back what
 * they do: a second Credit note… starts from it rather than from the whole invoice again.
 *
 * Each credit note line gives back the invoice's lines with its refund key (`refundKey`), by its
 * net as lib/totals computes it; what lines of one key give back is spread over the invoice's
 * lines of that key in their order, each taking at most its own net. When every line that gives
 * back a key bills quantity × the invoice lines' unit price (one DID of three), the quantities are
 * spread instead, so the line left reads 2 DIDs, not an amount. A credit note's line matching no
 * invoice line (a goodwill discount) gives back no line, but counts in the invoice's total given
 * back: when that is all of it, nothing is left.
 */
export function leftToCredit(invoice: Invoice, lines: readonly InvoiceLine[], creditNotes: readonly CreditNoteWithLines[]): LeftToCredit {
  const counted = creditNotes.filter((note) => note.invoice.creditsId === invoice.id && note.invoice.status !== 'void');
  const ordered = [...lines].sort((a, b) => a.position - b.position);
  const nets = computeTotals(ordered, invoice.currency, invoice.rounding).lines.map((l) => l.net);
  /** Per key: the nets given back (as billed: of the invoice lines' sign) and, while every one is quantity × price, the quantities. */
  const given = new Map<string, { money: string; quantities: { quantity: string; unitPrice: string }[] | null }>();
  let totalGiven = '0';
  const creditedBy: Invoice[] = [];
  for (const note of counted) {
    const noteLines = [...note.lines];
    const totals = computeTotals(noteLines, note.invoice.currency, note.invoice.rounding);
    if (noteLines.length > 0) creditedBy.push(note.invoice);
    totalGiven = addDecimals(totalGiven, negateDecimal(totals.total));
    noteLines.forEach((line, i) => {
      const key = refundKey(line);
      const entry = given.get(key) ?? { money: '0', quantities: [] };
      entry.money = addDecimals(entry.money, negateDecimal(totals.lines[i]!.net));
      entry.quantities = entry.quantities && line.amount === null ? [...entry.quantities, { quantity: negateDecimal(line.quantity), unitPrice: line.unitPrice }] : null;
      given.set(key, entry);
    });
  }
  const left: InvoiceLine[] = [];
  ordered.forEach((line, i) => {
    const net = nets[i]!;
    const entry = given.get(refundKey(line));
    if (!entry || isZeroDecimal(net)) {
      left.push(line);
      return;
    }
    const byQuantity =
      line.amount === null && entry.quantities !== null && entry.quantities.every((q) => compareDecimals(q.unitPrice, line.unitPrice) === 0) && sameSign(line.quantity, '1');
    if (byQuantity) {
      const quantity = addDecimals('0', ...entry.quantities!.map((q) => q.quantity));
      const taken = sameSign(quantity, '1') ? atMost(quantity, line.quantity) : '0';
      entry.quantities = [{ quantity: subtractDecimals(quantity, taken), unitPrice: line.unitPrice }];
      entry.money = subtractDecimals(entry.money, computeTotals([{ ...line, quantity: taken }], invoice.currency, invoice.rounding).net);
      const rest = subtractDecimals(line.quantity, taken);
      if (compareDecimals(rest, '0') > 0) left.push(isZeroDecimal(taken) ? line : { ...line, quantity: rest });
      return;
    }
    const taken = sameSign(entry.money, net) ? atMost(entry.money, net) : '0';
    entry.money = subtractDecimals(entry.money, taken);
    // Quantities no longer tell what is left once money was spread: the lines after go by money.
    entry.quantities = null;
    const rest = subtractDecimals(net, taken);
    if (isZeroDecimal(taken)) left.push(line);
    else if (sameSign(rest, net)) left.push({ ...line, amount: rest });
  });
  const leftTotal = computeTotals(left, invoice.currency, invoice.rounding).total;
  const nothing =
    left.length === 0 || compareDecimals(leftTotal, '0') <= 0 || compareDecimals(totalGiven, invoice.total) >= 0;
  return { lines: left, creditedBy, drafts: creditedBy.filter((note) => note.status === 'draft'), nothing };
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
      dueDate: date,
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
