import type { InvoiceTotals } from '@/lib/totals';
import { settlementOf } from '@/lib/payments';
import { formatAmount } from '../../_components/locale';

/**
 * Net, tax per rate and total, as computed by lib/totals; paid and balance when there are payments.
 * A void invoice is owed by no one: it shows what was paid against it, and no balance due. A credit
 * note (a total below zero) shows the credit applied to invoices and the credit left, positive amounts of
 * credit (lib/payments settlementOf), as the invoices list and the Apply credit dialog show them.
 */
export function TotalsPanel({ totals, currency, paid, voided = false }: { totals: InvoiceTotals; currency: string; paid?: string; voided?: boolean }) {
  const showPaid = paid !== undefined && !/^-?0(\.0+)?$/.test(paid);
  const settlement = showPaid ? settlementOf(totals.total, paid) : undefined;
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
      {settlement && (
        <>
          <div>
            <dt>{settlement.paidLabel}</dt>
            <dd data-testid="total-paid">{formatAmount(settlement.paid, currency)}</dd>
          </div>
          {voided ? (
            <div>
              <dt>Balance</dt>
              <dd data-testid="total-balance">Not owed (void)</dd>
            </div>
          ) : (
            <div className="grand">
              <dt>{settlement.leftLabel}</dt>
              <dd data-testid="total-balance">{formatAmount(settlement.left, currency)}</dd>
            </div>
          )}
        </>
      )}
    </dl>
  );
}
