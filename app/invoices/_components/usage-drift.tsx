'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { Account, Customer, Invoice, InvoiceLine } from '@/lib/entities';
import { regenerateDraftLines, usageDrift, type UsageDrift, type UsageFigures } from '@/lib/generate';
import { formatAmount, formatDay, formatInteger } from '../../_components/locale';
import { localDb } from '../../_local/db';
import { newId } from '../../_local/ids';
import { mutate, writeErrorMessage } from '../../_local/mutate';

/**
 * Whether a generated draft still bills its period's usage as it is on this device now (live);
 * null when it does, or when the invoice is not a generated draft.
 */
export function useUsageDrift(invoice: Invoice, lines: readonly InvoiceLine[]): UsageDrift | null {
  const { customerId, periodStart, periodEnd } = invoice;
  const usage = useLiveQuery(
    () =>
      periodStart && periodEnd && periodStart <= periodEnd
        ? localDb().usage.where('[customerId+day]').between([customerId, periodStart], [customerId, periodEnd], true, true).toArray()
        : [],
    [customerId, periodStart, periodEnd],
  );
  return usage ? usageDrift(invoice, [...lines], usage) : null;
}

/** "6 calls, $7.72": the amount as the currency shows it, or exactly where that would hide the difference. */
function figuresText(figures: UsageFigures, other: UsageFigures, currency: string): string {
  const calls = `${formatInteger(figures.calls)} ${figures.calls === 1 ? 'call' : 'calls'}`;
  const shown = formatAmount(figures.charge, currency);
  const exact = shown === formatAmount(other.charge, currency) && figures.calls === other.calls;
  return `${calls}, ${exact ? `${figures.charge} ${currency}` : shown}`;
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

  async function update() {
    const manual = lines.filter((l) => l.kind === 'manual').length;
    const kept = manual === 0 ? '' : ` Its ${manual === 1 ? 'manual line stays' : `${manual} manual lines stay`}.`;
    if (!window.confirm(`Generate this draft's package, usage, credit and top-up lines again from the usage now? Changes made to those lines are replaced.${kept}`)) return;
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
    } catch (e) {
      setError(writeErrorMessage(e));
    }
  }

  return (
    <div className="card warning" role="status" data-testid="usage-drift">
      <p>
        <strong>Usage changed since this draft was generated.</strong> {driftSentence(invoice, drift)} Late CDRs, or calls the server had already counted, change a
        period&apos;s usage.
      </p>
      <div className="actions">
        <button type="button" className="button" onClick={() => void update()}>
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
