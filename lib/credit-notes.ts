/**
 * Credit note… on an issued invoice: the draft credit note that gives back all of it, for the clerk
 * to cut down to what is refunded (delete lines, lower a quantity or price) before issuing it. It is
 * the invoice's customer's, in its currency and rounding, and records the invoice it credits
 * (Invoice.creditsId, lib/mutators createCreditNote), which its screen and PDF name.
 */
import type { Invoice, InvoiceLine } from './entities';
import { isCreditNote } from './invoice-status';
import { negateDecimal } from './money';

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

/**
 * The draft credit note of `invoice` (issued, see `notCreditable`): its lines each refunded in full
 * (`refundLine`, in the same order), dated `date` and due that day (nothing is due on a credit
 * note), for the invoice's period (so a line dated by the period refunds the same days), without
 * notes. Its totals are the invoice's negated to the minor unit: rounding is symmetric about zero
 * (lib/money divideUnitsRounded), so each line's net and each rate's tax are the invoice's negated.
 */
export function creditNoteDraft(
  invoice: Invoice,
  lines: readonly InvoiceLine[],
  ids: { id: string; lineId: () => string },
  date: string,
): { invoice: Invoice; lines: InvoiceLine[] } {
  const { id } = ids;
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
      net: negateDecimal(invoice.net),
      tax: negateDecimal(invoice.tax),
      total: negateDecimal(invoice.total),
      paid: '0',
      parties: null,
      replacesId: null,
      creditsId: invoice.id,
    },
    lines: [...lines].sort((a, b) => a.position - b.position).map((line) => refundLine(line, ids.lineId(), id)),
  };
}
