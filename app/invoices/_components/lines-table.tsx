import { currencyExponent } from '@/lib/currencies';
import { usageCountsShown, type UsageCountsShown } from '@/lib/credit-notes';
import type { Invoice, InvoiceLine } from '@/lib/entities';
import { periodOutside } from '@/lib/item-dates';
import { unitAfter } from '@/lib/grouping';
import type { InvoiceTotals } from '@/lib/totals';
import { formatAmount, formatDay, formatDecimal, formatInteger, formatQuantity } from '../../_components/locale';
import { CardCell, CardRow, PhoneCardsTable, type CardColumn } from '../../_components/phone-cards';
import { ScrollRegion } from '../../_components/scroll-region';

const showDay = (d: string | null | undefined) => (d ? formatDay(d) : '');

export interface LinesTableProps {
  lines: readonly InvoiceLine[];
  totals: InvoiceTotals;
  currency: string;
  onEdit?: (line: InvoiceLine) => void;
  onDelete?: (line: InvoiceLine) => void;
  /**
   * The invoice's own period, in the editor: a line dated outside it says so under its dates (it
   * bills those days too, lib/invoice-periods), as Add Invoice Item's dialog does.
   */
  invoicePeriod?: Pick<Invoice, 'periodStart' | 'periodEnd'>;
  /**
   * Of a credit note, the ids of its usage lines giving back part of the calls of the line they
   * refund, by amount (lib/credit-notes `usageGivenBackInPart`): they read "part of 410 calls", as
   * the PDF prints no calls for them.
   */
  usageInPart?: ReadonlySet<string>;
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

/** "part of 410 calls · 1,234 min": the calls a credit note's line gives back part of, by amount; '' when the line has none. */
function partOfText(partOf: NonNullable<UsageCountsShown['partOf']>): string {
  const parts = [
    partOf.calls !== null && `${formatInteger(partOf.calls)} ${partOf.calls === 1 ? 'call' : 'calls'}`,
    partOf.minutes !== null && `${formatQuantity(partOf.minutes)} min`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length === 0 ? '' : `part of ${parts.join(' · ')}`;
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

/** The columns of the lines table; on a phone the tax's label is "Tax", its figure followed by a % (globals.css). */
const LINE_COLUMN = {
  description: { header: 'Description' },
  period: { header: 'Period', label: true },
  qty: { header: 'Qty', numeric: true, label: true },
  unitPrice: { header: 'Unit price', numeric: true },
  tax: { header: 'Tax %', numeric: true, label: 'Tax' },
  net: { header: 'Net', numeric: true, label: true },
  actions: { header: 'Actions', hiddenHeader: true },
} satisfies Record<string, CardColumn>;

/**
 * The invoice's lines with each net from the one totals function. On a phone (globals.css, the
 * invoices list's breakpoint) each line is a card: the description whole, then the figures each
 * with its label (period, quantity × unit price, tax, net) and the line's Edit and Delete, so
 * nothing is left off the screen's right (PhoneCardsTable: still a table for assistive technology).
 */
export function LinesTable({ lines, totals, currency, onEdit, onDelete, invoicePeriod, usageInPart }: LinesTableProps) {
  if (lines.length === 0) return <p className="muted">No items yet.</p>;
  const shown = shownLineColumns(lines, currency);
  const columns = [
    LINE_COLUMN.description,
    ...(shown.period ? [LINE_COLUMN.period] : []),
    LINE_COLUMN.qty,
    ...(shown.unitPrice ? [LINE_COLUMN.unitPrice] : []),
    LINE_COLUMN.tax,
    LINE_COLUMN.net,
    ...(onEdit || onDelete ? [LINE_COLUMN.actions] : []),
  ];
  return (
    <ScrollRegion label="Invoice lines">
      <PhoneCardsTable columns={columns} className="lines line-cards">
        {lines.map((line, i) => {
          const lineRange = period(line);
          const unitPrice = unitPriceText(line, currency);
          const outside = invoicePeriod !== undefined && periodOutside(line, invoicePeriod) !== null;
          // A credit note's calls read as given back (−120 calls), as the PDF prints them; part of
          // them by amount, none in particular: "part of 410 calls", and no minutes as its quantity.
          const counts = usageCountsShown(line, usageInPart?.has(line.id) ?? false);
          return (
            <CardRow key={line.id}>
              {/* dir="auto": a description in Arabic or Hebrew reads from the right, as the PDF prints it. */}
              <CardCell column={LINE_COLUMN.description} dir="auto" className="line-description">
                {line.description}
                {line.kind === 'usage' && counts.calls !== null && (
                  <div className="muted small" data-testid="line-usage-counts">
                    {formatInteger(counts.calls)} {Math.abs(counts.calls) === 1 ? 'call' : 'calls'}
                    {counts.minutes !== null && ` · ${formatQuantity(counts.minutes)} min`}
                  </div>
                )}
                {line.kind === 'usage' && counts.partOf !== null && partOfText(counts.partOf) && (
                  <div className="muted small" data-testid="line-usage-counts">
                    {partOfText(counts.partOf)}
                  </div>
                )}
              </CardCell>
              {shown.period && (
                <CardCell column={LINE_COLUMN.period} blank={!lineRange}>
                  {lineRange}
                  {outside && (
                    <div className="warning small" data-testid="line-outside-period">
                      Outside this invoice&apos;s period
                    </div>
                  )}
                </CardCell>
              )}
              {/* On a phone the unit price follows the quantity, under one label. */}
              <CardCell column={LINE_COLUMN.qty} className="line-qty" label={unitPrice ? 'Qty × unit price' : 'Qty'} blank={counts.quantity === null}>
                {counts.quantity !== null && `${formatQuantity(counts.quantity)} ${unitAfter(counts.quantity, line.unit)}`}
              </CardCell>
              {shown.unitPrice && (
                <CardCell column={LINE_COLUMN.unitPrice} className="line-price" blank={!unitPrice}>
                  {unitPrice}
                </CardCell>
              )}
              <CardCell column={LINE_COLUMN.tax} className="line-tax">
                {formatDecimal(line.taxRate, 0)}
              </CardCell>
              <CardCell column={LINE_COLUMN.net} className="line-net">
                {formatAmount(totals.lines[i]?.net ?? '0', currency)}
              </CardCell>
              {(onEdit || onDelete) && (
                <CardCell column={LINE_COLUMN.actions} className="actions">
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
                </CardCell>
              )}
            </CardRow>
          );
        })}
      </PhoneCardsTable>
    </ScrollRegion>
  );
}
