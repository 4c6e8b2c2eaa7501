'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { todayIn } from '@/lib/dates';
import { possessive } from '@/lib/possessive';
import type { Account, Customer, Invoice, InvoiceLine } from '@/lib/entities';
import { type InvoiceWithLines, type LateUsage, adjustmentWords, invoiceList, lateCallsInvoice, lateUsage, lateUsageDirection } from '@/lib/generate';
import { compareDecimals, isZeroDecimal, negateDecimal } from '@/lib/money';
import { countOf, formatAmount, formatDay, formatQuantity } from '../../_components/locale';
import { useSubmitOnce } from '../../_components/submit-once';
import { localDb } from '../../_local/db';
import { customerUsageFor } from '../../_local/usage-days';
import { newId } from '../../_local/ids';
import { mutate, writeErrorMessage } from '../../_local/mutate';
import { shownDraftName } from '../../invoices/_components/draft-name';
import { InternalCallsNote } from '../../invoices/_components/internal-calls-note';
import { SetupsLeftOutNote } from '../../invoices/_components/setups-left-out';
import { readBilledSetups, useBilledSetups, usePeriodInvoices, usePeriodUsage } from '../../invoices/_components/usage-drift';

type LateState = { late: LateUsage | null; error: string } | undefined;

/**
 * The usage of an issued invoice's period that no issued invoice of the customer for that period
 * bills (live): late CDRs, or a credit when the usage went down. Undefined while it is read.
 */
export function useLateUsage(invoice: Invoice | undefined, lines: readonly InvoiceLine[] | undefined, customer: Customer | undefined, account: Account): LateState {
  const usage = usePeriodUsage(invoice);
  const invoices = usePeriodInvoices(invoice);
  const customerId = customer?.id;
  const billedSetups = useBilledSetups(customerId);
  const packages = useLiveQuery(async () => {
    if (!customerId) return undefined;
    const db = localDb();
    const [assignments, catalogue] = await Promise.all([db.customerPackages.where('customerId').equals(customerId).toArray(), db.packages.toArray()]);
    return { assignments, packages: catalogue };
  }, [customerId]);
  // The void invoice it replaces (Void and replace): calls it billed and this one leaves out are left out, not late.
  const replaced = useLiveQuery(() => readReplaced(invoice?.replacesId ?? null), [invoice?.replacesId]);
  if (!invoice || !lines || !customer || !usage || !invoices || !packages || !billedSetups || replaced === undefined) return undefined;
  if (invoice.status !== 'issued') return { late: null, error: '' };
  try {
    return { late: lateUsage({ account, customer, ...packages, usage, invoice, lines, invoices, billedSetups, ...(replaced ? { replaced } : {}) }), error: '' };
  } catch (e) {
    // A broken package or usage row names its field; the invoice itself still shows.
    return { late: null, error: e instanceof Error ? e.message : String(e) };
  }
}

/** The invoice `replacesId` names, with its lines; null when none (or not on this device). */
async function readReplaced(replacesId: string | null): Promise<InvoiceWithLines | null> {
  if (!replacesId) return null;
  const db = localDb();
  const invoice = await db.invoices.get(replacesId);
  if (!invoice) return null;
  return { invoice, lines: await db.invoiceLines.where('invoiceId').equals(invoice.id).sortBy('position') };
}

const money = (amount: string, currency: string) => formatAmount(amount, currency);

/** "1 call, 4.00 min, $250.00": the usage lines' figures, each line rounded as billed. */
function usageText(late: LateUsage, currency: string): string {
  const { calls, minutes, net } = late.usage;
  return `${countOf(calls, 'call', 'calls')}, ${formatQuantity(minutes)} min, ${money(net, currency)}`;
}

/** "the minimum-spend top-up changes by -$0.30": each package adjustment's change, signed. */
function adjustmentText(late: LateUsage, currency: string): string[] {
  return [
    !isZeroDecimal(late.freeMinutes) && `the free-minutes credit changes by ${money(late.freeMinutes, currency)}`,
    !isZeroDecimal(late.minimumSpend) && `the minimum-spend top-up changes by ${money(late.minimumSpend, currency)}`,
  ].filter((text): text is string => typeof text === 'string');
}

/** " Minimum 20 (minimum spend top-up) is not on INV-2 as Generate Invoice made it (…), so it stays as billed." */
function keptAsBilledText(late: LateUsage, name: string): string {
  const kept = late.keptAsBilled;
  if (kept.length === 0) return '';
  const one = kept.length === 1;
  return ` ${kept.map((l) => l.description).join(', ')} ${one ? 'is' : 'are'} not on ${name} as Generate Invoice made ${one ? 'it' : 'them'} (deleted or changed before it was issued), so ${one ? 'it stays' : 'they stay'} as billed.`;
}

/**
 * What happens to late usage that comes to nothing (covered: by the minimum-spend commitment, the
 * free minutes, or rounding): no draft is made, and why nothing more is owed (or owed back).
 */
