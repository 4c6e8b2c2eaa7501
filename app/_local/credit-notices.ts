/**
 * Notices that ask the user to apply a payment's credit: the server recorded a payment with part of
 * it as the customer's credit, because an invoice it was put against was paid, voided or deleted
 * meanwhile (lib/mutators fittedMessage). Such a notice names its payment, and stops being true once the payment is deleted
 * or its credit applied (on this device or another), so it goes then rather than wait to be dismissed.
 */
import { compareDecimals } from '@/lib/money';
import { APPLY_CREDIT_HINT } from '@/lib/mutators';
import { unappliedOf } from '@/lib/payments';
import type { TollbookDb } from './db';

/** The payment whose credit a notice asks the user to apply, or undefined when it asks no such thing. */
export function creditNoticePayment(name: string, args: unknown, error: string, partial: boolean): string | undefined {
  if (name !== 'recordPayment' || !partial || !error.endsWith(APPLY_CREDIT_HINT)) return undefined;
  const id = (args as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Drops the notices whose payment is gone or has no credit left. Run inside a transaction over
 * `rejections` and `payments`, once the device holds the server's rows with its pending changes on
 * top (a pull's last page): before that, the device's copy of a payment may not show its credit yet.
 */
export async function dropSettledCreditNotices(db: TollbookDb): Promise<void> {
  const notices = (await db.rejections.toArray()).filter((r) => r.creditOf !== undefined);
  if (notices.length === 0) return;
  const payments = await db.payments.bulkGet(notices.map((r) => r.creditOf!));
  const settled = notices.filter((_, i) => {
    const payment = payments[i];
    return !payment || compareDecimals(unappliedOf(payment), '0') <= 0;
  });
  await db.rejections.bulkDelete(settled.map((r) => r.mutationId));
}
