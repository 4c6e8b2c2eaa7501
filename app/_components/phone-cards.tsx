import type { HTMLAttributes, ReactNode } from 'react';

/**
 * A table that on a phone shows each row as a card (globals.css phone-cards): its header row is
 * hidden from sight only, and a cell whose column has a label shows it before its value. It stays
 * a table for assistive technology, which names each cell by its column header; the roles are
 * spelled out, as a table laid out as a grid loses them in some browsers. Each table states its
 * columns once, and its header row and cells are drawn from them.
 */
export interface CardColumn {
  /** The column header's text: what a screen reader names each of its cells by. */
  header: string;
  /** What an abbreviated header stands for (ASR): the title of its `<abbr>`. */
  abbreviates?: string;
  /**
   * What its cells show before their values on a phone: the header's text (true), another (as
   * "Tax" before "20%"), or none (a cell that says what it is: a name, a date, buttons).
   */
  label?: boolean | string;
  /** Figures: aligned right. */
  numeric?: boolean;
  /** More than the header says, shown on pointing at it (as what the totals' Paid counts). */
  title?: string;
  /** A header for assistive technology alone (as "Actions" over a column of buttons). */
  hiddenHeader?: boolean;
  /** Its cells name their rows (`<th scope="row">`), as a package's name does. */
  rowHeader?: boolean;
}

type CellAttributes = Omit<HTMLAttributes<HTMLTableCellElement>, 'role' | 'children'>;

/** The header row: one column header for each column. */
function CardsHead({ columns }: { columns: readonly CardColumn[] }) {
  return (
    <thead role="rowgroup">
      <tr role="row">
        {columns.map(({ header, abbreviates, numeric, hiddenHeader, title }) => (
          <th key={header} scope="col" role="columnheader" className={numeric ? 'num' : undefined} title={title}>
            {hiddenHeader ? <span className="visually-hidden">{header}</span> : abbreviates ? <abbr title={abbreviates}>{header}</abbr> : header}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** The table, its header row drawn from `columns`; `children` are its rows (CardRow). */
export function PhoneCardsTable({
  columns,
  className,
  caption,
  testId,
  children,
}: {
  columns: readonly CardColumn[];
  /** Classes beside phone-cards: the table's look at a desk, and its own card layout. */
  className: string;
  /** Read by assistive technology alone. */
  caption?: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <table className={`${className} phone-cards`} role="table" data-testid={testId}>
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <CardsHead columns={columns} />
      <tbody role="rowgroup">{children}</tbody>
    </table>
  );
}

/** A row: on a phone a card. */
export function CardRow({ testId, children }: { testId?: string; children: ReactNode }) {
  return (
    <tr role="row" data-testid={testId}>
      {children}
    </tr>
  );
}

/**
 * A cell of `column`, labelled on a phone as the column says (or by `label`, for this row alone). A
 * `blank` cell, with nothing in it, stays a cell (the columns keep their places) but takes no room in a card.
 */
export function CardCell({
  column,
  label = column.label,
  blank = false,
  className,
  children,
  ...attributes
}: CellAttributes & { column: CardColumn; label?: boolean | string; blank?: boolean; children?: ReactNode }) {
  const classes = [column.numeric && 'num', className, blank && 'card-blank'].filter(Boolean).join(' ') || undefined;
  const dataLabel = label === true ? column.header : label || undefined;
  if (column.rowHeader) {
    return (
      <th scope="row" role="rowheader" className={classes} data-label={dataLabel} {...attributes}>
        {children}
      </th>
    );
  }
  return (
    <td role="cell" className={classes} data-label={dataLabel} {...attributes}>
      {children}
    </td>
  );
}
