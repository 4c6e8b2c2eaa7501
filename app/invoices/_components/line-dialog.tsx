'use client';

import { useId, useState } from 'react';
import { askBeforeClosing, useModalDialog } from '../../_components/modal-dialog';
import { decimalSchema, taxRateSchema, type Invoice, type InvoiceLine, type Package, type Period } from '@/lib/entities';
import { billsDays, refunds } from '@/lib/invoice-periods';
import { periodOutside, refilledDates } from '@/lib/item-dates';
import { isDecimalString, isZeroDecimal, type RoundingMode } from '@/lib/money';
import { type ChargeWording, oneChargeWording, rewordedCharge, type SetupFeeBilling } from '@/lib/packages';
import { computeTotals } from '@/lib/totals';
import { DialogActions } from '../../_components/form-actions';
import { focusFirstInvalid } from '../../_components/form-fields';
import { currencyExponent } from '@/lib/currencies';
import { formatAmount, formatDecimal, periodParts } from '../../_components/locale';
import { billedOnName, creditNoteWord } from './setups-left-out';
import { listInWords } from '@/lib/text';

export interface LineDialogProps {
  /** The line to edit, or a fresh manual line to add. */
  line: InvoiceLine;
  packages: readonly Package[];
  currency: string;
  /** The invoice's rounding: the live Net and Total round as its totals will. */
  rounding: RoundingMode;
  /** The customer's default tax %, used when a package is picked. */
  defaultTaxRate: string;
  /** Quantity of the customer's assignment of each package, to pre-fill. */
  assignedQuantity: (packageId: string) => number | undefined;
  /**
   * How a package's setup fee stands for the customer (lib/billed-again chargeForItem): on its issued
   * invoices, less what issued credit notes give back, and this invoice as it is now, this line aside.
   */
  setupFee: (packageId: string) => SetupFeeBilling;
  /** The same for a one-off package's charge (chargeForItem 'one-off'), counted as its setup is. */
  oneOffCharge: (packageId: string) => SetupFeeBilling;
  /** The invoice the line is on, named "this invoice" where its setup lines are counted. */
  invoiceId: string;
  /**
   * Whether that invoice is a credit note (Credit note…, or a total below zero): it gives back, so what
   * is left to bill of a setup or one-off charge is not said, and a line billing an amount (calls)
   * gives back that amount, which the clerk may lower to give back part of it.
   */
  creditNote: boolean;
  /** The dates a new item is given on this invoice: for a package's charge, or (undefined) a plain item or a setup fee (lib/item-dates newItemDates). */
  itemDates: (charged: Package | undefined) => Period;
  /** The invoice's own period: an item dated outside it is pointed out (on an invoice without one, or half of one, nothing is). */
  invoicePeriod: Pick<Invoice, 'periodStart' | 'periodEnd'>;
  onSave: (line: InvoiceLine) => void;
  onClose: () => void;
}

type Field = 'quantity' | 'unitPrice' | 'amount' | 'taxRate' | 'description' | 'dates';

/** An invoice as the setup and one-off hints name it. */
function invoiceName(invoice: Invoice, currentId: string): string {
  return invoice.id === currentId ? 'this invoice' : billedOnName(invoice);
}

/** A package's line as Add Invoice Item names it: its name and description. */
const lineName = (pkg: Package) => (pkg.description ? `${pkg.name} — ${pkg.description}` : pkg.name);

/** "a", "a and b", "a, b and c". */

/**
 * Where a charge billed once was billed (issued invoices and this one; a draft bills nothing until
 * issued), less what issued credit notes give back, and what is filled in: "Setup already billed: 10
 * on INV-7. 5 of the 15 assigned are not billed yet: …"; "Port-in fee already billed: 1 on INV-1,
 * less 1 given back by credit note INV-2. 1 of the 1 assigned is not billed yet: …".
 */
function billedOnceHint(what: string, billing: SetupFeeBilling, invoiceId: string): string {
  const givenBack = billing.givenBackOn.map((b) => `${b.quantity} given back by ${creditNoteWord(b.invoice)}${invoiceName(b.invoice, invoiceId)}`);
  const billed = `${what} already billed: ${listInWords(billing.billedOn.map((b) => `${b.quantity} on ${invoiceName(b.invoice, invoiceId)}`))}${givenBack.length > 0 ? `, less ${listInWords(givenBack)}` : ''}.`;
  if (billing.unbilled === '0') return `${billed} Nothing assigned is left to bill: add it again only if it is owed again.`;
  return `${billed} ${billing.unbilled} of the ${billing.assigned} assigned ${billing.unbilled === '1' ? 'is' : 'are'} not billed yet: that is the quantity filled in.`;
}

