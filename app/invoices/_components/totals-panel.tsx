import type { InvoiceTotals } from '@/lib/totals';
import { settlementRows } from '@/lib/payments';
import { formatAmount } from '../../_components/locale';

/**
 * Net, tax per rate and total, as computed by lib/totals; then, as the PDF prints them (lib/payments
 * settlementRows), paid and balance when there are payments. A void invoice is owed by no one: it
 * ends with "Void — not owed", never a balance due. A credit note (a total below zero) shows the
 * credit applied to invoices and the credit left, positive amounts of credit, as the invoices list
 * and the Apply credit dialog show them.
 */
export function TotalsPanel({ totals, currency, paid, voided = false }: { totals: InvoiceTotals; currency: string; paid?: string; voided?: boolean }) {
  const rows = paid === undefined ? [] : settlementRows(totals.total, paid, { voided });
  return (
    <dl className="totals" data-testid="totals">
      <div>
        <dt>Net</dt>
        <dd data-testid="total-net">{formatAmount(totals.net, currency)}</dd>
      </div>
      {totals.taxes.map((t) => (
        <div key={t.rate}>
          <dt>
            Tax {t.rate}% on {formatAmount(t.base, currency)}
          </dt>
          <dd data-testid={`total-tax-${t.rate}`}>{formatAmount(t.tax, currency)}</dd>
        </div>
      ))}
      <div className="grand">
        <dt>Total</dt>
        <dd data-testid="total-total">{formatAmount(totals.total, currency)}</dd>
      </div>
      {rows.map((row) => (
        <div key={row.key} className={row.strong ? 'grand' : undefined}>
          <dt>{row.label}</dt>
          <dd data-testid={`total-${row.key}`}>{row.amount === null ? row.words : formatAmount(row.amount, currency)}</dd>
        </div>
      ))}
    </dl>
  );
}
