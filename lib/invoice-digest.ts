/**
 * What a draft says, as a short digest: Issue carries the digest of the draft the user saw, and the
 * mutator refuses one that differs when it runs (on the server, after another device's edits may
 * have arrived first). A total alone misses a new customer or a reworded line that leave it as it
 * was, and the issued invoice is a legal document: nothing on it may be what its issuer never saw.
 */
import type { Invoice, InvoiceLine } from './entities';

/** The invoice's fields that print, and every line's, in line order. Totals follow from them. */
function canonical(invoice: Invoice, lines: readonly InvoiceLine[]): string {
  const { customerId, invoiceDate, dueDate, periodStart, periodEnd, currency, rounding, notes } = invoice;
  const ordered = [...lines].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return JSON.stringify([
    [customerId, invoiceDate, dueDate, periodStart, periodEnd, currency, rounding, notes],
    ordered.map((l) => [l.id, l.kind, l.description, l.startDate, l.endDate, l.quantity, l.unit, l.unitPrice, l.taxRate, l.amount, l.calls, l.minutes, l.packageId]),
  ]);
}

/** FNV-1a over UTF-16 code units, from `seed`: 32 bits. */
function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * 64 bits as 16 hex digits (two FNV-1a runs with different seeds): a change to a draft goes
 * unnoticed about once in 10^19. Not a defence against forgery, which a signed-in teammate has no
 * need of: a check that the draft issued is the draft shown.
 */
export function invoiceDigest(invoice: Invoice, lines: readonly InvoiceLine[]): string {
  const text = canonical(invoice, lines);
  return fnv1a(text, 0x811c9dc5).toString(16).padStart(8, '0') + fnv1a(text, 0x01234567).toString(16).padStart(8, '0');
}
