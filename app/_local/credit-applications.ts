/**
 * Credit this device applied from a payment (Apply credit, lib/mutators applyPaymentCredit) that the
 * server accepted, remembered so that the device is told when another device deletes that payment
 * afterwards: the deletion takes the credit back with it, and without a word the device would only
 * see its invoices owe again. Kept in `meta` (no table of its own): the most recent ones, by payment.
 */
import type { PaymentAllocation } from '@/lib/entities';
import { undoneApplicationMessage } from '@/lib/mutators';
import { invoiceNumberLabel } from '@/lib/invoice-status';
import type { RowChange } from '@/lib/protocol';
import type { TollbookDb } from './db';

const CREDIT_APPLICATIONS = 'creditApplications';
/** How many payments' applications are remembered: enough for any offline spell, bounded however long the device is used. */
const REMEMBERED_MAX = 200;

type Remembered = Record<string, PaymentAllocation[]>;

async function remembered(db: TollbookDb): Promise<Remembered> {
  return ((await db.meta.get(CREDIT_APPLICATIONS))?.value as Remembered | undefined) ?? {};
}

/** Remembers an application of credit the server accepted. Run inside a transaction over `meta`. */
export async function rememberCreditApplication(db: TollbookDb, args: unknown): Promise<void> {
  const { paymentId, allocations } = (args ?? {}) as { paymentId?: unknown; allocations?: unknown };
  if (typeof paymentId !== 'string' || !Array.isArray(allocations)) return;
  const all = await remembered(db);
  const entries = Object.entries(all).filter(([id]) => id !== paymentId);
  entries.push([paymentId, [...(all[paymentId] ?? []), ...(allocations as PaymentAllocation[])]]);
  await db.meta.put({ key: CREDIT_APPLICATIONS, value: Object.fromEntries(entries.slice(-REMEMBERED_MAX)) });
}

/**
 * Before a pull page is applied (inside its transaction, with the outbox still holding this device's
 * acknowledged changes): for each payment the page deletes that this device applied credit from, and
 * did not delete itself, a notice saying the credit came off with it. The device's copy of the
 * payment, not yet deleted, names it.
 */
export async function tellUndoneCreditApplications(db: TollbookDb, changes: readonly RowChange[]): Promise<void> {
  const all = await remembered(db);
  const deleted = changes.filter((c) => c.entity === 'payments' && c.row === null && all[c.id]).map((c) => c.id);
  if (deleted.length === 0) return;
  const ownDeletions = new Set((await db.outbox.filter((m) => m.name === 'deletePayment').toArray()).map((m) => (m.args as { id?: unknown }).id));
  for (const paymentId of deleted) {
    const payment = await db.payments.get(paymentId);
    if (payment && !ownDeletions.has(paymentId)) {
      const applied = all[paymentId]!;
      const invoices = await db.invoices.bulkGet(applied.map((a) => a.invoiceId));
      const numbers = new Map(invoices.flatMap((invoice) => (invoice ? [[invoice.id, invoiceNumberLabel(invoice)] as const] : [])));
      // Not a server mutation id: a key of its own, below every real one, so nothing overwrites it.
      let key = -Date.now();
      while (await db.rejections.get(key)) key -= 1;
      await db.rejections.put({ mutationId: key, name: 'applyPaymentCredit', error: `${undoneApplicationMessage(payment, applied, numbers)}.`, partial: true, at: Date.now() });
    }
    delete all[paymentId];
  }
  await db.meta.put({ key: CREDIT_APPLICATIONS, value: all });
}
