'use client';

import type { Invoice } from '@/lib/entities';
import { invoiceNumberLabel } from '@/lib/invoice-status';
import { formatAmount } from '../../_components/locale';

/**
 * The table a dialog splits money over invoices with (or takes credit from credit notes, invoices
 * too): one row per invoice with its number, what it has to take or give (`available`: an
 * invoice's balance, a credit note's credit left) and an amount to type, kept by invoice id.
 * Record payment and Apply credit both use it; `inputLabel` names each input from the invoice's
 * number ("Amount for invoice INV-1").
 */
export function AllocationTable({
  caption,
  numberHeading,
  availableHeading,
  amountHeading,
  invoices,
  available,
  currency,
  amounts,
  inputLabel,
  onAmountChange,
}: {
  /** What the table is for, read by screen readers ("Allocate to invoices"). */
  caption: string;
  numberHeading: string;
  availableHeading: string;
  amountHeading: string;
  invoices: readonly Invoice[];
  available: (invoice: Invoice) => string;
  currency: string;
  amounts: Readonly<Record<string, string>>;
  inputLabel: (number: string) => string;
  onAmountChange: (invoiceId: string, typed: string) => void;
}) {
  return (
    <table className="lines">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{numberHeading}</th>
          <th scope="col" className="num">
            {availableHeading}
          </th>
          <th scope="col" className="num">
            {amountHeading}
          </th>
        </tr>
      </thead>
      <tbody>
        {invoices.map((invoice) => (
          <tr key={invoice.id}>
            <td className="nowrap">{invoiceNumberLabel(invoice)}</td>
            <td className="num">{formatAmount(available(invoice), currency)}</td>
            <td className="num">
              <input
                inputMode="decimal"
                aria-label={inputLabel(invoiceNumberLabel(invoice))}
                value={amounts[invoice.id] ?? ''}
                onChange={(e) => onAmountChange(invoice.id, e.target.value)}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
