/**
 * Payments as people read them: in date order, per invoice, and what a customer still owes. The
 * mutators keep each invoice's `paid` (the sum of its allocations); this module only reads.
 */
import type { Invoice, Payment, PaymentAllocation } from './entities';
import { compareInvoiceNumbers, invoiceNumberLabel, isCreditNote } from './invoice-status';
import { addDecimals, compareDecimals, isDecimalString, isInMinorUnits, isZeroDecimal, negateDecimal, roundToCurrency, subtractDecimals } from './money';
import { possessive } from './possessive';
import { listInWords, upperFirst } from './text';

/**
 * Payments by date, then in the order they were entered (ids are UUIDv7, minted at entry, so they
 * sort by creation): the order of a statement, whatever order they were typed in.
 */
export function comparePayments(a: Pick<Payment, 'date' | 'id'>, b: Pick<Payment, 'date' | 'id'>): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * What is still to settle on an invoice: its total less what was put against it (its `paid`: the
 * payments and the credit applied to it). Null for a draft, not owed yet, and for a void invoice,
 * no longer owed, whatever was paid against it. A credit note's balance is at most zero: minus the
 * credit it has left to apply (its `paid` runs from 0 down to its total). Every balance shown or
 * exported, and every one the credit is spread by, is this one.
 */
export function invoiceBalance(invoice: Pick<Invoice, 'status' | 'total' | 'paid'>): string | null {
  if (invoice.status !== 'issued') return null;
  return subtractDecimals(invoice.total, invoice.paid);
}

/** A payment as it touches one invoice: the amount it put against that invoice (`applied`). */
export interface InvoicePayment {
  payment: Payment;
  applied: string;
}

/** The payments with an allocation to `invoiceId`, in date order, each with the amount it applied there. */
export function paymentsOfInvoice(payments: readonly Payment[], invoiceId: string): InvoicePayment[] {
  return payments
    .flatMap((payment) => payment.allocations.filter((a) => a.invoiceId === invoiceId).map((a) => ({ payment, applied: a.amount })))
    .sort((x, y) => comparePayments(x.payment, y.payment));
}

/** What a payment received and has not put against any invoice yet (amount less its allocations): the customer's credit, in the payment's currency. */
export function unappliedOf(payment: Pick<Payment, 'amount' | 'allocations'>): string {
  return subtractDecimals(payment.amount, addDecimals('0', ...payment.allocations.map((a) => a.amount)));
}

/**
 * What a customer owes in one currency: the balances of its open invoices less its credit (the
 * credit left on its credit notes, and what its payments received beyond their allocations).
 */
export interface Outstanding {
  currency: string;
  /** What is owed net: `owed` less `credit` and `unapplied` (below zero when the credit is more). */
  amount: string;
  /** The balances still to pay on issued invoices, and how many invoices make it up. */
  owed: string;
  invoices: number;
  /** The credit left (not yet applied) on issued credit notes, as a positive amount, and how many credit notes hold it. */
  credit: string;
  creditNotes: number;
  /** What payments received and did not put against invoices (overpaid, paid in advance), and how many payments hold it. */
  unapplied: string;
  payments: number;
}

/**
 * What a customer owes, per currency (sorted by code): the balance (total less paid) of every
 * issued invoice (numbered or pending) with something left to pay, less the credit left on every
 * issued credit note (a total below zero, owed to the customer) not yet applied in full, less what
 * its payments hold unapplied. Drafts are not owed yet, void invoices no longer are.
 */
