'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { Account, Customer, Invoice, InvoiceLine } from '@/lib/entities';
import { isUsageLine, regenerateDraftLines, usageDrift, type UsageDrift, type UsageFigures } from '@/lib/generate';
import { formatAmount, formatDay, formatInteger } from '../../_components/locale';
import { localDb } from '../../_local/db';
import { newId } from '../../_local/ids';
import { useSubmitOnce } from '../../_components/submit-once';
import { mutate, writeErrorMessage } from '../../_local/mutate';

/**
 * Whether a generated draft still bills its period's usage as it is on this device now (live);
 * null when it does, when the invoice is not a generated draft, or while it is not read yet.
 */
export function useUsageDrift(invoice: Invoice | undefined, lines: readonly InvoiceLine[] | undefined): UsageDrift | null {
  const customerId = invoice?.customerId;
  const periodStart = invoice?.periodStart;
  const periodEnd = invoice?.periodEnd;
  const usage = useLiveQuery(
    () =>
      customerId && periodStart && periodEnd && periodStart <= periodEnd
        ? localDb().usage.where('[customerId+day]').between([customerId, periodStart], [customerId, periodEnd], true, true).toArray()
        : [],
    [customerId, periodStart, periodEnd],
  );
  return invoice && lines && usage ? usageDrift(invoice, lines, usage) : null;
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
  return `${driftSentence(invoice, drift)} Issue it anyway, billing what its lines say?`;
}

function driftSentence(invoice: Invoice, drift: UsageDrift): string {
  return (
    `This draft's usage lines bill ${figuresText(drift.billed, drift.now, invoice.currency)}, but the usage of its period ` +
    `(${formatDay(invoice.periodStart!)} – ${formatDay(invoice.periodEnd!)}) is now ${figuresText(drift.now, drift.billed, invoice.currency)}.`
  );
}

/**
 * Says when a draft no longer bills its period's usage (CDRs that arrived late, or calls the server
 * counted once that this device had counted twice) and offers to generate its lines again.
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
  const [error, setError] = useState('');
  const once = useSubmitOnce();

  async function update() {
    const kept = lines.filter((l) => !isUsageLine(l)).length;
    const others = kept === 0 ? '' : ` The ${kept === 1 ? 'other line stays' : `${kept} other lines stay`} as ${kept === 1 ? 'it is' : 'they are'}.`;
    if (!window.confirm(`Generate this draft's usage lines (with free-minutes credits and minimum-spend top-ups) again from the usage now? Changes made to those lines are replaced.${others}`)) return;
    await once.run(regenerate);
  }

  async function regenerate(): Promise<boolean> {
    setError('');
    try {
      const db = localDb();
      const [assignments, packages, usage] = await Promise.all([
        db.customerPackages.where('customerId').equals(customer.id).toArray(),
        db.packages.toArray(),
        db.usage.where('[customerId+day]').between([customer.id, invoice.periodStart!], [customer.id, invoice.periodEnd!], true, true).toArray(),
      ]);
      const { upsertLines, deleteLineIds } = regenerateDraftLines({ account, customer, assignments, packages, usage, invoice, lines: [...lines], newLineId: newId });
      await mutate('saveInvoice', { id: invoice.id, patch: {}, upsertLines, deleteLineIds });
      return true;
    } catch (e) {
      setError(writeErrorMessage(e));
      return false;
    }
  }

  return (
    <div className="card warning" role="status" data-testid="usage-drift">
      <p>
        <strong>Usage changed since this draft was generated.</strong> {driftSentence(invoice, drift)} Late CDRs, or calls the server had already counted, change a
        period&apos;s usage.
      </p>
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
