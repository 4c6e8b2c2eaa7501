'use client';

import Link from 'next/link';
import type { Invoice } from '@/lib/entities';
import { isCreditNote } from '@/lib/invoice-status';
import { isDecimalString } from '@/lib/money';
import type { SetupsLeftOut } from '@/lib/packages';
import { formatDay } from '../../_components/locale';

/**
 * An issued invoice as a setup note names it: its number, or, issued offline, its date. Only issued
 * invoices bill setups and one-off charges (a draft bills nothing until it is issued), and only
 * issued credit notes give them back, so no draft is named.
 */
export function billedOnName(invoice: Invoice): string {
  return invoice.number ?? `the invoice dated ${formatDay(invoice.invoiceDate)} (number pending)`;
}

/** "credit note " before the name of an invoice that is one (made by Credit note…, or its total below zero); else nothing. */
export function creditNoteWord(invoice: Invoice): string {
  return invoice.creditsId || (isDecimalString(invoice.total) && isCreditNote(invoice)) ? 'credit note ' : '';
}

/** What is left out, in words: "5 setups", "1 one-off charge". */
function chargesLeftOut(entry: SetupsLeftOut): string {
  const one = entry.quantity === '1';
  const what = entry.charge === 'setup' ? (one ? 'setup' : 'setups') : one ? 'one-off charge' : 'one-off charges';
  return `${entry.quantity} ${what}`;
}

/**
 * Says which setups and one-off charges Generate Invoice left out, and why: issued invoices of the
 * customer bill them already (lib/packages `packageLines`). "5 setups of DID rental are already
 * billed, so they are not on this invoice: INV-7 bills 10 and INV-8 bills 5, of
 * the 15 assigned." "1 one-off charge of Port-in fee is already billed, so it is not on this
 * invoice: INV-3 bills 1, of the 1 assigned." A credit note giving some back is named too, so the
 * counts add up to what the preview bills again: "1 setup of DID rental is already billed, so it
 * is not on this invoice: INV-7 bills 2 and credit note CN-2 gives 1 back, of the 2 assigned."
 */
export function SetupsLeftOutNote({
  leftOut,
  inline = false,
  on = 'this invoice',
}: {
  leftOut: readonly SetupsLeftOut[];
  inline?: boolean;
  on?: string;
}) {
  if (leftOut.length === 0) return null;
  const sentences = leftOut.map((entry) => {
    // Those that bill, then those that give back: together they add up to what is left out.
    const counts = [
      ...entry.billedOn.map((b) => ({ ...b, before: '', verb: 'bills', after: '' })),
      ...entry.givenBackOn.map((b) => ({ ...b, before: creditNoteWord(b.invoice), verb: 'gives', after: ' back' })),
    ];
    return (
      <span key={`${entry.charge}|${entry.packageId}`}>
        {chargesLeftOut(entry)} of <bdi>{entry.packageName}</bdi> {entry.quantity === '1' ? 'is' : 'are'} already billed, so{' '}
        {entry.quantity === '1' ? 'it is' : 'they are'} not on {on}:{' '}
        {counts.map((b, n) => (
          <span key={b.invoice.id}>
            {n > 0 && (n === counts.length - 1 ? ' and ' : ', ')}
            {b.before}
            <Link href={`/invoice?id=${b.invoice.id}`}>{billedOnName(b.invoice)}</Link> {b.verb} {b.quantity}
            {b.after}
          </span>
        ))}
        , of the {entry.assigned} assigned.{' '}
      </span>
    );
  });
  // In a billing run's table, a line under the customer's outcome; on the preview, a card of its own.
  return inline ? (
    <p className="warning small" data-testid="setups-left-out">
      {sentences}
    </p>
  ) : (
    <div className="card warning" role="status" data-testid="setups-left-out">
      <p>{sentences}</p>
    </div>
  );
}
