import { currencyExponent } from '@/lib/currencies';
import type { InvoiceLine } from '@/lib/entities';
import { unitAfter } from '@/lib/grouping';
import type { InvoiceTotals } from '@/lib/totals';
import { formatAmount, formatDay, formatDecimal, formatQuantity } from '../../_components/locale';
import { ScrollRegion } from '../../_components/scroll-region';

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

/**
 * The invoice's lines with each net from the one totals function. On a phone (globals.css, the
 * invoices list's breakpoint) each line is a card: the description whole, then the figures each
 * with its label (period, quantity × unit price, tax, net) and the line's Edit and Delete, so
 * nothing is left off the screen's right. It stays a table for assistive technology: the header
 * row is hidden only from sight, and the roles are spelled out, as a table laid out as a grid
 * loses them in some browsers. The labels are drawn by CSS from data-label with empty alternative
 * text: a cell is named by its column header, not twice.
 */
export function LinesTable({ lines, totals, currency, onEdit, onDelete }: LinesTableProps) {
  if (lines.length === 0) return <p className="muted">No items yet.</p>;
  const shown = shownLineColumns(lines, currency);
  return (
    <ScrollRegion label="Invoice lines">
      <table className="lines phone-cards line-cards" role="table">
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">Description</th>
            {shown.period && (
              <th scope="col" role="columnheader">
                Period
              </th>
            )}
            <th scope="col" role="columnheader" className="num">
              Qty
            </th>
            {shown.unitPrice && (
              <th scope="col" role="columnheader" className="num">
                Unit price
              </th>
            )}
            <th scope="col" role="columnheader" className="num">
              Tax %
            </th>
            <th scope="col" role="columnheader" className="num">
              Net
            </th>
            {(onEdit || onDelete) && (
              <th scope="col" role="columnheader">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {lines.map((line, i) => {
            const lineRange = period(line);
            const unitPrice = unitPriceText(line, currency);
            return (
              <tr key={line.id} role="row">
                {/* dir="auto": a description in Arabic or Hebrew reads from the right, as the PDF prints it. */}
                <td role="cell" dir="auto" className="line-description">
                  {line.description}
                  {line.kind === 'usage' && line.calls !== null && (
                    <div className="muted small">
                      {line.calls} {line.calls === 1 ? 'call' : 'calls'}
                      {line.minutes !== null && ` · ${formatQuantity(line.minutes)} min`}
                    </div>
                  )}
                </td>
                {/* A cell with nothing in it stays a cell (the columns keep their places) but takes no room in a card. */}
                {shown.period && (
                  <td role="cell" className={lineRange ? undefined : 'card-blank'} data-label="Period">
                    {lineRange}
                  </td>
                )}
                <td role="cell" className="num line-qty" data-label={unitPrice ? 'Qty × unit price' : 'Qty'}>
                  {formatQuantity(line.quantity)} {unitAfter(line.quantity, line.unit)}
                </td>
                {shown.unitPrice && (
                  <td role="cell" className={`num line-price${unitPrice ? '' : ' card-blank'}`}>
                    {unitPrice}
                  </td>
                )}
                <td role="cell" className="num line-tax" data-label="Tax">
                  {formatDecimal(line.taxRate, 0)}
                </td>
                <td role="cell" className="num line-net" data-label="Net">
                  {formatAmount(totals.lines[i]?.net ?? '0', currency)}
                </td>
                {(onEdit || onDelete) && (
                  <td role="cell" className="actions">
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
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
