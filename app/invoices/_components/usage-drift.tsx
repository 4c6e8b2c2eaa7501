'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { Account, Customer, Invoice, InvoiceLine } from '@/lib/entities';
import { type InvoiceWithLines, invoiceList, isUsageLine, regenerateDraftLines, usageDrift, type UnlinedUsage, type UsageDrift, type UsageFigures } from '@/lib/generate';
import { isZeroDecimal } from '@/lib/money';
import type { InvoiceSetups } from '@/lib/packages';
import { formatAmount, formatDay, formatInteger } from '../../_components/locale';
import { localDb } from '../../_local/db';
import { customerUsageFor } from '../../_local/usage-days';
import { newId } from '../../_local/ids';
import { useSubmitOnce } from '../../_components/submit-once';
import { mutate, writeErrorMessage } from '../../_local/mutate';

/**
 * The customer's other invoices for exactly the invoice's period, void ones aside, with their lines
 * (live): what the period's usage is already billed on. Undefined while it is read.
 */
export function usePeriodInvoices(invoice: Invoice | undefined): InvoiceWithLines[] | undefined {
  const id = invoice?.id;
  const customerId = invoice?.customerId;
  const periodStart = invoice?.periodStart;
  const periodEnd = invoice?.periodEnd;
  return useLiveQuery(async () => {
    if (!customerId || !periodStart || !periodEnd) return [];
    const db = localDb();
    const others = (await db.invoices.where('customerId').equals(customerId).toArray()).filter(
      (other) => other.id !== id && other.status !== 'void' && other.periodStart === periodStart && other.periodEnd === periodEnd,
    );
    return Promise.all(others.map(async (other) => ({ invoice: other, lines: await db.invoiceLines.where('invoiceId').equals(other.id).sortBy('position') })));
  }, [id, customerId, periodStart, periodEnd]);
}

/**
 * The customer's invoices with their setup and package lines, read now: a setup or a one-off
 * charge one of them bills already (a void one aside) is not billed again (lib/packages onceChargeBilling).
 */
export async function readBilledSetups(customerId: string): Promise<InvoiceSetups[]> {
  const db = localDb();
  const invoices = await db.invoices.where('customerId').equals(customerId).toArray();
  const setups = await db.invoiceLines
    .where('invoiceId')
    .anyOf(invoices.map((i) => i.id))
    .filter((l) => l.kind === 'setup' || l.kind === 'package')
    .toArray();
  return invoices.map((invoice) => ({ invoice, lines: setups.filter((l) => l.invoiceId === invoice.id) }));
}

/** `readBilledSetups`, live; undefined while it is read. */
export function useBilledSetups(customerId: string | undefined): InvoiceSetups[] | undefined {
  return useLiveQuery(async () => (customerId ? readBilledSetups(customerId) : []), [customerId]);
}

/** The customer's usage Generate Invoice reads for the invoice's period (live; see customerUsageFor); undefined while it is read. */
export function usePeriodUsage(invoice: Invoice | undefined) {
  const customerId = invoice?.customerId;
  const periodStart = invoice?.periodStart;
  const periodEnd = invoice?.periodEnd;
  return useLiveQuery(
    () =>
      customerId && periodStart && periodEnd && periodStart <= periodEnd
        ? customerUsageFor(localDb(), customerId, { start: periodStart, end: periodEnd })
        : [],
    [customerId, periodStart, periodEnd],
  );
}

/**
 * Whether a generated draft still bills its period's usage as it is on this device now (live);
 * null when it does, when the invoice is not a generated draft, or while it is not read yet. A
 * draft for a period with issued invoices (a late-calls draft) should bill what they do not.
 */
export function useUsageDrift(invoice: Invoice | undefined, lines: readonly InvoiceLine[] | undefined): UsageDrift | null {
  const usage = usePeriodUsage(invoice);
  const others = usePeriodInvoices(invoice);
  return invoice && lines && usage && others ? usageDrift(invoice, lines, usage, others) : null;
}

/**
 * "6 calls, $7.72": the usage lines' net as billed (each line rounded); the exact sum of the
 * charges where the nets and calls agree and only a fraction of a cent differs.
 */
function figuresText(figures: UsageFigures, other: UsageFigures, currency: string): string {
  const calls = `${formatInteger(figures.calls)} ${figures.calls === 1 ? 'call' : 'calls'}`;
  const exact = figures.net === other.net && figures.calls === other.calls;
  return `${calls}, ${exact ? `${figures.charge} ${currency} before rounding` : formatAmount(figures.net, currency)}`;
}

/** What the Issue button asks before issuing a draft whose usage changed since it was generated. */
export function usageDriftQuestion(invoice: Invoice, drift: UsageDrift): string {
  return `${driftSentence(invoice, drift)} Issue it anyway, ${drift.billedAgain ? 'billing those calls twice' : 'billing what its lines say'}?`;
}

const name = (i: Invoice) => i.number ?? 'an invoice not yet numbered';

