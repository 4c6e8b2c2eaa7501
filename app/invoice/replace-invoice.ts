/**
 * Void and replace on the device: the void and the new draft that replaces the invoice, two named
 * mutations in one transaction (both in the outbox, in order, or neither), which the server applies
 * in that order: it refuses the replacement if it refuses the void.
 */
import { dueDateFor } from '@/lib/credit-notes';
import type { Invoice, InvoiceLine } from '@/lib/entities';
import { isCreditNote } from '@/lib/invoice-status';
import type { TollbookDb } from '../_local/db';
import { newId } from '../_local/ids';
import { mutate, writeTables } from '../_local/mutate';

/**
 * A new draft copying `invoice` and its lines (Duplicate, and the replacement of Void and replace):
 * dated `date` and due after the customer's days (a credit note's copy has no due date: its date
 * stands in, lib/credit-notes dueDateFor). A draft shows the live details: the copy does not
 * keep the parties the invoice was issued with, nor what that one replaced or credited.
 */
export function draftCopy(invoice: Invoice, lines: readonly InvoiceLine[], id: string, date: string, dueDays: number): { invoice: Invoice; lines: InvoiceLine[] } {
  return {
    invoice: { ...invoice, id, number: null, status: 'draft', invoiceDate: date, dueDate: dueDateFor(date, dueDays, isCreditNote(invoice)), paid: '0', voidReason: '', parties: null, replacesId: null, creditsId: null },
    lines: lines.map((l) => ({ ...l, id: newId(), invoiceId: id })),
  };
}

/**
 * Voids `invoice` for `voidReason` (left out: it is void already) and creates `replacement`, a
 * draft of its customer, as the invoice replacing it.
 */
export async function replaceInvoice(
  db: TollbookDb,
  invoice: Pick<Invoice, 'id' | 'paid'>,
  replacement: { invoice: Invoice; lines: InvoiceLine[] },
  voidReason?: string,
): Promise<void> {
  await db.transaction('rw', writeTables(db), async () => {
    if (voidReason !== undefined) await mutate('voidInvoice', { id: invoice.id, reason: voidReason, paidSeen: invoice.paid }, db);
    await mutate('createReplacementInvoice', { replacesId: invoice.id, ...replacement }, db);
  });
}
