import { currencyExponent } from '@/lib/currencies';
import type { InvoiceLine } from '@/lib/entities';
import { unitAfter } from '@/lib/grouping';
import type { InvoiceTotals } from '@/lib/totals';
import { formatAmount, formatDay, formatDecimal, formatQuantity } from '../../_components/locale';

const showDay = (d: string | null | undefined) => (d ? formatDay(d) : '');

export interface LinesTableProps {
  lines: readonly InvoiceLine[];
  totals: InvoiceTotals;
  currency: string;
  onEdit?: (line: InvoiceLine) => void;
  onDelete?: (line: InvoiceLine) => void;
}

function period(line: InvoiceLine): string {
  if (!line.startDate && !line.endDate) return '';
  if (line.startDate === line.endDate) return showDay(line.startDate);
  return `${showDay(line.startDate)} – ${showDay(line.endDate)}`;
}

/** What a line's unit price cell shows: none for a line billed by amount (usage, credits). */
function unitPriceText(line: InvoiceLine, currency: string): string {
  // Prices as the PDF prints them: the currency's decimals at least, up to 6 for per-minute rates.
  return line.amount === null ? formatDecimal(line.unitPrice, currencyExponent(currency)) : '';
}

/**
 * The table's optional columns, each shown only when some line has something in it, as the PDF
 * leaves out a column empty on every line (app/_pdf/page-layout printedLineCellKeys): no Period
 * on an invoice of manual lines, no Unit price on one of usage alone.
 */
export function shownLineColumns(lines: readonly InvoiceLine[], currency: string): { period: boolean; unitPrice: boolean } {
  return {
    period: lines.some((line) => period(line) !== ''),
    unitPrice: lines.some((line) => unitPriceText(line, currency) !== ''),
  };
}

/** The invoice's lines with each net from the one totals function. */
export function LinesTable({ lines, totals, currency, onEdit, onDelete }: LinesTableProps) {
  if (lines.length === 0) return <p className="muted">No items yet.</p>;
  const shown = shownLineColumns(lines, currency);
  return (
    // Focusable, so the columns that scroll out of sight on a phone are reachable from the keyboard.
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Invoice lines">
      <table className="lines">
        <thead>
          <tr>
            <th scope="col">Description</th>
            {shown.period && <th scope="col">Period</th>}
            <th scope="col" className="num">Qty</th>
            {shown.unitPrice && (
              <th scope="col" className="num">
                Unit price
              </th>
            )}
            <th scope="col" className="num">Tax %</th>
            <th scope="col" className="num">Net</th>
            {(onEdit || onDelete) && <th scope="col"><span className="visually-hidden">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {lines.map((line, i) => (
            <tr key={line.id}>
              {/* dir="auto": a description in Arabic or Hebrew reads from the right, as the PDF prints it. */}
              <td dir="auto">
                {line.description}
                {line.kind === 'usage' && line.calls !== null && (
                  <div className="muted small">
                    {line.calls} {line.calls === 1 ? 'call' : 'calls'}
                    {line.minutes !== null && ` · ${formatQuantity(line.minutes)} min`}
                  </div>
                )}
              </td>
              {shown.period && <td>{period(line)}</td>}
              <td className="num">
                {formatQuantity(line.quantity)} {unitAfter(line.quantity, line.unit)}
              </td>
              {shown.unitPrice && <td className="num">{unitPriceText(line, currency)}</td>}
              <td className="num">{formatDecimal(line.taxRate, 0)}</td>
              <td className="num">{formatAmount(totals.lines[i]?.net ?? '0', currency)}</td>
              {(onEdit || onDelete) && (
                <td className="actions">
                  {onEdit && (
                    <button type="button" className="button small" onClick={() => onEdit(line)} aria-label={`Edit ${line.description}`}>
                      Edit
                    </button>
                  )}
                  {onDelete && (
                    <button type="button" className="button small danger" onClick={() => onDelete(line)} aria-label={`Delete ${line.description}`} data-delete-line={line.id}>
                      Delete
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