function driftSentence(invoice: Invoice, drift: UsageDrift): string {
  if (drift.billedAgain) {
    // A copy of an issued invoice, or a second draft of its period: the calls are billed already.
    const again = drift.billedAgain;
    const nothingLeft = drift.now.calls === 0 && isZeroDecimal(drift.now.net);
    return (
      `${invoiceList(again, name)} already ${again.length === 1 ? 'bills' : 'bill'} the calls of this draft's period (${formatDay(invoice.periodStart!)} – ${formatDay(invoice.periodEnd!)}): ` +
      `its usage lines bill ${figuresText(drift.billed, drift.now, invoice.currency)} again. ` +
      (nothingLeft ? 'No call of that period is left unbilled.' : `Not billed on any invoice yet: ${figuresText(drift.now, drift.billed, invoice.currency)}.`)
    );
  }
  const completes = drift.completes ? invoiceList(drift.completes, name) : '';
  if (!drift.linesChanged && drift.unlined) return unlinedSentence(invoice, drift.unlined);
  const sentence =
    `This draft's usage lines bill ${figuresText(drift.billed, drift.now, invoice.currency)}, but the usage of its period ` +
    `(${formatDay(invoice.periodStart!)} – ${formatDay(invoice.periodEnd!)})${completes ? ` not billed on ${completes}` : ''} is now ${figuresText(drift.now, drift.billed, invoice.currency)}.`;
  if (!drift.billedSince?.length) return drift.unlined ? `${sentence} ${unlinedSentence(invoice, drift.unlined)}` : sentence;
  // A late-calls draft another invoice of the period was issued after (another device's, say).
  const since = drift.billedSince;
  const nothingLeft = drift.now.calls === 0 && isZeroDecimal(drift.now.net);
  return (
    `${invoiceList(since, name)}, issued since this draft was made, ${since.length === 1 ? 'bills' : 'bill'} ` +
    `${nothingLeft ? 'the late calls this draft holds' : 'usage of the same period'}. ${sentence}`
  );
}

/**
 * "3 calls, $0.15 of this period are on no line of this draft (Calls on Nov 1, 2026): a line was
 * deleted, or …": the draft keeps no record of its generated lines, so either may be; neither is late CDRs.
 */
function unlinedSentence(invoice: Invoice, unlined: UnlinedUsage): string {
  const calls = `${formatInteger(unlined.calls)} ${unlined.calls === 1 ? 'call' : 'calls'}`;
  const shown = unlined.lines.slice(0, 3).map((line) => line.description);
  const more = unlined.lines.length - shown.length;
  const which = more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
  const what = unlined.grouping === 'day' ? 'a day' : 'a destination';
  return (
    `${calls}, ${formatAmount(unlined.net, invoice.currency)} of this period ${unlined.calls === 1 ? 'is' : 'are'} on no line of this draft (${which}): ` +
    `a line was deleted, or calls came in on ${what} it has no line for.`
  );
}

/**
 * Says when a draft no longer bills its period's usage (CDRs that arrived late, or calls the server
 * counted once that this device had counted twice), or bills again the calls an issued invoice of
 * its period bills (a copy of it), and offers to generate its lines again.
 */
export function UsageDriftNotice({
  invoice,
  lines,
  customer,
  account,
  drift,
}: {
  invoice: Invoice;
  lines: readonly InvoiceLine[];
  customer: Customer;
  account: Account;
  drift: UsageDrift;
}) {
  const others = usePeriodInvoices(invoice) ?? [];
  const [error, setError] = useState('');
  const once = useSubmitOnce();

  async function update() {
    const keptCount = lines.filter((l) => !isUsageLine(l)).length;
    const kept = keptCount === 0 ? '' : ` The ${keptCount === 1 ? 'other line stays' : `${keptCount} other lines stay`} as ${keptCount === 1 ? 'it is' : 'they are'}.`;
    const what = drift.completes ? `for the usage its period's issued invoices do not bill` : 'again from the usage now';
    if (!window.confirm(`Generate this draft's usage lines (with free-minutes credits and minimum-spend top-ups) ${what}? Changes made to those lines are replaced.${kept}`)) return;
    await once.run(regenerate);
  }

  async function regenerate(): Promise<boolean> {
    setError('');
    try {
      const db = localDb();
      const [assignments, packages, usage, billedSetups] = await Promise.all([
        db.customerPackages.where('customerId').equals(customer.id).toArray(),
        db.packages.toArray(),
        customerUsageFor(db, customer.id, { start: invoice.periodStart!, end: invoice.periodEnd! }),
        readBilledSetups(customer.id),
      ]);
      const { upsertLines, deleteLineIds } = regenerateDraftLines({
        account,
        customer,
        assignments,
        packages,
        usage,
        invoice,
        lines: [...lines],
        invoices: others,
        billedSetups,
        newLineId: newId,
      });
      await mutate('saveInvoice', { id: invoice.id, patch: {}, upsertLines, deleteLineIds });
      return true;
    } catch (e) {
      setError(writeErrorMessage(e));
      return false;
    }
  }

  return (
    <div className="card warning" role="status" data-testid="usage-drift">
      {drift.billedAgain ? (
        <p>
          <strong>These calls are billed already.</strong> {driftSentence(invoice, drift)} Issued as it is, this draft bills them twice: update its lines from usage to
          bill only calls no invoice bills, or change its period and lines, or delete it.
        </p>
      ) : !drift.linesChanged && drift.unlined ? (
        <p>
          <strong>Calls of this period are on no line of this draft.</strong> {driftSentence(invoice, drift)} Issued as it is, the draft does not bill them. If a
          line was deleted on purpose, leave it so; to bill them, update its lines from usage (changes made to its usage lines are replaced).
        </p>
      ) : (
        <p>
          <strong>Usage changed since this draft was generated.</strong> {driftSentence(invoice, drift)}
          {/* A late-calls draft another invoice was issued after says so itself: no late CDR to blame. */}
          {!drift.billedSince?.length && " Late CDRs, or calls the server had already counted, change a period's usage."}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button" onClick={() => void update()} disabled={once.busy}>
          Update lines from usage
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