function coveredText(late: LateUsage, billedOn: string, several: boolean): string {
  const up = lateUsageDirection(late) === 'up';
  const words = adjustmentWords(late);
  const by = words.some((w) => w.includes('minimum-spend')) ? 'the minimum-spend commitment' : words.length > 0 ? 'the free minutes' : null;
  const bill = several ? 'bill' : 'bills';
  return up
    ? `No invoice is made for them: ${billedOn} already ${bill} what one invoice for the period’s usage now would${by ? ` (${by} covers the late calls)` : ''}, so nothing more is owed.`
    : `No credit note is made: ${billedOn} ${bill} what one invoice for the period’s usage now would${by ? ` (${by} takes up the difference)` : ''}, so nothing is owed back.`;
}

/**
 * On an issued invoice generated from usage: says how much of its period's usage no invoice bills
 * yet (calls that came in after it was issued) and makes a draft of only that, for the same
 * customer and period, to review and issue. While a draft of the period exists, points to it
 * rather than making another. `customerInvoices`, all the customer's, tell a draft from its others
 * of the same date, as every screen names a draft (lib/draft-names).
 */
export function LateCallsNotice({
  invoice,
  customer,
  account,
  lines,
  state,
  customerInvoices,
}: {
  invoice: Invoice;
  customer: Customer;
  account: Account;
  lines: readonly InvoiceLine[];
  state: LateState;
  customerInvoices: readonly Invoice[];
}) {
  const router = useRouter();
  const once = useSubmitOnce();
  const [error, setError] = useState('');
  if (state === undefined) return null;
  if (state.error) {
    return (
      <p className="card warning" role="status" data-testid="late-usage">
        Could not work out whether this invoice&apos;s period has usage no invoice bills yet: {state.error}
      </p>
    );
  }
  const { late } = state;
  if (!late) return null;
  const { currency } = invoice;
  const name = invoice.number ?? 'This invoice';
  const period = `${formatDay(invoice.periodStart!)} – ${formatDay(invoice.periodEnd!)}`;
  const billedOn = invoiceList(late.billedBy, (i) => i.number ?? 'an invoice not yet numbered');
  const several = late.billedBy.length > 1;
  const up = lateUsageDirection(late) === 'up';
  const sign = compareDecimals(late.net, '0');
  const adjustments = adjustmentText(late, currency);
  const words = adjustmentWords(late);
  async function invoiceLateCalls(): Promise<boolean> {
    setError('');
    try {
      const db = localDb();
      const [assignments, packages, usage] = await Promise.all([
        db.customerPackages.where('customerId').equals(customer.id).toArray(),
        db.packages.toArray(),
        customerUsageFor(db, customer.id, { start: invoice.periodStart!, end: invoice.periodEnd! }),
      ]);
      const periodInvoices = await db.invoices.where('customerId').equals(customer.id).toArray();
      const billedSetups = await readBilledSetups(customer.id);
      const replaced = await readReplaced(invoice.replacesId ?? null);
      const invoices = await Promise.all(
        periodInvoices
          .filter((i) => i.id !== invoice.id && i.status !== 'void' && i.periodStart === invoice.periodStart && i.periodEnd === invoice.periodEnd)
          .map(async (i) => ({ invoice: i, lines: await db.invoiceLines.where('invoiceId').equals(i.id).toArray() })),
      );
      const draft = lateCallsInvoice({
        account,
        customer,
        assignments,
        packages,
        usage,
        invoice,
        lines,
        invoices,
        billedSetups,
        ...(replaced ? { replaced } : {}),
        invoiceDate: todayIn(account.timezone, Date.now()),
        invoiceId: newId(),
        newLineId: newId,
      });
      await mutate('createInvoice', { invoice: draft.invoice, lines: draft.lines });
      router.push(`/invoice/edit?id=${draft.invoice.id}`);
      return true;
    } catch (e) {
      setError(writeErrorMessage(e));
      return false;
    }
  }

  // Calls the invoice this one replaces billed, and this one leaves out (on purpose, as a rule): not late calls.
  const leftOut = !late.chargesUnbilled && up ? late.leftOut : undefined;
  if (leftOut?.all) {
    const replacedName = leftOut.replaced.number ?? 'the invoice it replaces';
    const figures = `${countOf(leftOut.calls, 'call', 'calls')}, ${formatQuantity(leftOut.minutes)} min, ${money(leftOut.net, currency)}`;
    return (
      <div className="card" role="status" data-testid="late-usage" id="late-calls">
        <p data-testid="left-out-usage">
          <strong>Calls left out of {name}.</strong> {figures} billed by {replacedName}, which this replaces, {leftOut.calls === 1 ? 'is' : 'are'} left out of it. They are
          not late calls: if they were left out on purpose (a disputed line removed, say), there is nothing to do.
        </p>
        <InternalCallsNote internalCalls={late.internalCalls} />
        {sign > 0 && late.drafts.length === 0 && (
          <>
            <p className="muted small">
              To bill them after all, make a draft of only them, for the same period (package charges and setups are not billed again); it says they are billed on
              purpose.
            </p>
            <div className="actions">
              <button type="button" className="button" onClick={() => void once.run(invoiceLateCalls)} disabled={once.busy}>
                Bill the left-out calls anyway
              </button>
            </div>
          </>
        )}
        {sign > 0 && late.drafts.length > 0 && (
          <p>
            <PeriodDrafts drafts={late.drafts} customerInvoices={customerInvoices} />.
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </div>
    );
  }

  return (
    <div className="card warning" role="status" data-testid="late-usage" id="late-calls">
      <p>
        <strong>{late.chargesUnbilled ? 'Period not billed in full.' : up ? 'Usage not billed yet.' : `${name} bills more usage than its period has now.`}</strong>{' '}
        {late.chargesUnbilled
          ? `The invoice that billed this period (${period}) is void: ${billedOn} ${several ? 'bill' : 'bills'} only part of it. Not billed: ${money(late.packageCharges, currency)} of package charges and setups, and ${usageText(late, currency)} of usage.`
          : up && leftOut
            ? `The period of ${billedOn} (${period}) has ${usageText(late, currency)} of usage that no invoice bills: ${countOf(leftOut.calls, 'call', 'calls')} (${money(leftOut.net, currency)}) of it billed by ${leftOut.replaced.number ?? 'the invoice it replaces'}, which this replaces, and left out of it, and the rest calls that came in after ${several ? 'they were' : 'it was'} issued.`
          : up
            ? `The period of ${billedOn} (${period}) has ${usageText(late, currency)} of usage that no invoice bills, such as calls that came in after ${several ? 'they were' : 'it was'} issued.`
            : `Its period (${period}) now has ${money(negateDecimal(late.usage.net), currency)} (${formatQuantity(negateDecimal(late.usage.minutes))} min) less usage than ${billedOn} ${several ? 'bill' : 'bills'}: calls credited, or counted twice, since.`}
        {adjustments.length > 0 && ` With it, ${adjustments.join(' and ')} (${words.join(' and ')}), as one invoice for the period's usage now would have them.`}{' '}
        <span data-testid="late-usage-net">
          {sign === 0
            ? `Together they come to ${money(late.net, currency)}: the ${up ? 'late calls are' : 'credit is'} covered${adjustments.length > 0 ? ` by the ${words.some((w) => w.includes('minimum-spend')) ? 'minimum-spend commitment' : 'free minutes'}` : ''}, so there is nothing to invoice.`
            : sign > 0
              ? `Invoicing it bills ${money(late.net, currency)} before tax.`
              : `Invoicing it makes a credit note of ${money(late.net, currency)} before tax${up ? `: the package adjustments outweigh the late calls` : ''}.`}
        </span>
      </p>
      {sign === 0 ? (
        // No draft and no button: say what happens instead of describing a draft that is not made.
        <p className="muted small" data-testid="late-usage-covered">
          {coveredText(late, billedOn, several)}
          {keptAsBilledText(late, name)}
        </p>
      ) : (
        <p className="muted small">
          The new draft has only the difference, for the same period, at {possessive(customer.name)} tax rate, in {name}&apos;s line grouping
          {late.oneLine ? ` (on one line: ${name}'s usage lines no longer match the usage's days or destinations, say a line was renamed)` : ''}.{' '}
          {late.chargesUnbilled
            ? 'It bills the package charges and setups no issued invoice bills, and the free-minutes credits and minimum-spend top-ups for the whole period less what is billed, so the invoices together bill the period once.'
            : 'Package charges and setups are not billed again.'}{' '}
          {late.chargesUnbilled ? null : late.packagesChanged
            ? `${possessive(customer.name)} packages have changed since ${name} was issued, so its free-minutes credits and minimum-spend top-ups are left as billed: check them on the draft.`
            : 'Free-minutes credits and minimum-spend top-ups are worked out again for the period’s usage now, and only the change is billed.'}
          {keptAsBilledText(late, name)}
        </p>
      )}
      {late.chargesUnbilled && <SetupsLeftOutNote leftOut={late.setupsLeftOut} inline on="the new draft" />}
      {/* As Generate Invoice says it: the period's internal calls are on no line, of the invoice nor of the draft. */}
      <InternalCallsNote internalCalls={late.internalCalls} />
      {sign === 0 ? null : late.drafts.length > 0 ? (
        <p>
          <PeriodDrafts drafts={late.drafts} customerInvoices={customerInvoices} />. Issue it, or delete it, before invoicing this usage again.
        </p>
      ) : (
        <div className="actions">
          <button type="button" className="button primary" onClick={() => void once.run(invoiceLateCalls)} disabled={once.busy}>
            {late.chargesUnbilled ? 'Invoice the rest of the period' : leftOut ? 'Invoice the late calls and the left-out ones' : 'Invoice the late calls'}
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** "A draft for this period is not issued yet: open the draft of Dec 7, 2026", each draft linked. */
function PeriodDrafts({ drafts, customerInvoices }: { drafts: readonly Invoice[]; customerInvoices: readonly Invoice[] }) {
  return (
    <>
      A draft for this period is not issued yet:{' '}
      {drafts.map((draft, i) => (
        <span key={draft.id}>
          {i > 0 && ', '}
          <Link href={`/invoice?id=${draft.id}`}>open the {shownDraftName(draft, customerInvoices)}</Link>
        </span>
      ))}
    </>
  );
}
