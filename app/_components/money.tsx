import { formatAmount } from './locale';

/**
 * An amount on screen, in one piece: "−$25.14" or "€66.56" never breaks inside (after its minus,
 * or before its last digit on a narrow card), whatever the text around it does. Screen only: the
 * PDF and CSV format amounts themselves (lib/money formatMoney).
 */
export function Money({ amount, currency }: { amount: string; currency: string }) {
  return <span className="money">{formatAmount(amount, currency)}</span>;
}
