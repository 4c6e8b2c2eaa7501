import type { InvoiceTotals } from '@/lib/totals';
import { isCreditNote } from '@/lib/invoice-status';
import { subtractDecimals } from '@/lib/money';
import { formatAmount } from '../../_components/locale';

/**
 * Net, tax per rate and total, as computed by lib/totals; paid and balance when there are payments.
 * A void invoice is owed by no one: it shows what was paid against it, and no balance due. A credit
 * note (a total below zero) shows the credit applied to invoices and the credit left, signed as its total.
 */
export function TotalsPanel({ totals, currency, paid, voided = false }: { totals: InvoiceTotals; currency: string; paid?: string; voided?: boolean }) {
  const showPaid = paid !== undefined && !/^-?0(\.0+)?$/.test(paid);
  const credit = isCreditNote(totals);
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
      {showPaid && (
        <>
          <div>
            <dt>{credit ? 'Credit applied' : 'Paid'}</dt>
            <dd data-testid="total-paid">{formatAmount(paid, currency)}</dd>
          </div>
          {voided ? (
            <div>
              <dt>Balance</dt>
              <dd data-testid="total-balance">Not owed (void)</dd>
            </div>
          ) : (
            <div className="grand">
              <dt>{credit ? 'Credit left' : 'Balance due'}</dt>
              <dd data-testid="total-balance">{formatAmount(subtractDecimals(totals.total, paid), currency)}</dd>
            </div>
          )}
        </>
      )}
    </dl>
  );
}
