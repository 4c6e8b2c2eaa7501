/**
 * Credit this device applied from a payment (Apply credit, lib/mutators applyPaymentCredit) that the
 * server accepted, remembered so that the device is told when another device, which had not seen
 * it, deletes that payment afterwards: the deletion takes the credit back with it, and without a
 * word the device would only see its invoices owe again. Kept in `meta` (no table of its own): the most recent ones, by payment.
 */
import { z } from 'zod';
import { paymentAllocationSchema, type PaymentAllocation } from '@/lib/entities';
import { invoiceNumberLabel } from '@/lib/invoice-status';
import { addDecimals, compareDecimals, subtractDecimals } from '@/lib/money';
import { undoneApplicationMessage } from '@/lib/mutators';
import type { OverriddenChange } from '@/lib/overridden-changes';
import type { RowChange } from '@/lib/protocol';
import { noticeKey, type TollbookDb } from './db';

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
 * did not delete itself, a notice saying the credit came off with it, if the deleting device had not
 * seen it: the server says which allocations it had not (`overridden`, lib/mutators deletePayment),
 * and the notice names this device's applications among them. The device's copy of the payment, not
 * yet deleted, names it. A deletion made knowing of the credit (its device showed it) says nothing:
 * the user who deleted the payment meant to take it back.
 */
export async function tellUndoneCreditApplications(db: TollbookDb, changes: readonly RowChange[], overridden: readonly OverriddenChange[]): Promise<void> {
  const all = await remembered(db);
  const deleted = changes.filter((c) => c.entity === 'payments' && c.row === null && all[c.id]).map((c) => c.id);
  if (deleted.length === 0) return;
  const ownDeletions = new Set((await db.outbox.filter((m) => m.name === 'deletePayment').toArray()).map((m) => (m.args as { id?: unknown }).id));
  for (const paymentId of deleted) {
    const payment = await db.payments.get(paymentId);
    const undone = unseenOf(all[paymentId]!, overridden.filter((o) => o.entity === 'payments' && o.id === paymentId));
    if (payment && !ownDeletions.has(paymentId) && undone.length > 0) {
      const invoices = await db.invoices.bulkGet(undone.map((a) => a.invoiceId));
      const numbers = new Map(invoices.flatMap((invoice) => (invoice ? [[invoice.id, invoiceNumberLabel(invoice)] as const] : [])));
      // Applied as made, then undone by another device's change (lib/overridden-changes): told as such, once. The server's
      // notice of it matches none of the changes the sync engine remembers (an application of credit is none of them).
      await db.rejections.put({ mutationId: await noticeKey(db), name: 'applyPaymentCredit', error: `${undoneApplicationMessage(payment, undone, numbers)}.`, overridden: true, at: Date.now() });
    }
    delete all[paymentId];
  }
  await db.meta.put({ key: CREDIT_APPLICATIONS, value: all });
}

/**
 * Of this device's applications (`applied`), what the deleting device had not seen, by invoice: up
 * to what the server says it had not seen there (`unseen`'s allocations; another device's
 * application to the same invoice may be among them, and is not told apart). None when the server
 * says nothing: the deleting device saw it all.
 */
function unseenOf(applied: readonly PaymentAllocation[], unseen: readonly OverriddenChange[]): PaymentAllocation[] {
  const left = new Map<string, string>();
  for (const change of unseen) {
    const allocations = z.array(paymentAllocationSchema).safeParse(change.value);
    if (change.field !== 'allocations' || !allocations.success) continue;
    for (const a of allocations.data) left.set(a.invoiceId, addDecimals(left.get(a.invoiceId) ?? '0', a.amount));
  }
  return applied.flatMap((a) => {
    const beyond = left.get(a.invoiceId) ?? '0';
    const told = compareDecimals(a.amount, beyond) <= 0 ? a.amount : beyond;
    if (compareDecimals(told, '0') <= 0) return [];
    left.set(a.invoiceId, subtractDecimals(beyond, told));
    return [{ invoiceId: a.invoiceId, amount: told }];
  });
}