/** What the setup fee hint says: when Generate Invoice bills it, or where it was billed and what is filled in. */
function setupFeeHint(setup: SetupFeeBilling, invoiceId: string): string {
  if (setup.billedOn.length === 0) return 'Generate Invoice bills a setup fee in the period its assignment starts: add it here only if it was not billed then.';
  return billedOnceHint('Setup', setup, invoiceId);
}

/** "Add Invoice Item": package select pre-fills quantity, unit price and tax; live Net and Total. */
export function LineDialog({
  line,
  packages,
  currency,
  rounding,
  defaultTaxRate,
  assignedQuantity,
  setupFee,
  oneOffCharge,
  invoiceId,
  itemDates,
  invoicePeriod,
  creditNote,
  onSave,
  onClose,
}: LineDialogProps) {
  const ref = useModalDialog();
  const ids = useId();
  const [draft, setDraft] = useState(line);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  // A usage line or a credit bills round(amount) (lib/totals), whatever its quantity and unit price
  // say: they stay as generated, shown read-only so an edit of them cannot look as if it billed.
  const billsAmount = line.amount !== null;
  // On a credit note that amount is what the line gives back: lowered (40.00 of 100.00 calls), it gives back part of them.
  const amountEditable = billsAmount && creditNote;
  // Its calls and charge are the usage of the days it is dated: other dates would bill those calls
  // under a period that leaves them out (and give back other days' on a credit note).
  const datesFromUsage = billsAmount;

  const set = (patch: Partial<InvoiceLine>) => setDraft((d) => ({ ...d, ...patch }));
  // A package pre-fills its price, an amount of its currency: only those priced in the invoice's
  // are offered. A line naming one in another (made before packages had a currency) keeps it,
  // shown as such, but it pre-fills nothing again.
  const offered = packages.filter((p) => p.currency === currency && (!p.retired || p.id === line.packageId));
  const current = packages.find((p) => p.id === line.packageId && p.currency !== currency);
  const elsewhere = packages.filter((p) => p.currency !== currency && !p.retired).length;
  // The wording filled in for a package's charge (and the name it starts with), while the quantity
  // decides it: 1 reads "DID rental", 1 month; 10 read "DID rental (1 month each)", 10 each. A line
  // opened for editing counts as filled in when it still reads so (by the dialog's name or Generate
  // Invoice's), for its quantity; a charge of several periods ("DID rental", 3 months) does not.
  const [filled, setFilled] = useState<(ChargeWording & { name: string }) | null>(() => {
    const pkg = line.kind === 'package' ? offered.find((p) => p.id === line.packageId) : undefined;
    if (!pkg) return null;
    for (const name of [lineName(pkg), pkg.name]) {
      const wording = oneChargeWording(pkg, line.quantity.trim(), name);
      if (wording?.description === line.description) return { name, ...wording };
    }
    return null;
  });

  // The dates filled in, while they decide: a new item's (dated as Add Invoice Item dates it) follow
  // the package picked, a month for a monthly one; dates typed by hand, or an existing item's, stay.
  const [filledDates, setFilledDates] = useState<Period | null>(() =>
    line.description === '' && line.startDate !== null && line.endDate !== null ? { start: line.startDate, end: line.endDate } : null,
  );
  function redate(now: Period): Pick<InvoiceLine, 'startDate' | 'endDate'> {
    setFilledDates(now);
    return refilledDates(draft, filledDates, now);
  }

  /** The select's value: a package's id, or its id and `:setup` for its setup fee. */
  function pickPackage(value: string) {
    const [packageId, part] = value.split(':');
    const pkg = offered.find((p) => p.id === packageId);
    if (!pkg) {
      set({ packageId: null, kind: 'manual', ...redate(itemDates(undefined)) });
      return;
    }
    // A one-off's charge already billed (as Generate Invoice counts it) fills in what is left, as a setup does.
    const oneOff = pkg.frequency === 'none' && part !== 'setup' ? oneOffCharge(pkg.id) : undefined;
    const quantity = oneOff && oneOff.billedOn.length > 0 ? oneOff.quantity : String(assignedQuantity(pkg.id) ?? 1);
    const name = lineName(pkg);
    if (part === 'setup') {
      // As Generate Invoice bills it when an assignment starts, once per item: the items whose setup no invoice bills yet.
      set({
        packageId: pkg.id,
        kind: 'setup',
        description: `${name} (setup)`,
        quantity: setupFee(pkg.id).quantity,
        unit: 'each',
        unitPrice: pkg.setup,
        taxRate: defaultTaxRate,
        ...redate(itemDates(undefined)),
      });
      setFilled(null);
      return;
    }
    // One period's charge, worded as Generate Invoice words it ("DID rental (1 month each)").
    const wording = oneChargeWording(pkg, quantity, name)!;
    // Dated with the package's period around the invoice date, which the PDF prints beside it.
    set({ packageId: pkg.id, kind: 'package', ...wording, quantity, unitPrice: pkg.retail, taxRate: defaultTaxRate, ...redate(itemDates(pkg)) });
    setFilled({ name, ...wording });
  }

  /**
   * A new quantity re-words a package's charge as its assignment of that quantity would read
   * (10 DIDs: "(1 month each)", 10 each, not "10 months"); a description edited by hand is kept.
   */
  function setQuantity(quantity: string) {
    const pkg = draft.kind === 'package' ? offered.find((p) => p.id === draft.packageId) : undefined;
    const now = pkg && filled ? oneChargeWording(pkg, quantity.trim(), filled.name) : undefined;
    if (!filled || !now) {
      set({ quantity });
      return;
    }
    set({ quantity, ...rewordedCharge(draft, filled, now) });
    setFilled({ name: filled.name, ...now });
  }
  const selected = draft.packageId === null ? '' : draft.kind === 'setup' ? `${draft.packageId}:setup` : draft.packageId;

  function validate(candidate: InvoiceLine): Partial<Record<Field, string>> {
    const found: Partial<Record<Field, string>> = {};
    const q = decimalSchema.safeParse(candidate.quantity);
    if (!q.success) found.quantity = `Quantity ${q.error.issues[0]?.message}`;
    if (candidate.amount !== null) {
      const a = decimalSchema.safeParse(candidate.amount);
      if (candidate.amount === '') found.amount = 'Amount is required';
      else if (!a.success) found.amount = `Amount ${a.error.issues[0]?.message}`;
    }
    const p = decimalSchema.safeParse(candidate.unitPrice);
    if (candidate.unitPrice.trim() === '') found.unitPrice = 'Unit price is required';
    else if (!p.success) found.unitPrice = `Unit price ${p.error.issues[0]?.message}`;
    const t = taxRateSchema.safeParse(candidate.taxRate);
    if (candidate.taxRate.trim() === '') found.taxRate = 'Tax % is required';
    else if (!t.success) found.taxRate = `Tax % ${t.error.issues[0]?.message}`;
    if (candidate.description.trim() === '') found.description = 'Description is required';
    if (candidate.startDate && candidate.endDate && candidate.endDate < candidate.startDate) found.dates = 'The end date must not be before the start date';
    if (!found.quantity && !found.unitPrice && !found.amount && !found.taxRate && !isDecimalString(computeTotals([candidate], currency, rounding).total)) {
      found.unitPrice = "The line's total is too large: amounts have at most 15 digits before the decimal point";
    }
    return found;
  }

  // Spaces around a number are dropped when the line is saved, so the live figures ignore them too.
  const trimmed = (d: InvoiceLine): InvoiceLine => ({ ...d, quantity: d.quantity.trim(), unitPrice: d.unitPrice.trim(), taxRate: d.taxRate.trim(), amount: d.amount?.trim() ?? null });
  const live = Object.keys(validate(trimmed(draft))).some((k) => k === 'quantity' || k === 'unitPrice' || k === 'amount' || k === 'taxRate')
    ? undefined
    : computeTotals([trimmed(draft)], currency, rounding);

  function save(event: React.FormEvent) {
    event.preventDefault();
    const cleaned = trimmed(draft);
    const found = validate(cleaned);
    setErrors(found);
    if (Object.keys(found).length === 0) onSave(cleaned);
    // On a phone the first error may be a screen away from Save: the focus takes the user there.
    else focusFirstInvalid(event.currentTarget as HTMLFormElement);
  }

  const fieldError = (field: Field) =>
    errors[field] ? (
      <span className="field-error" id={`${ids}-${field}-error`} role="alert">
        {errors[field]}
      </span>
    ) : null;
  const describedBy = (field: Field) => (errors[field] ? `${ids}-${field}-error` : undefined);
  // Dated outside the invoice's period, the item bills those days too (lib/invoice-periods): said,
  // not refused, as it may be meant (next month's charge billed in advance).
  const outside = periodOutside(draft, invoicePeriod);
  // A fee, a setup, a refund (below zero) or a one-off package's charge bills no days: only a
  // charge for days (a package's, calls) is counted so.
  const countsDays = billsDays(draft) && !refunds(draft) && packages.find((p) => p.id === draft.packageId)?.frequency !== 'none';
  // A one-off package's charge is billed once per item, as a setup is: where it is billed already is said.
  const oneOffPackage = draft.kind === 'package' ? packages.find((p) => p.id === draft.packageId && p.frequency === 'none') : undefined;
  const oneOffBilling = oneOffPackage && oneOffCharge(oneOffPackage.id);
  const oneOffBilled = oneOffPackage && oneOffBilling && oneOffBilling.billedOn.length > 0 && !creditNote ? { pkg: oneOffPackage, billing: oneOffBilling } : undefined;
  // What was typed or picked here lives in the dialog alone: Escape and Cancel ask before losing it,
  // as leaving a form with unsaved edits does (useLeaveWarning); untouched, they just close.
  const changed = (Object.keys(line) as (keyof InvoiceLine)[]).some((key) => draft[key] !== line[key]);
  const closing = askBeforeClosing(
    changed,
    line.description ? 'Your changes to this item are not saved. Close it and lose them?' : 'This item is not added to the invoice. Close it and lose it?',
    onClose,
  );
  const datesDescribedBy =
    [describedBy('dates'), datesFromUsage ? `${ids}-dates-hint` : undefined, outside ? `${ids}-outside-period` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${ids}-title`}
      onCancel={closing.onCancel}
      onClose={onClose}
    >
      <form onSubmit={save} noValidate>
        <h2 id={`${ids}-title`}>{line.description ? 'Edit invoice item' : 'Add invoice item'}</h2>
        <div className="form-grid">
          <label className="field span-2">
            <span>Package</span>
            {/* A package would turn the line into a package charge that still billed its calls' amount. */}
            <select value={selected} onChange={(e) => pickPackage(e.target.value)} disabled={billsAmount}>
              <option value="">No package (manual line)</option>
              {offered.flatMap((p) => [
                // A setup-only package (no recurring price) is offered by its setup fee alone.
                ...(isZeroDecimal(p.retail) && !isZeroDecimal(p.setup)
                  ? []
                  : [
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>,
                    ]),
                // Its setup fee, billed once when it starts, is a line of its own.
                ...(isZeroDecimal(p.setup)
                  ? []
                  : [
                      <option key={`${p.id}:setup`} value={`${p.id}:setup`}>
                        {p.name} (setup fee)
                      </option>,
                    ]),
              ])}
              {current && (
                <option value={selected} disabled>
                  {current.name} (priced in {current.currency})
                </option>
              )}
            </select>
          </label>
          {draft.kind === 'setup' && draft.packageId !== null && !creditNote && (
            <p className="field-hint span-2" data-testid="setup-fee-hint">
              {setupFeeHint(setupFee(draft.packageId), invoiceId)}
            </p>
          )}
          {oneOffBilled && (
            <p className="field-hint span-2" data-testid="one-off-hint">
              {billedOnceHint(oneOffBilled.pkg.name, oneOffBilled.billing, invoiceId)}
            </p>
          )}
          {elsewhere > 0 && (
            <p className="field-hint span-2" data-testid="other-currency-packages">
              Packages priced in {currency}; {elsewhere === 1 ? '1 package' : `${elsewhere} packages`} in other currencies {elsewhere === 1 ? 'is' : 'are'} not offered.
            </p>
          )}
          <label className="field">
            <span>From</span>
            <input type="date" value={draft.startDate ?? ''} onChange={(e) => set({ startDate: e.target.value || null })} disabled={datesFromUsage} aria-invalid={!!errors.dates} aria-describedby={datesDescribedBy} />
          </label>
          <label className="field">
            <span>To</span>
            <input type="date" value={draft.endDate ?? ''} onChange={(e) => set({ endDate: e.target.value || null })} disabled={datesFromUsage} aria-invalid={!!errors.dates} aria-describedby={datesDescribedBy} />
          </label>
          {fieldError('dates')}
          {datesFromUsage && (
            <p className="field-hint span-2" id={`${ids}-dates-hint`} data-testid="line-dates-hint">
              {line.kind === 'free-minutes' ? 'Its minutes and credit come' : 'Its calls and charge come'} from the usage of these days: to bill other days, generate the invoice
              again.
            </p>
          )}
          {outside && (
            <p className="warning small span-2" id={`${ids}-outside-period`} data-testid="item-outside-period">
              Outside this invoice&apos;s period, {periodParts(outside.start, outside.end).join(' ')}
              {countsDays ? ': Generate Invoice and the billing run will count these days as billed by this invoice.' : '.'}
            </p>
          )}
          <label className="field">
            <span>Quantity</span>
            <input
              inputMode="decimal"
              value={draft.quantity}
              onChange={(e) => setQuantity(e.target.value)}
              disabled={billsAmount}
              aria-invalid={!!errors.quantity}
              aria-describedby={billsAmount ? `${ids}-amount-hint` : describedBy('quantity')}
            />
            {fieldError('quantity')}
          </label>
          <label className="field">
            <span>Unit price (required)</span>
            <input
              inputMode="decimal"
              value={draft.unitPrice}
              onChange={(e) => set({ unitPrice: e.target.value })}
              disabled={billsAmount}
              aria-invalid={!!errors.unitPrice}
              aria-describedby={billsAmount ? `${ids}-amount-hint` : describedBy('unitPrice')}
            />
            {fieldError('unitPrice')}
          </label>
          {line.amount !== null && !amountEditable && (
            <p className="field-hint span-2" id={`${ids}-amount-hint`} data-testid="line-amount-hint">
              {line.kind === 'free-minutes' ? 'This line credits the charges of the calls its free minutes cover' : "This line bills the sum of its calls' charges"},{' '}
              {formatDecimal(line.amount, currencyExponent(currency))} (rounded: {formatAmount(computeTotals([line], currency, rounding).net, currency)}), not quantity × unit price.
            </p>
          )}
          {amountEditable && (
            <>
              <label className="field span-2">
                <span>Amount (required)</span>
                <input
                  inputMode="decimal"
                  value={draft.amount ?? ''}
                  onChange={(e) => set({ amount: e.target.value })}
                  aria-invalid={!!errors.amount}
                  aria-describedby={[describedBy('amount'), `${ids}-amount-hint`].filter(Boolean).join(' ')}
                />
                {fieldError('amount')}
              </label>
              <p className="field-hint span-2" id={`${ids}-amount-hint`} data-testid="line-amount-hint">
                On this credit note the line gives back this amount, not quantity × unit price: as made, {formatDecimal(line.amount!, currencyExponent(currency))}{' '}
                (rounded: {formatAmount(computeTotals([line], currency, rounding).net, currency)}). To give back part of it, enter a smaller amount below zero (−40.00 gives back 40.00).
              </p>
            </>
          )}
          <label className="field">
            <span>Tax % (required)</span>
            <input inputMode="decimal" value={draft.taxRate} onChange={(e) => set({ taxRate: e.target.value })} aria-invalid={!!errors.taxRate} aria-describedby={describedBy('taxRate')} />
            {fieldError('taxRate')}
          </label>
          <label className="field span-2">
            <span>Description (required)</span>
            <textarea rows={2} dir="auto" value={draft.description} onChange={(e) => set({ description: e.target.value })} aria-invalid={!!errors.description} aria-describedby={describedBy('description')} />
            {fieldError('description')}
          </label>
        </div>
        <dl className="live-totals" aria-live="polite">
          <div>
            <dt>Net</dt>
            <dd data-testid="line-net">{live ? formatAmount(live.net, currency) : '—'}</dd>
          </div>
          <div>
            <dt>Total</dt>
            <dd data-testid="line-total">{live ? formatAmount(live.total, currency) : '—'}</dd>
          </div>
        </dl>
        <DialogActions submitLabel="Save item" onCancel={closing.close} />
      </form>
    </dialog>
  );
}
