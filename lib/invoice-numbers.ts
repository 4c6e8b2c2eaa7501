/**
 * Invoice numbers as a reader tells them apart. Numbers are unique per tenant, but "unique" must
 * mean what a customer or an auditor reading them sees: nv-2026-1015 beside NV-2026-1015, or
 * NV‐2026‐1015 with Unicode hyphens, or one with a space pasted in front, read as the same number.
 * Every place that checks whether a number is taken (Settings, saveAccount, issuing on the device
 * and on the server) compares by `invoiceNumberKey`.
 *
 * The server's unique index (invoices_number_unique) stays exact: Postgres' lower() under the
 * database's collation, its normalize() and its regex classes do not follow the rule below
 * character for character, so the rule is kept here, checked by the mutators under the tenant lock.
 */

import { dayAsShown } from './dates';
import type { Invoice } from './entities';
import { compareInvoiceNumbers } from './invoice-status';

/** Dash punctuation, and the minus signs and hyphen-like marks that read as a dash. */
const DASH_LIKE = /[\p{Pd}\u2212\u2043\u02D7\u2796\uFE63\uFF0D]/gu;
/** Characters that leave no mark: whitespace, control characters, invisible formatting (zero-width space, soft hyphen, BOM). */
const UNSEEN = /[\p{White_Space}\p{Cc}\p{Cf}]/gu;
const CONTROL = /\p{Cc}/gu;

/** The form of a number two numbers are compared by: NFKC, case-folded, each dash as '-', nothing unseen. */
export function invoiceNumberKey(number: string): string {
  // Upper then lower folds the case as far as JS can without locale: ß and SS, ς and Σ and σ meet.
  const folded = number.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
  return folded.replace(DASH_LIKE, '-').replace(UNSEEN, '');
}

/**
 * A number prefix as it is kept: without control characters (a pasted tab or line break) and
 * without spaces around it, which print as nothing or as a gap before the number.
 */
export function cleanNumberPrefix(prefix: string): string {
  return prefix.replace(CONTROL, '').trim();
}

/** The number the series gives `n`. */
export function invoiceNumber(prefix: string, n: number): string {
  return `${cleanNumberPrefix(prefix)}${n}`;
}

/**
 * The number of the series the next invoice issued takes: the account's next number, passing over
 * those an invoice has already, or one reading the same (from an earlier series with the same
 * prefix, say), so an issue never fails on the numbers' unique index. `n` is the series' count
 * the number has (the account's next number becomes `n + 1`). The server numbers issues so
 * (issueInvoice); a device knowing the server's series and numbers can say so before issuing.
 */
export function nextInvoiceNumber(series: { numberPrefix: string; nextNumber: number }, used: ReadonlyMap<string, string>): { number: string; n: number } {
  let n = series.nextNumber;
  while (clashingNumber(used, invoiceNumber(series.numberPrefix, n)) !== undefined) n++;
  return { number: invoiceNumber(series.numberPrefix, n), n };
}

/** Numbers already used, by their key: the first number with each key. */
export function usedNumbers(numbers: Iterable<string>): Map<string, string> {
  const used = new Map<string, string>();
  for (const number of numbers) {
    const key = invoiceNumberKey(number);
    if (!used.has(key)) used.set(key, number);
  }
  return used;
}

/** The number already used that `number` reads the same as, if any. */
export function clashingNumber(used: ReadonlyMap<string, string>, number: string): string | undefined {
  return used.get(invoiceNumberKey(number));
}

/** Why `number` cannot be the next one, as the user reads it; `existing` is the number it clashes with. */
export function numberTakenMessage(existing: string, number: string): string {
  return existing === number ? `${existing} is already an invoice's number` : `${existing} is already used; ${number} would read the same`;
}

/** An invoice as its number and date show it. */
interface Numbered {
  number: string;
  invoiceDate: string;
}

/**
 * Who issued an invoice, as the device told of it can know (lib/mutators issueInvoice `issuedHere`):
 * 'this device' (among its own issues still waiting for their numbers), 'another device' (not
 * among them, nor numbered on the device when Issue asked), or undefined when the device did not
 * say (a billing run, an issue queued before devices said): then no notice guesses.
 */
export type IssuedBy = 'this device' | 'another device' | undefined;

/**
 * What the device that issued `issued` is told when its number came out of date order: numbered
 * after `previous`, the invoice of the series' last number before it, dated later. Online, Issue's
 * question warns of that before issuing; offline, an invoice issued elsewhere may reach the server
 * first, and the issue is numbered after an invoice its device never saw; or the device issued
 * `previous` itself, offline too, before it (Issue's question knows no number for it yet).
 * `previousBy`: who issued `previous`, when known. `seenUntil`: the date of the latest numbered
 * invoice Issue's question said it would follow (the user chose to issue anyway): an invoice dated
 * up to then adds nothing to what was seen. Null when there is nothing to tell.
 * Never a refusal: a number is the server's to give, in issue order, and the invoice stands.
 */
export function outOfDateOrderNotice(issued: Numbered, previous: Numbered | undefined, seenUntil?: string, previousBy?: IssuedBy): string | null {
  if (!previous || previous.invoiceDate <= issued.invoiceDate) return null;
  if (seenUntil !== undefined && previous.invoiceDate <= seenUntil) return null;
  const which =
    previousBy === 'this device' ? 'which this device issued before it' : previousBy === 'another device' ? 'which reached the server first (issued on another device)' : 'which reached the server first';
  return (
    `Invoice ${issued.number}, dated ${dayAsShown(issued.invoiceDate)}, was numbered after ${previous.number}, dated ${dayAsShown(previous.invoiceDate)}, ` +
    `${which}${NUMBERED_OUT_OF_DATE_ORDER} ${issued.number} stands as issued; ` +
    `if its number must follow the dates, void it and issue a replacement dated ${dayAsShown(previous.invoiceDate)} or later.`
  );
}

/** What `outOfDateOrderNotice` says of the numbers, by which its notice is known (lib/change-labels keeps it as it is). */
export const NUMBERED_OUT_OF_DATE_ORDER = ': the numbers are out of date order.';

/** An invoice as Issue's out-of-date-order question weighs it. */
type MaybeNumbered = Pick<Invoice, 'number' | 'invoiceDate' | 'status'>;

/**
 * The invoice Issue's question names when issuing one dated `date` now would number it after an
 * invoice dated later, out of date order (many tax authorities expect numbers to follow dates):
 * the latest-dated numbered invoice dated after `date`, if any. Several dated that day: one not
 * void (a void invoice keeps its number, but naming it reads as if it still counted), then the
 * highest-numbered (INV-10 after INV-9), the number the new one will follow most nearly.
 */
export function numberedAfter<T extends MaybeNumbered>(date: string, invoices: Iterable<T>): (T & { number: string }) | undefined {
  let named: (T & { number: string }) | undefined;
  for (const invoice of invoices) {
    if (!hasNumber(invoice) || invoice.invoiceDate <= date) continue;
    if (!named || namesBetter(invoice, named)) named = invoice;
  }
  return named;
}

function hasNumber<T extends MaybeNumbered>(invoice: T): invoice is T & { number: string } {
  return invoice.number !== null;
}

function namesBetter(a: MaybeNumbered & { number: string }, b: MaybeNumbered & { number: string }): boolean {
  if (a.invoiceDate !== b.invoiceDate) return a.invoiceDate > b.invoiceDate;
  if ((a.status === 'void') !== (b.status === 'void')) return b.status === 'void';
  return compareInvoiceNumbers(a.number, b.number) > 0;
}