export function outstandingByCurrency(
  invoices: readonly Pick<Invoice, 'status' | 'currency' | 'total' | 'paid'>[],
  payments: readonly Pick<Payment, 'currency' | 'amount' | 'allocations'>[] = [],
): Outstanding[] {
  const byCurrency = new Map<string, Outstanding>();
  const sumOf = (currency: string) =>
    byCurrency.get(currency) ?? { currency, amount: '0', owed: '0', invoices: 0, credit: '0', creditNotes: 0, unapplied: '0', payments: 0 };
  const put = (next: Outstanding) => byCurrency.set(next.currency, { ...next, amount: subtractDecimals(next.owed, addDecimals(next.credit, next.unapplied)) });
  for (const invoice of invoices) {
    const balance = invoiceBalance(invoice);
    if (balance === null) continue;
    const sign = compareDecimals(balance, '0');
    if (sign === 0) continue;
    const sum = sumOf(invoice.currency);
    put(
      sign > 0
        ? { ...sum, owed: addDecimals(sum.owed, balance), invoices: sum.invoices + 1 }
        : { ...sum, credit: subtractDecimals(sum.credit, balance), creditNotes: sum.creditNotes + 1 },
    );
  }
  for (const payment of payments) {
    const left = unappliedOf(payment);
    if (compareDecimals(left, '0') <= 0) continue;
    const sum = sumOf(payment.currency);
    put({ ...sum, unapplied: addDecimals(sum.unapplied, left), payments: sum.payments + 1 });
  }
  return [...byCurrency.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}

/**
 * What a customer owes and the credit it holds in one currency, as its page says them: a line per
 * figure, each figure said once. What its open invoices ask for ("Owed: $43.86 on 1 issued
 * invoice"), the credit not applied yet and where it is held ("Credit: $43.90 unapplied on 1
 * payment", its parts in brackets when on both payments and credit notes), and, with both, what is
 * left once the credit is applied ("Once the credit is applied: nothing owed, $0.04 of credit
 * left"): never a net figure standing for both, as "Credit: $0.04" read while $43.86 was still open.
 * `money` formats an amount in `o.currency`.
 */
export function outstandingLines(o: Outstanding, money: (amount: string) => string): string[] {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const lines: string[] = [];
  const owes = compareDecimals(o.owed, '0') > 0;
  if (owes) lines.push(`Owed: ${money(o.owed)} on ${count(o.invoices, 'issued invoice', 'issued invoices')}`);
  const onPayments = o.payments > 0 ? `unapplied on ${count(o.payments, 'payment', 'payments')}` : '';
  const onCreditNotes = o.creditNotes > 0 ? `left on ${count(o.creditNotes, 'credit note', 'credit notes')}` : '';
  const credit = addDecimals(o.credit, o.unapplied);
  const holds = compareDecimals(credit, '0') > 0;
  if (holds) {
    const where = onPayments && onCreditNotes ? `(${money(o.unapplied)} ${onPayments} and ${money(o.credit)} ${onCreditNotes})` : onPayments || onCreditNotes;
    lines.push(`Credit: ${money(credit)} ${where}`);
  }
  if (owes && holds) {
    const sign = compareDecimals(o.amount, '0');
    lines.push(
      `Once the credit is applied: ${sign > 0 ? `${money(o.amount)} owed` : sign < 0 ? `nothing owed, ${money(negateDecimal(o.amount))} of credit left` : 'nothing owed'}`,
    );
  }
  return lines;
}

/**
 * The invoices credit can go to (a credit note's, a payment's left unapplied): the customer's
 * issued invoices in `currency` with a balance due (never a credit note), the earliest due first,
 * then in their numbers' order (INV-9 before INV-10; pending last).
 */
export function invoicesOpenForCredit<I extends Pick<Invoice, 'customerId' | 'status' | 'currency' | 'total' | 'paid' | 'dueDate' | 'number'>>(
  customerId: string,
  currency: string,
  invoices: readonly I[],
): I[] {
  return invoices
    .filter((i) => i.customerId === customerId && i.currency === currency && compareDecimals(i.total, '0') > 0 && compareDecimals(invoiceBalance(i) ?? '0', '0') > 0)
    .sort((a, b) => (a.dueDate !== b.dueDate ? (a.dueDate < b.dueDate ? -1 : 1) : compareInvoiceNumbers(a.number, b.number)));
}

/**
 * `credit` spread over `invoices` in their order, each taking up to its balance until none is
 * left: how the credit dialogs pre-fill their amounts. By invoice id; an invoice given none is left out.
 */
export function spreadCredit(credit: string, invoices: readonly Pick<Invoice, 'id' | 'status' | 'total' | 'paid'>[]): Map<string, string> {
  const spread = new Map<string, string>();
  let rest = credit;
  for (const invoice of invoices) {
    if (compareDecimals(rest, '0') <= 0) break;
    const balance = invoiceBalance(invoice) ?? '0';
    const take = compareDecimals(rest, balance) < 0 ? rest : balance;
    if (compareDecimals(take, '0') <= 0) continue;
    spread.set(invoice.id, take);
    rest = subtractDecimals(rest, take);
  }
  return spread;
}

/**
 * What Record payment suggests putting against each open invoice for the amount received as typed,
 * while the clerk has typed none of those amounts: the amount received plus the credit taken from
 * credit notes (netted against the invoices, so the invoices get both) spread over `invoices` in
 * the dialog's order, each up to its balance (spreadCredit), written in `currency`'s decimals
 * ("9" USD → "9.00"). What is beyond their balances stays as the customer's credit; an amount of 0
 * puts nothing anywhere. By invoice id; an invoice given none is left out.
 *
 * Null when the amount received or a credit amount (`creditTaken`, as typed; blanks ignored) is
 * not a positive amount in the currency's minor units: half-typed ("12.") or a mistake the dialog
 * names on saving, so the dialog keeps the amounts it shows rather than chase it. A blank amount
 * received is the dialog's to read (the amounts against invoices are then the payment): null too.
 */
export function suggestedPaymentAllocations(
  received: string,
  creditTaken: readonly string[],
  invoices: readonly Pick<Invoice, 'id' | 'status' | 'total' | 'paid'>[],
  currency: string,
): Map<string, string> | null {
  const isAmount = (typed: string) => isDecimalString(typed) && !typed.startsWith('-') && isInMinorUnits(typed, currency);
  const money = received.trim();
  const credits = creditTaken.map((typed) => typed.trim()).filter((typed) => typed !== '');
  if (!isAmount(money) || !credits.every(isAmount)) return null;
  const spread = spreadCredit(addDecimals(money, ...credits), invoices);
  return new Map([...spread].map(([invoiceId, amount]) => [invoiceId, roundToCurrency(amount, currency)]));
}

/** The credit left on a credit note (an issued invoice whose total is below zero): what is not yet applied, as a positive amount; '0' for any other invoice. */
export function creditLeft(invoice: Pick<Invoice, 'status' | 'total' | 'paid'>): string {
  const balance = invoiceBalance(invoice);
  if (balance === null || !isCreditNote(invoice)) return '0';
  const left = negateDecimal(balance);
  return compareDecimals(left, '0') > 0 ? left : '0';
}

/** The customer's issued credit notes in `currency` with credit left (a payment can net them), in their numbers' order (INV-9 before INV-10). */
export function creditNotesWithCredit<I extends Pick<Invoice, 'status' | 'currency' | 'total' | 'paid' | 'number'>>(customerInvoices: readonly I[], currency: string): I[] {
  return customerInvoices
    .filter((i) => i.currency === currency && compareDecimals(creditLeft(i), '0') > 0)
    .sort((a, b) => compareInvoiceNumbers(a.number, b.number));
}

/**
 * An application of a credit note's credit to invoices (Apply credit), as the payment recordPayment
 * takes: received nothing (amount 0), method "Credit note <number>", reference naming the invoices
 * it went to, allocations −X on the credit note and the (positive) amounts over the invoices, X
 * their exact sum. `numbers` labels each invoice id (its number, or "pending").
 */
export function creditApplication(
  creditNote: Pick<Invoice, 'id' | 'customerId' | 'currency' | 'number'>,
  args: { id: string; date: string; allocations: readonly { invoiceId: string; amount: string }[]; numbers: ReadonlyMap<string, string> },
): Payment {
  const applied = addDecimals('0', ...args.allocations.map((a) => a.amount));
  return {
    id: args.id,
    customerId: creditNote.customerId,
    date: args.date,
    amount: roundToCurrency('0', creditNote.currency),
    currency: creditNote.currency,
    method: `Credit note ${creditNote.number ?? 'pending'}`.slice(0, 50),
    reference: applicationReference(args.allocations.map((a) => args.numbers.get(a.invoiceId) ?? 'pending')),
    allocations: [
      { invoiceId: creditNote.id, amount: roundToCurrency(subtractDecimals('0', applied), creditNote.currency) },
      ...args.allocations.map((a) => ({ invoiceId: a.invoiceId, amount: a.amount })),
    ],
  };
}

/** What an application of credit says it went to, as its reference: "Applied to INV-1, INV-2", by the invoices' `names`. */
export function applicationReference(names: readonly string[]): string {
  const listed = `${APPLIED_TO}${names.join(', ')}`;
  // The reference holds at most 200 characters: many invoices are counted instead.
  return listed.length <= 200 ? listed : `${APPLIED_TO}${names.length} invoices`;
}

const APPLIED_TO = 'Applied to ';

/**
 * Whether `payment` is an application of credit whose reference says where it went, as
 * creditApplication wrote it ("Applied to INV-1, INV-2"): when one of those invoices is voided, its
 * credit goes back (releasedByVoid) and the reference is written again for the invoices left, so
 * the payments lists, the invoices' pages and their PDFs never name an invoice it no longer pays.
 * A reference the user typed is theirs, and stays.
 */
export function hasApplicationReference(payment: Pick<Payment, 'amount' | 'allocations' | 'reference'>): boolean {
  return creditApplied(payment) !== null && payment.reference.startsWith(APPLIED_TO);
}

/**
 * What an application of credit (Apply credit: a payment of 0, see `creditApplication`) applied:
 * the credit notes it drew on and the credit it took from them, a positive amount. Null for a
 * payment that received money (its amount says what it is), or one drawing on no credit note.
 */
export function creditApplied(payment: Pick<Payment, 'amount' | 'allocations'>): { creditNoteIds: string[]; amount: string } | null {
  if (compareDecimals(payment.amount, '0') !== 0) return null;
  const drawn = payment.allocations.filter((a) => compareDecimals(a.amount, '0') < 0);
  if (drawn.length === 0) return null;
  return { creditNoteIds: drawn.map((a) => a.invoiceId), amount: negateDecimal(addDecimals('0', ...drawn.map((a) => a.amount))) };
}

/**
 * The payments that moved credit between a credit note and the invoice `invoiceId` (an allocation
 * to it, in a payment drawing on a credit note: Apply credit, or a payment of the net); for a credit
 * note, the applications of its own credit. While any is recorded the credit note cannot be voided (lib/
 * mutators voidInvoice): a void credit note would leave its credit spent on the invoices. (Voiding
 * the invoice gives the credit back, releasedByVoid.) Deleting one moves the credit back exactly.
 */
export function creditMovesOf<P extends Pick<Payment, 'allocations'>>(invoiceId: string, payments: readonly P[]): P[] {
  return payments.filter((p) => p.allocations.some((a) => a.invoiceId === invoiceId) && p.allocations.some((a) => compareDecimals(a.amount, '0') < 0));
}

/** What voiding an invoice does to one payment on it (releasedByVoid). */
export interface ReleasedByVoid {
  allocations: PaymentAllocation[];
  released: string;
  creditBack: { invoiceId: string; amount: string }[];
  toCredit: string;
  empty: boolean;
}

/**
 * What becomes of `payment` when the invoice `invoiceId` is voided: what it put against that
 * invoice comes off it (`released`), since a void invoice is owed nothing and money left on it is
 * counted nowhere. Credit it took from credit notes to pay that invoice goes back to them, the last
 * first (`creditBack`, positive amounts), as far as the invoices it still pays no longer take it;
 * the rest of what came off is the customer's credit, unapplied on the payment (`toCredit`),
 * available to Apply credit. Null when the payment put nothing against the invoice. The allocations
 * left are the payment's new ones (one reduced to nothing is dropped); an application of credit
 * left with none is no payment at all (`empty`: delete it).
 */
export function releasedByVoid(payment: Pick<Payment, 'amount' | 'currency' | 'allocations'>, invoiceId: string): ReleasedByVoid | null {
  const own = payment.allocations.filter((a) => a.invoiceId === invoiceId);
  if (own.length === 0) return null;
  const released = roundToCurrency(addDecimals('0', ...own.map((a) => a.amount)), payment.currency);
  const rest = payment.allocations.filter((a) => a.invoiceId !== invoiceId).map((a) => ({ ...a }));
  const creditBack: { invoiceId: string; amount: string }[] = [];
  // The allocations add up to at least 0: credit drawn beyond what the invoices left take goes back.
  for (let i = rest.length - 1; i >= 0; i--) {
    const net = addDecimals('0', ...rest.map((a) => a.amount));
    if (compareDecimals(net, '0') >= 0) break;
    const allocation = rest[i]!;
    if (compareDecimals(allocation.amount, '0') >= 0) continue;
    const drawn = negateDecimal(allocation.amount);
    const back = compareDecimals(drawn, negateDecimal(net)) <= 0 ? drawn : negateDecimal(net);
    allocation.amount = roundToCurrency(addDecimals(allocation.amount, back), payment.currency);
    creditBack.unshift({ invoiceId: allocation.invoiceId, amount: roundToCurrency(back, payment.currency) });
  }
  const allocations = rest.filter((a) => !isZeroDecimal(a.amount));
  const toCredit = roundToCurrency(subtractDecimals(released, addDecimals('0', ...creditBack.map((c) => c.amount))), payment.currency);
  return { allocations, released, creditBack, toCredit, empty: isZeroDecimal(payment.amount) && allocations.length === 0 };
}

/** What voiding an invoice does to all its payments together (`voidReleases`). */
export interface VoidReleases {
  /** All that comes off it. */
  released: string;
  /** Of that, the money received: it becomes the customer's credit, unapplied on its payments. */
  toCredit: string;
  /** Of that, the credit applied from credit notes, which goes back to each (positive amounts), in the order met. */
  creditBack: { invoiceId: string; amount: string }[];
}

/**
 * What voiding `invoiceId` would do to `payments` (the customer's), each as `releasedByVoid` says,
 * added up: the Void dialog says where each part goes before it is confirmed, money received (the
 * customer's credit) apart from credit applied from a credit note (back to that credit note).
 */
export function voidReleases(invoiceId: string, payments: readonly Pick<Payment, 'id' | 'amount' | 'currency' | 'allocations'>[]): VoidReleases {
  const seen = new Set<string>();
  let released = '0';
  let toCredit = '0';
  const creditBack: { invoiceId: string; amount: string }[] = [];
  for (const payment of payments) {
    if (seen.has(payment.id)) continue;
    seen.add(payment.id);
    const move = releasedByVoid(payment, invoiceId);
    if (!move) continue;
    released = addDecimals(released, move.released);
    toCredit = addDecimals(toCredit, move.toCredit);
    for (const back of move.creditBack) {
      const found = creditBack.find((c) => c.invoiceId === back.invoiceId);
      if (found) found.amount = addDecimals(found.amount, back.amount);
      else creditBack.push({ ...back });
    }
  }
  return { released, toCredit, creditBack };
}

/**
 * A payment as one invoice's page (and PDF) lists it, every amount positive, as the invoices list,
 * the customer's payments and the Apply credit dialog show credit: a credit note's own page must
 * not read "-$6.16" where the invoice the credit went to reads "$6.16" for the same credit.
 */
export interface PaymentOnInvoice {
  /** What it put against this invoice or, on a credit note it drew on, the credit it took from it. */
  amount: string;
  /** It drew on this invoice: a credit note whose credit it applied (Apply credit, or a payment of the net). */
  ownCredit: boolean;
  /** The money it received; null for an application of credit, which received none. */
  received: string | null;
  /** The other credit notes it drew on, and the credit it took from each. */
  creditFrom: { invoiceId: string; amount: string }[];
  /** The other invoices it went to, and how much to each. */
  alsoTo: { invoiceId: string; amount: string }[];
  /** What it left as the customer's credit, applied to no invoice yet ('0' for none). */
  unapplied: string;
}

/** How `payment` reads on the page of `invoiceId`, one of the invoices it has an allocation to (see PaymentOnInvoice). */
export function paymentOnInvoice(payment: Pick<Payment, 'amount' | 'allocations'>, invoiceId: string): PaymentOnInvoice {
  const here = addDecimals('0', ...payment.allocations.filter((a) => a.invoiceId === invoiceId).map((a) => a.amount));
  const ownCredit = compareDecimals(here, '0') < 0;
  const others = payment.allocations.filter((a) => a.invoiceId !== invoiceId && !isZeroDecimal(a.amount));
  const unapplied = unappliedOf(payment);
  return {
    amount: ownCredit ? negateDecimal(here) : here,
    ownCredit,
    received: isZeroDecimal(payment.amount) ? null : payment.amount,
    creditFrom: others.filter((a) => compareDecimals(a.amount, '0') < 0).map((a) => ({ invoiceId: a.invoiceId, amount: negateDecimal(a.amount) })),
    alsoTo: others.filter((a) => compareDecimals(a.amount, '0') > 0).map((a) => ({ invoiceId: a.invoiceId, amount: a.amount })),
    unapplied: compareDecimals(unapplied, '0') > 0 ? unapplied : '0',
  };
}

/**
 * What was put against an invoice and what is left of it, as its totals show them: "Paid" and
 * "Balance due" (below zero when overpaid); for a credit note (a total below zero), "Credit
 * applied" and "Credit left", positive amounts of credit, as creditLeft and the invoices list count them.
 */
export function settlementOf(total: string, paid: string): { paidLabel: 'Paid' | 'Credit applied'; paid: string; leftLabel: 'Balance due' | 'Credit left'; left: string } {
  const left = subtractDecimals(total, paid);
  if (isCreditNote({ total })) return { paidLabel: 'Credit applied', paid: negateDecimal(paid), leftLabel: 'Credit left', left: negateDecimal(left) };
  return { paidLabel: 'Paid', paid, leftLabel: 'Balance due', left };
}

/** What a void invoice's totals end with, on its screen and in its PDF: no balance is owed on it. */
export const VOID_NOT_OWED = 'Void — not owed';

/** A row of an invoice's totals under its Total (see `settlementRows`): an amount, or words. */
export interface SettlementRow {
  key: 'paid' | 'balance';
  label: string;
  /** The amount, of the invoice's currency; null where the row says `words` instead. */
  amount: string | null;
  words: string | null;
  /** Printed bold: the balance due, or the credit left. */
  strong: boolean;
}

/**
 * The rows an invoice's totals show under its Total, its screen (TotalsPanel) and its PDF alike:
 * what was put against it and what is left (`settlementOf`), when anything was put against it (or,
 * `payments`, any payment is listed on it); a void invoice ends with `VOID_NOT_OWED` instead of a
 * balance, whatever was paid (voiding takes payments off it, so as a rule nothing is), since it is
 * owed by no one.
 */
export function settlementRows(total: string, paid: string, { voided, payments = 0 }: { voided: boolean; payments?: number }): SettlementRow[] {
  const anything = !isZeroDecimal(paid) || payments > 0;
  const settlement = settlementOf(total, paid);
  const rows: SettlementRow[] = [];
  if (anything) rows.push({ key: 'paid', label: settlement.paidLabel, amount: settlement.paid, words: null, strong: false });
  if (voided) rows.push({ key: 'balance', label: 'Balance', amount: null, words: VOID_NOT_OWED, strong: false });
  else if (anything) rows.push({ key: 'balance', label: settlement.leftLabel, amount: settlement.left, words: null, strong: true });
  return rows;
}

/**
 * What deleting `payment` does, in a sentence, every amount positive (as the customer's payments
 * and the invoice's page show them): the credit it drew from credit notes goes back to them, the
 * invoices it paid are owed that again, an amount it still holds on a void invoice comes off it, and
 * the customer's credit it holds goes with it. "$43.86 of credit note INV-6's credit goes back to it;
 * $43.86 is owed on INV-2 again." (the amount first: "INV-2 is owed $43.86" read as if the
 * customer were owed it) `invoicesById`: the customer's invoices on this device (one not on it
 * is named so); `money` formats an amount in the payment's currency.
 */
export function paymentDeletionEffect(
  payment: Pick<Payment, 'amount' | 'allocations'>,
  invoicesById: ReadonlyMap<string, Pick<Invoice, 'status' | 'number'>>,
  money: (amount: string) => string,
): string {
  const unapplied = unappliedOf(payment);
  const held = compareDecimals(unapplied, '0') > 0;
  const allocations = payment.allocations.filter((a) => !isZeroDecimal(a.amount));
  if (allocations.length === 0) {
    return held ? `The ${money(unapplied)} it received is the customer's credit, applied to no invoice yet: that credit goes with it.` : 'It put nothing against any invoice.';
  }
  const parts: string[] = [];
  const drawn = allocations.filter((a) => compareDecimals(a.amount, '0') < 0);
  for (const a of drawn) {
    const creditNote = invoicesById.get(a.invoiceId);
    const credit = money(negateDecimal(a.amount));
    parts.push(creditNote ? `${credit} of credit note ${invoiceNumberLabel(creditNote)}'s credit goes back to it` : `${credit} of credit goes back to a credit note not on this device`);
  }
  const owedAgain: string[] = [];
  for (const a of allocations.filter((x) => compareDecimals(x.amount, '0') > 0)) {
    const invoice = invoicesById.get(a.invoiceId);
    if (!invoice) parts.push(`the ${money(a.amount)} it put against an invoice not on this device comes off it`);
    else if (invoice.status === 'void') parts.push(`the ${money(a.amount)} it still holds on void invoice ${invoiceNumberLabel(invoice)} comes off it (a void invoice is owed nothing)`);
    // "…is owed on INV-2 again"; one waiting for its number (issued offline) is "invoice pending".
    else owedAgain.push(`${money(a.amount)} is owed on ${invoice.number ?? `invoice ${invoiceNumberLabel(invoice)}`} again`);
  }
  if (owedAgain.length > 0) parts.push(listInWords(owedAgain));
  if (held) parts.push(`the ${money(unapplied)} of the customer's credit it still holds goes with it`);
  return `${upperFirst(parts.join('; '))}.`;
}

/**
 * What a void invoice's page says of what was paid against it. Voiding takes it off (releasedByVoid:
 * money received becomes the customer's credit, on its payment; credit applied from a credit note
 * goes back to the credit note), and nothing records how much came off, so the page says where it
 * went without a figure. An invoice voided before voiding did that may still hold payments (`paid`,
 * not zero): that money counts nowhere until the payment is deleted and recorded again. `money`
 * formats an amount in the invoice's currency.
 */
export function voidInvoicePaidNote(paid: string, customerName: string, money: (amount: string) => string): string {
  if (!isZeroDecimal(paid)) {
    return (
      `${money(paid)} paid against it stays on it (it was voided before voiding took payments off) and counts nowhere: not in what ${customerName} owes, nor as its credit. ` +
      'To count it, delete the payment under Payments below and record it again, against the invoice replacing it or as credit.'
    );
  }
  return (
    `Nothing is paid against it: voiding took off whatever had been paid. Money received became ${possessive(customerName)} credit, left on its payment ` +
    "to apply to other invoices (see Payments on the customer's page); credit applied from a credit note went back to that credit note. " +
    'How much came off is not recorded on the invoice.'
  );
}
